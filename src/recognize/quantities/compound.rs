//! Units that change the reading of a number: a glued "m" that is metres rather than millions,
//! and smaller units that join the amount ("3 dollars 50 cents", "5 feet 2 inches").

use super::numbers::{self, Number};
use super::scan;
use super::units::{self, UnitMatch};
use crate::model::{Dimension, Unit};

/// "1.8m tall", "48m.": a glued lower-case "m" without a currency sign, a counted noun or a
/// "+" is metres, not millions ("$300m", "120m people", "10M", "2m+").
pub(super) fn metres_or_millions(
    text: &str,
    number: &Number,
    currency: bool,
    unit: Option<UnitMatch>,
) -> (f64, Option<UnitMatch>) {
    let glued_m = number.end >= 2
        && text.as_bytes()[number.end - 1] == b'm'
        && text.as_bytes()[number.end - 2].is_ascii_digit();
    // "2m+": "more than 2 million"; no one writes a height so.
    let plus_follows = text.as_bytes().get(number.end) == Some(&b'+');
    if !glued_m || currency || unit.is_some() || plus_follows {
        return (number.value, unit);
    }
    let next = scan::next_word(text, number.end);
    let measured = match next {
        None => true,
        Some(w) => {
            units::is_stop(&w)
                || w.is_any(&["tall", "long", "high", "wide", "deep", "away", "across"])
        }
    };
    if !measured {
        return (number.value, unit);
    }
    let metre = Unit {
        name: "m".into(),
        dimension: Dimension::Length,
        factor: 0.001,
    };
    (
        number.value / 1e6,
        Some(UnitMatch {
            end: number.end,
            unit: metre,
            cents: 0.0,
        }),
    )
}

/// "3 dollars 50 cents", "5 feet 2 inches", "15 dollars 50": the smaller unit joins the amount.
pub(super) fn with_subunit(text: &str, mut found: UnitMatch) -> UnitMatch {
    let money = found.unit.dimension == Dimension::Money && found.unit.factor == 1.0;
    let (names, per): (&[&str], f64) = match found.unit.name.as_str() {
        _ if money => (&["cent", "cents", "pence", "penny"], 100.0),
        "foot" => (&["in", "inch", "inches"], 12.0),
        _ => return found,
    };
    let mut pos = found.end;
    if let Some(and) = scan::next_word(text, pos).filter(|w| w.is("and")) {
        pos = and.end;
    }
    let start = scan::skip_space(text, pos);
    if start == pos {
        return found;
    }
    let Some(part) = numbers::parse(text, start).filter(|n| n.value < per) else {
        return found;
    };
    match scan::next_word(text, part.end).filter(|w| w.is_any(names)) {
        Some(word) => {
            found.end = word.end;
            found.cents = part.value / per;
        }
        None => {
            // A bare number after a money word is cents ("15 dollars 50"), when nothing follows it.
            let spelled =
                scan::char_before(text, found.end).is_some_and(|c| c.is_ascii_alphabetic());
            let ends = match scan::char_at(text, part.end) {
                None => true,
                Some(' ') => scan::next_word(text, part.end).is_some_and(|w| units::is_stop(&w)),
                Some(c) => c.is_ascii_punctuation(),
            };
            if money && spelled && ends && part.value.fract() == 0.0 {
                found.end = part.end;
                found.cents = part.value / per;
            }
        }
    }
    found
}

/// "30 MUSD", "75 USD million": a scale written with the currency code. Returns the factor
/// and moves the unit's end past a trailing scale word.
pub(super) fn code_scale(text: &str, found: &mut UnitMatch) -> f64 {
    let Some(code) = scan::word_ending_at(text, found.end) else {
        return 1.0;
    };
    let upper = code.text.bytes().all(|b| b.is_ascii_uppercase());
    if upper && code.text.len() == 4 && code.text.starts_with('M') {
        return 1e6;
    }
    if !(upper && code.text.len() == 3) {
        return 1.0;
    }
    let scale = scan::next_word(text, found.end)
        .filter(|w| w.start == found.end + 1)
        .and_then(|w| {
            let scale = if w.is("thousand") {
                1e3
            } else if w.is("million") {
                1e6
            } else if w.is("billion") {
                1e9
            } else {
                return None;
            };
            Some((w.end, scale))
        });
    match scale {
        Some((end, scale)) => {
            found.end = end;
            scale
        }
        None => 1.0,
    }
}
