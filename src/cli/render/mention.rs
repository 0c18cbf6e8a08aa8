//! A recognized mention as `geonotes extract` and `geonotes source` print it.
//!
//! Invariant: each shape lists its fields in sorted key order and keeps `null` where the output
//! always had it (`unit`, `qualifier`, `iso`), so the bytes match the earlier `Value`-built JSON.

use super::Range;
use geonotes::kb::KnowledgeBase;
use geonotes::model::{Qualifier, Span};
use geonotes::position::LineIndex;
use geonotes::prose::{Mention, MentionKind};
use serde::{Serialize, Serializer};
use smol_str::SmolStr;

#[derive(Serialize)]
pub struct EntityJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    candidates: Option<Vec<&'a str>>,
    id: &'a str,
    kind: &'static str,
    range: Range,
    text: String,
}

#[derive(Serialize)]
pub struct FigureJson {
    kind: &'static str,
    qualifier: Option<Qualifier>,
    range: Range,
    text: String,
    unit: Option<SmolStr>,
    value: f64,
}

#[derive(Serialize)]
pub struct DateJson {
    iso: Option<String>,
    kind: &'static str,
    range: Range,
    relative: bool,
    text: String,
}

#[derive(Serialize)]
pub struct CitationJson {
    kind: &'static str,
    paragraph: u32,
    range: Range,
    text: String,
}

#[derive(Serialize)]
pub struct QuoteJson {
    kind: &'static str,
    range: Range,
    text: String,
}

/// One mention's JSON object; its shape depends on the kind.
#[derive(Serialize)]
#[serde(untagged)]
pub enum MentionJson<'a> {
    Entity(EntityJson<'a>),
    Figure(FigureJson),
    Date(DateJson),
    Citation(CitationJson),
    Quote(QuoteJson),
}

/// The mention's wording with its whitespace (line breaks included) collapsed.
pub fn mention_text(text: &str, span: &Span) -> String {
    text.get(span.clone())
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `actor`, `treaty`, `weapon`, `event`, `figure`, `date`, `citation` or `quote`.
pub fn kind_name(m: &Mention, kb: &KnowledgeBase) -> &'static str {
    match &m.kind {
        MentionKind::Entity { entity, .. } => kb.get(*entity).kind.as_str(),
        MentionKind::Figure(_) => "figure",
        MentionKind::Date(_) => "date",
        MentionKind::Citation { .. } => "citation",
        MentionKind::Quote { .. } => "quote",
    }
}

impl<'a> MentionJson<'a> {
    pub fn new(text: &str, lines: &LineIndex, m: &Mention, kb: &'a KnowledgeBase) -> Self {
        let range = Range::of(text, lines, &m.span);
        let kind = kind_name(m, kb);
        let text = mention_text(text, &m.span);
        match &m.kind {
            MentionKind::Entity { entity, candidates } => MentionJson::Entity(EntityJson {
                candidates: (candidates.len() > 1)
                    .then(|| candidates.iter().map(|c| kb.get(*c).id.as_str()).collect()),
                id: &kb.get(*entity).id,
                kind,
                range,
                text,
            }),
            MentionKind::Figure(f) => MentionJson::Figure(FigureJson {
                kind,
                qualifier: f.qualifier,
                range,
                text,
                unit: f.unit.as_ref().map(|u| u.name.clone()),
                value: f.value,
            }),
            MentionKind::Date(d) => MentionJson::Date(DateJson {
                iso: d.value.map(|d| d.iso()),
                kind,
                range,
                relative: d.relative,
                text,
            }),
            MentionKind::Citation { paragraph } => MentionJson::Citation(CitationJson {
                kind,
                paragraph: *paragraph,
                range,
                text,
            }),
            MentionKind::Quote { .. } => MentionJson::Quote(QuoteJson { kind, range, text }),
        }
    }
}

/// Serializes the items a closure's iterator yields as a JSON array without collecting them
/// (the closure runs once per serialization).
pub struct Streamed<F>(pub F);

impl<F, I> Serialize for Streamed<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}
