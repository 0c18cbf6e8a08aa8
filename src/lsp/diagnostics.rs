//! The core's findings as LSP diagnostics, and quick fixes read back from a diagnostic's
//! `data` (so code actions need no server state).
//!
//! Two encodings of the same diagnostics: `to_diagnostics` builds `ls_types::Diagnostic`s (pull
//! diagnostics), and `wire` serializes a `publishDiagnostics` notification
//! straight from the findings. Invariant: both produce the same JSON, byte for byte.

mod cursor;
mod reuse;
mod wire;

pub use reuse::FrameMemos;
pub use wire::{publish_frame, send_publish, STREAM_ABOVE};

use super::handlers::NoteView;
use crate::analysis::NoteFinding;
use crate::model::Severity;
use cursor::{ArticleRanges, Cursor};
use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Range,
};

/// The `source` of every diagnostic.
pub(super) const SOURCE: &str = "geonotes";

/// What a diagnostic carries in `data`: its fix, with the range computed for the version it
/// was published for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FixData {
    pub title: String,
    pub range: Range,
    pub replacement: String,
}

/// Every finding of a note as an LSP diagnostic, in order (pull diagnostics, and `publish`
/// when the session has no outbox).
pub fn to_diagnostics(view: &NoteView) -> Vec<Diagnostic> {
    let mut note = Cursor::new(&view.pos);
    let mut article = view
        .article
        .as_ref()
        .map(|(a, pos)| (&a.uri, ArticleRanges::new(pos)));
    view.note
        .analysis
        .findings()
        .map(|f| {
            let range = note.range(&f.span());
            let fix_range = f.fix().map(|fix| note.range(&fix.span));
            let related = article.as_mut().map(|(uri, ranges)| {
                f.related()
                    .iter()
                    .map(|r| DiagnosticRelatedInformation {
                        location: Location::new((*uri).clone(), ranges.range(&r.span)),
                        message: r.message.to_string(),
                    })
                    .collect::<Vec<_>>()
            });
            diagnostic(&f, view.note.text, range, fix_range, related)
        })
        .collect()
}

fn diagnostic(
    f: &NoteFinding,
    text: &str,
    range: Range,
    fix_range: Option<Range>,
    related: Option<Vec<DiagnosticRelatedInformation>>,
) -> Diagnostic {
    let data = f.fix().zip(fix_range).and_then(|(fix, range)| {
        serde_json::to_value(FixData {
            title: fix.title.to_string(),
            range,
            replacement: fix.replacement.to_string(),
        })
        .ok()
    });
    Diagnostic {
        range,
        severity: Some(severity(f.severity())),
        code: Some(NumberOrString::String(f.code().to_string())),
        source: Some(SOURCE.to_string()),
        message: f.message(text).into_owned(),
        related_information: related.filter(|r| !r.is_empty()),
        data,
        ..Diagnostic::default()
    }
}

pub(super) fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

pub fn fix_of(d: &Diagnostic) -> Option<FixData> {
    serde_json::from_value(d.data.clone()?).ok()
}
