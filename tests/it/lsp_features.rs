//! Editor features over the protocol, on a copy of the demo workspace: hover, definition,
//! diagnostics (push on open/save/change, pull, close), references, symbols, completion,
//! semantic tokens, links, code actions, settings and the workspace command.

use crate::harness::{init_params, Client, Workspace};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/vostok-2018");

/// The demo workspace plus a note with Cyrillic, emoji and CRLF lines.
fn demo() -> Workspace {
    let ws = Workspace::new("features");
    for name in ["article.txt", "notes.md"] {
        let text = std::fs::read_to_string(format!("{DEMO}/{name}")).expect("demo file");
        ws.write(name, &text);
    }
    ws.write("unicode.md", UNICODE_NOTE);
    ws
}

const UNICODE_NOTE: &str = "---\r\nsource: article.txt\r\n---\r\nПутин 👍 and Xi met [¶99], 北京 [¶1].\r\nThe S-400 again.\r\n";

async fn start(ws: &Workspace, tweak: impl FnOnce(&mut Value)) -> Arc<Client> {
    let mut params = init_params(Some(&ws.root));
    tweak(&mut params);
    Client::start(params).await.0
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

/// Zero-based line and UTF-16 column of the first `needle` in `text`.
fn find(text: &str, needle: &str) -> (u32, u32) {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not found"));
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].encode_utf16().count() as u32)
}

async fn open_file(client: &Client, ws: &Workspace, name: &str) -> (String, String) {
    let text = std::fs::read_to_string(ws.root.join(name)).expect("note");
    let uri = ws.uri(name);
    client.open(&uri, &text).await;
    (uri, text)
}

#[tokio::test]
async fn hover_on_s400_names_the_weapon_and_its_paragraph() {
    let ws = demo();
    let client = start(&ws, |_| {}).await;
    let (uri, text) = open_file(&client, &ws, "notes.md").await;
    let (line, col) = find(&text, "S-400");
    let hover = client
        .request("textDocument/hover", at(&uri, line, col + 2))
        .await
        .expect("hover");
    let value = hover["contents"]["value"].as_str().expect("markdown");
    assert!(
        value.contains("**S-400**") && value.contains("weapon") && value.contains("¶15"),
        "{value}"
    );
    assert_eq!(
        hover["range"],
        json!({"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 5}})
    );
    let citation = find(&text, "[¶15]");
    let hover = client
        .request("textDocument/hover", at(&uri, citation.0, citation.1 + 1))
        .await
        .expect("hover");
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .starts_with("**¶15**"),
        "{hover}"
    );
    assert_eq!(client.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn definition_on_s400_lands_on_paragraph_15_of_the_article() {
    let ws = demo();
    let client = start(&ws, |_| {}).await;
    let (uri, text) = open_file(&client, &ws, "notes.md").await;
    let (line, col) = find(&text, "S-400");
    let links = client
        .request("textDocument/definition", at(&uri, line, col))
        .await
        .expect("definition");
    let first = &links[0];
    assert_eq!(first["targetUri"], ws.uri("article.txt"));
    assert_eq!(
        first["originSelectionRange"]["start"],
        json!({"line": line, "character": col})
    );
    // ¶15 spans lines 145-154 of article.txt (1-based); the selection is the first "S-400".
    assert_eq!(
        (
            first["targetRange"]["start"]["line"].as_u64(),
            first["targetRange"]["end"]["line"].as_u64()
        ),
        (Some(144), Some(153))
    );
    assert_eq!(first["targetSelectionRange"]["start"]["line"], 146);
    // Without link support: plain locations.
    let plain = start(&ws, |p| {
        p["capabilities"]["textDocument"]["definition"]["linkSupport"] = json!(false)
    })
    .await;
    plain.open(&uri, &text).await;
    let locations = plain
        .request("textDocument/definition", at(&uri, line, col))
        .await
        .expect("definition");
    assert_eq!(locations[0]["uri"], ws.uri("article.txt"));
    assert_eq!(locations[0]["range"]["start"]["line"], 146);
    assert_eq!(client.shutdown_and_exit().await, 0);
    assert_eq!(plain.shutdown_and_exit().await, 0);
}

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
async fn references_symbols_completion_tokens_and_links() {
    let ws = demo();
    let client = start(&ws, |_| {}).await;
    let (uri, text) = open_file(&client, &ws, "notes.md").await;
    let article = ws.uri("article.txt");
    let (line, col) = find(&text, "S-400");

    let refs = client.request("textDocument/references", json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": col}, "context": {"includeDeclaration": true}})).await.expect("references");
    let refs = refs.as_array().cloned().unwrap_or_default();
    assert_eq!(
        refs.iter().filter(|r| r["uri"] == uri.as_str()).count(),
        1,
        "{refs:#?}"
    );
    assert_eq!(
        refs.iter().filter(|r| r["uri"] == article.as_str()).count(),
        2,
        "{refs:#?}"
    );

    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .await
        .expect("symbols");
    let names: Vec<&str> = symbols
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(
        names.contains(&"The exercise") && names.contains(&"S-400"),
        "{names:?}"
    );

    let found = client
        .request("workspace/symbol", json!({"query": "S-400"}))
        .await
        .expect("workspace symbols");
    assert_eq!(found[0]["name"], "S-400");
    assert_eq!(found[0]["location"]["uri"], article);

    let cite = find(&text, "[¶15]");
    let items = client
        .request("textDocument/completion", at(&uri, cite.0, cite.1 + 2))
        .await
        .expect("completion");
    let labels: Vec<&str> = items
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert!(
        labels.contains(&"¶1") && labels.contains(&"¶15"),
        "{labels:?}"
    );

    let tokens = client
        .request(
            "textDocument/semanticTokens/full",
            json!({"textDocument": {"uri": uri}}),
        )
        .await
        .expect("tokens");
    let data: Vec<u64> = tokens["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_u64)
        .collect();
    assert!(data.len() >= 5 && data.len() % 5 == 0);
    assert!(
        data.chunks(5).all(|t| t[2] > 0 && t[3] < 6),
        "lengths positive, types in the legend"
    );

    let links = client
        .request(
            "textDocument/documentLink",
            json!({"textDocument": {"uri": uri}}),
        )
        .await
        .expect("links");
    let targets: Vec<&str> = links
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l["target"].as_str())
        .collect();
    assert_eq!(targets[0], article, "the source: path links to the article");
    assert!(
        targets.contains(&format!("{article}#L145").as_str()),
        "[¶15] links to line 145: {targets:?}"
    );
    assert_eq!(client.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn a_quick_fix_travels_in_the_diagnostic_data() {
    let ws = demo();
    let client = start(&ws, |_| {}).await;
    let (uri, _) = open_file(&client, &ws, "notes.md").await;
    let range = json!({"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 5}});
    let diagnostic = json!({"range": range, "message": "m", "code": "unsupported-figure",
        "data": {"title": "Replace with 3,200", "range": range, "replacement": "3,200"}});
    let actions = client.request("textDocument/codeAction", json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": [diagnostic]}})).await.expect("actions");
    assert_eq!(actions[0]["title"], "Replace with 3,200");
    assert_eq!(
        actions[0]["edit"]["changes"][uri.as_str()][0]["newText"],
        "3,200"
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_round_trip_latency() {
    let ws = demo();
    let client = start(&ws, |_| {}).await;
    let (uri, text) = open_file(&client, &ws, "notes.md").await;
    let (line, col) = find(&text, "S-400");
    client
        .request("textDocument/hover", at(&uri, line, col))
        .await
        .expect("warm-up");
    let mut times = Vec::with_capacity(1000);
    for _ in 0..1000 {
        let started = Instant::now();
        let hover = client
            .request("textDocument/hover", at(&uri, line, col))
            .await
            .expect("hover");
        times.push(started.elapsed());
        assert!(!hover.is_null());
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "hover round trip over 1000 requests: median {median:?}, p95 {:?}, max {:?}",
        times[950], times[999]
    );
    // Generous for an unoptimized build on a shared machine; the release figure is in the report.
    assert!(median < Duration::from_millis(20), "median {median:?}");
    assert_eq!(client.shutdown_and_exit().await, 0);
}
