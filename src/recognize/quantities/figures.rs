//! The figure pass: finds every number, decides whether it is a figure, a plain year (a date),
//! or something that only looks like a number (a name, a citation, a list marker, a clock
//! time, an ordinal, a footnote marker), and attaches its qualifier, currency and unit.
//!
//! One byte scan finds number anchors; everything else is local look-around, so the pass is
//! linear.

use super::anchors::anchors;
use super::compound::{code_scale, metres_or_millions, with_subunit};
use super::filters::{
    clock_time, footnote_marker, glued_before, list_marker, number_ends_cleanly, token_end,
    YEAR_PREFIXES,
};
use super::numbers::{self, Shape};
use super::qualifiers::{is_count_qualifier, qualifier_before};
use super::scan::{self, Word};
use super::units::{self, Expect, UnitMatch};
use super::QuantityContext;
use crate::model::{DateMention, DateValue, Dimension, Figure, PartialDate, Qualifier};

/// What one anchor turned out to be.
enum Found {
    Figure(Figure),
    Year(DateMention),
    /// Not a figure; resume scanning at this offset.
    Skip(usize),
}

/// Every figure in `text` outside the `dates` spans, plus the plain years (dates) it finds.
pub(super) fn find(
    text: &str,
    ctx: &QuantityContext,
    dates: &[DateMention],
) -> (Vec<Figure>, Vec<DateMention>) {
    let mut figures = Vec::new();
    let mut years = Vec::new();
    let mut cursor = 0;
    let mut next_date = 0;
    for (anchor_start, anchor_end) in anchors(text) {
        if anchor_start < cursor {
            continue;
        }
        while next_date < dates.len() && dates[next_date].span.end <= anchor_start {
            next_date += 1;
        }
        let floor = cursor.max(if next_date > 0 {
            dates[next_date - 1].span.end
        } else {
            0
        });
        let ceiling = dates.get(next_date).map_or(text.len(), |d| d.span.start);
        if anchor_start >= ceiling {
            cursor = dates[next_date].span.end;
            continue;
        }
        match classify(text, anchor_start, anchor_end, floor, ceiling, ctx) {
            Found::Figure(figure) => {
                cursor = figure.span.end;
                figures.push(figure);
            }
            Found::Year(date) => {
                cursor = date.span.end;
                years.push(date);
            }
            Found::Skip(end) => cursor = end,
        }
    }
    (figures, years)
}

/// Where a number word phrase really starts: "a" in "a dozen", "a half century", "a third".
fn word_number_start(text: &str, anchor: Word) -> Option<usize> {
    let small = numbers::small_word(&anchor).is_some();
    // "quarter million" needs no article; "the third" and a bare "quarter" are not numbers.
    let scale_follows = || {
        scan::next_word(text, anchor.end)
            .is_some_and(|w| w.is_any(&["million", "billion", "thousand", "trillion"]))
    };
    let times = numbers::times_word(&anchor).is_some();
    let stands_alone =
        small || times || anchor.is("half") || (anchor.is("quarter") && scale_follows());
    let needs_article = !stands_alone;
    // A cardinal word is never led by "a": "a three-foot trip" starts at "three".
    let article = scan::prev_word(text, anchor.start)
        .filter(|w| !small && (w.is("a") || w.is("an")) && anchor.start - w.end == 1);
    match article {
        Some(a) => Some(a.start),
        None if needs_article => None,
        None => Some(anchor.start),
    }
}

fn classify(
    text: &str,
    anchor: usize,
    anchor_end: usize,
    floor: usize,
    ceiling: usize,
    ctx: &QuantityContext,
) -> Found {
    let digits = text.as_bytes()[anchor].is_ascii_digit();
    let vulgar = !digits && !text.as_bytes()[anchor].is_ascii();
    let start = if vulgar {
        if scan::is_word_char_before(text, anchor) {
            return Found::Skip(anchor_end);
        }
        anchor
    } else if digits {
        // ".08": a leading decimal point that does not end a word or number.
        let leading_point = scan::char_before(text, anchor) == Some('.')
            && !scan::is_word_char_before(text, anchor - 1)
            && anchor > floor;
        // "USD115": a currency code glued to the amount is not a name.
        let glued_code = units::currency_before(text, anchor).is_some();
        if leading_point {
            anchor - 1
        } else if (glued_before(text, anchor) && !glued_code)
            || list_marker(text, anchor, anchor_end)
            || clock_time(text, anchor_end)
        {
            return Found::Skip(token_end(text, anchor));
        } else {
            anchor
        }
    } else {
        let Some(word) = scan::word_at(text, anchor) else {
            return Found::Skip(anchor_end);
        };
        match word_number_start(text, word) {
            Some(start) if start >= floor => start,
            _ => return Found::Skip(anchor_end),
        }
    };
    let Some(number) = numbers::parse(text, start).filter(|n| n.end <= ceiling) else {
        return Found::Skip(anchor_end.max(start + 1));
    };
    if digits && !number_ends_cleanly(text, &number) {
        return Found::Skip(token_end(text, anchor));
    }
    let currency = units::currency_before(text, number.start).filter(|(s, _)| *s >= floor);
    let qualifier_floor = floor;
    let qualifier = qualifier_before(
        text,
        currency.map_or(number.start, |c| c.0),
        qualifier_floor,
    );
    let year_like = matches!(number.shape, Shape::PlainInteger { digits: 4 })
        && (1000.0..=2199.0).contains(&number.value);
    // A sentence that opens on a date ("In 2005 arms sales slowed", "Since 2014 Chinese banks
    // lent") names a year, whatever noun follows it.
    let opens_on_year = year_like
        && currency.is_none()
        && qualifier.is_none()
        && scan::prev_word(text, number.start).is_some_and(|w| {
            w.is_capitalized()
                && w.is_any(&["in", "since", "by", "until", "after", "before", "during"])
        });
    // "pre-2014 sanctions", "the early-2019 talks": a year, whatever noun follows it.
    let prefixed_year = year_like
        && scan::char_before(text, number.start) == Some('-')
        && scan::word_ending_at(text, number.start - 1).is_some_and(|w| w.is_any(&YEAR_PREFIXES));
    // "3,200+ acres", "150+": at least that many; the sign is no arithmetic ("3+4").
    let plus = !year_like
        && text.as_bytes().get(number.end) == Some(&b'+')
        && !scan::char_at(text, number.end + 1).is_some_and(|c| c.is_ascii_digit());
    let number_end = number.end + usize::from(plus);
    let expect = if year_like {
        Expect::Strict
    } else if number.value == 1.0 {
        Expect::One
    } else {
        Expect::Any
    };
    let unit = if opens_on_year || prefixed_year {
        None
    } else if number.years {
        Some(UnitMatch {
            end: number.end,
            unit: units::years(),
            cents: 0.0,
        })
    } else if number.times {
        Some(UnitMatch {
            end: number.end,
            unit: units::times(),
            cents: 0.0,
        })
    } else {
        let found = units::after(text, number_end, expect).filter(|u| u.end <= ceiling);
        match currency {
            // A sign names the unit; a money word after it may repeat it ("US$5 million dollars").
            Some((_, code)) => Some(found.filter(|u| u.unit.name == code).unwrap_or(UnitMatch {
                end: number.end,
                unit: units::money(code),
                cents: 0.0,
            })),
            None => found,
        }
    };
    let unit = unit.map(|u| match u.unit.name == crate::model::TIMES {
        true => units::with_frequency(text, u),
        false => u,
    });
    let (value, unit) = metres_or_millions(text, &number, currency.is_some(), unit);
    let (value, unit) = match unit {
        Some(mut found) if found.unit.dimension == Dimension::Money => {
            let scale = code_scale(text, &mut found);
            let found = with_subunit(text, found);
            (value * scale + found.cents, Some(found))
        }
        Some(found) if found.unit.name == "foot" => {
            let found = with_subunit(text, found);
            (value + found.cents, Some(found))
        }
        other => (value, other),
    };
    let plain_year =
        year_like && currency.is_none() && unit.is_none() && !is_count_qualifier(text, qualifier);
    if plain_year {
        let year = number.value as i32;
        let span = number.start..number.end;
        return Found::Year(DateMention {
            span,
            value: Some(DateValue::single(PartialDate::year(year))),
            relative: false,
        });
    }
    if number.shape == Shape::LoneOne && unit.is_none() {
        return Found::Skip(number.end);
    }
    if ctx.footnote_markers
        && currency.is_none()
        && qualifier.is_none()
        && unit.is_none()
        && footnote_marker(text, &number)
    {
        return Found::Skip(number.end);
    }
    let span_start = qualifier
        .map(|q| q.0)
        .or(currency.map(|c| c.0))
        .unwrap_or(number.start);
    let span_end = unit.as_ref().map_or(number_end, |u| u.end);
    // "three times (a year)" and "twice (a year)" replace each other whole: a fix that wrote
    // only the number would leave "twice times a year".
    let counts_times = unit.as_ref().is_some_and(|u| {
        u.unit.name == crate::model::TIMES || u.unit.dimension == Dimension::Frequency
    });
    let number_end = if counts_times { span_end } else { number.end };
    Found::Figure(Figure {
        span: span_start..span_end,
        number_span: number.start..number_end,
        value,
        unit: unit.map(|u| u.unit),
        qualifier: qualifier
            .map(|q| q.1)
            .or(plus.then_some(Qualifier::AtLeast)),
    })
}
