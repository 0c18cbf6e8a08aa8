//! LSP positions of a run of nearby offsets in one text, found by walking from the previous
//! offset instead of searching the whole line index for each: the spans of a note's findings
//! come in document order, so publishing them walks the note about once.
//!
//! Article positions are remembered per span instead (`ArticleRanges`).
//!
//! Invariant: `Cursor::position(o)` equals `TextPos::position(o)` for every offset, in any order
//! (clamped the same way); only the cost depends on the order.

use crate::lsp::convert::TextPos;
use crate::model::Span;
use crate::position::Encoding;
use rustc_hash::FxHashMap;
use tower_lsp_server::ls_types::{Position, Range};

pub struct Cursor<'a> {
    pos: &'a TextPos<'a>,
    line: u32,
    /// Byte range of the current line without its break.
    content: Span,
    /// Where the next line starts (`usize::MAX` on the last line).
    next_line: usize,
    /// A place on the current line (in `content`) and its column.
    at: usize,
    col: u32,
}

impl<'a> Cursor<'a> {
    pub fn new(pos: &'a TextPos<'a>) -> Cursor<'a> {
        let mut cursor = Cursor {
            pos,
            line: 0,
            content: 0..0,
            next_line: 0,
            at: 0,
            col: 0,
        };
        cursor.enter_line_of(0);
        cursor
    }

    fn enter_line_of(&mut self, offset: usize) {
        let (text, lines) = (self.pos.text, self.pos.lines);
        let line = self
            .line_ahead(offset)
            .unwrap_or_else(|| lines.line_of(offset));
        self.content = lines.line_span(text, line);
        self.next_line = if line + 1 < lines.line_count() {
            lines.line_span(text, line + 1).start
        } else {
            usize::MAX
        };
        self.line = line as u32;
        self.at = self.content.start;
        self.col = 0;
    }

    /// The line of `offset` when it is one of the next few lines: the next finding is usually
    /// a few lines further, nearer than a search of the whole index would start.
    fn line_ahead(&self, offset: usize) -> Option<usize> {
        const LOOKAHEAD: usize = 8;
        let (text, lines) = (self.pos.text, self.pos.lines);
        if offset < self.next_line {
            return None;
        }
        let first = self.line as usize + 1;
        for line in first..first + LOOKAHEAD {
            if line + 1 >= lines.line_count() {
                return None;
            }
            if offset < lines.line_span(text, line + 1).start {
                return Some(line);
            }
        }
        None
    }

    pub fn position(&mut self, offset: usize) -> Position {
        let text = self.pos.text;
        let offset = crate::position::floor_char_boundary(text, offset);
        if offset < self.content.start || offset >= self.next_line {
            self.enter_line_of(offset);
        }
        // An offset inside a CRLF break counts as the end of the line.
        let offset = offset.min(self.content.end);
        let col = match self.pos.encoding {
            Encoding::Utf8 => (offset - self.content.start) as u32,
            Encoding::Utf16 => {
                if offset >= self.at {
                    self.col += utf16_units(&text.as_bytes()[self.at..offset]);
                } else {
                    self.col -= utf16_units(&text.as_bytes()[offset..self.at]);
                }
                self.at = offset;
                self.col
            }
        };
        Position::new(self.line, col)
    }

    pub fn range(&mut self, span: &Span) -> Range {
        let start = self.position(span.start);
        Range::new(start, self.position(span.end))
    }
}

/// Ranges in the article, remembered: findings point at the same few source passages over and
/// over, in no order a cursor could follow.
pub struct ArticleRanges<'a> {
    pos: &'a TextPos<'a>,
    known: FxHashMap<(usize, usize), Range>,
}

impl<'a> ArticleRanges<'a> {
    pub fn new(pos: &'a TextPos<'a>) -> ArticleRanges<'a> {
        ArticleRanges {
            pos,
            known: FxHashMap::default(),
        }
    }

    pub fn range(&mut self, span: &Span) -> Range {
        let pos = self.pos;
        *self
            .known
            .entry((span.start, span.end))
            .or_insert_with(|| pos.range(span))
    }
}

/// UTF-16 code units of whole UTF-8 characters: one per character (every byte but continuation
/// bytes), plus one more for each 4-byte character (a surrogate pair).
fn utf16_units(utf8: &[u8]) -> u32 {
    utf8.iter()
        .map(|&b| u32::from((b as i8) >= -0x40) + u32::from(b >= 0xF0))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::position::LineIndex;

    /// Texts with every kind of line break and characters of 1 to 4 UTF-8 bytes.
    const TEXTS: &[&str] = &[
        "",
        "one line",
        "Путин 👍 said\r\nnext\rlone CR\n\nlast",
        "ends with a break\n",
        "ends with CRLF\r\n",
        "e\u{301}t\u{e9} — ¶1 “quoted” 𝄞 clef\n中文 line\u{2028}not a break",
        "\n\r\n\r",
    ];

    /// Every offset (including ones inside characters and past the end), visited forwards,
    /// backwards and in a scattered order: the cursor must agree with `TextPos` each time.
    #[test]
    fn cursor_positions_equal_line_index_positions_in_any_order() {
        for text in TEXTS {
            let lines = LineIndex::new(text);
            for encoding in [Encoding::Utf8, Encoding::Utf16] {
                let pos = TextPos {
                    text,
                    lines: &lines,
                    encoding,
                };
                let forwards: Vec<usize> = (0..=text.len() + 2).collect();
                let backwards: Vec<usize> = forwards.iter().rev().copied().collect();
                let scattered: Vec<usize> =
                    forwards.iter().map(|o| o * 7 % (text.len() + 3)).collect();
                for order in [forwards, backwards, scattered] {
                    let mut cursor = Cursor::new(&pos);
                    for offset in order {
                        assert_eq!(
                            cursor.position(offset),
                            pos.position(offset),
                            "{text:?} {encoding:?} offset {offset}"
                        );
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn cursor_agrees_with_line_index_on_random_texts_and_offsets(
            text in "[a\\r\\n é—中👍\u{2028}]{0,40}",
            offsets in proptest::collection::vec(0usize..200, 0..40),
        ) {
            let lines = LineIndex::new(&text);
            for encoding in [Encoding::Utf8, Encoding::Utf16] {
                let pos = TextPos { text: &text, lines: &lines, encoding };
                let mut cursor = Cursor::new(&pos);
                for &offset in &offsets {
                    proptest::prop_assert_eq!(cursor.position(offset), pos.position(offset));
                }
            }
        }
    }

    #[test]
    fn utf16_units_count_surrogate_pairs_twice() {
        let cases = [
            ("", 0),
            ("abc", 3),
            ("é", 1),
            ("—", 1),
            ("👍", 2),
            ("a👍é中", 5),
        ];
        for (text, units) in cases {
            assert_eq!(utf16_units(text.as_bytes()), units, "{text:?}");
            assert_eq!(text.encode_utf16().count() as u32, units, "{text:?}");
        }
    }
}
