//! Units a sentence leaves out because it said them already: "an arms embargo stays for five
//! years, and restrictions on missiles for eight" counts eight years, not eight things.

use super::scan;
use crate::model::{Dimension, Figure};

/// Prepositions after which a clause repeats its construction with the unit left out.
const REPEATED: &[&str] = &["for", "to", "by", "within", "after", "in", "at", "of"];

/// How far back the figure that names the unit may be: the same sentence, and not far.
const REACH: usize = 200;

/// Give each bare number that ends its clause the unit of the closest earlier figure of the
/// same sentence that follows the same preposition. Counts lend nothing: "3,200 troops, and
/// for 300" is no count of troops, and a bare number already compares with any count.
/// `figures` are sorted by start, as the figure pass leaves them.
pub(super) fn lend_units(text: &str, figures: &mut [Figure]) {
    for i in 1..figures.len() {
        if figures[i].unit.is_some() || !ends_clause(text, figures[i].span.end) {
            continue;
        }
        let Some(before) = scan::prev_word(text, figures[i].span.start) else {
            continue;
        };
        if !before.is_any(REPEATED) {
            continue;
        }
        let from = figures[i].span.start;
        let lender = figures[..i]
            .iter()
            .rev()
            .take_while(|f| from - f.span.end <= REACH && !ends_sentence(&text[f.span.end..from]))
            .find(|f| {
                f.unit
                    .as_ref()
                    .is_some_and(|u| u.dimension != Dimension::Count)
                    && scan::prev_word(text, f.span.start).is_some_and(|w| w.is(before.text))
            });
        if let Some(unit) = lender.and_then(|f| f.unit.clone()) {
            figures[i].unit = Some(unit);
        }
    }
}

/// Does a clause end at `pos` (after spaces): punctuation that closes it, or the text's end?
fn ends_clause(text: &str, pos: usize) -> bool {
    let at = scan::skip_space(text, pos);
    matches!(
        text.as_bytes().get(at),
        None | Some(b'.' | b',' | b';' | b':' | b')' | b'!' | b'?')
    )
}

/// Does `between` hold a sentence's end: a full stop, question or exclamation mark before a
/// space (a decimal point or an abbreviation's inner point has none)?
fn ends_sentence(between: &str) -> bool {
    let bytes = between.as_bytes();
    bytes
        .windows(2)
        .any(|w| matches!(w[0], b'.' | b'?' | b'!') && w[1].is_ascii_whitespace())
}
