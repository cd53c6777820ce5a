//! Search: the query language, query construction, execution, snippets and facets.

pub mod build;
pub mod compare;
pub mod facets;
pub mod highlight;
pub mod overview;
pub mod parse;
pub mod request;
pub mod searcher;
pub mod similar;
pub mod snippet;
pub mod understand;
pub mod words;

pub use request::{Hit, SearchRequest, SearchResponse, Snippet, Sort};
pub use searcher::search;
