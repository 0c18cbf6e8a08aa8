//! What only looks like a figure: numbers inside names and citations, list markers, clock
//! times, ordinals, and the footnote markers PDF extraction leaves behind.
//!
//! Each test is a few bytes of look-around at a number anchor.

use super::numbers::{Number, Shape};
use super::scan;
use super::units::{self, Expect};
use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

/// Words after which a bare small number reads as a count, not a footnote marker.
static NUMBER_TAKERS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    "\
     of in on at to by for from with than about around over under nearly almost some \
     approximately roughly between and or per is are was were be been the these those all \
     only just least most up no number page pages chapter article section top had has have \
     among every each cost costs aged age step phase level grade plus minus times once \
     another first last next table figure point points rank ranked killed totaled totalled \
     numbered"
        .split_whitespace()
        .collect()
});

/// The end of the alphanumeric run (with inner '.', ',', '-', '/' and ':') around a skipped number.
pub(super) fn token_end(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = pos;
    while end < bytes.len() {
        let b = bytes[end];
        let inner = matches!(b, b'.' | b',' | b'-' | b'/' | b':')
            && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric);
        if b.is_ascii_alphanumeric() || inner {
            end += 1;
        } else {
            break;
        }
    }
    end
}

/// Does a number at `start` belong to a name or citation ("S-400", "G20", "¶7", "v2.5")?
/// Words a year may be hyphenated to and still be a year: "mid-1990s", "pre-2014".
pub(super) const YEAR_PREFIXES: [&str; 5] = ["mid", "pre", "post", "early", "late"];

pub(super) fn glued_before(text: &str, start: usize) -> bool {
    match scan::char_before(text, start) {
        Some(c) if c.is_alphanumeric() => true,
        Some('-') => {
            // "Su-35", "Vostok-2018", "COVID-19"; but "mid-1990s", "pre-2014", "early-2019"
            // are not names.
            match scan::word_ending_at(text, start - 1) {
                Some(w) => !w.is_any(&YEAR_PREFIXES),
                None => scan::char_before(text, start - 1).is_some_and(|c| c.is_alphabetic()),
            }
        }
        Some('.' | ',' | ':' | '_' | '/' | '#' | '@' | '¶') => {
            // "2.5.3", "10:30", "#7", "¶7"; a sentence-ending period has a space after it.
            true
        }
        Some(' ') => scan::char_before(text, start - 1) == Some('¶'),
        _ => false,
    }
}

/// A markdown list marker: "1." or "2)" first on a line.
pub(super) fn list_marker(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    if !(matches!(bytes.get(end), Some(b'.' | b')'))
        && bytes.get(end + 1).is_some_and(u8::is_ascii_whitespace))
    {
        return false;
    }
    // Only indentation may stand between the line start and the marker; walking back over it
    // (rather than searching for the line start) keeps this constant-time on joined text.
    let mut pos = start;
    while pos > 0 && matches!(bytes[pos - 1], b' ' | b'\t' | b'>') {
        pos -= 1;
    }
    pos == 0 || bytes[pos - 1] == b'\n'
}

/// "10:30", "9 a.m.", "9pm", "7 o'clock".
pub(super) fn clock_time(text: &str, end: usize) -> bool {
    let rest = &text.as_bytes()[end..];
    let digit_after = |i: usize| rest.get(i).is_some_and(u8::is_ascii_digit);
    if rest.first() == Some(&b':') && digit_after(1) && digit_after(2) {
        return true;
    }
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    let starts =
        |p: &str| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    ["a.m.", "p.m.", "o'clock"].iter().any(|p| starts(p))
        || ["am", "pm"]
            .iter()
            .any(|p| starts(p) && !rest.get(2).is_some_and(u8::is_ascii_alphanumeric))
}

/// Digits followed by more letters or digits ("5G", "2nd", "2.5.3") are not a number of their own.
pub(super) fn number_ends_cleanly(text: &str, number: &Number) -> bool {
    let end = number.end;
    let bytes = text.as_bytes();
    match bytes.get(end) {
        Some(b'.' | b',') => !bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric),
        Some(b'/') => !bytes.get(end + 1).is_some_and(u8::is_ascii_digit),
        Some(_) if scan::is_word_char_at(text, end) => {
            units::after(text, end, Expect::Any).is_some()
        }
        Some(_) => true,
        None => true,
    }
}

/// A small bare integer that PDF extraction left behind as a footnote reference: glued after a
/// figure ("600,000 25,"), or after a word that does not take a number and before something a
/// count cannot precede: punctuation, a function word, or a name ("entourage 3 who",
/// "lumped 4 China", "Strategy 5.", "control 7 all").
pub(super) fn footnote_marker(text: &str, number: &Number) -> bool {
    if !matches!(number.shape, Shape::PlainInteger { digits: 1..=3 }) {
        return false;
    }
    let before = scan::skip_space_back(text, number.start);
    if before == number.start || number.start - before > 1 {
        return false;
    }
    if scan::char_before(text, before).is_some_and(|c| c.is_ascii_digit() || c == '%') {
        return true;
    }
    let Some(prev) = scan::word_ending_at(text, before) else {
        return false;
    };
    let mut buf = [0u8; 32];
    if scan::lower(prev.text, &mut buf).is_some_and(|w| NUMBER_TAKERS.contains(w)) {
        return false;
    }
    let bytes = text.as_bytes();
    match bytes.get(number.end) {
        None => true,
        Some(b',' | b'.' | b';' | b':' | b')') => true,
        Some(b' ') => match scan::word_at(text, number.end + 1) {
            Some(next) => units::is_stop(&next) || next.is_capitalized(),
            None => false,
        },
        _ => false,
    }
}
