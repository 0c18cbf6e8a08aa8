//! The protocol session: initialize capabilities, encoding negotiation, sync kind, exit codes,
//! malformed frames and contained panics.

use crate::harness::{init_params, Client};
use serde_json::{json, Value};

#[tokio::test]
async fn negotiates_utf8_when_offered_else_utf16() {
    // (offered encodings, expected)
    let cases = [
        (json!(["utf-8", "utf-16"]), "utf-8"),
        (json!(["utf-32", "utf-16"]), "utf-16"),
        (Value::Null, "utf-16"),
    ];
    for (offered, expected) in cases {
        let mut params = init_params(None);
        params["capabilities"]["general"] = json!({"positionEncodings": offered});
        let (client, result) = Client::start(params).await;
        assert_eq!(
            result["capabilities"]["positionEncoding"], expected,
            "{offered}"
        );
        assert_eq!(client.shutdown_and_exit().await, 0);
    }
}

#[tokio::test]
async fn full_sync_for_neovim_before_0_10_and_incremental_otherwise() {
    // (client name, version, expected TextDocumentSyncKind: 1 full, 2 incremental)
    let cases = [
        ("Neovim", "0.7.2", 1),
        ("Neovim", "0.10.1", 2),
        ("Visual Studio Code", "1.90.0", 2),
    ];
    for (name, version, expected) in cases {
        let mut params = init_params(None);
        params["clientInfo"] = json!({"name": name, "version": version});
        let (client, result) = Client::start(params).await;
        let caps = &result["capabilities"];
        assert_eq!(
            caps["textDocumentSync"]["change"], expected,
            "{name} {version}"
        );
        assert_eq!(caps["hoverProvider"], true);
        assert_eq!(caps["definitionProvider"], true);
        assert_eq!(
            caps["executeCommandProvider"]["commands"],
            json!(["geonotes.checkWorkspace"])
        );
        assert_eq!(
            caps["semanticTokensProvider"]["legend"]["tokenTypes"],
            json!(["actor", "treaty", "weapon", "event", "figure", "date"])
        );
        // No pull diagnostics unless the client declares support.
        assert_eq!(caps.get("diagnosticProvider"), None);
        assert_eq!(client.shutdown_and_exit().await, 0);
    }
}

#[tokio::test]
async fn exit_without_shutdown_exits_with_1() {
    let (client, _) = Client::start(init_params(None)).await;
    assert_eq!(client.exit().await, 1);
}

#[tokio::test]
async fn malformed_frames_are_answered_and_the_session_goes_on() {
    let (client, _) = Client::start(init_params(None)).await;
    // (raw bytes, expected error code)
    let cases: [(&[u8], i64); 5] = [
        (b"Content-Length: 9\r\n\r\n{not json", -32700),
        (b"Content-Length: 13\r\n\r\n{\"hello\": 1}\n", -32600),
        (b"Content-Lenght: 2\r\n\r\n{}", -32700),
        (b"Content-Length: 123456789012\r\n\r\n", -32700),
        (b"Content-Length: 5\r\n\r\n\xff\xfe\xfd\xfc\xfb", -32700),
    ];
    for (bytes, code) in cases {
        client.send_raw(bytes).await;
        let error = client.null_id_error().await;
        assert_eq!(
            error["code"],
            code,
            "{:?}: {error}",
            String::from_utf8_lossy(bytes)
        );
        // The session still answers a real request afterwards.
        let hover = client
            .request("textDocument/hover", json!({"textDocument": {"uri": "file:///nowhere.md"}, "position": {"line": 0, "character": 0}}))
            .await;
        assert_eq!(
            hover,
            Ok(Value::Null),
            "after {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
    assert_eq!(client.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn a_panicking_handler_answers_internal_error_and_the_server_keeps_serving() {
    let (client, _) = Client::start(init_params(None)).await;
    let err = client
        .request("geonotes/debugPanic", Value::Null)
        .await
        .unwrap_err();
    assert_eq!(err["code"], -32603);
    assert!(
        err["message"]
            .as_str()
            .unwrap_or("")
            .contains("injected panic"),
        "{err}"
    );
    client.open("file:///x.md", "still here").await;
    assert_eq!(client.server_text("file:///x.md").await, "still here");
    assert_eq!(client.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn bad_params_get_an_error_and_unknown_documents_get_null() {
    let (client, _) = Client::start(init_params(None)).await;
    let err = client
        .request("textDocument/hover", json!({"position": "nowhere"}))
        .await
        .unwrap_err();
    assert_eq!(err["code"], -32602);
    for method in [
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/completion",
    ] {
        let params = json!({"textDocument": {"uri": "file:///not/open.md"}, "position": {"line": 3, "character": 1}});
        assert_eq!(
            client.request(method, params).await,
            Ok(Value::Null),
            "{method}"
        );
    }
    assert_eq!(client.shutdown_and_exit().await, 0);
}
