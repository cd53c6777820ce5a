//! Turns a parsed query into a tantivy query.
//!
//! Every word must match its folded form in the title or body (so `dang` finds
//! `Đảng`, `đang` and OCR `Pang` repaired to `dang`); a word typed with diacritics
//! also scores its exact form, so exact matches rank first; the title weighs more;
//! acronyms and their expansions are one key term (see `analysis::acronym`); document
//! numbers match whole; and when several words are typed, plans where they stand
//! together get a proximity boost.

use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use super::parse::{Clause, ParsedQuery};
use super::words::{WeightedTerm, Word, WordsQuery};
use crate::analysis::acronym::AcronymTable;
use crate::analysis::pairs::exact_phrase_term;
use crate::analysis::phrases::{MIN_WORDS, PhraseLexicon};
use crate::analysis::{exact_analyzer, folded_analyzer};
use crate::index::schema::Fields;
use crate::text::docnum::{doc_number_key, normalize_doc_number};
use crate::text::fold::has_diacritics;

/// Score weights (tuned by reading result lists on the seeds; see tests).
pub const TITLE_BOOST: f32 = 2.0;
pub const EXACT_BOOST: f32 = 1.5;
pub const PROXIMITY_BOOST: f32 = 1.5;
pub const PROXIMITY_SLOP: u32 = 2;

/// Terms of one query word.
#[derive(Debug, Clone, Default)]
struct WordTerms {
    /// The folded form as typed.
    folded: String,
    /// The exact form, when typed with diacritics.
    exact: Option<String>,
}

/// Analyzes a run of words into per-position terms.
fn analyze_words(text: &str) -> Vec<WordTerms> {
    let mut exact = exact_analyzer();
    let mut folded = folded_analyzer();
    let mut words: Vec<WordTerms> = Vec::new();
    let mut s = exact.token_stream(text);
    while let Some(t) = s.next() {
        let written = &text[t.offset_from..t.offset_to];
        words.push(WordTerms {
            folded: String::new(),
            exact: has_diacritics(written).then(|| t.text.clone()),
        });
    }
    // The first folded token at each position is the word as typed; the others are
    // OCR repairs and acronym keys, which belong to indexed text, not to what a user
    // typed (a typed `xyz` must not become `xã`).
    let mut s = folded.token_stream(text);
    while let Some(t) = s.next() {
        if let Some(w) = words.get_mut(t.position)
            && w.folded.is_empty()
        {
            w.folded = t.text.clone();
        }
    }
    words
}

fn term(field: Field, text: &str) -> Term {
    Term::from_field_text(field, text)
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        term(field, text),
        IndexRecordOption::WithFreqsAndPositions,
    ))
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

fn any_of(qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if qs.len() == 1 {
        return qs.into_iter().next().expect("one");
    }
    Box::new(BooleanQuery::new(
        qs.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

fn all_of(qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if qs.len() == 1 {
        return qs.into_iter().next().expect("one");
    }
    Box::new(BooleanQuery::new(
        qs.into_iter().map(|q| (Occur::Must, q)).collect(),
    ))
}

/// The terms of one folded key in title or body (acronym keys, plain words).
fn key_terms(f: &Fields, key: &str) -> Vec<WeightedTerm> {
    vec![
        (term(f.body_folded, key), 1.0),
        (term(f.title_folded, key), TITLE_BOOST),
    ]
}

/// The terms of one exact form (a word as typed with diacritics) in body or title.
fn exact_terms(f: &Fields, exact: &str) -> Vec<WeightedTerm> {
    vec![
        (term(f.body, exact), EXACT_BOOST),
        (term(f.title, exact), EXACT_BOOST * TITLE_BOOST),
    ]
}

fn word_terms(f: &Fields, w: &WordTerms) -> Vec<WeightedTerm> {
    let mut ts = key_terms(f, &w.folded);
    if let Some(e) = &w.exact {
        ts.extend(exact_terms(f, e));
    }
    ts
}

/// A clause as built: a word (a plain union of weighted terms, perhaps with an
/// expansion), which [`WordsQuery`] evaluates together with the other words, or
/// any other query.
enum Built {
    Word(Word),
    Query(Box<dyn Query>),
}

impl Built {
    fn into_query(self) -> Box<dyn Query> {
        match self {
            Built::Word(_) => all_of_built(vec![self]),
            Built::Query(q) => q,
        }
    }
}

/// Every clause required: the words as one [`WordsQuery`] when there are several
/// or one has an expansion (the rest intersected with it by tantivy). A lone
/// word of plain terms stays a union of term queries, which tantivy ranks with
/// block-max WAND.
fn all_of_built(built: Vec<Built>) -> Box<dyn Query> {
    let (mut words, mut others) = (Vec::new(), Vec::new());
    for b in built {
        match b {
            Built::Word(w) => words.push(w),
            Built::Query(q) => others.push(q),
        }
    }
    if words.len() == 1 && words[0].all_of.is_none() {
        others.insert(0, Box::new(words.pop().expect("one").as_boolean()));
    } else if !words.is_empty() {
        others.insert(0, Box::new(WordsQuery::new(words)));
    }
    all_of(others)
}

/// What compiling the top-level clauses gathers beside the query (see
/// [`TextQuery`]).
#[derive(Default)]
struct Gathered {
    /// The folded words, in order, for the proximity boost.
    proximity: Vec<String>,
    /// Boosts for the best candidates (exact phrases).
    near: Vec<Box<dyn Query>>,
    /// Plain words typed with diacritics, in their exact form.
    exact: Vec<String>,
    /// Some clause reads positions (a phrase that is not one term).
    positional: bool,
}

/// Builds the query for a run of plain words: acronym spans are grouped, the rest is
/// one required query per word. Also gives the folded words and the exact forms of
/// the plain words typed with diacritics (an acronym's words are left out: a plan
/// may write it either way).
fn words_query(f: &Fields, text: &str) -> (Vec<Built>, Vec<String>, Vec<String>) {
    let words = analyze_words(text);
    let table = AcronymTable::shared();
    let sets: Vec<Vec<&str>> = words.iter().map(|w| vec![w.folded.as_str()]).collect();
    let mut out = Vec::new();
    let mut exact = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let longest = table
            .matches_at(&sets, i)
            .into_iter()
            .max_by_key(|(_, n)| *n);
        match longest {
            Some((acr, n)) if n > 1 => {
                let key = key_terms(f, &acr.key);
                // The acronym's own spelling over several words (`KT-XH`) is indexed
                // as the key wherever a plan writes it: its words apart (a `KT` here,
                // an `XH` there) are not the acronym. Typed expansions also match
                // their words apart, as any words do.
                let own = acr.forms.first().is_some_and(|form| {
                    form.iter()
                        .zip(&words[i..i + n])
                        .all(|(a, w)| *a == w.folded)
                });
                let all_of = (!own).then(|| {
                    WordsQuery::new(
                        words[i..i + n]
                            .iter()
                            .map(|w| Word::of_terms(word_terms(f, w)))
                            .collect(),
                    )
                });
                out.push(Built::Word(Word { terms: key, all_of }));
                i += n;
            }
            _ => {
                out.push(Built::Word(Word::of_terms(word_terms(f, &words[i]))));
                exact.extend(words[i].exact.clone());
                i += 1;
            }
        }
    }
    (out, words.into_iter().map(|w| w.folded).collect(), exact)
}

fn phrase_query(field: Field, terms: &[String]) -> Box<dyn Query> {
    if terms.len() == 1 {
        return term_query(field, &terms[0]);
    }
    Box::new(PhraseQuery::new(
        terms.iter().map(|t| term(field, t)).collect(),
    ))
}

/// A phrase of folded words on a field of word pairs (see `analysis::pairs` and
/// `analysis::phrases`), given the phrase's `cover` ([`PhraseLexicon::cover`]): a
/// known phrase, or two words, is one term; a longer phrase is the fewest known
/// phrases and pairs that cover its words, each at its offset, which match exactly
/// where the words stand in order.
fn pairs_query(
    pairs: Field,
    folded: Field,
    words: &[String],
    cover: &[(usize, String)],
) -> Box<dyn Query> {
    match cover {
        [] => phrase_query(folded, words),
        [(_, one)] => Box::new(TermQuery::new(
            term(pairs, one),
            IndexRecordOption::WithFreqs,
        )),
        _ => Box::new(PhraseQuery::new_with_offset(
            cover.iter().map(|(i, t)| (*i, term(pairs, t))).collect(),
        )),
    }
}

/// A quoted phrase: its folded words together in title or body. Typed with
/// diacritics, plans writing it so score more: that exact phrase goes to `boosts`
/// (applied to the best candidates only, see [`TextQuery`]) when given, else into
/// the query. Every plan it matches also matches the folded phrase, so it decides
/// order, never membership, and checking it on every match would read the words'
/// positions a second time over most of the collection.
///
/// Also says whether the query reads positions (a phrase that is not one term).
fn quoted_query(
    f: &Fields,
    text: &str,
    boosts: Option<&mut Vec<Box<dyn Query>>>,
) -> Option<(Box<dyn Query>, bool)> {
    let words = analyze_words(text);
    if words.is_empty() {
        return None;
    }
    let folded: Vec<String> = words.iter().map(|w| w.folded.clone()).collect();
    // One cover for both fields; one term reads no positions.
    let cover = PhraseLexicon::shared().cover(&folded);
    let mut positional = cover.len() != 1;
    let mut qs = vec![
        pairs_query(f.body_pairs, f.body_folded, &folded, &cover),
        boosted(
            pairs_query(f.title_pairs, f.title_folded, &folded, &cover),
            TITLE_BOOST,
        ),
    ];
    if words.iter().all(|w| w.exact.is_some()) {
        let exact: Vec<String> = words.iter().filter_map(|w| w.exact.clone()).collect();
        // A known phrase written so is one term on the pairs (see
        // `pairs::exact_phrase_term`); any other phrase reads the exact words'
        // positions.
        // Known, whole: covered by one term, and longer than a pair.
        let known = cover.len() == 1 && folded.len() >= MIN_WORDS;
        let spelled = known.then(|| exact_phrase_term(&exact, &folded)).flatten();
        let reads_positions = spelled.is_none() && exact.len() > 1;
        let q = match spelled {
            Some(t) => Box::new(TermQuery::new(
                term(f.body_pairs, &t),
                IndexRecordOption::WithFreqs,
            )),
            None => phrase_query(f.body, &exact),
        };
        let q = boosted(q, EXACT_BOOST);
        match boosts {
            Some(b) => b.push(q),
            None => {
                qs.push(q);
                positional |= reads_positions;
            }
        }
    }
    Some((any_of(qs), positional))
}

/// The terms of a document number, or `None` when `word` is not one.
fn number_terms(f: &Fields, word: &str) -> Option<Vec<WeightedTerm>> {
    let key = doc_number_key(&normalize_doc_number(word)?);
    Some(vec![
        (term(f.body_folded, &key), 1.0),
        (term(f.doc_number_key, &key), TITLE_BOOST),
    ])
}

/// Compiles a sequence of clauses; consecutive plain words are analyzed together so
/// acronym expansions spanning them are recognized.
fn clauses_query(
    f: &Fields,
    clauses: &[Clause],
    mut gathered: Option<&mut Gathered>,
) -> Vec<Built> {
    let mut out = Vec::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut Vec<Built>, g: Option<&mut Gathered>| {
        if !run.trim().is_empty() {
            let (qs, folded, exact) = words_query(f, run);
            out.extend(qs);
            if let Some(g) = g {
                g.proximity.extend(folded);
                g.exact.extend(exact);
            }
        }
        run.clear();
    };
    for c in clauses {
        match c {
            Clause::Word(w) => {
                if let Some(ts) = number_terms(f, w) {
                    flush(&mut run, &mut out, gathered.as_deref_mut());
                    out.push(Built::Word(Word::of_terms(ts)));
                } else {
                    run.push(' ');
                    run.push_str(w);
                }
            }
            Clause::Phrase(p) => {
                flush(&mut run, &mut out, gathered.as_deref_mut());
                let near = gathered.as_deref_mut().map(|g| &mut g.near);
                if let Some((q, positional)) = quoted_query(f, p, near) {
                    out.push(Built::Query(q));
                    if let Some(g) = gathered.as_deref_mut() {
                        g.positional |= positional;
                    }
                }
            }
            Clause::Or(alts) => {
                flush(&mut run, &mut out, gathered.as_deref_mut());
                let qs: Vec<Box<dyn Query>> = alts
                    .iter()
                    .filter_map(|a| all_of_or_none(clauses_query(f, std::slice::from_ref(a), None)))
                    .collect();
                if !qs.is_empty() {
                    out.push(Built::Query(any_of(qs)));
                }
                // A phrase among alternatives is taken to read positions, as its
                // alternatives' queries are not gathered.
                if let Some(g) = gathered.as_deref_mut() {
                    g.positional |= alts.iter().any(|a| matches!(a, Clause::Phrase(_)));
                }
            }
        }
    }
    flush(&mut run, &mut out, gathered);
    out
}

fn all_of_or_none(built: Vec<Built>) -> Option<Box<dyn Query>> {
    (!built.is_empty()).then(|| all_of_built(built))
}

/// The text query, or `None` when the query has no positive clause (match all).
pub fn text_query(f: &Fields, parsed: &ParsedQuery) -> Option<Box<dyn Query>> {
    let TextQuery { must, near, .. } = text_query_parts(f, parsed)?;
    Some(with_boosts(must, near))
}

/// `query` with `boosts` added to the score of the plans they match.
pub fn with_boosts(query: Box<dyn Query>, boosts: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if boosts.is_empty() {
        return query;
    }
    let mut clauses = vec![(Occur::Must, query)];
    clauses.extend(boosts.into_iter().map(|b| (Occur::Should, b)));
    Box::new(BooleanQuery::new(clauses))
}

/// The text query in two parts. The searcher applies `near` to the best candidates
/// only: on common words, a phrase over every matching plan reads the positions of
/// nearly the whole collection.
pub struct TextQuery {
    /// What a plan must match, with its BM25 score.
    pub must: Box<dyn Query>,
    /// Boosts, each with its weight: for plans where the query's words stand
    /// together (a sloppy phrase, when the query has several words), and for plans
    /// writing a quoted phrase exactly as typed with diacritics.
    pub near: Vec<Box<dyn Query>>,
    /// When plain words were typed with diacritics: the plans writing every one of
    /// them so (in title or body), scored by those exact forms. The searcher ranks
    /// these before the plans matching only by folded forms (`Đảng` before `Bạch
    /// Đằng` and `đang`): with a common word, the exact form's weight alone is too
    /// small against a rarer folded form in a title.
    pub exact: Option<Box<dyn Query>>,
    /// `must` is one word's or one phrase's terms alone, a pure disjunction of
    /// terms that tantivy ranks with block-max WAND (when nothing else is asked of
    /// every match), and that can be counted apart without reading positions.
    pub prunable: bool,
}

/// The text query in its two parts (see [`TextQuery`]), or `None` when the query
/// has no positive clause.
pub fn text_query_parts(f: &Fields, parsed: &ParsedQuery) -> Option<TextQuery> {
    let mut g = Gathered::default();
    let must = clauses_query(f, &parsed.must, Some(&mut g));
    if must.is_empty() {
        return None;
    }
    let Gathered {
        proximity,
        mut near,
        exact,
        positional,
    } = g;
    let prunable = must.len() == 1 && !positional && proximity.len() < 2;
    let exact = (!exact.is_empty()).then(|| {
        all_of_built(
            exact
                .iter()
                .map(|e| Built::Word(Word::of_terms(exact_terms(f, e))))
                .collect(),
        )
    });
    // One clause stands alone: a single word's terms then form a pure disjunction,
    // which tantivy ranks with block-max WAND instead of scoring every match.
    let must = all_of_built(must);
    if proximity.len() >= 2 && proximity.len() <= 16 {
        let mut pq = PhraseQuery::new(proximity.iter().map(|t| term(f.body_folded, t)).collect());
        pq.set_slop(PROXIMITY_SLOP);
        near.push(boosted(Box::new(pq), PROXIMITY_BOOST));
    }
    Some(TextQuery {
        must,
        near,
        exact,
        prunable,
    })
}

/// Exclusions alone, for a query such as `-Zalo` (all plans but those).
pub fn exclusions(f: &Fields, parsed: &ParsedQuery) -> Vec<Box<dyn Query>> {
    clauses_query(f, &parsed.must_not, None)
        .into_iter()
        .map(Built::into_query)
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use tantivy::collector::DocSetCollector;

    use super::*;
    use crate::analysis::{exact_analyzer, terms, tokens};
    use crate::index::write::{index_of, sample_texts};
    use crate::text::fold::fold;

    /// A phrase on the pair fields matches exactly the plans a phrase on the folded
    /// words matches: every run of two to six consecutive words of the sample plans,
    /// taking at each position the word as written or another reading (OCR repairs,
    /// acronym keys), in title and body.
    #[test]
    fn phrases_on_pairs_match_where_phrases_on_words_do() {
        let texts = sample_texts();
        let pi = index_of(&texts);
        let searcher = pi.reader.searcher();
        let f = &pi.fields;
        let docs = |q: &dyn Query| -> BTreeSet<_> {
            searcher
                .search(q, &DocSetCollector)
                .unwrap()
                .into_iter()
                .collect()
        };
        let lexicon = PhraseLexicon::shared();
        // On pairs and known phrases, the same plans as on words, in body and title.
        let same_plans = |words: &[String]| {
            let cover = lexicon.cover(words);
            for (pairs, folded) in [
                (f.body_pairs, f.body_folded),
                (f.title_pairs, f.title_folded),
            ] {
                let want = docs(phrase_query(folded, words).as_ref());
                let got = docs(pairs_query(pairs, folded, words, &cover).as_ref());
                assert_eq!(got, want, "{words:?}");
            }
        };
        let mut checked = 0;
        for (k, text) in texts.iter().enumerate() {
            let folded = terms(&mut folded_analyzer(), text);
            let mut readings: Vec<Vec<String>> = Vec::new();
            for (p, t) in folded {
                if p == readings.len() {
                    readings.push(Vec::new());
                }
                readings[p].push(t);
            }
            // Every 37th position, a phrase of 2–6 words with varied readings.
            for (i, start) in (0..readings.len()).step_by(37).enumerate() {
                let n = 2 + (i + k) % 5;
                if start + n > readings.len() {
                    break;
                }
                let words: Vec<String> = (0..n)
                    .map(|j| {
                        let r = &readings[start + j];
                        r[(i + j) % r.len()].clone()
                    })
                    .collect();
                // The phrase, and the same with its last or first word swapped for
                // a word from further on (mostly in no plan: a query that ignored
                // some word would still match).
                let mut last = words.clone();
                let mut first = words.clone();
                if let Some(r) = readings.get(start + n + 3) {
                    last[n - 1] = r[0].clone();
                    first[0] = r[0].clone();
                }
                for words in [&words, &last, &first] {
                    same_plans(words);
                }
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked}");
        // Every known phrase the sample plans spell (searched as one term), alone and
        // with the word before or after it (a known phrase and a pair), with the
        // readings the plan has there.
        let mut known = 0;
        for text in &texts {
            let folded = tokens(&mut folded_analyzer(), text);
            let first: BTreeMap<usize, String> = folded
                .iter()
                .rev()
                .map(|t| (t.position, t.text.clone()))
                .collect();
            for (k, t) in lexicon.tokens(&folded).iter().enumerate().step_by(7) {
                let words: Vec<String> = t.text.split(' ').map(String::from).collect();
                let n = words.len();
                let mut variants = vec![words.clone()];
                if let Some(before) = t.position.checked_sub(1).and_then(|p| first.get(&p)) {
                    variants.push([vec![before.clone()], words.clone()].concat());
                }
                if let Some(after) = first.get(&(t.position + n)) {
                    variants.push([words.clone(), vec![after.clone()]].concat());
                }
                // A word swapped for another (in no plan there, mostly).
                let mut swapped = words.clone();
                swapped[k % n] = "dang".to_string();
                variants.push(swapped);
                for words in &variants {
                    same_plans(words);
                }
                known += 1;
            }
        }
        assert!(known > 50, "{known}");
        // A phrase in no plan matches none.
        let words: Vec<String> = ["dang", "cua", "hanh"].map(String::from).to_vec();
        let cover = lexicon.cover(&words);
        let q = pairs_query(f.body_pairs, f.body_folded, &words, &cover);
        assert!(docs(q.as_ref()).is_empty());
    }

    /// A known phrase written with its diacritics, searched as its exact term on the
    /// pairs, matches the plans that the phrase on the exact field's words does.
    #[test]
    fn exact_known_phrases_match_where_exact_phrases_on_words_do() {
        let texts = sample_texts();
        let pi = index_of(&texts);
        let searcher = pi.reader.searcher();
        let f = &pi.fields;
        let lexicon = PhraseLexicon::shared();
        let hits = |q: &dyn Query| -> BTreeSet<_> {
            searcher
                .search(q, &DocSetCollector)
                .unwrap()
                .into_iter()
                .collect()
        };
        let mut spelled = BTreeSet::new();
        for text in &texts {
            let exact = tokens(&mut exact_analyzer(), text);
            let folded = tokens(&mut folded_analyzer(), text);
            for t in lexicon.tokens(&folded) {
                let words: Vec<&str> = t.text.split(' ').collect();
                let Some(written) = exact.get(t.position..t.position + words.len()) else {
                    continue;
                };
                let written: Vec<String> = written.iter().map(|e| e.text.clone()).collect();
                if exact_phrase_term(&written, &words).is_some() {
                    spelled.insert(written);
                }
            }
        }
        assert!(spelled.len() > 50, "{}", spelled.len());
        for written in &spelled {
            let term = exact_phrase_term(
                written,
                &written.iter().map(|w| fold(w)).collect::<Vec<_>>(),
            )
            .unwrap();
            let got = hits(&TermQuery::new(
                Term::from_field_text(f.body_pairs, &term),
                IndexRecordOption::WithFreqs,
            ));
            let want = hits(phrase_query(f.body, written).as_ref());
            assert_eq!(got, want, "{written:?}");
            assert!(!got.is_empty(), "{written:?}");
        }
        // The query takes the term for a known phrase typed with diacritics, and the
        // exact words' positions otherwise.
        let boost_of = |q: &str| {
            let parsed = crate::search::parse::parse(q);
            format!("{:?}", text_query_parts(f, &parsed).unwrap().near)
        };
        assert!(boost_of("\"cải cách hành chính\"").contains("cải cách hành chính"));
        assert!(boost_of("\"cải cách hành chính\"").contains("TermQuery"));
        assert!(!boost_of("\"tuyên truyền rộng rãi\"").contains("TermQuery"));
        assert!(boost_of("\"cai cach hanh chinh\"") == "[]");
    }

    /// A query is prunable when it is one word's or one phrase's terms alone, and
    /// no part of it reads positions.
    #[test]
    fn prunable_when_one_clause_reads_no_positions() {
        let (_, f) = crate::index::schema::build_schema();
        for (q, want) in [
            ("Đảng", true),
            ("\"cải cách thủ tục hành chính\"", true),
            ("\"một cửa\"", true),
            ("\"tuyên truyền rộng rãi\"", false),
            ("cải cách", false),
            ("PAPI OR PCI", true),
            ("PAPI OR \"chỉ số hài lòng\"", false),
            ("\"chỉ số hài lòng\" Đảng", false),
        ] {
            let got = text_query_parts(&f, &crate::search::parse::parse(q)).unwrap();
            assert_eq!(got.prunable, want, "{q}");
        }
    }

    /// An acronym typed in its own spelling over several words matches plans writing
    /// it (either way), not plans holding its letters apart.
    #[test]
    fn an_acronym_typed_over_several_words_is_the_acronym() {
        let pi = index_of(&[
            "Phát triển KT-XH của địa phương.",
            "Phát triển kinh tế - xã hội của địa phương.",
            "Phòng KT báo cáo. Tổ XH họp riêng.",
        ]);
        let searcher = pi.reader.searcher();
        let count = |q: &str| {
            let query = text_query(&pi.fields, &crate::search::parse::parse(q)).unwrap();
            query.count(&searcher).unwrap()
        };
        assert_eq!(count("KT-XH"), 2);
        assert_eq!(count("KT XH"), 2);
        // The expansion typed as words matches where they stand apart too.
        assert_eq!(count("kinh tế xã hội"), 2);
        assert_eq!(count("KT"), 2);
    }
}
