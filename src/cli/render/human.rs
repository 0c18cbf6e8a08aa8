//! `geonotes check` for people: compiler-style findings, each note printed as soon as it is
//! checked, then a summary line.

use super::{lsp_severity, NoteReport};
use geonotes::analysis::NoteFinding;
use geonotes::model::Span;
use geonotes::position::{floor_char_boundary, LineIndex};
use std::borrow::Cow;
use std::io::{self, Write};

/// Lines longer than this (in bytes) are shown as a window around the finding, so a note with
/// one huge line prints each finding with a short excerpt rather than the whole line.
const LONG_LINE: usize = 240;
/// Characters of context kept on each side of the finding in such a window.
const CONTEXT_CHARS: usize = 60;
/// At most this many characters of the finding itself are shown (and underlined) in a window.
const SPAN_CHARS: usize = 120;

/// 1-based line and character column, as compilers print them. Findings come sorted by start,
/// so the column is counted on from the previous finding on the same line rather than from the
/// line start (which was quadratic on a long line with many findings).
#[derive(Default)]
struct ColumnCursor {
    line: usize,
    offset: usize,
    /// 0-based character column of `offset`.
    chars: usize,
}

impl ColumnCursor {
    fn position(&mut self, text: &str, lines: &LineIndex, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset);
        let line = lines.line_of(offset);
        if line != self.line || offset < self.offset {
            *self = ColumnCursor {
                line,
                offset: lines.line_span(text, line).start.min(offset),
                chars: 0,
            };
        }
        self.chars += text[self.offset..offset].chars().count();
        self.offset = offset;
        (line + 1, self.chars + 1)
    }
}

/// The line holding the start of `span` (or, for a long line, a window of it with `…` where
/// cut), and carets under the span's part on that line.
fn underline<'t>(text: &'t str, lines: &LineIndex, span: &Span) -> (Cow<'t, str>, String) {
    let start = floor_char_boundary(text, span.start);
    let line_span = lines.line_span(text, lines.line_of(start));
    let line_end = floor_char_boundary(text, line_span.end).max(start);
    let end = floor_char_boundary(text, span.end.min(line_end)).max(start);
    let caret_line = |content: Cow<'t, str>, before: &str, under: &str| {
        let lead = before.chars().count();
        let width = under.chars().count().max(1);
        (
            content,
            format!("{}{}", " ".repeat(lead), "^".repeat(width)),
        )
    };
    if line_end - line_span.start <= LONG_LINE {
        return caret_line(
            Cow::Borrowed(&text[line_span.start..line_end]),
            &text[line_span.start..start],
            &text[start..end],
        );
    }
    let nth_boundary_after = |from: usize, n: usize, limit: usize| {
        text[from..limit]
            .char_indices()
            .nth(n)
            .map_or(limit, |(i, _)| from + i)
    };
    let window_start = text[line_span.start..start]
        .char_indices()
        .rev()
        .take(CONTEXT_CHARS)
        .last()
        .map_or(start, |(i, _)| line_span.start + i);
    let shown_end = nth_boundary_after(start, SPAN_CHARS, end);
    let window_end = nth_boundary_after(shown_end, CONTEXT_CHARS, line_end);
    let cut_before = if window_start > line_span.start {
        "…"
    } else {
        ""
    };
    let cut_after = if window_end < line_end { "…" } else { "" };
    let content = format!("{cut_before}{}{cut_after}", &text[window_start..window_end]);
    let before = format!("{cut_before}{}", &text[window_start..start]);
    caret_line(Cow::Owned(content), &before, &text[start..shown_end])
}

fn write_finding(
    out: &mut impl Write,
    report: &NoteReport,
    cursor: &mut ColumnCursor,
    f: &NoteFinding,
) -> io::Result<()> {
    let (text, lines) = (&report.text, &report.analysis.lines);
    let (line, col) = cursor.position(text, lines, f.span().start);
    writeln!(
        out,
        "{}:{line}:{col}: {}[{}]: {}",
        report.path.display(),
        f.severity().as_str(),
        f.code(),
        f.message(text)
    )?;
    let (content, marks) = underline(text, lines, &f.span());
    let gutter = " ".repeat(line.to_string().len());
    writeln!(out, "{gutter} |\n{line} | {content}\n{gutter} | {marks}")?;
    if let (Some((_, article)), Some(r)) = (&report.article, f.related().first()) {
        if let Some(p) = article.paragraph(r.paragraph) {
            writeln!(
                out,
                "{gutter} = source ¶{}: \"{}\"",
                p.n,
                p.sentence_at(r.span.start)
            )?;
        }
    }
    if let Some(fix) = f.fix() {
        writeln!(out, "{gutter} = fix: {}", fix.title)?;
    }
    writeln!(out)
}

fn write_note(out: &mut impl Write, report: &NoteReport) -> io::Result<()> {
    let mut cursor = ColumnCursor::default();
    for f in report.analysis.findings() {
        write_finding(out, report, &mut cursor, &f)?;
    }
    if report.analysis.outside_knowledge > 0 {
        writeln!(
            out,
            "{}: {} claim(s) marked as outside knowledge",
            report.path.display(),
            report.analysis.outside_knowledge
        )?;
    }
    Ok(())
}

/// Prints every note `check` hands to its callback, then, when `check` succeeds, the summary.
/// A closed pipe ends output quietly; `check` still runs to the end (its result carries the
/// exit code).
pub fn write<T, E>(
    mut out: impl Write,
    check: impl FnOnce(&mut dyn FnMut(&NoteReport)) -> Result<T, E>,
) -> Result<T, E> {
    let mut counts = [0usize; 4];
    let mut notes = 0usize;
    let mut writing = true;
    let result = check(&mut |report| {
        notes += 1;
        for f in report.analysis.findings() {
            counts[lsp_severity(f.severity()) as usize - 1] += 1;
        }
        writing = writing && write_note(&mut out, report).is_ok();
    });
    if result.is_ok() && writing {
        let [errors, warnings, infos, hints] = counts;
        let _ = writeln!(
            out,
            "{notes} note(s) checked: {errors} error(s), {warnings} warning(s), {infos} information, {hints} hint(s)"
        );
    }
    let _ = out.flush();
    result
}
