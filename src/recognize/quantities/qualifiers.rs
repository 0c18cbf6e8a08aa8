//! Approximation qualifiers before a number: "some", "more than", "up to", "~".

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
    if scan::char_before(text, start) == Some('~') {
        return Some((start - 1, Qualifier::About));
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

/// A year after "about" or "around" is still a date; after "more than" or "some" it counts.
pub(super) fn is_count_qualifier(text: &str, qualifier: Option<(usize, Qualifier)>) -> bool {
    let Some((start, _)) = qualifier else {
        return false;
    };
    let word = scan::word_at(text, start);
    !word.is_some_and(|w| w.is_any(&["about", "around", "circa", "approximately", "roughly"]))
        && scan::char_at(text, start) != Some('~')
}
