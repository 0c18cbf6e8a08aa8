//! Integration tests: the CLI, the evaluation sets, the server over a duplex pipe and stdio,
//! a real Neovim, robustness properties, and outside data.

mod accuracy;
mod cli;
mod entities_eval;
mod eval;
mod foreign;
#[path = "../support/generate.rs"]
mod generate;
mod harness;
mod huge;
mod lsp_diagnostics;
mod lsp_documents;
mod lsp_features;
mod lsp_liveness;
mod lsp_session;
mod never_writes;
mod nvim;
mod props;
mod stdio;
