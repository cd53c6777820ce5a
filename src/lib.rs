//! plansearch: a search engine for Vietnamese administrative plans.
//!
//! The modules follow the data flow: [`text`] normalizes what arrives (encodings,
//! markdown, Unicode forms, tone placement, folding, document numbers); [`analysis`]
//! turns text into tantivy index terms; [`index`] ingests files into a tantivy index;
//! [`search`] answers queries; [`cli`] is the command line.

pub mod analysis;
pub mod cli;
pub mod extract;
pub mod fxhash;
pub mod index;
pub mod resources;
pub mod search;
pub mod server;
pub mod text;
