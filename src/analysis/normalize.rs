//! One-token normalizers: Unicode composition, tone placement, folding.

use unicode_normalization::UnicodeNormalization;

use super::filter::TokenMap;
use crate::text::{fold::fold, tone::canonical_tone};

/// NFC composition: NFD input (`a` + U+0309) becomes the same term as NFC (`ả`).
#[derive(Clone, Copy, Default)]
pub struct Nfc;

impl TokenMap for Nfc {
    fn map(&self, text: &mut String) {
        if !text.is_ascii()
            && unicode_normalization::is_nfc_quick(text.chars())
                != unicode_normalization::IsNormalized::Yes
        {
            *text = text.nfc().collect();
        }
    }
}

/// Canonical tone-mark placement: `hoà` and `hòa` are one term.
#[derive(Clone, Copy, Default)]
pub struct ToneMarks;

impl TokenMap for ToneMarks {
    fn map(&self, text: &mut String) {
        if !text.is_ascii() {
            let canon = canonical_tone(text);
            if canon != *text {
                *text = canon;
            }
        }
    }
}

/// Diacritic folding (`đảng` → `dang`): the form every syllable is also indexed in.
#[derive(Clone, Copy, Default)]
pub struct Fold;

impl TokenMap for Fold {
    fn map(&self, text: &mut String) {
        if !text.is_ascii() {
            *text = fold(text);
        }
    }
}
