//! Completion: entity names and aliases from the knowledge base, and `[¶` citations with each
//! paragraph's first words.

use super::{first_words, Note};
use crate::model::{EntityKind, Span};

#[derive(Clone, Debug, PartialEq)]
pub enum CompletionKind {
    Entity(EntityKind),
    Paragraph,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Completion {
    pub label: String,
    pub detail: String,
    /// The text that replaces `replace`.
    pub insert: String,
    pub replace: Span,
    pub kind: CompletionKind,
}

const MAX_ITEMS: usize = 100;

pub fn complete(note: &Note, offset: usize) -> Vec<Completion> {
    let offset = offset.min(note.text.len());
    let Some(before) = note.text.get(..offset) else {
        return Vec::new();
    };
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = &before[line_start..];
    let digits = line.len() - line.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if line[..line.len() - digits].ends_with("[¶") {
        return paragraphs(note, offset - digits..offset, &line[line.len() - digits..]);
    }
    let word_len = line.len()
        - line
            .trim_end_matches(|c: char| c.is_alphanumeric() || c == '-' || c == '\'')
            .len();
    if word_len == 0 {
        return Vec::new();
    }
    let prefix = &line[line.len() - word_len..];
    entities(note, offset - word_len..offset, prefix)
}

fn paragraphs(note: &Note, replace: Span, typed: &str) -> Vec<Completion> {
    let Some(article) = note.article else {
        return Vec::new();
    };
    article
        .paragraphs
        .iter()
        .filter(|p| p.n.to_string().starts_with(typed))
        .take(MAX_ITEMS)
        .map(|p| Completion {
            label: format!("¶{}", p.n),
            detail: first_words(p, 8),
            insert: format!("{}]", p.n),
            replace: replace.clone(),
            kind: CompletionKind::Paragraph,
        })
        .collect()
}

fn entities(note: &Note, replace: Span, prefix: &str) -> Vec<Completion> {
    let prefix = prefix.to_lowercase();
    let mut out = Vec::new();
    for entity in note.kb.entities() {
        let names = std::iter::once(&entity.name).chain(&entity.aliases);
        for name in names {
            if name.to_lowercase().starts_with(&prefix) {
                out.push(Completion {
                    label: name.clone(),
                    detail: if *name == entity.name {
                        entity.kind.as_str().to_string()
                    } else {
                        format!("{} ({})", entity.name, entity.kind.as_str())
                    },
                    insert: name.clone(),
                    replace: replace.clone(),
                    kind: CompletionKind::Entity(entity.kind),
                });
            }
        }
    }
    out.sort_by(|a, b| (a.label.len(), &a.label).cmp(&(b.label.len(), &b.label)));
    out.dedup_by(|a, b| a.label == b.label);
    out.truncate(MAX_ITEMS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture::Fixture;

    #[test]
    fn completes_paragraph_citations_with_their_first_words() {
        let f = Fixture::new("Troops took part [¶");
        let got = complete(&f.note(), f.text.len());
        let labels: Vec<(&str, &str)> = got
            .iter()
            .map(|c| (c.label.as_str(), c.insert.as_str()))
            .collect();
        assert_eq!(labels, vec![("¶1", "1]"), ("¶2", "2]"), ("¶3", "3]")]);
        assert!(
            got[1].detail.starts_with("Some 300,000 troops"),
            "{}",
            got[1].detail
        );
        let f = Fixture::new("Troops [¶2");
        let got = complete(&f.note(), f.text.len());
        assert_eq!(
            (got.len(), got[0].replace.clone()),
            (1, f.text.len() - 1..f.text.len())
        );
    }

    #[test]
    fn completes_entity_names_and_aliases_by_prefix() {
        let f = Fixture::new("The S-4");
        let got = complete(&f.note(), f.text.len());
        assert!(got.iter().any(|c| c.label == "S-400" && c.kind == CompletionKind::Entity(EntityKind::Weapon)), "{got:?}");
        assert!(got
            .iter()
            .all(|c| c.label.to_lowercase().starts_with("s-4")));
        assert_eq!(got[0].replace, 4..7);
        assert_eq!(complete(&f.note(), 4), vec![]);
    }
}
