//! Metadata extraction (provisional: number, title and year only; the full extractor
//! replaces this module).

use serde::{Deserialize, Serialize};

use crate::text::docnum::find_doc_numbers;
use crate::text::fold::fold;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Citation {
    pub kind: Option<String>,
    pub number: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Unit {
    pub name: String,
    pub raw: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Section {
    pub path: String,
    pub heading: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Quality {
    pub ocr_suspected: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
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
    pub basis: Vec<Citation>,
    pub citations: Vec<Citation>,
    pub units: Vec<Unit>,
    pub topics: Vec<String>,
    pub recipients: Vec<String>,
    pub sections: Vec<Section>,
    pub quality: Quality,
}

pub fn extract(text: &str) -> PlanMetadata {
    let mut m = PlanMetadata::default();
    let head: String = text.chars().take(1500).collect();
    m.doc_number = find_doc_numbers(&head)
        .first()
        .map(|d| d.normalized.clone());
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if let Some(i) = lines.iter().position(|l| fold(l) == "ke hoach") {
        m.doc_type = Some("Kế hoạch".into());
        m.title = lines.get(i + 1).map(|s| s.to_string());
    }
    if let Some(t) = &m.title {
        m.year = t
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|w| w.parse::<i32>().ok())
            .find(|y| (1990..=2100).contains(y));
    }
    m
}
