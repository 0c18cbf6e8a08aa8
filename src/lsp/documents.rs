//! Open documents: their text, a rope for incremental edits, their version, and panic-free edits.
//!
//! Invariant: every edit is applied whatever its positions (clamped to the text, snapped to
//! char boundaries), in the order the handlers call `change`, which they do before any `.await`.

use crate::position::Encoding;
use ropey::Rope;
use std::collections::HashMap;
use std::sync::Arc;

/// Notes of this many bytes or more let go of their rope when they are analyzed.
const ROPE_DROPPED_FROM: usize = 4 << 20;

/// One edit as the client sent it: a range (absent for a full replacement) and the new text.
#[derive(Clone, Debug)]
pub struct Edit {
    pub range: Option<(crate::position::LineCol, crate::position::LineCol)>,
    pub text: String,
}

/// One open document. At least one of `rope` and `cached` is always present.
#[derive(Clone, Debug)]
pub struct Document {
    /// The text as a rope, which finds the offset of a (line, column) quickly in a long text.
    /// Built at the first incremental edit, not at opening: a note opened to be read never
    /// needs it, and on opening a large note its copy of the text was a millisecond per MiB
    /// (pages touched for the first time) on the way to the first diagnostics. A huge note
    /// lets go of it when it is analyzed (`release_huge_rope`).
    rope: Option<Rope>,
    pub version: i32,
    pub language: String,
    /// The text as a string, shared with analyses until the next edit. While something else
    /// holds it, each edit is spliced into a copy (`memcpy`, far cheaper than collecting the
    /// rope's chunks); when nothing does, an edit lets it go and the next `text()` collects
    /// it from the rope, so a huge note is not held twice.
    cached: Option<Arc<str>>,
}

impl Document {
    pub fn new(text: &str, version: i32, language: &str) -> Document {
        Document {
            rope: None,
            version,
            language: language.to_string(),
            cached: Some(Arc::from(text)),
        }
    }

    /// The whole text; cheap to call again until the document changes.
    pub fn text(&mut self) -> Arc<str> {
        if let Some(text) = &self.cached {
            return text.clone();
        }
        let text = joined(self.rope().chunks());
        self.cached = Some(text.clone());
        text
    }

    /// Let go of the rope of a huge note whose text an analysis is about to hold. Kept, the
    /// rope would hold the note a second time (ropey's chunks and nodes take about 1.1 times
    /// the text) for as long as the note is open; the next edit builds it again from the
    /// text, in 25-70 ms for 56 MB, once per burst of edits. Returns whether it did.
    pub fn release_huge_rope(&mut self) -> bool {
        let huge = self
            .cached
            .as_ref()
            .is_some_and(|t| t.len() >= ROPE_DROPPED_FROM);
        huge && self.rope.take().is_some()
    }

    /// The text as a rope, built from the text if this is its first use.
    pub fn rope(&mut self) -> &mut Rope {
        let cached = &self.cached;
        self.rope
            .get_or_insert_with(|| Rope::from_str(cached.as_deref().unwrap_or_default()))
    }

    /// Apply edits in order. Returns false when the version went backwards (the edits are
    /// still applied: arrival order is the truth, the version is only a label).
    pub fn apply(&mut self, version: i32, edits: &[Edit], encoding: Encoding) -> bool {
        for edit in edits {
            match edit.range {
                None => {
                    self.rope = None;
                    self.cached = Some(Arc::from(edit.text.as_str()));
                }
                Some((start, end)) => {
                    let a = self.char_at(start, encoding);
                    let b = self.char_at(end, encoding);
                    let (a, b) = (a.min(b), a.max(b));
                    let rope = self.rope();
                    let bytes = rope.char_to_byte(a)..rope.char_to_byte(b);
                    // Both are clamped to the rope, so these cannot fail; ignore if they do.
                    let removed = rope.try_remove(a..b).is_ok();
                    let inserted = rope.try_insert(a, &edit.text).is_ok();
                    self.cached = match self.cached.take() {
                        // Nothing else holds the old text (no analysis, snapshot or request):
                        // let it go now, and collect the new one from the rope when it is
                        // asked for. Spliced, a huge note would be held twice for a moment.
                        Some(old) if Arc::strong_count(&old) == 1 => None,
                        Some(old) if removed && inserted => spliced(&old, bytes, &edit.text),
                        _ => None,
                    };
                }
            }
        }
        let increasing = version > self.version;
        self.version = version;
        increasing
    }

    /// The char index of a position, clamped like `position::LineIndex` clamps.
    pub fn char_at(&mut self, pos: crate::position::LineCol, encoding: Encoding) -> usize {
        let rope = self.rope();
        let line = pos.line as usize;
        if line >= rope.len_lines() {
            return rope.len_chars();
        }
        let line_start = rope.line_to_char(line);
        let line_text: String = rope.line(line).chars().collect();
        let index = crate::position::LineIndex::new(&line_text);
        let byte = index.to_offset(
            &line_text,
            crate::position::LineCol {
                line: 0,
                col: pos.col,
            },
            encoding,
        );
        line_start + line_text[..byte].chars().count()
    }
}

/// `old` with `range` replaced by `insert`. `None` if `range` does not cut `old` at char
/// boundaries (never, as the rope gives them); the caller then collects the text from the rope.
fn spliced(old: &str, range: std::ops::Range<usize>, insert: &str) -> Option<Arc<str>> {
    if range.start > range.end
        || !old.is_char_boundary(range.start)
        || !old.is_char_boundary(range.end)
    {
        return None;
    }
    Some(joined(
        [&old[..range.start], insert, &old[range.end..]].into_iter(),
    ))
}

/// `parts` end to end, written straight into the shared allocation. A `String` built first
/// and then turned into an `Arc<str>` is copied on the way: for a moment an edit held the note
/// twice over (50 MB more at an edit of a 50 MB note). `parts` is walked twice (to size the
/// allocation, then to fill it) and must give the same parts both times, as slices and rope
/// chunks do.
fn joined<'a>(parts: impl Iterator<Item = &'a str> + Clone) -> Arc<str> {
    let total: usize = parts.clone().map(str::len).sum();
    let mut bytes = Arc::<[u8]>::new_uninit_slice(total);
    let buffer = Arc::get_mut(&mut bytes).expect("a new Arc has no other owner");
    let mut at = 0;
    for part in parts.clone() {
        match buffer.get_mut(at..at + part.len()) {
            // SAFETY: `room` is `part.len()` bytes of the buffer (`get_mut` checked the range),
            // and a new allocation does not overlap `part`. (`write_copy_of_slice` would say
            // this safely, but it is newer than the crate's minimum Rust.)
            Some(room) => unsafe {
                std::ptr::copy_nonoverlapping(part.as_ptr(), room.as_mut_ptr().cast(), part.len())
            },
            None => break,
        };
        at += part.len();
    }
    if at != total {
        // The parts changed between the two walks: they cannot (they are borrowed), but
        // unfilled bytes must never be read.
        return Arc::from(parts.collect::<String>());
    }
    // SAFETY: every byte of the buffer was written (the parts, end to end, filled it exactly:
    // `at == total`), as `assume_init` requires. The bytes are UTF-8: `str`s end to end. `[u8]`
    // and `str` have the same layout, so the `Arc` may be read back as an `Arc<str>`.
    unsafe {
        let bytes = bytes.assume_init();
        Arc::from_raw(Arc::into_raw(bytes) as *const str)
    }
}

/// All open documents by URI string.
#[derive(Default)]
pub struct Documents {
    docs: HashMap<String, Document>,
}

impl Documents {
    pub fn open(&mut self, uri: &str, text: &str, version: i32, language: &str) {
        self.docs
            .insert(uri.to_string(), Document::new(text, version, language));
    }

    /// Apply a change; unknown documents are ignored (with a warning).
    pub fn change(&mut self, uri: &str, version: i32, edits: &[Edit], encoding: Encoding) {
        match self.docs.get_mut(uri) {
            Some(doc) => {
                if !doc.apply(version, edits, encoding) {
                    tracing::warn!("{uri}: version {version} does not increase; applied anyway");
                }
            }
            None => tracing::warn!("didChange for a document that is not open: {uri}"),
        }
    }

    pub fn close(&mut self, uri: &str) -> bool {
        self.docs.remove(uri).is_some()
    }

    pub fn get_mut(&mut self, uri: &str) -> Option<&mut Document> {
        self.docs.get_mut(uri)
    }

    pub fn get(&self, uri: &str) -> Option<&Document> {
        self.docs.get(uri)
    }

    /// A huge document whose `text` is about to be analyzed lets go of its rope (see
    /// `Document::release_huge_rope`), unless it changed since `text` was read.
    pub fn release_huge_rope(&mut self, uri: &str, text: &Arc<str>) {
        if let Some(doc) = self.docs.get_mut(uri) {
            if doc.cached.as_ref().is_some_and(|t| Arc::ptr_eq(t, text)) && doc.release_huge_rope()
            {
                tracing::debug!("{uri}: rope let go until the next edit");
            }
        }
    }

    /// The text and version of an open document.
    pub fn snapshot(&mut self, uri: &str) -> Option<(Arc<str>, i32)> {
        self.docs.get_mut(uri).map(|d| (d.text(), d.version))
    }

    pub fn uris(&self) -> impl Iterator<Item = &String> {
        self.docs.keys()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::position::LineCol;

    fn edit(l1: u32, c1: u32, l2: u32, c2: u32, text: &str) -> Edit {
        Edit {
            range: Some((LineCol { line: l1, col: c1 }, LineCol { line: l2, col: c2 })),
            text: text.to_string(),
        }
    }

    #[test]
    fn spliced_text_is_head_insert_tail_or_none_off_a_char_boundary() {
        let old = "Путин 👍 said";
        let cases = [
            (0..0, "«", Some("«Путин 👍 said")),
            (0..4, "", Some("тин 👍 said")),
            (11..15, "", Some("Путин  said")),
            (old.len()..old.len(), "!", Some("Путин 👍 said!")),
            (11..old.len(), " spoke", Some("Путин  spoke")),
            (1..4, "x", None),
            (13..15, "x", None),
            (std::ops::Range { start: 5, end: 3 }, "x", None),
        ];
        for (range, insert, expected) in cases {
            let got = spliced(old, range.clone(), insert);
            assert_eq!(got.as_deref(), expected, "{range:?} {insert:?}");
        }
    }

    #[test]
    fn incremental_edits_count_columns_in_the_negotiated_encoding() {
        // (initial text, edit, encoding, expected)
        let cases = [
            (
                "Путин 👍 said",
                edit(0, 9, 0, 13, "spoke"),
                Encoding::Utf16,
                "Путин 👍 spoke",
            ),
            (
                "Путин 👍 said",
                edit(0, 16, 0, 20, "spoke"),
                Encoding::Utf8,
                "Путин 👍 spoke",
            ),
            ("a\r\nb", edit(0, 1, 1, 0, ""), Encoding::Utf16, "ab"),
            ("a\rb\nc", edit(1, 0, 1, 1, "B"), Encoding::Utf16, "a\rB\nc"),
            (
                "e\u{301}x",
                edit(0, 2, 0, 3, "y"),
                Encoding::Utf16,
                "e\u{301}y",
            ),
            (
                "中文\u{2028}z",
                edit(0, 3, 0, 4, "Z"),
                Encoding::Utf16,
                "中文\u{2028}Z",
            ),
            // Past the end of the line: clamped to the line's end, before its break.
            (
                "ab\ncd",
                edit(0, 99, 0, 99, "!"),
                Encoding::Utf16,
                "ab!\ncd",
            ),
            // Past the end of the document; reversed ranges are ordered.
            ("ab", edit(5, 0, 9, 9, "!"), Encoding::Utf16, "ab!"),
            ("abcd", edit(0, 3, 0, 1, ""), Encoding::Utf16, "ad"),
            // Inside a surrogate pair: snapped to the char's start.
            ("x😀y", edit(0, 2, 0, 2, "-"), Encoding::Utf16, "x-😀y"),
        ];
        for (initial, e, encoding, expected) in cases {
            // With the old text held elsewhere the edit is spliced into a copy of it; alone, it
            // is let go and the new text collected from the rope. Both agree with the rope.
            for held_elsewhere in [false, true] {
                let mut doc = Document::new(initial, 0, "markdown");
                let held = held_elsewhere.then(|| doc.text());
                doc.apply(1, std::slice::from_ref(&e), encoding);
                assert_eq!(doc.cached.is_some(), held.is_some(), "{initial:?} {e:?}");
                assert_eq!(&*doc.text(), expected, "{initial:?} {e:?} {held:?}");
                assert_eq!(doc.rope().to_string(), expected, "{initial:?} {e:?}");
            }
        }
    }

    #[test]
    fn a_text_collected_from_many_rope_chunks_is_the_rope_whole() {
        let text = "Путин и Си 👍, 3,200 troops.\r\n".repeat(5000);
        let rope = Rope::from_str(&text);
        assert!(rope.chunks().count() > 100);
        assert_eq!(&*joined(rope.chunks()), text);
        assert_eq!(&*joined(std::iter::empty()), "");
    }

    /// A huge note lets go of its rope for an analysis of its current text, and the next
    /// edit lands where it would have with the rope kept. A small note keeps its rope, and so
    /// does a note whose text changed since the analysis read it.
    #[test]
    fn a_huge_note_lets_go_of_its_rope_and_the_next_edit_rebuilds_it() {
        let line = "Путин и Си 👍, 3,200 troops.\n";
        let huge = line.repeat(ROPE_DROPPED_FROM / line.len() + 1);
        let mut docs = Documents::default();
        docs.open("huge", &huge, 0, "markdown");
        docs.open("small", line, 0, "markdown");
        let typed = Edit {
            range: Some((LineCol { line: 2, col: 6 }, LineCol { line: 2, col: 6 })),
            text: "x".into(),
        };
        for uri in ["huge", "small"] {
            docs.change(uri, 1, std::slice::from_ref(&typed), Encoding::Utf16);
            let (text, _) = docs.snapshot(uri).unwrap();
            docs.release_huge_rope(uri, &text);
            let doc = docs.get_mut(uri).unwrap();
            assert_eq!(doc.rope.is_none(), uri == "huge", "{uri}");
            // A text that is no longer the document's does not make it let go.
            doc.rope();
            let stale: Arc<str> = Arc::from(&*text);
            docs.release_huge_rope(uri, &stale);
            assert!(docs.get_mut(uri).unwrap().rope.is_some());
        }
        let doc = docs.get_mut("huge").unwrap();
        doc.rope = None;
        doc.apply(2, std::slice::from_ref(&typed), Encoding::Utf16);
        let mut expected = huge.clone();
        let at = 2 * line.len() + "Путин ".len();
        expected.insert_str(at, "xx");
        assert_eq!(&*doc.text(), expected);
    }

    #[test]
    fn a_full_replacement_and_a_decreasing_version_are_applied() {
        let mut doc = Document::new("old", 5, "markdown");
        let full = Edit {
            range: None,
            text: "new".into(),
        };
        assert!(!doc.apply(3, &[full], Encoding::Utf16));
        assert_eq!((&*doc.text(), doc.version), ("new", 3));
    }
}
