//! Output of the CLI: `geonotes check` reports (human and json submodules) and the mention and
//! range JSON `geonotes extract` and `geonotes source` print.

pub mod human;
pub mod json;

use geonotes::analysis::NoteAnalysis;
use geonotes::article::Article;
use geonotes::model::{Severity, Span};
use geonotes::position::{Encoding, LineIndex};
use serde_json::{json, Value};
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

/// An LSP range (0-based lines, UTF-16 columns).
pub fn lsp_range(text: &str, lines: &LineIndex, span: &Span) -> Value {
    let pos = |offset| {
        let lc = lines.to_line_col(text, offset, Encoding::Utf16);
        json!({"line": lc.line, "character": lc.col})
    };
    json!({"start": pos(span.start), "end": pos(span.end)})
}

/// A mention as `geonotes extract` and `geonotes source` print it.
pub fn mention_json(
    text: &str,
    lines: &LineIndex,
    m: &geonotes::prose::Mention,
    kb: &geonotes::kb::KnowledgeBase,
) -> Value {
    use geonotes::prose::MentionKind;
    let mut v = json!({"text": text[m.span.clone()].split_whitespace().collect::<Vec<_>>().join(" "), "range": lsp_range(text, lines, &m.span)});
    match &m.kind {
        MentionKind::Entity { entity, candidates } => {
            let e = kb.get(*entity);
            v["kind"] = json!(e.kind.as_str());
            v["id"] = json!(e.id);
            if candidates.len() > 1 {
                v["candidates"] = json!(candidates
                    .iter()
                    .map(|c| kb.get(*c).id.clone())
                    .collect::<Vec<_>>());
            }
        }
        MentionKind::Figure(f) => {
            v["kind"] = json!("figure");
            v["value"] = json!(f.value);
            v["unit"] = json!(f.unit.as_ref().map(|u| u.name.clone()));
            v["qualifier"] = json!(f.qualifier);
        }
        MentionKind::Date(d) => {
            v["kind"] = json!("date");
            v["iso"] = json!(d.value.map(|d| d.iso()));
            v["relative"] = json!(d.relative);
        }
        MentionKind::Citation { paragraph } => {
            v["kind"] = json!("citation");
            v["paragraph"] = json!(paragraph);
        }
        MentionKind::Quote { .. } => v["kind"] = json!("quote"),
    }
    v
}
