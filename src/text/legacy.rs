//! Plans saved before Unicode: the TCVN3 (ABC, `.VnTime` fonts) and VNI-Windows byte
//! encodings, still common in provincial archives. They are recognized by decoding
//! the bytes both ways and keeping the one whose words are Vietnamese syllables, then
//! converted to Unicode, so such a file is indexed instead of refused as "not UTF-8".
//!
//! The byte tables live in `data/legacy_encodings.tsv`.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use crate::resources::{load, tsv_rows};
use crate::text::letters::split_tone;

/// A legacy Vietnamese byte encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

impl fmt::Display for Legacy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Legacy::Tcvn3 => "TCVN3",
            Legacy::Vni => "VNI-Windows",
        })
    }
}

struct Tables {
    tcvn3: HashMap<u8, char>,
    vni_one: HashMap<u8, char>,
    vni_two: HashMap<(u8, u8), char>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let text = load("legacy_encodings.tsv");
        let mut t = Tables {
            tcvn3: HashMap::new(),
            vni_one: HashMap::new(),
            vni_two: HashMap::new(),
        };
        for row in tsv_rows(&text) {
            let [enc, bytes, letter] = row[..] else {
                continue;
            };
            let Some(c) = letter.chars().next() else {
                continue;
            };
            let bytes: Option<Vec<u8>> = bytes
                .split_whitespace()
                .map(|h| u8::from_str_radix(h, 16).ok())
                .collect();
            match (enc, bytes.as_deref()) {
                ("tcvn3", Some(&[b])) => {
                    t.tcvn3.insert(b, c);
                }
                ("vni", Some(&[b])) => {
                    t.vni_one.insert(b, c);
                }
                ("vni", Some(&[a, b])) => {
                    t.vni_two.insert((a, b), c);
                }
                _ => tracing::warn!("legacy_encodings.tsv: bad row {row:?}"),
            }
        }
        t
    })
}

/// Windows-1252, the fallback for bytes the tables do not list (punctuation such as
/// curly quotes and dashes came from the Windows code page in such files).
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// The Windows-1252 byte of `c`, if it has one (the inverse of [`cp1252`]).
fn cp1252_byte(c: char) -> Option<u8> {
    match c as u32 {
        0..=0x7F | 0xA0..=0xFF => Some(c as u8),
        _ => (0x80..=0x9Fu8).find(|&b| cp1252(b) == c),
    }
}

/// Decodes `bytes` as `enc`; also returns how many bytes of 0x80 and above the table
/// did not know (a sign that the guess is wrong).
pub fn decode(bytes: &[u8], enc: Legacy) -> (String, usize) {
    let t = tables();
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut unknown = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (c, used) = match enc {
            Legacy::Tcvn3 => (t.tcvn3.get(&b).copied(), 1),
            Legacy::Vni => match bytes.get(i + 1).and_then(|&n| t.vni_two.get(&(b, n))) {
                Some(&c) => (Some(c), 2),
                None => (t.vni_one.get(&b).copied(), 1),
            },
        };
        match c {
            Some(c) => out.push(c),
            None => {
                if b >= 0x80 {
                    unknown += 1;
                }
                out.push(cp1252(b));
            }
        }
        i += used;
    }
    if enc == Legacy::Tcvn3 {
        out = capitalize_lines(&out);
    }
    (out, unknown)
}

/// TCVN3 has no capitals with tone marks: documents in the `.VnTimeH` capital fonts use
/// the lowercase codes. A line whose ASCII letters are all capitals is a capital line.
fn capitalize_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let upper = line.chars().filter(char::is_ascii_uppercase).count() >= 2
            && !line.chars().any(|c| c.is_ascii_lowercase());
        if upper {
            out.extend(line.chars().flat_map(char::to_uppercase));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Vowel groups of Vietnamese syllables, without tone marks.
const NUCLEI: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ôô", "ua", "uâ", "uê",
    "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê", "iêu", "yêu", "oai", "oay", "oeo", "uây",
    "uôi", "ươi", "ươu", "uya", "uyê", "uyu", "uao", "oao",
];
const ONSETS: &[&str] = &[
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "q", "qu", "r", "s", "t", "th", "tr", "v", "x",
];
const CODAS: &[&str] = &[
    "", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u", "y",
];

fn is_vowel(c: char) -> bool {
    "aăâeêioôơuưy".contains(c)
}

/// Whether a lowercase word is one Vietnamese syllable (onset, vowels, coda; one tone).
fn is_syllable(word: &str) -> bool {
    let mut tones = 0;
    let mut plain = String::with_capacity(word.len());
    for c in word.chars() {
        let (base, tone) = split_tone(c);
        if tone > 0 {
            tones += 1;
        }
        plain.push(base);
    }
    if tones > 1 || plain.is_empty() {
        return false;
    }
    let chars: Vec<char> = plain.chars().collect();
    let start = chars.iter().position(|&c| is_vowel(c));
    let Some(start) = start else { return false };
    let end = chars[start..]
        .iter()
        .position(|&c| !is_vowel(c))
        .map_or(chars.len(), |n| start + n);
    let onset: String = chars[..start].iter().collect();
    let vowels: String = chars[start..end].iter().collect();
    let coda: String = chars[end..].iter().collect();
    if !ONSETS.contains(&onset.as_str()) || !CODAS.contains(&coda.as_str()) {
        return false;
    }
    // `gi` and `qu` take the first vowel letter into the onset.
    let mut nuclei = vec![vowels.clone()];
    if (onset == "g" && vowels.starts_with('i')) || (onset == "q" && vowels.starts_with('u')) {
        let rest: String = vowels.chars().skip(1).collect();
        nuclei.push(if rest.is_empty() { vowels } else { rest });
    }
    nuclei.iter().any(|n| NUCLEI.contains(&n.as_str()))
}

/// Share of the words with letters beyond ASCII that are Vietnamese syllables, with
/// unknown bytes counted as failures; and the number of such words.
fn vietnamese_score(text: &str, unknown: usize) -> (f64, usize) {
    let mut words = 0;
    let mut good = 0;
    for w in text.split(|c: char| !c.is_alphabetic()) {
        if w.is_ascii() {
            continue;
        }
        words += 1;
        if is_syllable(&w.to_lowercase()) {
            good += 1;
        }
    }
    let seen = words + unknown;
    if seen == 0 {
        return (0.0, 0);
    }
    (good as f64 / seen as f64, words)
}

/// Least share of Vietnamese syllables among the decoded words with diacritics.
const MIN_SCORE: f64 = 0.85;
/// Fewest such words: a line or two is too little to tell an encoding by.
const MIN_WORDS: usize = 3;

/// Recognizes TCVN3 or VNI bytes and converts them; `None` when neither decoding
/// reads as Vietnamese.
pub fn detect(bytes: &[u8]) -> Option<(Legacy, String)> {
    if !bytes.iter().any(|&b| b >= 0x80) {
        return None;
    }
    let mut best: Option<(f64, Legacy, String)> = None;
    for enc in [Legacy::Tcvn3, Legacy::Vni] {
        let (text, unknown) = decode(bytes, enc);
        let (score, words) = vietnamese_score(&text, unknown);
        if words >= MIN_WORDS
            && score >= MIN_SCORE
            && best.as_ref().is_none_or(|(s, _, _)| score > *s)
        {
            best = Some((score, enc, text));
        }
    }
    best.map(|(_, enc, text)| (enc, text))
}

/// Valid UTF-8 that is really legacy bytes read as Windows-1252 (a `.VnTime` document
/// pasted into a UTF-8 file: `Bé Tµi chÝnh`): only Windows-1252 characters, none of
/// the letters only Vietnamese uses, and converted it reads as Vietnamese.
pub fn detect_in_unicode(text: &str) -> Option<(Legacy, String)> {
    let mut high = 0usize;
    let mut bytes = Vec::with_capacity(text.len());
    for c in text.chars() {
        let b = cp1252_byte(c)?;
        high += usize::from(b >= 0x80);
        bytes.push(b);
    }
    if high * 50 < text.chars().filter(|c| c.is_alphabetic()).count() {
        return None; // fewer than 2% of the letters: Latin-1 text with a few accents
    }
    detect(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Encodes Unicode text with the tables (inverse of `decode`), to make test input.
    fn encode(text: &str, enc: Legacy) -> Vec<u8> {
        let t = tables();
        let mut out = Vec::new();
        for c in text.chars() {
            if c.is_ascii() {
                out.push(c as u8);
                continue;
            }
            let lower = c.to_lowercase().next().unwrap_or(c);
            match enc {
                Legacy::Tcvn3 => {
                    let b = t
                        .tcvn3
                        .iter()
                        .find(|&(_, &v)| v == c)
                        .or_else(|| t.tcvn3.iter().find(|&(_, &v)| v == lower))
                        .map(|(&b, _)| b)
                        .unwrap_or_else(|| cp1252_byte(c).expect("encodable"));
                    out.push(b);
                }
                Legacy::Vni => {
                    if let Some((&b, _)) = t.vni_one.iter().find(|&(_, &v)| v == c) {
                        out.push(b);
                    } else if let Some((&(a, b), _)) = t.vni_two.iter().find(|&(_, &v)| v == c) {
                        out.extend([a, b]);
                    } else {
                        out.push(cp1252_byte(c).expect("encodable"));
                    }
                }
            }
        }
        out
    }

    const PLAN: &str = "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\nKẾ HOẠCH\nTuyên truyền cải cách hành \
                        chính năm 2024. Nâng cao chất lượng phục vụ người dân và doanh nghiệp; \
                        đẩy mạnh chuyển đổi số, ứng dụng công nghệ thông tin.";

    #[test]
    fn tables_are_complete() {
        let t = tables();
        assert_eq!(t.tcvn3.len(), 74);
        assert_eq!(t.vni_one.len() + t.vni_two.len(), 134);
    }

    #[test]
    fn converts_tcvn3_and_vni() {
        // Known TCVN3 bytes as they appear in the wild: "Bảo Thắng", "Mường Khương"
        // (ư is 0xAD, the soft hyphen of Latin-1, invisible when shown as Latin-1).
        assert_eq!(decode(b"B\xb6o Th\xbeng", Legacy::Tcvn3).0, "Bảo Thắng");
        assert_eq!(
            decode(b"M\xad\xeang Kh\xad\xacng", Legacy::Tcvn3).0,
            "Mường Khương"
        );
        // VNI: "Xin chào các bạn".
        assert_eq!(
            decode(b"Xin cha\xf8o ca\xf9c ba\xefn", Legacy::Vni).0,
            "Xin chào các bạn"
        );
        for enc in [Legacy::Tcvn3, Legacy::Vni] {
            let bytes = encode(PLAN, enc);
            assert!(std::str::from_utf8(&bytes).is_err());
            let (found, text) = detect(&bytes).unwrap_or_else(|| panic!("{enc} not detected"));
            assert_eq!(found, enc);
            assert_eq!(text, PLAN, "{enc}");
        }
    }

    #[test]
    fn does_not_take_other_text_for_vietnamese() {
        // Latin-1 French and German, and random high bytes.
        assert_eq!(
            detect(b"Le r\xe9sum\xe9 de l'\xe9t\xe9 \xe0 la f\xeate"),
            None
        );
        assert_eq!(detect("Grüße aus Köln, schöne Stühle".as_bytes()), None);
        let noise: Vec<u8> = (0..400u32).map(|i| (i * 97 % 251) as u8 | 0x80).collect();
        assert_eq!(detect(&noise), None);
        // Real Unicode Vietnamese is never re-read as legacy.
        assert_eq!(detect_in_unicode(PLAN), None);
        assert_eq!(detect_in_unicode("Grüße aus Köln, schöne Stühle"), None);
    }

    #[test]
    fn recognizes_legacy_text_stored_as_utf8() {
        let bytes = encode(PLAN, Legacy::Tcvn3);
        let mojibake: String = bytes.iter().map(|&b| cp1252(b)).collect();
        let (enc, text) = detect_in_unicode(&mojibake).expect("detected");
        assert_eq!((enc, text.as_str()), (Legacy::Tcvn3, PLAN));
    }

    #[test]
    fn syllables() {
        for w in [
            "người", "khuyến", "quốc", "gì", "giữa", "uỷ", "nghiêng", "thuở", "oanh",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        for w in ["chaứo", "ộa", "résumé", "köln", "aaa"] {
            assert!(!is_syllable(w), "{w}");
        }
    }
}
