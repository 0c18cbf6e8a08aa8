//! Liveness under slow requests: `$/cancelRequest` gets exactly one `-32800` answer, and slow
//! requests in flight (more than tower-lsp-server's default of four) hold back neither edits
//! nor quick requests. The slow request is the test-only `geonotes/debugSleep`.

use crate::harness::{at, init_params, Client};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const REQUEST_CANCELLED: i64 = -32800;

/// A text whose first word has a hover.
const AFTER: &str = "Russia and China\n";

fn hover_text(hover: &Value) -> &str {
    hover["contents"]["value"].as_str().unwrap_or("")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_request_answers_request_cancelled_once_and_the_session_goes_on() {
    let (client, _) = Client::start(init_params(None)).await;
    let sleep_ms = 1000;
    let (id, rx) = client
        .send_request("geonotes/debugSleep", json!({"ms": sleep_ms}))
        .await;
    let started = Instant::now();
    client.notify("$/cancelRequest", json!({"id": id})).await;
    let answer = Client::response("geonotes/debugSleep", id, rx).await;
    let waited = started.elapsed();
    let error = answer.expect_err("a cancelled request answers an error");
    assert_eq!(error["code"], REQUEST_CANCELLED, "{error}");
    assert!(
        waited < Duration::from_millis(sleep_ms / 2),
        "the cancellation took {waited:?}"
    );
    // Cancelling again (the request is already answered) must not answer anything either.
    client.notify("$/cancelRequest", json!({"id": id})).await;
    // Past the time the handler would have finished: a second response would be here by now.
    tokio::time::sleep(Duration::from_millis(sleep_ms + 300)).await;
    client.assert_no_unexpected_responses();

    let uri = "file:///tmp/after-cancel.md";
    client.open(uri, AFTER).await;
    let hover = client
        .request("textDocument/hover", at(uri, 0, 1))
        .await
        .expect("hover after a cancellation");
    assert!(hover_text(&hover).contains("Russia"), "{hover}");
    assert_eq!(client.shutdown_and_exit().await, 0);
}
