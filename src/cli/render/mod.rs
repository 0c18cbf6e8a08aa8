//! Output of the CLI: `geonotes check` reports (human and json submodules) and the mention JSON
//! `geonotes extract` and `geonotes source` print. JSON is serialized from borrowed structs, never
//! a `serde_json::Value` tree, so memory does not grow with the output.

pub mod human;
pub mod json;
pub mod mention;

use geonotes::analysis::NoteAnalysis;
use geonotes::article::Article;
use geonotes::model::{Severity, Span};
use geonotes::position::{Encoding, LineIndex};
use serde::Serialize;
use std::path::PathBuf;
use std::rc::Rc;

/// One checked note with what is needed to print it.
pub struct NoteReport {
    pub path: PathBuf,
    pub text: String,
    pub analysis: NoteAnalysis,
    pub article: Option<(PathBuf, Rc<Article>)>,
}

fn lsp_severity(s: Severity) -> u8 {
    match s {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Information => 3,
        Severity::Hint => 4,
    }
}

#[derive(Serialize)]
pub struct Position {
    character: u32,
    line: u32,
}

/// An LSP range (0-based lines, UTF-16 columns); fields in sorted key order, as everywhere in
/// the CLI's JSON.
#[derive(Serialize)]
pub struct Range {
    end: Position,
    start: Position,
}

impl Range {
    /// The range of `span` in `text`.
    pub fn of(text: &str, lines: &LineIndex, span: &Span) -> Range {
        let position = |offset| {
            let lc = lines.to_line_col(text, offset, Encoding::Utf16);
            Position {
                character: lc.col,
                line: lc.line,
            }
        };
        Range {
            end: position(span.end),
            start: position(span.start),
        }
    }
}
