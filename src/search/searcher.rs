//! Executes a [`SearchRequest`]: query + filters → ranked hits with snippets, total
//! and facet counts, in one pass over the matching documents.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::time::Instant;

use anyhow::Result;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};

use super::build::{exclusions, text_query};
use super::facets::{FacetCollector, FacetCounts, sorted};
use super::parse::{Clause, parse};
use super::request::{Hit, SearchRequest, SearchResponse, Snippet, Sort};
use super::snippet::SnippetMaker;
use super::understand::understand;
use crate::index::PlanIndex;
use crate::index::doc::{Plan, cites_key, name_key};
use crate::index::schema::Fields;
use crate::text::fold::fold;

/// Bytes of text around the matched words in a snippet.
const SNIPPET_BYTES: usize = 320;
/// Weight of a topic the query names.
const TOPIC_BOOST: f32 = 2.0;
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
    let lists: [(Field, Vec<String>); 6] = [
        (
            f.topic,
            req.topics.iter().map(|t| t.trim().to_lowercase()).collect(),
        ),
        (f.unit_key, req.units.iter().map(|u| name_key(u)).collect()),
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
    let parsed = parse(&req.q);
    let text = text_query(f, &parsed);
    let has_text = text.is_some();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, text.unwrap_or_else(|| Box::new(AllQuery)))];
    for q in exclusions(f, &parsed) {
        clauses.push((Occur::MustNot, q));
    }
    for q in filters(f, req) {
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0))));
    }
    for t in &req.boost_topics {
        let q: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(f.topic, t),
            IndexRecordOption::Basic,
        ));
        clauses.push((Occur::Should, Box::new(BoostQuery::new(q, TOPIC_BOOST))));
    }
    for u in &req.boost_units {
        // The unit, also with a locality after it ("Phòng Nội vụ huyện"): keys from
        // `key` up to `key` + a space + anything.
        let key = name_key(u);
        let q: Box<dyn Query> = Box::new(RangeQuery::new(
            Bound::Included(Term::from_field_text(f.unit_key, &key)),
            Bound::Excluded(Term::from_field_text(f.unit_key, &format!("{key}!"))),
        ));
        let q: Box<dyn Query> = Box::new(ConstScoreQuery::new(q, 1.0));
        clauses.push((Occur::Should, Box::new(BoostQuery::new(q, UNIT_BOOST))));
    }
    (Box::new(BooleanQuery::new(clauses)), has_text)
}

/// Ranked addresses with scores, total count and facet counts.
type Collected = (Vec<(f32, DocAddress)>, usize, Option<FacetCounts>);

/// Ranked addresses, total and facet counts.
fn collect(searcher: &Searcher, query: &dyn Query, req: &SearchRequest) -> Result<Collected> {
    let facets = req.facets.then_some(FacetCollector);
    if req.limit == 0 {
        let (count, facets) = searcher.search(query, &(Count, facets))?;
        return Ok((Vec::new(), count, facets));
    }
    let top = TopDocs::with_limit(req.limit).and_offset(req.offset);
    Ok(match req.sort {
        Sort::Relevance => {
            let (hits, count, facets) =
                searcher.search(query, &(top.order_by_score(), Count, facets))?;
            (hits, count, facets)
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
    let (query, has_text) = request_query(f, req);
    let (top, total, facet_counts) = collect(&searcher, query.as_ref(), req)?;

    let snippets = if has_text && !top.is_empty() {
        let phrase = parse(&req.q).must.iter().any(|c| match c {
            Clause::Phrase(_) => true,
            Clause::Or(alts) => alts.iter().any(|a| matches!(a, Clause::Phrase(_))),
            Clause::Word(_) => false,
        });
        Some(
            SnippetMaker::new(&searcher, query.as_ref(), f.body_folded, SNIPPET_BYTES)?
                .with_phrase(phrase),
        )
    } else {
        None
    };
    let mut hits = Vec::with_capacity(top.len());
    for (score, addr) in top {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let plan = Plan::from_document(&doc, f)?;
        let mut hit = hit_of(&plan, score);
        if let Some(fragment) = snippets
            .as_ref()
            .and_then(|m| m.fragment(&plan.text, plan.meta.quality.ocr_suspected))
        {
            hit.snippets.push(Snippet {
                section: section_at(&plan, fragment.range.start),
                html: fragment.html,
            });
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

/// A search hit (without snippets) from a stored plan.
pub fn hit_of(plan: &Plan, score: f32) -> Hit {
    let m = &plan.meta;
    Hit {
        id: m.id.clone().unwrap_or_default(),
        source: m.source.clone(),
        title: m.title.clone(),
        doc_number: m.doc_number.clone(),
        issuer: m.issuer.clone(),
        level: m.level.clone(),
        province: m.province.clone(),
        year: m.year,
        issued_date: m.issued_date.clone(),
        topics: m.topics.clone(),
        score,
        snippets: Vec::new(),
    }
}

/// The heading chain of the section holding byte `offset` ("IV. … › 3. …").
pub fn section_at(plan: &Plan, offset: usize) -> Option<String> {
    let mut chain: Vec<&str> = plan
        .meta
        .sections
        .iter()
        .filter(|s| s.start <= offset && offset < s.end)
        .map(|s| s.heading.as_str())
        .collect();
    chain.dedup();
    (!chain.is_empty()).then(|| chain.join(" › "))
}
