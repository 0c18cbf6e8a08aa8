//! The figure pass: finds every number, decides whether it is a figure, a plain year (a date),
//! or something that only looks like a number (a name, a citation, a list marker, a clock
//! time, an ordinal, a footnote marker), and attaches its qualifier, currency and unit.
//!
//! One regex finds number anchors; everything else is local look-around, so the pass is linear.

use super::numbers::{self, Number, Shape};
use super::scan::{self, Word};
use super::units::{self, Expect, UnitMatch};
use super::QuantityContext;
use crate::model::{DateMention, DateValue, Figure, PartialDate, Qualifier};
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

static ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[0-9]+|(?-u:\b)(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen|half|third|quarter|decade|century)(?-u:\b)",
    )
    .expect("anchor pattern is valid")
});

/// Qualifier phrases, longest first within each; matched as whole words before the number.
const QUALIFIERS: &[(&str, Qualifier)] = &[
    ("in excess of", Qualifier::AtLeast),
    ("no more than", Qualifier::AtMost),
    ("not more than", Qualifier::AtMost),
    ("no fewer than", Qualifier::AtLeast),
    ("as many as", Qualifier::AtMost),
    ("more than", Qualifier::AtLeast),
    ("greater than", Qualifier::AtLeast),
    ("at least", Qualifier::AtLeast),
    ("upwards of", Qualifier::AtLeast),
    ("just over", Qualifier::AtLeast),
    ("well over", Qualifier::AtLeast),
    ("less than", Qualifier::AtMost),
    ("fewer than", Qualifier::AtMost),
    ("at most", Qualifier::AtMost),
    ("up to", Qualifier::AtMost),
    ("just under", Qualifier::AtMost),
    ("close to", Qualifier::About),
    ("an estimated", Qualifier::About),
    ("some", Qualifier::About),
    ("about", Qualifier::About),
    ("around", Qualifier::About),
    ("roughly", Qualifier::About),
    ("approximately", Qualifier::About),
    ("approx", Qualifier::About),
    ("nearly", Qualifier::About),
    ("almost", Qualifier::About),
    ("circa", Qualifier::About),
    ("estimated", Qualifier::About),
    ("over", Qualifier::AtLeast),
    ("above", Qualifier::AtLeast),
    ("exceeding", Qualifier::AtLeast),
    ("under", Qualifier::AtMost),
    ("below", Qualifier::AtMost),
];

/// Words after which a bare small number reads as a count, not a footnote marker.
static NUMBER_TAKERS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    "\
     of in on at to by for from with than about around over under nearly almost some \
     approximately roughly between and or per is are was were be been the these those all \
     only just least most up no number page pages chapter article section top had has have \
     among every each cost costs aged age step phase level grade plus minus times once \
     another first last next table figure point points rank ranked killed totaled totalled \
     numbered"
        .split_whitespace()
        .collect()
});

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
    for anchor in ANCHOR.find_iter(text) {
        if anchor.start() < cursor {
            continue;
        }
        while next_date < dates.len() && dates[next_date].span.end <= anchor.start() {
            next_date += 1;
        }
        let floor = cursor.max(if next_date > 0 {
            dates[next_date - 1].span.end
        } else {
            0
        });
        let ceiling = dates.get(next_date).map_or(text.len(), |d| d.span.start);
        if anchor.start() >= ceiling {
            cursor = dates[next_date].span.end;
            continue;
        }
        match classify(text, anchor.start(), anchor.end(), floor, ceiling, ctx) {
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

/// The end of the alphanumeric run (with inner '.', ',', '-', '/' and ':') around a skipped number.
fn token_end(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = pos;
    while end < bytes.len() {
        let b = bytes[end];
        let inner = matches!(b, b'.' | b',' | b'-' | b'/' | b':')
            && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric);
        if b.is_ascii_alphanumeric() || inner {
            end += 1;
        } else {
            break;
        }
    }
    end
}

/// Does a number at `start` belong to a name or citation ("S-400", "G20", "¶7", "v2.5")?
fn glued_before(text: &str, start: usize) -> bool {
    match scan::char_before(text, start) {
        Some(c) if c.is_alphanumeric() => true,
        Some('-') => {
            // "Su-35", "Vostok-2018", "COVID-19"; but "mid-1990s", "pre-2014" are not names.
            scan::word_ending_at(text, start - 1)
                .is_some_and(|w| !w.is_any(&["mid", "pre", "post"]))
                || scan::char_before(text, start - 1).is_some_and(|c| c.is_alphabetic())
        }
        Some('.' | ',' | ':' | '_' | '/' | '#' | '@' | '¶') => {
            // "2.5.3", "10:30", "#7", "¶7"; a sentence-ending period has a space after it.
            true
        }
        Some(' ') => scan::char_before(text, start - 1) == Some('¶'),
        _ => false,
    }
}

/// A markdown list marker: "1." or "2)" first on a line.
fn list_marker(text: &str, start: usize, end: usize) -> bool {
    // Walk back over the indent only: searching for the line start from every number is
    // quadratic on a long line.
    let before = text[..start].trim_end_matches([' ', '\t', '>']);
    let indent_only = before.is_empty() || before.ends_with('\n');
    let bytes = text.as_bytes();
    indent_only
        && matches!(bytes.get(end), Some(b'.' | b')'))
        && bytes.get(end + 1).is_none_or(|b| b.is_ascii_whitespace())
}

/// "10:30", "9 a.m.", "9pm", "7 o'clock".
fn clock_time(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let digit_after = |i: usize| rest.as_bytes().get(i).is_some_and(u8::is_ascii_digit);
    if rest.starts_with(':') && digit_after(1) && digit_after(2) {
        return true;
    }
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let lower: String = rest
        .chars()
        .take(8)
        .collect::<String>()
        .to_ascii_lowercase();
    ["a.m.", "p.m.", "o'clock"]
        .iter()
        .any(|p| lower.starts_with(p))
        || ["am", "pm"].iter().any(|p| {
            lower.starts_with(p)
                && !lower
                    .as_bytes()
                    .get(2)
                    .is_some_and(u8::is_ascii_alphanumeric)
        })
}

/// The qualifier phrase ending just before `start`, not reaching before `floor`.
fn qualifier_before(text: &str, start: usize, floor: usize) -> Option<(usize, Qualifier)> {
    if scan::char_before(text, start) == Some('~') {
        return Some((start - 1, Qualifier::About));
    }
    let mut words: [Option<Word>; 3] = [None; 3];
    let mut pos = start;
    for slot in &mut words {
        let word = scan::prev_word(text, pos).filter(|w| w.start >= floor && pos - w.end == 1);
        let Some(word) = word else { break };
        *slot = Some(word);
        pos = word.start;
    }
    for &(phrase, qualifier) in QUALIFIERS {
        let parts = phrase.split(' ').count();
        let Some(first) = words.get(parts - 1).copied().flatten() else {
            continue;
        };
        let matches = phrase
            .split(' ')
            .rev()
            .zip(words.iter())
            .all(|(p, w)| w.is_some_and(|w| w.is(p)));
        if matches {
            return Some((first.start, qualifier));
        }
    }
    None
}

/// Where a number word phrase really starts: "a" in "a dozen", "a half century", "a third".
fn word_number_start(text: &str, anchor: Word) -> Option<usize> {
    let needs_article = numbers::small_word(&anchor).is_none() && !anchor.is("half");
    let article = scan::prev_word(text, anchor.start)
        .filter(|w| (w.is("a") || w.is("an")) && anchor.start - w.end == 1);
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
    let start = if digits {
        if glued_before(text, anchor)
            || list_marker(text, anchor, anchor_end)
            || clock_time(text, anchor_end)
        {
            return Found::Skip(token_end(text, anchor));
        }
        anchor
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
    let expect = if year_like {
        Expect::Strict
    } else if number.value == 1.0 {
        Expect::One
    } else {
        Expect::Any
    };
    let unit = if number.years {
        Some(UnitMatch {
            end: number.end,
            unit: units::years(),
        })
    } else {
        let found = units::after(text, number.end, expect).filter(|u| u.end <= ceiling);
        match currency {
            // A sign names the unit; a money word after it may repeat it ("US$5 million dollars").
            Some((_, code)) => Some(found.filter(|u| u.unit.name == code).unwrap_or(UnitMatch {
                end: number.end,
                unit: units::money(code),
            })),
            None => found,
        }
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
    let span_end = unit.as_ref().map_or(number.end, |u| u.end);
    Found::Figure(Figure {
        span: span_start..span_end,
        number_span: number.start..number.end,
        value: number.value,
        unit: unit.map(|u| u.unit),
        qualifier: qualifier.map(|q| q.1),
    })
}

/// A year after "about" or "around" is still a date; after "more than" or "some" it counts.
fn is_count_qualifier(text: &str, qualifier: Option<(usize, Qualifier)>) -> bool {
    let Some((start, _)) = qualifier else {
        return false;
    };
    let word = scan::word_at(text, start);
    !word.is_some_and(|w| w.is_any(&["about", "around", "circa", "approximately", "roughly"]))
        && scan::char_at(text, start) != Some('~')
}

/// Digits followed by more letters or digits ("5G", "2nd", "2.5.3") are not a number of their own.
fn number_ends_cleanly(text: &str, number: &Number) -> bool {
    let end = number.end;
    let bytes = text.as_bytes();
    match bytes.get(end) {
        Some(b) if b.is_ascii_alphabetic() => units::after(text, end, Expect::Any).is_some(),
        Some(b'.' | b',') => !bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric),
        Some(_) => !scan::is_word_char_at(text, end),
        None => true,
    }
}

/// A small bare integer that PDF extraction left behind as a footnote reference: glued after a
/// figure ("600,000 25,"), or after a word that does not take a number and before something a
/// count cannot precede: punctuation, a function word, or a name ("entourage 3 who",
/// "lumped 4 China", "Strategy 5.", "control 7 all").
fn footnote_marker(text: &str, number: &Number) -> bool {
    if !matches!(number.shape, Shape::PlainInteger { digits: 1..=3 }) {
        return false;
    }
    let before = scan::skip_space_back(text, number.start);
    if before == number.start || number.start - before > 1 {
        return false;
    }
    if scan::char_before(text, before).is_some_and(|c| c.is_ascii_digit() || c == '%') {
        return true;
    }
    let Some(prev) = scan::word_ending_at(text, before) else {
        return false;
    };
    let mut buf = [0u8; 32];
    if scan::lower(prev.text, &mut buf).is_some_and(|w| NUMBER_TAKERS.contains(w)) {
        return false;
    }
    let bytes = text.as_bytes();
    match bytes.get(number.end) {
        None => true,
        Some(b',' | b'.' | b';' | b':' | b')') => true,
        Some(b' ') => match scan::word_at(text, number.end + 1) {
            Some(next) => units::is_stop(&next) || next.is_capitalized(),
            None => false,
        },
        _ => false,
    }
}
