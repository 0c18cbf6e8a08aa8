//! Times the stages of one note analysis: `cargo run --release --example phases -- [BYTES]`.
//!
//! A profiling aid for issue 7: it separates the whole-document steps (which run on every
//! edit) from the per-block recognition and checking (which the block cache skips).

#[path = "../tests/support/generate.rs"]
mod generate;

use geonotes::analysis::{analyze_note, analyze_note_cached, AnalysisCache, NoteOptions, Source};
use geonotes::article::Article;
use geonotes::kb::KnowledgeBase;
use geonotes::model::PartialDate;
use geonotes::notes::{frontmatter::FrontMatter, markdown};
use geonotes::position::LineIndex;
use std::sync::Arc;
use std::time::{Duration, Instant};

const ARTICLE: &str = include_str!("vostok-2018/article.txt");

fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..9)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let bytes = std::env::args()
        .nth(1)
        .and_then(|b| b.parse().ok())
        .unwrap_or(1 << 20);
    // GEONOTES_PHASES_NOTE times a note of your own instead of a generated one.
    let notes: Arc<str> = match std::env::var_os("GEONOTES_PHASES_NOTE") {
        Some(path) => std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.to_string_lossy()))
            .into(),
        None => generate::generate_notes(bytes, 7).into(),
    };
    let kb = KnowledgeBase::builtin();
    let published = Some(PartialDate::day(2018, 9, 24));
    let article = Article::parse(ARTICLE.to_string(), &kb, published);
    let options = NoteOptions {
        published,
        ..NoteOptions::default()
    };
    let source = Source::Loaded(&article);
    let report = |name: &str, d: Duration| println!("{name:<34} {:>9.2} ms", d.as_secs_f64() * 1e3);
    println!(
        "notes: {} bytes, {} lines",
        notes.len(),
        notes.lines().count()
    );
    if std::env::var_os("GEONOTES_PHASES_CACHED_ONLY").is_some() {
        // For profiling the edit path alone: analyze once, then repeat with every block cached.
        let mut cache = AnalysisCache::default();
        analyze_note_cached(&notes, source, &kb, &options, &mut cache);
        let d = median(|| {
            drop(analyze_note_cached(
                &notes, source, &kb, &options, &mut cache,
            ))
        });
        report("analyze_note_cached (all cached)", d);
        for _ in 0..200 {
            drop(analyze_note_cached(
                &notes, source, &kb, &options, &mut cache,
            ));
        }
        return;
    }
    if std::env::var_os("GEONOTES_PHASES_UNCACHED_ONLY").is_some() {
        // For profiling a first analysis alone (run it under `taskset -c 0` for one core).
        let d = median(|| drop(analyze_note(&notes, source, &kb, &options)));
        report("analyze_note (no block cache)", d);
        for _ in 0..20 {
            drop(analyze_note(&notes, source, &kb, &options));
        }
        return;
    }
    if std::env::var_os("GEONOTES_PHASES_EDITS").is_some() {
        // The edit path: type a character into a middle prose line and delete it again.
        let at = notes[notes.len() / 2..]
            .find("\nThe ")
            .map_or(notes.len() / 2, |i| notes.len() / 2 + i + 1);
        let typed: Arc<str> = format!("{}x{}", &notes[..at], &notes[at..]).into();
        let mut cache = AnalysisCache::default();
        analyze_note_cached(&notes, source, &kb, &options, &mut cache);
        let mut flip = false;
        let d = median(|| {
            flip = !flip;
            let text = if flip { &typed } else { &notes };
            drop(analyze_note_cached(text, source, &kb, &options, &mut cache))
        });
        report("analyze_note_cached (one edit)", d);
        for i in 0..400 {
            let text = if i % 2 == 0 { &typed } else { &notes };
            drop(analyze_note_cached(text, source, &kb, &options, &mut cache));
        }
        return;
    }
    let first = Instant::now();
    drop(analyze_note(&notes, source, &kb, &options));
    report("analyze_note (first in process)", first.elapsed());
    if std::env::var_os("GEONOTES_PHASES_FIRST_ONLY").is_some() {
        // For profiling what a fresh process's first analysis pays that later ones do not.
        return;
    }
    report("front matter", median(|| drop(FrontMatter::parse(&notes))));
    report("line index", median(|| drop(LineIndex::new(&notes))));
    report(
        "markdown parse + mask",
        median(|| drop(markdown::parse(&notes, 0))),
    );
    report(
        "markdown parse + mask, in windows",
        median(|| drop(geonotes::notes::split_parse::parse(&notes, 0, 2))),
    );
    report(
        "analyze_note (no block cache)",
        median(|| drop(analyze_note(&notes, source, &kb, &options))),
    );
    report(
        "analyze_note, no source (recognition)",
        median(|| drop(analyze_note(&notes, Source::None, &kb, &options))),
    );
    report(
        "analyze_note, no source, learned kb",
        median(|| drop(analyze_note(&notes, Source::None, &article.kb, &options))),
    );
    let mut cache = AnalysisCache::default();
    analyze_note_cached(&notes, source, &kb, &options, &mut cache);
    report(
        "analyze_note_cached (all cached)",
        median(|| {
            drop(analyze_note_cached(
                &notes, source, &kb, &options, &mut cache,
            ))
        }),
    );
}
