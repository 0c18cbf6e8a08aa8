//! The source article: numbered paragraphs with sections, and what is recognized in each.
//!
//! Invariant: paragraph numbers are 1-based and dense; every span is a byte range into
//! `Article::text`; each paragraph's mentions are sorted by start.

pub mod front_matter;
pub mod layout;

use crate::check::context::{self, ClaimContext};
use crate::check::figures::{SourceClaim, SourceRef};
use crate::kb::{EntityId, KnowledgeBase};
use crate::model::{DateMention, DateValue, Figure, PartialDate, Span};
use crate::position::LineIndex;
use crate::prose::{self, Mention, MentionKind, RecognizedBlock};
use crate::recognize::quantities::QuantityContext;
use layout::{HeadingLevel, Piece};

/// A heading of the article: its title, subtitle, or a section heading.
#[derive(Clone, Debug)]
pub struct Heading {
    pub span: Span,
    pub text: String,
    pub is_title: bool,
}

/// A numbered paragraph.
#[derive(Clone, Debug)]
pub struct Paragraph {
    /// 1-based paragraph number, as cited with `[¶n]`.
    pub n: u32,
    pub span: Span,
    /// Zero-based lines, first..=last.
    pub first_line: u32,
    pub last_line: u32,
    /// The section heading this paragraph sits under, if any.
    pub section: Option<String>,
    /// Matching view and mentions (mention spans are offsets into `Article::text`).
    pub block: RecognizedBlock,
    /// Sentence spans in `block.norm.text`.
    pub sentences: Vec<Span>,
    /// The context of each mention (empty for entities and citations), parallel to `mentions()`.
    contexts: Vec<ClaimContext>,
}

impl Paragraph {
    pub fn mentions(&self) -> &[Mention] {
        &self.block.mentions
    }

    /// The clause context of mention `i`.
    pub fn context(&self, i: usize) -> &ClaimContext {
        static EMPTY: ClaimContext = ClaimContext {
            subjects: Vec::new(),
            clause_entities: Vec::new(),
            stems: Vec::new(),
            gist: String::new(),
            clause_figures: Vec::new(),
        };
        self.contexts.get(i).unwrap_or(&EMPTY)
    }

    /// The normalized sentence that holds article offset `offset`.
    pub fn sentence_at(&self, offset: usize) -> &str {
        let at = self.block.to_norm(offset);
        let text = &self.block.norm.text;
        self.sentences
            .iter()
            .find(|s| s.contains(&at) || s.end == at)
            .map_or(text.as_str(), |s| &text[s.clone()])
    }

    /// The paragraph's normalized text (lines joined, quotes straightened).
    pub fn normalized(&self) -> &str {
        &self.block.norm.text
    }
}

fn normalized_text(text: &str, span: &Span) -> std::sync::Arc<str> {
    let piece = text.get(span.clone()).unwrap_or_default();
    crate::text::Normalized::new(piece).text.into()
}

fn claim_key(span: &Span, number_span: &Span) -> [usize; 4] {
    [span.start, span.end, number_span.start, number_span.end]
}

/// A claim of the article as verdicts cite it; a date's number is the date itself.
fn make_source_ref(text: &str, paragraph: u32, span: &Span, number_span: &Span) -> SourceRef {
    make_claim(text, paragraph, span, number_span, None)
}

/// Is every word of `phrase` ("July 31st") one of `readable`'s ("31 July 2015"), ordinal
/// suffixes aside?
fn words_within(phrase: &str, readable: &str) -> bool {
    let bare = |w: &str| {
        let digits = w.trim_end_matches(char::is_alphabetic);
        if digits.is_empty() {
            w.to_lowercase()
        } else {
            digits.to_string()
        }
    };
    let theirs: Vec<String> = readable.split(' ').map(bare).collect();
    phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| theirs.contains(&bare(w)))
}

/// The claim at `span`; a date relative to the publication carries what it resolves to
/// ("last week, 17–23 September 2018"), as a reader of the note cannot tell it otherwise.
fn make_claim(
    text: &str,
    paragraph: u32,
    span: &Span,
    number_span: &Span,
    resolved: Option<DateValue>,
) -> SourceRef {
    let mut full_text = normalized_text(text, span);
    if let Some(value) = resolved {
        let readable = value.readable();
        // "April" is "April 2015", "July 14" is "14 July 2015": with the year, the phrase
        // reads as itself. "last week" needs its days said beside it.
        full_text = match words_within(&full_text, &readable) {
            true => readable.into(),
            false => format!("{full_text}, {readable}").into(),
        };
    }
    let number_text = if number_span == span {
        full_text.clone()
    } else {
        normalized_text(text, number_span)
    };
    let said_text = match percent_sign_after(&text[number_span.end.min(span.end)..span.end]) {
        Some(sign) => format!("{number_text}{sign}").into(),
        None => number_text.clone(),
    };
    SourceRef::new(
        SourceClaim::new(paragraph, span.clone(), number_text, full_text).said_as(said_text),
    )
}

/// The percent sign or word that opens `after` (the rest of a figure after its number), as
/// written: "%", " %", " percent", " per cent".
fn percent_sign_after(after: &str) -> Option<&str> {
    let spaced = after.strip_prefix(' ').unwrap_or(after);
    let sign = ["%", "‰", "percent", "per cent"]
        .into_iter()
        .find(|sign| spaced.starts_with(sign))?;
    let word_ends = spaced[sign.len()..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    word_ends.then(|| &after[..after.len() - spaced.len() + sign.len()])
}

/// How many claims made on demand an article keeps (`Article::made_claims`).
const MAX_MADE_CLAIMS: usize = 4096;

static NEXT_GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A source article, split and recognized.
#[derive(Debug)]
pub struct Article {
    pub text: String,
    /// The knowledge base the article was read with, plus names learned from it: notes about
    /// this article are recognized with it, so learned names work in the notes too.
    pub kb: KnowledgeBase,
    pub headings: Vec<Heading>,
    /// The date of the front matter (`date:`) or of a dateline above the body ("November 20,
    /// 2023"): the publication date when neither the note nor its project gives one.
    pub dateline: Option<PartialDate>,
    pub paragraphs: Vec<Paragraph>,
    pub lines: LineIndex,
    /// (paragraph index, mention index) of every figure and every date: every claim of the
    /// notes is compared with these, so they are listed once rather than searched for.
    figure_at: Vec<(u32, u32)>,
    date_at: Vec<(u32, u32)>,
    /// The contexts of the dates, in `dates_indexed` order, for overlaps with a note's.
    date_contexts: context::ContextIndex,
    /// The context of each date's sentence, in `dates_indexed` order, made when a check
    /// first asks for it: ties between dates a note's may be are broken by sentences, for
    /// every date of the note.
    date_sentences: Vec<std::sync::OnceLock<ClaimContext>>,
    /// Unique per parse, so caches never confuse two versions of an article.
    pub generation: u64,
    /// Word index for quotation lookups, built on first use.
    quotes: std::sync::OnceLock<crate::check::quotes::QuoteIndex>,
    /// The ranges of figures the article gives, found when a claim first needs them.
    ranges: std::sync::OnceLock<Vec<crate::check::figures::FigureRange>>,
    /// Every figure and date as verdicts cite it, by its span and its number's: each verdict
    /// on a note's claim shares one instead of holding a copy (a 50 MB note has some 700,000).
    claims: rustc_hash::FxHashMap<[usize; 4], SourceRef>,
    /// Claims made when a verdict first cited them (quotations: any passage may be one), kept
    /// for the next verdict that cites the same passage. Every quotation verdict made its own
    /// (the claim and a copy of the passage), and a note's blocks keep their verdicts: a note
    /// quoting the article a thousand times held a thousand copies. At most
    /// `MAX_MADE_CLAIMS`: a note of as many different quotations makes the rest as before.
    made_claims: std::sync::Mutex<rustc_hash::FxHashMap<(u32, [usize; 4]), SourceRef>>,
}

impl Article {
    /// Split and recognize `text`. `published` resolves relative dates such as "last week";
    /// without it, the article's front matter or dateline does (`dateline`).
    pub fn parse(text: String, base: &KnowledgeBase, published: Option<PartialDate>) -> Article {
        let kb = base.with_learned(crate::kb::learned::learn(&text, base));
        let kb = &kb;
        let lines = LineIndex::new(&text);
        let pieces = layout::split(&text);
        let dateline = front_matter::read(&text).published.or_else(|| {
            pieces.iter().find_map(|piece| match piece {
                Piece::Heading {
                    span,
                    level: HeadingLevel::Title,
                } => layout::dateline(&text[span.clone()]),
                _ => None,
            })
        });
        let ctx = QuantityContext {
            published: published.or(dateline),
            footnote_markers: true,
        };
        let mut headings = Vec::new();
        let mut paragraphs = Vec::new();
        let mut section: Option<String> = None;
        for piece in pieces {
            match piece {
                Piece::Heading { span, level } => {
                    let heading_text = crate::text::Normalized::new(&text[span.clone()]).text;
                    if level == HeadingLevel::Section {
                        section = Some(heading_text.clone());
                    }
                    headings.push(Heading {
                        span,
                        text: heading_text,
                        is_title: level == HeadingLevel::Title,
                    });
                }
                Piece::Paragraph { span } => {
                    let block =
                        prose::recognize_block(&text, span.clone(), kb, &ctx, prose::Side::Article);
                    let sentences = crate::text::sentences(&block.norm.text);
                    let memo = context::ClauseMemo::default();
                    let contexts = (0..block.mentions.len())
                        .map(|i| match block.mentions[i].kind {
                            MentionKind::Figure(_) | MentionKind::Date(_) => {
                                context::context_of(&block, i, kb, &memo, prose::Side::Article)
                            }
                            _ => ClaimContext::default(),
                        })
                        .collect();
                    paragraphs.push(Paragraph {
                        n: paragraphs.len() as u32 + 1,
                        first_line: lines.line_of(span.start) as u32,
                        last_line: lines.line_of(span.end.saturating_sub(1).max(span.start)) as u32,
                        span,
                        section: section.clone(),
                        block,
                        sentences,
                        contexts,
                    });
                }
            }
        }
        let claims_of = |want_figure: bool| -> Vec<(u32, u32)> {
            let mut out = Vec::new();
            for (p, para) in paragraphs.iter().enumerate() {
                for (i, m) in para.mentions().iter().enumerate() {
                    let is = if want_figure {
                        m.figure().is_some()
                    } else {
                        m.date().is_some()
                    };
                    if is {
                        out.push((p as u32, i as u32));
                    }
                }
            }
            out
        };
        let (figure_at, date_at) = (claims_of(true), claims_of(false));
        let date_contexts = context::ContextIndex::new(
            date_at
                .iter()
                .map(|&(p, i)| paragraphs[p as usize].context(i as usize)),
        );
        let claim_spans = paragraphs.iter().flat_map(|p| {
            p.mentions().iter().filter_map(|m| {
                let figure = m.figure().map(|f| (&f.span, &f.number_span, None));
                let date = m
                    .date()
                    .map(|d| (&d.span, &d.span, d.value.filter(|_| d.relative)));
                Some((p.n, figure.or(date)?))
            })
        });
        let mut claims = rustc_hash::FxHashMap::default();
        for (paragraph, (span, number_span, resolved)) in claim_spans {
            claims
                .entry(claim_key(span, number_span))
                .or_insert_with(|| make_claim(&text, paragraph, span, number_span, resolved));
        }
        Article {
            text,
            figure_at,
            date_sentences: date_at.iter().map(|_| Default::default()).collect(),
            date_at,
            date_contexts,
            kb: kb.clone(),
            headings,
            dateline,
            paragraphs,
            lines,
            generation: NEXT_GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            quotes: std::sync::OnceLock::new(),
            ranges: std::sync::OnceLock::new(),
            claims,
            made_claims: Default::default(),
        }
    }

    /// The claim at `span` of paragraph `paragraph` as a verdict cites it: a figure's or a
    /// date's is shared, any other (a quotation's) is made.
    pub fn source_ref(&self, paragraph: u32, span: &Span, number_span: &Span) -> SourceRef {
        let key = claim_key(span, number_span);
        match self.claims.get(&key) {
            Some(claim) if claim.paragraph == paragraph => claim.clone(),
            _ => self.made_claim((paragraph, key), || {
                make_source_ref(&self.text, paragraph, span, number_span)
            }),
        }
    }

    /// The claim made on demand under `key`: the one kept, else `make`'s (kept while there
    /// is room). `make` runs without the lock, as it may ask for another claim.
    fn made_claim(&self, key: (u32, [usize; 4]), make: impl FnOnce() -> SourceRef) -> SourceRef {
        let kept = || self.made_claims.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(claim) = kept().get(&key) {
            return claim.clone();
        }
        let claim = make();
        let mut kept = kept();
        if kept.len() < MAX_MADE_CLAIMS {
            kept.insert(key, claim.clone());
        }
        claim
    }

    /// The claim a misquotation of the passage at `span` cites: the passage, written as the
    /// article's `wording` there. Made once per passage, as `source_ref` makes a quotation's.
    pub fn misquoted_ref(&self, paragraph: u32, span: &Span, wording: &str) -> SourceRef {
        // No claim's number ends at `usize::MAX`: the key cannot meet `source_ref`'s.
        let key = (paragraph, [span.start, span.end, usize::MAX, usize::MAX]);
        self.made_claim(key, || {
            let quoted = self.source_ref(paragraph, span, span);
            SourceRef::new(SourceClaim::new(
                paragraph,
                quoted.span.clone(),
                quoted.number_text.clone(),
                wording.into(),
            ))
        })
    }

    /// Is `quoted` the title or a heading of the article, in any case ("Building the Bond"
    /// for "BUILDING THE BOND"), whatever its punctuation?
    pub fn has_heading(&self, quoted: &str) -> bool {
        let words = |text: &str| -> Vec<String> {
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect()
        };
        let quoted = words(quoted);
        !quoted.is_empty() && self.headings.iter().any(|h| words(&h.text) == quoted)
    }

    /// The ranges of figures the article gives ("between 10,000 and 15,000 workers").
    pub fn figure_ranges(&self) -> &[crate::check::figures::FigureRange] {
        self.ranges
            .get_or_init(|| crate::check::figures::FigureRange::all_in(self))
    }

    /// The word index quotations are looked up in.
    pub fn quote_index(&self) -> &crate::check::quotes::QuoteIndex {
        self.quotes
            .get_or_init(|| crate::check::quotes::QuoteIndex::new(self))
    }

    /// Paragraph `n` (1-based).
    pub fn paragraph(&self, n: u32) -> Option<&Paragraph> {
        n.checked_sub(1)
            .and_then(|i| self.paragraphs.get(i as usize))
    }

    /// The paragraph holding byte `offset`.
    pub fn paragraph_at(&self, offset: usize) -> Option<&Paragraph> {
        let i = self.paragraphs.partition_point(|p| p.span.end <= offset);
        self.paragraphs.get(i).filter(|p| p.span.start <= offset)
    }

    /// Every figure of the article with its paragraph.
    pub fn figures(&self) -> impl Iterator<Item = (&Paragraph, &Figure)> {
        self.figures_indexed().map(|(p, _, f)| (p, f))
    }

    /// Every figure with its paragraph and its index among the paragraph's mentions.
    pub fn figures_indexed(&self) -> impl Iterator<Item = (&Paragraph, usize, &Figure)> {
        self.figure_at.iter().filter_map(|&(p, i)| {
            let para = &self.paragraphs[p as usize];
            para.mentions()
                .get(i as usize)
                .and_then(|m| m.figure())
                .map(|f| (para, i as usize, f))
        })
    }

    /// `context::overlap(ctx, c)` for the context `c` of every date, in `dates_indexed` order.
    pub fn date_overlaps(&self, ctx: &ClaimContext) -> Vec<usize> {
        self.date_contexts.overlaps(ctx)
    }

    /// The context of the sentence of the date that is mention `i` of paragraph `q`, made
    /// once per article.
    pub fn date_sentence(&self, q: &Paragraph, i: usize) -> std::borrow::Cow<'_, ClaimContext> {
        // `date_at` lists dates in paragraph and mention order, and paragraphs are numbered
        // densely from 1.
        let key = (q.n.saturating_sub(1), i as u32);
        let fresh = || context::sentence_context_of(&q.block, &q.sentences, i, &self.kb);
        match self.date_at.binary_search(&key) {
            Ok(k) if std::ptr::eq(&self.paragraphs[key.0 as usize], q) => {
                std::borrow::Cow::Borrowed(self.date_sentences[k].get_or_init(fresh))
            }
            _ => std::borrow::Cow::Owned(fresh()),
        }
    }

    /// Every date with its paragraph and its index among the paragraph's mentions.
    pub fn dates_indexed(&self) -> impl Iterator<Item = (&Paragraph, usize, &DateMention)> {
        self.date_at.iter().filter_map(|&(p, i)| {
            let para = &self.paragraphs[p as usize];
            para.mentions()
                .get(i as usize)
                .and_then(|m| m.date())
                .map(|d| (para, i as usize, d))
        })
    }

    /// Every date of the article with its paragraph.
    pub fn dates(&self) -> impl Iterator<Item = (&Paragraph, &DateMention)> {
        self.dates_indexed().map(|(p, _, d)| (p, d))
    }

    /// Every mention of `entity` (or of an entity that refers to it), in reading order.
    pub fn entity_mentions<'a>(
        &'a self,
        entity: EntityId,
        kb: &'a KnowledgeBase,
    ) -> impl Iterator<Item = (&'a Paragraph, &'a Mention)> + 'a {
        self.paragraphs.iter().flat_map(move |p| {
            p.mentions()
                .iter()
                .filter(move |m| {
                    m.entity()
                        .is_some_and(|e| e == entity || kb.refers_to(e) == Some(entity))
                })
                .map(move |m| (p, m))
        })
    }

    /// Any mention whose span holds `offset`, for hovering in the article itself.
    pub fn mention_at(&self, offset: usize) -> Option<(&Paragraph, &Mention)> {
        let p = self.paragraph_at(offset)?;
        p.mentions()
            .iter()
            .find(|m| m.span.start <= offset && offset < m.span.end.max(m.span.start + 1))
            .map(|m| (p, m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A passage no figure or date claims (a quotation's) is made into a claim once, and
    /// shared by the verdicts that cite it; a figure's claim is the one made at parse time.
    #[test]
    fn claims_made_on_demand_are_shared() {
        let kb = KnowledgeBase::builtin();
        let text = include_str!("../../examples/vostok-2018/article.txt").to_string();
        let article = Article::parse(text, &kb, None);
        let passage = 10..40;
        let first = article.source_ref(1, &passage, &passage);
        let again = article.source_ref(1, &passage, &passage);
        assert!(std::ptr::eq(&*first, &*again), "one claim for one passage");
        let elsewhere = article.source_ref(2, &passage, &passage);
        assert!(
            !std::ptr::eq(&*first, &*elsewhere),
            "another paragraph, another claim"
        );
        assert_eq!(first.full_text, again.full_text);
        let (p, _, figure) = article.figures_indexed().next().expect("a figure");
        let claim = article.source_ref(p.n, &figure.span, &figure.number_span);
        let made = article.made_claims.lock().unwrap().len();
        assert!(std::ptr::eq(
            &*claim,
            &*article.source_ref(p.n, &figure.span, &figure.number_span)
        ));
        assert_eq!(made, 2, "figures' claims are not made again");
        let misquoted = article.misquoted_ref(1, &passage, "the article's words");
        assert!(std::ptr::eq(
            &*misquoted,
            &*article.misquoted_ref(1, &passage, "the article's words")
        ));
        assert!(!std::ptr::eq(&*misquoted, &*first));
        assert_eq!(&*misquoted.full_text, "the article's words");
        assert_eq!(misquoted.number_text, first.number_text);
    }

    /// The date index gives, for any clause context, what `overlap` gives with each date's
    /// context one by one: tried with every claim context of the demo article as the note's.
    #[test]
    fn date_overlaps_equal_the_overlap_with_each_date() {
        let kb = KnowledgeBase::builtin();
        let text = include_str!("../../examples/vostok-2018/article.txt").to_string();
        let article = Article::parse(text, &kb, None);
        let claims: Vec<&ClaimContext> = article
            .figures_indexed()
            .map(|(p, i, _)| p.context(i))
            .chain(article.dates_indexed().map(|(p, i, _)| p.context(i)))
            .collect();
        assert!(claims.len() > 20, "{} claims", claims.len());
        let mut shared = 0;
        for ctx in claims {
            let naive: Vec<usize> = article
                .dates_indexed()
                .map(|(p, i, _)| context::overlap(ctx, p.context(i)))
                .collect();
            assert_eq!(article.date_overlaps(ctx), naive);
            shared += naive.iter().filter(|&&n| n > 0).count();
        }
        assert!(shared > 50, "too few overlaps to compare: {shared}");
    }
}
