//! Per-character tables for Vietnamese letters, computed once from Unicode
//! decompositions, so the hot paths (tone placement, folding) are table lookups
//! instead of NFD/NFC round trips on every word.

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// First and last code points covered by the tables (Latin-1 to Latin Extended
/// Additional, which holds every precomposed Vietnamese letter).
const FIRST: u32 = 0xC0;
const LAST: u32 = 0x1EFF;

/// The five tone marks as combining characters, index 1..=5 (0 = no tone):
/// huyền, sắc, hỏi, ngã, nặng.
pub const TONE_MARKS: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0309}', '\u{0303}', '\u{0323}'];

#[derive(Clone, Copy, Default)]
struct Entry {
    /// The letter without its tone mark (quality marks kept), or '\0' if unmapped.
    base: char,
    tone: u8,
    /// The folded ASCII letter, or '\0' if none.
    folded: char,
}

struct Tables {
    entries: Vec<Entry>,
    /// (base, tone) → precomposed letter, for bases that take tones.
    compose: std::collections::HashMap<(char, u8), char>,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut entries = vec![Entry::default(); (LAST - FIRST + 1) as usize];
        let mut compose = std::collections::HashMap::new();
        for cp in FIRST..=LAST {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let nfd: Vec<char> = c.nfd().collect();
            let tone = nfd
                .iter()
                .find_map(|m| TONE_MARKS.iter().position(|t| t == m))
                .map_or(0, |i| i as u8 + 1);
            let base: String = nfd
                .iter()
                .filter(|m| !TONE_MARKS.contains(m))
                .copied()
                .nfc()
                .collect();
            let mut base_chars = base.chars();
            let base_char = match (base_chars.next(), base_chars.next()) {
                (Some(b), None) => b,
                _ => '\0',
            };
            let folded = match nfd.iter().find(|m| !is_combining_mark(**m)) {
                Some('đ') | Some('Đ') => 'd',
                Some(&b) if b.is_ascii_alphabetic() => b.to_ascii_lowercase(),
                _ => '\0',
            };
            let folded = if c == 'đ' || c == 'Đ' { 'd' } else { folded };
            entries[(cp - FIRST) as usize] = Entry {
                base: base_char,
                tone,
                folded,
            };
            if base_char != '\0' && tone > 0 {
                compose.insert((base_char, tone), c);
            }
        }
        Tables { entries, compose }
    })
}

fn entry(c: char) -> Option<Entry> {
    let cp = c as u32;
    if (FIRST..=LAST).contains(&cp) {
        let e = tables().entries[(cp - FIRST) as usize];
        (e.base != '\0').then_some(e)
    } else {
        None
    }
}

/// Splits a precomposed letter into its toneless letter and tone (0 = none).
pub fn split_tone(c: char) -> (char, u8) {
    if c.is_ascii() {
        return (c, 0);
    }
    entry(c).map_or((c, 0), |e| (e.base, e.tone))
}

/// Puts tone `tone` (1..=5) on `base`, when such a precomposed letter exists.
pub fn with_tone(base: char, tone: u8) -> Option<char> {
    if tone == 0 {
        return Some(base);
    }
    tables().compose.get(&(base, tone)).copied()
}

/// The folded ASCII letter of `c` (`ộ` → `o`, `Đ` → `d`), lower-case; `None` for
/// characters outside the Latin tables.
pub fn fold_letter(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    let cp = c as u32;
    if (FIRST..=LAST).contains(&cp) {
        let f = tables().entries[(cp - FIRST) as usize].folded;
        (f != '\0').then_some(f)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables() {
        assert_eq!(split_tone('ộ'), ('ô', 5));
        assert_eq!(split_tone('Ủ'), ('U', 3));
        assert_eq!(split_tone('ư'), ('ư', 0));
        assert_eq!(split_tone('a'), ('a', 0));
        assert_eq!(with_tone('ơ', 2), Some('ớ'));
        assert_eq!(with_tone('Y', 3), Some('Ỷ'));
        assert_eq!(fold_letter('Đ'), Some('d'));
        assert_eq!(fold_letter('ữ'), Some('u'));
        assert_eq!(fold_letter('é'), Some('e'));
        assert_eq!(fold_letter('€'), None);
    }
}
