//! `geonotes check` for people: compiler-style findings, each note printed as soon as it is
//! checked, then a summary line.

use super::{lsp_severity, NoteReport};
use geonotes::check::Finding;
use geonotes::model::Span;
use geonotes::position::LineIndex;
use std::io::{self, Write};

/// 1-based line and character column, as compilers print them.
fn human_position(text: &str, lines: &LineIndex, offset: usize) -> (usize, usize) {
    let line = lines.line_of(offset);
    let start = lines.line_span(text, line).start;
    (
        line + 1,
        text[start..offset.min(text.len())].chars().count() + 1,
    )
}

/// The line holding the start of `span`, and carets under the span's part on that line.
fn underline<'t>(text: &'t str, lines: &LineIndex, span: &Span) -> (&'t str, String) {
    let line = lines.line_of(span.start);
    let line_span = lines.line_span(text, line);
    let content = &text[line_span.clone()];
    let lead = text[line_span.start..span.start].chars().count();
    let width = text[span.start..span.end.min(line_span.end).max(span.start)]
        .chars()
        .count()
        .max(1);
    (
        content,
        format!("{}{}", " ".repeat(lead), "^".repeat(width)),
    )
}

fn write_finding(out: &mut impl Write, report: &NoteReport, f: &Finding) -> io::Result<()> {
    let (text, lines) = (&report.text, &report.analysis.lines);
    let (line, col) = human_position(text, lines, f.span.start);
    writeln!(
        out,
        "{}:{line}:{col}: {}[{}]: {}",
        report.path.display(),
        f.severity.as_str(),
        f.code,
        f.message
    )?;
    let (content, marks) = underline(text, lines, &f.span);
    let gutter = " ".repeat(line.to_string().len());
    writeln!(out, "{gutter} |\n{line} | {content}\n{gutter} | {marks}")?;
    if let (Some((_, article)), Some(r)) = (&report.article, f.related.first()) {
        if let Some(p) = article.paragraph(r.paragraph) {
            writeln!(
                out,
                "{gutter} = source ¶{}: \"{}\"",
                p.n,
                p.sentence_at(r.span.start)
            )?;
        }
    }
    if let Some(fix) = &f.fix {
        writeln!(out, "{gutter} = fix: {}", fix.title)?;
    }
    writeln!(out)
}

fn write_note(out: &mut impl Write, report: &NoteReport) -> io::Result<()> {
    for f in &report.analysis.findings {
        write_finding(out, report, f)?;
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
        for f in &report.analysis.findings {
            counts[lsp_severity(f.severity) as usize - 1] += 1;
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
