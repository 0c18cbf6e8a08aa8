//! A note's analysis and the queries editor features ask of it: mentions by offset, verdicts,
//! the claims of a range. Mentions and verdicts stay in the (shared) blocks they belong to.

use super::cache::CachedBlock;
use super::findings::NoteFindings;
use crate::check::figures::Verdict;
use crate::model::Span;
use crate::notes::frontmatter::FrontMatter;
use crate::position::LineIndex;
use crate::prose::Mention;
use std::sync::Arc;

/// A prose block of the note. Its recognition is shared with the block cache (at offset 0), so
/// an edit moves unchanged blocks without copying their text or mentions, and a note's
/// mentions are stored once per distinct block, not once per occurrence.
#[derive(Clone, Debug)]
pub struct NoteBlock {
    pub heading: bool,
    pub in_blockquote: bool,
    /// Document offset of the block's text: add it to the cached block's offsets.
    pub(super) offset: usize,
    /// Document offset just past the block's last prose byte.
    pub(super) end: usize,
    pub(super) analyzed: Arc<CachedBlock>,
}

impl NoteBlock {
    /// Document span of the block's prose, from its first to its last visible character.
    pub fn span(&self) -> Span {
        self.analyzed.prose(self.offset)
    }

    /// A heading's text as matched (whitespace collapsed, quotes and dashes made ASCII), for
    /// the outline. Other blocks do not keep their normalized text once analyzed.
    pub fn heading_text(&self) -> Option<&str> {
        self.heading
            .then(|| self.analyzed.heading_text.as_deref())
            .flatten()
    }

    fn mention(&self, index: usize) -> Option<Mention> {
        Some(self.analyzed.mentions.get(index)?.unpack(self.offset))
    }

    fn verdict(&self, index: usize) -> Option<&Verdict> {
        let verdicts = &self.analyzed.check.as_ref()?.verdicts;
        let index = u32::try_from(index).ok()?;
        let at = verdicts.binary_search_by_key(&index, |(i, _)| *i).ok()?;
        Some(&verdicts[at].1)
    }
}

/// Which mention of a note: its block and its place among the block's mentions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MentionId {
    block: usize,
    index: usize,
}

/// Everything known about a note.
#[derive(Clone, Debug)]
pub struct NoteAnalysis {
    pub front_matter: FrontMatter,
    /// Shared with the analysis cache, which updates it around the next edit.
    pub lines: Arc<LineIndex>,
    /// Prose blocks in document order; they hold the mentions and verdicts.
    pub blocks: Vec<NoteBlock>,
    /// Read with `findings()`: they stay in the blocks they belong to.
    pub(super) findings: NoteFindings,
    /// Claims on lines marked `<!-- geonotes: outside-knowledge -->`.
    pub outside_knowledge: usize,
}

impl NoteAnalysis {
    /// Every mention of the note in document order (copies with document offsets).
    pub fn mentions(&self) -> impl Iterator<Item = Mention> + '_ {
        self.blocks
            .iter()
            .flat_map(|b| (0..b.analyzed.mentions.len()).filter_map(move |i| b.mention(i)))
    }

    /// The blocks whose prose overlaps `range` (document offsets), by binary search.
    fn blocks_over<'a>(
        &'a self,
        range: &Span,
    ) -> impl Iterator<Item = (usize, &'a NoteBlock)> + use<'a> {
        let first = self.blocks.partition_point(|b| b.end < range.start);
        let last = range.end;
        self.blocks[first..]
            .iter()
            .enumerate()
            .map(move |(i, b)| (first + i, b))
            .take_while(move |(_, b)| b.offset <= last)
    }

    /// The mentions of the blocks that overlap `range`, in document order.
    pub fn mentions_near<'a>(&'a self, range: &Span) -> impl Iterator<Item = Mention> + use<'a> {
        self.blocks_over(range)
            .flat_map(|(_, b)| (0..b.analyzed.mentions.len()).filter_map(move |i| b.mention(i)))
    }

    /// Figures, dates and quotations with a verdict, from the blocks that overlap `range`
    /// (callers narrow it down further).
    pub fn claims_in<'a>(&'a self, range: &Span) -> Vec<(MentionId, Mention, &'a Verdict)> {
        let mut out = Vec::new();
        for (block, b) in self.blocks_over(range) {
            let Some(check) = &b.analyzed.check else {
                continue;
            };
            for (index, verdict) in &check.verdicts {
                let index = *index as usize;
                let Some(m) = b.mention(index) else {
                    continue;
                };
                out.push((MentionId { block, index }, m, verdict));
            }
        }
        out
    }

    /// The innermost mention whose span holds `offset` (an offset at a mention's end counts
    /// too, so the cursor just after a word still hovers it). Figures may contain an entity
    /// ("3,200 Chinese troops"); on "Chinese" the entity wins.
    pub fn mention_at(&self, offset: usize) -> Option<(MentionId, Mention)> {
        let block = self
            .blocks
            .partition_point(|b| b.offset <= offset)
            .checked_sub(1)?;
        let b = &self.blocks[block];
        if offset > b.end {
            return None;
        }
        let local = offset - b.offset;
        let mentions = &b.analyzed.mentions;
        let after = mentions.partition_point(|m| m.span().start <= local);
        // Mentions are short and nest at most one deep, so a few steps back suffice.
        let index = (after.saturating_sub(8)..after)
            .rev()
            .filter(|&i| {
                let span = mentions[i].span();
                span.start <= local && local <= span.end
            })
            .min_by_key(|&i| mentions[i].span().len())?;
        Some((MentionId { block, index }, b.mention(index)?))
    }

    pub fn verdict_for(&self, id: MentionId) -> Option<&Verdict> {
        self.blocks.get(id.block)?.verdict(id.index)
    }
}
