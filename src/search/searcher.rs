//! Executes a [`SearchRequest`]: query + filters → ranked hits with snippets, total
//! and facet counts, in one pass over the matching documents.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::Result;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::EnableScoring;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{
    DocAddress, DocId, DocSet, Order, Searcher, SeekDangerResult, TantivyDocument, Term,
};

use super::build::{exclusions, text_query_parts, with_boosts};
use super::facets::{FacetCollector, FacetCounts, sorted};
use super::parse::{ParsedQuery, parse};
use super::request::{Hit, SearchRequest, SearchResponse, Snippet, Sort};
use super::snippet::SnippetMaker;
use super::understand::understand;
use crate::extract::PlanMetadata;
use crate::extract::units::LOCALITIES;
use crate::index::PlanIndex;
use crate::index::doc::{
    HitMeta, cites_key, decode_word_marks, name_key, stored_str, stored_text, stored_word_marks,
};
use crate::index::schema::Fields;
use crate::text::fold::fold;

/// Bytes of text around the matched words in a snippet.
const SNIPPET_BYTES: usize = 320;
/// Weight of a topic the query names.
const TOPIC_BOOST: f32 = 2.0;
/// Passages shown per hit at most.
const PASSAGES: usize = 3;
/// Candidates the proximity boost is applied to (see [`rescore`]).
const RESCORE_WINDOW: usize = 100;
/// Weight of a responsible unit the query names.
const UNIT_BOOST: f32 = 2.0;
/// Values returned per facet.
const FACET_VALUES: usize = 30;

fn any_term(field: Field, values: impl IntoIterator<Item = String>) -> Option<Box<dyn Query>> {
    let qs: Vec<(Occur, Box<dyn Query>)> = values
        .into_iter()
        .filter(|v| !v.is_empty())
        .map(|v| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, &v),
                IndexRecordOption::Basic,
            ));
            (Occur::Should, q)
        })
        .collect();
    (!qs.is_empty()).then(|| Box::new(BooleanQuery::new(qs)) as Box<dyn Query>)
}

/// Plans whose responsible units include `key` (a folded unit name), alone or
/// followed by a locality: `phong noi vu` matches "Phòng Nội vụ" and "Phòng Nội vụ
/// huyện Gio Linh", not "Phòng Nội vụ và Y tế". For each locality word, the keys from
/// `key locality` up to `key locality!` (`!` sorts right after the space).
fn unit_query(field: Field, key: &str) -> Box<dyn Query> {
    let mut qs: Vec<(Occur, Box<dyn Query>)> = vec![(
        Occur::Should,
        Box::new(TermQuery::new(
            Term::from_field_text(field, key),
            IndexRecordOption::Basic,
        )),
    )];
    for (locality, _) in LOCALITIES {
        let lo = format!("{key} {locality}");
        let q = RangeQuery::new(
            Bound::Included(Term::from_field_text(field, &lo)),
            Bound::Excluded(Term::from_field_text(field, &format!("{lo}!"))),
        );
        qs.push((Occur::Should, Box::new(q)));
    }
    Box::new(BooleanQuery::new(qs))
}

/// The metadata filters of a request, each a required clause that does not score.
fn filters(f: &Fields, req: &SearchRequest) -> Vec<Box<dyn Query>> {
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    if !req.years.is_empty() {
        let qs: Vec<(Occur, Box<dyn Query>)> = req
            .years
            .iter()
            .map(|&y| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_i64(f.year, y as i64),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, q)
            })
            .collect();
        out.push(Box::new(BooleanQuery::new(qs)));
    }
    if req.year_from.is_some() || req.year_to.is_some() {
        let lo = req.year_from.map_or(Bound::Unbounded, |y| {
            Bound::Included(Term::from_field_i64(f.year, y as i64))
        });
        let hi = req.year_to.map_or(Bound::Unbounded, |y| {
            Bound::Included(Term::from_field_i64(f.year, y as i64))
        });
        out.push(Box::new(RangeQuery::new(lo, hi)));
    }
    if !req.units.is_empty() {
        let qs: Vec<(Occur, Box<dyn Query>)> = req
            .units
            .iter()
            .map(|u| name_key(u))
            .filter(|k| !k.is_empty())
            .map(|k| (Occur::Should, unit_query(f.unit_key, &k)))
            .collect();
        out.push(if qs.is_empty() {
            Box::new(tantivy::query::EmptyQuery)
        } else {
            Box::new(BooleanQuery::new(qs))
        });
    }
    let lists: [(Field, Vec<String>); 5] = [
        (
            f.topic,
            req.topics.iter().map(|t| t.trim().to_lowercase()).collect(),
        ),
        (
            f.cites_key,
            req.cites.iter().map(|c| cites_key(c)).collect(),
        ),
        (
            f.province_key,
            req.provinces.iter().map(|p| name_key(p)).collect(),
        ),
        (f.level, req.levels.iter().map(|l| fold(l.trim())).collect()),
        (
            f.issuer_key,
            req.issuers.iter().map(|i| name_key(i)).collect(),
        ),
    ];
    for (field, values) in lists {
        if values.is_empty() {
            continue;
        }
        // A filter whose values are all blank still filters (to nothing).
        out.push(any_term(field, values).unwrap_or_else(|| Box::new(tantivy::query::EmptyQuery)));
    }
    out
}

/// The full query of a request and whether it has free text (for snippets).
pub fn request_query(f: &Fields, req: &SearchRequest) -> (Box<dyn Query>, bool) {
    let RankedQuery {
        query,
        proximity,
        has_text,
        ..
    } = ranked_query(f, req);
    (with_boosts(query, proximity), has_text)
}

/// The query of a request without its proximity boost, and what goes with it.
fn ranked_query(f: &Fields, req: &SearchRequest) -> RankedQuery {
    let parsed = parse(&req.q);
    let (text, mut proximity, exact, text_prunable) = match text_query_parts(f, &parsed) {
        Some(t) => (Some(t.must), t.near, t.exact, t.prunable),
        None => (None, Vec::new(), None, false),
    };
    let has_text = text.is_some();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, text.unwrap_or_else(|| Box::new(AllQuery)))];
    for q in exclusions(f, &parsed) {
        clauses.push((Occur::MustNot, q));
    }
    for q in filters(f, req) {
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0))));
    }
    let mut boosts: Vec<Box<dyn Query>> = Vec::new();
    for t in &req.boost_topics {
        let q: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(f.topic, t),
            IndexRecordOption::Basic,
        ));
        boosts.push(Box::new(BoostQuery::new(q, TOPIC_BOOST)));
    }
    for u in &req.boost_units {
        let q = Box::new(ConstScoreQuery::new(
            unit_query(f.unit_key, &name_key(u)),
            1.0,
        ));
        boosts.push(Box::new(BoostQuery::new(q, UNIT_BOOST)));
    }
    // The topics and units the query names are boosts on the best candidates, like
    // the proximity boost, when the text alone decides what matches and can be
    // ranked with block-max WAND: the plans naming a topic's phrase are nearly all
    // tagged with it, and scoring the boost over every match would forgo the
    // pruning. Otherwise (filters, exclusions, several words) every match is scored
    // anyway, and the boosts go with it.
    if text_prunable && clauses.len() == 1 {
        proximity.extend(boosts);
    } else {
        clauses.extend(boosts.into_iter().map(|b| (Occur::Should, b)));
    }
    // The text alone is its own query (see `text_query_parts`: a lone word can then
    // be ranked with block-max WAND).
    let prunable = clauses.len() == 1 && text_prunable;
    let query: Box<dyn Query> = if clauses.len() == 1 {
        clauses.pop().expect("one clause").1
    } else {
        Box::new(BooleanQuery::new(clauses))
    };
    RankedQuery {
        query,
        proximity,
        exact,
        has_text,
        prunable,
        parsed,
    }
}

/// A request's query, split for ranking.
struct RankedQuery {
    /// Everything but the proximity boost: what matches, and the score to rank by.
    query: Box<dyn Query>,
    /// The boosts (words together, exact phrases, and the topics and units named
    /// when the text is prunable), applied to the best candidates
    /// by [`rescore`].
    proximity: Vec<Box<dyn Query>>,
    /// With words typed with diacritics: the plans writing every one of them so,
    /// ranked before the rest (see `TextQuery::exact`).
    exact: Option<Box<dyn Query>>,
    /// The request has free text (so hits get snippets).
    has_text: bool,
    /// The query is one word's terms alone, which tantivy can rank with block-max
    /// WAND when no facet asks to visit every match (see [`collect`]).
    prunable: bool,
    /// The query as parsed (its phrases guide the snippets).
    parsed: ParsedQuery,
}

/// Adds the boosts to the scores of `hits` (the best candidates by the rest of the
/// query) and re-sorts them. A plan outside the candidates could have climbed into
/// them with a boost; with [`RESCORE_WINDOW`] candidates for a page of ten, that is
/// rare, and the cost no longer grows with the collection.
fn rescore(
    searcher: &Searcher,
    boosts: &[Box<dyn Query>],
    hits: &mut [(f32, DocAddress)],
) -> Result<()> {
    if boosts.is_empty() {
        return Ok(());
    }
    for boost in boosts {
        add_boost(searcher, boost.as_ref(), hits)?;
    }
    hits.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(())
}

/// Adds the score of `boost` to the hits it matches.
fn add_boost(searcher: &Searcher, boost: &dyn Query, hits: &mut [(f32, DocAddress)]) -> Result<()> {
    let weight = boost.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let mut order: Vec<usize> = (0..hits.len()).collect();
    order.sort_by_key(|&i| hits[i].1);
    // Per segment: the scorer and the first document it could still match. A
    // phrase scorer's `seek` goes on to the next plan where the words stand
    // together, reading positions plan after plan; `seek_danger` only says whether
    // the candidate itself matches, so the cost is the candidates' alone.
    let mut current: Option<(u32, Box<dyn tantivy::query::Scorer>, DocId)> = None;
    for i in order {
        let addr = hits[i].1;
        let found = match current.as_mut() {
            Some((seg, scorer, bound)) if *seg == addr.segment_ord => {
                if addr.doc_id < *bound {
                    false
                } else {
                    let r = scorer.seek_danger(addr.doc_id);
                    *bound = lower_bound(&r, addr.doc_id);
                    r == SeekDangerResult::Found
                }
            }
            _ => {
                let reader = searcher.segment_reader(addr.segment_ord);
                let (r, scorer) = weight.scorer_danger(reader, addr.doc_id, 1.0)?;
                let bound = lower_bound(&r, addr.doc_id);
                current = Some((addr.segment_ord, scorer, bound));
                r == SeekDangerResult::Found
            }
        };
        if found && let Some((_, scorer, _)) = current.as_mut() {
            hits[i].0 += scorer.score();
        }
    }
    Ok(())
}

/// The first document a scorer left by `seek_danger(target)` may still match.
fn lower_bound(r: &SeekDangerResult, target: DocId) -> DocId {
    match r {
        SeekDangerResult::Found => target + 1,
        SeekDangerResult::SeekLowerBound(b) => *b,
    }
}

/// An error met while ranking in [`tiered`], reported after the search.
type Failed = Arc<Mutex<Option<tantivy::TantivyError>>>;

/// The best `window` matches ranked in two tiers: first the plans matching `exact`
/// (every word typed with diacritics, written so), then the others, each by the
/// query's score. Matches come to the collector in document order, so the tier is
/// known by moving `exact`'s scorer forward alongside.
fn tiered(
    searcher: &Searcher,
    exact: &dyn Query,
    window: usize,
    failed: &Failed,
) -> Result<impl tantivy::collector::Collector<Fruit = Vec<((bool, f32), DocAddress)>> + use<>> {
    let weight: Arc<dyn tantivy::query::Weight> =
        Arc::from(exact.weight(EnableScoring::disabled_from_searcher(searcher))?);
    let report = failed.clone();
    let ranked = TopDocs::with_limit(window).tweak_score(move |reader: &tantivy::SegmentReader| {
        let scorer: Box<dyn tantivy::query::Scorer> = match weight.scorer(reader, 1.0) {
            Ok(s) => s,
            Err(e) => {
                if let Ok(mut f) = report.lock() {
                    f.get_or_insert(e);
                }
                Box::new(tantivy::query::EmptyScorer)
            }
        };
        let scorer = RefCell::new(scorer);
        move |doc: DocId, score: f32| {
            let mut s = scorer.borrow_mut();
            let at = if s.doc() < doc { s.seek(doc) } else { s.doc() };
            (at == doc, score)
        }
    });
    Ok(ranked)
}

/// Ranked addresses with scores, total count and facet counts.
type Collected = (Vec<(f32, DocAddress)>, usize, Option<FacetCounts>);

/// Ranked addresses, total and facet counts.
fn collect(searcher: &Searcher, rq: &RankedQuery, req: &SearchRequest) -> Result<Collected> {
    let (query, proximity) = (rq.query.as_ref(), rq.proximity.as_slice());
    let facets = req.facets.then(|| {
        FacetCollector::of(&req.facet_names).showing(FACET_VALUES, searcher.segment_readers().len())
    });
    if req.limit == 0 {
        let (count, facets) = searcher.search(query, &(Count, facets))?;
        return Ok((Vec::new(), count, facets));
    }
    let top = TopDocs::with_limit(req.limit).and_offset(req.offset);
    Ok(match req.sort {
        Sort::Relevance => {
            let window = if proximity.is_empty() {
                req.offset + req.limit
            } else {
                (req.offset + req.limit).max(RESCORE_WINDOW)
            };
            let ranked = TopDocs::with_limit(window).order_by_score();
            if let Some(exact) = rq.exact.as_ref().filter(|_| !rq.prunable) {
                // Every match is scored anyway: one pass ranks the two tiers,
                // counts and facets (before, the tiers were two more passes).
                let failed = Failed::default();
                let ranked = tiered(searcher, exact.as_ref(), window, &failed)?;
                let (ranked, count, facets) = searcher.search(query, &(ranked, Count, facets))?;
                if let Some(e) = failed.lock().ok().and_then(|mut f| f.take()) {
                    return Err(e.into());
                }
                let split = ranked.partition_point(|((first, _), _)| *first);
                let mut hits: Vec<(f32, DocAddress)> =
                    ranked.into_iter().map(|((_, s), a)| (s, a)).collect();
                let (first, rest) = hits.split_at_mut(split);
                rescore(searcher, proximity, first)?;
                rescore(searcher, proximity, rest)?;
                let page = hits.into_iter().skip(req.offset).take(req.limit).collect();
                return Ok((page, count, facets));
            }
            if let Some(exact) = &rq.exact {
                // A lone word: counted and faceted over every match, without
                // scoring; ranked in two tiers, each with its own boosts, the
                // first by its exact forms alone (still block-max WAND).
                let (count, facets) = match facets {
                    Some(fc) => searcher.search(query, &(Count, Some(fc)))?,
                    None => (query.count(searcher)?, None),
                };
                let mut hits = searcher.search(exact.as_ref(), &ranked)?;
                rescore(searcher, proximity, &mut hits)?;
                if hits.len() < window {
                    let rest = BooleanQuery::new(vec![
                        (Occur::Must, query.box_clone()),
                        (Occur::MustNot, exact.box_clone()),
                    ]);
                    let more = TopDocs::with_limit(window - hits.len()).order_by_score();
                    let mut more = searcher.search(&rest, &more)?;
                    rescore(searcher, proximity, &mut more)?;
                    hits.extend(more);
                }
                let page = hits.into_iter().skip(req.offset).take(req.limit).collect();
                return Ok((page, count, facets));
            }
            // A lone word without facets: the best plans are collected alone, so
            // that tantivy may skip blocks that cannot enter them (block-max WAND),
            // and the total is counted without scoring. Otherwise every match is
            // visited anyway, in one pass (a second pass would read a phrase's
            // positions twice).
            let (mut hits, count, facets) = if facets.is_some() || !rq.prunable {
                searcher.search(query, &(ranked, Count, facets))?
            } else {
                let hits = searcher.search(query, &ranked)?;
                (hits, query.count(searcher)?, None)
            };
            rescore(searcher, proximity, &mut hits)?;
            let page = hits.into_iter().skip(req.offset).take(req.limit).collect();
            (page, count, facets)
        }
        Sort::DateDesc | Sort::DateAsc => {
            let order = if req.sort == Sort::DateDesc {
                Order::Desc
            } else {
                Order::Asc
            };
            let (hits, count, facets) = searcher.search(
                query,
                &(top.order_by_fast_field::<i64>("date", order), Count, facets),
            )?;
            (
                hits.into_iter().map(|(_, a)| (0.0, a)).collect(),
                count,
                facets,
            )
        }
    })
}

/// Runs a search, first understanding the metadata the query names (see
/// [`understand`]); when those filters leave nothing, the query is searched as plain
/// text instead.
pub fn search(pi: &PlanIndex, req: &SearchRequest) -> Result<SearchResponse> {
    let started = Instant::now();
    if req.literal || req.q.trim().is_empty() {
        return search_once(pi, req);
    }
    let searcher = pi.reader.searcher();
    let u = understand(&req.q, |symbol, number| {
        resolve_cites(&searcher, pi.fields.cites_key, symbol, number)
    });
    if !u.has_filters() && u.topics.is_empty() && u.units.is_empty() {
        return search_once(pi, req);
    }
    let mut narrowed = req.clone();
    narrowed.q = u.text.clone();
    narrowed.years.extend(u.year);
    narrowed.provinces.extend(u.province.clone());
    narrowed.provinces.extend(u.district.clone());
    narrowed.levels.extend(u.level.clone());
    narrowed.cites.extend(u.cites.clone());
    narrowed.boost_topics.extend(u.topics.iter().cloned());
    narrowed.boost_units.extend(u.units.iter().cloned());
    let mut resp = search_once(pi, &narrowed)?;
    if resp.total == 0 && u.has_filters() {
        let mut plain = req.clone();
        plain.literal = true;
        plain.boost_topics = u.topics.clone();
        plain.boost_units = u.units.clone();
        resp = search_once(pi, &plain)?;
        resp.understood =
            serde_json::json!({ "text": req.q, "topics": u.topics, "units": u.units });
    } else {
        resp.understood = serde_json::to_value(&u)?;
    }
    resp.query = req.q.clone();
    resp.took_ms = (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0;
    Ok(resp)
}

/// The indexed document number that "<kind> <number>" names: the most cited key
/// of the form `76/nq-…`, `76-nq/…` or `76/2020/nq-…`.
fn resolve_cites(searcher: &Searcher, field: Field, symbol: &str, number: &str) -> Option<String> {
    let mut best: Option<(u32, String)> = None;
    for prefix in [format!("{number}/"), format!("{number}-")] {
        for seg in searcher.segment_readers() {
            let Ok(inv) = seg.inverted_index(field) else {
                continue;
            };
            let mut upper = prefix.clone().into_bytes();
            *upper.last_mut().expect("non-empty") += 1;
            let Ok(mut stream) = inv
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .lt(&upper)
                .into_stream()
            else {
                continue;
            };
            while stream.advance() {
                let key = String::from_utf8_lossy(stream.key()).into_owned();
                let rest = &key[prefix.len()..];
                let rest = rest
                    .strip_prefix(|c: char| c.is_ascii_digit())
                    .map_or(rest, |_| {
                        rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '/')
                    });
                let seg_symbol = rest.split(['-', '/']).next().unwrap_or("");
                if seg_symbol != symbol {
                    continue;
                }
                let df = stream.value().doc_freq;
                if best.as_ref().is_none_or(|(d, _)| df > *d) {
                    best = Some((df, key));
                }
            }
        }
    }
    best.map(|(_, key)| crate::text::docnum::normalize_doc_number(&key).unwrap_or(key))
}

/// Runs one search exactly as requested.
fn search_once(pi: &PlanIndex, req: &SearchRequest) -> Result<SearchResponse> {
    let started = Instant::now();
    let searcher = pi.reader.searcher();
    let f = &pi.fields;
    let rq = ranked_query(f, req);
    let (top, total, facet_counts) = collect(&searcher, &rq, req)?;
    let query = rq.query;

    let snippets = if rq.has_text && !top.is_empty() {
        Some(
            SnippetMaker::new(&searcher, query.as_ref(), f, SNIPPET_BYTES)?
                .with_phrases(&rq.parsed),
        )
    } else {
        None
    };
    // The query terms' positions in every hit at once (each term's postings walked
    // once, in document order).
    let positions = match &snippets {
        Some(m) => m.positions_of(&searcher, &top.iter().map(|(_, a)| *a).collect::<Vec<_>>())?,
        None => Vec::new(),
    };
    let mut hits = Vec::with_capacity(top.len());
    for (k, (score, addr)) in top.into_iter().enumerate() {
        // The metadata and the stored text, borrowed from the store's block: a hit
        // needs neither a copy of the text nor its sections' texts.
        let stored = pi.stores.get(&searcher, addr)?;
        let doc: TantivyDocument;
        let (meta, text, marks) = if let Some(s) = &stored {
            (
                HitMeta::parse(s.str(f.meta)?)?,
                s.str(f.text)?.unwrap_or_default(),
                s.bytes(f.word_marks)
                    .map(decode_word_marks)
                    .unwrap_or_default(),
            )
        } else {
            doc = searcher.doc(addr)?;
            (
                HitMeta::parse(stored_str(&doc, f.meta))?,
                stored_text(&doc, f)?,
                stored_word_marks(&doc, f),
            )
        };
        let mut hit = hit_from(&meta, score);
        if let Some(m) = &snippets {
            for fragment in m.fragments_from(&positions[k], text, marks, PASSAGES) {
                hit.snippets.push(Snippet {
                    section: hit_section_at(&meta, fragment.range.start),
                    html: fragment.html,
                });
            }
        }
        hits.push(hit);
    }
    let facets = facet_counts
        .map(|counts| {
            counts
                .iter()
                .map(|(name, values)| {
                    let mut list = sorted(name, values, FACET_VALUES);
                    if name == "topic" {
                        label_topics(&mut list);
                    }
                    (name.clone(), list)
                })
                .collect()
        })
        .unwrap_or_else(BTreeMap::new);
    Ok(SearchResponse {
        query: req.q.clone(),
        understood: serde_json::json!({ "text": req.q }),
        total,
        took_ms: (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0,
        hits,
        facets,
    })
}

/// Gives topic facet values their Vietnamese labels from the taxonomy.
pub(crate) fn label_topics(values: &mut [super::facets::FacetValue]) {
    let topics = &crate::extract::topics::Topics::shared().topics;
    for v in values {
        v.label = topics
            .iter()
            .find(|t| t.id == v.value)
            .map(|t| t.label_vi.clone());
    }
}

/// A search hit (without snippets) from a stored plan's metadata.
pub fn hit_of(m: &PlanMetadata, score: f32) -> Hit {
    hit_from(&HitMeta::of(m), score)
}

/// A search hit (without snippets) from what it shows of a plan's metadata.
pub fn hit_from(m: &HitMeta, score: f32) -> Hit {
    let owned = |v: &Option<std::borrow::Cow<str>>| v.as_deref().map(str::to_string);
    Hit {
        id: owned(&m.id).unwrap_or_default(),
        source: owned(&m.source),
        title: owned(&m.title),
        doc_number: owned(&m.doc_number),
        issuer: owned(&m.issuer),
        level: owned(&m.level),
        province: owned(&m.province),
        year: m.year,
        issued_date: owned(&m.issued_date),
        topics: m.topics.iter().map(|t| t.to_string()).collect(),
        score,
        snippets: Vec::new(),
    }
}

/// The heading chain of the section holding byte `offset` ("IV. … › 3. …").
pub fn section_at(meta: &PlanMetadata, offset: usize) -> Option<String> {
    hit_section_at(&HitMeta::of(meta), offset)
}

/// [`section_at`] on what a hit shows of the metadata (see [`HitMeta`]).
pub fn hit_section_at(meta: &HitMeta, offset: usize) -> Option<String> {
    let mut chain: Vec<&str> = meta
        .sections
        .iter()
        .filter(|s| s.start <= offset && offset < s.end)
        .map(|s| s.heading.as_ref())
        .collect();
    chain.dedup();
    (!chain.is_empty()).then(|| chain.join(" › "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::write::{add_plan, index_of, plan_from_text, sample_texts};

    /// The sample plans, one segment each (every add commits).
    fn seeds() -> PlanIndex {
        index_of(&sample_texts())
    }

    /// The query typed as-is (no acronym or OCR widening) and its facet counts
    /// found the plain way.
    fn literal_query(
        pi: &PlanIndex,
        searcher: &Searcher,
        q: &str,
    ) -> (Box<dyn Query>, super::super::facets::FacetCounts) {
        let req = SearchRequest {
            q: q.to_string(),
            literal: true,
            ..Default::default()
        };
        let (query, _) = request_query(&pi.fields, &req);
        let counts = direct_counts(searcher, query.as_ref());
        (query, counts)
    }

    /// Every segment merged into one, so the whole-segment paths are the ones taken.
    fn merge_into_one_segment(pi: &PlanIndex, mut writer: tantivy::IndexWriter<TantivyDocument>) {
        let ids = pi.index.searchable_segment_ids().unwrap();
        writer.merge(&ids).wait().unwrap();
        writer.wait_merging_threads().unwrap();
        pi.reader.reload().unwrap();
        assert_eq!(pi.reader.searcher().segment_readers().len(), 1);
    }

    /// Facet counts the plain way: every matching document's values, one by one.
    fn direct_counts(searcher: &Searcher, query: &dyn Query) -> super::super::facets::FacetCounts {
        use super::super::facets::STRING_FACETS;
        let mut out = super::super::facets::FacetCounts::new();
        for addr in searcher
            .search(query, &tantivy::collector::DocSetCollector)
            .unwrap()
        {
            let reader = searcher.segment_reader(addr.segment_ord);
            let ff = reader.fast_fields();
            for name in STRING_FACETS {
                let Some(col) = ff.str(name).unwrap() else {
                    continue;
                };
                for ord in col.term_ords(addr.doc_id) {
                    let mut value = String::new();
                    col.ord_to_str(ord, &mut value).unwrap();
                    *out.entry(name.to_string())
                        .or_default()
                        .entry(value.into())
                        .or_default() += 1;
                }
            }
            if let Some(y) = ff.i64("year").unwrap().first(addr.doc_id) {
                *out.entry("year".to_string())
                    .or_default()
                    .entry(y.to_string().into())
                    .or_default() += 1;
            }
        }
        out
    }

    #[test]
    fn a_phrase_typed_with_diacritics_ranks_the_plans_writing_it_so_first() {
        let pi = PlanIndex::create_in_ram().unwrap();
        let mut writer = pi.writer().unwrap();
        let body = |phrase: &str| {
            format!(
                "KẾ HOẠCH\nTriển khai nhiệm vụ năm 2024\n\nĐẩy mạnh {phrase} trong toàn huyện; \
                 đánh giá kết quả thực hiện hằng quý."
            )
        };
        // The unaccented plan says it twice: by the folded words alone it ranks first.
        for (name, phrase) in [
            ("plain.txt", "cai cach hanh chinh, cai cach hanh chinh"),
            ("exact.txt", "cải cách hành chính"),
        ] {
            add_plan(&pi, &mut writer, &plan_from_text(body(phrase), name)).unwrap();
        }
        let first = |q: &str| {
            let r = search(
                &pi,
                &SearchRequest {
                    q: q.to_string(),
                    limit: 10,
                    ..Default::default()
                },
            )
            .unwrap();
            assert_eq!(r.total, 2, "{q}");
            r.hits[0].source.clone().unwrap_or_default()
        };
        assert_eq!(first("\"cải cách hành chính\""), "exact.txt");
        assert_eq!(first("cải cách hành chính"), "exact.txt");
        first("\"cai cach hanh chinh\"");
    }

    #[test]
    fn a_word_typed_with_diacritics_ranks_the_plans_writing_it_so_first() {
        let pi = PlanIndex::create_in_ram().unwrap();
        let mut writer = pi.writer().unwrap();
        // A common exact form and a rarer folded twin in titles: by BM25 alone the
        // titles win.
        let mut plans = vec![
            (
                "dang1.txt".to_string(),
                "Kế hoạch tuyên truyền xã Bạch Đằng",
                "Công tác ở xã Bạch Đằng.",
            ),
            (
                "dang2.txt".to_string(),
                "Kế hoạch kiểm tra phường Đằng Giang",
                "Việc ở phường Đằng Giang.",
            ),
        ];
        for i in 0..8 {
            plans.push((
                format!("party{i}.txt"),
                "Kế hoạch tuyên truyền năm 2024",
                "Sự lãnh đạo của Đảng ủy xã.",
            ));
        }
        for (name, title, body) in &plans {
            let text =
                format!("KẾ HOẠCH\n{title} ({name})\n\n{body} Đẩy mạnh công tác đang triển khai.");
            add_plan(&pi, &mut writer, &plan_from_text(text, name)).unwrap();
        }
        let ranked = |q: &str, offset: usize, limit: usize, facets: bool| {
            let r = search(
                &pi,
                &SearchRequest {
                    q: q.to_string(),
                    offset,
                    limit,
                    facets,
                    literal: true,
                    ..Default::default()
                },
            )
            .unwrap();
            assert_eq!(r.total, 10, "{q}");
            r.hits
                .iter()
                .map(|h| h.source.clone().unwrap_or_default())
                .collect::<Vec<_>>()
        };
        for facets in [false, true] {
            let all = ranked("Đảng", 0, 10, facets);
            assert_eq!(all.len(), 10);
            assert!(all[..8].iter().all(|s| s.starts_with("party")), "{all:?}");
            // Pages across the tiers join up.
            let mut paged = ranked("Đảng", 0, 3, facets);
            paged.extend(ranked("Đảng", 3, 3, facets));
            paged.extend(ranked("Đảng", 6, 3, facets));
            paged.extend(ranked("Đảng", 9, 3, facets));
            assert_eq!(paged, all);
            // Several words: first the plans that write every one so.
            let two = ranked("Đảng công tác", 0, 10, facets);
            assert!(two[..8].iter().all(|s| s.starts_with("party")), "{two:?}");
        }
        // Typed without diacritics, every spelling is equal: a title wins.
        assert!(ranked("dang", 0, 10, false)[0].starts_with("dang"));
    }

    #[test]
    fn facet_counts_equal_direct_counting_whether_most_or_few_plans_match() {
        let pi = seeds();
        let check = |pi: &PlanIndex| {
            let searcher = pi.reader.searcher();
            // All plans, most plans (counted off the whole segment), a few, none;
            // twice each, the second time from the cached whole-segment counts.
            let alive = searcher.num_docs() as usize;
            let mut most_but_not_all = false;
            for q in [
                "",
                "dang",
                "cai cach hanh chinh",
                "zalo",
                "-zalo",
                "-sipas",
                "huyen",
                "thi tran",
                "-gio linh",
                "chuyen doi so",
                "xyzzy",
            ] {
                let (query, want) = literal_query(pi, &searcher, q);
                let n = query.count(&searcher).unwrap();
                most_but_not_all |= 2 * n > alive && n < alive;
                for _ in 0..2 {
                    let mut got = searcher
                        .search(query.as_ref(), &FacetCollector::all())
                        .unwrap();
                    got.retain(|_, values| !values.is_empty());
                    assert_eq!(got, want, "{q:?}");
                }
                // Keeping only the values a response shows gives the same first
                // values, ties included, with one segment or several.
                let segments = searcher.segment_readers().len();
                let shown = searcher
                    .search(query.as_ref(), &FacetCollector::all().showing(3, segments))
                    .unwrap();
                for (name, values) in &want {
                    let got = shown.get(name).map(|v| sorted(name, v, 3));
                    assert_eq!(got, Some(sorted(name, values, 3)), "{q:?} {name}");
                    if segments == 1 && name != "year" {
                        assert!(shown[name].len() <= 3, "{q:?} {name}");
                    }
                }
            }
            assert!(most_but_not_all, "no query matched most but not all plans");
        };
        check(&pi);
        // All plans in one segment, then with a deleted plan: the whole-segment
        // counts are those of each state.
        merge_into_one_segment(&pi, pi.writer().unwrap());
        check(&pi);
        let first = {
            let searcher = pi.reader.searcher();
            let top = searcher
                .search(&AllQuery, &TopDocs::with_limit(1).order_by_score())
                .unwrap();
            let doc: TantivyDocument = searcher.doc(top[0].1).unwrap();
            crate::index::Plan::from_document(&doc, &pi.fields)
                .unwrap()
                .meta
                .id
                .unwrap()
        };
        let mut writer = pi.writer().unwrap();
        assert!(crate::index::write::delete_plan(&pi, &mut writer, &first).unwrap());
        pi.reader.reload().unwrap();
        check(&pi);
    }

    /// The best values kept per segment, counts tied: plans 0-8 say "phổ biến",
    /// 9-11 do not. Over those nine, document 5 (cited by 0-5 and 9-11, nine in all)
    /// and document 2 (cited by 3-8) are both cited six times, and 2 comes first by
    /// value although 5 has more citations in the whole segment. Every plan also
    /// cites one of 10, 11, 12 (four times each).
    #[test]
    fn the_values_kept_are_the_first_by_count_then_value_with_ties() {
        let pi = PlanIndex::create_in_ram().unwrap();
        let mut writer = pi.writer().unwrap();
        for i in 0..12 {
            let mut cited = vec![10 + i % 3];
            if i <= 5 || i >= 9 {
                cited.push(5);
            }
            if (3..=8).contains(&i) {
                cited.push(2);
            }
            let cites: String = cited
                .iter()
                .map(|k| {
                    format!("Căn cứ Quyết định số {k}/QĐ-UBND ngày 10/01/2024 của UBND huyện;\n")
                })
                .collect();
            let word = if i >= 9 { "hiếm" } else { "phổ biến" };
            let text = format!(
                "ỦY BAN NHÂN DÂN\nHUYỆN GIO LINH\n\nSố: {n}/KH-UBND\n\nKẾ HOẠCH\n\
                 Tuyên truyền cải cách hành chính năm 2024\n\n{cites}\n\
                 Nội dung {word} về thủ tục hành chính.",
                n = 100 + i
            );
            add_plan(
                &pi,
                &mut writer,
                &plan_from_text(text, &format!("p{i}.txt")),
            )
            .unwrap();
        }
        let check = |pi: &PlanIndex| {
            let searcher = pi.reader.searcher();
            let segments = searcher.segment_readers().len();
            for q in ["pho bien", "hiem", "", "-hiem", "xyzzy"] {
                let (query, want) = literal_query(pi, &searcher, q);
                if q == "pho bien" {
                    let first = sorted("cites", &want["cites"], 1);
                    assert_eq!((first[0].value.as_str(), first[0].count), ("2/QĐ-UBND", 6));
                }
                for keep in [1, 2, 3, 4, 6, 30] {
                    let shown = searcher
                        .search(
                            query.as_ref(),
                            &FacetCollector::all().showing(keep, segments),
                        )
                        .unwrap();
                    for (name, values) in &want {
                        let got = shown.get(name).map(|v| sorted(name, v, keep));
                        assert_eq!(got, Some(sorted(name, values, keep)), "{q:?} {name} {keep}");
                    }
                }
            }
        };
        check(&pi);
        merge_into_one_segment(&pi, writer);
        check(&pi);
    }

    #[test]
    fn rescoring_the_candidates_ranks_as_the_whole_query_would() {
        let pi = seeds();
        let searcher = pi.reader.searcher();
        let topic = |t: &str| vec![t.to_string()];
        for (q, boost_topics) in [
            ("cai cach hanh chinh", vec![]),
            ("tuyen truyen cai cach", vec![]),
            ("dang uy xa", vec![]),
            ("chuyen doi so nam 2024", vec![]),
            ("thu tuc hanh chinh -Zalo", vec![]),
            // A known phrase (one term) and a lone word with the topic they name:
            // the topic boost is applied to the candidates.
            ("\"thu tuc hanh chinh\"", topic("administrative-procedures")),
            ("Zalo", topic("social-media")),
            // Several words: the topic boost is scored with the query.
            ("cong thong tin dien tu", topic("web-portal")),
        ] {
            let req = SearchRequest {
                q: q.to_string(),
                limit: 3,
                offset: 1,
                literal: true,
                boost_topics,
                ..Default::default()
            };
            // Unaccented: no exact tier, so the order is the whole query's.
            let rq = ranked_query(&pi.fields, &req);
            assert!(!rq.proximity.is_empty() && rq.exact.is_none(), "{q}");
            let (got, total, _) = collect(&searcher, &rq, &req).unwrap();
            let (whole, _) = request_query(&pi.fields, &req);
            let want = searcher
                .search(
                    whole.as_ref(),
                    &TopDocs::with_limit(3).and_offset(1).order_by_score(),
                )
                .unwrap();
            assert!(total >= 2, "{q}: {total}");
            assert_eq!(got.len(), want.len(), "{q}");
            for ((gs, ga), (ws, wa)) in got.iter().zip(&want) {
                assert_eq!(ga, wa, "{q}");
                assert!(
                    (gs - ws).abs() < 1e-4 * ws.abs().max(1.0),
                    "{q}: {gs} vs {ws}"
                );
            }
            // A named topic adds to the score of the plans tagged with it.
            if !req.boost_topics.is_empty() {
                let plain = SearchRequest {
                    boost_topics: Vec::new(),
                    ..req.clone()
                };
                let (text, _) = request_query(&pi.fields, &plain);
                let boosted = got.iter().any(|(score, addr)| {
                    let alone = text.explain(&searcher, *addr).unwrap().value();
                    *score > alone + 1e-3
                });
                assert!(boosted, "{q}");
            }
        }
    }
}
