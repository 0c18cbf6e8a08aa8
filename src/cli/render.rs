//! Output of `geonotes check`: compiler-style text for people, LSP `Diagnostic` JSON for tools.

use geonotes::analysis::NoteAnalysis;
use geonotes::article::Article;
use geonotes::check::Finding;
use geonotes::model::{Severity, Span};
use geonotes::position::{Encoding, LineIndex};
use geonotes::workspace::path_to_uri;
use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;
use std::rc::Rc;

/// One checked note with what is needed to print it.
pub struct NoteReport {
    pub path: PathBuf,
    pub text: String,
    pub analysis: NoteAnalysis,
    pub article: Option<(PathBuf, Rc<Article>)>,
}

fn lsp_severity(s: Severity) -> u8 {
    match s {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Information => 3,
        Severity::Hint => 4,
    }
}

/// An LSP range (0-based lines, UTF-16 columns).
pub fn lsp_range(text: &str, lines: &LineIndex, span: &Span) -> Value {
    let pos = |offset| {
        let lc = lines.to_line_col(text, offset, Encoding::Utf16);
        json!({"line": lc.line, "character": lc.col})
    };
    json!({"start": pos(span.start), "end": pos(span.end)})
}

fn diagnostic(report: &NoteReport, finding: &Finding) -> Value {
    let text = &report.text;
    let lines = &report.analysis.lines;
    let related: Vec<Value> = match &report.article {
        Some((path, article)) => finding
            .related
            .iter()
            .map(|r| {
                json!({
                    "location": {"uri": path_to_uri(path), "range": lsp_range(&article.text, &article.lines, &r.span)},
                    "message": r.message,
                })
            })
            .collect(),
        None => Vec::new(),
    };
    let mut d = json!({
        "uri": path_to_uri(&report.path),
        "range": lsp_range(text, lines, &finding.span),
        "severity": lsp_severity(finding.severity),
        "code": finding.code,
        "source": "geonotes",
        "message": finding.message,
    });
    if !related.is_empty() {
        d["relatedInformation"] = Value::Array(related);
    }
    if let Some(fix) = &finding.fix {
        d["data"] = json!({"fix": {"title": fix.title, "range": lsp_range(text, lines, &fix.span), "newText": fix.replacement}});
    }
    d
}

/// One JSON array of every finding of every note.
pub fn json(reports: &[NoteReport], out: &mut impl Write) {
    let all: Vec<Value> = reports
        .iter()
        .flat_map(|r| r.analysis.findings.iter().map(move |f| diagnostic(r, f)))
        .collect();
    let _ = serde_json::to_writer_pretty(&mut *out, &all);
    let _ = writeln!(out);
}

/// 1-based line and character column, as compilers print them.
fn human_position(text: &str, lines: &LineIndex, offset: usize) -> (usize, usize) {
    let line = lines.line_of(offset);
    let start = lines.line_span(text, line).start;
    (
        line + 1,
        text[start..offset.min(text.len())].chars().count() + 1,
    )
}

fn underline(text: &str, lines: &LineIndex, span: &Span) -> (String, String) {
    let line = lines.line_of(span.start);
    let line_span = lines.line_span(text, line);
    let content = &text[line_span.clone()];
    let lead = text[line_span.start..span.start].chars().count();
    let width = text[span.start..span.end.min(line_span.end).max(span.start)]
        .chars()
        .count()
        .max(1);
    (
        content.to_string(),
        format!("{}{}", " ".repeat(lead), "^".repeat(width)),
    )
}

/// Compiler-style output, then a summary line.
pub fn human(reports: &[NoteReport], out: &mut impl Write) {
    let mut counts = [0usize; 4];
    for report in reports {
        for f in &report.analysis.findings {
            counts[lsp_severity(f.severity) as usize - 1] += 1;
            let (line, col) = human_position(&report.text, &report.analysis.lines, f.span.start);
            let _ = writeln!(
                out,
                "{}:{line}:{col}: {}[{}]: {}",
                report.path.display(),
                f.severity.as_str(),
                f.code,
                f.message
            );
            let (content, marks) = underline(&report.text, &report.analysis.lines, &f.span);
            let gutter = " ".repeat(line.to_string().len());
            let _ = writeln!(out, "{gutter} |\n{line} | {content}\n{gutter} | {marks}");
            if let (Some((_, article)), Some(r)) = (&report.article, f.related.first()) {
                if let Some(p) = article.paragraph(r.paragraph) {
                    let _ = writeln!(
                        out,
                        "{gutter} = source ¶{}: \"{}\"",
                        p.n,
                        p.sentence_at(r.span.start)
                    );
                }
            }
            if let Some(fix) = &f.fix {
                let _ = writeln!(out, "{gutter} = fix: {}", fix.title);
            }
            let _ = writeln!(out);
        }
        if report.analysis.outside_knowledge > 0 {
            let _ = writeln!(
                out,
                "{}: {} claim(s) marked as outside knowledge",
                report.path.display(),
                report.analysis.outside_knowledge
            );
        }
    }
    let [errors, warnings, infos, hints] = counts;
    let _ = writeln!(
        out,
        "{} note(s) checked: {errors} error(s), {warnings} warning(s), {infos} information, {hints} hint(s)",
        reports.len()
    );
}

/// A mention as `geonotes extract` and `geonotes source` print it.
pub fn mention_json(
    text: &str,
    lines: &LineIndex,
    m: &geonotes::prose::Mention,
    kb: &geonotes::kb::KnowledgeBase,
) -> Value {
    use geonotes::prose::MentionKind;
    let mut v = json!({"text": text[m.span.clone()].split_whitespace().collect::<Vec<_>>().join(" "), "range": lsp_range(text, lines, &m.span)});
    match &m.kind {
        MentionKind::Entity { entity, candidates } => {
            let e = kb.get(*entity);
            v["kind"] = json!(e.kind.as_str());
            v["id"] = json!(e.id);
            if candidates.len() > 1 {
                v["candidates"] = json!(candidates
                    .iter()
                    .map(|c| kb.get(*c).id.clone())
                    .collect::<Vec<_>>());
            }
        }
        MentionKind::Figure(f) => {
            v["kind"] = json!("figure");
            v["value"] = json!(f.value);
            v["unit"] = json!(f.unit.as_ref().map(|u| u.name.clone()));
            v["qualifier"] = json!(f.qualifier);
        }
        MentionKind::Date(d) => {
            v["kind"] = json!("date");
            v["iso"] = json!(d.value.map(|d| d.iso()));
            v["relative"] = json!(d.relative);
        }
        MentionKind::Citation { paragraph } => {
            v["kind"] = json!("citation");
            v["paragraph"] = json!(paragraph);
        }
        MentionKind::Quote { .. } => v["kind"] = json!("quote"),
    }
    v
}
