//! Diacritic folding: the form a Vietnamese word takes when typed without accents.
//!
//! Users type `dang` for `Đảng`, OCR loses marks, and some plans are written without
//! diacritics at all, so every syllable is also indexed in this folded form.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::letters;

/// Folds `s` to lowercase ASCII-like text: combining marks dropped, `đ` → `d`.
///
/// Characters outside Latin scripts are kept (lowercased), so folding never loses a
/// word; Latin letters with marks Vietnamese does not use (`ø`, `ł`) go through
/// `deunicode` only when that yields a plain ASCII letter.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Appends the folded form of `s` to `out` (see [`fold`]): folds many words into one
/// buffer without a string per word.
pub fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        let from = out.len();
        out.push_str(s);
        out[from..].make_ascii_lowercase();
        return;
    }
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(f) = letters::fold_letter(c) {
            out.push(f);
        } else if is_mark(c) {
            continue;
        } else if chars.peek().is_some_and(|n| is_mark(*n)) {
            // A base letter followed by marks outside the tables: decompose.
            for d in c.nfd().filter(|d| !is_combining_mark(*d)) {
                fold_char_into(d, out);
            }
        } else {
            fold_char_into(c, out);
        }
    }
}

/// Whether `c` is a combining mark, answering for everything below U+0300 (ASCII,
/// Latin letters, punctuation) without a table search.
pub fn is_mark(c: char) -> bool {
    (c as u32) >= 0x300 && is_combining_mark(c)
}

fn fold_char_into(c: char, out: &mut String) {
    match c {
        'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c if c.is_alphabetic() => {
            let ascii = deunicode::deunicode_char(c).unwrap_or("");
            if ascii.len() == 1 && ascii.as_bytes()[0].is_ascii_alphabetic() {
                out.push(ascii.as_bytes()[0].to_ascii_lowercase() as char);
            } else {
                out.extend(c.to_lowercase());
            }
        }
        c => out.extend(c.to_lowercase()),
    }
}

/// Whether `s` carries any Vietnamese diacritic (a mark or `đ`): a query word typed
/// with diacritics asks for exact-diacritic matches to rank first.
pub fn has_diacritics(s: &str) -> bool {
    !s.is_ascii() && fold(s) != s.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        let cases = [
            ("Đảng", "dang"),
            ("đang", "dang"),
            ("Cải cách hành chính", "cai cach hanh chinh"),
            ("ƯỚC", "uoc"),
            ("Nguyễn", "nguyen"),
            // NFD input folds like NFC input
            ("Đa\u{0309}ng", "dang"),
            ("plain ascii", "plain ascii"),
            ("Øresund", "oresund"),
            ("số 76/NQ-CP", "so 76/nq-cp"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "fold({input:?})");
        }
    }

    #[test]
    fn detects_diacritics() {
        assert!(has_diacritics("Đảng"));
        assert!(has_diacritics("đ"));
        assert!(!has_diacritics("dang"));
        assert!(!has_diacritics("DANG"));
    }
}
