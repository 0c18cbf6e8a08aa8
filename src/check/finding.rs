//! A finding: what it says about a note, where the source says otherwise, and its fix; most
//! messages are written when read, from the note's words and the claim they cite.

use super::codes;
use super::figures::{SourceClaim, SourceRef, Verdict};
use crate::model::{Severity, Span};
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
pub(super) enum Form {
    /// "`3,400 troops` is close to the source's 3,200 troops (¶1)"
    CloseTo,
    /// "the source does not support the figure `3,500 troops`: the source says 3,200 (¶1)",
    /// with a fix that writes the source's number when a claim is cited.
    UnsupportedFigure,
    /// "the source does not support the figure `1,500 miles`: the source says 3,000 km (¶2)":
    /// the source's figure is in a unit of another size, so it is quoted whole, and its number
    /// is no fix.
    UnsupportedFigureInOtherUnit,
    /// "the source does not support the date `2015`: the source has 2014 (¶3)", likewise.
    UnsupportedDate,
    /// "the source does not support the date `15 November 2023`: the source has last week
    /// (¶8)": a date relative to the article's publication is no fix.
    UnsupportedDateRelative,
    /// "this quotation is not in the source"
    UnsourcedQuote,
}

impl Form {
    /// The message, for a finding whose span holds `written` in the note. Written piece by
    /// piece, without `format!`: a diagnostics frame writes one per finding it sends.
    pub(super) fn write(self, written: &str, claim: Option<&SourceClaim>, out: &mut String) {
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
            Form::UnsupportedFigure | Form::UnsupportedFigureInOtherUnit => {
                ("figure `", ": the source says ")
            }
            Form::UnsupportedDate | Form::UnsupportedDateRelative => {
                ("date `", ": the source has ")
            }
        };
        out.push_str("the source does not support the ");
        out.push_str(noun);
        push_squeezed(out, written);
        out.push('`');
        if let Some(c) = claim {
            out.push_str(verb);
            let says = match self {
                Form::UnsupportedFigureInOtherUnit => &c.full_text,
                _ => &c.said_text,
            };
            push_claim(out, says, c.paragraph);
        }
    }

    /// An upper bound of the message's length, for a span of `written` bytes.
    fn len_bound(self, written: usize, claim: Option<&SourceClaim>) -> usize {
        let claim = claim.map_or(0, |c| c.full_text.len() + c.said_text.len() + 16);
        64 + written + claim
    }

    pub(super) fn code(self) -> &'static str {
        match self {
            Form::CloseTo => codes::APPROXIMATE_FIGURE,
            Form::UnsupportedFigure | Form::UnsupportedFigureInOtherUnit => {
                codes::UNSUPPORTED_FIGURE
            }
            Form::UnsupportedDate | Form::UnsupportedDateRelative => codes::UNSUPPORTED_DATE,
            Form::UnsourcedQuote => codes::UNSOURCED_QUOTE,
        }
    }

    /// The title of the fix that writes the claim's number.
    pub(super) fn fix(self) -> Option<Phrase> {
        match self {
            Form::UnsupportedFigure => Some(Phrase::FigureFix),
            Form::UnsupportedDate => Some(Phrase::DateFix),
            Form::CloseTo
            | Form::UnsourcedQuote
            | Form::UnsupportedFigureInOtherUnit
            | Form::UnsupportedDateRelative => None,
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
    pub(super) fn with_places(
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
    pub(super) fn citing(
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
    pub(super) fn derived(
        span: Span,
        form: Form,
        claim: Option<&SourceRef>,
        fix_span: Span,
    ) -> Finding {
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
pub(super) enum Phrase {
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
    pub(super) const COUNT: usize = 4;

    fn of(self, source: &SourceClaim) -> &Arc<str> {
        source.phrase(self, |c| match self {
            Phrase::Says => format!("the source says {} (¶{})", c.full_text, c.paragraph),
            Phrase::Has => format!("the source has {} (¶{})", c.full_text, c.paragraph),
            Phrase::FigureFix => format!("Replace with the source figure: {}", c.said_text),
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

/// Append "`words` (¶`paragraph`)".
pub(super) fn push_claim(out: &mut String, words: &str, paragraph: u32) {
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
