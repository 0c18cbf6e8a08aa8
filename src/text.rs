//! The matching view of a text: lines joined, whitespace collapsed, quotes and dashes made ASCII,
//! with a map back to byte offsets of the original.
//!
//! Recognizers run on the normalized text so that a figure broken across a hard wrap
//! ("3,200\nChinese troops") or a word hyphenated at a line end ("two-\nday") reads as one
//! phrase. Every span they return is mapped back with [`Normalized::to_original`], so ranges
//! always point into the text the user sees.

use crate::model::Span;

/// A normalized copy of a text plus the offset map back to the original.
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    pub text: String,
    /// Sorted, contiguous pieces of the normalized text and where they came from.
    segments: Vec<Segment>,
}

/// A piece of normalized text: a verbatim copy (`norm_len == orig_len` and byte-for-byte equal)
/// or one replacement (a collapsed whitespace run, a curly quote, an ellipsis).
#[derive(Clone, Copy, Debug)]
struct Segment {
    norm: usize,
    orig: usize,
    norm_len: usize,
    orig_len: usize,
    verbatim: bool,
}

/// Every character that is `"` in the matching view, as a regex class body (tested against
/// `replacement`).
pub(crate) const DOUBLE_QUOTE_MARKS: &str = "\"\u{201C}-\u{201F}\u{2033}\u{00AB}\u{00BB}";

/// What a character becomes in the matching view, when it changes.
fn replacement(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => "-",
        '\u{2026}' => "...",
        _ => return None,
    })
}

fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\u{000B}'
            | '\u{000C}'
            | '\u{00A0}'
            | '\u{2007}'
            | '\u{2009}'
            | '\u{200A}'
            | '\u{202F}'
    )
}

/// An ASCII byte that is neither a space nor replaced: copied as it is.
fn is_plain_ascii(b: u8) -> bool {
    b < 0x80 && !is_space(char::from(b))
}

impl Normalized {
    /// Build the matching view of `original`.
    pub fn new(original: &str) -> Normalized {
        let mut out = Normalized {
            text: String::with_capacity(original.len()),
            segments: Vec::new(),
        };
        let bytes = original.as_bytes();
        let mut space_run: Option<(usize, bool)> = None; // (original start, saw a line break)
        let mut i = 0;
        while i < bytes.len() {
            // ASCII takes a fast path: a run of plain bytes is copied at once (this runs over
            // every block of every note); anything else is decoded char by char.
            let (c, len) = if bytes[i] < 0x80 {
                (char::from(bytes[i]), 1)
            } else {
                let c = original[i..]
                    .chars()
                    .next()
                    .unwrap_or(char::REPLACEMENT_CHARACTER);
                (c, c.len_utf8())
            };
            if is_space(c) {
                let run = space_run.get_or_insert((i, false));
                run.1 |= c == '\n' || c == '\r';
                i += len;
                continue;
            }
            if let Some((start, had_break)) = space_run.take() {
                out.close_space_run(original, start, i, had_break, c);
            }
            if let Some(r) = replacement(c) {
                out.push_replacement(r, i, len);
                i += len;
                continue;
            }
            let mut end = i + len;
            if len == 1 {
                // A single space between plain bytes is kept verbatim (`close_space_run`), so
                // the run goes on through it: one copy per line of ASCII prose, not per word.
                let plain = |at: usize| bytes.get(at).is_some_and(|&b| is_plain_ascii(b));
                loop {
                    if plain(end) {
                        end += 1;
                    } else if bytes.get(end) == Some(&b' ') && plain(end + 1) {
                        end += 2;
                    } else {
                        break;
                    }
                }
            }
            out.push_verbatim(&original[i..end], i);
            i = end;
        }
        out
    }

    /// The whitespace run `original[start..end]` before the char `next`: one space, or
    /// nothing when a line-final hyphen after a letter joins the next line ("two-\nday").
    fn close_space_run(
        &mut self,
        original: &str,
        start: usize,
        end: usize,
        had_break: bool,
        next: char,
    ) {
        let hyphen_join = had_break
            && self.text.ends_with('-')
            && self.text[..self.text.len() - 1]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
            && next.is_alphabetic();
        if hyphen_join || self.text.is_empty() {
            return;
        }
        if &original[start..end] == " " {
            // A single space is kept verbatim so it joins the words around it in one segment.
            self.push_verbatim(" ", start);
        } else {
            self.push_replacement(" ", start, end - start);
        }
    }

    fn push_replacement(&mut self, s: &str, orig: usize, orig_len: usize) {
        self.segments.push(Segment {
            norm: self.text.len(),
            orig,
            norm_len: s.len(),
            orig_len,
            verbatim: false,
        });
        self.text.push_str(s);
    }

    fn push_verbatim(&mut self, piece: &str, orig: usize) {
        let len = piece.len();
        self.text.push_str(piece);
        if let Some(last) = self.segments.last_mut() {
            if last.verbatim && last.orig + last.orig_len == orig {
                last.norm_len += len;
                last.orig_len += len;
                return;
            }
        }
        self.segments.push(Segment {
            norm: self.text.len() - len,
            orig,
            norm_len: len,
            orig_len: len,
            verbatim: true,
        });
    }

    /// Release spare capacity: a block's view lives as long as the block is cached.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.segments.shrink_to_fit();
    }

    /// The segment holding normalized byte `n`, if any.
    fn segment_at(&self, n: usize) -> Option<&Segment> {
        let idx = self.segments.partition_point(|s| s.norm <= n);
        idx.checked_sub(1)
            .map(|i| &self.segments[i])
            .filter(|s| n < s.norm + s.norm_len)
    }

    /// Map a normalized offset (a start position) to the original text.
    pub fn start_to_original(&self, n: usize) -> usize {
        match self.segment_at(n) {
            Some(s) if s.verbatim => s.orig + (n - s.norm),
            Some(s) => s.orig,
            None => self.segments.last().map_or(0, |s| s.orig + s.orig_len),
        }
    }

    /// Map a normalized offset (an end position) to the original text: the end of the
    /// original text of the last byte before it.
    pub fn end_to_original(&self, n: usize) -> usize {
        if n == 0 {
            return self.start_to_original(0);
        }
        match self.segment_at(n - 1) {
            Some(s) if s.verbatim => s.orig + (n - s.norm),
            Some(s) => s.orig + s.orig_len,
            None => self.segments.last().map_or(0, |s| s.orig + s.orig_len),
        }
    }

    /// Map a normalized span to the original text.
    pub fn to_original(&self, span: &Span) -> Span {
        let start = self.start_to_original(span.start);
        if span.end <= span.start {
            return start..start;
        }
        start..self.end_to_original(span.end).max(start)
    }

    /// Map an original offset to the normalized text (the nearest normalized position at or after it).
    pub fn from_original(&self, orig: usize) -> usize {
        let idx = self.segments.partition_point(|s| s.orig <= orig);
        match idx.checked_sub(1).map(|i| self.segments[i]) {
            Some(s) if orig < s.orig + s.orig_len => {
                if s.verbatim {
                    s.norm + (orig - s.orig)
                } else {
                    s.norm
                }
            }
            Some(s) => s.norm + s.norm_len,
            None => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(original: &str, expected: &str) -> Normalized {
        let n = Normalized::new(original);
        assert_eq!(n.text, expected);
        n
    }

    #[test]
    fn joins_wrapped_lines_and_collapses_space() {
        let n = check("3,200\nChinese  troops", "3,200 Chinese troops");
        let at = n.text.find("troops").unwrap();
        assert_eq!(n.to_original(&(at..at + 6)), 15..21);
        assert_eq!(n.to_original(&(0..20)), 0..21);
    }

    #[test]
    fn hyphen_at_line_end_joins_without_space() {
        let n = check("a bloody two-\nday clash", "a bloody two-day clash");
        let at = n.text.find("two-day").unwrap();
        assert_eq!(
            &"a bloody two-\nday clash"[n.to_original(&(at..at + 7))],
            "two-\nday"
        );
    }

    #[test]
    fn hyphen_after_digit_keeps_space() {
        check("in 2014-\n15 it", "in 2014- 15 it");
    }

    #[test]
    fn curly_quotes_and_dashes_become_ascii_and_map_back_whole() {
        let original = "Mattis\u{2019} view \u{201C}real\u{201D} 2014\u{2013}2015";
        let n = check(original, "Mattis' view \"real\" 2014-2015");
        let q = n.text.find('"').unwrap();
        let span = n.to_original(&(q..q + 6));
        assert_eq!(&original[span], "\u{201C}real\u{201D}");
        let y = n.text.find("2014").unwrap();
        assert_eq!(&original[n.to_original(&(y..y + 9))], "2014\u{2013}2015");
    }

    #[test]
    fn ellipsis_expands_and_maps_back() {
        let original = "a\u{2026} b";
        let n = check(original, "a... b");
        assert_eq!(&original[n.to_original(&(1..4))], "\u{2026}");
    }

    #[test]
    fn leading_space_is_dropped_and_empty_text_is_fine() {
        let n = check("  \n x", "x");
        assert_eq!(n.to_original(&(0..1)), 4..5);
        let empty = check("", "");
        assert_eq!(empty.to_original(&(0..0)), 0..0);
    }

    #[test]
    fn original_offsets_map_forward() {
        let original = "one\n\ntwo";
        let n = check(original, "one two");
        assert_eq!(n.from_original(5), 4);
        assert_eq!(n.from_original(3), 3);
        assert_eq!(n.from_original(100), 7);
    }
}

/// Split normalized text into sentences (byte spans, trimmed). A sentence ends at `.`, `?` or
/// `!` (with any closing quotes) followed by a space and an upper-case letter, a digit or a
/// quote, unless the period closes an abbreviation or a single initial ("James T. Kirk").
pub fn sentences(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    // From sentence mark to sentence mark (memchr), not byte by byte: every block is split.
    while let Some(k) = memchr::memchr3(b'.', b'?', b'!', &bytes[i..]) {
        i += k;
        let b = bytes[i];
        let mut end = i + 1;
        while end < bytes.len() && matches!(bytes[end], b'"' | b'\'' | b')') {
            end += 1;
        }
        let next_starts = bytes.get(end) == Some(&b' ')
            && bytes.get(end + 1).is_some_and(|c| {
                c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'"' || *c >= 0x80
            });
        if next_starts && !(b == b'.' && is_abbreviation(&text[start..i])) {
            out.push(start..end);
            start = end + 1;
            i = end;
            continue;
        }
        i += 1;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out.retain(|s| !text[s.clone()].trim().is_empty());
    out
}

/// The word that ends `before` is an abbreviation or an initial: a period after it does not
/// end a sentence. "U.S" itself, or an abbreviation closing a dotted run ("Gen.Lt").
pub(crate) fn is_abbreviation(before: &str) -> bool {
    // The separators are ASCII, so a byte search finds the same word as a char search would
    // (a UTF-8 continuation byte is never one of them), without decoding.
    let word = match before
        .bytes()
        .rposition(|b| matches!(b, b' ' | b'(' | b'"'))
    {
        Some(at) => &before.as_bytes()[at + 1..],
        None => before.as_bytes(),
    };
    if let [initial] = word {
        return initial.is_ascii_uppercase();
    }
    // This runs at every period of every block, and at every sentence end of a paragraph cut
    // into pieces: each test is a `match`, a few comparisons, where a loop over the list of
    // abbreviations was a tenth of an edit in a 10 MB paragraph.
    let after_last_period = match word.iter().rposition(|&b| b == b'.') {
        Some(at) => &word[at + 1..],
        None => word,
    };
    let dotted = word.len() >= 3
        && (word.len() == 3 || word[word.len() - 4] == b'.')
        && matches!(
            &word[word.len() - 3..],
            b"U.S" | b"U.K" | b"U.N" | b"E.U" | b"e.g" | b"i.e"
        );
    dotted
        || matches!(
            after_last_period,
            b"Mr"
                | b"Mrs"
                | b"Ms"
                | b"Dr"
                | b"Prof"
                | b"Pres"
                | b"Amb"
                | b"Capt"
                | b"Maj"
                | b"Gen"
                | b"Lt"
                | b"Col"
                | b"Sen"
                | b"Rep"
                | b"Gov"
                | b"Adm"
                | b"St"
                | b"vs"
                | b"No"
                | b"Jan"
                | b"Feb"
                | b"Mar"
                | b"Apr"
                | b"Jun"
                | b"Jul"
                | b"Aug"
                | b"Sep"
                | b"Sept"
                | b"Oct"
                | b"Nov"
                | b"Dec"
                | b"approx"
                | b"etc"
        )
}

#[cfg(test)]
mod sentence_tests {
    use super::*;

    /// The quote marks other modules pair (a regex class) are exactly the characters the
    /// matching view turns into `"`.
    #[test]
    fn double_quote_marks_are_what_normalizes_to_a_double_quote() {
        let class = regex::Regex::new(&format!("^[{DOUBLE_QUOTE_MARKS}]$")).unwrap();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let becomes_quote = c == '"' || replacement(c) == Some("\"");
            assert_eq!(class.is_match(&c.to_string()), becomes_quote, "{c:?}");
        }
    }

    /// The test as it was written first (a list of abbreviations, each tried as a suffix
    /// that starts the word or follows a period), against every word built from pieces that
    /// make or nearly make one.
    #[test]
    fn abbreviations_match_the_suffix_rule_they_were_first_written_as() {
        const ABBREVIATIONS: &[&str] = &[
            "U.S", "U.K", "U.N", "E.U", "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Sen", "Rep",
            "Gov", "Adm", "St", "vs", "No", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
            "Sept", "Oct", "Nov", "Dec", "approx", "e.g", "i.e", "etc",
        ];
        let oracle = |before: &str| {
            let word = before.rsplit([' ', '(', '"']).next().unwrap_or("");
            let single_initial = word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase());
            single_initial
                || ABBREVIATIONS.iter().any(|a| {
                    word.strip_suffix(a)
                        .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
                })
        };
        let pieces = [
            "", ".", "U", "S", "U.S", "e.g", "i.e", "Mr", "Mrs", "Sept", "approx", "etc", "x",
            "Gen", "Lt", "No", "no", "é", "(", "\"", " ", "a.", "Dr.", "St", "E.U", "s",
        ];
        let mut tried = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let before = format!("{a}{b}{c}");
                    assert_eq!(is_abbreviation(&before), oracle(&before), "{before:?}");
                    tried += 1;
                }
            }
        }
        assert!(tried > 10_000);
        assert!(
            is_abbreviation("Asked by U.S")
                && is_abbreviation("(Gen.Lt")
                && !is_abbreviation("then")
        );
    }

    #[test]
    fn splits_on_sentence_ends_but_not_abbreviations() {
        let text = "Asked by U.S. Secretary Mattis. He said \"no.\" Then 3,200 came! Gen. Smith and James T. Kirk agreed?";
        let got: Vec<&str> = sentences(text).into_iter().map(|s| &text[s]).collect();
        assert_eq!(
            got,
            [
                "Asked by U.S. Secretary Mattis.",
                "He said \"no.\"",
                "Then 3,200 came!",
                "Gen. Smith and James T. Kirk agreed?"
            ]
        );
    }
}
