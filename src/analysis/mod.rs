//! The Vietnamese analyzer: text → index terms, as tantivy tokenizers and filters.
//!
//! Two analyzers share one pipeline:
//! - `vi_exact`: syllables → NFC → canonical tone marks → lower case. Terms keep their
//!   diacritics, so a query typed with diacritics can rank exact matches first.
//! - `vi_folded`: the same, then OCR repair (alternatives at the same position),
//!   folding (`đảng` → `dang`), acronym keys and whole document numbers. Every search
//!   matches here; this field also holds the stored text used for snippets.

pub mod acronym;
pub mod docnumber;
pub mod fields;
pub mod filter;
pub mod normalize;
pub mod ocr;
pub mod pairs;
pub mod phrases;
pub mod segmenter;

use serde::Serialize;
use tantivy::tokenizer::{
    LowerCaser, TextAnalyzer, TextAnalyzerBuilder, Token, Tokenizer, TokenizerManager,
};

use filter::{MapFilter, StageFilter};

/// Name under which the exact analyzer is registered.
pub const EXACT: &str = "vi_exact";
/// Name under which the folded analyzer is registered.
pub const FOLDED: &str = "vi_folded";
/// Name under which the word-pair analyzer is registered.
pub const PAIRS: &str = "vi_pairs";

/// The steps every analyzer starts with: syllables → NFC → canonical tone marks →
/// lower case. One builder, so the three analyzers cannot drift apart.
fn shared_steps() -> TextAnalyzerBuilder<impl Tokenizer> {
    TextAnalyzer::builder(segmenter::SyllableTokenizer)
        .filter(MapFilter(normalize::Nfc))
        .filter(MapFilter(normalize::ToneMarks))
        .filter(LowerCaser)
}

/// The exact-form analyzer.
pub fn exact_analyzer() -> TextAnalyzer {
    shared_steps().build()
}

/// The folded analyzer: the exact analyzer's steps, then OCR repair, folding,
/// acronym keys and document numbers ([`fields::FoldedStages`], shared with the
/// one-pass analysis that indexing uses).
pub fn folded_analyzer() -> TextAnalyzer {
    shared_steps()
        .filter(StageFilter(fields::FoldedStages))
        .build()
}

/// The word-pair analyzer: the folded analyzer's terms of each two consecutive
/// words joined, for phrases (see [`pairs`]).
pub fn pairs_analyzer() -> TextAnalyzer {
    shared_steps()
        .filter(StageFilter(fields::FoldedStages))
        .filter(StageFilter(pairs::Pairs))
        .build()
}

/// Registers the three analyzers: tantivy does not store tokenizers in the index, so every
/// opened index needs this. The index gets the indexing variants, which produce the
/// same tokens and analyze each text once for all three fields (see [`fields`]);
/// queries and snippets call [`exact_analyzer`] and [`folded_analyzer`] directly.
pub fn register(manager: &TokenizerManager) {
    manager.register(EXACT, TextAnalyzer::from(fields::IndexingExact));
    manager.register(FOLDED, TextAnalyzer::from(fields::IndexingFolded));
    manager.register(PAIRS, TextAnalyzer::from(fields::IndexingPairs));
}

/// One word of analyzed text, with every index term emitted at its position: the
/// shape of `plansearch analyze` and `GET /api/analyze`.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct AnalyzedToken {
    pub position: usize,
    /// Byte offsets of the word in the input.
    pub start: usize,
    pub end: usize,
    /// The word as written.
    pub text: String,
    /// Exact, folded, repaired and expanded terms, without duplicates.
    pub terms: Vec<String>,
}

/// Runs both analyzers over `text` and merges their terms by position.
pub fn analyze(text: &str) -> Vec<AnalyzedToken> {
    let mut out: Vec<AnalyzedToken> = Vec::new();
    let mut exact = exact_analyzer();
    let mut stream = exact.token_stream(text);
    while let Some(t) = stream.next() {
        out.push(AnalyzedToken {
            position: t.position,
            start: t.offset_from,
            end: t.offset_to,
            text: text[t.offset_from..t.offset_to].to_string(),
            terms: vec![t.text.clone()],
        });
    }
    let mut folded = folded_analyzer();
    let mut stream = folded.token_stream(text);
    while let Some(t) = stream.next() {
        if let Some(entry) = out.get_mut(t.position)
            && !entry.terms.contains(&t.text)
        {
            entry.terms.push(t.text.clone());
        }
    }
    out
}

/// The tokens of one analyzer for `text`, in order.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(t.clone());
    }
    out
}

/// The terms of one analyzer for `text`, in order (used by tests and the query side).
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    tokens(analyzer, text)
        .into_iter()
        .map(|t| (t.position, t.text))
        .collect()
}

#[cfg(test)]
mod tests;
