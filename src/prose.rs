//! One pass of every recognizer over a block of prose, with spans mapped back to the document.
//!
//! Articles and notes share this so that a name, figure or date reads the same on both sides.
//! Precedence when recognizers overlap: citations, then entities (a designation such as
//! "Vostok-2018" or an alias that contains a year), then figures and dates.

use crate::kb::{EntityId, KnowledgeBase};
use crate::model::{DateMention, Figure, Span};
use crate::recognize::quantities::{self, QuantityContext};
use crate::text::Normalized;
use regex::Regex;
use std::sync::LazyLock;

/// Something recognized in prose. `span` is a byte range into the document.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub span: Span,
    pub kind: MentionKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MentionKind {
    /// A knowledge-base entity; `candidates` lists every entity an ambiguous alias may mean,
    /// best guess (`entity`) first.
    Entity {
        entity: EntityId,
        candidates: Box<[EntityId]>,
    },
    /// Spans inside the figure are document offsets too. Boxed: a figure is twice the size
    /// of any other kind, and a huge note holds millions of mentions, most of them not figures.
    Figure(Box<Figure>),
    Date(DateMention),
    /// `[¶7]`, `(¶7)` or `¶7`.
    Citation {
        paragraph: u32,
    },
    /// A quotation of four words or more (or a blockquote); `text` is its normalized wording.
    Quote {
        text: String,
    },
}

fn shift_span(span: &mut Span, delta: usize) {
    span.start += delta;
    span.end += delta;
}

impl Mention {
    /// Move every span of the mention `delta` bytes later.
    pub fn shift(&mut self, delta: usize) {
        shift_span(&mut self.span, delta);
        match &mut self.kind {
            MentionKind::Figure(f) => {
                shift_span(&mut f.span, delta);
                shift_span(&mut f.number_span, delta);
            }
            MentionKind::Date(d) => shift_span(&mut d.span, delta),
            _ => {}
        }
    }

    pub fn entity(&self) -> Option<EntityId> {
        match &self.kind {
            MentionKind::Entity { entity, .. } => Some(*entity),
            _ => None,
        }
    }
    pub fn figure(&self) -> Option<&Figure> {
        match &self.kind {
            MentionKind::Figure(f) => Some(f),
            _ => None,
        }
    }
    pub fn date(&self) -> Option<&DateMention> {
        match &self.kind {
            MentionKind::Date(d) => Some(d),
            _ => None,
        }
    }
}

static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[¶\s*(\d{1,5})\]|\(¶\s*(\d{1,5})\)|¶\s*(\d{1,5})").expect("valid citation regex")
});

/// Which side of the comparison a text is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// In the article, a year inside a name ("the 2014 annexation of Crimea") still dates an
    /// event that notes may cite, so it is kept as a date too.
    Article,
    /// In notes, a year inside a name ("Zapad 2021") is part of the name, not a claim.
    Note,
}

/// A block after recognition: its matching view and its mentions (document offsets).
#[derive(Clone, Debug, Default)]
pub struct RecognizedBlock {
    /// The block's normalized text; `norm.to_original` gives offsets relative to `offset`.
    pub norm: Normalized,
    /// Document offset of the block's first byte.
    pub offset: usize,
    pub mentions: Vec<Mention>,
}

impl RecognizedBlock {
    /// Map a span of `norm.text` to document offsets.
    pub fn to_document(&self, span: &Span) -> Span {
        let s = self.norm.to_original(span);
        s.start + self.offset..s.end + self.offset
    }

    /// The same block moved `delta` bytes later in the document.
    pub fn shifted(&self, delta: usize) -> RecognizedBlock {
        let mut out = self.clone();
        out.offset += delta;
        for m in &mut out.mentions {
            m.shift(delta);
        }
        out
    }

    /// The mentions that start inside `range` (document offsets), as a slice.
    pub fn mentions_within(&self, range: &Span) -> &[Mention] {
        &self.mentions[self.mention_indices_within(range)]
    }

    /// The indices of the mentions that start inside `range` (document offsets).
    pub fn mention_indices_within(&self, range: &Span) -> std::ops::Range<usize> {
        let from = self
            .mentions
            .partition_point(|m| m.span.start < range.start);
        let to = self.mentions.partition_point(|m| m.span.start < range.end);
        from..to.max(from)
    }

    /// Map a document offset into `norm.text`.
    pub fn to_norm(&self, offset: usize) -> usize {
        self.norm.from_original(offset.saturating_sub(self.offset))
    }
}

/// Recognize everything in `text[span]` (for notes, `text` is the masked prose).
pub fn recognize_block(
    text: &str,
    span: Span,
    kb: &KnowledgeBase,
    ctx: &QuantityContext,
    side: Side,
) -> RecognizedBlock {
    let norm = Normalized::new(&text[span.clone()]);
    let mut block = RecognizedBlock {
        norm,
        offset: span.start,
        mentions: Vec::new(),
    };
    let n = &block.norm.text;

    let mut found: Vec<(Span, MentionKind)> = Vec::new();
    let mut citations = Taken::default();
    // Found without groups (resolving them cost more than the search): the number is what
    // is left of the match without its brackets, `¶` and spaces.
    for m in CITATION.find_iter(n) {
        let whole = m.range();
        let number = m
            .as_str()
            .trim_start_matches(['[', '('])
            .trim_start_matches('¶')
            .trim_start()
            .trim_end_matches([']', ')'])
            .parse()
            .ok();
        if let Some(paragraph) = number {
            citations.push(&whole);
            found.push((whole, MentionKind::Citation { paragraph }));
        }
    }
    let entities = kb.find_mentions(n);
    let quantities = quantities::recognize(n, ctx);
    // Sized once: growing it a mention at a time cost a reallocation and a copy of every
    // mention so far, about six times a block.
    found.reserve(entities.len() + quantities.figures.len() + quantities.dates.len());
    let mut names = Taken::default();
    for m in entities {
        if citations.overlaps(&m.span) {
            continue;
        }
        names.push(&m.span);
        found.push((
            m.span,
            MentionKind::Entity {
                entity: m.entity,
                candidates: m.candidates.into_boxed_slice(),
            },
        ));
    }
    let taken = Taken::merged(citations, names);
    // An entity that covers a number ("Vostok-2018") wins; one in the unit phrase
    // ("3,200 Chinese troops") belongs to the figure's context and keeps both.
    for f in quantities.figures {
        if !taken.overlaps(&f.number_span) {
            found.push((f.span.clone(), MentionKind::Figure(Box::new(f))));
        }
    }
    for d in quantities.dates {
        let inside_a_name = taken.overlaps(&d.span);
        if !inside_a_name || (side == Side::Article && is_separate_word(n, &d.span)) {
            found.push((d.span.clone(), MentionKind::Date(d)));
        }
    }
    block.mentions = found
        .into_iter()
        .map(|(span, kind)| {
            let kind = match kind {
                MentionKind::Figure(mut f) => {
                    f.span = block.to_document(&f.span);
                    f.number_span = block.to_document(&f.number_span);
                    MentionKind::Figure(f)
                }
                MentionKind::Date(mut d) => {
                    d.span = block.to_document(&d.span);
                    MentionKind::Date(d)
                }
                other => other,
            };
            Mention {
                span: block.to_document(&span),
                kind,
            }
        })
        .collect();
    block.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    block
}

/// Add the block's quotations to its mentions (notes only: the article is what is quoted).
pub fn add_quotes(block: &mut RecognizedBlock, in_blockquote: bool) {
    let quotes = crate::check::quotes::find_quotes(&block.norm.text, in_blockquote);
    if quotes.is_empty() {
        return;
    }
    for q in quotes {
        let text = block.norm.text[q.clone()].to_string();
        block.mentions.push(Mention {
            span: block.to_document(&q),
            kind: MentionKind::Quote { text },
        });
    }
    block.mentions.sort_by_key(|m| (m.span.start, m.span.end));
}

/// Is `span` a word of its own (not glued by a hyphen as in "Vostok-2018")?
fn is_separate_word(text: &str, span: &Span) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    before.is_none_or(|c| c == ' ') && after.is_none_or(|c| !c.is_alphanumeric() && c != '-')
}

/// Normalized spans already claimed by a citation or an entity: disjoint and sorted, so an
/// overlap test is a binary search, not a scan (a long paragraph holds thousands of mentions).
/// Citations and names each come in order, so each list is built by pushing and the two are
/// merged once (a `BTreeMap` filled one span at a time was 2% of a 5 MB paragraph's analysis).
#[derive(Default)]
struct Taken(Vec<Span>);

impl Taken {
    /// Callers push spans in order, each after the last and overlapping nothing taken; empty
    /// spans claim nothing.
    fn push(&mut self, span: &Span) {
        if span.start < span.end {
            debug_assert!(self.0.last().is_none_or(|last| last.end <= span.start));
            self.0.push(span.clone());
        }
    }

    /// Two disjoint lists as one, in order.
    fn merged(a: Taken, b: Taken) -> Taken {
        if a.0.is_empty() {
            return b;
        }
        let mut all = a.0;
        all.extend(b.0);
        all.sort_unstable_by_key(|s| s.start);
        Taken(all)
    }

    fn overlaps(&self, span: &Span) -> bool {
        // Disjoint spans sorted by start also have sorted ends: only the last one starting
        // before `span` ends can reach into it.
        let before_end = self.0.partition_point(|s| s.start < span.end);
        before_end > 0 && span.start < self.0[before_end - 1].end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The paragraph numbers of the citations in `text`, as `recognize_block` reads them.
    fn cited(text: &str) -> Vec<(Span, u32)> {
        let kb = KnowledgeBase::builtin();
        let block = recognize_block(
            text,
            0..text.len(),
            &kb,
            &QuantityContext::default(),
            Side::Note,
        );
        block
            .mentions
            .iter()
            .filter_map(|m| match m.kind {
                MentionKind::Citation { paragraph } => Some((m.span.clone(), paragraph)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn citations_are_read_as_the_pattern_groups_read_them() {
        // The oracle: the number as the pattern's own groups capture it.
        let grouped = |text: &str| -> Vec<(Span, u32)> {
            CITATION
                .captures_iter(text)
                .filter_map(|c| {
                    let number = c.get(1).or(c.get(2)).or(c.get(3))?.as_str().parse().ok()?;
                    Some((c.get(0)?.range(), number))
                })
                .collect()
        };
        for text in [
            "as [¶7] says",
            "as (¶ 12) says",
            "¶3 and ¶\u{a0}4, [¶ 5)",
            "[¶123456] and ¶99999",
            "Arabic-Indic digits ¶٣ and mixed ¶1٣ are not paragraphs",
            "[[¶2]] (¶\t8)) ¶",
        ] {
            assert_eq!(cited(text), grouped(text), "{text}");
        }
    }
}
