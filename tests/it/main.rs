//! Integration tests: the CLI, the evaluation set, the server over a duplex pipe and stdio, and outside data.

mod nvim;
// `cli` and `eval` join once the figure grammar is merged.
