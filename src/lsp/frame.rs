//! Content-Length framing in front of the server: every well-formed frame is passed on, every
//! malformed one is answered with a JSON-RPC error and skipped, so one bad frame never ends the
//! session.
//!
//! Invariant: the parser never panics and never waits for more than `MAX_BODY` bytes of one
//! frame; after an error it resynchronizes on the next `Content-Length:` header.

use serde_json::value::RawValue;
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

/// Larger bodies are refused (the frame is skipped, not buffered).
pub const MAX_BODY: usize = 64 * 1024 * 1024;
/// A header block longer than this is garbage, not a header.
const MAX_HEADER: usize = 8 * 1024;
const HEADER_NAME: &[u8] = b"content-length:";

/// What the parser found next in the byte stream.
#[derive(Debug, PartialEq)]
pub enum FrameEvent {
    /// A valid JSON-RPC message body (UTF-8, repaired when `repaired`).
    Message { body: String, repaired: bool },
    /// A malformed frame: answer with this JSON-RPC error response.
    Error(Value),
}

/// Takes a message body and returns the body to pass on instead (`Ok`), having taken what it
/// wants out of it (`lsp::lifted`), or gives the body back untouched (`Err`) to be judged and
/// passed on as it is. It takes the body itself so that it can reuse its memory.
pub type Lift = Box<dyn Fn(String) -> Result<String, String> + Send>;

/// Incremental frame parser: push bytes, then pull events.
#[derive(Default)]
pub struct FrameParser {
    buf: Vec<u8>,
    /// After a malformed frame: bytes are dropped until the next `Content-Length:` header.
    discarding: bool,
    /// Whether bodies are checked to be JSON-RPC (off for the server's own trusted output).
    trusted: bool,
    /// Tried first on every body: a body it rewrites was parsed whole, so it is not judged
    /// again (one pass over a large didOpen instead of two).
    lift: Option<Lift>,
}

pub fn error_response(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// The header of a frame whose body is `length` bytes.
pub fn header(length: usize) -> String {
    format!("Content-Length: {length}\r\n\r\n")
}

pub fn encode(body: &str) -> Vec<u8> {
    let mut out = header(body.len()).into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

/// A whole notification frame, serialized straight from `params` (no `Value` tree in between).
pub fn notification_frame(
    method: &str,
    params: &impl serde::Serialize,
    size_hint: usize,
) -> Option<Vec<u8>> {
    #[derive(serde::Serialize)]
    struct Notification<'a, P> {
        jsonrpc: &'static str,
        method: &'a str,
        params: &'a P,
    }
    frame_with(size_hint, |body| {
        let notification = Notification {
            jsonrpc: "2.0",
            method,
            params,
        };
        serde_json::to_writer(body, &notification).ok()
    })
}

/// A frame whose body `write_body` appends to the buffer it is given, about `size_hint` bytes:
/// a large body is written once into one buffer, never regrown or copied into a second one.
/// `None` when `write_body` fails.
pub fn frame_with(
    size_hint: usize,
    write_body: impl FnOnce(&mut Vec<u8>) -> Option<()>,
) -> Option<Vec<u8>> {
    // The header's length is known only after the body: the body is written after room for
    // the longest header, and the header goes right before it.
    const HEADER_ROOM: usize = "Content-Length: 18446744073709551615\r\n\r\n".len();
    let mut frame = Vec::with_capacity(HEADER_ROOM + size_hint);
    frame.resize(HEADER_ROOM, b' ');
    write_body(&mut frame)?;
    let header = header(frame.len() - HEADER_ROOM);
    let start = HEADER_ROOM - header.len();
    frame[start..HEADER_ROOM].copy_from_slice(header.as_bytes());
    frame.drain(..start);
    Some(frame)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

impl FrameParser {
    pub fn new() -> FrameParser {
        FrameParser::default()
    }

    /// A parser for output the server wrote itself: frames only, no validation.
    pub fn trusted() -> FrameParser {
        FrameParser {
            trusted: true,
            ..FrameParser::default()
        }
    }

    /// A parser for the client's input that gives every body to `lift` first.
    pub fn lifting(lift: Lift) -> FrameParser {
        FrameParser {
            lift: Some(lift),
            ..FrameParser::default()
        }
    }

    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Drop `..from` and everything up to the next `Content-Length:` header, silently: one
    /// error has been answered for the whole bad stretch.
    fn resync(&mut self, from: usize) {
        self.buf.drain(..from.min(self.buf.len()));
        self.discarding = true;
    }

    /// While discarding, drop bytes up to the next header. True when a header was found.
    fn skip_to_header(&mut self) -> bool {
        match find_ignore_case(&self.buf, HEADER_NAME) {
            Some(at) => {
                self.buf.drain(..at);
                self.discarding = false;
                true
            }
            None => {
                // Keep a possible partial header name at the end.
                let cut = self.buf.len().saturating_sub(HEADER_NAME.len());
                self.buf.drain(..cut);
                false
            }
        }
    }

    pub fn next_event(&mut self) -> Option<FrameEvent> {
        loop {
            if self.discarding && !self.skip_to_header() {
                return None;
            }
            if self.buf.is_empty() {
                return None;
            }
            let Some(header_end) = find(&self.buf, b"\r\n\r\n") else {
                if self.buf.len() > MAX_HEADER {
                    self.resync(1);
                    return Some(invalid_header("header too long or not terminated"));
                }
                return None;
            };
            let header = String::from_utf8_lossy(&self.buf[..header_end]).into_owned();
            let body_start = header_end + 4;
            let length = match parse_content_length(&header) {
                Ok(length) => length,
                Err(problem) => {
                    self.resync(1);
                    return Some(invalid_header(&problem));
                }
            };
            if length > MAX_BODY {
                // Absurd lengths are usually corrupt headers: skipping that many bytes would
                // swallow the frames that follow, so look for the next header instead.
                self.resync(1);
                return Some(invalid_header(&format!(
                    "Content-Length {length} exceeds the limit of {MAX_BODY} bytes; frame skipped"
                )));
            }
            let frame_end = body_start + length;
            if self.buf.len() < frame_end {
                // Grow once to the whole frame rather than doubling as a large body arrives.
                self.buf.reserve(frame_end - self.buf.len());
                return None;
            }
            // Usually the buffer holds just this frame: take it whole instead of copying out.
            let rest = self.buf.split_off(frame_end);
            let mut raw = std::mem::replace(&mut self.buf, rest);
            raw.drain(..body_start);
            let (body, repaired) = match String::from_utf8(raw) {
                Ok(body) => (body, false),
                Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
            };
            if self.trusted {
                return Some(FrameEvent::Message { body, repaired });
            }
            let body = match &self.lift {
                Some(lift) => match lift(body) {
                    Ok(lifted) => {
                        if repaired {
                            tracing::warn!("message contained invalid UTF-8; replaced with U+FFFD");
                        }
                        return Some(FrameEvent::Message {
                            body: lifted,
                            repaired,
                        });
                    }
                    Err(body) => body,
                },
                None => body,
            };
            if let Some(event) = validate(body, repaired) {
                return Some(event);
            }
        }
    }
}

fn invalid_header(problem: &str) -> FrameEvent {
    tracing::warn!("malformed frame: {problem}");
    FrameEvent::Error(error_response(
        Value::Null,
        -32700,
        &format!("malformed frame header: {problem}"),
    ))
}

fn parse_content_length(header: &str) -> Result<usize, String> {
    let mut length = None;
    for line in header.split("\r\n").filter(|l| !l.trim().is_empty()) {
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("not a header line: {:?}", truncate(line)));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let value = value.trim();
            length =
                Some(value.parse::<usize>().map_err(|_| {
                    format!("Content-Length is not a number: {:?}", truncate(value))
                })?);
        }
    }
    length.ok_or_else(|| "no Content-Length header".to_string())
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

/// `None` when the body is an empty keep-alive (skipped silently); otherwise the message or
/// the error to answer.
fn validate(body: String, repaired: bool) -> Option<FrameEvent> {
    if body.trim().is_empty() {
        return Some(FrameEvent::Error(error_response(
            Value::Null,
            -32700,
            "empty message body",
        )));
    }
    // Judged without building a `Value`: a didOpen carries the whole note, and tower-lsp
    // parses the body again anyway.
    match judge(&body) {
        Ok(()) => {}
        Err(Rejection::NotJson(e)) => {
            tracing::warn!("message body is not JSON: {e}");
            let message = format!("parse error: {e}");
            return Some(FrameEvent::Error(error_response(
                Value::Null,
                -32700,
                &message,
            )));
        }
        Err(Rejection::NotJsonRpc(problem, id)) => {
            tracing::warn!("message is not JSON-RPC: {problem}");
            let message = format!("invalid request: {problem}");
            return Some(FrameEvent::Error(error_response(id, -32600, &message)));
        }
    }
    if repaired {
        tracing::warn!("message contained invalid UTF-8; replaced with U+FFFD");
    }
    Some(FrameEvent::Message { body, repaired })
}

/// The members of a message that decide whether it is JSON-RPC; the rest (the params) is
/// skipped, not parsed into values.
#[derive(serde::Deserialize)]
struct Envelope<'a> {
    // `raw` keeps a member that is `null` (plain `Option` would read it as absent).
    #[serde(borrow, default, deserialize_with = "raw")]
    jsonrpc: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "raw")]
    method: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "raw")]
    id: Option<&'a RawValue>,
    /// Present, whatever its value: `"result": null` is a valid response.
    #[serde(default, deserialize_with = "present")]
    result: bool,
    #[serde(default, deserialize_with = "present")]
    error: bool,
}

fn raw<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<&'de RawValue>, D::Error> {
    serde::Deserialize::deserialize(d).map(Some)
}

fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    serde::Deserialize::deserialize(d).map(|_: serde::de::IgnoredAny| true)
}

/// Why a message body is refused.
enum Rejection {
    /// Not JSON at all (answered with -32700).
    NotJson(serde_json::Error),
    /// JSON, but not a JSON-RPC message: why, and the id to answer with (-32600).
    NotJsonRpc(&'static str, Value),
}

/// Whether `body` is a JSON-RPC request, notification or response. An object is read once,
/// into its envelope; anything else only has its syntax checked (`RawValue` allocates nothing).
fn judge(body: &str) -> Result<(), Rejection> {
    if !body.trim_start().starts_with('{') {
        return match serde_json::from_str::<&RawValue>(body) {
            Err(e) => Err(Rejection::NotJson(e)),
            Ok(_) => Err(Rejection::NotJsonRpc(
                "a message must be a JSON object",
                Value::Null,
            )),
        };
    }
    match serde_json::from_str::<Envelope>(body) {
        Ok(envelope) => {
            check_envelope(envelope).map_err(|(problem, id)| Rejection::NotJsonRpc(problem, id))
        }
        // Valid JSON whose shape the envelope rejects: a member given twice.
        Err(e) if e.is_data() => Err(Rejection::NotJsonRpc(
            "a message must have each member once, as an object",
            Value::Null,
        )),
        Err(e) => Err(Rejection::NotJson(e)),
    }
}

/// Whether the envelope of a JSON object is a JSON-RPC message; if not, why, and the id to
/// answer with (a string or number id, else null).
fn check_envelope(envelope: Envelope) -> Result<(), (&'static str, Value)> {
    let parsed =
        |raw: Option<&RawValue>| raw.and_then(|r| serde_json::from_str::<Value>(r.get()).ok());
    let id = parsed(envelope.id);
    let answer_id = id
        .clone()
        .filter(|id| id.is_string() || id.is_number())
        .unwrap_or(Value::Null);
    if parsed(envelope.jsonrpc).as_ref().and_then(Value::as_str) != Some("2.0") {
        return Err(("\"jsonrpc\" must be \"2.0\"", answer_id));
    }
    let id_ok = id
        .as_ref()
        .is_none_or(|id| id.is_string() || id.is_i64() || id.is_u64() || id.is_null());
    let method_is_string = envelope.method.map(|m| m.get().starts_with('"'));
    match method_is_string {
        Some(true) if id_ok => Ok(()),
        Some(true) => Err(("\"id\" must be a number or a string", answer_id)),
        Some(false) => Err(("\"method\" must be a string", answer_id)),
        None if envelope.id.is_some() && (envelope.result || envelope.error) => Ok(()),
        None => Err((
            "neither a request, a notification nor a response",
            answer_id,
        )),
    }
}

/// A whole frame for the output, from outside the server's own stream (the adapter's error
/// responses, diagnostics written straight from findings), and who waits for it to be
/// written.
pub struct Outgoing {
    pub frame: Vec<u8>,
    pub done: Done,
    /// For a frame written in pieces: `frame` is its start, the pieces follow from here until
    /// the sender closes, and nothing else is written in between.
    pub rest: Option<mpsc::Receiver<Vec<u8>>>,
}

/// What happens once a frame is written: who is told, and who gets its bytes back (to keep
/// them for the next frame, off the path of this one).
#[derive(Default)]
pub struct Done {
    pub written: Option<tokio::sync::oneshot::Sender<()>>,
    pub then: Option<Box<dyn FnOnce(Vec<u8>) + Send>>,
}

impl Done {
    pub fn finish(self, bytes: Vec<u8>) {
        if let Some(written) = self.written {
            let _ = written.send(());
        }
        if let Some(then) = self.then {
            then(bytes);
        }
    }
}

impl From<Vec<u8>> for Outgoing {
    fn from(frame: Vec<u8>) -> Outgoing {
        Outgoing {
            frame,
            done: Done::default(),
            rest: None,
        }
    }
}

/// Read frames from `input`, pass valid ones on to `to_server` re-framed (the body `lift`
/// returns in place of the original, when it returns one), and send error responses for
/// malformed ones to `errors`. Ends at the end of `input`.
pub async fn pump_input<R, W>(
    mut input: R,
    mut to_server: W,
    errors: mpsc::UnboundedSender<Outgoing>,
    lift: Lift,
) where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut parser = FrameParser::lifting(lift);
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match input.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        parser.push(&chunk[..n]);
        while let Some(event) = parser.next_event() {
            match event {
                FrameEvent::Message { body, .. } => {
                    // Header and body written apart: no copy of a large body into a frame.
                    if to_server
                        .write_all(header(body.len()).as_bytes())
                        .await
                        .is_err()
                        || to_server.write_all(body.as_bytes()).await.is_err()
                    {
                        return;
                    }
                }
                FrameEvent::Error(response) => {
                    let _ = errors.send(encode(&response.to_string()).into());
                }
            }
        }
        if to_server.flush().await.is_err() {
            return;
        }
    }
    let _ = to_server.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_have_their_exact_header_whatever_the_hint() {
        // Bodies as long as hinted, with fewer digits, and longer than hinted.
        for (hint, len) in [
            (0, 0),
            (5, 5),
            (9, 5),
            (10, 9),
            (999, 1000),
            (1000, 7),
            (12, 123_456),
        ] {
            let body = vec![b'x'; len];
            let frame = frame_with(hint, |out| {
                out.extend_from_slice(&body);
                Some(())
            })
            .unwrap();
            let mut expected = header(len).into_bytes();
            expected.extend_from_slice(&body);
            assert!(frame == expected, "hint {hint}, body {len}");
        }
        assert_eq!(frame_with(10, |_| None), None);
    }

    /// The JSON-RPC verdict on a body that is valid JSON.
    fn check_jsonrpc(body: &str) -> Result<(), (&'static str, Value)> {
        match judge(body) {
            Ok(()) => Ok(()),
            Err(Rejection::NotJsonRpc(problem, id)) => Err((problem, id)),
            Err(Rejection::NotJson(e)) => panic!("{body} is not JSON: {e}"),
        }
    }

    #[test]
    fn jsonrpc_envelopes_are_judged_without_parsing_params() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                r#"{"jsonrpc":"2.0","method":"x","params":{"text":"a\nb"}}"#,
                None,
            ),
            (r#"{"jsonrpc":"2.0","id":7,"method":"x"}"#, None),
            (r#"{"jsonrpc":"2.0","id":"a","method":"x"}"#, None),
            (r#"{"jsonrpc":"2.0","id":null,"method":"x"}"#, None),
            (r#"{"jsonrpc":"2.0","id":3,"result":null}"#, None),
            (
                r#"{"jsonrpc":"2.0","id":null,"error":{"code":1,"message":"m"}}"#,
                None,
            ),
            (r#"[1,2]"#, Some("a message must be a JSON object")),
            (
                r#"{"jsonrpc":"2.0","method":"x","method":"y"}"#,
                Some("a message must have each member once, as an object"),
            ),
            (
                r#"{"jsonrpc":"1.0","method":"x"}"#,
                Some("\"jsonrpc\" must be \"2.0\""),
            ),
            (r#"{"method":"x"}"#, Some("\"jsonrpc\" must be \"2.0\"")),
            (
                r#"{"jsonrpc":"2.0","method":3}"#,
                Some("\"method\" must be a string"),
            ),
            (
                r#"{"jsonrpc":"2.0","method":null}"#,
                Some("\"method\" must be a string"),
            ),
            (
                r#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#,
                Some("\"id\" must be a number or a string"),
            ),
            (
                r#"{"jsonrpc":"2.0","id":4}"#,
                Some("neither a request, a notification nor a response"),
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(
                check_jsonrpc(body).err().map(|(p, _)| p),
                *expected,
                "{body}"
            );
        }
        // The error answers with the message's id when it has a usable one.
        assert_eq!(
            check_jsonrpc(r#"{"jsonrpc":"1.0","id":9,"method":"x"}"#)
                .err()
                .map(|e| e.1),
            Some(json!(9))
        );
    }

    fn events(stream: &[u8]) -> Vec<FrameEvent> {
        let mut parser = FrameParser::new();
        parser.push(stream);
        std::iter::from_fn(|| parser.next_event()).collect()
    }

    fn error_code(event: &FrameEvent) -> Option<(i64, Value)> {
        match event {
            FrameEvent::Error(v) => Some((v["error"]["code"].as_i64()?, v["id"].clone())),
            FrameEvent::Message { .. } => None,
        }
    }

    fn message(body: &str) -> FrameEvent {
        FrameEvent::Message {
            body: body.to_string(),
            repaired: false,
        }
    }

    const PING: &str = r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;

    #[test]
    fn a_valid_frame_passes_through_even_when_split_byte_by_byte() {
        let stream = encode(PING);
        let mut parser = FrameParser::new();
        let mut got = Vec::new();
        for b in &stream {
            parser.push(std::slice::from_ref(b));
            got.extend(std::iter::from_fn(|| parser.next_event()));
        }
        assert_eq!(got, vec![message(PING)]);
    }

    #[test]
    fn malformed_frames_are_answered_and_the_next_frame_still_arrives() {
        let cases: &[(&[u8], i64, Value)] = &[
            (b"Content-Length: 5\r\n\r\n{oops", -32700, Value::Null),
            (b"Content-Length: 2\r\n\r\n[]", -32600, Value::Null),
            (
                b"Content-Length: 27\r\n\r\n{\"id\":7,\"method\":\"x\",\"a\":1}",
                -32600,
                json!(7),
            ),
            (b"Content-Type: text\r\n\r\n{}", -32700, Value::Null),
            (b"Content-Length: abc\r\n\r\n{}", -32700, Value::Null),
            (
                b"Content-Length: 99999999999\r\n\r\n{}",
                -32700,
                Value::Null,
            ),
            (b"garbage without colon\r\n\r\n", -32700, Value::Null),
            (b"x", -32700, Value::Null),
            (
                b"Content-Length: 10\r\n\r\n\xff\xfe\x00garbage",
                -32700,
                Value::Null,
            ),
        ];
        for (bad, code, id) in cases {
            let mut stream = bad.to_vec();
            stream.extend(encode(PING));
            let got = events(&stream);
            assert_eq!(got.len(), 2, "{:?}: {got:?}", String::from_utf8_lossy(bad));
            assert_eq!(
                error_code(&got[0]),
                Some((*code, id.clone())),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
            assert_eq!(got[1], message(PING));
        }
    }

    /// A lifting parser passes on what the lift returns; a body the lift declines is judged
    /// as usual.
    #[test]
    fn a_lifted_body_replaces_the_original_and_others_are_still_judged() {
        let lift: Lift = Box::new(|body: String| match body.contains("LIFT") {
            true => Ok("{}".to_string()),
            false => Err(body),
        });
        let mut parser = FrameParser::lifting(lift);
        parser.push(&encode(r#"{"jsonrpc":"2.0","method":"LIFT"}"#));
        parser.push(b"Content-Length: 5\r\n\r\nnope!");
        assert_eq!(parser.next_event(), Some(message("{}")));
        let rejected = parser.next_event().expect("an error");
        assert_eq!(error_code(&rejected).map(|(code, _)| code), Some(-32700));
    }

    #[test]
    fn an_oversized_body_is_skipped_without_buffering_it() {
        let mut parser = FrameParser::new();
        parser.push(format!("Content-Length: {}\r\n\r\n", MAX_BODY + 10).as_bytes());
        assert!(matches!(parser.next_event(), Some(FrameEvent::Error(_))));
        parser.push(&vec![b'x'; MAX_BODY + 10]);
        assert_eq!(parser.next_event(), None);
        assert!(parser.buf.len() <= HEADER_NAME.len());
        parser.push(&encode(PING));
        assert_eq!(parser.next_event(), Some(message(PING)));
    }

    #[test]
    fn invalid_utf8_in_a_body_is_repaired_and_forwarded() {
        let body = b"{\"jsonrpc\":\"2.0\",\"method\":\"n\",\"params\":\"a\xffb\"}";
        let mut stream = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        stream.extend_from_slice(body);
        let got = events(&stream);
        assert_eq!(
            got,
            vec![FrameEvent::Message {
                body: "{\"jsonrpc\":\"2.0\",\"method\":\"n\",\"params\":\"a\u{FFFD}b\"}"
                    .to_string(),
                repaired: true
            }]
        );
    }

    #[test]
    fn responses_from_the_client_are_valid_messages() {
        let body = r#"{"jsonrpc":"2.0","id":3,"result":null}"#;
        assert_eq!(events(&encode(body)), vec![message(body)]);
    }

    #[test]
    fn a_body_shorter_than_announced_waits_for_more_bytes() {
        assert_eq!(events(b"Content-Length: 40\r\n\r\n{\"jsonrpc\""), vec![]);
    }
}
