//! Search requests and responses: the shapes of API.md's `GET /api/search`, shared by
//! the command line (`--json` prints the same body) and the HTTP server.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::facets::FacetValue;
use std::collections::BTreeMap;

/// Largest `limit` the API accepts (the command line is not capped).
pub const MAX_LIMIT: usize = 100;

/// Result order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    Relevance,
    DateDesc,
    DateAsc,
}

impl std::str::FromStr for Sort {
    type Err = String;
    fn from_str(s: &str) -> Result<Sort, String> {
        match s {
            "relevance" | "" => Ok(Sort::Relevance),
            "date_desc" => Ok(Sort::DateDesc),
            "date_asc" => Ok(Sort::DateAsc),
            other => Err(format!(
                "sort must be relevance, date_desc or date_asc, not {other:?}"
            )),
        }
    }
}

/// A search: free text plus metadata filters. Values of one filter OR together;
/// different filters AND together.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SearchRequest {
    pub q: String,
    pub years: Vec<i32>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    pub topics: Vec<String>,
    pub units: Vec<String>,
    pub cites: Vec<String>,
    pub provinces: Vec<String>,
    pub levels: Vec<String>,
    pub issuers: Vec<String>,
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    /// Compute facet counts (the API does; bulk exports need not).
    pub facets: bool,
    /// The facets to count when `facets` is set (API names, see
    /// `facets::ALL_FACETS`); empty means all of them.
    pub facet_names: Vec<String>,
    /// Search `q` as plain text, without turning years, places, levels or document
    /// names into filters.
    pub literal: bool,
    /// Topics whose plans rank higher (from the query's understood topics).
    pub boost_topics: Vec<String>,
    /// Responsible units whose plans rank higher (from the query's understood units).
    pub boost_units: Vec<String>,
}

/// A snippet: HTML-escaped text of the plan with `<mark>` around matched words.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ToSchema)]
pub struct Snippet {
    pub section: Option<String>,
    pub html: String,
}

/// One matching plan.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Hit {
    pub id: String,
    pub source: Option<String>,
    pub title: Option<String>,
    pub doc_number: Option<String>,
    pub issuer: Option<String>,
    pub level: Option<String>,
    pub province: Option<String>,
    pub year: Option<i32>,
    pub issued_date: Option<String>,
    pub topics: Vec<String>,
    pub score: f32,
    pub snippets: Vec<Snippet>,
}

/// The response body of a search.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SearchResponse {
    pub query: String,
    pub understood: serde_json::Value,
    pub total: usize,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
    pub facets: BTreeMap<String, Vec<FacetValue>>,
}
