//! Known phrases: multi-word expressions that plans repeat (`cải cách thủ tục hành
//! chính`, `chỉ số hài lòng`, every topic alias and acronym expansion), indexed as
//! one term each wherever a plan spells them, beside the word pairs.
//!
//! A quoted phrase of common words is costly even on pairs: `cải cách thủ tục hành
//! chính` intersects three pair lists of some 10,000 plans at 100k and compares their
//! positions, and every match is scored (a phrase has no block-max pruning). The same
//! phrase as one term is a single posting list: its count is its document frequency
//! and its best plans come by block-max WAND. A phrase that is not known is covered
//! by the known phrases inside it and by pairs (see [`PhraseLexicon::cover`]).
//!
//! The terms go into the pair fields (`title_pairs`, `body_pairs`): a phrase term
//! joins its words with the pair separator, so it never equals a pair (two words),
//! and a phrase query can mix phrase terms and pairs at their offsets. Matching
//! crosses every reading at each position (OCR repairs, acronym keys) as pairs do, so
//! a phrase term stands exactly where the same words would match a phrase query on
//! the folded field.
//!
//! The list comes from `data/phrases.tsv` (mined from real plans, see
//! `examples/mine_phrases.rs`) plus the topic names and aliases of `topics.tsv` and
//! the expansions of `acronyms.tsv`: a user who adds a topic alias gets its phrase
//! term too. The index records the list's [`fingerprint`](PhraseLexicon::fingerprint)
//! and refuses to be searched with another list (a phrase known to the query side
//! but not indexed would find nothing).

use std::sync::OnceLock;

use tantivy::tokenizer::Token;

use super::acronym::folded_words;
use super::pairs::SEPARATOR;
use crate::fxhash::FxHashMap;
use crate::resources;

/// Fewest words of a known phrase: two words are already one pair term.
pub const MIN_WORDS: usize = 3;

/// One node of the word trie.
#[derive(Debug, Default)]
struct Node {
    children: FxHashMap<Box<str>, u32>,
    /// The index term of the phrase ending here, if one does.
    term: Option<Box<str>>,
}

/// The known phrases as a trie of folded words.
#[derive(Debug)]
pub struct PhraseLexicon {
    nodes: Vec<Node>,
    /// Number of distinct phrases.
    len: usize,
    fingerprint: u64,
}

/// The index term of a run of folded words.
pub fn phrase_term<S: AsRef<str>>(words: &[S]) -> String {
    let len = words.iter().map(|w| w.as_ref().len() + 1).sum::<usize>();
    let mut s = String::with_capacity(len.saturating_sub(1));
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            s.push(SEPARATOR);
        }
        s.push_str(w.as_ref());
    }
    s
}

impl PhraseLexicon {
    /// A lexicon of the given phrases (as written: they are folded here); phrases of
    /// fewer than [`MIN_WORDS`] words are left out.
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a str>) -> PhraseLexicon {
        let mut lex = PhraseLexicon {
            nodes: vec![Node::default()],
            len: 0,
            fingerprint: 0,
        };
        let mut terms: Vec<String> = Vec::new();
        for p in phrases {
            let words = folded_words(p);
            if words.len() < MIN_WORDS {
                continue;
            }
            let mut node = 0usize;
            for w in &words {
                let next = lex.nodes.len() as u32;
                let child = *lex.nodes[node]
                    .children
                    .entry(w.as_str().into())
                    .or_insert(next);
                if child == next {
                    lex.nodes.push(Node::default());
                }
                node = child as usize;
            }
            if lex.nodes[node].term.is_none() {
                let term = phrase_term(&words);
                terms.push(term.clone());
                lex.nodes[node].term = Some(term.into());
                lex.len += 1;
            }
        }
        terms.sort();
        let mut h = blake3::Hasher::new();
        for t in &terms {
            h.update(t.as_bytes());
            h.update(b"\n");
        }
        let bytes = h.finalize();
        lex.fingerprint = u64::from_le_bytes(bytes.as_bytes()[..8].try_into().expect("8 bytes"));
        lex
    }

    /// The lexicon from the data files: `phrases.tsv` (first column), the topic
    /// names and aliases of `topics.tsv`, the expansions of `acronyms.tsv`.
    pub fn from_data() -> PhraseLexicon {
        let phrases = resources::load("phrases.tsv");
        let topics = resources::load("topics.tsv");
        let acronyms = resources::load("acronyms.tsv");
        let mut all: Vec<&str> = Vec::new();
        all.extend(resources::tsv_rows(&phrases).filter_map(|r| r.first().copied()));
        for row in resources::tsv_rows(&topics) {
            all.extend(row.get(1).copied());
            all.extend(row.get(3).into_iter().flat_map(|a| a.split(" | ")));
        }
        all.extend(resources::tsv_rows(&acronyms).filter_map(|r| r.get(1).copied()));
        PhraseLexicon::new(all)
    }

    /// The lexicon of the data files, read once.
    pub fn shared() -> &'static PhraseLexicon {
        static LEX: OnceLock<PhraseLexicon> = OnceLock::new();
        LEX.get_or_init(PhraseLexicon::from_data)
    }

    /// Number of known phrases.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no phrase is known.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// A hash of the phrase list: an index built with one list is searched with the
    /// same list only.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    fn child(&self, node: u32, word: &str) -> Option<u32> {
        self.nodes[node as usize].children.get(word).copied()
    }

    /// The known phrases that `words` starts with, as their lengths in words.
    fn prefixes_of<S: AsRef<str>>(&self, words: &[S]) -> Vec<usize> {
        let mut out = Vec::new();
        let mut node = 0u32;
        for (i, w) in words.iter().enumerate() {
            let Some(c) = self.child(node, w.as_ref()) else {
                break;
            };
            node = c;
            if self.nodes[node as usize].term.is_some() {
                out.push(i + 1);
            }
        }
        out
    }

    /// The terms that find a phrase of folded words on a pair field, each with its
    /// offset in words: the fewest known phrases and pairs whose words together cover
    /// the phrase, rarer known phrases preferred over pairs. One term when the phrase
    /// is known (or is two words); empty for fewer than two words.
    pub fn cover<S: AsRef<str>>(&self, words: &[S]) -> Vec<(usize, String)> {
        let n = words.len();
        if n < 2 {
            return Vec::new();
        }
        // Intervals [start, end) with their terms: every pair, every known phrase.
        let mut spans: Vec<(usize, usize, bool)> = (0..n - 1).map(|i| (i, i + 2, false)).collect();
        for i in 0..n {
            for len in self.prefixes_of(&words[i..]) {
                spans.push((i, i + len, true));
            }
        }
        // Greedy interval cover: from the first uncovered word, the span starting at
        // or before it that reaches furthest (a known phrase on ties).
        let mut out = Vec::new();
        let mut covered = 0;
        while covered < n {
            let best = spans
                .iter()
                .filter(|s| s.0 <= covered && s.1 > covered)
                .max_by_key(|s| (s.1, s.2, std::cmp::Reverse(s.0)))
                .copied()
                .expect("pairs cover every word");
            out.push((best.0, phrase_term(&words[best.0..best.1])));
            covered = best.1;
        }
        out
    }

    /// The phrase tokens of a folded token list in position order (readings of one
    /// word share a position): at each position where a known phrase starts, reading
    /// by reading, one token with the phrase's term, spanning its words' offsets.
    pub fn tokens(&self, folded: &[Token]) -> Vec<Token> {
        let mut out = Vec::new();
        if self.is_empty() {
            return out;
        }
        // Partial matches: (trie node, index of the token where the phrase starts).
        let mut active: Vec<(u32, usize)> = Vec::new();
        let mut next: Vec<(u32, usize)> = Vec::new();
        let mut i = 0;
        let mut last_position = None;
        while i < folded.len() {
            let position = folded[i].position;
            let mut j = i;
            while j < folded.len() && folded[j].position == position {
                j += 1;
            }
            // A gap in positions ends every partial match.
            if last_position.is_some_and(|p| p + 1 != position) {
                active.clear();
            }
            last_position = Some(position);
            active.push((0, i));
            next.clear();
            for &(node, start) in &active {
                for t in &folded[i..j] {
                    let Some(c) = self.child(node, &t.text) else {
                        continue;
                    };
                    if let Some(term) = &self.nodes[c as usize].term {
                        let from = &folded[start];
                        out.push(Token {
                            offset_from: from.offset_from,
                            offset_to: t.offset_to.max(from.offset_to),
                            position: from.position,
                            text: term.to_string(),
                            position_length: 1,
                        });
                    }
                    if !self.nodes[c as usize].children.is_empty() {
                        next.push((c, start));
                    }
                }
            }
            std::mem::swap(&mut active, &mut next);
            i = j;
        }
        out.sort_by_key(|t| t.position);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{folded_analyzer, terms, tokens};

    fn lexicon() -> PhraseLexicon {
        PhraseLexicon::new([
            "cải cách hành chính",
            "cải cách thủ tục hành chính",
            "thủ tục hành chính",
            "chỉ số hài lòng",
            "của Đảng và",
            "cải cách TTHC",
            // Too short: two words are a pair already.
            "một cửa",
        ])
    }

    fn phrase_tokens(lex: &PhraseLexicon, text: &str) -> Vec<(usize, String)> {
        lex.tokens(&tokens(&mut folded_analyzer(), text))
            .into_iter()
            .map(|t| (t.position, t.text))
            .collect()
    }

    #[test]
    fn known_phrases_are_found_at_their_first_word() {
        let lex = lexicon();
        assert_eq!(lex.len(), 6);
        let cases: &[(&str, &[(usize, &str)])] = &[
            ("", &[]),
            ("một cửa liên thông", &[]),
            (
                "Đẩy mạnh cải cách thủ tục hành chính.",
                &[
                    (2, "cai cach tthc"),
                    (2, "cai cach thu tuc hanh chinh"),
                    (4, "thu tuc hanh chinh"),
                ],
            ),
            // Across a hard line wrap and punctuation, without diacritics, in NFD.
            ("cai cach\nhanh chinh", &[(0, "cai cach hanh chinh")]),
            (
                "Chi\u{0309} so\u{0302}\u{0301} hài lòng",
                &[(0, "chi so hai long")],
            ),
            // Overlapping phrases are each found.
            (
                "cải cách hành chính cải cách thủ tục hành chính",
                &[
                    (0, "cai cach hanh chinh"),
                    (4, "cai cach tthc"),
                    (4, "cai cach thu tuc hanh chinh"),
                    (6, "thu tuc hanh chinh"),
                ],
            ),
            // An OCR spelling repaired to the phrase's words is a reading of them.
            ("lãnh đạo ctia Pang và chính quyền", &[(2, "cua dang va")]),
            // An acronym's key is a reading of the expansion's first word, so a
            // phrase written with the acronym is found where the text spells it out.
            ("cải cách TTHC", &[(0, "cai cach tthc")]),
            (
                "Về cải cách thủ tục hành chính",
                &[
                    (1, "cai cach tthc"),
                    (1, "cai cach thu tuc hanh chinh"),
                    (3, "thu tuc hanh chinh"),
                ],
            ),
        ];
        for (text, want) in cases {
            let want: Vec<(usize, String)> =
                want.iter().map(|(p, t)| (*p, t.to_string())).collect();
            assert_eq!(phrase_tokens(&lex, text), want, "{text:?}");
        }
    }

    #[test]
    fn a_phrase_is_covered_by_known_phrases_then_pairs() {
        let lex = lexicon();
        let words = |s: &str| folded_words(s);
        let cases: &[(&str, &[(usize, &str)])] = &[
            ("Đảng", &[]),
            ("một cửa", &[(0, "mot cua")]),
            ("thủ tục hành chính", &[(0, "thu tuc hanh chinh")]),
            // Pairs alone: at every other offset, the last overlapping.
            (
                "tuyên truyền rộng rãi",
                &[(0, "tuyen truyen"), (2, "rong rai")],
            ),
            (
                "tuyên truyền rộng rãi hơn",
                &[(0, "tuyen truyen"), (2, "rong rai"), (3, "rai hon")],
            ),
            // A known phrase inside, a pair before it.
            (
                "đẩy mạnh cải cách hành chính",
                &[(0, "day manh"), (2, "cai cach hanh chinh")],
            ),
            (
                "mạnh cải cách thủ tục hành chính",
                &[(0, "manh cai"), (1, "cai cach thu tuc hanh chinh")],
            ),
        ];
        for (text, want) in cases {
            let want: Vec<(usize, String)> =
                want.iter().map(|(p, t)| (*p, t.to_string())).collect();
            assert_eq!(lex.cover(&words(text)), want, "{text:?}");
        }
    }

    /// The lexicon folds its phrases as a query's words are folded: the first
    /// reading of each word.
    #[test]
    fn shipped_phrases_fold_as_queries_do() {
        let lex = PhraseLexicon::shared();
        assert!(lex.len() > 100, "{}", lex.len());
        let mut stack = vec![(0u32, Vec::<String>::new())];
        let mut seen = 0;
        while let Some((node, words)) = stack.pop() {
            if let Some(term) = &lex.nodes[node as usize].term {
                let text = words.join(" ");
                let mut first: Vec<String> = Vec::new();
                for (p, t) in terms(&mut folded_analyzer(), &text) {
                    if p == first.len() {
                        first.push(t);
                    }
                }
                assert_eq!(phrase_term(&first), term.as_ref(), "{text}");
                seen += 1;
            }
            for (w, &c) in &lex.nodes[node as usize].children {
                let mut ws = words.clone();
                ws.push(w.to_string());
                stack.push((c, ws));
            }
        }
        assert_eq!(seen, lex.len());
    }

    #[test]
    fn the_fingerprint_follows_the_list_not_its_order() {
        let a = PhraseLexicon::new(["cải cách hành chính", "chỉ số hài lòng"]);
        let b = PhraseLexicon::new(["chi so hai long", "cai cach hanh chinh"]);
        let c = PhraseLexicon::new(["cải cách hành chính"]);
        assert_eq!(a.fingerprint(), b.fingerprint());
        assert_ne!(a.fingerprint(), c.fingerprint());
    }
}
