//! One canonical tone-mark placement, so that old and new spellings are one word.
//!
//! Vietnamese puts the tone mark on one vowel of the syllable, but two conventions
//! coexist: `hoà`/`hòa`, `thuỷ`/`thủy`, `Uỷ`/`Ủy`, `khoẻ`/`khỏe`. We rewrite every
//! syllable to the traditional placement (the form most administrative texts use):
//! a vowel with a quality mark (â ă ê ô ơ ư) takes the tone (`ơ` in `ươ`); otherwise in
//! an open syllable of two vowels the first one (`hòa`, `thủy`); otherwise the second
//! (`hoàng`, `ngoài`). `qu` and `gi` are onsets, not vowels (`quý`, `già`).

use unicode_normalization::UnicodeNormalization;

/// The five tone marks as combining characters (huyền, sắc, hỏi, ngã, nặng).
const TONE_MARKS: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0309}', '\u{0303}', '\u{0323}'];

fn is_tone_mark(c: char) -> bool {
    TONE_MARKS.contains(&c)
}

/// Base vowels once tone marks are removed (quality marks kept, NFC), lowercase.
fn is_vowel(c: char) -> bool {
    matches!(
        c.to_lowercase().next().unwrap_or(c),
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

fn has_quality_mark(c: char) -> bool {
    matches!(
        c.to_lowercase().next().unwrap_or(c),
        'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư'
    )
}

/// Rewrites one word (NFC or NFD) to NFC with the canonical tone placement.
///
/// Words that are not a single Vietnamese syllable with one tone mark (foreign words,
/// numbers, OCR debris) come back NFC-normalized but otherwise untouched.
pub fn canonical_tone(word: &str) -> String {
    if word.is_ascii() {
        return word.to_string();
    }
    let nfd: Vec<char> = word.nfd().collect();
    let tones: Vec<char> = nfd.iter().copied().filter(|&c| is_tone_mark(c)).collect();
    if tones.len() != 1 {
        return word.nfc().collect();
    }
    let tone = tones[0];
    // The word without its tone, recomposed so each letter is one char.
    let base: Vec<char> = nfd
        .iter()
        .copied()
        .filter(|&c| !is_tone_mark(c))
        .nfc()
        .collect();
    let Some(target) = tone_position(&base) else {
        return word.nfc().collect();
    };
    let mut out = String::with_capacity(word.len() + 2);
    for (i, &c) in base.iter().enumerate() {
        out.push(c);
        if i == target {
            out.push(tone);
        }
    }
    out.nfc().collect()
}

/// Index in `base` of the vowel that carries the tone, or `None` when `base` is not
/// shaped like one syllable (consonants, one vowel cluster, consonants).
fn tone_position(base: &[char]) -> Option<usize> {
    let lower: Vec<char> = base
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let mut start = lower.iter().position(|&c| is_vowel(c))?;
    let mut end = start;
    while end < lower.len() && is_vowel(lower[end]) {
        end += 1;
    }
    if lower[end..]
        .iter()
        .any(|&c| is_vowel(c) || !c.is_alphabetic())
    {
        return None;
    }
    if lower[..start].iter().any(|&c| !c.is_alphabetic()) {
        return None;
    }
    // `qu` and `gi` onsets: the u / i belongs to the consonant when a vowel follows.
    if end - start >= 2 {
        let prev = if start > 0 {
            Some(lower[start - 1])
        } else {
            None
        };
        if (prev == Some('q') && lower[start] == 'u') || (prev == Some('g') && lower[start] == 'i')
        {
            start += 1;
        }
    }
    let cluster = &lower[start..end];
    let has_coda = end < lower.len();
    // A quality-marked vowel carries the tone; in `ươ` the second one.
    if let Some(last_marked) = cluster.iter().rposition(|&c| has_quality_mark(c)) {
        return Some(start + last_marked);
    }
    Some(match (cluster.len(), has_coda) {
        (1, _) => start,
        (2, false) => start,
        (_, _) => start + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_placement() {
        let cases = [
            ("hoà", "hòa"),
            ("hòa", "hòa"),
            ("thuỷ", "thủy"),
            ("Uỷ", "Ủy"),
            ("uỷ", "ủy"),
            ("khoẻ", "khỏe"),
            ("hoàng", "hoàng"),
            ("hòang", "hoàng"),
            ("ngoài", "ngoài"),
            ("quý", "quý"),
            ("già", "già"),
            ("người", "người"),
            ("ngừơi", "người"),
            ("thuyết", "thuyết"),
            ("HOÀ", "HÒA"),
            ("Hoá", "Hóa"),
            ("mía", "mía"),
            ("tuỳ", "tùy"),
            // NFD input
            ("hoa\u{0300}", "hòa"),
            ("Đảng", "Đảng"),
            // not a syllable: untouched
            ("abc", "abc"),
            ("2024", "2024"),
        ];
        for (input, want) in cases {
            assert_eq!(canonical_tone(input), want, "canonical_tone({input:?})");
        }
    }
}
