//! Editor features computed from the core's analysis: pure functions over a note (or the
//! article) that return plain structs with byte spans. No LSP types, no I/O; `crate::lsp`
//! converts the results.

pub mod actions;
pub mod completion;
pub mod definition;
pub mod hover;
pub mod inlay;
pub mod links;
pub mod references;
pub mod symbols;
pub mod tokens;

use crate::analysis::NoteAnalysis;
use crate::article::{Article, Paragraph};
use crate::kb::KnowledgeBase;

/// A note, its analysis, and the article it annotates (when it could be read).
pub struct Note<'a> {
    pub text: &'a str,
    pub analysis: &'a NoteAnalysis,
    pub article: Option<&'a Article>,
    pub kb: &'a KnowledgeBase,
}

/// At most `max` chars of `s`, with an ellipsis when cut.
pub fn cap(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", s[..at].trim_end()),
        None => s.to_string(),
    }
}

/// The first `n` words of a paragraph, for labels.
pub fn first_words(p: &Paragraph, n: usize) -> String {
    let words: Vec<&str> = p.normalized().split_whitespace().take(n + 1).collect();
    if words.len() > n {
        format!("{}…", words[..n].join(" "))
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
pub(crate) mod fixture {
    //! A small article and a note about it, shared by the feature tests.
    use super::*;
    use crate::analysis::{analyze_note, NoteOptions, Source};

    pub const ARTICLE: &str = "# Exercise Report\n\nRussia deployed the S-400 system near the border in 2018.\n\nSome 300,000 troops took part, with 36,000 vehicles.\n\nChina sent 3,200 soldiers. The S-400 was shown again.\n";

    pub struct Fixture {
        pub text: String,
        pub kb: KnowledgeBase,
        pub article: Article,
        pub analysis: NoteAnalysis,
    }

    impl Fixture {
        pub fn new(text: &str) -> Fixture {
            Fixture::with_article(ARTICLE, text)
        }

        pub fn with_article(article: &str, text: &str) -> Fixture {
            let kb = KnowledgeBase::builtin();
            let article = Article::parse(article.to_string(), &kb, None);
            let analysis =
                analyze_note(text, Source::Loaded(&article), &kb, &NoteOptions::default());
            Fixture {
                text: text.to_string(),
                kb,
                article,
                analysis,
            }
        }

        pub fn note(&self) -> Note<'_> {
            Note {
                text: &self.text,
                analysis: &self.analysis,
                article: Some(&self.article),
                kb: &self.kb,
            }
        }

        pub fn at(&self, needle: &str) -> usize {
            self.text
                .find(needle)
                .unwrap_or_else(|| panic!("{needle} not in note"))
        }
    }
}
