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
use serde_json::Value;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

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
    ("cardinals", 0.64),
    ("scale words", 0.44),
    ("number words", 0.69),
    ("fractions", 0.11),
    ("percentages", 0.49),
    ("money", 0.69),
    ("lengths", 0.56),
    ("years", 0.58),
    ("month-year", 0.35),
    ("full dates", 0.29),
    ("decades", 0.23),
    ("year ranges", 0.0),
    ("relative dates", 0.76),
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
    if subtype == "power" || lower.contains('^') || lower.contains("e-") || lower.contains("e+") {
        return Err("power and exponent forms (1e10, 1.1^23)");
    }
    if subtype == "fraction" {
        return Ok("fractions");
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
            let subtype = resolution["subtype"].as_str().unwrap_or_default();
            let unit = resolution["unit"].as_str().unwrap_or_default();
            let (category, dimension) = match result["TypeName"].as_str().unwrap_or_default() {
                "number" => match number_category(text, subtype) {
                    Ok(category) => (category, None),
                    Err(why) => {
                        exclude(why);
                        continue;
                    }
                },
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
            let start = result["Start"].as_u64().unwrap_or(0) as usize;
            let end = result["End"].as_u64().unwrap_or(0) as usize;
            let Some(span) = char_span(input, start, end) else {
                continue;
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
fn rt_date_want(resolution: &Value, text: &str) -> Option<Want> {
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
    Some(Want::Date(start, day_before(end)))
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
                .find_map(|v| rt_date_want(v, &text.to_ascii_lowercase()))
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
            let want = Want::Date(first, day_before(after));
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
            let is_year = surface.len() == 4
                && (1000.0..2200.0).contains(&value)
                && surface.bytes().all(|b| b.is_ascii_digit());
            let (category, want) = match unit {
                "dimensionless" if surface.ends_with('s') && surface.contains("0s") => {
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
