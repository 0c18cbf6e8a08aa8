//! Integration tests: the CLI, the server over a duplex pipe and stdio, and outside data.

mod nvim;
