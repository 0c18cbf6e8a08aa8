//! Re-parsing a note's markdown after an edit: only the top-level blocks around the change.
//!
//! The edit is given as the lengths of the text it kept at both ends (found by comparing the old
//! and new texts, or, without the old text, by their prints: `text_print`). The window
//! to re-parse runs from the top-level block before the change to the one after it. The result
//! is used only when the re-parse provably agrees with a full parse: the window's first and last
//! top-level blocks must come out exactly as before (same span, same kind), so the parser is in
//! the same state at both edges; otherwise, and whenever the note has link reference
//! definitions (they act at a distance), the whole note is parsed again.

use super::markdown::{self, parse_window, Chunk, HtmlSnippet, Prose, ProseBlock};
use crate::model::Span;

/// The prose of `new`, reusing `old`'s parse of `old_text` outside the edited window.
pub fn reparse(old_text: &str, old: Prose, new: &str, body_start: usize) -> Prose {
    let ends = common_ends(old_text.as_bytes(), new.as_bytes());
    reparse_with_ends(old_text.len(), old, new, body_start, ends)
}

/// `reparse` without the old text: `old_len` is its length, and `ends` are bytes at its start
/// and end that `new` kept (`common_ends`, or shorter ends that are just as true).
pub(crate) fn reparse_with_ends(
    old_len: usize,
    old: Prose,
    new: &str,
    body_start: usize,
    ends: (usize, usize),
) -> Prose {
    try_reparse(old_len, old, new, body_start, ends)
        .unwrap_or_else(|| markdown::parse(new, body_start))
}

fn try_reparse(
    old_len: usize,
    old: Prose,
    new: &str,
    body_start: usize,
    (prefix, suffix): (usize, usize),
) -> Option<Prose> {
    if old.body_start != body_start
        || old.len != old_len
        || prefix + suffix > old_len.min(new.len())
    {
        return None;
    }
    if prefix == new.len() && old_len == new.len() {
        return Some(old);
    }
    // `[x]: url` and footnote definitions change how text far away parses. The old text had
    // none, so the new one has one only if the changed bytes (and one on each side) make it.
    let changed = prefix.saturating_sub(1)..(new.len() - suffix + 1).min(new.len());
    if old.may_define_links || memchr::memmem::find(&new.as_bytes()[changed], b"]:").is_some() {
        return None;
    }
    let old_changed_end = old_len - suffix;
    if prefix < body_start {
        return None;
    }
    let chunks = &old.chunks;
    let delta = new.len() as isize - old_len as isize;
    let (from, to, window) = window_around(new, delta, chunks, prefix, old_changed_end)?;
    let (start, old_end) = (window.start, window.end);
    let shift = |at: usize| at.checked_add_signed(delta);
    let new_end = shift(old_end)?;
    if !new.is_char_boundary(new_end) {
        return None;
    }

    let window = parse_window(new, start..new_end);
    let same = |a: Option<&Chunk>, b: &Chunk, moved: bool| {
        let span = if moved {
            match (shift(b.span.start), shift(b.span.end)) {
                (Some(s), Some(e)) => s..e,
                _ => return false,
            }
        } else {
            b.span.clone()
        };
        a.is_some_and(|a| a.kind == b.kind && a.span == span)
    };
    if !same(window.chunks.first(), &chunks[from], false)
        || !same(window.chunks.last(), &chunks[to], true)
    {
        return None;
    }
    let blocks = splice(
        old.blocks.len(),
        old.blocks.iter().filter(|b| b.span.end <= start),
        window.blocks,
        old.blocks.iter().filter(|b| b.span.start >= old_end),
        delta,
    )?;
    let html = splice(
        old.html.len(),
        old.html.iter().filter(|h| h.span.end <= start),
        window.html,
        old.html.iter().filter(|h| h.span.start >= old_end),
        delta,
    )?;
    let blanks = splice(
        old.blanks.len(),
        old.blanks.iter().filter(|b| b.end <= start),
        window.blanks,
        old.blanks.iter().filter(|b| b.start >= old_end),
        delta,
    )?;
    let new_chunks = splice(
        chunks.len(),
        chunks[..from].iter(),
        window.chunks,
        chunks[to + 1..].iter(),
        delta,
    )?;
    Some(Prose {
        len: new.len(),
        blanks,
        blocks,
        html,
        chunks: new_chunks,
        body_start,
        may_define_links: false,
    })
}

/// The top-level blocks to parse again around a change at `prefix..old_changed_end` of the old
/// text: the first and last (indices into `chunks`, one more on each side than the change
/// reaches) and the whole lines they cover, in the old text. Lines are found in `new`, the text
/// after the change, `delta` bytes longer: the window's edges lie in the bytes it kept.
fn window_around(
    new: &str,
    delta: isize,
    chunks: &[Chunk],
    prefix: usize,
    old_changed_end: usize,
) -> Option<(usize, usize, Span)> {
    // The first block reaching the change, and the last one starting before its end.
    let first = chunks.partition_point(|c| c.span.end < prefix);
    let last = chunks.partition_point(|c| c.span.start <= old_changed_end);
    // One more block on each side: the edit may join or split its neighbours.
    let (from, to) = (first.checked_sub(1)?, last + 1);
    if to >= chunks.len() || from >= to {
        return None;
    }
    // The first block ends before the change, the last starts after it.
    let start = line_start(new, chunks[from].span.start.min(prefix));
    let new_end = line_end(
        new,
        chunks[to]
            .span
            .end
            .checked_add_signed(delta)?
            .min(new.len()),
    );
    let old_end = new_end.checked_add_signed(-delta)?;
    (start <= prefix && old_end >= old_changed_end).then_some((from, to, start..old_end))
}

/// Does `prose`, a parse of `text` made in windows that meet at `cut` (a line start), read
/// there as a parse of the whole would? The top-level blocks around the cut are parsed again
/// in one window, which must give exactly the blocks, blank runs and HTML `prose` has
/// there: `reparse` would then keep `prose` as it is.
pub(crate) fn seam_agrees(text: &str, prose: &Prose, cut: usize) -> bool {
    let Some((from, to, window)) = window_around(text, 0, &prose.chunks, cut, cut) else {
        return false;
    };
    if window.start < prose.body_start || prose.len != text.len() {
        return false;
    }
    let parsed = parse_window(text, window.clone());
    // What a splice would replace: the items neither wholly before nor wholly after, a run
    // of each sorted list (found by binary search: a 50 MB note has hundreds of seams).
    parsed.chunks[..] == prose.chunks[from..=to]
        && parsed.blocks[..] == prose.blocks[run(&prose.blocks, |b| &b.span, &window)]
        && parsed.html[..] == prose.html[run(&prose.html, |h| &h.span, &window)]
        && parsed.blanks[..] == *prose.blanks_in(&window)
}

/// The run of `items` (sorted, apart) that meets `window`.
fn run<T>(items: &[T], span: impl Fn(&T) -> &Span, window: &Span) -> std::ops::Range<usize> {
    let from = items.partition_point(|item| span(item).end <= window.start);
    let to = items.partition_point(|item| span(item).start < window.end);
    from..to.max(from)
}

/// Something with a span in the note: a prose block, an HTML snippet, a top-level block.
trait Spanned: Clone {
    fn span_mut(&mut self) -> &mut Span;
}

impl Spanned for ProseBlock {
    fn span_mut(&mut self) -> &mut Span {
        &mut self.span
    }
}

impl Spanned for HtmlSnippet {
    fn span_mut(&mut self) -> &mut Span {
        &mut self.span
    }
}

impl Spanned for Span {
    fn span_mut(&mut self) -> &mut Span {
        self
    }
}

impl Spanned for Chunk {
    fn span_mut(&mut self) -> &mut Span {
        &mut self.span
    }
}

/// The items before the window as they were, the window's, then the items after it moved by
/// `delta` bytes (`None` if one would move out of range). `old_len` sizes the result.
fn splice<'a, T: Spanned + 'a>(
    old_len: usize,
    before: impl Iterator<Item = &'a T>,
    window: Vec<T>,
    after: impl Iterator<Item = &'a T>,
    delta: isize,
) -> Option<Vec<T>> {
    let mut items = Vec::with_capacity(old_len + window.len());
    items.extend(before.cloned());
    items.extend(window);
    for item in after {
        let mut item = item.clone();
        let span = item.span_mut();
        *span = span.start.checked_add_signed(delta)?..span.end.checked_add_signed(delta)?;
        items.push(item);
    }
    Some(items)
}

/// Lengths of the longest common prefix and suffix (not overlapping in the shorter text), cut
/// back to char boundaries.
pub(crate) fn common_ends(old: &[u8], new: &[u8]) -> (usize, usize) {
    let mut prefix = common_prefix(old, new);
    while prefix > 0 && !(is_boundary(old, prefix) && is_boundary(new, prefix)) {
        prefix -= 1;
    }
    let room = old.len().min(new.len()) - prefix;
    let mut suffix = common_suffix(&old[old.len() - room..], &new[new.len() - room..]);
    while suffix > 0
        && !(is_boundary(old, old.len() - suffix) && is_boundary(new, new.len() - suffix))
    {
        suffix -= 1;
    }
    (prefix, suffix)
}

/// Compared a page at a time, then 64 bytes, then byte by byte: `==` on slices is one
/// `memcmp` call, and on a large note a call per 64 bytes cost more than the comparing.
const STRIDES: [usize; 2] = [4096, 64];

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    for stride in STRIDES {
        while i + stride <= n && a[i..i + stride] == b[i..i + stride] {
            i += stride;
        }
    }
    i + a[i..n]
        .iter()
        .zip(&b[i..n])
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut k = 0;
    for stride in STRIDES {
        while k + stride <= n && a[n - k - stride..n - k] == b[n - k - stride..n - k] {
            k += stride;
        }
    }
    k + a[..n - k]
        .iter()
        .rev()
        .zip(b[..n - k].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn is_boundary(bytes: &[u8], at: usize) -> bool {
    at == 0 || at == bytes.len() || (bytes[at] as i8) >= -0x40
}

fn line_start(text: &str, at: usize) -> usize {
    memchr::memrchr(b'\n', &text.as_bytes()[..at]).map_or(0, |i| i + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    if at > 0 && text.as_bytes().get(at - 1) == Some(&b'\n') {
        return at;
    }
    memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `try_reparse` with the common ends found as `reparse` finds them.
    fn try_reparse_of(old_text: &str, old: &Prose, new: &str) -> Option<Prose> {
        try_reparse(
            old_text.len(),
            old.clone(),
            new,
            0,
            common_ends(old_text.as_bytes(), new.as_bytes()),
        )
    }
    use crate::notes::markdown::parse;

    const NOTE: &str = "# Notes\n\nRussia sent 3,200 troops.\n\n- one 1999\n- two 2000\n\n\
> quoted 2004\n\n```text\ncode 12\n```\n\nA paragraph <!-- geonotes-ignore --> here.\n\n\
| a | b |\n|---|---|\n| 1 | 2 |\n\nLast line 2014.\n";

    /// An edit longer than the lines around it is still re-parsed around it: the window's
    /// end is found in the new text, past the inserted bytes.
    #[test]
    fn a_long_insertion_is_reparsed_in_its_window() {
        let old = parse(NOTE, 0);
        let at = NOTE.find("- two").unwrap();
        for insert in [
            "x".repeat(300),
            format!("{}\n\n", "word ".repeat(80)),
            "- z\n".repeat(50),
        ] {
            let new = format!("{}{insert}{}", &NOTE[..at], &NOTE[at..]);
            let reparsed = try_reparse_of(NOTE, &old, &new).expect("re-parsed in its window");
            assert_eq!(reparsed, parse(&new, 0));
            let removed = try_reparse_of(&new, &reparsed, NOTE).expect("and back");
            assert_eq!(removed, old);
        }
    }

    /// Every edit of a table of tricky ones, anywhere: the re-parse equals a full parse.
    #[test]
    fn reparse_equals_a_full_parse_for_tricky_edits() {
        let inserts = [
            "x",
            "\n",
            "\n\n",
            "```",
            "```\n",
            "- ",
            "> ",
            "<!--",
            "-->",
            "# ",
            "1. ",
            "    ",
            "|",
            "---\n",
            "[a]",
            "*",
            "https://x.org/1 ",
            "\u{201C}",
            "é",
        ];
        let old = parse(NOTE, 0);
        let mut reused = 0;
        for at in (0..=NOTE.len()).filter(|&i| NOTE.is_char_boundary(i)) {
            for insert in inserts {
                let new = format!("{}{insert}{}", &NOTE[..at], &NOTE[at..]);
                assert_eq!(
                    reparse(NOTE, old.clone(), &new, 0),
                    parse(&new, 0),
                    "{insert:?} at {at}"
                );
                reused += usize::from(try_reparse_of(NOTE, &old, &new).is_some());
            }
            let end = NOTE[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            let deleted = format!("{}{}", &NOTE[..at], &NOTE[end..]);
            assert_eq!(
                reparse(NOTE, old.clone(), &deleted, 0),
                parse(&deleted, 0),
                "delete at {at}"
            );
        }
        // Most edits take the incremental path; the rest fall back to a full parse.
        let edits = NOTE.chars().count() * inserts.len();
        assert!(
            reused * 2 > edits,
            "only {reused} of {edits} edits re-parsed a window"
        );
    }

    #[test]
    fn common_ends_stop_at_the_change_and_at_char_boundaries() {
        let long = "ab".repeat(100);
        let cases: &[(&str, &str, (usize, usize))] = &[
            ("abc", "abc", (3, 0)),
            ("abc", "abxc", (2, 1)),
            ("abxc", "abc", (2, 1)),
            ("aaa", "aaaa", (3, 0)),
            // "é" and "è" share their first byte: the prefix stops before the char.
            ("xé", "xè", (1, 0)),
            ("éx", "èx", (0, 1)),
        ];
        for (old, new, expected) in cases {
            assert_eq!(
                common_ends(old.as_bytes(), new.as_bytes()),
                *expected,
                "{old} → {new}"
            );
        }
        // Longer than the 64-byte stride on both sides of the change.
        let (old, new) = (format!("{long}-{long}"), format!("{long}+{long}"));
        assert_eq!(common_ends(old.as_bytes(), new.as_bytes()), (200, 200));
        // Changes on both sides of every stride's edge, against a byte-by-byte count.
        let page: Vec<u8> = (0..10_000u32).map(|i| b'a' + (i % 23) as u8).collect();
        for at in [
            0, 1, 63, 64, 65, 4095, 4096, 4097, 4160, 5000, 8191, 8192, 9999,
        ] {
            for (old, new) in [
                (page.clone(), [&page[..at], b"#", &page[at..]].concat()),
                (page.clone(), [&page[..at], &page[at + 1..]].concat()),
            ] {
                let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
                let room = old.len().min(new.len()) - prefix;
                let suffix = old.iter().rev().zip(new.iter().rev()).take(room);
                let suffix = suffix.take_while(|(a, b)| a == b).count();
                assert_eq!(common_ends(&old, &new), (prefix, suffix), "at {at}");
            }
        }
    }

    #[test]
    fn an_edit_in_one_paragraph_reuses_the_rest() {
        let old = parse(NOTE, 0);
        let new = NOTE.replace("3,200", "3,500");
        assert!(try_reparse_of(NOTE, &old, &new).is_some());
        // A definition elsewhere changes what `[a]` means: parse everything again.
        let with_definition = format!("{NOTE}\n[a]: https://x.org\n");
        let old = parse(&with_definition, 0);
        let new = with_definition.replace("3,200", "3,500");
        assert!(try_reparse_of(&with_definition, &old, &new).is_none());
        // Removing a definition changes `[a]` as much as adding one.
        let between = format!("{NOTE}\n[a]: https://x.org\n\n{NOTE}");
        let without = between.replace("[a]:", "[a] ");
        assert!(try_reparse_of(&between, &parse(&between, 0), &without).is_none());
        // A `]:` made by the edit from a `]` just before it.
        let plain = format!("{NOTE}\n[a] https://x.org\n");
        let made = plain.replace("[a] https", "[a]: https");
        assert!(try_reparse_of(&plain, &parse(&plain, 0), &made).is_none());
    }
}
