//! OCR text written back for display with each syllable's exact spelling chosen in
//! context: "Tuyén truyén cai cach hanh chinh Thij tran Vwong" → "Tuyên truyền cải
//! cách hành chính Thị trấn Vương".
//!
//! [`super::OcrRepairer::restore`] picks each word's commonest spelling alone, so OCR's
//! "tuyén" comes back as "tuyến" even before "truyền". Here every word's candidate
//! syllables (the repair model's channel: what OCR prints for each letter) are scored
//! with exact-form bigrams of clean text (`data/ocr_exact_bigrams.tsv`), and the best
//! sequence is found by Viterbi. A word is changed only when the best sequence beats
//! the best one that keeps it as written by a clear margin, so an unsure word stays
//! as OCR printed it: the result is never a confident guess where OCR was ambiguous.

use std::sync::LazyLock;

use crate::fxhash::FxHashMap;
use crate::resources;

use super::OcrRepairer;

/// The shipped exact-form bigram file.
pub const EXACT_BIGRAM_FILE: &str = "ocr_exact_bigrams.tsv";

/// Pseudo-count pulling a bigram estimate towards the unigram.
const KAPPA: f64 = 2.0;
/// ln P of a word kept as written that clean text never uses.
const LN_RAW: f64 = -16.0;
/// Nats by which a change must beat keeping the word as written.
const MARGIN: f64 = 2.0;
/// Nats by which the chosen reading must beat every other reading of the word.
const RIVAL_MARGIN: f64 = 2.5;
/// Candidates kept per word.
const MAX_CANDIDATES: usize = 12;

/// How one word is held when the runner-up sequence is scored.
#[derive(Debug, Clone, Copy)]
enum Constraint {
    /// As written.
    Keep,
    /// Any other reading than this candidate (and than the written form).
    Not(usize),
}

/// Exact-form bigram counts of clean text.
#[derive(Debug, Default)]
pub struct Restorer {
    /// Keyed by [`bigram_key`]: looked up without allocating.
    bigrams: FxHashMap<String, u32>,
}

impl Restorer {
    /// Parses `left\tright\tcount` rows.
    pub fn from_tsv(text: &str) -> Restorer {
        let mut bigrams = FxHashMap::default();
        for row in resources::tsv_rows(text) {
            if let [a, b, n, ..] = row.as_slice()
                && let Ok(n) = n.parse::<u32>()
            {
                let mut key = String::new();
                bigram_key(&mut key, a, b);
                *bigrams.entry(key).or_default() += n;
            }
        }
        Restorer { bigrams }
    }

    /// The shipped model, loaded once.
    pub fn shared() -> &'static Restorer {
        static R: LazyLock<Restorer> =
            LazyLock::new(|| Restorer::from_tsv(&resources::load(EXACT_BIGRAM_FILE)));
        &R
    }

    /// `phrase` (OCR text) with each word spelt as best restored in context.
    pub fn restore(&self, phrase: &str) -> String {
        let rep = OcrRepairer::shared();
        let spans = crate::analysis::segmenter::word_spans(phrase);
        let words: Vec<String> = spans
            .iter()
            .map(|&(a, b)| phrase[a..b].to_lowercase())
            .collect();
        let cands: Vec<Vec<(Option<String>, f64)>> =
            words.iter().map(|w| candidates(rep, w)).collect();
        // Each word whose best reading changes runs two more searches over the
        // same lattice: its transition scores are computed once.
        let lattice = Lattice::new(self, rep, &cands);
        let best = lattice.viterbi(None);
        let Some((best_score, path)) = best else {
            return phrase.to_string();
        };
        let mut out = String::with_capacity(phrase.len() + 8);
        let mut at = 0;
        for (i, &(a, b)) in spans.iter().enumerate() {
            out.push_str(&phrase[at..a]);
            at = b;
            let written = &phrase[a..b];
            let choice = cands[i][path[i]].0.as_deref();
            let changed = choice.is_some_and(|c| c != words[i]);
            // Sure: clearly better than keeping the word, and than any other reading.
            let beats = |c: Constraint, margin: f64| {
                lattice
                    .viterbi(Some((i, c)))
                    .is_none_or(|(other, _)| best_score - other >= margin)
            };
            let sure = changed
                && beats(Constraint::Keep, MARGIN)
                && beats(Constraint::Not(path[i]), RIVAL_MARGIN);
            match choice {
                Some(c) if sure => out.push_str(&super::match_case(written, c)),
                _ => out.push_str(written),
            }
        }
        out.push_str(&phrase[at..]);
        out
    }

    /// ln P(b | a) from exact counts, backed off to the unigram; `key` is a reused
    /// buffer for the bigram lookup.
    fn ln_next(
        &self,
        rep: &OcrRepairer,
        a: Option<&str>,
        b: Option<&str>,
        key: &mut String,
    ) -> f64 {
        let lex = &rep.model.lex;
        let total = lex.total.max(1.0);
        let pb = match b {
            Some(b) => lex.exact.get(b).map_or(0.5, |&n| n as f64) / total,
            None => LN_RAW.exp(),
        };
        let (Some(a), Some(b)) = (a, b) else {
            return pb.ln();
        };
        let ca = lex.exact.get(a).map_or(0.0, |&n| n as f64);
        let cab = self
            .bigrams
            .get(bigram_key(key, a, b))
            .map_or(0.0, |&n| n as f64);
        ((cab + KAPPA * pb) / (ca + KAPPA)).ln()
    }
}

/// The map key of bigram `a b`, written into `buf`.
fn bigram_key<'b>(buf: &'b mut String, a: &str, b: &str) -> &'b str {
    buf.clear();
    buf.push_str(a);
    buf.push('\u{1}');
    buf.push_str(b);
    buf
}

/// The candidate readings of a phrase's words with every score the search needs:
/// each reading's channel cost, its start score, and the bigram score of every pair
/// of readings of two consecutive words.
struct Lattice<'c> {
    cands: &'c [Vec<(Option<String>, f64)>],
    /// ln P of each reading of the first word.
    start: Vec<f64>,
    /// `trans[i][j * cands[i].len() + k]`: ln P(reading k of word i | reading j of
    /// word i - 1) (`trans[0]` is empty).
    trans: Vec<Vec<f64>>,
}

impl<'c> Lattice<'c> {
    fn new(r: &Restorer, rep: &OcrRepairer, cands: &'c [Vec<(Option<String>, f64)>]) -> Self {
        let start = cands
            .first()
            .map(|cs| {
                cs.iter()
                    .map(|c| r.ln_next(rep, None, c.0.as_deref(), &mut String::new()))
                    .collect()
            })
            .unwrap_or_default();
        let mut trans = Vec::with_capacity(cands.len());
        let mut key = String::new();
        for i in 0..cands.len() {
            let mut t = Vec::new();
            if i > 0 {
                t.reserve(cands[i - 1].len() * cands[i].len());
                for p in &cands[i - 1] {
                    for c in &cands[i] {
                        t.push(r.ln_next(rep, p.0.as_deref(), c.0.as_deref(), &mut key));
                    }
                }
            }
            trans.push(t);
        }
        Lattice {
            cands,
            start,
            trans,
        }
    }

    /// The best-scoring sequence of candidates (score, index per word), with one word
    /// held to a constraint.
    fn viterbi(&self, held: Option<(usize, Constraint)>) -> Option<(f64, Vec<usize>)> {
        let cands = self.cands;
        let allowed = |i: usize, k: usize, c: &(Option<String>, f64)| match held {
            Some((h, Constraint::Keep)) if h == i => c.1 == 0.0,
            Some((h, Constraint::Not(n))) if h == i => k != n && c.1 != 0.0,
            _ => true,
        };
        let mut prev: Vec<(f64, usize)> = Vec::new();
        let mut back: Vec<Vec<usize>> = Vec::with_capacity(cands.len());
        for (i, cs) in cands.iter().enumerate() {
            let mut cur = Vec::with_capacity(cs.len());
            let mut bp = Vec::with_capacity(cs.len());
            for (k, c) in cs.iter().enumerate() {
                if !allowed(i, k, c) {
                    cur.push((f64::NEG_INFINITY, 0));
                    bp.push(0);
                    continue;
                }
                let emit = -c.1;
                if i == 0 {
                    cur.push((emit + self.start[k], 0));
                    bp.push(0);
                    continue;
                }
                let n = cs.len();
                let mut best = (f64::NEG_INFINITY, 0);
                for (j, p) in prev.iter().enumerate() {
                    let s = p.0 + self.trans[i][j * n + k];
                    if s > best.0 {
                        best = (s, j);
                    }
                }
                cur.push((best.0 + emit, best.1));
                bp.push(best.1);
            }
            prev = cur;
            back.push(bp);
        }
        let (mut k, score) = prev
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.0.total_cmp(&b.1.0))
            .map(|(k, s)| (k, s.0))?;
        if !score.is_finite() {
            return None;
        }
        let mut path = vec![0; cands.len()];
        for i in (0..cands.len()).rev() {
            path[i] = k;
            k = back[i][k];
        }
        Some((score, path))
    }
}

/// A word's readings: as written (cost 0; the exact token when clean text uses it,
/// else `None`, an unknown word) and the channel's candidate syllables with their
/// costs, best first.
fn candidates(rep: &OcrRepairer, word: &str) -> Vec<(Option<String>, f64)> {
    let lex = &rep.model.lex;
    let own = lex.exact.contains_key(word).then(|| word.to_string());
    // A word with marks that clean text uses is taken as written ("Long" may have lost
    // marks, "Lê" has not).
    let settled = own.is_some() && !word.is_ascii();
    let mut out = vec![(own, 0.0)];
    let has_letter = word.chars().any(char::is_alphabetic);
    let chars: Vec<char> = word.chars().collect();
    if settled || !has_letter || chars.len() > 12 {
        return out;
    }
    let mut found: Vec<(String, f64, f64)> = rep
        .model
        .candidates(&chars, rep.params.budget, false)
        .into_iter()
        .map(|c| {
            let s = &rep.model.syls[c.syl as usize];
            (s.text.clone(), c.cost as f64, c.cost as f64 - s.ln_p as f64)
        })
        .filter(|(t, ..)| t != word)
        .collect();
    found.sort_by(|a, b| a.2.total_cmp(&b.2));
    found.truncate(MAX_CANDIDATES);
    // A cost of exactly 0 marks the written form (see `viterbi`'s `keep`).
    out.extend(found.into_iter().map(|(t, c, _)| (Some(t), c.max(1e-6))));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restores_in_context() {
        let r = Restorer::shared();
        let cases = [
            // Marks lost or misread by OCR come back as the neighbours want them.
            (
                "Tuyén truyén cai cach hanh chinh",
                "Tuyên truyền cải cách hành chính",
            ),
            ("Théng tin, tuyén truyén", "Thông tin, tuyên truyền"),
            // Clean text and what cannot be read stay as written.
            (
                "Tuyên truyền cải cách hành chính",
                "Tuyên truyền cải cách hành chính",
            ),
            ("năm 2025", "năm 2025"),
            ("", ""),
        ];
        for (ocr, want) in cases {
            assert_eq!(r.restore(ocr), want, "{ocr}");
        }
    }

    #[test]
    fn unsure_words_stay_as_written() {
        // Unknown tokens with no confident reading are not replaced by a guess.
        let r = Restorer::shared();
        assert_eq!(r.restore("xqzw"), "xqzw");
        assert_eq!(r.restore("ABC-123"), "ABC-123");
    }
}
