//! Analysis for indexing: the exact and folded token streams of a text in one pass.
//!
//! The two analyzers share their first steps (syllables → NFC → tone marks → lower
//! case), and indexing ran them separately over every title and body. Here the
//! shared steps run once and the folded stages ([`FoldedStages`], the very code the
//! `vi_folded` analyzer runs) continue from the exact tokens; the index receives
//! both streams pre-tokenized.
//!
//! The per-word steps (NFC, tone marks, lower case, folding) depend on the word
//! alone, and plans repeat their words (a 15 KB plan has ~3,000 words but a few
//! hundred distinct ones), so each thread keeps their results per distinct word:
//! computed once by the analyzers' own filters, then looked up.

use std::cell::RefCell;

use tantivy::tokenizer::{RawTokenizer, TextAnalyzer, Token, TokenStream as _};

use super::filter::{MapFilter, Stage, TokenMap};
use super::normalize::{Fold, Nfc, ToneMarks};
use super::segmenter::word_spans;
use super::{acronym, docnumber, ocr};
use crate::fxhash::FxHashMap;

/// Distinct words remembered per thread before the memo starts over.
const MEMO_WORDS: usize = 200_000;

/// The stages of the folded analyzer after the shared steps: OCR repair, folding,
/// acronym keys, document numbers. A [`Stage`] so that the `vi_folded` analyzer and
/// [`analyze_fields`] run the same code.
#[derive(Clone, Copy, Default)]
pub struct FoldedStages;

impl Stage for FoldedStages {
    fn process(&self, text: &str, tokens: &mut Vec<Token>) {
        // Each stage sees positions in order, as chained tantivy filters would.
        ocr::OcrRepair.process(text, tokens);
        tokens.sort_by_key(|t| t.position);
        MEMO.with(|m| {
            let mut m = m.borrow_mut();
            for t in tokens.iter_mut() {
                m.fold(&mut t.text);
            }
        });
        acronym::Acronyms.process(text, tokens);
        tokens.sort_by_key(|t| t.position);
        docnumber::DocNumbers.process(text, tokens);
        tokens.sort_by_key(|t| t.position);
    }
}

/// Per-thread results of the per-word steps.
struct Memo {
    /// Word as written → exact term.
    exact: FxHashMap<Box<str>, Box<str>>,
    /// Term → folded term (only for non-ASCII terms: folding ASCII is lower-casing,
    /// already done).
    folded: FxHashMap<Box<str>, Box<str>>,
    /// The exact analyzer's per-token filters over a whole-input tokenizer.
    word_analyzer: TextAnalyzer,
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo {
        exact: FxHashMap::default(),
        folded: FxHashMap::default(),
        word_analyzer: TextAnalyzer::builder(RawTokenizer::default())
            .filter(MapFilter(Nfc))
            .filter(MapFilter(ToneMarks))
            .filter(tantivy::tokenizer::LowerCaser)
            .build(),
    });
}

impl Memo {
    /// The exact term of a word as written.
    fn exact(&mut self, word: &str) -> &str {
        if !self.exact.contains_key(word) {
            if self.exact.len() >= MEMO_WORDS {
                self.exact.clear();
            }
            let mut stream = self.word_analyzer.token_stream(word);
            let term = if stream.advance() {
                stream.token().text.clone()
            } else {
                String::new()
            };
            drop(stream);
            self.exact.insert(word.into(), term.into());
        }
        &self.exact[word]
    }

    /// Folds a term in place, as [`Fold`] does.
    fn fold(&mut self, text: &mut String) {
        if text.is_ascii() {
            return;
        }
        if let Some(f) = self.folded.get(text.as_str()) {
            text.clear();
            text.push_str(f);
            return;
        }
        if self.folded.len() >= MEMO_WORDS {
            self.folded.clear();
        }
        let key: Box<str> = text.as_str().into();
        Fold.map(text);
        self.folded.insert(key, text.as_str().into());
    }
}

/// The exact and folded tokens of a text, as the `vi_exact` and `vi_folded`
/// analyzers produce them.
#[derive(Debug, Clone, Default)]
pub struct FieldTokens {
    pub exact: Vec<Token>,
    pub folded: Vec<Token>,
}

/// Analyzes `text` for both fields at once.
pub fn analyze_fields(text: &str) -> FieldTokens {
    let spans = word_spans(text);
    let mut exact = Vec::with_capacity(spans.len());
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        for (position, (s, e)) in spans.into_iter().enumerate() {
            // The exact analyzer drops a token only if its filters empty it, which
            // none does; keep the same positions regardless.
            exact.push(Token {
                offset_from: s,
                offset_to: e,
                position,
                text: m.exact(&text[s..e]).to_string(),
                position_length: 1,
            });
        }
    });
    let mut folded = exact.clone();
    FoldedStages.process(text, &mut folded);
    FieldTokens { exact, folded }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{exact_analyzer, folded_analyzer};

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut s = analyzer.token_stream(text);
        while s.advance() {
            out.push(s.token().clone());
        }
        out
    }

    #[test]
    fn same_tokens_as_the_analyzers() {
        let texts = [
            "",
            "Đảng ủy xã Giao Long; Đa\u{0309}ng  KẾ HOẠCH số 76/NQ-CP (CCHC)",
            "UY BAN NHAN DAN CONG HOA XA HQI S6: 38 /KH-UBND ctia Pang hi¢u qua",
            "thủ tục hành chính, TTHC, kinh tế - xã hội, KT-XH, hoà, hòa, Uỷ ban",
            " \u{0301}ab cải cách\r\nhành chính v.v… TP.HCM 2024",
        ];
        for text in texts {
            // Twice: the second run reads the memo.
            for _ in 0..2 {
                let got = analyze_fields(text);
                assert_eq!(got.exact, tokens(&mut exact_analyzer(), text), "{text:?}");
                assert_eq!(got.folded, tokens(&mut folded_analyzer(), text), "{text:?}");
            }
        }
    }
}
