//! Splits a source article into a title, section headings and numbered paragraphs.
//!
//! Works on plain text from PDF or web extraction and on markdown. A block is a run of
//! non-blank lines. Headings are `#` lines, ALL-CAPS lines, and Title Case lines at the top of
//! a block (a title or subtitle glued to the first paragraph). Inside a block, an indented
//! line after a line that ends a sentence starts a new paragraph, as PDF extraction leaves them.

use crate::model::Span;

/// One piece of the article's layout, in reading order.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Heading { span: Span, level: HeadingLevel },
    Paragraph { span: Span },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeadingLevel {
    /// Before the first paragraph: title, subtitle.
    Title,
    /// Between paragraphs: a section heading.
    Section,
}

/// A line of the text: its content span (without the line break) and its index.
#[derive(Clone, Debug)]
struct Line {
    span: Span,
}

fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(Line { span: start..i });
                start = i + 1;
            }
            b'\r' => {
                out.push(Line { span: start..i });
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push(Line {
            span: start..bytes.len(),
        });
    }
    out
}

fn trimmed(text: &str, span: &Span) -> Span {
    let s = &text[span.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    let start = span.start + lead;
    start..(span.end - trail).max(start)
}

fn is_blank(text: &str, line: &Line) -> bool {
    text[line.span.clone()].trim().is_empty()
}

/// `# Heading` in markdown.
fn is_markdown_heading(s: &str) -> bool {
    let hashes = s.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && s[hashes..].starts_with(' ')
}

/// "BUILDING THE BOND": letters present, none lower-case, short.
fn is_all_caps_heading(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 3
        && s.len() <= 100
        && !s.chars().any(char::is_lowercase)
        && !s.trim_end().ends_with(['.', ','])
}

/// Small words that stay lower-case in Title Case.
const MINOR_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "nor", "but", "for", "of", "in", "on", "at", "to", "by", "as",
    "vs", "via", "with", "from", "into", "over",
];

/// "Why Russia and China Are Strengthening Security Ties": every word that is not a minor word
/// starts upper-case, and there are at least two such words.
fn is_title_case(s: &str) -> bool {
    if s.len() > 120 || s.trim_end().ends_with([',', ';', ':']) {
        return false;
    }
    let mut capitalized = 0;
    for word in s.split_whitespace() {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        let Some(first) = bare.chars().next() else {
            continue;
        };
        if first.is_uppercase() || first.is_numeric() {
            capitalized += 1;
        } else if !MINOR_WORDS.contains(&bare.to_lowercase().as_str()) {
            return false;
        }
    }
    capitalized >= 2
}

fn ends_sentence(s: &str) -> bool {
    let s = s.trim_end();
    s.ends_with(['.', '?', '!', '"', '\u{201D}', '\'', '\u{2019}', ':'])
}

/// Split `text` into headings and paragraphs, in order.
pub fn split(text: &str) -> Vec<Piece> {
    let lines = lines(text);
    let mut pieces = Vec::new();
    let mut seen_paragraph = false;
    let mut i = 0;
    while i < lines.len() {
        if is_blank(text, &lines[i]) {
            i += 1;
            continue;
        }
        let block_start = i;
        while i < lines.len() && !is_blank(text, &lines[i]) {
            i += 1;
        }
        split_block(
            text,
            &lines[block_start..i],
            &mut pieces,
            &mut seen_paragraph,
        );
    }
    pieces
}

fn split_block(text: &str, block: &[Line], pieces: &mut Vec<Piece>, seen_paragraph: &mut bool) {
    let mut para_start: Option<usize> = None; // index into `block`
    let flush = |from: Option<usize>, to: usize, pieces: &mut Vec<Piece>, seen: &mut bool| {
        if let Some(from) = from {
            let span = trimmed(text, &(block[from].span.start..block[to - 1].span.end));
            if !span.is_empty() {
                pieces.push(Piece::Paragraph { span });
                *seen = true;
            }
        }
    };
    for (k, line) in block.iter().enumerate() {
        let content = trimmed(text, &line.span);
        let s = &text[content.clone()];
        let heading = is_markdown_heading(s)
            || (is_all_caps_heading(s) && para_start.is_none())
            // A Title Case line heads a block only when more text follows it.
            || (para_start.is_none() && k + 1 < block.len() && is_title_case(s));
        if heading {
            flush(para_start.take(), k, pieces, seen_paragraph);
            let level = if *seen_paragraph {
                HeadingLevel::Section
            } else {
                HeadingLevel::Title
            };
            let span = if is_markdown_heading(s) {
                let hashes = s.bytes().take_while(|&b| b == b'#').count();
                trimmed(text, &(content.start + hashes..content.end))
            } else {
                content
            };
            pieces.push(Piece::Heading { span, level });
            continue;
        }
        let indented = text[line.span.clone()].starts_with([' ', '\t']);
        if let Some(start) = para_start {
            if indented && k > start && ends_sentence(&text[block[k - 1].span.clone()]) {
                flush(Some(start), k, pieces, seen_paragraph);
                para_start = Some(k);
            }
        } else {
            para_start = Some(k);
        }
    }
    flush(para_start, block.len(), pieces, seen_paragraph);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe(text: &str) -> Vec<String> {
        split(text)
            .into_iter()
            .map(|p| match p {
                Piece::Heading { span, level } => format!("{level:?}: {}", &text[span]),
                Piece::Paragraph { span } => format!("P: {}", &text[span]),
            })
            .collect()
    }

    #[test]
    fn title_and_subtitle_glued_to_first_paragraph_are_headings() {
        let text = " Why Russia and China Are Strengthening Security Ties\nIs the U.S. Driving Them Closer Together?\n Early last week, Russia\nconcluded it.\n\nBUILDING THE BOND\n\nSecond one.\n";
        assert_eq!(
            describe(text),
            [
                "Title: Why Russia and China Are Strengthening Security Ties",
                "Title: Is the U.S. Driving Them Closer Together?",
                "P: Early last week, Russia\nconcluded it.",
                "Section: BUILDING THE BOND",
                "P: Second one.",
            ]
        );
    }

    #[test]
    fn markdown_headings_and_blank_line_paragraphs() {
        let text = "# Title\n\nFirst para\nwraps.\n\n## Part Two\nSecond para.\r\n\r\nThird.";
        assert_eq!(
            describe(text),
            [
                "Title: Title",
                "P: First para\nwraps.",
                "Section: Part Two",
                "P: Second para.",
                "P: Third."
            ]
        );
    }

    #[test]
    fn indented_line_after_sentence_end_starts_a_paragraph() {
        let text = "One ends here.\n  Two starts here\nand goes on.";
        assert_eq!(
            describe(text),
            ["P: One ends here.", "P: Two starts here\nand goes on."]
        );
    }

    #[test]
    fn a_title_case_line_inside_a_paragraph_is_not_a_heading() {
        let text = "The treaty was signed by\nRussia And China In Beijing\nlast year.";
        assert_eq!(describe(text).len(), 1);
    }

    #[test]
    fn empty_and_blank_texts_have_no_pieces() {
        assert!(split("").is_empty());
        assert!(split("\n \r\n\t\n").is_empty());
    }
}

#[cfg(test)]
mod demo_article {
    use super::*;

    #[test]
    fn demo_article_has_sixteen_paragraphs_two_titles_three_sections() {
        let text = include_str!("../../examples/vostok-2018/article.txt");
        let pieces = split(text);
        let paragraphs: Vec<&str> = pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Paragraph { span } => Some(&text[span.clone()]),
                _ => None,
            })
            .collect();
        let headings: Vec<(&str, HeadingLevel)> = pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Heading { span, level } => Some((&text[span.clone()], *level)),
                _ => None,
            })
            .collect();
        assert_eq!(paragraphs.len(), 16);
        assert!(paragraphs[0].starts_with("Early last week"));
        assert!(paragraphs[14].starts_with("Right now, however"));
        assert!(paragraphs[15].starts_with("Conventional wisdom"));
        assert_eq!(
            headings,
            [
                (
                    "Why Russia and China Are Strengthening Security Ties",
                    HeadingLevel::Title
                ),
                (
                    "Is the U.S. Driving Them Closer Together?",
                    HeadingLevel::Title
                ),
                ("BUILDING THE BOND", HeadingLevel::Section),
                ("FROM MISTRUST TO ENTENTE", HeadingLevel::Section),
                ("A DANGEROUS PARTNERSHIP", HeadingLevel::Section),
            ]
        );
    }
}
