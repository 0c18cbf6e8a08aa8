//! Fuzz target: any text parsed as a source article, then queried the way hovers and
//! go-to-definition do. Paragraphs must be numbered densely and every span must be in the text.
#![no_main]

use geonotes::article::Article;
use geonotes::kb::KnowledgeBase;
use geonotes::model::PartialDate;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static KB: LazyLock<KnowledgeBase> = LazyLock::new(KnowledgeBase::builtin);

fuzz_target!(|text: &str| {
    let article = Article::parse(text.to_string(), &KB, Some(PartialDate::day(2018, 9, 24)));
    let text = &article.text;
    for heading in &article.headings {
        assert!(text.get(heading.span.clone()).is_some(), "heading {heading:?}");
    }
    for (i, paragraph) in article.paragraphs.iter().enumerate() {
        assert_eq!(paragraph.n as usize, i + 1);
        assert!(text.get(paragraph.span.clone()).is_some(), "paragraph {}", paragraph.n);
        assert!(paragraph.first_line <= paragraph.last_line);
        for (j, mention) in paragraph.mentions().iter().enumerate() {
            assert!(text.get(mention.span.clone()).is_some(), "mention {mention:?}");
            let _ = paragraph.sentence_at(mention.span.start);
            let _ = paragraph.context(j);
            let _ = article.mention_at(mention.span.start);
        }
        assert_eq!(article.paragraph_at(paragraph.span.start).map(|p| p.n), Some(paragraph.n));
    }
    let _ = article.paragraph(0);
    let _ = article.paragraph(u32::MAX);
    let _ = article.figures().count();
    let _ = article.dates().count();
});
