//! References: every mention of the entity under the cursor, in a note and in the article.

use super::Note;
use crate::analysis::NoteAnalysis;
use crate::article::Article;
use crate::kb::{EntityId, KnowledgeBase};
use crate::model::Span;

/// The entity under the cursor, resolved to what it refers to.
pub fn entity_at(note: &Note, offset: usize) -> Option<EntityId> {
    let (_, mention) = note.analysis.mention_at(offset)?;
    mention.entity().map(|e| note.kb.resolve(e))
}

pub fn in_note(analysis: &NoteAnalysis, kb: &KnowledgeBase, id: EntityId) -> Vec<Span> {
    analysis
        .mentions()
        .filter(|m| m.entity().is_some_and(|e| kb.resolve(e) == id))
        .map(|m| m.span.clone())
        .collect()
}

pub fn in_article(article: &Article, kb: &KnowledgeBase, id: EntityId) -> Vec<Span> {
    article
        .entity_mentions(id, kb)
        .map(|(_, m)| m.span.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture::{Fixture, ARTICLE};

    #[test]
    fn finds_the_entity_in_the_note_and_the_article() {
        let f = Fixture::new("The S-400 came; the S-400 stayed.\n");
        let id = entity_at(&f.note(), f.at("S-400")).unwrap();
        let note: Vec<&str> = in_note(&f.analysis, &f.kb, id)
            .into_iter()
            .map(|s| &f.text[s])
            .collect();
        assert_eq!(note, ["S-400", "S-400"]);
        let article: Vec<&str> = in_article(&f.article, &f.kb, id)
            .into_iter()
            .map(|s| &ARTICLE[s])
            .collect();
        assert_eq!(article, ["S-400", "S-400"]);
        assert_eq!(entity_at(&f.note(), f.at("came")), None);
    }
}
