//! Relative dates ("last week", "earlier this year", "three years ago") resolved against the
//! publication date, plus the small calendar arithmetic they need.
//!
//! A phrase that needs more precision than `published` has (a day for "last week") resolves to
//! `None` rather than a guess.

use crate::model::{civil_from_days, days_from_civil, days_in_month, DateValue, PartialDate};

/// Monday is 0.
fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

/// The day of the week `weekday` (Monday 0) nearest day `today`: on or before it (strictly
/// before when `before`), or after it when `ahead`.
pub(super) fn weekday_near(
    today: i64,
    weekday_wanted: i64,
    ahead: bool,
    before: bool,
) -> DateValue {
    let day = if ahead {
        let gap = (weekday_wanted - weekday(today)).rem_euclid(7);
        today + if gap == 0 { 7 } else { gap }
    } else {
        let back = (weekday(today) - weekday_wanted).rem_euclid(7);
        today - if back == 0 && before { 7 } else { back }
    };
    day_range(day, day)
}

fn day_range(first: i64, last: i64) -> DateValue {
    DateValue {
        start: civil_from_days(first),
        end: civil_from_days(last),
    }
}

fn month_shift(year: i32, month: u8, by: i32) -> PartialDate {
    let index = year * 12 + i32::from(month) - 1 + by;
    PartialDate::month(index.div_euclid(12), (index.rem_euclid(12) + 1) as u8)
}

/// The calendar unit a relative phrase names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Period {
    Day,
    Week,
    Weekend,
    Month,
    Year,
    Decade,
    Summer,
    Winter,
    Spring,
    Autumn,
}

impl Period {
    pub fn from_word(word: &str) -> Option<Period> {
        let w = word.to_ascii_lowercase();
        let w = w.strip_suffix('s').unwrap_or(&w);
        Some(match w {
            "day" => Period::Day,
            "week" => Period::Week,
            "weekend" => Period::Weekend,
            "month" => Period::Month,
            "year" => Period::Year,
            "decade" => Period::Decade,
            "summer" => Period::Summer,
            "winter" => Period::Winter,
            "spring" => Period::Spring,
            "autumn" | "fall" => Period::Autumn,
            _ => return None,
        })
    }
}

/// Which part of the period a phrase means, relative to publication.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Relation {
    /// `offset` whole periods from the current one: last (-1), this (0), next (+1).
    Offset(i32),
    /// From the start of the current period up to the day before publication ("earlier this year").
    SoFar,
    /// What is left of the current period after publication, and at most its second half
    /// ("later this year").
    Rest,
    /// The first half of the period `offset` periods away ("early next year").
    FirstHalf(i32),
    /// The second half of the period `offset` periods away ("late last week", "later this year").
    SecondHalf(i32),
    /// `n` periods before publication, at the period's own precision ("three years ago").
    Ago(i32),
}

/// Resolve a relative phrase; `None` when `published` is not precise enough.
pub(super) fn resolve(
    period: Period,
    relation: Relation,
    published: PartialDate,
) -> Option<DateValue> {
    let day = || {
        published
            .day
            .map(|d| days_from_civil(published.year, published.month.unwrap_or(1), d))
    };
    let month = || published.month;
    let year = published.year;
    Some(match (period, relation) {
        // As Recognizers-Text reads them: "earlier this year" runs from the start of the year
        // to yesterday but no further than its first half; "later this year" from today (or
        // the second half, whichever is later) to its end.
        (Period::Week | Period::Month | Period::Year, Relation::SoFar)
            if published.day.is_some() =>
        {
            let today = day()?;
            let half = resolve(period, Relation::FirstHalf(0), published)?;
            let (y, m, d) = half.start.first_day();
            let (ey, em, ed) = half.end.last_day();
            let first = days_from_civil(y, m, d);
            day_range(
                first,
                (today - 1).min(days_from_civil(ey, em, ed)).max(first),
            )
        }
        (Period::Day, Relation::Offset(k) | Relation::Ago(k)) => {
            let shift = if let Relation::Ago(_) = relation {
                -i64::from(k)
            } else {
                i64::from(k)
            };
            let d = day()? + shift;
            day_range(d, d)
        }
        (Period::Week, Relation::Offset(k)) => {
            let d = day()?;
            let monday = d - weekday(d) + 7 * i64::from(k);
            day_range(monday, monday + 6)
        }
        (Period::Week, Relation::Ago(k)) => {
            let d = day()? - 7 * i64::from(k);
            day_range(d, d)
        }
        (Period::Week, Relation::SoFar) => {
            let d = day()?;
            day_range(d - weekday(d), (d - 1).max(d - weekday(d)))
        }
        (Period::Week, Relation::FirstHalf(k) | Relation::SecondHalf(k)) => {
            let d = day()?;
            let monday = d - weekday(d) + 7 * i64::from(k);
            match relation {
                Relation::FirstHalf(_) => day_range(monday, monday + 2),
                _ => day_range(monday + 3, monday + 6),
            }
        }
        (Period::Week | Period::Month | Period::Year, Relation::Rest)
            if published.day.is_some() =>
        {
            let today = day()?;
            let half = resolve(period, Relation::SecondHalf(0), published)?;
            let (y, m, d) = half.start.first_day();
            let (ey, em, ed) = half.end.last_day();
            day_range(
                today.max(days_from_civil(y, m, d)),
                days_from_civil(ey, em, ed),
            )
        }
        (Period::Year, Relation::Rest) => resolve(period, Relation::SecondHalf(0), published)?,
        (Period::Weekend, Relation::Offset(k)) => {
            let d = day()?;
            let saturday = d - weekday(d) + 5 + 7 * i64::from(k);
            day_range(saturday, saturday + 1)
        }
        (Period::Month, Relation::Offset(k)) => DateValue::single(month_shift(year, month()?, k)),
        (Period::Month, Relation::Ago(k)) => DateValue::single(month_shift(year, month()?, -k)),
        (Period::Month, Relation::SoFar) => {
            let m = month()?;
            let today = day()?;
            let first = days_from_civil(year, m, 1);
            day_range(first, (today - 1).max(first))
        }
        (Period::Month, Relation::FirstHalf(k) | Relation::SecondHalf(k)) => {
            let m = month_shift(year, month()?, k);
            let (y, m) = (m.year, m.month.unwrap_or(1));
            match relation {
                Relation::FirstHalf(_) => DateValue {
                    start: PartialDate::day(y, m, 1),
                    end: PartialDate::day(y, m, 15),
                },
                _ => DateValue {
                    start: PartialDate::day(y, m, 16),
                    end: PartialDate::day(y, m, days_in_month(y, m)),
                },
            }
        }
        (Period::Year, Relation::Offset(k)) => DateValue::single(PartialDate::year(year + k)),
        (Period::Year, Relation::Ago(k)) => DateValue::single(PartialDate::year(year - k)),
        (Period::Year, Relation::SoFar) => match published.day {
            Some(_) => {
                let today = day()?;
                let first = days_from_civil(year, 1, 1);
                day_range(first, (today - 1).max(first))
            }
            None if published.month.is_some() => DateValue {
                start: PartialDate::month(year, 1),
                end: published,
            },
            None => DateValue::single(PartialDate::year(year)),
        },
        (Period::Year, Relation::FirstHalf(k)) => DateValue {
            start: PartialDate::month(year + k, 1),
            end: PartialDate::month(year + k, 6),
        },
        (Period::Year, Relation::SecondHalf(k)) => DateValue {
            start: PartialDate::month(year + k, 7),
            end: PartialDate::month(year + k, 12),
        },
        (Period::Decade, Relation::Offset(k)) => {
            let first = year.div_euclid(10) * 10 + 10 * k;
            DateValue {
                start: PartialDate::year(first),
                end: PartialDate::year(first + 9),
            }
        }
        (Period::Decade, Relation::Ago(k)) => DateValue::single(PartialDate::year(year - 10 * k)),
        (Period::Decade, _) => return None,
        (season, Relation::Offset(k)) => {
            let now = year * 12 + i32::from(month()?) - 1;
            let first = i32::from(season_months(season));
            // Each season instance is three months starting at `start`; pick by its place in time.
            let starts = (year - 2..=year + 1).map(|y| y * 12 + first - 1);
            let start = match k {
                -1 => starts.filter(|s| s + 2 < now).max()?,
                // In January and February "this winter" began last December.
                0 if first == 12 && now.rem_euclid(12) < 2 => (year - 1) * 12 + 11,
                0 => year * 12 + first - 1,
                1 => starts.filter(|s| *s > now).min()?,
                _ => return None,
            };
            let month_of = |index: i32| {
                PartialDate::month(index.div_euclid(12), (index.rem_euclid(12) + 1) as u8)
            };
            DateValue {
                start: month_of(start),
                end: month_of(start + 2),
            }
        }
        _ => return None,
    })
}

/// The first month of a (northern) season.
fn season_months(period: Period) -> u8 {
    match period {
        Period::Spring => 3,
        Period::Summer => 6,
        Period::Autumn => 9,
        _ => 12,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trip_and_weekday() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2000, 2, 29),
            (2018, 9, 17),
            (1969, 12, 31),
            (2100, 3, 1),
        ] {
            assert_eq!(
                civil_from_days(days_from_civil(y, m, d)),
                PartialDate::day(y, m, d)
            );
        }
        // 2018-09-17 was a Monday.
        assert_eq!(weekday(days_from_civil(2018, 9, 17)), 0);
    }

    #[test]
    fn resolves_phrases_against_publication() {
        let published = PartialDate::day(2018, 9, 19);
        let cases: &[(Period, Relation, &str)] = &[
            (Period::Week, Relation::Offset(-1), "2018-09-10/2018-09-16"),
            (Period::Week, Relation::Offset(0), "2018-09-17/2018-09-23"),
            (Period::Month, Relation::Offset(-1), "2018-08"),
            (Period::Year, Relation::Offset(0), "2018"),
            (Period::Year, Relation::Offset(-1), "2017"),
            (Period::Year, Relation::SoFar, "2018-01-01/2018-06-30"),
            (
                Period::Week,
                Relation::FirstHalf(1),
                "2018-09-24/2018-09-26",
            ),
            (
                Period::Month,
                Relation::SecondHalf(-1),
                "2018-08-16/2018-08-31",
            ),
            (
                Period::Weekend,
                Relation::Offset(0),
                "2018-09-22/2018-09-23",
            ),
            (Period::Day, Relation::Offset(-1), "2018-09-18"),
            (Period::Year, Relation::Ago(3), "2015"),
            (Period::Summer, Relation::Offset(-1), "2018-06/2018-08"),
            (Period::Winter, Relation::Offset(-1), "2017-12/2018-02"),
            (Period::Summer, Relation::Offset(0), "2018-06/2018-08"),
        ];
        for &(period, relation, iso) in cases {
            let value = resolve(period, relation, published).map(|v| v.iso());
            assert_eq!(value.as_deref(), Some(iso), "{period:?} {relation:?}");
        }
        assert_eq!(
            resolve(Period::Week, Relation::Offset(-1), PartialDate::year(2018)),
            None
        );
    }
}
