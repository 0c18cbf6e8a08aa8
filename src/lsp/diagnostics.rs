//! The core's findings as LSP diagnostics, and quick fixes read back from a diagnostic's
//! `data` (so code actions need no server state).
//!
//! Two encodings of the same diagnostics: `to_diagnostic` builds `ls_types::Diagnostic`s (pull
//! diagnostics, code actions), and `wire` serializes a `publishDiagnostics` notification
//! straight from the findings. Invariant: both produce the same JSON, byte for byte.

mod cursor;
mod wire;

pub use wire::publish_frame;

use super::convert::TextPos;
use super::state::ArticleRef;
use crate::check::Finding;
use crate::model::Severity;
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

pub fn to_diagnostic(
    f: &Finding,
    note: &TextPos,
    article: Option<(&ArticleRef, &TextPos)>,
) -> Diagnostic {
    let related = article.map(|(a, apos)| {
        f.related
            .iter()
            .map(|r| DiagnosticRelatedInformation {
                location: Location::new(a.uri.clone(), apos.range(&r.span)),
                message: r.message.clone(),
            })
            .collect::<Vec<_>>()
    });
    let data = f.fix.as_ref().and_then(|fix| {
        serde_json::to_value(FixData {
            title: fix.title.clone(),
            range: note.range(&fix.span),
            replacement: fix.replacement.clone(),
        })
        .ok()
    });
    Diagnostic {
        range: note.range(&f.span),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.code.to_string())),
        source: Some(SOURCE.to_string()),
        message: f.message.clone(),
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
