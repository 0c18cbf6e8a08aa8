//! Smoke test of the built binary over stdio: initialize, shutdown, exit; exit code 0 and
//! nothing but protocol frames on stdout.

use geonotes::lsp::frame::{encode, FrameEvent, FrameParser};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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
        let mut child = Command::new(env!("CARGO_BIN_EXE_geonotes"))
            .args(args)
            .env("GEONOTES_LOG", "debug")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn geonotes");
        let mut stdin = child.stdin.take().expect("stdin");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut parser = FrameParser::trusted();
        let mut all = Vec::new();
        let mut send = |v: Value| {
            stdin
                .write_all(&encode(&v.to_string()))
                .expect("write stdin")
        };
        send(
            json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": std::process::id(), "capabilities": {}}}),
        );
        let init = read_message(&mut stdout, &mut parser, &mut all);
        assert_eq!(init["id"], 1);
        assert_eq!(init["result"]["serverInfo"]["name"], "geonotes");
        send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
        let shutdown = read_message(&mut stdout, &mut parser, &mut all);
        assert_eq!(shutdown, json!({"jsonrpc": "2.0", "id": 2, "result": null}));
        send(json!({"jsonrpc": "2.0", "method": "exit"}));
        // stdin stays open on purpose: the server must exit on `exit`, not on EOF.
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "server did not exit after `exit`"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
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
    let mut child = Command::new(env!("CARGO_BIN_EXE_geonotes"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn geonotes");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = child.stdout.take().expect("stdout");
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                      "params": {"processId": editor.id(), "capabilities": {}}});
    stdin
        .write_all(&encode(&init.to_string()))
        .expect("write stdin");
    let mut parser = FrameParser::trusted();
    let answer = read_message(&mut stdout, &mut parser, &mut Vec::new());
    assert_eq!(answer["id"], 1);
    editor.wait().expect("the editor exits (and is reaped)");
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "server still running 10 s after its editor died"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    // stdin is still open: the server left because of the dead process, not EOF.
    drop(stdin);
    assert_eq!(status.code(), Some(1));
}
