//! Open documents: their text, a rope for incremental edits, their version, and panic-free edits.
//!
//! Invariant: every edit is applied whatever its positions (clamped to the text, snapped to
//! char boundaries), in the order the handlers call `change`, which they do before any `.await`.

use crate::position::Encoding;
use ropey::Rope;
use std::collections::HashMap;
use std::sync::Arc;

/// Notes of this many bytes or more are edited without a rope. Its chunks and nodes take
/// about 1.1 times the text, and a 50 MB note (the largest issue 8 names) would be held twice
/// for as long as it is open; a position is found instead by scanning the text for its line,
/// a few milliseconds, which an edit of such a note pays once per position.
const FLAT_EDITS_FROM: usize = 4 << 20;

/// One edit as the client sent it: a range (absent for a full replacement) and the new text.
#[derive(Clone, Debug)]
pub struct Edit {
    pub range: Option<(crate::position::LineCol, crate::position::LineCol)>,
    pub text: String,
}

/// One open document.
#[derive(Clone, Debug)]
pub struct Document {
    /// The text, shared with analyses and requests until the next edit. An edit changes it in
    /// place when nothing else holds it (no copy of a huge note, not even for a moment), and
    /// splices into a copy when something does.
    text: Arc<String>,
    /// The text as a rope, which finds the offset of a (line, column) quickly in a long text,
    /// for notes under `flat_from` bytes. Built at the first incremental edit, not at opening:
    /// a note opened to be read never needs it, and on opening a large note its copy of the
    /// text was a millisecond per MiB (pages touched for the first time) on the way to the
    /// first diagnostics.
    rope: Option<Rope>,
    pub version: i32,
    pub language: String,
    /// `FLAT_EDITS_FROM`, but lower in tests, which edit small texts both ways.
    flat_from: usize,
}

impl Document {
    /// A document holding `text` itself: the text of a didOpen is not copied.
    pub fn new(mut text: String, version: i32, language: &str) -> Document {
        // A lifted text keeps its frame's buffer (`lifted`), which is larger than the text by
        // the JSON around it and by its escapes: three times the text for Cyrillic sent as
        // `\uXXXX`, as some clients send every non-ASCII char. Give the rest back (shrinking
        // does not copy: the allocator cuts the block or unmaps its tail).
        if text.capacity() - text.len() > text.len() / 16 + 4096 {
            text.shrink_to_fit();
        }
        Document {
            text: Arc::new(text),
            rope: None,
            version,
            language: language.to_string(),
            flat_from: FLAT_EDITS_FROM,
        }
    }

    /// The whole text, shared: cheap to call again until the document changes.
    pub fn text(&self) -> Arc<String> {
        self.text.clone()
    }

    /// Find positions by scanning from `bytes` on instead of `FLAT_EDITS_FROM`: for tests,
    /// which edit small texts both ways.
    pub fn scan_positions_from(&mut self, bytes: usize) {
        self.flat_from = bytes;
    }

    /// Apply edits in order. Returns false when the version went backwards (the edits are
    /// still applied: arrival order is the truth, the version is only a label).
    pub fn apply(&mut self, version: i32, edits: &[Edit], encoding: Encoding) -> bool {
        for edit in edits {
            match edit.range {
                None => {
                    self.rope = None;
                    self.text = Arc::new(edit.text.clone());
                }
                Some((start, end)) => {
                    let (a, b) = (
                        self.offset_at(start, encoding),
                        self.offset_at(end, encoding),
                    );
                    self.replace(a.min(b)..a.max(b), &edit.text);
                }
            }
        }
        let increasing = version > self.version;
        self.version = version;
        increasing
    }

    /// Replace the bytes `range` (char boundaries, as `offset_at` gives) in the text and in
    /// the rope, if there is one.
    fn replace(&mut self, range: std::ops::Range<usize>, insert: &str) {
        if let Some(rope) = &mut self.rope {
            let edited = match (
                rope.try_byte_to_char(range.start),
                rope.try_byte_to_char(range.end),
            ) {
                (Ok(a), Ok(b)) => {
                    rope.try_remove(a..b).is_ok() && rope.try_insert(a, insert).is_ok()
                }
                _ => false,
            };
            if !edited {
                // Cannot happen (the range came from this text): rebuilt from the text if needed.
                self.rope = None;
            }
        }
        if let Some(own) = Arc::get_mut(&mut self.text) {
            if own.is_char_boundary(range.start) && own.is_char_boundary(range.end) {
                own.replace_range(range, insert);
                return;
            }
        }
        self.text = Arc::new(spliced(&self.text, range, insert));
    }

    /// The byte offset of a position, clamped like `position::LineIndex` clamps: through the
    /// rope below `flat_from` bytes, by scanning the text above (letting go of a rope built
    /// while the note was smaller).
    fn offset_at(&mut self, pos: crate::position::LineCol, encoding: Encoding) -> usize {
        if self.text.len() >= self.flat_from {
            self.rope = None;
            return crate::position::offset_by_scanning(&self.text, pos, encoding);
        }
        let text = &self.text;
        let rope = self.rope.get_or_insert_with(|| Rope::from_str(text));
        let line = pos.line as usize;
        if line >= rope.len_lines() {
            return rope.len_bytes();
        }
        let line_start = rope.line_to_byte(line);
        let line_text: String = rope.line(line).chars().collect();
        let index = crate::position::LineIndex::new(&line_text);
        let in_line = crate::position::LineCol {
            line: 0,
            col: pos.col,
        };
        line_start + index.to_offset(&line_text, in_line, encoding)
    }

    /// The rope's text, if the document keeps a rope now: tests compare it with the text.
    pub fn rope_text(&self) -> Option<String> {
        self.rope.as_ref().map(Rope::to_string)
    }
}

/// `old` with `range` replaced by `insert`, in a new string of the right size. A range off
/// `old`'s char boundaries is snapped to them (never the case: ranges come from `offset_at`).
fn spliced(old: &str, range: std::ops::Range<usize>, insert: &str) -> String {
    let start = crate::position::floor_char_boundary(old, range.start);
    let end = crate::position::floor_char_boundary(old, range.end).max(start);
    let mut text = String::with_capacity(old.len() - (end - start) + insert.len());
    text.push_str(&old[..start]);
    text.push_str(insert);
    text.push_str(&old[end..]);
    text
}

/// All open documents by URI string.
#[derive(Default)]
pub struct Documents {
    docs: HashMap<String, Document>,
}

impl Documents {
    pub fn open(&mut self, uri: &str, text: String, version: i32, language: &str) {
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

    pub fn get(&self, uri: &str) -> Option<&Document> {
        self.docs.get(uri)
    }

    /// The text and version of an open document.
    pub fn snapshot(&self, uri: &str) -> Option<(Arc<String>, i32)> {
        self.docs.get(uri).map(|d| (d.text(), d.version))
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
    fn spliced_text_is_head_insert_tail_snapped_to_char_boundaries() {
        let old = "Путин 👍 said";
        let cases = [
            (0..0, "«", "«Путин 👍 said"),
            (0..4, "", "тин 👍 said"),
            (11..15, "", "Путин  said"),
            (old.len()..old.len(), "!", "Путин 👍 said!"),
            (11..old.len(), " spoke", "Путин  spoke"),
            // Inside a char: snapped to its start.
            (1..4, "x", "xтин 👍 said"),
            (13..15, "x", "Путин x said"),
            // Reversed: an insertion at the start.
            (std::ops::Range { start: 5, end: 3 }, "x", "Пуxтин 👍 said"),
            (90..99, "!", "Путин 👍 said!"),
        ];
        for (range, insert, expected) in cases {
            assert_eq!(
                spliced(old, range.clone(), insert),
                expected,
                "{range:?} {insert:?}"
            );
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
            // Through the rope and by scanning; with the old text held elsewhere (spliced into
            // a copy) and alone (changed in place, the same allocation).
            for (flat_from, held_elsewhere) in [
                (usize::MAX, false),
                (usize::MAX, true),
                (0, false),
                (0, true),
            ] {
                let mut doc = Document::new(initial.to_string(), 0, "markdown");
                doc.flat_from = flat_from;
                let held = held_elsewhere.then(|| doc.text());
                let before = Arc::as_ptr(&doc.text);
                doc.apply(1, std::slice::from_ref(&e), encoding);
                let case = format!("{initial:?} {e:?} flat_from {flat_from} held {held:?}");
                assert_eq!(doc.text().as_str(), expected, "{case}");
                assert_eq!(Arc::as_ptr(&doc.text) == before, !held_elsewhere, "{case}");
                assert_eq!(
                    held.as_deref().map(String::as_str),
                    held_elsewhere.then_some(initial)
                );
                let rope = doc.rope_text();
                assert_eq!(rope.is_some(), flat_from == usize::MAX, "{case}");
                assert!(rope.is_none_or(|r| r == expected), "{case}");
            }
        }
    }

    /// A note that grows past `flat_from` lets go of its rope and goes on by scanning; one
    /// that shrinks below it builds the rope again. The text is right all along.
    #[test]
    fn a_note_crossing_the_flat_size_switches_between_rope_and_scan() {
        let line = "Путин и Си 👍, 3,200 troops.\r\n";
        let mut doc = Document::new(line.repeat(3), 0, "markdown");
        doc.flat_from = line.len() * 4;
        let mut expected = line.repeat(3);
        let mut version = 0;
        let mut type_at = |doc: &mut Document,
                           expected: &mut String,
                           pos: (u32, u32),
                           text: &str| {
            version += 1;
            let at = LineCol {
                line: pos.0,
                col: pos.1,
            };
            doc.apply(
                version,
                &[Edit {
                    range: Some((at, at)),
                    text: text.into(),
                }],
                Encoding::Utf16,
            );
            let offset =
                crate::position::LineIndex::new(expected).to_offset(expected, at, Encoding::Utf16);
            expected.insert_str(offset, text);
            assert_eq!(doc.text().as_str(), expected.as_str());
        };
        type_at(&mut doc, &mut expected, (1, 6), "x");
        assert!(doc.rope.is_some());
        type_at(&mut doc, &mut expected, (2, 0), line);
        type_at(&mut doc, &mut expected, (3, 9), "y");
        assert!(doc.rope.is_none(), "four lines and more: scanned");
        let whole = LineCol { line: 9, col: 0 };
        doc.apply(
            9,
            &[Edit {
                range: Some((LineCol::default(), whole)),
                text: line.into(),
            }],
            Encoding::Utf16,
        );
        expected = line.to_string();
        type_at(&mut doc, &mut expected, (0, 2), "z");
        assert_eq!(doc.rope_text().as_deref(), Some(expected.as_str()));
    }

    /// A huge note holds no rope, and an edit while nothing else holds its text changes that
    /// text where it is: no second copy of the note, even for a moment.
    #[test]
    fn a_huge_note_is_edited_in_place_without_a_rope() {
        let line = "Путин и Си 👍, 3,200 troops.\n";
        let huge = line.repeat(FLAT_EDITS_FROM / line.len() + 1);
        let mut docs = Documents::default();
        docs.open("huge", huge.clone(), 0, "markdown");
        let typed = edit(2, 6, 2, 6, "x");
        let before = Arc::as_ptr(&docs.snapshot("huge").unwrap().0);
        docs.change("huge", 1, std::slice::from_ref(&typed), Encoding::Utf16);
        let (text, version) = docs.snapshot("huge").unwrap();
        assert_eq!(version, 1);
        let mut expected = huge;
        expected.insert(2 * line.len() + "Путин ".len(), 'x');
        assert_eq!(text.as_str(), expected);
        assert_eq!(Arc::as_ptr(&text), before);
        assert!(docs.get("huge").unwrap().rope.is_none());
    }

    /// A text that arrives in a buffer much larger than itself (a lifted didOpen of escaped
    /// text) is kept without the rest; one with little to spare is kept as it is.
    #[test]
    fn a_document_gives_back_the_spare_room_of_a_large_buffer() {
        let text = "Путин 👍 said\n".repeat(1000);
        let mut roomy = String::with_capacity(text.len() * 3);
        roomy.push_str(&text);
        let doc = Document::new(roomy, 0, "markdown");
        assert_eq!(doc.text().as_str(), text);
        assert!(
            doc.text().capacity() < text.len() + 64,
            "{}",
            doc.text().capacity()
        );
        let mut snug = String::with_capacity(text.len() + 100);
        snug.push_str(&text);
        let before = snug.as_ptr();
        let doc = Document::new(snug, 0, "markdown");
        assert_eq!(doc.text().as_ptr(), before);
    }

    #[test]
    fn a_full_replacement_and_a_decreasing_version_are_applied() {
        let mut doc = Document::new("old".into(), 5, "markdown");
        let full = Edit {
            range: None,
            text: "new".into(),
        };
        assert!(!doc.apply(3, &[full], Encoding::Utf16));
        assert_eq!((doc.text().as_str(), doc.version), ("new", 3));
    }
}
