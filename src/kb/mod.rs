//! Knowledge base: interface placeholder on main until the kb branch lands (replaced on merge).

use crate::model::{EntityKind, Span};

/// Index of an entity in a knowledge base.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(pub u32);

#[derive(Clone, Debug)]
pub struct Entity {
    pub id: String,
    pub kind: EntityKind,
    pub name: String,
    pub definition: String,
    pub wikidata: Option<String>,
}

#[derive(Clone, Debug)]
pub struct EntityMention {
    pub span: Span,
    pub entity: EntityId,
    pub candidates: Vec<EntityId>,
}

#[derive(Clone, Debug, Default)]
pub struct KnowledgeBase {
    entities: Vec<Entity>,
}

impl KnowledgeBase {
    pub fn builtin() -> KnowledgeBase {
        KnowledgeBase::default()
    }
    pub fn find_mentions(&self, _text: &str) -> Vec<EntityMention> {
        Vec::new()
    }
    pub fn get(&self, id: EntityId) -> &Entity {
        &self.entities[id.0 as usize]
    }
    pub fn refers_to(&self, _id: EntityId) -> Option<EntityId> {
        None
    }
}

#[derive(Clone, Debug)]
pub struct KbSource {
    pub name: String,
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct KbError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl KnowledgeBase {
    pub fn load(_extra: &[KbSource]) -> (KnowledgeBase, Vec<KbError>) {
        (KnowledgeBase::default(), Vec::new())
    }
}
