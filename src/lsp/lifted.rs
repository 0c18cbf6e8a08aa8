//! The text of a large `didOpen`, lifted out of its frame before tower-lsp-server parses it.
//!
//! tower-lsp-server decodes every message through an untagged enum: the note's text is
//! buffered into serde's `Content`, copied into a `serde_json::Value`, then into the params
//! (about 4 ms per MiB), and its read buffer keeps growing to about twice the largest frame
//! and never shrinks (120 MB after a 50 MB note). The framing adapter therefore takes the text
//! out of a large `didOpen` itself, leaves it here under the document's URI and version, and
//! forwards the same notification with an empty text. The handler takes the text back
//! before its first `.await`, so the notification keeps its place among the others.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;

/// Bodies smaller than this are forwarded as they are: lifting pays off for large notes only.
pub const LIFT_ABOVE: usize = 64 * 1024;

/// Texts lifted out of `didOpen` frames, waiting for their handler: at most one per URI.
#[derive(Default)]
pub struct LiftedTexts(Mutex<HashMap<String, (i32, String)>>);

impl LiftedTexts {
    /// If `body` is a large `didOpen`, keep its text and return the body to forward instead.
    pub fn lift(&self, body: &str) -> Option<String> {
        if body.len() < LIFT_ABOVE || !names_did_open(body) {
            return None;
        }
        let mut open: DidOpen = serde_json::from_str(body).ok()?;
        if open.method != DID_OPEN || open.jsonrpc != "2.0" || open.id.is_some() {
            return None;
        }
        // The same notification, its text left empty.
        let doc = &mut open.params.text_document;
        let text = std::mem::take(&mut doc.text);
        let (uri, version) = (doc.uri.clone(), doc.version);
        let forwarded = serde_json::to_string(&open).ok()?;
        self.0.lock().ok()?.insert(uri, (version, text));
        Some(forwarded)
    }

    /// The text lifted from the `didOpen` of `uri` at `version`, if there is one.
    pub fn take(&self, uri: &str, version: i32) -> Option<String> {
        let mut texts = self.0.lock().ok()?;
        match texts.get(uri) {
            Some((v, _)) if *v == version => texts.remove(uri).map(|(_, text)| text),
            _ => None,
        }
    }
}

const DID_OPEN: &str = "textDocument/didOpen";

/// A cheap look before the full parse: editors put the method before the params, so a large
/// body names it near its start. One that does not is forwarded whole, which is only slower.
fn names_did_open(body: &str) -> bool {
    let head = &body.as_bytes()[..body.len().min(512)];
    memchr::memmem::find(head, DID_OPEN.as_bytes()).is_some()
}

#[derive(Deserialize, Serialize)]
struct DidOpen {
    /// A notification has none; a message with one is left to the library to answer.
    #[serde(default, skip_serializing)]
    id: Option<serde::de::IgnoredAny>,
    jsonrpc: String,
    method: String,
    params: Params,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct Params {
    text_document: Item,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    uri: String,
    language_id: String,
    version: i32,
    text: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn did_open(text: &str) -> String {
        json!({"jsonrpc": "2.0", "method": DID_OPEN, "params": {"textDocument": {
            "uri": "file:///n.md", "languageId": "markdown", "version": 3, "text": text}}})
        .to_string()
    }

    #[test]
    fn a_large_did_open_is_forwarded_without_its_text_and_the_text_is_kept() {
        let text = "Russia sent \"3,200\" troops.\n".repeat(4000);
        let lifted = LiftedTexts::default();
        let forwarded = lifted.lift(&did_open(&text)).expect("lifted");
        let forwarded: Value = serde_json::from_str(&forwarded).unwrap();
        let expected: Value = serde_json::from_str(&did_open("")).unwrap();
        assert_eq!(forwarded, expected);
        assert_eq!(lifted.take("file:///n.md", 2), None, "another version");
        assert_eq!(lifted.take("file:///n.md", 3).as_deref(), Some(&text[..]));
        assert_eq!(lifted.take("file:///n.md", 3), None, "taken once");
    }

    #[test]
    fn small_or_other_messages_are_forwarded_as_they_are() {
        let lifted = LiftedTexts::default();
        assert_eq!(lifted.lift(&did_open("short")), None);
        let big = "x".repeat(LIFT_ABOVE);
        let change = json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": "file:///n.md", "version": 4},
            "contentChanges": [{"text": big}]}});
        assert_eq!(lifted.lift(&change.to_string()), None);
        // The method named early in the text of a didChange, and a didOpen with an id.
        let text_names_it = change
            .to_string()
            .replace("\"xxx", "\"textDocument/didOpen xxx");
        assert!(names_did_open(&text_names_it));
        assert_eq!(lifted.lift(&text_names_it), None);
        let mut request: Value = serde_json::from_str(&did_open(&big)).unwrap();
        request["id"] = json!(7);
        assert_eq!(lifted.lift(&request.to_string()), None);
        assert!(lifted.0.lock().unwrap().is_empty());
    }
}
