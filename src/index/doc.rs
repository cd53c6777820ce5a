//! A plan as stored in the index: metadata, display text and the bookkeeping that
//! incremental indexing needs; conversion to and from tantivy documents.

use std::borrow::Cow;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use tantivy::schema::Value;
use tantivy::{TantivyDocument, Term};

use super::schema::{Fields, WORD_MARK_STRIDE};
use crate::analysis::segmenter::word_spans;
use crate::extract::PlanMetadata;
use crate::text::docnum::{doc_number_key, normalize_doc_number};
use crate::text::fold::fold;

/// A plan ready to be indexed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Plan {
    pub meta: PlanMetadata,
    /// The display text (NFC, LF, markdown markup removed).
    pub text: String,
    /// Absolute path of the file, empty for plans added through the API.
    pub path: String,
    /// Size and modification time of the file when read.
    pub fingerprint: String,
}

/// The stable id of a plan: a hash of its text (same content, same id).
pub fn content_id(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex()[..16].to_string()
}

/// Folded key used to filter by a name (unit, province, issuer) regardless of
/// diacritics, case and spacing.
pub fn name_key(name: &str) -> String {
    fold(name).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Key used to filter by a cited document: its normalized number, folded.
pub fn cites_key(number: &str) -> String {
    doc_number_key(&normalize_doc_number(number).unwrap_or_else(|| number.trim().to_string()))
}

/// Turns `date` (`YYYY-MM-DD`) into a sortable number.
fn date_number(date: &str) -> Option<i64> {
    date.replace('-', "").parse().ok()
}

impl Plan {
    /// Converts the plan to a tantivy document.
    pub fn to_document(&self, f: &Fields) -> Result<TantivyDocument> {
        let m = &self.meta;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, m.id.as_deref().unwrap_or_default());
        doc.add_text(f.source, m.source.as_deref().unwrap_or_default());
        doc.add_text(f.path, &self.path);
        doc.add_text(f.fingerprint, &self.fingerprint);
        let title = m.title.as_deref().unwrap_or_default();
        doc.add_text(f.title, title);
        doc.add_text(f.title_folded, title);
        doc.add_text(f.title_pairs, title);
        doc.add_text(f.body, &self.text);
        doc.add_text(f.body_folded, &self.text);
        doc.add_text(f.body_pairs, &self.text);
        doc.add_bytes(f.text, self.text.as_bytes());
        doc.add_bytes(f.word_marks, &word_marks(&self.text));
        let mut stored = m.clone();
        for s in &mut stored.sections {
            s.text.clear();
        }
        doc.add_text(f.meta, serde_json::to_string(&stored)?);
        if let Some(y) = m.year {
            doc.add_i64(f.year, y as i64);
        }
        if let Some(d) = m.issued_date.as_deref().and_then(date_number) {
            doc.add_i64(f.date, d);
        }
        for t in &m.topics {
            doc.add_text(f.topic, t);
        }
        if let Some(l) = &m.level {
            doc.add_text(f.level, l);
        }
        if let Some(p) = &m.province {
            doc.add_text(f.province, p);
            doc.add_text(f.province_key, name_key(p));
        }
        if let Some(d) = &m.district {
            doc.add_text(f.province_key, name_key(d));
        }
        if let Some(i) = &m.issuer {
            doc.add_text(f.issuer, i);
            doc.add_text(f.issuer_key, name_key(i));
        }
        for u in &m.units {
            doc.add_text(f.unit, &u.name);
            doc.add_text(f.unit_key, name_key(&u.name));
        }
        for c in &m.citations {
            if let Some(n) = &c.number {
                doc.add_text(f.cites, n);
                doc.add_text(f.cites_key, cites_key(n));
            }
        }
        if let Some(n) = &m.doc_number {
            doc.add_text(f.doc_number_key, cites_key(n));
        }
        Ok(doc)
    }

    /// Reads a stored document back (metadata with section texts, and the text).
    pub fn from_document(doc: &TantivyDocument, f: &Fields) -> Result<Plan> {
        let text = stored_text(doc, f)?.to_string();
        let mut meta = Plan::metadata_of(doc, f)?;
        for s in &mut meta.sections {
            if let Some(t) = text.get(s.start..s.end) {
                s.text = t.to_string();
            }
        }
        Ok(Plan {
            meta,
            text,
            path: stored_str(doc, f.path).unwrap_or_default().to_string(),
            fingerprint: stored_str(doc, f.fingerprint)
                .unwrap_or_default()
                .to_string(),
        })
    }

    /// The stored metadata alone, its sections without their texts: what a search
    /// hit shows.
    pub fn metadata_of(doc: &TantivyDocument, f: &Fields) -> Result<PlanMetadata> {
        Plan::metadata_from(stored_str(doc, f.meta))
    }

    /// The metadata from its stored JSON (absent: empty metadata).
    pub fn metadata_from(json: Option<&str>) -> Result<PlanMetadata> {
        serde_json::from_str(json.unwrap_or("{}")).context("stored metadata is not valid JSON")
    }
}

/// What a search hit shows of a plan's stored metadata, borrowed from the stored
/// JSON where it has no escapes. A page of hits parsed the whole metadata
/// (citations, units, recipients, every string copied) only to drop most of it.
#[derive(Debug, Default, Deserialize)]
pub struct HitMeta<'a> {
    #[serde(default, borrow, deserialize_with = "opt_text")]
    pub id: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "opt_text")]
    pub source: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "opt_text")]
    pub title: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "opt_text")]
    pub doc_number: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "opt_text")]
    pub issuer: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "opt_text")]
    pub level: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "opt_text")]
    pub province: Option<Cow<'a, str>>,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default, borrow, deserialize_with = "opt_text")]
    pub issued_date: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "texts")]
    pub topics: Vec<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub sections: Vec<SectionSpan<'a>>,
}

/// A string borrowed from the JSON when it has no escapes. Serde borrows a `Cow`
/// only when it is a field itself: inside an `Option` or a `Vec` it copies every
/// string, which made parsing a page of hits allocate for each title and topic.
#[derive(Deserialize)]
#[serde(transparent)]
struct Text<'a>(#[serde(borrow)] Cow<'a, str>);

fn opt_text<'de: 'a, 'a, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Cow<'a, str>>, D::Error> {
    Ok(Option::<Text<'a>>::deserialize(d)?.map(|t| t.0))
}

fn texts<'de: 'a, 'a, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<Cow<'a, str>>, D::Error> {
    Ok(Vec::<Text<'a>>::deserialize(d)?
        .into_iter()
        .map(|t| t.0)
        .collect())
}

/// A section's heading and byte span (see [`crate::extract::Section`]).
#[derive(Debug, Default, Deserialize)]
pub struct SectionSpan<'a> {
    #[serde(borrow)]
    pub heading: Cow<'a, str>,
    #[serde(default)]
    pub start: usize,
    #[serde(default)]
    pub end: usize,
}

impl<'a> HitMeta<'a> {
    /// From a plan's stored metadata JSON (absent: empty).
    pub fn parse(json: Option<&'a str>) -> Result<HitMeta<'a>> {
        serde_json::from_str(json.unwrap_or("{}")).context("stored metadata is not valid JSON")
    }

    /// Borrowed from metadata at hand.
    pub fn of(m: &'a PlanMetadata) -> HitMeta<'a> {
        let b = |v: &'a Option<String>| v.as_deref().map(Cow::Borrowed);
        HitMeta {
            id: b(&m.id),
            source: b(&m.source),
            title: b(&m.title),
            doc_number: b(&m.doc_number),
            issuer: b(&m.issuer),
            level: b(&m.level),
            province: b(&m.province),
            year: m.year,
            issued_date: b(&m.issued_date),
            topics: m.topics.iter().map(|t| Cow::Borrowed(t.as_str())).collect(),
            sections: m
                .sections
                .iter()
                .map(|s| SectionSpan {
                    heading: Cow::Borrowed(s.heading.as_str()),
                    start: s.start,
                    end: s.end,
                })
                .collect(),
        }
    }
}

/// The stored text of a plan. It is stored as bytes, not as a tantivy string:
/// tantivy checks every stored string with the standard library's UTF-8 validation,
/// whose ASCII fast path Vietnamese text defeats (a sixth of a server's CPU under
/// load, ten plans a page); `simdutf8` checks the same bytes at memory speed.
pub fn stored_text<'a>(doc: &'a TantivyDocument, f: &Fields) -> Result<&'a str> {
    match doc.get_first(f.text).and_then(|v| v.as_bytes()) {
        None => Ok(""),
        Some(bytes) => stored_utf8(bytes),
    }
}

/// Stored bytes as text, checked with `simdutf8` (see [`stored_text`]).
pub fn stored_utf8(bytes: &[u8]) -> Result<&str> {
    simdutf8::basic::from_utf8(bytes).map_err(|_| {
        anyhow::anyhow!("a stored value of a plan (its text or metadata) is not valid UTF-8")
    })
}

/// The start of every [`WORD_MARK_STRIDE`]th word of `text` (word 0, 64, 128 …),
/// as little-endian `u32` byte offsets. Words are runs of word characters, so the
/// words from one mark to the next are the segmenter's walk of that stretch alone.
pub fn word_marks(text: &str) -> Vec<u8> {
    word_spans(text)
        .iter()
        .step_by(WORD_MARK_STRIDE)
        .flat_map(|&(start, _)| (start as u32).to_le_bytes())
        .collect()
}

/// The stored word marks of a plan, as byte offsets; empty when the index has none.
pub fn stored_word_marks(doc: &TantivyDocument, f: &Fields) -> Vec<usize> {
    doc.get_first(f.word_marks)
        .and_then(|v| v.as_bytes())
        .map(decode_word_marks)
        .unwrap_or_default()
}

/// Byte offsets from their stored form.
pub fn decode_word_marks(bytes: &[u8]) -> Vec<usize> {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]) as usize)
        .collect()
}

/// The first stored string value of `field`.
pub fn stored_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<&str> {
    doc.get_first(field).and_then(|v| v.as_str())
}

/// The term that identifies a plan by id.
pub fn id_term(f: &Fields, id: &str) -> Term {
    Term::from_field_text(f.id, id)
}

/// The term that identifies a plan by file path.
pub fn path_term(f: &Fields, path: &str) -> Term {
    Term::from_field_text(f.path, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::build_schema;

    #[test]
    fn hit_metadata_borrows_plain_strings_and_unescapes_the_others() {
        let json = r#"{"id":"a1","title":"K\u1ebf ho\u1ea1ch \"CCHC\"","issuer":"UBND xã",
            "province":null,"year":2024,"topics":["web-portal","a\/b"],
            "citations":[{"number":"1/QĐ"}],
            "sections":[{"path":"I","heading":"I. MỤC ĐÍCH","text":"…","start":3,"end":9}]}"#;
        let m = HitMeta::parse(Some(json)).unwrap();
        assert!(matches!(m.id, Some(Cow::Borrowed("a1"))));
        assert!(matches!(m.issuer, Some(Cow::Borrowed("UBND xã"))));
        assert_eq!(m.title.as_deref(), Some("Kế hoạch \"CCHC\""));
        assert!(matches!(m.title, Some(Cow::Owned(_))));
        assert_eq!(m.province, None);
        assert_eq!(m.year, Some(2024));
        assert!(matches!(m.topics[0], Cow::Borrowed("web-portal")));
        assert_eq!(m.topics[1], "a/b");
        assert!(matches!(
            m.sections[0].heading,
            Cow::Borrowed("I. MỤC ĐÍCH")
        ));
        assert_eq!((m.sections[0].start, m.sections[0].end), (3, 9));
        let empty = HitMeta::parse(None).unwrap();
        assert!(empty.id.is_none() && empty.topics.is_empty());
    }

    #[test]
    fn stored_text_is_checked_utf8_and_absent_text_is_empty() {
        let (_, f) = build_schema();
        let mut doc = TantivyDocument::default();
        assert_eq!(stored_text(&doc, &f).unwrap(), "");
        doc.add_bytes(f.text, "Kế hoạch cải cách hành chính".as_bytes());
        assert_eq!(
            stored_text(&doc, &f).unwrap(),
            "Kế hoạch cải cách hành chính"
        );
        let mut bad = TantivyDocument::default();
        bad.add_bytes(f.text, &[b'K', 0xE1, 0xBA]);
        let err = stored_text(&bad, &f).unwrap_err().to_string();
        assert!(err.contains("UTF-8"), "{err}");
    }
}
