//! Semantic tokens: one token type per kind of mention (actor, treaty, weapon, event, figure,
//! date), in document order.

use super::Note;
use crate::model::{EntityKind, Span};
use crate::prose::MentionKind;

/// Token types, in the order the server declares them in its legend.
pub const TOKEN_TYPES: [&str; 6] = ["actor", "treaty", "weapon", "event", "figure", "date"];

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub span: Span,
    /// Index into `TOKEN_TYPES`.
    pub kind: u32,
}

/// Tokens that overlap `range`, sorted, never overlapping (an entity inside a figure splits it).
pub fn tokens(note: &Note, range: &Span) -> Vec<Token> {
    let mut raw: Vec<Token> = note
        .analysis
        .mentions_near(range)
        .filter(|m| m.span.start < range.end && range.start < m.span.end)
        .filter_map(|m| {
            let kind = match &m.kind {
                MentionKind::Entity { entity, .. } => match note.kb.get(*entity).kind {
                    EntityKind::Actor => 0,
                    EntityKind::Treaty => 1,
                    EntityKind::Weapon => 2,
                    EntityKind::Event => 3,
                },
                MentionKind::Figure(_) => 4,
                MentionKind::Date(_) => 5,
                _ => return None,
            };
            Some(Token {
                span: m.span.clone(),
                kind,
            })
        })
        .collect();
    raw.sort_by_key(|t| (t.span.start, std::cmp::Reverse(t.span.end)));
    // Nested mentions: the inner one wins its words; the outer one keeps the rest.
    let mut out: Vec<Token> = Vec::new();
    for token in raw {
        if let Some(outer) = out.last_mut().filter(|o| token.span.start < o.span.end) {
            let rest = token.span.end..outer.span.end;
            let outer_kind = outer.kind;
            outer.span.end = token.span.start;
            if outer.span.is_empty() {
                out.pop();
            }
            out.push(token);
            if !rest.is_empty() {
                out.push(Token {
                    span: rest,
                    kind: outer_kind,
                });
            }
        } else {
            out.push(token);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture::Fixture;

    #[test]
    fn one_token_type_per_kind_with_nested_entities_split_out() {
        let f = Fixture::new("Russia fired the S-400 in 2018; 3,200 Chinese troops came.\n");
        let got: Vec<(&str, &str)> = tokens(&f.note(), &(0..f.text.len()))
            .into_iter()
            .map(|t| (&f.text[t.span], TOKEN_TYPES[t.kind as usize]))
            .collect();
        assert!(got.contains(&("Chinese", "actor")), "{got:?}");
        assert_eq!(got[..2], [("Russia", "actor"), ("S-400", "weapon")]);
        assert_eq!(got[2], ("2018", "date"));
        assert!(
            got.iter()
                .any(|(t, k)| t.starts_with("3,200") && *k == "figure"),
            "{got:?}"
        );
        assert!(got
            .windows(2)
            .all(|w| f.text.find(w[0].0) <= f.text.find(w[1].0)));
    }
}
