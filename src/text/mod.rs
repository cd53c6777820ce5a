//! Text normalization: the first stage of the data flow. Everything later (metadata
//! extraction, analysis, search) sees text through these functions.

pub mod docnum;
pub mod fold;
pub mod legacy;
pub mod letters;
pub mod markdown;
pub mod read;
pub mod tone;
