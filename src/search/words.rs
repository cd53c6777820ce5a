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
//! over the segment's documents: the rarest word's terms make the candidates, and
//! every other word's terms mark and score the candidates they hold. When the
//! candidates are few against a term's documents, the term's blocks that hold none
//! are skipped through its skip list, so a rare word keeps the query as cheap as
//! tantivy's leapfrogging makes it. A word may also be matched by all the words of
//! an expansion (`CCHC` or `cải cách hành chính`), itself a [`WordsQuery`].

use std::fmt;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::BlockSegmentPostings;
use tantivy::query::{
    Bm25Weight, BooleanQuery, BoostQuery, EnableScoring, Explanation, Occur, Query, Scorer,
    TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

/// One term of a word, with the boost its score is multiplied by.
pub type WeightedTerm = (Term, Score);

/// What matches one word: any of its terms, or all the words of `all_of`.
#[derive(Clone, Debug, Default)]
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
    /// its boost), and the expansion one more.
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
}

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
        WordsQuery { words }
    }

    /// The same query as tantivy's boolean queries: what tests compare against.
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
        Ok(WordsWeight { words, scoring })
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
}

/// A term's postings in one segment, with what scores them.
struct TermPostings {
    /// The term's index among its word's terms.
    term: usize,
    block: BlockSegmentPostings,
    /// The BM25 weight with every boost applied and the field's norms; `None`
    /// when scoring is disabled.
    score: Option<(Bm25Weight, FieldNormReader)>,
}

/// What one word reads in a segment: its terms' postings and its expansion's
/// matches, with how many documents they hold at most.
struct WordPostings {
    df: u64,
    terms: Vec<TermPostings>,
    all_of: Option<Matches>,
}

impl WordPostings {
    fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.all_of.as_ref().is_none_or(|m| m.docs.is_empty())
    }
}

impl WordsWeight {
    /// Each word's postings in `reader`; the terms a segment lacks are left out.
    fn postings(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Vec<WordPostings>> {
        let option = if self.scoring {
            IndexRecordOption::WithFreqs
        } else {
            IndexRecordOption::Basic
        };
        let mut words = Vec::with_capacity(self.words.len());
        for w in &self.words {
            let mut df = 0u64;
            let mut terms = Vec::with_capacity(w.terms.len());
            for (i, t) in w.terms.iter().enumerate() {
                let field = t.term.field();
                let inverted = reader.inverted_index(field)?;
                let Some(info) = inverted.get_term_info(&t.term)? else {
                    continue;
                };
                df += u64::from(info.doc_freq);
                let block = inverted.read_block_postings_from_terminfo(&info, option)?;
                let score = match &t.bm25 {
                    Some(bm25) => {
                        let norms = reader
                            .fieldnorms_readers()
                            .get_field(field)?
                            .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1));
                        Some((bm25.boost_by(t.boost * boost), norms))
                    }
                    None => None,
                };
                terms.push(TermPostings {
                    term: i,
                    block,
                    score,
                });
            }
            let all_of = match &w.all_of {
                Some(all) => {
                    let m = all.matches(reader, boost)?;
                    df += m.docs.len() as u64;
                    Some(m)
                }
                None => None,
            };
            words.push(WordPostings { df, terms, all_of });
        }
        Ok(words)
    }

    /// The matching documents of a segment, in order, with their scores (zero when
    /// scoring is disabled).
    fn matches(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Matches> {
        let mut words = self.postings(reader, boost)?;
        if words.is_empty() || words.iter().any(WordPostings::is_empty) {
            return Ok(Matches::default());
        }
        if words.len() >= usize::from(u16::MAX) {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "too many words in one query: {}",
                words.len()
            )));
        }
        // The rarest word first: it bounds the candidates the others are read against.
        words.sort_by_key(|w| w.df);
        let max_doc = reader.max_doc() as usize;
        let mut acc = Accumulator {
            scores: if self.scoring {
                vec![0.0; max_doc]
            } else {
                Vec::new()
            },
            words: vec![0; max_doc],
        };
        let mut words = words.into_iter();
        let first = words.next().expect("at least one word");
        let mut candidates = Vec::new();
        for mut p in first.terms {
            acc.first_word(&mut p, &mut candidates);
        }
        if let Some(m) = &first.all_of {
            acc.first_word_list(m, &mut candidates);
        }
        if candidates.len() * 8 > max_doc {
            // Dense: the marks in doc order are cheaper than a sort.
            candidates.clear();
            candidates.extend((0..max_doc as DocId).filter(|&d| acc.words[d as usize] == 1));
        } else {
            candidates.sort_unstable();
        }
        for (j, word) in words.enumerate() {
            let seen = j as u16 + 1;
            for mut p in word.terms {
                if candidates.len() * 16 < p.block.doc_freq() as usize {
                    acc.sparse(&candidates, &mut p, seen);
                } else {
                    acc.dense(&mut p, seen);
                }
            }
            if let Some(m) = &word.all_of {
                acc.list(m, seen);
            }
            candidates.retain(|&d| acc.words[d as usize] > seen);
            if candidates.is_empty() {
                break;
            }
        }
        let scores = if self.scoring {
            candidates.iter().map(|&d| acc.scores[d as usize]).collect()
        } else {
            vec![0.0; candidates.len()]
        };
        Ok(Matches {
            docs: candidates,
            scores,
        })
    }
}

/// Per document of a segment: its score so far, and how many words it has matched
/// (a document that missed a word stays behind and is no longer counted).
struct Accumulator {
    /// Empty when scoring is disabled.
    scores: Vec<Score>,
    words: Vec<u16>,
}

impl Accumulator {
    /// Adds a term of the first word: every document it holds is a candidate.
    fn first_word(&mut self, p: &mut TermPostings, touched: &mut Vec<DocId>) {
        loop {
            let docs = p.block.docs();
            if docs.is_empty() {
                return;
            }
            for &d in docs {
                let w = &mut self.words[d as usize];
                if *w == 0 {
                    *w = 1;
                    touched.push(d);
                }
            }
            if let Some((bm25, norms)) = &p.score {
                let freqs = p.block.freqs();
                for (&d, &tf) in docs.iter().zip(freqs) {
                    self.scores[d as usize] += bm25.score(norms.fieldnorm_id(d), tf);
                }
            }
            p.block.advance();
        }
    }

    /// As [`Accumulator::first_word`], for an expansion's matches.
    fn first_word_list(&mut self, m: &Matches, touched: &mut Vec<DocId>) {
        for (&d, &s) in m.docs.iter().zip(&m.scores) {
            let w = &mut self.words[d as usize];
            if *w == 0 {
                *w = 1;
                touched.push(d);
            }
            if let Some(score) = self.scores.get_mut(d as usize) {
                *score += s;
            }
        }
    }

    /// Adds a term of a later word to the candidates, which have matched `seen`
    /// words (or `seen + 1`, by another term of this word), reading every block.
    fn dense(&mut self, p: &mut TermPostings, seen: u16) {
        loop {
            let docs = p.block.docs();
            if docs.is_empty() {
                return;
            }
            match &p.score {
                Some((bm25, norms)) => {
                    let freqs = p.block.freqs();
                    for (&d, &tf) in docs.iter().zip(freqs) {
                        let w = &mut self.words[d as usize];
                        if *w >= seen {
                            *w = seen + 1;
                            self.scores[d as usize] += bm25.score(norms.fieldnorm_id(d), tf);
                        }
                    }
                }
                None => {
                    for &d in docs {
                        let w = &mut self.words[d as usize];
                        if *w >= seen {
                            *w = seen + 1;
                        }
                    }
                }
            }
            p.block.advance();
        }
    }

    /// As [`Accumulator::dense`], for an expansion's matches.
    fn list(&mut self, m: &Matches, seen: u16) {
        for (&d, &s) in m.docs.iter().zip(&m.scores) {
            let w = &mut self.words[d as usize];
            if *w >= seen {
                *w = seen + 1;
                if let Some(score) = self.scores.get_mut(d as usize) {
                    *score += s;
                }
            }
        }
    }

    /// As [`Accumulator::dense`], for candidates much fewer than the term's
    /// documents: the blocks that hold no candidate are skipped, not read.
    fn sparse(&mut self, candidates: &[DocId], p: &mut TermPostings, seen: u16) {
        let mut i = 0;
        while i < candidates.len() {
            let start = p.block.seek(candidates[i]);
            let block = p.block.docs();
            if start >= block.len() {
                // Every document of the term is before the candidate.
                return;
            }
            let mut k = start;
            while k < block.len() && i < candidates.len() {
                let (d, c) = (block[k], candidates[i]);
                if d < c {
                    k += 1;
                } else if d > c {
                    i += 1;
                } else {
                    self.words[d as usize] = seen + 1;
                    if let Some((bm25, norms)) = &p.score {
                        self.scores[d as usize] +=
                            bm25.score(norms.fieldnorm_id(d), p.block.freq(k));
                    }
                    k += 1;
                    i += 1;
                }
            }
        }
    }
}

/// Documents in order with their scores.
#[derive(Default)]
struct Matches {
    docs: Vec<DocId>,
    scores: Vec<Score>,
}

impl Weight for WordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let m = self.matches(reader, boost)?;
        Ok(Box::new(MatchesScorer { m, at: 0 }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut m = self.scorer(reader, 1.0)?;
        if m.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        let mut out = Explanation::new("every word, each by any of its terms", m.score());
        for (w, word) in self.postings(reader, 1.0)?.into_iter().enumerate() {
            for mut p in word.terms {
                let k = p.block.seek(doc);
                if p.block.docs().get(k) == Some(&doc)
                    && let Some((bm25, norms)) = &p.score
                {
                    let mut e = bm25.explain(norms.fieldnorm_id(doc), p.block.freq(k));
                    e.add_context(format!("word {w}, {:?}", self.words[w].terms[p.term].term));
                    out.add_detail(e);
                }
            }
            if let (Some(all), Some(m)) = (&self.words[w].all_of, &word.all_of)
                && m.docs.binary_search(&doc).is_ok()
            {
                let mut e = all.explain(reader, doc)?;
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
        let m = self.matches(reader, 1.0)?;
        for (&d, &s) in m.docs.iter().zip(&m.scores) {
            callback(d, s);
        }
        Ok(())
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        let m = self.matches(reader, 1.0)?;
        for chunk in m.docs.chunks(tantivy::COLLECT_BLOCK_BUFFER_LEN) {
            callback(chunk);
        }
        Ok(())
    }
}

/// The matches of a segment as a scorer.
struct MatchesScorer {
    m: Matches,
    at: usize,
}

impl DocSet for MatchesScorer {
    fn advance(&mut self) -> DocId {
        self.at = (self.at + 1).min(self.m.docs.len());
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        // Targets mostly come a few matches ahead: a short scan, then a search.
        let docs = &self.m.docs;
        let end = (self.at + 8).min(docs.len());
        while self.at < end && docs[self.at] < target {
            self.at += 1;
        }
        if self.at == end && end < docs.len() {
            self.at += docs[self.at..].partition_point(|&d| d < target);
        }
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.m.docs.get(self.at).copied().unwrap_or(TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        (self.m.docs.len() - self.at) as u32
    }
}

impl Scorer for MatchesScorer {
    fn score(&mut self) -> Score {
        self.m.scores.get(self.at).copied().unwrap_or(0.0)
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
        assert!(nonempty > 30, "{nonempty}");
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

    /// A rare word against common ones takes the path that skips blocks; the
    /// candidates must be few against a term's documents for it.
    #[test]
    fn the_skipping_path_is_taken_and_agrees() {
        let pi = corpus();
        let searcher = pi.reader.searcher();
        let reader = searcher.segment_reader(0);
        let q = WordsQuery::new(vec![
            Word::of_terms(word(&pi, "Zalo")),
            Word::of_terms(word(&pi, "Đảng")),
        ]);
        let weight = q
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .unwrap();
        let words = q.words.len();
        assert_eq!(words, 2);
        // Zalo is in about 2 % of the plans, Đảng in 97 %: 16 candidates per
        // document of the common term would be far more than there are.
        let df = |w: &str| {
            reader
                .inverted_index(pi.fields.body_folded)
                .unwrap()
                .doc_freq(&Term::from_field_text(pi.fields.body_folded, w))
                .unwrap()
        };
        assert!(
            df("zalo") * 16 < df("dang"),
            "{} {}",
            df("zalo"),
            df("dang")
        );
        let mut scorer = weight.scorer(reader, 1.0).unwrap();
        let mut n = 0;
        while scorer.doc() != TERMINATED {
            assert!(scorer.score() > 0.0);
            n += 1;
            scorer.advance();
        }
        assert!(n > 0);
        assert_eq!(
            searcher.search(&q, &Count).unwrap(),
            searcher.search(&q.as_boolean(), &Count).unwrap()
        );
    }
}
