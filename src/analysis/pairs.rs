//! Word pairs: each folded term joined with each folded term of the next word, one
//! index term per pair, at the first word's position.
//!
//! A quoted phrase is searched on pairs instead of single words. Its common words
//! (`cai`, `cach`, `hanh`, `chinh`) are in nearly every plan, so a phrase over single
//! words reads and compares their positions across nearly the whole collection; the
//! pair `cai cach` is one posting list, a two-word phrase becomes one term (ranked by
//! tantivy with block-max WAND), and a longer phrase needs half as many position
//! lists, each far shorter. Pairs cross every reading at both positions (OCR repairs,
//! acronym keys, document numbers), so a phrase on pairs matches exactly where the
//! same phrase on the folded field does.

use tantivy::tokenizer::Token;

use super::filter::Stage;
use super::phrases::{PhraseLexicon, phrase_term};
use crate::text::fold::fold;

/// Between the two words of a pair term. Folded terms never contain a space.
pub const SEPARATOR: char = ' ';

/// Readings of one word crossed at most: a word has its folded form, up to three OCR
/// repairs and a few acronym or number keys; the cap only bounds pathological input.
const MAX_READINGS: usize = 8;

/// The pair term of two consecutive folded terms (a two-word [`phrase_term`]).
pub fn pair_term(first: &str, second: &str) -> String {
    phrase_term(&[first, second])
}

/// The pair tokens of a folded token list in position order, with the known
/// phrases' tokens (see [`super::phrases`]) at their first word's position, and the
/// exact form of each known phrase a plan writes with its diacritics (see
/// [`exact_phrase_term`]); `exact` is the text's exact tokens, one per position.
pub fn pairs(folded: &[Token], exact: &[Token]) -> Vec<Token> {
    let mut out = word_pairs(folded);
    let phrases = PhraseLexicon::shared().tokens(folded);
    if !phrases.is_empty() {
        let mut spelled: Vec<Token> = phrases
            .iter()
            .filter_map(|t| {
                let words: Vec<&str> = t.text.split(SEPARATOR).collect();
                let written: Vec<&str> = exact
                    .get(t.position..t.position + words.len())?
                    .iter()
                    .map(|e| e.text.as_str())
                    .collect();
                let text = exact_phrase_term(&written, &words)?;
                Some(Token { text, ..t.clone() })
            })
            .collect();
        // Two readings of a word may both complete the phrase: one occurrence.
        spelled.dedup_by(|a, b| a.position == b.position && a.text == b.text);
        out.extend(phrases);
        out.extend(spelled);
        out.sort_by_key(|t| t.position);
    }
    out
}

/// The term of a known phrase written with its diacritics: its words as written
/// (`exact`: the exact analyzer's terms) when they fold to the phrase's `folded`
/// words one for one and are not already folded. Indexed on the pair fields beside
/// the folded phrase, it lets a quoted phrase typed with diacritics rank the plans
/// writing it so by one term's frequency, where a phrase on the exact field read
/// every word's positions in each candidate. The exact forms have diacritics, so
/// they never collide with a folded term.
pub fn exact_phrase_term<S: AsRef<str>, T: AsRef<str>>(
    exact: &[S],
    folded: &[T],
) -> Option<String> {
    if exact.len() != folded.len()
        || exact.len() < 2
        || exact
            .iter()
            .zip(folded)
            .any(|(e, f)| fold(e.as_ref()) != f.as_ref())
    {
        return None;
    }
    let term = phrase_term(exact);
    (term.as_str() != phrase_term(folded)).then_some(term)
}

/// The pair tokens alone.
fn word_pairs(folded: &[Token]) -> Vec<Token> {
    let mut out = Vec::with_capacity(folded.len());
    // The readings of the current and the next position, as ranges of `folded`.
    let groups = position_groups(folded);
    for w in groups.windows(2) {
        let (a, b) = (&folded[w[0].clone()], &folded[w[1].clone()]);
        if a[0].position + 1 != b[0].position {
            continue;
        }
        let start = out.len();
        for x in a.iter().take(MAX_READINGS) {
            for y in b.iter().take(MAX_READINGS) {
                let text = pair_term(&x.text, &y.text);
                if out[start..].iter().any(|t: &Token| t.text == text) {
                    continue;
                }
                out.push(Token {
                    offset_from: a[0].offset_from,
                    offset_to: b[0].offset_to,
                    position: a[0].position,
                    text,
                    position_length: 1,
                });
            }
        }
    }
    out
}

/// Ranges of `tokens` sharing a position.
fn position_groups(tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=tokens.len() {
        if i == tokens.len() || tokens[i].position != tokens[start].position {
            if start < i {
                out.push(start..i);
            }
            start = i;
        }
    }
    out
}

/// The pairs as an analyzer stage, after the folded stages (see
/// [`super::pairs_analyzer`]).
#[derive(Clone, Copy, Default)]
pub struct Pairs;

impl Stage for Pairs {
    fn process(&self, text: &str, tokens: &mut Vec<Token>) {
        tokens.sort_by_key(|t| t.position);
        let exact = super::tokens(&mut super::exact_analyzer(), text);
        *tokens = pairs(tokens, &exact);
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{folded_analyzer, pairs_analyzer, terms};

    fn pair_terms(text: &str) -> Vec<(usize, String)> {
        terms(&mut pairs_analyzer(), text)
    }

    #[test]
    fn pairs_of_consecutive_words() {
        let cases: &[(&str, &[(usize, &str)])] = &[
            ("", &[]),
            ("Đảng", &[]),
            (
                "tuyên truyền rộng rãi",
                &[(0, "tuyen truyen"), (1, "truyen rong"), (2, "rong rai")],
            ),
            // Across a hard line wrap and punctuation, as the folded field.
            (
                "tuyên\ntruyền, rộng",
                &[(0, "tuyen truyen"), (1, "truyen rong")],
            ),
            // An acronym's key pairs with the next word.
            (
                "cải cách hành chính",
                &[
                    (0, "cai cach"),
                    (0, "cchc cach"),
                    // The acronym's expansion is a known phrase (see `phrases`),
                    // written here with its diacritics.
                    (0, "cai cach hanh chinh"),
                    (0, "cải cách hành chính"),
                    (1, "cach hanh"),
                    (2, "hanh chinh"),
                ],
            ),
            ("Uỷ ban", &[(0, "uy ban")]),
        ];
        for (text, want) in cases {
            let want: Vec<(usize, String)> =
                want.iter().map(|(p, t)| (*p, t.to_string())).collect();
            assert_eq!(pair_terms(text), want, "{text:?}");
        }
    }

    #[test]
    fn a_known_phrase_written_with_its_diacritics_has_its_exact_term() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Đẩy mạnh cải cách hành chính.", Some("cải cách hành chính")),
            // Tone marks placed either way, capitals, a line wrap.
            ("CẢI CÁCH HÀNH\nCHÍNH", Some("cải cách hành chính")),
            ("chỉ số hài lòng", Some("chỉ số hài lòng")),
            // Without diacritics: the folded term says it all.
            ("cai cach hanh chinh", None),
            // OCR spellings repaired into the phrase are not the phrase as written.
            ("cii cach hanh chinh", None),
            // The acronym stands for the phrase; it is not the phrase written.
            ("CCHC", None),
        ];
        for (text, want) in cases {
            let got: Vec<String> = pair_terms(text)
                .into_iter()
                .map(|(_, t)| t)
                .filter(|t| !t.is_ascii())
                .collect();
            let want: Vec<String> = want.iter().map(|w| w.to_string()).collect();
            assert_eq!(got, want, "{text:?}");
        }
        let cases: &[(&[&str], &[&str], Option<&str>)] = &[
            (&["cải", "cách"], &["cai", "cach"], Some("cải cách")),
            (&["cai", "cach"], &["cai", "cach"], None),
            (&["cii", "cach"], &["cai", "cach"], None),
            (&["cải"], &["cai"], None),
            (&["cải", "cách"], &["cai"], None),
            (&["đảng", "ủy"], &["dang", "uy"], Some("đảng ủy")),
        ];
        for (exact, folded, want) in cases {
            assert_eq!(
                super::exact_phrase_term(exact, folded).as_deref(),
                *want,
                "{exact:?}"
            );
        }
    }

    #[test]
    fn every_reading_is_crossed() {
        // OCR `ctia Pang` is repaired to `cua dang`: the pair of the repairs is there,
        // as are the pairs of the words as written.
        let got = pair_terms("lãnh đạo ctia Pang và chính quyền");
        let at = |p: usize| -> Vec<&str> {
            got.iter()
                .filter(|(q, _)| *q == p)
                .map(|(_, t)| t.as_str())
                .collect()
        };
        assert!(at(2).contains(&"cua dang"), "{got:?}");
        assert!(at(2).contains(&"ctia pang"), "{got:?}");
        assert!(at(1).contains(&"dao cua"), "{got:?}");
        // Acronym keys pair with their neighbours like any reading.
        let got = pair_terms("giải quyết thủ tục hành chính");
        assert!(got.contains(&(1, "quyet tthc".to_string())), "{got:?}");
        // Each pair of readings once per position.
        let mut seen = got.clone();
        seen.dedup();
        assert_eq!(seen.len(), got.len());
    }

    #[test]
    fn one_pair_per_reading_pair_and_position() {
        let text = "ctia Pang s6 38/KH-UBND ngày TTHC";
        let folded = terms(&mut folded_analyzer(), text);
        let got = pair_terms(text);
        let readings = |p: usize| folded.iter().filter(|(q, _)| *q == p).count();
        for p in 0..5 {
            let n = got.iter().filter(|(q, _)| *q == p).count();
            assert!(n >= 1 && n <= readings(p) * readings(p + 1), "{p}: {got:?}");
        }
    }
}
