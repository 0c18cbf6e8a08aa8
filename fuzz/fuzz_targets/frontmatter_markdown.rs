//! Fuzz target: front matter, markdown masking and ignore directives on any text.
//! The prose as the analysis reads it must keep the note's length and line breaks and blank
//! only whole characters.
#![no_main]

use geonotes::notes::directives::Suppressions;
use geonotes::notes::frontmatter::FrontMatter;
use geonotes::notes::markdown;
use geonotes::position::LineIndex;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let front_matter = FrontMatter::parse(text);
    let _ = front_matter.published();
    for field in &front_matter.fields {
        assert!(text.get(field.key_span.clone()).is_some(), "key span {field:?}");
        assert!(text.get(field.value_span.clone()).is_some(), "value span {field:?}");
    }
    let body_start = front_matter.body_start();
    assert!(text.is_char_boundary(body_start));
    let prose = markdown::parse(text, body_start);
    let masked_text = prose.masked_text(text);
    assert_eq!(masked_text.len(), text.len());
    for (&orig, &masked) in text.as_bytes().iter().zip(masked_text.as_bytes()) {
        let is_break = matches!(orig, b'\n' | b'\r');
        assert!(masked == orig || (masked == b' ' && !is_break));
    }
    for block in &prose.blocks {
        assert!(text.get(block.span.clone()).is_some(), "block {block:?}");
    }
    let lines = LineIndex::new(text);
    let html: Vec<_> = prose.html.iter().map(|h| h.span.clone()).collect();
    let suppressions = Suppressions::from_html(text, &html, &lines);
    for line in 0..lines.line_count().min(64) as u32 {
        let _ = suppressions.silences(line, "unsupported-figure");
        let _ = suppressions.is_outside_knowledge(line);
    }
});
