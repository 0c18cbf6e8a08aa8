//! The text of a large `didOpen`, lifted out of its frame before tower-lsp-server parses it.
//!
//! tower-lsp-server decodes every message through an untagged enum: the note's text is
//! buffered into serde's `Content`, copied into a `serde_json::Value`, then into the params
//! (about 4 ms per MiB), and its read buffer keeps growing to about twice the largest frame
//! and never shrinks (120 MB after a 50 MB note). The framing adapter therefore takes the text
//! out of a large `didOpen` itself, leaves it here under the document's URI and version, and
//! forwards the same notification with an empty text. The handler takes the text back
//! before its first `.await`, so the notification keeps its place among the others.

use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Mutex;

/// Bodies smaller than this are forwarded as they are: lifting pays off for large notes only.
pub const LIFT_ABOVE: usize = 64 * 1024;

/// Texts lifted out of `didOpen` frames, waiting for their handler: at most one per URI.
#[derive(Default)]
pub struct LiftedTexts(Mutex<HashMap<String, (i32, String)>>);

impl LiftedTexts {
    /// If `body` is a large `didOpen`, keep its text and return the body to forward instead
    /// (`Ok`); otherwise give `body` back as it was (`Err`). The text is decoded inside the
    /// body's own memory, which it then keeps: no second buffer the size of the note.
    pub fn lift(&self, body: String) -> Result<String, String> {
        if body.len() < LIFT_ABOVE || !names_did_open(&body) {
            return Err(body);
        }
        let Some((forwarded, uri, version, text)) = parse(&body) else {
            return Err(body);
        };
        let text = decode_in_place(body, text);
        let mut texts = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        texts.insert(uri, (version, text));
        Ok(forwarded)
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

/// The notification to forward (its text empty), the document's URI and version, and where
/// the contents of its text's string literal are in `body`; `None` if `body` is not a
/// `didOpen` notification whose text is a string.
fn parse(body: &str) -> Option<(String, String, i32, std::ops::Range<usize>)> {
    // The text is only checked here (escapes included), not decoded: `RawValue` borrows it.
    let open: DidOpen<'_> = serde_json::from_str(body).ok()?;
    if open.method != DID_OPEN || open.jsonrpc != "2.0" || open.id.is_some() {
        return None;
    }
    let doc = open.params.text_document;
    let literal = doc.text.get();
    if literal.len() < 2 || !literal.starts_with('"') {
        return None;
    }
    let start = literal.as_ptr() as usize - body.as_ptr() as usize;
    let contents = start + 1..start + literal.len() - 1;
    let forwarded = serde_json::json!({
        "jsonrpc": open.jsonrpc,
        "method": open.method,
        "params": {"textDocument": {
            "uri": doc.uri, "languageId": doc.language_id, "version": doc.version, "text": ""
        }}
    });
    Some((forwarded.to_string(), doc.uri, doc.version, contents))
}

/// The string whose escaped contents are `body[contents]`, made in `body`'s memory.
fn decode_in_place(body: String, contents: std::ops::Range<usize>) -> String {
    let mut bytes = body.into_bytes();
    let len = super::unescape::unescape_in_place(&mut bytes, contents);
    bytes.truncate(len);
    debug_assert!(std::str::from_utf8(&bytes).is_ok());
    // SAFETY: `contents` lies between two quotes of a `String`, so it is UTF-8 cut at char
    // boundaries, and `unescape_in_place` keeps it so: the runs it copies end at a backslash
    // or at the end (ASCII, never inside a char), and it writes whole chars in place of
    // escapes, which are ASCII. A second check of a whole note cost 0.6 ms per MiB.
    unsafe { String::from_utf8_unchecked(bytes) }
}

#[derive(Deserialize)]
struct DidOpen<'a> {
    /// A notification has none; a message with one is left to the library to answer.
    #[serde(default)]
    id: Option<serde::de::IgnoredAny>,
    jsonrpc: String,
    method: String,
    #[serde(borrow)]
    params: Params<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Params<'a> {
    #[serde(borrow)]
    text_document: Item<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Item<'a> {
    uri: String,
    language_id: String,
    version: i32,
    #[serde(borrow)]
    text: &'a serde_json::value::RawValue,
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
        let forwarded = lifted.lift(did_open(&text)).expect("lifted");
        let forwarded: Value = serde_json::from_str(&forwarded).unwrap();
        let expected: Value = serde_json::from_str(&did_open("")).unwrap();
        assert_eq!(forwarded, expected);
        assert_eq!(lifted.take("file:///n.md", 2), None, "another version");
        assert_eq!(lifted.take("file:///n.md", 3).as_deref(), Some(&text[..]));
        assert_eq!(lifted.take("file:///n.md", 3), None, "taken once");
    }

    #[test]
    fn a_text_escaped_as_any_client_escapes_it_comes_back_whole() {
        // Raw UTF-8 (editors), every non-ASCII char as \uXXXX (Python's default), and half a
        // surrogate pair (a buffer cut mid-emoji), which becomes U+FFFD.
        let text = "Путин 👍 said \"3,200\"\t\\ 日本\r\n".repeat(3000);
        let raw = did_open(&text);
        let ascii = crate::lsp::unescape::ascii_escaped(&raw);
        let lone = raw.replacen("Путин", "\\ud83d", 1);
        let lone_text = text.replacen("Путин", "\u{FFFD}", 1);
        for (body, expected) in [(raw, &text), (ascii, &text), (lone, &lone_text)] {
            let lifted = LiftedTexts::default();
            assert!(lifted.lift(body).is_ok());
            assert_eq!(lifted.take("file:///n.md", 3).as_ref(), Some(expected));
        }
    }

    #[test]
    fn small_or_other_messages_are_forwarded_as_they_are() {
        let lifted = LiftedTexts::default();
        let short = did_open("short");
        assert_eq!(lifted.lift(short.clone()), Err(short));
        let big = "x".repeat(LIFT_ABOVE);
        let change = json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": "file:///n.md", "version": 4},
            "contentChanges": [{"text": big}]}});
        assert_eq!(lifted.lift(change.to_string()), Err(change.to_string()));
        // The method named early in the text of a didChange, and a didOpen with an id.
        let text_names_it = change
            .to_string()
            .replace("\"xxx", "\"textDocument/didOpen xxx");
        assert!(names_did_open(&text_names_it));
        assert_eq!(lifted.lift(text_names_it.clone()), Err(text_names_it));
        let mut request: Value = serde_json::from_str(&did_open(&big)).unwrap();
        request["id"] = json!(7);
        assert_eq!(lifted.lift(request.to_string()), Err(request.to_string()));
        assert!(lifted.0.lock().unwrap().is_empty());
    }
}
