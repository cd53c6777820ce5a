//! Splitting text into syllable tokens.
//!
//! Vietnamese writes one syllable per space-separated word, so a token is a maximal run
//! of letters and digits. We walk extended grapheme clusters (UAX #29, through
//! `unicode-segmentation`) rather than chars, so NFD text — whose combining marks are
//! not alphanumeric — stays in one token. A few symbols that OCR puts in place of
//! accented letters (`hi¢u` for `hiệu`, `ti€u` for `tiêu`, `¥` for `ý`) count as
//! letters, so the OCR repair stage sees the whole mangled word.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_segmentation::UnicodeSegmentation;

use crate::text::fold::is_mark;

/// Symbols that OCR engines emit in place of Vietnamese letters.
pub const OCR_LETTER_SYMBOLS: &[char] = &['¢', '€', '¥', '£', '§'];

/// Whether `c` can be part of a word token.
///
/// ASCII and the Latin letter blocks (every Vietnamese letter) are answered without
/// the general Unicode lookup, which was a tenth of a search's time when snippets
/// walked ten plans' words, and a few per cent of indexing.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    is_latin_letter(c) || c.is_alphanumeric() || OCR_LETTER_SYMBOLS.contains(&c)
}

/// Whether `c` lies in a block of Latin letters Vietnamese text is made of (Latin-1
/// letters, Latin Extended-A and -B, the Vietnamese part of Latin Extended
/// Additional), every one of which is alphabetic: answered by a range test instead
/// of the Unicode table search `char::is_alphanumeric` runs for non-ASCII characters
/// (a few per cent of indexing time, as every word of every text is segmented).
fn is_latin_letter(c: char) -> bool {
    matches!(c, '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{24F}' | '\u{1EA0}'..='\u{1EFF}')
}

/// Byte ranges of the word tokens of `text`, in order.
///
/// Walking chars and letting combining marks extend the current word gives the same
/// words as walking UAX #29 grapheme clusters (a mark always belongs to the
/// preceding character) at a fraction of the cost; text that carries marks detached
/// from any letter goes through the grapheme walk.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::with_capacity(text.len() / 5);
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_word_char(c) || (start.is_some() && is_mark(c)) {
            if start.is_none() {
                start = Some(i);
            }
        } else if is_mark(c) {
            return grapheme_word_spans(text);
        } else if let Some(s) = start.take() {
            spans.push((s, i));
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

/// The general walk over extended grapheme clusters (UAX #29).
fn grapheme_word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    for (i, g) in text.grapheme_indices(true) {
        let first = g.chars().next().unwrap_or(' ');
        if is_word_char(first) {
            if start.is_none() {
                start = Some(i);
            }
            end = i + g.len();
        } else if let Some(s) = start.take() {
            spans.push((s, end));
        }
    }
    if let Some(s) = start {
        spans.push((s, end));
    }
    spans
}

/// The tantivy tokenizer: one token per syllable, text as written, offsets into the
/// original text (so snippets highlight the word as the plan wrote it).
#[derive(Clone, Default)]
pub struct SyllableTokenizer;

/// Token stream of [`SyllableTokenizer`].
pub struct SyllableStream<'a> {
    text: &'a str,
    spans: std::vec::IntoIter<(usize, usize)>,
    token: Token,
    position: usize,
}

impl Tokenizer for SyllableTokenizer {
    type TokenStream<'a> = SyllableStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SyllableStream<'a> {
        SyllableStream {
            text,
            spans: word_spans(text).into_iter(),
            token: Token::default(),
            position: 0,
        }
    }
}

impl TokenStream for SyllableStream<'_> {
    fn advance(&mut self) -> bool {
        let Some((s, e)) = self.spans.next() else {
            return false;
        };
        self.token.text.clear();
        self.token.text.push_str(&self.text[s..e]);
        self.token.offset_from = s;
        self.token.offset_to = e;
        self.token.position = self.position;
        self.token.position_length = 1;
        self.position += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::char::is_combining_mark;

    #[test]
    fn fast_char_classes_agree_with_unicode() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric() || OCR_LETTER_SYMBOLS.contains(&c),
                "{c:?}"
            );
            assert_eq!(is_mark(c), is_combining_mark(c), "{c:?}");
        }
    }

    fn words(text: &str) -> Vec<&str> {
        word_spans(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn latin_letter_ranges_are_alphanumeric() {
        // The fast path must answer as `char::is_alphanumeric` does.
        for c in ('\u{80}'..='\u{24F}').chain('\u{1EA0}'..='\u{1EFF}') {
            if is_latin_letter(c) {
                assert!(c.is_alphanumeric(), "{c:?} U+{:04X}", c as u32);
            }
        }
        for c in ['\u{D7}', '\u{F7}', '\u{2000}', '\u{300}'] {
            assert!(!is_latin_letter(c), "{c:?}");
        }
    }

    #[test]
    fn segments() {
        let cases: &[(&str, &[&str])] = &[
            ("cải cách hành chính", &["cải", "cách", "hành", "chính"]),
            ("Đa\u{0309}ng ủy", &["Đa\u{0309}ng", "ủy"]),
            ("**KẾ HOẠCH**", &["KẾ", "HOẠCH"]),
            ("trên\nđịa bàn", &["trên", "địa", "bàn"]),
            ("76/NQ-CP", &["76", "NQ", "CP"]),
            ("hi¢u qua", &["hi¢u", "qua"]),
            ("gop ¥ kien", &["gop", "¥", "kien"]),
            ("TP.HCM", &["TP", "HCM"]),
            ("", &[]),
            // a mark detached from any letter does not join words
            (" \u{0301}ab", &["ab"]),
        ];
        for (text, want) in cases {
            assert_eq!(words(text), *want, "word_spans({text:?})");
        }
    }
}
