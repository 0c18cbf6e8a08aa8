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

/// The largest char boundary at or before `offset`, clamped to the text. (`str::
/// floor_char_boundary` needs Rust 1.91; the crate supports 1.85.)
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The starts of the lines that begin after a break inside `bytes[range]`, in order. Breaks
/// are `\n`, `\r\n` and a lone `\r`; memchr finds them at memory speed.
fn line_starts_in(bytes: &[u8], range: std::ops::Range<usize>) -> impl Iterator<Item = usize> + '_ {
    let base = range.start;
    memchr::memchr2_iter(b'\n', b'\r', &bytes[range]).filter_map(move |at| {
        let at = base + at;
        match bytes[at] {
            // The `\n` of a `\r\n` was counted with its `\r`.
            b'\n' if at > 0 && bytes[at - 1] == b'\r' => None,
            b'\r' if bytes.get(at + 1) == Some(&b'\n') => Some(at + 2),
            _ => Some(at + 1),
        }
    })
}

/// Push the starts of the lines that begin inside `bytes[range]` (after a break in it), below
/// `line_limit`.
fn push_line_starts(
    starts: &mut Vec<usize>,
    bytes: &[u8],
    range: std::ops::Range<usize>,
    line_limit: usize,
) {
    starts.extend(line_starts_in(bytes, range).filter(|&start| start < line_limit));
}

/// The end of a line's content: `next_start` (where the next line starts, or the text's end)
/// less the line's break.
fn content_end(bytes: &[u8], start: usize, next_start: usize) -> usize {
    let mut end = next_start;
    if end > start && bytes.get(end - 1) == Some(&b'\n') {
        end -= 1;
    }
    if end > start && bytes.get(end - 1) == Some(&b'\r') {
        end -= 1;
    }
    end
}

/// Blocks of 2^8 bytes: the UTF-16 column of an offset counts at most one block's bytes past
/// the last block boundary (a few dozen nanoseconds), and the index holds one number per block
/// (32 KB per MiB) instead of one per non-ASCII char (750 KB for a MiB of accented prose).
const BLOCK_SHIFT: u32 = 8;

/// The start offsets of every line of one text, and what its UTF-16 columns need.
#[derive(Clone, Debug, PartialEq)]
pub struct LineIndex {
    /// Byte offset where each line starts; `line_starts[0] == 0`.
    line_starts: Vec<usize>,
    len: usize,
    /// UTF-8 bytes minus UTF-16 units of the text before each block boundary:
    /// `block_excess[k]` is that of `text[..k << block_shift]`. Lets a UTF-16 column be found
    /// without walking its line, which is quadratic on a long line. Counted byte by byte
    /// (`excess_of`), so a boundary may cut a char. Empty for ASCII text, whose excess is 0.
    block_excess: Vec<isize>,
    block_shift: u32,
}

/// Bit 7 of every byte of a word.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// UTF-8 bytes minus UTF-16 units of `bytes`, counted per byte so that it adds up over any
/// cut: each continuation byte is one byte more than UTF-16 needs, except that a 4-byte char
/// takes two units (its lead byte counts -1). Exact for a run of whole chars.
fn excess_of(bytes: &[u8]) -> isize {
    // Eight bytes at a time: bit 7 of each byte marks a continuation byte (10xx_xxxx) or a
    // 4-byte lead (1111_xxxx) after shifts and masks; most words of prose are ASCII and stop
    // at the first test. (A plain `filter().count()` widened every byte to 64 bits: 1 ms/MiB.)
    let words = bytes.chunks_exact(8);
    let tail = words.remainder();
    let mut excess = 0isize;
    for word in words {
        let w = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        if w & HIGH_BITS == 0 {
            continue;
        }
        let continuation = w & !(w << 1) & HIGH_BITS;
        let four_byte_lead = w & (w << 1) & (w << 2) & (w << 3) & HIGH_BITS;
        excess += continuation.count_ones() as isize - four_byte_lead.count_ones() as isize;
    }
    for &b in tail {
        excess += isize::from((b as i8) < -64) - isize::from(b >= 0xF0);
    }
    excess
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex::with_block_shift(text, BLOCK_SHIFT)
    }

    /// `new` with blocks of 2^`block_shift` bytes; tests use tiny ones to cross many borders.
    #[doc(hidden)]
    pub fn with_block_shift(text: &str, block_shift: u32) -> LineIndex {
        let mut index = LineIndex {
            line_starts: vec![0],
            len: text.len(),
            block_excess: Vec::new(),
            block_shift,
        };
        push_line_starts(
            &mut index.line_starts,
            text.as_bytes(),
            0..text.len(),
            usize::MAX,
        );
        if !text.is_ascii() {
            index.block_excess = index.blocks_from(text.as_bytes(), &[0]);
        }
        index
    }

    /// The index of `text`, which is this index's text with one stretch replaced: the two
    /// share their first `prefix` and last `suffix` bytes. Only the lines around the change
    /// are scanned again; the rest is copied, shifted by the change in length (an edit of a
    /// long note no longer looks for the line breaks of the whole note; the per-block counts
    /// after the change are counted again, at memory speed). Equal to `LineIndex::new(text)`
    /// (tested).
    pub fn edited(&self, text: &str, prefix: usize, suffix: usize) -> LineIndex {
        let old_len = self.len;
        if prefix + suffix > old_len.min(text.len()) {
            return LineIndex::with_block_shift(text, self.block_shift);
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
        let mut line_starts = Vec::with_capacity(self.line_starts.len() + 16);
        line_starts.extend_from_slice(&self.line_starts[..=first]);
        let line_limit = if tail.is_empty() { usize::MAX } else { to };
        push_line_starts(&mut line_starts, text.as_bytes(), from..to, line_limit);
        line_starts.extend(tail.iter().map(|&s| s.wrapping_add_signed(delta)));
        // ASCII before and ASCII put in: ASCII still, without a look at the rest. Otherwise
        // block boundaries up to `prefix` have the same bytes before them.
        let changed = &text.as_bytes()[prefix..text.len() - suffix];
        let kept = (prefix >> self.block_shift) + 1;
        let block_excess = match self.block_excess.get(..kept) {
            None if changed.is_ascii() => Vec::new(),
            Some(kept) => self.blocks_from(text.as_bytes(), kept),
            None => self.blocks_from(text.as_bytes(), &vec![0; kept]),
        };
        LineIndex {
            line_starts,
            len: text.len(),
            block_excess,
            block_shift: self.block_shift,
        }
    }

    /// The excess before every block boundary of `bytes`, the first ones being `kept`; none
    /// at all if `bytes` turns out to be ASCII.
    fn blocks_from(&self, bytes: &[u8], kept: &[isize]) -> Vec<isize> {
        let mut blocks = Vec::with_capacity((bytes.len() >> self.block_shift) + 1);
        blocks.extend_from_slice(kept);
        let mut total = kept.last().copied().unwrap_or(0);
        let counted_from = (kept.len() - 1) << self.block_shift;
        let counted = bytes[counted_from..].chunks_exact(1 << self.block_shift);
        let tail = counted.remainder();
        for block in counted {
            total += excess_of(block);
            blocks.push(total);
        }
        // Every non-ASCII char adds at least one: a total of zero means ASCII.
        if total + excess_of(tail) == 0 {
            return Vec::new();
        }
        blocks
    }

    /// UTF-8 bytes minus UTF-16 units of `text[from..to]`, both char boundaries.
    fn excess_between(&self, text: &str, from: usize, to: usize) -> usize {
        if self.block_excess.is_empty() {
            return 0;
        }
        let bytes = text.as_bytes();
        let excess = if to - from <= 2 << self.block_shift {
            excess_of(&bytes[from..to])
        } else {
            self.excess_before(bytes, to) - self.excess_before(bytes, from)
        };
        excess.max(0) as usize
    }

    /// The excess of `bytes[..offset]`.
    fn excess_before(&self, bytes: &[u8], offset: usize) -> isize {
        let block = offset >> self.block_shift;
        self.block_excess[block] + excess_of(&bytes[block << self.block_shift..offset])
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte range of `line`'s content, without its line break.
    pub fn line_span(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let Some(&start) = self.line_starts.get(line) else {
            return self.len..self.len;
        };
        let next_start = self.line_starts.get(line + 1).copied().unwrap_or(self.len);
        start..content_end(text.as_bytes(), start, next_start)
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
            Encoding::Utf16 => prefix.len() - self.excess_between(text, span.start, offset),
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// Convert a line and column to a byte offset, clamping both to the text.
    pub fn to_offset(&self, text: &str, pos: LineCol, encoding: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.line_starts.len() {
            return text.len();
        }
        offset_at_column(text, self.line_span(text, line), pos.col, encoding)
    }
}

/// `LineIndex::to_offset` without an index: the line is found by scanning the text from its
/// start (memchr speed, a few milliseconds for 50 MB). For a text converted once or twice
/// before it changes, where building an index (or a rope) would cost more than the scan.
pub fn offset_by_scanning(text: &str, pos: LineCol, encoding: Encoding) -> usize {
    let bytes = text.as_bytes();
    let mut starts = std::iter::once(0).chain(line_starts_in(bytes, 0..bytes.len()));
    let Some(start) = starts.nth(pos.line as usize) else {
        return text.len();
    };
    let next_start = starts.next().unwrap_or(text.len());
    offset_at_column(
        text,
        start..content_end(bytes, start, next_start),
        pos.col,
        encoding,
    )
}

/// The byte offset of column `col` of the line `span` (without its break), clamped to the
/// line's end and snapped to the start of the char it falls inside.
fn offset_at_column(
    text: &str,
    span: std::ops::Range<usize>,
    col: u32,
    encoding: Encoding,
) -> usize {
    let mut remaining = col as usize;
    // The span comes from a line index or scan of `text`; were it ever off, the line's
    // start is a safer answer than a panic.
    let Some(line) = text.get(span.clone()) else {
        return floor_char_boundary(text, span.start);
    };
    for (i, c) in line.char_indices() {
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
    fn an_edit_that_removes_or_brings_the_last_non_ascii_char_equals_a_fresh_index() {
        // (old, new): the edited index must equal a fresh one, which keeps no blocks for ASCII.
        let long = "x".repeat(600);
        let cases = [
            (format!("{long}é{long}"), format!("{long}e{long}")),
            (format!("{long}e{long}"), format!("{long}😀{long}")),
            (format!("{long}a\n{long}"), format!("{long}b\n{long}")),
            (format!("é{long}"), long.clone()),
        ];
        for (old, new) in cases {
            let (a, b) = (old.as_bytes(), new.as_bytes());
            let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
            let room = a.len().min(b.len()) - prefix;
            let suffix = a.iter().rev().zip(b.iter().rev()).take(room);
            let suffix = suffix.take_while(|(x, y)| x == y).count();
            let edited = LineIndex::new(&old).edited(&new, prefix, suffix);
            assert_eq!(edited, LineIndex::new(&new), "{prefix} {suffix}");
        }
    }

    #[test]
    fn column_inside_a_surrogate_pair_snaps_to_the_char_start() {
        let text = "x😀y";
        let idx = LineIndex::new(text);
        assert_eq!(idx.to_offset(text, lc(0, 2), Encoding::Utf16), 1);
        assert_eq!(idx.to_offset(text, lc(0, 3), Encoding::Utf16), 5);
    }
}
