//! Plans and topics per year over the whole collection, for the overview chart: a
//! reader sees at a glance which years the collection covers and how the themes of
//! the plans shift from year to year.
//!
//! Counts come straight from the facet collector, untruncated (a search response
//! keeps only the top values of each facet).

use anyhow::Result;
use serde::Serialize;
use tantivy::Term;
use tantivy::query::{AllQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use utoipa::ToSchema;

use super::facets::{FacetCollector, FacetValue, sorted};
use super::searcher::label_topics;
use crate::index::PlanIndex;

/// Plans of one year and their topics.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct YearCount {
    pub year: i32,
    /// Plans of that year.
    pub plans: u64,
    /// Topics of that year's plans, most frequent first, with their labels.
    pub topics: Vec<FacetValue>,
}

/// The answer of `GET /api/overview`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Overview {
    /// All plans in the index.
    pub plans: u64,
    /// Plans whose year could not be read.
    pub undated: u64,
    /// Years in ascending order.
    pub years: Vec<YearCount>,
}

/// Counts plans per year and topics per year.
pub fn overview(pi: &PlanIndex) -> Result<Overview> {
    let searcher = pi.reader.searcher();
    let all = searcher.search(&AllQuery, &FacetCollector::all())?;
    let mut years: Vec<(i32, u64)> = all
        .get("year")
        .map(|m| {
            m.iter()
                .filter_map(|(y, &c)| Some((y.parse().ok()?, c)))
                .collect()
        })
        .unwrap_or_default();
    years.sort();
    let mut out = Vec::with_capacity(years.len());
    for (year, plans) in years {
        let q = TermQuery::new(
            Term::from_field_i64(pi.fields.year, i64::from(year)),
            IndexRecordOption::Basic,
        );
        let counts = searcher.search(&q, &FacetCollector::all())?;
        let mut topics = counts
            .get("topic")
            .map(|m| sorted("topic", m, usize::MAX))
            .unwrap_or_default();
        label_topics(&mut topics);
        out.push(YearCount {
            year,
            plans,
            topics,
        });
    }
    let total = searcher.num_docs();
    let dated: u64 = out.iter().map(|y| y.plans).sum();
    Ok(Overview {
        plans: total,
        undated: total.saturating_sub(dated),
        years: out,
    })
}
