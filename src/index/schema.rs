//! The tantivy schema: which parts of a plan are searchable, filterable, sortable and
//! stored.
//!
//! Text is indexed twice, by the exact analyzer and by the folded one, because a
//! query typed with diacritics must rank exact-diacritic matches first while still
//! matching folded and OCR-repaired text (separate fields with their own boosts behave
//! better than two terms at one position). Filter values are indexed as folded keys so
//! that `Phong Noi vu` finds `Phòng Nội vụ`; facet values are kept in display form.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis::{EXACT, FOLDED, PAIRS};

/// Bumped whenever the schema or the analyzers change meaning: an index written by
/// another version is rebuilt rather than searched with mismatched terms.
pub const SCHEMA_VERSION: u32 = 5;

/// Handles of every field.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Stable id: a hash of the file content.
    pub id: Field,
    /// Path relative to the indexed folder, for display.
    pub source: Field,
    /// Absolute path, for incremental indexing.
    pub path: Field,
    /// Modification time and size fingerprint of the file when indexed.
    pub fingerprint: Field,
    pub title: Field,
    pub title_folded: Field,
    /// Pairs of consecutive folded words of the title, for phrases (see
    /// `analysis::pairs`).
    pub title_pairs: Field,
    pub body: Field,
    /// Folded body, with positions (snippets read where the words are from them).
    pub body_folded: Field,
    /// Pairs of consecutive folded words of the body, for phrases and similar
    /// wording.
    pub body_pairs: Field,
    /// The metadata as JSON, for hits and the plan view.
    pub meta: Field,
    pub year: Field,
    /// Issued date as yyyymmdd, for sorting.
    pub date: Field,
    // Facets (display values) and their folded filter keys.
    pub topic: Field,
    pub level: Field,
    pub province: Field,
    pub province_key: Field,
    pub issuer: Field,
    pub issuer_key: Field,
    pub unit: Field,
    pub unit_key: Field,
    pub cites: Field,
    pub cites_key: Field,
    pub doc_number_key: Field,
    /// The plan's text as read, stored as bytes (see `doc::stored_text`): what
    /// snippets and the plan view show, and what positions count words of.
    pub text: Field,
    /// Where every [`WORD_MARK_STRIDE`]th word of the text starts (see
    /// `doc::word_marks`): a snippet walks the words from the mark before the
    /// positions it shows, not from the start of the plan.
    pub word_marks: Field,
}

/// Words between two stored word marks.
pub const WORD_MARK_STRIDE: usize = 64;

fn text_field(analyzer: &str, stored: bool) -> TextOptions {
    let opts = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    if stored { opts.set_stored() } else { opts }
}

/// Builds the schema and its field handles.
pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let facet = STRING | FAST;
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        source: b.add_text_field("source", STRING | STORED),
        path: b.add_text_field("path", STRING | STORED),
        fingerprint: b.add_text_field("fingerprint", STORED),
        title: b.add_text_field("title", text_field(EXACT, false)),
        // Each pair field right after its folded field: indexing analyzes a text once
        // for the three, in field order (see `analysis::fields`).
        title_folded: b.add_text_field("title_folded", text_field(FOLDED, false)),
        title_pairs: b.add_text_field("title_pairs", text_field(PAIRS, false)),
        body: b.add_text_field("body", text_field(EXACT, false)),
        body_folded: b.add_text_field("body_folded", text_field(FOLDED, false)),
        body_pairs: b.add_text_field("body_pairs", text_field(PAIRS, false)),
        meta: b.add_text_field("meta", STORED),
        year: b.add_i64_field("year", INDEXED | FAST | STORED),
        date: b.add_i64_field("date", INDEXED | FAST),
        topic: b.add_text_field("topic", facet.clone()),
        level: b.add_text_field("level", facet.clone()),
        province: b.add_text_field("province", facet.clone()),
        province_key: b.add_text_field("province_key", STRING),
        issuer: b.add_text_field("issuer", facet.clone()),
        issuer_key: b.add_text_field("issuer_key", STRING),
        unit: b.add_text_field("unit", facet.clone()),
        unit_key: b.add_text_field("unit_key", STRING),
        cites: b.add_text_field("cites", facet),
        cites_key: b.add_text_field("cites_key", STRING),
        doc_number_key: b.add_text_field("doc_number_key", STRING),
        text: b.add_bytes_field("text", STORED),
        word_marks: b.add_bytes_field("word_marks", STORED),
    };
    (b.build(), fields)
}
