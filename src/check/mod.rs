//! Findings: what the claim check reports about a note, with its fix when one is known.

pub mod codes;
pub mod context;
pub mod figures;
pub mod quotes;

use crate::article::Article;
use crate::kb::KnowledgeBase;
use crate::model::{Severity, Span};
use crate::prose::{Mention, MentionKind, RecognizedBlock};
use figures::{SourceClaim, SourceRef, Verdict};
use std::fmt::Write as _;
use std::sync::Arc;

/// A place in the source article that explains a finding.
#[derive(Clone, Debug, PartialEq)]
pub struct Related {
    pub paragraph: u32,
    /// Byte range in the article text.
    pub span: Span,
    /// Shared by every finding that cites the same claim the same way.
    pub message: Arc<str>,
}

/// A text edit that resolves a finding: replace `span` of the note with `replacement`.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix<'a> {
    pub title: &'a str,
    pub span: Span,
    pub replacement: &'a str,
}

/// One diagnostic about a note.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Byte range in the note.
    pub span: Span,
    pub severity: Severity,
    pub code: &'static str,
    /// Where the fix's replacement goes, when there is a fix.
    fix_span: Option<Span>,
    // The words, in one shared allocation: a finding is 72 bytes, and a copy of one (a note's
    // findings as values, `NoteFinding::to_finding`) copies no text.
    words: Arc<Words>,
}

#[derive(Clone, Debug, PartialEq)]
struct Words {
    message: Box<str>,
    cites: Cites,
}

/// The related places and the fix of a finding.
#[derive(Clone, Debug, PartialEq)]
enum Cites {
    Nothing,
    /// A claim of the source, as one related place that says `place` and perhaps a fix
    /// titled `fix` that writes the claim's number: all of it the claim's own, made once for
    /// every finding that cites it. Most findings of a note are these.
    Claim {
        source: SourceRef,
        place: Phrase,
        fix: Option<Phrase>,
    },
    Other(Box<OtherCites>),
}

#[derive(Clone, Debug, PartialEq)]
struct OtherCites {
    related: Box<[Related]>,
    /// The fix's title and replacement, shared like `Related::message`.
    fix: Option<(Arc<str>, Arc<str>)>,
}

impl Finding {
    /// The same finding moved `delta` bytes later in the note (article spans stay put).
    pub fn shifted(&self, delta: usize) -> Finding {
        let mut f = self.clone();
        f.span = f.span.start + delta..f.span.end + delta;
        if let Some(span) = &mut f.fix_span {
            *span = span.start + delta..span.end + delta;
        }
        f
    }

    pub fn new(span: Span, code: &'static str, message: impl Into<Box<str>>) -> Finding {
        Finding {
            span,
            severity: codes::default_severity(code),
            code,
            fix_span: None,
            words: Arc::new(Words {
                message: message.into(),
                cites: Cites::Nothing,
            }),
        }
    }

    /// The finding with the places in the source that explain it.
    pub fn with_related(self, related: Vec<Related>) -> Finding {
        let mut own = self.own_cites();
        own.related = related.into();
        self.with_cites(own)
    }

    /// The finding with its fix.
    pub fn with_fix(
        mut self,
        span: Span,
        title: impl Into<Arc<str>>,
        replacement: impl Into<Arc<str>>,
    ) -> Finding {
        let mut own = self.own_cites();
        own.fix = Some((title.into(), replacement.into()));
        self.fix_span = Some(span);
        self.with_cites(own)
    }

    /// The finding citing the source's claim `source`, where it says `place`; with a fix at
    /// `fix` (its title's phrase and where it goes) that writes the claim's number instead.
    fn citing(mut self, source: &SourceRef, place: Phrase, fix: Option<(Phrase, Span)>) -> Finding {
        let (fix, fix_span) = fix.unzip();
        Arc::make_mut(&mut self.words).cites = Cites::Claim {
            source: source.clone(),
            place,
            fix,
        };
        self.fix_span = fix_span;
        self
    }

    /// The finding's places and fix as a list of its own, copied out of a claim's if need be.
    fn own_cites(&self) -> OtherCites {
        match &self.words.cites {
            Cites::Other(other) => (**other).clone(),
            _ => OtherCites {
                related: self.related().into(),
                fix: self.fix().map(|f| (f.title.into(), f.replacement.into())),
            },
        }
    }

    fn with_cites(mut self, own: OtherCites) -> Finding {
        Arc::make_mut(&mut self.words).cites = Cites::Other(Box::new(own));
        self
    }

    pub fn message(&self) -> &str {
        &self.words.message
    }

    pub fn related(&self) -> &[Related] {
        match &self.words.cites {
            Cites::Nothing => &[],
            Cites::Claim { source, place, .. } => std::slice::from_ref(place.place(source)),
            Cites::Other(other) => &other.related,
        }
    }

    pub fn fix(&self) -> Option<Fix<'_>> {
        let (title, replacement) = match &self.words.cites {
            Cites::Nothing => return None,
            Cites::Claim { source, fix, .. } => (&**fix.as_ref()?.of(source), &*source.number_text),
            Cites::Other(other) => {
                let (title, replacement) = other.fix.as_ref()?;
                (&**title, &**replacement)
            }
        };
        Some(Fix {
            title,
            span: self.fix_span.clone()?,
            replacement,
        })
    }
}

/// The verdict on a claim mention, for hovers and inlay hints.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimVerdict {
    /// Index into the note's mentions.
    pub mention: usize,
    pub verdict: Verdict,
}

/// The words findings repeat about a source claim, made once per claim (see
/// `SourceClaim::phrase`).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Phrase {
    /// "the source says 3,200 Chinese troops (¶1)"
    Says,
    /// "the source has 3,200 Chinese troops (¶1)"
    Has,
    /// "Replace with the source figure: 3,200"
    FigureFix,
    /// "Replace with the source date: 2014"
    DateFix,
}

impl Phrase {
    const COUNT: usize = 4;

    fn of(self, source: &SourceClaim) -> &Arc<str> {
        source.phrase(self, |c| match self {
            Phrase::Says => format!("the source says {} (¶{})", c.full_text, c.paragraph),
            Phrase::Has => format!("the source has {} (¶{})", c.full_text, c.paragraph),
            Phrase::FigureFix => format!("Replace with the source figure: {}", c.number_text),
            Phrase::DateFix => format!("Replace with the source date: {}", c.number_text),
        })
    }

    /// The related place in `source` that says this phrase.
    fn place(self, source: &SourceClaim) -> &Related {
        source.place(self, |c| Related {
            paragraph: c.paragraph,
            span: c.span.clone(),
            message: self.of(c).clone(),
        })
    }
}

/// What the check says about one block: findings and verdicts with spans relative to the
/// block's own text (the caller shifts them), so an unchanged block's result can be reused.
///
/// Boxed slices, not vectors: a cached block keeps its check for as long as the note is open,
/// and a note of half a million blocks holds as many.
#[derive(Clone, Debug, Default)]
pub struct BlockCheck {
    pub findings: Box<[Finding]>,
    /// (index among the block's mentions, verdict); 40 bytes a verdict with a `usize`, 32
    /// with a `u32`.
    pub verdicts: Box<[(u32, Verdict)]>,
}

/// Check every figure, date, quotation and citation of one block against the article.
/// `text` is the text the block's spans index (the masked note or the block itself).
pub fn check_block(
    text: &str,
    block: &RecognizedBlock,
    article: &Article,
    kb: &KnowledgeBase,
) -> BlockCheck {
    let (mut findings, mut verdicts) = (Vec::new(), Vec::new());
    let memo = context::ClauseMemo::default();
    for (i, m) in block.mentions.iter().enumerate() {
        let ctx = || context::context_of(block, i, kb, &memo, crate::prose::Side::Note);
        let verdict = match &m.kind {
            MentionKind::Figure(f) => figures::check_figure(f, ctx, article),
            MentionKind::Date(d) => match figures::check_date(d, ctx, article) {
                Some(v) => v,
                None => continue,
            },
            MentionKind::Quote { text } => {
                quote_verdict(article.quote_index().find(article, text), article)
            }
            MentionKind::Citation { paragraph } => {
                if article.paragraph(*paragraph).is_none() {
                    let message = format!(
                        "the source has no ¶{paragraph}: it has {} paragraphs",
                        article.paragraphs.len()
                    );
                    findings.push(Finding::new(m.span.clone(), codes::BAD_CITATION, message));
                }
                continue;
            }
            MentionKind::Entity { .. } => continue,
        };
        if let Some(finding) = finding_for(text, m, &verdict) {
            findings.push(finding);
        }
        verdicts.push((i as u32, verdict));
    }
    findings.extend(citation_mismatches(block, article));
    // Sorted here, per block, so that a note's findings come out sorted by concatenation.
    findings.sort_by_key(|f| (f.span.start, f.span.end));
    BlockCheck {
        findings: findings.into_boxed_slice(),
        verdicts: verdicts.into_boxed_slice(),
    }
}

fn quote_verdict(found: quotes::QuoteMatch, article: &Article) -> Verdict {
    let source = |paragraph: u32, span: Span| article.source_ref(paragraph, &span, &span);
    match found {
        quotes::QuoteMatch::Verbatim { paragraph, span } => {
            Verdict::Supported(source(paragraph, span))
        }
        quotes::QuoteMatch::Close {
            paragraph,
            span,
            wording,
        } => {
            // The article's words where the note's differ: made for this verdict alone.
            let quoted = source(paragraph, span);
            let source = SourceRef::new(SourceClaim::new(
                paragraph,
                quoted.span.clone(),
                quoted.number_text.clone(),
                wording.into(),
            ));
            Verdict::Misquote { source }
        }
        quotes::QuoteMatch::Unsourced => Verdict::Unsupported { nearest: None },
    }
}

/// Paragraphs that hold a claim mention, whatever its context (for citation checks).
fn claim_paragraphs(m: &Mention, article: &Article) -> Vec<u32> {
    match &m.kind {
        MentionKind::Figure(f) => figures::figure_paragraphs(f, article),
        MentionKind::Date(d) => figures::date_paragraphs(d, article),
        MentionKind::Quote { text } => match article.quote_index().find(article, text) {
            quotes::QuoteMatch::Verbatim { paragraph, .. }
            | quotes::QuoteMatch::Close { paragraph, .. } => {
                vec![paragraph]
            }
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// A sentence that cites ¶N while its claims sit in another paragraph.
fn citation_mismatches(block: &RecognizedBlock, article: &Article) -> Vec<Finding> {
    let mut out = Vec::new();
    if !block
        .mentions
        .iter()
        .any(|m| matches!(m.kind, MentionKind::Citation { .. }))
    {
        return out;
    }
    let sentences = crate::text::sentences(&block.norm.text);
    let cites = block
        .mentions
        .iter()
        .filter(|m| matches!(m.kind, MentionKind::Citation { .. }));
    for citation in cites {
        let MentionKind::Citation { paragraph: cited } = citation.kind else {
            continue;
        };
        if article.paragraph(cited).is_none() {
            continue;
        }
        let sentence = sentence_of(block, &sentences, &citation.span);
        let claims: Vec<Vec<u32>> = block
            .mentions_within(&sentence)
            .iter()
            .filter(|m| m.span.start >= sentence.start && m.span.end <= sentence.end)
            .map(|m| claim_paragraphs(m, article))
            .filter(|ps| !ps.is_empty())
            .collect();
        if claims.is_empty() || claims.iter().any(|ps| ps.contains(&cited)) {
            continue;
        }
        // The paragraph that holds the most of the sentence's claims, earliest first.
        let mut counts: Vec<(u32, usize)> = Vec::new();
        for p in claims.iter().flatten() {
            match counts.iter_mut().find(|(q, _)| q == p) {
                Some((_, n)) => *n += 1,
                None => counts.push((*p, 1)),
            }
        }
        let Some(&(right, _)) = counts
            .iter()
            .max_by_key(|(p, n)| (*n, std::cmp::Reverse(*p)))
        else {
            continue;
        };
        let mut f = Finding::new(
            citation.span.clone(),
            codes::CITATION_MISMATCH,
            format!("this sentence cites ¶{cited}, but its figures are in ¶{right}"),
        );
        if let Some(p) = article.paragraph(right) {
            f = f.with_related(vec![Related {
                paragraph: right,
                span: p.span.clone(),
                message: format!("¶{right}").into(),
            }]);
        }
        let f = f.with_fix(
            citation.span.clone(),
            format!("Cite ¶{right} instead"),
            format!("[¶{right}]"),
        );
        out.push(f);
    }
    out
}

/// The document span of the sentence (among `sentences`, in normalized offsets) holding `span`.
fn sentence_of(block: &RecognizedBlock, sentences: &[Span], span: &Span) -> Span {
    let at = block.to_norm(span.start);
    // Sentences are sorted: binary search keeps a note of one huge paragraph linear.
    let i = sentences.partition_point(|s| s.end < at);
    let s = sentences
        .get(i)
        .filter(|s| s.start <= at)
        .cloned()
        .unwrap_or(0..block.norm.text.len());
    block.to_document(&s)
}

fn finding_for(note: &str, m: &Mention, verdict: &Verdict) -> Option<Finding> {
    // Most claims of a note that follows its source are supported: they cost nothing here.
    if matches!(verdict, Verdict::Supported(_)) {
        return None;
    }
    let written = &note[m.span.clone()];
    let (noun, replace_span) = match &m.kind {
        MentionKind::Figure(f) => ("figure", f.number_span.clone()),
        MentionKind::Date(d) => ("date", d.span.clone()),
        _ => ("quotation", m.span.clone()),
    };
    // Messages are written into one buffer: a note may have thousands of findings, and
    // `format!` pieces joined cost an allocation each.
    let mut message = String::with_capacity(128 + written.len());
    let finding = match verdict {
        Verdict::Supported(_) => return None,
        Verdict::Approximate(source) => {
            message.push('`');
            push_squeezed(&mut message, written);
            let _ = write!(
                message,
                "` is close to the source's {} (¶{})",
                source.full_text, source.paragraph
            );
            Finding::new(m.span.clone(), codes::APPROXIMATE_FIGURE, message).citing(
                source,
                Phrase::Says,
                None,
            )
        }
        Verdict::ContextMismatch { source, reason } => Finding::new(
            m.span.clone(),
            codes::FIGURE_CONTEXT_MISMATCH,
            &**reason,
        )
        .citing(source, Phrase::Has, None),
        Verdict::Misquote { source } => {
            let _ = write!(
                message,
                "misquoted: the source (¶{}) reads \"{}\"",
                source.paragraph, source.full_text
            );
            Finding::new(m.span.clone(), codes::MISQUOTE, message)
                .with_related(vec![Related {
                    paragraph: source.paragraph,
                    span: source.span.clone(),
                    message: format!("¶{}", source.paragraph).into(),
                }])
                .with_fix(
                    m.span.clone(),
                    "Replace with the source's wording",
                    source.full_text.clone(),
                )
        }
        Verdict::Unsupported { nearest: None } if noun == "quotation" => Finding::new(
            m.span.clone(),
            codes::UNSOURCED_QUOTE,
            "this quotation is not in the source",
        ),
        Verdict::Unsupported { nearest } => {
            let (code, verb, fix) = if noun == "figure" {
                (codes::UNSUPPORTED_FIGURE, "says", Phrase::FigureFix)
            } else {
                (codes::UNSUPPORTED_DATE, "has", Phrase::DateFix)
            };
            let _ = write!(message, "the source does not support the {noun} `");
            push_squeezed(&mut message, written);
            message.push('`');
            if let Some(source) = nearest {
                let _ = write!(
                    message,
                    ": the source {verb} {} (¶{})",
                    source.number_text, source.paragraph
                );
            }
            let f = Finding::new(m.span.clone(), code, message);
            match nearest {
                Some(source) => f.citing(source, Phrase::Says, Some((fix, replace_span))),
                None => f,
            }
        }
    };
    Some(finding)
}

/// Append `s` with each run of whitespace collapsed to one space and none at either end, so
/// that messages stay on one line.
fn push_squeezed(out: &mut String, s: &str) {
    for (i, word) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cached block keeps a verdict per claim for as long as its note is open.
    #[test]
    fn a_verdict_with_its_index_takes_32_bytes() {
        assert_eq!(std::mem::size_of::<(u32, Verdict)>(), 32);
    }

    /// A finding that cites a claim reads its related place and its fix from the claim, the
    /// same for every finding that cites it; adding places of its own later keeps the fix.
    #[test]
    fn a_finding_citing_a_claim_reads_its_place_and_fix_from_the_claim() {
        let claim = SourceRef::new(SourceClaim::new(
            1,
            40..60,
            "3,200".into(),
            "3,200 Chinese troops".into(),
        ));
        let finding = |at: usize| {
            Finding::new(at..at + 5, codes::UNSUPPORTED_FIGURE, "not in the source").citing(
                &claim,
                Phrase::Says,
                Some((Phrase::FigureFix, at..at + 5)),
            )
        };
        let (one, other) = (finding(0), finding(100));
        let place = Related {
            paragraph: 1,
            span: 40..60,
            message: "the source says 3,200 Chinese troops (¶1)".into(),
        };
        assert_eq!(one.related(), std::slice::from_ref(&place));
        assert!(std::ptr::eq(&one.related()[0], &other.related()[0]));
        let fix = other.fix().expect("a fix");
        assert_eq!(
            (fix.title, fix.span, fix.replacement),
            ("Replace with the source figure: 3,200", 100..105, "3,200")
        );
        let approximate = Finding::new(0..5, codes::APPROXIMATE_FIGURE, "close").citing(
            &claim,
            Phrase::Has,
            None,
        );
        assert!(approximate.fix().is_none());
        assert_eq!(
            approximate.related()[0].message.as_ref(),
            "the source has 3,200 Chinese troops (¶1)"
        );
        let more = Related {
            paragraph: 2,
            span: 0..3,
            message: "¶2".into(),
        };
        let widened = one.clone().with_related(vec![place.clone(), more.clone()]);
        assert_eq!(widened.related(), [place, more]);
        assert_eq!(widened.fix(), one.fix());
    }
}
