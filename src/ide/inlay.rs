//! Inlay hints: `¶N` after each figure or date the article supports.

use super::Note;
use crate::check::figures::Verdict;

#[derive(Clone, Debug, PartialEq)]
pub struct Hint {
    /// Where the hint shows (a note offset: the end of the claim).
    pub offset: usize,
    pub label: String,
}

/// Hints for claims that end inside `range`.
pub fn inlay_hints(note: &Note, range: &crate::model::Span) -> Vec<Hint> {
    note.analysis
        .claims_in(range)
        .into_iter()
        .filter_map(|(_, mention, verdict)| {
            let paragraph = match verdict {
                Verdict::Supported(r) | Verdict::Approximate(r) => r.paragraph,
                _ => return None,
            };
            let offset = mention.span.end;
            (range.start <= offset && offset <= range.end).then(|| Hint {
                offset,
                label: format!("¶{paragraph}"),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture::Fixture;

    #[test]
    fn a_hint_follows_each_supported_figure_only() {
        let f = Fixture::new("Some 300,000 troops and 400,000 tanks; 36,000 vehicles.\n");
        let got = inlay_hints(&f.note(), &(0..f.text.len()));
        let labels: Vec<(&str, &str)> = got
            .iter()
            .map(|h| (&f.text[..h.offset], h.label.as_str()))
            .map(|(before, label)| (before.rsplit(' ').next().unwrap_or(""), label))
            .collect();
        assert_eq!(labels, vec![("troops", "¶2"), ("vehicles", "¶2")]);
    }
}
