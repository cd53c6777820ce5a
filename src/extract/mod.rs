//! Structured metadata of a plan, read from its text alone (plan-metadata.md): what
//! the index stores, the search filters and facets count, and the API returns.
//!
//! Plans arrive as clean Unicode, as text typed without diacritics, as markdown with
//! hard wraps and as OCR output with mangled marks, so every rule matches in folded
//! space ([`fuzzy`]) and data users may extend (topics, units, issuers, gazetteer)
//! lives in data files. What the text does not state, or OCR made unreadable, is
//! `None` / empty: a wrong value in a filter is worse than a missing one.

pub mod citations;
pub mod dates;
mod duties;
pub mod eval;
pub mod fuzzy;
pub mod gazetteer;
pub mod header;
pub mod places;
pub mod quality;
pub mod sections;
mod tables;
pub mod text;
pub mod topics;
pub mod units;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Everything the engine knows about one plan. Field names are the API's contract.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, ToSchema)]
pub struct PlanMetadata {
    pub id: Option<String>,
    pub source: Option<String>,
    pub doc_type: Option<String>,
    pub doc_number: Option<String>,
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub level: Option<String>,
    pub place: Option<String>,
    pub district: Option<String>,
    pub province: Option<String>,
    pub issued_date: Option<String>,
    pub year: Option<i32>,
    pub signer: Option<String>,
    #[serde(default)]
    pub basis: Vec<Citation>,
    #[serde(default)]
    pub citations: Vec<Citation>,
    #[serde(default)]
    pub units: Vec<Unit>,
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub recipients: Vec<String>,
    #[serde(default)]
    pub sections: Vec<Section>,
    #[serde(default)]
    pub quality: Quality,
}

/// A document the plan cites.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, ToSchema)]
pub struct Citation {
    pub kind: Option<String>,
    pub number: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<String>,
    /// The document's name when it is cited by name, without a number ("Luật Ngân
    /// sách nhà nước"): what tells two unnumbered documents of one kind apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default)]
    pub text: String,
}

/// A unit the plan gives a duty.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, ToSchema)]
pub struct Unit {
    pub name: String,
    #[serde(default)]
    pub raw: String,
}

/// A section of the plan; `start..end` is its byte span (children included).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, ToSchema)]
pub struct Section {
    pub path: String,
    pub heading: String,
    pub text: String,
    #[serde(default)]
    pub start: usize,
    #[serde(default)]
    pub end: usize,
}

/// How far the extraction can be trusted.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, ToSchema)]
pub struct Quality {
    pub ocr_suspected: bool,
}

/// Extracts the metadata of a plan from its display text (as read by
/// [`crate::text::read`]: NFC, LF line ends).
pub fn extract(text: &str) -> PlanMetadata {
    let ocr = quality::ocr_suspected(text);
    let h = header::header(text, ocr);
    let sections = sections::sections(text);
    let words = fuzzy::words(text, ocr);
    let era = match h.issued_date.as_deref() {
        Some(d) if d >= "2025-07-01" => 2025,
        _ => 2024,
    };
    let (district, province) = places::resolve(&h, &words, era);
    let mut citations = citations::citations_in(text, &words, h.body_start, ocr);
    // A plan naming its own number (in a footer, an appendix heading "kèm theo Kế
    // hoạch số …") does not cite itself.
    if let Some(own) = h.doc_number.as_deref() {
        citations.retain(|c| c.number.as_deref() != Some(own));
    }
    // Basis: cited in the preamble, between the title and the first section.
    let preamble_end = sections
        .first()
        .map_or(text.len().min(h.body_start + 3000), |s| s.start);
    let basis: Vec<Citation> = {
        let pre = &text[floor_boundary(text, h.body_start.min(text.len()))
            ..floor_boundary(text, preamble_end.max(h.body_start).min(text.len()))];
        let pre_folded = fuzzy::key(pre, ocr);
        citations
            .iter()
            .filter(|c| {
                let k = fuzzy::key(&c.text, ocr);
                !k.is_empty() && pre_folded.contains(&k)
            })
            .cloned()
            .collect()
    };
    let year = h.title.as_deref().and_then(title_year).or(h.date_year);
    // Text fields copied from OCR text, as best restored (plan-metadata.md).
    let restore = |s: Option<String>| -> Option<String> {
        if ocr {
            s.map(|s| crate::analysis::ocr::restore::Restorer::shared().restore(&s))
        } else {
            s
        }
    };
    PlanMetadata {
        id: None,
        source: None,
        doc_type: h.doc_type.clone(),
        doc_number: h.doc_number.clone(),
        title: restore(h.title.clone()),
        // Built from the gazetteer and known names, not copied from the OCR text.
        issuer: h.issuer.clone(),
        level: h.level.clone(),
        place: h.place.clone(),
        district,
        province,
        issued_date: h.issued_date.clone(),
        year,
        signer: restore(header::signer(text, ocr)),
        basis,
        units: units::units(text, &sections, ocr),
        topics: topics::Topics::shared().find(&words, ocr),
        recipients: header::recipients(text),
        citations,
        sections,
        quality: Quality { ocr_suspected: ocr },
    }
}

/// The year a title says the plan is for: "năm 2024" (OCR "nim 2024"), else a lone
/// year; a period ("2021 - 2025") names no single year.
fn title_year(title: &str) -> Option<i32> {
    let f = crate::text::fold::fold(title);
    let ws: Vec<&str> = f
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let is_year =
        |w: &str| w.len() == 4 && w.parse::<i32>().is_ok_and(|y| (1945..=2100).contains(&y));
    for (i, pair) in ws.windows(2).enumerate() {
        let nam = pair[0].len() <= 4 && pair[0].starts_with('n') && pair[0].ends_with('m');
        // "đến năm 2030", "tầm nhìn đến năm 2045": a horizon, not the plan's year.
        let horizon = i > 0 && matches!(ws[i - 1], "den" | "nhin");
        if nam && !horizon && is_year(pair[1]) {
            return pair[1].parse().ok();
        }
    }
    let years: Vec<&str> = ws
        .iter()
        .enumerate()
        .filter(|&(i, w)| {
            let after_den = |k: usize| i >= k && ws[i - k] == "den";
            is_year(w) && !after_den(1) && !after_den(2)
        })
        .map(|(_, w)| *w)
        .collect();
    match years.as_slice() {
        [y] => y.parse().ok(),
        _ => None,
    }
}

/// The headings from the outermost section to the innermost one holding byte
/// `offset`, joined as a search hit shows them ("IV. Tổ chức thực hiện › 3. Phòng
/// Nội vụ"); `None` outside any section.
pub fn section_label(sections: &[Section], offset: usize) -> Option<String> {
    let chain = sections::chain_at(sections, offset);
    (!chain.is_empty()).then(|| {
        chain
            .iter()
            .map(|s| s.heading.as_str())
            .collect::<Vec<_>>()
            .join(" › ")
    })
}

/// The path ("IV.3") of the innermost section holding byte `offset`.
pub fn section_path(sections: &[Section], offset: usize) -> Option<&str> {
    sections::chain_at(sections, offset)
        .last()
        .map(|s| s.path.as_str())
}

/// The largest char boundary of `s` at or below `i`.
pub(crate) fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// At most `n` bytes of `s`, cut at a char boundary.
pub(crate) fn prefix(s: &str, n: usize) -> &str {
    &s[..floor_boundary(s, n)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_years() {
        let cases = [
            (
                "Tuyên truyền cải cách hành chính huyện Gio Linh năm 2022",
                Some(2022),
            ),
            (
                "Théng tin, tuyén truyén cii cach hanh chinh nim 2024",
                Some(2024),
            ),
            ("Phát triển kinh tế số giai đoạn 2026 - 2030", None),
            ("Kế hoạch 2023", Some(2023)),
            ("Phát triển hạ tầng 5G đến năm 2030", None),
        ];
        for (t, want) in cases {
            assert_eq!(title_year(t), want, "{t}");
        }
    }

    #[test]
    fn empty_input_gives_nulls() {
        let m = extract("");
        assert_eq!(m, PlanMetadata::default());
    }

    #[test]
    fn a_plan_does_not_cite_itself() {
        let text = "UỶ BAN NHÂN DÂN\nXÃ GIAO LONG\nSố: 45/KH-UBND\n\nKẾ HOẠCH\n\
                    Tuyên truyền cải cách hành chính năm 2024\n\n\
                    Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;\n\
                    I. MỤC ĐÍCH\nnội dung\n\
                    PHỤ LỤC\n(Kèm theo Kế hoạch số 45/KH-UBND ngày 10/01/2024)\n";
        let m = extract(text);
        assert_eq!(m.doc_number.as_deref(), Some("45/KH-UBND"));
        let numbers: Vec<_> = m
            .citations
            .iter()
            .filter_map(|c| c.number.as_deref())
            .collect();
        assert_eq!(numbers, ["76/NQ-CP"]);
    }

    #[test]
    fn labels_offsets() {
        let text = "KẾ HOẠCH\nX\n\nI. MỤC ĐÍCH\nnội dung\nII. TỔ CHỨC THỰC HIỆN\n1. Phòng Nội vụ\nChủ trì.";
        let m = extract(text);
        let off = text.find("Chủ trì").unwrap();
        assert_eq!(section_path(&m.sections, off), Some("II.1"));
        assert_eq!(
            section_label(&m.sections, off).as_deref(),
            Some("II. TỔ CHỨC THỰC HIỆN › 1. Phòng Nội vụ")
        );
    }
}
