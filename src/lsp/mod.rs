//! The language server: protocol glue over the core. Only this module imports LSP crates.

pub mod convert;
pub mod documents;
pub mod frame;
pub mod settings;
pub mod source;
