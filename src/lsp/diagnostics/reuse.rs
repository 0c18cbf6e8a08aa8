//! The bytes of a document's last diagnostics frame, reused after an edit: the diagnostics of
//! a block whose cached findings are the very same and whose positions cannot have moved are
//! copied in one piece, not written again.
//!
//! After a keystroke nearly every diagnostic is unchanged, and writing one means reading its
//! scattered strings (on this machine about as long as the edit's whole analysis). A group of
//! findings (`FindingGroup`: a run of one cached block's) is copied only when it is the same
//! run of the same shared block, with the same severities, and every offset of the block lies
//! in text the edit did not touch, where its line number and column are provably the same:
//! - before the edit: offsets below the common prefix of the two texts;
//! - after the edit: offsets from the first line that starts inside the common suffix, when
//!   that line has the same number in both texts (the edit added or removed no line break).
//!
//! Invariant: the frame equals the one written from scratch, byte for byte (tested over
//! random edit sequences).

use crate::analysis::{FindingGroup, GroupIdentity};
use crate::article::Article;
use crate::lsp::state::{DocKind, Snapshot};
use crate::model::Span;
use crate::position::Encoding;
use rustc_hash::FxHashMap;
use std::sync::{Arc, Mutex};

/// Frames larger than this are not kept: for a huge note a copy of its frame would cost more
/// memory than the time it saves is worth.
pub const KEEP_FRAMES_UP_TO: usize = 8 << 20;

/// Frames of notes this long or longer are not kept either, however small: a memo holds its
/// snapshot, text and analysis, until the next frame, so that an edit's new text was made while
/// the old one was still held (a 52 MB note without a source, whose frame is a few bytes: 110
/// MB more at the edit's peak, where 59 MB are the rope the edit needs).
pub const KEEP_FRAMES_OF_NOTES_BELOW: usize = 4 << 20;

/// The last whole frame of a document and what it was written from.
pub struct FrameMemo {
    snap: Arc<Snapshot>,
    encoding: Encoding,
    article: Option<(String, Arc<Article>)>,
    frame: Vec<u8>,
    /// Where each group of findings was written, in the order of the groups.
    items: Vec<MemoItem>,
    /// How many diagnostics the frame holds.
    count: usize,
}

/// The bytes of one group's diagnostics (and the commas between them) in a frame.
#[derive(Clone, Copy, Debug)]
pub struct MemoItem {
    pub start: u32,
    pub end: u32,
    /// The group's identity and its block's document offset; `None` for a front matter finding.
    pub group: Option<(GroupIdentity, usize)>,
}

/// The memos of open documents, by URI (shared with the output, which keeps each frame once
/// it is written). Only open documents have a slot: a frame written after its document
/// closed is not kept.
#[derive(Clone, Default)]
pub struct FrameMemos(Arc<Mutex<FxHashMap<String, Option<FrameMemo>>>>);

impl FrameMemos {
    pub fn opened(&self, uri: &str) {
        if let Ok(mut memos) = self.0.lock() {
            memos.insert(uri.to_string(), None);
        }
    }

    pub fn take(&self, uri: &str) -> Option<FrameMemo> {
        self.0.lock().ok()?.get_mut(uri)?.take()
    }

    pub fn keep(&self, uri: &str, memo: FrameMemo) {
        if let Some(slot) = self.0.lock().ok().as_mut().and_then(|m| m.get_mut(uri)) {
            *slot = Some(memo);
        }
    }

    pub fn forget(&self, uri: &str) {
        if let Ok(mut memos) = self.0.lock() {
            memos.remove(uri);
        }
    }
}

/// What a frame is written from, as far as reuse cares.
pub struct Written<'a> {
    pub snap: &'a Arc<Snapshot>,
    pub encoding: Encoding,
    pub article: Option<(&'a str, &'a Arc<Article>)>,
}

impl FrameMemo {
    /// The memo of a frame about to be written, without its bytes yet; `items` are relative
    /// to the frame's body.
    pub fn pending(written: &Written, items: Vec<MemoItem>, count: usize) -> FrameMemo {
        FrameMemo {
            snap: written.snap.clone(),
            encoding: written.encoding,
            article: written.article.map(|(uri, a)| (uri.to_string(), a.clone())),
            frame: Vec::new(),
            items,
            count,
        }
    }

    /// About how long a frame of `count` diagnostics of this document will be: the frame's
    /// length, more by the average diagnostic for each one added. Cheaper than measuring each
    /// finding's strings, which is as slow as writing them.
    pub fn size_hint(&self, count: usize) -> usize {
        let each = self.frame.len() / self.count.max(1);
        self.frame.len() + count.saturating_sub(self.count) * each + (16 << 10)
    }

    /// The memo with the frame's bytes, once written. The body starts after the header.
    pub fn with_frame(mut self, frame: Vec<u8>) -> FrameMemo {
        let body_start = frame
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(0, |i| i + 4) as u32;
        for item in &mut self.items {
            item.start += body_start;
            item.end += body_start;
        }
        self.frame = frame;
        self
    }
}

/// Old diagnostics matched to new groups of findings while a frame is written.
pub struct Reuse<'a> {
    memo: &'a FrameMemo,
    /// New offsets below this are in the common prefix and did not move.
    prefix: usize,
    /// New offsets from here on are in the common suffix, on lines whose numbers did not
    /// change; they were `delta` bytes earlier before (`usize::MAX`: none).
    suffix_from: usize,
    delta: isize,
    /// The first old item not yet passed.
    next: usize,
}

impl<'a> Reuse<'a> {
    /// `None` when nothing of `memo` can be reused for a frame written from `now`.
    pub fn new(memo: &'a FrameMemo, now: &Written) -> Option<Reuse<'a>> {
        let same_article = match (&memo.article, &now.article) {
            (None, None) => true,
            (Some((old_uri, old)), Some((uri, new))) => old_uri == uri && Arc::ptr_eq(old, new),
            _ => false,
        };
        if !same_article || memo.encoding != now.encoding {
            return None;
        }
        let (DocKind::Note { analysis: old, .. }, DocKind::Note { analysis: new, .. }) =
            (&memo.snap.kind, &now.snap.kind)
        else {
            return None;
        };
        let (old_text, new_text) = (&*memo.snap.text, &*now.snap.text);
        let (prefix, suffix) =
            crate::notes::incremental::common_ends(old_text.as_bytes(), new_text.as_bytes());
        let delta = new_text.len() as isize - old_text.len() as isize;
        // The first line that starts inside the common suffix: the break before it is there
        // too, so in both texts the same bytes lead from its start to any later offset.
        let boundary = new_text.len() - suffix;
        let line = new.lines.line_of(boundary) + 1;
        let suffix_from = if line < new.lines.line_count() {
            let start = new.lines.line_span(new_text, line).start;
            let old_start = (start as isize - delta) as usize;
            let old_line = old.lines.line_of(old_start);
            let same =
                old_line == line && old.lines.line_span(old_text, old_line).start == old_start;
            if same && start > boundary {
                start
            } else {
                usize::MAX
            }
        } else {
            usize::MAX
        };
        Some(Reuse {
            memo,
            prefix,
            suffix_from,
            delta,
            next: 0,
        })
    }

    /// The old bytes of the diagnostics of `group`, when they are its bytes now. Call in the
    /// order of the new groups.
    pub fn bytes_for(&mut self, group: &FindingGroup) -> Option<&'a [u8]> {
        let (identity, extent) = group.identity()?;
        let old_offset = self.old_span(&extent)?.start;
        let items = &self.memo.items;
        let offset_of = |at: usize| items.get(at).map(|i| i.group.map_or(0, |(_, o)| o));
        while offset_of(self.next).is_some_and(|o| o < old_offset) {
            self.next += 1;
        }
        let mut at = self.next;
        while let Some(item) = items.get(at).filter(|_| offset_of(at) == Some(old_offset)) {
            if item.group.is_some_and(|(old, _)| old == identity) {
                return Some(&self.memo.frame[item.start as usize..item.end as usize]);
            }
            at += 1;
        }
        None
    }

    /// Where `span` of the new text was in the old text, when positions there did not change.
    fn old_span(&self, span: &Span) -> Option<Span> {
        if span.end < self.prefix {
            Some(span.clone())
        } else if span.start >= self.suffix_from {
            let back = |o: usize| (o as isize - self.delta) as usize;
            Some(back(span.start)..back(span.end))
        } else {
            None
        }
    }
}

#[cfg(test)]
impl FrameMemo {
    /// How many findings of `snap` would be copied from this memo.
    pub fn copies_for(&self, snap: &Arc<Snapshot>, encoding: Encoding) -> usize {
        let DocKind::Note { analysis, article } = &snap.kind else {
            return 0;
        };
        let now = Written {
            snap,
            encoding,
            article: article.as_ref().map(|a| (a.uri.as_str(), &a.article)),
        };
        let Some(mut reuse) = Reuse::new(self, &now) else {
            return 0;
        };
        analysis
            .finding_groups()
            .filter(|g| reuse.bytes_for(g).is_some())
            .map(|g| g.findings().count())
            .sum()
    }
}
