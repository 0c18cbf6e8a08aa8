//! A markdown note: front matter, prose blocks, citations and ignore directives.

pub mod directives;
pub mod frontmatter;
pub mod incremental;
pub mod markdown;
pub mod masking;
pub mod split_parse;
pub mod text_print;
