//! The shape of a written Vietnamese syllable: onset, rhyme (medial, nucleus, coda)
//! and tone.
//!
//! OCR repair needs to tell a mangled token (`ctia`, `dugc`, `ting`) from a real
//! syllable, and to keep only real syllables as repair candidates. Vietnamese
//! orthography is closed enough to enumerate: ~27 onsets, ~160 rhymes, six tones, a few
//! spelling rules (`k`/`gh`/`ngh` before front vowels) and one tone constraint (a rhyme
//! closed by `p t c ch` takes only the sắc or nặng tone).

use std::collections::HashSet;
use std::sync::LazyLock;

/// The twelve vowel letters, each followed by its five toned forms in the order
/// huyền, sắc, hỏi, ngã, nặng.
const VOWEL_TABLE: [[char; 6]; 12] = [
    ['a', 'à', 'á', 'ả', 'ã', 'ạ'],
    ['ă', 'ằ', 'ắ', 'ẳ', 'ẵ', 'ặ'],
    ['â', 'ầ', 'ấ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'],
    ['ê', 'ề', 'ế', 'ể', 'ễ', 'ệ'],
    ['i', 'ì', 'í', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'],
    ['ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ'],
    ['ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'],
    ['ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự'],
    ['y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
];

/// Tone of a syllable, numbered as in [`VOWEL_TABLE`].
pub type Tone = u8;
/// No tone mark (ngang).
pub const NGANG: Tone = 0;
/// Acute (sắc).
pub const SAC: Tone = 2;
/// Dot below (nặng).
pub const NANG: Tone = 5;

/// Splits a lower-case letter into its tone-free letter and its tone; consonants and
/// non-letters come back unchanged with [`NGANG`].
pub fn split_tone(c: char) -> (char, Tone) {
    if c.is_ascii() {
        return (c, NGANG);
    }
    for row in &VOWEL_TABLE {
        if let Some(t) = row.iter().position(|&v| v == c) {
            return (row[0], t as Tone);
        }
    }
    (c, NGANG)
}

/// The letter `base` (tone-free vowel) carrying `tone`.
pub fn with_tone(base: char, tone: Tone) -> char {
    VOWEL_TABLE
        .iter()
        .find(|row| row[0] == base)
        .map(|row| row[tone as usize])
        .unwrap_or(base)
}

/// Whether `c` (tone-free or toned, lower-case) is a vowel letter.
pub fn is_vowel(c: char) -> bool {
    let (b, _) = split_tone(c);
    VOWEL_TABLE.iter().any(|row| row[0] == b)
}

/// The plain ASCII letter under `c` (`ổ` → `o`, `đ` → `d`); other chars unchanged.
pub fn fold_char(c: char) -> char {
    let (b, _) = split_tone(c);
    match b {
        'ă' | 'â' => 'a',
        'ê' => 'e',
        'ô' | 'ơ' => 'o',
        'ư' => 'u',
        'đ' => 'd',
        b => b,
    }
}

/// Onsets, longest first so that a greedy prefix match finds the right one.
const ONSETS: &[&str] = &[
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];

/// Tone-free rhymes (medial + nucleus + coda) of standard orthography.
const RHYMES: &[&str] = &[
    "a", "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "ap", "at", "au", "ay", "ăc", "ăm",
    "ăn", "ăng", "ăp", "ăt", "âc", "âm", "ân", "âng", "âp", "ât", "âu", "ây", "e", "ec", "em",
    "en", "eng", "eo", "ep", "et", "ê", "êch", "êm", "ên", "ênh", "êp", "êt", "êu", "i", "ia",
    "ich", "im", "in", "inh", "ip", "it", "iu", "iêc", "iêm", "iên", "iêng", "iêp", "iêt", "iêu",
    "yêm", "yên", "yêng", "yêt", "yêu", "o", "oc", "oi", "om", "on", "ong", "op", "ot", "ooc",
    "oong", "ô", "ôc", "ôi", "ôm", "ôn", "ông", "ôp", "ôt", "ơ", "ơi", "ơm", "ơn", "ơp", "ơt", "u",
    "uc", "ui", "um", "un", "ung", "up", "ut", "ua", "uôc", "uôi", "uôm", "uôn", "uông", "uôp",
    "uôt", "ư", "ưc", "ưi", "ưm", "ưn", "ưng", "ưt", "ưu", "ưa", "ươc", "ươi", "ươm", "ươn",
    "ương", "ươp", "ươt", "ươu", "y", "oa", "oac", "oach", "oai", "oam", "oan", "oang", "oanh",
    "oao", "oap", "oat", "oay", "oăc", "oăm", "oăn", "oăng", "oăt", "oe", "oen", "oeo", "oet",
    "uân", "uâng", "uât", "uây", "uê", "uêch", "uênh", "uy", "uya", "uych", "uyên", "uyêt", "uynh",
    "uyt", "uyu", "uơ",
];

static RHYME_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| RHYMES.iter().copied().collect());

/// Rhymes with every mark removed: the shapes a syllable takes once OCR or a typist
/// dropped its diacritics (`thuong`, `viec`).
static FOLDED_RHYMES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    RHYMES
        .iter()
        .map(|r| r.chars().map(fold_char).collect())
        .collect()
});

/// A parsed syllable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syllable {
    pub onset: String,
    /// Tone-free rhyme, medial included (`oan`, `ương`).
    pub rhyme: String,
    pub tone: Tone,
}

fn starts_front(rhyme: &str) -> bool {
    matches!(rhyme.chars().next(), Some('e' | 'ê' | 'i' | 'y'))
}

fn stop_coda(rhyme: &str) -> bool {
    rhyme.ends_with('p') || rhyme.ends_with('t') || rhyme.ends_with('c') || rhyme.ends_with("ch")
}

/// Parses a lower-case NFC word as one Vietnamese syllable.
///
/// A word without any diacritic is read as a folded syllable (`thuong`, `viec`): its
/// rhyme is checked against the folded rhymes and the tone constraint is not applied,
/// because the marks that would satisfy it were lost, not wrong.
pub fn parse(word: &str) -> Option<Syllable> {
    let plain = word.is_ascii();
    let mut tone = NGANG;
    let mut base = String::with_capacity(word.len());
    for c in word.chars() {
        let (b, t) = split_tone(c);
        if t != NGANG {
            if tone != NGANG {
                return None;
            }
            tone = t;
        }
        if !(b.is_ascii_lowercase() || b == 'đ' || is_vowel(b))
            || matches!(b, 'f' | 'j' | 'w' | 'z')
        {
            return None;
        }
        base.push(b);
    }
    let rhyme_ok = |r: &str| {
        if plain {
            FOLDED_RHYMES.contains(r)
        } else {
            RHYME_SET.contains(r)
        }
    };
    // Try the longest onset first, then shorter readings (`gi` + `n` is `g` + `in`).
    for onset in ONSETS.iter().copied().chain(std::iter::once("")) {
        let Some(rest) = base.strip_prefix(onset) else {
            continue;
        };
        let candidates: Vec<String> = match onset {
            // `gì`, `gìn`, `giêng`: the i of `gi` doubles as the nucleus.
            "gi" if rest.is_empty() || !rest.starts_with(is_vowel) || rest.starts_with('ê') => {
                vec![format!("i{rest}")]
            }
            // `qu` is the onset k + medial u: `quốc`, `quy`, `quyết`.
            "qu" => {
                if rest.is_empty() || rest.starts_with(['u', 'ư']) {
                    continue;
                }
                vec![rest.to_string(), format!("u{rest}")]
            }
            _ => vec![rest.to_string()],
        };
        for rhyme in candidates {
            if !rhyme_ok(&rhyme) {
                continue;
            }
            let front = starts_front(&rhyme);
            let spelling_ok = match onset {
                "c" | "g" | "ng" => !front,
                "k" | "gh" | "ngh" => front,
                "gi" => true,
                _ => true,
            };
            if !spelling_ok {
                continue;
            }
            if stop_coda(&rhyme) && !(tone == SAC || tone == NANG || (plain && tone == NGANG)) {
                continue;
            }
            let onset = if onset == "gi" && !rest.starts_with(is_vowel) {
                "g"
            } else {
                onset
            };
            return Some(Syllable {
                onset: onset.to_string(),
                rhyme,
                tone,
            });
        }
    }
    None
}

/// Whether `word` (lower-case NFC) is a well-formed Vietnamese syllable.
pub fn is_valid(word: &str) -> bool {
    parse(word).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_syllables() {
        for w in [
            "của", "đảng", "số", "chức", "xã", "năm", "thông", "cường", "được", "hiệu", "tiêu",
            "ý", "là", "bộ", "cụ", "tăng", "sâu", "nội", "nghiệp", "quyết", "quốc", "gì", "gìn",
            "giêng", "khuya", "thuyền", "yêu", "người", "kỹ", "nghĩa", "ghi", "hoạch", "xoong",
            "thuong", "viec", "cua", "huy", "oanh", "uy", "ủy", "giữ", "gia",
        ] {
            assert!(is_valid(w), "{w} should be valid");
        }
    }

    #[test]
    fn rejects_non_syllables() {
        for w in [
            "ctia", "s6", "chirc", "x4", "cudng", "dugc", "hi¢u", "ting", "cy", "ndi", "vdi",
            "ddy", "cic", "dic", "thyc", "véi", "zalo", "internet", "facebook", "iso", "cchc",
            "ke", "ghe", "nga", "ce", "ngi", "ka", "qa", "tw", "djc", "hqi", "b0", "1a",
        ] {
            // `ke`, `ghe`, `nga` are folded spellings of real syllables (kế, ghế, ngà)
            // and so valid; only the rest are checked here.
            if matches!(w, "ke" | "ghe" | "nga") {
                assert!(is_valid(w), "{w} should be valid");
            } else {
                assert!(!is_valid(w), "{w} should be invalid");
            }
        }
    }

    #[test]
    fn tone_constraints() {
        for (w, ok) in [
            ("mát", true),
            ("mạt", true),
            ("mát", true),
            ("màt", false),
            ("mảt", false),
            ("mãt", false),
            ("mât", false),
            ("mat", true),
            ("chếch", true),
            ("chềch", false),
            ("làm", true),
            ("ngã", true),
            ("hóà", false),
        ] {
            assert_eq!(is_valid(w), ok, "{w}");
        }
    }

    #[test]
    fn parses_parts() {
        let s = parse("quyết").unwrap();
        assert_eq!(
            (s.onset.as_str(), s.rhyme.as_str(), s.tone),
            ("qu", "yêt", SAC)
        );
        let s = parse("gìn").unwrap();
        assert_eq!((s.onset.as_str(), s.rhyme.as_str()), ("g", "in"));
        let s = parse("nghiệp").unwrap();
        assert_eq!(
            (s.onset.as_str(), s.rhyme.as_str(), s.tone),
            ("ngh", "iêp", NANG)
        );
    }
}
