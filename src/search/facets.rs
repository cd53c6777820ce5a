//! Facet counts over the documents that match a query, read from fast fields.
//!
//! One collector counts every facet field at once: per segment it counts term
//! ordinals (cheap integer work), and only at the end turns ordinals into strings.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentReader};
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

/// Counts, by facet name then value.
pub type FacetCounts = HashMap<String, HashMap<String, u64>>;

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
        }
    }
}

/// Per-segment state of [`FacetCollector`].
pub struct FacetSegment {
    columns: Vec<(usize, StrColumn, Vec<u64>)>,
    year: Option<Column<i64>>,
    /// Counts of the years `YEAR_BASE..YEAR_BASE + len` (a lookup per document, so
    /// no hashing); other years, if any, in `other_years`.
    years: Vec<u64>,
    other_years: HashMap<i64, u64>,
}

/// Values of one facet kept per segment, the most frequent first. A value outside a
/// segment's first 1,000 is left out of that segment's count (as Elasticsearch's
/// `shard_size` does): exact for any facet with fewer values per segment, and a
/// response shows 30 values.
pub const SEGMENT_VALUES: usize = 1000;

/// First year counted in [`FacetSegment::years`].
const YEAR_BASE: i64 = 1990;

impl Collector for FacetCollector {
    type Fruit = FacetCounts;
    type Child = FacetSegment;

    fn for_segment(&self, _ord: u32, reader: &SegmentReader) -> tantivy::Result<FacetSegment> {
        let ff = reader.fast_fields();
        let mut columns = Vec::new();
        for &i in &self.string_facets {
            if let Some(col) = ff.str(STRING_FACETS[i])? {
                let n = col.num_terms();
                columns.push((i, col, vec![0; n]));
            }
        }
        Ok(FacetSegment {
            columns,
            year: if self.year {
                Some(ff.i64("year")?)
            } else {
                None
            },
            years: vec![0; 128],
            other_years: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
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

impl SegmentCollector for FacetSegment {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (_, col, counts) in &mut self.columns {
            for ord in col.term_ords(doc) {
                counts[ord as usize] += 1;
            }
        }
        if let Some(y) = self.year.as_ref().and_then(|c| c.first(doc)) {
            match usize::try_from(y - YEAR_BASE) {
                Ok(i) if i < self.years.len() => self.years[i] += 1,
                _ => *self.other_years.entry(y).or_default() += 1,
            }
        }
    }

    fn harvest(self) -> FacetCounts {
        let mut out = FacetCounts::new();
        for (i, col, counts) in self.columns {
            let slot = out.entry(STRING_FACETS[i].to_string()).or_default();
            let mut counted: Vec<(u64, u64)> = counts
                .into_iter()
                .enumerate()
                .filter(|&(_, c)| c > 0)
                .map(|(ord, c)| (ord as u64, c))
                .collect();
            // Only the most frequent values of a segment are turned into strings:
            // the unit and citation columns of a large collection hold tens of
            // thousands of values, and a response shows 30.
            if counted.len() > SEGMENT_VALUES {
                counted.select_nth_unstable_by(SEGMENT_VALUES - 1, |a, b| b.1.cmp(&a.1));
                counted.truncate(SEGMENT_VALUES);
                counted.sort_unstable();
            }
            let (ords, hits): (Vec<u64>, Vec<u64>) = counted.into_iter().unzip();
            // One pass over the dictionary for all ordinals: looking them up one by
            // one re-reads a dictionary block per value, which made facets over a
            // few hundred plans (thousands of units and citations) cost 100 ms.
            let mut hits = hits.into_iter();
            let _ = col.dictionary().sorted_ords_to_term_cb(&ords, |term| {
                if let Some(c) = hits.next() {
                    slot.insert(String::from_utf8_lossy(term).into_owned(), c);
                }
            });
        }
        if self.year.is_none() {
            return out;
        }
        let years = out.entry("year".to_string()).or_default();
        let counted = self.years.into_iter().enumerate().filter(|&(_, c)| c > 0);
        for (y, c) in counted
            .map(|(i, c)| (YEAR_BASE + i as i64, c))
            .chain(self.other_years)
        {
            years.insert(y.to_string(), c);
        }
        out
    }
}

/// Sorts one facet's values: by count (desc) then value; years by value (desc).
pub fn sorted(facet: &str, values: &HashMap<String, u64>, limit: usize) -> Vec<FacetValue> {
    let mut v: Vec<FacetValue> = values
        .iter()
        .map(|(value, &count)| FacetValue {
            value: value.clone(),
            label: None,
            count,
        })
        .collect();
    if facet == "year" {
        v.sort_by(|a, b| b.value.cmp(&a.value));
    } else {
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    }
    v.truncate(limit);
    v
}
