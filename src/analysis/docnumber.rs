//! Indexes each document number (`76/NQ-CP`) whole, as its normalized key
//! (`76/nq-cp`), at the position of its first token: the segmenter splits it into
//! `76`, `nq`, `cp`, which alone would match any text with those three tokens.

use tantivy::tokenizer::Token;

use super::filter::Stage;
use crate::text::docnum::{doc_number_key, find_doc_numbers};

/// The analyzer stage that indexes document numbers whole.
#[derive(Clone, Copy, Default)]
pub struct DocNumbers;

impl Stage for DocNumbers {
    fn process(&self, text: &str, tokens: &mut Vec<Token>) {
        let mut added = Vec::new();
        for m in find_doc_numbers(text) {
            let Some(first) = tokens
                .iter()
                .find(|t| t.offset_from >= m.start && t.offset_from < m.end)
            else {
                continue;
            };
            added.push(Token {
                offset_from: m.start,
                offset_to: m.end,
                position: first.position,
                text: doc_number_key(&m.normalized),
                position_length: 1,
            });
        }
        tokens.extend(added);
    }
}
