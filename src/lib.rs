//! geonotes core: pure, synchronous analysis of a source article and notes about it.
//!
//! Layers, inner to outer: `model`, `text`, `position` (plain data and conversions) →
//! `recognize`, `kb` (what a span of prose is) → `article`, `notes`, `prose` (documents) →
//! `check`, `analysis` (findings). Nothing here does I/O or knows the LSP; `lsp` and the CLI
//! in `main.rs` are the edges.

pub mod analysis;
pub mod article;
pub mod check;
pub mod config;
pub mod ide;
pub mod kb;
pub mod lsp;
pub mod model;
pub mod notes;
pub mod position;
pub mod prose;
pub mod recognize;
pub mod text;
pub mod workspace;
