//! Property tests of the analysis core against naive oracles, on text that mixes every kind of
//! character that has broken offset arithmetic before (emoji, flags, combining marks, CJK,
//! Cyrillic, CRLF, lone CR, U+2028, tabs, `¶`, digits, markdown punctuation).

use geonotes::analysis::{analyze_note, NoteOptions, Source};
use geonotes::article::Article;
use geonotes::kb::KnowledgeBase;
use geonotes::notes::frontmatter::{parse_iso_date, FrontMatter};
use geonotes::notes::markdown;
use geonotes::position::{Encoding, LineCol, LineIndex};
use geonotes::text::Normalized;
use proptest::prelude::*;
use std::sync::LazyLock;

const ARTICLE: &str = include_str!("../../examples/vostok-2018/article.txt");

static KB: LazyLock<KnowledgeBase> = LazyLock::new(KnowledgeBase::builtin);
static DEMO: LazyLock<Article> =
    LazyLock::new(|| Article::parse(ARTICLE.to_string(), &KB, parse_iso_date("2018-09-24").ok()));

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Pieces that stress character and line arithmetic.
const CHARS: &[&str] = &[
    "a", "Z", "7", "0", " ", "  ", "\t", "👍", "🇷🇺", "e\u{301}", "中", "文", "П", "ж", "\r\n",
    "\n", "\r", "\u{2028}", "\u{85}", "\u{c}", "¶", "\u{a0}", "\u{2019}", "\u{201C}", "\u{2014}",
    "…", "-", ",", ".", "'", "\"",
];

/// Line breaks next to each other and to multi-byte chars: a CRLF made or split by an edit.
const BREAKS: &[&str] = &["a", "é", "😀", "\r", "\n", "\r\n"];

/// Pieces that stress the markdown and note layers.
const MARKUP: &[&str] = &[
    "#",
    "# ",
    "*",
    "_",
    "`",
    "```",
    "~~~",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "> ",
    "!",
    "- ",
    "1. ",
    "|",
    "\\",
    "---",
    "\n---\n",
    "---\n",
    "...\n",
    "source: a.txt\n",
    "published: 2018-09-24\n",
    "published: 2018-13-40\n",
    ":",
    "[¶3]",
    "(¶12)",
    "¶99999",
    "3,200",
    "1969",
    "300,000 troops",
    "about 150 million",
    "\"I see little in the long term\"",
    "[a](http://x.y/1)",
    "<https://e.org/9>",
    "![i](p.png)",
    "www.example.com/2020",
    "<!-- geonotes-ignore -->",
    "<!-- geonotes-disable -->",
    "<!-- geonotes-enable -->",
    "<!-- geonotes: outside-knowledge -->",
    "<!--",
    "-->",
    "<b>",
    "[^1]",
    "\n[^1]: ",
    "\n|---|\n",
    "\u{FEFF}",
    "\n\n",
];

fn text_from(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(pieces), 0..max).prop_map(|v| v.concat())
}

fn mixed_text() -> impl Strategy<Value = String> {
    text_from(CHARS, 48)
}

fn note_text() -> impl Strategy<Value = String> {
    let all: &'static [&'static str] = Box::leak([CHARS, MARKUP].concat().into_boxed_slice());
    prop_oneof![
        4 => text_from(all, 80),
        1 => any::<String>(),
        1 => text_from(MARKUP, 40).prop_map(|body| format!("---\nsource: a.txt\n---\n{body}")),
    ]
}

/// The oracle's lines: (start, end of content, start of next line) split on CRLF, LF, CR.
fn oracle_lines(text: &str) -> Vec<(usize, usize, usize)> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let break_len = match (bytes[i], bytes.get(i + 1)) {
            (b'\r', Some(b'\n')) => 2,
            (b'\r' | b'\n', _) => 1,
            _ => 0,
        };
        if break_len > 0 {
            lines.push((start, i, i + break_len));
            start = i + break_len;
            i += break_len;
        } else {
            i += 1;
        }
    }
    lines.push((start, text.len(), text.len()));
    lines
}

fn units(s: &str, encoding: Encoding) -> u32 {
    match encoding {
        Encoding::Utf8 => s.len() as u32,
        Encoding::Utf16 => s.encode_utf16().count() as u32,
    }
}

fn oracle_line_col(text: &str, offset: usize, encoding: Encoding) -> LineCol {
    let lines = oracle_lines(text);
    let line = lines
        .iter()
        .rposition(|&(start, _, _)| start <= offset)
        .unwrap_or(0);
    let (start, end, _) = lines[line];
    LineCol {
        line: line as u32,
        col: units(&text[start..offset.min(end)], encoding),
    }
}

/// The byte offset of a line and column by walking characters, clamping like LSP clients expect.
fn oracle_offset(text: &str, pos: LineCol, encoding: Encoding) -> usize {
    let lines = oracle_lines(text);
    let Some(&(start, end, _)) = lines.get(pos.line as usize) else {
        return text.len();
    };
    let mut seen = 0;
    for (i, c) in text[start..end].char_indices() {
        seen += units(c.encode_utf8(&mut [0; 4]), encoding);
        if seen > pos.col {
            return start + i;
        }
    }
    end
}

const ENCODINGS: [Encoding; 2] = [Encoding::Utf8, Encoding::Utf16];

proptest! {
    #![proptest_config(config())]

    #[test]
    fn line_index_agrees_with_a_naive_oracle_and_round_trips(
        text in mixed_text(),
        block_shift in prop_oneof![Just(8u32), 0u32..4],
    ) {
        // Tiny blocks put block borders inside chars and lines, and many per line.
        let index = LineIndex::with_block_shift(&text, block_shift);
        let lines = oracle_lines(&text);
        prop_assert_eq!(index.line_count(), lines.len());
        for encoding in ENCODINGS {
            for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                let pos = index.to_line_col(&text, offset, encoding);
                prop_assert_eq!(pos, oracle_line_col(&text, offset, encoding), "offset {}", offset);
                let back = index.to_offset(&text, pos, encoding);
                let (_, content_end, _) = lines[pos.line as usize];
                // Inside a line break the position is the end of the line's content.
                prop_assert_eq!(back, offset.min(content_end), "offset {} via {:?}", offset, pos);
            }
        }
    }

    /// The index of an edited text, built from the old index around the change, equals the
    /// index built from scratch: for the longest common ends, and for shorter ones (a caller
    /// may know less), wherever they fall (inside a CRLF, inside a multi-byte char).
    #[test]
    fn an_edited_line_index_equals_a_fresh_one(
        old in prop_oneof![text_from(BREAKS, 24), mixed_text()],
        new in prop_oneof![text_from(BREAKS, 4), mixed_text()],
        cut in 0usize..64,
        keep in 0usize..4,
        block_shift in prop_oneof![Just(8u32), 0u32..4],
    ) {
        // The new text: the old one with a stretch replaced by `new`'s text.
        let start = (cut.min(old.len()) ..=old.len()).find(|&i| old.is_char_boundary(i)).unwrap();
        let end = ((start + keep * 3).min(old.len())..=old.len())
            .find(|&i| old.is_char_boundary(i))
            .unwrap();
        let text = format!("{}{}{}", &old[..start], new, &old[end..]);
        let (a, b) = (old.as_bytes(), text.as_bytes());
        let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let room = a.len().min(b.len()) - prefix;
        let suffix = a.iter().rev().zip(b.iter().rev()).take(room).take_while(|(x, y)| x == y).count();
        let index = LineIndex::with_block_shift(&old, block_shift);
        let fresh = LineIndex::with_block_shift(&text, block_shift);
        for (p, s) in [(prefix, suffix), (prefix / 2, suffix / 2), (0, 0), (prefix, 0), (0, suffix)] {
            prop_assert_eq!(&index.edited(&text, p, s), &fresh, "prefix {} suffix {}", p, s);
        }
    }

    /// A sequence of ranged edits, with positions anywhere (inside surrogate pairs and CRLF,
    /// past the line, past the document), and now and then a whole new text: the document's
    /// text equals a `String` edited at the oracle's offsets, whether positions are found
    /// through the rope or by scanning the text, and the rope (built at the first ranged edit,
    /// dropped by a whole new text) holds the same text.
    #[test]
    fn document_edits_agree_with_a_naive_string_oracle(
        initial in mixed_text(),
        edits in prop::collection::vec(
            (0u32..6, 0u32..12, 0u32..6, 0u32..12, text_from(CHARS, 4), prop::bool::weighted(0.2)),
            1..6),
        utf16 in any::<bool>(),
        scan in any::<bool>(),
    ) {
        use geonotes::lsp::documents::{Document, Edit};
        let encoding = if utf16 { Encoding::Utf16 } else { Encoding::Utf8 };
        let mut doc = Document::new(initial.clone(), 0, "markdown");
        // Positions found through the rope, or by scanning the text (a huge note's way).
        if scan {
            doc.scan_positions_from(0);
        }
        let mut oracle = initial.clone();
        for (version, (l1, c1, l2, c2, insert, whole)) in edits.into_iter().enumerate() {
            let edit = if whole {
                oracle = format!("{insert}\n{initial}");
                Edit { range: None, text: oracle.clone() }
            } else {
                let (start, end) = (LineCol { line: l1, col: c1 }, LineCol { line: l2, col: c2 });
                let a = oracle_offset(&oracle, start, encoding);
                let b = oracle_offset(&oracle, end, encoding);
                oracle.replace_range(a.min(b)..a.max(b), &insert);
                Edit { range: Some((start, end)), text: insert }
            };
            doc.apply(version as i32 + 1, &[edit], encoding);
            let text = doc.text();
            prop_assert_eq!(text.as_str(), oracle.as_str());
            // A ranged edit builds the rope below the scanning size; a whole text drops it.
            prop_assert_eq!(doc.rope_text().is_some(), !scan && !whole);
            prop_assert!(doc.rope_text().is_none_or(|rope| rope == oracle));
        }
    }

    #[test]
    fn positions_past_the_line_or_document_clamp_to_a_char_boundary(
        text in mixed_text(),
        line in 0u32..12,
        col in prop_oneof![0u32..40, Just(u32::MAX)],
        offset in 0usize..400,
    ) {
        let index = LineIndex::new(&text);
        for encoding in ENCODINGS {
            let pos = LineCol { line, col };
            let at = index.to_offset(&text, pos, encoding);
            prop_assert!(at <= text.len() && text.is_char_boundary(at));
            prop_assert_eq!(at, oracle_offset(&text, pos, encoding), "{:?}", pos);
            // Without an index, by scanning (how a huge note's edits find their places).
            let scanned = geonotes::position::offset_by_scanning(&text, pos, encoding);
            prop_assert_eq!(scanned, at, "scanned {:?}", pos);
            // Any byte offset, even inside a character or past the end, reads as the char
            // boundary at or before it.
            let mut floor = offset.min(text.len());
            while !text.is_char_boundary(floor) {
                floor -= 1;
            }
            prop_assert_eq!(
                index.to_line_col(&text, offset, encoding),
                oracle_line_col(&text, floor, encoding)
            );
        }
    }

    #[test]
    fn normalized_spans_map_back_inside_the_original_monotonically(
        text in mixed_text(),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 2..8),
    ) {
        let norm = Normalized::new(&text);
        let boundaries: Vec<usize> =
            (0..=norm.text.len()).filter(|&i| norm.text.is_char_boundary(i)).collect();
        let mut points: Vec<usize> = cuts.iter().map(|c| *c.get(&boundaries)).collect();
        points.sort_unstable();
        let end = norm.text.len();
        for pair in points.windows(2) {
            let mapped = norm.to_original(&(pair[0]..pair[1]));
            prop_assert!(mapped.start <= mapped.end && mapped.end <= text.len());
            prop_assert!(text.is_char_boundary(mapped.start) && text.is_char_boundary(mapped.end));
            // Later starts map to later starts, later ends to later ends (a point inside a
            // replacement such as `…` maps to the replacement's start or end).
            let (first, second) = (norm.to_original(&(pair[0]..end)), norm.to_original(&(pair[1]..end)));
            prop_assert!(first.start <= second.start, "starts {:?}: {:?} {:?}", pair, first, second);
            if pair[0] > 0 {
                let (first, second) = (norm.to_original(&(0..pair[0])), norm.to_original(&(0..pair[1])));
                prop_assert!(first.end <= second.end, "ends {:?}: {:?} {:?}", pair, first, second);
            }
        }
    }

    #[test]
    fn every_kept_character_maps_back_to_itself(text in mixed_text()) {
        let norm = Normalized::new(&text);
        for (i, c) in norm.text.char_indices() {
            // ASCII space, quotes, dashes and dots may be replacements; everything else is a copy.
            if matches!(c, ' ' | '\'' | '"' | '-' | '.') {
                continue;
            }
            let mapped = norm.to_original(&(i..i + c.len_utf8()));
            prop_assert_eq!(&text[mapped], &norm.text[i..i + c.len_utf8()], "at {}", i);
        }
    }

    #[test]
    fn plain_text_normalizes_to_its_words_joined_by_single_spaces(
        text in text_from(&["a", "Z", "7", "👍", "e\u{301}", "中", "П", ",", ".", "¶", " ", "\t", "\n", "\r\n", "\r"], 48),
    ) {
        let expected = text
            .split([' ', '\t', '\n', '\r'])
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        prop_assert_eq!(Normalized::new(&text).text, expected);
    }

    #[test]
    fn masked_markdown_keeps_length_line_breaks_and_prose_bytes(text in note_text()) {
        let body_start = FrontMatter::parse(&text).body_start();
        let prose = markdown::parse(&text, body_start);
        let masked_text = prose.masked_text(&text);
        prop_assert_eq!(masked_text.len(), text.len());
        for (i, (&orig, &masked)) in text.as_bytes().iter().zip(masked_text.as_bytes()).enumerate() {
            let is_break = matches!(orig, b'\n' | b'\r');
            prop_assert!(masked == orig || (masked == b' ' && !is_break), "byte {} {:?} -> {:?}", i, orig, masked);
        }
        prop_assert!(masked_text[..body_start].bytes().all(|b| matches!(b, b' ' | b'\n' | b'\r')));
        for block in &prose.blocks {
            prop_assert!(block.span.start >= body_start && block.span.end <= text.len());
            prop_assert!(text.is_char_boundary(block.span.start) && text.is_char_boundary(block.span.end));
        }
        // The blank runs: sorted and apart, each inside a block, whole chars, no line break.
        for pair in prose.blanks.windows(2) {
            prop_assert!(pair[0].end < pair[1].start, "{:?}", pair);
        }
        for blank in &prose.blanks {
            prop_assert!(prose.blocks.iter().any(|b| b.span.start <= blank.start && blank.end <= b.span.end));
            prop_assert!(text.is_char_boundary(blank.start) && text.is_char_boundary(blank.end));
            prop_assert!(!text[blank.clone()].contains(['\n', '\r']));
        }
    }

    #[test]
    fn masked_markdown_never_exposes_code_or_link_destinations(
        blocks in prop::collection::vec(prop_oneof![
            // Random prose without the characters that legitimately reopen code or escape links.
            text_from(&["a", "Z", "7", "👍", "e\u{301}", "中", "П", "\r\n", " ", "¶", "3,200", "#", "*", "_", "> ", "- ", "<b>", "[", "]", "(", ")", "!"], 12),
            Just("```\nHIDDEN 4,000 troops\n```".to_string()),
            Just("~~~rust\nlet HIDDEN = 1;\n~~~".to_string()),
            // After a list item an indented line continues the item (CommonMark), so a plain
            // paragraph first closes any list: found by this test as "- ¶\n\n    HIDDEN".
            Just("Plain line.\n\n    HIDDEN indented code".to_string()),
            Just("Inline `HIDDEN 1999` code".to_string()),
            Just("See [the piece](notes/HIDDEN.md) here".to_string()),
            Just("See [the piece](<notes/HIDDEN 2.md> \"title\")".to_string()),
            Just("An image ![alt](img/HIDDEN.png)".to_string()),
            Just("An autolink <https://e.org/HIDDEN>".to_string()),
            Just("A bare URL https://e.org/HIDDEN/2018 in text".to_string()),
        ], 1..8),
    ) {
        let text = blocks.join("\n\n");
        let prose = markdown::parse(&text, 0);
        let masked = prose.masked_text(&text);
        prop_assert!(!masked.contains("HIDDEN"), "{:?}\n{:?}", text, masked);
    }

    #[test]
    fn analysis_spans_stay_in_the_note_and_findings_are_sorted(
        text in note_text(),
        with_source in any::<bool>(),
    ) {
        let source = if with_source { Source::Loaded(&DEMO) } else { Source::None };
        let analysis = analyze_note(&text, source, &KB, &NoteOptions::default());
        let inside = |span: &std::ops::Range<usize>| {
            span.start <= span.end
                && span.end <= text.len()
                && text.is_char_boundary(span.start)
                && text.is_char_boundary(span.end)
        };
        let mentions: Vec<_> = analysis.mentions().collect();
        for m in &mentions {
            prop_assert!(inside(&m.span), "mention {:?} in {:?}", m, text);
            if let Some(f) = m.figure() {
                prop_assert!(inside(&f.number_span) && f.span.start <= f.number_span.start && f.number_span.end <= f.span.end);
            }
        }
        prop_assert!(mentions.windows(2).all(|w| w[0].span.start <= w[1].span.start));
        for (id, m, verdict) in analysis.claims_in(&(0..text.len())) {
            prop_assert!(mentions.contains(&m));
            prop_assert_eq!(analysis.verdict_for(id), Some(verdict));
        }
        for f in &analysis.owned_findings() {
            prop_assert!(inside(&f.span), "finding {:?} in {:?}", f, text);
            if let Some(fix) = f.fix() {
                prop_assert!(inside(&fix.span));
            }
            for r in f.related().iter() {
                prop_assert!(r.span.end <= ARTICLE.len() && ARTICLE.is_char_boundary(r.span.start) && ARTICLE.is_char_boundary(r.span.end));
            }
        }
        prop_assert!(analysis
            .owned_findings()
            .windows(2)
            .all(|w| (w[0].span.start, w[0].span.end) <= (w[1].span.start, w[1].span.end)));
        if !with_source && !text.contains("geonotes-") {
            prop_assert!(analysis.findings().any(|f| f.code() == "no-source"));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..config() })]

    /// An edit analyzed with the cache of the text before it (blocks reused, markdown re-parsed
    /// only around the edit) gives what a fresh analysis of the edited text gives.
    #[test]
    fn an_edit_analyzed_with_the_cache_equals_a_fresh_analysis(
        before in note_text(),
        insert in text_from(Box::leak([CHARS, MARKUP].concat().into_boxed_slice()), 6),
        at in any::<prop::sample::Index>(),
        cut in 0usize..4,
    ) {
        use geonotes::analysis::{analyze_note_cached, AnalysisCache};
        let boundaries: Vec<usize> = (0..=before.len()).filter(|&i| before.is_char_boundary(i)).collect();
        let start = boundaries[at.index(boundaries.len())];
        let end = boundaries[(at.index(boundaries.len()) + cut).min(boundaries.len() - 1)];
        let after = format!("{}{insert}{}", &before[..start], &before[end..]);
        let options = NoteOptions::default();
        let summary = |a: &geonotes::analysis::NoteAnalysis| {
            (format!("{:?}", a.mentions().collect::<Vec<_>>()), format!("{:?}", a.owned_findings()))
        };
        let mut cache = AnalysisCache::default();
        analyze_note_cached(&before, Source::Loaded(&DEMO), &KB, &options, &mut cache);
        let cached = analyze_note_cached(&after, Source::Loaded(&DEMO), &KB, &options, &mut cache);
        let fresh = analyze_note(&after, Source::Loaded(&DEMO), &KB, &options);
        prop_assert_eq!(summary(&cached), summary(&fresh));
    }
}
