//! Go to the source: where in the article an entity, figure, date, quotation or citation of a
//! note comes from. Spans of `Target` are article offsets, except `origin` (note offsets).

use super::Note;
use crate::article::Article;
use crate::check::figures;
use crate::model::Span;
use crate::prose::MentionKind;

#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// The note's words the jump starts from.
    pub origin: Span,
    /// The whole target paragraph (or the start of the article for the `source:` path).
    pub range: Span,
    /// The matched words inside it.
    pub selection: Span,
}

/// Every target, first mention first; several when the article mentions it in several
/// paragraphs (one per paragraph).
pub fn definition(note: &Note, offset: usize) -> Vec<Target> {
    if let Some(field) = note.analysis.front_matter.get("source") {
        if field.value_span.start <= offset && offset <= field.value_span.end {
            return vec![Target {
                origin: field.value_span.clone(),
                range: 0..0,
                selection: 0..0,
            }];
        }
    }
    let (Some(article), Some((index, mention))) = (note.article, note.analysis.mention_at(offset))
    else {
        return Vec::new();
    };
    let origin = mention.span.clone();
    let in_paragraph = |n: u32, selection: Span| {
        article.paragraph(n).map(|p| Target {
            origin: origin.clone(),
            range: p.span.clone(),
            selection,
        })
    };
    if let Some(source) = note.analysis.verdict_for(index).and_then(|v| v.source()) {
        return in_paragraph(source.paragraph, source.span.clone())
            .into_iter()
            .collect();
    }
    match &mention.kind {
        MentionKind::Entity { entity, .. } => {
            let id = note.kb.resolve(*entity);
            let mut out: Vec<Target> = Vec::new();
            for (p, m) in article.entity_mentions(id, note.kb) {
                if out.last().is_none_or(|t| t.range != p.span) {
                    out.extend(in_paragraph(p.n, m.span.clone()));
                }
            }
            out
        }
        MentionKind::Citation { paragraph } => article
            .paragraph(*paragraph)
            .map(|p| first_line(article, p.span.clone()))
            .and_then(|selection| in_paragraph(*paragraph, selection))
            .into_iter()
            .collect(),
        MentionKind::Figure(f) => figures::figure_paragraphs(f, article)
            .into_iter()
            .filter_map(|(n, span)| in_paragraph(n, span))
            .collect(),
        MentionKind::Date(d) => crate::check::dates::date_paragraphs(d, article)
            .into_iter()
            .filter_map(|(n, span)| in_paragraph(n, span))
            .collect(),
        MentionKind::Quote { .. } => Vec::new(),
    }
}

/// A paragraph's first line: a selection that fits on screen.
fn first_line(article: &Article, span: Span) -> Span {
    let end = article.text[span.clone()]
        .find(['\n', '\r'])
        .map_or(span.end, |i| span.start + i);
    span.start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture::{Fixture, ARTICLE};

    fn targets(f: &Fixture, cursor: &str) -> Vec<(String, &'static str)> {
        definition(&f.note(), f.at(cursor))
            .into_iter()
            .map(|t| {
                let paragraph = ARTICLE[t.range.clone()].to_string();
                let selection: &'static str = ARTICLE[t.selection].to_string().leak();
                (paragraph, selection)
            })
            .collect()
    }

    #[test]
    fn an_entity_jumps_to_every_paragraph_that_mentions_it_first_mention_first() {
        let f = Fixture::new("The S-400 arrived.\n");
        let got = targets(&f, "S-400");
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].0.starts_with("Russia deployed the S-400"));
        assert!(got[1].0.starts_with("China sent 3,200"));
        assert_eq!((got[0].1, got[1].1), ("S-400", "S-400"));
    }

    #[test]
    fn a_figure_jumps_to_its_source_and_a_citation_to_its_paragraph() {
        let f = Fixture::new("Some 300,000 troops [¶3].\n");
        let got = targets(&f, "[¶3]");
        assert_eq!(
            got[0].1,
            "China sent 3,200 soldiers. The S-400 was shown again."
        );
        let got = targets(&f, "300,000");
        assert_eq!(got.len(), 1);
        assert!(got[0].0.starts_with("Some 300,000 troops took part"));
        assert!(got[0].1.contains("300,000"), "{got:?}");
    }

    #[test]
    fn the_source_path_jumps_to_the_start_of_the_article() {
        let f = Fixture::new("---\nsource: a.txt\n---\nText.\n");
        let got = definition(&f.note(), f.at("a.txt"));
        assert_eq!(got.len(), 1);
        assert_eq!(
            (&f.text[got[0].origin.clone()], got[0].range.clone()),
            ("a.txt", 0..0)
        );
    }
}
