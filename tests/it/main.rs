//! Integration tests: the CLI, the evaluation set, the server over a duplex pipe and stdio, and outside data.

// `cli` and `eval` join once the figure grammar and knowledge base are merged.

mod huge;
mod never_writes;
mod props;
