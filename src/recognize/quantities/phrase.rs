//! The number-phrase accumulator: how words and digits after the first element of a number
//! combine ("two hundred and five", "3 million and a half", "twenty-three fifths", "point
//! zero three"). Standard English grouping: `current` below the last scale, `total` above it.

use super::numbers::{fraction_word, joined_word, scale_word, small_digits, small_word};

/// The element last consumed by the number-phrase parser; decides what may follow.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Last {
    Digits,
    Small(u32),
    Scale,
    And,
    Article,
    Fraction,
}

/// Accumulates a number phrase the usual way: `current` below the last scale, `total` above it.
#[derive(Debug)]
pub(super) struct Acc {
    pub(super) total: f64,
    pub(super) current: f64,
    /// The small-number words since the last scale or "and": the numerator of a fraction word.
    pub(super) group: f64,
    pub(super) last_scale: f64,
    pub(super) last: Last,
    pub(super) fraction: bool,
    pub(super) end: usize,
    /// Where the phrase stood before its last "and", to undo "3 hundred and 2 hundred".
    pub(super) before_and: Option<(usize, f64, f64, f64)>,
    /// The scale word used last, "hundred" included.
    pub(super) recent_scale: f64,
}

impl Acc {
    pub(super) fn value(&self) -> f64 {
        self.total + self.current
    }
    pub(super) fn or_one(v: f64) -> f64 {
        if v == 0.0 {
            1.0
        } else {
            v
        }
    }
    pub(super) fn scale(&mut self, scale: f64) {
        self.recent_scale = scale;
        if scale < 1e3 {
            self.current = Self::or_one(self.current) * scale;
        } else if self.current == 0.0 && self.total > 0.0 && scale > self.last_scale {
            // "three lakh crore", "a hundred thousand million"
            self.total *= scale;
            self.last_scale = scale;
        } else {
            self.total += Self::or_one(self.current) * scale;
            self.current = 0.0;
            self.last_scale = scale;
        }
        self.group = 0.0;
        self.last = Last::Scale;
    }
}

/// Consume the rest of a number phrase after its first element.
pub(super) fn continue_phrase(text: &str, acc: &mut Acc, started_with_digits: bool) {
    loop {
        let end = acc.end;
        let hyphen = text.as_bytes().get(end) == Some(&b'-');
        // Digits may follow a scale word or "and": "4 thousand 3 hundred and 21".
        if matches!(acc.last, Last::Scale | Last::And) && text.as_bytes().get(end) == Some(&b' ') {
            // After a scale only when another scale follows ("4 thousand 3 hundred"), so that
            // "2 million 25" (a footnote marker) stays two numbers.
            let digits = small_digits(text, end + 1).filter(|&(digits_end, _)| {
                acc.last == Last::And
                    || joined_word(text, digits_end, false)
                        .is_some_and(|w| scale_word(&w).is_some())
            });
            if let Some((digits_end, v)) = digits {
                acc.current += v;
                acc.group = v;
                acc.last = Last::Digits;
                acc.end = digits_end;
                continue;
            }
        }
        let Some(word) = joined_word(text, end, !started_with_digits || acc.last != Last::Digits)
        else {
            return;
        };
        if let Some(v) = small_word(&word) {
            let fits = match acc.last {
                Last::Small(tens) => tens >= 20 && tens % 10 == 0 && v < 10,
                Last::Scale | Last::And => true,
                _ => false,
            };
            if !fits {
                return;
            }
            acc.current += f64::from(v);
            acc.group = if matches!(acc.last, Last::Small(_)) {
                acc.group + f64::from(v)
            } else {
                f64::from(v)
            };
            acc.last = Last::Small(v);
        } else if let Some(scale) = scale_word(&word).filter(|_| !hyphen) {
            if acc.last == Last::And
                || (acc.last == Last::Scale && scale <= acc.last_scale && scale >= 1e3)
            {
                return;
            }
            // "3 hundred and 2 hundred" is two numbers; "two hundred and fifty thousand" is one.
            if let Some((end, total, current, _)) = acc.before_and.filter(|b| scale == b.3) {
                (acc.end, acc.total, acc.current) = (end, total, current);
                return;
            }
            acc.scale(scale);
        } else if word.is_any(&["dozen", "dozens", "dz", "dzs", "doz", "dozs"])
            && !hyphen
            && acc.last != Last::And
        {
            if !word.is("dozen") && !matches!(acc.last, Last::Small(_) | Last::Digits) {
                return;
            }
            // "three hundred and two dozen": the dozen counts only the words before it.
            if acc.group > 0.0 {
                acc.current += acc.group * 11.0;
            } else {
                acc.current = Acc::or_one(acc.current) * 12.0;
            }
            acc.group = 0.0;
            acc.last = Last::Scale;
        } else if word.is("and") && !hyphen {
            if !and_continues(text, acc, word.end) {
                return;
            }
            continue;
        } else if (word.is("a") || word.is("an")) && acc.last == Last::Fraction {
            // "half a million", "half a dozen"
            match joined_word(text, word.end, false) {
                Some(next) if scale_word(&next).is_some() || next.is("dozen") => {}
                _ => return,
            }
        } else if let Some(denominator) = fraction_word(&word) {
            if acc.fraction
                || !matches!(acc.last, Last::Small(_) | Last::Article)
                || acc.group == 0.0
            {
                return;
            }
            acc.current = acc.current - acc.group + acc.group / denominator;
            acc.fraction = true;
            acc.last = Last::Fraction;
        } else if word.is("point") && !hyphen && matches!(acc.last, Last::Small(_) | Last::Scale) {
            match decimal_words(text, word.end) {
                Some((decimals_end, decimals)) => {
                    acc.current += decimals;
                    acc.end = decimals_end;
                    acc.last = Last::Fraction;
                }
                None => return,
            }
            continue;
        } else {
            return;
        }
        acc.end = word.end;
    }
}

/// After "and": "hundred and five", "one and a half", "twenty and three fifths",
/// "3 million and a half". Consumes what it accepts and says whether the phrase goes on.
pub(super) fn and_continues(text: &str, acc: &mut Acc, and_end: usize) -> bool {
    let Some(next) = joined_word(text, and_end, false) else {
        return matches!(acc.last, Last::Scale) && small_digits(text, and_end + 1).is_some() && {
            acc.before_and = Some((acc.end, acc.total, acc.current, acc.recent_scale));
            acc.last = Last::And;
            acc.end = and_end;
            true
        };
    };
    let numerator = if next.is("a") || next.is("an") {
        Some(1.0)
    } else {
        small_word(&next).map(f64::from)
    };
    let fraction =
        joined_word(text, next.end, true).and_then(|w| fraction_word(&w).map(|d| (w, d)));
    if let (Some(numerator), Some((fraction_word_end, denominator)), false) =
        (numerator, fraction, acc.fraction)
    {
        let part = numerator / denominator;
        // "one billion and a half million": the fraction scales the word after it.
        let scaled = joined_word(text, fraction_word_end.end, false)
            .and_then(|w| scale_word(&w).map(|s| (w, s)));
        acc.end = fraction_word_end.end;
        if let Some((scale_word_end, scale)) =
            scaled.filter(|(_, s)| *s >= 1e3 && acc.last == Last::Scale)
        {
            acc.total += part * scale;
            acc.end = scale_word_end.end;
        } else if acc.last == Last::Scale && acc.current == 0.0 {
            acc.total += part * acc.last_scale;
        } else {
            acc.current += part;
        }
        acc.fraction = true;
        acc.last = Last::Fraction;
        return true;
    }
    if small_word(&next).is_some() && acc.last == Last::Scale {
        acc.before_and = Some((acc.end, acc.total, acc.current, acc.recent_scale));
        acc.last = Last::And;
        acc.end = and_end;
        return true;
    }
    false
}

/// "point zero three" is 0.03, "point seventy-one" is 0.71.
pub(super) fn decimal_words(text: &str, pos: usize) -> Option<(usize, f64)> {
    let mut digits = String::new();
    let mut end = pos;
    while let Some(word) = joined_word(text, end, !digits.is_empty()) {
        let Some(v) = small_word(&word) else { break };
        let compound = digits.len() == 2
            && digits.ends_with('0')
            && v < 10
            && text.as_bytes().get(end) == Some(&b'-');
        if compound {
            digits.pop();
        } else if v >= 10 && !digits.is_empty() {
            break;
        }
        digits.push_str(&v.to_string());
        end = word.end;
    }
    let value = format!("0.{digits}").parse().ok()?;
    (!digits.is_empty()).then_some((end, value))
}
