//! The server object and its background work: publishing diagnostics (debounced, never for a
//! stale version), pulling settings from the client off the handlers, watching the editor's
//! process, checking the whole workspace, and the test-only debug requests.

use super::diagnostics;
use super::guard::guarded;
use super::handlers;
use super::liveness::{off_protocol_task, AnalysisGates};
use super::settings::Settings;
use super::state::State;
use serde::Deserialize;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::Client;

/// How long a request to the client (configuration) may take before we go on without it.
const CLIENT_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// How long recognition in the background waits for the quick diagnostics to be written (an
/// editor that reads slowly must not delay hovers for long).
const QUICK_WRITE_WAIT: Duration = Duration::from_millis(50);
/// Notes at least this large give the freed memory back to the system once their diagnostics
/// are published (see `release_freed_memory`).
const TRIM_AFTER_BYTES: usize = 4 << 20;
/// How often the editor's process is checked.
pub const PARENT_POLL: Duration = Duration::from_secs(3);
/// At most this many notes are checked by `geonotes.checkWorkspace`.
const MAX_WORKSPACE_NOTES: usize = 10_000;

/// Cheap to clone: background tasks take their own handle.
#[derive(Clone)]
pub struct Backend {
    pub client: Client,
    pub state: Arc<State>,
    pub gates: Arc<AnalysisGates>,
}

#[derive(Deserialize)]
pub struct DebugTextParams {
    pub uri: Uri,
}

#[derive(Deserialize)]
pub struct DebugSleepParams {
    pub ms: u64,
}

/// The longest `geonotes/debugSleep` honoured, so a bad client cannot park a request forever.
pub const MAX_DEBUG_SLEEP: Duration = Duration::from_secs(10);

/// How long `geonotes/debugSleep` with `ms` sleeps.
pub fn debug_sleep_duration(ms: u64) -> Duration {
    Duration::from_millis(ms).min(MAX_DEBUG_SLEEP)
}

impl Backend {
    pub fn new(client: Client, debug_requests: bool) -> Backend {
        Backend {
            client,
            state: Arc::new(State::new(debug_requests)),
            gates: Arc::default(),
        }
    }

    /// Test-only: the server's current text of a document.
    pub async fn debug_text(&self, params: DebugTextParams) -> Result<Option<String>> {
        if !self.state.debug_requests {
            return Err(Error::method_not_found());
        }
        Ok(self
            .state
            .docs
            .lock()
            .ok()
            .and_then(|d| d.snapshot(params.uri.as_str()))
            .map(|(t, _)| t.to_string()))
    }

    /// Test-only: a deterministic slow request (an asynchronous sleep, capped at
    /// [`MAX_DEBUG_SLEEP`]) for liveness and cancellation tests.
    pub async fn debug_sleep(&self, params: DebugSleepParams) -> Result<()> {
        if !self.state.debug_requests {
            return Err(Error::method_not_found());
        }
        tokio::time::sleep(debug_sleep_duration(params.ms)).await;
        Ok(())
    }

    /// Test-only: a handler that panics, to check that the server survives it.
    pub async fn debug_panic(&self) -> Result<()> {
        if !self.state.debug_requests {
            return Err(Error::method_not_found());
        }
        guarded("geonotes/debugPanic", || panic!("injected panic"))
    }

    pub fn publish(&self, uri: Uri, delay: Option<(Duration, i32)>) {
        let backend = self.clone();
        tokio::spawn(async move {
            if let Some((delay, version)) = delay {
                // A zero debounce must not wait for the timer's next tick (about 1 ms).
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                if backend.state.current_version(uri.as_str()) != Some(version) {
                    return; // a newer edit will publish
                }
            }
            backend.publish_now(uri).await;
        });
    }

    async fn publish_now(&self, uri: Uri) {
        if self.state.session().pull_diagnostics {
            return;
        }
        let started = std::time::Instant::now();
        // Without a usable source the findings need no recognition: publish them at once,
        // parse the note for the first requests, and analyze it whole once they pause.
        let quick = self.state.sourceless_snapshot(&uri).await.map(Arc::new);
        // Resolved when the frame is written, or dropped (resolving too) if it never will be.
        let (written, on_written) = tokio::sync::oneshot::channel();
        if quick.is_some() {
            let backend = self.clone();
            let uri = uri.clone();
            tokio::spawn(async move {
                // Recognition keeps every core busy: let these diagnostics reach the editor
                // first, or they wait for a core (4 ms for a 1 MiB note on two cores).
                let _ = tokio::time::timeout(QUICK_WRITE_WAIT, on_written).await;
                backend.state.parse_ahead(&uri).await;
                backend.analyze_when_quiet(&uri);
            });
        }
        let Some(snap) = (match quick {
            Some(quick) => Some(quick),
            None => self.snapshot(&uri).await,
        }) else {
            return;
        };
        if self.state.current_version(uri.as_str()) != Some(snap.version) {
            return; // stale: the version that is current now publishes its own
        }
        let analyzed = started.elapsed();
        let (kb, session) = (self.state.kb(), self.state.session());
        let version = snap.version;
        let Some(outbox) = self.state.outbox.get() else {
            let diagnostics = off_protocol_task("diagnostics", move || {
                handlers::diagnostics(&snap, &kb, &session)
            })
            .await
            .unwrap_or_default();
            self.client
                .publish_diagnostics(uri, diagnostics, Some(version))
                .await;
            return;
        };
        // The frame is serialized straight from the findings, off the protocol task: for
        // thousands of diagnostics, `Diagnostic` structs and a `Value` tree cost more than
        // writing the bytes.
        let frame_uri = uri.clone();
        let outbox = outbox.clone();
        let state = self.state.clone();
        let huge = snap.text.len() >= TRIM_AFTER_BYTES;
        let sent = off_protocol_task("diagnostics", move || {
            diagnostics::send_publish(
                (&frame_uri, Some(version)),
                &snap,
                (&kb, &session),
                &outbox,
                Some(written),
                diagnostics::STREAM_ABOVE,
                Some(&state.frames),
            )
        })
        .await;
        let converted = started.elapsed();
        let (count, sent) = match sent {
            Ok(Some(count)) => (count, true),
            _ => (0, false),
        };
        if !sent {
            tracing::error!("could not send the diagnostics of {}", uri.as_str());
        }
        if huge {
            tokio::task::spawn_blocking(release_freed_memory);
        }
        tracing::debug!(
            "published {count} diagnostics for version {version}: analysis {analyzed:?}, frame {:?}",
            converted - analyzed
        );
    }

    pub fn republish_all(&self) {
        for uri in self.state.open_uris() {
            if let Ok(uri) = uri.parse::<Uri>() {
                self.publish(uri, None);
            }
        }
    }

    /// Ask the client for the `geonotes` section, off the handler, with a timeout.
    pub fn pull_configuration(&self) {
        if !self.state.session().configuration_requests {
            return;
        }
        let backend = self.clone();
        tokio::spawn(async move {
            let item = ConfigurationItem {
                scope_uri: None,
                section: Some("geonotes".to_string()),
            };
            let asked = backend.client.configuration(vec![item]);
            match tokio::time::timeout(CLIENT_REQUEST_TIMEOUT, asked).await {
                Ok(Ok(values)) => {
                    if let Some(value) = values.first().filter(|v| !v.is_null()) {
                        backend.apply_settings(Settings::from_json(value));
                    }
                }
                Ok(Err(e)) => tracing::warn!("workspace/configuration failed: {e}"),
                Err(_) => tracing::warn!("workspace/configuration got no answer in time"),
            }
        });
    }

    pub fn apply_settings(&self, settings: Settings) {
        let knowledge_changed = {
            let Ok(mut session) = self.state.session.write() else {
                return;
            };
            let changed = session.settings.knowledge != settings.knowledge;
            session.settings = settings.clone();
            changed
        };
        self.state.invalidate();
        if !knowledge_changed {
            self.republish_all();
            return;
        }
        let folder = self.state.session().folders.first().cloned();
        let paths: Vec<PathBuf> = settings
            .knowledge
            .iter()
            .map(|p| {
                folder
                    .as_ref()
                    .map_or_else(|| PathBuf::from(p), |f| f.join(p))
            })
            .collect();
        let backend = self.clone();
        tokio::spawn(async move {
            if let Ok((kb, errors)) =
                tokio::task::spawn_blocking(move || crate::workspace::load_knowledge(&paths)).await
            {
                for e in errors {
                    tracing::warn!(
                        "knowledge base {}:{}:{}: {}",
                        e.file,
                        e.line,
                        e.column,
                        e.message
                    );
                }
                backend.state.set_kb(kb);
            }
            backend.republish_all();
        });
    }

    /// The analyzed current version of an open document. One request analyzes a document at
    /// a time; the ones waiting behind it find its snapshot ready.
    pub async fn snapshot(&self, uri: &Uri) -> Option<Arc<super::state::Snapshot>> {
        let gate = self.gates.gate(uri.as_str());
        let _turn = gate.lock().await;
        self.state.snapshot(uri).await
    }

    /// The snapshot for a request at `position`: the whole analysis, or, until a note's first
    /// one exists, an analysis of the blocks there, so that a hover right after opening a
    /// large note does not wait for the whole of it. The whole analysis follows once such
    /// requests pause (`analyze_when_quiet`).
    pub async fn snapshot_at(
        &self,
        uri: &Uri,
        position: Position,
    ) -> Option<Arc<super::state::Snapshot>> {
        let at = crate::position::LineCol {
            line: position.line,
            col: position.character,
        };
        // Before the parse it may wait for: a background analysis about to start must wait.
        self.state.pauses.request_arrived();
        if let Some(part) = self.state.range_snapshot(uri, at).await {
            self.analyze_when_quiet(uri);
            return Some(Arc::new(part));
        }
        self.snapshot(uri).await
    }

    /// Analyze `uri` whole in the background once requests at a position pause
    /// (`pauses::QUIET`), so that it does not take the cores they need. One waits per document.
    pub fn analyze_when_quiet(&self, uri: &Uri) {
        if !self.state.pauses.start_waiting(uri.as_str()) {
            return;
        }
        let backend = self.clone();
        let uri = uri.clone();
        tokio::spawn(async move {
            let pauses = &backend.state.pauses;
            pauses.until_quiet(uri.as_str(), super::pauses::QUIET).await;
            let huge = backend
                .snapshot(&uri)
                .await
                .is_some_and(|snap| snap.text.len() >= TRIM_AFTER_BYTES);
            // No frame follows this analysis to trim after: the pages that the huge note's
            // rope and the previous analysis freed are handed back here.
            if huge {
                drop(tokio::task::spawn_blocking(release_freed_memory));
            }
        });
    }
}

/// Publish diagnostics: serialized straight into a frame when the session has an outbox,
/// else through the client (the same message either way).
pub async fn send_diagnostics(
    state: &State,
    client: &Client,
    uri: Uri,
    diagnostics: Vec<Diagnostic>,
    version: Option<i32>,
) {
    if let Some(outbox) = state.outbox.get() {
        let params = PublishDiagnosticsParams::new(uri, diagnostics, version);
        // Roughly what one diagnostic takes on the wire; the buffer grows if needed.
        let size_hint = 512 * params.diagnostics.len();
        let sent =
            super::frame::notification_frame("textDocument/publishDiagnostics", &params, size_hint)
                .is_some_and(|frame| outbox.send(frame.into()).is_ok());
        if !sent {
            tracing::error!("could not send the diagnostics of {}", params.uri.as_str());
        }
        return;
    }
    client.publish_diagnostics(uri, diagnostics, version).await;
}

pub fn workspace_folders(params: &InitializeParams) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
        .collect();
    #[allow(deprecated)] // older clients send only rootUri
    if folders.is_empty() {
        folders.extend(
            params
                .root_uri
                .as_ref()
                .and_then(|u| u.to_file_path().map(|p| p.into_owned())),
        );
    }
    folders
}

pub fn parent_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = i32::try_from(pid) else {
            return true;
        };
        // SAFETY: kill with signal 0 only checks whether the process exists.
        let rc = unsafe { libc::kill(pid, 0) };
        rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

impl Backend {
    /// `geonotes.checkWorkspace`: publish diagnostics for every note under the workspace
    /// folders (open ones at their current version) and return the number of findings.
    pub async fn check_workspace(&self) -> Result<usize> {
        let folders = self.state.session().folders;
        let notes = tokio::task::spawn_blocking(move || find_notes(&folders))
            .await
            .unwrap_or_default();
        let mut count = 0usize;
        let (kb, session) = (self.state.kb(), self.state.session());
        for path in notes {
            let Some(uri) = Uri::from_file_path(&path) else {
                continue;
            };
            if self.state.current_version(uri.as_str()).is_some() {
                if let Some(snap) = self.snapshot(&uri).await {
                    let version = snap.version;
                    let (kb, session) = (kb.clone(), session.clone());
                    let diagnostics = off_protocol_task("diagnostics", move || {
                        handlers::diagnostics(&snap, &kb, &session)
                    })
                    .await?;
                    count += diagnostics.len();
                    send_diagnostics(&self.state, &self.client, uri, diagnostics, Some(version))
                        .await;
                }
                continue;
            }
            // Notes are capped like sources (`geonotes.source.maxBytes`).
            let max_bytes = session.settings.max_bytes;
            let read = tokio::task::spawn_blocking(move || {
                crate::workspace::read_text_file(&path, max_bytes)
            })
            .await
            .map_err(|_| Error::internal_error())?;
            let Ok(read) = read else { continue };
            let snap = self
                .state
                .analyze_closed_note(&uri, Arc::from(read.text))
                .await;
            let (kb, session) = (kb.clone(), session.clone());
            let diagnostics = off_protocol_task("diagnostics", move || {
                handlers::diagnostics(&snap, &kb, &session)
            })
            .await?;
            count += diagnostics.len();
            send_diagnostics(&self.state, &self.client, uri, diagnostics, None).await;
        }
        Ok(count)
    }

    /// When `uri` is an article some note uses: forget analyses and check every open note
    /// again. Returns whether it was one.
    pub fn after_article_change(&self, uri: &Uri) -> bool {
        let is_article = uri
            .to_file_path()
            .is_some_and(|p| self.state.is_article(&p));
        if is_article {
            self.state.invalidate();
            self.republish_all_soon();
        }
        is_article
    }

    /// Re-check every open note once the article has been quiet for the debounce delay, so
    /// typing in the article does not re-check all notes on every keystroke.
    fn republish_all_soon(&self) {
        let generation = self.state.generation();
        let delay = Duration::from_millis(self.state.settings().debounce_ms);
        let backend = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            if backend.state.generation() == generation {
                backend.republish_all();
            }
        });
    }
}

/// Markdown files under the folders, skipping hidden directories and build output.
fn find_notes(folders: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = folders.to_vec();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() && !name.starts_with('.') && name != "target" && name != "node_modules"
            {
                stack.push(path);
            } else if kind.is_file() && name.ends_with(".md") {
                out.push(path);
                if out.len() >= MAX_WORKSPACE_NOTES {
                    return out;
                }
            }
        }
    }
    out.sort();
    out
}

/// Hand the pages that the last analysis and frame freed back to the system. glibc keeps
/// them otherwise, spread over its per-thread arenas: after one edit of a 10 MB note the
/// server stayed at its peak. Only for huge notes: the walk over the heap costs more than a
/// small note's keystroke is worth.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let started = std::time::Instant::now();
        // SAFETY: `malloc_trim` only returns free memory to the system; it takes no pointer.
        unsafe {
            libc::malloc_trim(0);
        }
        tracing::debug!(
            "freed memory returned to the system in {:?}",
            started.elapsed()
        );
    }
}

/// Test setup: a backend with one markdown note open at version 1. The service and the client
/// socket it returns must live as long as the backend is used.
#[cfg(test)]
pub(crate) fn backend_with_note(
    uri: &str,
    text: &str,
) -> (
    Backend,
    Uri,
    tower_lsp_server::LspService<Backend>,
    tower_lsp_server::ClientSocket,
) {
    let (service, socket) = tower_lsp_server::LspService::new(|c| Backend::new(c, false));
    let backend = service.inner().clone();
    let uri: Uri = uri.parse().expect("uri");
    if let Ok(mut docs) = backend.state.docs.lock() {
        docs.open(uri.as_str(), text.to_string(), 1, "markdown");
    }
    (backend, uri, service, socket)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_sleep_is_capped_at_ten_seconds() {
        // (requested ms, slept ms)
        let cases = [
            (0, 0),
            (250, 250),
            (10_000, 10_000),
            (10_001, 10_000),
            (u64::MAX, 10_000),
        ];
        for (ms, expected) in cases {
            assert_eq!(debug_sleep_duration(ms).as_millis(), expected, "{ms}");
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_whole_analysis_waits_for_requests_at_a_position_to_pause() {
        let text = "Russia and China held talks; 300,000 troops took part.\n\n".repeat(300);
        let (backend, uri, _service, _socket) =
            backend_with_note("file:///geonotes-pause-test/note.md", &text);
        let at = Position::new(10, 2);
        // Requests back to back for twice the pause: answered from the blocks at their
        // position, the whole analysis not started.
        let burst = tokio::time::Instant::now();
        while burst.elapsed() < super::super::pauses::QUIET * 2 {
            let snap = backend.snapshot_at(&uri, at).await.expect("open note");
            assert!(
                matches!(&snap.kind, super::super::state::DocKind::Note { analysis, .. }
                if analysis.blocks.len() < 10)
            );
            assert!(!backend.state.is_analyzed(&uri));
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        // Then a pause: the whole analysis follows.
        tokio::time::sleep(super::super::pauses::QUIET * 3).await;
        assert!(backend.state.is_analyzed(&uri));
    }

    /// An edit lets go of the stale analysis and of the old text before it applies, so that a
    /// huge note is not held twice; the document still counts as analyzed.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_edit_lets_the_old_text_go_with_the_stale_analysis() {
        use tower_lsp_server::ls_types::{
            DidChangeTextDocumentParams, TextDocumentContentChangeEvent,
            VersionedTextDocumentIdentifier,
        };
        use tower_lsp_server::LanguageServer;
        let text = "Russia and China held talks; 300,000 troops took part.\n\n".repeat(50);
        let (backend, uri, _service, _socket) =
            backend_with_note("file:///geonotes-edit-test/note.md", &text);
        let old_text = backend
            .snapshot(&uri)
            .await
            .expect("open note")
            .text
            .clone();
        assert!(
            Arc::strong_count(&old_text) > 1,
            "the document and its snapshot hold it"
        );
        let change = TextDocumentContentChangeEvent {
            range: Some(tower_lsp_server::ls_types::Range::new(
                Position::new(4, 0),
                Position::new(4, 6),
            )),
            range_length: None,
            text: "Moscow".into(),
        };
        backend
            .did_change(DidChangeTextDocumentParams {
                text_document: VersionedTextDocumentIdentifier::new(uri.clone(), 2),
                content_changes: vec![change],
            })
            .await;
        assert_eq!(
            Arc::strong_count(&old_text),
            1,
            "only this test holds the old text"
        );
        assert!(backend.state.is_analyzed(&uri));
        let snap = backend.snapshot(&uri).await.expect("open note");
        assert_eq!(snap.version, 2);
        let mut expected = text.clone();
        let line_4 = 2 * text.find("\n\n").expect("paragraphs") + 4;
        expected.replace_range(line_4..line_4 + 6, "Moscow");
        assert_eq!(*snap.text, expected);
    }
}
