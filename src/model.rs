//! Plain data shared by every layer of the core: spans, entity kinds, figures, dates and findings.
//!
//! Invariant: every `Span` is a byte range into the text it was recognized in, on char
//! boundaries. Nothing here knows about LSP, files or the terminal.

use serde::Serialize;
use std::fmt;

/// A byte range into a text.
pub type Span = std::ops::Range<usize>;

/// What a knowledge-base entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Actor,
    Treaty,
    Weapon,
    Event,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Actor => "actor",
            EntityKind::Treaty => "treaty",
            EntityKind::Weapon => "weapon",
            EntityKind::Event => "event",
        }
    }
}

/// The physical dimension of a unit; values only compare within one dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    /// Counted things: troops, people, jets, countries.
    Count,
    Length,
    Area,
    Mass,
    Volume,
    Speed,
    /// Stored in years.
    Duration,
    Money,
    Percent,
    /// How often: "twice a year", "three times a week". Stored in times a year.
    Frequency,
}

/// The unit a figure is counted or measured in.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unit {
    /// Canonical, singular, lower-case name: "troop", "mile", "km", "year", "USD", "percent".
    /// A `SmolStr` because every copy of a mention copies it: short names stay inline.
    pub name: smol_str::SmolStr,
    pub dimension: Dimension,
    /// Multiply a value in this unit by `factor` to get the dimension's base unit
    /// (km for length, km² for area, kg for mass, years for duration, 1 otherwise).
    pub factor: f64,
}

/// The unit name of a count of times ("three times a year", "twice as many").
pub const TIMES: &str = "time";

/// A qualifier that makes a figure approximate or a bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Qualifier {
    /// some, about, around, roughly, approximately, nearly, almost, ~
    About,
    /// more than, over, above, at least, upwards of
    AtLeast,
    /// less than, under, below, at most, up to, fewer than
    AtMost,
}

/// A figure: a number with an optional unit and qualifier.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figure {
    /// The whole mention, qualifier and unit included ("some 300,000 Russians").
    pub span: Span,
    /// Only the numeric part ("300,000", "two million"): what a quick fix replaces.
    pub number_span: Span,
    /// Fully scaled value: "2 million" is 2e6, "300k" is 3e5, "12%" is 12.
    pub value: f64,
    pub unit: Option<Unit>,
    pub qualifier: Option<Qualifier>,
}

/// A calendar date, as precise as the text says: year, year-month or year-month-day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    pub fn year(year: i32) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }
    pub fn month(year: i32, month: u8) -> Self {
        PartialDate {
            year,
            month: Some(month),
            day: None,
        }
    }
    pub fn day(year: i32, month: u8, day: u8) -> Self {
        PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        }
    }
    /// The first day this date covers, as (y, m, d).
    pub fn first_day(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }
    /// The last day this date covers, as (y, m, d).
    pub fn last_day(&self) -> (i32, u8, u8) {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        (self.year, month, day)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

/// The days' English names, Monday first (the order `relative::weekday_near` counts in), in
/// lower case.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The months' English names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl PartialDate {
    /// As a reader writes it: "2018", "September 2018", "17 September 2018".
    pub fn readable(&self) -> String {
        let month = self
            .month
            .and_then(|m| MONTH_NAMES.get(usize::from(m).wrapping_sub(1)));
        match (self.day, month) {
            (Some(d), Some(m)) => format!("{d} {m} {}", self.year),
            (None, Some(m)) => format!("{m} {}", self.year),
            _ => self.year.to_string(),
        }
    }
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 31,
    }
}

/// An inclusive interval of dates: a single year is `start == end`, "the 1980s" is 1980..=1989.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct DateValue {
    pub start: PartialDate,
    pub end: PartialDate,
}

impl DateValue {
    pub fn single(date: PartialDate) -> Self {
        DateValue {
            start: date,
            end: date,
        }
    }
    /// ISO 8601: "2004", "2017-08", "2018-09-17", or an interval "1980/1989".
    pub fn iso(&self) -> String {
        if self.start == self.end {
            self.start.to_string()
        } else {
            format!("{}/{}", self.start, self.end)
        }
    }
    /// As a reader writes it, with what its ends share written once: "17–23 September 2018",
    /// "March–May 2018", "28 September – 4 October 2018", "2014–2015".
    pub fn readable(&self) -> String {
        let (a, b) = (&self.start, &self.end);
        if a == b {
            return a.readable();
        }
        let same_precision =
            a.month.is_some() == b.month.is_some() && a.day.is_some() == b.day.is_some();
        if same_precision && a.year == b.year && a.month.is_some() {
            let month_of = |d: &PartialDate| {
                d.month
                    .and_then(|m| MONTH_NAMES.get(usize::from(m).wrapping_sub(1)))
                    .copied()
                    .unwrap_or("")
            };
            return match (a.day, b.day) {
                (Some(x), Some(y)) if a.month == b.month => {
                    format!("{x}–{y} {} {}", month_of(a), a.year)
                }
                (Some(x), Some(y)) => {
                    format!("{x} {} – {y} {} {}", month_of(a), month_of(b), a.year)
                }
                _ => format!("{}–{} {}", month_of(a), month_of(b), a.year),
            };
        }
        if same_precision && a.month.is_none() {
            return format!("{}–{}", a.year, b.year);
        }
        format!("{} – {}", a.readable(), b.readable())
    }
    /// Does this interval cover every day of `other`?
    pub fn contains(&self, other: &DateValue) -> bool {
        self.start.first_day() <= other.start.first_day()
            && other.end.last_day() <= self.end.last_day()
    }
    /// Do the two intervals share at least one day?
    pub fn overlaps(&self, other: &DateValue) -> bool {
        self.start.first_day() <= other.end.last_day()
            && other.start.first_day() <= self.end.last_day()
    }
    /// How many years lie between the two intervals: 0 when they share a year.
    pub fn years_apart(&self, other: &DateValue) -> i32 {
        (other.start.year - self.end.year)
            .max(self.start.year - other.end.year)
            .max(0)
    }
    /// How many days lie between the two intervals: 0 when they share a day.
    pub fn days_apart(&self, other: &DateValue) -> i64 {
        let days = |(y, m, d): (i32, u8, u8)| days_from_civil(y, m, d);
        // Apart, one ends before the other starts: only those two days are counted.
        let (earlier, later) = match self.end.last_day() < other.start.first_day() {
            true => (self, other),
            false if other.end.last_day() < self.start.first_day() => (other, self),
            false => return 0,
        };
        days(later.start.first_day()) - days(earlier.end.last_day())
    }
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian; H. Hinnant's algorithm).
pub fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> PartialDate {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    PartialDate::day(year, month, day)
}

/// A date mention. `value` is `None` for a relative date ("last week") with no reference date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DateMention {
    pub span: Span,
    pub value: Option<DateValue>,
    /// True for dates stated relative to publication: "last week", "earlier this year".
    pub relative: bool,
}

/// How loud a finding is. Ordered from least to most severe.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Information,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Information => "information",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_count_from_the_unix_epoch_across_leap_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(
            days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28),
            2
        );
        assert_eq!(
            days_from_civil(1900, 3, 1) - days_from_civil(1900, 2, 28),
            1
        );
        assert_eq!(days_from_civil(2023, 11, 20), 19_681);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(civil_from_days(19_681), PartialDate::day(2023, 11, 20));
    }

    #[test]
    fn days_apart_is_the_gap_between_intervals() {
        let day = |y, m, d| DateValue::single(PartialDate::day(y, m, d));
        let week = DateValue {
            start: PartialDate::day(2023, 11, 13),
            end: PartialDate::day(2023, 11, 19),
        };
        assert_eq!(day(2023, 11, 15).days_apart(&week), 0);
        assert_eq!(week.days_apart(&day(2023, 11, 21)), 2);
        assert_eq!(day(2023, 11, 10).days_apart(&week), 3);
        let august = DateValue::single(PartialDate::month(2023, 8));
        assert_eq!(august.days_apart(&week), 74);
        assert_eq!(
            DateValue::single(PartialDate::year(2023)).days_apart(&week),
            0
        );
    }

    #[test]
    fn dates_read_as_a_reader_writes_them() {
        let span = |start, end| DateValue { start, end };
        let (y, m, d) = (PartialDate::year, PartialDate::month, PartialDate::day);
        let cases = [
            (DateValue::single(y(2004)), "2004"),
            (DateValue::single(m(2017, 8)), "August 2017"),
            (DateValue::single(d(2018, 9, 17)), "17 September 2018"),
            (span(d(2018, 9, 17), d(2018, 9, 23)), "17–23 September 2018"),
            (
                span(d(2018, 9, 28), d(2018, 10, 4)),
                "28 September – 4 October 2018",
            ),
            (
                span(d(2018, 12, 28), d(2019, 1, 3)),
                "28 December 2018 – 3 January 2019",
            ),
            (span(m(2018, 3), m(2018, 5)), "March–May 2018"),
            (span(y(2014), y(2015)), "2014–2015"),
            (span(y(2018), m(2019, 6)), "2018 – June 2019"),
        ];
        for (value, written) in cases {
            assert_eq!(value.readable(), written, "{}", value.iso());
        }
    }
}
