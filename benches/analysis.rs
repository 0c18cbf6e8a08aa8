//! Core benchmarks: article indexing and note analysis at 64 KiB, 1 MiB, 10 MiB and one 5 MB line.
//!
//! `GEONOTES_BENCH_SMOKE=1 cargo bench -- --test` runs each once at small sizes (CI does this).

#[path = "../tests/support/generate.rs"]
mod generate;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use geonotes::analysis::{analyze_note, NoteOptions, Source};
use geonotes::article::Article;
use geonotes::kb::KnowledgeBase;
use geonotes::model::PartialDate;
use std::hint::black_box;

const ARTICLE: &str = include_str!("../examples/vostok-2018/article.txt");

fn smoke() -> bool {
    std::env::var_os("GEONOTES_BENCH_SMOKE").is_some()
}

fn bench(c: &mut Criterion) {
    let kb = KnowledgeBase::builtin();
    let published = Some(PartialDate::day(2018, 9, 24));
    c.bench_function("article/index demo article", |b| {
        b.iter(|| Article::parse(black_box(ARTICLE.to_string()), &kb, published))
    });

    let article = Article::parse(ARTICLE.to_string(), &kb, published);
    let options = NoteOptions {
        published,
        ..NoteOptions::default()
    };
    let sizes: &[(&str, usize)] = if smoke() {
        &[("4KiB", 4 << 10)]
    } else {
        &[("64KiB", 64 << 10), ("1MiB", 1 << 20), ("10MiB", 10 << 20)]
    };
    let mut group = c.benchmark_group("analyze_note");
    group.sample_size(10);
    for (name, bytes) in sizes {
        let notes = generate::generate_notes(*bytes, 7);
        group.throughput(Throughput::Bytes(notes.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &notes, |b, notes| {
            b.iter(|| analyze_note(black_box(notes), Source::Loaded(&article), &kb, &options))
        });
    }
    let line = generate::generate_single_line(if smoke() { 4 << 10 } else { 5_000_000 }, 11);
    group.throughput(Throughput::Bytes(line.len() as u64));
    group.bench_function("single line 5MB", |b| {
        b.iter(|| analyze_note(black_box(&line), Source::Loaded(&article), &kb, &options))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
