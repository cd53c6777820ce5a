//! Passages worded like a given text: a civil servant pastes a duty and sees how
//! other plans phrased it. The index picks candidate plans; each candidate's text is
//! then cut into short passages scored by shared folded syllables and syllable pairs,
//! which rewards the same wording rather than the same topic.

use std::collections::HashSet;

use anyhow::Result;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};
use unicode_segmentation::UnicodeSegmentation;

use super::highlight::Mark;
use super::searcher::section_at;
use crate::analysis::folded_analyzer;
use crate::analysis::pairs::pair_term;
use crate::index::PlanIndex;
use crate::index::doc::Plan;

/// Plans whose text is cut into passages: enough to find the wording, few enough to
/// answer fast.
const CANDIDATE_PLANS: usize = 20;
/// Passages join at most this many lines or sentences, so a hard-wrapped sentence
/// (OCR, markdown) still forms one passage.
const MAX_UNITS: usize = 3;
/// Input positions used to build the index query; longer input adds little recall.
const MAX_QUERY_POSITIONS: usize = 200;
/// Lines longer than this are cut into sentences, so a paragraph written on one line
/// does not become one huge passage.
const LONG_LINE_BYTES: usize = 400;
/// Passages per plan, unless few plans match.
const PER_PLAN: usize = 2;

/// A passage close to the input.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SimilarPassage {
    pub plan_id: String,
    pub title: Option<String>,
    pub year: Option<i32>,
    /// Heading chain of the section the passage starts in.
    pub section: Option<String>,
    /// The passage as written in the plan.
    pub text: String,
    pub score: f32,
    /// The words of `text` the input also has (any reading: diacritics, OCR
    /// repairs), as UTF-8 byte ranges of `text`, sorted and disjoint.
    pub marks: Vec<Mark>,
}

/// One word position of analyzed text: every term the folded analyzer emitted there
/// (folded form, OCR repairs, expansions), all equally valid readings.
#[derive(Debug, Clone)]
pub struct Slot {
    /// Byte span of the word.
    pub start: usize,
    pub end: usize,
    pub terms: Vec<String>,
}

/// The folded terms of `text`, grouped by position.
pub fn slots(text: &str) -> Vec<Slot> {
    let mut analyzer = folded_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out: Vec<Slot> = Vec::new();
    let mut last_pos = usize::MAX;
    while let Some(t) = stream.next() {
        if t.position == last_pos
            && let Some(slot) = out.last_mut()
        {
            if !slot.terms.contains(&t.text) {
                slot.terms.push(t.text.clone());
            }
            continue;
        }
        last_pos = t.position;
        out.push(Slot {
            start: t.offset_from,
            end: t.offset_to,
            terms: vec![t.text.clone()],
        });
    }
    out
}

/// Unigram and bigram sets of a run of slots, with every alternative reading.
pub struct Features<'a> {
    unigrams: HashSet<&'a str>,
    bigrams: HashSet<(&'a str, &'a str)>,
}

impl<'a> Features<'a> {
    pub fn of(slots: &'a [Slot]) -> Features<'a> {
        let mut unigrams = HashSet::new();
        let mut bigrams = HashSet::new();
        for (i, s) in slots.iter().enumerate() {
            unigrams.extend(s.terms.iter().map(String::as_str));
            if let Some(next) = slots.get(i + 1) {
                for a in &s.terms {
                    for b in &next.terms {
                        bigrams.insert((a.as_str(), b.as_str()));
                    }
                }
            }
        }
        Features { unigrams, bigrams }
    }

    fn has_slot(&self, s: &Slot) -> bool {
        s.terms.iter().any(|t| self.unigrams.contains(t.as_str()))
    }

    fn has_pair(&self, a: &Slot, b: &Slot) -> bool {
        a.terms.iter().any(|x| {
            b.terms
                .iter()
                .any(|y| self.bigrams.contains(&(x.as_str(), y.as_str())))
        })
    }
}

/// Dice overlap of two slot runs in `0..=1`, pairs weighing more than single
/// syllables because shared wording is what the caller looks for.
pub fn overlap(a: &[Slot], fa: &Features, b: &[Slot], fb: &Features) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let uni_a = a.iter().filter(|s| fb.has_slot(s)).count();
    let uni_b = b.iter().filter(|s| fa.has_slot(s)).count();
    let uni = (uni_a + uni_b) as f32 / (a.len() + b.len()) as f32;
    let pairs =
        |x: &[Slot], f: &Features| x.windows(2).filter(|w| f.has_pair(&w[0], &w[1])).count();
    let (na, nb) = (a.len() - 1, b.len() - 1);
    if na + nb == 0 {
        return uni;
    }
    let bi = (pairs(a, fb) + pairs(b, fa)) as f32 / (na + nb) as f32;
    0.35 * uni + 0.65 * bi
}

/// The index query: any folded term of the input, boosted for consecutive pairs
/// (one term each in the pair field).
fn candidate_query(pi: &PlanIndex, input: &[Slot]) -> Box<dyn Query> {
    let field = pi.fields.body_folded;
    let term = |t: &str| Term::from_field_text(field, t);
    let pair = |a: &str, b: &str| Term::from_field_text(pi.fields.body_pairs, &pair_term(a, b));
    let input = &input[..input.len().min(MAX_QUERY_POSITIONS)];
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut seen = HashSet::new();
    for s in input {
        for t in &s.terms {
            if seen.insert(t.as_str()) {
                clauses.push((
                    Occur::Should,
                    Box::new(TermQuery::new(term(t), IndexRecordOption::WithFreqs)),
                ));
            }
        }
    }
    let mut pairs = HashSet::new();
    for w in input.windows(2) {
        // Two readings per side at most keeps the query small.
        for a in w[0].terms.iter().take(2) {
            for b in w[1].terms.iter().take(2) {
                if pairs.insert((a.as_str(), b.as_str())) {
                    let q = TermQuery::new(pair(a, b), IndexRecordOption::WithFreqs);
                    clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), 2.0))));
                }
            }
        }
    }
    Box::new(BooleanQuery::new(clauses))
}

/// Byte spans of the passage units of `text`: non-empty lines, long lines cut into
/// sentences.
fn units(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end();
        if body.trim().is_empty() {
            continue;
        }
        if body.len() <= LONG_LINE_BYTES {
            out.push((start, start + body.len()));
            continue;
        }
        for (i, s) in body.split_sentence_bound_indices() {
            if !s.trim().is_empty() {
                out.push((start + i, start + i + s.trim_end().len()));
            }
        }
    }
    out
}

/// A scored passage of one plan: byte span, score, and the byte spans of the words
/// it shares with the input.
#[derive(Debug, Clone)]
struct Scored {
    start: usize,
    end: usize,
    score: f32,
    shared: Vec<(usize, usize)>,
}

/// The best non-overlapping passages of one plan.
fn best_passages(plan: &Plan, input: &[Slot], fi: &Features, keep: usize) -> Vec<Scored> {
    let text = &plan.text;
    let slots = slots(text);
    let units = units(text);
    // Slot range of each unit.
    let ranges: Vec<(usize, usize)> = units
        .iter()
        .map(|&(s, e)| {
            let a = slots.partition_point(|x| x.start < s);
            let b = slots.partition_point(|x| x.start < e);
            (a, b)
        })
        .collect();
    let mut scored: Vec<Scored> = Vec::new();
    for i in 0..units.len() {
        // Cheap filter: the first unit must share a word with the input.
        let (a, b0) = ranges[i];
        if !slots[a..b0].iter().any(|s| fi.has_slot(s)) {
            continue;
        }
        for w in 1..=MAX_UNITS {
            let Some(&(_, b)) = ranges.get(i + w - 1) else {
                break;
            };
            let run = &slots[a..b];
            if run.is_empty() {
                continue;
            }
            let fp = Features::of(run);
            let score = overlap(input, fi, run, &fp);
            if score > 0.0 {
                scored.push(Scored {
                    start: units[i].0,
                    end: units[i + w - 1].1,
                    score,
                    shared: Vec::new(),
                });
            }
        }
    }
    scored.sort_by(|x, y| y.score.total_cmp(&x.score));
    let mut out: Vec<Scored> = Vec::new();
    for s in scored {
        if out.len() >= keep {
            break;
        }
        if out.iter().all(|o| s.end <= o.start || s.start >= o.end) {
            out.push(s);
        }
    }
    for s in &mut out {
        let a = slots.partition_point(|x| x.start < s.start);
        let b = slots.partition_point(|x| x.start < s.end);
        for x in &slots[a..b] {
            if !fi.has_slot(x) {
                continue;
            }
            match s.shared.last_mut() {
                Some(last) if x.start < last.1 => last.1 = last.1.max(x.end),
                _ => s.shared.push((x.start, x.end)),
            }
        }
    }
    out
}

/// Passages of indexed plans worded like `text`, best first.
pub fn similar(pi: &PlanIndex, text: &str, limit: usize) -> Result<Vec<SimilarPassage>> {
    let input = slots(text);
    if input.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let fi = Features::of(&input);
    let searcher = pi.reader.searcher();
    let query = candidate_query(pi, &input);
    let top = searcher.search(
        query.as_ref(),
        &TopDocs::with_limit(CANDIDATE_PLANS).order_by_score(),
    )?;
    let plans: Vec<Plan> = top
        .iter()
        .map(|(_, addr)| {
            let doc: TantivyDocument = searcher.doc(*addr)?;
            Plan::from_document(&doc, &pi.fields)
        })
        .collect::<Result<_>>()?;
    // Few plans: let each give more passages so the answer is not cut short.
    let keep = PER_PLAN.max(limit.div_ceil(plans.len().max(1)));
    let mut out: Vec<SimilarPassage> = Vec::new();
    for plan in &plans {
        for s in best_passages(plan, &input, &fi, keep) {
            let raw = &plan.text[s.start..s.end];
            let text = raw.trim();
            let from = s.start + (raw.len() - raw.trim_start().len());
            let to = from + text.len();
            let marks = s
                .shared
                .iter()
                .filter(|&&(a, b)| a >= from && b <= to)
                .map(|&(a, b)| Mark {
                    start: a - from,
                    end: b - from,
                })
                .collect();
            out.push(SimilarPassage {
                plan_id: plan.meta.id.clone().unwrap_or_default(),
                title: plan.meta.title.clone(),
                year: plan.meta.year,
                section: section_at(&plan.meta, s.start),
                text: text.to_string(),
                score: (s.score * 1000.0).round() / 1000.0,
                marks,
            });
        }
    }
    out.sort_by(|x, y| y.score.total_cmp(&x.score));
    out.truncate(limit);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_split_lines_and_long_lines() {
        let long = "Câu một dài. ".repeat(40);
        let text = format!("a b\n\n- c d\n{long}\n");
        let u = units(&text);
        assert_eq!(&text[u[0].0..u[0].1], "a b");
        assert_eq!(&text[u[1].0..u[1].1], "- c d");
        assert!(u.len() > 10);
    }

    #[test]
    fn overlap_prefers_same_wording() {
        let q = slots("nâng cao chất lượng cải cách hành chính");
        let same = slots("Nâng cao chất lượng cải cách hành chính.");
        let shuffled = slots("chính hành cách cải lượng chất cao nâng");
        let other = slots("phòng chống dịch bệnh");
        let fq = Features::of(&q);
        let score = |s: &[Slot]| overlap(&q, &fq, s, &Features::of(s));
        assert!(score(&same) > 0.99);
        assert!(score(&same) > score(&shuffled));
        assert!(score(&shuffled) > score(&other));
        assert_eq!(score(&other), 0.0);
    }
}
