//! Document sync over the protocol: incremental edits with non-ASCII text in both encodings,
//! CRLF, and 500 changes interleaved with requests from several tasks.

use crate::harness::{init_params, Client};
use serde_json::{json, Value};
use std::sync::Arc;

fn change(uri: &str, version: i64, range: Option<[u32; 4]>, text: &str) -> Value {
    let change = match range {
        Some([l1, c1, l2, c2]) => {
            json!({"range": {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}, "text": text})
        }
        None => json!({"text": text}),
    };
    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
}

#[tokio::test]
async fn incremental_edits_count_columns_in_the_negotiated_encoding() {
    // (initial, range, new text, UTF-16 columns?, expected)
    let cases: [(&str, [u32; 4], &str, bool, &str); 8] = [
        (
            "Путин сказал\n",
            [0, 6, 0, 12],
            "said",
            true,
            "Путин said\n",
        ),
        (
            "Путин сказал\n",
            [0, 11, 0, 23],
            "said",
            false,
            "Путин said\n",
        ),
        (
            "北京 and 莫斯科\n",
            [0, 7, 0, 10],
            "Moscow",
            true,
            "北京 and Moscow\n",
        ),
        ("a 👍 b 😀 c\n", [0, 10, 0, 11], "C", true, "a 👍 b 😀 C\n"),
        ("a 👍 b 😀 c\n", [0, 14, 0, 15], "C", false, "a 👍 b 😀 C\n"),
        (
            "Mu\u{308}nchen x\n",
            [0, 9, 0, 10],
            "y",
            true,
            "Mu\u{308}nchen y\n",
        ),
        (
            "one\r\ntwo\r\nthree",
            [1, 0, 1, 3],
            "TWO",
            true,
            "one\r\nTWO\r\nthree",
        ),
        ("one\r\ntwo", [0, 3, 1, 0], " ", true, "one two"),
    ];
    for (initial, range, text, utf16, expected) in cases {
        let mut params = init_params(None);
        if !utf16 {
            params["capabilities"]["general"] = json!({"positionEncodings": ["utf-8"]});
        }
        let (client, _) = Client::start(params).await;
        let uri = "file:///tmp/edit.md";
        client.open(uri, initial).await;
        client
            .notify("textDocument/didChange", change(uri, 2, Some(range), text))
            .await;
        assert_eq!(
            client.server_text(uri).await,
            expected,
            "{initial:?} {range:?}"
        );
        assert_eq!(client.shutdown_and_exit().await, 0);
    }
}

#[tokio::test]
async fn positions_past_the_end_are_clamped_and_full_changes_replace() {
    let (client, _) = Client::start(init_params(None)).await;
    let uri = "file:///tmp/clamp.md";
    client.open(uri, "ab\ncd").await;
    client
        .notify(
            "textDocument/didChange",
            change(uri, 2, Some([0, 99, 0, 120]), "!"),
        )
        .await;
    client
        .notify(
            "textDocument/didChange",
            change(uri, 3, Some([40, 0, 50, 3]), "?"),
        )
        .await;
    assert_eq!(client.server_text(uri).await, "ab!\ncd?");
    client
        .notify("textDocument/didChange", change(uri, 9, None, "fresh"))
        .await;
    assert_eq!(client.server_text(uri).await, "fresh");
    assert_eq!(client.shutdown_and_exit().await, 0);
}

/// A deterministic edit script the client applies to its own copy too.
fn edit_for(step: usize, text: &str) -> ([u32; 4], String) {
    let lines: Vec<&str> = text.split('\n').collect();
    let line = (step * 7) % lines.len();
    let width: u32 = lines[line].chars().map(|c| c.len_utf16() as u32).sum();
    let inserts = ["Ж", "👍", "中", "x", "\n", "e\u{301}"];
    let insert = inserts[step % inserts.len()].to_string();
    if step % 5 == 4 && width >= 2 {
        // Delete the first char of the line (all lines start with an ASCII or BMP char here).
        let first = lines[line]
            .chars()
            .next()
            .map_or(0, |c| c.len_utf16() as u32);
        return ([line as u32, 0, line as u32, first], String::new());
    }
    ([line as u32, width, line as u32, width], insert)
}

fn apply_utf16(text: &str, [l1, c1, l2, c2]: [u32; 4], new: &str) -> String {
    let offset = |line: u32, col: u32| {
        let mut start = 0;
        for (i, l) in text.split('\n').enumerate() {
            if i as u32 == line {
                let mut units = 0;
                for (b, c) in l.char_indices() {
                    if units >= col {
                        return start + b;
                    }
                    units += c.len_utf16() as u32;
                }
                return start + l.len();
            }
            start += l.len() + 1;
        }
        text.len()
    };
    let (a, b) = (offset(l1, c1), offset(l2, c2));
    format!("{}{}{}", &text[..a], new, &text[b..])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn five_hundred_changes_interleaved_with_requests_end_with_the_clients_text() {
    let (client, _) = Client::start(init_params(None)).await;
    let uri = "file:///tmp/stress.md";
    let mut text = String::from("# Notes\nRussia and China\nS-400 [¶1]\n");
    client.open(uri, &text).await;
    // Requests from several tasks while the changes stream in.
    let mut requesters = Vec::new();
    for task in 0..4u32 {
        let client: Arc<Client> = client.clone();
        requesters.push(tokio::spawn(async move {
            let methods = ["textDocument/hover", "textDocument/definition", "textDocument/completion", "textDocument/documentSymbol"];
            for i in 0..40u32 {
                let method = methods[((task + i) % 4) as usize];
                let mut params = json!({"textDocument": {"uri": uri}, "position": {"line": i % 5, "character": (i * 3) % 11}});
                if method == "textDocument/documentSymbol" {
                    params = json!({"textDocument": {"uri": uri}});
                }
                let answer = client.request(method, params).await;
                assert!(answer.is_ok(), "{method}: {answer:?}");
            }
        }));
    }
    for step in 0..500 {
        let (range, insert) = edit_for(step, &text);
        text = apply_utf16(&text, range, &insert);
        client
            .notify(
                "textDocument/didChange",
                change(uri, step as i64 + 2, Some(range), &insert),
            )
            .await;
        if step % 50 == 0 {
            tokio::task::yield_now().await;
        }
    }
    for r in requesters {
        r.await.expect("requester task");
    }
    assert_eq!(client.server_text(uri).await, text);
    assert_eq!(client.shutdown_and_exit().await, 0);
}
