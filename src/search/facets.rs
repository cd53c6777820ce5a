//! Facet counts over the documents that match a query, read from fast fields.
//!
//! One collector counts every facet field at once: per segment it gathers the
//! matching documents, counts term ordinals column by column (cheap integer work),
//! and only at the end turns ordinals into strings. When most of a segment matches
//! (a common word, an empty query), it counts the documents that do *not* match and
//! subtracts them from the whole segment's counts, which are computed once per
//! segment state and cached.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::hash::Hash;
use std::sync::{Arc, Mutex, OnceLock};

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::fastfield::AliveBitSet;
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentReader};

use crate::fxhash::FxHashMap;
use utoipa::ToSchema;

/// The string facet fields, by API name.
pub const STRING_FACETS: &[&str] = &["topic", "province", "level", "unit", "cites", "issuer"];

/// One facet value and how many matching plans carry it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ToSchema)]
pub struct FacetValue {
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub count: u64,
}

/// Counts of one facet's values. Values are shared strings from the per-segment
/// term cache (see [`segment_terms`]), so counting clones no text.
pub type FacetValues = FxHashMap<Arc<str>, u64>;

/// Counts, by facet name then value.
pub type FacetCounts = HashMap<String, FacetValues>;

/// Every facet, by API name.
pub const ALL_FACETS: &[&str] = &[
    "year", "topic", "province", "level", "unit", "cites", "issuer",
];

/// Collects counts for `year` and the fields of [`STRING_FACETS`] it is asked for:
/// each multi-valued column costs a lookup per matching plan, so a caller that shows
/// two facets should not pay for seven.
pub struct FacetCollector {
    string_facets: Vec<usize>,
    year: bool,
    /// Values of each string facet a segment keeps (see [`Self::showing`]).
    keep: usize,
}

impl FacetCollector {
    /// Every facet.
    pub fn all() -> FacetCollector {
        FacetCollector::of::<&str>(&[])
    }

    /// The facets named (API names; unknown names are ignored); every facet when
    /// `names` is empty.
    pub fn of<S: AsRef<str>>(names: &[S]) -> FacetCollector {
        let wanted = |n: &str| names.is_empty() || names.iter().any(|x| x.as_ref() == n);
        FacetCollector {
            string_facets: (0..STRING_FACETS.len())
                .filter(|&i| wanted(STRING_FACETS[i]))
                .collect(),
            year: wanted("year"),
            keep: SEGMENT_VALUES,
        }
    }

    /// For a response showing the first `limit` values of each facet (by count,
    /// then value) from a searcher with `segments` segments. With one segment (an
    /// index built or updated in bulk), its counts are the answer, so it keeps only
    /// the values shown: turning a thousand values per facet into a map, then
    /// merging that map into another, was a fifth of a faceted search at 10,000
    /// plans.
    pub fn showing(mut self, limit: usize, segments: usize) -> FacetCollector {
        if segments == 1 {
            self.keep = limit.clamp(1, SEGMENT_VALUES);
        }
        self
    }
}

/// Per-segment state of [`FacetCollector`]: the matching documents, counted at
/// harvest time one column at a time.
pub struct FacetSegment {
    columns: Vec<(usize, StrColumn)>,
    year: Option<Column<i64>>,
    matched: Vec<DocId>,
    keep: usize,
    max_doc: DocId,
    alive: Option<AliveBitSet>,
    /// The segment and its number of deleted documents: a segment only ever gains
    /// deletes, so this names its state for [`whole_segment`].
    state: (SegmentId, DocId),
}

/// Values of one facet kept per segment, the most frequent first. A value outside a
/// segment's first 1,000 is left out of that segment's count (as Elasticsearch's
/// `shard_size` does): exact for any facet with fewer values per segment, and a
/// response shows 30 values.
pub const SEGMENT_VALUES: usize = 1000;

/// First year counted in [`YearCounts::years`].
const YEAR_BASE: i64 = 1990;

/// Plan counts by year: `YEAR_BASE..YEAR_BASE + len` in a vector (a lookup per
/// document, no hashing), other years, if any, in a map.
#[derive(Clone, Default)]
struct YearCounts {
    years: Vec<u64>,
    other: HashMap<i64, u64>,
}

impl YearCounts {
    fn new() -> YearCounts {
        YearCounts {
            years: vec![0; 128],
            other: HashMap::new(),
        }
    }

    fn add(&mut self, y: i64, up: bool) {
        let slot = match usize::try_from(y - YEAR_BASE) {
            Ok(i) if i < self.years.len() => &mut self.years[i],
            _ => self.other.entry(y).or_default(),
        };
        if up {
            *slot += 1;
        } else {
            *slot = slot.saturating_sub(1);
        }
    }
}

/// A segment's values of one string facet, per document: document `d` holds the
/// ordinals `ords[starts[d]..starts[d + 1]]`. Read from the column once per segment
/// (a segment's values never change): asking the column for every matching plan's
/// values was most of the cost of a faceted search.
struct DocOrds {
    starts: Vec<u32>,
    ords: Vec<u32>,
}

impl DocOrds {
    fn read(col: &StrColumn, max_doc: DocId) -> DocOrds {
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut ords = Vec::new();
        starts.push(0);
        for doc in 0..max_doc {
            ords.extend(col.term_ords(doc).map(|o| o as u32));
            starts.push(ords.len() as u32);
        }
        DocOrds { starts, ords }
    }

    fn of(&self, doc: DocId) -> &[u32] {
        let d = doc as usize;
        &self.ords[self.starts[d] as usize..self.starts[d + 1] as usize]
    }
}

/// No year, in a segment's per-document years (see [`doc_years`]).
const NO_YEAR: i64 = i64::MIN;

/// Counts of one string facet over a whole segment in one state, with the values
/// that occur ordered as a response ranks them (count descending, then ordinal,
/// which follows the value's order).
struct WholeCounts {
    counts: Vec<u32>,
    ranked: Vec<u32>,
}

/// Counts of every value over a whole segment, by state and facet (an index into
/// [`STRING_FACETS`]), computed once per segment state; and what does not change
/// with the state, by segment: each facet's values per document and in ordinal
/// order, and each document's year.
struct WholeSegment {
    ords: HashMap<(SegmentId, DocId, usize), Arc<WholeCounts>>,
    years: HashMap<(SegmentId, DocId), Arc<YearCounts>>,
    /// Each facet column's values in ordinal order, by segment and facet: a
    /// response's counted values are read from here instead of the dictionary.
    terms: HashMap<(SegmentId, usize), Arc<Vec<Arc<str>>>>,
    doc_ords: HashMap<(SegmentId, usize), Arc<DocOrds>>,
    doc_years: HashMap<SegmentId, Arc<Vec<i64>>>,
}

/// Segment states kept in [`whole_segment`] at most (a few indexes' worth of
/// segments; the cache is emptied when it would grow past this).
const WHOLE_SEGMENT_STATES: usize = 512;

/// The process-wide cache of whole-segment counts. Segment ids are unique, so
/// several indexes (tests, a server that reopens its index) share it safely.
fn whole_segment() -> &'static Mutex<WholeSegment> {
    static CACHE: OnceLock<Mutex<WholeSegment>> = OnceLock::new();
    CACHE.get_or_init(|| {
        Mutex::new(WholeSegment {
            ords: HashMap::new(),
            years: HashMap::new(),
            terms: HashMap::new(),
            doc_ords: HashMap::new(),
            doc_years: HashMap::new(),
        })
    })
}

impl Collector for FacetCollector {
    type Fruit = FacetCounts;
    type Child = FacetSegment;

    fn for_segment(&self, _ord: u32, reader: &SegmentReader) -> tantivy::Result<FacetSegment> {
        let ff = reader.fast_fields();
        let mut columns = Vec::new();
        for &i in &self.string_facets {
            if let Some(col) = ff.str(STRING_FACETS[i])? {
                columns.push((i, col));
            }
        }
        Ok(FacetSegment {
            columns,
            year: if self.year {
                Some(ff.i64("year")?)
            } else {
                None
            },
            matched: Vec::new(),
            keep: self.keep,
            max_doc: reader.max_doc(),
            alive: reader.alive_bitset().cloned(),
            state: (reader.segment_id(), reader.num_deleted_docs()),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, mut fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        if fruits.len() == 1 {
            return Ok(fruits.pop().expect("one fruit"));
        }
        let mut out = FacetCounts::new();
        for fruit in fruits {
            for (facet, values) in fruit {
                let slot = out.entry(facet).or_default();
                for (v, c) in values {
                    *slot.entry(v).or_default() += c;
                }
            }
        }
        Ok(out)
    }
}

thread_local! {
    /// Counts by ordinal for [`Tally`], all zero between uses (only the counted
    /// ordinals are reset), so a search allocates and clears no array of every value.
    static SCRATCH: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

/// Counts of the ordinals of some documents, in the thread's [`SCRATCH`] array,
/// with the ordinals counted listed.
struct Tally<'a> {
    counts: &'a mut Vec<u32>,
    touched: Vec<u32>,
}

impl Tally<'_> {
    /// Counts the ordinals of `docs`, then hands the counts to `read`, then zeroes
    /// what was counted.
    fn with<R>(
        values: usize,
        ords: &DocOrds,
        docs: impl Iterator<Item = DocId>,
        read: impl FnOnce(&Tally) -> R,
    ) -> R {
        SCRATCH.with(|s| {
            let mut counts = s.borrow_mut();
            if counts.len() < values {
                counts.resize(values, 0);
            }
            let mut t = Tally {
                counts: &mut counts,
                touched: Vec::new(),
            };
            for doc in docs {
                for &o in ords.of(doc) {
                    let c = &mut t.counts[o as usize];
                    if *c == 0 {
                        t.touched.push(o);
                    }
                    *c += 1;
                }
            }
            let r = read(&t);
            for &o in &t.touched {
                t.counts[o as usize] = 0;
            }
            r
        })
    }

    fn get(&self, ord: u32) -> u32 {
        self.counts[ord as usize]
    }
}

/// Keeps the `keep` best of `(ordinal, count)` pairs: count descending, then
/// ordinal (the order of [`WholeCounts::ranked`]).
fn best(mut counted: Vec<(u32, u32)>, keep: usize) -> Vec<(u32, u32)> {
    if counted.len() > keep {
        counted.select_nth_unstable_by(keep - 1, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        counted.truncate(keep);
    }
    counted
}

impl FacetSegment {
    /// The documents of the segment that are alive and not matched, in order.
    fn unmatched(&self) -> impl Iterator<Item = DocId> + '_ {
        let mut matched = self.matched.iter().copied().peekable();
        (0..self.max_doc).filter(move |&d| {
            if matched.peek() == Some(&d) {
                matched.next();
                return false;
            }
            self.alive.as_ref().is_none_or(|a| a.is_alive(d))
        })
    }

    /// Whether counting the unmatched documents off the whole segment's counts is
    /// less work than counting the matched ones: true when most plans match, as
    /// for the common words of administrative plans.
    fn count_unmatched(&self) -> bool {
        let alive = (self.max_doc - self.state.1) as usize;
        self.matched.len() * 2 > alive
    }

    fn alive_docs(&self) -> impl Iterator<Item = DocId> + '_ {
        (0..self.max_doc).filter(move |&d| self.alive.as_ref().is_none_or(|a| a.is_alive(d)))
    }

    /// The best [`Self::keep`] values of column `i` over the matching documents,
    /// as `(ordinal, count)`, in no order. When most of the segment matches (then
    /// `unmatched` lists the others), the unmatched documents are counted and taken off the whole segment's counts,
    /// walking the values from the most frequent in the whole segment and stopping
    /// where no value left can enter: the work follows the unmatched plans and the
    /// values shown, not the thousands of units and citations of a collection.
    fn best_ords(&self, i: usize, col: &StrColumn, unmatched: Option<&[DocId]>) -> Vec<(u32, u32)> {
        let values = col.num_terms();
        let ords = cached(
            |c| &mut c.doc_ords,
            (self.state.0, i),
            WHOLE_SEGMENT_STATES * STRING_FACETS.len(),
            || DocOrds::read(col, self.max_doc),
        );
        let Some(unmatched) = unmatched else {
            return Tally::with(values, &ords, self.matched.iter().copied(), |t| {
                let counted = t.touched.iter().map(|&o| (o, t.get(o))).collect();
                best(counted, self.keep)
            });
        };
        let whole = cached(
            |c| &mut c.ords,
            (self.state.0, self.state.1, i),
            WHOLE_SEGMENT_STATES * STRING_FACETS.len(),
            || {
                Tally::with(values, &ords, self.alive_docs(), |t| {
                    let mut counts = vec![0; values];
                    for &o in &t.touched {
                        counts[o as usize] = t.get(o);
                    }
                    let mut ranked = t.touched.clone();
                    ranked.sort_unstable_by(|&a, &b| {
                        counts[b as usize].cmp(&counts[a as usize]).then(a.cmp(&b))
                    });
                    WholeCounts { counts, ranked }
                })
            },
        );
        Tally::with(values, &ords, unmatched.iter().copied(), |t| {
            // The kept values, the weakest on top (count, then the later ordinal).
            let mut kept: BinaryHeap<Reverse<(u32, Reverse<u32>)>> = BinaryHeap::new();
            for &o in &whole.ranked {
                let most = whole.counts[o as usize];
                // No value from here on can enter: at most its whole count, and
                // after the weakest kept one in rank.
                if kept.len() == self.keep
                    && kept.peek().is_some_and(|&Reverse((c, Reverse(w)))| {
                        (most, Reverse(o)) < (c, Reverse(w))
                    })
                {
                    break;
                }
                let c = most - t.get(o);
                if c == 0 {
                    continue;
                }
                let entry = Reverse((c, Reverse(o)));
                if kept.len() < self.keep {
                    kept.push(entry);
                } else if kept.peek().is_some_and(|weakest| entry < *weakest) {
                    kept.pop();
                    kept.push(entry);
                }
            }
            kept.into_iter()
                .map(|Reverse((c, Reverse(o)))| (o, c))
                .collect()
        })
    }

    /// Year counts over the matching documents (`unmatched`: as for
    /// [`Self::best_ords`]).
    fn year_counts(&self, col: &Column<i64>, unmatched: Option<&[DocId]>) -> YearCounts {
        let years = cached(
            |c| &mut c.doc_years,
            self.state.0,
            WHOLE_SEGMENT_STATES,
            || {
                (0..self.max_doc)
                    .map(|d| col.first(d).unwrap_or(NO_YEAR))
                    .collect::<Vec<i64>>()
            },
        );
        let count = |docs: &mut dyn Iterator<Item = DocId>, counts: &mut YearCounts, up: bool| {
            for doc in docs {
                let y = years[doc as usize];
                if y != NO_YEAR {
                    counts.add(y, up);
                }
            }
        };
        let Some(unmatched) = unmatched else {
            let mut counts = YearCounts::new();
            count(&mut self.matched.iter().copied(), &mut counts, true);
            return counts;
        };
        let whole = cached(
            |c| &mut c.years,
            self.state,
            WHOLE_SEGMENT_STATES,
            || {
                let mut counts = YearCounts::new();
                count(&mut self.alive_docs(), &mut counts, true);
                counts
            },
        );
        let mut counts = whole.as_ref().clone();
        count(&mut unmatched.iter().copied(), &mut counts, false);
        counts
    }
}

/// The value kept under `key` in `map` of [`whole_segment`], made by `make` the
/// first time. A map that would grow past `cap` entries is emptied first.
fn cached<K: Hash + Eq, T>(
    map: fn(&mut WholeSegment) -> &mut HashMap<K, Arc<T>>,
    key: K,
    cap: usize,
    make: impl FnOnce() -> T,
) -> Arc<T> {
    if let Some(v) = whole_segment()
        .lock()
        .ok()
        .and_then(|mut c| map(&mut c).get(&key).cloned())
    {
        return v;
    }
    let v = Arc::new(make());
    if let Ok(mut c) = whole_segment().lock() {
        let m = map(&mut c);
        if m.len() >= cap {
            m.clear();
        }
        m.insert(key, v.clone());
    }
    v
}

/// The values of facet column `i` of a segment in ordinal order, read from its
/// dictionary in one pass the first time and cached (a segment's values never
/// change). Before, each response looked up its counted ordinals in the dictionary
/// and allocated a string per value: with 1,000 values per facet and segment, most
/// of the time of a faceted search over a large collection.
fn segment_terms(segment: SegmentId, i: usize, col: &StrColumn) -> Arc<Vec<Arc<str>>> {
    cached(
        |c| &mut c.terms,
        (segment, i),
        WHOLE_SEGMENT_STATES * STRING_FACETS.len(),
        || {
            let mut terms = Vec::with_capacity(col.num_terms());
            if let Ok(mut stream) = col.dictionary().stream() {
                while stream.advance() {
                    terms.push(Arc::from(String::from_utf8_lossy(stream.key()).as_ref()));
                }
            }
            terms
        },
    )
}

impl SegmentCollector for FacetSegment {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.matched.push(doc);
    }

    fn harvest(self) -> FacetCounts {
        let mut out = FacetCounts::new();
        // When most plans match: the others, listed once for every facet.
        let unmatched: Option<Vec<DocId>> =
            self.count_unmatched().then(|| self.unmatched().collect());
        let unmatched = unmatched.as_deref();
        for (i, col) in &self.columns {
            let counted = self.best_ords(*i, col, unmatched);
            let terms = segment_terms(self.state.0, *i, col);
            let slot = out.entry(STRING_FACETS[*i].to_string()).or_default();
            slot.reserve(counted.len());
            for (ord, c) in counted {
                if let Some(t) = terms.get(ord as usize) {
                    slot.insert(t.clone(), u64::from(c));
                }
            }
        }
        let Some(col) = &self.year else {
            return out;
        };
        let counts = self.year_counts(col, unmatched);
        let years = out.entry("year".to_string()).or_default();
        let counted = counts.years.into_iter().enumerate().filter(|&(_, c)| c > 0);
        for (y, c) in counted
            .map(|(i, c)| (YEAR_BASE + i as i64, c))
            .chain(counts.other.into_iter().filter(|&(_, c)| c > 0))
        {
            years.insert(Arc::from(y.to_string()), c);
        }
        out
    }
}

/// Sorts one facet's values: by count (desc) then value; years by value (desc).
pub fn sorted(facet: &str, values: &FacetValues, limit: usize) -> Vec<FacetValue> {
    let mut v: Vec<(&Arc<str>, u64)> = values.iter().map(|(k, &c)| (k, c)).collect();
    let order = |a: &(&Arc<str>, u64), b: &(&Arc<str>, u64)| {
        if facet == "year" {
            b.0.cmp(a.0)
        } else {
            b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0))
        }
    };
    // The first `limit` in order, without sorting the thousands of values after them.
    if v.len() > limit && limit > 0 {
        v.select_nth_unstable_by(limit - 1, order);
        v.truncate(limit);
    }
    v.sort_by(order);
    v.truncate(limit);
    v.into_iter()
        .map(|(value, count)| FacetValue {
            value: value.to_string(),
            label: None,
            count,
        })
        .collect()
}
