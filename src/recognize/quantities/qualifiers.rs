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

/// The qualifier phrase ending just before `start`, not reaching before `floor`.
pub(super) fn qualifier_before(
    text: &str,
    start: usize,
    floor: usize,
) -> Option<(usize, Qualifier)> {
    if scan::char_before(text, start) == Some('~') {
        return Some((start - 1, Qualifier::About));
    }
    let mut words: [Option<Word>; 3] = [None; 3];
    let mut pos = start;
    for slot in &mut words {
        let word = scan::prev_word(text, pos).filter(|w| w.start >= floor && pos - w.end == 1);
        let Some(word) = word else { break };
        *slot = Some(word);
        pos = word.start;
    }
    let found = words.iter().take_while(|w| w.is_some()).count();
    // Phrases split once, last word first: this runs before every number of every block.
    static PHRASES: std::sync::LazyLock<Vec<(Vec<&'static str>, Qualifier)>> =
        std::sync::LazyLock::new(|| {
            QUALIFIERS
                .iter()
                .map(|&(phrase, q)| (phrase.split(' ').rev().collect(), q))
                .collect()
        });
    for (parts, qualifier) in PHRASES.iter() {
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
