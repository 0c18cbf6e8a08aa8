//! `geonotes check --format json`: one pretty-printed array of LSP diagnostics, written one
//! diagnostic at a time from borrowed data (memory stays flat however many findings there are).
//!
//! Invariant: the bytes equal what pretty-printing a `serde_json::Value` array gave before, so
//! every struct lists its fields in sorted key order (a `Value` object is a sorted map).

use super::{lsp_severity, NoteReport, Range};
use geonotes::analysis::NoteFinding;
use geonotes::workspace::path_to_uri;
use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer as _};
use std::io::Write;

#[derive(Serialize)]
struct Location<'a> {
    range: Range,
    uri: &'a str,
}

#[derive(Serialize)]
struct RelatedInformation<'a> {
    location: Location<'a>,
    message: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix<'a> {
    new_text: &'a str,
    range: Range,
    title: &'a str,
}

#[derive(Serialize)]
struct Data<'a> {
    fix: Fix<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Diagnostic<'a> {
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<Data<'a>>,
    message: std::borrow::Cow<'a, str>,
    range: Range,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_information: Vec<RelatedInformation<'a>>,
    severity: u8,
    source: &'static str,
    uri: &'a str,
}

/// The note's and its article's URIs, computed once per note rather than once per finding.
struct NoteUris {
    note: String,
    article: Option<String>,
}

fn diagnostic<'a>(
    report: &'a NoteReport,
    uris: &'a NoteUris,
    finding: &'a NoteFinding<'a>,
) -> Diagnostic<'a> {
    let (text, lines) = (&report.text, &report.analysis.lines);
    let related_information = match (&report.article, &uris.article) {
        (Some((_, article)), Some(article_uri)) => finding
            .related()
            .iter()
            .map(|r| RelatedInformation {
                location: Location {
                    range: Range::of(&article.text, &article.lines, &r.span),
                    uri: article_uri,
                },
                message: &r.message,
            })
            .collect(),
        _ => Vec::new(),
    };
    Diagnostic {
        code: finding.code(),
        data: finding.fix().map(|fix| Data {
            fix: Fix {
                new_text: fix.replacement,
                range: Range::of(text, lines, &fix.span),
                title: fix.title,
            },
        }),
        message: finding.message(text),
        range: Range::of(text, lines, &finding.span()),
        related_information,
        severity: lsp_severity(finding.severity()),
        source: "geonotes",
        uri: &uris.note,
    }
}

/// Writes one JSON array of the findings of every note `check` hands to its callback, each note
/// as soon as it is checked, then a newline. The array is closed even when `check` fails so the
/// output stays valid JSON; a closed pipe ends output quietly and `check` still runs to the end
/// (its result carries the exit code).
pub fn write<T>(out: impl Write, check: impl FnOnce(&mut dyn FnMut(&NoteReport)) -> T) -> T {
    let mut serializer = serde_json::Serializer::pretty(out);
    let mut array = serializer.serialize_seq(None).ok();
    let result = check(&mut |report| {
        if let Some(open) = &mut array {
            if write_note(open, report).is_err() {
                array = None;
            }
        }
    });
    let closed = array.is_some_and(|open| open.end().is_ok());
    let mut out = serializer.into_inner();
    if closed {
        let _ = writeln!(out);
    }
    let _ = out.flush();
    result
}

fn write_note(
    array: &mut impl SerializeSeq<Error = serde_json::Error>,
    report: &NoteReport,
) -> serde_json::Result<()> {
    let uris = NoteUris {
        note: path_to_uri(&report.path),
        article: report.article.as_ref().map(|(path, _)| path_to_uri(path)),
    };
    for finding in report.analysis.findings() {
        array.serialize_element(&diagnostic(report, &uris, &finding))?;
    }
    Ok(())
}
