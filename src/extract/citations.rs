//! Citations: every document the plan names, with kind, normalized number, date and
//! issuer; one entry per distinct document. Numbers come from
//! [`crate::text::docnum::find_doc_numbers`]; the kind from the number's type code
//! (`NQ` → Nghị quyết, `data/doc_kinds.tsv`) or the words before it; the date and
//! issuer from the words right after it ("ngày 15/7/2021 của Chính phủ").
//! Specific documents known by name and number without a symbol ("Đề án 06") are
//! kept too, with `number: null`.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::Citation;
use super::dates::date_at_start;
use super::fuzzy::{self, PhraseSet, Word};
use super::gazetteer::{Gazetteer, Kind};
use crate::resources;
use crate::text::docnum::find_doc_numbers;

/// Kinds of document, from `data/doc_kinds.tsv`.
#[derive(Debug)]
pub struct Kinds {
    by_code: HashMap<String, String>,
    phrases: PhraseSet<String>,
}

impl Kinds {
    pub fn parse(text: &str) -> Kinds {
        let mut by_code = HashMap::new();
        let mut phrases = PhraseSet::new();
        for row in resources::tsv_rows(text) {
            let Some(kind) = row.first().filter(|k| !k.is_empty()) else {
                continue;
            };
            for code in row.get(1).unwrap_or(&"").split(',') {
                let code = code.trim();
                if !code.is_empty() {
                    by_code.insert(code.to_uppercase(), kind.to_string());
                }
            }
            phrases.add(kind, kind.to_string());
            for alias in row.get(2).unwrap_or(&"").split(',') {
                phrases.add(alias.trim(), kind.to_string());
            }
        }
        Kinds { by_code, phrases }
    }

    pub fn shared() -> &'static Kinds {
        static K: OnceLock<Kinds> = OnceLock::new();
        K.get_or_init(|| Kinds::parse(&resources::load("doc_kinds.tsv")))
    }

    /// The kind a normalized number's type code names (`76/NQ-CP` → Nghị quyết).
    pub fn of_number(&self, number: &str) -> Option<&str> {
        number
            .split(['/', '-'])
            .find(|seg| seg.chars().any(char::is_alphabetic))
            .map(|seg| crate::text::fold::fold(seg).to_uppercase())
            .and_then(|code| self.by_code.get(&code))
            .map(String::as_str)
    }

    /// The kind (canonical label) for a folded phrase such as "chuong trinh".
    pub fn of_phrase(&self, phrase: &str) -> Option<String> {
        let ws = fuzzy::words(phrase, false);
        self.phrases
            .find_all(&ws, false)
            .into_iter()
            .find(|f| f.first == 0 && f.last == ws.len())
            .map(|f| f.payload.clone())
    }
}

/// Issuers, from `data/issuers.tsv`: (canonical, folded alias word lists).
fn issuers() -> &'static Vec<(String, Vec<String>)> {
    static I: OnceLock<Vec<(String, Vec<String>)>> = OnceLock::new();
    I.get_or_init(|| {
        let text = resources::load("issuers.tsv");
        let mut out = Vec::new();
        for row in resources::tsv_rows(&text) {
            let Some(canon) = row.first().filter(|c| !c.is_empty()) else {
                continue;
            };
            let mut forms = vec![fuzzy::key(canon, false)];
            for a in row.get(1).unwrap_or(&"").split(',') {
                if !a.trim().is_empty() {
                    forms.push(fuzzy::key(a, false));
                }
            }
            for f in forms {
                out.push((
                    canon.to_string(),
                    f.split(' ').map(str::to_string).collect(),
                ));
            }
        }
        // Longest aliases first, so "thủ tướng chính phủ" beats "chính phủ".
        out.sort_by_key(|(_, f): &(String, Vec<String>)| std::cmp::Reverse(f.len()));
        out
    })
}

/// Whether a folded word is "của" as written or as OCR reads it ("ctia", "cia", "caa").
fn is_cua(w: &str) -> bool {
    let n = w.chars().count();
    w.starts_with('c')
        && w.ends_with('a')
        && (2..=5).contains(&n)
        && w != "ca"
        && !w.starts_with("ch")
}

/// Words that end the issuer part of a citation.
fn stops_issuer(w: &str) -> bool {
    matches!(
        w,
        "ve" | "ban" | "phe" | "quy" | "thuc" | "trien" | "va" | "tai" | "theo"
    )
}

/// The issuer named in `ws` (the words after "của"), and how many words it spans.
fn issuer_in(ws: &[Word], ocr: bool) -> Option<(String, usize)> {
    let folded: Vec<&str> = ws.iter().map(Word::folded).collect();
    // Allow a few leading words ("Hội nghị lần thứ 6 …").
    for skip in 0..folded.len().min(7) {
        for (canon, form) in issuers() {
            let k = form.len();
            if skip + k > folded.len() {
                continue;
            }
            let seen = folded[skip..skip + k].join(" ");
            let want = form.join(" ");
            let ok = seen == want || (ocr && k >= 2 && fuzzy::ocr_phrase_close(&seen, &want));
            if ok {
                let mut name = canon.clone();
                let mut used = skip + k;
                // "UBND tỉnh" + a gazetteer name.
                if let Some(kind) = place_kind(canon)
                    && let Some((pname, n)) = place_after(&folded[used..], kind)
                {
                    name = format!("{name} {pname}");
                    used += n;
                }
                return Some((name, used));
            }
        }
        if stops_issuer(folded[skip]) {
            break;
        }
    }
    None
}

fn place_kind(canon: &str) -> Option<Kind> {
    let f = crate::text::fold::fold(canon);
    // "Tỉnh ủy Nghệ An", "Ban Thường vụ Tỉnh ủy Nghệ An": the province when written.
    if f.ends_with("tinh") || f.ends_with("tinh uy") {
        Some(Kind::Province)
    } else if f.ends_with("huyen") || f.ends_with("quan") || f.ends_with("thi xa") {
        Some(Kind::District)
    } else if f.ends_with("thanh pho") {
        Some(Kind::Province).or(Some(Kind::District))
    } else if f.ends_with(" xa") || f.ends_with("phuong") || f.ends_with("thi tran") {
        Some(Kind::Commune)
    } else {
        None
    }
}

/// A gazetteer name of `kind` at the start of `words` (longest first, up to 4 words).
pub fn place_after(words: &[&str], kind: Kind) -> Option<(String, usize)> {
    let g = Gazetteer::shared();
    for n in (1..=words.len().min(4)).rev() {
        let name = words[..n].join(" ");
        let hit = g.by_name(&name).find(|(_, p)| {
            p.kind == kind || (kind == Kind::Province && p.kind == Kind::District && n > 1)
        });
        if let Some((_, p)) = hit {
            return Some((p.name.clone(), n));
        }
    }
    None
}

/// All citations in `text` after byte `from` (the header's own number is not one).
pub fn citations(text: &str, from: usize, ocr: bool) -> Vec<Citation> {
    citations_in(text, &fuzzy::words(text, ocr), from, ocr)
}

/// [`citations`] with the text's words already computed.
pub fn citations_in(text: &str, ws: &[Word], from: usize, ocr: bool) -> Vec<Citation> {
    let kinds = Kinds::shared();
    let mut out: Vec<Citation> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let numbers = find_doc_numbers(text);
    for m in numbers.iter().filter(|m| m.start >= from) {
        let before_start = crate::extract::floor_boundary(text, m.start.saturating_sub(60));
        let before = &text[before_start..m.start];
        let (kind_before, kind_at) = kind_before_number(before, ocr);
        // A Party "…-QĐ/TW" is a Quy định or a Quyết định: the words before it tell.
        let kind = match kind_before {
            Some(k) if k == "Quy định" => Some(k),
            before => kinds
                .of_number(&m.normalized)
                .map(str::to_string)
                .or(before),
        };
        let start = kind_at.map_or(m.start, |k| before_start + k);
        let (date, issuer, end) = tail(text, m.end, ocr);
        let c = Citation {
            kind,
            number: Some(m.normalized.clone()),
            date,
            issuer,
            name: None,
            text: super::text::tidy(&text[start..end]),
        };
        push(&mut out, &mut index, c, m.normalized.to_lowercase());
    }
    // Named documents without a symbol: "Đề án 06", "Chương trình 135".
    for f in kinds.phrases.find_all(ws, ocr) {
        if ws[f.first].start < from {
            continue;
        }
        let mut j = f.last;
        if j < ws.len() && is_so(ws[j].folded()) {
            j += 1;
        }
        let Some(w) = ws.get(j) else { continue };
        let num = &text[w.start..w.end];
        let after = &text[w.end..crate::extract::floor_boundary(text, (w.end + 3).min(text.len()))];
        let gap = &text[ws[j - 1].end..w.start];
        let next_is_digit = text[w.end..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit());
        // "Kế hoạch 5 năm": a period, not a document's number.
        let period = ws
            .get(j + 1)
            .is_some_and(|n| matches!(n.folded(), "nam" | "thang" | "ngay"));
        if num.len() > 3
            || !num.chars().all(|c| c.is_ascii_digit())
            || num.chars().all(|c| c == '0')
            || next_is_digit
            || period
            || after.starts_with(['/', '-', '–'])
            || (after.starts_with(['.', ','])
                && after[1..].starts_with(|c: char| c.is_ascii_digit()))
            || gap.contains(['\n', ';', ','])
        {
            continue;
        }
        let (date, issuer, end) = tail(text, w.end, ocr);
        let kind = f.payload.clone();
        let c = Citation {
            kind: Some(kind.clone()),
            number: None,
            date,
            issuer,
            name: None,
            text: super::text::tidy(&text[ws[f.first].start..end]),
        };
        let key = format!("{} {num}", crate::text::fold::fold(&kind));
        push(&mut out, &mut index, c, key);
    }
    for c in laws(text, ws, from, ocr) {
        let key = format!("luat {}", fuzzy::key(c.name.as_deref().unwrap_or(""), ocr));
        push(&mut out, &mut index, c, key);
    }
    out
}

/// Words that end a law's name as cited ("Luật Ngân sách nhà nước và các văn bản …",
/// "Luật Thi đua, khen thưởng ngày 15/6/2022").
fn ends_law_name(w: &str) -> bool {
    matches!(
        w,
        "va" | "cua"
            | "ngay"
            | "so"
            | "da"
            | "duoc"
            | "co"
            | "de"
            | "theo"
            | "tai"
            | "nhu"
            | "trong"
            | "cac"
            | "voi"
            | "sua"
            | "nam"
    )
}

/// Laws cited by their title, without a number ("Luật Tổ chức chính quyền địa
/// phương", "Bộ luật Lao động"): kind Luật, number null, the title as `name`. The
/// title opens with a capital after "Luật" and ends at a date, a clause ("và", "của",
/// "về" …) or punctuation; a comma goes on only into a short lower-case tail
/// ("Luật Thi đua, khen thưởng").
fn laws(text: &str, ws: &[Word], from: usize, ocr: bool) -> Vec<Citation> {
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        if w.start < from || w.folded() != "luat" {
            continue;
        }
        let written = &text[w.start..w.end];
        let bo_luat = i > 0 && ws[i - 1].folded() == "bo" && text[ws[i - 1].end..w.start] == *" ";
        // "Luật" as a title opens with a capital; "Bộ luật" may not.
        if !(written.starts_with('L') || bo_luat) {
            continue;
        }
        // "Trường Đại học Luật", "ngành Luật": the field, not a law.
        if i > 0 && matches!(ws[i - 1].folded(), "hoc" | "nganh" | "du") && !bo_luat {
            continue;
        }
        let Some(first) = ws.get(i + 1) else { continue };
        if !text[w.end..first.start].trim().is_empty()
            || !text[first.start..].starts_with(char::is_uppercase)
        {
            continue;
        }
        let mut last = i + 1;
        let mut j = i + 2;
        while j < ws.len() && j - i <= 12 {
            let gap = &text[ws[j - 1].end..ws[j].start];
            let word = ws[j].folded();
            if gap.contains('\n') && gap.matches('\n').count() > 1 {
                break;
            }
            let gap_t = gap.trim();
            if gap_t == "," {
                // Only a short lower-case tail goes on after a comma.
                let tail_ok = text[ws[j].start..].starts_with(char::is_lowercase)
                    && !ends_law_name(word)
                    && ws.get(j + 1).is_none_or(|n| {
                        let g = text[ws[j].end..n.start].trim();
                        !g.is_empty() || ends_law_name(n.folded()) || {
                            ws.get(j + 2).is_none_or(|m| {
                                let g2 = text[n.end..m.start].trim();
                                !g2.is_empty() || ends_law_name(m.folded())
                            })
                        }
                    });
                if !tail_ok {
                    break;
                }
            } else if !gap_t.is_empty() && gap_t != "-" {
                break;
            }
            if ends_law_name(word) || word.chars().all(|c| c.is_ascii_digit()) {
                break;
            }
            last = j;
            j += 1;
        }
        let start = if bo_luat { ws[i - 1].start } else { w.start };
        let name = super::text::tidy(&text[start..ws[last].end]);
        // The date that may follow ("… ngày 16 tháng 6 năm 2025").
        let (date, issuer, end) = tail(text, ws[last].end, ocr);
        out.push(Citation {
            kind: Some("Luật".to_string()),
            number: None,
            date,
            issuer,
            name: Some(name),
            text: super::text::tidy(&text[start..end.max(ws[last].end)]),
        });
    }
    out
}

fn push(out: &mut Vec<Citation>, index: &mut HashMap<String, usize>, c: Citation, key: String) {
    match index.get(&key) {
        Some(&i) => {
            let e = &mut out[i];
            if e.date.is_none() {
                e.date = c.date;
            }
            if e.issuer.is_none() {
                e.issuer = c.issuer;
            }
            if e.kind.is_none() {
                e.kind = c.kind;
            }
            if e.name.is_none() {
                e.name = c.name;
            }
        }
        None => {
            index.insert(key, out.len());
            out.push(c);
        }
    }
}

/// "số" as written or OCR-read ("s6", "sb", "sé6", "so").
fn is_so(w: &str) -> bool {
    matches!(
        w,
        "so" | "s6" | "sb" | "se6" | "s" | "sd" | "s0" | "se" | "so6"
    )
}

/// The kind named just before a number ("Nghị quyết số"), and its byte offset in
/// `before`.
fn kind_before_number(before: &str, ocr: bool) -> (Option<String>, Option<usize>) {
    let ws = fuzzy::words(before, ocr);
    let found = Kinds::shared().phrases.find_all(&ws, ocr);
    let mut last = found.into_iter().filter(|f| {
        let rest: Vec<&str> = ws[f.last..].iter().map(Word::folded).collect();
        rest.is_empty() || (rest.len() == 1 && is_so(rest[0]))
    });
    match last.next_back() {
        Some(f) => (Some(f.payload.clone()), Some(ws[f.first].start)),
        None => (None, None),
    }
}

/// Date and issuer following a number at byte `at`: (date, issuer, end of span).
fn tail(text: &str, at: usize, ocr: bool) -> (Option<String>, Option<String>, usize) {
    let window_end = crate::extract::floor_boundary(text, (at + 220).min(text.len()));
    let window = &text[at..window_end];
    // The citation ends at the first ';' or a new line item.
    let stop = window
        .find([';', '“', '"'])
        .or_else(|| window.find("\n-"))
        .or_else(|| window.find("\n+"))
        .unwrap_or(window.len());
    let window = &window[..stop];
    let mut pos = 0;
    let mut date = None;
    if let Some(d) = date_at_start(window) {
        date = d.iso;
        pos = d.end;
    }
    let mut end = at + pos;
    let ws = fuzzy::words(&window[pos..], ocr);
    let mut issuer = None;
    if let Some(first) = ws.first() {
        // "… của Chính phủ", or the issuer right after the number ("01-NQ/TU Tỉnh ủy").
        let found = if is_cua(first.folded()) {
            issuer_in(&ws[1..], ocr).map(|(name, n)| (name, n + 1))
        } else {
            issuer_in(&ws[..ws.len().min(4)], ocr).filter(|(_, n)| *n <= 4)
        };
        if let Some((name, n)) = found {
            issuer = Some(name);
            end = at + pos + ws[n - 1].end;
        }
    }
    (date, issuer, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, ocr: bool) -> Citation {
        let c = citations(text, 0, ocr);
        assert_eq!(c.len(), 1, "{text}: {c:?}");
        c.into_iter().next().unwrap()
    }

    #[test]
    fn reads_citations() {
        type Case<'a> = (
            &'a str,
            bool,
            &'a str,
            &'a str,
            Option<&'a str>,
            Option<&'a str>,
        );
        let cases: &[Case<'_>] = &[
            (
                "+ Nghi quyét s6 76/NQ-CP ngay 15 thang 7 ndm 2021 cua Chinh phi ban hanh",
                true,
                "Nghị quyết",
                "76/NQ-CP",
                Some("2021-07-15"),
                Some("Chính phủ"),
            ),
            (
                "Quyết định số 225/QĐ-TTg ngày 04 tháng 02 năm 2016 của Thủ tướng Chính phủ phê duyệt",
                false,
                "Quyết định",
                "225/QĐ-TTg",
                Some("2016-02-04"),
                Some("Thủ tướng Chính phủ"),
            ),
            (
                "Kế hoạch số 23/KH-UBND ngày 03 tháng 01 năm 2020 của UBND huyện Mộc Châu về tuyên truyền",
                false,
                "Kế hoạch",
                "23/KH-UBND",
                Some("2020-01-03"),
                Some("UBND huyện Mộc Châu"),
            ),
            (
                "Chương trình hành động số 34/CTr-UBND ngày 15/12/2021 của UBND tỉnh thực hiện",
                false,
                "Chương trình",
                "34/CTR-UBND",
                Some("2021-12-15"),
                Some("UBND tỉnh"),
            ),
            (
                "Nghi quyét sd 19-NQ/TW, ngay 25/10/2017 cua Hoi nghi lan thtr 6 Ban Chép hanh Trung uong Pang khoa XII",
                true,
                "Nghị quyết",
                "19-NQ/TW",
                Some("2017-10-25"),
                Some("Ban Chấp hành Trung ương"),
            ),
            (
                "Dé an 06 “Phdt trién ung dung",
                true,
                "Đề án",
                "",
                None,
                None,
            ),
        ];
        for &(text, ocr, kind, number, date, issuer) in cases {
            let c = one(text, ocr);
            assert_eq!(c.kind.as_deref(), Some(kind), "{text}");
            assert_eq!(c.number.as_deref().unwrap_or(""), number, "{text}");
            assert_eq!(c.date.as_deref(), date, "{text}");
            assert_eq!(c.issuer.as_deref(), issuer, "{text}");
        }
    }

    #[test]
    fn one_entry_per_document() {
        let t = "Kế hoạch số 19/KH-UBND ngày 25/01/2022 về CCHC; Kế hoạch số 19/KH-UBND ngày 25/01/2022 của UBND huyện.";
        let c = citations(t, 0, false);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].issuer.as_deref(), Some("UBND huyện"));
    }

    #[test]
    fn laws_cited_by_title() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
                &["Luật Tổ chức chính quyền địa phương"],
            ),
            (
                "theo Luật Thi đua, khen thưởng ngày 15/6/2022 và Luật Thi đua khen thưởng và Luật Ngân sách Nhà nước.",
                &["Luật Thi đua, khen thưởng", "Luật Ngân sách Nhà nước"],
            ),
            (
                "nhất là: Luật Bảo vệ bí mật nhà nước, Luật An ninh mạng, Chỉ thị",
                &["Luật Bảo vệ bí mật nhà nước", "Luật An ninh mạng"],
            ),
            ("theo Bộ luật Lao động năm 2019;", &["Bộ luật Lao động"]),
            // Not laws: the field of study, the common noun.
            ("có trình độ đại học Luật trở lên; pháp luật về bảo vệ", &[]),
            ("Kế hoạch 5 năm (2021 - 2025)", &[]),
        ];
        for (text, want) in cases {
            let got: Vec<String> = citations(text, 0, false)
                .into_iter()
                .filter_map(|c| c.name)
                .collect();
            assert_eq!(got, *want, "{text}");
            assert!(
                citations(text, 0, false)
                    .iter()
                    .all(|c| c.kind.as_deref() == Some("Luật") && c.number.is_none()),
                "{text}"
            );
        }
        let c = one("Căn cứ Luật Cán bộ, công chức ngày 13/11/2008;", false);
        assert_eq!(c.date.as_deref(), Some("2008-11-13"));
    }

    #[test]
    fn kinds_and_issuers_of_party_documents() {
        let cases = [
            (
                "Quy định số 178-QĐ/TW ngày 27/6/2024 của Bộ Chính trị về kiểm soát",
                "Quy định",
                "Bộ Chính trị",
            ),
            (
                "Quyết định số 99-QĐ/TW ngày 03/10/2017 của Ban Bí thư về",
                "Quyết định",
                "Ban Bí thư",
            ),
            (
                "Kế hoạch số 321-KH/TU ngày 11/4/2025 của Tỉnh ủy Nghệ An về triển khai",
                "Kế hoạch",
                "Tỉnh ủy Nghệ An",
            ),
            (
                "Kế hoạch số 469-KH/TU ngày 16/5/2025 của Tỉnh ủy về triển khai",
                "Kế hoạch",
                "Tỉnh ủy",
            ),
        ];
        for (text, kind, issuer) in cases {
            let c = one(text, false);
            assert_eq!(c.kind.as_deref(), Some(kind), "{text}");
            assert_eq!(c.issuer.as_deref(), Some(issuer), "{text}");
        }
    }
}
