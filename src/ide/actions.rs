//! Code actions computed from the note: add a citation to a figure the article supports, and
//! silence a flagged claim with an ignore directive. (A finding's own fix travels in the
//! diagnostic's data, so the server needs no state for it.)

use super::Note;
use crate::check::figures::Verdict;
use crate::model::Span;

pub const IGNORE_DIRECTIVE: &str = "<!-- geonotes-ignore-next-line -->";

#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub title: String,
    /// Replacements in the note: span → new text.
    pub edits: Vec<(Span, String)>,
}

/// Actions for the figures, dates and quotations that overlap `range`.
pub fn actions(note: &Note, range: &Span) -> Vec<Action> {
    let mut out = Vec::new();
    let overlaps = |s: &Span| s.start <= range.end && range.start <= s.end;
    for (_, mention, verdict) in note.analysis.claims_in(range) {
        if !overlaps(&mention.span) {
            continue;
        }
        let line = note.analysis.lines.line_of(mention.span.start);
        let line_span = note.analysis.lines.line_span(note.text, line);
        if let Verdict::Supported(r) | Verdict::Approximate(r) = verdict {
            let citation = format!("[¶{}]", r.paragraph);
            let rest = &note.text[mention.span.end.min(line_span.end)..line_span.end];
            if !rest.contains(&citation) {
                out.push(Action {
                    title: format!("Add citation {citation}"),
                    edits: vec![(mention.span.end..mention.span.end, format!(" {citation}"))],
                });
            }
        }
        let flagged = note
            .analysis
            .findings()
            .map(|f| f.span())
            .any(|f| f.start < mention.span.end && mention.span.start < f.end);
        if flagged {
            let line_text = &note.text[line_span.clone()];
            let indent: String = line_text
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let what = if mention.date().is_some() {
                "date"
            } else {
                "figure"
            };
            out.push(Action {
                title: format!("Ignore this {what}"),
                edits: vec![(
                    line_span.start..line_span.start,
                    format!("{indent}{IGNORE_DIRECTIVE}\n"),
                )],
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture::Fixture;

    fn apply(text: &str, edits: &[(Span, String)]) -> String {
        let mut out = text.to_string();
        for (span, new) in edits.iter().rev() {
            out.replace_range(span.clone(), new);
        }
        out
    }

    #[test]
    fn offers_a_citation_for_a_supported_figure_and_an_ignore_for_a_flagged_one() {
        let f = Fixture::new("Some 300,000 troops took part.\n  Also 400,000 tanks.\n");
        let at = f.at("300,000");
        let got = actions(&f.note(), &(at..at));
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].title, "Add citation [¶2]");
        assert_eq!(
            apply(&f.text, &got[0].edits),
            "Some 300,000 troops [¶2] took part.\n  Also 400,000 tanks.\n"
        );
        let at = f.at("400,000");
        let got = actions(&f.note(), &(at..at));
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].title, "Ignore this figure");
        assert_eq!(
            apply(&f.text, &got[0].edits),
            "Some 300,000 troops took part.\n  <!-- geonotes-ignore-next-line -->\n  Also 400,000 tanks.\n"
        );
    }

    #[test]
    fn no_citation_is_offered_when_the_line_already_cites_it() {
        let f = Fixture::new("Some 300,000 troops took part [¶2].\n");
        let at = f.at("300,000");
        assert_eq!(actions(&f.note(), &(at..at)), vec![]);
    }
}
