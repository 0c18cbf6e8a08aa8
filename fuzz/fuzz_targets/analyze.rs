//! Fuzz target: any bytes, read as lossy UTF-8, analyzed as a note against the demo article.
//! Besides not panicking, every mention and finding must lie in the note on char boundaries,
//! every finding must write a message, and a range analysis on a shared parse (what a hover
//! does before the first analysis is done) must find the same mention and verdict as the whole
//! analysis at each mention.
#![no_main]

use geonotes::analysis::{analyze_note, analyze_range, NoteOptions, ParsedNote, Source};
use geonotes::article::Article;
use geonotes::kb::KnowledgeBase;
use geonotes::notes::frontmatter::parse_iso_date;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static KB: LazyLock<KnowledgeBase> = LazyLock::new(KnowledgeBase::builtin);
static DEMO: LazyLock<Article> = LazyLock::new(|| {
    let text = include_str!("../../examples/vostok-2018/article.txt").to_string();
    Article::parse(text, &KB, parse_iso_date("2018-09-24").ok())
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // The first byte picks the source so both the loaded and the missing paths are explored.
    let source = if data.first().is_some_and(|b| b & 1 == 1) {
        Source::None
    } else {
        Source::Loaded(&DEMO)
    };
    let analysis = analyze_note(&text, source, &KB, &NoteOptions::default());
    let inside = |s: &std::ops::Range<usize>| {
        s.start <= s.end && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
    };
    for m in analysis.mentions() {
        assert!(inside(&m.span), "mention {m:?}");
    }
    for f in &analysis.owned_findings() {
        assert!(inside(&f.span), "finding {f:?}");
        // Most messages are written when read, from the note's words at the span.
        assert!(!f.message(&text).is_empty(), "finding {f:?}");
        if let Some(fix) = f.fix() {
            assert!(inside(&fix.span), "fix {fix:?}");
        }
    }
    assert!(analysis
        .owned_findings()
        .windows(2)
        .all(|w| (w[0].span.start, w[0].span.end) <= (w[1].span.start, w[1].span.end)));
    // Hover lookups at every mention boundary must not panic either.
    for m in analysis.mentions() {
        let _ = analysis.mention_at(m.span.start);
        let _ = analysis.mention_at(m.span.end);
    }
    let parsed = ParsedNote::new(&std::sync::Arc::new(text.to_string()));
    for m in analysis.mentions().take(16) {
        let at = m.span.start;
        let part = analyze_range(&parsed, at..at, source, &KB, &NoteOptions::default());
        let (whole_id, whole) = analysis.mention_at(at).expect("the whole analysis has it");
        let (part_id, found) = part.mention_at(at).expect("the range analysis finds it");
        assert_eq!(found, whole);
        assert_eq!(part.verdict_for(part_id), analysis.verdict_for(whole_id));
    }
});
