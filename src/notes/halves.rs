//! A first parse of a large note in two halves at once, joined where a re-parse agrees.
//!
//! The markdown parse runs before any block can be analyzed, on one core, so on a first
//! analysis it is the part that two cores do not share (5–6 ms of a 1 MiB note's ~33 ms).
//! The body is cut at a line that follows a blank line near its middle and each half is
//! parsed as a document of its own, on its own thread. The halves may disagree with a parse
//! of the whole (the cut may fall inside a fenced block, a list, an HTML comment), so the
//! top-level blocks around the cut are parsed again as `incremental` re-parses an edit, and
//! the halves are kept only when that window's edge blocks come out as the halves have them;
//! otherwise, and whenever the note may define links (they act at a distance), the note is
//! parsed whole.

use super::incremental::reparse_window;
use super::markdown::{self, blank_copy, blank_urls, into_text, parse_window, Prose};

/// Below this a second thread costs about what it saves.
const MIN_BODY_BYTES: usize = 256 * 1024;
/// How far past the middle to look for a blank line before giving up on cutting.
const MAX_SEARCH: usize = 64 * 1024;

/// The same as `markdown::parse(text, body_start)`, on two threads when `threads` allows and
/// the note is large enough.
pub fn parse(text: &str, body_start: usize, threads: usize) -> Prose {
    let body_start = body_start.min(text.len());
    let cut = (threads >= 2 && text.len() - body_start >= MIN_BODY_BYTES)
        .then(|| cut_point(text, body_start))
        .flatten();
    match cut {
        Some(cut) if !markdown::may_define_links(text) => try_parse_cut_at(text, body_start, cut)
            .unwrap_or_else(|| markdown::parse(text, body_start)),
        _ => markdown::parse(text, body_start),
    }
}

/// A line start after a blank line, at or after the middle of the body, where a top-level
/// block most likely starts: a heading's `#` (a blank line inside a fenced block or a comment
/// is more often followed by text than by `#`), else a letter (not a list item, a quotation,
/// an indented line or a fence).
fn cut_point(text: &str, body_start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let middle = body_start + (text.len() - body_start) / 2;
    let area = &bytes[middle..(middle + MAX_SEARCH).min(bytes.len())];
    let after_blank = |starts: fn(u8) -> bool| {
        memchr::memmem::find_iter(area, b"\n\n")
            .map(|i| middle + i + 2)
            .find(|&at| bytes.get(at).copied().is_some_and(starts))
    };
    after_blank(|b| b == b'#').or_else(|| after_blank(|b| b.is_ascii_alphabetic()))
}

/// Parse `text[body_start..]` as two documents cut at `cut` (a line start), then check the
/// seam: `None` when the halves may not be what a parse of the whole gives.
fn try_parse_cut_at(text: &str, body_start: usize, cut: usize) -> Option<Prose> {
    // Both halves are masked into one buffer, each thread its part: joining two strings of
    // half the note would hold a third copy of it for a moment.
    let mut masked = blank_copy(text);
    let (head_bytes, tail_bytes) = masked.split_at_mut(cut);
    let (head, tail) = std::thread::scope(|scope| {
        let tail = scope.spawn(|| {
            let window = parse_window(text, cut..text.len(), tail_bytes);
            blank_urls(tail_bytes);
            window
        });
        let head = parse_window(text, body_start..cut, &mut head_bytes[body_start..]);
        blank_urls(head_bytes);
        // A panic in the other half re-raises here, as if it had happened on this thread.
        (
            head,
            tail.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
        )
    });
    let halves = Prose {
        masked: into_text(masked),
        blocks: join(head.blocks, tail.blocks),
        html: join(head.html, tail.html),
        chunks: join(head.chunks, tail.chunks),
        body_start,
        may_define_links: false,
    };
    // The seam as an empty edit at `cut`: its neighbouring blocks are parsed again in one
    // window, which must start and end as the halves do.
    reparse_window(text, halves, text, body_start, (cut, text.len() - cut))
}

/// `a` followed by `b`.
fn join<T>(mut a: Vec<T>, b: Vec<T>) -> Vec<T> {
    a.extend(b);
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "---\nsource: a.txt\n---\n# Notes\n\nRussia sent 3,200 troops.\n\n\
- one 1999\n- two 2000\n\n- loose item\n\n> quoted 2004\n\n> another quote\n\n```text\ncode 12\n\n\
more code\n```\n\nA paragraph <!-- geonotes-ignore --> here.\n\n<!--\nlong comment\n\nstill\n-->\n\n\
| a | b |\n|---|---|\n| 1 | 2 |\n\n    indented\n\n    code\n\nSetext\n===\n\n1. first\n\n2. second\n\n\
Last line 2014 https://example.org/x.\n";

    /// Cut at every line start of a note of tricky blocks: the result is a whole parse's.
    #[test]
    fn a_parse_in_halves_equals_a_whole_parse_wherever_it_is_cut() {
        let body_start = NOTE.find("# Notes").unwrap();
        let whole = markdown::parse(NOTE, body_start);
        let cuts = (body_start + 1..NOTE.len()).filter(|&i| NOTE.as_bytes()[i - 1] == b'\n');
        let (mut kept, mut cuts_tried) = (0, 0);
        for cut in cuts {
            cuts_tried += 1;
            if let Some(halves) = try_parse_cut_at(NOTE, body_start, cut) {
                assert_eq!(halves, whole, "cut at {cut}");
                kept += 1;
            }
        }
        // Most cuts must be kept, or the fast path would go untested.
        assert!(kept * 2 > cuts_tried, "{kept} of {cuts_tried} cuts kept");
    }

    /// Large generated notes take the two-thread path and agree with the whole parse.
    #[test]
    fn large_notes_parsed_in_halves_equal_a_whole_parse() {
        let mut note = String::from("---\nsource: a.txt\n---\n");
        let blocks = [
            "# Heading 2018\n\n",
            "Russia sent 3,200 troops and 1,000 tanks to Vostok-2018.\n\n",
            "- an item 12\n- another 13\n\n",
            "```\nfenced 1\n\nstill fenced\n```\n\n",
            "> a quotation of four words\n\n",
            "<!-- geonotes-ignore -->\n\n",
        ];
        let mut i = 0;
        while note.len() < 2 * MIN_BODY_BYTES {
            note.push_str(blocks[i % blocks.len()]);
            i += 1;
        }
        let body_start = note.find("# Heading").unwrap();
        let cut = cut_point(&note, body_start).expect("a blank line near the middle");
        let halves = try_parse_cut_at(&note, body_start, cut).expect("the seam is clean");
        assert_eq!(halves, markdown::parse(&note, body_start));
        assert_eq!(parse(&note, body_start, 2), halves);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Lines that open, continue or close blocks across a blank line: fences, lists, HTML
    /// blocks and comments, quotations, indented code, setext underlines, tables.
    const LINES: &[&str] = &[
        "",
        "",
        "Plain prose 2018.",
        "# Heading",
        "```",
        "~~~",
        "- item",
        "1. item",
        "    indented",
        "> quoted",
        "<!-- open",
        "close -->",
        "<div>",
        "</div>",
        "===",
        "---",
        "| a | b |",
        "|---|---|",
        "  lazy continuation",
        "Text with *emphasis and a https://example.org/link.",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// Wherever a note of such lines is cut, halves that pass the seam check are what a
        /// parse of the whole gives.
        #[test]
        fn kept_halves_equal_a_whole_parse(
            lines in proptest::collection::vec(0..LINES.len(), 2..40),
            cut_line in 1usize..40,
        ) {
            let text: String = lines.iter().map(|&i| format!("{}\n", LINES[i])).collect();
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .filter(|&i| i < text.len())
                .collect();
            let cut = starts[cut_line % starts.len()];
            prop_assume!(cut > 0);
            if let Some(halves) = try_parse_cut_at(&text, 0, cut) {
                prop_assert_eq!(halves, markdown::parse(&text, 0));
            }
        }
    }
}
