//! Markdown from elsewhere (a README or design document, no source, nothing about the article):
//! the analysis takes it whole, and a request's analysis of the blocks at one position agrees
//! with it, on a text unlike the demo notes.

use crate::generate;

use geonotes::analysis::{analyze_note, analyze_range, NoteOptions, ParsedNote, Source};
use geonotes::kb::KnowledgeBase;
use std::sync::Arc;

#[test]
fn range_analyses_of_markdown_from_elsewhere_agree_with_the_whole() {
    let text = Arc::new(generate::generate_plain_markdown(64 << 10, 11));
    let kb = KnowledgeBase::builtin();
    let options = NoteOptions::default();
    let whole = analyze_note(&text, Source::None, &kb, &options);
    let mentions: Vec<_> = whole.mentions().collect();
    assert!(mentions.len() > 200, "{} mentions", mentions.len());
    assert_eq!(
        whole.finding_count(),
        1,
        "only the missing source is reported"
    );
    // One parse shared by every range analysis, as the server does before the first analysis.
    let parsed = ParsedNote::new(&text);
    for mention in mentions.iter().step_by(7) {
        let at = mention.span.start;
        let part = analyze_range(&parsed, at..at, Source::None, &kb, &options);
        let (_, found) = part.mention_at(at).expect("the mention is found");
        assert_eq!(&found, mention);
        assert!(part.blocks.len() <= 2, "{} blocks", part.blocks.len());
    }
}
