//! Does the article support a figure of the notes? Value and unit comparison, and the verdicts
//! that figures, dates (`dates.rs`) and quotations share.
//!
//! A figure is supported when the article holds the same value in a compatible unit (after
//! converting lengths, areas, masses and durations to one base unit). When either side carries
//! an approximation qualifier the values may differ by up to 10% ("approximate"); a bound
//! ("more than 3,000") is approximate when the article's value satisfies it and lies close.

use super::context::{self, ClaimContext};
use crate::article::{Article, Paragraph};
use crate::model::{Dimension, Figure, Qualifier, Span, Unit, TIMES};
use std::cell::OnceCell;
use std::fmt;
use std::sync::{Arc, OnceLock};

/// Relative tolerance after a unit conversion (miles ↔ km round differently in prose).
const CONVERSION_TOLERANCE: f64 = 0.01;
/// Relative tolerance when a qualifier makes either side approximate.
const APPROXIMATE_TOLERANCE: f64 = 0.10;
/// The same for figures: how many more words another figure's clause must share.
const FIGURE_CONTEXT_MARGIN: usize = 2;
/// How far above (or below) a bound the article's value may lie and still read as the same claim.
const BOUND_REACH: f64 = 0.10;

/// Where in the article a claim was found: a pointer to one of the article's claims, which
/// reads as a [`SourceClaim`]. The article makes one for each of its figures and dates, and
/// every verdict that cites it shares it: a 50 MB note has some 700,000 verdicts, and a copy
/// of the claim made each of them 80 bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceRef(Arc<SourceClaim>);

/// A figure, date or quotation of the article, as verdicts cite it.
#[derive(Debug, PartialEq)]
pub struct SourceClaim {
    pub paragraph: u32,
    /// The article's mention (span into the article text).
    pub span: Span,
    /// The article's number as written (for messages and quick fixes).
    pub number_text: Arc<str>,
    /// The article's figure or date as written, unit included.
    pub full_text: Arc<str>,
    /// The number as messages quote it: with the percent sign that follows it ("6%", where a
    /// fix writes "6" before the note's own sign), else `number_text`.
    pub said_text: Arc<str>,
    /// What every finding that cites this claim repeats word for word, made once.
    phrases: Phrases,
}

/// A claim's phrases, each made when a finding first asks for it, and the related places
/// that carry them. Thousands of findings may cite one claim: sharing the phrases saved four
/// allocations per finding (measured in session 10), sharing the places one more.
#[derive(Debug, Default)]
struct Phrases {
    words: [OnceLock<Arc<str>>; super::Phrase::COUNT],
    places: [OnceLock<super::Related>; super::Phrase::COUNT],
}

impl PartialEq for Phrases {
    /// A cache: two claims are equal whatever each has made so far.
    fn eq(&self, _: &Phrases) -> bool {
        true
    }
}

impl SourceClaim {
    pub fn new(paragraph: u32, span: Span, number_text: Arc<str>, full_text: Arc<str>) -> Self {
        SourceClaim {
            paragraph,
            span,
            said_text: number_text.clone(),
            number_text,
            full_text,
            phrases: Phrases::default(),
        }
    }

    /// The same claim, quoted in messages as `said_text`.
    pub fn said_as(self, said_text: Arc<str>) -> Self {
        SourceClaim { said_text, ..self }
    }

    /// The phrase `which`, written by `make` the first time it is asked for.
    pub(super) fn phrase(
        &self,
        which: super::Phrase,
        make: impl FnOnce(&SourceClaim) -> String,
    ) -> &Arc<str> {
        self.phrases.words[which as usize].get_or_init(|| make(self).into())
    }

    /// The related place that says the phrase `which`, made by `make` the first time.
    pub(super) fn place(
        &self,
        which: super::Phrase,
        make: impl FnOnce(&SourceClaim) -> super::Related,
    ) -> &super::Related {
        self.phrases.places[which as usize].get_or_init(|| make(self))
    }
}

impl SourceRef {
    pub fn new(claim: SourceClaim) -> SourceRef {
        SourceRef(Arc::new(claim))
    }
}

impl std::ops::Deref for SourceRef {
    type Target = SourceClaim;
    fn deref(&self) -> &SourceClaim {
        &self.0
    }
}

/// Why a value the article holds does not support a claim, and the claim the note most
/// likely meant when the article says it with another value. Behind a thin pointer, so that
/// a verdict takes 24 bytes, not 32: verdicts stay in the cache for as long as their note is
/// open (some 700,000 for 56 MB of distinct blocks), and mismatches are few.
#[derive(Clone, Debug, PartialEq)]
pub struct Reason(Box<(Box<str>, Option<SourceRef>)>);

impl From<String> for Reason {
    fn from(reason: String) -> Reason {
        Reason(Box::new((reason.into_boxed_str(), None)))
    }
}

impl Reason {
    /// A reason whose note most likely meant the article's claim `meant` (its value is the fix).
    pub fn meaning(reason: String, meant: SourceRef) -> Reason {
        Reason(Box::new((reason.into_boxed_str(), Some(meant))))
    }

    pub fn meant(&self) -> Option<&SourceRef> {
        self.0 .1.as_ref()
    }
}

impl std::ops::Deref for Reason {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0 .0
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

/// The outcome of checking one claim.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Supported(SourceRef),
    Approximate(SourceRef),
    /// The value is in the article, but about something else; `reason` says what.
    ContextMismatch {
        source: SourceRef,
        reason: Reason,
    },
    /// A quotation close to the article's wording but not verbatim.
    Misquote {
        source: SourceRef,
    },
    /// `nearest` is the closest article value of the same kind, when there is one.
    Unsupported {
        nearest: Option<SourceRef>,
        /// The nearest value cannot take the note's place as it is written: a figure in a
        /// unit of another size ("3,000 km" for the note's "3,000 miles", whose number in the
        /// note would not be the source's value), or a date stated relative to the article's
        /// publication ("last week", which would not read the same in the note).
        unwritable: bool,
    },
    /// A date of the writer's own days ("read this on Monday"): no claim about the article,
    /// so nothing to support (`check::personal`).
    WritersOwn,
    /// The day the article was published, which its masthead or front matter gives and no
    /// paragraph holds: a note's "(Keller, 12 Sep 2024)".
    PublicationDay,
}

impl Verdict {
    pub fn source(&self) -> Option<&SourceRef> {
        match self {
            Verdict::Supported(r)
            | Verdict::Approximate(r)
            | Verdict::ContextMismatch { source: r, .. }
            | Verdict::Misquote { source: r } => Some(r),
            Verdict::Unsupported { nearest, .. } => nearest.as_ref(),
            Verdict::WritersOwn | Verdict::PublicationDay => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
enum Closeness {
    Approximate,
    Exact,
}

/// A figure that states a share, in percent.
enum Share {
    /// "12%", "12 percent".
    Percent(f64),
    /// A bare number between 0 and 1: in prose, a fraction in words ("half", "a third").
    Fraction(f64),
}

fn share(f: &Figure) -> Option<Share> {
    match &f.unit {
        Some(u) if u.name == "percent" => Some(Share::Percent(f.value)),
        _ if is_fraction(f) => Some(Share::Fraction(f.value * 100.0)),
        _ => None,
    }
}

/// A bare number between 0 and 1: in prose, a fraction in words ("over half", "a third").
pub(super) fn is_fraction(f: &Figure) -> bool {
    f.unit.is_none() && f.value > 0.0 && f.value < 1.0
}

fn is_percentage(f: &Figure) -> bool {
    f.unit
        .as_ref()
        .is_some_and(|u| u.dimension == Dimension::Percent)
}

/// Does the figure count times ("three times as many", "~10x", "twice a year")?
fn counts_times(f: &Figure) -> bool {
    f.unit
        .as_ref()
        .is_some_and(|u| u.name == TIMES || u.dimension == Dimension::Frequency)
}

/// The value in the dimension's base unit.
fn base_value(f: &Figure) -> f64 {
    f.value * f.unit.as_ref().map_or(1.0, |u| u.factor)
}

/// Can a figure of the note in unit `note` be compared with one of the article in `article`?
pub fn comparable(note: Option<&Unit>, article: Option<&Unit>) -> bool {
    match (note, article) {
        (None, None) => true,
        // A bare number of the article may count anything, but not times: the note's "three
        // times a year" is no "up to three" warheads. The note's bare "38 in 2024" may be the
        // article's "38 times in 2024", and its "18 a year" the article's "18 times a year".
        (Some(u), None) => u.dimension == Dimension::Count && u.name != TIMES,
        (None, Some(u)) => matches!(u.dimension, Dimension::Count | Dimension::Frequency),
        // Counts of times compare only with each other: "4x faster" is no "four fleets".
        (Some(x), Some(y)) => {
            x.dimension == y.dimension
                && (x.dimension != Dimension::Money || x.name == y.name)
                && (x.name == TIMES) == (y.name == TIMES)
        }
    }
}

/// Numbers below this are common enough that the same number of another unit in the article
/// may be chance.
const COINCIDENCE_BELOW: f64 = 100.0;

/// Do both figures count or measure by the same word ("bases" and "Philippine bases")?
fn same_unit_name(a: &Figure, b: &Figure) -> bool {
    matches!((&a.unit, &b.unit), (Some(x), Some(y)) if x.name == y.name)
}

fn relative_difference(a: f64, b: f64) -> f64 {
    let scale = a.abs().max(b.abs());
    if scale == 0.0 {
        0.0
    } else {
        (a - b).abs() / scale
    }
}

fn compare(note: &Figure, article: &Figure) -> Option<Closeness> {
    // A share pair is a percentage and a bare number: only one side has a unit.
    let one_unit = note.unit.is_some() != article.unit.is_some();
    let shares = || (share(note), share(article));
    let (n, a, converted) = match one_unit.then(shares).unwrap_or((None, None)) {
        // A share in words ("over half", "two-thirds") and a percentage ("50%", "67%") say
        // the same in two ways: compared as percentages, with a conversion's rounding.
        (Some(Share::Percent(n)), Some(Share::Fraction(a))) => (n, a, true),
        (Some(Share::Fraction(n)), Some(Share::Percent(a))) => (n, a, true),
        _ if !comparable(note.unit.as_ref(), article.unit.as_ref()) => return None,
        _ => {
            let converted =
                matches!((&note.unit, &article.unit), (Some(x), Some(y)) if x.name != y.name);
            (base_value(note), base_value(article), converted)
        }
    };
    let diff = relative_difference(n, a);
    if diff <= 1e-9 || (converted && diff <= CONVERSION_TOLERANCE) {
        return Some(Closeness::Exact);
    }
    let within_bound = match note.qualifier {
        Some(Qualifier::AtLeast) => a >= n && a <= n * (1.0 + BOUND_REACH),
        Some(Qualifier::AtMost) => a <= n && a >= n * (1.0 - BOUND_REACH),
        _ => false,
    };
    let approximate = note.qualifier.is_some() || article.qualifier.is_some();
    (within_bound || (approximate && diff <= APPROXIMATE_TOLERANCE))
        .then_some(Closeness::Approximate)
}

/// Check one figure of the notes against every figure of the article. `note_context` is
/// computed only when some article figure has the same value.
pub fn check_figure(
    note: &Figure,
    note_context: impl Fn() -> ClaimContext,
    article: &Article,
) -> Verdict {
    let note_ctx = OnceCell::new();
    let mut best: Option<(Closeness, &Paragraph, &Figure)> = None;
    let mut best_index = 0;
    let mut mismatch: Option<(&Paragraph, &Figure, context::Conflict)> = None;
    for (p, i, f) in article.figures_indexed() {
        let mut closeness = compare(note, f);
        // A share is a common number: "50%" is "half" only of something the clauses share
        // ("over half of Chinese migrants" for "50% of Chinese migrants", not "trade grew 50%").
        if closeness.is_some() && is_percentage(note) != is_percentage(f) {
            let ctx = note_ctx.get_or_init(&note_context);
            if context::overlap(ctx, p.context(i)) == 0 {
                closeness = None;
            }
        }
        // The same number about another thing ("3,200 miles" for the article's 3,200 troops)
        // is a figure in the wrong place; a percentage is a share of something, and the same
        // number of anything else ("50%" and "a half century") is a coincidence, as is a count
        // of times ("~10x as many") beside a count of anything else ("10 days").
        let same_value = relative_difference(note.value, f.value) <= 1e-9
            && is_percentage(note) == is_percentage(f)
            && (!counts_times(note) || counts_times(f));
        if closeness.is_none() && !same_value {
            continue;
        }
        let note_ctx_now = note_ctx.get_or_init(&note_context);
        let conflict = context::figure_conflict(note, note_ctx_now, f, p.context(i), &article.kb);
        match (closeness, conflict) {
            (Some(c), None) => {
                // Among equally close figures, the one that counts the same thing and whose
                // clause the note's fits best ("nine bases": the article's "nine Philippine
                // bases", not its "nine-dash line"); then the first mention.
                let better = best.as_ref().is_none_or(|(b, bp, bf)| {
                    c > *b
                        || c == *b && {
                            let ctx = note_ctx.get_or_init(&note_context);
                            let fit = |q: &Paragraph, k: usize, g: &Figure| {
                                (same_unit_name(note, g), context::overlap(ctx, q.context(k)))
                            };
                            fit(p, i, f) > fit(bp, best_index, bf)
                        }
                });
                if better {
                    best = Some((c, p, f));
                    best_index = i;
                }
            }
            (_, Some(reason)) => {
                if mismatch.is_none() {
                    mismatch = Some((p, f, reason));
                }
            }
            (None, None) => {}
        }
    }
    if let Some((_, p, f)) = best {
        let ctx = note_ctx.get_or_init(&note_context);
        if let Some(verdict) = told_elsewhere(note, ctx, article, (p, best_index, f)) {
            return verdict;
        }
        if let Some(own) = another_things_count(note, ctx, article, (p, best_index, f)) {
            best = None;
            // Far from the article's count of the same thing, the note's figure is the other
            // thing's number put in the wrong place ("600,000 Russian troops": the article's
            // 600,000 Chinese migrants, its troops 3,200); near it, a misstated count ("six
            // annexes": five), left to the nearest figure below.
            if relative_difference(note.value, own.value) > 0.5 && mismatch.is_none() {
                mismatch = context::Conflict::not(ctx.gist.clone()).map(|r| (p, f, r));
            }
        }
    }
    match (best, mismatch) {
        (Some((Closeness::Exact, p, f)), _) => {
            Verdict::Supported(article.source_ref(p.n, &f.span, &f.number_span))
        }
        (Some((Closeness::Approximate, p, f)), _) => {
            Verdict::Approximate(article.source_ref(p.n, &f.span, &f.number_span))
        }
        (None, Some((p, f, reason))) => {
            let index_of = |q: &Paragraph, g: &Figure| {
                q.mentions()
                    .iter()
                    .position(|m| m.span == g.span)
                    .unwrap_or(0)
            };
            let i = index_of(p, f);
            // A small number of another unit ("three of them" for "three years") is a
            // coincidence beside a figure of the note's own unit in a clause the note's fits
            // better ("adding roughly 400 acres in two years"): that one is what it misstates.
            // A large one ("a 600,000-mile border" for 600,000 people) is rarely a coincidence:
            // it was put in the wrong place.
            if note.value < COINCIDENCE_BELOW && !comparable(note.unit.as_ref(), f.unit.as_ref()) {
                let ctx = note_ctx.get_or_init(&note_context);
                let fits = |q: &Paragraph, k: usize| context::overlap(ctx, q.context(k));
                if let Some((np, nf)) = nearest_figure(note, article)
                    .filter(|(np, nf)| fits(np, index_of(np, nf)) > fits(p, i))
                {
                    return Verdict::Unsupported {
                        unwritable: other_size(note, nf),
                        nearest: Some(article.source_ref(np.n, &nf.span, &nf.number_span)),
                    };
                }
            }
            let source = article.source_ref(p.n, &f.span, &f.number_span);
            let gist = &p.context(i).gist;
            let what = match reason.article_side {
                Some(side) => side,
                None if gist.is_empty() => format!("appears in \"{}\"", clause_gist(p, i)),
                None => format!("counts {gist}"),
            };
            let reason = format!(
                "in the source {} {what} (¶{}), {}",
                source.said_text, p.n, reason.reason
            );
            Verdict::ContextMismatch {
                source,
                reason: reason.into(),
            }
        }
        (None, None) => {
            if let Some(range) = range_around(note, article) {
                return Verdict::Approximate(range);
            }
            let ctx = note_ctx.get_or_init(&note_context);
            let nearest = nearest_figure(note, article)
                .filter(|&(p, f)| linked(note, ctx, article, p, f))
                .or_else(|| best_fitting_figure(note, ctx, article));
            Verdict::Unsupported {
                unwritable: nearest.as_ref().is_some_and(|(_, f)| other_size(note, f)),
                nearest: nearest.map(|(p, f)| article.source_ref(p.n, &f.span, &f.number_span)),
            }
        }
    }
}

/// Could the article figure be the one the note misremembers? Nearest in value alone is not
/// enough to name it, let alone offer it as a fix: "the dispute was settled fifteen years
/// late" was told "the source says a decade", from a clause on the PLA's need for Russian
/// arms. Counts and bare numbers are already held to their kind and reach by
/// `nearest_figure`. A measure (a length, a duration, a sum) qualifies when it is near the
/// note's ("the frontier runs 2,800 miles" for the article's "2,600-mile border": no word in
/// common) or when its clause shares a word of the note's or a name other than an actor's
/// (an article about two states names them in most clauses).
fn linked(note: &Figure, ctx: &ClaimContext, article: &Article, p: &Paragraph, f: &Figure) -> bool {
    if note
        .unit
        .as_ref()
        .is_none_or(|u| u.dimension == Dimension::Count)
        || times_apart(base_value(note), base_value(f)) <= UNLINKED_REACH
    {
        return true;
    }
    let Some(i) = p.mentions().iter().position(|m| m.span == f.span) else {
        return false;
    };
    let theirs = p.context(i);
    context::stem_overlap(ctx, theirs) > 0
        || ctx.clause_entities.iter().any(|e| {
            theirs.clause_entities.contains(e)
                && article.kb.get(*e).kind != crate::model::EntityKind::Actor
        })
}

/// The article figure of the note's kind whose clause shares the most with the note's, when
/// the nearest in value is not linked to it: "Rosneft's Q2 net profit fell 41%" misstates
/// "a 14% fall in net profit for Q2", not the 30% of an unrelated clause nearer in value.
/// Counts and bare numbers are held to their kind and reach, as in `nearest_figure`.
fn best_fitting_figure<'a>(
    note: &Figure,
    ctx: &ClaimContext,
    article: &'a Article,
) -> Option<(&'a Paragraph, &'a Figure)> {
    /// Words a clause must share with the note's: one is often a common word of the topic.
    const LEAST_SHARED: usize = 2;
    let value = base_value(note);
    article
        .figures_indexed()
        .filter(|(_, _, f)| {
            comparable(note.unit.as_ref(), f.unit.as_ref()) && counts_alike(note, f)
        })
        .filter(|(_, _, f)| note.unit.is_some() || times_apart(value, base_value(f)) <= BARE_REACH)
        .map(|(p, i, f)| (context::overlap(ctx, p.context(i)), p, f))
        .filter(|&(shared, ..)| shared >= LEAST_SHARED)
        // Most shared, then nearest in value.
        .max_by(|(a, _, f), (b, _, g)| {
            let apart = |x: &Figure| times_apart(value, base_value(x));
            a.cmp(b).then(
                apart(g)
                    .partial_cmp(&apart(f))
                    .unwrap_or(std::cmp::Ordering::Equal),
            )
        })
        .map(|(_, p, f)| (p, f))
}

/// How far (as the ratio of the larger to the smaller) an article measure may be from the
/// note's and be named as the one it misremembers without a word of context in common.
const UNLINKED_REACH: f64 = 1.25;

/// Is the article's figure of the note's value a count of something else, while the article
/// counts the note's own noun with another value ("six annexes" against "six world powers",
/// when the article says "five annexes")? Only when their clauses share no word: nouns of one
/// class ("soldiers", "troops") and clauses about the same thing stay one claim.
///
/// The article's count of the note's noun closest in value, when so.
fn another_things_count<'a>(
    note: &Figure,
    ctx: &ClaimContext,
    article: &'a Article,
    found: (&Paragraph, usize, &Figure),
) -> Option<&'a Figure> {
    let (p, i, f) = found;
    let noun = note
        .unit
        .as_ref()
        .filter(|u| u.dimension == Dimension::Count)?;
    let class = context::unit_class(&noun.name);
    let same_kind = same_unit_name(note, f)
        || class.is_some() && class == f.unit.as_ref().and_then(|u| context::unit_class(&u.name));
    if same_kind || context::stem_overlap(ctx, p.context(i)) > 0 {
        return None;
    }
    let distance = |g: &Figure| relative_difference(note.value, g.value);
    article
        .figures()
        .map(|(_, g)| g)
        .filter(|g| same_unit_name(note, g) && distance(g) > 1e-9)
        .min_by(|a, b| distance(a).total_cmp(&distance(b)))
}

/// A figure whose value the article holds, but whose clause matches the clause of another
/// figure of the same kind far better ("the provinces are home to 600,000 people": the
/// article's provinces hold 120 million, its 600,000 is the Chinese population in Russia).
fn told_elsewhere(
    note: &Figure,
    ctx: &ClaimContext,
    article: &Article,
    found: (&Paragraph, usize, &Figure),
) -> Option<Verdict> {
    let (p, i, f) = found;
    let own = context::stem_overlap(ctx, p.context(i));
    let (_, op, oi, of) = article
        .figures_indexed()
        .filter(|(_, _, g)| {
            comparable(note.unit.as_ref(), g.unit.as_ref()) && compare(note, g).is_none()
        })
        // The note's clause gives that figure too ("23 of 32 allies" against the article's
        // "23 of the allies" and "32 members"): its other number is no misplaced one.
        .filter(|(_, _, g)| {
            !ctx.clause_figures
                .iter()
                .any(|&v| relative_difference(v, g.value) <= 1e-9)
        })
        .map(|(q, k, g)| (context::stem_overlap(ctx, q.context(k)), q, k, g))
        .filter(|(score, ..)| *score >= 2 && *score >= own + FIGURE_CONTEXT_MARGIN)
        .max_by_key(|(score, q, ..)| (*score, std::cmp::Reverse(q.n)))?;
    // The better fit must hold for the two figures' sentences too: clauses of one sentence
    // are about one thing ("25 million people, more than half the population, need aid": the
    // aid is the 25 million's too, though another clause holds the words).
    let sentence_fit = |q: &Paragraph, k: usize| {
        let sentence = context::sentence_context_of(&q.block, &q.sentences, k, &article.kb);
        context::stem_overlap(ctx, &sentence)
    };
    if sentence_fit(op, oi) <= sentence_fit(p, i) {
        return None;
    }
    let source = article.source_ref(p.n, &f.span, &f.number_span);
    let other = article.source_ref(op.n, &of.span, &of.number_span);
    let reason = format!(
        "in the source {} belongs to \"{}\" (¶{}); \"{}\" has {} (¶{})",
        source.said_text,
        clause_gist(p, i),
        p.n,
        clause_gist(op, oi),
        other.full_text,
        op.n
    );
    Some(Verdict::ContextMismatch {
        source,
        reason: reason.into(),
    })
}

fn clause_gist(p: &Paragraph, i: usize) -> String {
    let m = &p.mentions()[i];
    let at = p.block.to_norm(m.span.start)..p.block.to_norm(m.span.end);
    let clause = context::clause_around(&p.block.norm.text, &at);
    p.block.norm.text[clause].trim().to_string()
}

/// Every paragraph holding this figure's value in a comparable unit, with the span of its
/// first such figure (for citation checks and go to definition).
pub fn figure_paragraphs(note: &Figure, article: &Article) -> Vec<(u32, Span)> {
    let mut out: Vec<(u32, Span)> = Vec::new();
    for (p, i, f) in article.figures_indexed() {
        if compare(note, f).is_some() && out.last().is_none_or(|(n, _)| *n != p.n) {
            out.push((p.n, p.mentions()[i].span.clone()));
        }
    }
    out
}

/// The article figure closest in value among those that could count the same thing (same
/// unit noun first). A count of a named thing is offered only counts of the same noun, or of
/// a noun of the same class ("soldiers" for "troops"): "17,222 users" is not offered the
/// article's "3,200 troops", nor a bare "600,000", neither in its message nor as a fix. A
/// bare number is offered only a figure within a factor of 2 of it.
fn nearest_figure<'a>(note: &Figure, article: &'a Article) -> Option<(&'a Paragraph, &'a Figure)> {
    let value = base_value(note);
    let same_noun = |f: &Figure| match (&note.unit, &f.unit) {
        (Some(a), Some(b)) => a.name == b.name,
        _ => false,
    };
    // A bare number ("the total was 242") says nothing of what it counts: only an article
    // figure within a factor of 2 is plausibly the one it misremembers ("900,000" for the
    // article's 600,000). Offered anything nearest, "242" was told "the source says 3,200" and
    // "7" the article's "two former rivals", each with a fix to write it.
    article
        .figures()
        .filter(|(_, f)| {
            let comparable =
                comparable(note.unit.as_ref(), f.unit.as_ref()) || misread_currency(note, f);
            comparable && counts_alike(note, f)
        })
        .map(|(p, f)| (times_apart(value, base_value(f)), p, f))
        .filter(|&(apart, ..)| note.unit.is_some() || apart <= BARE_REACH)
        // Each figure's key is made once, not at every comparison. A sum in another currency
        // that the note's may misremember ranks with the same noun, behind a sum of the
        // note's currency that is as near as a loose figure ("2 billion dollars": the
        // article's "2 billion euros ($2.1 billion)" offers $2.1 billion).
        .map(|(apart, p, f)| {
            let misread = !same_noun(f) && misread_currency(note, f);
            let like = same_noun(f) || misread && apart <= UNLINKED_REACH;
            let rank = match misread {
                true => apart.max(1.0 + APPROXIMATE_TOLERANCE),
                false => apart,
            };
            ((!like, rank), p, f)
        })
        .min_by(|(a, ..), (b, ..)| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal))
        .map(|(_, p, f)| (p, f))
}

/// Could the article figure `f` count what the note's counts? A count of something named is
/// offered only counts of the same thing or kind of thing; an article number that names
/// nothing could be anything. Figures that are no counts always could.
fn counts_alike(note: &Figure, f: &Figure) -> bool {
    match (&note.unit, &f.unit) {
        (Some(a), b) if a.dimension == Dimension::Count => b.as_ref().is_some_and(|b| {
            a.name == b.name
                || context::unit_class(&a.name)
                    .is_some_and(|c| context::unit_class(&b.name) == Some(c))
        }),
        _ => true,
    }
}

/// A range of the article ("between 10,000 and 15,000 workers", "from 20 to 30 ships",
/// "10-15%"): two figures of one paragraph with only a connector between them, the unit
/// written once, after the second.
#[derive(Debug)]
pub struct FigureRange {
    /// Its ends, in the unit's base (km, years, 1 for counts).
    low: f64,
    high: f64,
    unit: Option<Unit>,
    /// The range as the article writes it, for the findings that cite it.
    source: SourceRef,
}

impl FigureRange {
    /// Every range of `article`, in reading order.
    pub fn all_in(article: &Article) -> Vec<FigureRange> {
        let text = article.text.as_str();
        let mut out = Vec::new();
        let mut figures = article.figures().peekable();
        while let Some((p, low)) = figures.next() {
            let Some(&(q, high)) = figures.peek() else {
                break;
            };
            if p.n != q.n || low.unit.is_some() && low.unit != high.unit {
                continue;
            }
            let between = text
                .get(low.number_span.end..high.span.start)
                .unwrap_or_default();
            let before = text.get(..low.span.start).unwrap_or_default().trim_end();
            let opener = |word: &str| {
                before.len() >= word.len()
                    && before
                        .get(before.len() - word.len()..)
                        .is_some_and(|w| w.eq_ignore_ascii_case(word))
            };
            let (opener, connector) = match between.trim() {
                "-" | "\u{2013}" | "\u{2014}" => ("", between.trim()),
                "to" if opener("from") => ("from ", " to "),
                "to" => ("", " to "),
                "and" if opener("between") => ("between ", " and "),
                _ => continue,
            };
            // "between 10,000 and 15,000 workers", as the article writes it but for the case
            // of its first letter, which may open a sentence there.
            let words = |span: &Span| text.get(span.clone()).unwrap_or_default().trim();
            let (from, to) = (words(&low.number_span), words(&high.number_span));
            let full = format!("{opener}{from}{connector}{}", words(&high.span));
            let claim = SourceClaim::new(
                p.n,
                low.number_span.start..high.span.end,
                format!("{from}{connector}{to}").into(),
                full.into(),
            );
            let factor = high.unit.as_ref().map_or(1.0, |u| u.factor);
            out.push(FigureRange {
                low: low.value * factor,
                high: high.value * factor,
                unit: high.unit.clone(),
                source: SourceRef::new(claim),
            });
        }
        out
    }
}

/// The article's range that holds the note's figure, if any: of a comparable unit, and for
/// counts of the same kind of thing.
fn range_around(note: &Figure, article: &Article) -> Option<SourceRef> {
    let value = base_value(note);
    let same_kind = |u: &Unit| match note.unit.as_ref() {
        Some(n) if n.dimension == Dimension::Count && u.dimension == Dimension::Count => {
            n.name == u.name
                || context::unit_class(&n.name)
                    .is_some_and(|c| context::unit_class(&u.name) == Some(c))
        }
        _ => true,
    };
    article
        .figure_ranges()
        .iter()
        .find(|r| {
            (r.low..=r.high).contains(&value)
                && comparable(note.unit.as_ref(), r.unit.as_ref())
                && r.unit.as_ref().is_none_or(same_kind)
        })
        .map(|r| r.source.clone())
}

/// Are both figures in units, and of different sizes (miles and km, months and years) or
/// currencies (the source's number would not be the note's sum)?
fn other_size(note: &Figure, source: &Figure) -> bool {
    match (&note.unit, &source.unit) {
        (Some(a), Some(b)) => {
            let other_currency = a.dimension == Dimension::Money && a.name != b.name;
            relative_difference(a.factor, b.factor) > 1e-9 || other_currency
        }
        _ => false,
    }
}

/// A sum in another currency that the note's may misremember: dollars of another country
/// ("$368 billion" for the article's "A$368 billion"), or the same number in any other
/// currency ("€11.3bn" for "$11.3bn"). Never the same sum, so quoted whole and offered as no
/// fix (`other_size`).
fn misread_currency(note: &Figure, source: &Figure) -> bool {
    const DOLLARS: &[&str] = &["USD", "AUD", "CAD", "NZD", "HKD"];
    match (&note.unit, &source.unit) {
        (Some(a), Some(b))
            if a.dimension == Dimension::Money && b.dimension == Dimension::Money =>
        {
            let dollars = |u: &Unit| DOLLARS.contains(&u.name.as_str());
            dollars(a) && dollars(b)
                || relative_difference(base_value(note), base_value(source)) <= CONVERSION_TOLERANCE
        }
        _ => false,
    }
}

/// How far (as the ratio of the larger to the smaller) an article figure may be from a bare
/// number of the notes and still be offered as the one it means: a factor of 2.
const BARE_REACH: f64 = 2.0;

/// The larger of two magnitudes over the smaller: how many times apart they are. It orders
/// figures as the distance of their logarithms does, without a logarithm (two of them per
/// article figure per unsupported note figure were 2% of an analysis of markdown from
/// elsewhere).
fn times_apart(a: f64, b: f64) -> f64 {
    let (a, b) = (a.abs().max(1e-12), b.abs().max(1e-12));
    a.max(b) / a.min(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(name: &str, dimension: Dimension, factor: f64) -> Option<Unit> {
        Some(Unit {
            name: name.into(),
            dimension,
            factor,
        })
    }

    fn fig(value: f64, unit: Option<Unit>, qualifier: Option<Qualifier>) -> Figure {
        Figure {
            span: 0..1,
            number_span: 0..1,
            value,
            unit,
            qualifier,
        }
    }

    #[test]
    fn figure_comparison_table() {
        let troop = || unit("troop", Dimension::Count, 1.0);
        let mile = || unit("mile", Dimension::Length, 1.609344);
        let km = || unit("km", Dimension::Length, 1.0);
        let year = || unit("year", Dimension::Duration, 1.0);
        let usd = || unit("USD", Dimension::Money, 1.0);
        let rub = || unit("RUB", Dimension::Money, 1.0);
        let about = Some(Qualifier::About);
        let over = Some(Qualifier::AtLeast);
        use Closeness::*;
        let cases: Vec<(Figure, Figure, Option<Closeness>)> = vec![
            (
                fig(3200.0, troop(), None),
                fig(3200.0, troop(), None),
                Some(Exact),
            ),
            (fig(3500.0, troop(), None), fig(3200.0, troop(), None), None),
            (
                fig(300_000.0, None, None),
                fig(300_000.0, unit("russian", Dimension::Count, 1.0), about),
                Some(Exact),
            ),
            (
                fig(3000.0, troop(), about),
                fig(3200.0, troop(), None),
                Some(Approximate),
            ),
            (fig(3000.0, troop(), None), fig(3200.0, troop(), None), None),
            (
                fig(4184.0, km(), None),
                fig(2600.0, mile(), None),
                Some(Exact),
            ),
            (fig(2600.0, km(), None), fig(2600.0, mile(), None), None),
            (
                fig(50.0, year(), None),
                fig(50.0, year(), None),
                Some(Exact),
            ),
            (fig(5.0, usd(), None), fig(5.0, rub(), None), None),
            (
                fig(3000.0, troop(), over),
                fig(3200.0, troop(), None),
                Some(Approximate),
            ),
            (fig(100.0, troop(), over), fig(3200.0, troop(), None), None),
            (fig(2600.0, mile(), None), fig(2600.0, None, None), None),
        ];
        for (i, (note, article, expected)) in cases.iter().enumerate() {
            assert_eq!(
                compare(note, article),
                *expected,
                "case {i}: {note:?} vs {article:?}"
            );
        }
    }
}
