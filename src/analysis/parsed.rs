//! A note's markdown parse and line index, kept with the text they were made from so that
//! several analyses of that text share one parse, and the next edit re-parses only around it.

use crate::notes::frontmatter::FrontMatter;
use crate::notes::incremental::{common_ends, reparse_with_ends};
use crate::notes::markdown::Prose;
use crate::position::LineIndex;
use std::sync::Arc;

/// The parse of one text. Cloning shares it: the parse of a 1 MiB note takes milliseconds and
/// holds a copy of the note, so a hover's analysis of a few blocks during the note's first
/// analysis reads the same one instead of making its own.
#[derive(Clone, Debug)]
pub struct ParsedNote {
    pub(super) text: Arc<str>,
    pub(super) prose: Arc<Prose>,
    pub(super) lines: Arc<LineIndex>,
}

impl ParsedNote {
    /// Parse `text` whole.
    pub fn new(text: &Arc<str>) -> ParsedNote {
        let (lines, prose) = parse_whole(text, FrontMatter::parse(text).body_start());
        ParsedNote {
            text: text.clone(),
            prose,
            lines,
        }
    }

    /// The text this is the parse of.
    pub fn text(&self) -> &Arc<str> {
        &self.text
    }

    /// The line index of the text, for turning a position into an offset.
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }
}

/// The line index and parse of `text`, from the parse of an earlier text when there is one:
/// the same text (another analysis of the same version) reuses it as it is, an edited one is
/// re-parsed and re-indexed around the change.
pub(super) fn parse_after(
    earlier: Option<ParsedNote>,
    text: &str,
    body_start: usize,
) -> (Arc<LineIndex>, Arc<Prose>) {
    let Some(earlier) = earlier else {
        return parse_whole(text, body_start);
    };
    // One comparison of the old and new text serves the line index and the parse (and tells
    // whether they are the same text at all).
    let shared = std::ptr::eq(earlier.text.as_ptr(), text.as_ptr());
    let (prefix, suffix) = match shared && earlier.text.len() == text.len() {
        true => (text.len(), 0),
        false => common_ends(earlier.text.as_bytes(), text.as_bytes()),
    };
    let same_text = prefix == text.len() && earlier.text.len() == text.len();
    if same_text && earlier.prose.body_start == body_start {
        return (earlier.lines, earlier.prose);
    }
    let lines = earlier.lines.edited(text, prefix, suffix);
    // The old parse is edited in place when nothing else holds it (the usual case: the
    // analysis that shared it is over); otherwise it is copied first.
    let old = Arc::try_unwrap(earlier.prose).unwrap_or_else(|shared| (*shared).clone());
    let prose = reparse_with_ends(&earlier.text, old, text, body_start, (prefix, suffix));
    (Arc::new(lines), Arc::new(prose))
}

fn parse_whole(text: &str, body_start: usize) -> (Arc<LineIndex>, Arc<Prose>) {
    (
        Arc::new(LineIndex::new(text)),
        Arc::new(crate::notes::split_parse::parse(
            text,
            body_start,
            super::cache::cores(),
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::markdown;

    const NOTE: &str =
        "---\nsource: a.txt\n---\n# Notes\n\nRussia sent 300,000 troops.\n\n- China sent 3,200.\n";

    #[test]
    fn the_same_text_shares_the_parse_it_had() {
        let text: Arc<str> = NOTE.into();
        let parsed = ParsedNote::new(&text);
        let body_start = FrontMatter::parse(NOTE).body_start();
        // Another allocation with the same text is the same text.
        let copy = NOTE.to_string();
        let (lines, prose) = parse_after(Some(parsed.clone()), &copy, body_start);
        assert!(Arc::ptr_eq(&prose, &parsed.prose));
        assert!(Arc::ptr_eq(&lines, &parsed.lines));
    }

    #[test]
    fn an_edited_text_gets_the_parse_a_whole_parse_gives() {
        let text: Arc<str> = NOTE.into();
        let parsed = ParsedNote::new(&text);
        let edited = NOTE.replace("300,000", "30,000");
        let body_start = FrontMatter::parse(&edited).body_start();
        // Still shared: the edit copies the parse and leaves the shared one as it was.
        let (lines, prose) = parse_after(Some(parsed.clone()), &edited, body_start);
        assert_eq!(*prose, markdown::parse(&edited, body_start));
        assert_eq!(lines.line_count(), LineIndex::new(&edited).line_count());
        assert_eq!(*parsed.prose, markdown::parse(NOTE, body_start));
        // Not shared: edited in place, with the same result.
        let (_, alone) = parse_after(Some(parsed), &edited, body_start);
        assert_eq!(*alone, markdown::parse(&edited, body_start));
    }
}
