//! The claim check of one block: every figure, date, quotation and citation against the
//! article, kept as verdicts and findings that an unchanged block reuses.

pub mod codes;
pub mod context;
pub mod dates;
pub mod figures;
mod finding;
pub mod personal;
pub mod quotes;

pub use finding::{ClaimVerdict, Finding, Fix, Related};
use finding::{Form, Phrase};

use crate::article::Article;
use crate::kb::KnowledgeBase;
use crate::model::Span;
use crate::prose::{Mention, MentionKind, RecognizedBlock};
use figures::{SourceRef, Verdict};
use std::borrow::Cow;

/// What the check says about one block: findings and verdicts with spans relative to the
/// block's own text (the caller shifts them), so an unchanged block's result can be reused.
///
/// Boxed slices, not vectors: a cached block keeps its check for as long as the note is open,
/// and a note of half a million blocks holds as many.
#[derive(Clone, Debug, Default)]
pub struct BlockCheck {
    /// Sorted by span (`finding` reads them).
    findings: Box<[Reported]>,
    /// (index among the block's mentions, verdict); 40 bytes a verdict with a `usize`, 32
    /// with a `u32`.
    pub verdicts: Box<[(u32, Verdict)]>,
}

/// One of a block's findings in 16 bytes. Most are written from their claim's verdict when
/// read: a note full of figures its source does not have kept a whole `Finding` (80 bytes)
/// for each, beside the verdict that says the same.
#[derive(Clone, Debug, PartialEq)]
enum Reported {
    /// The finding about the claim of `verdicts[verdict]`, in this form.
    FromVerdict {
        verdict: u32,
        form: Form,
    },
    Own(Box<Finding>),
}

impl BlockCheck {
    pub fn finding_count(&self) -> usize {
        self.findings.len()
    }

    /// Finding `i`, at block offsets. `place_of(mention)` gives a mention's span and the span
    /// a fix of its number replaces (the number of a figure, the whole of a date).
    pub fn finding(
        &self,
        i: usize,
        place_of: impl Fn(u32) -> Option<(Span, Span)>,
    ) -> Option<Cow<'_, Finding>> {
        match self.findings.get(i)? {
            Reported::Own(finding) => Some(Cow::Borrowed(finding)),
            &Reported::FromVerdict { verdict, form } => {
                let (mention, verdict) = self.verdicts.get(verdict as usize)?;
                let (span, fix_span) = place_of(*mention)?;
                let finding = Finding::derived(span, form, verdict.source(), fix_span);
                Some(Cow::Owned(finding))
            }
        }
    }
}

/// Check every figure, date, quotation and citation of one block against the article.
/// `text` is the text the block's spans index (the masked note or the block itself), and
/// `note` the note's own text at the same offsets (the same, when nothing was masked).
pub fn check_block(
    text: &str,
    note: &str,
    block: &RecognizedBlock,
    article: &Article,
    kb: &KnowledgeBase,
) -> BlockCheck {
    let (mut findings, mut verdicts) = (Vec::new(), Vec::new());
    let memo = context::ClauseMemo::default();
    let own = |f: Finding| (f.span.clone(), Reported::Own(Box::new(f)));
    // The block's sentences, split only when a date needs its sentence.
    let sentences = std::cell::OnceCell::new();
    let dated = block.mentions.iter().filter(|m| m.date().is_some()).count();
    for (i, m) in block.mentions.iter().enumerate() {
        let ctx = || context::context_of(block, i, kb, &memo, crate::prose::Side::Note);
        let verdict = match &m.kind {
            MentionKind::Figure(f) if writers_own_figure(block, f) => Verdict::WritersOwn,
            MentionKind::Figure(f) => figures::check_figure(f, ctx, article),
            // A date of the writer's own days is kept as such, so a hover can say why it is
            // not checked.
            MentionKind::Date(d) if d.relative && writers_own(block, &m.span) => {
                Verdict::WritersOwn
            }
            MentionKind::Date(d) => {
                // The other mentions of its sentence.
                let in_sentence = || {
                    let sentences =
                        sentences.get_or_init(|| crate::text::sentences(&block.norm.text));
                    block.mentions_within(&sentence_of(block, sentences, &m.span))
                };
                // The other dates of its sentence ("since 2010, after the 2008 crisis").
                let siblings = || match dated {
                    0 | 1 => Vec::new(),
                    _ => in_sentence()
                        .iter()
                        .filter(|o| o.span != m.span)
                        .filter_map(|o| o.date()?.value)
                        .collect(),
                };
                let sentence = || {
                    let sentences =
                        sentences.get_or_init(|| crate::text::sentences(&block.norm.text));
                    context::sentence_context_of(block, sentences, i, kb)
                };
                // The paragraphs its sentence cites, where the date it meant most likely is.
                let cited = || {
                    in_sentence()
                        .iter()
                        .filter_map(|o| match o.kind {
                            MentionKind::Citation { paragraph } => Some(paragraph),
                            _ => None,
                        })
                        .collect()
                };
                match dates::check_date(d, ctx, sentence, siblings, cited, article) {
                    Some(v @ Verdict::Unsupported { .. }) if bare_year(note, &m.span) => {
                        figure_for_bare_year(text, &m.span, ctx, article).unwrap_or(v)
                    }
                    Some(v) => v,
                    None => continue,
                }
            }
            // The article's title or a section heading, quoted: no paragraph holds it, and
            // nothing is claimed.
            MentionKind::Quote { text } if article.has_heading(text) => continue,
            MentionKind::Quote { text } => {
                quote_verdict(article.quote_index().find(article, text), article)
            }
            MentionKind::Citation { paragraph } => {
                if article.paragraph(*paragraph).is_none() {
                    let message = format!(
                        "the source has no ¶{paragraph}: it has {} paragraphs",
                        article.paragraphs.len()
                    );
                    let code = codes::BAD_CITATION;
                    findings.push(own(Finding::new(m.span.clone(), code, message)));
                }
                continue;
            }
            MentionKind::Entity { .. } => continue,
        };
        match finding_for(text, note, m, &verdict) {
            Some(Written::WhenRead(form)) => {
                let verdict = verdicts.len() as u32;
                findings.push((m.span.clone(), Reported::FromVerdict { verdict, form }));
            }
            Some(Written::Now(finding)) => findings.push(own(finding)),
            None => {}
        }
        verdicts.push((i as u32, verdict));
    }
    findings.extend(
        citation_mismatches(block, article, &verdicts)
            .into_iter()
            .map(own),
    );
    // Sorted here, per block, so that a note's findings come out sorted by concatenation.
    findings.sort_by_key(|(span, _)| (span.start, span.end));
    BlockCheck {
        findings: findings.into_iter().map(|(_, f)| f).collect(),
        verdicts: verdicts.into_boxed_slice(),
    }
}

/// Is the note's text at `span` a year written as four digits and nothing else ("1550")?
fn bare_year(note: &str, span: &Span) -> bool {
    note.get(span.clone())
        .is_some_and(|t| t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
}

/// The verdict on a bare year the article does not hold as a date: the article's figure of
/// the same number, if it holds one (a table's "| Warheads | 1550 |" is the article's "1,550
/// warheads", not a year).
fn figure_for_bare_year(
    text: &str,
    span: &Span,
    ctx: impl Fn() -> context::ClaimContext,
    article: &Article,
) -> Option<Verdict> {
    let value = text.get(span.clone())?.parse::<f64>().ok()?;
    let figure = crate::model::Figure {
        span: span.clone(),
        number_span: span.clone(),
        value,
        unit: None,
        qualifier: None,
    };
    match figures::check_figure(&figure, ctx, article) {
        supported @ Verdict::Supported(_) => Some(supported),
        _ => None,
    }
}

/// Is figure `f` the length of the writer's own work ("2,500 words max")?
fn writers_own_figure(block: &RecognizedBlock, f: &crate::model::Figure) -> bool {
    let Some(unit) = &f.unit else {
        return false;
    };
    let at = block.to_norm(f.span.start)..block.to_norm(f.span.end);
    personal::is_writers_own_figure(&block.norm.text, &at, &unit.name)
}

/// Is the relative date at `span` (document offsets) one of the writer's own days?
fn writers_own(block: &RecognizedBlock, span: &Span) -> bool {
    let at = block.to_norm(span.start)..block.to_norm(span.end);
    personal::is_writers_own(&block.norm.text, &at)
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
            // The article's words where the note's differ, shared by every misquotation of
            // the passage.
            let source = article.misquoted_ref(paragraph, &span, &wording);
            Verdict::Misquote { source }
        }
        quotes::QuoteMatch::Unsourced => Verdict::Unsupported {
            nearest: None,
            unwritable: false,
        },
    }
}

/// Paragraphs that hold a claim mention, whatever its context, each with where (for citation
/// checks).
fn claim_paragraphs(m: &Mention, article: &Article) -> Vec<Place> {
    match &m.kind {
        MentionKind::Figure(f) => figures::figure_paragraphs(f, article),
        MentionKind::Date(d) => dates::date_paragraphs(d, article),
        MentionKind::Quote { text } => match article.quote_index().find(article, text) {
            quotes::QuoteMatch::Verbatim { paragraph, span }
            | quotes::QuoteMatch::Close {
                paragraph, span, ..
            } => {
                vec![(paragraph, span)]
            }
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// A paragraph of the article and a claim's span in it.
type Place = (u32, Span);

/// A sentence that cites ¶N while its claims sit in another paragraph.
/// `verdicts` are the block's, by mention index: the paragraph each claim's clause fits
/// decides between paragraphs that hold as many of the sentence's claims.
fn citation_mismatches(
    block: &RecognizedBlock,
    article: &Article,
    verdicts: &[(u32, Verdict)],
) -> Vec<Finding> {
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
        // Each claim of the sentence: the paragraphs that hold it, and the one its verdict
        // cites (where its clause fits best), if any.
        let claims: Vec<(Vec<Place>, Option<Place>)> = block
            .mention_indices_within(&sentence)
            .map(|k| (k, &block.mentions[k]))
            .filter(|(_, m)| m.span.start >= sentence.start && m.span.end <= sentence.end)
            .filter(|&(k, _)| !verdict_is_writers_own(verdicts, k))
            .map(|(k, m)| (claim_paragraphs(m, article), fitted_paragraph(verdicts, k)))
            .filter(|(ps, _)| !ps.is_empty())
            .collect();
        let holds = |ps: &[Place], n: u32| ps.iter().any(|(p, _)| *p == n);
        if claims.is_empty() || claims.iter().any(|(ps, _)| holds(ps, cited)) {
            continue;
        }
        // The paragraph that holds the most of the sentence's claims, then the one most of
        // them fit, then the earliest ("Crimea was annexed in 2014" holds its 2014 in ¶3, ¶8
        // and ¶10, and fits ¶8's annexation of Crimea).
        let mut counts: Vec<(u32, usize, usize)> = Vec::new();
        for (ps, fitted) in &claims {
            for &(p, _) in ps {
                let fits = usize::from(fitted.as_ref().is_some_and(|(f, _)| *f == p));
                match counts.iter_mut().find(|(q, ..)| *q == p) {
                    Some((_, n, f)) => (*n, *f) = (*n + 1, *f + fits),
                    None => counts.push((p, 1, fits)),
                }
            }
        }
        let Some(&(right, ..)) = counts
            .iter()
            .max_by_key(|(p, n, f)| (*n, *f, std::cmp::Reverse(*p)))
        else {
            continue;
        };
        // The claim the paragraph holds, so that the related place (and the sentence a
        // report quotes) is the claim's, not the paragraph's first sentence: the one whose
        // clause fits it, else the first the paragraph holds.
        let fitted = claims
            .iter()
            .filter_map(|(_, fitted)| fitted.as_ref())
            .find(|(p, _)| *p == right);
        let held = || {
            claims
                .iter()
                .flat_map(|(ps, _)| ps)
                .find(|(p, _)| *p == right)
        };
        let related = fitted.or_else(held).map(|(_, span)| Related {
            paragraph: right,
            span: span.clone(),
            message: format!("¶{right}").into(),
        });
        let fix = (
            citation.span.clone(),
            format!("Cite ¶{right} instead").into(),
            format!("[¶{right}]").into(),
        );
        out.push(Finding::with_places(
            citation.span.clone(),
            codes::CITATION_MISMATCH,
            format!("this sentence cites ¶{cited}, but its figures are in ¶{right}"),
            related.into_iter().collect(),
            Some(fix),
        ));
    }
    out
}

/// The document span of the sentence (among `sentences`, in normalized offsets) holding `span`.
/// The paragraph the verdict on mention `k` cites as holding it, and where, if it is held.
fn fitted_paragraph(verdicts: &[(u32, Verdict)], k: usize) -> Option<Place> {
    let at = verdicts
        .binary_search_by_key(&k, |(i, _)| *i as usize)
        .ok()?;
    match &verdicts[at].1 {
        Verdict::Supported(source) | Verdict::Approximate(source) => {
            Some((source.paragraph, source.span.clone()))
        }
        _ => None,
    }
}

/// Is mention `k`'s verdict that it is a day of the writer's own, no claim?
fn verdict_is_writers_own(verdicts: &[(u32, Verdict)], k: usize) -> bool {
    verdicts
        .binary_search_by_key(&k, |(i, _)| *i as usize)
        .is_ok_and(|at| matches!(verdicts[at].1, Verdict::WritersOwn))
}

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

/// A finding as `check_block` keeps it.
enum Written {
    /// Written from the claim's verdict and the note's words when it is read.
    WhenRead(Form),
    Now(Finding),
}

/// The finding about mention `m` of `prose` (the text the analysis read, with its markup
/// blanked), whose verdict is `verdict`; `note` is the note's own text at the same offsets.
fn finding_for(prose: &str, note: &str, m: &Mention, verdict: &Verdict) -> Option<Written> {
    // Most claims of a note that follows its source are supported: they cost nothing here.
    let (form, claim) = match (&m.kind, verdict) {
        (_, Verdict::Supported(_) | Verdict::WritersOwn | Verdict::PublicationDay) => return None,
        (_, Verdict::ContextMismatch { source, reason }) => {
            let code = codes::FIGURE_CONTEXT_MISMATCH;
            // A date the article gives another event: the related place and the fix are the
            // date of the event the note's clause describes.
            let f = match reason.meant() {
                Some(meant) => {
                    let fix = Some((Phrase::DateFix, m.span.clone()));
                    Finding::citing(m.span.clone(), code, &**reason, meant, Phrase::Has, fix)
                }
                None => Finding::citing(m.span.clone(), code, &**reason, source, Phrase::Has, None),
            };
            return Some(Written::Now(f));
        }
        (_, Verdict::Misquote { source }) => return Some(Written::Now(misquote(m, source))),
        (MentionKind::Quote { .. }, Verdict::Unsupported { .. }) => (Form::UnsourcedQuote, None),
        (
            kind,
            Verdict::Unsupported {
                nearest,
                unwritable,
            },
        ) => {
            let form = match (matches!(kind, MentionKind::Figure(_)), unwritable) {
                (true, false) => Form::UnsupportedFigure,
                (true, true) => Form::UnsupportedFigureInOtherUnit,
                (false, false) => Form::UnsupportedDate,
                (false, true) => Form::UnsupportedDateRelative,
            };
            (form, nearest.as_ref())
        }
        (_, Verdict::Approximate(source)) => (Form::CloseTo, Some(source)),
    };
    let written = &prose[m.span.clone()];
    if note.get(m.span.clone()) == Some(written) {
        return Some(Written::WhenRead(form));
    }
    let code = form.code();
    // A date's span is the mention's own.
    let fix_span = match &m.kind {
        MentionKind::Figure(f) => f.number_span.clone(),
        _ => m.span.clone(),
    };
    // Markup inside the mention (`**3,500** troops`) is blanked in what the analysis read, and
    // the message quotes that: it is written now, since the note's text would show the markup.
    let mut message = String::with_capacity(128 + written.len());
    form.write(written, claim.map(|c| &**c), &mut message);
    Some(Written::Now(match claim {
        Some(source) => {
            let fix = form.fix().map(|title| (title, fix_span));
            Finding::citing(m.span.clone(), code, message, source, Phrase::Says, fix)
        }
        None => Finding::new(m.span.clone(), code, message),
    }))
}

/// A quotation that differs from the source's words, with a fix that writes them.
fn misquote(m: &Mention, source: &SourceRef) -> Finding {
    let message = format!(
        "misquoted: the source (¶{}) reads \"{}\"",
        source.paragraph, source.full_text
    );
    let related = vec![Related {
        paragraph: source.paragraph,
        span: source.span.clone(),
        message: format!("¶{}", source.paragraph).into(),
    }];
    let title = "Replace with the source's wording";
    let fix = (m.span.clone(), title.into(), source.full_text.clone());
    Finding::with_places(m.span.clone(), codes::MISQUOTE, message, related, Some(fix))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cached block keeps a verdict per claim for as long as its note is open.
    #[test]
    fn a_verdict_with_its_index_takes_32_bytes() {
        assert_eq!(std::mem::size_of::<(u32, Verdict)>(), 32);
    }

    /// A cached block keeps one of these per finding for as long as its note is open.
    #[test]
    fn a_reported_finding_takes_16_bytes() {
        assert_eq!(std::mem::size_of::<Reported>(), 16);
    }
}
