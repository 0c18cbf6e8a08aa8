//! Splits a source article into a title, section headings and numbered paragraphs.
//!
//! Works on plain text from PDF or web extraction and on markdown. A block is a run of
//! non-blank lines. Headings are `#` lines, ALL-CAPS lines, Title Case lines at the top of a
//! block (a title or subtitle glued to the first paragraph) and Title Case lines standing
//! alone. Before the first paragraph a byline ("By a staff correspondent") or a dateline
//! belongs to the title, alone or with the headline lines above it (the masthead), so that ¶1
//! is the first paragraph of the body, as a reader counts; so is a markdown article's front
//! matter (`front_matter`), whose `title:` is a title. Inside a block, an indented line after
//! a line that ends a sentence starts a new paragraph, as PDF extraction leaves them, and each
//! item of a list is a paragraph of its own.

use crate::model::{PartialDate, Span};

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
    let front = super::front_matter::read(text);
    let lines: Vec<Line> = lines(text)
        .into_iter()
        .filter(|line| line.span.start >= front.body_start)
        .collect();
    let mut pieces: Vec<Piece> = front
        .title
        .map(|span| Piece::Heading {
            span,
            level: HeadingLevel::Title,
        })
        .into_iter()
        .collect();
    // The masthead's lines are title lines, each a heading of its own.
    let body = masthead_end(text, &lines);
    for line in lines[..body].iter().filter(|l| !is_blank(text, l)) {
        let span = trimmed(text, &line.span);
        let span = match text[span.clone()]
            .bytes()
            .take_while(|&b| b == b'#')
            .count()
        {
            hashes if is_markdown_heading(&text[span.clone()]) => {
                trimmed(text, &(span.start + hashes..span.end))
            }
            _ => span,
        };
        pieces.push(Piece::Heading {
            span,
            level: HeadingLevel::Title,
        });
    }
    let mut blocks = Vec::new();
    let mut i = body;
    while i < lines.len() {
        if is_blank(text, &lines[i]) {
            i += 1;
            continue;
        }
        let block_start = i;
        while i < lines.len() && !is_blank(text, &lines[i]) {
            i += 1;
        }
        blocks.push(&lines[block_start..i]);
    }
    let mut seen_paragraph = false;
    for (b, block) in blocks.iter().enumerate() {
        if let [line] = block {
            let span = trimmed(text, &line.span);
            let last = b + 1 == blocks.len();
            if let Some(level) = line_alone_as_heading(&text[span.clone()], seen_paragraph, last) {
                pieces.push(Piece::Heading { span, level });
                continue;
            }
        }
        split_block(text, block, &mut pieces, &mut seen_paragraph);
    }
    pieces
}

/// How many of the article's first lines hold no more than a headline, its deck, a byline and
/// a dateline: the lines up to the last byline or dateline among the first few, when the
/// lines before it are short enough to be headlines. A headline in sentence case ("Iran deal:
/// what the agreement limits") is no Title Case line, and a masthead set without blank lines
/// is one block: without this the whole of it was ¶1, and every paragraph a reader counts was
/// numbered one too high. 0 when there is no such masthead.
fn masthead_end(text: &str, lines: &[Line]) -> usize {
    /// A masthead has a headline, perhaps a deck, a byline and a dateline: more lines than
    /// this before the last of them are an article's body.
    const MOST_LINES: usize = 6;
    /// A headline or a deck; a body paragraph extracted as one line is longer.
    const LONGEST_HEADLINE: usize = 200;
    let mut end = 0;
    let mut seen = 0;
    for (i, line) in lines.iter().enumerate() {
        if is_blank(text, line) {
            continue;
        }
        seen += 1;
        if seen > MOST_LINES {
            break;
        }
        let s = &text[trimmed(text, &line.span)];
        if is_masthead_byline(s) || is_dateline(s) {
            end = i + 1;
        } else if s.len() > LONGEST_HEADLINE {
            break;
        }
    }
    end
}

/// A byline as it heads an article: "By" and a name or a desk ("By Jane Doe and John Roe",
/// "By Our Staff Writer", "By a staff correspondent"), not a sentence's first line that opens on
/// "By" ("By March, Iran had installed").
fn is_masthead_byline(s: &str) -> bool {
    const DESK_WORDS: &[&str] = &[
        "a",
        "an",
        "and",
        "the",
        "of",
        "in",
        "our",
        "staff",
        "correspondent",
        "correspondents",
        "reporter",
        "reporters",
        "writer",
        "writers",
        "editor",
        "editors",
        "special",
        "foreign",
        "de",
        "van",
        "von",
        "der",
        "la",
        "le",
        "bin",
        "al",
    ];
    let Some(rest) = s.strip_prefix("By ").or_else(|| s.strip_prefix("BY ")) else {
        return false;
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    is_byline(s)
        && words.len() <= 10
        && words.iter().all(|w| {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
            bare.is_empty()
                || bare.starts_with(char::is_uppercase)
                || DESK_WORDS.contains(&bare.to_lowercase().as_str())
        })
}

/// What a line between blank lines is when it is no paragraph (a `#` or ALL-CAPS line is
/// left to `split_block`). Before the first paragraph: a title in Title Case (no full stop:
/// "Russia Sent Troops." is a sentence), a byline or a dateline. After it, a Title Case line
/// is a section heading, unless it ends the article (a sign-off such as "Staff Report").
fn line_alone_as_heading(s: &str, seen_paragraph: bool, last: bool) -> Option<HeadingLevel> {
    if is_markdown_heading(s) || is_all_caps_heading(s) || list_marker_len(s).is_some() {
        return None;
    }
    let titled = is_title_case(s) && !s.ends_with('.');
    if !seen_paragraph {
        (titled || is_byline(s) || is_dateline(s)).then_some(HeadingLevel::Title)
    } else {
        (titled && !last && !s.ends_with(['?', '!'])).then_some(HeadingLevel::Section)
    }
}

/// "By a staff correspondent", "BY JANE DOE AND JOHN ROE": a short line that opens on "By"
/// and is no sentence.
fn is_byline(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("By ").or_else(|| s.strip_prefix("BY ")) else {
        return false;
    };
    s.len() <= 100 && !s.ends_with('.') && rest.starts_with(|c: char| c.is_alphabetic())
}

/// Words a dateline holds besides its date ("Published on November 20, 2023, 10:30 GMT").
const DATELINE_WORDS: &[&str] = &[
    "published",
    "updated",
    "posted",
    "first",
    "last",
    "on",
    "at",
    "am",
    "pm",
    "a.m",
    "p.m",
    "gmt",
    "utc",
    "et",
    "est",
    "edt",
    "bst",
    "cet",
    "cest",
];

/// "November 20, 2023", "Updated 2023-11-20 10:30 GMT": a short line whose words, besides
/// the words of `DATELINE_WORDS` and times of day, are one date of a month or a day.
fn is_dateline(s: &str) -> bool {
    dateline(s).is_some()
}

/// The date of a dateline (`is_dateline`), alone on its line or after a byline ("By Maria
/// Keller | Published 12 September 2024", "By Jane Doe, March 3, 2024").
pub fn dateline(s: &str) -> Option<PartialDate> {
    date_alone(s).or_else(|| date_after_byline(s))
}

/// The date of a byline and a dateline on one line, parted by a bar, a dot, a dash or a comma.
fn date_after_byline(s: &str) -> Option<PartialDate> {
    if !is_byline(s) {
        return None;
    }
    s.char_indices()
        .filter(|&(_, c)| matches!(c, '|' | '·' | '•' | '—' | '–' | ','))
        .find_map(|(i, c)| {
            let (byline, date) = (s[..i].trim(), s[i + c.len_utf8()..].trim());
            is_masthead_byline(byline)
                .then(|| date_alone(date))
                .flatten()
        })
}

/// The date of a line that holds a date and nothing but dateline words.
fn date_alone(s: &str) -> Option<PartialDate> {
    if s.len() > 80 {
        return None;
    }
    let ctx = crate::recognize::quantities::QuantityContext {
        published: None,
        footnote_markers: false,
    };
    let found = crate::recognize::quantities::recognize(s, &ctx);
    let [date] = &found.dates[..] else {
        return None;
    };
    let value = date
        .value
        .filter(|v| v.start == v.end && v.start.month.is_some())?;
    let rest = format!("{} {}", &s[..date.span.start], &s[date.span.end..]);
    rest.split(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '-' | '–' | '—' | '·'))
        .filter(|w| !w.is_empty())
        .all(|w| {
            let written = w.trim_end_matches(['.', ':']);
            let w = written.to_ascii_lowercase();
            let is_time = w
                .split(':')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
            w.is_empty() || is_time || DATELINE_WORDS.contains(&w.as_str()) || is_wire(written)
        })
        .then_some(value.start)
}

/// A word of a wire dateline's place or agency: "KHARTOUM", "D.C", "(Reuters)", "(AP)".
fn is_wire(word: &str) -> bool {
    match word.strip_prefix('(').and_then(|w| w.strip_suffix(')')) {
        Some(agency) => {
            agency.chars().next().is_some_and(char::is_uppercase)
                && agency.chars().all(char::is_alphabetic)
        }
        None => {
            word.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && word
                    .chars()
                    .all(|c| c.is_uppercase() || matches!(c, '.' | '\''))
        }
    }
}

fn split_block(text: &str, block: &[Line], pieces: &mut Vec<Piece>, seen_paragraph: &mut bool) {
    // The current paragraph: its first line in `block` and the byte where it starts (after a
    // list item's marker).
    let mut para_start: Option<(usize, usize)> = None;
    let mut in_list = false;
    let flush =
        |from: Option<(usize, usize)>, to: usize, pieces: &mut Vec<Piece>, seen: &mut bool| {
            if let Some((_, start)) = from {
                let span = trimmed(text, &(start..block[to - 1].span.end));
                if !span.is_empty() {
                    pieces.push(Piece::Paragraph { span });
                    *seen = true;
                }
            }
        };
    for (k, line) in block.iter().enumerate() {
        let content = trimmed(text, &line.span);
        let s = &text[content.clone()];
        let marker = list_marker_len(s);
        let heading = is_markdown_heading(s)
            || (marker.is_none() && is_all_caps_heading(s) && para_start.is_none())
            // A Title Case line heads a block only when more text follows it.
            || (marker.is_none() && para_start.is_none() && k + 1 < block.len() && is_title_case(s));
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
        let after_sentence = k > 0 && ends_sentence(&text[block[k - 1].span.clone()]);
        // A list's item is a paragraph of its own, as a reader counts it and a hover quotes
        // it; a marker inside a wrapped sentence ("rose to\n15. Then") starts none.
        if let Some(marker) = marker.filter(|_| k == 0 || in_list || after_sentence) {
            flush(para_start.take(), k, pieces, seen_paragraph);
            para_start = Some((k, content.start + marker));
            in_list = true;
            continue;
        }
        let indented = text[line.span.clone()].starts_with([' ', '\t']);
        match para_start {
            Some((first, _)) if indented && k > first && after_sentence => {
                flush(para_start, k, pieces, seen_paragraph);
                para_start = Some((k, line.span.start));
                in_list = false;
            }
            Some(_) => {}
            None => para_start = Some((k, line.span.start)),
        }
    }
    flush(para_start, block.len(), pieces, seen_paragraph);
}

/// The length of a list item's marker and the spaces after it: "- ", "* ", "+ ", "• ", "1. ",
/// "12) ". None for a line that is no list item.
fn list_marker_len(line: &str) -> Option<usize> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match line.as_bytes() {
        [b'-' | b'*' | b'+', ..] => 1,
        _ if line.starts_with('•') => '•'.len_utf8(),
        _ if (1..=2).contains(&digits)
            && matches!(line.as_bytes().get(digits), Some(b'.' | b')')) =>
        {
            digits + 1
        }
        _ => return None,
    };
    let rest = &line[marker..];
    let spaces = rest.len() - rest.trim_start().len();
    (spaces > 0 && spaces < rest.len()).then_some(marker + spaces)
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
    fn a_title_byline_and_dateline_alone_before_the_body_are_no_paragraphs() {
        let text = "Shoals and Signals: How the Standoff Hardened in 2023\n\nBy a staff correspondent\n\nUpdated November 20, 2023, 10:30 GMT\n\nTensions rose sharply.\n\nSources of Tension\n\nThe tribunal ruled.\n";
        assert_eq!(
            describe(text),
            [
                "Title: Shoals and Signals: How the Standoff Hardened in 2023",
                "Title: By a staff correspondent",
                "Title: Updated November 20, 2023, 10:30 GMT",
                "P: Tensions rose sharply.",
                "Section: Sources of Tension",
                "P: The tribunal ruled.",
            ]
        );
    }

    #[test]
    fn a_wire_dateline_names_its_place_and_agency() {
        let day = |y, m, d| Some(PartialDate::day(y, m, d));
        for (line, date) in [
            ("KHARTOUM, April 15, 2024", day(2024, 4, 15)),
            ("NEW YORK, 3 May 2023", day(2023, 5, 3)),
            ("WASHINGTON, D.C. — June 2, 2022", day(2022, 6, 2)),
            ("VIENNA, July 14, 2015 (Reuters)", day(2015, 7, 14)),
            ("April 15, 2024", day(2024, 4, 15)),
            // A byline and a dateline on one line.
            (
                "By Maria Keller | Published 12 September 2024",
                day(2024, 9, 12),
            ),
            (
                "By Jane Doe, Foreign Editor, March 3, 2024",
                day(2024, 3, 3),
            ),
            ("By Jane Doe · 3 March 2024", day(2024, 3, 3)),
            ("By March, 2024 had come", None),
            ("By Staff Writer, Reuters", None),
            // Words of a headline are no place.
            ("Khartoum burns, April 15, 2024", None),
            ("SUDAN WAR ENTERS ITS SECOND YEAR", None),
        ] {
            assert_eq!(dateline(line), date, "{line}");
        }
    }

    #[test]
    fn a_masthead_without_blank_lines_is_no_paragraph() {
        // A headline in sentence case, a byline and a dateline in one block.
        let text = "Iran deal: what the nuclear agreement limits, and for how long\nBy Staff Writer\nJuly 16, 2015\n\nIran and six world powers reached a deal.\n\nThe talks began in 2013.\n";
        assert_eq!(
            describe(text),
            [
                "Title: Iran deal: what the nuclear agreement limits, and for how long",
                "Title: By Staff Writer",
                "Title: July 16, 2015",
                "P: Iran and six world powers reached a deal.",
                "P: The talks began in 2013.",
            ]
        );
        // The same lines between blank lines, with a deck that is a sentence.
        let text = "# Iran deal: what the agreement limits\n\nSix powers and Tehran settle a decade of talks.\n\nBY JANE DOE AND JOHN ROE\n\nIran and six world powers reached a deal.\n";
        assert_eq!(
            describe(text),
            [
                "Title: Iran deal: what the agreement limits",
                "Title: Six powers and Tehran settle a decade of talks.",
                "Title: BY JANE DOE AND JOHN ROE",
                "P: Iran and six world powers reached a deal.",
            ]
        );
    }

    #[test]
    fn a_front_matter_and_a_byline_with_its_date_are_no_paragraphs() {
        let text = "---\ntitle: \"Oil Cap\"\ndate: 2024-09-12\n---\n\n# Oil Cap\n\nThe cap bent.\n";
        assert_eq!(
            describe(text),
            ["Title: Oil Cap", "Title: Oil Cap", "P: The cap bent."]
        );
        let text = "Two Years On, the Oil Cap Bends\nBy Maria Keller | Published 12 September 2024\n\nThe cap bent.\n";
        assert_eq!(
            describe(text),
            [
                "Title: Two Years On, the Oil Cap Bends",
                "Title: By Maria Keller | Published 12 September 2024",
                "P: The cap bent.",
            ]
        );
    }

    #[test]
    fn each_item_of_a_list_is_a_paragraph_without_its_marker() {
        let text = "- Deployed Strategic Warheads\n\nThe limits were:\n- 1,550 warheads;\n- 700 launchers\n  deployed;\n* 18 inspections\n\n1. First.\n2) Second.\n\nThe total rose to\n15. Then it fell.\n";
        assert_eq!(
            describe(text),
            [
                "P: Deployed Strategic Warheads",
                "P: The limits were:",
                "P: 1,550 warheads;",
                "P: 700 launchers\n  deployed;",
                "P: 18 inspections",
                "P: First.",
                "P: Second.",
                "P: The total rose to\n15. Then it fell.",
            ]
        );
    }

    #[test]
    fn a_body_that_opens_on_by_has_no_masthead() {
        // A sentence's first line that opens on "By" is no byline, and a dateline past the
        // first few lines, or after a long line, heads nothing.
        let text = "By March, Iran had installed\nnineteen thousand centrifuges.\n\nThe talks began in 2013.\n";
        assert!(
            describe(text).iter().all(|p| p.starts_with("P: ")),
            "{:#?}",
            describe(text)
        );
        let long = "word ".repeat(60);
        let text = format!("{long}\n\nJuly 16, 2015\n\nThe talks began in 2013.\n");
        assert_eq!(describe(&text)[0], format!("P: {}", long.trim()));
    }

    #[test]
    fn short_sentences_alone_stay_paragraphs() {
        // A sentence in Title Case, a line that opens on "By" but is a sentence, a year alone,
        // a line naming a date among other words, and a Title Case sign-off at the end.
        let text = "Russia Sent Troops To The Border.\n\nBy then the talks had failed.\n\n2023\n\nTalks resumed on November 20, 2023 in Manila\n\nThe tribunal ruled.\n\nStaff Report\n";
        let paragraphs = describe(text)
            .into_iter()
            .filter(|p| p.starts_with("P: "))
            .count();
        assert_eq!(paragraphs, 6, "{:#?}", describe(text));
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
