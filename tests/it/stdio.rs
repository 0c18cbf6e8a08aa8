//! Smoke test of the built binary over stdio: initialize, shutdown, exit; exit code 0 and
//! nothing but protocol frames on stdout.

use geonotes::lsp::frame::{encode, FrameEvent, FrameParser};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The built binary started with `args` and `env`, its stdin and stdout taken.
fn spawn_server(args: &[&str], env: &[(&str, &str)]) -> (Child, ChildStdin, ChildStdout) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_geonotes"))
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn geonotes");
    let stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    (child, stdin, stdout)
}

fn send(stdin: &mut ChildStdin, message: Value) {
    stdin
        .write_all(&encode(&message.to_string()))
        .expect("write stdin")
}

/// The exit status, polled every 20 ms; fails with `why` after `limit`.
fn wait_for_exit(child: &mut Child, limit: Duration, why: &str) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        assert!(Instant::now() < deadline, "{why}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn read_message(stdout: &mut impl Read, parser: &mut FrameParser, all: &mut Vec<u8>) -> Value {
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(FrameEvent::Message { body, .. }) = parser.next_event() {
            return serde_json::from_str(&body).expect("JSON body");
        }
        let n = stdout.read(&mut chunk).expect("read stdout");
        assert!(
            n > 0,
            "stdout closed early; got {:?}",
            String::from_utf8_lossy(all)
        );
        all.extend_from_slice(&chunk[..n]);
        parser.push(&chunk[..n]);
    }
}

#[test]
fn stdio_session_exits_0_and_writes_only_frames() {
    for args in [&["lsp"][..], &["--stdio"][..]] {
        // Debug logging on: every log line must go to stderr, not stdout.
        let (mut child, mut stdin, mut stdout) = spawn_server(args, &[("GEONOTES_LOG", "debug")]);
        let mut parser = FrameParser::trusted();
        let mut all = Vec::new();
        send(
            &mut stdin,
            json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": std::process::id(), "capabilities": {}}}),
        );
        let init = read_message(&mut stdout, &mut parser, &mut all);
        assert_eq!(init["id"], 1);
        assert_eq!(init["result"]["serverInfo"]["name"], "geonotes");
        send(
            &mut stdin,
            json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        );
        send(
            &mut stdin,
            json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
        );
        let shutdown = read_message(&mut stdout, &mut parser, &mut all);
        assert_eq!(shutdown, json!({"jsonrpc": "2.0", "id": 2, "result": null}));
        send(&mut stdin, json!({"jsonrpc": "2.0", "method": "exit"}));
        // stdin stays open on purpose: the server must exit on `exit`, not on EOF.
        let status = wait_for_exit(
            &mut child,
            Duration::from_secs(10),
            "server did not exit after `exit`",
        );
        drop(stdin);
        assert_eq!(status.code(), Some(0), "{args:?}");
        stdout.read_to_end(&mut all).expect("rest of stdout");
        // Re-parse everything: only whole frames, nothing else.
        let mut check = FrameParser::trusted();
        check.push(&all);
        let frames: Vec<FrameEvent> = std::iter::from_fn(|| check.next_event()).collect();
        assert_eq!(frames.len(), 2, "{:?}", String::from_utf8_lossy(&all));
        let reframed: Vec<u8> = frames
            .iter()
            .flat_map(|f| match f {
                FrameEvent::Message { body, .. } => encode(body),
                FrameEvent::Error(_) => Vec::new(),
            })
            .collect();
        assert_eq!(reframed, all, "stdout holds only protocol frames");
    }
}

#[test]
fn the_server_exits_when_the_editor_process_dies() {
    let mut editor = Command::new("sleep").arg("1").spawn().expect("spawn sleep");
    let (mut child, mut stdin, mut stdout) = spawn_server(&["lsp"], &[]);
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                      "params": {"processId": editor.id(), "capabilities": {}}});
    send(&mut stdin, init);
    let mut parser = FrameParser::trusted();
    let answer = read_message(&mut stdout, &mut parser, &mut Vec::new());
    assert_eq!(answer["id"], 1);
    editor.wait().expect("the editor exits (and is reaped)");
    let status = wait_for_exit(
        &mut child,
        Duration::from_secs(10),
        "server still running 10 s after its editor died",
    );
    // stdin is still open: the server left because of the dead process, not EOF.
    drop(stdin);
    assert_eq!(status.code(), Some(1));
}

/// The built binary on its own runtime (two worker threads): five slow requests, one of them
/// cancelled, then an edit. The cancelled one answers `-32800`, the edit is visible at once,
/// and every request is answered exactly once.
#[test]
fn stdio_cancel_answers_32800_and_slow_requests_do_not_stall_an_edit() {
    let (mut child, mut stdin, mut stdout) =
        spawn_server(&["lsp"], &[(geonotes::lsp::DEBUG_REQUESTS_ENV, "1")]);
    let mut parser = FrameParser::trusted();
    let mut all = Vec::new();
    let mut send = |v: Value| send(&mut stdin, v);
    // Every response read so far, in arrival order.
    let mut answers: Vec<Value> = Vec::new();
    let mut read_until_answer = |id: i64, answers: &mut Vec<Value>| loop {
        let message = read_message(&mut stdout, &mut parser, &mut all);
        if message.get("method").is_none() {
            answers.push(message.clone());
            if message["id"] == id {
                return message;
            }
        }
    };
    send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": {"processId": std::process::id(), "capabilities": {}}}));
    read_until_answer(1, &mut answers);
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let sleeps = [10, 11, 12, 13, 14];
    for id in sleeps {
        send(
            json!({"jsonrpc": "2.0", "id": id, "method": "geonotes/debugSleep", "params": {"ms": 3000}}),
        );
    }
    send(json!({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 10}}));
    let uri = "file:///tmp/geonotes-stdio-liveness.md";
    send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
        {"uri": uri, "languageId": "markdown", "version": 1, "text": "before\n"}}}),
    );
    send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument":
        {"uri": uri, "version": 2}, "contentChanges": [{"text": "after\n"}]}}),
    );
    let started = Instant::now();
    send(
        json!({"jsonrpc": "2.0", "id": 20, "method": "geonotes/debugText", "params": {"uri": uri}}),
    );
    let text = read_until_answer(20, &mut answers);
    let waited = started.elapsed();
    assert_eq!(text["result"], "after\n");
    assert!(waited < Duration::from_secs(1), "debugText took {waited:?}");
    for id in sleeps {
        if !answers.iter().any(|a| a["id"] == id) {
            read_until_answer(id, &mut answers);
        }
    }
    send(json!({"jsonrpc": "2.0", "id": 30, "method": "shutdown"}));
    read_until_answer(30, &mut answers);
    send(json!({"jsonrpc": "2.0", "method": "exit"}));
    drop(stdin);
    assert_eq!(child.wait().expect("wait").code(), Some(0));
    // Whatever came after `shutdown` is in stdout's remainder: no late second answer.
    let mut rest = Vec::new();
    stdout.read_to_end(&mut rest).expect("rest of stdout");
    let mut tail = FrameParser::trusted();
    tail.push(&rest);
    while let Some(FrameEvent::Message { body, .. }) = tail.next_event() {
        let message: Value = serde_json::from_str(&body).expect("JSON body");
        if message.get("method").is_none() {
            answers.push(message);
        }
    }
    let answered = |id: i64| answers.iter().filter(|a| a["id"] == id).count();
    for id in [1, 10, 11, 12, 13, 14, 20, 30] {
        assert_eq!(answered(id), 1, "answers to {id}: {answers:#?}");
    }
    let cancelled = answers
        .iter()
        .find(|a| a["id"] == 10)
        .expect("answer to 10");
    assert_eq!(cancelled["error"]["code"], -32800, "{cancelled}");
    for id in [11, 12, 13, 14] {
        let answer = answers.iter().find(|a| a["id"] == id).expect("answer");
        assert_eq!(answer["result"], Value::Null, "{answer}");
    }
    println!("stdio: debugText answered in {waited:?} with 4 sleeps pending");
}

/// A large didOpen reaches the document whole though its text bypasses tower-lsp-server
/// (`lsp::lifted`, decoded in place): escapes, CRLF and non-ASCII survive, sent raw or as
/// `\uXXXX` escapes, a reopen gets its own text, and an empty document opened after it stays
/// empty.
#[test]
fn large_notes_opened_over_stdio_arrive_whole() {
    let (mut child, mut stdin, mut stdout) =
        spawn_server(&["lsp"], &[(geonotes::lsp::DEBUG_REQUESTS_ENV, "1")]);
    let mut parser = FrameParser::trusted();
    let mut all = Vec::new();
    let mut answer = |id: i64| loop {
        let message = read_message(&mut stdout, &mut parser, &mut all);
        if message["id"] == id && message.get("method").is_none() {
            return message;
        }
    };
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": {"processId": std::process::id(), "capabilities": {}}}),
    );
    answer(1);
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    let uri = "file:///tmp/geonotes-stdio-large.md";
    let first = "Russia sent \"3,200\" troops\\ in 2018 \u{1F600}.\r\n\tЖ\n".repeat(3000);
    let second = "China: 3,500 — ‘troops’.\n".repeat(4000);
    let open = |text: &str, uri: &str| {
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
            {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    };
    let text_of = |id: i64, uri: &str| json!({"jsonrpc": "2.0", "id": id, "method": "geonotes/debugText", "params": {"uri": uri}});
    assert!(first.len() > geonotes::lsp::lifted::LIFT_ABOVE);
    send(&mut stdin, open(&first, uri));
    send(&mut stdin, text_of(2, uri));
    assert_eq!(answer(2)["result"].as_str(), Some(&first[..]));
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "method": "textDocument/didClose",
                "params": {"textDocument": {"uri": uri}}}),
    );
    send(&mut stdin, open(&second, uri));
    send(&mut stdin, text_of(3, uri));
    assert_eq!(answer(3)["result"].as_str(), Some(&second[..]));
    // The first text again, every non-ASCII char (the emoji as a surrogate pair) escaped.
    let escaped = geonotes::lsp::unescape::ascii_escaped(&open(&first, uri).to_string());
    assert!(escaped.is_ascii() && escaped.contains("\\ud83d\\ude00"));
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "method": "textDocument/didClose",
                "params": {"textDocument": {"uri": uri}}}),
    );
    stdin.write_all(&encode(&escaped)).expect("write stdin");
    send(&mut stdin, text_of(6, uri));
    assert_eq!(answer(6)["result"].as_str(), Some(&first[..]));
    let empty = "file:///tmp/geonotes-stdio-empty.md";
    send(&mut stdin, open("", empty));
    send(&mut stdin, text_of(4, empty));
    assert_eq!(answer(4)["result"], "");
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 5, "method": "shutdown"}),
    );
    answer(5);
    send(&mut stdin, json!({"jsonrpc": "2.0", "method": "exit"}));
    drop(stdin);
    assert_eq!(child.wait().expect("wait").code(), Some(0));
}

/// The server widens both of its pipes (Linux), so a keystroke's megabyte of diagnostics
/// passes in a few writes. Checked from the editor's side of each pipe once the server has
/// answered `initialize` (its output thread is running by then).
#[cfg(target_os = "linux")]
#[test]
fn the_server_widens_its_pipes() {
    use std::os::fd::AsRawFd;
    let pipe_bytes = |fd: i32| unsafe { libc::fcntl(fd, libc::F_GETPIPE_SZ) };
    // What a pipe starts as, asked of a pipe of our own: the server's pipes may be widened
    // already by the time this thread looks at them (it did under a loaded test run).
    let mut fresh = [0i32; 2];
    assert_eq!(unsafe { libc::pipe(fresh.as_mut_ptr()) }, 0, "pipe()");
    let default = pipe_bytes(fresh[0]);
    unsafe {
        libc::close(fresh[0]);
        libc::close(fresh[1]);
    }
    assert!(
        default < 1 << 20,
        "a new pipe is narrower than 1 MiB: {default}"
    );
    let (mut child, mut stdin, mut stdout) = spawn_server(&["lsp"], &[]);
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    );
    let (mut parser, mut all) = (FrameParser::new(), Vec::new());
    let answer = read_message(&mut stdout, &mut parser, &mut all);
    assert_eq!(answer["id"], 1);
    // Both are widened unless the system caps pipes below 1 MiB.
    let cap: i32 = std::fs::read_to_string("/proc/sys/fs/pipe-max-size")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    if cap >= 1 << 20 {
        assert_eq!(pipe_bytes(stdout.as_raw_fd()), 1 << 20, "standard output");
        assert_eq!(pipe_bytes(stdin.as_raw_fd()), 1 << 20, "standard input");
    }
    drop(stdin);
    wait_for_exit(
        &mut child,
        Duration::from_secs(10),
        "exits when its input closes",
    );
}
