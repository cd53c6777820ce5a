//! Snippets: the passages of a hit's text that best show the query's words.
//!
//! The index already knows where a plan holds each query term: the folded body is
//! indexed with positions, and position `p` is the `p`-th word of the segmenter's
//! walk over the stored text (every analysis stage adds its terms at the position of
//! the word they stand for). So a snippet reads the positions from the postings of
//! the hit, walks the text's word boundaries once, and marks the words as written.
//! That marks exactly what the index matched — an OCR spelling the analyzer
//! repaired (`cii` for `cải`), an acronym's spelled-out words, a document number's
//! parts — without running the analyzer again: re-analyzing a region of each hit
//! (OCR repair scores every unknown word) was most of a search's time.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use anyhow::Result;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::Query;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, InvertedIndexReader, Searcher, Term};

use super::parse::{Clause, ParsedQuery};
use crate::analysis::acronym::{AcronymTable, folded_words};
use crate::analysis::pairs;
use crate::analysis::phrases::PhraseLexicon;
use crate::analysis::segmenter::word_spans;
use crate::index::schema::{Fields, WORD_MARK_STRIDE};
use crate::text::fold::fold;

/// A fragment of a text with the query's words marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    /// Byte range of the fragment in the whole text.
    pub range: Range<usize>,
    /// The fragment as HTML, matched words in `<mark>`.
    pub html: String,
}

/// The query terms' positions in one plan, as (word position, term index), sorted.
pub type Positions = Vec<(u32, usize)>;

/// One query term on the folded body.
#[derive(Debug)]
struct QueryTerm {
    term: Term,
    /// Rarer terms weigh more, as in tantivy's `SnippetGenerator`.
    weight: f32,
    /// Word sequences one occurrence may cover: an acronym key stands at the first
    /// word of its expansion; a document number (`76/nq-cp`) at its first part.
    forms: Vec<Vec<String>>,
    /// The word as typed with its diacritics, on the exact body: where the plan
    /// has that form, its other spellings (`đang` for `Đảng`) are not marked.
    exact: Option<Term>,
    /// The term is only ever a word of a quoted phrase: it is marked where the
    /// whole phrase stands, not wherever it occurs.
    in_phrase: bool,
    /// The term's own positions are read: it is asked for outside a phrase, or in
    /// a phrase found word by word (see [`Phrase::anchors`]).
    read: bool,
}

/// A quoted phrase of the query.
#[derive(Debug)]
struct Phrase {
    /// Its words, as term indices in order.
    words: Vec<usize>,
    /// The terms the query found it by on the body's pairs (known phrases and word
    /// pairs, each with its offset in words): where they stand together, the whole
    /// phrase does, so a hit reads one short position list (a known phrase's) instead
    /// of its common words' long ones. Empty when the query did not search it so:
    /// then its words are read one by one.
    anchors: Vec<(u32, Term)>,
}

/// Makes the snippets of one query's hits.
pub struct SnippetMaker {
    field: Field,
    exact_field: Field,
    pairs_field: Field,
    terms: Vec<QueryTerm>,
    /// The query's terms on the body's pairs.
    pair_terms: BTreeSet<String>,
    /// The quoted phrases.
    phrases: Vec<Phrase>,
    max_bytes: usize,
}

impl SnippetMaker {
    /// For the terms `query` has on the folded body (indexed with positions),
    /// rarer terms weighing more; a phrase searched on the body's word pairs gives
    /// its words, as phrase words. The query's terms on the body as written (same
    /// positions) tell which words were typed with diacritics.
    pub fn new(
        searcher: &Searcher,
        query: &dyn Query,
        fields: &Fields,
        max_bytes: usize,
    ) -> Result<SnippetMaker> {
        let (field, exact_field) = (fields.body_folded, fields.body);
        // Each term, and whether it is only ever asked for inside a phrase.
        let mut found: BTreeMap<Term, bool> = BTreeMap::new();
        // Exact terms by their folded form.
        let mut exact: BTreeMap<String, Term> = BTreeMap::new();
        let mut pair_terms = BTreeSet::new();
        query.query_terms(&mut |term, in_phrase| {
            if term.field() == field {
                *found.entry(term.clone()).or_insert(true) &= in_phrase;
            } else if term.field() == fields.body_pairs
                && let Some(pair) = term.value().as_str()
            {
                pair_terms.insert(pair.to_string());
                for word in pair.split(pairs::SEPARATOR) {
                    let t = Term::from_field_text(field, word);
                    found.entry(t).or_insert(true);
                }
            } else if term.field() == exact_field
                && let Some(t) = term.value().as_str()
            {
                exact.insert(fold(t), term.clone());
            }
        });
        let table = AcronymTable::shared();
        let mut terms = Vec::new();
        for (term, in_phrase) in found {
            let Some(text) = term.value().as_str().map(str::to_string) else {
                continue;
            };
            let df = searcher.doc_freq(&term)?;
            if df == 0 {
                continue;
            }
            let mut forms: Vec<Vec<String>> = table
                .by_key(&text)
                .map(|a| a.forms.clone())
                .unwrap_or_default();
            let parts: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect();
            if parts.len() > 1 {
                forms.push(parts);
            }
            terms.push(QueryTerm {
                exact: exact.get(&text).cloned(),
                term,
                weight: 1.0 / (1.0 + df as f32),
                forms,
                in_phrase,
                read: true,
            });
        }
        Ok(SnippetMaker {
            field,
            exact_field,
            pairs_field: fields.body_pairs,
            terms,
            pair_terms,
            phrases: Vec::new(),
            max_bytes,
        })
    }

    /// The quoted phrases of `parsed` (required ones, alone or among `OR`
    /// alternatives): their words are marked where the whole phrase stands, and
    /// query words side by side count fully in choosing a passage.
    pub fn with_phrases(mut self, parsed: &ParsedQuery) -> Self {
        let index: BTreeMap<String, usize> = self
            .terms
            .iter()
            .enumerate()
            .filter_map(|(i, t)| t.term.value().as_str().map(|s| (s.to_string(), i)))
            .collect();
        let mut phrases = Vec::new();
        let lexicon = PhraseLexicon::shared();
        let pairs_field = self.pairs_field;
        let pair_terms = &self.pair_terms;
        let mut add = |text: &str| {
            let folded = folded_words(text);
            let words: Option<Vec<usize>> = folded.iter().map(|w| index.get(w).copied()).collect();
            if let Some(words) = words.filter(|w| w.len() > 1) {
                let cover = lexicon.cover(&folded);
                let anchors = if cover.iter().all(|(_, t)| pair_terms.contains(t)) {
                    cover
                        .into_iter()
                        .map(|(i, t)| (i as u32, Term::from_field_text(pairs_field, &t)))
                        .collect()
                } else {
                    Vec::new()
                };
                phrases.push(Phrase { words, anchors });
            }
        };
        for c in &parsed.must {
            match c {
                Clause::Phrase(p) => add(p),
                Clause::Or(alts) => {
                    for a in alts {
                        if let Clause::Phrase(p) = a {
                            add(p);
                        }
                    }
                }
                Clause::Word(_) => {}
            }
        }
        // A word asked for only inside phrases is read only for a phrase found word
        // by word; elsewhere its positions would be dropped by `in_phrases` anyway.
        for (i, t) in self.terms.iter_mut().enumerate() {
            t.read = !t.in_phrase
                || phrases
                    .iter()
                    .any(|p| p.anchors.is_empty() && p.words.contains(&i));
        }
        self.phrases = phrases;
        self
    }

    /// Up to `max` passages of `text` (the stored text of the plan at `addr`) where
    /// the query's words are, best first, apart from each other: the best stretch of
    /// words and the next ones that score at least half as well, so a user sees where
    /// in a long plan the words are. None when the body holds no query term (the plan
    /// matched by its title or metadata). `word_marks` are the plan's stored word
    /// marks (`doc::stored_word_marks`), or empty.
    pub fn fragments(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        text: &str,
        word_marks: Vec<usize>,
        max: usize,
    ) -> Result<Vec<Fragment>> {
        let positions = self.positions(searcher, addr)?;
        Ok(self.fragments_from(&positions, text, word_marks, max))
    }

    /// [`Self::fragments`] given the plan's term positions from
    /// [`Self::positions_of`].
    pub fn fragments_from(
        &self,
        positions: &[(u32, usize)],
        text: &str,
        word_marks: Vec<usize>,
        max: usize,
    ) -> Vec<Fragment> {
        self.fragments_at(Words::new(text, word_marks), positions, max)
    }

    /// The positions of each query term in the plan at `addr`, as (position, term).
    /// A word typed with diacritics counts only where the plan writes it so, when it
    /// does anywhere (else the plan is unaccented or OCR text, and every spelling
    /// counts). A phrase's words are left alone: standing together already says
    /// they are the phrase, and one may be written exactly, its neighbour mangled.
    fn positions(&self, searcher: &Searcher, addr: DocAddress) -> Result<Vec<(u32, usize)>> {
        Ok(self
            .positions_of(searcher, &[addr])?
            .pop()
            .unwrap_or_default())
    }

    /// [`Self::positions`] of each plan of `addrs`, in their order. Each term's
    /// postings are opened once per segment and walked forward through the plans in
    /// document order: opened per plan, every hit looked the term up again and
    /// walked its skip list from the start, most of a snippet's cost on common words.
    pub fn positions_of(
        &self,
        searcher: &Searcher,
        addrs: &[DocAddress],
    ) -> Result<Vec<Positions>> {
        let mut out: Vec<Positions> = vec![Vec::new(); addrs.len()];
        let mut order: Vec<usize> = (0..addrs.len()).collect();
        order.sort_by_key(|&i| addrs[i]);
        let mut buf = Vec::new();
        let mut exact_buf = Vec::new();
        for same_segment in order.chunk_by(|&a, &b| addrs[a].segment_ord == addrs[b].segment_ord) {
            let reader = searcher.segment_reader(addrs[same_segment[0]].segment_ord);
            let folded = reader.inverted_index(self.field)?;
            let exact = reader.inverted_index(self.exact_field)?;
            for (t, term) in self.terms.iter().enumerate().filter(|(_, t)| t.read) {
                let Some(mut postings) = open_postings(&folded, &term.term)? else {
                    continue;
                };
                let mut exact_postings = match term.exact.as_ref().filter(|_| !term.in_phrase) {
                    Some(e) => open_postings(&exact, e)?,
                    None => None,
                };
                for &i in same_segment {
                    let doc = addrs[i].doc_id;
                    if !positions_at(&mut postings, doc, &mut buf) {
                        continue;
                    }
                    let found = match exact_postings.as_mut() {
                        Some(p) => positions_at(p, doc, &mut exact_buf),
                        None => false,
                    };
                    let used = if found { &exact_buf } else { &buf };
                    out[i].extend(used.iter().map(|&p| (p, t)));
                }
            }
            let pairs = reader.inverted_index(self.pairs_field)?;
            for phrase in self.phrases.iter().filter(|p| !p.anchors.is_empty()) {
                self.phrase_positions(&pairs, phrase, same_segment, addrs, &mut out)?;
            }
        }
        for positions in &mut out {
            positions.sort_unstable();
            positions.dedup();
        }
        Ok(out)
    }

    /// Adds to `out` the positions of `phrase`'s words wherever its anchors stand
    /// together, in each plan of `hits` (indices into `addrs`, one segment, in
    /// document order).
    fn phrase_positions(
        &self,
        pairs: &InvertedIndexReader,
        phrase: &Phrase,
        hits: &[usize],
        addrs: &[DocAddress],
        out: &mut [Positions],
    ) -> Result<()> {
        let mut anchors = Vec::with_capacity(phrase.anchors.len());
        for (offset, term) in &phrase.anchors {
            match open_postings(pairs, term)? {
                Some(p) => anchors.push((*offset, p, Vec::new())),
                None => return Ok(()),
            }
        }
        'hits: for &i in hits {
            let doc = addrs[i].doc_id;
            for (_, postings, buf) in anchors.iter_mut() {
                if !positions_at(postings, doc, buf) {
                    continue 'hits;
                }
            }
            let (first, rest) = anchors.split_first().expect("a phrase has anchors");
            for &p in &first.2 {
                let Some(start) = p.checked_sub(first.0) else {
                    continue;
                };
                let together = rest
                    .iter()
                    .all(|(o, _, buf)| buf.binary_search(&(start + o)).is_ok());
                if together {
                    out[i].extend(
                        phrase
                            .words
                            .iter()
                            .enumerate()
                            .map(|(k, &t)| (start + k as u32, t)),
                    );
                }
            }
        }
        Ok(())
    }

    /// Every place in `text` (the stored text of the plan at `addr`) where the
    /// query's words are, as byte ranges, sorted and disjoint, at most `max`: what
    /// the snippets mark, over the whole plan.
    pub fn marks(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        text: &str,
        max: usize,
    ) -> Result<Vec<(usize, usize)>> {
        let positions = self.positions(searcher, addr)?;
        // Every word may be asked for: walked as one block.
        let mut words = Words::new(text, Vec::new());
        let mut out: Vec<(usize, usize)> = Vec::new();
        for (p, term) in self.in_phrases(&positions) {
            let Some(o) = self.occurrence(&mut words, p as usize, term) else {
                continue;
            };
            let overlaps = out.last().is_some_and(|last| o.0 < last.1);
            if !overlaps && out.len() == max {
                break;
            }
            push_mark(&mut out, o);
        }
        Ok(out)
    }

    /// The fragments of `text` given the query terms' positions in it. Stretches
    /// are chosen on word positions, so the text's words are walked only as far as
    /// the fragments shown (the first passages of a one-word query sit early in the
    /// plan; walking every word of ten plans was a fifth of a search).
    fn fragments_at(
        &self,
        mut words: Words,
        positions: &[(u32, usize)],
        max: usize,
    ) -> Vec<Fragment> {
        let kept = self.in_phrases(positions);
        if kept.is_empty() {
            return Vec::new();
        }
        self.best_stretches(&kept, max.max(1))
            .into_iter()
            .filter_map(|stretch| self.render(&mut words, &kept, stretch))
            .collect()
    }

    /// The positions that count: a word of a phrase only where the whole phrase
    /// stands (a phrase query matches the words together; the same word elsewhere
    /// in the plan is not what was asked for).
    fn in_phrases(&self, positions: &[(u32, usize)]) -> Vec<(u32, usize)> {
        let has = |p: u32, t: usize| positions.binary_search(&(p, t)).is_ok();
        let mut whole: Vec<(u32, usize)> = Vec::new();
        for phrase in self.phrases.iter().map(|p| &p.words) {
            for &(p, t) in positions {
                if t == phrase[0]
                    && phrase
                        .iter()
                        .enumerate()
                        .all(|(k, &w)| has(p + k as u32, w))
                {
                    whole.extend(phrase.iter().enumerate().map(|(k, &w)| (p + k as u32, w)));
                }
            }
        }
        whole.sort_unstable();
        whole.dedup();
        positions
            .iter()
            .filter(|&&(p, t)| !self.terms[t].in_phrase || whole.binary_search(&(p, t)).is_ok())
            .copied()
            .collect()
    }

    /// The words an occurrence of `term` at `position` covers: the form whose words
    /// the text spells there (most words matching, the longer on ties), else the one
    /// word.
    fn occurrence(
        &self,
        words: &mut Words,
        position: usize,
        term: usize,
    ) -> Option<(usize, usize)> {
        let (start, mut end) = words.get(position)?;
        let mut best: Option<(usize, usize)> = None;
        for form in &self.terms[term].forms {
            if form.len() < 2 || words.get(position + form.len() - 1).is_none() {
                continue;
            }
            let same = form
                .iter()
                .enumerate()
                .filter(|(k, w)| words.folded(position + k).as_deref() == Some(w.as_str()))
                .count();
            if same > 0 && best.is_none_or(|(s, n)| (same, form.len()) > (s, n)) {
                best = Some((same, form.len()));
            }
        }
        if let Some((_, n)) = best {
            end = words.get(position + n - 1)?.1;
        }
        Some((start, end))
    }

    /// Up to `max` stretches that do not overlap, best first, each as the index into
    /// `kept` of its first position and the last position that added to its score.
    /// A stretch is the positions within [`Self::window`] words of its first, scored
    /// by the weight of its distinct terms plus a bonus for query terms side by side;
    /// on ties the tighter stretch (its score reached in fewer words) and then the
    /// earlier wins; a stretch scoring less than half the best is left out.
    fn best_stretches(&self, kept: &[(u32, usize)], max: usize) -> Vec<(usize, u32)> {
        let window = self.window();
        let mut seen = vec![false; self.terms.len()];
        let bonus = if self.phrases.is_empty() { 0.5 } else { 1.0 };
        // (score, cover in words, first, last scoring position)
        let mut stretches: Vec<(f32, u32, usize, u32)> = Vec::with_capacity(kept.len());
        for i in 0..kept.len() {
            let first = kept[i].0;
            // A later term at the same word adds nothing to the stretch before it.
            if i > 0 && kept[i - 1].0 == first {
                continue;
            }
            seen.iter_mut().for_each(|s| *s = false);
            let mut score = 0.0;
            let mut cover = first;
            let mut last: Option<(u32, usize)> = None;
            for &(p, t) in &kept[i..] {
                if p - first >= window {
                    break;
                }
                let weight = self.terms[t].weight;
                let before = score;
                if !seen[t] {
                    seen[t] = true;
                    score += weight;
                }
                if let Some((lp, lt)) = last
                    && lp + 1 == p
                    && lt != t
                {
                    score += weight * bonus;
                }
                if score > before {
                    cover = p;
                }
                last = Some((p, t));
            }
            stretches.push((score, cover - first, i, cover));
        }
        // Picked best first, each apart from those picked before: the same as going
        // down the stretches sorted best first, without sorting them all (a common
        // word has hundreds of stretches; a page shows a few).
        let better = |a: &(f32, u32, usize, u32), b: &(f32, u32, usize, u32)| {
            b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
        };
        let mut picked: Vec<(f32, u32, usize, u32)> = Vec::new();
        while picked.len() < max {
            let far = |s: &&(f32, u32, usize, u32)| {
                let at = kept[s.2].0;
                picked
                    .iter()
                    .all(|p| kept[p.2].0.abs_diff(at) >= 2 * window)
            };
            let Some(&s) = stretches.iter().filter(far).min_by(|a, b| better(a, b)) else {
                break;
            };
            if picked.first().is_some_and(|b| s.0 < b.0 * 0.5) {
                break;
            }
            picked.push(s);
        }
        picked
            .into_iter()
            .map(|(_, _, i, cover)| (i, cover))
            .collect()
    }

    /// Words a stretch may span: `max_bytes` at six bytes a word (a Vietnamese
    /// syllable and its space).
    fn window(&self) -> u32 {
        (self.max_bytes / 6).max(1) as u32
    }

    /// The fragment of the stretch starting at `kept[first]` whose scoring words end
    /// at position `cover`: those words, a few words of what leads up to them (not
    /// across the end of a sentence) in the room left, then whole words up to
    /// `max_bytes`, with every occurrence inside marked.
    fn render(
        &self,
        words: &mut Words,
        kept: &[(u32, usize)],
        (first, cover): (usize, u32),
    ) -> Option<Fragment> {
        let text = words.text;
        let f = kept[first].0 as usize;
        let o = self.occurrence(words, f, kept[first].1)?;
        let cover_term = kept[first..]
            .iter()
            .find(|&&(q, _)| q == cover)
            .map_or(kept[first].1, |&(_, t)| t);
        let cover_end = self
            .occurrence(words, cover as usize, cover_term)
            .map_or(o.1, |c| c.1.max(o.1));
        let room = self.max_bytes.saturating_sub(cover_end - o.0);
        let lead_limit = o.0.saturating_sub((self.max_bytes / 5).min(room));
        let (mut start, mut p) = (o.0, f);
        while p > 0 {
            let Some((a, b)) = words.get(p - 1) else {
                break;
            };
            if a < lead_limit || ends_sentence(&text[b..start]) {
                break;
            }
            start = a;
            p -= 1;
        }
        let limit = start + self.max_bytes.max(cover_end - start);
        let mut end = cover_end;
        let mut last = f;
        while let Some((_, b)) = words.get(last + 1) {
            if b > limit {
                break;
            }
            end = end.max(b);
            last += 1;
        }
        // The marks: occurrences inside the fragment, overlapping ones merged.
        let from = kept.partition_point(|&(q, _)| (q as usize) < p);
        let mut marks: Vec<(usize, usize)> = Vec::new();
        for &(q, t) in kept[from..]
            .iter()
            .take_while(|&&(q, _)| q as usize <= last)
        {
            let Some(x) = self.occurrence(words, q as usize, t) else {
                continue;
            };
            if x.0 < start || x.1 > end {
                continue;
            }
            push_mark(&mut marks, x);
        }
        let mut html = String::with_capacity(end - start + 16 * marks.len());
        let mut at = start;
        for (a, b) in marks {
            escape_into(&text[at..a], &mut html);
            html.push_str("<mark>");
            escape_into(&text[a..b], &mut html);
            html.push_str("</mark>");
            at = b;
        }
        escape_into(&text[at..end], &mut html);
        Some(Fragment {
            range: start..end,
            html,
        })
    }
}

/// The word spans of a text (the segmenter's, so index positions), walked only
/// where asked: in blocks of [`WORD_MARK_STRIDE`] words starting at the plan's
/// stored word marks, so a passage deep in a long plan costs the walk of a block or
/// two, not of every word before it. Without marks (or with marks that do not fit
/// the text) the text is one block.
struct Words<'a> {
    text: &'a str,
    /// Start of word `k * WORD_MARK_STRIDE` for each block `k`; empty: one block.
    marks: Vec<usize>,
    /// The spans of each block, once walked.
    blocks: Vec<Option<Vec<(usize, usize)>>>,
}

impl<'a> Words<'a> {
    fn new(text: &'a str, marks: Vec<usize>) -> Words<'a> {
        let fits = marks.windows(2).all(|w| w[0] < w[1])
            && marks
                .iter()
                .all(|&m| m < text.len() && text.is_char_boundary(m));
        let marks = if fits { marks } else { Vec::new() };
        Words {
            text,
            blocks: vec![None; marks.len().max(1)],
            marks,
        }
    }

    /// The byte span of word `p`.
    fn get(&mut self, p: usize) -> Option<(usize, usize)> {
        let (b, i) = if self.marks.is_empty() {
            (0, p)
        } else {
            (p / WORD_MARK_STRIDE, p % WORD_MARK_STRIDE)
        };
        let block = self.blocks.get_mut(b)?;
        if block.is_none() {
            let start = self.marks.get(b).copied().unwrap_or(0);
            let end = self.marks.get(b + 1).copied().unwrap_or(self.text.len());
            *block = Some(
                word_spans(&self.text[start..end])
                    .into_iter()
                    .map(|(x, y)| (start + x, start + y))
                    .collect(),
            );
        }
        block.as_ref()?.get(i).copied()
    }

    /// Word `p` folded.
    fn folded(&mut self, p: usize) -> Option<String> {
        let (a, b) = self.get(p)?;
        Some(fold(&self.text[a..b]))
    }
}

/// Adds the byte range `mark` to `marks` (sorted by start), merged into the last
/// range when they overlap: words at one position share their range, and an acronym
/// key spans words already marked on their own.
fn push_mark(marks: &mut Vec<(usize, usize)>, mark: (usize, usize)) {
    match marks.last_mut() {
        Some(last) if mark.0 < last.1 => last.1 = last.1.max(mark.1),
        _ => marks.push(mark),
    }
}

/// The postings of `term` with positions, or `None` when the segment lacks it.
fn open_postings(inverted: &InvertedIndexReader, term: &Term) -> Result<Option<SegmentPostings>> {
    Ok(inverted.read_postings(term, IndexRecordOption::WithFreqsAndPositions)?)
}

/// Fills `buf` with the positions of `postings`' term in document `doc`; false when
/// the document does not hold it. Documents must come in increasing order.
fn positions_at(postings: &mut SegmentPostings, doc: DocId, buf: &mut Vec<u32>) -> bool {
    buf.clear();
    if postings.doc() > doc || postings.seek(doc) != doc {
        return false;
    }
    postings.positions(buf);
    true
}

/// Whether the gap between two words ends a sentence or a paragraph: a lead-in stops
/// there.
fn ends_sentence(gap: &str) -> bool {
    gap.contains(['.', ';', '!', '?', ':']) || gap.contains("\n\n")
}

/// Appends `s` to `out` with the characters HTML gives meaning escaped.
fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::PlanIndex;
    use crate::index::doc::{decode_word_marks, word_marks};
    use crate::index::write::{add_plan, plan_from_text};
    use crate::search::build::text_query;
    use crate::search::parse::parse;

    /// The fragments of `q` in `text`, indexed alone, with room `max_bytes`.
    fn fragments(text: &str, q: &str, max_bytes: usize, max: usize) -> Vec<Fragment> {
        let pi = PlanIndex::create_in_ram().unwrap();
        let mut writer = pi.writer().unwrap();
        add_plan(&pi, &mut writer, &plan_from_text(text.to_string(), "t.txt")).unwrap();
        let searcher = pi.reader.searcher();
        let parsed = parse(q);
        let query = text_query(&pi.fields, &parsed).unwrap();
        let f = &pi.fields;
        let m = SnippetMaker::new(&searcher, query.as_ref(), f, max_bytes)
            .unwrap()
            .with_phrases(&parsed);
        let out = m
            .fragments(
                &searcher,
                DocAddress::new(0, 0),
                text,
                decode_word_marks(&word_marks(text)),
                max,
            )
            .unwrap();
        for f in &out {
            check(f, text);
        }
        out
    }

    fn one(text: &str, q: &str) -> Fragment {
        let mut f = fragments(text, q, 120, 1);
        assert_eq!(f.len(), 1, "{q}: {f:?}");
        f.pop().unwrap()
    }

    /// The fragment's text, tags removed and entities decoded, is the text at its
    /// range; marks are never nested.
    fn check(f: &Fragment, text: &str) {
        let plain = f
            .html
            .replace("<mark>", "")
            .replace("</mark>", "")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&amp;", "&");
        assert_eq!(plain, &text[f.range.clone()]);
        assert!(!f.html.contains("<mark><mark>"), "{}", f.html);
    }

    #[test]
    fn far_words_are_marked_as_written() {
        let filler = "Các nội dung khác của kế hoạch được triển khai theo quy định. ".repeat(200);
        let text = format!("{filler}Đẩy mạnh cải cách thủ tục ở cấp xã. {filler}");
        let f = one(&text, "cai cach");
        assert!(
            f.html.contains("<mark>cải</mark> <mark>cách</mark>"),
            "{}",
            f.html
        );
        assert!(f.range.end - f.range.start <= 120, "{:?}", f.range);
    }

    #[test]
    fn ocr_spellings_the_index_repaired_are_marked() {
        let text = "Théng tin, tuyén truyén cii cach hanh chinh ctia huyén nim 2024.";
        let f = one(text, "cải cách");
        assert!(
            f.html.contains("<mark>cii</mark> <mark>cach</mark>"),
            "{}",
            f.html
        );
    }

    #[test]
    fn ocr_phrase_is_found_where_its_words_stand_together() {
        // "của" and "đa dạng" are clean; the phrase "của Đảng" is OCR's "cia Pang".
        let filler = "Nội dung khác của kế hoạch, đa dạng hình thức. ".repeat(20);
        let text = format!(
            "{filler}Nâng cao vai trò lãnh đạo cia Pang trong công tác tuyén truyén. {filler}"
        );
        let f = one(&text, "\"của Đảng\"");
        assert!(
            f.html.contains("<mark>cia</mark> <mark>Pang</mark>"),
            "{}",
            f.html
        );
    }

    #[test]
    fn acronyms_mark_their_spelled_out_words_and_numbers_mark_whole() {
        let filler = "Nội dung khác. ".repeat(100);
        let text = format!("{filler}Giải quyết thủ tục hành chính đúng hạn. {filler}");
        let f = one(&text, "TTHC");
        assert!(
            f.html.contains("<mark>thủ tục hành chính</mark>"),
            "{}",
            f.html
        );
        let text = format!("{filler}Căn cứ Nghị quyết số 76/NQ-CP của Chính phủ. {filler}");
        let f = one(&text, "76/NQ-CP");
        assert!(f.html.contains("<mark>76/NQ-CP</mark>"), "{}", f.html);
    }

    #[test]
    fn several_passages_far_apart_best_first() {
        let filler = "Các nội dung khác của kế hoạch được triển khai theo quy định. ".repeat(30);
        let text = format!(
            "{filler}Tuyên truyền cải cách hành chính. {filler}Cải cách thủ tục. {filler}\
             Cải cách hành chính nhà nước. {filler}"
        );
        let q = "cai cach hanh chinh";
        let f = fragments(&text, q, 120, 3);
        assert_eq!(f.len(), 2, "{f:?}");
        for x in &f {
            assert!(x.html.contains("hành chính</mark>"), "{}", x.html);
        }
        assert!(f[0].range.start < f[1].range.start);
        assert_eq!(fragments(&text, q, 120, 1).len(), 1);
    }

    #[test]
    fn the_lead_in_stops_at_the_end_of_a_sentence() {
        let text = "Một câu khác hẳn. Tăng cường kỷ luật trong cơ quan.";
        let f = one(text, "ky luat");
        assert!(
            f.html
                .starts_with("Tăng cường <mark>kỷ</mark> <mark>luật</mark>"),
            "{}",
            f.html
        );
        let f = one("Đầu văn bản: kỷ luật.", "ky luat");
        assert!(f.html.starts_with("<mark>kỷ</mark>"), "{}", f.html);
    }

    #[test]
    fn html_in_the_text_is_escaped() {
        let text = "Mục <b>1</b> & \"cải cách\" của 'xã'.";
        let f = one(text, "cai cach");
        assert!(
            f.html
                .contains("&lt;b&gt;1&lt;/b&gt; &amp; &quot;<mark>cải</mark>"),
            "{}",
            f.html
        );
        assert!(!f.html.contains("<b>"), "{}", f.html);
    }

    #[test]
    fn a_body_without_the_words_has_no_fragment() {
        assert!(fragments("Kế hoạch năm 2024.", "cai cach", 120, 3).is_empty());
    }

    #[test]
    fn a_phrase_marks_its_words_where_they_stand_together() {
        let text = "Chỉ đạo chuyên môn. Đẩy mạnh chuyển đổi số trong cơ quan, theo dõi cơ sở.";
        // "số" before the phrase stands next to "chuyển" but is not the phrase's.
        let f = one(
            "Nâng cao chỉ số chuyển đổi số của tỉnh.",
            "\"chuyển đổi số\"",
        );
        assert!(
            f.html
                .contains("chỉ số <mark>chuyển</mark> <mark>đổi</mark> <mark>số</mark> của"),
            "{}",
            f.html
        );
        let f = one(text, "\"chuyển đổi số\"");
        assert!(
            f.html
                .contains("<mark>chuyển</mark> <mark>đổi</mark> <mark>số</mark>"),
            "{}",
            f.html
        );
        for stray in ["chuyên", "dõi", "sở"] {
            assert!(!f.html.contains(&format!("<mark>{stray}")), "{}", f.html);
        }
        // The same words unquoted are marked wherever they are.
        let f = one(text, "chuyen doi so");
        assert!(
            f.html.contains("theo <mark>dõi</mark> cơ <mark>sở</mark>"),
            "{}",
            f.html
        );
    }

    #[test]
    fn a_word_typed_with_diacritics_marks_that_spelling_where_the_plan_has_it() {
        let filler = "Nội dung khác của kế hoạch. ".repeat(20);
        let text = format!("Dự án đang triển khai. {filler}Lãnh đạo của Đảng ủy xã. {filler}");
        let f = one(&text, "Đảng");
        assert!(f.html.contains("<mark>Đảng</mark>"), "{}", f.html);
        assert!(!f.html.contains("<mark>đang"), "{}", f.html);
        // Typed without diacritics, the first spelling is as good as any.
        assert!(one(&text, "dang").html.contains("<mark>đang</mark>"));
        // A plan that never writes "Đảng" (OCR "Pang") still gets its spellings.
        let f = one(
            "Vai trò lãnh đạo cia Pang trong công tác tuyén truyén.",
            "Đảng",
        );
        assert!(f.html.contains("<mark>Pang</mark>"), "{}", f.html);
    }

    #[test]
    fn words_walked_in_blocks_from_the_marks_are_the_segmenters_words() {
        let long = "Tăng cường cải cách hành chính, hiện đại hóa nền hành chính. ".repeat(300);
        let ocr = "tuyén truyén cii cach ctia Pang s6 hi¢u ti€u ".repeat(400);
        let nfd = "Đa\u{0309}ng ca\u{0309}i ca\u{0301}ch ".repeat(500);
        let glued = "x".repeat(9000) + " cuối";
        let exact = "một hai ".repeat(WORD_MARK_STRIDE);
        for text in [
            long.as_str(),
            &ocr,
            &nfd,
            &glued,
            &exact,
            "một",
            "",
            "  ,. ",
        ] {
            let want = word_spans(text);
            let marks = decode_word_marks(&word_marks(text));
            for marks in [marks, Vec::new(), vec![text.len() + 1]] {
                let mut words = Words::new(text, marks);
                let got: Vec<(usize, usize)> = (0..).map_while(|p| words.get(p)).collect();
                assert_eq!(got, want, "{}", &text[..text.len().min(40)]);
            }
        }
        // Asking far ahead first, then back, gives the same words, walking only the
        // blocks asked for.
        let mut words = Words::new(&long, decode_word_marks(&word_marks(&long)));
        let want = word_spans(&long);
        assert_eq!(words.get(2000), want.get(2000).copied());
        assert_eq!(words.get(3), Some(want[3]));
        assert_eq!(words.blocks.iter().filter(|b| b.is_some()).count(), 2);
        assert_eq!(words.get(want.len()), None);
    }

    #[test]
    fn phrases_found_by_their_anchors_mark_what_their_words_do() {
        use crate::index::write::{index_of, sample_texts};
        let pi = index_of(&sample_texts());
        let searcher = pi.reader.searcher();
        let all: Vec<DocAddress> = searcher
            .search(
                &tantivy::query::AllQuery,
                &tantivy::collector::DocSetCollector,
            )
            .unwrap()
            .into_iter()
            .collect();
        let mut anchored = 0;
        for q in [
            "\"cải cách hành chính\"",
            "\"chỉ số hài lòng\"",
            "\"của Đảng\"",
            "\"thủ tục hành chính\" tuyên truyền",
            "\"cải cách hành chính nhà nước\"",
            "\"dich vu cong truc tuyen\" OR \"một cửa\"",
            "\"hành chính\" \"cải cách\"",
        ] {
            let parsed = parse(q);
            let query = text_query(&pi.fields, &parsed).unwrap();
            let m = SnippetMaker::new(&searcher, query.as_ref(), &pi.fields, 200)
                .unwrap()
                .with_phrases(&parsed);
            anchored += m.phrases.iter().filter(|p| !p.anchors.is_empty()).count();
            let got = m.positions_of(&searcher, &all).unwrap();
            let mut by_words = SnippetMaker::new(&searcher, query.as_ref(), &pi.fields, 200)
                .unwrap()
                .with_phrases(&parsed);
            by_words.phrases.iter_mut().for_each(|p| p.anchors.clear());
            by_words.terms.iter_mut().for_each(|t| t.read = true);
            let want = by_words.positions_of(&searcher, &all).unwrap();
            let mut marked = 0;
            for (g, w) in got.iter().zip(&want) {
                assert_eq!(m.in_phrases(g), by_words.in_phrases(w), "{q}");
                marked += m.in_phrases(g).len();
            }
            assert!(marked > 0, "{q} marks nothing in the sample plans");
        }
        assert!(anchored >= 6, "{anchored} phrases found by anchors");
    }
}
