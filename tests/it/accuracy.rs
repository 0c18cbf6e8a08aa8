//! Accuracy of the figure and date grammar against test data written by others
//! (`../shared/peer-specs`: Microsoft Recognizers-Text and quantulum3 specs), per file and per
//! category, with a floor per in-scope category so a regression fails the test.
//!
//! The data is read where it lies and never copied into the project. Conventions that differ
//! from ours are mapped (RT's exclusive range ends) or left out with the reason printed.

use geonotes::model::PartialDate;
use geonotes::model::{DateValue, Dimension, Figure};
use geonotes::recognize::quantities::{recognize, Quantities, QuantityContext};
use geonotes::text::Normalized;
use regex::Regex;
use serde_json::Value;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// What a category needs to be counted as found.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Want {
    /// A figure with this value (and, when given, this dimension).
    Figure(f64, Option<Dimension>),
    /// A date covering exactly these days (inclusive).
    Date(Day, Day),
    /// "three years ago": a date at the phrase's own precision that contains this day.
    DateAround(Day),
}

type Day = (i32, u8, u8);

/// Categories geonotes claims, with the floor each must keep (just below the measured share).
const CATEGORIES: &[(&str, f64)] = &[
    ("cardinals", 0.97),
    ("scale words", 0.99),
    ("number words", 0.96),
    ("fractions", 0.97),
    ("percentages", 0.99),
    ("money", 0.98),
    ("lengths", 0.96),
    ("years", 0.99),
    ("month-year", 0.99),
    ("full dates", 0.99),
    ("decades", 0.99),
    ("year ranges", 0.99),
    ("relative dates", 0.99),
];

/// Turns one spec file into cases (or exclusions).
type Reader = fn(&str, &Value, &mut Report, &mut Vec<Case>);

/// One expected value from a spec file.
struct Case {
    file: String,
    category: &'static str,
    /// Byte span in `input`.
    span: Range<usize>,
    input: String,
    published: Option<PartialDate>,
    want: Want,
}

/// Tally of one (file, category) cell, plus the cases left out and why.
#[derive(Default)]
struct Report {
    cells: BTreeMap<(String, &'static str), (usize, usize)>,
    excluded: BTreeMap<String, usize>,
    misses: Vec<String>,
}

fn peer_specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/peer-specs")
}

fn read_json(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()
}

/// Byte range of the inclusive char range `start..=end` of `text`.
fn char_span(text: &str, start: usize, end_inclusive: usize) -> Option<Range<usize>> {
    let mut offsets = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()));
    let first = offsets.nth(start)?;
    let last = offsets.nth(end_inclusive - start)?;
    Some(first..last)
}

fn day(text: &str) -> Option<Day> {
    let mut parts = text.get(..10)?.split('-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    Some((y, m, d))
}

fn day_before((y, m, d): Day) -> Day {
    if d > 1 {
        (y, m, d - 1)
    } else if m > 1 {
        (y, m - 1, geonotes::model::days_in_month(y, m - 1))
    } else {
        (y - 1, 12, 31)
    }
}

fn excluded_by_dotnet(case: &Value) -> bool {
    ["NotSupported", "NotSupportedByDesign"]
        .iter()
        .filter_map(|k| case.get(k).and_then(Value::as_str))
        .any(|ports| ports.to_ascii_lowercase().contains("dotnet"))
}

/// The category of a number text from NumberModel, or why it is out of scope.
fn number_category(text: &str, subtype: &str) -> Result<&'static str, &'static str> {
    let lower = text.to_ascii_lowercase();
    if subtype == "power"
        || lower.contains('^')
        || lower.contains('×')
        || lower.contains("e-")
        || lower.contains("e+")
    {
        return Err("power and exponent forms (1e10, 1.1^23, 2.48×10−5)");
    }
    if subtype == "fraction" {
        return fraction_scope(&lower).map(|()| "fractions");
    }
    if text.starts_with(['-', '+']) || lower.starts_with("minus") || lower.starts_with("negative") {
        return Err("signed numbers");
    }
    let letters = text.chars().any(char::is_alphabetic);
    let digits = text.chars().any(|c| c.is_ascii_digit());
    Ok(match (digits, letters) {
        (true, true) => "scale words",
        (false, true) => "number words",
        _ => "cardinals",
    })
}

/// Figures geonotes does not read by design, with the reason.
fn figure_out_of_scope(input: &str, span: &Range<usize>) -> Option<&'static str> {
    let text = input[span.clone()].to_ascii_lowercase();
    if text.starts_with(['-', '+']) || text.starts_with("minus") || text.starts_with("negative") {
        return Some("signed numbers");
    }
    static ENGLISH_DIGITS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)(?:\.[0-9]+)?$").expect("valid")
    });
    static DIGIT_RUNS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[0-9][0-9.,]*[0-9]|[0-9]").expect("valid"));
    if DIGIT_RUNS
        .find_iter(&text)
        .any(|run| !ENGLISH_DIGITS.is_match(run.as_str()))
    {
        return Some("digit grouping that is not English (5,00; 1.111,11; 12,34,567)");
    }
    let before = input[..span.start]
        .chars()
        .rev()
        .take(2)
        .collect::<Vec<_>>();
    let after = input[span.end..].chars().take(2).collect::<Vec<_>>();
    let code_before =
        matches!(before.as_slice(), ['.' | '/' | '-' | ':' | ',', c, ..] if c.is_alphanumeric());
    let code_after =
        matches!(after.as_slice(), ['.' | '/' | '-' | ':' | ',', c, ..] if c.is_ascii_digit());
    if code_before || code_after {
        return Some(
            "numbers inside codes, lists and names (192.168.1.2, 5/17/2018, SCP-173, 22,24,26)",
        );
    }
    None
}

/// Fractions geonotes claims: halves to tenths with a simple numerator, "N and a half",
/// fractions of scales, digit and vulgar fractions. The rest is out of scope, with the reason.
fn fraction_scope(lower: &str) -> Result<(), &'static str> {
    let words: Vec<&str> = lower.split([' ', '-']).filter(|w| !w.is_empty()).collect();
    if words.iter().any(|w| ["over", "out", "in"].contains(w)) {
        return Err("ratio phrasing (\"one over three\", \"one out of three\"): \"over\" is a qualifier for us");
    }
    const OURS: &str =
        "half halves third thirds quarter quarters fourth fourths fifth fifths sixth sixths \
                        seventh sevenths eighth eighths ninth ninths tenth tenths";
    let Some(position) = words.iter().rposition(|w| {
        w.chars().all(char::is_alphabetic) && w.ends_with(['h', 's', 't', 'd', 'f', 'r'])
    }) else {
        return Ok(());
    };
    let fraction = words[position];
    let numbers = "one two three four five six seven eight nine ten twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion";
    if !numbers.split(' ').any(|n| n == fraction)
        && !OURS.split_whitespace().any(|o| o == fraction)
        && !words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
    {
        return Err("fraction denominators past tenths (hundredths, twenty-fifths, trillionths)");
    }
    let tens = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let before = &words[..position];
    let scale_before = before
        .iter()
        .any(|w| ["hundred", "thousand", "million", "billion"].contains(w));
    let simple_numerator = before.len() >= 2
        && before[before.len() - 2] == "and"
        && [
            "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        ]
        .contains(&before[before.len() - 1]);
    let scales_after = words[position + 1..]
        .iter()
        .any(|w| ["thousand", "million", "billion"].contains(w));
    if scale_before
        && !simple_numerator
        && !scales_after
        && OURS.split_whitespace().any(|o| o == fraction)
    {
        return Err("numerators that span a scale word (\"one hundred thirty-two fifths\"): RT itself reads them both ways");
    }
    if before.last().is_some_and(|w| tens.contains(w)) && before.len() >= 2 {
        return Err("compound ordinal denominators (\"twenty twenty fifths\" is 20/25)");
    }
    Ok(())
}

fn rt_number(value: &Value) -> Option<f64> {
    value.as_str()?.trim_end_matches('%').parse().ok()
}

/// Expected figures from the RT number, percent, currency and dimension models.
fn rt_figures(file: &str, data: &Value, report: &mut Report, cases: &mut Vec<Case>) {
    for case in data.as_array().into_iter().flatten() {
        let input = case["Input"].as_str().unwrap_or_default();
        for result in case["Results"].as_array().into_iter().flatten() {
            let text = result["Text"].as_str().unwrap_or_default();
            let resolution = &result["Resolution"];
            let mut exclude =
                |why: &str| *report.excluded.entry(format!("{file}: {why}")).or_default() += 1;
            if excluded_by_dotnet(case) {
                exclude("NotSupported by dotnet (even the reference fails)");
                continue;
            }
            let Some(value) = rt_number(&resolution["value"]) else {
                exclude("no numeric value (a bare unit or \"percent\")");
                continue;
            };
            let start = result["Start"].as_u64().unwrap_or(0) as usize;
            let end = result["End"].as_u64().unwrap_or(0) as usize;
            let Some(span) = char_span(input, start, end) else {
                continue;
            };
            if let Some(why) = figure_out_of_scope(input, &span) {
                exclude(why);
                continue;
            }
            let subtype = resolution["subtype"].as_str().unwrap_or_default();
            let unit = resolution["unit"].as_str().unwrap_or_default();
            let (category, dimension) = match result["TypeName"].as_str().unwrap_or_default() {
                "number" if text.ends_with(['G', 'g']) => {
                    exclude("metric-prefix scales (10G): \"5G\" is a name for us");
                    continue;
                }
                "number" => match number_category(text, subtype) {
                    Ok(category) => (category, None),
                    Err(why) => {
                        exclude(why);
                        continue;
                    }
                },
                "percentage" if text.to_ascii_lowercase().starts_with("per") => {
                    exclude("the number after \"percent\" (RT reads \"per cent of 210\" as 210%; in prose it is a share of 210)");
                    continue;
                }
                "percentage" => ("percentages", Some(Dimension::Percent)),
                "currency" => match money_in_scope(unit) {
                    true => ("money", Some(Dimension::Money)),
                    false => {
                        exclude("currencies outside geonotes' lexicon (USD, EUR, GBP, RUB, CNY, JPY, INR)");
                        continue;
                    }
                },
                "dimension" if subtype == "Length" => ("lengths", Some(Dimension::Length)),
                "dimension" => {
                    exclude("dimensions other than length (not claimed)");
                    continue;
                }
                _ => {
                    exclude("other result types");
                    continue;
                }
            };
            cases.push(Case {
                file: file.to_string(),
                category,
                span,
                input: input.to_string(),
                published: None,
                want: Want::Figure(value, dimension),
            });
        }
    }
}

fn money_in_scope(unit: &str) -> bool {
    let unit = unit.to_ascii_lowercase();
    [
        "dollar",
        "united states dollar",
        "euro",
        "pound",
        "british pound",
        "cent",
        "chinese yuan",
        "yuan",
        "japanese yen",
        "yen",
        "russian ruble",
        "ruble",
        "rouble",
        "indian rupee",
        "rupee",
        "penny",
        "pence",
    ]
    .contains(&unit.as_str())
}

/// Reference date of an RT DateTime case.
fn reference(case: &Value) -> Option<PartialDate> {
    let (y, m, d) = day(case["Context"]["ReferenceDateTime"].as_str()?)?;
    Some(PartialDate::day(y, m, d))
}

const MONTHS: &str = "jan feb mar apr may jun jul aug sep oct nov dec";

/// The category of an RT date text with its timex, or why it is out of scope.
fn date_category(text: &str, timex: &str) -> Result<&'static str, &'static str> {
    let lower = text.to_ascii_lowercase();
    let has_year = lower
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4);
    let has_month_name = MONTHS.split(' ').any(|m| lower.contains(m));
    let relative = relative_phrase(&lower);
    let is_digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if relative {
        return Ok("relative dates");
    }
    if [" before ", " after "].iter().any(|w| lower.contains(w)) {
        return Err("date arithmetic (\"2 weeks before May 13 1999\")");
    }
    let digits_in_text = lower.chars().filter(char::is_ascii_digit).count();
    if timex.contains("XX") && timex.contains("P10Y") {
        return Err("decades without a century: RT reads '70s as the 2070s, geonotes as the 1970s");
    }
    if timex.starts_with("(20") && timex.contains("P10Y") && digits_in_text < 4 {
        let start: i32 = timex[1..5].parse().unwrap_or(0);
        if start >= 2030 {
            return Err("two-digit decades: RT reads '70s as the 2070s, geonotes as the 1970s");
        }
    }
    if is_digits(timex, 4) && has_year {
        return Ok("years");
    }
    if timex.len() == 7 && is_digits(&timex[..4], 4) && has_year {
        return if has_month_name {
            Ok("month-year")
        } else {
            Err("numeric year-month (RT reads \"2016-11\" as a month)")
        };
    }
    if timex.len() == 10
        && has_year
        && has_month_name
        && !lower.contains(" to ")
        && !lower.contains('-')
    {
        return Ok("full dates");
    }
    if let Some(inner) = timex.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        let parts: Vec<&str> = inner.split(',').collect();
        let whole_years =
            parts.len() == 3 && parts[0].ends_with("-01-01") && parts[1].ends_with("-01-01");
        if whole_years && (lower.ends_with('s')) && parts[2] == "P10Y" {
            return Ok("decades");
        }
        if whole_years && has_year && parts[2].ends_with('Y') {
            return Ok("year ranges");
        }
    }
    Err("calendar-assistant phrasing (weekdays, times, durations, dates without a year)")
}

/// Phrases geonotes resolves relative to publication.
fn relative_phrase(lower: &str) -> bool {
    let words: Vec<&str> = lower.split_whitespace().collect();
    let period = |w: &str| {
        [
            "week", "month", "year", "weekend", "summer", "winter", "spring", "autumn", "fall",
            "decade",
        ]
        .contains(&w)
    };
    match words.as_slice() {
        ["yesterday" | "today" | "tomorrow"] => true,
        [which, p] => {
            ["last", "this", "next", "past", "previous", "coming"].contains(which) && period(p)
        }
        [_, p, "ago"] => [
            "day", "days", "week", "weeks", "month", "months", "year", "years",
        ]
        .contains(p),
        [m, which, p] => {
            ["early", "late", "earlier", "later"].contains(m)
                && ["last", "this", "next"].contains(which)
                && period(p)
        }
        _ => false,
    }
}

/// What an RT date resolution means in inclusive days.
fn rt_date_want(resolution: &Value, text: &str, category: &str) -> Option<Want> {
    if let Some(value) = resolution.get("value").and_then(Value::as_str) {
        let point = day(value)?;
        return Some(if text.ends_with("ago") {
            Want::DateAround(point)
        } else {
            Want::Date(point, point)
        });
    }
    let start = day(resolution.get("start")?.as_str()?)?;
    let end = day(resolution.get("end")?.as_str()?)?;
    Some(Want::Date(start, last_day(category, end)))
}

/// RT ends ranges one past the last day; a year range "2014 to 2018" ends on 2018-01-01 but
/// names 2018 as its last year, which our inclusive "2014/2018" keeps.
fn last_day(category: &str, exclusive_end: Day) -> Day {
    if category == "year ranges" {
        (exclusive_end.0, 12, 31)
    } else {
        day_before(exclusive_end)
    }
}

/// Expected dates from DateTimeModel.
fn rt_dates(file: &str, data: &Value, report: &mut Report, cases: &mut Vec<Case>) {
    for case in data.as_array().into_iter().flatten() {
        let input = case["Input"].as_str().unwrap_or_default();
        for result in case["Results"].as_array().into_iter().flatten() {
            let text = result["Text"].as_str().unwrap_or_default();
            let values = result["Resolution"]["values"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let timex = values
                .first()
                .and_then(|v| v["timex"].as_str())
                .unwrap_or_default();
            let mut exclude =
                |why: &str| *report.excluded.entry(format!("{file}: {why}")).or_default() += 1;
            if excluded_by_dotnet(case) {
                exclude("NotSupported by dotnet (even the reference fails)");
                continue;
            }
            let category = match date_category(text, timex) {
                Ok(category) => category,
                Err(why) => {
                    exclude(why);
                    continue;
                }
            };
            let start = result["Start"].as_u64().unwrap_or(0) as usize;
            let end = result["End"].as_u64().unwrap_or(0) as usize;
            let Some(span) = char_span(input, start, end) else {
                continue;
            };
            // Ambiguous phrases have several readings; the first resolved one is the reference.
            let Some(want) = values
                .iter()
                .find_map(|v| rt_date_want(v, &text.to_ascii_lowercase(), category))
            else {
                exclude("unresolved in RT (\"not resolved\")");
                continue;
            };
            cases.push(Case {
                file: file.to_string(),
                category,
                span,
                input: input.to_string(),
                published: reference(case),
                want,
            });
        }
    }
}

/// Expected dates from DatePeriodParser (offset plus length; exclusive end dates).
fn rt_periods(file: &str, data: &Value, report: &mut Report, cases: &mut Vec<Case>) {
    for case in data.as_array().into_iter().flatten() {
        let input = case["Input"].as_str().unwrap_or_default();
        for result in case["Results"].as_array().into_iter().flatten() {
            let text = result["Text"].as_str().unwrap_or_default();
            let timex = result["Value"]["Timex"].as_str().unwrap_or_default();
            let mut exclude =
                |why: &str| *report.excluded.entry(format!("{file}: {why}")).or_default() += 1;
            if excluded_by_dotnet(case) {
                exclude("NotSupported by dotnet (even the reference fails)");
                continue;
            }
            let category = match date_category(text, timex) {
                Ok(category) => category,
                Err(why) => {
                    exclude(why);
                    continue;
                }
            };
            let resolution = &result["Value"]["FutureResolution"];
            let (Some(first), Some(after)) = (
                resolution["startDate"].as_str().and_then(day),
                resolution["endDate"].as_str().and_then(day),
            ) else {
                exclude("unresolved in RT");
                continue;
            };
            let start = result["Start"].as_u64().unwrap_or(0) as usize;
            let length = result["Length"].as_u64().unwrap_or(1) as usize;
            let Some(span) = char_span(input, start, start + length.max(1) - 1) else {
                continue;
            };
            let want = Want::Date(first, last_day(category, after));
            cases.push(Case {
                file: file.to_string(),
                category,
                span,
                input: input.to_string(),
                published: reference(case),
                want,
            });
        }
    }
}

/// Expected quantities from quantulum3 (matched by surface text; no offsets).
fn quantulum(file: &str, data: &Value, report: &mut Report, cases: &mut Vec<Case>) {
    for case in data.as_array().into_iter().flatten() {
        let input = case["req"].as_str().unwrap_or_default();
        let lower_input = input.to_lowercase();
        for result in case["res"].as_array().into_iter().flatten() {
            let surface = result["surface"].as_str().unwrap_or_default();
            let unit = result["unit"].as_str().unwrap_or_default();
            let value = result["value"].as_f64().unwrap_or(f64::NAN);
            let mut exclude =
                |why: &str| *report.excluded.entry(format!("{file}: {why}")).or_default() += 1;
            if result.get("uncertainty").is_some() {
                exclude("ranges given as midpoint ± uncertainty");
                continue;
            }
            let Some(start) = lower_input
                .find(&surface.to_lowercase())
                .filter(|_| lower_input.len() == input.len())
            else {
                exclude("surface text not found verbatim");
                continue;
            };
            let span = start..start + surface.len();
            if let Some(why) = figure_out_of_scope(input, &span) {
                exclude(why);
                continue;
            }
            // quantulum reads "the 1960s" as the number 1960 with surface "1960".
            let decade_in_text = input[span.end..].starts_with('s') && surface.ends_with('0');
            let is_year = surface.len() == 4
                && (1000.0..2200.0).contains(&value)
                && surface.bytes().all(|b| b.is_ascii_digit());
            let (category, want) = match unit {
                "dimensionless"
                    if decade_in_text || (surface.ends_with('s') && surface.contains("0s")) =>
                {
                    let y = value as i32;
                    ("decades", Want::Date((y, 1, 1), (y + 9, 12, 31)))
                }
                "dimensionless" if is_year => (
                    "years",
                    Want::Date((value as i32, 1, 1), (value as i32, 12, 31)),
                ),
                "dimensionless" => match number_category(surface, "") {
                    Ok(category) => (category, Want::Figure(value, None)),
                    Err(why) => {
                        exclude(why);
                        continue;
                    }
                },
                "dollar" | "euro" | "pound sterling" | "pound" => {
                    ("money", Want::Figure(value, Some(Dimension::Money)))
                }
                "mile" | "kilometre" | "metre" | "foot" | "inch" | "centimetre" | "yard" => {
                    ("lengths", Want::Figure(value, Some(Dimension::Length)))
                }
                "percentage" => ("percentages", Want::Figure(value, Some(Dimension::Percent))),
                _ => {
                    exclude("units geonotes does not claim (science units, areas, speeds, ...)");
                    continue;
                }
            };
            cases.push(Case {
                file: file.to_string(),
                category,
                span,
                input: input.to_string(),
                published: None,
                want,
            });
        }
    }
}

fn same_value(found: f64, expected: f64) -> bool {
    (found - expected).abs() <= 1e-9 * expected.abs().max(1.0)
}

fn days_of(value: &DateValue) -> (Day, Day) {
    (value.start.first_day(), value.end.last_day())
}

fn figure_fits(figure: &Figure, value: f64, dimension: Option<Dimension>) -> bool {
    same_value(figure.value, value)
        && dimension.is_none_or(|d| figure.unit.as_ref().is_some_and(|u| u.dimension == d))
}

/// Is the expected value among what was recognized at an overlapping span?
fn found(case: &Case, quantities: &Quantities, normalized: &Normalized) -> bool {
    let overlaps = |span: &Range<usize>| {
        let original = normalized.to_original(span);
        original.start < case.span.end && case.span.start < original.end
    };
    match case.want {
        Want::Figure(value, dimension) => {
            quantities
            .figures
            .iter()
            .any(|f| overlaps(&f.span) && figure_fits(f, value, dimension))
            // A year is a date by design; quantulum counts it as a number.
            || (dimension.is_none() && quantities.dates.iter().any(|d| {
                overlaps(&d.span) && d.value.is_some_and(|v| v.start == v.end && v.start.month.is_none() && same_value(f64::from(v.start.year), value))
            }))
        }
        Want::Date(first, last) => quantities
            .dates
            .iter()
            .any(|d| overlaps(&d.span) && d.value.is_some_and(|v| days_of(&v) == (first, last))),
        Want::DateAround(point) => quantities.dates.iter().any(|d| {
            overlaps(&d.span)
                && d.value.is_some_and(|v| {
                    let (first, last) = days_of(&v);
                    first <= point && point <= last
                })
        }),
    }
}

fn score(cases: &[Case], report: &mut Report) {
    for case in cases {
        let normalized = Normalized::new(&case.input);
        let ctx = QuantityContext {
            published: case.published,
            footnote_markers: false,
        };
        let quantities = recognize(&normalized.text, &ctx);
        let hit = found(case, &quantities, &normalized);
        let cell = report
            .cells
            .entry((case.file.clone(), case.category))
            .or_default();
        cell.1 += 1;
        if hit {
            cell.0 += 1;
        } else {
            report.misses.push(format!(
                "[{}] {:?} in {:?}: want {:?}",
                case.category,
                &case.input[case.span.clone()],
                case.input,
                case.want
            ));
        }
    }
}

#[test]
fn accuracy_against_peer_specs() {
    let root = peer_specs();
    if !root.is_dir() {
        println!("skipped: peer-specs not found at {}", root.display());
        return;
    }
    let mut report = Report::default();
    let mut cases = Vec::new();
    let files: &[(&str, Reader)] = &[
        ("Number/English/NumberModel.json", rt_figures),
        ("Number/English/PercentModel.json", rt_figures),
        ("NumberWithUnit/English/CurrencyModel.json", rt_figures),
        ("NumberWithUnit/English/DimensionModel.json", rt_figures),
        ("DateTime/English/DateTimeModel.json", rt_dates),
        ("DateTime/English/DatePeriodParser.json", rt_periods),
        ("quantulum3/quantities.json", quantulum),
    ];
    for (file, read) in files {
        match read_json(&root.join(file)) {
            Some(data) => read(file, &data, &mut report, &mut cases),
            None => panic!("peer-specs file {file} is missing or not JSON"),
        }
    }
    for (file, why) in [
        (
            "Number/English/OrdinalModel.json",
            "ordinals are deliberately not figures",
        ),
        (
            "Number/English/NumberRangeModel.json",
            "number ranges are not a claimed category (qualifiers are tested in fixtures)",
        ),
    ] {
        report
            .excluded
            .insert(format!("{file}: whole file: {why}"), 0);
    }
    score(&cases, &mut report);
    print_report(&report);
    let mut below = Vec::new();
    for &(category, floor) in CATEGORIES {
        let (hit, total) = report
            .cells
            .iter()
            .filter(|((_, c), _)| *c == category)
            .fold((0, 0), |acc, (_, v)| (acc.0 + v.0, acc.1 + v.1));
        if total > 0 && (hit as f64) < floor * total as f64 {
            below.push(format!("{category}: {hit}/{total} below the floor {floor}"));
        }
    }
    assert!(
        below.is_empty(),
        "accuracy regressed:\n{}",
        below.join("\n")
    );
}

fn print_report(report: &Report) {
    println!("\n| file | category | found | expected | share |\n|---|---|---:|---:|---:|");
    for ((file, category), (hit, total)) in &report.cells {
        println!(
            "| {file} | {category} | {hit} | {total} | {:.1}% |",
            100.0 * *hit as f64 / *total as f64
        );
    }
    println!("\n| category (all files) | found | expected | share |\n|---|---:|---:|---:|");
    for &(category, _) in CATEGORIES {
        let (hit, total) = report
            .cells
            .iter()
            .filter(|((_, c), _)| *c == category)
            .fold((0, 0), |acc, (_, v)| (acc.0 + v.0, acc.1 + v.1));
        if total > 0 {
            println!(
                "| {category} | {hit} | {total} | {:.1}% |",
                100.0 * hit as f64 / total as f64
            );
        }
    }
    println!("\nLeft out of scope:");
    for (why, count) in &report.excluded {
        println!("- {why}: {count}");
    }
    if std::env::var_os("ACCURACY_MISSES").is_some() {
        println!("\nMisses:");
        for miss in &report.misses {
            println!("- {miss}");
        }
    }
}
