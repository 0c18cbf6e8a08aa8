//! Integration tests: the CLI, the evaluation set, the server over a duplex pipe and stdio, and outside data.

mod harness;
mod lsp_diagnostics;
mod lsp_documents;
mod lsp_features;
mod lsp_session;
mod nvim;
mod stdio;
// `cli` and `eval` join once the figure grammar is merged.
