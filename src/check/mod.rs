//! Findings: what the claim check reports about a note, with its fix when one is known.

pub mod codes;
pub mod context;
pub mod figures;

use crate::article::Article;
use crate::kb::KnowledgeBase;
use crate::model::{Severity, Span};
use crate::prose::{Mention, MentionKind, RecognizedBlock};
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

/// Check every figure, date and citation of a note against the article. `blocks` are the
/// note's recognized blocks in order; verdict indexes count mentions across all blocks.
pub fn check_blocks(
    note: &str,
    blocks: &[&RecognizedBlock],
    article: &Article,
    kb: &KnowledgeBase,
) -> (Vec<Finding>, Vec<ClaimVerdict>) {
    let mut findings = Vec::new();
    let mut verdicts = Vec::new();
    let mut index = 0;
    for block in blocks {
        for (i, m) in block.mentions.iter().enumerate() {
            let global = index + i;
            let ctx = || context::context_of(block, i, kb);
            let verdict = match &m.kind {
                MentionKind::Figure(f) => Some((
                    figures::check_figure(f, ctx, article),
                    f.number_span.clone(),
                    true,
                )),
                MentionKind::Date(d) => {
                    figures::check_date(d, ctx, article).map(|v| (v, d.span.clone(), false))
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
            if let Some(finding) = finding_for(note, m, &verdict, replace_span, is_figure) {
                findings.push(finding);
            }
            verdicts.push(ClaimVerdict {
                mention: global,
                verdict,
            });
        }
        index += block.mentions.len();
    }
    (findings, verdicts)
}

fn finding_for(
    note: &str,
    m: &Mention,
    verdict: &Verdict,
    replace_span: Span,
    is_figure: bool,
) -> Option<Finding> {
    let written = squeeze(&note[m.span.clone()]);
    let noun = if is_figure { "figure" } else { "date" };
    let finding = match verdict {
        Verdict::Supported(_) => return None,
        Verdict::Approximate(source) => {
            let message = format!(
                "`{written}` is close to the source's {} (¶{})",
                source.full_text, source.paragraph
            );
            let mut f = Finding::new(m.span.clone(), codes::APPROXIMATE_FIGURE, message);
            f.related.push(related(source, "the source says"));
            f
        }
        Verdict::ContextMismatch { source, reason } => {
            let mut f = Finding::new(
                m.span.clone(),
                codes::FIGURE_CONTEXT_MISMATCH,
                reason.clone(),
            );
            f.related.push(related(source, "the source has"));
            f
        }
        Verdict::Unsupported { nearest } => {
            let code = if is_figure {
                codes::UNSUPPORTED_FIGURE
            } else {
                codes::UNSUPPORTED_DATE
            };
            let mut message = format!("the source does not support the {noun} `{written}`");
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
            f
        }
    };
    Some(finding)
}

/// Collapse whitespace so that messages stay on one line.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
