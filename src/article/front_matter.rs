//! The YAML front matter a markdown article may open with: where its body starts, its
//! `title:`, and the date it was published (`date:`, `published:` and their kin).
//!
//! Without this a markdown article's front matter was its ¶1: every paragraph a reader counts
//! was numbered one too high, and its date resolved nothing.

use super::layout;
use crate::model::{PartialDate, Span};
use crate::notes::frontmatter::{parse_iso_date, FrontMatter};

/// Keys that carry an article's publication date, as static-site generators and CMS exports
/// write them.
const DATE_KEYS: &[&str] = &[
    "date",
    "published",
    "pubdate",
    "pubDate",
    "publishdate",
    "publishDate",
    "published_at",
    "date_published",
    "datePublished",
];

/// What an article's front matter tells.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArticleFrontMatter {
    /// Where the body starts: 0 when there is no front matter.
    pub body_start: usize,
    /// The `title:` value, a span of the text.
    pub title: Option<Span>,
    pub published: Option<PartialDate>,
}

/// Read the front matter at the start of `text`. A block between two `---` lines counts only
/// when its first line is a `key: value` pair: an article may open on a horizontal rule.
pub fn read(text: &str) -> ArticleFrontMatter {
    let block = FrontMatter::parse(text);
    let opens_on_field = block.fields.first().is_some_and(|field| {
        let after_first_line = text[block.span.start..]
            .find('\n')
            .map_or(text.len(), |i| block.span.start + i + 1);
        field.key_span.start == after_first_line
    });
    if !opens_on_field {
        return ArticleFrontMatter::default();
    }
    let title = block
        .get("title")
        .filter(|field| !field.value.is_empty())
        .map(|field| field.value_span.clone());
    let published = DATE_KEYS
        .iter()
        .find_map(|key| block.get(key))
        .and_then(|field| date_of(&field.value));
    ArticleFrontMatter {
        body_start: block.body_start(),
        title,
        published,
    }
}

/// "2026-02-06", "2026-02-06T10:30:00Z", "2026-02-06 10:30" or "February 6, 2026".
fn date_of(value: &str) -> Option<PartialDate> {
    let iso = value.split(['T', ' ']).next().unwrap_or(value);
    parse_iso_date(iso).ok().or_else(|| layout::dateline(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_front_matter_gives_the_body_start_title_and_date() {
        let text = "---\ntitle: \"After New START\"\nauthor: M. Okafor\ndate: 2026-02-06\n---\n\n# After New START\n\nBody.\n";
        let read = read(text);
        assert_eq!(&text[read.title.clone().unwrap()], "After New START");
        assert_eq!(read.published, Some(PartialDate::day(2026, 2, 6)));
        assert_eq!(&text[read.body_start..], "\n# After New START\n\nBody.\n");
    }

    #[test]
    fn dates_are_read_in_the_forms_exports_write() {
        for (line, date) in [
            ("date: 2026-02-06T10:30:00Z", PartialDate::day(2026, 2, 6)),
            ("published: 2026-02-06 10:30", PartialDate::day(2026, 2, 6)),
            ("pubDate: February 6, 2026", PartialDate::day(2026, 2, 6)),
            ("date: 2026-02", PartialDate::month(2026, 2)),
        ] {
            let text = format!("---\n{line}\n---\nBody.\n");
            assert_eq!(read(&text).published, Some(date), "{line}");
        }
        // A value that is no date gives none, and the body still starts after the block.
        let text = "---\ndate: soon\n---\nBody.\n";
        assert_eq!(read(text).published, None);
        assert_eq!(&text[read(text).body_start..], "Body.\n");
    }

    #[test]
    fn horizontal_rules_around_prose_are_no_front_matter() {
        for text in [
            "---\nThe talks began in 2013: a decade ago.\n---\nBody.\n",
            "---\n\ntitle: x\n---\nBody.\n",
            "No front matter.\n---\ntitle: x\n---\n",
            "---\ntitle: never closed\nBody.\n",
        ] {
            assert_eq!(read(text), ArticleFrontMatter::default(), "{text:?}");
        }
    }
}
