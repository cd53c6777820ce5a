//! Several words, each matched by any of its terms, evaluated a term at a time.
//!
//! A query of plain words is a conjunction of unions: every word must match, by its
//! folded or exact form, in title or body, each form a weighted BM25 term. Tantivy
//! evaluates that as an intersection of buffered unions, moving a dozen term scorers
//! in step through virtual calls; on the common words of administrative plans, which
//! nearly every plan contains, that scores every match at about 20 ns a posting and
//! was most of the cost of a multi-word search (BENCHMARKS, tenth round).
//!
//! [`WordsQuery`] gives the same matches and the same BM25 scores (up to the order
//! of float additions) by reading each term's posting blocks in turn into arrays
//! over a window of the segment's documents: the rarest word's terms make the
//! candidates, and every other word's terms mark and score the candidates they
//! hold (see [`Evaluator`]). When the
//! candidates are few against a term's documents, the term's blocks that hold none
//! are skipped through its skip list, so a rare word keeps the query as cheap as
//! tantivy's leapfrogging makes it. A word may also be matched by all the words of
//! an expansion (`CCHC` or `cải cách hành chính`), itself a [`WordsQuery`].

use std::fmt;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{BlockSegmentPostings, Postings};
use tantivy::query::{
    Bm25Weight, BooleanQuery, BoostQuery, EnableScoring, Explanation, Occur, Query, Scorer,
    TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

/// One term of a word, with the boost its score is multiplied by.
pub type WeightedTerm = (Term, Score);

/// What matches one word: any of its terms, or all the words of `all_of`.
#[derive(Clone, Debug)]
pub struct Word {
    pub terms: Vec<WeightedTerm>,
    /// The words of an expansion that match this word where they all stand in a
    /// plan (an acronym's words).
    pub all_of: Option<WordsQuery>,
}

impl Word {
    /// A word matched by any of `terms`.
    pub fn of_terms(terms: Vec<WeightedTerm>) -> Word {
        Word {
            terms,
            all_of: None,
        }
    }

    /// The same word as tantivy's boolean query: each term a `Should` clause (with
    /// its boost), and the expansion one more. The query of a word standing alone,
    /// which tantivy ranks with block-max WAND when it is plain terms.
    pub fn as_boolean(&self) -> BooleanQuery {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = self
            .terms
            .iter()
            .map(|(t, boost)| {
                let q: Box<dyn Query> =
                    Box::new(TermQuery::new(t.clone(), IndexRecordOption::WithFreqs));
                let q: Box<dyn Query> = if *boost == 1.0 {
                    q
                } else {
                    Box::new(BoostQuery::new(q, *boost))
                };
                (Occur::Should, q)
            })
            .collect();
        if let Some(all) = &self.all_of {
            clauses.push((Occur::Should, Box::new(all.as_boolean())));
        }
        BooleanQuery::new(clauses)
    }
}

/// A conjunction of words, each a disjunction of weighted terms (and perhaps of an
/// expansion's words), scored as the sum of the BM25 scores of what a plan matches:
/// what a `BooleanQuery` of `Must` words, each a `BooleanQuery` of `Should` terms,
/// scores.
#[derive(Clone)]
pub struct WordsQuery {
    words: Vec<Word>,
    /// Documents evaluated at a time (see [`Evaluator`]).
    window: DocId,
}

/// Documents evaluated at a time: the arrays of a window (a mark and a score per
/// document) stay in the first-level cache.
const WINDOW: DocId = 2048;

impl fmt::Debug for WordsQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WordsQuery")
            .field("words", &self.words)
            .finish()
    }
}

impl WordsQuery {
    /// A query matching plans that contain every word. A word with no terms and no
    /// expansion matches nothing.
    pub fn new(words: Vec<Word>) -> WordsQuery {
        WordsQuery {
            words,
            window: WINDOW,
        }
    }

    /// The same query evaluated `window` documents at a time (tests use small
    /// windows to cross many of them). An expansion is read over its query's
    /// windows, whatever its own.
    #[cfg(test)]
    fn with_window(mut self, window: DocId) -> WordsQuery {
        self.window = window;
        self
    }

    /// The same query as tantivy's boolean queries (what the tests compare against).
    pub fn as_boolean(&self) -> BooleanQuery {
        BooleanQuery::new(
            self.words
                .iter()
                .map(|w| {
                    let q: Box<dyn Query> = Box::new(w.as_boolean());
                    (Occur::Must, q)
                })
                .collect(),
        )
    }

    fn words_weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<WordsWeight> {
        let scoring = enable_scoring.is_scoring_enabled();
        let mut words = Vec::with_capacity(self.words.len());
        for w in &self.words {
            let mut terms = Vec::with_capacity(w.terms.len());
            for (term, boost) in &w.terms {
                let bm25 = match enable_scoring {
                    EnableScoring::Enabled {
                        statistics_provider,
                        ..
                    } => Some(Bm25Weight::for_terms(
                        statistics_provider,
                        std::slice::from_ref(term),
                    )?),
                    EnableScoring::Disabled { .. } => None,
                };
                terms.push(TermWeight {
                    term: term.clone(),
                    boost: *boost,
                    bm25,
                });
            }
            let all_of = match &w.all_of {
                Some(q) => Some(q.words_weight(enable_scoring)?),
                None => None,
            };
            words.push(WordWeight { terms, all_of });
        }
        Ok(WordsWeight {
            words,
            scoring,
            window: self.window,
        })
    }
}

impl Query for WordsQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.words_weight(enable_scoring)?))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for w in &self.words {
            for (t, _) in &w.terms {
                visitor(t, false);
            }
            if let Some(all) = &w.all_of {
                all.query_terms(visitor);
            }
        }
    }
}

/// A term with what scores it across the searcher (its BM25 statistics).
struct TermWeight {
    term: Term,
    boost: Score,
    /// `None` when scoring is disabled.
    bm25: Option<Bm25Weight>,
}

/// A word's terms and expansion, weighed once per search.
struct WordWeight {
    terms: Vec<TermWeight>,
    all_of: Option<WordsWeight>,
}

/// The words, weighed once per search and read per segment.
struct WordsWeight {
    words: Vec<WordWeight>,
    scoring: bool,
    window: DocId,
}

impl WordsWeight {
    /// The evaluator of a segment over windows of at most `window` documents (an
    /// expansion's are its query's), or `None` when some word is in none of its
    /// documents.
    fn evaluator(
        &self,
        reader: &SegmentReader,
        boost: Score,
        window: DocId,
    ) -> tantivy::Result<Option<Evaluator>> {
        let option = if self.scoring {
            IndexRecordOption::WithFreqs
        } else {
            IndexRecordOption::Basic
        };
        let mut words = Vec::with_capacity(self.words.len());
        for w in &self.words {
            let mut df = 0u64;
            let mut terms = Vec::with_capacity(w.terms.len());
            for t in &w.terms {
                let field = t.term.field();
                let inverted = reader.inverted_index(field)?;
                let Some(info) = inverted.get_term_info(&t.term)? else {
                    continue;
                };
                df += u64::from(info.doc_freq);
                let block = inverted.read_block_postings_from_terminfo(&info, option)?;
                let score = match &t.bm25 {
                    Some(bm25) => Some((bm25.boost_by(t.boost * boost), norms(reader, field)?)),
                    None => None,
                };
                terms.push(TermPostings { block, score, k: 0 });
            }
            let all_of = match &w.all_of {
                Some(all) => match all.evaluator(reader, boost, window)? {
                    Some(e) => {
                        df += e.bound;
                        Some(Box::new(e))
                    }
                    None => None,
                },
                None => None,
            };
            if df == 0 {
                return Ok(None);
            }
            words.push(WordState { df, terms, all_of });
        }
        if words.is_empty() {
            return Ok(None);
        }
        if words.len() >= usize::from(u16::MAX) - 1 {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "too many words in one query: {}",
                words.len()
            )));
        }
        // The rarest word first: it bounds the candidates the others are read against.
        words.sort_by_key(|w| w.df);
        let n = window as usize;
        Ok(Some(Evaluator {
            bound: words[0].df,
            words,
            marks: vec![0; n],
            scores: if self.scoring {
                vec![0.0; n]
            } else {
                Vec::new()
            },
            candidates: Vec::with_capacity(n),
            max_doc: reader.max_doc(),
            window,
        }))
    }

    /// A segment's matches as a scorer, its first window `span` documents wide.
    fn words_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
        span: DocId,
    ) -> tantivy::Result<WordsScorer> {
        let mut scorer = WordsScorer {
            eval: self.evaluator(reader, boost, self.window)?,
            matches: Matches::default(),
            hi: 0,
            at: 0,
            span: span.min(self.window),
        };
        scorer.fill(0);
        Ok(scorer)
    }
}

/// The norms of `field` in a segment (all 1 when the field keeps none), as
/// tantivy's term weight takes them.
fn norms(
    reader: &SegmentReader,
    field: tantivy::schema::Field,
) -> tantivy::Result<FieldNormReader> {
    Ok(reader
        .fieldnorms_readers()
        .get_field(field)?
        .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1)))
}

/// A term's postings in one segment, with what scores them.
struct TermPostings {
    block: BlockSegmentPostings,
    /// The BM25 weight with every boost applied and the field's norms; `None`
    /// when scoring is disabled.
    score: Option<(Bm25Weight, FieldNormReader)>,
    /// The position in the loaded block.
    k: usize,
}

impl TermPostings {
    /// Moves to the first document at or after `target`; `TERMINATED` when none.
    fn seek(&mut self, target: DocId) -> DocId {
        let docs = self.block.docs();
        if self.k < docs.len() && docs[self.k] >= target {
            return docs[self.k];
        }
        self.k = self.block.seek(target);
        match self.block.docs().get(self.k) {
            Some(&d) => d,
            None => {
                // Every document of this block is before `target`: the term is done
                // (a skip list lands on the block that holds the target if any does).
                TERMINATED
            }
        }
    }

    /// Calls `each(doc, score)` for the documents in `[lo, hi)`, `score` being zero
    /// when scoring is disabled.
    #[inline]
    fn each_in(&mut self, lo: DocId, hi: DocId, mut each: impl FnMut(DocId, &Self, usize)) {
        if self.seek(lo) >= hi {
            return;
        }
        loop {
            let docs = self.block.docs();
            while self.k < docs.len() {
                let d = docs[self.k];
                if d >= hi {
                    return;
                }
                each(d, self, self.k);
                self.k += 1;
            }
            self.block.advance();
            self.k = 0;
            if self.block.docs().is_empty() {
                return;
            }
        }
    }

    /// The score of the document at `k` in the loaded block.
    #[inline]
    fn score_at(&self, doc: DocId, k: usize) -> Score {
        match &self.score {
            Some((bm25, norms)) => bm25.score(norms.fieldnorm_id(doc), self.block.freq(k)),
            None => 0.0,
        }
    }
}

/// One word in a segment: its terms' postings and its expansion's evaluator.
struct WordState {
    /// How many documents the word may match at most.
    df: u64,
    terms: Vec<TermPostings>,
    all_of: Option<Box<Evaluator>>,
}

/// Finds the matches of a segment a window of documents at a time: per document
/// of the window, its score so far and how many words it has matched (a document
/// that missed a word stays behind and is no longer a candidate). Arrays the size
/// of a window stay in cache; a window starts where the search asks, so an
/// intersection with a rarer clause skips what lies between its documents.
struct Evaluator {
    /// The rarest word's document frequency: at most that many matches.
    bound: u64,
    words: Vec<WordState>,
    marks: Vec<u16>,
    /// Empty when scoring is disabled.
    scores: Vec<Score>,
    candidates: Vec<DocId>,
    max_doc: DocId,
    window: DocId,
}

impl Evaluator {
    /// The first document at or after `lo` that the rarest word may match, when
    /// that word is plain terms (else `lo`).
    fn next_start(&mut self, lo: DocId) -> DocId {
        let first = &mut self.words[0];
        if first.all_of.is_some() {
            return lo;
        }
        first
            .terms
            .iter_mut()
            .map(|p| p.seek(lo))
            .min()
            .unwrap_or(TERMINATED)
    }

    /// As an expansion of an enclosing query's word: marks its matches in `[lo, hi)`
    /// (among `within` when given) with `mark` in the enclosing `marks`, and adds
    /// their scores to the enclosing `scores`.
    fn mark(
        &mut self,
        lo: DocId,
        hi: DocId,
        within: Option<&[DocId]>,
        mark: u16,
        marks: &mut [u16],
        scores: &mut [Score],
    ) {
        let mut m = Matches::default();
        self.window(lo, hi, within, &mut m);
        for (&d, &s) in m.docs.iter().zip(&m.scores) {
            let i = (d - lo) as usize;
            marks[i] = mark;
            if let Some(acc) = scores.get_mut(i) {
                *acc += s;
            }
        }
    }

    /// Appends to `out` the matches in `[lo, hi)`, among `within` when given (an
    /// enclosing query's candidates, which add nothing to the scores).
    fn window(&mut self, lo: DocId, hi: DocId, within: Option<&[DocId]>, out: &mut Matches) {
        let n = (hi - lo) as usize;
        self.marks[..n].fill(0);
        if !self.scores.is_empty() {
            self.scores[..n].fill(0.0);
        }
        let (marks, scores) = (&mut self.marks, &mut self.scores);
        let mut candidates = std::mem::take(&mut self.candidates);
        candidates.clear();
        let rest = match within {
            Some(within) => {
                for &d in within {
                    marks[(d - lo) as usize] = 1;
                }
                candidates.extend_from_slice(within);
                &mut self.words[..]
            }
            None => {
                let (first, rest) = self.words.split_first_mut().expect("a word");
                for p in &mut first.terms {
                    p.each_in(lo, hi, |d, p, k| {
                        let i = (d - lo) as usize;
                        marks[i] = 1;
                        if let Some(s) = scores.get_mut(i) {
                            *s += p.score_at(d, k);
                        }
                    });
                }
                if let Some(all) = &mut first.all_of {
                    all.mark(lo, hi, None, 1, marks, scores);
                }
                candidates.extend(
                    marks[..n]
                        .iter()
                        .enumerate()
                        .filter(|(_, m)| **m == 1)
                        .map(|(i, _)| lo + i as DocId),
                );
                rest
            }
        };
        for (j, word) in rest.iter_mut().enumerate() {
            if candidates.is_empty() {
                break;
            }
            let seen = j as u16 + 1;
            for p in &mut word.terms {
                // The term's documents expected in the window, against the
                // candidates: few candidates are looked up one by one.
                let expected = u64::from(p.block.doc_freq()) * u64::from(hi - lo)
                    / u64::from(self.max_doc.max(1));
                if (candidates.len() as u64) * 16 < expected {
                    for &c in &candidates {
                        if p.seek(c) == c {
                            let i = (c - lo) as usize;
                            marks[i] = seen + 1;
                            if let Some(s) = scores.get_mut(i) {
                                *s += p.score_at(c, p.k);
                            }
                        }
                    }
                } else {
                    p.each_in(lo, hi, |d, p, k| {
                        let i = (d - lo) as usize;
                        if marks[i] >= seen {
                            marks[i] = seen + 1;
                            if let Some(s) = scores.get_mut(i) {
                                *s += p.score_at(d, k);
                            }
                        }
                    });
                }
            }
            if let Some(all) = &mut word.all_of {
                all.mark(lo, hi, Some(&candidates), seen + 1, marks, scores);
            }
            candidates.retain(|&d| marks[(d - lo) as usize] > seen);
        }
        for &d in &candidates {
            out.docs.push(d);
            out.scores
                .push(scores.get((d - lo) as usize).copied().unwrap_or(0.0));
        }
        self.candidates = candidates;
    }
}

/// Documents in order with their scores.
#[derive(Default)]
struct Matches {
    docs: Vec<DocId>,
    scores: Vec<Score>,
}

/// The narrowest window: a search that jumps far ahead at every step (moved by a
/// rarer clause) reads about one block of each term per step.
const MIN_WINDOW: DocId = 64;

/// A segment's matches, found a window at a time as the search moves on.
struct WordsScorer {
    /// `None` when the segment has no match.
    eval: Option<Evaluator>,
    /// The matches of the current window, which ends before `hi`.
    matches: Matches,
    hi: DocId,
    at: usize,
    /// The width of the next window: halved when the search jumps a window's
    /// width or more past the end of one, doubled (up to the evaluator's) when it
    /// goes on from about there.
    span: DocId,
}

impl WordsScorer {
    /// Finds the first window at or after `lo` with a match (none: terminated).
    fn fill(&mut self, mut lo: DocId) {
        self.matches.docs.clear();
        self.matches.scores.clear();
        self.at = 0;
        let Some(eval) = self.eval.as_mut() else {
            self.hi = TERMINATED;
            return;
        };
        while self.matches.docs.is_empty() {
            lo = eval.next_start(lo);
            if lo >= eval.max_doc {
                self.hi = TERMINATED;
                return;
            }
            let hi = lo.saturating_add(self.span).min(eval.max_doc);
            eval.window(lo, hi, None, &mut self.matches);
            self.hi = hi;
            lo = hi;
        }
    }

    /// Calls `each` with the matches of every window from the current one on.
    fn each_window(mut self, mut each: impl FnMut(&Matches)) {
        loop {
            each(&self.matches);
            if self.hi == TERMINATED {
                return;
            }
            self.fill(self.hi);
        }
    }

    /// Goes on to the window after the current one, wider.
    fn go_on(&mut self) {
        self.span = self.span.saturating_mul(2).min(self.window());
        self.fill(self.hi);
    }

    /// The widest window.
    fn window(&self) -> DocId {
        self.eval.as_ref().map_or(WINDOW, |e| e.window)
    }
}

impl DocSet for WordsScorer {
    fn advance(&mut self) -> DocId {
        self.at += 1;
        if self.at >= self.matches.docs.len() && self.hi != TERMINATED {
            self.go_on();
        }
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if target >= self.hi && self.hi != TERMINATED {
            let gap = target - self.hi;
            if gap >= self.span {
                // A window's width or more skipped: the search is led by a rarer
                // clause, and a narrower window wastes less.
                self.span = (self.span / 2).max(MIN_WINDOW.min(self.span));
            } else if gap < self.span / 8 {
                self.span = self.span.saturating_mul(2).min(self.window());
            }
            self.fill(target);
            return self.doc();
        }
        // Targets mostly come a few matches ahead: a short scan, then a search.
        let docs = &self.matches.docs;
        let end = (self.at + 8).min(docs.len());
        while self.at < end && docs[self.at] < target {
            self.at += 1;
        }
        if self.at == end && end < docs.len() {
            self.at += docs[self.at..].partition_point(|&d| d < target);
        }
        if self.at >= docs.len() && self.hi != TERMINATED {
            self.go_on();
        }
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.matches
            .docs
            .get(self.at)
            .copied()
            .unwrap_or(TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        self.eval
            .as_ref()
            .map_or(0, |e| e.bound.min(u64::from(u32::MAX)) as u32)
    }
}

impl Scorer for WordsScorer {
    fn score(&mut self) -> Score {
        self.matches.scores.get(self.at).copied().unwrap_or(0.0)
    }
}

impl Weight for WordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        // Moved by another clause, perhaps a rare one: narrow first, wider as the
        // search goes on window after window.
        Ok(Box::new(self.words_scorer(reader, boost, MIN_WINDOW)?))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.words_scorer(reader, 1.0, MIN_WINDOW)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        let mut out = Explanation::new("every word, each by any of its terms", scorer.score());
        for (w, word) in self.words.iter().enumerate() {
            for t in &word.terms {
                let inverted = reader.inverted_index(t.term.field())?;
                let Some(mut postings) =
                    inverted.read_postings(&t.term, IndexRecordOption::WithFreqs)?
                else {
                    continue;
                };
                if postings.seek(doc) == doc
                    && let Some(bm25) = &t.bm25
                {
                    let norms = norms(reader, t.term.field())?;
                    let bm25 = bm25.boost_by(t.boost);
                    let mut e = bm25.explain(norms.fieldnorm_id(doc), postings.term_freq());
                    e.add_context(format!("word {w}, {:?}", t.term));
                    out.add_detail(e);
                }
            }
            if let Some(all) = &word.all_of
                && let Ok(mut e) = all.explain(reader, doc)
            {
                e.add_context(format!("word {w}, by all the words of its expansion"));
                out.add_detail(e);
            }
        }
        Ok(out)
    }

    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        self.words_scorer(reader, 1.0, self.window)?
            .each_window(|m| {
                for (&d, &s) in m.docs.iter().zip(&m.scores) {
                    callback(d, s);
                }
            });
        Ok(())
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        self.words_scorer(reader, 1.0, self.window)?
            .each_window(|m| {
                for chunk in m.docs.chunks(tantivy::COLLECT_BLOCK_BUFFER_LEN) {
                    callback(chunk);
                }
            });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use tantivy::collector::{Count, DocSetCollector, TopDocs};
    use tantivy::{DocAddress, Searcher};

    use super::*;
    use crate::index::store::PlanIndex;
    use crate::index::write::plan_from_text;
    use crate::text::fold::fold;

    /// Words from nearly every plan to a handful, each written with or without its
    /// diacritics.
    const VOCABULARY: [(&str, u64); 8] = [
        ("Đảng", 97),
        ("cải", 90),
        ("cách", 85),
        ("hành", 60),
        ("chính", 40),
        ("trực", 12),
        ("tuyến", 5),
        ("Zalo", 2),
    ];

    fn mix(mut x: u64) -> u64 {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x
    }

    /// 300 plans in three commits (at least three segments); each word of the vocabulary is in a plan with
    /// its percentage, in the title or the body, accented or not, once or a few
    /// times, among filler of varied length.
    fn corpus() -> PlanIndex {
        let pi = PlanIndex::create_in_ram().unwrap();
        let mut writer = pi.writer().unwrap();
        for i in 0..300u64 {
            let (mut title, mut body) = (String::from("Kế hoạch"), String::new());
            for (k, (word, percent)) in VOCABULARY.iter().enumerate() {
                let h = mix(i * 31 + k as u64);
                if h % 100 >= *percent {
                    continue;
                }
                let written = if h.is_multiple_of(3) {
                    fold(word)
                } else {
                    word.to_string()
                };
                if h.is_multiple_of(7) {
                    title.push(' ');
                    title.push_str(&written);
                }
                for _ in 0..1 + (h >> 8) % 3 {
                    body.push_str(&format!("{written} "));
                }
                body.push_str(&"văn bản ".repeat(1 + (h >> 12) as usize % 20));
            }
            let text = format!("{title}\n\n{body}\n");
            let plan = plan_from_text(text, &format!("{i}.txt"));
            writer
                .add_document(plan.to_document(&pi.fields).unwrap())
                .unwrap();
            if i % 100 == 99 {
                writer.commit().unwrap();
            }
        }
        pi.reader.reload().unwrap();
        assert!(pi.reader.searcher().segment_readers().len() >= 3);
        pi
    }

    /// A word's terms as the query builder makes them: folded in body and title,
    /// and its exact form when it has diacritics, with their boosts.
    fn word(pi: &PlanIndex, w: &str) -> Vec<WeightedTerm> {
        let f = &pi.fields;
        let folded = fold(w).to_lowercase();
        let mut terms = vec![
            (Term::from_field_text(f.body_folded, &folded), 1.0),
            (Term::from_field_text(f.title_folded, &folded), 2.0),
        ];
        if folded != w.to_lowercase() {
            let exact = w.to_lowercase();
            terms.push((Term::from_field_text(f.body, &exact), 1.5));
            terms.push((Term::from_field_text(f.title, &exact), 3.0));
        }
        terms
    }

    fn scored(searcher: &Searcher, q: &dyn Query) -> BTreeMap<DocAddress, Score> {
        searcher
            .search(q, &TopDocs::with_limit(10_000).order_by_score())
            .unwrap()
            .into_iter()
            .map(|(s, a)| (a, s))
            .collect()
    }

    /// Same matches, same count and the same scores (to float rounding) as the
    /// boolean query of the same words, for every pair and triple of the vocabulary
    /// and with other clauses around it; and the rankings agree wherever the scores
    /// are not within rounding of each other.
    #[test]
    fn words_match_and_score_as_the_boolean_query_does() {
        let pi = corpus();
        let searcher = pi.reader.searcher();
        let words: Vec<&str> = VOCABULARY.iter().map(|(w, _)| *w).collect();
        let mut queries: Vec<Vec<&str>> = Vec::new();
        for a in 0..words.len() {
            for b in a + 1..words.len() {
                queries.push(vec![words[a], words[b]]);
                for c in b + 1..words.len() {
                    queries.push(vec![words[a], words[b], words[c]]);
                }
            }
        }
        queries.push(vec!["cai", "cách", "hanh", "chính", "Đảng"]);
        queries.push(vec!["Đảng", "khôngcótừnày"]);
        let plain = |ws: &[&str]| {
            WordsQuery::new(ws.iter().map(|w| Word::of_terms(word(&pi, w))).collect())
        };
        let mut queries: Vec<(String, WordsQuery)> = queries
            .iter()
            .map(|ws| (format!("{ws:?}"), plain(ws)))
            .collect();
        // A word matched by its terms or by all the words of an expansion (as an
        // acronym is), alone, first or last, rare or common.
        for (acronym, expansion) in [
            ("Zalo", ["trực", "tuyến"]),
            ("trực", ["cải", "cách"]),
            ("chính", ["Đảng", "hành"]),
            ("khôngcótừnày", ["hành", "chính"]),
        ] {
            let w = Word {
                terms: word(&pi, acronym),
                all_of: Some(plain(&expansion)),
            };
            for others in [&[][..], &["Đảng"], &["tuyến", "cách"]] {
                let mut words: Vec<Word> = others
                    .iter()
                    .map(|o| Word::of_terms(word(&pi, o)))
                    .collect();
                words.push(w.clone());
                words.rotate_right(others.len() / 2);
                let label = format!("{acronym} or {expansion:?}, with {others:?}");
                queries.push((label, WordsQuery::new(words)));
            }
        }
        // An expansion whose own window is narrower than the query's.
        queries.push((
            "trực or [cải, cách] (window 5), with Đảng".to_string(),
            WordsQuery::new(vec![
                Word {
                    terms: word(&pi, "trực"),
                    all_of: Some(plain(&["cải", "cách"]).with_window(5)),
                },
                Word::of_terms(word(&pi, "Đảng")),
            ]),
        ));
        // The same over windows of a few documents, so that a search crosses many.
        let small: Vec<(String, WordsQuery)> = queries
            .iter()
            .flat_map(|(l, q)| {
                [5, 16].map(|w| (format!("{l}, window {w}"), q.clone().with_window(w)))
            })
            .collect();
        queries.extend(small);
        let mut nonempty = 0;
        for (ws, q) in &queries {
            let b = q.as_boolean();
            let got = scored(&searcher, q);
            let want = scored(&searcher, &b);
            assert_eq!(
                got.keys().collect::<Vec<_>>(),
                want.keys().collect::<Vec<_>>(),
                "{ws:?}"
            );
            for (a, s) in &got {
                let w = want[a];
                assert!(
                    (s - w).abs() <= 1e-5 * w.abs().max(1.0),
                    "{ws:?} {a:?} {s} {w}"
                );
            }
            let rank = |m: &BTreeMap<DocAddress, Score>| {
                let mut v: Vec<(Score, DocAddress)> = m.iter().map(|(a, s)| (*s, *a)).collect();
                v.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
                v
            };
            let (rg, rw) = (rank(&got), rank(&want));
            for (x, y) in rg.iter().zip(&rw) {
                if x.1 != y.1 {
                    assert!((x.0 - y.0).abs() <= 1e-5 * y.0.abs().max(1.0), "{ws:?}");
                }
            }
            assert_eq!(searcher.search(q, &Count).unwrap(), got.len(), "{ws:?}");
            assert_eq!(
                searcher.search(q, &DocSetCollector).unwrap(),
                searcher.search(&b, &DocSetCollector).unwrap(),
                "{ws:?}"
            );
            // Inside an intersection (moved by `seek`) and beside an exclusion.
            let common = || -> Box<dyn Query> {
                Box::new(TermQuery::new(
                    Term::from_field_text(pi.fields.body_folded, "van"),
                    IndexRecordOption::WithFreqs,
                ))
            };
            let rare = || -> Box<dyn Query> {
                Box::new(TermQuery::new(
                    Term::from_field_text(pi.fields.body_folded, "truc"),
                    IndexRecordOption::WithFreqs,
                ))
            };
            let around = |inner: Box<dyn Query>| {
                BooleanQuery::new(vec![
                    (Occur::Must, inner),
                    (Occur::Must, common()),
                    (Occur::MustNot, rare()),
                ])
            };
            let got = scored(&searcher, &around(Box::new(q.clone())));
            let want = scored(&searcher, &around(Box::new(b)));
            assert_eq!(
                got.keys().collect::<Vec<_>>(),
                want.keys().collect::<Vec<_>>(),
                "{ws:?}"
            );
            for (a, s) in &got {
                assert!(
                    (s - want[a]).abs() <= 1e-5 * want[a].abs().max(1.0),
                    "{ws:?}"
                );
            }
            nonempty += usize::from(!got.is_empty());
        }
        assert!(nonempty > 90, "{nonempty}");
        // An explanation gives the score, term by term.
        let q = WordsQuery::new(vec![
            Word::of_terms(word(&pi, "Đảng")),
            Word::of_terms(word(&pi, "cải")),
        ]);
        let (score, addr) = searcher
            .search(&q, &TopDocs::with_limit(1).order_by_score())
            .unwrap()[0];
        let e = q.explain(&searcher, addr).unwrap();
        assert_eq!(e.value(), score);
        let json = e.to_pretty_json();
        assert!(json.contains("word 0") && json.contains("word 1"), "{json}");
    }

    /// A rare word against a common one: the common word's documents are looked up
    /// candidate by candidate (its blocks without a candidate skipped), and a scorer
    /// moved by `advance` alone yields the same matches as the boolean query.
    #[test]
    fn a_rare_word_looks_up_the_common_ones_and_agrees() {
        let pi = PlanIndex::create_in_ram().unwrap();
        let mut writer = pi.writer().unwrap();
        for i in 0..400 {
            // Đảng in four plans of five (a term in every plan would weigh next
            // to nothing), Zalo in one of fifty, always with Đảng.
            let common = if i % 5 == 0 { "" } else { "Đảng " };
            let rare = if i % 50 == 7 { "Zalo " } else { "" };
            let text = format!(
                "Kế hoạch\n\n{common}{rare}{}\n",
                "văn bản ".repeat(1 + i % 9)
            );
            let plan = plan_from_text(text, &format!("{i}.txt"));
            writer
                .add_document(plan.to_document(&pi.fields).unwrap())
                .unwrap();
        }
        writer.commit().unwrap();
        pi.reader.reload().unwrap();
        let searcher = pi.reader.searcher();
        let q = WordsQuery::new(vec![
            Word::of_terms(word(&pi, "Zalo")),
            Word::of_terms(word(&pi, "Đảng")),
        ]);
        let weight = q
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .unwrap();
        let want = scored(&searcher, &q.as_boolean());
        assert_eq!(want.len(), 8);
        let mut got = BTreeMap::new();
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let mut scorer = weight.scorer(reader, 1.0).unwrap();
            while scorer.doc() != TERMINATED {
                got.insert(DocAddress::new(ord as u32, scorer.doc()), scorer.score());
                scorer.advance();
            }
        }
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>()
        );
        for (a, s) in &got {
            assert!(
                (s - want[a]).abs() <= 1e-5 * want[a],
                "{a:?} {s} {}",
                want[a]
            );
        }
    }
}
