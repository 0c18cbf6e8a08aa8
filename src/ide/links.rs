//! Document links: each `[¶N]` citation to its paragraph's line in the article, and the
//! front matter's `source:` path to the article.

use super::Note;
use crate::model::Span;
use crate::prose::MentionKind;

#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub span: Span,
    /// Zero-based article line to open at; `None` for the article itself.
    pub line: Option<u32>,
    pub tooltip: String,
}

pub fn links(note: &Note) -> Vec<Link> {
    let mut out = Vec::new();
    if let Some(field) = note.analysis.front_matter.get("source") {
        if note.article.is_some() && !field.value_span.is_empty() {
            out.push(Link {
                span: field.value_span.clone(),
                line: None,
                tooltip: "Open the source article".into(),
            });
        }
    }
    let Some(article) = note.article else {
        return out;
    };
    for mention in note.analysis.mentions() {
        if let MentionKind::Citation { paragraph } = mention.kind {
            if let Some(p) = article.paragraph(paragraph) {
                out.push(Link {
                    span: mention.span.clone(),
                    line: Some(p.first_line),
                    tooltip: format!("Open ¶{paragraph} in the article"),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture::Fixture;

    #[test]
    fn links_citations_to_their_paragraph_lines_and_skips_missing_paragraphs() {
        let f = Fixture::new("---\nsource: a.txt\n---\nSee [¶2] and [¶9].\n");
        let got: Vec<(&str, Option<u32>)> = links(&f.note())
            .iter()
            .map(|l| (&f.text[l.span.clone()], l.line))
            .collect();
        assert_eq!(got, vec![("a.txt", None), ("[¶2]", Some(4))]);
    }
}
