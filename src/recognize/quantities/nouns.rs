//! The counted noun after a number: "3,200 Chinese troops" counts "troop", "120 million people"
//! counts "person". A naive lemmatizer plus stop words is enough: the noun only has to be the
//! same on both sides of a comparison.

use super::scan::{self, Word};
use super::units::{lexicon_unit, Expect, UnitMatch};
use crate::model::{Dimension, Unit};
use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

/// Words that are never the counted noun and end the search for it.
static STOP: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    "\
     a an the of in on at to by for from with without and or but nor as than then that this \
     these those who whom whose which what where when while is are was were be been being has \
     have had do does did will would can could should may might must shall it its he she they \
     them their his her hers we us our you your i me my not no more most less least fewer per \
     into onto over under after before since until during about around between among against \
     across through all each every both either neither also only just even still yet so if \
     because says said according later earlier ago away alone apiece respectively plus minus \
     up down out off here there some any many much few several other another such own \
     same seems means shows remains makes takes gives goes comes gets puts suggests becomes \
     lives thus perhaps always towards afterwards whereas besides versus vs now once twice \
     again very too well last next first second third how why via like unlike including \
     except along beyond within upon toward above below near behind ahead instead though \
     although unless whether cannot ever never often already almost nearly roughly \
     approximately"
        .split_whitespace()
        .collect()
});

/// Nouns that count things without a plural "-s".
const INVARIANT: &[(&str, &str)] = &[
    ("people", "person"),
    ("persons", "person"),
    ("men", "man"),
    ("women", "woman"),
    ("children", "child"),
    ("personnel", "personnel"),
    ("staff", "staff"),
    ("police", "police"),
    ("aircraft", "aircraft"),
    ("sheep", "sheep"),
    ("cattle", "cattle"),
    ("fish", "fish"),
    ("deer", "deer"),
    ("feet", "foot"),
    ("teeth", "tooth"),
    ("mice", "mouse"),
];

pub(super) fn is_stop(word: &Word) -> bool {
    let mut buf = [0u8; 32];
    scan::lower(word.text, &mut buf).is_some_and(|w| STOP.contains(w))
}

fn invariant(word: &Word) -> Option<&'static str> {
    INVARIANT
        .iter()
        .find(|(w, _)| word.is(w))
        .map(|&(_, lemma)| lemma)
}

/// Does the word look like an English plural noun ("troops", "countries", "Russians")?
fn looks_plural(word: &Word) -> bool {
    let w = word.text;
    let lower_end = |suffix: &str| {
        w.len() >= suffix.len() && w[w.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    w.len() >= 4
        && lower_end("s")
        && !lower_end("ss")
        && !lower_end("us")
        && !lower_end("is")
        && !lower_end("ous")
}

/// An invariant demonym used as a noun ("2 million Chinese").
fn is_demonym(word: &Word) -> bool {
    let w = word.text;
    word.is_capitalized() && w.len() > 4 && w[w.len() - 3..].eq_ignore_ascii_case("ese")
}

/// Naive singular of a plural noun, lower case: "countries" → "country", "troops" → "troop".
pub(super) fn singular(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    if let Some(&(_, lemma)) = INVARIANT.iter().find(|(w, _)| *w == lower) {
        return lemma.to_string();
    }
    let strip = |n: usize| lower[..lower.len() - n].to_string();
    if lower.ends_with("ies") && lower.len() > 4 {
        format!("{}y", strip(3))
    } else if ["sses", "xes", "ches", "shes", "zes", "oes"]
        .iter()
        .any(|s| lower.ends_with(s))
    {
        strip(2)
    } else if lower.ends_with('s') && !lower.ends_with("ss") && lower.len() > 3 {
        strip(1)
    } else {
        lower
    }
}

/// `word` with the parts hyphenated to it after it ("ocean" of "ocean-going").
fn hyphenated<'t>(text: &'t str, word: Word<'t>) -> Word<'t> {
    let mut end = word.end;
    while text.as_bytes().get(end) == Some(&b'-') {
        match scan::word_at(text, end + 1) {
            Some(part) => end = part.end,
            None => break,
        }
    }
    Word {
        start: word.start,
        end,
        text: &text[word.start..end],
    }
}

pub(super) fn count(word: &Word) -> Unit {
    Unit {
        name: singular(word.text).into(),
        dimension: Dimension::Count,
        factor: 1.0,
    }
}

/// The counted noun among the next few words: "Chinese troops", "former rivals", "people".
pub(super) fn noun_group(text: &str, first: Word, expect: Expect) -> Option<UnitMatch> {
    // "3 USD50 cards": a code glued to digits belongs to them.
    if scan::char_at(text, first.end).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Some(found) = lexicon_unit(text, &first) {
        return Some(found);
    }
    let mut word = first;
    let mut last_modifier: Option<Word> = None;
    for index in 0..3 {
        if is_stop(&word) {
            break;
        }
        // A hyphenated modifier is one word: "150 ocean-going vessels", "long-range missiles".
        word = hyphenated(text, word);
        if let Some(lemma) = invariant(&word) {
            let unit = Unit {
                name: lemma.into(),
                dimension: Dimension::Count,
                factor: 1.0,
            };
            return Some(UnitMatch {
                end: word.end,
                unit,
                cents: 0.0,
            });
        }
        if expect != Expect::One && looks_plural(&word) {
            return Some(UnitMatch {
                end: word.end,
                unit: count(&word),
                cents: 0.0,
            });
        }
        if expect == Expect::Strict {
            return None;
        }
        if index > 0 {
            if let Some(found) = lexicon_unit(text, &word) {
                return Some(found);
            }
        }
        last_modifier = Some(word);
        // Only a single space separates the words of one noun group.
        match scan::next_word(text, word.end).filter(|w| w.start == word.end + 1) {
            Some(next) => word = next,
            None => break,
        }
    }
    let noun = last_modifier?;
    let fits = match expect {
        Expect::One => !noun.is_capitalized() || is_demonym(&noun),
        _ => is_demonym(&noun),
    };
    fits.then(|| UnitMatch {
        end: noun.end,
        unit: count(&noun),
        cents: 0.0,
    })
}
