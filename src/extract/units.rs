//! Responsible units: every unit the plan gives a duty — the numbered items of the
//! "Tổ chức thực hiện" part and the "Cơ quan chủ trì / phối hợp" lines — with the
//! name normalized through `data/units.tsv` (acronyms expanded, diacritics restored
//! from OCR by nearest known name in folded space) and `raw` as written.

use std::sync::OnceLock;

use super::fuzzy::{self, similarity};
use super::text::tidy;
use super::{Section, Unit};
use crate::resources;

/// Known units: canonical name and folded keys (canonical and aliases).
#[derive(Debug, Default)]
pub struct UnitTable {
    rows: Vec<(String, Vec<String>)>,
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
        UnitTable { rows }
    }

    pub fn shared() -> &'static UnitTable {
        static T: OnceLock<UnitTable> = OnceLock::new();
        T.get_or_init(|| UnitTable::parse(&resources::load("units.tsv")))
    }

    /// The canonical name for a folded key: exact alias, else (OCR) the nearest name.
    fn lookup(&self, key: &str, ocr: bool) -> Option<&str> {
        if let Some((c, _)) = self.rows.iter().find(|(_, ks)| ks.iter().any(|k| k == key)) {
            return Some(c);
        }
        if !ocr {
            return None;
        }
        let mut best: Option<(f64, &str)> = None;
        for (c, ks) in &self.rows {
            for k in ks {
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
const LOCALITIES: &[(&str, &str)] = &[
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
];

fn starts_with_head(key: &str) -> bool {
    HEADS
        .iter()
        .any(|h| key == *h || key.starts_with(&format!("{h} ")))
}

/// Normalizes one unit as written.
pub fn normalize(raw: &str, ocr: bool) -> Option<Unit> {
    let cleaned = tidy(raw);
    let cleaned = cleaned.trim_matches(|c: char| c.is_whitespace() || ":.;,*-".contains(c));
    let mut words: Vec<&str> = cleaned.split(' ').collect();
    // "Đề nghị Ủy ban …": the request is not part of the name.
    if words.len() > 2 {
        let k = ocr_key(&words[..2].join(" "), ocr);
        if k == "de nghi" || k == "pe nghi" {
            words.drain(..2);
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
    let name = name.unwrap_or_else(|| capitalize(&body));
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
        && parts.iter().enumerate().all(|(i, p)| {
            let k = ocr_key(p, ocr);
            let k = k
                .strip_prefix("de nghi ")
                .or(k.strip_prefix("pe nghi "))
                .unwrap_or(&k);
            starts_with_head(k) || (i == 0 && starts_with_head(k))
        });
    if all_heads {
        parts.into_iter().map(str::to_string).collect()
    } else {
        vec![raw.to_string()]
    }
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

/// Units of a plan, from its sections and its "Cơ quan chủ trì/phối hợp" lines.
pub fn units(text: &str, sections: &[Section], ocr: bool) -> Vec<Unit> {
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
            raws.extend(split_list(h.trim(), ocr));
        }
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
    let mut out: Vec<Unit> = Vec::new();
    for r in raws {
        if let Some(u) = normalize(&r, ocr)
            && !out
                .iter()
                .any(|o| fuzzy::key(&o.name, false) == fuzzy::key(&u.name, false))
        {
            out.push(u);
        }
    }
    out
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
        ];
        for (raw, ocr, want) in cases {
            assert_eq!(normalize(raw, ocr).unwrap().name, want, "{raw}");
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
