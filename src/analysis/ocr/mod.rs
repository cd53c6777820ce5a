//! Repair of OCR-mangled syllables (`ctia` → `của`, `Pang` → `Đảng`, `s6` → `số`).
//!
//! (Placeholder: the learned repair model lands here.)

use tantivy::tokenizer::Token;

use super::filter::Stage;

/// The repair model.
#[derive(Debug, Default)]
pub struct OcrRepairer;

impl OcrRepairer {
    /// The shipped model, loaded once.
    pub fn shared() -> &'static OcrRepairer {
        static MODEL: OcrRepairer = OcrRepairer;
        &MODEL
    }

    /// For each word of a sentence (lower-case NFC as written), the folded forms it
    /// may stand for, best first, not including its own folded form.
    pub fn repair(&self, words: &[&str]) -> Vec<Vec<String>> {
        vec![Vec::new(); words.len()]
    }
}

/// The analyzer stage: adds each repair at the position of the word it repairs.
#[derive(Clone, Copy, Default)]
pub struct OcrRepair;

impl Stage for OcrRepair {
    fn process(&self, _text: &str, tokens: &mut Vec<Token>) {
        let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        let repairs = OcrRepairer::shared().repair(&words);
        let mut added = Vec::new();
        for (tok, reps) in tokens.iter().zip(repairs) {
            for r in reps {
                added.push(Token {
                    text: r,
                    ..tok.clone()
                });
            }
        }
        tokens.extend(added);
    }
}
