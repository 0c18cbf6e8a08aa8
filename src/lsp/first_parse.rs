//! The markdown parse of an open note before its first analysis is done: made once, shared by
//! that analysis and by the hovers and definitions that arrive meanwhile.
//!
//! Each such request analyzes only the blocks at its position, but it needs the parse of the
//! whole note to find them. Parsing per request cost a 1 MiB note 7 ms per hover on cores the
//! first analysis was using, and a copy of the note per request at the memory peak.

use crate::analysis::ParsedNote;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;

/// One slot per open note whose first analysis is under way.
#[derive(Default)]
pub struct FirstParses {
    slots: Mutex<HashMap<String, Arc<Slot>>>,
    /// How many parses were made, for the tests that check they are shared.
    made: AtomicUsize,
}

struct Slot {
    text: Arc<String>,
    /// `None` when the parse panicked: callers then go on without it.
    parsed: OnceCell<Option<ParsedNote>>,
}

impl FirstParses {
    /// The parse of `text`, the open text of `uri`. The first caller makes it (off the protocol
    /// task); the others wait for it. A different text (the note was edited) replaces the slot.
    pub async fn get(&self, uri: &str, text: &Arc<String>) -> Option<ParsedNote> {
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
            let slot = slots
                .entry(uri.to_string())
                .or_insert_with(|| Slot::new(text));
            if !Arc::ptr_eq(&slot.text, text) {
                *slot = Slot::new(text);
            }
            slot.clone()
        };
        slot.parsed
            .get_or_init(|| async {
                self.made.fetch_add(1, Ordering::Relaxed);
                let text = slot.text.clone();
                tokio::task::spawn_blocking(move || {
                    super::guard::guarded("markdown parse", || ParsedNote::new(&text)).ok()
                })
                .await
                .ok()
                .flatten()
            })
            .await
            .clone()
    }

    /// Drop `uri`'s slot: its first analysis is done (the analysis cache keeps the parse from
    /// there on), or the note closed.
    pub fn forget(&self, uri: &str) {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        slots.remove(uri);
    }

    pub fn made(&self) -> usize {
        self.made.load(Ordering::Relaxed)
    }
}

impl Slot {
    fn new(text: &Arc<String>) -> Arc<Slot> {
        Arc::new(Slot {
            text: text.clone(),
            parsed: OnceCell::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn callers_share_one_parse_until_the_text_changes() {
        let parses = Arc::new(FirstParses::default());
        let text = Arc::new("# Notes\n\nRussia sent 300,000 troops.\n".to_string());
        let waiting: Vec<_> = (0..8)
            .map(|_| {
                let (parses, text) = (parses.clone(), text.clone());
                tokio::spawn(async move { parses.get("file:///n.md", &text).await })
            })
            .collect();
        for task in waiting {
            let parsed = task.await.expect("task").expect("parsed");
            assert!(Arc::ptr_eq(parsed.text(), &text));
        }
        assert_eq!(parses.made(), 1);
        // An edited text is parsed anew; the same text again after `forget` too.
        let edited = Arc::new("# Notes\n\nRussia sent 30,000 troops.\n".to_string());
        assert!(parses.get("file:///n.md", &edited).await.is_some());
        assert_eq!(parses.made(), 2);
        parses.forget("file:///n.md");
        assert!(parses.get("file:///n.md", &edited).await.is_some());
        assert_eq!(parses.made(), 3);
    }
}
