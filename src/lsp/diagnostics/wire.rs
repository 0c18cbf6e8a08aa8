//! A `textDocument/publishDiagnostics` frame serialized straight from a note's findings: every
//! field borrowed or computed on the fly, no `Diagnostic` structs and no `serde_json::Value`.
//!
//! Invariant: the bytes equal those of the `PublishDiagnosticsParams` built from
//! `to_diagnostic` (same fields, field order, values and diagnostic order), pinned by the tests.

use super::cursor::Cursor;
use super::{severity, SOURCE};
use crate::check::{Finding, Related};
use crate::kb::KnowledgeBase;
use crate::lsp::convert::TextPos;
use crate::lsp::handlers::{note_view, NoteView};
use crate::lsp::state::{Session, Snapshot};
use serde::ser::{SerializeSeq, SerializeStruct, Serializer};
use serde::Serialize;
use tower_lsp_server::ls_types::{Range, Uri};

/// The whole `textDocument/publishDiagnostics` frame of a snapshot (a note's findings, or none
/// for any other document) and the number of diagnostics in it. `None` only when serialization
/// fails.
pub fn publish_frame(
    uri: &Uri,
    version: Option<i32>,
    snap: &Snapshot,
    kb: &KnowledgeBase,
    session: &Session,
) -> Option<(usize, Vec<u8>)> {
    let view = note_view(snap, kb, session);
    let params = WireParams {
        uri,
        version,
        view: view.as_ref(),
    };
    let frame = crate::lsp::frame::notification_frame(
        "textDocument/publishDiagnostics",
        &params,
        params.size_hint(),
    )?;
    Some((params.findings().len(), frame))
}

/// `PublishDiagnosticsParams` borrowed from a note view.
pub struct WireParams<'a> {
    pub uri: &'a Uri,
    pub version: Option<i32>,
    /// `None` for a document that is not a note: it has no diagnostics.
    pub view: Option<&'a NoteView<'a>>,
}

impl WireParams<'_> {
    fn findings(&self) -> &[Finding] {
        self.view.map_or(&[], |v| &v.note.analysis.findings)
    }

    /// A little more than the serialized size, so the frame is written without regrowing.
    pub fn size_hint(&self) -> usize {
        // Generous upper bounds for the fixed text of each part (keys, punctuation, numbers).
        const FRAME: usize = 128;
        const DIAGNOSTIC: usize = 256;
        const RELATED: usize = 128;
        const FIX: usize = 160;
        let uri_len = self.uri.as_str().len();
        let article_uri_len = self
            .view
            .and_then(|v| v.article.as_ref())
            .map_or(0, |(a, _)| a.uri.as_str().len());
        // Messages are counted twice: escaping may lengthen them.
        let findings: usize = self
            .findings()
            .iter()
            .map(|f| {
                let related: usize = f
                    .related
                    .iter()
                    .map(|r| RELATED + article_uri_len + r.message.len() * 2)
                    .sum();
                let fix = f
                    .fix
                    .as_ref()
                    .map_or(0, |fix| FIX + (fix.title.len() + fix.replacement.len()) * 2);
                DIAGNOSTIC + f.code.len() + f.message.len() * 2 + related + fix
            })
            .sum();
        FRAME + uri_len + findings
    }
}

impl Serialize for WireParams<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = 2 + usize::from(self.version.is_some());
        let mut s = serializer.serialize_struct("PublishDiagnosticsParams", fields)?;
        s.serialize_field("uri", self.uri.as_str())?;
        s.serialize_field("diagnostics", &WireDiagnostics(self))?;
        if let Some(version) = self.version {
            s.serialize_field("version", &version)?;
        }
        s.end()
    }
}

struct WireDiagnostics<'a>(&'a WireParams<'a>);

impl Serialize for WireDiagnostics<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let findings = self.0.findings();
        let mut seq = serializer.serialize_seq(Some(findings.len()))?;
        if let Some(view) = self.0.view {
            let mut note = Cursor::new(&view.pos);
            let related = view.article.as_ref().map(|(a, pos)| (&a.uri, pos));
            for finding in findings {
                seq.serialize_element(&WireDiagnostic {
                    finding,
                    range: note.range(&finding.span),
                    fix_range: finding.fix.as_ref().map(|fix| note.range(&fix.span)),
                    related: related.filter(|_| !finding.related.is_empty()),
                })?;
            }
        }
        seq.end()
    }
}

/// One `Diagnostic`, with the fields and field order of `ls_types::Diagnostic`.
struct WireDiagnostic<'a> {
    finding: &'a Finding,
    range: Range,
    fix_range: Option<Range>,
    /// The article's URI and positions, when the finding has related places to show there.
    related: Option<(&'a Uri, &'a TextPos<'a>)>,
}

impl Serialize for WireDiagnostic<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let f = self.finding;
        let fix = f.fix.as_ref().zip(self.fix_range);
        let fields = 5 + usize::from(self.related.is_some()) + usize::from(fix.is_some());
        let mut s = serializer.serialize_struct("Diagnostic", fields)?;
        s.serialize_field("range", &self.range)?;
        s.serialize_field("severity", &severity(f.severity))?;
        s.serialize_field("code", f.code)?;
        s.serialize_field("source", SOURCE)?;
        s.serialize_field("message", &f.message)?;
        if let Some((uri, pos)) = self.related {
            s.serialize_field(
                "relatedInformation",
                &WireRelatedList {
                    related: &f.related,
                    uri,
                    pos,
                },
            )?;
        }
        if let Some((fix, range)) = fix {
            s.serialize_field(
                "data",
                &WireFix {
                    range: SortedRange(range),
                    replacement: &fix.replacement,
                    title: &fix.title,
                },
            )?;
        }
        s.end()
    }
}

struct WireRelatedList<'a> {
    related: &'a [Related],
    uri: &'a Uri,
    pos: &'a TextPos<'a>,
}

impl Serialize for WireRelatedList<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.related.len()))?;
        for r in self.related {
            seq.serialize_element(&WireRelated {
                location: WireLocation {
                    uri: self.uri.as_str(),
                    range: self.pos.range(&r.span),
                },
                message: &r.message,
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct WireRelated<'a> {
    location: WireLocation<'a>,
    message: &'a str,
}

#[derive(Serialize)]
struct WireLocation<'a> {
    uri: &'a str,
    range: Range,
}

/// `FixData` as it reads after a trip through a `serde_json::Value`, whose maps sort their
/// keys (at every level), which is how `to_diagnostic` builds `data`.
#[derive(Serialize)]
struct WireFix<'a> {
    range: SortedRange,
    replacement: &'a str,
    title: &'a str,
}

struct SortedRange(Range);

impl Serialize for SortedRange {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct SortedPosition {
            character: u32,
            line: u32,
        }
        #[derive(Serialize)]
        struct Sorted {
            end: SortedPosition,
            start: SortedPosition,
        }
        let Range { start, end } = self.0;
        Sorted {
            end: SortedPosition {
                character: end.character,
                line: end.line,
            },
            start: SortedPosition {
                character: start.character,
                line: start.line,
            },
        }
        .serialize(serializer)
    }
}

#[cfg(test)]
#[path = "../../../tests/support/generate.rs"]
mod generate;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::frame::{FrameEvent, FrameParser};
    use crate::lsp::handlers::diagnostics;
    use crate::lsp::state::State;
    use crate::position::Encoding;
    use serde_json::Value;
    use std::path::PathBuf;
    use tower_lsp_server::ls_types::PublishDiagnosticsParams;

    const METHOD: &str = "textDocument/publishDiagnostics";

    /// The frame as it was built before the borrowing serializer: `Diagnostic` structs in a
    /// `PublishDiagnosticsParams`.
    fn frame_from_structs(
        uri: &Uri,
        version: Option<i32>,
        snap: &Snapshot,
        state: &State,
    ) -> Vec<u8> {
        let items = diagnostics(snap, &state.kb(), &state.session());
        let params = PublishDiagnosticsParams::new(uri.clone(), items, version);
        crate::lsp::frame::notification_frame(METHOD, &params, 0).unwrap()
    }

    fn body(frame: Vec<u8>) -> String {
        let mut parser = FrameParser::new();
        parser.push(&frame);
        match parser.next_event() {
            Some(FrameEvent::Message {
                body,
                repaired: false,
            }) => body,
            other => panic!("not one well-formed frame: {other:?}"),
        }
    }

    /// The wire frame equals the one built from `Diagnostic`s, byte for byte; returns how many
    /// diagnostics, related locations and fixes it held (so a case cannot pass empty).
    async fn assert_same_wire_json(name: &str, text: &str, encoding: Encoding) -> [usize; 3] {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/vostok-2018");
        let state = State::new(false);
        {
            let mut session = state.session.write().unwrap();
            session.encoding = encoding;
            session.folders = vec![dir.clone()];
        }
        let uri = Uri::from_file_path(dir.join(name)).unwrap();
        state
            .docs
            .lock()
            .unwrap()
            .open(uri.as_str(), text, 3, "markdown");
        let snap = state.snapshot(&uri).await.unwrap();
        let (kb, session) = (state.kb(), state.session());
        for version in [Some(3), None] {
            let (count, wire) = publish_frame(&uri, version, &snap, &kb, &session).unwrap();
            let wire = body(wire);
            let old = body(frame_from_structs(&uri, version, &snap, &state));
            let parsed: Value = serde_json::from_str(&wire).unwrap();
            let expected: Value = serde_json::from_str(&old).unwrap();
            assert_eq!(parsed, expected, "{name} {encoding:?} {version:?}");
            let differ = wire.bytes().zip(old.bytes()).position(|(a, b)| a != b);
            let at = differ
                .unwrap_or(wire.len().min(old.len()))
                .saturating_sub(60);
            assert_eq!(
                wire.get(at..),
                old.get(at..),
                "{name} {encoding:?} {version:?}: bytes differ"
            );
            assert_eq!(
                count,
                parsed["params"]["diagnostics"].as_array().unwrap().len()
            );
        }
        let items = diagnostics(&snap, &kb, &session);
        let related = items.iter().filter_map(|d| d.related_information.as_ref());
        [
            items.len(),
            related.map(Vec::len).sum(),
            items.iter().filter(|d| d.data.is_some()).count(),
        ]
    }

    #[tokio::test]
    async fn wire_diagnostics_are_the_json_of_ls_types_diagnostics() {
        let demo = include_str!("../../../examples/vostok-2018/notes.md");
        let generated = generate::generate_notes(96 << 10, 7);
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            for (name, text) in [("notes.md", demo), ("generated.md", generated.as_str())] {
                let [items, related, fixes] = assert_same_wire_json(name, text, encoding).await;
                assert!(
                    items > 0 && related > 0 && fixes > 0,
                    "{name}: {items} diagnostics, {related} related, {fixes} fixes"
                );
            }
        }
    }

    #[tokio::test]
    async fn a_document_that_is_not_a_note_publishes_no_diagnostics() {
        let state = State::new(false);
        let uri: Uri = "file:///nonexistent-geonotes-dir/article.txt"
            .parse()
            .unwrap();
        state.docs.lock().unwrap().open(
            uri.as_str(),
            "Russia sent 300,000 troops.",
            1,
            "plaintext",
        );
        let snap = state.snapshot(&uri).await.unwrap();
        let (kb, session) = (state.kb(), state.session());
        let (count, frame) = publish_frame(&uri, Some(1), &snap, &kb, &session).unwrap();
        assert_eq!(count, 0);
        assert_eq!(
            body(frame),
            body(frame_from_structs(&uri, Some(1), &snap, &state))
        );
    }
}
