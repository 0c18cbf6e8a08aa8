//! Liveness under slow requests: `$/cancelRequest` gets exactly one `-32800` answer, and slow
//! requests in flight (more than tower-lsp-server's default of four) hold back neither edits
//! nor quick requests. The slow request is the test-only `geonotes/debugSleep`.

use crate::harness::{at, init_params, Client};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const REQUEST_CANCELLED: i64 = -32800;

/// Open `uri` with text that has no entity, then a full-text change that names one.
const BEFORE: &str = "Nothing to see here.\n";
const AFTER: &str = "Russia and China\n";

fn full_change(uri: &str, version: i64, text: &str) -> Value {
    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]})
}

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

/// With `slow` sleeps pending, a change then `debugText` and `hover` are answered with the new
/// text long before the sleeps end. Returns the two round trips.
async fn edits_and_hovers_while_slow_requests_pend(slow: usize) -> (Duration, Duration) {
    const SLOW_MS: u64 = 3000;
    let (client, _) = Client::start(init_params(None)).await;
    let uri = format!("file:///tmp/liveness-{slow}.md");
    client.open(&uri, BEFORE).await;
    let mut sleeps = Vec::new();
    for _ in 0..slow {
        sleeps.push(
            client
                .send_request("geonotes/debugSleep", json!({"ms": SLOW_MS}))
                .await,
        );
    }
    client
        .notify("textDocument/didChange", full_change(&uri, 2, AFTER))
        .await;

    let started = Instant::now();
    assert_eq!(client.server_text(&uri).await, AFTER, "{slow} pending");
    let text_round_trip = started.elapsed();
    let started = Instant::now();
    let hover = client
        .request("textDocument/hover", at(&uri, 0, 1))
        .await
        .expect("hover");
    let hover_round_trip = started.elapsed();
    assert!(
        hover_text(&hover).contains("Russia"),
        "{slow} pending: {hover}"
    );

    let limit = Duration::from_millis(SLOW_MS / 3);
    assert!(
        text_round_trip < limit && hover_round_trip < limit,
        "{slow} pending: debugText {text_round_trip:?}, hover {hover_round_trip:?}"
    );
    // Every sleep is still pending: the answers above did not wait for a free slot.
    for (id, rx) in &mut sleeps {
        assert!(rx.try_recv().is_err(), "sleep {id} already answered");
    }
    for (id, rx) in sleeps {
        assert_eq!(
            Client::response("geonotes/debugSleep", id, rx).await,
            Ok(Value::Null)
        );
    }
    assert_eq!(client.shutdown_and_exit().await, 0);
    (text_round_trip, hover_round_trip)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_or_more_slow_requests_do_not_stall_edits_or_hovers() {
    // Both sessions run at once, so the test takes one sleep, not two.
    let cases = [4usize, 16];
    let runs: Vec<_> = cases
        .iter()
        .map(|&slow| tokio::spawn(edits_and_hovers_while_slow_requests_pend(slow)))
        .collect();
    for (slow, run) in cases.iter().zip(runs) {
        let (text, hover) = run.await.expect("session task");
        println!("{slow} slow requests pending: debugText {text:?}, hover {hover:?}");
    }
}
