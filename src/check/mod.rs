//! Findings: what the claim check reports about a note, with its fix when one is known.

pub mod codes;
pub mod figures;

use crate::article::Article;
use crate::model::{Severity, Span};
use crate::prose::{Mention, MentionKind};
use figures::{SourceRef, Verdict};

/// A place in the source article that explains a finding.
#[derive(Clone, Debug, PartialEq)]
pub struct Related {
    pub paragraph: u32,
    /// Byte range in the article text.
    pub span: Span,
    pub message: String,
}

/// A text edit that resolves a finding: replace `span` of the note with `replacement`.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub title: String,
    pub span: Span,
    pub replacement: String,
}

/// One diagnostic about a note.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Byte range in the note.
    pub span: Span,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
}

impl Finding {
    pub fn new(span: Span, code: &'static str, message: String) -> Finding {
        Finding {
            span,
            severity: codes::default_severity(code),
            code,
            message,
            related: Vec::new(),
            fix: None,
        }
    }
}

/// The verdict on a claim mention, for hovers and inlay hints.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimVerdict {
    /// Index into the note's mentions.
    pub mention: usize,
    pub verdict: Verdict,
}

fn related(source: &SourceRef, what: &str) -> Related {
    Related {
        paragraph: source.paragraph,
        span: source.span.clone(),
        message: format!("{what} {} (¶{})", source.full_text, source.paragraph),
    }
}

/// Check every figure, date and citation of a note against the article.
pub fn check_mentions(
    note: &str,
    mentions: &[Mention],
    article: &Article,
) -> (Vec<Finding>, Vec<ClaimVerdict>) {
    let mut findings = Vec::new();
    let mut verdicts = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let written = &note[m.span.clone()];
        let verdict = match &m.kind {
            MentionKind::Figure(f) => Some((
                figures::check_figure(f, article),
                f.number_span.clone(),
                true,
            )),
            MentionKind::Date(d) => {
                figures::check_date(d, article).map(|v| (v, d.span.clone(), false))
            }
            MentionKind::Citation { paragraph } => {
                if article.paragraph(*paragraph).is_none() {
                    findings.push(Finding::new(
                        m.span.clone(),
                        codes::BAD_CITATION,
                        format!(
                            "the source has no ¶{paragraph}: it has {} paragraphs",
                            article.paragraphs.len()
                        ),
                    ));
                }
                None
            }
            MentionKind::Entity { .. } => None,
        };
        let Some((verdict, replace_span, is_figure)) = verdict else {
            continue;
        };
        match &verdict {
            Verdict::Supported(_) => {}
            Verdict::Approximate(source) => {
                let mut f = Finding::new(
                    m.span.clone(),
                    codes::APPROXIMATE_FIGURE,
                    format!(
                        "`{}` is close to the source's {} (¶{})",
                        squeeze(written),
                        source.full_text,
                        source.paragraph
                    ),
                );
                f.related.push(related(source, "the source says"));
                findings.push(f);
            }
            Verdict::Unsupported { nearest } => {
                let (code, noun) = if is_figure {
                    (codes::UNSUPPORTED_FIGURE, "figure")
                } else {
                    (codes::UNSUPPORTED_DATE, "date")
                };
                let mut message = format!(
                    "the source does not support the {noun} `{}`",
                    squeeze(written)
                );
                if let Some(source) = nearest {
                    let verb = if is_figure { "says" } else { "has" };
                    message.push_str(&format!(
                        ": the source {verb} {} (¶{})",
                        source.number_text, source.paragraph
                    ));
                }
                let mut f = Finding::new(m.span.clone(), code, message);
                if let Some(source) = nearest {
                    f.related.push(related(source, "the source says"));
                    f.fix = Some(Fix {
                        title: format!("Replace with the source {noun}: {}", source.number_text),
                        span: replace_span,
                        replacement: source.number_text.clone(),
                    });
                }
                findings.push(f);
            }
        }
        verdicts.push(ClaimVerdict {
            mention: i,
            verdict,
        });
    }
    (findings, verdicts)
}

/// Collapse whitespace so that messages stay on one line.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
