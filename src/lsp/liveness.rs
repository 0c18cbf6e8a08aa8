//! Keeping the protocol task free: handlers' synchronous work runs on the blocking pool, and a
//! document is analyzed by one request at a time (the others wait and reuse its snapshot).
//!
//! Every handler future is polled on tower-lsp-server's one protocol task, so any synchronous
//! work inside a handler holds up every message behind it, edits included.

use super::guard::guarded;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tower_lsp_server::jsonrpc::{Error, Result};

/// Run `f` guarded on the blocking pool: a panic becomes an internal-error response naming
/// `what`, as with [`guarded`], and the protocol task only waits for the answer.
pub async fn off_protocol_task<T, F>(what: &'static str, f: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    match tokio::task::spawn_blocking(move || guarded(what, f)).await {
        Ok(answer) => answer,
        Err(e) => {
            tracing::error!("{what} did not finish: {e}");
            Err(Error::internal_error())
        }
    }
}

/// One gate per document URI. Requests that need a document's analysis take its gate first,
/// so a burst of requests on a freshly edited document starts one analysis instead of one per
/// request (with many requests in flight that would be many copies of a huge note at once).
#[derive(Default)]
pub struct AnalysisGates {
    gates: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl AnalysisGates {
    /// The gate of `uri`; hold its lock while analyzing the document.
    pub fn gate(&self, uri: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut gates = self.gates.lock().unwrap_or_else(|p| p.into_inner());
        gates.entry(uri.to_string()).or_default().clone()
    }

    /// Drop the gate of a closed document (a request still holding it keeps it alive).
    pub fn forget(&self, uri: &str) {
        let mut gates = self.gates.lock().unwrap_or_else(|p| p.into_inner());
        gates.remove(uri);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::jsonrpc::ErrorCode;

    #[tokio::test]
    async fn off_protocol_task_answers_and_turns_a_panic_into_an_internal_error() {
        assert_eq!(off_protocol_task("hover", || 7).await.ok(), Some(7));
        let err = off_protocol_task("hover", || -> u8 { panic!("boom") })
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InternalError);
        assert_eq!(err.message, "internal error in hover: boom");
    }

    #[tokio::test]
    async fn one_gate_per_document_until_it_is_forgotten() {
        let gates = AnalysisGates::default();
        let a = gates.gate("file:///a.md");
        assert!(Arc::ptr_eq(&a, &gates.gate("file:///a.md")));
        assert!(!Arc::ptr_eq(&a, &gates.gate("file:///b.md")));
        let held = a.lock().await;
        assert!(gates.gate("file:///a.md").try_lock().is_err());
        drop(held);
        gates.forget("file:///a.md");
        assert!(!Arc::ptr_eq(&a, &gates.gate("file:///a.md")));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_requests_on_one_document_share_one_analysis() {
        let text = "Russia and China held talks; 300,000 troops took part.\n".repeat(200);
        let (backend, uri, _service, _socket) =
            crate::lsp::backend::backend_with_note("file:///geonotes-gate-test/note.md", &text);
        let requests: Vec<_> = (0..8)
            .map(|_| {
                let (backend, uri) = (backend.clone(), uri.clone());
                tokio::spawn(async move { backend.snapshot(&uri).await })
            })
            .collect();
        let mut snapshots = Vec::new();
        for request in requests {
            snapshots.push(request.await.expect("task").expect("open document"));
        }
        // One analysis: every request got the very same snapshot.
        for snap in &snapshots {
            assert!(Arc::ptr_eq(snap, &snapshots[0]));
        }
    }
}
