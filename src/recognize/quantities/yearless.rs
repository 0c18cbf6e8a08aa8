//! Dates a news report writes without their year, resolved against its publication: a month
//! or a day after a lead-in ("in April", "on July 14", "on 20 May") and a weekday ("on
//! Tuesday").

use super::relative;
use super::scan;
use crate::model::{days_from_civil, DateMention, PartialDate, MONTH_NAMES, WEEKDAY_NAMES};
use std::ops::Range;

/// Words that make a month name without a year a date of the publication's year. "last",
/// "next" and "this" would need the year's turn worked out, "each" and "every" recur: not read.
const BARE_MONTH_LEAD_INS: &[&str] = &[
    "in", "on", "since", "until", "till", "by", "from", "between", "through", "during", "before",
    "after", "early", "mid", "late",
];

/// Is the month name (and day) at `span` a date: capitalized (not "may", "march"), after a
/// lead-in ("in April", "on April 16", "on Mar. 3"; an abbreviation only with its day), and
/// neither a name's possessive ("May's") nor followed
/// by a number (a year a fuller form would have read, or a count)?
pub(super) fn is_month(text: &str, span: &Range<usize>) -> bool {
    // An abbreviation needs its day: "by Jan" is a person, "by Jan. 5" a date.
    let month_end = text[span.clone()]
        .find([' ', '.'])
        .map_or(span.end, |i| span.start + i);
    let full = MONTH_NAMES
        .iter()
        .any(|m| m.eq_ignore_ascii_case(&text[span.start..month_end]));
    let has_day = text[span.clone()].bytes().any(|b| b.is_ascii_digit());
    (full || has_day)
        && text.as_bytes()[span.start].is_ascii_uppercase()
        && after_lead_in(text, span.start)
        && !possessive(text, span.end)
        && !number_follows(text, span.end)
}

/// Is the day and month at `span` ("20 May") a date: its month capitalized, no number after
/// it, and a month that names nothing else ("due 3 October", "- 5 February: expiry") or a
/// lead-in before it ("on 20 May", "on the 3rd of June"; "20 May supporters" counts people).
pub(super) fn is_day_month(text: &str, span: &Range<usize>) -> bool {
    let month_start = text[..span.end].rfind(' ').map_or(span.start, |i| i + 1);
    let month = &text[month_start..span.end];
    text.as_bytes()[month_start].is_ascii_uppercase()
        && (month != "May" || after_lead_in(text, span.start))
        && !number_follows(text, span.end)
}

/// Does a lead-in of `BARE_MONTH_LEAD_INS` come just before `start`: a word ("in April"), a
/// word and "the" ("on the 3rd of June"), or a word and a hyphen ("mid-April")?
fn after_lead_in(text: &str, start: usize) -> bool {
    let hyphenated = || {
        (scan::char_before(text, start) == Some('-'))
            .then(|| scan::word_ending_at(text, start - 1))
            .flatten()
    };
    let mut word = scan::prev_word(text, start)
        .or_else(hyphenated)
        .or_else(|| word_before_comma(text, start));
    // A weekday between them changes nothing: "on Thu, Mar 28", "on Tuesday, March 26".
    let weekday = |w: &scan::Word| w.is_any(&WEEKDAY_NAMES) || w.is_any(&WEEKDAY_ABBREVIATIONS);
    if let Some(w) = word.filter(weekday) {
        word = scan::prev_word(text, w.start);
    }
    match word {
        Some(w) if w.is("the") => scan::prev_word(text, w.start),
        other => other,
    }
    .is_some_and(|w| w.is_any(BARE_MONTH_LEAD_INS))
}

/// Weekdays' abbreviations, which may stand, as the names do, between a lead-in and a month.
#[rustfmt::skip]
const WEEKDAY_ABBREVIATIONS: [&str; 10] = [
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
];

/// The word before `at` across a comma or period ("Thu" of "on Thu, Mar 28").
fn word_before_comma(text: &str, at: usize) -> Option<scan::Word<'_>> {
    let before = text[..at].trim_end().strip_suffix([',', '.'])?;
    scan::word_ending_at(text, before.len())
}

/// Does a possessive "'s" follow `end` ("May's", "Tuesday's")?
fn possessive(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    rest.starts_with("'s") || rest.starts_with("\u{2019}s")
}

/// Does a number follow `end`, after spaces?
fn number_follows(text: &str, end: usize) -> bool {
    text[end..]
        .trim_start()
        .starts_with(|c: char| c.is_ascii_digit())
}

/// The year of a dated month that closes a range opened at `pos` ("June| and December 2023",
/// "March| to May 2015", "July|-September 2018"), if one does.
pub(super) fn year_of_range_end(text: &str, pos: usize) -> Option<i32> {
    const JOINTS: [&str; 7] = [
        "to ", "and ", "until ", "till ", "through ", "-", "\u{2013}",
    ];
    let rest = text.get(pos..)?.trim_start();
    let rest = JOINTS.iter().find_map(|joint| rest.strip_prefix(joint))?;
    let mut words = rest
        .split([' ', ','])
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches(['.', ';', ':', ')']));
    let month = words.next()?;
    if !MONTH_NAMES.iter().any(|m| m.eq_ignore_ascii_case(month)) {
        return None;
    }
    let digits = |w: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())
    };
    let mut next = words.next()?;
    // "December 31, 2023": the day, then the year.
    if digits(next, 1..=2) {
        next = words.next()?;
    }
    digits(next, 4..=4).then(|| next.parse().ok()).flatten()
}

/// Words before a weekday that say the clause looks ahead ("will meet on Friday").
const AHEAD: &[&str] = &[
    "will",
    "shall",
    "next",
    "plans",
    "planned",
    "scheduled",
    "expected",
    "due",
    "coming",
];

/// Words that put a weekday before or after an event.
const WEEKDAY_LEAD_INS: &[&str] = &[
    "on", "last", "next", "since", "until", "till", "by", "from", "before", "after", "through",
    "early", "late",
];

/// Verbs in the past or present that a report dates with a bare weekday ("said Tuesday"),
/// besides those ending in "-ed".
const REPORTING_VERBS: &[&str] = &[
    "said", "says", "met", "meets", "told", "tells", "held", "spoke", "wrote", "began", "made",
    "took", "gave", "left", "won", "lost", "struck", "hit", "sent", "came", "went", "fell", "rose",
];

/// How many words before a weekday may say that its clause looks ahead.
const AHEAD_REACH: usize = 6;

/// The weekday at `span` as a date: capitalized, after a lead-in or a verb or possessive, not
/// recurring ("every Tuesday") nor "this Tuesday" (before or after?); the one on or before
/// publication (strictly before after
/// "last"), or after it when a word before it in its clause looks ahead. Its value is `None`
/// when the publication's day is not known.
pub(super) fn weekday(
    text: &str,
    span: Range<usize>,
    published: Option<PartialDate>,
) -> Option<DateMention> {
    if !text.as_bytes()[span.start].is_ascii_uppercase() {
        return None;
    }
    let words = words_before(text, span.start, AHEAD_REACH);
    let previous = words.first().map(|w| w.to_ascii_lowercase());
    if matches!(previous.as_deref(), Some("every" | "each" | "this")) {
        return None;
    }
    // A weekday dates an event after a lead-in ("on Tuesday"), a verb ("said Tuesday",
    // "voted Friday") or as a possessive ("Tuesday's vote"); alone ("Monday: read the
    // report", a heading) it is a note's own day, no claim.
    let possessive = possessive(text, span.end);
    let dated = previous.as_deref().is_some_and(|w| {
        WEEKDAY_LEAD_INS.contains(&w)
            || REPORTING_VERBS.contains(&w)
            || w.len() > 4 && w.ends_with("ed")
    });
    if !dated && !possessive {
        return None;
    }
    let named = text[span.clone()].to_ascii_lowercase();
    let day = WEEKDAY_NAMES.iter().position(|d| *d == named)? as i64;
    let ahead = words
        .iter()
        .any(|w| AHEAD.iter().any(|a| a.eq_ignore_ascii_case(w)));
    let value = published.and_then(|p| {
        let today = days_from_civil(p.year, p.month?, p.day?);
        let last = previous.as_deref() == Some("last");
        Some(relative::weekday_near(today, day, ahead, last))
    });
    Some(DateMention {
        span,
        value,
        relative: true,
    })
}

/// Up to `n` words before `pos`, nearest first, within its clause (stopping at punctuation
/// that ends one).
fn words_before(text: &str, pos: usize, n: usize) -> Vec<&str> {
    let clause_start = text[..pos]
        .rfind(['.', ';', ':', '!', '?', ','])
        .map_or(0, |i| i + 1);
    text[clause_start..pos]
        .split_whitespace()
        .rev()
        .take(n)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect()
}
