//! Does the article support a figure or a date of the notes? Value and unit comparison.
//!
//! A figure is supported when the article holds the same value in a compatible unit (after
//! converting lengths, areas, masses and durations to one base unit). When either side carries
//! an approximation qualifier the values may differ by up to 10% ("approximate"); a bound
//! ("more than 3,000") is approximate when the article's value satisfies it and lies close.

use crate::article::{Article, Paragraph};
use crate::model::{DateMention, DateValue, Dimension, Figure, Qualifier, Span, Unit};

/// Relative tolerance after a unit conversion (miles ↔ km round differently in prose).
const CONVERSION_TOLERANCE: f64 = 0.01;
/// Relative tolerance when a qualifier makes either side approximate.
const APPROXIMATE_TOLERANCE: f64 = 0.10;
/// How far above (or below) a bound the article's value may lie and still read as the same claim.
const BOUND_REACH: f64 = 0.25;

/// Where in the article a claim was found.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceRef {
    pub paragraph: u32,
    /// The article's mention (span into the article text).
    pub span: Span,
    /// The article's number as written (for messages and quick fixes).
    pub number_text: String,
    /// The article's figure or date as written, unit included.
    pub full_text: String,
}

/// The outcome of checking one claim.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Supported(SourceRef),
    Approximate(SourceRef),
    /// `nearest` is the closest article value of the same kind, when there is one.
    Unsupported {
        nearest: Option<SourceRef>,
    },
}

impl Verdict {
    pub fn source(&self) -> Option<&SourceRef> {
        match self {
            Verdict::Supported(r) | Verdict::Approximate(r) => Some(r),
            Verdict::Unsupported { nearest } => nearest.as_ref(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
enum Closeness {
    Approximate,
    Exact,
}

/// The value in the dimension's base unit.
fn base_value(f: &Figure) -> f64 {
    f.value * f.unit.as_ref().map_or(1.0, |u| u.factor)
}

/// Can the two units be compared at all?
pub fn comparable(a: Option<&Unit>, b: Option<&Unit>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(u), None) | (None, Some(u)) => u.dimension == Dimension::Count,
        (Some(x), Some(y)) => {
            x.dimension == y.dimension && (x.dimension != Dimension::Money || x.name == y.name)
        }
    }
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
    if !comparable(note.unit.as_ref(), article.unit.as_ref()) {
        return None;
    }
    let (n, a) = (base_value(note), base_value(article));
    let diff = relative_difference(n, a);
    let converted = matches!((&note.unit, &article.unit), (Some(x), Some(y)) if x.name != y.name);
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

fn source_ref(
    article: &Article,
    paragraph: &Paragraph,
    span: &Span,
    number_span: &Span,
) -> SourceRef {
    let squeeze = |s: &Span| crate::text::Normalized::new(&article.text[s.clone()]).text;
    SourceRef {
        paragraph: paragraph.n,
        span: span.clone(),
        number_text: squeeze(number_span),
        full_text: squeeze(span),
    }
}

/// Check one figure of the notes against every figure of the article.
pub fn check_figure(note: &Figure, article: &Article) -> Verdict {
    let mut best: Option<(Closeness, &Paragraph, &Figure)> = None;
    for (p, f) in article.figures() {
        if let Some(c) = compare(note, f) {
            // First mention wins among equals: strictly better only.
            if best.as_ref().is_none_or(|(b, _, _)| c > *b) {
                best = Some((c, p, f));
            }
        }
    }
    match best {
        Some((Closeness::Exact, p, f)) => {
            Verdict::Supported(source_ref(article, p, &f.span, &f.number_span))
        }
        Some((Closeness::Approximate, p, f)) => {
            Verdict::Approximate(source_ref(article, p, &f.span, &f.number_span))
        }
        None => Verdict::Unsupported {
            nearest: nearest_figure(note, article),
        },
    }
}

/// The article figure closest in value among those of the same dimension (same unit noun first).
fn nearest_figure(note: &Figure, article: &Article) -> Option<SourceRef> {
    let value = base_value(note);
    let same_noun = |f: &Figure| match (&note.unit, &f.unit) {
        (Some(a), Some(b)) => a.name == b.name,
        _ => false,
    };
    article
        .figures()
        .filter(|(_, f)| comparable(note.unit.as_ref(), f.unit.as_ref()))
        .min_by(|(_, a), (_, b)| {
            let key = |f: &Figure| (!same_noun(f), log_distance(value, base_value(f)));
            key(a)
                .partial_cmp(&key(b))
                .unwrap_or(std::cmp::Ordering::Equal)
        })
        .map(|(p, f)| source_ref(article, p, &f.span, &f.number_span))
}

fn log_distance(a: f64, b: f64) -> f64 {
    let (a, b) = (a.abs().max(1e-12), b.abs().max(1e-12));
    (a.ln() - b.ln()).abs()
}

/// Does an article date support a date of the notes? Equal, or the note is coarser ("2017"
/// for "August 2017"), or the note falls inside a short article range ("2015" in "2014-15").
fn date_supports(note: &DateValue, article: &DateValue) -> bool {
    if note == article || note.contains(article) {
        return true;
    }
    let short_range =
        article.start.year != article.end.year && article.end.year - article.start.year <= 2;
    short_range && article.contains(note) && note.start.month.is_none()
}

/// Check one date of the notes against the article's dates.
pub fn check_date(note: &DateMention, article: &Article) -> Option<Verdict> {
    let value = note.value?;
    let resolved = article
        .dates()
        .filter_map(|(p, d)| d.value.map(|v| (p, d, v)));
    let mut nearest: Option<(i64, &Paragraph, &DateMention)> = None;
    for (p, d, v) in resolved {
        if date_supports(&value, &v) {
            return Some(Verdict::Supported(source_ref(article, p, &d.span, &d.span)));
        }
        let distance = (i64::from(v.start.year) - i64::from(value.start.year)).abs();
        if nearest.as_ref().is_none_or(|(best, _, _)| distance < *best) {
            nearest = Some((distance, p, d));
        }
    }
    Some(Verdict::Unsupported {
        nearest: nearest.map(|(_, p, d)| source_ref(article, p, &d.span, &d.span)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PartialDate;

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

    #[test]
    fn date_support_table() {
        let y = |y| DateValue::single(PartialDate::year(y));
        let range = |a, b| DateValue {
            start: PartialDate::year(a),
            end: PartialDate::year(b),
        };
        let month = |y, m| DateValue::single(PartialDate::month(y, m));
        let cases = [
            (y(2004), y(2004), true),
            (y(2005), y(2004), false),
            (y(2017), month(2017, 8), true),
            (month(2017, 3), month(2017, 8), false),
            (month(2017, 8), y(2017), false),
            (y(2015), range(2014, 2015), true),
            (y(1985), range(1980, 1989), false),
            (range(1980, 1989), range(1980, 1989), true),
        ];
        for (note, article, expected) in cases {
            assert_eq!(
                date_supports(&note, &article),
                expected,
                "{} vs {}",
                note.iso(),
                article.iso()
            );
        }
    }
}
