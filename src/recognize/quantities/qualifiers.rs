//! Approximation qualifiers before a number: "some", "more than", "up to", "~", "≤".

use super::scan::{self, Word};
use crate::model::Qualifier;

/// Qualifier phrases, longest first within each; matched as whole words before the number.
const QUALIFIERS: &[(&str, Qualifier)] = &[
    ("in excess of", Qualifier::AtLeast),
    ("no more than", Qualifier::AtMost),
    ("not more than", Qualifier::AtMost),
    ("no fewer than", Qualifier::AtLeast),
    ("as many as", Qualifier::AtMost),
    ("more than", Qualifier::AtLeast),
    ("greater than", Qualifier::AtLeast),
    ("at least", Qualifier::AtLeast),
    ("upwards of", Qualifier::AtLeast),
    ("just over", Qualifier::AtLeast),
    ("well over", Qualifier::AtLeast),
    ("less than", Qualifier::AtMost),
    ("fewer than", Qualifier::AtMost),
    ("at most", Qualifier::AtMost),
    ("up to", Qualifier::AtMost),
    ("just under", Qualifier::AtMost),
    ("close to", Qualifier::About),
    ("an estimated", Qualifier::About),
    ("some", Qualifier::About),
    ("about", Qualifier::About),
    ("around", Qualifier::About),
    ("roughly", Qualifier::About),
    ("approximately", Qualifier::About),
    ("approx", Qualifier::About),
    ("nearly", Qualifier::About),
    ("almost", Qualifier::About),
    ("circa", Qualifier::About),
    ("estimated", Qualifier::About),
    ("over", Qualifier::AtLeast),
    ("above", Qualifier::AtLeast),
    ("exceeding", Qualifier::AtLeast),
    ("under", Qualifier::AtMost),
    ("below", Qualifier::AtMost),
];

/// Qualifier phrases split into words, last word first, grouped by their last word; within a
/// group in the order of `QUALIFIERS`, so the longest phrase that matches is found first.
type Phrases = rustc_hash::FxHashMap<&'static str, Vec<(Vec<&'static str>, Qualifier)>>;

static PHRASES_BY_LAST_WORD: std::sync::LazyLock<Phrases> = std::sync::LazyLock::new(|| {
    let mut by_last = Phrases::default();
    for &(phrase, qualifier) in QUALIFIERS {
        let parts: Vec<&str> = phrase.split(' ').rev().collect();
        by_last
            .entry(parts[0])
            .or_default()
            .push((parts, qualifier));
    }
    by_last
});

/// The qualifier phrase ending just before `start`, not reaching before `floor`.
pub(super) fn qualifier_before(
    text: &str,
    start: usize,
    floor: usize,
) -> Option<(usize, Qualifier)> {
    if let Some(found) = symbol_before(text, start).filter(|(at, _)| *at >= floor) {
        return Some(found);
    }
    // Most numbers follow a word that ends no qualifier ("the", "of", "in"): that word alone,
    // looked up, decides. Only then are the words before it read.
    let last = scan::prev_word(text, start).filter(|w| w.start >= floor && start - w.end == 1)?;
    let mut buf = [0u8; 32];
    let phrases = PHRASES_BY_LAST_WORD.get(scan::lower(last.text, &mut buf)?)?;
    let mut words: [Option<Word>; 3] = [Some(last), None, None];
    let mut pos = last.start;
    for slot in &mut words[1..] {
        let word = scan::prev_word(text, pos).filter(|w| w.start >= floor && pos - w.end == 1);
        let Some(word) = word else { break };
        *slot = Some(word);
        pos = word.start;
    }
    let found = words.iter().take_while(|w| w.is_some()).count();
    for (parts, qualifier) in phrases {
        if parts.len() > found {
            continue;
        }
        let matches = parts
            .iter()
            .zip(words.iter())
            .all(|(p, w)| w.is_some_and(|w| w.is(p)));
        if matches {
            return words[parts.len() - 1].map(|first| (first.start, *qualifier));
        }
    }
    None
}

/// Qualifier signs, written right before the number or one space before it ("~300k", ">= 30",
/// "≤ 600,000", ">3,000").
const SYMBOLS: &[(char, Qualifier)] = &[
    ('~', Qualifier::About),
    ('≈', Qualifier::About),
    ('<', Qualifier::AtMost),
    ('≤', Qualifier::AtMost),
    ('>', Qualifier::AtLeast),
    ('≥', Qualifier::AtLeast),
];

/// The qualifier sign before `start`, and where it starts. An arrow ("->", "=>") is no sign,
/// nor is a sign glued to a word ("a<5" in a formula).
fn symbol_before(text: &str, start: usize) -> Option<(usize, Qualifier)> {
    let mut at = start;
    if scan::char_before(text, at) == Some(' ') {
        at -= 1;
    }
    // ">=" and "<=" are "≥" and "≤" typed in ASCII.
    if scan::char_before(text, at) == Some('=')
        && matches!(scan::char_before(text, at - 1), Some('<' | '>'))
    {
        at -= 1;
    }
    let sign = scan::char_before(text, at)?;
    let &(_, qualifier) = SYMBOLS.iter().find(|(c, _)| *c == sign)?;
    let at = at - sign.len_utf8();
    let before = scan::char_before(text, at);
    if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '-' | '=' | '<' | '>')) {
        return None;
    }
    Some((at, qualifier))
}

/// A year after "about" or "around" is still a date; after "more than" or "some" it counts.
pub(super) fn is_count_qualifier(text: &str, qualifier: Option<(usize, Qualifier)>) -> bool {
    let Some((start, _)) = qualifier else {
        return false;
    };
    let word = scan::word_at(text, start);
    !word.is_some_and(|w| w.is_any(&["about", "around", "circa", "approximately", "roughly"]))
        && !matches!(scan::char_at(text, start), Some('~' | '≈'))
}
