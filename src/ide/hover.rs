//! Hover text (markdown) for what is under the cursor in a note: an entity, a figure, a date,
//! a citation or a quotation, each explained against the article.

use super::{cap, Note};
use crate::analysis::MentionId;
use crate::article::Article;
use crate::check::figures::Verdict;
use crate::kb::KnowledgeBase;
use crate::model::{DateMention, Span};
use crate::prose::{Mention, MentionKind};
use std::fmt::Write;

/// The hovered span and the text to show.
#[derive(Clone, Debug, PartialEq)]
pub struct HoverInfo {
    pub span: Span,
    pub markdown: String,
}

const QUOTE_CAP: usize = 300;
const PARAGRAPH_CAP: usize = 600;

pub fn hover(note: &Note, offset: usize) -> Option<HoverInfo> {
    let (index, mention) = note.analysis.mention_at(offset)?;
    let markdown = match &mention.kind {
        MentionKind::Entity { entity, .. } => entity_markdown(note.kb, note.article, *entity),
        MentionKind::Figure(_) | MentionKind::Quote { .. } => {
            claim_markdown(note, index, &mention, "figure")
        }
        MentionKind::Date(date) => {
            let mut out = date_line(date);
            out.push_str("\n\n");
            out.push_str(&claim_markdown(note, index, &mention, "date"));
            out
        }
        MentionKind::Citation { paragraph } => citation_markdown(note.article, *paragraph),
    };
    Some(HoverInfo {
        span: mention.span.clone(),
        markdown,
    })
}

/// Hover on a mention inside the article itself.
pub fn hover_in_article(article: &Article, kb: &KnowledgeBase, offset: usize) -> Option<HoverInfo> {
    let (paragraph, mention) = article.mention_at(offset)?;
    let markdown = match &mention.kind {
        MentionKind::Entity { entity, .. } => entity_markdown(kb, Some(article), *entity),
        MentionKind::Date(date) => format!("{}\n\n¶{}", date_line(date), paragraph.n),
        _ => format!("¶{}", paragraph.n),
    };
    Some(HoverInfo {
        span: mention.span.clone(),
        markdown,
    })
}

fn entity_markdown(
    kb: &KnowledgeBase,
    article: Option<&Article>,
    written: crate::kb::EntityId,
) -> String {
    let entity = kb.get(written);
    let mut out = format!("**{}** · {}", entity.name, entity.kind.as_str());
    if let Some(category) = entity.category() {
        let _ = write!(out, " ({category})");
    }
    // A metonym ("the Kremlin") names what it stands for.
    let target = kb.resolve(written);
    if target != written {
        let _ = write!(out, " — stands for **{}**", kb.get(target).name);
    }
    let _ = write!(out, "\n\n{}", entity.definition);
    if let Some(q) = &entity.wikidata {
        let _ = write!(out, "\n\n[Wikidata {q}](https://www.wikidata.org/wiki/{q})");
    }
    let Some(article) = article else {
        return out;
    };
    // The words as written first; else everything that stands for the same thing.
    let mut mentions: Vec<_> = article
        .entity_mentions(written, kb)
        .filter(|(_, m)| m.entity() == Some(written) || target == written)
        .collect();
    if mentions.is_empty() {
        mentions = article.entity_mentions(target, kb).collect();
    }
    match mentions.first() {
        None => out.push_str("\n\nNot mentioned in the article."),
        Some((first_paragraph, first)) => {
            let mut paragraphs: Vec<u32> = mentions.iter().map(|(p, _)| p.n).collect();
            paragraphs.dedup();
            let list: Vec<String> = paragraphs.iter().map(|n| format!("¶{n}")).collect();
            let count = match mentions.len() {
                1 => "once".to_string(),
                n => format!("{n} times"),
            };
            let _ = write!(
                out,
                "\n\nIn the article {count}: {}\n\n> {}",
                list.join(", "),
                cap(first_paragraph.sentence_at(first.span.start), QUOTE_CAP)
            );
        }
    }
    out
}

fn date_line(date: &DateMention) -> String {
    match &date.value {
        Some(value) if date.relative => {
            format!(
                "**Date** {} (relative, resolved against the publication date)",
                value.iso()
            )
        }
        Some(value) => format!("**Date** {}", value.iso()),
        None if date.relative => {
            "**Date** relative; add `published:` to the front matter to resolve it".to_string()
        }
        None => "**Date**".to_string(),
    }
}

fn claim_markdown(note: &Note, index: MentionId, mention: &Mention, what: &str) -> String {
    let Some(article) = note.article else {
        return format!("This {what} cannot be checked: no source article is loaded.");
    };
    let what = if matches!(mention.kind, MentionKind::Quote { .. }) {
        "quotation"
    } else {
        what
    };
    let quote = |paragraph: u32, span: &Span| {
        article
            .paragraph(paragraph)
            .map(|p| format!("\n\n> {}", cap(p.sentence_at(span.start), QUOTE_CAP)))
            .unwrap_or_default()
    };
    match note.analysis.verdict_for(index) {
        Some(Verdict::Supported(r)) => {
            format!(
                "✓ Supported by ¶{}: {}{}",
                r.paragraph,
                r.full_text,
                quote(r.paragraph, &r.span)
            )
        }
        Some(Verdict::Approximate(r)) => format!(
            "≈ Close to ¶{}: {}{}",
            r.paragraph,
            r.full_text,
            quote(r.paragraph, &r.span)
        ),
        Some(Verdict::ContextMismatch { source, reason }) => format!(
            "⚠ The value is in ¶{}, but {reason}{}",
            source.paragraph,
            quote(source.paragraph, &source.span)
        ),
        Some(Verdict::Misquote { source }) => format!(
            "⚠ Not verbatim: the article (¶{}) says{}",
            source.paragraph,
            quote(source.paragraph, &source.span)
        ),
        Some(Verdict::Unsupported {
            nearest: Some(r), ..
        }) => format!(
            "✗ This {what} is not in the article. Nearest: {} in ¶{}{}",
            r.full_text,
            r.paragraph,
            quote(r.paragraph, &r.span)
        ),
        Some(Verdict::Unsupported { nearest: None, .. }) => {
            format!("✗ This {what} is not in the article.")
        }
        Some(Verdict::WritersOwn) if what == "figure" => "Not checked: this reads as the \
                                      length of your own work (a word or page limit), not a \
                                      claim about the article."
            .to_string(),
        Some(Verdict::WritersOwn) => "Not checked: this reads as a day of your own (your \
                                      reading, classes or plans), not a claim about the article. \
                                      Give its year to have it checked."
            .to_string(),
        Some(Verdict::PublicationDay) => {
            "✓ The day the article was published (its masthead or front matter).".to_string()
        }
        None => format!("This {what} was not checked."),
    }
}

fn citation_markdown(article: Option<&Article>, n: u32) -> String {
    match article.map(|a| a.paragraph(n)) {
        None => format!("¶{n}: no source article is loaded."),
        Some(None) => {
            let count = article.map_or(0, |a| a.paragraphs.len());
            format!("The article has no ¶{n} (it has {count} paragraphs).")
        }
        Some(Some(p)) => {
            let section = p
                .section
                .as_deref()
                .map(|s| format!(" — {s}"))
                .unwrap_or_default();
            format!(
                "**¶{n}**{section}\n\n{}",
                cap(p.normalized(), PARAGRAPH_CAP)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture::Fixture;

    #[test]
    fn hover_explains_each_kind_of_mention() {
        let f = Fixture::new(
            "The S-400 arrived.\n\nSome 300,000 troops took part [¶2]; 400,000 tanks too.\n",
        );
        // (cursor, expected fragments, expected hovered text)
        let cases: &[(&str, &[&str], &str)] = &[
            (
                "S-400 arrived",
                &["**S-400", "weapon", "¶1, ¶3", "> Russia deployed the S-400"],
                "S-400",
            ),
            ("[¶2]", &["**¶2**", "Some 300,000 troops took part"], "[¶2]"),
            (
                "300,000",
                &["✓ Supported by ¶2", "> Some 300,000 troops"],
                "Some 300,000 troops",
            ),
            (
                "400,000",
                &["✗ This figure is not in the article"],
                "400,000 tanks",
            ),
        ];
        for (cursor, fragments, hovered) in cases {
            let info =
                hover(&f.note(), f.at(cursor)).unwrap_or_else(|| panic!("no hover at {cursor}"));
            for fragment in *fragments {
                assert!(
                    info.markdown.contains(fragment),
                    "{cursor}: {fragment} not in {}",
                    info.markdown
                );
            }
            assert_eq!(&f.text[info.span.clone()], *hovered, "{cursor}");
        }
        assert_eq!(hover(&f.note(), f.at("arrived") + 2), None);
    }

    #[test]
    fn a_metonym_names_itself_and_what_it_stands_for() {
        let f = Fixture::new("The Kremlin agreed.\n");
        let info = hover(&f.note(), f.at("Kremlin")).unwrap();
        assert!(
            info.markdown.starts_with("**Kremlin** · actor"),
            "{}",
            info.markdown
        );
        assert!(info.markdown.contains("stands for **Russia**"));
        // The article never says "Kremlin": the mentions of Russia stand in.
        assert!(
            info.markdown.contains("In the article once: ¶1"),
            "{}",
            info.markdown
        );
    }

    #[test]
    fn a_day_of_the_writers_own_says_why_it_is_not_checked() {
        let f = Fixture::new("I read it on Monday. The S-400 arrived on Tuesday.\n");
        let own = hover(&f.note(), f.at("Monday")).unwrap();
        assert!(
            own.markdown.contains("a day of your own"),
            "{}",
            own.markdown
        );
        let claim = hover(&f.note(), f.at("Tuesday")).unwrap();
        assert!(
            !claim.markdown.contains("a day of your own"),
            "{}",
            claim.markdown
        );
    }

    #[test]
    fn the_length_of_the_writers_own_work_says_why_it_is_not_checked() {
        let f = Fixture::new("Essay due soon (2,500 words max). Then 9,000 troops came.\n");
        let own = hover(&f.note(), f.at("2,500")).unwrap();
        assert!(own.markdown.contains("your own work"), "{}", own.markdown);
        let claim = hover(&f.note(), f.at("9,000")).unwrap();
        assert!(
            claim.markdown.contains("not in the article"),
            "{}",
            claim.markdown
        );
        assert!(
            f.note().analysis.findings().count() == 1,
            "only the troops are reported"
        );
    }

    #[test]
    fn the_day_of_print_says_so() {
        let article =
            "# Exercise Report\nBy Jane Doe | 12 September 2018\n\nRussia deployed troops.\n";
        let f = Fixture::with_article(article, "Doe, 12 September 2018.\n");
        let info = hover(&f.note(), f.at("12 September")).unwrap();
        assert!(
            info.markdown.contains("the article was published"),
            "{}",
            info.markdown
        );
    }

    #[test]
    fn a_citation_past_the_last_paragraph_says_so() {
        let f = Fixture::new("See [¶9].\n");
        let info = hover(&f.note(), f.at("[¶9]")).unwrap();
        assert_eq!(
            info.markdown,
            "The article has no ¶9 (it has 3 paragraphs)."
        );
    }
}
