//! Diagnostics over the protocol: push on open and save (or debounced on change), pull for
//! clients that ask, `[]` on close, hostile `source:` paths, settings, the workspace command,
//! and re-checks when the article changes.

use crate::harness::{demo, find, start, UNICODE_NOTE};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[tokio::test]
async fn diagnostics_land_at_utf16_columns_and_follow_saves_and_close() {
    let ws = demo();
    let client = start(&ws, |_| {}).await;
    let uri = ws.uri("unicode.md");
    client.open(&uri, UNICODE_NOTE).await;
    let diagnostics = client.diagnostics(&uri, Some(1)).await;
    let bad: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["code"] == "bad-citation")
        .collect();
    assert_eq!(bad.len(), 1, "{diagnostics:#?}");
    let (line, col) = find(UNICODE_NOTE, "[¶99]");
    assert_eq!(
        bad[0]["range"],
        json!({"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 5}})
    );
    assert_eq!(bad[0]["source"], "geonotes");
    // Fix the citation; with the default trigger ("save") nothing is published until saved.
    let fixed_col = col + 2; // the "99" inside "[¶99]"
    client.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"range": {"start": {"line": line, "character": fixed_col}, "end": {"line": line, "character": fixed_col + 2}}, "text": "2"}]})).await;
    client
        .notify(
            "textDocument/didSave",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let after = client.diagnostics(&uri, Some(2)).await;
    assert!(
        after.iter().all(|d| d["code"] != "bad-citation"),
        "{after:#?}"
    );
    assert!(
        client
            .take_notifications("textDocument/publishDiagnostics")
            .is_empty(),
        "published only on open and save"
    );
    client
        .notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let closed = client
        .wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri.as_str()
        })
        .await;
    assert_eq!(closed["diagnostics"], json!([]));
    assert_eq!(client.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn trigger_change_publishes_debounced_diagnostics_for_the_latest_version_only() {
    let ws = demo();
    let client =
        start(
            &ws,
            |p| {
                p["initializationOptions"] =
                    json!({"diagnostics": {"trigger": "change", "debounceMs": 50}})
            },
        )
        .await;
    let uri = ws.uri("unicode.md");
    client.open(&uri, UNICODE_NOTE).await;
    client.diagnostics(&uri, Some(1)).await;
    for version in 2..=6 {
        client.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": format!("---\nsource: article.txt\n---\nSee [¶{}].\n", 90 + version)}]})).await;
    }
    let latest = client.diagnostics(&uri, Some(6)).await;
    assert!(
        latest[0]["message"].as_str().unwrap_or("").contains("¶96"),
        "{latest:#?}"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    let stale = client.take_notifications("textDocument/publishDiagnostics");
    assert!(
        stale.is_empty(),
        "no result for a stale version: {stale:#?}"
    );
    assert_eq!(client.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn pull_clients_get_diagnostics_on_request_and_no_push() {
    let ws = demo();
    let client = start(&ws, |p| {
        p["capabilities"]["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false})
    })
    .await;
    let uri = ws.uri("unicode.md");
    client.open(&uri, UNICODE_NOTE).await;
    let report = client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .await
        .expect("pull");
    assert_eq!(report["kind"], "full");
    assert!(
        report["items"]
            .as_array()
            .is_some_and(|i| i.iter().any(|d| d["code"] == "bad-citation")),
        "{report}"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(client
        .take_notifications("textDocument/publishDiagnostics")
        .is_empty());
    assert_eq!(client.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn hostile_source_paths_get_a_clear_diagnostic_on_the_source_line_within_a_second() {
    let ws = demo();
    let fifo = ws.root.join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()));
    std::os::unix::fs::symlink("/etc/passwd", ws.root.join("link.txt")).expect("symlink");
    let client = start(&ws, |_| {}).await;
    // (source, reason fragment)
    let cases = [
        ("../../../../../../etc/passwd", "outside the workspace"),
        ("link.txt", "outside the workspace"),
        ("pipe", "not a regular file"),
        ("/dev/zero", "outside the workspace"),
        ("missing.txt", "does not exist"),
    ];
    for (i, (source, reason)) in cases.iter().enumerate() {
        let uri = ws.uri(&format!("hostile{i}.md"));
        let text = format!("---\nsource: {source}\n---\nRussia.\n");
        let started = Instant::now();
        client.open(&uri, &text).await;
        let diagnostics = client.diagnostics(&uri, Some(1)).await;
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{source}: {:?}",
            started.elapsed()
        );
        assert_eq!(diagnostics.len(), 1, "{source}: {diagnostics:#?}");
        let d = &diagnostics[0];
        assert_eq!(
            (d["code"].as_str(), d["range"]["start"]["line"].as_u64()),
            (Some("source-unreadable"), Some(1))
        );
        let message = d["message"].as_str().unwrap_or("");
        assert!(
            message.contains(reason) && !message.contains("root:"),
            "{source}: {message}"
        );
    }
    assert_eq!(client.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn settings_from_workspace_configuration_silence_a_code() {
    let ws = demo();
    let client = start(&ws, |_| {}).await;
    let uri = ws.uri("unicode.md");
    client.open(&uri, UNICODE_NOTE).await;
    assert!(client
        .diagnostics(&uri, Some(1))
        .await
        .iter()
        .any(|d| d["code"] == "bad-citation"));
    client.set_configuration(json!({"diagnostics": {"severity": {"bad-citation": "off"}}}));
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": null}),
        )
        .await;
    let after = client.diagnostics(&uri, Some(1)).await;
    assert!(
        after.iter().all(|d| d["code"] != "bad-citation"),
        "{after:#?}"
    );
    assert_eq!(client.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn check_workspace_publishes_every_note_and_counts_findings() {
    let ws = demo();
    let client = start(&ws, |_| {}).await;
    let count = client
        .request(
            "workspace/executeCommand",
            json!({"command": "geonotes.checkWorkspace", "arguments": []}),
        )
        .await
        .expect("command");
    let unicode = client.diagnostics(&ws.uri("unicode.md"), None).await;
    let notes = client.diagnostics(&ws.uri("notes.md"), None).await;
    assert_eq!(count.as_u64(), Some((unicode.len() + notes.len()) as u64));
    assert!(unicode.iter().any(|d| d["code"] == "bad-citation"));
    assert_eq!(client.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn editing_the_open_article_rechecks_the_notes_that_use_it() {
    let ws = demo();
    let client = start(&ws, |_| {}).await;
    let uri = ws.uri("unicode.md");
    client.open(&uri, UNICODE_NOTE).await;
    assert!(client
        .diagnostics(&uri, Some(1))
        .await
        .iter()
        .any(|d| d["code"] == "bad-citation"));
    // An article of one paragraph: now [¶1] is fine and [¶99] still is not; add 98 more.
    let article = ws.uri("article.txt");
    let long: String = (1..=100)
        .map(|n| format!("Paragraph number {n} says something.\n\n"))
        .collect();
    client.notify("textDocument/didOpen", json!({"textDocument": {"uri": article, "languageId": "plaintext", "version": 1, "text": long}})).await;
    let after = client.diagnostics(&uri, Some(1)).await;
    assert!(
        after.iter().all(|d| d["code"] != "bad-citation"),
        "{after:#?}"
    );
    assert_eq!(client.shutdown_and_exit().await, 0);
}

const WRONG: &str = "Путин 👍 claimed 4,100 Chinese troops took part. 🇷🇺";

#[tokio::test]
async fn an_unsupported_figure_after_cyrillic_and_emoji_is_flagged_at_its_utf16_column_and_cleared_on_save(
) {
    let ws = demo();
    let notes = std::fs::read_to_string(ws.root.join("notes.md")).expect("notes");
    let text = format!("{notes}\n{WRONG}\n");
    let client = start(&ws, |_| {}).await;
    let uri = ws.uri("notes.md");
    client.open(&uri, &text).await;
    let diagnostics = client.diagnostics(&uri, Some(1)).await;
    let (line, col) = find(&text, "4,100");
    let on_line: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["range"]["start"]["line"] == line)
        .collect();
    assert_eq!(on_line.len(), 1, "{diagnostics:#?}");
    assert_eq!(on_line[0]["code"], "unsupported-figure");
    assert_eq!(on_line[0]["range"]["start"]["character"], col);
    assert!(
        diagnostics.len() > 1,
        "the demo notes' own findings are there too"
    );
    // The quick fix travels in `data` and replaces just the number.
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": on_line[0]["range"],
                   "context": {"diagnostics": [on_line[0]]}}),
        )
        .await
        .expect("code actions");
    let titles: Vec<&str> = actions
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["title"].as_str())
        .collect();
    assert!(titles.contains(&"Ignore this figure"), "{titles:?}");
    let fix = &actions[0]["edit"]["changes"][uri.as_str()][0];
    assert_eq!(fix["newText"], "3,200", "{actions:#}");
    assert_eq!(
        fix["range"]["start"],
        json!({"line": line, "character": col})
    );
    // Apply it as an edit, save: the diagnostic is gone, the others stay.
    client
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 2},
                   "contentChanges": [{"range": fix["range"], "text": "3,200"}]}),
        )
        .await;
    client
        .notify(
            "textDocument/didSave",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let after = client.diagnostics(&uri, Some(2)).await;
    assert!(
        after.iter().all(|d| d["range"]["start"]["line"] != line),
        "{after:#?}"
    );
    assert_eq!(after.len(), diagnostics.len() - 1);
    assert_eq!(client.shutdown_and_exit().await, 0);
}
