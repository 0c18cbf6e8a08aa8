//! A note's markdown parse and line index, kept with the text they were made from so that
//! several analyses of that text share one parse, and the next edit re-parses only around it.

use crate::notes::frontmatter::FrontMatter;
use crate::notes::incremental::{common_ends, reparse_with_ends};
use crate::notes::markdown::Prose;
use crate::notes::text_print::TextPrint;
use crate::position::LineIndex;
use std::sync::Arc;

/// The parse of one text. Cloning shares it: the parse of a 1 MiB note takes milliseconds and
/// holds a copy of the note, so a hover's analysis of a few blocks during the note's first
/// analysis reads the same one instead of making its own.
#[derive(Clone, Debug)]
pub struct ParsedNote {
    pub(super) text: Arc<String>,
    pub(super) prose: Arc<Prose>,
    pub(super) lines: Arc<LineIndex>,
}

impl ParsedNote {
    /// Parse `text` whole.
    pub fn new(text: &Arc<String>) -> ParsedNote {
        let (lines, prose) = parse_whole(text, FrontMatter::parse(text).body_start());
        ParsedNote {
            text: text.clone(),
            prose,
            lines,
        }
    }

    /// The text this is the parse of.
    pub fn text(&self) -> &Arc<String> {
        &self.text
    }

    /// The line index of the text, for turning a position into an offset.
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }
}

/// What the cache keeps of the text it analyzed last, to re-parse only around the next edit.
#[derive(Debug)]
pub(super) enum Earlier {
    /// A parse made for requests, whose text they hold anyway: kept with its text.
    Held(ParsedNote),
    /// The cache's own: kept with the text's print, not the text. The old text then goes as
    /// soon as the document and its last snapshot let it go, before the next analysis: a
    /// huge note no longer holds two texts at that analysis's peak.
    Printed {
        print: TextPrint,
        prose: Arc<Prose>,
        lines: Arc<LineIndex>,
    },
}

/// The line index and parse of `text`, from the parse of an earlier text when there is one
/// (the same text, another analysis of the same version, reuses it as it is; an edited one is
/// re-parsed and re-indexed around the change); and the print of `text` when it was made on
/// the way.
pub(super) fn parse_after(
    earlier: Option<Earlier>,
    text: &str,
    body_start: usize,
) -> (Arc<LineIndex>, Arc<Prose>, Option<TextPrint>) {
    // One comparison of the old and new text serves the line index and the parse (and tells
    // whether they are the same text at all).
    let (old_len, ends, lines, prose, print) = match earlier {
        None => {
            let (lines, prose) = parse_whole(text, body_start);
            return (lines, prose, None);
        }
        Some(Earlier::Held(earlier)) => {
            let shared = std::ptr::eq(earlier.text.as_ptr(), text.as_ptr());
            let ends = match shared && earlier.text.len() == text.len() {
                true => (text.len(), 0),
                false => common_ends(earlier.text.as_bytes(), text.as_bytes()),
            };
            let old_len = earlier.text.len();
            (old_len, ends, earlier.lines, earlier.prose, None)
        }
        Some(Earlier::Printed {
            print,
            prose,
            lines,
        }) => {
            let (ends, new_print) = print.common_ends(text);
            (print.len(), ends, lines, prose, Some(new_print))
        }
    };
    let (prefix, suffix) = ends;
    let same_text = prefix == text.len() && old_len == text.len();
    if same_text && prose.body_start == body_start {
        return (lines, prose, print);
    }
    let lines = lines.edited(text, prefix, suffix);
    // The old parse is edited in place when nothing else holds it (the usual case: the
    // analysis that shared it is over); otherwise it is copied first.
    let old = Arc::try_unwrap(prose).unwrap_or_else(|shared| (*shared).clone());
    let prose = reparse_with_ends(old_len, old, text, body_start, (prefix, suffix));
    (Arc::new(lines), Arc::new(prose), print)
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
        let text = Arc::new(NOTE.to_string());
        let parsed = ParsedNote::new(&text);
        let body_start = FrontMatter::parse(NOTE).body_start();
        // Another allocation with the same text is the same text.
        let copy = NOTE.to_string();
        let (lines, prose, _) = parse_after(Some(Earlier::Held(parsed.clone())), &copy, body_start);
        assert!(Arc::ptr_eq(&prose, &parsed.prose));
        assert!(Arc::ptr_eq(&lines, &parsed.lines));
    }

    #[test]
    fn an_edited_text_gets_the_parse_a_whole_parse_gives() {
        let text = Arc::new(NOTE.to_string());
        let parsed = ParsedNote::new(&text);
        let edited = NOTE.replace("300,000", "30,000");
        let body_start = FrontMatter::parse(&edited).body_start();
        // Still shared: the edit copies the parse and leaves the shared one as it was.
        let (lines, prose, _) =
            parse_after(Some(Earlier::Held(parsed.clone())), &edited, body_start);
        assert_eq!(*prose, markdown::parse(&edited, body_start));
        assert_eq!(lines.line_count(), LineIndex::new(&edited).line_count());
        assert_eq!(*parsed.prose, markdown::parse(NOTE, body_start));
        // Not shared: edited in place, with the same result.
        let (_, alone, _) = parse_after(Some(Earlier::Held(parsed)), &edited, body_start);
        assert_eq!(*alone, markdown::parse(&edited, body_start));
    }

    /// A chain of edits of a note several pages long, each parsed from the print of the text
    /// before it (which is gone): every parse, index and print is what a whole one gives.
    #[test]
    fn a_printed_parse_follows_edits_without_the_old_text() {
        let mut note = NOTE.to_string() + &"- Russia sent 300,000 troops in 2018.\n\n".repeat(500);
        let body_start = FrontMatter::parse(&note).body_start();
        let (lines, prose) = parse_whole(&note, body_start);
        let mut earlier = Earlier::Printed {
            print: TextPrint::of(&note),
            prose,
            lines,
        };
        let edits = [
            (30, "x"),
            (9000, "\n\n# A heading\n"),
            (20_000, "```\n"),
            (4096, "Ж"),
        ];
        for (at, insert) in edits {
            let at = (0..=at).rev().find(|&i| note.is_char_boundary(i)).unwrap();
            note.insert_str(at, insert);
            let (lines, prose, print) = parse_after(Some(earlier), &note, body_start);
            assert_eq!(
                *prose,
                markdown::parse(&note, body_start),
                "after {insert:?} at {at}"
            );
            assert_eq!(*lines, LineIndex::new(&note));
            let print = print.expect("made on the way");
            assert_eq!(print, TextPrint::of(&note));
            earlier = Earlier::Printed {
                print,
                prose,
                lines,
            };
        }
    }
}
