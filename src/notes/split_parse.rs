//! A first parse of a large note in windows of about 128 KiB, on two threads, joined where
//! a re-parse of each seam agrees.
//!
//! The markdown parse runs before any block can be analyzed, so on a first analysis it is the
//! part that two cores do not share. Parsed whole, pulldown-cmark's tree for 1 MiB grows to
//! megabytes of memory touched for the first time, and on this kind of machine each fresh page
//! costs a fault of about 4 µs: 1,100-1,250 faults, most of a 1 MiB note's 5-6 ms parse. Parsed
//! in windows, each thread's tree stays small and is reused from window to window.
//!
//! The body is cut at lines that follow a blank line, and each window is parsed as a document
//! of its own. A cut may fall inside a fenced block, a list, an HTML comment, so the top-level
//! blocks around every cut are parsed again in one window (`incremental::seam_agrees`) and the
//! windows are kept only when that gives exactly what they have; otherwise, and whenever the
//! note may define links (they act at a distance), the note is parsed whole.

use super::incremental::seam_agrees;
use super::markdown::{self, parse_window, Prose, Window};
use crate::model::Span;

/// Bodies smaller than this are parsed whole, on the calling thread.
const MIN_BODY_BYTES: usize = 256 * 1024;
/// About how long a window is.
const WINDOW_BYTES: usize = 128 * 1024;
/// How far past a window's length to look for a blank line before giving up on cutting.
const MAX_SEARCH: usize = 64 * 1024;

/// The same as `markdown::parse(text, body_start)`, in windows on up to two threads when the
/// note is large enough.
pub fn parse(text: &str, body_start: usize, threads: usize) -> Prose {
    let body_start = body_start.min(text.len());
    if text.len() - body_start < MIN_BODY_BYTES || markdown::may_define_links(text) {
        return markdown::parse(text, body_start);
    }
    let cuts = cut_points(text, body_start);
    try_parse_in_windows(text, body_start, &cuts, threads)
        .unwrap_or_else(|| markdown::parse(text, body_start))
}

/// Where the windows meet: about every `WINDOW_BYTES`, leaving the last at least half as long.
fn cut_points(text: &str, body_start: usize) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut from = body_start;
    while from + WINDOW_BYTES + WINDOW_BYTES / 2 < text.len() {
        match cut_after(text, from + WINDOW_BYTES) {
            Some(cut) => {
                cuts.push(cut);
                from = cut;
            }
            None => break,
        }
    }
    cuts
}

/// A line start after a blank line, at or after `from`, where a top-level block most likely
/// starts: a heading's `#` (a blank line inside a fenced block or a comment is more often
/// followed by text than by `#`), else a letter (not a list item, a quotation, an indented
/// line or a fence).
fn cut_after(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let area = &bytes[from..(from + MAX_SEARCH).min(bytes.len())];
    // Line starts after an empty line, with `\n` or `\r\n` line breaks.
    let after_blank = |starts: fn(u8) -> bool| {
        memchr::memchr_iter(b'\n', area)
            .filter_map(|i| match &bytes[from + i + 1..] {
                [b'\n', ..] => Some(from + i + 2),
                [b'\r', b'\n', ..] => Some(from + i + 3),
                _ => None,
            })
            .find(|&at| bytes.get(at).copied().is_some_and(starts))
    };
    after_blank(|b| b == b'#').or_else(|| after_blank(|b| b.is_ascii_alphabetic()))
}

/// Parse `text[body_start..]` as one document per window between `cuts` (ascending line
/// starts after `body_start`), the windows shared out over `threads` (one or two) by bytes,
/// then check every seam: `None` when the windows may not be what a parse of the whole gives.
/// Public for the fuzz target, which cuts small notes anywhere.
#[doc(hidden)]
pub fn try_parse_in_windows(
    text: &str,
    body_start: usize,
    cuts: &[usize],
    threads: usize,
) -> Option<Prose> {
    let starts = std::iter::once(body_start).chain(cuts.iter().copied());
    let ends = cuts.iter().copied().chain(std::iter::once(text.len()));
    let windows: Vec<Span> = starts.zip(ends).map(|(start, end)| start..end).collect();
    // Each thread gathers its windows' results as it goes, so that a huge note never holds
    // every window's lists and the joined ones at once.
    let parse_run = |run: &[Span]| -> Window {
        let mut gathered = Window::default();
        for window in run {
            gathered.append(parse_window(text, window.clone()));
        }
        gathered
    };
    // The second thread takes the windows after the middle byte.
    let middle = body_start + (text.len() - body_start) / 2;
    let split = match threads {
        0 | 1 => windows.len(),
        _ => windows.partition_point(|window| window.start < middle),
    };
    let (head, tail) = windows.split_at(split);
    let parsed = if tail.is_empty() {
        parse_run(head)
    } else {
        // On the process's worker threads, which the blocks' analysis uses next. A panic on
        // either re-raises here, as if it had happened on this thread.
        let (mut parsed, tail) = rayon::join(|| parse_run(head), || parse_run(tail));
        parsed.append(tail);
        parsed
    };
    let prose = Prose {
        len: text.len(),
        blanks: parsed.blanks,
        blocks: parsed.blocks,
        html: parsed.html,
        chunks: parsed.chunks,
        body_start,
        may_define_links: false,
    };
    cuts.iter()
        .all(|&cut| seam_agrees(text, &prose, cut))
        .then_some(prose)
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
    fn a_parse_in_two_windows_equals_a_whole_parse_wherever_it_is_cut() {
        let body_start = NOTE.find("# Notes").unwrap();
        let whole = markdown::parse(NOTE, body_start);
        let bytes = NOTE.as_bytes();
        let cuts = (body_start + 1..NOTE.len()).filter(|&i| bytes[i - 1] == b'\n');
        // Cuts where `cut_after` would cut: after a blank line, before `#` or a letter.
        let mut refused = Vec::new();
        for cut in cuts {
            let kept = try_parse_in_windows(NOTE, body_start, &[cut], 2);
            if let Some(windows) = &kept {
                assert_eq!(windows, &whole, "cut at {cut}");
            }
            let likely =
                bytes[cut - 2] == b'\n' && (bytes[cut] == b'#' || bytes[cut].is_ascii_alphabetic());
            if likely && kept.is_none() {
                refused.push(NOTE[cut..].split(['\n', ' ']).next().unwrap());
            }
        }
        // Of those, only the cuts inside the fence and the comment are refused, and the one
        // before the last block (a seam needs a block on each side to be checked).
        assert_eq!(refused, ["more", "still", "Last"]);
    }

    /// A large note is cut into several windows, parsed on one or two threads, as a whole parse.
    #[test]
    fn large_notes_parsed_in_windows_equal_a_whole_parse() {
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
        let cuts = cut_points(&note, body_start);
        assert!(cuts.len() >= 3, "{} cuts", cuts.len());
        let whole = markdown::parse(&note, body_start);
        for threads in [1, 2] {
            let windows = try_parse_in_windows(&note, body_start, &cuts, threads);
            assert_eq!(windows.as_ref(), Some(&whole), "the seams are clean");
        }
        assert_eq!(parse(&note, body_start, 2), whole);
        // The same note with CRLF line breaks is cut at the same kind of lines.
        let crlf = note.replace('\n', "\r\n");
        let body_start = crlf.find("# Heading").unwrap();
        let cuts = cut_points(&crlf, body_start);
        assert!(cuts.len() >= 3, "{} cuts with CRLF", cuts.len());
        let whole = markdown::parse(&crlf, body_start);
        let windows = try_parse_in_windows(&crlf, body_start, &cuts, 2);
        assert_eq!(windows.as_ref(), Some(&whole), "the CRLF seams are clean");
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
        /// Wherever a note of such lines is cut, windows that pass the seam checks are what a
        /// parse of the whole gives.
        #[test]
        fn kept_windows_equal_a_whole_parse(
            lines in proptest::collection::vec(0..LINES.len(), 2..40),
            cut_lines in proptest::collection::vec(1usize..40, 1..4),
            threads in 1usize..3,
            crlf in proptest::bool::ANY,
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let text: String = lines.iter().map(|&i| format!("{}{eol}", LINES[i])).collect();
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .filter(|&i| i < text.len())
                .collect();
            let mut cuts: Vec<usize> = cut_lines.iter().map(|l| starts[l % starts.len()]).collect();
            cuts.sort_unstable();
            cuts.dedup();
            cuts.retain(|&c| c > 0);
            prop_assume!(!cuts.is_empty());
            if let Some(windows) = try_parse_in_windows(&text, 0, &cuts, threads) {
                prop_assert_eq!(windows, markdown::parse(&text, 0));
            }
        }
    }
}
