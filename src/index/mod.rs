//! The index: schema, storage, documents and incremental ingestion.

pub mod doc;
pub mod ingest;
pub mod schema;
pub mod store;
pub mod stored;
pub mod write;

pub use doc::Plan;
pub use store::PlanIndex;
