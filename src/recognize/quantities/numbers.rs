//! Numbers in English: digits with separators and decimals, scale words and abbreviations,
//! number words, and simple fractions; each parsed forward from a start offset.
//!
//! A parse never looks at what comes before its start; the caller decides (designations,
//! citations, list markers) whether the number is a figure at all.

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
fn scale_word(word: &Word) -> Option<f64> {
    let lower = |w: &str| word.is(w);
    Some(if lower("hundred") {
        1e2
    } else if lower("thousand") {
        1e3
    } else if lower("million") || lower("mn") || lower("mln") {
        1e6
    } else if lower("billion") || lower("bn") || lower("bln") {
        1e9
    } else if lower("trillion") || lower("tn") {
        1e12
    } else {
        return None;
    })
}

/// The multiplier of an abbreviation glued to digits ("300k", "5bn", "$2.1T").
fn glued_scale(suffix: &str) -> Option<f64> {
    Some(match suffix {
        "k" | "K" => 1e3,
        "m" | "M" | "mn" | "MN" | "mln" => 1e6,
        "b" | "B" | "bn" | "BN" | "bln" => 1e9,
        "tn" | "T" | "TN" => 1e12,
        _ => return None,
    })
}

/// The denominator of a fraction word ("third" is 3) and whether it is plural.
fn fraction_word(word: &Word) -> Option<f64> {
    const DENOMINATORS: &[(&str, &str, f64)] = &[
        ("half", "halves", 2.0),
        ("third", "thirds", 3.0),
        ("quarter", "quarters", 4.0),
        ("fourth", "fourths", 4.0),
        ("fifth", "fifths", 5.0),
        ("sixth", "sixths", 6.0),
        ("eighth", "eighths", 8.0),
        ("tenth", "tenths", 10.0),
    ];
    DENOMINATORS
        .iter()
        .find(|(one, many, _)| word.is(one) || word.is(many))
        .map(|&(_, _, d)| d)
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
fn joined_word(text: &str, pos: usize, allow_hyphen: bool) -> Option<Word<'_>> {
    match text.as_bytes().get(pos)? {
        b' ' => scan::word_at(text, pos + 1),
        b'-' if allow_hyphen => scan::word_at(text, pos + 1),
        _ => None,
    }
}

/// Parse digits at `start`: "3,200", "2.5", "2014". Returns (end, value, plain).
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
    if end == start {
        return None;
    }
    let mut plain = true;
    // Thousands groups: "3,200,000"; only when the first group has at most three digits.
    if end - start <= 3 {
        while bytes.get(end) == Some(&b',') && run(end + 1) == end + 4 {
            end += 4;
            plain = false;
        }
    }
    if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end = run(end + 1);
        plain = false;
    }
    let cleaned: String = text[start..end].chars().filter(|&c| c != ',').collect();
    let value = cleaned.parse::<f64>().ok()?;
    Some((end, value, plain))
}

/// Parse the number that starts at `start` (digits, a number word, or "a"/"an").
pub(super) fn parse(text: &str, start: usize) -> Option<Number> {
    let number = if text.as_bytes().get(start).is_some_and(u8::is_ascii_digit) {
        parse_digits(text, start)?
    } else {
        parse_words(text, start)?
    };
    Some(extend_with_period(text, number))
}

fn parse_digits(text: &str, start: usize) -> Option<Number> {
    let (mut end, mut value, plain) = digits(text, start)?;
    let digit_count = end - start;
    let mut scaled = false;
    // A glued abbreviation: "300k", "5bn"; only when no more letters follow ("5km" is a unit).
    if let Some(word) = scan::word_at(text, end) {
        if let Some(scale) = glued_scale(word.text) {
            value *= scale;
            end = word.end;
            scaled = true;
        }
    }
    // Spaced scale words, possibly chained: "2.5 million", "300 thousand", "1.2 trillion".
    while let Some(word) = joined_word(text, end, false) {
        let Some(scale) = scale_word(&word) else {
            break;
        };
        if scale < 1e3 && scaled {
            break;
        }
        value *= scale;
        end = word.end;
        scaled = true;
    }
    let shape = if plain && !scaled {
        Shape::PlainInteger {
            digits: digit_count,
        }
    } else {
        Shape::Digits
    };
    Some(Number {
        start,
        end,
        value,
        shape,
        years: false,
    })
}

/// Number words: "two million", "three hundred and five", "twenty-five", "a dozen",
/// "two-thirds", "half", "a half", "one and a half".
fn parse_words(text: &str, start: usize) -> Option<Number> {
    let first = scan::word_at(text, start)?;
    let mut end;
    let mut total = 0.0;
    let mut current: f64;
    let mut lone_one = false;
    let article = first.is("a") || first.is("an");
    if article {
        // "a" counts as one only before a scale, "dozen", a fraction or a period.
        let next = joined_word(text, first.end, false)?;
        let counts = scale_word(&next).is_some()
            || next.is("dozen")
            || next.is("half")
            || next.is("third")
            || next.is("quarter")
            || period_years(&next).is_some();
        if !counts {
            return None;
        }
        if period_years(&next).is_some() {
            // "a decade": the period itself is the count; `extend_with_period` scales it.
            return Some(Number {
                start,
                end: first.end,
                value: 1.0,
                shape: Shape::Words,
                years: false,
            });
        }
        current = 1.0;
        end = first.end;
    } else if first.is("half") {
        let mut number = Number {
            start,
            end: first.end,
            value: 0.5,
            shape: Shape::Words,
            years: false,
        };
        // "half a million", "half a dozen"
        if let Some(a) = joined_word(text, first.end, false).filter(|w| w.is("a") || w.is("an")) {
            if let Some(scale) =
                joined_word(text, a.end, false).and_then(|w| scale_word(&w).map(|s| (w, s)))
            {
                number.value = 0.5 * scale.1;
                number.end = scale.0.end;
            } else if let Some(dozen) = joined_word(text, a.end, false).filter(|w| w.is("dozen")) {
                number.value = 6.0;
                number.end = dozen.end;
            }
        }
        return Some(number);
    } else if let Some(v) = small_word(&first) {
        current = f64::from(v);
        end = first.end;
        lone_one = v == 1;
    } else {
        return None;
    }
    let mut last_small: Option<u32> = (!article).then_some(current as u32);
    let mut fraction = false;
    while let Some(word) = joined_word(text, end, true) {
        let hyphen = text.as_bytes().get(end) == Some(&b'-');
        if let Some(v) = small_word(&word) {
            // Only "twenty-five"/"twenty five" combine; "two three" is two numbers.
            match last_small {
                Some(tens) if tens >= 20 && tens % 10 == 0 && v < 10 => {}
                None if !hyphen => {}
                _ => break,
            }
            current += f64::from(v);
            last_small = Some(v);
        } else if let Some(scale) = scale_word(&word).filter(|_| !hyphen) {
            if scale < 1e3 {
                current = current.max(1.0) * scale;
            } else {
                total += current.max(1.0) * scale;
                current = 0.0;
            }
            last_small = None;
        } else if word.is("dozen") && !hyphen {
            current = current.max(1.0) * 12.0;
            last_small = None;
        } else if word.is("and") && !hyphen {
            // "three hundred and five", "one and a half"
            let Some(next) = joined_word(text, word.end, false) else {
                break;
            };
            if small_word(&next).is_some() && last_small.is_none() && current + total >= 100.0 {
                end = word.end;
                continue;
            }
            let half = joined_word(text, next.end, false).filter(|w| w.is("half"));
            match half {
                Some(half) if next.is("a") && !fraction => {
                    current += 0.5;
                    end = half.end;
                    fraction = true;
                    lone_one = false;
                    last_small = None;
                    continue;
                }
                _ => break,
            }
        } else if let Some(denominator) = fraction_word(&word) {
            // "a third", "two-thirds", "three quarters"; not "the third".
            if fraction || total > 0.0 || current >= 20.0 {
                break;
            }
            current /= denominator;
            fraction = true;
            last_small = None;
        } else {
            break;
        }
        lone_one = false;
        end = word.end;
    }
    let value = total + current;
    if article && end == first.end {
        return None;
    }
    let shape = if lone_one {
        Shape::LoneOne
    } else {
        Shape::Words
    };
    Some(Number {
        start,
        end,
        value,
        shape,
        years: false,
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
