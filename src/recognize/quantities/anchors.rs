//! Where the figure pass looks: runs of digits, number words standing as whole words, and
//! vulgar fractions, found in one byte scan.
//!
//! This was one regex; a note has a number every few dozen bytes, and each match cost the
//! regex a forward and a reverse search plus a restart (4% of a note's analysis). The scan
//! gives the same anchors (pinned by a property test against that regex) except for spellings
//! through the long s "ſ", which Unicode case folding let the regex take for "s" and which no
//! later step accepted as a number anyway.

use crate::recognize::byte_class::{CLASS, DIGIT, LETTER, OTHER};

/// The number words an anchor may be (lower case).
#[rustfmt::skip]
const NUMBER_WORDS: [&str; 50] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "nought", "naught", "hundred", "thousand", "million", "billion", "trillion", "dozen",
    "half", "third", "quarter", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "decade", "century", "twice", "thrice",
];

/// The number words' lengths by first letter (bit `n` for `n` letters): most words of prose
/// are ruled out by this before they are compared.
const LENGTHS_BY_FIRST_LETTER: [u16; 26] = {
    let mut table = [0u16; 26];
    let mut i = 0;
    while i < NUMBER_WORDS.len() {
        let w = NUMBER_WORDS[i].as_bytes();
        table[(w[0] - b'a') as usize] |= 1 << w.len();
        i += 1;
    }
    table
};

/// The byte length of a vulgar fraction (¼ ½ ¾, ⅓ to ⅞) starting at `at`, if one does.
fn fraction_len(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes[at..] {
        [0xC2, 0xBC..=0xBE, ..] => Some(2),
        [0xE2, 0x85, 0x93..=0x9E, ..] => Some(3),
        _ => None,
    }
}

/// Is the run of ASCII letters `run` a number word, whatever its case?
#[rustfmt::skip]
fn is_number_word_run(run: &[u8]) -> bool {
    let first = run[0].to_ascii_lowercase();
    let lengths = LENGTHS_BY_FIRST_LETTER[(first - b'a') as usize];
    if run.len() >= 16 || lengths & (1 << run.len()) == 0 {
        return false;
    }
    let mut lower = [0u8; 16];
    let lower = &mut lower[..run.len()];
    lower.copy_from_slice(run);
    lower.make_ascii_lowercase();
    // `NUMBER_WORDS` as a `match`, which compiles to a switch on the length.
    matches!(
        &*lower,
        b"zero" | b"one" | b"two" | b"three" | b"four" | b"five" | b"six" | b"seven" | b"eight"
            | b"nine" | b"ten" | b"eleven" | b"twelve" | b"thirteen" | b"fourteen" | b"fifteen"
            | b"sixteen" | b"seventeen" | b"eighteen" | b"nineteen" | b"twenty" | b"thirty"
            | b"forty" | b"fifty" | b"sixty" | b"seventy" | b"eighty" | b"ninety" | b"nought"
            | b"naught" | b"hundred" | b"thousand" | b"million" | b"billion" | b"trillion"
            | b"dozen" | b"half" | b"third" | b"quarter" | b"fourth" | b"fifth" | b"sixth"
            | b"seventh" | b"eighth" | b"ninth" | b"tenth" | b"decade" | b"century"
            | b"twice" | b"thrice"
    )
}

/// Every anchor of `text` as a byte range, in order, never overlapping.
pub(super) fn anchors(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    // The end of the current word run when it is not a number word but holds digits: until
    // there, the scan looks for its digit runs ("S-400s", "a1b22").
    let mut digits_until = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let b = bytes[at];
            if at < digits_until {
                if b.is_ascii_digit() {
                    let start = at;
                    while at < digits_until && bytes[at].is_ascii_digit() {
                        at += 1;
                    }
                    return Some((start, at));
                }
                at += 1;
                continue;
            }
            match CLASS[b as usize] {
                OTHER if b >= 0xC2 => {
                    if let Some(len) = fraction_len(bytes, at) {
                        at += len;
                        return Some((at - len, at));
                    }
                    at += 1;
                }
                OTHER => at += 1,
                class => {
                    let start = at;
                    let mut classes = 1u8 << class;
                    at += 1;
                    while at < bytes.len() && CLASS[bytes[at] as usize] != OTHER {
                        classes |= 1 << CLASS[bytes[at] as usize];
                        at += 1;
                    }
                    if classes == 1 << LETTER {
                        if is_number_word_run(&bytes[start..at]) {
                            return Some((start, at));
                        }
                    } else if classes & (1 << DIGIT) != 0 {
                        // Go through the run again for its digits.
                        digits_until = at;
                        at = start;
                    }
                }
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    /// The words of the regex the scan replaced.
    const REGEX_WORDS: &str = "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|nought|naught|hundred|thousand|million|billion|trillion|dozen|half|third|quarter|fourth|fifth|sixth|seventh|eighth|ninth|tenth|decade|century|twice|thrice";

    /// The regex the scan replaced.
    fn regex_anchors(text: &str) -> Vec<(usize, usize)> {
        let pattern = format!(r"(?i)[0-9]+|(?-u:\b)(?:{REGEX_WORDS})(?-u:\b)|[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]");
        let anchor = Regex::new(&pattern).unwrap();
        anchor
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    #[test]
    fn the_list_and_the_match_take_the_regex_words() {
        let words: Vec<&str> = REGEX_WORDS.split('|').collect();
        assert_eq!(words, NUMBER_WORDS);
        for word in words {
            assert!(is_number_word_run(word.as_bytes()), "{word}");
            assert!(is_number_word_run(word.to_uppercase().as_bytes()), "{word}");
        }
    }

    #[test]
    fn anchors_of_examples() {
        let text = "Ten S-400s, 3,200 troops, a1b22, _ten, ten_, éten, TENTH, ½ and ⅞ km, 2nd, \
                    tenfold, Thousand seventeen";
        let found: Vec<&str> = anchors(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(
            found,
            [
                "Ten",
                "400",
                "3",
                "200",
                "1",
                "22",
                "ten",
                "TENTH",
                "½",
                "⅞",
                "2",
                "Thousand",
                "seventeen"
            ]
        );
        assert_eq!(anchors(text).collect::<Vec<_>>(), regex_anchors(text));
    }

    /// Pieces that meet at word boundaries in every way.
    #[rustfmt::skip]
    const PIECES: &[&str] = &[
    "ten", "Ten", "TEN", "thousand", "seventeen", "SevenTeen", "seventeenth", "century", "half",
    "tenth", "one", "on", "x", "_", "7", "2018", ",", ".", " ", "-", "é", "½", "⅞", "⅐", "¼",
    "€", "中", "\n", "'",
];

    proptest! {
        #[test]
        fn anchors_equal_the_regex_they_replace(
            picks in proptest::collection::vec(0..PIECES.len() + NUMBER_WORDS.len(), 0..24)
        ) {
            let piece = |i: usize| PIECES.get(i).copied().unwrap_or_else(|| NUMBER_WORDS[i - PIECES.len()]);
            let text: String = picks.iter().map(|&i| piece(i)).collect();
            prop_assert_eq!(anchors(&text).collect::<Vec<_>>(), regex_anchors(&text));
        }
    }
}
