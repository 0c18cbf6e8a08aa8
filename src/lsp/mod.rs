//! The language server: protocol glue over the core (`crate::ide`, `crate::analysis`). Only
//! this module imports LSP crates.
//!
//! Data path: input bytes → `frame` (answers malformed frames; `lifted` takes the text out of
//! a large didOpen) → tower-lsp-server → `server` handlers → `output::merge_output` → output
//! bytes.

pub mod backend;
pub mod capabilities;
pub mod convert;
pub mod diagnostics;
pub mod documents;
pub mod first_parse;
pub mod frame;
pub mod guard;
pub mod handlers;
pub mod lifted;
pub mod liveness;
pub mod output;
pub mod pauses;
pub mod server;
pub mod settings;
pub mod source;
pub mod state;
pub mod unescape;

use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

/// Enables the test-only requests `geonotes/debugText`, `geonotes/debugPanic` and
/// `geonotes/debugSleep`.
pub const DEBUG_REQUESTS_ENV: &str = "GEONOTES_DEBUG_REQUESTS";

/// How many messages tower-lsp-server works on at once (its default is 4). Every request that
/// waits (for an analysis, for `geonotes.checkWorkspace`, for a slow client) holds one slot, and
/// a message past the last slot is not even started: with the default, four waiting requests
/// held back every edit and hover behind them until one finished. Edits still apply in arrival
/// order: the slots start messages in the order they arrive, and `didChange` mutates before
/// its first `.await`. A slot costs one small future; document analyses stay bounded because a
/// document is analyzed by one request at a time (`liveness::AnalysisGates`).
pub const MAX_CONCURRENT_MESSAGES: usize = 64;

#[derive(Clone, Copy, Debug, Default)]
pub struct ServerOptions {
    pub debug_requests: bool,
}

/// Serve one session over `input`/`output` until `exit`, the end of the input, or the death of
/// the editor's process. Returns the process exit code: 0 after `shutdown` then `exit`, else 1.
pub async fn serve<I, O>(input: I, output: O, options: ServerOptions) -> i32
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    serve_frames(input, output::AsyncOutput(output), options).await
}

/// `serve` with any frame output (the process's standard output has a writer thread).
pub async fn serve_frames<I, O>(input: I, output: O, options: ServerOptions) -> i32
where
    I: AsyncRead + Unpin + Send + 'static,
    O: output::FrameOutput,
{
    let (service, socket) =
        LspService::build(|client| backend::Backend::new(client, options.debug_requests))
            .custom_method("geonotes/debugText", backend::Backend::debug_text)
            .custom_method("geonotes/debugPanic", backend::Backend::debug_panic)
            .custom_method("geonotes/debugSleep", backend::Backend::debug_sleep)
            .finish();
    let state = service.inner().state.clone();
    // Room for a large note in one go: with 64 KiB, a 1 MiB didOpen took 16 task switches.
    let (to_server, server_input) = tokio::io::duplex(1 << 22);
    let (server_output, from_server) = tokio::io::duplex(1 << 22);
    let (errors_tx, errors_rx) = tokio::sync::mpsc::unbounded_channel();
    let _ = state.outbox.set(errors_tx.clone());
    let lifting = state.clone();
    let lift = Box::new(move |body: String| lifting.lifted.lift(body));
    let pump = tokio::spawn(frame::pump_input(input, to_server, errors_tx, lift));
    let merge = tokio::spawn(output::merge_output(from_server, errors_rx, output));
    let served = Server::new(server_input, server_output, socket)
        .concurrency_level(MAX_CONCURRENT_MESSAGES)
        .serve(service);
    tokio::select! {
        () = served => {}
        () = state.parent_died.notified() => {
            pump.abort();
            merge.abort();
            return 1;
        }
    }
    // The server's output closed with `served`; wait until the last frame is written.
    let _ = merge.await;
    pump.abort();
    if state.shutdown_requested.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

/// `geonotes lsp` / `geonotes --stdio`: serve over stdin/stdout; logs go to stderr.
pub fn run_lsp() -> ExitCode {
    // Its build takes longer than the rest of the start; the answer to `initialize` does not
    // need it (docs/benchmarks.md, session 19).
    crate::kb::KnowledgeBase::build_builtin_in_background();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("geonotes: cannot start the server runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let options = ServerOptions {
        debug_requests: std::env::var_os(DEBUG_REQUESTS_ENV).is_some_and(|v| v == "1"),
    };
    let (stdout, written) = match output::StdoutThread::start() {
        Ok(started) => started,
        Err(e) => {
            eprintln!("geonotes: cannot start the output thread: {e}");
            return ExitCode::from(2);
        }
    };
    output::widen_pipe(0);
    let code = runtime.block_on(serve_frames(tokio::io::stdin(), stdout, options));
    written.wait(Duration::from_secs(2));
    // Stdin's reader thread may be blocked in read(2); do not wait for it.
    runtime.shutdown_background();
    ExitCode::from(code as u8)
}
