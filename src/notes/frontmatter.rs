//! The `---` front matter of a note: `source:`, `published:` and any other `key: value` lines.
//!
//! Only flat `key: value` pairs are read (YAML's other forms are kept as opaque values), because
//! the two keys geonotes needs are scalars and a full YAML parser would be a large dependency
//! for them. Spans point into the note so diagnostics and go-to-definition can land on a key.

use crate::model::{PartialDate, Span};

/// One `key: value` line.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub key: String,
    pub key_span: Span,
    /// The value without surrounding quotes or whitespace.
    pub value: String,
    pub value_span: Span,
}

/// The front matter block and where the markdown body begins.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct FrontMatter {
    /// The whole block including both `---` lines; empty when the note has none.
    pub span: Span,
    pub fields: Vec<Field>,
}

impl FrontMatter {
    /// Parse the front matter at the very start of `text` (after an optional BOM).
    /// A block without a closing `---` is not front matter.
    pub fn parse(text: &str) -> FrontMatter {
        let start = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
        let mut lines = LineIter { text, pos: start };
        let Some(first) = lines.next() else {
            return FrontMatter::default();
        };
        if text[first.clone()].trim_end() != "---" {
            return FrontMatter::default();
        }
        let mut fields = Vec::new();
        for line in lines.by_ref() {
            let content = &text[line.clone()];
            if matches!(content.trim_end(), "---" | "...") {
                let end = lines.pos;
                return FrontMatter {
                    span: start..end,
                    fields,
                };
            }
            if let Some(field) = parse_field(text, line) {
                fields.push(field);
            }
        }
        FrontMatter::default()
    }

    /// Where the markdown body starts.
    pub fn body_start(&self) -> usize {
        self.span.end
    }

    pub fn get(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The `published:` date, or a message saying why it cannot be read.
    pub fn published(&self) -> Option<Result<PartialDate, String>> {
        self.get("published").map(|f| parse_iso_date(&f.value))
    }
}

/// Read "YYYY-MM-DD" (also "YYYY-MM" and "YYYY") into a date.
pub fn parse_iso_date(value: &str) -> Result<PartialDate, String> {
    let bad = || format!("`{value}` is not a date: write it as YYYY-MM-DD");
    let parts: Vec<&str> = value.trim().split('-').collect();
    let num = |s: &str| s.parse::<u32>().map_err(|_| bad());
    let date = match parts.as_slice() {
        [y] if y.len() == 4 => PartialDate::year(num(y)? as i32),
        [y, m] if y.len() == 4 => PartialDate::month(num(y)? as i32, num(m)? as u8),
        [y, m, d] if y.len() == 4 => PartialDate::day(num(y)? as i32, num(m)? as u8, num(d)? as u8),
        _ => return Err(bad()),
    };
    let month_ok = date.month.is_none_or(|m| (1..=12).contains(&m));
    let day_ok = match (date.month, date.day) {
        (Some(m), Some(d)) => d >= 1 && d <= crate::model::days_in_month(date.year, m),
        _ => true,
    };
    if month_ok && day_ok {
        Ok(date)
    } else {
        Err(bad())
    }
}

fn parse_field(text: &str, line: Span) -> Option<Field> {
    let content = &text[line.clone()];
    if content.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    let colon = content.find(':')?;
    let key = content[..colon].trim();
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    let raw = &content[colon + 1..];
    let lead = raw.len() - raw.trim_start().len();
    let mut value_start = line.start + colon + 1 + lead;
    let mut value = raw.trim();
    // A trailing YAML comment is not part of the value.
    if let Some(hash) = value.find(" #") {
        value = value[..hash].trim_end();
    }
    if value.len() >= 2
        && (value.starts_with('"') && value.ends_with('"')
            || value.starts_with('\'') && value.ends_with('\''))
    {
        value = &value[1..value.len() - 1];
        value_start += 1;
    }
    Some(Field {
        key: key.to_string(),
        key_span: line.start..line.start + colon,
        value: value.to_string(),
        value_span: value_start..value_start + value.len(),
    })
}

/// Lines of `text` from `pos`, as content spans without the line break.
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for LineIter<'_> {
    type Item = Span;
    fn next(&mut self) -> Option<Span> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.pos..];
        let start = self.pos;
        // memchr, not `str::find` with a char set (decoded char by char): the first line of a
        // note pasted as one 5 MB paragraph took 4 ms to find, on every analysis.
        match memchr::memchr2(b'\n', b'\r', rest.as_bytes()) {
            Some(i) => {
                let brk = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                self.pos += i + brk;
                Some(start..start + i)
            }
            None => {
                self.pos = self.text.len();
                Some(start..self.text.len())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_source_and_published_with_spans() {
        let text = "---\nsource: ./article.txt\npublished: \"2018-09-24\"\n---\n# Notes\n";
        let fm = FrontMatter::parse(text);
        let source = fm.get("source").unwrap();
        assert_eq!(source.value, "./article.txt");
        assert_eq!(&text[source.value_span.clone()], "./article.txt");
        assert_eq!(&text[source.key_span.clone()], "source");
        assert_eq!(fm.published(), Some(Ok(PartialDate::day(2018, 9, 24))));
        assert_eq!(&text[fm.body_start()..], "# Notes\n");
    }

    #[test]
    fn crlf_bom_and_comments() {
        let text = "\u{FEFF}---\r\nsource: a.txt # the piece\r\n---\r\nbody";
        let fm = FrontMatter::parse(text);
        assert_eq!(fm.get("source").unwrap().value, "a.txt");
        assert_eq!(&text[fm.body_start()..], "body");
    }

    #[test]
    fn unclosed_or_absent_front_matter_is_none() {
        assert_eq!(
            FrontMatter::parse("---\nsource: a\n"),
            FrontMatter::default()
        );
        assert_eq!(
            FrontMatter::parse("source: a\n---\n"),
            FrontMatter::default()
        );
        assert_eq!(FrontMatter::parse(""), FrontMatter::default());
    }

    #[test]
    fn bad_published_dates_say_how_to_fix_them() {
        for bad in ["2018-13-01", "2018-02-30", "next week", "18-09-24"] {
            assert!(
                parse_iso_date(bad).unwrap_err().contains("YYYY-MM-DD"),
                "{bad}"
            );
        }
        assert_eq!(
            parse_iso_date("2016-02-29"),
            Ok(PartialDate::day(2016, 2, 29))
        );
    }
}
