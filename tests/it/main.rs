//! Integration tests: the CLI, the evaluation sets, the server over a duplex pipe and stdio, and outside data.

mod accuracy;
mod entities_eval;
mod nvim;
// `cli` and `eval` join once the figure grammar is merged.
