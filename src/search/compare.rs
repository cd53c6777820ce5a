//! Two plans side by side: what they share and where they differ, so a reviewer can
//! see at a glance how a district's plan departs from the province's.
//!
//! Lists compare by the same folded keys the filters use, so a unit spelled with or
//! without diacritics (or mangled by OCR and repaired) is one unit. Top-level
//! sections are paired greedily by heading and wording similarity.

use std::collections::HashMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::Hit;
use super::searcher::hit_of;

use super::similar::{Features, Slot, overlap, slots};
use crate::extract::Section;
use crate::index::doc::{Plan, cites_key, name_key};

/// Below this similarity two sections are not considered the same part of a plan.
const MIN_SECTION_SIMILARITY: f32 = 0.15;
/// Section text beyond this is ignored when pairing: the opening says what it is about.
const SECTION_PREFIX_BYTES: usize = 4000;

/// Values of one kind in both plans, in one only.
#[derive(Debug, Clone, Default, Serialize, PartialEq, ToSchema)]
pub struct Split {
    pub shared: Vec<String>,
    pub only_a: Vec<String>,
    pub only_b: Vec<String>,
}

/// A section named by path and heading.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct SectionRef {
    pub path: String,
    pub heading: String,
}

/// A top-level section of `a` matched with one of `b`; `None` when unmatched.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SectionPair {
    pub a: Option<SectionRef>,
    pub b: Option<SectionRef>,
    pub similarity: f32,
}

/// The answer of `GET /api/compare`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Comparison {
    /// The two plans, summarized as search hits are.
    pub a: Hit,
    pub b: Hit,
    pub topics: Split,
    pub units: Split,
    pub citations: Split,
    pub sections: Vec<SectionPair>,
}

/// Splits two lists by `key`, keeping the first spelling of each value (a's for
/// shared ones) and the order of appearance.
pub fn split(a: &[String], b: &[String], key: impl Fn(&str) -> String) -> Split {
    let dedup = |list: &[String]| {
        let mut seen = Vec::new();
        let mut out: Vec<(String, String)> = Vec::new();
        for v in list {
            let k = key(v);
            if !k.is_empty() && !seen.contains(&k) {
                seen.push(k.clone());
                out.push((k, v.clone()));
            }
        }
        out
    };
    let (a, b) = (dedup(a), dedup(b));
    let mut out = Split::default();
    for (k, v) in &a {
        if b.iter().any(|(kb, _)| kb == k) {
            out.shared.push(v.clone());
        } else {
            out.only_a.push(v.clone());
        }
    }
    for (k, v) in &b {
        if !a.iter().any(|(ka, _)| ka == k) {
            out.only_b.push(v.clone());
        }
    }
    out
}

/// Analyzed heading and opening text of a section.
struct Analyzed {
    heading: Vec<Slot>,
    text: Vec<Slot>,
}

fn analyzed(s: &Section) -> Analyzed {
    let mut end = s.text.len().min(SECTION_PREFIX_BYTES);
    while !s.text.is_char_boundary(end) {
        end -= 1;
    }
    Analyzed {
        heading: slots(&s.heading),
        text: slots(&s.text[..end]),
    }
}

fn similarity(x: &Analyzed, y: &Analyzed) -> f32 {
    let sim = |a: &[Slot], b: &[Slot]| overlap(a, &Features::of(a), b, &Features::of(b));
    0.4 * sim(&x.heading, &y.heading) + 0.6 * sim(&x.text, &y.text)
}

fn top_level(p: &Plan) -> Vec<&Section> {
    p.meta
        .sections
        .iter()
        .filter(|s| !s.path.contains('.'))
        .collect()
}

fn section_ref(s: &Section) -> SectionRef {
    SectionRef {
        path: s.path.clone(),
        heading: s.heading.clone(),
    }
}

/// Pairs top-level sections best-first; the result follows `a`'s order, then `b`'s
/// unmatched sections.
fn pair_sections(a: &Plan, b: &Plan) -> Vec<SectionPair> {
    let (sa, sb) = (top_level(a), top_level(b));
    let (aa, ab): (Vec<Analyzed>, Vec<Analyzed>) = (
        sa.iter().map(|s| analyzed(s)).collect(),
        sb.iter().map(|s| analyzed(s)).collect(),
    );
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for (i, x) in aa.iter().enumerate() {
        for (j, y) in ab.iter().enumerate() {
            let s = similarity(x, y);
            if s >= MIN_SECTION_SIMILARITY {
                candidates.push((s, i, j));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut match_a: HashMap<usize, (usize, f32)> = HashMap::new();
    let mut used_b = vec![false; sb.len()];
    for (s, i, j) in candidates {
        if !match_a.contains_key(&i) && !used_b[j] {
            match_a.insert(i, (j, s));
            used_b[j] = true;
        }
    }
    let round = |s: f32| (s * 1000.0).round() / 1000.0;
    let mut out: Vec<SectionPair> = sa
        .iter()
        .enumerate()
        .map(|(i, s)| match match_a.get(&i) {
            Some(&(j, sim)) => SectionPair {
                a: Some(section_ref(s)),
                b: Some(section_ref(sb[j])),
                similarity: round(sim),
            },
            None => SectionPair {
                a: Some(section_ref(s)),
                b: None,
                similarity: 0.0,
            },
        })
        .collect();
    out.extend(
        sb.iter()
            .zip(&used_b)
            .filter(|(_, used)| !**used)
            .map(|(s, _)| SectionPair {
                a: None,
                b: Some(section_ref(s)),
                similarity: 0.0,
            }),
    );
    out
}

/// Compares two plans.
pub fn compare(a: &Plan, b: &Plan) -> Comparison {
    let units = |p: &Plan| {
        p.meta
            .units
            .iter()
            .map(|u| u.name.clone())
            .collect::<Vec<_>>()
    };
    let cites = |p: &Plan| {
        p.meta
            .citations
            .iter()
            .filter_map(|c| c.number.clone())
            .collect::<Vec<_>>()
    };
    Comparison {
        a: hit_of(&a.meta, 0.0),
        b: hit_of(&b.meta, 0.0),
        topics: split(&a.meta.topics, &b.meta.topics, |t| t.trim().to_lowercase()),
        units: split(&units(a), &units(b), name_key),
        citations: split(&cites(a), &cites(b), cites_key),
        sections: pair_sections(a, b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_by_folded_key() {
        let a = vec!["Phòng Nội vụ".to_string(), "Công an xã".to_string()];
        let b = vec!["phong noi  vu".to_string(), "Văn phòng".to_string()];
        let s = split(&a, &b, name_key);
        assert_eq!(s.shared, ["Phòng Nội vụ"]);
        assert_eq!(s.only_a, ["Công an xã"]);
        assert_eq!(s.only_b, ["Văn phòng"]);
    }

    #[test]
    fn sections_pair_by_similarity() {
        let sec = |path: &str, heading: &str, text: &str| Section {
            path: path.into(),
            heading: heading.into(),
            text: text.into(),
            start: 0,
            end: 0,
        };
        let plan = |sections: Vec<Section>| Plan {
            meta: crate::extract::PlanMetadata {
                sections,
                ..Default::default()
            },
            text: String::new(),
            path: String::new(),
            fingerprint: String::new(),
        };
        let a = plan(vec![
            sec("I", "MỤC ĐÍCH, YÊU CẦU", "nâng cao nhận thức cán bộ"),
            sec("II", "NỘI DUNG", "tuyên truyền cải cách hành chính"),
            sec("III", "KINH PHÍ", "ngân sách xã"),
        ]);
        let b = plan(vec![
            sec(
                "I",
                "NỘI DUNG TUYÊN TRUYỀN",
                "tuyên truyền cải cách hành chính",
            ),
            sec("II", "MỤC ĐÍCH YÊU CẦU", "nâng cao nhận thức của cán bộ"),
        ]);
        let p = pair_sections(&a, &b);
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].b.as_ref().unwrap().path, "II");
        assert_eq!(p[1].b.as_ref().unwrap().path, "I");
        assert!(p[2].b.is_none() && p[2].a.as_ref().unwrap().path == "III");
    }
}
