//! A `textDocument/publishDiagnostics` frame written straight from a note's findings: JSON text
//! appended to one buffer, with no `Diagnostic` structs, no `serde_json::Value` and no `serde`
//! round of escaping for strings that need none (nearly all of them).
//!
//! Invariant: the bytes equal those serde_json writes for the `PublishDiagnosticsParams` built
//! from `to_diagnostic` (same fields, field order, values and diagnostic order), pinned by the
//! tests below.

use super::cursor::{ArticleRanges, Cursor};
use super::reuse::{
    FrameMemo, FrameMemos, MemoItem, Reuse, Written, KEEP_FRAMES_OF_NOTES_BELOW, KEEP_FRAMES_UP_TO,
};
use super::{severity, SOURCE};
use crate::analysis::NoteFinding;
use crate::kb::KnowledgeBase;
use crate::lsp::frame::{Done, Outgoing};
use crate::lsp::handlers::{note_view, NoteView};
use crate::lsp::state::{Session, Snapshot};
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::oneshot;
use tower_lsp_server::ls_types::{Position, Range, Uri};

/// The whole `textDocument/publishDiagnostics` frame of a snapshot (a note's findings, or none
/// for any other document) and the number of diagnostics in it. `None` only when writing fails.
pub fn publish_frame(
    uri: &Uri,
    version: Option<i32>,
    snap: &Snapshot,
    kb: &KnowledgeBase,
    session: &Session,
) -> Option<(usize, Vec<u8>)> {
    let view = note_view(snap, kb, session);
    let hint = size_hint(uri, view.as_ref());
    let frame = whole_frame(uri, version, view.as_ref(), hint, None, None)?;
    Some((count(view.as_ref()), frame))
}

/// The frame written into one buffer of about `hint` bytes, copying what `reuse` still has
/// and noting in `items` where each diagnostic went (relative to the body).
fn whole_frame(
    uri: &Uri,
    version: Option<i32>,
    view: Option<&NoteView>,
    hint: usize,
    reuse: Option<&mut Reuse>,
    items: Option<&mut Vec<MemoItem>>,
) -> Option<Vec<u8>> {
    crate::lsp::frame::frame_with(hint, |out| {
        write_notification(&mut Json::new(out), uri, version, view, reuse, items);
        Some(())
    })
}

/// How many diagnostics the frame of `view` holds.
fn count(view: Option<&NoteView>) -> usize {
    view.map_or(0, |v| v.note.analysis.finding_count())
}

/// Frames expected to be larger than this are streamed (`send_publish`).
pub const STREAM_ABOVE: usize = 16 << 20;
/// The size of the pieces a streamed frame is written in. Up to a dozen are in flight at once
/// (two queued here, eight at the standard output thread, one being written, one being
/// filled): with 1 MiB pieces that was 25 MB of a 10 MB note's peak (massif), against under
/// 3 MB now, for some 900 writes of a 123 MB frame instead of 120.
const PIECE: usize = 128 << 10;
/// A piece's buffer: the piece, and the diagnostic that takes it over `PIECE`.
const PIECE_CAPACITY: usize = PIECE + (16 << 10);

/// Send the `publishDiagnostics` frame of a snapshot to `outbox`; `written` resolves once it
/// is written. With `memos`, a frame of up to `KEEP_FRAMES_UP_TO` bytes of a note under
/// `KEEP_FRAMES_OF_NOTES_BELOW` copies what it can from the document's last frame and is kept
/// for the next (`reuse`). A frame expected over
/// `stream_above` bytes is streamed (`send_streamed`). Returns how many diagnostics were sent,
/// `None` when the output is gone. Runs on a blocking thread: it may wait for the writer.
#[allow(clippy::too_many_arguments)]
pub fn send_publish(
    target: (&Uri, Option<i32>),
    snap: &Arc<Snapshot>,
    (kb, session): (&KnowledgeBase, &Session),
    outbox: &UnboundedSender<Outgoing>,
    written: Option<oneshot::Sender<()>>,
    stream_above: usize,
    memos: Option<&FrameMemos>,
) -> Option<usize> {
    let (uri, version) = target;
    let view = note_view(snap, kb, session);
    let count = count(view.as_ref());
    // The last frame of this document, when it is worth keeping one.
    let memo = memos.and_then(|m| m.take(uri.as_str()));
    let hint = match &memo {
        Some(memo) => memo.size_hint(count),
        None => size_hint(uri, view.as_ref()),
    };
    if hint > stream_above {
        return send_streamed(target, view.as_ref(), count, outbox, written);
    }
    let now = Written {
        snap,
        encoding: session.encoding,
        article: view
            .as_ref()
            .and_then(|v| v.article.as_ref())
            .map(|(a, _)| (a.uri.as_str(), &a.article)),
    };
    let small = hint <= KEEP_FRAMES_UP_TO && snap.text.len() < KEEP_FRAMES_OF_NOTES_BELOW;
    let memos = memos.filter(|_| small && view.is_some());
    let mut reuse = memo.as_ref().and_then(|memo| Reuse::new(memo, &now));
    let mut items = memos.map(|_| Vec::new());
    let frame = whole_frame(
        uri,
        version,
        view.as_ref(),
        hint,
        reuse.as_mut(),
        items.as_mut(),
    )?;
    // The frame goes out first; the writer hands its bytes back to be kept, and the memo they
    // replace (often the last reference to the previous analysis) is freed there.
    let then = memos.zip(items).map(|(memos, items)| {
        let kept = FrameMemo::pending(&now, items, count);
        let uri = uri.as_str().to_string();
        let (memos, replaced) = (memos.clone(), memo);
        Box::new(move |frame: Vec<u8>| {
            memos.keep(&uri, kept.with_frame(frame));
            drop(replaced);
        }) as Box<dyn FnOnce(Vec<u8>) + Send>
    });
    let outgoing = Outgoing {
        frame,
        done: Done { written, then },
        rest: None,
    };
    outbox.send(outgoing).ok().map(|()| count)
}

/// A frame that is never held whole: its length is counted by writing it once into a reused
/// buffer, then it is written again piece by piece while the output writes the pieces (for a
/// 50 MB note, 123 MB less at the peak, for a second pass over the findings).
fn send_streamed(
    (uri, version): (&Uri, Option<i32>),
    view: Option<&NoteView>,
    count: usize,
    outbox: &UnboundedSender<Outgoing>,
    written: Option<oneshot::Sender<()>>,
) -> Option<usize> {
    let mut buffer = Vec::with_capacity(PIECE_CAPACITY);
    let mut length = 0;
    let mut count_piece = |piece: &mut Vec<u8>| {
        length += piece.len();
        piece.clear();
        true
    };
    write_notification(
        &mut Json::spilling(&mut buffer, &mut count_piece),
        uri,
        version,
        view,
        None,
        None,
    );
    count_piece(&mut buffer);
    let (pieces, rest) = tokio::sync::mpsc::channel(2);
    let header = crate::lsp::frame::header(length).into_bytes();
    outbox
        .send(Outgoing {
            frame: header,
            done: Done {
                written,
                then: None,
            },
            rest: Some(rest),
        })
        .ok()?;
    let mut sent = 0;
    let mut send_piece = |piece: &mut Vec<u8>| {
        let len = piece.len();
        let full = std::mem::replace(piece, Vec::with_capacity(PIECE_CAPACITY));
        // The writer is gone when this fails: the rest is not written anywhere, and the bytes
        // sent fall short of the length announced.
        let ok = pieces.blocking_send(full).is_ok();
        sent += if ok { len } else { 0 };
        ok
    };
    {
        let mut json = Json::spilling(&mut buffer, &mut send_piece);
        write_notification(&mut json, uri, version, view, None, None);
        json.spill_now();
    }
    // The same findings written twice come out the same, so the announced length holds (a
    // test pins it); short only when the writer went away.
    (sent == length).then_some(count)
}

/// A little more than the frame's body, so it is written without regrowing the buffer.
fn size_hint(uri: &Uri, view: Option<&NoteView>) -> usize {
    // Upper bounds for the fixed text of each part (keys, punctuation, numbers).
    const FRAME: usize = 128;
    const DIAGNOSTIC: usize = 256;
    const RELATED: usize = 128;
    const FIX: usize = 160;
    let Some(view) = view else {
        return FRAME + uri.as_str().len();
    };
    let article_uri = view
        .article
        .as_ref()
        .map_or(0, |(a, _)| a.uri.as_str().len());
    // Strings count twice: escaping may lengthen them.
    let findings: usize = view
        .note
        .analysis
        .findings()
        .map(|f| {
            let related: usize = f
                .related()
                .iter()
                .map(|r| RELATED + article_uri + r.message.len() * 2)
                .sum();
            let fix = f
                .fix()
                .map_or(0, |fix| FIX + (fix.title.len() + fix.replacement.len()) * 2);
            DIAGNOSTIC + f.code().len() + f.message_len_bound() * 2 + related + fix
        })
        .sum();
    FRAME + uri.as_str().len() + findings
}

fn write_notification(
    json: &mut Json,
    uri: &Uri,
    version: Option<i32>,
    view: Option<&NoteView>,
    mut reuse: Option<&mut Reuse>,
    mut items: Option<&mut Vec<MemoItem>>,
) {
    let body_start = json.out.len();
    json.raw(r#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#);
    json.string(uri.as_str());
    json.raw(r#","diagnostics":["#);
    if let Some(view) = view {
        let mut note = Cursor::new(&view.pos);
        let mut article = view
            .article
            .as_ref()
            .map(|(a, pos)| (a.uri.as_str(), ArticleRanges::new(pos)));
        let mut first = true;
        // Messages written when read are written here first, to be escaped.
        let mut message = String::new();
        // Before each diagnostic but the first: a comma. Returns where the diagnostic starts.
        let mut next = |json: &mut Json| {
            if !std::mem::take(&mut first) {
                json.raw(",");
            }
            json.out.len() - body_start
        };
        for group in view.note.analysis.finding_groups() {
            let mut start = None;
            match reuse.as_mut().and_then(|r| r.bytes_for(&group)) {
                Some(bytes) => {
                    start = Some(next(json));
                    json.out.extend_from_slice(bytes);
                    json.piece_boundary();
                }
                None => {
                    for finding in group.findings() {
                        let at = next(json);
                        start.get_or_insert(at);
                        let text = view.note.text;
                        write_diagnostic(
                            json,
                            &finding,
                            text,
                            &mut message,
                            &mut note,
                            article.as_mut(),
                        );
                        json.piece_boundary();
                    }
                }
            }
            if let (Some(items), Some(start)) = (items.as_mut(), start) {
                items.push(MemoItem {
                    start: start as u32,
                    end: (json.out.len() - body_start) as u32,
                    group: group.identity().map(|(id, extent)| (id, extent.start)),
                });
            }
        }
    }
    json.raw("]");
    if let Some(version) = version {
        json.raw(r#","version":"#);
        json.int(version);
    }
    json.raw("}}");
}

/// One diagnostic, with the fields, field order and omissions of `ls_types::Diagnostic`.
fn write_diagnostic(
    json: &mut Json,
    f: &NoteFinding,
    text: &str,
    message: &mut String,
    note: &mut Cursor,
    article: Option<&mut (&str, ArticleRanges)>,
) {
    json.raw(r#"{"range":"#);
    json.range(note.range(&f.span()));
    json.raw(r#","severity":"#);
    json.serialized(&severity(f.severity()));
    json.raw(r#","code":"#);
    json.string(f.code());
    json.raw(r#","source":"#);
    json.string(SOURCE);
    json.raw(r#","message":"#);
    message.clear();
    f.write_message(text, message);
    json.string(message);
    if let Some((uri, ranges)) = article.filter(|_| !f.related().is_empty()) {
        json.raw(r#","relatedInformation":["#);
        for (i, r) in f.related().iter().enumerate() {
            if i > 0 {
                json.raw(",");
            }
            json.raw(r#"{"location":{"uri":"#);
            json.string(uri);
            json.raw(r#","range":"#);
            json.range(ranges.range(&r.span));
            json.raw(r#"},"message":"#);
            json.string(&r.message);
            json.raw("}");
        }
        json.raw("]");
    }
    if let Some(fix) = f.fix() {
        // `to_diagnostic` builds `data` as a `serde_json::Value`, whose maps sort their keys.
        let Range { start, end } = note.range(&fix.span);
        json.raw(r#","data":{"range":{"end":"#);
        json.sorted_position(end);
        json.raw(r#","start":"#);
        json.sorted_position(start);
        json.raw(r#"},"replacement":"#);
        json.string(fix.replacement);
        json.raw(r#","title":"#);
        json.string(fix.title);
        json.raw("}");
    }
    json.raw("}");
}

/// Called with the buffer when a piece is full: takes its bytes (leaving it empty) and says
/// whether to go on.
type Spill<'a> = &'a mut dyn FnMut(&mut Vec<u8>) -> bool;

/// JSON text appended to a buffer, written as serde_json writes it (compact). A spilling one
/// hands the buffer on at diagnostic boundaries once it holds a piece.
struct Json<'a> {
    out: &'a mut Vec<u8>,
    spill: Option<Spill<'a>>,
    /// The spill said stop (the writer is gone): later bytes are dropped.
    stopped: bool,
}

impl<'a> Json<'a> {
    fn new(out: &'a mut Vec<u8>) -> Json<'a> {
        Json {
            out,
            spill: None,
            stopped: false,
        }
    }

    fn spilling(out: &'a mut Vec<u8>, spill: Spill<'a>) -> Json<'a> {
        Json {
            out,
            spill: Some(spill),
            stopped: false,
        }
    }

    /// Between two diagnostics: spill the buffer if it holds a piece.
    fn piece_boundary(&mut self) {
        if self.out.len() >= PIECE {
            self.spill_now();
        }
    }

    /// Hand what the buffer holds to the spill; once it says stop, bytes are dropped.
    fn spill_now(&mut self) {
        if let Some(spill) = self.spill.as_mut() {
            if self.stopped {
                self.out.clear();
            } else {
                self.stopped = !spill(self.out);
            }
        }
    }
}

impl Json<'_> {
    fn raw(&mut self, text: &str) {
        self.out.extend_from_slice(text.as_bytes());
    }

    fn string(&mut self, s: &str) {
        // Only control characters, `"` and `\` are escaped; serde_json writes the rest as is.
        // A fold without early exit, so the check runs many bytes at a time.
        let plain = !s.bytes().fold(false, |escape, b| {
            escape | (b < 0x20) | (b == b'"') | (b == b'\\')
        });
        if plain {
            self.out.reserve(s.len() + 2);
            self.out.push(b'"');
            self.out.extend_from_slice(s.as_bytes());
            self.out.push(b'"');
        } else {
            self.serialized(&s);
        }
    }

    /// A value serde writes (small values only: this is serde_json's slower path).
    fn serialized(&mut self, value: &impl serde::Serialize) {
        // Writing into a `Vec` cannot fail, nor can serializing these plain values.
        let _ = serde_json::to_writer(&mut *self.out, value);
    }

    fn int(&mut self, n: impl itoa::Integer) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    fn position(&mut self, p: Position) {
        self.raw(r#"{"line":"#);
        self.int(p.line);
        self.raw(r#","character":"#);
        self.int(p.character);
        self.raw("}");
    }

    /// A position with its keys sorted, as in a `serde_json::Value`.
    fn sorted_position(&mut self, p: Position) {
        self.raw(r#"{"character":"#);
        self.int(p.character);
        self.raw(r#","line":"#);
        self.int(p.line);
        self.raw("}");
    }

    fn range(&mut self, r: Range) {
        self.raw(r#"{"start":"#);
        self.position(r.start);
        self.raw(r#","end":"#);
        self.position(r.end);
        self.raw("}");
    }
}

#[cfg(test)]
#[path = "../../../tests/support/generate.rs"]
mod generate;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::diagnostics::FixData;
    use crate::lsp::documents::Edit;
    use crate::lsp::frame::{FrameEvent, FrameParser};
    use crate::lsp::handlers::diagnostics;
    use crate::lsp::state::{DocKind, State};
    use crate::position::floor_char_boundary;
    use crate::position::Encoding;
    use serde_json::Value;
    use std::path::PathBuf;
    use tower_lsp_server::ls_types::Diagnostic;
    use tower_lsp_server::ls_types::PublishDiagnosticsParams;

    const METHOD: &str = "textDocument/publishDiagnostics";

    /// The diagnostics as they were built before this module: one `Diagnostic` per finding,
    /// every position searched in the line index. The reference for both encodings.
    fn reference_diagnostics(snap: &Snapshot, state: &State) -> Vec<Diagnostic> {
        use tower_lsp_server::ls_types::{DiagnosticRelatedInformation, Location, NumberOrString};
        let (kb, session) = (state.kb(), state.session());
        let Some(view) = note_view(snap, &kb, &session) else {
            return Vec::new();
        };
        let reference = |f: crate::analysis::NoteFinding| {
            let related = view.article.as_ref().map(|(a, apos)| {
                f.related()
                    .iter()
                    .map(|r| DiagnosticRelatedInformation {
                        location: Location::new(a.uri.clone(), apos.range(&r.span)),
                        message: r.message.to_string(),
                    })
                    .collect::<Vec<_>>()
            });
            let data = f.fix().and_then(|fix| {
                serde_json::to_value(FixData {
                    title: fix.title.to_string(),
                    range: view.pos.range(&fix.span),
                    replacement: fix.replacement.to_string(),
                })
                .ok()
            });
            Diagnostic {
                range: view.pos.range(&f.span()),
                severity: Some(severity(f.severity())),
                code: Some(NumberOrString::String(f.code().to_string())),
                source: Some("geonotes".to_string()),
                message: f.message(view.note.text).into_owned(),
                related_information: related.filter(|r| !r.is_empty()),
                data,
                ..Diagnostic::default()
            }
        };
        view.note.analysis.findings().map(reference).collect()
    }

    /// The frame as it was built before this module: `Diagnostic` structs in a
    /// `PublishDiagnosticsParams`, serialized by serde.
    fn frame_from_structs(
        uri: &Uri,
        version: Option<i32>,
        snap: &Snapshot,
        state: &State,
    ) -> Vec<u8> {
        let items = reference_diagnostics(snap, state);
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

    /// A server state whose workspace is the demo (so `source: article.txt` resolves), and
    /// the demo's folder.
    fn demo_state(encoding: Encoding) -> (State, PathBuf) {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/vostok-2018");
        let state = State::new(false);
        {
            let mut session = state.session.write().unwrap();
            session.encoding = encoding;
            session.folders = vec![dir.clone()];
        }
        (state, dir)
    }

    /// Open `text` as the note `name` of the demo's folder `dir` at `version`, and analyze it.
    async fn open_analyzed(
        state: &State,
        dir: &std::path::Path,
        name: &str,
        text: &str,
        version: i32,
    ) -> (Uri, Arc<Snapshot>) {
        let uri = Uri::from_file_path(dir.join(name)).unwrap();
        state
            .docs
            .lock()
            .unwrap()
            .open(uri.as_str(), text.to_string(), version, "markdown");
        let snap = state.snapshot(&uri).await.unwrap();
        (uri, snap)
    }

    /// `send_publish` with `memos` to copy from and keep in, and the frame it sends.
    async fn publish_with_memos(
        uri: &Uri,
        version: i32,
        snap: &Arc<Snapshot>,
        state: &State,
        memos: &FrameMemos,
    ) -> (Option<usize>, Outgoing) {
        let (kb, session) = (state.kb(), state.session());
        let (outbox, mut frames) = tokio::sync::mpsc::unbounded_channel();
        let sent = send_publish(
            (uri, Some(version)),
            snap,
            (&kb, &session),
            &outbox,
            None,
            usize::MAX,
            Some(memos),
        );
        (sent, frames.recv().await.unwrap())
    }

    /// The wire frame equals the one built from reference `Diagnostic`s, byte for byte, and so
    /// do the pull diagnostics' structs; returns how many
    /// diagnostics, related locations and fixes it held (so a case cannot pass empty).
    async fn assert_same_wire_json(name: &str, text: &str, encoding: Encoding) -> [usize; 3] {
        let (state, dir) = demo_state(encoding);
        let (uri, snap) = open_analyzed(&state, &dir, name, text, 3).await;
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
        // The structs of pull diagnostics walk positions like the wire does.
        let items = diagnostics(&snap, &kb, &session);
        assert_eq!(
            items,
            reference_diagnostics(&snap, &state),
            "{name} {encoding:?}"
        );
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

    /// A streamed frame is byte for byte the frame written whole, in several pieces; when the
    /// writer is gone the stream stops instead of waiting.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_streamed_frame_equals_the_whole_frame() {
        let (state, dir) = demo_state(Encoding::default());
        let text = format!(
            "---\nsource: article.txt\n---\n{}",
            generate::generate_notes(1 << 20, 7)
        );
        let (uri, snap) = open_analyzed(&state, &dir, "streamed.md", &text, 3).await;
        let (kb, session) = (state.kb(), state.session());
        let (count, whole) = publish_frame(&uri, Some(3), &snap, &kb, &session).unwrap();
        assert!(whole.len() > 2 * PIECE, "{} bytes", whole.len());
        let stream = |keep_reading: bool| {
            let (outbox, mut frames) = tokio::sync::mpsc::unbounded_channel();
            let (snap, uri, kb, session) = (snap.clone(), uri.clone(), kb.clone(), session.clone());
            let sending = tokio::task::spawn_blocking(move || {
                send_publish(
                    (&uri, Some(3)),
                    &snap,
                    (&kb, &session),
                    &outbox,
                    None,
                    0,
                    None,
                )
            });
            async move {
                let Outgoing {
                    mut frame, rest, ..
                } = frames.recv().await.unwrap();
                let mut rest = rest.expect("streamed");
                let mut pieces = 0;
                if keep_reading {
                    while let Some(piece) = rest.recv().await {
                        frame.extend_from_slice(&piece);
                        pieces += 1;
                    }
                } else {
                    drop((rest, frames));
                }
                (sending.await.unwrap(), frame, pieces)
            }
        };
        let (sent, streamed, pieces) = stream(true).await;
        assert_eq!(sent, Some(count));
        assert!(pieces > 2, "{pieces} pieces");
        assert!(streamed == whole, "the streamed frame differs");
        let (sent, _, _) = stream(false).await;
        assert_eq!(sent, None, "a stream nobody reads reports failure");
    }

    /// Frames that copy diagnostics from the last frame equal frames written afresh, over a
    /// run of random edits: line breaks made and removed (CRLF too), multibyte text, edits
    /// inside and beside findings, blocks changing kind, directives. Fails when a copied
    /// diagnostic's position moved or its findings are no longer the block's.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn frames_that_reuse_the_last_one_equal_frames_written_afresh() {
        const INSERTS: &[&str] = &[
            "x",
            "\n",
            "\r\n",
            "\r",
            "é",
            "👍",
            "3,500 ",
            "\n\n# H\n",
            "1",
            // A paragraph's kind changes (setext heading, quotation) with its text unchanged.
            "\n===\n",
            "\n---\n",
            "\n> ",
            // Directives split a block's findings into runs, or silence them.
            "<!-- geonotes-ignore -->",
            "<!-- geonotes-disable -->",
            "<!-- geonotes-enable -->",
            "\n<!-- geonotes-ignore-next-line -->\n",
        ];
        for encoding in [Encoding::Utf16, Encoding::Utf8] {
            let (state, dir) = demo_state(encoding);
            let head = "---\nsource: article.txt\n---\n";
            let mut text = format!("{head}{}", generate::generate_notes(16 << 10, 11));
            let uri = Uri::from_file_path(dir.join("reused.md")).unwrap();
            state
                .docs
                .lock()
                .unwrap()
                .open(uri.as_str(), text.clone(), 1, "markdown");
            let memos = FrameMemos::default();
            memos.opened(uri.as_str());
            let (kb, session) = (state.kb(), state.session());
            let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
            let mut next = |below: usize| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed % below as u64) as usize
            };
            let (mut copied, mut written) = (0, 0);
            let mut edges: Vec<usize> = Vec::new();
            for version in 1..=150 {
                if version > 1 {
                    // Half the edits land at or just beside an edge of a finding.
                    let at = match next(2) {
                        0 if !edges.is_empty() => edges[next(edges.len())] + next(3),
                        _ => next(text.len()),
                    };
                    let at = floor_char_boundary(&text, at.clamp(head.len(), text.len()));
                    if next(3) == 0 {
                        let end = floor_char_boundary(&text, (at + 1 + next(6)).min(text.len()));
                        text.replace_range(at..end, "");
                    } else {
                        text.insert_str(at, INSERTS[next(INSERTS.len())]);
                    }
                    let edit = Edit {
                        range: None,
                        text: text.clone(),
                    };
                    state
                        .docs
                        .lock()
                        .unwrap()
                        .change(uri.as_str(), version, &[edit], encoding);
                }
                let snap = state.snapshot(&uri).await.unwrap();
                edges = match &snap.kind {
                    DocKind::Note { analysis, .. } => analysis
                        .findings()
                        .flat_map(|f| {
                            let span = f.span();
                            [span.start.saturating_sub(1), span.end.saturating_sub(1)]
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                let (count, fresh) =
                    publish_frame(&uri, Some(version), &snap, &kb, &session).unwrap();
                if let Some(memo) = memos.take(uri.as_str()) {
                    copied += memo.copies_for(&snap, encoding);
                    memos.keep(uri.as_str(), memo);
                }
                written += count;
                let (sent, outgoing) =
                    publish_with_memos(&uri, version, &snap, &state, &memos).await;
                assert_eq!(sent, Some(count));
                let Outgoing { frame, done, .. } = outgoing;
                if frame != fresh {
                    let (a, b) = (body(frame), body(fresh));
                    let at = a
                        .bytes()
                        .zip(b.bytes())
                        .position(|(x, y)| x != y)
                        .unwrap_or(0);
                    panic!(
                        "{encoding:?} version {version}: reused frame differs at byte {at}:\n{}\nvs\n{}",
                        &a[at.saturating_sub(200)..(at + 100).min(a.len())],
                        &b[at.saturating_sub(200)..(at + 100).min(b.len())]
                    );
                }
                done.finish(frame);
            }
            // Most diagnostics were copied, so the comparison above tested copies.
            assert!(
                copied * 10 > written * 4,
                "{encoding:?}: {copied} of {written} copied"
            );
        }
    }

    /// A memo holds its snapshot until the next frame: a huge note's would hold the old text
    /// while an edit makes the new one, so its frame is not kept, however small.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_huge_note_keeps_no_frame_for_reuse() {
        let (state, dir) = demo_state(Encoding::Utf16);
        let line = "A note without a source about nothing in particular.\n";
        let huge = line.repeat(KEEP_FRAMES_OF_NOTES_BELOW / line.len() + 1);
        for (name, text) in [("small.md", line), ("huge.md", huge.as_str())] {
            let (uri, snap) = open_analyzed(&state, &dir, name, text, 1).await;
            let memos = FrameMemos::default();
            memos.opened(uri.as_str());
            let (sent, outgoing) = publish_with_memos(&uri, 1, &snap, &state, &memos).await;
            assert_eq!(sent, Some(1), "{name}: the no-source finding");
            let Outgoing { frame, done, .. } = outgoing;
            done.finish(frame);
            let kept = memos.take(uri.as_str()).is_some();
            assert_eq!(kept, name == "small.md", "{name}");
        }
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        let cases = [
            "",
            "plain ASCII",
            "¶1 “curly” — 中文 👍",
            "a \"quote\" and a \\ backslash",
            "tab\there, newline\n, CR\r, NUL\u{0}, unit separator\u{1f}",
            "DEL \u{7f} and U+2028 \u{2028} stay as they are",
        ];
        for text in cases {
            let mut out = Vec::new();
            Json::new(&mut out).string(text);
            assert_eq!(out, serde_json::to_vec(text).unwrap(), "{text:?}");
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
            "Russia sent 300,000 troops.".into(),
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
