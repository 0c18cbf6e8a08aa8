//! An in-process LSP client for tests: the real server (framing adapter included) over a
//! `tokio::io::duplex` pipe. It frames messages, matches responses to ids, fails on a second
//! response to one id, answers the server's requests, and collects notifications.

use geonotes::lsp::frame::{encode, FrameEvent, FrameParser};
use geonotes::lsp::{serve, ServerOptions};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream, WriteHalf};
use tokio::sync::{oneshot, Notify};
use tokio::task::JoinHandle;

pub const TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Default)]
struct Inbox {
    pending: HashMap<i64, oneshot::Sender<Value>>,
    /// Responses to ids never sent, or sent and already answered.
    unexpected: Vec<Value>,
    notifications: Vec<Value>,
    /// Error responses with `"id": null` (answers to malformed frames).
    null_id_errors: Vec<Value>,
    /// What `workspace/configuration` answers.
    configuration: Value,
}

pub struct Client {
    writer: tokio::sync::Mutex<WriteHalf<DuplexStream>>,
    inbox: Arc<Mutex<Inbox>>,
    arrived: Arc<Notify>,
    next_id: AtomicI64,
    server: Mutex<Option<JoinHandle<i32>>>,
}

/// A client's `initialize` params: UTF-16 only, LocationLink support, push diagnostics.
pub fn init_params(root: Option<&Path>) -> Value {
    let folders = root
        .map(|r| json!([{"uri": uri(r), "name": "ws"}]))
        .unwrap_or(Value::Null);
    json!({
        "processId": null,
        "rootUri": root.map(uri),
        "workspaceFolders": folders,
        "capabilities": {
            "textDocument": {"definition": {"linkSupport": true},
                              "documentSymbol": {"hierarchicalDocumentSymbolSupport": true}},
            "workspace": {"configuration": true}
        },
        "clientInfo": {"name": "geonotes-tests", "version": "1"}
    })
}

pub fn uri(path: &Path) -> String {
    geonotes::workspace::path_to_uri(path)
}

impl Client {
    /// Start a server and initialize it; returns the client and the `initialize` result.
    pub async fn start(params: Value) -> (Arc<Client>, Value) {
        let client = Client::spawn();
        let result = client
            .request("initialize", params)
            .await
            .expect("initialize succeeds");
        client.notify("initialized", json!({})).await;
        (client, result)
    }

    /// A server and a client with nothing sent yet.
    pub fn spawn() -> Arc<Client> {
        let (client_end, server_end) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_end);
        let server = tokio::spawn(serve(
            server_read,
            server_write,
            ServerOptions {
                debug_requests: true,
            },
        ));
        let (mut reader, writer) = tokio::io::split(client_end);
        let client = Arc::new(Client {
            writer: tokio::sync::Mutex::new(writer),
            inbox: Arc::new(Mutex::new(Inbox {
                configuration: Value::Null,
                ..Inbox::default()
            })),
            arrived: Arc::new(Notify::new()),
            next_id: AtomicI64::new(1),
            server: Mutex::new(Some(server)),
        });
        let weak = Arc::downgrade(&client);
        let (inbox, arrived) = (client.inbox.clone(), client.arrived.clone());
        tokio::spawn(async move {
            let mut parser = FrameParser::trusted();
            let mut chunk = vec![0u8; 1 << 16];
            loop {
                let n = match reader.read(&mut chunk).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                parser.push(&chunk[..n]);
                while let Some(FrameEvent::Message { body, .. }) = parser.next_event() {
                    let message: Value = serde_json::from_str(&body).expect("server sends JSON");
                    let reply = route(&inbox, message);
                    if let (Some(reply), Some(client)) = (reply, weak.upgrade()) {
                        client.send(&reply).await;
                    }
                    arrived.notify_waiters();
                }
            }
            arrived.notify_waiters();
        });
        client
    }

    pub fn set_configuration(&self, value: Value) {
        self.inbox.lock().unwrap().configuration = value;
    }

    pub async fn send(&self, message: &Value) {
        self.send_raw(&encode(&message.to_string())).await;
    }

    pub async fn send_raw(&self, bytes: &[u8]) {
        let mut w = self.writer.lock().await;
        w.write_all(bytes).await.expect("server input open");
        w.flush().await.expect("flush");
    }

    pub async fn notify(&self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }

    /// Send a request and wait for its one response: `Ok(result)` or `Err(error object)`.
    pub async fn request(&self, method: &str, params: Value) -> Result<Value, Value> {
        let (id, rx) = self.send_request(method, params).await;
        Client::response(method, id, rx).await
    }

    /// Send a request without waiting: its id (for `$/cancelRequest`) and its pending response,
    /// to pass to [`Client::response`].
    pub async fn send_request(
        &self,
        method: &str,
        params: Value,
    ) -> (i64, oneshot::Receiver<Value>) {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let (tx, rx) = oneshot::channel();
        self.inbox.lock().unwrap().pending.insert(id, tx);
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        (id, rx)
    }

    /// Wait for the one response to request `id`: `Ok(result)` or `Err(error object)`.
    pub async fn response(
        method: &str,
        id: i64,
        rx: oneshot::Receiver<Value>,
    ) -> Result<Value, Value> {
        let response = tokio::time::timeout(TIMEOUT, rx)
            .await
            .unwrap_or_else(|_| panic!("no response to {method} (id {id}) within {TIMEOUT:?}"))
            .expect("reader alive");
        match response.get("error") {
            Some(error) => Err(error.clone()),
            None => Ok(response.get("result").cloned().unwrap_or(Value::Null)),
        }
    }

    /// Wait for a notification `method` whose params satisfy `pred`; it is removed from the inbox.
    pub async fn wait_notification(&self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            let arrived = self.arrived.notified();
            {
                let mut inbox = self.inbox.lock().unwrap();
                if let Some(i) = inbox
                    .notifications
                    .iter()
                    .position(|n| n["method"] == method && pred(&n["params"]))
                {
                    return inbox.notifications.remove(i)["params"].clone();
                }
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                let seen: Vec<Value> = self.inbox.lock().unwrap().notifications.clone();
                panic!("no {method} notification matched within {TIMEOUT:?}; got {seen:#?}");
            }
        }
    }

    /// The latest diagnostics published for `uri` with `version` (waits for them).
    pub async fn diagnostics(&self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let params = self
            .wait_notification("textDocument/publishDiagnostics", |p| {
                p["uri"] == uri && version.is_none_or(|v| p["version"] == v)
            })
            .await;
        params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Wait for the next error answered with `"id": null`.
    pub async fn null_id_error(&self) -> Value {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            let arrived = self.arrived.notified();
            {
                let mut inbox = self.inbox.lock().unwrap();
                if !inbox.null_id_errors.is_empty() {
                    return inbox.null_id_errors.remove(0);
                }
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                panic!("no error response with a null id within {TIMEOUT:?}");
            }
        }
    }

    pub fn take_notifications(&self, method: &str) -> Vec<Value> {
        let mut inbox = self.inbox.lock().unwrap();
        let (taken, kept) = std::mem::take(&mut inbox.notifications)
            .into_iter()
            .partition(|n| n["method"] == method);
        inbox.notifications = kept;
        taken
    }

    pub async fn open(&self, uri: &str, text: &str) {
        self.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})).await;
    }

    pub async fn server_text(&self, uri: &str) -> Value {
        self.request("geonotes/debugText", json!({"uri": uri}))
            .await
            .expect("debugText")
    }

    /// `shutdown` then `exit`: the server's exit code. Also checks no response was unexpected.
    pub async fn shutdown_and_exit(&self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null).await, Ok(Value::Null));
        self.exit().await
    }

    pub async fn exit(&self) -> i32 {
        self.notify("exit", Value::Null).await;
        let server = self.server.lock().unwrap().take().expect("server running");
        let code = tokio::time::timeout(TIMEOUT, server)
            .await
            .expect("server exits")
            .expect("server task");
        self.assert_no_unexpected_responses();
        code
    }

    pub fn assert_no_unexpected_responses(&self) {
        let inbox = self.inbox.lock().unwrap();
        assert!(
            inbox.unexpected.is_empty(),
            "unexpected responses: {:#?}",
            inbox.unexpected
        );
    }
}

/// File a message from the server; returns the reply to a server request.
fn route(inbox: &Mutex<Inbox>, message: Value) -> Option<Value> {
    let mut inbox = inbox.lock().unwrap();
    let id = message.get("id").cloned();
    match (message.get("method").and_then(Value::as_str), id) {
        (Some("workspace/configuration"), Some(id)) => {
            let items = message["params"]["items"].as_array().map_or(1, Vec::len);
            Some(
                json!({"jsonrpc": "2.0", "id": id, "result": vec![inbox.configuration.clone(); items]}),
            )
        }
        (Some(_), Some(id)) => Some(json!({"jsonrpc": "2.0", "id": id, "result": null})),
        (Some(_), None) => {
            inbox.notifications.push(message);
            None
        }
        (None, Some(Value::Null)) => {
            inbox.null_id_errors.push(message["error"].clone());
            None
        }
        (None, Some(id)) => {
            let key = id.as_i64();
            match key.and_then(|k| inbox.pending.remove(&k)) {
                Some(tx) => {
                    let _ = tx.send(message);
                }
                None => inbox.unexpected.push(message),
            }
            None
        }
        (None, None) => {
            inbox.unexpected.push(message);
            None
        }
    }
}

/// A temporary workspace directory, removed on drop.
pub struct Workspace {
    pub root: PathBuf,
}

impl Workspace {
    pub fn new(name: &str) -> Workspace {
        static COUNTER: AtomicI64 = AtomicI64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let root =
            std::env::temp_dir().join(format!("geonotes-it-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("create workspace");
        let root = std::fs::canonicalize(&root).expect("canonical workspace");
        Workspace { root }
    }

    pub fn write(&self, rel: &str, text: &str) -> String {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("create dir");
        }
        std::fs::write(&path, text).expect("write file");
        uri(&path)
    }

    pub fn uri(&self, rel: &str) -> String {
        uri(&self.root.join(rel))
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

// The demo workspace and helpers shared by the feature tests.

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/vostok-2018");

/// The demo workspace plus a note with Cyrillic, emoji and CRLF lines.
pub fn demo() -> Workspace {
    let ws = Workspace::new("features");
    for name in ["article.txt", "notes.md"] {
        let text = std::fs::read_to_string(format!("{DEMO}/{name}")).expect("demo file");
        ws.write(name, &text);
    }
    ws.write("unicode.md", UNICODE_NOTE);
    ws
}

pub const UNICODE_NOTE: &str = "---\r\nsource: article.txt\r\n---\r\nПутин 👍 and Xi met [¶99], 北京 [¶1].\r\nThe S-400 again.\r\n";

pub async fn start(ws: &Workspace, tweak: impl FnOnce(&mut Value)) -> Arc<Client> {
    let mut params = init_params(Some(&ws.root));
    tweak(&mut params);
    Client::start(params).await.0
}

pub fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

/// Zero-based line and UTF-16 column of the first `needle` in `text`.
pub fn find(text: &str, needle: &str) -> (u32, u32) {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not found"));
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].encode_utf16().count() as u32)
}

pub async fn open_file(client: &Client, ws: &Workspace, name: &str) -> (String, String) {
    let text = std::fs::read_to_string(ws.root.join(name)).expect("note");
    let uri = ws.uri(name);
    client.open(&uri, &text).await;
    (uri, text)
}
