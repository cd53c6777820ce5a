//! The statistics behind OCR repair: a syllable lexicon with counts, folded bigrams
//! for context, and a character-confusion channel, plus the search that turns a
//! mangled token into scored candidate syllables.
//!
//! Repair is a noisy-channel decision: a candidate syllable `c` for the written token
//! `w` scores `log P(c | neighbours) − cost(w | c)`, where the cost is the cheapest
//! monotone alignment in which every letter of `c` is printed as a short OCR string
//! (`ủ` → `ti`, `ư` → `ir`, `đ` → `p`). Candidates come from a trie walk over the
//! lexicon, so only real syllables are ever proposed, and the walk is bounded by a
//! cost budget, so a clean token costs nothing and a mangled one a few microseconds.

use std::collections::HashMap;

use crate::fxhash::FxHashMap;

use super::syllable;
use crate::resources::tsv_rows;

/// Count of an exact (diacritic, lower-case) token in the clean corpus.
#[derive(Debug, Clone)]
pub struct Syl {
    pub text: String,
    pub count: u32,
    /// Id of the folded form in [`Lexicon::folded`].
    pub folded: u32,
    /// `ln(count / total)` as f32, the unigram log-probability (computed once, not
    /// per candidate).
    pub ln_p: f32,
}

/// Token counts from clean Vietnamese text.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Every token seen in clean text (syllables, acronyms, loanwords) → count: a
    /// token clean text uses is never "repaired" for being oddly shaped.
    pub exact: FxHashMap<String, u32>,
    /// Folded form → id.
    pub folded_ids: FxHashMap<String, u32>,
    /// Folded forms and their summed counts, by id.
    pub folded: Vec<(String, u32)>,
    /// Folded bigram counts, keyed by `(left id << 32) | right id`.
    pub bigrams: FxHashMap<u64, u32>,
    /// Total token count (for unigram probabilities).
    pub total: f64,
    /// The most frequent clean spelling of each folded form and its count, by id: how
    /// a repaired reading is written back with its marks.
    pub spelled: Vec<(String, u32)>,
}

impl Lexicon {
    /// Builds the lexicon from `token\tcount` and `left\tright\tcount` TSV texts.
    pub fn from_tsv(unigrams: &str, bigrams: &str) -> Lexicon {
        let mut lex = Lexicon::default();
        for row in tsv_rows(unigrams) {
            let (Some(tok), Some(n)) = (row.first(), row.get(1).and_then(|n| n.parse().ok()))
            else {
                continue;
            };
            lex.add(tok, n);
        }
        for row in tsv_rows(bigrams) {
            if row.len() < 3 {
                continue;
            }
            let (Some(&a), Some(&b), Ok(n)) = (
                lex.folded_ids.get(row[0]),
                lex.folded_ids.get(row[1]),
                row[2].parse::<u32>(),
            ) else {
                continue;
            };
            *lex.bigrams.entry(key(a, b)).or_default() += n;
        }
        lex
    }

    /// Adds `n` occurrences of `tok`.
    pub fn add(&mut self, tok: &str, n: u32) {
        *self.exact.entry(tok.to_string()).or_default() += n;
        let f = crate::text::fold::fold(tok);
        let id = self.folded_id_or_insert(&f);
        self.folded[id as usize].1 += n;
        self.total += n as f64;
        let seen = self.exact[tok];
        let best = &mut self.spelled[id as usize];
        if seen > best.1 {
            *best = (tok.to_string(), seen);
        }
    }

    /// The most frequent clean spelling of a folded form (`nghiep` → `nghiệp`).
    pub fn spelling(&self, folded: &str) -> Option<&str> {
        let id = *self.folded_ids.get(folded)?;
        Some(self.spelled[id as usize].0.as_str())
    }

    fn folded_id_or_insert(&mut self, f: &str) -> u32 {
        if let Some(&id) = self.folded_ids.get(f) {
            return id;
        }
        let id = self.folded.len() as u32;
        self.folded.push((f.to_string(), 0));
        self.spelled.push((String::new(), 0));
        self.folded_ids.insert(f.to_string(), id);
        id
    }

    /// Count of folded form `id`.
    pub fn folded_count(&self, id: u32) -> u32 {
        self.folded[id as usize].1
    }

    /// Count of the folded bigram `a b`.
    pub fn bigram(&self, a: u32, b: u32) -> u32 {
        self.bigrams.get(&key(a, b)).copied().unwrap_or(0)
    }
}

fn key(a: u32, b: u32) -> u64 {
    ((a as u64) << 32) | b as u64
}

/// One learned way of printing a true letter: `ocr` is what the OCR engine wrote.
#[derive(Debug, Clone)]
pub struct Emission {
    pub ocr: Vec<char>,
    pub cost: f32,
}

/// The character-confusion channel: for each true letter, the strings OCR prints for
/// it with their costs (−ln P), and fallback costs for anything unlisted, by the
/// length of the printed string (0 = letter lost, 1 = substituted, 2 = split).
#[derive(Debug, Clone)]
pub struct Confusions {
    pub rows: HashMap<char, Vec<Emission>>,
    pub fallback: [f32; 3],
}

impl Confusions {
    /// Parses `true\tocr\tcount\tcost` rows; `∅` is the empty string and true letter
    /// `*` gives the fallback cost for OCR strings of length `ocr`.
    pub fn from_tsv(text: &str) -> Confusions {
        let mut c = Confusions {
            rows: HashMap::new(),
            fallback: [9.0, 8.0, 10.0],
        };
        for row in tsv_rows(text) {
            if row.len() < 4 {
                continue;
            }
            let Ok(cost) = row[3].parse::<f32>() else {
                continue;
            };
            if row[0] == "*" {
                if let Ok(k) = row[1].parse::<usize>()
                    && k < 3
                {
                    c.fallback[k] = cost;
                }
                continue;
            }
            let Some(t) = row[0].chars().next() else {
                continue;
            };
            let ocr = if row[1] == "∅" {
                Vec::new()
            } else {
                row[1].chars().collect()
            };
            c.rows.entry(t).or_default().push(Emission { ocr, cost });
        }
        c
    }

    /// A starting channel before any learning: every letter prints as itself or with
    /// some of its marks lost, anything else at the fallback costs.
    pub fn initial(alphabet: impl IntoIterator<Item = char>) -> Confusions {
        let mut rows: HashMap<char, Vec<Emission>> = HashMap::new();
        for t in alphabet {
            let mut forms = vec![(t, 0.3f32)];
            let (b, tone) = syllable::split_tone(t);
            if tone != syllable::NGANG {
                forms.push((b, 1.5));
            }
            let f = syllable::fold_char(t);
            if f != t && f != b {
                forms.push((f, 1.0));
            }
            rows.insert(
                t,
                forms
                    .into_iter()
                    .map(|(c, cost)| Emission { ocr: vec![c], cost })
                    .collect(),
            );
        }
        Confusions {
            rows,
            fallback: [9.0, 8.0, 10.0],
        }
    }
}

#[derive(Debug, Default, Clone)]
struct Node {
    /// (true letter, child node, row in `Model::rows`).
    children: Vec<(char, u32, u32)>,
    syl: Option<u32>,
}

/// A candidate true syllable for a written token.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Index into [`Model::syls`].
    pub syl: u32,
    /// Channel cost of the cheapest alignment.
    pub cost: f32,
    /// That alignment, as (true letter, printed string) pairs; only when asked for.
    pub path: Vec<(char, String)>,
}

/// Lexicon + channel + the trie the search walks.
#[derive(Debug)]
pub struct Model {
    pub lex: Lexicon,
    /// Candidate syllables (valid, seen at least `min_count` times).
    pub syls: Vec<Syl>,
    nodes: Vec<Node>,
    rows: Vec<Vec<Emission>>,
    fallback: [f32; 3],
}

impl Model {
    /// Builds the search structures; syllables seen fewer than `min_count` times are
    /// not proposed as repairs (they are too often typos themselves).
    pub fn new(lex: Lexicon, conf: &Confusions, min_count: u32) -> Model {
        let mut row_ids: HashMap<char, u32> = HashMap::new();
        let mut rows: Vec<Vec<Emission>> = Vec::new();
        let mut entries: Vec<(&String, &u32)> = lex
            .exact
            .iter()
            .filter(|(w, n)| **n >= min_count && syllable::is_valid(w))
            .collect();
        entries.sort();
        let mut nodes = vec![Node::default()];
        let mut syls = Vec::with_capacity(entries.len());
        for (w, &n) in entries {
            let mut at = 0usize;
            for c in w.chars() {
                let next = nodes[at].children.iter().find(|x| x.0 == c).map(|x| x.1);
                at = match next {
                    Some(n) => n as usize,
                    None => {
                        let row = *row_ids.entry(c).or_insert_with(|| {
                            rows.push(conf.rows.get(&c).cloned().unwrap_or_default());
                            (rows.len() - 1) as u32
                        });
                        nodes.push(Node::default());
                        let id = nodes.len() - 1;
                        nodes[at].children.push((c, id as u32, row));
                        id
                    }
                };
            }
            let f = crate::text::fold::fold(w);
            let folded = lex.folded_ids.get(&f).copied().unwrap_or(u32::MAX);
            nodes[at].syl = Some(syls.len() as u32);
            syls.push(Syl {
                text: w.clone(),
                count: n,
                folded,
                ln_p: (n as f64 / lex.total).ln() as f32,
            });
        }
        Model {
            lex,
            syls,
            nodes,
            rows,
            fallback: conf.fallback,
        }
    }

    /// Every lexicon syllable that can be printed as `word` within `budget`, with
    /// the cost of its cheapest alignment (one entry per syllable).
    pub fn candidates(&self, word: &[char], budget: f32, with_path: bool) -> Vec<Candidate> {
        let mut out = Vec::new();
        let mut path = Vec::new();
        let mut search = Search {
            model: self,
            word,
            budget,
            with_path,
            out: &mut out,
            path: &mut path,
            fallbacks: 0,
        };
        search.walk(0, 0, 0.0);
        out.sort_by(|a, b| a.syl.cmp(&b.syl).then(a.cost.total_cmp(&b.cost)));
        out.dedup_by_key(|c| c.syl);
        out
    }
}

struct Search<'a> {
    model: &'a Model,
    word: &'a [char],
    budget: f32,
    with_path: bool,
    out: &'a mut Vec<Candidate>,
    path: &'a mut Vec<(char, String)>,
    /// Unlisted emissions on the current path.
    fallbacks: u32,
}

/// Unlisted (fallback-cost) emissions allowed in one alignment: the learned table
/// covers what OCR really does, and each extra fallback multiplies the search.
const MAX_FALLBACKS: u32 = 1;

/// Whether `word` starts with `prefix` (a loop: the slices are zero to three
/// characters long, where a `memcmp` call costs more than the comparison).
#[inline]
fn starts_with(word: &[char], prefix: &[char]) -> bool {
    prefix.len() <= word.len() && prefix.iter().zip(word).all(|(a, b)| a == b)
}

impl Search<'_> {
    fn walk(&mut self, node: u32, i: usize, cost: f32) {
        let n = &self.model.nodes[node as usize];
        let rest = &self.word[i..];
        if rest.is_empty()
            && let Some(s) = n.syl
        {
            self.out.push(Candidate {
                syl: s,
                cost,
                path: if self.with_path {
                    self.path.clone()
                } else {
                    Vec::new()
                },
            });
        }
        for &(t, child, row) in &n.children {
            let mut listed = [false; 3];
            for e in &self.model.rows[row as usize] {
                if starts_with(rest, &e.ocr) {
                    if e.ocr.len() < 3 {
                        listed[e.ocr.len()] = true;
                    }
                    if cost + e.cost <= self.budget {
                        self.step(t, child, i, e.ocr.len(), cost + e.cost);
                    }
                }
            }
            if self.fallbacks >= MAX_FALLBACKS {
                continue;
            }
            for (k, &seen) in listed.iter().enumerate() {
                if k <= rest.len() && !seen {
                    let c = cost + self.model.fallback[k];
                    if c <= self.budget {
                        self.fallbacks += 1;
                        self.step(t, child, i, k, c);
                        self.fallbacks -= 1;
                    }
                }
            }
        }
    }

    fn step(&mut self, t: char, child: u32, i: usize, k: usize, cost: f32) {
        if self.with_path {
            self.path.push((t, self.word[i..i + k].iter().collect()));
        }
        self.walk(child, i + k, cost);
        if self.with_path {
            self.path.pop();
        }
    }
}
