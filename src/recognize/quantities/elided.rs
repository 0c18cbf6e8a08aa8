//! Units and scales a sentence leaves out because it says them once: "an arms embargo stays for
//! five years, and restrictions on missiles for eight" counts eight years; "5 to 6 million
//! tonnes" starts at 5 million tonnes; "8.6 million people have fled. About 1.8 million of them
//! crossed borders" counts people.

use super::scan;
use crate::model::{Dimension, Figure};

/// Prepositions after which a clause repeats its construction with the unit left out.
const REPEATED: &[&str] = &["for", "to", "by", "within", "after", "in", "at", "of"];

/// How far back the figure that names the unit may be: the same sentence, and not far.
const REACH: usize = 200;

/// Give each bare number that ends its clause the unit of the closest earlier figure of the
/// same sentence that follows the same preposition. Counts lend nothing: "3,200 troops, and
/// for 300" is no count of troops, and a bare number already compares with any count.
/// `figures` are sorted by start, as the figure pass leaves them.
pub(super) fn lend_units(text: &str, figures: &mut [Figure]) {
    for i in 1..figures.len() {
        if figures[i].unit.is_some() || !ends_clause(text, figures[i].span.end) {
            continue;
        }
        let Some(before) = scan::prev_word(text, figures[i].span.start) else {
            continue;
        };
        if !before.is_any(REPEATED) {
            continue;
        }
        let from = figures[i].span.start;
        let lender = figures[..i]
            .iter()
            .rev()
            .take_while(|f| from - f.span.end <= REACH && !ends_sentence(&text[f.span.end..from]))
            .find(|f| {
                f.unit
                    .as_ref()
                    .is_some_and(|u| u.dimension != Dimension::Count)
                    && scan::prev_word(text, f.span.start).is_some_and(|w| w.is(before.text))
            });
        if let Some(unit) = lender.and_then(|f| f.unit.clone()) {
            figures[i].unit = Some(unit);
        }
    }
}

/// Words after "of" that point back to what an earlier figure counted.
const PARTITIVE: &[&str] = &["them", "those", "these", "whom", "which"];

/// Give each bare number followed by "of them" ("About 1.8 million of them have crossed") the
/// unit of the closest earlier count, in its sentence or the one before. `figures` are sorted
/// by start.
pub(super) fn lend_to_partitives(text: &str, figures: &mut [Figure]) {
    for i in 1..figures.len() {
        if figures[i].unit.is_some() {
            continue;
        }
        let end = figures[i].span.end;
        let of_them = scan::next_word(text, end)
            .filter(|w| w.is("of"))
            .and_then(|of| scan::next_word(text, of.end).filter(|w| w.is_any(PARTITIVE)));
        if of_them.is_none() {
            continue;
        }
        let from = figures[i].span.start;
        let lender = figures[..i]
            .iter()
            .rev()
            .take_while(|f| {
                from - f.span.end <= REACH && sentence_ends(&text[f.span.end..from]) <= 1
            })
            .find(|f| {
                f.unit
                    .as_ref()
                    .is_some_and(|u| u.dimension == Dimension::Count)
            });
        if let Some(unit) = lender.and_then(|f| f.unit.clone()) {
            figures[i].unit = Some(unit);
        }
    }
}

/// Does a clause end at `pos` (after spaces): punctuation that closes it, or the text's end?
fn ends_clause(text: &str, pos: usize) -> bool {
    let at = scan::skip_space(text, pos);
    matches!(
        text.as_bytes().get(at),
        None | Some(b'.' | b',' | b';' | b':' | b')' | b'!' | b'?')
    )
}

/// Does `between` hold a sentence's end (`sentence_ends`)?
fn ends_sentence(between: &str) -> bool {
    sentence_ends(between) > 0
}

/// How many sentence ends `between` holds: a full stop, question or exclamation mark before a
/// space (a decimal point or an abbreviation's inner point has none).
fn sentence_ends(between: &str) -> usize {
    between
        .as_bytes()
        .windows(2)
        .filter(|w| matches!(w[0], b'.' | b'?' | b'!') && w[1].is_ascii_whitespace())
        .count()
}

/// Give the first number of a range ("5 to 6 million tonnes", "between 10 and 15 percent") the
/// scale and unit of the second, when it has neither and the two are of one order of magnitude
/// ("from 300 to 6 million" stays 300). `figures` are sorted by start.
pub(super) fn lend_to_range_starts(text: &str, figures: &mut [Figure]) {
    for i in 1..figures.len() {
        let (head, tail) = figures.split_at_mut(i);
        let (first, second) = (&mut head[i - 1], &tail[0]);
        if first.unit.is_some() || second.unit.is_none() && !has_scale(text, second) {
            continue;
        }
        if !joins_a_range(text, first, second) {
            continue;
        }
        // "three to five submarines": numbers without scale, one unit.
        let unscaled =
            |f: &Figure| f.value < 1000.0 && !has_scale_word(&text[f.number_span.clone()]);
        if !plain_digits(&text[first.number_span.clone()]) {
            let ratio = first.value / second.value;
            if second.unit.is_some()
                && unscaled(first)
                && unscaled(second)
                && (0.1..=10.0).contains(&ratio)
            {
                first.unit = second.unit.clone();
            }
            continue;
        }
        let Some(lead) = leading_value(&text[second.number_span.clone()]) else {
            continue;
        };
        let ratio = first.value / lead;
        if lead <= 0.0 || !(0.1..=10.0).contains(&ratio) {
            continue;
        }
        first.value *= second.value / lead;
        first.unit = second.unit.clone();
    }
}

/// Is the text between the two figures a range's joint: "to", a dash, or "and" after
/// "between"?
fn joins_a_range(text: &str, first: &Figure, second: &Figure) -> bool {
    let Some(between) = text.get(first.span.end..second.span.start) else {
        return false;
    };
    match between.trim() {
        "-" | "\u{2013}" | "\u{2014}" | "to" => true,
        "and" => scan::prev_word(text, first.span.start).is_some_and(|w| w.is("between")),
        _ => false,
    }
}

/// Digits, separators and a decimal point only: no scale word or suffix of its own.
fn plain_digits(number: &str) -> bool {
    !number.is_empty()
        && number
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
}

/// The value of the digits that open `number` ("6" of "6 million"), `None` when it opens
/// otherwise ("two million").
fn leading_value(number: &str) -> Option<f64> {
    let end = number
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(number.len());
    number[..end].replace(',', "").parse().ok()
}

/// Does a number say a scale in words or letters ("6 million", "two thousand", "1.5bn")? Number
/// words below a hundred ("three", "twenty-five") do not.
fn has_scale_word(number: &str) -> bool {
    let lower = number.to_ascii_lowercase();
    [
        "hundred", "thousand", "million", "billion", "trillion", "bn", "mn", "k",
    ]
    .iter()
    .any(|scale| lower.contains(scale))
}

/// Does the figure's number carry a scale ("6 million", "1.5bn")?
fn has_scale(text: &str, figure: &Figure) -> bool {
    !plain_digits(&text[figure.number_span.clone()])
}
