//! Cheap local look-around over raw text: the word before or after a byte offset.
//!
//! Words are runs of ASCII letters; every helper works on byte offsets that stay on char
//! boundaries (it only ever steps over ASCII bytes or whole whitespace chars), never allocates,
//! and never looks further than one whitespace run plus one word.

/// A word of ASCII letters at `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Word<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

impl Word<'_> {
    pub fn is(&self, lower: &str) -> bool {
        self.text.eq_ignore_ascii_case(lower)
    }
    pub fn is_any(&self, lowers: &[&str]) -> bool {
        lowers.iter().any(|w| self.is(w))
    }
    pub fn is_capitalized(&self) -> bool {
        self.text
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_uppercase)
    }
}

/// The end of the run of ASCII letters starting at `pos`.
fn letters_end(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = pos;
    while end < bytes.len() && bytes[end].is_ascii_alphabetic() {
        end += 1;
    }
    end
}

/// The word starting exactly at `pos`.
pub(super) fn word_at(text: &str, pos: usize) -> Option<Word<'_>> {
    let end = letters_end(text, pos);
    (end > pos).then(|| Word {
        start: pos,
        end,
        text: &text[pos..end],
    })
}

/// The position after any whitespace starting at `pos`.
pub(super) fn skip_space(text: &str, pos: usize) -> usize {
    let rest = text.get(pos..).unwrap_or("");
    pos + (rest.len() - rest.trim_start().len())
}

/// The position before any whitespace ending at `pos`.
pub(super) fn skip_space_back(text: &str, pos: usize) -> usize {
    let before = text.get(..pos).unwrap_or("");
    before.trim_end().len()
}

/// The word after `pos`, separated from it by whitespace (at least one char of it).
pub(super) fn next_word(text: &str, pos: usize) -> Option<Word<'_>> {
    let start = skip_space(text, pos);
    if start == pos {
        return None;
    }
    word_at(text, start)
}

/// The word ending at `pos` exactly.
pub(super) fn word_ending_at(text: &str, pos: usize) -> Option<Word<'_>> {
    let bytes = text.as_bytes();
    let mut start = pos.min(bytes.len());
    while start > 0 && bytes[start - 1].is_ascii_alphabetic() {
        start -= 1;
    }
    // A word glued to digits or non-ASCII letters on its left is not a word of its own.
    if start == pos || (start > 0 && is_word_char_before(text, start)) {
        return None;
    }
    Some(Word {
        start,
        end: pos,
        text: &text[start..pos],
    })
}

/// The word before `pos`, separated from it by whitespace.
pub(super) fn prev_word(text: &str, pos: usize) -> Option<Word<'_>> {
    let end = skip_space_back(text, pos);
    if end == pos {
        return None;
    }
    word_ending_at(text, end)
}

/// The char just before `pos`, if any.
pub(super) fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos)?.chars().next_back()
}

/// The char at `pos`, if any.
pub(super) fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

/// Is the char before `pos` a letter or digit (of any script)?
pub(super) fn is_word_char_before(text: &str, pos: usize) -> bool {
    char_before(text, pos).is_some_and(char::is_alphanumeric)
}

/// Is the char at `pos` a letter or digit (of any script)?
pub(super) fn is_word_char_at(text: &str, pos: usize) -> bool {
    char_at(text, pos).is_some_and(char::is_alphanumeric)
}

/// Lower-case an ASCII word into `buf` for table look-ups; `None` when it does not fit.
pub(super) fn lower<'b>(word: &str, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    let bytes = word.as_bytes();
    if bytes.len() > buf.len() || !word.is_ascii() {
        return None;
    }
    for (slot, b) in buf.iter_mut().zip(bytes) {
        *slot = b.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..bytes.len()]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_around_an_offset() {
        let text = "some  300,000 Russians";
        assert_eq!(prev_word(text, 6).map(|w| w.text), Some("some"));
        assert_eq!(next_word(text, 13).map(|w| w.text), Some("Russians"));
        assert_eq!(next_word(text, 12), None);
        assert_eq!(prev_word("G20 x", 3), None);
        assert_eq!(word_ending_at("2nd", 3), None);
    }
}
