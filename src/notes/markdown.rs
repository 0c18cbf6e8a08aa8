//! Markdown → prose: which bytes of a note are claims and how they group into blocks.
//!
//! Everything that is not prose (front matter, code, link destinations, autolinks, bare URLs,
//! HTML and markup characters) is blank in the prose the analysis reads, which keeps the
//! note's offsets: recognizers run on it without any offset map of their own. The parse keeps
//! only the blocks and, inside them, the runs to blank (`masking`), not a masked copy of the
//! note, which cost a huge note its size again for as long as it was open.

use super::masking::{blank_copy, blank_runs, blank_urls};
use crate::model::Span;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// A run of prose that reads as one unit: a paragraph, a heading, a list item's text, a table
/// row (its cells parted by their pipes).
#[derive(Clone, Debug, PartialEq)]
pub struct ProseBlock {
    /// From the first to the last prose byte of the block.
    pub span: Span,
    pub heading: bool,
    pub in_blockquote: bool,
}

/// An HTML comment or tag found in the note, for directives.
#[derive(Clone, Debug, PartialEq)]
pub struct HtmlSnippet {
    pub span: Span,
}

/// What the markdown parser tells the analysis.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prose {
    /// The length of the text parsed: a parse is read only with its own text.
    pub len: usize,
    /// Inside the blocks, the runs of bytes that are not prose (markup, inline code, link
    /// destinations, bare URLs): sorted, apart, maximal, never a line break (`masking`).
    pub blanks: Vec<Span>,
    pub blocks: Vec<ProseBlock>,
    pub html: Vec<HtmlSnippet>,
    /// The top-level blocks (document offsets), for re-parsing only around an edit.
    pub(crate) chunks: Vec<Chunk>,
    pub(crate) body_start: usize,
    /// Whether the text holds `]:` anywhere: a link reference or footnote definition may
    /// change how text far from it parses, so such a note is never re-parsed in part.
    pub(crate) may_define_links: bool,
}

/// A top-level markdown block: its span and what kind of block it is (a tag's discriminant).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Chunk {
    pub span: Span,
    pub kind: std::mem::Discriminant<TagEnd>,
}

/// What one parse of a window of the note found (document offsets).
#[derive(Default)]
pub(crate) struct Window {
    pub blocks: Vec<ProseBlock>,
    pub blanks: Vec<Span>,
    pub html: Vec<HtmlSnippet>,
    pub chunks: Vec<Chunk>,
}

impl Window {
    /// Add what a parse of the window right after this one found.
    pub(crate) fn append(&mut self, next: Window) {
        self.blocks.extend(next.blocks);
        self.blanks.extend(next.blanks);
        self.html.extend(next.html);
        self.chunks.extend(next.chunks);
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Parse the markdown body of `text`, which starts at `body_start` (after the front matter).
pub fn parse(text: &str, body_start: usize) -> Prose {
    let body_start = body_start.min(text.len());
    let window = parse_window(text, body_start..text.len());
    Prose {
        len: text.len(),
        blanks: window.blanks,
        blocks: window.blocks,
        html: window.html,
        chunks: window.chunks,
        body_start,
        may_define_links: may_define_links(text),
    }
}

/// Whether `text` holds `]:` anywhere: a link reference or footnote definition may change
/// how text far from it parses.
pub(crate) fn may_define_links(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"]:").is_some()
}

/// Parse `text[window]` (whole lines) as a markdown document of its own.
pub(crate) fn parse_window(text: &str, window: Span) -> Window {
    // The window's prose is copied into a blank copy of it as the parser finds it, its bare
    // URLs are blanked, and what stays blank inside its blocks becomes the blank runs.
    let mut masked = blank_copy(&text[window.clone()]);
    let mut parsed = parse_into(text, window.clone(), &mut masked);
    blank_urls(&mut masked);
    parsed.blanks = blank_runs(
        &text.as_bytes()[window.clone()],
        &masked,
        window.start,
        &parsed.blocks,
    );
    parsed
}

/// `parse_window`, copying the prose into `masked`, the window's blank copy (offsets
/// relative to the window).
fn parse_into(text: &str, window: Span, masked: &mut [u8]) -> Window {
    let body_start = window.start;
    let body = &text[window];
    let mut blocks: Vec<ProseBlock> = Vec::new();
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut depth = 0usize;
    let mut html = Vec::new();
    let mut current: Option<ProseBlock> = None;
    let mut blockquote_depth = 0usize;
    let mut heading_depth = 0usize;
    let mut opaque_depth = 0usize; // inside autolinks, images, code blocks: no prose
    let mut link_opacity: Vec<bool> = Vec::new(); // for each open link or image: did it raise opacity?

    let close = |current: &mut Option<ProseBlock>, blocks: &mut Vec<ProseBlock>| {
        if let Some(block) = current.take() {
            blocks.push(block);
        }
    };

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let range = range.start + body_start..range.end + body_start;
        match &event {
            Event::Start(_) => {
                if depth == 0 {
                    chunks.push(Chunk {
                        span: range.clone(),
                        kind: std::mem::discriminant(&TagEnd::Paragraph),
                    });
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if let (0, Some(chunk)) = (depth, chunks.last_mut()) {
                    chunk.span.end = chunk.span.end.max(range.end);
                    chunk.kind = std::mem::discriminant(end);
                }
            }
            _ => {}
        }
        match event {
            Event::Start(tag) => {
                match &tag {
                    Tag::Link { link_type, .. } => {
                        let opaque = matches!(link_type, LinkType::Autolink | LinkType::Email);
                        opaque_depth += usize::from(opaque);
                        link_opacity.push(opaque);
                    }
                    Tag::Image { .. } => {
                        opaque_depth += 1;
                        link_opacity.push(true);
                    }
                    Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => opaque_depth += 1,
                    Tag::BlockQuote(_) => blockquote_depth += 1,
                    Tag::Heading { .. } => heading_depth += 1,
                    _ => {}
                }
                // A table row is one block and its cells are clauses: the pipe between two
                // cells stays in the prose (a clause break, `check::context`), so
                // "| Launchers | 700 | [¶5] |" is one sentence whose citation covers its
                // figures, as a reader takes the row.
                if matches!(tag, Tag::TableCell) {
                    let pipe = range.start.checked_sub(1).filter(|&i| i >= body_start);
                    if let (Some(i), Some(_)) = (pipe, &current) {
                        if text.as_bytes()[i] == b'|' {
                            masked[i - body_start] = b'|';
                        }
                    }
                } else if is_block_boundary(&tag) {
                    close(&mut current, &mut blocks);
                }
            }
            Event::End(end) => {
                match end {
                    TagEnd::Link | TagEnd::Image if link_opacity.pop() == Some(true) => {
                        opaque_depth = opaque_depth.saturating_sub(1);
                    }
                    TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {
                        opaque_depth = opaque_depth.saturating_sub(1)
                    }
                    TagEnd::BlockQuote(_) => blockquote_depth = blockquote_depth.saturating_sub(1),
                    TagEnd::Heading(_) => heading_depth = heading_depth.saturating_sub(1),
                    _ => {}
                }
                if is_block_end(&end) && !matches!(end, TagEnd::TableCell) {
                    close(&mut current, &mut blocks);
                }
            }
            Event::Text(_) if opaque_depth == 0 => {
                let local = range.start - body_start..range.end - body_start;
                masked[local].copy_from_slice(&text.as_bytes()[range.clone()]);
                let block = current.get_or_insert(ProseBlock {
                    span: range.clone(),
                    heading: heading_depth > 0,
                    in_blockquote: blockquote_depth > 0,
                });
                block.span.end = range.end.max(block.span.end);
            }
            Event::Html(_) | Event::InlineHtml(_) => html.push(HtmlSnippet { span: range }),
            _ => {}
        }
    }
    close(&mut current, &mut blocks);
    Window {
        blocks,
        blanks: Vec::new(),
        html,
        chunks,
    }
}

fn is_block_boundary(tag: &Tag) -> bool {
    !matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

fn is_block_end(end: &TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prose the analysis sees: masked text with runs of blanks squeezed.
    #[test]
    fn a_table_row_is_one_block_of_clauses() {
        let text = "| Limit | Figure |\n|---|---|\n| Warheads | 1550 [¶3] |\n|Launchers|700|\n\
                    Bare | row\n";
        assert_eq!(
            prose(text),
            [
                "Limit | Figure",
                "Warheads | 1550 [¶3]",
                "Launchers|700",
                "Bare | row"
            ]
        );
    }

    fn prose(text: &str) -> Vec<String> {
        let p = parse(text, 0);
        p.blocks
            .iter()
            .map(|b| {
                p.prose_of(text, b.span.clone())
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn code_links_html_and_urls_are_not_prose() {
        let text = "Some `3,500` and [the piece](https://x.org/2019/5) and <https://a.b/7>.\n\n\
```\n4,000 troops\n```\n\n<!-- 1999 -->\nSee www.example.com/2020 or https://t.co/88 now.\n";
        assert_eq!(prose(text), ["Some and the piece and .", "See or now."]);
    }

    #[test]
    fn masked_copy_keeps_offsets_and_line_breaks() {
        let text = "# Heading 3,200\n\n- item **300,000** Russians\n> quoted 2004\n";
        let p = parse(text, 0);
        let masked = p.masked_text(text);
        assert_eq!(masked.len(), text.len());
        let at = text.find("300,000").unwrap();
        assert_eq!(&masked[at..at + 7], "300,000");
        assert_eq!(masked.matches('\n').count(), 4);
        // The bold marks are the runs blanked inside the list item.
        assert_eq!(p.blanks, [at - 2..at, at + 7..at + 9]);
        let kinds: Vec<(bool, bool)> = p
            .blocks
            .iter()
            .map(|b| (b.heading, b.in_blockquote))
            .collect();
        assert_eq!(kinds, [(true, false), (false, false), (false, true)]);
    }

    #[test]
    fn html_comments_are_reported_for_directives() {
        let text = "A line <!-- geonotes-ignore -->\n\n<!-- geonotes-disable -->\n";
        let p = parse(text, 0);
        let found: Vec<&str> = p.html.iter().map(|h| text[h.span.clone()].trim()).collect();
        assert_eq!(
            found,
            ["<!-- geonotes-ignore -->", "<!-- geonotes-disable -->"]
        );
    }

    #[test]
    fn body_offset_is_respected() {
        let text = "---\nsource: a\n---\nBody 12 troops";
        let p = parse(text, 18);
        let masked = p.masked_text(text);
        assert_eq!(masked.len(), text.len());
        assert_eq!(p.blocks.len(), 1);
        assert_eq!(&text[p.blocks[0].span.clone()], "Body 12 troops");
        assert!(masked.starts_with("   "));
    }
}
