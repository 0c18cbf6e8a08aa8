//! Integration tests: the CLI, the evaluation sets, the server over a duplex pipe and stdio, and outside data.

mod cli;
mod entities_eval;
mod eval;
mod huge;
mod never_writes;
mod nvim;
mod props;
