//! geonotes core: pure, synchronous analysis of a source article and notes about it.

pub mod model;
pub mod position;
pub mod recognize;
pub mod text;
pub mod article;
pub mod notes;
