//! Understanding metadata named in free text: in "dịch vụ công trực tuyến Quảng Trị
//! 2022", "kế hoạch cấp xã Lạng Sơn năm 2024" or "Nghị quyết 76", the words that name
//! a year, a province or district, a level or a cited document become filters, topics
//! become strong boosts, and the rest is searched as text. Words inside quotes are
//! never interpreted, and the caller falls back to plain text when the filters leave
//! nothing, so a phrase that merely contains "2022" still works.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use crate::extract::fuzzy::words;
use crate::extract::gazetteer::{Gazetteer, Kind};
use crate::extract::topics::Topics;
use crate::extract::units::UnitTable;
use crate::text::docnum::find_doc_numbers;
use crate::text::fold::has_diacritics;
use crate::text::tone::canonical_tone;

/// How a query was understood; serialized as the response's `understood`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Understood {
    /// What is left to search as text.
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// A document named by kind and number ("Nghị quyết 76"), resolved against the
    /// numbers the index holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cites: Option<String>,
    /// Topics named by the query (boosts, not filters).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    /// Responsible units named by the query, by their canonical names (boosts, not
    /// filters: the words stay in the text, and a plan that only mentions the unit
    /// still matches).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<String>,
}

impl Understood {
    /// Whether anything became a filter.
    pub fn has_filters(&self) -> bool {
        self.year.is_some()
            || self.province.is_some()
            || self.district.is_some()
            || self.level.is_some()
            || self.cites.is_some()
    }
}

/// Level phrases (folded) and the level they name.
const LEVELS: &[(&str, &str)] = &[
    ("cap xa", "xa"),
    ("cap phuong", "xa"),
    ("cap huyen", "huyen"),
    ("cap tinh", "tinh"),
    ("cap so", "so"),
    ("cap bo", "bo"),
];

/// Words that introduce a district name (folded).
const DISTRICT_TYPES: &[&str] = &["huyen", "quan"];

/// Document kinds (folded) and the symbol their numbers carry.
const KINDS: &[(&str, &str)] = &[
    ("nghi quyet", "nq"),
    ("nghi dinh", "nd"),
    ("quyet dinh", "qd"),
    ("chi thi", "ct"),
    ("ke hoach", "kh"),
    ("thong tu", "tt"),
    ("de an", "da"),
    ("chuong trinh", "ctr"),
    ("huong dan", "hd"),
    ("ket luan", "kl"),
    ("thong bao", "tb"),
];

fn year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)(?:\bn[aă]m\s+)?\b((?:19|20)\d{2})\b").expect("year"))
}

fn canonical_lower(s: &str) -> String {
    s.split_whitespace()
        .map(|w| canonical_tone(w).to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Byte ranges of quoted spans, never interpreted.
fn quoted(q: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, c) in q.char_indices() {
        if c == '"' {
            match open.take() {
                Some(s) => out.push((s, i + 1)),
                None => open = Some(i),
            }
        }
    }
    if let Some(s) = open {
        out.push((s, q.len()));
    }
    out
}

/// Interprets `q`. `resolve_cites(kind_symbol, number)` returns the indexed document
/// number that a "Nghị quyết 76" names, if the index holds one.
pub fn understand(q: &str, resolve_cites: impl Fn(&str, &str) -> Option<String>) -> Understood {
    let mut u = Understood::default();
    let protected = quoted(q);
    let free = |s: usize, e: usize| {
        !protected.iter().any(|&(a, b)| s < b && e > a) && !q[..s].ends_with('-')
    };
    let mut remove: Vec<(usize, usize)> = Vec::new();
    // Full document numbers stay text (they match exactly); keep them out of the year
    // rule ("63/2010/NĐ-CP" holds no year to filter by).
    let numbers: Vec<(usize, usize)> = find_doc_numbers(q)
        .iter()
        .map(|m| (m.start, m.end))
        .collect();

    let ws = words(q, false);
    let folded: Vec<&str> = ws.iter().map(|w| w.folded()).collect();
    // "Nghị quyết [số] 76": kind words, then a number.
    for i in 0..ws.len() {
        let Some((kind, symbol)) = KINDS.iter().find(|(k, _)| {
            let parts: Vec<&str> = k.split(' ').collect();
            folded.get(i..i + parts.len()) == Some(&parts[..])
        }) else {
            continue;
        };
        let mut j = i + kind.split(' ').count();
        if folded.get(j) == Some(&"so") {
            j += 1;
        }
        let Some(num) = folded
            .get(j)
            .filter(|n| n.chars().all(|c| c.is_ascii_digit()))
        else {
            continue;
        };
        let (s, e) = (ws[i].start, ws[j].end);
        let followed_by_symbol = q[e..].starts_with(['/', '-']);
        if !free(s, e) || followed_by_symbol {
            continue;
        }
        if let Some(n) = resolve_cites(symbol, num) {
            u.cites = Some(n);
            remove.push((s, e));
            break;
        }
    }
    // "cấp xã", "cấp huyện"…
    for i in 0..ws.len().saturating_sub(1) {
        let phrase = format!("{} {}", folded[i], folded[i + 1]);
        if let Some((_, level)) = LEVELS.iter().find(|(p, _)| *p == phrase)
            && free(ws[i].start, ws[i + 1].end)
        {
            u.level = Some(level.to_string());
            remove.push((ws[i].start, ws[i + 1].end));
            break;
        }
    }
    // One year names the plan's year; two or more ("2021 2025") name a period,
    // which is text.
    let years: Vec<(usize, usize, i32)> = year_re()
        .captures_iter(q)
        .filter_map(|c| {
            let m = c.get(0)?;
            let y = c.get(1)?;
            let in_number = numbers.iter().any(|&(a, b)| y.start() < b && y.end() > a);
            let v = y.as_str().parse::<i32>().ok()?;
            (!in_number && (1990..=2100).contains(&v)).then_some((m.start(), m.end(), v))
        })
        .collect();
    if let [(s, e, v)] = years[..]
        && free(s, e)
        && !remove.iter().any(|&(a, b)| s < b && e > a)
    {
        u.year = Some(v);
        remove.push((s, e));
    }
    let g = Gazetteer::shared();
    let mut i = 0;
    'scan: while i < ws.len() {
        for n in (1..=4).rev() {
            if i + n > ws.len() {
                continue;
            }
            let (s, e) = (ws[i].start, ws[i + n - 1].end);
            let name = &q[s..e];
            // Typed with diacritics, a name must match them ("tuyến Quảng" is not
            // "Tuyên Quang").
            let exact =
                |p: &str| !has_diacritics(name) || canonical_lower(name) == canonical_lower(p);
            let typed_district = i > 0 && DISTRICT_TYPES.contains(&ws[i - 1].folded());
            for (_, place) in g.by_name(name) {
                if !exact(&place.name) || !free(s, e) {
                    continue;
                }
                match place.kind {
                    Kind::Province if u.province.is_none() => {
                        u.province = Some(place.name.clone());
                        remove.push((s, e));
                    }
                    Kind::District if typed_district && u.district.is_none() => {
                        u.district = Some(place.name.clone());
                        remove.push((ws[i - 1].start, e));
                    }
                    _ => continue,
                }
                i += n;
                continue 'scan;
            }
        }
        i += 1;
    }
    u.topics = Topics::shared().find(&ws, false);
    for (i, n, name) in UnitTable::shared().find_in(&folded) {
        if free(ws[i].start, ws[i + n - 1].end) && !u.units.iter().any(|x| x == name) {
            u.units.push(name.to_string());
        }
    }

    remove.sort();
    let mut text = String::new();
    let mut at = 0;
    for (s, e) in remove {
        if s >= at {
            text.push_str(&q[at..s]);
            text.push(' ');
            at = e;
        }
    }
    text.push_str(&q[at..]);
    u.text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    u
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_cites(_: &str, _: &str) -> Option<String> {
        None
    }

    #[test]
    fn understands_metadata_words() {
        let u = understand("dịch vụ công trực tuyến Quảng Trị 2022", no_cites);
        assert_eq!(u.province.as_deref(), Some("Quảng Trị"));
        assert_eq!(u.year, Some(2022));
        assert_eq!(u.text, "dịch vụ công trực tuyến");
        assert!(u.topics.contains(&"online-public-services".to_string()));

        let u = understand("kế hoạch cấp xã Lạng Sơn năm 2024", no_cites);
        assert_eq!(u.level.as_deref(), Some("xa"));
        assert_eq!(u.province.as_deref(), Some("Lạng Sơn"));
        assert_eq!(u.year, Some(2024));
        assert_eq!(u.text, "kế hoạch");

        let u = understand("ke hoach huyen Gio Linh", no_cites);
        assert_eq!(u.district.as_deref(), Some("Gio Linh"));
        assert_eq!(u.text, "ke hoach");

        let u = understand("Nghị quyết 76", |sym, n| {
            (sym == "nq" && n == "76").then(|| "76/NQ-CP".to_string())
        });
        assert_eq!(u.cites.as_deref(), Some("76/NQ-CP"));
        assert_eq!(u.text, "");
    }

    #[test]
    fn understands_units_as_boosts() {
        let u = understand("Phòng VH&TT chuyển đổi số", no_cites);
        assert_eq!(u.units, ["Phòng Văn hóa và Thông tin"]);
        assert_eq!(u.text, "Phòng VH&TT chuyển đổi số");
        let u = understand("phong noi vu cai cach hanh chinh", no_cites);
        assert_eq!(u.units, ["Phòng Nội vụ"]);
        let u = understand("\"phong noi vu\"", no_cites);
        assert!(u.units.is_empty());
        let u = understand("cong chuc tu phap ho tich", no_cites);
        assert_eq!(u.units, ["Công chức Tư pháp - Hộ tịch"]);
    }

    #[test]
    fn leaves_plain_text_alone() {
        for q in [
            "\"giai đoạn 2021 2025\"",
            "giai đoạn 2021 - 2025",
            "63/2010/NĐ-CP",
            "cải cách hành chính",
            "Gio Linh",
        ] {
            let u = understand(q, no_cites);
            assert!(!u.has_filters(), "{q}: {u:?}");
            assert_eq!(u.text, q);
        }
    }
}
