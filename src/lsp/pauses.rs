//! Background analyses wait for a pause in the requests they would slow down.
//!
//! A note without a usable source gets its diagnostics at once, without recognition; its
//! whole analysis (for hovers and the rest) follows in the background, and until it exists a
//! hover or a definition is answered from the blocks at its position in well under a
//! millisecond. On 2 cores that whole analysis of a 1 MiB note keeps both busy for ~50 ms, and
//! the requests that arrived meanwhile waited for a core: up to a scheduler tick (4 ms here)
//! each, a p99 of 4.5-8.7 ms for the hovers sent right after opening. So it starts only once
//! requests at a position have paused for `QUIET`.

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;
// Tokio's clock, which its tests can pause and move on.
use tokio::time::Instant;

/// How long requests at a position must pause before a background analysis starts. An editor
/// sends a hover when the pointer rests, a few a second at most, so for a reader the analysis
/// starts a tenth of a second after opening; a client firing requests back to back keeps
/// getting answers from the blocks at their positions until it stops.
pub const QUIET: Duration = Duration::from_millis(100);

/// When the last request at a position arrived, and which documents have a background
/// analysis waiting for a pause.
#[derive(Default)]
pub struct Pauses {
    last_request: Mutex<Option<Instant>>,
    waiting: Mutex<HashSet<String>>,
}

impl Pauses {
    /// A request at a position arrived.
    pub fn request_arrived(&self) {
        *self.last_request.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now());
    }

    /// Whether a background analysis of `uri` may start waiting: false when one already is.
    pub fn start_waiting(&self, uri: &str) -> bool {
        let mut waiting = self.waiting.lock().unwrap_or_else(|p| p.into_inner());
        waiting.insert(uri.to_string())
    }

    /// Wait until requests at a position have paused for `quiet`, then let the next
    /// background analysis of `uri` wait again.
    pub async fn until_quiet(&self, uri: &str, quiet: Duration) {
        loop {
            let since = self
                .last_request
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .map(|at| at.elapsed());
            match since {
                Some(since) if since < quiet => tokio::time::sleep(quiet - since).await,
                _ => break,
            }
        }
        let mut waiting = self.waiting.lock().unwrap_or_else(|p| p.into_inner());
        waiting.remove(uri);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn waits_until_requests_pause_and_one_waiter_per_document() {
        let pauses = Pauses::default();
        let quiet = Duration::from_millis(100);
        // No request yet: no wait.
        assert!(pauses.start_waiting("a"));
        let started = tokio::time::Instant::now();
        pauses.until_quiet("a", quiet).await;
        assert_eq!(started.elapsed(), Duration::ZERO);
        // A request 60 ms ago: 40 ms more; another waiter on the same document is refused
        // meanwhile, one on another document is not.
        assert!(pauses.start_waiting("a"));
        assert!(!pauses.start_waiting("a"));
        assert!(pauses.start_waiting("b"));
        pauses.request_arrived();
        tokio::time::advance(Duration::from_millis(60)).await;
        let started = tokio::time::Instant::now();
        pauses.until_quiet("a", quiet).await;
        assert!(started.elapsed() >= Duration::from_millis(40));
        // Done waiting: the next one may wait.
        assert!(pauses.start_waiting("a"));
    }
}
