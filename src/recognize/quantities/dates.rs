//! Absolute and relative date phrases found by one regex pass: full dates, month and year,
//! year ranges, decades, and relative phrases. Plain years are found by the figure pass,
//! which alone can tell "in 2014" from "2000 troops".
//!
//! Spans never include a leading "the", "in" or "from"... except where the word carries the
//! meaning ("from 2014 to 2016", "between 2014 and 2016").

use super::relative::{self, Period, Relation};
use super::scan;
use super::QuantityContext;
use crate::model::{days_in_month, DateMention, DateValue, PartialDate};
use regex::{Captures, Regex};
use std::sync::LazyLock;

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
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

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = [
        r"(?i)(?-u:\b)(?:",
        r"(?P<iso>(?P<iy>Y)-(?P<im>[01][0-9])-(?P<id>[0-3][0-9]))",
        r"|(?P<ymd>(?P<ymdy>Y)[/-](?P<ymdm>M)[/-](?P<ymdd>[0-3]?[0-9]))",
        r"|(?P<dmyslash>(?P<dsd>[0-3]?[0-9])[/-](?P<dsm>M)[/-](?P<dsy>Y))",
        r"|(?P<ydm>(?P<ydmy>Y)/(?P<ydmd>[0-3]?[0-9])/(?P<ydmm>M))",
        r"|(?P<dmy>(?P<dd>[0-3]?[0-9](?:st|nd|rd|th)?|O)(?: of)? (?P<dm>M)(?: ?, ?| of | in | )(?P<dy>Y))",
        r"|(?P<mdy>(?P<mm>M) ?(?P<md>[0-3]?[0-9](?:st|nd|rd|th)?|O)(?: ?, ?| of | )(?P<my>Y))",
        r"|(?P<monthyear>(?P<mym>M)(?: ?, ?| of | |[-/])(?P<myy>Y))",
        r"|(?P<yearmonth>(?P<ymy>Y)(?: ?, ?| )(?P<ymm>M))",
        r"|(?P<wordrange>(?:from (?P<w1>Y) (?:to|until|till|through|-|~) ?(?P<w2>Y))|(?:between (?P<b1>Y) (?:and|through|-|~) ?(?P<b2>Y)))",
        r"|(?P<torange>(?P<t1>Y) (?:to|until|till|through) (?P<t2>Y))",
        r"|(?P<hyrange>(?P<h1>Y) ?[-/~] ?(?P<h2>[0-9]{4}|[0-9]{2}))",
        r"|(?P<decade>(?:(?P<dmod>early|mid|late)[- ])?(?P<dn>1[0-9]{2}0|20[0-9]0) ?'?s)",
        r"|(?P<wdecade>the (?:(?P<dwc>nineteen|twenty) )?(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|noughties|two thousands|twenty[- ]tens|two thousand and tens))",
        r"|(?P<part>(?P<partw>beginning|start|middle|end|mid)(?:(?: of| of the year)? |-)(?P<party>Y))",
        r"|(?P<rel>(?:(?P<rmod>early|late|earlier|later) )?(?P<rwhich>last|this|next|past|previous|coming) (?P<rperiod>week|weekend|month|year|decade|summer|winter|spring|autumn|fall))",
        r"|(?P<ago>(?P<agon>C) (?P<agop>days?|weeks?|months?|years?|decades?) ago)",
        r"|(?P<dayword>yesterday|today|tomorrow)",
        r")(?-u:\b)",
        r"|'(?P<dec2>[0-9]0)'?s(?-u:\b)",
    ]
    .concat()
    .replace('Y', YEAR)
    .replace('M', MONTH)
    .replace('C', COUNT)
    .replace('O', &ORDINAL_DAYS.join("|"));
    Regex::new(&pattern).expect("date pattern is valid")
});

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

/// Is the match part of a name ("Vostok-2018", "COVID-19") or a citation ("¶2014")?
fn inside_designation(text: &str, start: usize) -> bool {
    match scan::char_before(text, start) {
        Some('-') => scan::is_word_char_before(text, start - 1),
        Some('¶' | '$' | '#' | '.' | ',') => true,
        _ => false,
    }
}

/// Every date phrase in `text` except plain years, sorted and non-overlapping.
pub(super) fn find(text: &str, ctx: &QuantityContext) -> Vec<DateMention> {
    let mut found = Vec::new();
    let mut pos = 0;
    while let Some(caps) = DATE.captures_at(text, pos) {
        let Some(whole) = caps.get(0) else { break };
        let after = scan::char_at(text, whole.end());
        let accepted =
            !inside_designation(text, whole.start()) && !matches!(after, Some('%' | '-'));
        match accepted
            .then(|| mention(&caps, whole.range(), ctx))
            .flatten()
        {
            Some(mention) => {
                pos = whole.end();
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

fn mention(
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
    if caps.name("iso").is_some() {
        let year = year_of(caps, "iy")?;
        let month: u8 = caps.name("im")?.as_str().parse().ok()?;
        if !(1..=12).contains(&month) {
            return None;
        }
        return absolute(DateValue::single(full_date(
            year,
            Some(month),
            caps.name("id")?.as_str(),
        )?));
    }
    if caps.name("dmy").is_some() {
        let month = month_number(caps.name("dm")?.as_str());
        return absolute(DateValue::single(full_date(
            year_of(caps, "dy")?,
            month,
            caps.name("dd")?.as_str(),
        )?));
    }
    if caps.name("mdy").is_some() {
        let month = month_number(caps.name("mm")?.as_str());
        return absolute(DateValue::single(full_date(
            year_of(caps, "my")?,
            month,
            caps.name("md")?.as_str(),
        )?));
    }
    if caps.name("ymd").is_some() {
        let month = month_number(caps.name("ymdm")?.as_str());
        return absolute(DateValue::single(full_date(
            year_of(caps, "ymdy")?,
            month,
            caps.name("ymdd")?.as_str(),
        )?));
    }
    if caps.name("ydm").is_some() {
        let month = month_number(caps.name("ydmm")?.as_str());
        return absolute(DateValue::single(full_date(
            year_of(caps, "ydmy")?,
            month,
            caps.name("ydmd")?.as_str(),
        )?));
    }
    if caps.name("dmyslash").is_some() {
        let month = month_number(caps.name("dsm")?.as_str());
        return absolute(DateValue::single(full_date(
            year_of(caps, "dsy")?,
            month,
            caps.name("dsd")?.as_str(),
        )?));
    }
    if caps.name("yearmonth").is_some() {
        let name = caps.name("ymm")?.as_str();
        // "in 2014 may see", "2014 march": a lower-case verb, not a month.
        if name == "may" || name == "march" {
            return None;
        }
        let month = month_number(name)?;
        return absolute(DateValue::single(PartialDate::month(
            year_of(caps, "ymy")?,
            month,
        )));
    }
    if caps.name("wdecade").is_some() {
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
        let word = caps.name("dw")?.as_str().to_ascii_lowercase();
        if word.starts_with("two") || word.starts_with("twenty") || word == "noughties" {
            let first = if word.contains("tens") { 2010 } else { 2000 };
            return absolute(years(first, first + 9)?);
        }
        let decade = 20 + 10 * tens.iter().position(|t| *t == word)? as i32;
        let century = match caps
            .name("dwc")
            .map(|m| m.as_str().to_ascii_lowercase())
            .as_deref()
        {
            Some("twenty") => 2000,
            _ => 1900,
        };
        return absolute(years(century + decade, century + decade + 9)?);
    }
    if caps.name("part").is_some() {
        let year = year_of(caps, "party")?;
        let (first, last) = match caps.name("partw")?.as_str().to_ascii_lowercase().as_str() {
            "beginning" | "start" => (1, 4),
            "middle" | "mid" => (5, 8),
            _ => (9, 12),
        };
        return absolute(DateValue {
            start: PartialDate::month(year, first),
            end: PartialDate::month(year, last),
        });
    }
    if caps.name("monthyear").is_some() {
        let month = month_number(caps.name("mym")?.as_str())?;
        return absolute(DateValue::single(PartialDate::month(
            year_of(caps, "myy")?,
            month,
        )));
    }
    if caps.name("wordrange").is_some() {
        let (first, last) = match caps.name("w1") {
            Some(_) => (year_of(caps, "w1")?, year_of(caps, "w2")?),
            None => (year_of(caps, "b1")?, year_of(caps, "b2")?),
        };
        return absolute(years(first, last)?);
    }
    if caps.name("torange").is_some() {
        return absolute(years(year_of(caps, "t1")?, year_of(caps, "t2")?)?);
    }
    if caps.name("hyrange").is_some() {
        return year_range(caps, span);
    }
    if caps.name("decade").is_some() || caps.name("dec2").is_some() {
        let first = match caps.name("dn") {
            Some(n) => n.as_str().parse().ok()?,
            None => 1900 + caps.name("dec2")?.as_str().parse::<i32>().ok()?,
        };
        let (from, to) = match caps
            .name("dmod")
            .map(|m| m.as_str().to_ascii_lowercase())
            .as_deref()
        {
            Some("early") => (0, 3),
            Some("mid") => (3, 6),
            Some("late") => (7, 9),
            _ => (0, 9),
        };
        return absolute(years(first + from, first + to)?);
    }
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
    let word = caps.name("dayword")?.as_str().to_ascii_lowercase();
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
