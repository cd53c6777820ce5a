//! Analysis for indexing: the exact and folded token streams of a text in one pass.
//!
//! The two analyzers share their first steps (syllables → NFC → tone marks → lower
//! case), and indexing ran them separately over every title and body. Here the
//! shared steps run once and the folded stages ([`FoldedStages`], the very code the
//! `vi_folded` analyzer runs) continue from the exact tokens.
//!
//! The index gets both streams through two tokenizers registered under the fields'
//! analyzer names ([`IndexingExact`], [`IndexingFolded`]): tantivy indexes a
//! document's fields in field order on one thread, so the exact field's tokenizer
//! analyzes the text for both and leaves the folded tokens for the folded field's
//! tokenizer, which takes them if its text is the same (and analyzes otherwise).
//! The folded field's tokenizer in turn leaves the word pairs of its tokens for the
//! pair field's tokenizer ([`IndexingPairs`]), which comes next in field order.
//! Pre-tokenized values would do the same in principle, but tantivy's document
//! stores them as JSON, which cost more than the analysis it saved.
//!
//! The per-word steps (NFC, tone marks, lower case, folding) depend on the word
//! alone, and plans repeat their words (a 15 KB plan has ~3,000 words but a few
//! hundred distinct ones), so each thread keeps their results per distinct word:
//! computed once by the analyzers' own filters, then looked up.

use std::cell::RefCell;
use std::thread::LocalKey;

use tantivy::tokenizer::{RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer};

use super::filter::{MapFilter, Stage, StageStream, TokenMap};
use super::normalize::{Fold, Nfc, ToneMarks};
use super::segmenter::word_spans;
use super::{acronym, docnumber, ocr, pairs};
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

impl FieldTokens {
    /// The pair tokens of the same text (see [`pairs::pairs`]).
    fn pairs(&self) -> Vec<Token> {
        pairs::pairs(&self.folded, &self.exact)
    }
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

/// Tokens analyzed for one tokenizer and kept for the next, with their text.
type Stash = RefCell<Option<(String, Vec<Token>)>>;

thread_local! {
    /// The folded tokens of the text the exact field's tokenizer saw last on this
    /// thread, with that text.
    static STASH: Stash = const { RefCell::new(None) };
    /// The pair tokens of the text the exact field's tokenizer (or, without it, the
    /// folded field's) saw last on this thread, with that text.
    static PAIR_STASH: Stash = const { RefCell::new(None) };
}

/// Keeps `tokens` for the next tokenizer given the same `text` on this thread.
fn stash(slot: &'static LocalKey<Stash>, text: &str, tokens: Vec<Token>) {
    slot.with(|s| {
        let mut s = s.borrow_mut();
        let mut kept = s.take().map(|(t, _)| t).unwrap_or_default();
        kept.clear();
        kept.push_str(text);
        *s = Some((kept, tokens));
    });
}

/// The tokens kept for `text`, taken whole: a second call with the same text
/// analyzes afresh.
fn take_stashed(slot: &'static LocalKey<Stash>, text: &str) -> Option<Vec<Token>> {
    slot.with(|s| {
        let mut s = s.borrow_mut();
        match s.as_ref() {
            Some((t, _)) if t == text => s.take().map(|(_, tokens)| tokens),
            _ => None,
        }
    })
}

/// The exact analyzer for indexing: same tokens as `vi_exact`, and the folded and
/// pair tokens of the same text kept for [`IndexingFolded`] and [`IndexingPairs`].
#[derive(Clone, Default)]
pub struct IndexingExact;

impl Tokenizer for IndexingExact {
    type TokenStream<'a> = StageStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> StageStream {
        let tokens = analyze_fields(text);
        stash(&PAIR_STASH, text, tokens.pairs());
        stash(&STASH, text, tokens.folded);
        StageStream::new(tokens.exact)
    }
}

/// The folded analyzer for indexing: same tokens as `vi_folded`, taken from
/// [`IndexingExact`]'s work on the same text when there is some.
#[derive(Clone, Default)]
pub struct IndexingFolded;

impl Tokenizer for IndexingFolded {
    type TokenStream<'a> = StageStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> StageStream {
        let folded = match take_stashed(&STASH, text) {
            Some(folded) => folded,
            None => {
                let tokens = analyze_fields(text);
                stash(&PAIR_STASH, text, tokens.pairs());
                tokens.folded
            }
        };
        StageStream::new(folded)
    }
}

/// The pair analyzer for indexing: same tokens as `vi_pairs`, taken from
/// [`IndexingExact`]'s (or [`IndexingFolded`]'s) work on the same text when there is
/// some.
#[derive(Clone, Default)]
pub struct IndexingPairs;

impl Tokenizer for IndexingPairs {
    type TokenStream<'a> = StageStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> StageStream {
        StageStream::new(
            take_stashed(&PAIR_STASH, text).unwrap_or_else(|| analyze_fields(text).pairs()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{exact_analyzer, folded_analyzer, pairs_analyzer, tokens};

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
            // The indexing pair, in field order and alone.
            let mut ie = TextAnalyzer::from(IndexingExact);
            let mut if_ = TextAnalyzer::from(IndexingFolded);
            let mut ip = TextAnalyzer::from(IndexingPairs);
            assert_eq!(tokens(&mut ie, text), tokens(&mut exact_analyzer(), text));
            assert_eq!(tokens(&mut if_, text), tokens(&mut folded_analyzer(), text));
            assert_eq!(tokens(&mut ip, text), tokens(&mut pairs_analyzer(), text));
            assert_eq!(tokens(&mut if_, text), tokens(&mut folded_analyzer(), text));
            assert_eq!(tokens(&mut ip, text), tokens(&mut pairs_analyzer(), text));
            // Twice: the second run reads the memo.
            for _ in 0..2 {
                let got = analyze_fields(text);
                assert_eq!(got.exact, tokens(&mut exact_analyzer(), text), "{text:?}");
                assert_eq!(got.folded, tokens(&mut folded_analyzer(), text), "{text:?}");
            }
        }
    }
}
