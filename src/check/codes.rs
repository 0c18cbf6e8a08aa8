//! Diagnostic codes and their default severities: the names users see, silence and configure.

use crate::model::Severity;

pub const NO_SOURCE: &str = "no-source";
pub const SOURCE_UNREADABLE: &str = "source-unreadable";
pub const UNSUPPORTED_FIGURE: &str = "unsupported-figure";
pub const UNSUPPORTED_DATE: &str = "unsupported-date";
pub const APPROXIMATE_FIGURE: &str = "approximate-figure";
pub const FIGURE_CONTEXT_MISMATCH: &str = "figure-context-mismatch";
pub const MISQUOTE: &str = "misquote";
pub const UNSOURCED_QUOTE: &str = "unsourced-quote";
pub const BAD_CITATION: &str = "bad-citation";
pub const CITATION_MISMATCH: &str = "citation-mismatch";
pub const BAD_FRONT_MATTER: &str = "bad-front-matter";

/// Every code, in the order the README documents them.
pub const ALL: &[&str] = &[
    NO_SOURCE,
    SOURCE_UNREADABLE,
    UNSUPPORTED_FIGURE,
    UNSUPPORTED_DATE,
    APPROXIMATE_FIGURE,
    FIGURE_CONTEXT_MISMATCH,
    MISQUOTE,
    UNSOURCED_QUOTE,
    BAD_CITATION,
    CITATION_MISMATCH,
    BAD_FRONT_MATTER,
];

/// The severity a code has unless the user configures another.
pub fn default_severity(code: &str) -> Severity {
    match code {
        NO_SOURCE | APPROXIMATE_FIGURE => Severity::Information,
        SOURCE_UNREADABLE | BAD_CITATION => Severity::Error,
        _ => Severity::Warning,
    }
}

/// Codes about claims: silenced on lines marked as outside knowledge.
pub fn is_claim_code(code: &str) -> bool {
    matches!(
        code,
        UNSUPPORTED_FIGURE
            | UNSUPPORTED_DATE
            | APPROXIMATE_FIGURE
            | FIGURE_CONTEXT_MISMATCH
            | MISQUOTE
            | UNSOURCED_QUOTE
            | CITATION_MISMATCH
    )
}
