//! A JSON string literal's escapes undone inside the buffer that holds it, without a new one.
//!
//! The text of a large `didOpen` is most of its frame. Decoding it into a fresh `String` wrote a
//! megabyte per MiB of note into pages the process had never touched, and on a fresh server
//! each such page costs microseconds (`docs/benchmarks.md`, session 9). An unescaped JSON string
//! is never longer than its escaped form, so it can be written over itself, front to back.

/// Undo the escapes of the JSON string whose contents (between its quotes) are
/// `bytes[range]`, writing the result at the start of `bytes`; returns its length.
/// A `\u` escape of half a surrogate pair with no other half becomes U+FFFD, as invalid UTF-8
/// in a frame does. Escapes JSON does not have (which serde_json refuses before this runs) are
/// kept as they are, so nothing is lost and valid UTF-8 stays valid.
pub fn unescape_in_place(bytes: &mut [u8], range: std::ops::Range<usize>) -> usize {
    let end = range.end;
    let (mut read, mut write) = (range.start, 0);
    while read < end {
        let run = memchr::memchr(b'\\', &bytes[read..end]).unwrap_or(end - read);
        if write != read {
            bytes.copy_within(read..read + run, write);
        }
        write += run;
        read += run;
        if read == end {
            break;
        }
        // One line break per line of the note: the escape to be quick about.
        let simple = match bytes[..end].get(read + 1) {
            Some(b'n') => Some(b'\n'),
            Some(b'"') => Some(b'"'),
            Some(b'\\') => Some(b'\\'),
            Some(b'/') => Some(b'/'),
            Some(b't') => Some(b'\t'),
            Some(b'r') => Some(b'\r'),
            Some(b'b') => Some(0x08),
            Some(b'f') => Some(0x0C),
            _ => None,
        };
        if let Some(byte) = simple {
            bytes[write] = byte;
            write += 1;
            read += 2;
            continue;
        }
        // `\uXXXX`, or not an escape JSON has: then the backslash stays, and what follows it
        // is read as text.
        let (ch, escape_len) = unicode_escape(&bytes[read..end]).unwrap_or(('\\', 1));
        // The escape is at least as long as the char's UTF-8: writing never passes reading.
        let encoded = ch.len_utf8();
        ch.encode_utf8(&mut bytes[write..write + encoded]);
        write += encoded;
        read += escape_len;
    }
    write
}

/// The char of the `\uXXXX` escape at the start of `escape` (two escapes for a surrogate
/// pair), and how many bytes it took; `None` if it is not one.
fn unicode_escape(escape: &[u8]) -> Option<(char, usize)> {
    if escape.get(1) != Some(&b'u') {
        return None;
    }
    let unit = hex4(escape.get(2..6)?)?;
    if (0xD800..0xDC00).contains(&unit) {
        let low = match escape.get(6..12) {
            Some([b'\\', b'u', hex @ ..]) => hex4(hex).filter(|u| (0xDC00..0xE000).contains(u)),
            _ => None,
        };
        return Some(match low {
            Some(low) => {
                let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                (char::from_u32(code)?, 12)
            }
            None => (char::REPLACEMENT_CHARACTER, 6),
        });
    }
    Some((
        char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER),
        6,
    ))
}

fn hex4(digits: &[u8]) -> Option<u32> {
    digits
        .iter()
        .take(4)
        .try_fold(0, |value, &digit| {
            let nibble = match digit {
                b'0'..=b'9' => digit - b'0',
                b'a'..=b'f' => digit - b'a' + 10,
                b'A'..=b'F' => digit - b'A' + 10,
                _ => return None,
            };
            Some(value << 4 | u32::from(nibble))
        })
        .filter(|_| digits.len() >= 4)
}

/// `json` with every non-ASCII char written as `\uXXXX` escapes, as clients that escape them
/// all (Python's default) send it. For tests, here and over stdio.
#[doc(hidden)]
pub fn ascii_escaped(json: &str) -> String {
    json.chars()
        .map(|c| match c.is_ascii() {
            true => c.to_string(),
            false => c
                .encode_utf16(&mut [0; 2])
                .iter()
                .map(|unit| format!("\\u{unit:04x}"))
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unescape the literal `json` (quotes included) as it would sit in a frame.
    fn unescaped(json: &str) -> Option<String> {
        let mut bytes = format!("{{\"text\":{json},\"x\":1}}").into_bytes();
        let start = "{\"text\":\"".len();
        let range = start..start + json.len() - 2;
        let len = unescape_in_place(&mut bytes, range);
        String::from_utf8(bytes[..len].to_vec()).ok()
    }

    #[test]
    fn every_escape_json_has_is_undone() {
        let cases = [
            (r#""plain""#, "plain"),
            (r#""""#, ""),
            (r#""a\"b\\c\/d""#, "a\"b\\c/d"),
            (r#""\b\f\n\r\t""#, "\u{8}\u{c}\n\r\t"),
            (r#""caf\u00e9 \u65E5\u672c""#, "café 日本"),
            (r#""\ud83d\ude80 go""#, "🚀 go"),
            (r#""\u0000""#, "\0"),
            // Half a pair alone, or followed by something else, is replaced.
            (r#""a\ud83db""#, "a\u{FFFD}b"),
            (r#""\ude80""#, "\u{FFFD}"),
            (r#""\ud83d\u0041""#, "\u{FFFD}A"),
            (r#""\ud83d\ud83d\ude80""#, "\u{FFFD}🚀"),
            // Raw UTF-8 stays as it is.
            (r#""Путин 👍\n""#, "Путин 👍\n"),
        ];
        for (json, expected) in cases {
            assert_eq!(unescaped(json).as_deref(), Some(expected), "{json}");
        }
    }

    #[test]
    fn escapes_json_does_not_have_are_kept_as_they_are() {
        // The last: a backslash just before the closing quote, which is not its to escape.
        let cases = [
            (r#""\x41""#, r"\x41"),
            (r#""\u12""#, r"\u12"),
            (r#""\u12G4 \n""#, "\\u12G4 \n"),
            ("\"trailing\\\"", "trailing\\"),
        ];
        for (json, expected) in cases {
            assert_eq!(unescaped(json).as_deref(), Some(expected), "{json}");
        }
    }

    #[test]
    fn what_serde_json_writes_comes_back_for_any_text() {
        use proptest::prelude::*;
        let text = proptest::collection::vec(
            prop_oneof![
                any::<char>(),
                Just('\n'),
                Just('"'),
                Just('\\'),
                Just('\u{1}'),
                Just('😀'),
            ],
            0..200,
        )
        .prop_map(|chars| chars.into_iter().collect::<String>());
        proptest!(|(text in text, ascii_only in any::<bool>())| {
            let mut json = serde_json::to_string(&text).unwrap();
            if ascii_only {
                json = ascii_escaped(&json);
            }
            prop_assert_eq!(unescaped(&json), Some(text));
        });
    }
}
