//! Byte offsets ↔ (line, column) in UTF-8 or UTF-16 code units: the only place columns are counted.
//!
//! Line breaks are `\n`, `\r\n` and a lone `\r`, as LSP defines them; U+2028, NEL and form feed
//! are ordinary characters. Every conversion clamps: a line past the end maps to the end of the
//! text, a column past the end of its line maps to the end of that line (before its break), and a
//! column inside a multi-unit character maps to that character's start.

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units: what LSP uses unless the client negotiates otherwise.
    #[default]
    Utf16,
}

/// A zero-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// The start offsets of every line of one text.
/// The largest char boundary at or before `offset`, clamped to the text. (`str::
/// floor_char_boundary` needs Rust 1.91; the crate supports 1.85.)
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each zero byte of `word`, exactly (no carries between bytes: the low seven
/// bits are added separately from the high one).
fn zero_bytes(word: u64) -> u64 {
    const LOW_SEVEN: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    !(((word & LOW_SEVEN) + LOW_SEVEN) | word) & HIGH_BITS
}

#[derive(Clone, Debug, PartialEq)]
pub struct LineIndex {
    /// Byte offset where each line starts; `line_starts[0] == 0`.
    line_starts: Vec<usize>,
    len: usize,
    /// For every non-ASCII char: (byte offset just after it, total of UTF-8 bytes minus UTF-16
    /// units of all non-ASCII chars up to and including it). Lets a UTF-16 column be computed
    /// by binary search instead of by walking the line, which is quadratic on a long line.
    utf16_excess: Vec<(usize, usize)>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut index = LineIndex {
            line_starts: vec![0],
            len: text.len(),
            utf16_excess: Vec::new(),
        };
        index.scan(text.as_bytes(), 0..text.len(), usize::MAX, 0);
        index
    }

    /// The index of `text`, which is this index's text with one stretch replaced: the two
    /// share their first `prefix` and last `suffix` bytes. Only the lines around the change
    /// are scanned again; the rest is copied, shifted by the change in length (an edit of a
    /// long note no longer walks the whole note). Equal to `LineIndex::new(text)` (tested).
    pub fn edited(&self, text: &str, prefix: usize, suffix: usize) -> LineIndex {
        let old_len = self.len;
        if prefix + suffix > old_len.min(text.len()) {
            return LineIndex::new(text);
        }
        let delta = text.len() as isize - old_len as isize;
        // Whether `x` starts a line depends on the bytes at `x - 1` and `x` only (a `\n`, or a
        // `\r` not followed by `\n`). So the window runs from the start of the line before the
        // change (the change may begin right at its own line's start, "\r|" + "\n") to the
        // first line start past the change, both of which stay line starts.
        let first = self.line_of(prefix).saturating_sub(1);
        let from = self.line_starts[first];
        let changed_end = old_len - suffix;
        let after = self.line_starts.partition_point(|&s| s <= changed_end);
        let (tail, old_to) = match self.line_starts.get(after) {
            Some(&start) => (&self.line_starts[after..], start),
            None => (&[][..], old_len),
        };
        let to = old_to.checked_add_signed(delta).unwrap_or(text.len());
        let mut index = LineIndex {
            line_starts: Vec::with_capacity(self.line_starts.len() + 16),
            len: text.len(),
            utf16_excess: Vec::with_capacity(self.utf16_excess.len() + 16),
        };
        index
            .line_starts
            .extend_from_slice(&self.line_starts[..=first]);
        let kept = self.utf16_excess.partition_point(|&(end, _)| end <= from);
        index
            .utf16_excess
            .extend_from_slice(&self.utf16_excess[..kept]);
        let excess_at_from = self.excess_before(from);
        let line_limit = if tail.is_empty() { usize::MAX } else { to };
        index.scan(text.as_bytes(), from..to, line_limit, excess_at_from);
        let excess_at_to = index.utf16_excess.last().map_or(0, |&(_, e)| e);
        let old_excess_at_to = self.excess_before(old_to);
        index
            .line_starts
            .extend(tail.iter().map(|&s| s.wrapping_add_signed(delta)));
        let moved = self.utf16_excess.partition_point(|&(end, _)| end <= old_to);
        index
            .utf16_excess
            .extend(self.utf16_excess[moved..].iter().map(|&(end, e)| {
                (
                    end.wrapping_add_signed(delta),
                    e - old_excess_at_to + excess_at_to,
                )
            }));
        index
    }

    /// Record the line starts (below `line_limit`) and non-ASCII chars of `bytes[range]`;
    /// `excess` is the UTF-16 excess of everything before `range`.
    fn scan(
        &mut self,
        bytes: &[u8],
        range: std::ops::Range<usize>,
        line_limit: usize,
        excess: usize,
    ) {
        // This runs over the whole document on a first analysis. One pass, eight bytes at a
        // time: bit tricks mark the line breaks and UTF-8 lead bytes of a word, the only bytes
        // that matter (neither occurs inside a multi-byte char), and only those are looked at.
        let (line_starts, utf16_excess) = (&mut self.line_starts, &mut self.utf16_excess);
        let mut excess = excess;
        let mut line_start = |at: usize| {
            if at < line_limit {
                line_starts.push(at);
            }
        };
        let mut classify = |i: usize, b: u8| {
            let (len, extra) = match b {
                // The `\n` of a `\r\n` was counted with its `\r`.
                b'\n' if i > 0 && bytes[i - 1] == b'\r' => return,
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => return line_start(i + 2),
                b'\n' | b'\r' => return line_start(i + 1),
                // Lead bytes: 2- and 3-byte chars are one UTF-16 unit, 4-byte chars two.
                0xC0..=0xDF => (2, 1),
                0xE0..=0xEF => (3, 2),
                0xF0..=0xFF => (4, 2),
                _ => return,
            };
            excess += extra;
            utf16_excess.push((i + len, excess));
        };
        let base = range.start;
        let words = bytes[range].chunks_exact(8);
        let tail = words.remainder();
        let tail_start = base + words.len() * 8;
        for (w, word) in words.enumerate() {
            let v = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
            // Lead bytes are 0b11xx_xxxx: bit 7 set, and bit 6 (shifted into bit 7) set.
            let mut wanted = zero_bytes(v ^ (LOW_BITS * u64::from(b'\n')))
                | zero_bytes(v ^ (LOW_BITS * u64::from(b'\r')))
                | (v & (v << 1) & HIGH_BITS);
            while wanted != 0 {
                let k = wanted.trailing_zeros() as usize / 8;
                classify(base + w * 8 + k, word[k]);
                wanted &= wanted - 1;
            }
        }
        for (k, &b) in tail.iter().enumerate() {
            classify(tail_start + k, b);
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte range of `line`'s content, without its line break.
    pub fn line_span(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let Some(&start) = self.line_starts.get(line) else {
            return self.len..self.len;
        };
        let mut end = self.line_starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end
    }

    /// The zero-based line holding byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    /// Convert a byte offset (clamped, and moved back to a char boundary) to a line and column.
    pub fn to_line_col(&self, text: &str, offset: usize, encoding: Encoding) -> LineCol {
        let offset = floor_char_boundary(text, offset);
        let line = self.line_of(offset);
        let span = self.line_span(text, line);
        // An offset inside a CRLF break counts as the end of the line.
        let offset = offset.min(span.end);
        let prefix = &text[span.start..offset];
        let col = match encoding {
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => {
                prefix.len() - (self.excess_before(offset) - self.excess_before(span.start))
            }
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// UTF-8 bytes minus UTF-16 units of the non-ASCII chars that end at or before `offset`.
    fn excess_before(&self, offset: usize) -> usize {
        let i = self.utf16_excess.partition_point(|&(end, _)| end <= offset);
        i.checked_sub(1).map_or(0, |k| self.utf16_excess[k].1)
    }

    /// Convert a line and column to a byte offset, clamping both to the text.
    pub fn to_offset(&self, text: &str, pos: LineCol, encoding: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.line_starts.len() {
            return text.len();
        }
        let span = self.line_span(text, line);
        let mut remaining = pos.col as usize;
        for (i, c) in text[span.clone()].char_indices() {
            let width = match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if remaining < width {
                return span.start + i;
            }
            remaining -= width;
        }
        span.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lc(line: u32, col: u32) -> LineCol {
        LineCol { line, col }
    }

    #[test]
    fn counts_utf16_and_utf8_columns() {
        let text = "Путин 👍 said\nnext";
        let idx = LineIndex::new(text);
        let said = text.find("said").unwrap();
        assert_eq!(idx.to_line_col(text, said, Encoding::Utf16), lc(0, 9));
        assert_eq!(
            idx.to_line_col(text, said, Encoding::Utf8),
            lc(0, said as u32)
        );
        assert_eq!(idx.to_offset(text, lc(0, 9), Encoding::Utf16), said);
    }

    #[test]
    fn all_three_line_breaks_count_but_u2028_does_not() {
        let text = "a\r\nb\rc\nd\u{2028}e";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(
            idx.to_line_col(text, text.find('e').unwrap(), Encoding::Utf16),
            lc(3, 2)
        );
    }

    #[test]
    fn clamps_out_of_range_positions() {
        let text = "ab\r\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.to_offset(text, lc(0, 99), Encoding::Utf16), 2);
        assert_eq!(idx.to_offset(text, lc(7, 0), Encoding::Utf16), text.len());
        // Inside the CRLF break is the end of the line.
        assert_eq!(idx.to_line_col(text, 3, Encoding::Utf16), lc(0, 2));
        assert_eq!(idx.to_line_col(text, 999, Encoding::Utf16), lc(1, 2));
    }

    #[test]
    fn column_inside_a_surrogate_pair_snaps_to_the_char_start() {
        let text = "x😀y";
        let idx = LineIndex::new(text);
        assert_eq!(idx.to_offset(text, lc(0, 2), Encoding::Utf16), 1);
        assert_eq!(idx.to_offset(text, lc(0, 3), Encoding::Utf16), 5);
    }
}
