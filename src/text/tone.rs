//! One canonical tone-mark placement, so that old and new spellings are one word.
//!
//! Vietnamese puts the tone mark on one vowel of the syllable, but two conventions
//! coexist: `hoà`/`hòa`, `thuỷ`/`thủy`, `Uỷ`/`Ủy`, `khoẻ`/`khỏe`. We rewrite every
//! syllable to the traditional placement (the form most administrative texts use):
//! a vowel with a quality mark (â ă ê ô ơ ư) takes the tone (`ơ` in `ươ`); otherwise in
//! an open syllable of two vowels the first one (`hòa`, `thủy`); otherwise the second
//! (`hoàng`, `ngoài`). `qu` and `gi` are onsets, not vowels (`quý`, `già`).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::letters::{split_tone, with_tone};

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
    if word.chars().any(is_combining_mark) {
        let nfc: String = word.nfc().collect();
        if nfc.chars().any(is_combining_mark) {
            return nfc;
        }
        return canonical_tone(&nfc);
    }
    let mut base: Vec<char> = Vec::with_capacity(word.len());
    let mut tone = 0u8;
    let mut marked_at = 0;
    for (i, c) in word.chars().enumerate() {
        let (b, t) = split_tone(c);
        if t > 0 {
            if tone > 0 {
                return word.to_string(); // two tone marks: not a syllable
            }
            tone = t;
            marked_at = i;
        }
        base.push(b);
    }
    if tone == 0 {
        return word.to_string();
    }
    match tone_position(&base) {
        Some(target) if target != marked_at => {
            let Some(toned) = with_tone(base[target], tone) else {
                return word.to_string();
            };
            base[target] = toned;
            base.into_iter().collect()
        }
        _ => word.to_string(),
    }
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
    // The two conventions differ only on `oa`, `oe`, `uy` (hòa/hoà, khỏe/khoẻ,
    // thủy/thuỷ) and `oai`, `oay`, `uya`, `uyu`; elsewhere (and on OCR debris that is
    // not a syllable) the mark stays where it was written.
    let pair: String = cluster.iter().collect();
    match (pair.as_str(), has_coda) {
        ("oa" | "oe" | "uy", false) => Some(start),
        ("oa" | "oe" | "uy", true) => Some(start + 1),
        ("oai" | "oay" | "uya" | "uyu", _) => Some(start + 1),
        _ => None,
    }
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
            // OCR debris keeps its mark where it was written
            ("truyén", "truyén"),
            ("tié,u", "tié,u"),
        ];
        for (input, want) in cases {
            assert_eq!(canonical_tone(input), want, "canonical_tone({input:?})");
        }
    }
}
