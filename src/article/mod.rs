//! The source article: numbered paragraphs with sections, and what is recognized in each.

pub mod layout;
