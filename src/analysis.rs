//! The analysis of one note against its source: the entry point that the CLI and server call.
//!
//! `analyze_note` never fails: whatever the text, it returns mentions and findings. Reading the
//! source article is the caller's job (it is I/O); the caller says what it found in `Source`.

use crate::article::Article;
use crate::check::{self, codes, ClaimVerdict, Finding};
use crate::config::Severities;
use crate::kb::KnowledgeBase;
use crate::model::{PartialDate, Span};
use crate::notes::directives::Suppressions;
use crate::notes::frontmatter::FrontMatter;
use crate::notes::markdown;
use crate::position::LineIndex;
use crate::prose::{self, Mention};
use crate::recognize::quantities::QuantityContext;

/// What the caller knows about the note's source article.
#[derive(Clone, Copy, Debug)]
pub enum Source<'a> {
    /// Neither the front matter nor the project file names a source.
    None,
    /// A source is named but could not be used; `reason` says why and how to fix it.
    Unreadable {
        reason: &'a str,
    },
    Loaded(&'a Article),
}

/// Settings that shape one note's analysis.
#[derive(Clone, Debug, Default)]
pub struct NoteOptions {
    pub severities: Severities,
    /// Publication date from the project file; the note's front matter wins over it.
    pub published: Option<PartialDate>,
}

/// A prose block of the note after recognition (spans are note offsets).
#[derive(Clone, Debug)]
pub struct NoteBlock {
    pub recognized: prose::RecognizedBlock,
    pub heading: bool,
    pub in_blockquote: bool,
}

/// Everything known about a note.
#[derive(Clone, Debug)]
pub struct NoteAnalysis {
    pub front_matter: FrontMatter,
    pub lines: LineIndex,
    pub blocks: Vec<NoteBlock>,
    /// Every mention of the note, sorted by start.
    pub mentions: Vec<Mention>,
    /// Verdicts on figures and dates (index into `mentions`); empty without a source.
    pub verdicts: Vec<ClaimVerdict>,
    pub findings: Vec<Finding>,
    /// Claims on lines marked `<!-- geonotes: outside-knowledge -->`.
    pub outside_knowledge: usize,
}

impl NoteAnalysis {
    /// The innermost mention whose span holds `offset` (an offset at a mention's end counts
    /// too, so the cursor just after a word still hovers it). Figures may contain an entity
    /// ("3,200 Chinese troops"); on "Chinese" the entity wins.
    pub fn mention_at(&self, offset: usize) -> Option<(usize, &Mention)> {
        let after = self.mentions.partition_point(|m| m.span.start <= offset);
        // Mentions are short and nest at most one deep, so a few steps back suffice.
        (after.saturating_sub(8)..after)
            .rev()
            .map(|i| (i, &self.mentions[i]))
            .filter(|(_, m)| m.span.start <= offset && offset <= m.span.end)
            .min_by_key(|(_, m)| m.span.len())
    }

    pub fn verdict_for(&self, mention: usize) -> Option<&check::figures::Verdict> {
        self.verdicts
            .iter()
            .find(|v| v.mention == mention)
            .map(|v| &v.verdict)
    }
}

/// The publication date in force: front matter, else the project file.
pub fn published_date(front_matter: &FrontMatter, options: &NoteOptions) -> Option<PartialDate> {
    match front_matter.published() {
        Some(Ok(date)) => Some(date),
        _ => options.published,
    }
}

/// Analyze `text` against `source`.
pub fn analyze_note(
    text: &str,
    source: Source<'_>,
    kb: &KnowledgeBase,
    options: &NoteOptions,
) -> NoteAnalysis {
    // Names learned from the source are known in its notes too.
    let kb = match source {
        Source::Loaded(article) => &article.kb,
        _ => kb,
    };
    let front_matter = FrontMatter::parse(text);
    let lines = LineIndex::new(text);
    let prose = markdown::parse(text, front_matter.body_start());
    let ctx = QuantityContext {
        published: published_date(&front_matter, options),
        footnote_markers: false,
    };

    let blocks: Vec<NoteBlock> = prose
        .blocks
        .iter()
        .map(|b| {
            let mut recognized = prose::recognize_block(&prose.masked, b.span.clone(), kb, &ctx);
            prose::add_quotes(&mut recognized, b.in_blockquote);
            NoteBlock {
                recognized,
                heading: b.heading,
                in_blockquote: b.in_blockquote,
            }
        })
        .collect();
    let mentions: Vec<Mention> = blocks
        .iter()
        .flat_map(|b| b.recognized.mentions.iter().cloned())
        .collect();

    let mut findings = front_matter_findings(text, &front_matter, &lines, source);
    let mut verdicts = Vec::new();
    if let Source::Loaded(article) = source {
        let recognized: Vec<&prose::RecognizedBlock> =
            blocks.iter().map(|b| &b.recognized).collect();
        let (claims, v) = check::check_blocks(text, &recognized, article, kb);
        findings.extend(claims);
        verdicts = v;
    }

    let html: Vec<Span> = prose.html.iter().map(|h| h.span.clone()).collect();
    let suppressions = Suppressions::from_html(text, &html, &lines);
    let outside_knowledge = mentions
        .iter()
        .filter(|m| m.figure().is_some() || m.date().is_some())
        .filter(|m| suppressions.is_outside_knowledge(lines.line_of(m.span.start) as u32))
        .count();
    findings.retain_mut(|f| {
        let line = lines.line_of(f.span.start) as u32;
        if suppressions.silences(line, f.code)
            || (codes::is_claim_code(f.code) && suppressions.is_outside_knowledge(line))
        {
            return false;
        }
        match options.severities.resolve(f.code, f.severity) {
            Some(severity) => {
                f.severity = severity;
                true
            }
            None => false,
        }
    });
    findings.sort_by_key(|f| (f.span.start, f.span.end));
    NoteAnalysis {
        front_matter,
        lines,
        blocks,
        mentions,
        verdicts,
        findings,
        outside_knowledge,
    }
}

fn front_matter_findings(
    text: &str,
    fm: &FrontMatter,
    lines: &LineIndex,
    source: Source<'_>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let first_line = lines.line_span(text, 0);
    let source_span = fm
        .get("source")
        .map_or(first_line.clone(), |f| f.value_span.clone());
    match source {
        Source::None => out.push(Finding::new(
            first_line,
            codes::NO_SOURCE,
            "no source article: add `source: path/to/article.txt` to the front matter or to .geonotes.json".to_string(),
        )),
        Source::Unreadable { reason } => out.push(Finding::new(source_span, codes::SOURCE_UNREADABLE, reason.to_string())),
        Source::Loaded(_) => {}
    }
    if let (Some(Err(message)), Some(field)) = (fm.published(), fm.get("published")) {
        out.push(Finding::new(
            field.value_span.clone(),
            codes::BAD_FRONT_MATTER,
            format!("published: {message}"),
        ));
    }
    out
}
