//! Responsible units: every unit the plan gives a duty — the numbered items of the
//! "Tổ chức thực hiện" part and the "Cơ quan chủ trì / phối hợp" lines — with the
//! name normalized through `data/units.tsv` (acronyms expanded, diacritics restored
//! from OCR by nearest known name in folded space) and `raw` as written.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::fuzzy::{self, similarity};
use super::text::tidy;
use super::{Section, Unit};
use crate::analysis::ocr::OcrRepairer;
use crate::resources;

/// Known units: canonical name and folded keys (canonical and aliases).
#[derive(Debug, Default)]
pub struct UnitTable {
    rows: Vec<(String, Vec<String>)>,
    /// Folded key → its row (the first row listing it), for exact lookups.
    by_key: HashMap<String, usize>,
    /// Words in the longest key.
    longest: usize,
}

impl UnitTable {
    pub fn parse(text: &str) -> UnitTable {
        let mut rows = Vec::new();
        for row in resources::tsv_rows(text) {
            let Some(canon) = row.first().filter(|c| !c.is_empty()) else {
                continue;
            };
            let mut keys = vec![alias_key(canon)];
            for a in row.get(1).unwrap_or(&"").split(" | ") {
                if !a.trim().is_empty() {
                    keys.push(alias_key(a));
                }
            }
            rows.push((canon.to_string(), keys));
        }
        let mut by_key = HashMap::new();
        for (i, (_, keys)) in rows.iter().enumerate() {
            for k in keys {
                by_key.entry(k.clone()).or_insert(i);
            }
        }
        let longest = by_key
            .keys()
            .map(|k| k.split(' ').count())
            .max()
            .unwrap_or(0);
        UnitTable {
            rows,
            by_key,
            longest,
        }
    }

    pub fn shared() -> &'static UnitTable {
        static T: OnceLock<UnitTable> = OnceLock::new();
        T.get_or_init(|| UnitTable::parse(&resources::load("units.tsv")))
    }

    /// Known units named in a run of folded words (a query's): `(first word, word
    /// count, canonical name)` of each longest match, left to right.
    pub fn find_in(&self, folded: &[&str]) -> Vec<(usize, usize, &str)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < folded.len() {
            let found = (1..=self.longest.min(folded.len() - i))
                .rev()
                .find_map(|n| {
                    let key = folded[i..i + n].join(" ");
                    self.lookup(&key, false).map(|c| (i, n, c))
                });
            match found {
                Some(m) => {
                    out.push(m);
                    i += m.1;
                }
                None => i += 1,
            }
        }
        out
    }

    /// Whether a name as written is one of the table's names or aliases.
    pub fn is_known(&self, name: &str) -> bool {
        self.by_key.contains_key(&alias_key(name))
    }

    /// The canonical name for a folded key: exact alias, else (OCR) the nearest name.
    fn lookup(&self, key: &str, ocr: bool) -> Option<&str> {
        if let Some(&i) = self.by_key.get(key) {
            return Some(&self.rows[i].0);
        }
        if !ocr {
            return None;
        }
        let mut best: Option<(f64, &str)> = None;
        let len = key.chars().count();
        for (c, ks) in &self.rows {
            for k in ks {
                // Each letter of length difference costs at least one half-unit of
                // distance: a key 0.4 × its length longer or shorter cannot reach 0.8
                // similarity, and most are skipped without the distance.
                let n = k.chars().count();
                if 5 * n.abs_diff(len) > 2 * n.max(len) {
                    continue;
                }
                let s = similarity(key, k);
                if s >= 0.8 && best.is_none_or(|(b, _)| s > b) {
                    best = Some((s, c));
                }
            }
        }
        best.map(|(_, c)| c)
    }
}

/// Folded key of a unit name: words only, `&` kept (so "VH&TT" ≠ "VH TT" is avoided
/// by listing both), dashes dropped.
fn alias_key(s: &str) -> String {
    fuzzy::key(&expand_amp(s), false)
}

fn ocr_key(s: &str, ocr: bool) -> String {
    fuzzy::key(&expand_amp(s), ocr)
}

/// "HĐND&UBND" → "HĐND và UBND"; a stray OCR `&` ("x&") is left alone.
fn expand_amp(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i
            .checked_sub(1)
            .and_then(|j| chars.get(j))
            .is_some_and(|p| p.is_alphabetic() || *p == ' ');
        let next = chars
            .get(i + 1)
            .is_some_and(|n| n.is_alphabetic() || *n == ' ');
        if c == '&' && prev && next {
            out.push_str(" và ");
        } else {
            out.push(c);
        }
    }
    out
}

/// Locality words that may trail a unit name, folded, with their proper spelling.
pub const LOCALITIES: &[(&str, &str)] = &[
    ("thi tran", "thị trấn"),
    ("huyen", "huyện"),
    ("tinh", "tỉnh"),
    ("xa", "xã"),
    ("phuong", "phường"),
    ("quan", "quận"),
    ("thanh pho", "thành phố"),
];

/// Words that open a unit's name (folded), for splitting lists of units.
const HEADS: &[&str] = &[
    "phong",
    "van phong",
    "trung tam",
    "so",
    "ban",
    "cong chuc",
    "dai",
    "uy ban",
    "ubnd",
    "ub",
    "doan",
    "hoi",
    "cac",
    "to chuc",
    "cong an",
    "truong",
    "bo phan",
    "mat tran",
    "chi cuc",
    "hdnd",
    "tuyen truyen vien",
    "bao",
    "uy",
    "mttq",
    "lien doan",
    "lien minh",
    "ngan hang",
    "bo chi huy",
    "vien kiem sat",
    "toa an",
    "kiem toan",
    "kho bac",
    "hoi dong",
    "tinh doan",
    "bao hiem",
    "thue",
];

/// Whether a folded key opens like a unit's name; in OCR text each word of the head
/// may be garbled as OCR garbles ("t6 chirc" for "tổ chức").
fn starts_with_head(key: &str, ocr: bool) -> bool {
    HEADS.iter().any(|h| {
        if key == *h || key.starts_with(&format!("{h} ")) {
            return true;
        }
        ocr && {
            let hw: Vec<&str> = h.split(' ').collect();
            let kw: Vec<&str> = key.split(' ').take(hw.len()).collect();
            kw.len() == hw.len()
                && hw
                    .iter()
                    .zip(&kw)
                    .all(|(h, k)| k == h || ocr_head_word(k, h))
        }
    })
}

/// An OCR word for a head word: garbled as OCR garbles long words, or, for short ones
/// ("t6" for "tổ", "s&" for "sở"), only a digit or symbol read for a vowel.
fn ocr_head_word(seen: &str, want: &str) -> bool {
    if want.chars().count() >= 4 {
        return fuzzy::ocr_close(seen, want);
    }
    seen.chars().count() == want.chars().count()
        && seen
            .chars()
            .zip(want.chars())
            .all(|(s, w)| s == w || (!s.is_alphabetic() && "aeiouy".contains(w)))
}

/// Words (folded) that ask a unit to act and open an item before its name.
pub(super) const REQUESTS: &[&str] = &["de nghi", "khuyen khich", "yeu cau", "giao", "pe nghi"];

/// Heads that open a unit's name in prose, where "các …" alone is too loose.
const PROSE_HEADS: &[&str] = &[
    "cac phong",
    "cac don vi",
    "cac co quan",
    "cac so",
    "cac ban",
    "cac nganh",
    "cac to chuc",
    "cac doan the",
    "cac hoi",
    "cac truong",
    "cac trung tam",
    "cac doanh nghiep",
    "cac co so",
    "cac ngan hang",
    "cac chu dau tu",
    "cac chi cuc",
];

/// Words that open like a unit but are not one ("ban hành", "trường hợp").
const NOT_UNITS: &[&str] = &[
    "ban hanh",
    "truong hop",
    "so luong",
    "so sanh",
    "doan vien",
    "hoi vien",
    "hoi nghi",
    "hoi thi",
    "to chuc thuc hien",
    "to chuc trien khai",
    "to chuc cac",
    "phong chong",
    "phong ngua",
    "ban nganh",
    "doan the",
    "bo phan chuyen mon",
];

/// Whether a part of a prose sentence opens like a unit's name.
pub(super) fn opens_unit_in_prose(key: &str, ocr: bool) -> bool {
    let head = if key.starts_with("cac ") {
        PROSE_HEADS
            .iter()
            .any(|h| key == *h || key.starts_with(&format!("{h} ")))
    } else {
        starts_with_head(key, ocr)
    };
    head && !NOT_UNITS
        .iter()
        .any(|n| key == *n || key.starts_with(&format!("{n} ")))
}

/// Words (folded) that end a unit's name in prose: the duty that follows it.
const DUTY_VERBS: &[&str] = &[
    "bam sat",
    "chu dong",
    "co trach nhiem",
    "can cu",
    "trien khai",
    "thuc hien",
    "xay dung",
    "phoi hop",
    "chu tri",
    "tham muu",
    "theo doi",
    "bao cao",
    "tang cuong",
    "day manh",
    "nghiem tuc",
    "kip thoi",
    "phat huy",
    "kien toan",
    "tien phong",
    "huong dan",
    "phan cong",
    "don doc",
    "nghien cuu",
    "quan tam",
    "ra soat",
    "bo tri",
    "chi dao",
    "kiem tra",
    "uu tien",
    "tich cuc",
    "huong ung",
    "tiep tuc",
    "nang cao",
    "bao dam",
    "dam bao",
    "to chuc trien khai",
    "to chuc thuc hien",
    "phat dong",
    "lanh dao",
    "mo them",
];

/// Byte offset in `segment` where a duty verb begins (after at least two words).
pub(super) fn duty_cut(segment: &str, ocr: bool) -> Option<usize> {
    let ws = fuzzy::words(segment, ocr);
    (2..ws.len()).find_map(|i| {
        let pair = ws
            .get(i + 1)
            .map(|n| format!("{} {}", ws[i].folded(), n.folded()));
        let three = ws
            .get(i + 2)
            .zip(pair.as_ref())
            .map(|(n, p)| format!("{p} {}", n.folded()));
        // In clean text a capitalized word is part of a name ("Ban Xây dựng Đảng").
        let capital = !ocr && segment[ws[i].start..].starts_with(char::is_uppercase);
        (!capital
            && DUTY_VERBS
                .iter()
                .any(|v| Some(*v) == pair.as_deref() || Some(*v) == three.as_deref()))
        .then_some(ws[i].start)
    })
}

/// Units named as a list in the prose of "Tổ chức thực hiện" ("… của Sở, các phòng và
/// tương đương, các đơn vị sự nghiệp trực thuộc, trường Cao đẳng nghề Lạng Sơn bám sát
/// …"): a run of at least two comma-separated parts that each open like a unit name.
/// The first part may carry the sentence's opening words (cut at its last head), the
/// last the duty that follows (cut at the verb).
fn prose_lists(text: &str, ocr: bool) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split("\n\n") {
        let para = para.split_whitespace().collect::<Vec<_>>().join(" ");
        for sentence in para.split(['.', ';', ':']) {
            let parts: Vec<&str> = sentence.split(',').map(str::trim).collect();
            let opens = |p: &str| opens_unit_in_prose(&ocr_key(p, ocr), ocr);
            let mut i = 0;
            while i < parts.len() {
                let first: &str = if opens(parts[i]) {
                    parts[i]
                } else if let Some(off) = last_head(parts[i], ocr) {
                    &parts[i][off..]
                } else {
                    i += 1;
                    continue;
                };
                let mut end = i + 1;
                while end < parts.len() && opens(parts[end]) {
                    end += 1;
                }
                if end - i < 2 {
                    i += 1;
                    continue;
                }
                for (k, &part) in parts[i..end].iter().enumerate() {
                    let mut p = if k == 0 { first } else { part };
                    if i + k + 1 == end
                        && let Some(c) = duty_cut(p, ocr)
                    {
                        p = &p[..c];
                    }
                    if p.split_whitespace().count() <= 12 {
                        out.push(p.trim().to_string());
                    }
                }
                i = end;
            }
        }
    }
    out
}

/// Byte offset of the last word of `part` (not its first) where a unit name opens
/// with "các …" ("của Sở các phòng và tương đương" → "các phòng và tương đương").
fn last_head(part: &str, ocr: bool) -> Option<usize> {
    let ws = fuzzy::words(part, ocr);
    (1..ws.len().saturating_sub(1))
        .rev()
        .find(|&i| {
            ws[i].folded() == "cac" && opens_unit_in_prose(&ocr_key(&part[ws[i].start..], ocr), ocr)
        })
        .map(|i| ws[i].start)
}

/// Normalizes one unit as written.
pub fn normalize(raw: &str, ocr: bool) -> Option<Unit> {
    normalize_cut(raw, ocr, true)
}

/// [`normalize`]; `cut_duty` false for a name given whole (a heading in bold), where
/// a verb-like word is part of the name ("Các chủ đầu tư xây dựng …").
fn normalize_cut(raw: &str, ocr: bool, cut_duty: bool) -> Option<Unit> {
    let cleaned = tidy(raw);
    let cleaned = cleaned.trim_matches(|c: char| c.is_whitespace() || ":.;,*-".contains(c));
    // A duty written after the name ("Các sở, ban ngành chủ trì xây dựng …") is not
    // part of it.
    let cleaned = match duty_cut(cleaned, ocr) {
        Some(c) if cut_duty && cleaned.split_whitespace().count() > 6 => cleaned[..c].trim_end(),
        _ => cleaned,
    };
    let mut words: Vec<&str> = cleaned.split(' ').collect();
    // "Đề nghị Ủy ban …", "Giao Sở …": the request is not part of the name.
    for n in [2, 1] {
        if words.len() > n + 1 {
            let k = ocr_key(&words[..n].join(" "), ocr);
            if REQUESTS.contains(&k.as_str()) {
                words.drain(..n);
                break;
            }
        }
    }
    let body = words.join(" ");
    if body.is_empty() || body.chars().count() > 160 {
        return None;
    }
    let key = ocr_key(&body, ocr);
    let table = UnitTable::shared();
    let mut name = table.lookup(&key, false).map(str::to_string);
    if name.is_none() {
        // Try without a trailing locality ("… huyện", "… xã", "… thị trấn Vương").
        let kw: Vec<&str> = key.split(' ').collect();
        for cut in (1..kw.len()).rev().take(3) {
            let tail = kw[cut..].join(" ");
            // OCR reads "xã" as "x4", "x&", "x3".
            let ocr_xa =
                ocr && cut + 1 == kw.len() && kw[cut].len() <= 2 && kw[cut].starts_with('x');
            let loc = if ocr_xa {
                Some(&("xa", "xã"))
            } else {
                LOCALITIES
                    .iter()
                    .find(|(f, _)| tail == *f || tail.starts_with(&format!("{f} ")))
            };
            if let Some(loc) = loc {
                let head = kw[..cut].join(" ");
                if let Some(c) = table.lookup(&head, ocr) {
                    let written: Vec<&str> = body.split(' ').collect();
                    let place: Vec<&str> = written
                        .get(cut + loc.0.split(' ').count()..)
                        .map(|r| r.to_vec())
                        .unwrap_or_default();
                    let mut n = format!("{c} {}", loc.1);
                    if !place.is_empty() && tail.starts_with(loc.0) && tail != loc.0 {
                        n.push(' ');
                        n.push_str(&place.join(" "));
                    }
                    name = Some(n);
                    break;
                }
            }
        }
    }
    if name.is_none() && ocr {
        name = table.lookup(&key, true).map(str::to_string);
    }
    // Not a known unit: as written, or as best restored from OCR.
    let name = name.unwrap_or_else(|| {
        if ocr {
            capitalize(&OcrRepairer::shared().restore(&body))
        } else {
            capitalize(&body)
        }
    });
    Some(Unit {
        name,
        raw: raw.trim().to_string(),
    })
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Splits "A, B, các C" into units when every part opens like a unit name.
fn split_list(raw: &str, ocr: bool) -> Vec<String> {
    let parts: Vec<&str> = raw
        .split([',', ';'])
        .flat_map(|p| p.split(" và "))
        .flat_map(|p| {
            if ocr {
                p.split(" va ").collect::<Vec<_>>()
            } else {
                vec![p]
            }
        })
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let all_heads = parts.len() > 1
        && parts.iter().all(|p| {
            let k = ocr_key(p, ocr);
            let k = k
                .strip_prefix("de nghi ")
                .or(k.strip_prefix("pe nghi "))
                .unwrap_or(&k);
            starts_with_head(k, ocr)
        });
    if all_heads {
        parts.into_iter().map(str::to_string).collect()
    } else {
        vec![raw.to_string()]
    }
}

/// Units named by an item's heading. A heading that lists several units may wrap onto
/// the next lines ("7. Đề nghị Ủy ban MTTQ Việt Nam xã, Đoàn Thanh niên\nCộng sản Hồ
/// Chí Minh xã, các tổ chức …"): the paragraph is used when it reads as such a list.
fn heading_units(heading: &str, body: &str, ocr: bool) -> Vec<String> {
    let cont: Vec<&str> = body
        .lines()
        .take_while(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with(['-', '+', '•', '*'])
        })
        // A wrapped heading's own continuation is already in the heading.
        .skip_while(|l| heading.ends_with(l.trim().trim_end_matches(':')))
        .collect();
    if !cont.is_empty() && !heading.ends_with([':', '.']) {
        let joined = format!("{heading} {}", cont.join(" "));
        let joined = joined.trim_end_matches([':', '.', ';']);
        if joined.len() < 400 {
            let list = split_list(joined, ocr);
            if list.len() > 1 {
                return list;
            }
        }
    }
    split_list(heading, ocr)
}

fn is_tcth(heading: &str, ocr: bool) -> bool {
    let k = fuzzy::key(heading, ocr);
    k.contains("to chuc thuc hien") || (ocr && similarity_window(&k, "to chuc thuc hien"))
}

fn similarity_window(k: &str, want: &str) -> bool {
    let ws: Vec<&str> = k.split(' ').collect();
    let n = want.split(' ').count();
    ws.windows(n)
        .any(|w| similarity(&w.join(" "), want) >= 0.85)
}

/// Units of a plan, from its sections and its "Cơ quan chủ trì/phối hợp" lines. A
/// collective spelt several ways is given once, in its first wording (the
/// assignment part's, read first).
pub fn units(text: &str, sections: &[Section], ocr: bool) -> Vec<Unit> {
    let named: Vec<(String, bool)> = if ocr {
        ocr_raws(text, sections)
            .into_iter()
            .map(|r| (r, false))
            .collect()
    } else {
        let mut v: Vec<(String, bool)> = super::duties::assigned(text, sections)
            .into_iter()
            .map(|n| (n.raw, n.whole))
            .collect();
        for s in sections
            .iter()
            .filter(|s| super::duties::is_assignment(&s.heading))
        {
            v.extend(prose_lists(&s.text, false).into_iter().map(|r| (r, false)));
        }
        v.extend(
            super::duties::fields(text)
                .into_iter()
                .map(|n| (n.raw, n.whole)),
        );
        v
    };
    // Appendix tables' "Cơ quan chủ trì / phối hợp" columns, read last: a unit
    // already named in the text keeps its wording there.
    let tabled: Vec<String> = if ocr {
        Vec::new()
    } else {
        super::tables::role_cells(text)
            .iter()
            .flat_map(|c| super::duties::cell_names(c))
            .map(|n| n.raw)
            .collect()
    };
    let mut out: Vec<Unit> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let n_text = named.len();
    let all = named
        .into_iter()
        .chain(tabled.into_iter().map(|r| (r, true)));
    for (i, (r, whole)) in all.enumerate() {
        let Some(u) = normalize_cut(&r, ocr, !whole) else {
            continue;
        };
        let k = fuzzy::key(&u.name, false);
        let ck = super::duties::collective_key(&u.name);
        if out.iter().any(|o| fuzzy::key(&o.name, false) == k) || (!ocr && seen.contains(&ck)) {
            continue;
        }
        if i >= n_text
            && seen
                .iter()
                .any(|s| near_wording(s, &ck, k.starts_with("cac ")))
        {
            continue;
        }
        seen.push(ck);
        out.push(u);
    }
    out
}

/// Whether two collective keys name one unit in a table's shorter or longer wording
/// ("Các sở, ngành" for "Các sở, ban, ngành"; "Báo … Truyền hình tỉnh Đồng Nai"):
/// one's words all in the other's, which has at most one more (two for a
/// collective "các …", whose wordings vary more).
fn near_wording(a: &str, b: &str, collective: bool) -> bool {
    let wa: Vec<&str> = a.split(' ').collect();
    let wb: Vec<&str> = b.split(' ').collect();
    let (small, big) = if wa.len() <= wb.len() {
        (wa, wb)
    } else {
        (wb, wa)
    };
    let extra = big.len() - small.len();
    !small.is_empty()
        && extra <= if collective { 2 } else { 1 }
        && small.iter().all(|w| big.contains(w))
}

/// Units as written in OCR text: item headings of the "Tổ chức thực hiện" part, its
/// prose lists, and "Chủ trì / Phối hợp" lines.
fn ocr_raws(text: &str, sections: &[Section]) -> Vec<String> {
    let ocr = true;
    let mut raws: Vec<String> = Vec::new();
    for s in sections {
        if s.path.contains('.') || !is_tcth(&s.heading, ocr) {
            continue;
        }
        let prefix = format!("{}.", s.path);
        for child in sections
            .iter()
            .filter(|c| c.path.starts_with(&prefix) && !c.path[prefix.len()..].contains('.'))
        {
            let h = child
                .heading
                .split_once(['.', ')'])
                .map_or(child.heading.as_str(), |(_, r)| r);
            raws.extend(heading_units(h.trim(), &child.text, ocr));
        }
        raws.extend(prose_lists(&s.text, ocr));
    }
    for line in text.lines() {
        let clean = super::text::clean_line(line);
        let clean = clean.trim_start_matches(['-', '+', '•', ' ']);
        let Some((label, rest)) = clean.split_once(':') else {
            continue;
        };
        let k = fuzzy::key(label, ocr);
        let ok = matches!(
            k.as_str(),
            "co quan chu tri"
                | "co quan phoi hop"
                | "don vi chu tri"
                | "don vi phoi hop"
                | "chu tri"
                | "phoi hop"
        );
        if ok && rest.len() < 300 {
            raws.extend(split_list(rest.trim().trim_end_matches('.'), ocr));
        }
    }
    raws
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_units() {
        let cases = [
            ("Phòng VH&TT", false, "Phòng Văn hóa và Thông tin"),
            (
                "Phòng Văn hóa và Thông tin:",
                false,
                "Phòng Văn hóa và Thông tin",
            ),
            (
                "Văn phòng HĐND&UBND huyện:",
                false,
                "Văn phòng HĐND và UBND huyện",
            ),
            (
                "Trung tâm VH&TT-TDTT huyện",
                false,
                "Trung tâm Văn hóa, Thông tin và Thể thao huyện",
            ),
            (
                "Cong chure Tw phap - Ho tich",
                true,
                "Công chức Tư pháp - Hộ tịch",
            ),
            (
                "Cong chirc Vin phong - Thong ké",
                true,
                "Công chức Văn phòng - Thống kê",
            ),
            ("Pai truyén thanh", true, "Đài Truyền thanh"),
            ("UBND x&", true, "UBND xã"),
            (
                "Phòng Tài chính-Kế hoạch:",
                false,
                "Phòng Tài chính - Kế hoạch",
            ),
            ("Ban chỉ đạo phong trào", false, "Ban chỉ đạo phong trào"),
            (
                "Các sở, ban ngành, cơ quan thuộc tỉnh chủ trì xây dựng các nội dung",
                false,
                "Các sở, ban ngành, cơ quan thuộc tỉnh",
            ),
            ("Giao Sở Tư pháp", false, "Sở Tư pháp"),
            ("Khuyến khích Hội Nông dân tỉnh", false, "Hội Nông dân tỉnh"),
        ];
        for (raw, ocr, want) in cases {
            assert_eq!(normalize(raw, ocr).unwrap().name, want, "{raw}");
        }
    }

    #[test]
    fn finds_unit_lists_in_prose() {
        let cases: &[(&str, bool, &[&str])] = &[
            (
                "Trên cơ sở Kế hoạch của Sở, các phòng và tương đương, các đơn vị sự nghiệp \
                 trực thuộc, trường Cao đẳng nghề Lạng Sơn bám sát tình hình, chủ động xây dựng.",
                false,
                &[
                    "các phòng và tương đương",
                    "các đơn vị sự nghiệp trực thuộc",
                    "trường Cao đẳng nghề Lạng Sơn",
                ],
            ),
            (
                "Phòng Nội vụ, Phòng Tư pháp có trách nhiệm theo dõi.",
                false,
                &["Phòng Nội vụ", "Phòng Tư pháp"],
            ),
            // Not units: the verbs and nouns that open like one.
            (
                "Các cơ quan, đơn vị, địa phương căn cứ Kế hoạch này triển khai.",
                false,
                &[],
            ),
            (
                "Ban hành kế hoạch, tổ chức thực hiện nghiêm túc.",
                false,
                &[],
            ),
            ("Các nội dung, các hình thức tuyên truyền.", false, &[]),
        ];
        for (text, ocr, want) in cases {
            assert_eq!(prose_lists(text, *ocr), *want, "{text}");
        }
    }

    #[test]
    fn list_headings_wrap_onto_the_next_lines() {
        let cases: &[(&str, &str, usize)] = &[
            (
                "Pé nghi Uy ban Mit trin T6 qudc Viét Nam x4, Poan Thanh nién",
                "Cong san Ho Chi Minh Xx&, cac to chirc chinh tri - xa hgi, t6 chirc chinh tri - Xa\nh¢i - nghé nghiép\n\nTang cuong chi dao",
                4,
            ),
            // The continuation already in a wrapped heading is not read twice.
            (
                "Pé nghi Uy ban Mit tran T6 quoc Viét Nam va cac to chire chinh tri - xa hoi",
                "xa hoi:\n\nTheo chuc nang",
                2,
            ),
            // A duty on the next line is not part of the name.
            (
                "Phòng Nội vụ",
                "Chủ trì, phối hợp với các cơ quan\n- tham mưu",
                1,
            ),
        ];
        for (heading, body, n) in cases {
            assert_eq!(heading_units(heading, body, true).len(), *n, "{heading}");
        }
    }

    #[test]
    fn ocr_heads_allow_only_ocr_slips() {
        let cases = [
            ("t6 chirc chinh tri", true),
            ("poan thanh nien", true),
            ("chu dong xay dung", false),
            ("cac to chuc", true),
        ];
        for (key, want) in cases {
            assert_eq!(starts_with_head(key, true), want, "{key}");
        }
    }

    #[test]
    fn table_wordings_near_a_known_one_are_the_same_unit() {
        use super::super::duties::collective_key as ck;
        // (text's wording, table's wording, same unit)
        let cases = [
            ("Các sở, ban, ngành", "Các sở, ngành", true),
            (
                "Các sở, ban, ngành, cơ quan thuộc tỉnh",
                "Các sở, ban, ngành",
                true,
            ),
            (
                "Đài Phát thanh huyện Tân An",
                "Đài Phát thanh huyện Tân An tỉnh",
                true,
            ),
            ("Sở Tài chính", "Sở Nội vụ", false),
            (
                "Các doanh nghiệp cung cấp dịch vụ bưu chính",
                "Các doanh nghiệp cung cấp dịch vụ viễn thông",
                false,
            ),
            (
                "Ban Quản lý Khu kinh tế",
                "Ban Quản lý các Khu công nghiệp, khu kinh tế",
                false,
            ),
        ];
        for (a, b, same) in cases {
            let collective = fuzzy::key(b, false).starts_with("cac ");
            assert_eq!(near_wording(&ck(a), &ck(b), collective), same, "{a} / {b}");
        }
    }

    #[test]
    fn splits_lists() {
        let l = split_list(
            "Ủy ban MTTQ Việt Nam xã, Đoàn Thanh niên xã, các tổ chức chính trị - xã hội",
            false,
        );
        assert_eq!(l.len(), 3);
        let l = split_list(
            "Các cơ quan, ban ngành, đoàn thể, UBND các xã, thị trấn",
            false,
        );
        assert_eq!(l.len(), 1);
    }
}
