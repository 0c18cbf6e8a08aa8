//! Numbers in English: digits with separators and decimals, scale words and abbreviations,
//! number words, and simple fractions; each parsed forward from a start offset.
//!
//! A parse never looks at what comes before its start; the caller decides (designations,
//! citations, list markers) whether the number is a figure at all.

use super::phrase::{continue_phrase, Acc, Last};
use super::scan::{self, Word};

/// A parsed number. `end` is just past the numeric part (scale included: "300k", "2.5 million").
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Number {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    pub shape: Shape,
    /// "a half century", "half a century", "a decade": the number already names its unit,
    /// and `value` is in years.
    pub years: bool,
    /// "twice", "thrice": the number is a count of times ("twice a year", "twice as many").
    pub times: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    /// Digits with nothing else: no separator, decimal point or scale ("2014", "25").
    PlainInteger { digits: usize },
    /// Digits with separators, decimals or a scale ("3,200", "2.5", "300k", "2 million").
    Digits,
    /// Only the word "one" (a pronoun far more often than a count: "for one", "one of").
    LoneOne,
    /// Other number words, fractions included ("two million", "a dozen", "half").
    Words,
}

const SMALL: &[(&str, u32)] = &[
    ("zero", 0),
    ("nought", 0),
    ("naught", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// The value of a cardinal word below a hundred.
pub(super) fn small_word(word: &Word) -> Option<u32> {
    SMALL.iter().find(|(w, _)| word.is(w)).map(|&(_, v)| v)
}

/// The multiplier of a scale word ("thousand") or a spaced abbreviation ("bn").
pub(super) fn scale_word(word: &Word) -> Option<f64> {
    let lower = |w: &str| word.is(w);
    Some(if lower("hundred") {
        1e2
    } else if lower("thousand") {
        1e3
    } else if lower("million") || lower("mn") || lower("mln") {
        1e6
    } else if lower("billion") || lower("bn") || lower("bln") {
        1e9
    } else if lower("trillion") || lower("tn") || lower("tln") {
        1e12
    } else if lower("lakh") || lower("lakhs") {
        1e5
    } else if lower("crore") || lower("crores") {
        1e7
    } else if word.text == "k" || word.text == "K" {
        1e3
    } else if word.text == "M" {
        1e6
    } else {
        return None;
    })
}

/// The multiplier of an abbreviation glued to digits ("300k", "5bn", "$2.1T").
fn glued_scale(suffix: &str) -> Option<f64> {
    Some(match suffix {
        "k" | "K" => 1e3,
        "m" | "M" | "mn" | "MN" | "mln" | "MM" | "mil" => 1e6,
        "b" | "B" | "bn" | "BN" | "bln" => 1e9,
        "tn" | "T" | "TN" | "tln" => 1e12,
        _ => return None,
    })
}

/// The denominator of a fraction word ("third" is 3) and whether it is plural.
pub(super) fn fraction_word(word: &Word) -> Option<f64> {
    const DENOMINATORS: &[(&str, &str, f64)] = &[
        ("half", "halves", 2.0),
        ("third", "thirds", 3.0),
        ("quarter", "quarters", 4.0),
        ("fourth", "fourths", 4.0),
        ("fifth", "fifths", 5.0),
        ("sixth", "sixths", 6.0),
        ("seventh", "sevenths", 7.0),
        ("eighth", "eighths", 8.0),
        ("ninth", "ninths", 9.0),
        ("tenth", "tenths", 10.0),
    ];
    DENOMINATORS
        .iter()
        .find(|(one, many, _)| word.is(one) || word.is(many))
        .map(|&(_, _, d)| d)
}

/// The end of an "x" or "×" glued to a number at `at` and ending a word ("10x", "3×"; not
/// "4x4" or "0x1F").
fn times_sign(text: &str, at: usize) -> Option<usize> {
    let sign = scan::char_at(text, at).filter(|c| matches!(c, 'x' | 'X' | '×'))?;
    let end = at + sign.len_utf8();
    let ends_word = !scan::char_at(text, end).is_some_and(char::is_alphanumeric);
    ends_word.then_some(end)
}

/// The count of times in "twice" and "thrice".
pub(super) fn times_word(word: &Word) -> Option<f64> {
    if word.is("twice") {
        Some(2.0)
    } else if word.is("thrice") {
        Some(3.0)
    } else {
        None
    }
}

/// Years in "decade" and "century".
fn period_years(word: &Word) -> Option<f64> {
    if word.is("decade") || word.is("decades") {
        Some(10.0)
    } else if word.is("century") || word.is("centuries") {
        Some(100.0)
    } else {
        None
    }
}

/// The next word joined to `pos` by a single space or hyphen ("twenty-five", "two million").
pub(super) fn joined_word(text: &str, pos: usize, allow_hyphen: bool) -> Option<Word<'_>> {
    let rest = text.get(pos..)?;
    if allow_hyphen && rest.starts_with(" - ") {
        // A spaced hyphen only joins number words: "fifty - two", "one - fourth".
        return scan::word_at(text, pos + 3)
            .filter(|w| small_word(w).is_some() || fraction_word(w).is_some());
    }
    match text.as_bytes().get(pos)? {
        b' ' => scan::word_at(text, pos + 1),
        b'-' if allow_hyphen => scan::word_at(text, pos + 1),
        _ => None,
    }
}

/// Parse digits at `start`: "3,200", "2.5", "2014", "1 234 567", ".08". Returns (end, value, plain).
fn digits(text: &str, start: usize) -> Option<(usize, f64, bool)> {
    let bytes = text.as_bytes();
    let run = |from: usize| {
        let mut end = from;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        end
    };
    let mut end = run(start);
    let leading_point = end == start && bytes.get(start) == Some(&b'.');
    if end == start && !leading_point {
        return None;
    }
    let mut plain = !leading_point;
    // Thousands groups: "3,200,000" or "1 234 567"; only after a first group of at most three digits.
    if end - start <= 3 && end > start {
        for separator in [b',', b' '] {
            while bytes.get(end) == Some(&separator)
                && run(end + 1) == end + 4
                && !(separator == b' ' && bytes.get(end + 4) == Some(&b'/'))
            {
                end += 4;
                plain = false;
            }
            if !plain {
                break;
            }
        }
    }
    if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end = run(end + 1);
        plain = false;
    }
    // Separators are dropped into a stack buffer: no allocation per number.
    let raw = &text.as_bytes()[start..end];
    let mut buf = [0u8; 64];
    let mut len = 0;
    for &b in raw.iter().filter(|&&b| b != b',' && b != b' ') {
        *buf.get_mut(len)? = b;
        len += 1;
    }
    let value = std::str::from_utf8(&buf[..len]).ok()?.parse::<f64>().ok()?;
    Some((end, value, plain))
}

/// A plain integer of at most three digits at `pos` ("21" in "3 hundred and 21").
pub(super) fn small_digits(text: &str, pos: usize) -> Option<(usize, f64)> {
    let (end, value, plain) = digits(text, pos)?;
    let clean_end = !scan::is_word_char_at(text, end);
    (plain && end - pos <= 3 && clean_end).then_some((end, value))
}

/// Unicode vulgar fractions.
fn vulgar(c: char) -> Option<f64> {
    Some(match c {
        '½' => 0.5,
        '⅓' => 1.0 / 3.0,
        '⅔' => 2.0 / 3.0,
        '¼' => 0.25,
        '¾' => 0.75,
        '⅕' => 0.2,
        '⅖' => 0.4,
        '⅗' => 0.6,
        '⅘' => 0.8,
        '⅙' => 1.0 / 6.0,
        '⅚' => 5.0 / 6.0,
        '⅛' => 0.125,
        '⅜' => 0.375,
        '⅝' => 0.625,
        '⅞' => 0.875,
        _ => return None,
    })
}

/// "3/4" at `pos`: (end, value); not part of a longer slashed code ("5/17/2018").
fn digit_fraction(text: &str, pos: usize) -> Option<(usize, f64)> {
    let (slash, numerator, plain) = digits(text, pos)?;
    if !plain || text.as_bytes().get(slash) != Some(&b'/') {
        return None;
    }
    let (end, denominator, plain) = digits(text, slash + 1)?;
    let code = matches!(text.as_bytes().get(end), Some(b'/' | b'.' | b'-'))
        && scan::is_word_char_at(text, end + 1);
    (plain && denominator != 0.0 && !code && !scan::is_word_char_at(text, end))
        .then(|| (end, numerator / denominator))
}

/// Parse the number that starts at `start` (digits, a number word, "a"/"an", or "½").
pub(super) fn parse(text: &str, start: usize) -> Option<Number> {
    let number = parse_phrase(text, start)?;
    Some(extend_with_period(text, number))
}

fn parse_phrase(text: &str, start: usize) -> Option<Number> {
    let mut acc = Acc {
        total: 0.0,
        current: 0.0,
        group: 0.0,
        last_scale: 0.0,
        last: Last::Digits,
        fraction: false,
        end: start,
        before_and: None,
        recent_scale: 0.0,
    };
    let mut plain_digits = None;
    let first_char = scan::char_at(text, start)?;
    if let Some(v) = vulgar(first_char) {
        return Some(Number {
            start,
            end: start + first_char.len_utf8(),
            value: v,
            shape: Shape::Words,
            years: false,
            times: false,
        });
    }
    let starts_with_digit = first_char.is_ascii_digit() || first_char == '.';
    if starts_with_digit {
        if let Some((end, value)) = digit_fraction(text, start) {
            return Some(Number {
                start,
                end,
                value,
                shape: Shape::Digits,
                years: false,
                times: false,
            });
        }
        let (end, value, plain) = digits(text, start)?;
        acc.current = value;
        acc.group = value;
        acc.end = end;
        if plain {
            plain_digits = Some(end - start);
        }
        // "2 1/4", "10 1/2", "1½"
        let mixed = (text.as_bytes().get(end) == Some(&b' '))
            .then(|| digit_fraction(text, end + 1))
            .flatten();
        if let Some((fraction_end, fraction)) = mixed.filter(|(_, f)| plain && *f < 1.0) {
            return Some(Number {
                start,
                end: fraction_end,
                value: value + fraction,
                shape: Shape::Digits,
                years: false,
                times: false,
            });
        }
        let glued_fraction = scan::char_at(text, end).and_then(|c| Some((c, vulgar(c)?)));
        if let Some((c, v)) = glued_fraction.filter(|_| plain) {
            return Some(Number {
                start,
                // "1½" is two bytes after the digits, "1⅖" three.
                end: end + c.len_utf8(),
                value: value + v,
                shape: Shape::Digits,
                years: false,
                times: false,
            });
        }
        // "10x", "3×": a count of times.
        if let Some(sign_end) = times_sign(text, end) {
            return Some(Number {
                start,
                end: sign_end,
                value,
                shape: Shape::Digits,
                years: false,
                times: true,
            });
        }
        // A glued abbreviation: "300k", "5bn"; only when no more letters follow ("5km" is a unit).
        if let Some(word) = scan::word_at(text, end) {
            if let Some(scale) = glued_scale(word.text) {
                acc.current *= scale;
                acc.end = word.end;
                acc.last = Last::Scale;
                acc.last_scale = scale;
                plain_digits = None;
            }
        }
    } else {
        let first = scan::word_at(text, start)?;
        acc.end = first.end;
        if first.is("a") || first.is("an") {
            let next = joined_word(text, first.end, false)?;
            if period_years(&next).is_some() {
                // "a decade": the period itself is the count; `extend_with_period` scales it.
                return Some(Number {
                    start,
                    end: first.end,
                    value: 1.0,
                    shape: Shape::Words,
                    years: false,
                    times: false,
                });
            }
            let counts =
                scale_word(&next).is_some() || next.is("dozen") || fraction_word(&next).is_some();
            if !counts {
                return None;
            }
            acc.current = 1.0;
            acc.group = 1.0;
            acc.last = Last::Article;
        } else if let Some(times) = times_word(&first) {
            return Some(Number {
                start,
                end: first.end,
                value: times,
                shape: Shape::Words,
                years: false,
                times: true,
            });
        } else if first.is("half") || first.is("quarter") {
            acc.current = if first.is("half") { 0.5 } else { 0.25 };
            acc.fraction = true;
            acc.last = Last::Fraction;
        } else {
            let v = small_word(&first)?;
            acc.current = f64::from(v);
            acc.group = acc.current;
            acc.last = Last::Small(v);
        }
    }
    let words_before_loop = acc.end;
    continue_phrase(text, &mut acc, starts_with_digit);
    let value = acc.value();
    let shape = if starts_with_digit {
        match plain_digits {
            Some(digits) if acc.end == words_before_loop => Shape::PlainInteger { digits },
            _ => Shape::Digits,
        }
    } else if acc.end == words_before_loop && matches!(acc.last, Last::Small(1)) {
        Shape::LoneOne
    } else {
        Shape::Words
    };
    Some(Number {
        start,
        end: acc.end,
        value,
        shape,
        years: false,
        times: false,
    })
}

/// "a half century", "half a century", "a decade", "two decades": periods become years.
fn extend_with_period(text: &str, mut number: Number) -> Number {
    let mut after = joined_word(text, number.end, false);
    if let Some(a) = after.filter(|w| (w.is("a") || w.is("an")) && number.value < 1.0) {
        after = joined_word(text, a.end, false);
    }
    if let Some((word, years)) = after.and_then(|w| period_years(&w).map(|y| (w, y))) {
        number.value *= years;
        number.end = word.end;
        number.years = true;
        if number.shape == Shape::LoneOne {
            number.shape = Shape::Words;
        }
    }
    number
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_numbers_in_their_usual_spellings() {
        let cases: &[(&str, &str, f64)] = &[
            ("3,200 Chinese", "3,200", 3200.0),
            ("2.5 million", "2.5 million", 2.5e6),
            ("300k troops", "300k", 3e5),
            ("5bn", "5bn", 5e9),
            ("48 billion", "48 billion", 4.8e10),
            ("two million", "two million", 2e6),
            ("three hundred", "three hundred", 300.0),
            (
                "three hundred and five men",
                "three hundred and five",
                305.0,
            ),
            ("twenty-five", "twenty-five", 25.0),
            ("twenty five", "twenty five", 25.0),
            ("a dozen", "a dozen", 12.0),
            ("two dozen", "two dozen", 24.0),
            ("a million people", "a million", 1e6),
            ("half a million", "half a million", 5e5),
            ("a third of", "a third", 1.0 / 3.0),
            ("two-thirds", "two-thirds", 2.0 / 3.0),
            ("half of them", "half", 0.5),
            ("one and a half million", "one and a half million", 1.5e6),
            ("half a century", "half a century", 50.0),
            ("a half century of", "a half century", 50.0),
            ("a decade", "a decade", 10.0),
            ("two decades", "two decades", 20.0),
            ("one hundred thousand", "one hundred thousand", 1e5),
            ("2014-15", "2014", 2014.0),
            ("two-day", "two", 2.0),
        ];
        for &(text, expected, value) in cases {
            let n = parse(text, 0).unwrap_or_else(|| panic!("no number in {text:?}"));
            assert_eq!(&text[n.start..n.end], expected, "{text}");
            assert!(
                (n.value - value).abs() < 1e-9,
                "{text}: {} != {value}",
                n.value
            );
        }
    }

    #[test]
    fn article_alone_is_not_a_number() {
        assert_eq!(parse("a house", 0), None);
        assert_eq!(parse("an apple", 0), None);
    }

    #[test]
    fn shapes_tell_years_and_pronouns_apart() {
        assert_eq!(
            parse("2014 annexation", 0).map(|n| n.shape),
            Some(Shape::PlainInteger { digits: 4 })
        );
        assert_eq!(parse("one of", 0).map(|n| n.shape), Some(Shape::LoneOne));
        assert_eq!(parse("2,014", 0).map(|n| n.shape), Some(Shape::Digits));
    }
}
