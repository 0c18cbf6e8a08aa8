//! Knowledge-base entities in prose: one pass over the word starts, each looked up by its
//! first word; whole words only, leftmost-longest among the matches that pass, common-word
//! and ambiguity rules.
//!
//! Contract: spans are byte ranges into the given text, sorted by start, never overlapping,
//! and never include a leading "the" or a possessive "'s". Linear in the text plus matches.

use crate::kb::patterns::{Caution, Matcher, Pattern, Target};
use crate::kb::words::{is_date_lead_in, is_government_verb};
use crate::kb::{Entity, EntityId, KnowledgeBase};
use crate::model::Span;
use crate::recognize::byte_class;
use serde::Serialize;
use std::collections::HashSet;

/// Which of an entity's names matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    Name,
    Alias,
    /// "Russian", "Russians" for Russia.
    Demonym,
    /// A state's capital standing for it, when the capital is not an entity of its own.
    Capital,
    /// A generated spelling of a designation: "S400", "S 400" for "S-400".
    Variant,
}

/// One recognized entity mention.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntityMention {
    pub span: Span,
    /// The best guess: the only candidate, or the one the context favours.
    pub entity: EntityId,
    pub via: Via,
    /// Every entity this text may name, best first, when there is more than one; else empty.
    pub candidates: Vec<EntityId>,
}

impl EntityMention {
    pub fn is_ambiguous(&self) -> bool {
        self.candidates.len() > 1
    }
}

/// A match that passed the whole-word test, before overlaps are resolved.
#[derive(Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    layer: usize,
    pattern: usize,
}

impl KnowledgeBase {
    /// Every entity mentioned in `text` (usually the normalized matching view).
    pub fn find_mentions(&self, text: &str) -> Vec<EntityMention> {
        let layers: Vec<&Matcher> = self.layers().map(|l| &l.matcher).collect();
        let mut hits: Vec<Hit> = Vec::new();
        for_each_word(text, |start, word| {
            // At each word start, the longest pattern that passes; the base layer wins a tie.
            let mut best: Option<Hit> = None;
            for (layer, matcher) in layers.iter().enumerate() {
                for pattern in matcher.patterns_at(text, start, word) {
                    let p = &matcher.patterns[pattern];
                    let Some(end) = whole_word_end(text, start, start + p.text.len(), p.plural_ok)
                    else {
                        continue;
                    };
                    if accepted(self, text, start, end, p).next().is_some() {
                        if best.is_none_or(|b| end > b.end) {
                            best = Some(Hit {
                                start,
                                end,
                                layer,
                                pattern,
                            });
                        }
                        break;
                    }
                }
            }
            // Leftmost-longest: a match inside the previous one is part of it.
            if let Some(hit) = best {
                if hits.last().is_none_or(|last| hit.start >= last.end) {
                    hits.push(hit);
                }
            }
        });
        let mut mentions: Vec<EntityMention> = hits
            .iter()
            .filter_map(|h| {
                let pattern = &layers[h.layer].patterns[h.pattern];
                let targets: Vec<Target> = accepted(self, text, h.start, h.end, pattern).collect();
                let first = *targets.first()?;
                // A name written with its article ("the West") needs it to match, but the
                // mention is the name alone.
                Some(EntityMention {
                    span: h.start + pattern.article..h.end,
                    entity: first.entity,
                    via: first.via,
                    candidates: if targets.len() > 1 {
                        targets.iter().map(|t| t.entity).collect()
                    } else {
                        Vec::new()
                    },
                })
            })
            .collect();
        self.rank_candidates(text, &mut mentions);
        mentions
    }

    /// Order the candidates of ambiguous mentions by context and make the first the guess.
    fn rank_candidates(&self, text: &str, mentions: &mut [EntityMention]) {
        if mentions.iter().all(|m| !m.is_ambiguous()) {
            return;
        }
        // Entities named unambiguously elsewhere in the text, and what they stand for.
        let context: HashSet<EntityId> = mentions
            .iter()
            .filter(|m| !m.is_ambiguous())
            .flat_map(|m| [m.entity, self.resolve(m.entity)])
            .collect();
        for m in mentions.iter_mut().filter(|m| m.is_ambiguous()) {
            let score = |idx: EntityId| {
                self.try_get(idx)
                    .map_or(0, |e| self.score(e, idx, text, &m.span, &context))
            };
            m.candidates
                .sort_by_key(|&idx| std::cmp::Reverse(score(idx)));
            m.entity = m.candidates[0];
        }
    }

    fn score(
        &self,
        e: &Entity,
        idx: EntityId,
        text: &str,
        span: &Span,
        context: &HashSet<EntityId>,
    ) -> i32 {
        let mut score = match e.category() {
            _ if e.learned => 10,
            Some("state") => 60,
            Some("territory") => 55,
            Some("capital") => 50,
            Some("person") => 40,
            Some("city") => 35,
            Some("region") => 30,
            _ => 45,
        };
        let next = next_word(text, span.end);
        let (prev, prev2) = previous_words(text, span.start);
        let state_context = next.eq_ignore_ascii_case("state")
            || (prev.eq_ignore_ascii_case("of") && prev2.eq_ignore_ascii_case("state"))
            || (prev.eq_ignore_ascii_case("state") && matches!(prev2, "U.S." | "US" | "American"));
        if state_context && e.category() == Some("region") {
            score += 100;
        }
        if e.category() == Some("capital") && is_government_verb(next) {
            score += 30;
        }
        if context.contains(&idx) || context.contains(&self.resolve(idx)) {
            score += 25;
        }
        score
    }
}

/// The targets of `pattern` that the context around `start..end` allows.
fn accepted<'a>(
    kb: &'a KnowledgeBase,
    text: &'a str,
    start: usize,
    end: usize,
    pattern: &'a Pattern,
) -> impl Iterator<Item = Target> + 'a {
    let caution = pattern.caution;
    pattern
        .targets
        .iter()
        .copied()
        .filter(move |t| match caution {
            Caution::None => true,
            Caution::CommonWord => {
                let is_place = kb.try_get(t.entity).is_some_and(Entity::is_place);
                if is_place {
                    true
                } else {
                    !sentence_start(text, start)
                        && !next_word(text, end).starts_with(char::is_uppercase)
                }
            }
            Caution::Month => {
                let (prev, _) = previous_words(text, start);
                let next = next_word(text, end);
                !sentence_start(text, start)
                    && !is_date_lead_in(prev)
                    && !prev.starts_with(|c: char| c.is_ascii_digit())
                    && !next.starts_with(|c: char| c.is_ascii_digit())
                    && !next.starts_with(char::is_uppercase)
            }
            Caution::CapsCommon => {
                let (prev, _) = previous_words(text, start);
                !is_caps_word(prev) && !is_caps_word(next_word(text, end))
            }
        })
}

/// Calls `visit(start, word)` for every run of letters and digits that is not glued to a
/// preceding `_` (identifiers are not prose).
///
/// This walks every byte of the prose, so ASCII is classified by the table the figure scan
/// uses and only other chars are decoded (callgrind, session 10: 1.2% fewer instructions for
/// a whole analysis of a generated note than a per-char test).
fn for_each_word(text: &str, mut visit: impl FnMut(usize, &str)) {
    let bytes = text.as_bytes();
    // Is the char at `i` a letter or digit, and how many bytes long? `i` is a char start.
    let alphanumeric_at = |i: usize| -> (bool, usize) {
        match bytes[i] {
            b if b < 0x80 => (is_alphanumeric(b), 1),
            _ => text[i..]
                .chars()
                .next()
                .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
        }
    };
    let mut i = 0;
    // Does the char before `i` glue a following run to it (a letter, digit or `_`)?
    let mut glued = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 && !is_alphanumeric(b) {
            glued = byte_class::of(b) == byte_class::JOINER;
            i += 1;
            continue;
        }
        let (starts, len) = alphanumeric_at(i);
        if !starts {
            glued = false;
            i += len;
            continue;
        }
        let start = i;
        i += len;
        while i < bytes.len() {
            if bytes[i] < 0x80 {
                if !is_alphanumeric(bytes[i]) {
                    break;
                }
                i += 1;
            } else {
                match alphanumeric_at(i) {
                    (true, len) => i += len,
                    (false, _) => break,
                }
            }
        }
        if !glued {
            visit(start, &text[start..i]);
        }
        glued = true;
    }
}

/// Is the ASCII byte `b` a letter or a digit?
fn is_alphanumeric(b: u8) -> bool {
    matches!(byte_class::of(b), byte_class::LETTER | byte_class::DIGIT)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The end of the match if `start..end` stands as whole words; a designation or acronym may
/// carry a plural "s" ("S-400s"), which joins the span.
fn whole_word_end(text: &str, start: usize, end: usize, plural_ok: bool) -> Option<usize> {
    if text[..start].chars().next_back().is_some_and(is_word_char) {
        return None;
    }
    let mut after = text[end..].chars();
    match after.next() {
        Some(c) if is_word_char(c) => {
            (plural_ok && c == 's' && !after.next().is_some_and(is_word_char)).then_some(end + 1)
        }
        _ => Some(end),
    }
}

/// Does a sentence (or a heading, list item, quotation) start at `start`?
fn sentence_start(text: &str, start: usize) -> bool {
    let mut newlines = 0;
    for c in text[..start].chars().rev() {
        match c {
            '\n' => newlines += 1,
            ' ' | '\t' | '\r' | '"' | '\'' | '(' | '[' | '*' | '_' | '#' | '>' | '-'
            | '\u{201C}' | '\u{2018}' => {}
            '.' | '!' | '?' | ':' | ';' => return true,
            _ => return newlines >= 2,
        }
    }
    true
}

/// The word right after `end` and a possessive, if a space separates them; else "".
fn next_word(text: &str, end: usize) -> &str {
    let mut rest = &text[end..];
    for possessive in ["'s", "\u{2019}s", "'", "\u{2019}"] {
        if let Some(after) = rest.strip_prefix(possessive) {
            rest = after;
            break;
        }
    }
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() {
        return "";
    }
    let len = trimmed
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '\'')))
        .unwrap_or(trimmed.len());
    trimmed[..len].trim_end_matches('.')
}

/// The two words before `start`, nearest first, without surrounding punctuation ("" when missing).
fn previous_words(text: &str, start: usize) -> (&str, &str) {
    let mut words = text[..start]
        .rsplit(char::is_whitespace)
        .filter(|w| !w.is_empty());
    let prev = words.next().unwrap_or("");
    let prev2 = words.next().unwrap_or("");
    (trim_punct(prev), trim_punct(prev2))
}

fn trim_punct(word: &str) -> &str {
    word.trim_matches(|c: char| !(c.is_alphanumeric() || c == '.'))
}

fn is_caps_word(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !word.chars().any(char::is_lowercase)
}

#[cfg(test)]
#[path = "entities_tests.rs"]
mod tests;
