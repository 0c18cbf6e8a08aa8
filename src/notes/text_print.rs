//! A text's fingerprint by pages, which finds what an edit kept without holding the old text.
//!
//! An incremental re-parse needs the bytes an edit left alone at both ends of the note. Keeping
//! the whole old text to compare with cost a huge note its size again while it was edited;
//! a print costs 32 bytes per 4 KiB page (under 1% of the text), and comparing one costs two
//! hashing passes over the new text, at memory speed.

use xxhash_rust::xxh3::xxh3_128;

/// Bytes per page. Smaller pages find the ends more closely and cost more hashes; a re-parse
/// window is a few top-level blocks anyway, so a page's worth of extra text is noise.
const PAGE: usize = 4096;

/// The hashes of a text's pages, counted from its start and from its end (an edit moves every
/// page after it, so the unchanged end is found by pages aligned to the end).
#[derive(Clone, Debug, PartialEq)]
pub struct TextPrint {
    len: usize,
    /// `head[i]` hashes `text[i * PAGE..(i + 1) * PAGE]`, whole pages only.
    head: Vec<u128>,
    /// `tail[i]` hashes the `i`-th whole page counted back from the end.
    tail: Vec<u128>,
    /// The hash of a text shorter than a page, which has no whole pages to tell it by.
    short: Option<u128>,
}

impl TextPrint {
    /// The print of `text`.
    pub fn of(text: &str) -> TextPrint {
        let bytes = text.as_bytes();
        let pages = bytes.len() / PAGE;
        TextPrint {
            len: bytes.len(),
            head: (0..pages).map(|i| xxh3_128(head_page(bytes, i))).collect(),
            tail: (0..pages).map(|i| xxh3_128(tail_page(bytes, i))).collect(),
            // With a page or more, the pages from the start and those from the end cover it all.
            short: (pages == 0).then(|| xxh3_128(bytes)),
        }
    }

    /// The length of the text this is the print of.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// How many bytes at the start and at the end of `new` are surely those of the text this
    /// print was made of, cut to char boundaries and not overlapping in the shorter text; and
    /// the print of `new`, made on the way. The ends are found a page at a time, so they may be
    /// shorter than the common ends by up to a page each (a wider re-parse, never a wrong one),
    /// except that an unchanged text is found whole: `(new.len(), 0)`.
    pub fn common_ends(&self, new: &str) -> ((usize, usize), TextPrint) {
        let print = TextPrint::of(new);
        let bytes = new.as_bytes();
        if print == *self {
            return ((bytes.len(), 0), print);
        }
        let same = |a: &[u128], b: &[u128]| a.iter().zip(b).take_while(|(x, y)| x == y).count();
        // The bytes before a kept page boundary are the same in both texts, but whether the
        // boundary itself starts a char in the old text depends on a byte not kept. So the
        // prefix ends at the last char start before it, which starts a char in both.
        let page_prefix = same(&self.head, &print.head) * PAGE;
        let prefix = match page_prefix {
            0 => 0,
            p => (0..p).rev().find(|&i| new.is_char_boundary(i)).unwrap_or(0),
        };
        // The suffix's own first byte is kept: where it starts a char in one text, it does in
        // the other.
        let room = self.len.min(bytes.len()) - prefix;
        let mut suffix = (same(&self.tail, &print.tail) * PAGE).min(room);
        while suffix > 0 && !new.is_char_boundary(bytes.len() - suffix) {
            suffix -= 1;
        }
        ((prefix, suffix), print)
    }
}

fn head_page(bytes: &[u8], i: usize) -> &[u8] {
    &bytes[i * PAGE..(i + 1) * PAGE]
}

fn tail_page(bytes: &[u8], i: usize) -> &[u8] {
    &bytes[bytes.len() - (i + 1) * PAGE..bytes.len() - i * PAGE]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::incremental::common_ends;

    /// The print's ends hold the same bytes in both texts, and together fall short of the true
    /// common ends by at most a page (and a char) at each end.
    fn check(old: &str, new: &str) {
        let ((prefix, suffix), print) = TextPrint::of(old).common_ends(new);
        assert_eq!(print, TextPrint::of(new));
        let (true_prefix, true_suffix) = common_ends(old.as_bytes(), new.as_bytes());
        assert!(new.is_char_boundary(prefix) && old.is_char_boundary(prefix));
        assert!(new.is_char_boundary(new.len() - suffix));
        assert!(old.is_char_boundary(old.len() - suffix));
        assert!(
            prefix + suffix <= old.len().min(new.len()),
            "{prefix} + {suffix}"
        );
        assert_eq!(old.as_bytes()[..prefix], new.as_bytes()[..prefix]);
        assert_eq!(
            old.as_bytes()[old.len() - suffix..],
            new.as_bytes()[new.len() - suffix..]
        );
        if old == new {
            assert_eq!((prefix, suffix), (new.len(), 0));
        } else {
            let short = (true_prefix + true_suffix).saturating_sub(prefix + suffix);
            assert!(
                short < 2 * (PAGE + 4),
                "{prefix} + {suffix} of {true_prefix} + {true_suffix}"
            );
        }
    }

    fn long_text() -> String {
        (0..3000)
            .map(|i| format!("Line {i}: Россия и Китай — 3,200 troops 🚀.\n"))
            .collect()
    }

    #[test]
    fn finds_what_an_edit_kept_anywhere_in_a_long_text() {
        let text = long_text();
        for at in [
            0,
            1,
            4095,
            4096,
            4097,
            50_000,
            text.len() / 2,
            text.len() - 1,
        ] {
            let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            for insert in ["", "x", "Ж", "🚀", &"y".repeat(PAGE), "\n\n"] {
                for removed in [0, 1, 3, PAGE + 7] {
                    let end = (at + removed).min(text.len());
                    let end = (end..=text.len())
                        .find(|&i| text.is_char_boundary(i))
                        .unwrap();
                    let new = format!("{}{insert}{}", &text[..at], &text[end..]);
                    check(&text, &new);
                }
            }
        }
    }

    #[test]
    fn an_unchanged_text_is_found_whole_and_short_texts_have_no_pages() {
        let text = long_text();
        check(&text, &text);
        check("", "");
        check("short", "shorter");
        check("same length", "same lengtH");
        check("", &text);
        check(&text, "");
        // Cut inside a multi-byte char at a page boundary: the ends back off to char starts.
        // ("a" first: every page boundary then falls inside a two-byte char.)
        let wide = format!("a{}", "Ж".repeat(3 * PAGE));
        for at in [PAGE + 1, 2 * PAGE + 1, 2 * PAGE + 3] {
            check(&wide, &format!("{}x{}", &wide[..at], &wide[at..]));
            check(&wide, &format!("{}Ж{}", &wide[..at], &wide[at..]));
            check(&wide, &format!("{}{}", &wide[..at], &wide[at + 2..]));
        }
    }

    #[test]
    fn an_edit_that_keeps_every_page_hash_still_changes_the_length() {
        // A page appended: every old page is still there, the ends must not overlap.
        let text = "a".repeat(2 * PAGE);
        let longer = "a".repeat(3 * PAGE);
        check(&text, &longer);
        check(&longer, &text);
    }
}
