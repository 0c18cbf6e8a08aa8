//! Document symbols (the note's headings and its entities by kind) and workspace symbols
//! (the entities the article mentions).

use super::Note;
use crate::article::Article;
use crate::kb::KnowledgeBase;
use crate::model::{EntityKind, Span};
use std::collections::HashSet;

#[derive(Clone, Debug, PartialEq)]
pub enum SymbolKind {
    Heading,
    Entity(EntityKind),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Symbol {
    pub name: String,
    pub detail: String,
    pub kind: SymbolKind,
    /// First mention (or the heading line).
    pub span: Span,
}

/// Headings in order, then each entity once (at its first mention), grouped by kind.
pub fn document_symbols(note: &Note) -> Vec<Symbol> {
    let mut out: Vec<Symbol> = note
        .analysis
        .blocks
        .iter()
        .filter_map(|b| {
            Some(Symbol {
                name: b.heading_text()?.trim().to_string(),
                detail: "heading".into(),
                kind: SymbolKind::Heading,
                span: b.span(),
            })
        })
        .collect();
    let mut seen = HashSet::new();
    let mut entities: Vec<Symbol> = Vec::new();
    for mention in note.analysis.mentions() {
        let Some(id) = mention.entity().map(|e| note.kb.resolve(e)) else {
            continue;
        };
        if seen.insert(id) {
            let entity = note.kb.get(id);
            entities.push(Symbol {
                name: entity.name.clone(),
                detail: entity.kind.as_str().to_string(),
                kind: SymbolKind::Entity(entity.kind),
                span: mention.span.clone(),
            });
        }
    }
    entities.sort_by_key(|s| match s.kind {
        SymbolKind::Entity(kind) => kind as u8,
        SymbolKind::Heading => 0,
    });
    out.extend(entities);
    out
}

/// Entities the article mentions whose name contains `query` (case-insensitive), at their
/// first mention in the article.
pub fn workspace_symbols(article: &Article, kb: &KnowledgeBase, query: &str) -> Vec<Symbol> {
    let query = query.to_lowercase();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for paragraph in &article.paragraphs {
        for mention in paragraph.mentions() {
            let Some(id) = mention.entity().map(|e| kb.resolve(e)) else {
                continue;
            };
            let entity = kb.get(id);
            if seen.insert(id) && entity.name.to_lowercase().contains(&query) {
                out.push(Symbol {
                    name: entity.name.clone(),
                    detail: format!("{} · ¶{}", entity.kind.as_str(), paragraph.n),
                    kind: SymbolKind::Entity(entity.kind),
                    span: mention.span.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture::Fixture;

    #[test]
    fn lists_headings_then_entities_once_each() {
        let f = Fixture::new("# Notes\n\nThe S-400 and Russia; the S-400 again.\n");
        let got: Vec<(String, &str)> = document_symbols(&f.note())
            .into_iter()
            .map(|s| (s.name, &f.text[s.span]))
            .collect();
        assert_eq!(got[0], ("Notes".to_string(), "Notes"));
        assert_eq!(
            got.iter().filter(|(n, _)| n == "S-400").count(),
            1,
            "{got:?}"
        );
        assert!(got.iter().any(|(n, _)| n == "Russia"), "{got:?}");
    }

    #[test]
    fn workspace_symbols_filter_article_entities_by_query() {
        let f = Fixture::new("x\n");
        let got: Vec<String> = workspace_symbols(&f.article, &f.kb, "s-4")
            .into_iter()
            .map(|s| s.detail)
            .collect();
        assert_eq!(got, ["weapon · ¶1"]);
    }
}
