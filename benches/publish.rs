//! Publishing a note's diagnostics: the `publishDiagnostics` frame serialized straight from the
//! findings (`diagnostics::publish_frame`) against the `Diagnostic` structs it replaced, for the
//! 1 MiB note of the didOpen budget in both position encodings.
//!
//! `GEONOTES_BENCH_SMOKE=1 cargo bench --bench publish -- --test` runs each once at a small size.

#[path = "../tests/support/generate.rs"]
mod generate;

use criterion::{criterion_group, criterion_main, Criterion};
use geonotes::lsp::diagnostics::publish_frame;
use geonotes::lsp::frame::notification_frame;
use geonotes::lsp::handlers;
use geonotes::lsp::state::State;
use geonotes::position::Encoding;
use std::hint::black_box;
use tower_lsp_server::ls_types::{PublishDiagnosticsParams, Uri};

const ARTICLE: &str = include_str!("../examples/vostok-2018/article.txt");

fn bench(c: &mut Criterion) {
    let smoke = std::env::var_os("GEONOTES_BENCH_SMOKE").is_some();
    let (label, bytes) = if smoke {
        ("16KiB", 16 << 10)
    } else {
        ("1MiB", 1 << 20)
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("article.txt"), ARTICLE).expect("the article written");
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let note = generate::generate_notes(bytes, 7);
    let mut group = c.benchmark_group("publish");
    for (name, encoding) in [("utf-8", Encoding::Utf8), ("utf-16", Encoding::Utf16)] {
        let state = State::new(false);
        if let Ok(mut session) = state.session.write() {
            session.encoding = encoding;
            session.folders = vec![dir.path().to_path_buf()];
        }
        let uri = Uri::from_file_path(dir.path().join("notes.md")).expect("a file URI");
        if let Ok(mut docs) = state.docs.lock() {
            docs.open(uri.as_str(), note.clone(), 1, "markdown");
        }
        let snap = runtime
            .block_on(state.snapshot(&uri))
            .expect("the note analyzed");
        let (kb, session) = (state.kb(), state.session());
        let count = handlers::diagnostics(&snap, &kb, &session).len();
        eprintln!("publish: {label} note, {count} diagnostics");
        group.bench_function(format!("wire frame {label} {name}"), |b| {
            b.iter(|| publish_frame(black_box(&uri), Some(1), &snap, &kb, &session))
        });
        group.bench_function(format!("Diagnostic structs {label} {name}"), |b| {
            b.iter(|| {
                let items = handlers::diagnostics(black_box(&snap), &kb, &session);
                let params = PublishDiagnosticsParams::new(uri.clone(), items, Some(1));
                notification_frame("textDocument/publishDiagnostics", &params, 0)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
