//! Absolute and relative date phrases found by one search over every form: full dates, month
//! and year, year ranges, decades, and relative phrases. Plain years are found by the figure
//! pass, which alone can tell "in 2014" from "2000 troops".
//!
//! Spans never include a leading "the", "in" or "from"... except where the word carries the
//! meaning ("from 2014 to 2016", "between 2014 and 2016").

use super::relative::{self, Period, Relation};
use super::scan;
use super::yearless;
use super::QuantityContext;
use crate::model::{days_in_month, DateMention, DateValue, PartialDate, Qualifier};
use regex::{Captures, Regex};
use std::sync::{LazyLock, OnceLock};

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
/// A month's full name: the forms without a year take no abbreviation ("Mar", "Dec").
const FULL_MONTH: &str =
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)";
/// A month's abbreviation ("Mar", "Sept."), which a date without a year takes only beside
/// its day ("Sat 15 Mar", "Mar. 3"): alone, "Jan" and "Mar" are a name and a verb.
const SHORT_MONTH: &str = r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?";
const YEAR: &str = r"(?:1[0-9]{3}|20[0-9]{2}|21[0-9]{2})";
/// Days of the month spelled as ordinals ("the fourth of July", "January first").
const ORDINAL_DAYS: [&str; 31] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
    "twenty-second",
    "twenty-third",
    "twenty-fourth",
    "twenty-fifth",
    "twenty-sixth",
    "twenty-seventh",
    "twenty-eighth",
    "twenty-ninth",
    "thirtieth",
    "thirty-first",
];

const COUNT: &str =
    r"[0-9]{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve";

/// The shapes a date phrase takes, in the order the search prefers them where several match
/// at one position (leftmost-first, as alternatives of one regex would be).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Form {
    Iso,
    /// "24.02.2022": day, month and year in digits with dots, as much of Europe writes them.
    /// (With slashes the order of day and month is a guess: not read.)
    DottedDayMonthYear,
    YearMonthDay,
    DayMonthYearSlashed,
    YearDayMonth,
    /// "17-23 September 2018", "September 17-23, 2018": days of one month.
    DayRange,
    MonthDayRange,
    DayMonthYear,
    MonthDayYear,
    MonthYear,
    YearMonth,
    WordRange,
    ToRange,
    YearRange,
    Decade,
    WordDecade,
    PartOfYear,
    Relative,
    Ago,
    DayWord,
    /// "'80s": the only form that may start after a word character.
    ShortDecade,
    /// "in April", "on April 16": a month or day without a year is one of the publication's
    /// year, as a news report writes it. Last, so that every form with a year is preferred.
    BareMonth,
    /// "on 20 May": a day before its month, without a year.
    BareDayMonth,
    /// "on Tuesday", "said Tuesday": the day of that name nearest the publication, before it
    /// unless the clause looks ahead.
    Weekday,
}

/// Each form's pattern; `Y`, `M`, `F`, `C` and `O` stand for a year, a month, a month's full
/// name, a count and a day written as an ordinal.
const FORMS: [(Form, &str); 24] = [
    (Form::Iso, r"(?P<iy>Y)-(?P<im>[01][0-9])-(?P<id>[0-3][0-9])"),
    (
        Form::DottedDayMonthYear,
        r"(?P<ndd>[0-3]?[0-9])\.(?P<ndm>[01]?[0-9])\.(?P<ndy>Y)",
    ),
    (
        Form::YearMonthDay,
        r"(?P<ymdy>Y)[/-](?P<ymdm>M)[/-](?P<ymdd>[0-3]?[0-9])",
    ),
    (
        Form::DayMonthYearSlashed,
        r"(?P<dsd>[0-3]?[0-9])[/-](?P<dsm>M)[/-](?P<dsy>Y)",
    ),
    (
        Form::YearDayMonth,
        r"(?P<ydmy>Y)/(?P<ydmd>[0-3]?[0-9])/(?P<ydmm>M)",
    ),
    (
        Form::DayRange,
        r"(?P<rd1>[0-3]?[0-9])(?:st|nd|rd|th)? ?[-–] ?(?P<rd2>[0-3]?[0-9])(?:st|nd|rd|th)? (?P<rdm>M)(?: ?, ?| )(?P<rdy>Y)",
    ),
    (
        Form::MonthDayRange,
        r"(?P<mrm>M) ?(?P<mr1>[0-3]?[0-9])(?:st|nd|rd|th)? ?[-–] ?(?P<mr2>[0-3]?[0-9])(?:st|nd|rd|th)?(?: ?, ?| )(?P<mry>Y)",
    ),
    (
        Form::DayMonthYear,
        r"(?P<dd>[0-3]?[0-9](?:st|nd|rd|th)?|O)(?: of)? (?P<dm>M)(?: ?, ?| of | in | )(?P<dy>Y)",
    ),
    (
        Form::MonthDayYear,
        r"(?P<mm>M) ?(?P<md>[0-3]?[0-9](?:st|nd|rd|th)?|O)(?: ?, ?| of | )(?P<my>Y)",
    ),
    (
        Form::MonthYear,
        r"(?P<mym>M)(?: ?, ?| of | |[-/])(?P<myy>Y)",
    ),
    (Form::YearMonth, r"(?P<ymy>Y)(?: ?, ?| )(?P<ymm>M)"),
    (
        Form::WordRange,
        r"(?:from (?P<w1>Y) (?:to|until|till|through|-|~) ?(?P<w2>Y))|(?:between (?P<b1>Y) (?:and|through|-|~) ?(?P<b2>Y))",
    ),
    (
        Form::ToRange,
        r"(?P<t1>Y) (?:to|until|till|through) (?P<t2>Y)",
    ),
    (
        Form::YearRange,
        r"(?P<h1>Y) ?[-/~] ?(?P<h2>[0-9]{4}|[0-9]{2})",
    ),
    (
        Form::Decade,
        r"(?:(?P<dmod>early|mid|late)[- ])?(?P<dn>1[0-9]{2}0|20[0-9]0) ?'?s",
    ),
    (
        Form::WordDecade,
        r"the (?:(?P<dwc>nineteen|twenty) )?(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|noughties|two thousands|twenty[- ]tens|two thousand and tens)",
    ),
    (
        Form::PartOfYear,
        r"(?P<partw>beginning|start|middle|end|mid)(?:(?: of| of the year)? |-)(?P<party>Y)",
    ),
    (
        Form::Relative,
        r"(?:(?P<rmod>early|late|earlier|later) )?(?P<rwhich>last|this|next|past|previous|coming) (?P<rperiod>week|weekend|month|year|decade|summer|winter|spring|autumn|fall)",
    ),
    (
        Form::Ago,
        r"(?P<agon>C) (?P<agop>days?|weeks?|months?|years?|decades?) ago",
    ),
    (Form::DayWord, r"yesterday|today|tomorrow"),
    (Form::ShortDecade, r"'(?P<dec2>[0-9]0)'?s"),
    (
        Form::BareMonth,
        r"(?P<bmm>F|A)(?: (?P<bmd>[0-3]?[0-9])(?:st|nd|rd|th)?)?",
    ),
    (
        Form::BareDayMonth,
        r"(?P<bdd>[0-3]?[0-9])(?:st|nd|rd|th)? (?:of )?(?P<bdm>F|A)",
    ),
    (
        Form::Weekday,
        r"monday|tuesday|wednesday|thursday|friday|saturday|sunday",
    ),
];

/// The date search and, per form, the regex that takes a match apart.
struct DatePatterns {
    /// Every form as a pattern of its own: a match says which form it is, and the search
    /// resolves no groups. Resolving them in one regex of all forms cost more than the search
    /// itself (a microsecond a match, for a backtracker over the whole automaton).
    search: regex_automata::meta::Regex,
    /// Each form alone, anchored at both ends, for the groups of a match; built when a match
    /// of its form first needs it (a note uses a few of the eighteen), or all at once by the
    /// server's warm-up (`prepare`).
    parts: [OnceLock<Regex>; FORMS.len()],
}

/// A form's pattern with its placeholders filled in.
fn expand(body: &str) -> String {
    body.replace('Y', YEAR)
        .replace('M', MONTH)
        .replace('F', FULL_MONTH)
        .replace('A', SHORT_MONTH)
        .replace('C', COUNT)
        .replace('O', &ORDINAL_DAYS.join("|"))
}

static DATES: LazyLock<DatePatterns> = LazyLock::new(|| {
    let searched: Vec<String> = FORMS
        .iter()
        .map(|&(form, body)| match form {
            Form::ShortDecade => format!(r"(?i)(?:{})(?-u:\b)", expand(body)),
            _ => format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", expand(body)),
        })
        .collect();
    // No prefilter: with the forms' case-insensitive alternatives no literal set is small
    // enough to be one, and extracting them per pattern doubled the build (to 4.7 ms).
    let config = regex_automata::meta::Config::new()
        .which_captures(regex_automata::nfa::thompson::WhichCaptures::Implicit)
        .auto_prefilter(false);
    let search = regex_automata::meta::Regex::builder()
        .configure(config)
        .build_many(&searched)
        .expect("date patterns are valid");
    DatePatterns {
        search,
        parts: std::array::from_fn(|_| OnceLock::new()),
    }
});

impl DatePatterns {
    /// The regex that takes apart a match of the form numbered `form`.
    fn part(&self, form: usize) -> &Regex {
        self.parts[form].get_or_init(|| {
            Regex::new(&format!("(?i)^(?:{})$", expand(FORMS[form].1))).expect("date form is valid")
        })
    }

    /// The groups of `matched`, a match of the form numbered `form`.
    fn parts_of<'t>(&self, form: usize, matched: &'t str) -> Option<Captures<'t>> {
        self.part(form).captures(matched)
    }
}

/// Build the search and every form's regex now.
pub(super) fn prepare() {
    for form in 0..FORMS.len() {
        DATES.part(form);
    }
}

/// Month number of a month name or abbreviation.
fn month_number(name: &str) -> Option<u8> {
    let prefix = name.get(..3)?.to_ascii_lowercase();
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    NAMES.iter().position(|m| *m == prefix).map(|i| i as u8 + 1)
}

fn year_of(caps: &Captures, name: &str) -> Option<i32> {
    caps.name(name)?.as_str().parse().ok()
}

fn full_date(year: i32, month: Option<u8>, day: &str) -> Option<PartialDate> {
    let month = month?;
    let lower = day.to_ascii_lowercase();
    let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let day: u8 = match digits.parse() {
        Ok(day) => day,
        Err(_) => ORDINAL_DAYS.iter().position(|o| *o == lower)? as u8 + 1,
    };
    (1..=days_in_month(year, month))
        .contains(&day)
        .then(|| PartialDate::day(year, month, day))
}

fn years(first: i32, last: i32) -> Option<DateValue> {
    (first < last).then(|| DateValue {
        start: PartialDate::year(first),
        end: PartialDate::year(last),
    })
}

/// Is the match part of a name ("Vostok-2018", "COVID-19") or a citation ("¶2014")? A
/// modifier before the hyphen ("mid-September 2018", "late-August") is no name.
fn inside_designation(text: &str, start: usize) -> bool {
    match scan::char_before(text, start) {
        Some('-') => {
            scan::is_word_char_before(text, start - 1)
                && !scan::word_ending_at(text, start - 1)
                    .is_some_and(|w| w.is_any(&["mid", "early", "late"]))
        }
        Some('¶' | '$' | '#' | '.' | ',') => true,
        _ => false,
    }
}

/// Every date phrase in `text` except plain years, sorted and non-overlapping.
pub(super) fn find(text: &str, ctx: &QuantityContext) -> Vec<DateMention> {
    let dates = &*DATES;
    let mut found = Vec::new();
    let mut pos = 0;
    while let Some(whole) = dates
        .search
        .search(&regex_automata::Input::new(text).range(pos..))
    {
        let which = whole.pattern().as_usize();
        let after = scan::char_at(text, whole.end());
        let accepted = !inside_designation(text, whole.start())
            && !matches!(after, Some('%' | '-'))
            && match FORMS[which].0 {
                Form::BareMonth => yearless::is_month(text, &whole.range()),
                Form::BareDayMonth => yearless::is_day_month(text, &whole.range()),
                _ => true,
            };
        let parts = || dates.parts_of(which, &text[whole.range()]);
        let found_here = match FORMS[which].0 {
            // Needs the words around it, not groups.
            Form::Weekday => accepted
                .then(|| yearless::weekday(text, whole.range(), ctx.published))
                .flatten(),
            // "between June and December 2023": the year of the range's end, not of the
            // publication.
            Form::BareMonth => {
                let ranged =
                    yearless::year_of_range_end(text, whole.end()).map(|year| QuantityContext {
                        published: Some(PartialDate::year(year)),
                        ..ctx.clone()
                    });
                accepted.then(parts).flatten().and_then(|caps| {
                    mention(
                        Form::BareMonth,
                        &caps,
                        whole.range(),
                        ranged.as_ref().unwrap_or(ctx),
                    )
                })
            }
            form => accepted
                .then(parts)
                .flatten()
                .and_then(|caps| mention(form, &caps, whole.range(), ctx)),
        };
        match found_here {
            Some(mention) => {
                pos = whole.end();
                let mention = match FORMS[which].0 {
                    Form::Ago => {
                        let floor = found.last().map_or(0, |m: &DateMention| m.span.end);
                        qualified_ago(text, mention, floor, ctx)
                    }
                    _ => mention,
                };
                found.push(mention);
            }
            // A rejected match may hide a date that starts inside it ("6,107.31 August 2019").
            None => {
                pos = whole.start() + scan::char_at(text, whole.start()).map_or(1, char::len_utf8)
            }
        }
        if pos >= text.len() {
            break;
        }
    }
    found
}

/// "more than 20 years ago" reaches back further than "20 years ago": before 2003, for a
/// note published in 2023, as far again; "less than 20 years ago" runs from 2003 to the
/// publication; "about 20 years ago" is a year either side. The qualifier joins the span, as
/// a figure's does. Only years are widened: a day or a month ago is precise enough.
fn qualified_ago(
    text: &str,
    mention: DateMention,
    floor: usize,
    ctx: &QuantityContext,
) -> DateMention {
    let (Some(value), Some(published)) = (mention.value, ctx.published) else {
        return mention;
    };
    let Some((start, qualifier)) =
        super::qualifiers::qualifier_before(text, mention.span.start, floor)
    else {
        return mention;
    };
    if value.start.month.is_some() || value != DateValue::single(value.start) {
        return mention;
    }
    let year = value.start.year;
    let back = published.year - year;
    let (first, last) = match qualifier {
        Qualifier::AtLeast => (year - back, year),
        Qualifier::AtMost => (year, published.year),
        Qualifier::About => (year - 1, year + 1),
    };
    DateMention {
        span: start..mention.span.end,
        value: years(first, last.min(published.year)),
        relative: true,
    }
}

fn mention(
    form: Form,
    caps: &Captures,
    span: std::ops::Range<usize>,
    ctx: &QuantityContext,
) -> Option<DateMention> {
    let absolute = |value: DateValue| {
        Some(DateMention {
            span: span.clone(),
            value: Some(value),
            relative: false,
        })
    };
    let text_of = |group: &str| caps.name(group).map(|m| m.as_str());
    // A full date from the groups holding its year, month name and day.
    let dated = |year: &str, month: &str, day: &str| {
        let month = month_number(text_of(month)?);
        absolute(DateValue::single(full_date(
            year_of(caps, year)?,
            month,
            text_of(day)?,
        )?))
    };
    // Days `first` to `last` of one month, from the groups holding them.
    let day_range = |year: &str, month: &str, first: &str, last: &str| {
        let (year, month) = (year_of(caps, year)?, month_number(text_of(month)?));
        let start = full_date(year, month, text_of(first)?)?;
        let end = full_date(year, month, text_of(last)?)?;
        (start.day < end.day).then_some(())?;
        absolute(DateValue { start, end })
    };
    // A full date from the groups holding its year, month and day, all in digits.
    let in_digits = |year: &str, month: &str, day: &str| {
        let month: u8 = text_of(month)?.parse().ok()?;
        if !(1..=12).contains(&month) {
            return None;
        }
        absolute(DateValue::single(full_date(
            year_of(caps, year)?,
            Some(month),
            text_of(day)?,
        )?))
    };
    match form {
        Form::Iso => in_digits("iy", "im", "id"),
        Form::DottedDayMonthYear => in_digits("ndy", "ndm", "ndd"),
        Form::DayRange => day_range("rdy", "rdm", "rd1", "rd2"),
        Form::MonthDayRange => day_range("mry", "mrm", "mr1", "mr2"),
        Form::DayMonthYear => dated("dy", "dm", "dd"),
        Form::MonthDayYear => dated("my", "mm", "md"),
        Form::YearMonthDay => dated("ymdy", "ymdm", "ymdd"),
        Form::YearDayMonth => dated("ydmy", "ydmm", "ydmd"),
        Form::DayMonthYearSlashed => dated("dsy", "dsm", "dsd"),
        Form::YearMonth => {
            let name = text_of("ymm")?;
            // "in 2014 may see", "2014 march": a lower-case verb, not a month.
            if name == "may" || name == "march" {
                return None;
            }
            let month = month_number(name)?;
            absolute(DateValue::single(PartialDate::month(
                year_of(caps, "ymy")?,
                month,
            )))
        }
        Form::WordDecade => {
            let tens = [
                "twenties",
                "thirties",
                "forties",
                "fifties",
                "sixties",
                "seventies",
                "eighties",
                "nineties",
            ];
            let word = text_of("dw")?.to_ascii_lowercase();
            if word.starts_with("two") || word.starts_with("twenty") || word == "noughties" {
                let first = if word.contains("tens") { 2010 } else { 2000 };
                return absolute(years(first, first + 9)?);
            }
            let decade = 20 + 10 * tens.iter().position(|t| *t == word)? as i32;
            let century = match text_of("dwc").map(str::to_ascii_lowercase).as_deref() {
                Some("twenty") => 2000,
                _ => 1900,
            };
            absolute(years(century + decade, century + decade + 9)?)
        }
        Form::PartOfYear => {
            let year = year_of(caps, "party")?;
            let (first, last) = match text_of("partw")?.to_ascii_lowercase().as_str() {
                "beginning" | "start" => (1, 4),
                "middle" | "mid" => (5, 8),
                _ => (9, 12),
            };
            absolute(DateValue {
                start: PartialDate::month(year, first),
                end: PartialDate::month(year, last),
            })
        }
        Form::MonthYear => {
            let month = month_number(text_of("mym")?)?;
            absolute(DateValue::single(PartialDate::month(
                year_of(caps, "myy")?,
                month,
            )))
        }
        Form::WordRange => {
            let (first, last) = match caps.name("w1") {
                Some(_) => (year_of(caps, "w1")?, year_of(caps, "w2")?),
                None => (year_of(caps, "b1")?, year_of(caps, "b2")?),
            };
            absolute(years(first, last)?)
        }
        Form::ToRange => absolute(years(year_of(caps, "t1")?, year_of(caps, "t2")?)?),
        Form::YearRange => year_range(caps, span),
        Form::Decade | Form::ShortDecade => {
            let first = match text_of("dn") {
                Some(n) => n.parse().ok()?,
                None => 1900 + text_of("dec2")?.parse::<i32>().ok()?,
            };
            let (from, to) = match text_of("dmod").map(str::to_ascii_lowercase).as_deref() {
                Some("early") => (0, 3),
                Some("mid") => (3, 6),
                Some("late") => (7, 9),
                _ => (0, 9),
            };
            absolute(years(first + from, first + to)?)
        }
        Form::BareMonth => {
            let month = month_number(text_of("bmm")?)?;
            let value = match (ctx.published, text_of("bmd")) {
                (None, _) => None,
                (Some(p), None) => Some(PartialDate::month(p.year, month)),
                // A day that the month does not have is no date.
                (Some(p), Some(day)) => Some(full_date(p.year, Some(month), day)?),
            };
            Some(DateMention {
                span,
                value: value.map(DateValue::single),
                relative: true,
            })
        }
        Form::BareDayMonth => {
            let month = month_number(text_of("bdm")?)?;
            let value = match ctx.published {
                None => None,
                Some(p) => Some(full_date(p.year, Some(month), text_of("bdd")?)?),
            };
            Some(DateMention {
                span,
                value: value.map(DateValue::single),
                relative: true,
            })
        }
        Form::Weekday => None,
        Form::Relative | Form::Ago | Form::DayWord => {
            let (period, relation) = relative_phrase(caps)?;
            let value = ctx
                .published
                .and_then(|published| relative::resolve(period, relation, published));
            Some(DateMention {
                span,
                value,
                relative: true,
            })
        }
    }
}

/// "2014-15" and "2014-2015" are year ranges; "2016-11", which cannot be one, is a month.
fn year_range(caps: &Captures, span: std::ops::Range<usize>) -> Option<DateMention> {
    let first = year_of(caps, "h1")?;
    let second_text = caps.name("h2")?.as_str();
    let second: i32 = second_text.parse().ok()?;
    let value = if second_text.len() == 4 {
        years(first, second)?
    } else {
        let century = first - first.rem_euclid(100);
        let mut last = century + second;
        if last <= first && first.rem_euclid(100) >= 90 && second < 10 {
            last += 100;
        }
        match years(first, last) {
            Some(range) => range,
            None if (1..=12).contains(&second) => {
                DateValue::single(PartialDate::month(first, second as u8))
            }
            None => return None,
        }
    };
    Some(DateMention {
        span,
        value: Some(value),
        relative: false,
    })
}

fn relative_phrase(caps: &Captures) -> Option<(Period, Relation)> {
    if let Some(which) = caps.name("rwhich") {
        let period = Period::from_word(caps.name("rperiod")?.as_str())?;
        let which = which.as_str().to_ascii_lowercase();
        let modifier = caps.name("rmod").map(|m| m.as_str().to_ascii_lowercase());
        let offset = match which.as_str() {
            "this" => 0,
            "next" | "coming" => 1,
            _ => -1,
        };
        // "early"/"late" take the first or second half of the period, as Recognizers-Text does.
        let relation = match (offset, modifier.as_deref()) {
            (0, Some("earlier")) => Relation::SoFar,
            (0, Some("later")) => Relation::Rest,
            (_, Some("early")) => Relation::FirstHalf(offset),
            (_, Some("late" | "later")) => Relation::SecondHalf(offset),
            _ => Relation::Offset(offset),
        };
        return Some((period, relation));
    }
    if let Some(count) = caps.name("agon") {
        let period = Period::from_word(caps.name("agop")?.as_str())?;
        let n = match count.as_str().parse::<i32>() {
            Ok(n) => n,
            Err(_) => {
                let word = scan::word_at(count.as_str(), 0)?;
                if word.is("a") || word.is("an") {
                    1
                } else {
                    super::numbers::small_word(&word)? as i32
                }
            }
        };
        return Some((period, Relation::Ago(n)));
    }
    let word = caps.get(0)?.as_str().to_ascii_lowercase();
    let offset = match word.as_str() {
        "yesterday" => -1,
        "today" => 0,
        _ => 1,
    };
    Some((Period::Day, Relation::Offset(offset)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_date_phrases() {
        let ctx = QuantityContext {
            published: Some(PartialDate::day(2018, 9, 19)),
            footnote_markers: false,
        };
        let cases: &[(&str, &str, Option<&str>)] = &[
            (
                "sanctions in August 2017 convinced",
                "August 2017",
                Some("2017-08"),
            ),
            ("in Aug. 2017", "Aug. 2017", Some("2017-08")),
            (
                "on 17 September 2018,",
                "17 September 2018",
                Some("2018-09-17"),
            ),
            (
                "on September 17, 2018,",
                "September 17, 2018",
                Some("2018-09-17"),
            ),
            ("on 2018-09-17.", "2018-09-17", Some("2018-09-17")),
            ("In the 1980s, they", "1980s", Some("1980/1989")),
            ("the 1990s", "1990s", Some("1990/1999")),
            ("the mid-1990s", "mid-1990s", Some("1993/1996")),
            ("the ruble in 2014-15, have", "2014-15", Some("2014/2015")),
            ("in 2014-2015", "2014-2015", Some("2014/2015")),
            ("from 2014 to 2016", "from 2014 to 2016", Some("2014/2016")),
            (
                "between 2014 and 2016",
                "between 2014 and 2016",
                Some("2014/2016"),
            ),
            ("in 1999-00", "1999-00", Some("1999/2000")),
            (
                "Early last week, Russia",
                "Early last week",
                Some("2018-09-10/2018-09-12"),
            ),
            ("late last year", "late last year", Some("2017-07/2017-12")),
            (
                "this weekend",
                "this weekend",
                Some("2018-09-22/2018-09-23"),
            ),
            ("the 2017 april plan", "2017 april", Some("2017-04")),
            ("on Dec. 31 , 1994", "Dec. 31 , 1994", Some("1994-12-31")),
            ("on 2019/aug/01", "2019/aug/01", Some("2019-08-01")),
            ("at the end of 2000", "end of 2000", Some("2000-09/2000-12")),
            ("the nineties", "the nineties", Some("1990/1999")),
            ("in the 1990 s", "1990 s", Some("1990/1999")),
            ("6,107.31 August 2019", "August 2019", Some("2019-08")),
            (
                "began installing earlier this year",
                "earlier this year",
                Some("2018-01-01/2018-06-30"),
            ),
            ("last month", "last month", Some("2018-08")),
            ("next year", "next year", Some("2019")),
            ("yesterday", "yesterday", Some("2018-09-18")),
            ("three years ago", "three years ago", Some("2015")),
            ("in the '80s", "'80s", Some("1980/1989")),
        ];
        for &(text, span, iso) in cases {
            let found = find(text, &ctx);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(&text[found[0].span.clone()], span, "{text}");
            assert_eq!(found[0].value.map(|v| v.iso()).as_deref(), iso, "{text}");
        }
    }

    #[test]
    fn relative_dates_without_publication_have_no_value() {
        let found = find("last week", &QuantityContext::default());
        assert_eq!(
            found,
            vec![DateMention {
                span: 0..9,
                value: None,
                relative: true
            }]
        );
    }

    #[test]
    fn names_and_citations_are_not_dates() {
        for text in ["Vostok-2018 began", "COVID-19", "see ¶2014", "2,014 troops"] {
            assert_eq!(find(text, &QuantityContext::default()), vec![], "{text}");
        }
    }
}
