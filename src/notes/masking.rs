//! The prose of a note's blocks as the analysis reads it: the note's text with its non-prose
//! runs blanked to spaces, made per block on demand from the runs the parse keeps.

use super::markdown::Prose;
use crate::model::Span;
use std::borrow::Cow;
use std::sync::LazyLock;

/// Searched in the masked bytes as they are: a `str` regex would first check a window's
/// worth of UTF-8 again (8% of a parse of 1 MiB of markdown from elsewhere, by `perf`). The
/// masked bytes are UTF-8 (the note's chars copied whole into spaces), and on UTF-8 a bytes
/// regex in Unicode mode matches as the `str` one does.
static BARE_URL: LazyLock<regex::bytes::Regex> =
    LazyLock::new(|| regex::bytes::Regex::new(BARE_URL_PATTERN).expect("valid URL regex"));

const BARE_URL_PATTERN: &str =
    r"(?i)\b(?:(?:https?|ftp)://|www\.)[^\s<>\[\]]*[^\s<>\[\].,;:!?)'\x22]";

impl Prose {
    /// The prose of `text[span]`, a span inside one block (or a piece of one): the text itself
    /// when nothing in it is blank, else a copy with its blank runs turned to spaces. Offsets
    /// into it are offsets into `text`, less `span.start`.
    pub fn prose_of<'a>(&self, text: &'a str, span: Span) -> Cow<'a, str> {
        let blanks = self.blanks_in(&span);
        if blanks.is_empty() {
            return Cow::Borrowed(&text[span]);
        }
        let mut bytes = text.as_bytes()[span.clone()].to_vec();
        for blank in blanks {
            let from = blank.start.max(span.start) - span.start;
            let to = blank.end.min(span.end) - span.start;
            bytes[from..to].fill(b' ');
        }
        // Blank runs are whole chars (all of a char's bytes differ from a space), so this is
        // UTF-8 already.
        Cow::Owned(into_text(bytes))
    }

    /// The blank runs that meet `span`, found by binary search.
    pub fn blanks_in(&self, span: &Span) -> &[Span] {
        let from = self.blanks.partition_point(|b| b.end <= span.start);
        let to = self.blanks.partition_point(|b| b.start < span.end);
        &self.blanks[from..to.max(from)]
    }

    /// The whole note as the analysis reads it: its blocks' prose, and everything else blank
    /// but line breaks. For tests and tools; the analysis reads one block at a time.
    pub fn masked_text(&self, text: &str) -> String {
        let mut masked = blank_copy(text);
        for block in &self.blocks {
            let prose = self.prose_of(text, block.span.clone());
            masked[block.span.clone()].copy_from_slice(prose.as_bytes());
        }
        into_text(masked)
    }
}

/// `text` with every byte blanked to a space except line breaks; prose is copied back in as
/// the parser finds it.
pub(crate) fn blank_copy(text: &str) -> Vec<u8> {
    text.bytes()
        .map(|b| if b == b'\n' || b == b'\r' { b } else { b' ' })
        .collect()
}

/// Blank the bare URLs of masked bytes in place (a window of whole lines: a URL never crosses
/// a line, so a note masked in windows blanks what a whole one would).
pub(crate) fn blank_urls(masked: &mut [u8]) {
    let urls: Vec<Span> = BARE_URL.find_iter(masked).map(|m| m.range()).collect();
    for url in urls {
        masked[url].fill(b' ');
    }
}

/// The runs of `blocks` where `masked` differs from `text` (both a window's bytes, which
/// starts at document offset `offset`; block spans are document offsets). Where they differ
/// the masked byte is a blanked one, never a line break.
pub(crate) fn blank_runs(
    text: &[u8],
    masked: &[u8],
    offset: usize,
    blocks: &[super::markdown::ProseBlock],
) -> Vec<Span> {
    let mut runs: Vec<Span> = Vec::new();
    for block in blocks {
        let local = block.span.start - offset..block.span.end - offset;
        let (text, masked) = (&text[local.clone()], &masked[local.clone()]);
        // Most blocks are plain prose: one comparison at memory speed says so.
        if text == masked {
            continue;
        }
        let mut i = 0;
        while i < text.len() {
            if text[i] == masked[i] {
                i += 1;
                continue;
            }
            let start = i;
            while i < text.len() && text[i] != masked[i] {
                i += 1;
            }
            runs.push(block.span.start + start..block.span.start + i);
        }
    }
    runs
}

pub(crate) fn into_text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use crate::notes::markdown::parse;
    use proptest::prelude::*;

    proptest! {
        /// On UTF-8 the bytes regex blanks exactly what the same pattern finds in a `str`:
        /// URLs among non-ASCII letters, punctuation and spaces.
        #[test]
        fn bare_urls_are_found_in_bytes_as_in_text(
            parts in proptest::collection::vec(
                prop::sample::select(vec![
                    "https://", "HTTP://", "www.", "ftp://", "x.org/", "jalapeño", "Путин", "日本",
                    "é", "a", "1", ".", ",", ")", "'", "\"", " ", "\n", "<", "]", "_", "-",
                ]),
                0..24,
            )
        ) {
            let text: String = parts.concat();
            let mut masked = text.clone().into_bytes();
            super::blank_urls(&mut masked);
            let mut expected = text.clone().into_bytes();
            let pattern = regex::Regex::new(super::BARE_URL_PATTERN).unwrap();
            for found in pattern.find_iter(&text) {
                expected[found.range()].fill(b' ');
            }
            prop_assert_eq!(masked, expected);
        }
    }

    #[test]
    fn prose_of_blanks_only_the_runs_inside_its_span() {
        let text = "Some `3,500` and [the piece](https://x.org/2019/5) — Путин **said** 2004.\n";
        let p = parse(text, 0);
        let block = p.blocks[0].span.clone();
        let whole = p.prose_of(text, block.clone());
        assert_eq!(
            whole.split_whitespace().collect::<Vec<_>>(),
            ["Some", "and", "the", "piece", "—", "Путин", "said", "2004."]
        );
        assert_eq!(whole.len(), block.len());
        // A span cut inside a blank run, and one with nothing blank: borrowed.
        let at = text.find("x.org").unwrap();
        assert_eq!(p.prose_of(text, at..at + 5), "     ");
        let said = text.find("said").unwrap();
        assert!(matches!(
            p.prose_of(text, said..said + 4),
            std::borrow::Cow::Borrowed("said")
        ));
        assert_eq!(p.masked_text(text).len(), text.len());
    }
}
