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
use std::borrow::Cow;
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
    words: Words,
}

/// What a finding says and cites.
#[derive(Clone, Debug, PartialEq)]
enum Words {
    /// A message written when the check ran, with its places and fix, in one shared
    /// allocation: a copy of the finding (a note's findings as values, `to_finding`) copies no
    /// text.
    Own(Arc<OwnWords>),
    /// Nothing of its own: the message is written when it is read, from the note's words at
    /// the finding's span and the claim it cites. Most findings of a note are these, made
    /// when read from their block's verdicts (`BlockCheck::finding`); kept written, the words
    /// and the message were two allocations a finding, more than the note itself for a note
    /// full of figures its source does not have.
    Derived {
        form: Form,
        claim: Option<SourceRef>,
    },
}

#[derive(Clone, Debug, PartialEq)]
struct OwnWords {
    message: Box<str>,
    cites: Cites,
}

/// The related places and the fix of a finding with a message of its own.
#[derive(Clone, Debug, PartialEq)]
enum Cites {
    Nothing,
    /// A claim of the source, as one related place that says `place` and perhaps a fix
    /// titled `fix` that writes the claim's number: all of it the claim's own, made once for
    /// every finding that cites it.
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

/// The messages a finding can write when it is read. Each that cites a claim relates the
/// place where the source says it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Form {
    /// "`3,400 troops` is close to the source's 3,200 troops (¶1)"
    CloseTo,
    /// "the source does not support the figure `3,500 troops`: the source says 3,200 (¶1)",
    /// with a fix that writes the source's number when a claim is cited.
    UnsupportedFigure,
    /// "the source does not support the date `2015`: the source has 2014 (¶3)", likewise.
    UnsupportedDate,
    /// "this quotation is not in the source"
    UnsourcedQuote,
}

impl Form {
    /// The message, for a finding whose span holds `written` in the note. Written piece by
    /// piece, without `format!`: a diagnostics frame writes one per finding it sends.
    fn write(self, written: &str, claim: Option<&SourceClaim>, out: &mut String) {
        let (noun, verb) = match self {
            Form::UnsourcedQuote => {
                out.push_str("this quotation is not in the source");
                return;
            }
            Form::CloseTo => {
                out.push('`');
                push_squeezed(out, written);
                out.push('`');
                if let Some(c) = claim {
                    out.push_str(" is close to the source's ");
                    push_claim(out, &c.full_text, c.paragraph);
                }
                return;
            }
            Form::UnsupportedFigure => ("figure `", ": the source says "),
            Form::UnsupportedDate => ("date `", ": the source has "),
        };
        out.push_str("the source does not support the ");
        out.push_str(noun);
        push_squeezed(out, written);
        out.push('`');
        if let Some(c) = claim {
            out.push_str(verb);
            push_claim(out, &c.number_text, c.paragraph);
        }
    }

    /// An upper bound of the message's length, for a span of `written` bytes.
    fn len_bound(self, written: usize, claim: Option<&SourceClaim>) -> usize {
        let claim = claim.map_or(0, |c| c.full_text.len() + c.number_text.len() + 16);
        64 + written + claim
    }

    fn code(self) -> &'static str {
        match self {
            Form::CloseTo => codes::APPROXIMATE_FIGURE,
            Form::UnsupportedFigure => codes::UNSUPPORTED_FIGURE,
            Form::UnsupportedDate => codes::UNSUPPORTED_DATE,
            Form::UnsourcedQuote => codes::UNSOURCED_QUOTE,
        }
    }

    /// The title of the fix that writes the claim's number.
    fn fix(self) -> Option<Phrase> {
        match self {
            Form::UnsupportedFigure => Some(Phrase::FigureFix),
            Form::UnsupportedDate => Some(Phrase::DateFix),
            Form::CloseTo | Form::UnsourcedQuote => None,
        }
    }
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
        Finding::with_cites(span, code, message.into(), Cites::Nothing, None)
    }

    /// A finding with places in the source that explain it, and perhaps a fix (its span,
    /// title and replacement), all its own.
    fn with_places(
        span: Span,
        code: &'static str,
        message: impl Into<Box<str>>,
        related: Vec<Related>,
        fix: Option<(Span, Arc<str>, Arc<str>)>,
    ) -> Finding {
        let (fix_span, fix) = match fix {
            Some((span, title, replacement)) => (Some(span), Some((title, replacement))),
            None => (None, None),
        };
        let cites = Cites::Other(Box::new(OtherCites {
            related: related.into(),
            fix,
        }));
        Finding::with_cites(span, code, message.into(), cites, fix_span)
    }

    /// A finding citing the source's claim `source`, where it says `place`; with a fix at
    /// `fix` (its title's phrase and where it goes) that writes the claim's number instead.
    fn citing(
        span: Span,
        code: &'static str,
        message: impl Into<Box<str>>,
        source: &SourceRef,
        place: Phrase,
        fix: Option<(Phrase, Span)>,
    ) -> Finding {
        let (fix, fix_span) = fix.unzip();
        let cites = Cites::Claim {
            source: source.clone(),
            place,
            fix,
        };
        Finding::with_cites(span, code, message.into(), cites, fix_span)
    }

    fn with_cites(
        span: Span,
        code: &'static str,
        message: Box<str>,
        cites: Cites,
        fix_span: Option<Span>,
    ) -> Finding {
        let words = Words::Own(Arc::new(OwnWords { message, cites }));
        Finding::with_words(span, code, fix_span, words)
    }

    /// A finding in `form` whose message is written when it is read (`Words::Derived`); its
    /// fix, at `fix_span`, is the claim's number when the form has one.
    fn derived(span: Span, form: Form, claim: Option<&SourceRef>, fix_span: Span) -> Finding {
        let fix_span = Some(fix_span).filter(|_| claim.is_some() && form.fix().is_some());
        let words = Words::Derived {
            form,
            claim: claim.cloned(),
        };
        Finding::with_words(span, form.code(), fix_span, words)
    }

    fn with_words(span: Span, code: &'static str, fix_span: Option<Span>, words: Words) -> Finding {
        Finding {
            span,
            severity: codes::default_severity(code),
            code,
            fix_span,
            words,
        }
    }

    /// The message. `note` is the text the finding's span indexes: a finding that writes its
    /// message when read quotes the note's words there.
    pub fn message(&self, note: &str) -> Cow<'_, str> {
        self.message_at(note, 0)
    }

    /// The message of this finding moved `shift` bytes later in `note`.
    pub(crate) fn message_at(&self, note: &str, shift: usize) -> Cow<'_, str> {
        match &self.words {
            Words::Own(own) => Cow::Borrowed(&own.message),
            Words::Derived { .. } => {
                let mut out = String::new();
                self.write_message_at(note, shift, &mut out);
                Cow::Owned(out)
            }
        }
    }

    /// Appends the message of this finding moved `shift` bytes later in `note` to `out`.
    pub(crate) fn write_message_at(&self, note: &str, shift: usize, out: &mut String) {
        match &self.words {
            Words::Own(own) => out.push_str(&own.message),
            Words::Derived { form, claim } => {
                let written = note
                    .get(self.span.start + shift..self.span.end + shift)
                    .unwrap_or_default();
                form.write(written, claim.as_deref(), out);
            }
        }
    }

    /// An upper bound of the message's length in bytes, without writing it.
    pub(crate) fn message_len_bound(&self) -> usize {
        match &self.words {
            Words::Own(own) => own.message.len(),
            Words::Derived { form, claim } => form.len_bound(self.span.len(), claim.as_deref()),
        }
    }

    pub fn related(&self) -> &[Related] {
        let (source, place) = match &self.words {
            Words::Own(own) => match &own.cites {
                Cites::Nothing => return &[],
                Cites::Claim { source, place, .. } => (source, *place),
                Cites::Other(other) => return &other.related,
            },
            Words::Derived { claim: None, .. } => return &[],
            Words::Derived {
                claim: Some(source),
                ..
            } => (source, Phrase::Says),
        };
        std::slice::from_ref(place.place(source))
    }

    pub fn fix(&self) -> Option<Fix<'_>> {
        let (title, replacement) = match &self.words {
            Words::Own(own) => match &own.cites {
                Cites::Nothing => return None,
                Cites::Claim { source, fix, .. } => {
                    (&**fix.as_ref()?.of(source), &*source.number_text)
                }
                Cites::Other(other) => {
                    let (title, replacement) = other.fix.as_ref()?;
                    (&**title, &**replacement)
                }
            },
            Words::Derived { form, claim } => {
                let source = claim.as_ref()?;
                (&**form.fix()?.of(source), &*source.number_text)
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
    findings.extend(citation_mismatches(block, article).into_iter().map(own));
    // Sorted here, per block, so that a note's findings come out sorted by concatenation.
    findings.sort_by_key(|(span, _)| (span.start, span.end));
    BlockCheck {
        findings: findings.into_iter().map(|(_, f)| f).collect(),
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
        let related = article.paragraph(right).map(|p| Related {
            paragraph: right,
            span: p.span.clone(),
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
        (_, Verdict::Supported(_)) => return None,
        (_, Verdict::ContextMismatch { source, reason }) => {
            let code = codes::FIGURE_CONTEXT_MISMATCH;
            let f = Finding::citing(m.span.clone(), code, &**reason, source, Phrase::Has, None);
            return Some(Written::Now(f));
        }
        (_, Verdict::Misquote { source }) => return Some(Written::Now(misquote(m, source))),
        (MentionKind::Quote { .. }, Verdict::Unsupported { .. }) => (Form::UnsourcedQuote, None),
        (MentionKind::Figure(_), Verdict::Unsupported { nearest }) => {
            (Form::UnsupportedFigure, nearest.as_ref())
        }
        (_, Verdict::Unsupported { nearest }) => (Form::UnsupportedDate, nearest.as_ref()),
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

/// Append "`words` (¶`paragraph`)".
fn push_claim(out: &mut String, words: &str, paragraph: u32) {
    out.push_str(words);
    out.push_str(" (¶");
    out.push_str(itoa::Buffer::new().format(paragraph));
    out.push(')');
}

/// Append `s` with each run of whitespace collapsed to one space and none at either end, so
/// that messages stay on one line.
fn push_squeezed(out: &mut String, s: &str) {
    // Most are squeezed already (ASCII words, one space between them): copied whole.
    let bytes = s.as_bytes();
    let squeezed = bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && bytes
            .iter()
            .all(|&b| b.is_ascii() && !(b'\t'..=b'\r').contains(&b))
        && !bytes.windows(2).any(|pair| pair == b"  ");
    if squeezed {
        out.push_str(s);
        return;
    }
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

    /// A cached block keeps one of these per finding for as long as its note is open.
    #[test]
    fn a_reported_finding_takes_16_bytes() {
        assert_eq!(std::mem::size_of::<Reported>(), 16);
    }

    /// Squeezing copies text that needs none whole, and squeezes the rest as
    /// `split_whitespace` does (Unicode spaces, vertical tabs, runs, ends).
    #[test]
    fn squeezing_keeps_one_line_of_single_spaces() {
        let cases = [
            ("3,500 troops", "3,500 troops"),
            ("", ""),
            (" 3,500  troops ", "3,500 troops"),
            ("3,500\ntroops", "3,500 troops"),
            ("3,500\u{b}troops", "3,500 troops"),
            ("3,500\u{a0}troops", "3,500 troops"),
            ("3\u{2009}500 troops", "3 500 troops"),
            ("über 3,500\r\n  troops", "über 3,500 troops"),
        ];
        for (written, expected) in cases {
            let mut out = String::new();
            push_squeezed(&mut out, written);
            assert_eq!(out, expected, "{written:?}");
            let reference: Vec<&str> = written.split_whitespace().collect();
            assert_eq!(out, reference.join(" "), "{written:?}");
        }
    }

    /// A finding that cites a claim reads its related place and its fix from the claim, the
    /// same for every finding that cites it, and writes its message from the note's words
    /// when it is read.
    #[test]
    fn a_finding_citing_a_claim_reads_its_place_and_fix_from_the_claim() {
        let claim = SourceRef::new(SourceClaim::new(
            1,
            40..60,
            "3,200".into(),
            "3,200 Chinese troops".into(),
        ));
        let finding = |at: usize| {
            let form = Form::UnsupportedFigure;
            Finding::derived(at..at + 12, form, Some(&claim), at..at + 5)
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
        let note = format!("3,500\ntroops{}3,500\ntroops", " ".repeat(88));
        assert_eq!(
            other.message(&note),
            "the source does not support the figure `3,500 troops`: the source says 3,200 (¶1)"
        );
        assert_eq!(one.message(&note), other.message(&note));
        assert!(one.message_len_bound() >= one.message(&note).len());
        // Moved, it reads the note where it now is.
        let moved = one.shifted(100);
        assert_eq!(moved.message(&note), other.message(&note));
        assert_eq!(one.message_at(&note, 100), other.message(&note));
        // Past the note's end it quotes nothing rather than failing.
        assert_eq!(
            one.message_at(&note, 1000),
            "the source does not support the figure ``: the source says 3,200 (¶1)"
        );
        // A form without a fix has none, even when given where one would go.
        let approximate = Finding::derived(0..12, Form::CloseTo, Some(&claim), 0..5);
        assert_eq!(approximate.code, codes::APPROXIMATE_FIGURE);
        assert!(approximate.fix().is_none());
        assert_eq!(
            approximate.message(&note),
            "`3,500 troops` is close to the source's 3,200 Chinese troops (¶1)"
        );
        let context = Finding::citing(
            0..12,
            codes::FIGURE_CONTEXT_MISMATCH,
            "not troops",
            &claim,
            Phrase::Has,
            None,
        );
        assert_eq!(context.message("whatever"), "not troops");
        assert_eq!(
            context.related()[0].message.as_ref(),
            "the source has 3,200 Chinese troops (¶1)"
        );
        // Without a claim: no place and no fix.
        let bare = Finding::derived(0..12, Form::UnsupportedDate, None, 0..4);
        assert!(bare.related().is_empty() && bare.fix().is_none());
        assert_eq!(
            bare.message(&note),
            "the source does not support the date `3,500 troops`"
        );
    }
}
