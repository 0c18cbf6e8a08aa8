//! Units of figures: the unit lexicon with conversions to each dimension's base unit, currency
//! symbols, and the count noun that follows a number ("3,200 Chinese troops" counts "troop").
//!
//! Base units: km (length), km² (area), kg (mass), litre (volume), km/h (speed), years
//! (duration); money keeps its ISO code with factor 1; percent is "percent".

pub(super) use super::nouns::is_stop;
use super::nouns::{count, noun_group};
use super::scan::{self, Word};
use crate::model::{Dimension, Unit};
use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug)]
struct UnitDef {
    name: &'static str,
    dimension: Dimension,
    factor: f64,
}

impl UnitDef {
    fn unit(&self) -> Unit {
        Unit {
            name: self.name.into(),
            dimension: self.dimension,
            factor: self.factor,
        }
    }
}

const DAY: f64 = 1.0 / 365.25;
/// Litres in an oil barrel.
const BARREL: f64 = 158.987_294_928;
/// Litres in a cubic foot.
const CUBIC_FOOT: f64 = 28.316_846_592;

/// Surface forms (lower case, '|'-separated) → unit. Two-word forms are looked up first.
const LEXICON: &[(&str, &str, Dimension, f64)] = {
    use Dimension::*;
    &[
        ("mile|miles|mi", "mile", Length, 1.609344),
        ("nautical mile|nautical miles", "nautical mile", Length, 1.852),
        ("km|kms|kilometer|kilometers|kilometre|kilometres", "km", Length, 1.0),
        ("m|meter|meters|metre|metres", "m", Length, 0.001),
        ("dm|decimeter|decimeters|decimetre|decimetres", "dm", Length, 1e-4),
        ("picometer|picometers|picometre|picometres", "pm", Length, 1e-15),
        ("centimeter|centimeters|centimetre|centimetres|cm", "cm", Length, 1e-5),
        ("millimeter|millimeters|millimetre|millimetres|mm", "mm", Length, 1e-6),
        ("foot|feet|ft", "foot", Length, 0.0003048),
        ("yard|yards|yd|yds", "yard", Length, 0.0009144),
        ("in|inch|inches", "inch", Length, 2.54e-5),
        ("square mile|square miles|sq mi|sq miles|sq mile", "square mile", Area, 2.589988),
        (
            "square kilometer|square kilometers|square kilometre|square kilometres|sq km|km2|km²|sq kilometres",
            "km²",
            Area,
            1.0,
        ),
        ("square meter|square meters|square metre|square metres|m2|m²", "m²", Area, 1e-6),
        ("square foot|square feet|sq ft", "square foot", Area, 9.290304e-8),
        ("hectare|hectares|ha", "hectare", Area, 0.01),
        ("acre|acres", "acre", Area, 0.0040468564),
        ("kg|kgs|kilogram|kilograms|kilogramme|kilogrammes|kilo|kilos", "kg", Mass, 1.0),
        ("gram|grams|gramme|grammes", "g", Mass, 0.001),
        ("milligram|milligrams|mg", "mg", Mass, 1e-6),
        ("tonne|tonnes|ton|tons|metric ton|metric tons|t", "tonne", Mass, 1000.0),
        ("lb|lbs", "pound", Mass, 0.45359237),
        ("ounce|ounces|oz", "ounce", Mass, 0.028349523),
        ("litre|litres|liter|liters", "litre", Volume, 1.0),
        // A rate is read as its quantity: "3.3 million barrels per day" is 3.3 million
        // barrels, and so are "3.3m bpd" and "3.3 mb/d".
        ("barrel|barrels|bbl|bbls|bpd|b/d|bopd", "barrel", Volume, BARREL),
        ("kb/d|kbd|kbpd", "kb/d", Volume, BARREL * 1e3),
        ("mb/d|mbd|mbpd|mmb/d|mmbd|mmbpd", "mb/d", Volume, BARREL * 1e6),
        ("gallon|gallons", "gallon", Volume, 3.785411784),
        ("cubic meter|cubic meters|cubic metre|cubic metres|m3", "m³", Volume, 1000.0),
        // Gas is counted in millions, billions and trillions of cubic metres.
        ("mcm", "mcm", Volume, 1e9),
        ("bcm", "bcm", Volume, 1e12),
        ("tcm", "tcm", Volume, 1e15),
        ("cubic foot|cubic feet|cu ft", "cubic foot", Volume, CUBIC_FOOT),
        // And in American usage, in millions, billions and trillions of cubic feet ("mcf"
        // is a thousand there, a million elsewhere: left out).
        ("mmcf", "mmcf", Volume, CUBIC_FOOT * 1e6),
        ("bcf", "bcf", Volume, CUBIC_FOOT * 1e9),
        ("tcf", "tcf", Volume, CUBIC_FOOT * 1e12),
        ("km/h|kph|kilometers per hour|kilometres per hour", "km/h", Speed, 1.0),
        ("mph|miles per hour", "mph", Speed, 1.609344),
        ("knot|knots", "knot", Speed, 1.852),
        ("second|seconds", "second", Duration, DAY / 86400.0),
        // "73-min flight", "a 2-hr drive": abbreviations a notes writer uses.
        ("minute|minutes|min|mins", "minute", Duration, DAY / 1440.0),
        ("hour|hours|hr|hrs", "hour", Duration, DAY / 24.0),
        ("day|days", "day", Duration, DAY),
        ("week|weeks", "week", Duration, 7.0 * DAY),
        ("month|months", "month", Duration, 1.0 / 12.0),
        ("year|years|yr|yrs", "year", Duration, 1.0),
        ("percent|percents|per cent|pct|%|percentage", "percent", Percent, 1.0),
        ("percentage point|percentage points|pp|ppt|ppts", "percentage point", Percent, 1.0),
        ("dollar|dollars|usd|musd|us dollar|us dollars|u.s. dollars|buck|bucks", "USD", Money, 1.0),
        ("australian dollar|australian dollars|aud", "AUD", Money, 1.0),
        ("canadian dollar|canadian dollars|cad", "CAD", Money, 1.0),
        ("pence|penny|pennies", "GBP", Money, 0.01),
        ("cent|cents", "USD", Money, 0.01),
        ("euro|euros|eur|meur", "EUR", Money, 1.0),
        ("pound|pounds|pounds sterling|sterling|gbp|mgbp", "GBP", Money, 1.0),
        ("ruble|rubles|rouble|roubles|rub", "RUB", Money, 1.0),
        ("yuan|renminbi|rmb|cny", "CNY", Money, 1.0),
        ("yen|jpy", "JPY", Money, 1.0),
        ("rupee|rupees|inr", "INR", Money, 1.0),
    ]
};

static UNITS: LazyLock<HashMap<&'static str, UnitDef>> = LazyLock::new(|| {
    let mut map = HashMap::default();
    for &(forms, name, dimension, factor) in LEXICON {
        for form in forms.split('|') {
            map.insert(
                form,
                UnitDef {
                    name,
                    dimension,
                    factor,
                },
            );
        }
    }
    map
});

fn lookup(surface: &str) -> Option<UnitDef> {
    let mut buf = [0u8; 32];
    let lower = scan::lower(surface, &mut buf)?;
    UNITS.get(lower).copied()
}

/// The money unit with ISO `code`.
pub(super) fn money(code: &'static str) -> Unit {
    Unit {
        name: code.into(),
        dimension: Dimension::Money,
        factor: 1.0,
    }
}

/// The unit of "twice" and "thrice".
pub(super) fn times() -> Unit {
    Unit {
        name: crate::model::TIMES.into(),
        dimension: Dimension::Count,
        factor: 1.0,
    }
}

/// A count of times with the period it recurs in ("three times a year", "twice per month",
/// "3x weekly") is a frequency, in times a year; without one ("three times as many") it stays
/// a count of times.
pub(super) fn with_frequency(text: &str, times: UnitMatch) -> UnitMatch {
    // The period after "a", "per", "each" or "every"; the adverb that says it alone; the
    // period's name; how many of it make a year.
    const PERIODS: &[(&str, &str, &str, f64)] = &[
        ("year", "yearly", "year", 1.0),
        ("annum", "annually", "year", 1.0),
        ("month", "monthly", "month", 12.0),
        ("week", "weekly", "week", 365.25 / 7.0),
        ("day", "daily", "day", 365.25),
    ];
    let Some(next) = scan::next_word(text, times.end) else {
        return times;
    };
    let led = next.is_any(&["a", "an", "per", "each", "every"]);
    let period = match led {
        true => scan::next_word(text, next.end),
        false => Some(next),
    };
    let found = period.and_then(|w| {
        PERIODS
            .iter()
            .find(|(noun, adverb, ..)| if led { w.is(noun) } else { w.is(adverb) })
            .map(|&(_, _, name, per_year)| (w.end, name, per_year))
    });
    match found {
        Some((end, noun, per_year)) => UnitMatch {
            end,
            unit: Unit {
                name: smol_str::format_smolstr!("times a {noun}"),
                dimension: Dimension::Frequency,
                factor: per_year,
            },
            cents: 0.0,
        },
        None => times,
    }
}

pub(super) fn years() -> Unit {
    Unit {
        name: "year".into(),
        dimension: Dimension::Duration,
        factor: 1.0,
    }
}

/// A currency sign or code just before `pos` ("$5bn", "US$ 3", "€40", "USD 5"): its start and ISO code.
pub(super) fn currency_before(text: &str, pos: usize) -> Option<(usize, &'static str)> {
    let at = scan::skip_space_back(text, pos);
    if pos - at > 1 {
        return None;
    }
    let before = text.get(..at)?;
    const SIGNS: &[(&str, &str)] = &[
        ("US$", "USD"),
        ("U.S.$", "USD"),
        ("AU$", "AUD"),
        ("A$", "AUD"),
        ("CA$", "CAD"),
        ("C$", "CAD"),
        ("NZ$", "NZD"),
        ("HK$", "HKD"),
        ("$", "USD"),
        ("€", "EUR"),
        ("£", "GBP"),
        ("¥", "JPY"),
        ("₽", "RUB"),
        ("USD", "USD"),
        ("AUD", "AUD"),
        ("CAD", "CAD"),
        ("EUR", "EUR"),
        ("GBP", "GBP"),
        ("RUB", "RUB"),
        ("CNY", "CNY"),
        ("RMB", "CNY"),
        ("JPY", "JPY"),
    ];
    // Runs before every number: most are preceded by none of the signs' last bytes.
    let last = *before.as_bytes().last()?;
    if !SIGNS
        .iter()
        .any(|(sign, _)| sign.as_bytes().last() == Some(&last))
    {
        return None;
    }
    for &(sign, code) in SIGNS {
        if before.ends_with(sign) {
            let start = at - sign.len();
            let letters = sign.as_bytes()[0].is_ascii_alphabetic();
            if letters && scan::is_word_char_before(text, start) {
                continue;
            }
            return Some((start, code));
        }
    }
    None
}

/// A unit found after a number, ending at `end`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct UnitMatch {
    pub end: usize,
    pub unit: Unit,
    /// Cents that follow a money unit ("3 dollars 50 cents"), already divided by 100.
    pub cents: f64,
}

/// A lexicon unit of one or two words starting with `first`.
pub(super) fn lexicon_unit(text: &str, first: &Word) -> Option<UnitMatch> {
    // A unit written with a slash: "km/h", "b/d", "mb/d".
    let slashed = text[first.end..]
        .strip_prefix('/')
        .and_then(|_| scan::word_at(text, first.end + 1));
    if let Some(second) = slashed {
        if let Some(def) = lookup(&text[first.start..second.end]) {
            return Some(UnitMatch {
                end: second.end,
                unit: def.unit(),
                cents: 0.0,
            });
        }
    }
    if let Some(second) = scan::next_word(text, first.end).filter(|w| w.start == first.end + 1) {
        let pair = &text[first.start..second.end];
        if let Some(def) = lookup(pair) {
            return Some(UnitMatch {
                end: second.end,
                unit: def.unit(),
                cents: 0.0,
            });
        }
    }
    // "in" after a number is nearly always the preposition, unless a measure follows ("2 in thick").
    let measure = || {
        scan::next_word(text, first.end)
            .is_some_and(|w| w.is_any(&["thick", "long", "wide", "high", "tall", "deep"]))
    };
    if first.text == "in" && !measure() {
        return None;
    }
    if let Some(unit) = tonnage(first.text) {
        return Some(UnitMatch {
            end: first.end,
            unit,
            cents: 0.0,
        });
    }
    // A one-letter unit ("5 m", "12,000 t") is lower case and a word of its own: "2 t-shirts"
    // and "5 T cells" measure nothing.
    let one_letter = first.text.len() == 1;
    if one_letter
        && (first.text.bytes().any(|b| b.is_ascii_uppercase())
            || matches!(text.as_bytes().get(first.end), Some(b'-' | b'\'')))
    {
        return None;
    }
    lookup(first.text).map(|def| UnitMatch {
        end: first.end,
        unit: def.unit(),
        cents: 0.0,
    })
}

/// Tonnages whose case tells them apart: megatonnes are "Mt"; commodity reports write metric
/// tonnes "MT" or "mt".
fn tonnage(word: &str) -> Option<Unit> {
    let (name, factor) = match word {
        "Mt" => ("Mt", 1e9),
        "MT" | "mt" => ("tonne", 1000.0),
        _ => return None,
    };
    Some(Unit {
        name: name.into(),
        dimension: Dimension::Mass,
        factor,
    })
}

/// How the number before a unit constrains the unit search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Expect {
    /// Any number: the counted noun may follow up to two modifiers.
    Any,
    /// The number is one ("one country"): the noun is singular.
    One,
    /// A year-like number: only an immediately following unit or plural makes it a figure.
    Strict,
}

/// The unit of the number ending at `pos`, if there is one.
pub(super) fn after(text: &str, pos: usize, expect: Expect) -> Option<UnitMatch> {
    let bytes = text.as_bytes();
    match bytes.get(pos) {
        Some(b'%') => {
            return Some(UnitMatch {
                end: pos + 1,
                unit: percent(),
                cents: 0.0,
            })
        }
        Some(b'-') => return hyphen_compound(text, pos + 1, expect),
        Some(c) if c.is_ascii_alphabetic() => return glued(text, pos),
        Some(_) if text[pos..].starts_with("km²") => {
            return Some(UnitMatch {
                end: pos + "km²".len(),
                unit: lookup("km²")?.unit(),
                cents: 0.0,
            })
        }
        _ => {}
    }
    if text.get(pos..).is_some_and(|rest| rest.starts_with(" %")) {
        return Some(UnitMatch {
            end: pos + 2,
            unit: percent(),
            cents: 0.0,
        });
    }
    if let Some(found) = currency_sign_after(text, pos) {
        return Some(found);
    }
    let first = scan::next_word(text, pos)?;
    noun_group(text, first, expect)
}

/// A currency sign after the number, as in "10 €", "10 $", "100元".
fn currency_sign_after(text: &str, pos: usize) -> Option<UnitMatch> {
    let at = if text.as_bytes().get(pos) == Some(&b' ') {
        pos + 1
    } else {
        pos
    };
    let rest = text.get(at..)?;
    const SIGNS: &[(&str, &str)] = &[
        ("€", "EUR"),
        ("$", "USD"),
        ("£", "GBP"),
        ("¥", "JPY"),
        ("₽", "RUB"),
        ("元", "CNY"),
    ];
    let &(sign, code) = SIGNS.iter().find(|(sign, _)| rest.starts_with(sign))?;
    // "10 $30": the sign belongs to the next number.
    if scan::char_at(text, at + sign.len()).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(UnitMatch {
        end: at + sign.len(),
        unit: money(code),
        cents: 0.0,
    })
}

fn percent() -> Unit {
    Unit {
        name: "percent".into(),
        dimension: Dimension::Percent,
        factor: 1.0,
    }
}

/// "5km", "10kg", "300km2".
fn glued(text: &str, pos: usize) -> Option<UnitMatch> {
    let word = scan::word_at(text, pos)?;
    let bytes = text.as_bytes();
    let with_square =
        bytes.get(word.end) == Some(&b'2') && !scan::is_word_char_at(text, word.end + 1);
    if with_square {
        let def = lookup(&text[word.start..word.end + 1])?;
        return Some(UnitMatch {
            end: word.end + 1,
            unit: def.unit(),
            cents: 0.0,
        });
    }
    if scan::is_word_char_at(text, word.end) {
        return None;
    }
    if let Some(def) = lookup(word.text) {
        return Some(UnitMatch {
            end: word.end,
            unit: def.unit(),
            cents: 0.0,
        });
    }
    if let Some(unit) = tonnage(word.text) {
        return Some(UnitMatch {
            end: word.end,
            unit,
            cents: 0.0,
        });
    }
    let short = match word.text {
        "m" => Some(("m", Dimension::Length, 0.001)),
        "t" => Some(("tonne", Dimension::Mass, 1000.0)),
        "g" => Some(("g", Dimension::Mass, 0.001)),
        "l" | "L" => Some(("litre", Dimension::Volume, 1.0)),
        _ => None,
    };
    short.map(|(name, dimension, factor)| UnitMatch {
        end: word.end,
        unit: Unit {
            name: name.into(),
            dimension,
            factor,
        },
        cents: 0.0,
    })
}

/// "2,600-mile", "two-day", "600,000-strong army", "three-nation".
fn hyphen_compound(text: &str, pos: usize, expect: Expect) -> Option<UnitMatch> {
    let word = scan::word_at(text, pos)?;
    if scan::is_word_char_at(text, word.end) {
        return None;
    }
    if let Some(def) = lookup(word.text) {
        return Some(UnitMatch {
            end: word.end,
            unit: def.unit(),
            cents: 0.0,
        });
    }
    if word.is_any(&["strong", "odd", "plus"]) {
        let noun =
            scan::next_word(text, word.end).and_then(|first| noun_group(text, first, Expect::One));
        return Some(noun.unwrap_or(UnitMatch {
            end: word.end,
            unit: Unit {
                name: "person".into(),
                dimension: Dimension::Count,
                factor: 1.0,
            },
            cents: 0.0,
        }));
    }
    if expect == Expect::Strict || is_stop(&word) {
        return None;
    }
    Some(UnitMatch {
        end: word.end,
        unit: count(&word),
        cents: 0.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit_after(text: &str, expect: Expect) -> Option<(String, String)> {
        let pos = text.find('|').expect("marker");
        let text = text.replacen('|', "", 1);
        after(&text, pos, expect)
            .map(|m| (text[pos..m.end].trim().to_string(), m.unit.name.to_string()))
    }

    #[test]
    fn finds_the_counted_noun_after_a_number() {
        type Case<'a> = (&'a str, Expect, Option<(&'a str, &'a str)>);
        let cases: &[Case] = &[
            (
                "3,200| Chinese troops trained",
                Expect::Any,
                Some(("Chinese troops", "troop")),
            ),
            (
                "some 300,000| Russians in eastern",
                Expect::Any,
                Some(("Russians", "russian")),
            ),
            (
                "120 million| people, some",
                Expect::Any,
                Some(("people", "person")),
            ),
            ("2,600|-mile border", Expect::Any, Some(("-mile", "mile"))),
            ("two|-day clash", Expect::Any, Some(("-day", "day"))),
            ("12|% of", Expect::Any, Some(("%", "percent"))),
            ("12| percent of", Expect::Any, Some(("percent", "percent"))),
            (
                "12| per cent of",
                Expect::Any,
                Some(("per cent", "percent")),
            ),
            ("5| billion", Expect::Any, None),
            ("40| countries", Expect::Any, Some(("countries", "country"))),
            (
                "two| former rivals is",
                Expect::Any,
                Some(("former rivals", "rival")),
            ),
            ("one| country", Expect::One, Some(("country", "country"))),
            ("one| of them", Expect::One, None),
            ("2014| annexation of", Expect::Strict, None),
            ("2000| troops", Expect::Strict, Some(("troops", "troop"))),
            ("2014| Chinese troops", Expect::Strict, None),
            ("600,000| 25, with", Expect::Any, None),
            ("4| China and", Expect::Any, None),
            (
                "2 million| Chinese in",
                Expect::Any,
                Some(("Chinese", "chinese")),
            ),
            ("300|km away", Expect::Any, Some(("km", "km"))),
            (
                "500| square miles",
                Expect::Any,
                Some(("square miles", "square mile")),
            ),
            ("48| billion", Expect::Any, None),
            ("9| rubles", Expect::Any, Some(("rubles", "RUB"))),
            (
                "600,000|-strong army",
                Expect::Any,
                Some(("-strong army", "army")),
            ),
        ];
        for (input, expect, expected) in cases {
            let got = unit_after(input, *expect);
            let expected = expected.map(|(t, n)| (t.to_string(), n.to_string()));
            assert_eq!(got, expected, "{input}");
        }
    }

    #[test]
    fn currency_signs_before_a_number() {
        assert_eq!(currency_before("$5bn", 1), Some((0, "USD")));
        assert_eq!(currency_before("US$ 5", 4), Some((0, "USD")));
        assert_eq!(currency_before("A$368bn", 2), Some((0, "AUD")));
        assert_eq!(currency_before("NZ$ 5", 4), Some((0, "NZD")));
        assert_eq!(currency_before("USA$5", 4), Some((3, "USD")));
        assert_eq!(
            currency_before("cost €40", "cost €".len()),
            Some((5, "EUR"))
        );
        assert_eq!(currency_before("BEUR5", 4), None);
    }

    #[test]
    fn singular_of_plural_nouns() {
        use super::super::nouns::singular;
        for (plural, single) in [
            ("countries", "country"),
            ("troops", "troop"),
            ("people", "person"),
            ("Russians", "russian"),
            ("buses", "buse"),
            ("churches", "church"),
        ] {
            assert_eq!(singular(plural), single);
        }
    }
}
