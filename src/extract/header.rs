//! The header and the closing of a plan: document type, number, title, date line
//! and place, issuer and level, signer and recipients ("Nơi nhận").
//!
//! Scanned headers put two columns on one line ("UY BAN NHAN DAN CONG HOA XA HOI …",
//! "XA GIAO LONG Độc lập - Tự do - Hạnh phúc"), so the right column (national motto)
//! is cut off before the issuer is read from the left one. Plans without an issuer
//! block name themselves in the preamble ("UBND xã Chiềng Sơn ban hành kế hoạch").

use std::sync::OnceLock;

use regex::Regex;

use super::citations::{Kinds, place_after};
use super::dates::find_dates;
use super::fuzzy::{self, fold_word};
use super::gazetteer::{Gazetteer, Kind};
use super::text::{Line, clean_line, lines, tidy};
use crate::text::docnum::find_doc_numbers;
use crate::text::fold::fold;

/// What the header says.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Header {
    pub doc_type: Option<String>,
    pub doc_number: Option<String>,
    pub title: Option<String>,
    pub issued_date: Option<String>,
    /// Year on the date line, even when day or month are unreadable.
    pub date_year: Option<i32>,
    pub place: Option<String>,
    pub issuer: Option<String>,
    pub level: Option<String>,
    /// The issuer's own administrative unit (kind and proper name), for places.
    pub issuer_place: Option<(Kind, String)>,
    /// The province named in the issuer block ("UBND TỈNH LẠNG SƠN / SỞ …").
    pub parent_province: Option<String>,
    /// Byte offset where the body (preamble) starts: after the title.
    pub body_start: usize,
}

/// Administrative type words (folded), their spelling and tier.
const TYPES: &[(&str, &str, &str, Kind)] = &[
    ("thi tran", "thị trấn", "xa", Kind::Commune),
    ("thi xa", "thị xã", "huyen", Kind::District),
    ("thanh pho", "thành phố", "huyen", Kind::District),
    ("tp", "thành phố", "huyen", Kind::District),
    ("xa", "xã", "xa", Kind::Commune),
    ("phuong", "phường", "xa", Kind::Commune),
    ("huyen", "huyện", "huyen", Kind::District),
    ("quan", "quận", "huyen", Kind::District),
    ("tinh", "tỉnh", "tinh", Kind::Province),
];

fn motto_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(cong hoa|chu nghia viet|\S+ \S+ ?- ?t\S{0,2} do|doc lap|hanh ph)")
            .expect("motto")
    })
}

/// The left column of a header line: cut where the motto or republic name begins.
fn left_column(line: &str) -> &str {
    let f = fold(line);
    let cut = motto_re().find(&f).map(|m| m.start());
    match cut {
        Some(c) if f.len() == line.len() => &line[..c],
        Some(c) => {
            // Map folded offset back by char count.
            let n = f[..c].chars().count();
            let b = line.char_indices().nth(n).map_or(line.len(), |(i, _)| i);
            &line[..b]
        }
        None => line,
    }
}

/// The document type named by a line standing alone ("KẾ HOẠCH", "KE HOACH").
fn doc_type_line(clean: &str) -> Option<String> {
    let k = fuzzy::key(clean, true);
    if k.is_empty() || k.split(' ').count() > 3 {
        return None;
    }
    let letters: Vec<char> = clean.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    if upper * 2 < letters.len() {
        return None;
    }
    Kinds::shared().of_phrase(&k)
}

/// The name after a type word in folded words, restored through the gazetteer.
fn restore_place(words: &[&str], kind: Kind) -> Option<String> {
    place_after(words, kind)
        .filter(|(_, n)| *n == words.len())
        .map(|(p, _)| p)
}

/// Reads "UBND xã Giao Long" (folded words) into issuer, level and place.
/// Issuer name, level, and the issuer's own administrative unit.
type IssuerReading = (String, String, Option<(Kind, String)>);

fn issuer_from_words(ws: &[&str]) -> Option<IssuerReading> {
    let rest: &[&str] = if ws.first() == Some(&"ubnd") {
        &ws[1..]
    } else if ws.len() >= 3 && ws[..3] == ["uy", "ban", "nhan"] {
        &ws[4.min(ws.len())..]
    } else {
        return None;
    };
    let joined = rest.join(" ");
    for &(f, spelled, level, kind) in TYPES {
        if joined == f || joined.starts_with(&format!("{f} ")) {
            let name_words: Vec<&str> = rest[f.split(' ').count()..].to_vec();
            let g = Gazetteer::shared();
            let name = restore_place(&name_words, kind).or_else(|| {
                (kind == Kind::District)
                    .then(|| restore_place(&name_words, Kind::Province))
                    .flatten()
            });
            let mut level = level.to_string();
            if f == "thanh pho"
                && let Some(n) = &name
                && g.province(n).is_some()
            {
                level = "tinh".into();
            }
            let place_kind = if level == "tinh" {
                Kind::Province
            } else {
                kind
            };
            let issuer = match &name {
                Some(n) => format!("UBND {spelled} {n}"),
                None if name_words.is_empty() => format!("UBND {spelled}"),
                None => return None,
            };
            return Some((issuer, level, name.map(|n| (place_kind, n))));
        }
    }
    None
}

/// Parses the header of `text`.
pub fn header(text: &str, ocr: bool) -> Header {
    let all = lines(text);
    let mut h = Header::default();
    let head: Vec<&Line<'_>> = all.iter().take(40).collect();
    // Document type line.
    let type_idx = head.iter().position(|l| doc_type_line(l.clean).is_some());
    if let Some(t) = type_idx {
        h.doc_type = doc_type_line(head[t].clean);
    }
    let limit = type_idx.unwrap_or(head.len().min(12));
    // Number and date line: before the type line (or in the first lines).
    let header_end = head.get(limit).map_or(text.len(), |l| l.start);
    let header_text = &text[..header_end.min(text.len())];
    // Header lines are short; a long line is body text (or not a plan at all).
    let short_end = head[..limit.min(head.len())]
        .iter()
        .position(|l| l.raw.len() > 300)
        .map_or(header_end, |i| head[i].start);
    let header_text = &header_text[..short_end.min(header_text.len())];
    if let Some(n) = find_doc_numbers(header_text).into_iter().next() {
        h.doc_number = Some(n.normalized);
    }
    let mut date_line: Option<usize> = None;
    if let Some(d) = find_dates(header_text).into_iter().next() {
        h.issued_date = d.iso.clone();
        h.date_year = d.year;
        // Place: what precedes "ngày" on its line, after any number.
        let line_start = header_text[..d.start].rfind('\n').map_or(0, |p| p + 1);
        date_line = head.iter().position(|l| l.start == line_start);
        let mut before = &header_text[line_start..d.start];
        if let Some(n) = find_doc_numbers(before).into_iter().last() {
            before = &before[n.end..];
        }
        let before = clean_line(before.trim_start_matches(|c: char| !c.is_alphabetic()));
        let before = before.trim_end_matches(|c: char| c == ',' || c.is_whitespace());
        h.place = place_name(before);
    }
    // Title: lines after the type line up to a blank line or the preamble.
    if let Some(t) = type_idx {
        let mut parts: Vec<&str> = Vec::new();
        let mut end = head[t].end;
        for l in all.iter().skip(t + 1) {
            let k = fold(l.clean);
            let opener = ["can cu", "thuc hien", "cin ctr", "thyc hien"]
                .iter()
                .any(|o| k.starts_with(o));
            if l.clean.is_empty() {
                if parts.is_empty() {
                    continue;
                }
                break;
            }
            if opener || parts.len() >= 4 {
                break;
            }
            parts.push(l.clean);
            end = l.end;
        }
        if !parts.is_empty() {
            h.title = Some(tidy(&parts.join(" ")));
        }
        h.body_start = end;
    }
    // Issuer block: left column of the lines before the number/date line.
    let number_line = head
        .iter()
        .position(|l| !find_doc_numbers(l.raw).is_empty());
    let block_end = [date_line, number_line, Some(limit)]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(limit);
    let pieces: Vec<String> = head[..block_end]
        .iter()
        .map(|l| tidy(left_column(clean_line(l.raw))))
        .filter(|p| !p.is_empty())
        .collect();
    if !pieces.is_empty() {
        read_issuer_block(&pieces, ocr, &mut h);
    }
    if h.issuer.is_none() {
        issuer_from_preamble(text, &mut h, ocr);
    }
    h
}

/// Strips a type word from a date-line place and restores its spelling.
fn place_name(raw: &str) -> Option<String> {
    if raw.is_empty() || raw.chars().count() > 40 {
        return None;
    }
    let k = fuzzy::key(raw, true);
    let mut ws: Vec<&str> = k.split(' ').collect();
    for &(f, ..) in TYPES {
        let n = f.split(' ').count();
        if ws.len() > n && ws[..n].join(" ") == f {
            ws.drain(..n);
            break;
        }
    }
    let g = Gazetteer::shared();
    if let Some((_, p)) = g.by_name(&ws.join(" ")).next() {
        return Some(p.name.clone());
    }
    let written: Vec<&str> = raw.split_whitespace().collect();
    Some(written[written.len().saturating_sub(ws.len())..].join(" "))
}

fn read_issuer_block(pieces: &[String], ocr: bool, h: &mut Header) {
    // Drop rules ("-------") and rejoin a name wrapped inside "ỦY BAN NHÂN / DÂN".
    let mut merged: Vec<String> = Vec::new();
    for p in pieces {
        let k = fuzzy::key(p, ocr);
        if k.is_empty() {
            continue;
        }
        match merged.last_mut() {
            Some(last)
                if {
                    let lk = fuzzy::key(last, ocr);
                    lk != "uy ban nhan dan" && "uy ban nhan dan".starts_with(&lk)
                } =>
            {
                last.push(' ');
                last.push_str(p);
            }
            _ => merged.push(p.clone()),
        }
    }
    let pieces = &merged[..];
    let keys: Vec<String> = pieces.iter().map(|p| fuzzy::key(p, ocr)).collect();
    // A UBND line alone ("ỦY BAN NHÂN DÂN") continues on the next ("XÃ GIAO LONG").
    let mut units: Vec<(String, String)> = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let (mut raw, mut key) = (pieces[i].clone(), keys[i].clone());
        let bare_ubnd = key == "uy ban nhan dan" || key == "ubnd";
        while i + 1 < pieces.len()
            && (bare_ubnd && units.is_empty() || starts_lower_or_conj(&keys[i + 1]))
        {
            i += 1;
            raw = format!("{raw} {}", pieces[i]);
            key = format!("{key} {}", keys[i]);
            if bare_ubnd {
                break;
            }
        }
        units.push((raw, key));
        i += 1;
    }
    let Some((_, parent_key)) = units.first() else {
        return;
    };
    let parent = issuer_from_words(&parent_key.split(' ').collect::<Vec<_>>());
    if units.len() >= 2 {
        // "UBND TỈNH LẠNG SƠN" / "SỞ LAO ĐỘNG - …": the issuer is the second unit.
        let (raw, key) = &units[1];
        if let Some((_, _, Some((Kind::Province, p)))) = &parent {
            h.parent_province = Some(p.clone());
        }
        let level = if key.starts_with("so ") || key.starts_with("ban ") {
            "so"
        } else if key.starts_with("phong ") {
            "huyen"
        } else {
            "so"
        };
        if let Some(u) = super::units::normalize(raw, ocr) {
            h.issuer = Some(u.name);
            h.level = Some(level.into());
        }
        return;
    }
    if let Some((issuer, level, place)) = parent {
        h.issuer = Some(issuer);
        h.level = Some(level);
        h.issuer_place = place;
    } else if parent_key.starts_with("bo ") {
        h.issuer = Some(tidy(&units[0].0));
        h.level = Some("bo".into());
    }
}

/// Whether a header piece continues the previous one ("VA XA HOI").
fn starts_lower_or_conj(key: &str) -> bool {
    key.starts_with("va ") || key.starts_with("- ")
}

fn preamble_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"\b(?:ubnd|uy ban nhan dan)\s+(thi tr\w{1,3}n|thi xa|thanh pho|xa|phuong|huyen|quan|tinh)\b((?:\s+\w+){0,4}?)\s+(?:ban hanh|xay dung|trien khai)\b",
        )
        .expect("preamble")
    })
}

/// "UBND xã Chiềng Sơn ban hành kế hoạch …" in the preamble names the issuer.
fn issuer_from_preamble(text: &str, h: &mut Header, ocr: bool) {
    let start = crate::extract::floor_boundary(text, h.body_start.min(text.len()));
    let end = crate::extract::floor_boundary(text, (start + 3000).min(text.len()));
    let words: Vec<String> = fuzzy::words(&text[start..end], ocr)
        .into_iter()
        .map(|w| w.alts[0].clone())
        .collect();
    let joined = words.join(" ");
    // The first "UBND … ban hành" that is not a cited issuer ("của UBND xã về ban hành").
    for c in preamble_re().captures_iter(&joined) {
        let at = c.get(0).expect("match").start();
        if joined[..at].ends_with("cua ") {
            continue;
        }
        if issuer_from_capture(&c, h) {
            return;
        }
    }
}

fn issuer_from_capture(c: &regex::Captures<'_>, h: &mut Header) -> bool {
    let typ = if c[1].starts_with("thi tr") {
        "thi tran".to_string()
    } else {
        c[1].to_string()
    };
    let mut ws: Vec<String> = vec!["ubnd".into()];
    ws.extend(typ.split(' ').map(str::to_string));
    let name: Vec<&str> = c[2].split_whitespace().collect();
    if name.is_empty() {
        // "UBND huyện xây dựng …": the place of the date line names it.
        if let Some(p) = &h.place {
            ws.extend(fuzzy::key(p, false).split(' ').map(str::to_string));
        }
    } else {
        ws.extend(name.iter().map(|s| s.to_string()));
    }
    let refs: Vec<&str> = ws.iter().map(String::as_str).collect();
    if let Some((issuer, level, place)) = issuer_from_words(&refs)
        && place.is_some()
    {
        h.issuer = Some(issuer);
        h.level = Some(level);
        h.issuer_place = place;
        return true;
    }
    false
}

/// Common Vietnamese family names (folded), to tell a signer's name from a title.
const SURNAMES: &[&str] = &[
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do",
    "ho", "ngo", "duong", "ly", "dinh", "doan", "trinh", "luong", "mai", "cao", "lam", "ta", "ha",
    "chu", "truong", "dao", "luu", "to", "quach", "thai", "kieu", "la", "trieu", "lo", "hua", "vi",
    "luc", "phung", "nong", "tang", "mac", "than", "khong", "giang", "chau", "bach", "kim", "lai",
    "tong", "van", "au", "diep", "tieu", "ong", "khuat", "ninh",
];

fn is_name(s: &str) -> bool {
    let ws: Vec<&str> = s.split_whitespace().collect();
    if !(2..=5).contains(&ws.len()) {
        return false;
    }
    let caps = ws.iter().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
    });
    let all_upper = ws.iter().all(|w| w.chars().all(char::is_uppercase));
    caps && !all_upper && SURNAMES.contains(&fold(ws[0]).as_str())
}

/// The signer: the last personal name in the closing block (before any appendix).
pub fn signer(text: &str, ocr: bool) -> Option<String> {
    let all = lines(text);
    let from = all
        .iter()
        .rposition(|l| {
            let f = fold(l.clean);
            f.starts_with("noi nhan")
                || f.starts_with("noi nhgn")
                || f.starts_with("tm.")
                || f.starts_with("kt.")
        })
        .unwrap_or(all.len().saturating_sub(60));
    let appendix = all[from..]
        .iter()
        .position(|l| {
            let f = fold(l.clean);
            f.starts_with("phu luc")
        })
        .map_or(all.len(), |p| from + p);
    let mut found = None;
    for l in &all[from..appendix] {
        let mut c = tidy(l.clean);
        if let Some((label, rest)) = c.split_once(':')
            && fold(label).starts_with("ky b")
        {
            c = rest.trim().to_string();
        }
        if is_name(&c) {
            found = Some(c);
        }
    }
    found.map(|n| if ocr { restore_ocr_name(&n) } else { n })
}

/// OCR's `w` stands for `ư` (Vietnamese has no `w`).
fn restore_ocr_name(n: &str) -> String {
    n.split(' ')
        .map(|w| {
            if fold_word(w, false).contains('w') {
                w.replace('w', "ư").replace('W', "Ư")
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Purpose notes that may follow a recipient, folded (`data/recipient_notes.tsv`).
fn recipient_notes() -> &'static Vec<String> {
    static N: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    N.get_or_init(|| {
        crate::resources::tsv_rows(&crate::resources::load("recipient_notes.tsv"))
            .filter_map(|r| r.first().map(|n| note_key(n)))
            .filter(|n| !n.is_empty())
            .collect()
    })
}

fn note_key(s: &str) -> String {
    fold(s)
        .split(|c: char| c.is_whitespace() || c == '.')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A recipient without the purpose notes after it ("Bộ Tư pháp (b/c)" → "Bộ Tư
/// pháp"); another aside ("Bộ Công an (qua Cục A03)") is kept.
fn strip_note(item: &str) -> &str {
    let mut s = item.trim_end();
    while s.ends_with(')') {
        let Some(open) = s.rfind('(') else { break };
        let note = note_key(&s[open + 1..s.len() - 1]);
        if !recipient_notes().contains(&note) {
            break;
        }
        s = s[..open].trim_end();
    }
    s
}

/// Recipients listed under "Nơi nhận", as written, without the archive line and
/// without purpose notes ("(b/c)", "(để thực hiện)").
pub fn recipients(text: &str) -> Vec<String> {
    let all = lines(text);
    let Some(start) = all.iter().rposition(|l| {
        let f = fold(l.clean);
        f.starts_with("noi nhan") || f.starts_with("noi nhgn")
    }) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let first_rest = all[start]
        .clean
        .split_once(':')
        .map_or("", |(_, r)| r)
        .trim();
    let mut items: Vec<&str> = Vec::new();
    if first_rest.starts_with(['-', '_', '+', '•']) {
        items.push(first_rest);
    }
    let mut blank_run = 0;
    let mut owned: Vec<String> = items.iter().map(|s| s.to_string()).collect();
    for l in &all[start + 1..] {
        let c = l.raw.trim();
        if c.is_empty() {
            blank_run += 1;
            if blank_run > 2 {
                break;
            }
            continue;
        }
        blank_run = 0;
        let bullet = c.starts_with(['-', '_', '+', '•']);
        let lower = c.chars().next().is_some_and(char::is_lowercase);
        if !bullet && (is_name(&tidy(c)) || owned.is_empty()) {
            break;
        }
        if !bullet && lower {
            // A wrapped item goes on in lower case.
            if let Some(last) = owned.last_mut() {
                last.push(' ');
                last.push_str(c);
            }
            continue;
        }
        if !bullet {
            break;
        }
        let archive = fold(c.trim_start_matches(['-', '_', '+', '•', ' '])).starts_with("luu");
        owned.push(c.to_string());
        if archive {
            break;
        }
    }
    for item in &owned {
        let item = item.trim_start_matches(['-', '_', '+', '•', ' ']);
        for part in item.split(';') {
            let p = tidy(part);
            let p = p.trim_matches(|c: char| c.is_whitespace() || ".,;".contains(c));
            let f = fold(p);
            let letters = p.chars().filter(|c| c.is_alphabetic()).count();
            if letters < 3 || f.starts_with("luu") {
                continue;
            }
            // The signature column beside the list ("TM. ỦY BAN NHÂN DÂN", "CHỦ
            // TỊCH"), not a recipient such as "Chủ tịch UBND tỉnh".
            let title = ["chu tich", "pho chu", "giam doc", "pho giam"]
                .iter()
                .any(|m| f.starts_with(m));
            let right_column = ["tm.", "kt."].iter().any(|m| f.starts_with(m))
                || (title
                    && p.split_whitespace()
                        .take(2)
                        .all(|w| !w.chars().any(char::is_lowercase)))
                || matches!(
                    f.as_str(),
                    "chu tich" | "pho chu tich" | "giam doc" | "pho giam doc"
                );
            if !right_column {
                out.push(strip_note(p).to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_right_column() {
        let cases = [
            (
                "UY BAN NHAN DAN CONG HOA XA HQI CHU NGHIA VIET NAM",
                "UY BAN NHAN DAN ",
            ),
            ("XA GIAO LONG Djc 1ap - Tw do - Hanh phuc", "XA GIAO LONG "),
            (
                "SO LAO PONG-THUONG BINH Poc lap - Tu do - Hanh phic",
                "SO LAO PONG-THUONG BINH ",
            ),
            ("ỦY BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"),
        ];
        for (line, want) in cases {
            assert_eq!(left_column(line), want);
        }
    }

    #[test]
    fn reads_headers() {
        let t = "UY BAN NHAN DAN CONG HOA XA HQI CHU NGHIA VIET NAM\n\nXA GIAO LONG Djc 1ap - Tw do - Hanh phuc\nS6: 38 /KH-UBND Giao Long, ngay 72 thang 01 nam 2024\nKE HOACH\n\nThéng tin, tuyén truyén cii cach hanh chinh nim 2024\n\nCin ctr Ké hoach";
        let h = header(t, true);
        assert_eq!(h.doc_type.as_deref(), Some("Kế hoạch"));
        assert_eq!(h.doc_number.as_deref(), Some("38/KH-UBND"));
        assert_eq!(h.issued_date, None);
        assert_eq!(h.date_year, Some(2024));
        assert_eq!(h.place.as_deref(), Some("Giao Long"));
        assert_eq!(h.issuer.as_deref(), Some("UBND xã Giao Long"));
        assert_eq!(h.level.as_deref(), Some("xa"));
        assert_eq!(
            h.title.as_deref(),
            Some("Théng tin, tuyén truyén cii cach hanh chinh nim 2024")
        );

        let t = "**KẾ HOẠCH**\n\n**Tuyên truyền năm 2020  \ntrên địa bàn xã Chiềng Sơn**\n\nCăn cứ Kế hoạch số 1/KH-UBND;\n\nUBND xã Chiềng Sơn ban hành kế hoạch";
        let h = header(t, false);
        assert_eq!(
            h.title.as_deref(),
            Some("Tuyên truyền năm 2020 trên địa bàn xã Chiềng Sơn")
        );
        assert_eq!(h.issuer.as_deref(), Some("UBND xã Chiềng Sơn"));
        assert_eq!(h.doc_number, None);
    }

    #[test]
    fn closing_block() {
        let t = "IV. TCTH\n\nNơi nhận:\n- UBND tỉnh;\n- TT Huyện ủy; TT HĐND huyện;\n- Lưu: VT.\n\n**TM. ỦY BAN NHÂN DÂN**\n**CHỦ TỊCH**\n\n**Dương Đức Hạnh**";
        assert_eq!(recipients(t), ["UBND tỉnh", "TT Huyện ủy", "TT HĐND huyện"]);
        assert_eq!(signer(t, false).as_deref(), Some("Dương Đức Hạnh"));
        let t = "Noi nhgn: TM. UY BAN NHAN DAN\n- Phong Noi vu huyén; KT. CHU TICH\n- Luu: VT,\n\nKy boi: Lé Thi Hwong Mai\n";
        assert_eq!(recipients(t), ["Phong Noi vu huyén"]);
        assert_eq!(signer(t, true).as_deref(), Some("Lé Thi Hưong Mai"));
    }

    #[test]
    fn recipients_without_purpose_notes() {
        let cases = [
            ("Bộ Tư pháp (b/c)", "Bộ Tư pháp"),
            ("Thường trực Tỉnh ủy (để báo cáo)", "Thường trực Tỉnh ủy"),
            ("Bộ Nội vụ (Báo cáo)", "Bộ Nội vụ"),
            ("Các sở, ngành (đ/b)", "Các sở, ngành"),
            ("UBND các xã (để thực hiện)", "UBND các xã"),
            (
                "Bộ Công an (qua Cục A03) (để báo cáo)",
                "Bộ Công an (qua Cục A03)",
            ),
            (
                "Chánh VP, Phó CVP (NC) UBND tỉnh",
                "Chánh VP, Phó CVP (NC) UBND tỉnh",
            ),
        ];
        for (item, want) in cases {
            assert_eq!(strip_note(item), want, "{item}");
        }
        let t = "Nơi nhận:\n- Bộ Nội vụ (b/c);\n- Chủ tịch UBND Thành phố;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\n";
        assert_eq!(recipients(t), ["Bộ Nội vụ", "Chủ tịch UBND Thành phố"]);
    }
}
