//! Inline ignore directives in HTML comments, and which lines and codes they silence.
//!
//! `<!-- geonotes-ignore [codes] -->` silences its own line, `<!-- geonotes-ignore-next-line -->`
//! the line after it, `<!-- geonotes-disable -->` … `<!-- geonotes-enable -->` a region, and
//! `<!-- geonotes: outside-knowledge -->` marks the claims of its line (or of the next line, when
//! it stands alone) as resting on knowledge outside the article. No codes means every code.

use crate::model::Span;
use crate::position::LineIndex;
use regex::Regex;
use std::sync::LazyLock;

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*geonotes(?:-(ignore-next-line|ignore|disable|enable)|:\s*(outside-knowledge))\b([^>]*?)-->")
        .expect("valid directive regex")
});

/// Codes a rule applies to; empty means all.
#[derive(Clone, Debug, Default, PartialEq)]
struct Codes(Vec<String>);

impl Codes {
    fn parse(s: &str) -> Codes {
        Codes(
            s.split([' ', ',', '\t'])
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect(),
        )
    }
    fn matches(&self, code: &str) -> bool {
        self.0.is_empty() || self.0.iter().any(|c| c == code)
    }
}

/// The silenced lines of one note.
#[derive(Clone, Debug, Default)]
pub struct Suppressions {
    lines: Vec<(u32, Codes)>,
    /// Inclusive line ranges; an unclosed region runs to the end of the note.
    regions: Vec<(u32, u32, Codes)>,
    outside_knowledge: Vec<u32>,
}

/// Whether `text` may hold a directive at all. When it does not, the HTML snippets need not
/// be found (a markdown parse): a directive inside one would match here too.
pub fn may_have_directives(text: &str) -> bool {
    DIRECTIVE.is_match(text)
}

impl Suppressions {
    /// Read directives from the HTML snippets the markdown parser found.
    pub fn from_html<'a>(
        text: &str,
        html: impl IntoIterator<Item = &'a Span>,
        lines: &LineIndex,
    ) -> Suppressions {
        // Every analysis reads every snippet, a hover's analysis of one block too, and most
        // snippets are tags (`<br>`, `<sup>`): a substring search rules them out for a
        // fraction of what setting up the directive regex's captures costs.
        static NAME: LazyLock<memchr::memmem::Finder<'static>> =
            LazyLock::new(|| memchr::memmem::Finder::new("geonotes"));
        let mut out = Suppressions::default();
        let mut open: Option<(u32, Codes)> = None;
        for span in html {
            let snippet = &text[span.clone()];
            if NAME.find(snippet.as_bytes()).is_none() {
                continue;
            }
            for m in DIRECTIVE.captures_iter(snippet) {
                let whole = m.get(0).map_or(0..0, |g| g.range());
                let at = span.start + whole.start;
                let line = lines.line_of(at) as u32;
                let alone = text[lines.line_span(text, line as usize)].trim()
                    == m.get(0).map_or("", |g| g.as_str());
                let codes = Codes::parse(m.get(3).map_or("", |g| g.as_str()));
                match (m.get(1).map(|g| g.as_str()), m.get(2).is_some()) {
                    (Some("ignore"), _) => out.lines.push((line, codes)),
                    (Some("ignore-next-line"), _) => out.lines.push((line + 1, codes)),
                    (Some("disable"), _) if open.is_none() => {
                        open = Some((line, codes));
                    }
                    (Some("enable"), _) => {
                        if let Some((start, codes)) = open.take() {
                            out.regions.push((start, line, codes));
                        }
                    }
                    (_, true) => out
                        .outside_knowledge
                        .push(if alone { line + 1 } else { line }),
                    _ => {}
                }
            }
        }
        if let Some((start, codes)) = open {
            out.regions.push((start, u32::MAX, codes));
        }
        // Sorted, for binary search: a note may hold thousands of directives and findings.
        // (Regions come in document order and never overlap: one opens only when none is.)
        out.lines.sort_by_key(|(line, _)| *line);
        out.outside_knowledge.sort_unstable();
        out.outside_knowledge.dedup();
        out
    }

    /// Is a finding with `code` on `line` silenced?
    pub fn silences(&self, line: u32, code: &str) -> bool {
        let first = self.lines.partition_point(|(l, _)| *l < line);
        let on_line = self.lines[first..].iter().take_while(|(l, _)| *l == line);
        let region = self
            .regions
            .partition_point(|(start, _, _)| *start <= line)
            .checked_sub(1)
            .map(|i| &self.regions[i]);
        on_line.into_iter().any(|(_, c)| c.matches(code))
            || region.is_some_and(|(_, end, c)| line <= *end && c.matches(code))
    }

    /// No directive at all: nothing is silenced or marked.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.regions.is_empty() && self.outside_knowledge.is_empty()
    }

    /// Do the claims on `line` rest on outside knowledge?
    pub fn is_outside_knowledge(&self, line: u32) -> bool {
        self.outside_knowledge.binary_search(&line).is_ok()
    }

    /// The lines whose claims rest on outside knowledge, in order.
    pub fn outside_knowledge_lines(&self) -> &[u32] {
        &self.outside_knowledge
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::markdown;

    fn suppressions(text: &str) -> Suppressions {
        let prose = markdown::parse(text, 0);
        let spans: Vec<Span> = prose.html.iter().map(|h| h.span.clone()).collect();
        Suppressions::from_html(text, &spans, &LineIndex::new(text))
    }

    #[test]
    fn each_directive_silences_the_lines_it_names() {
        let text = "\
a 1 <!-- geonotes-ignore -->
<!-- geonotes-ignore-next-line unsupported-date -->
b 2
c 3

<!-- geonotes-disable -->

d 4

<!-- geonotes-enable -->

e 5 <!-- geonotes: outside-knowledge -->
";
        let s = suppressions(text);
        assert!(s.silences(0, "unsupported-figure"));
        assert!(s.silences(2, "unsupported-date"));
        assert!(!s.silences(2, "unsupported-figure"));
        assert!(!s.silences(3, "unsupported-figure"));
        assert!(s.silences(7, "misquote"));
        assert!(!s.silences(11, "misquote"));
        assert!(s.is_outside_knowledge(11));
        assert!(!s.is_outside_knowledge(10));
    }

    #[test]
    fn an_unclosed_region_runs_to_the_end() {
        let text = "x\n\n<!-- geonotes-disable bad-citation -->\n\ny\n\nz\n";
        let s = suppressions(text);
        assert!(s.silences(6, "bad-citation"));
        assert!(!s.silences(6, "misquote"));
        assert!(!s.silences(0, "bad-citation"));
    }

    #[test]
    fn outside_knowledge_alone_on_its_line_marks_the_next_line() {
        let text = "para\n\n<!-- geonotes: outside-knowledge -->\nclaim 9\n";
        assert!(suppressions(text).is_outside_knowledge(3));
    }
}
