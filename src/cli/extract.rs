//! `geonotes extract`: every recognized mention of one note, as JSON or one line each.

use super::render::mention_json;
use super::Format;
use geonotes::analysis::{self, NoteOptions, Source};
use geonotes::kb::KnowledgeBase;
use std::path::Path;
use std::process::ExitCode;

pub fn run(file: &Path, format: Format) -> ExitCode {
    let text = match super::read_input(file) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let kb = KnowledgeBase::builtin();
    let analysis = analysis::analyze_note(&text, Source::None, &kb, &NoteOptions::default());
    let mentions: Vec<serde_json::Value> = analysis
        .mentions()
        .map(|m| mention_json(&text, &analysis.lines, &m, &kb))
        .collect();
    match format {
        Format::Json => out!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "mentions": mentions }))
                .unwrap_or_default()
        ),
        Format::Human => {
            for m in &mentions {
                let start = &m["range"]["start"];
                out!(
                    "{}:{}\t{}\t{}",
                    start["line"].as_u64().unwrap_or(0) + 1,
                    start["character"].as_u64().unwrap_or(0) + 1,
                    m["kind"].as_str().unwrap_or(""),
                    m["text"].as_str().unwrap_or("")
                );
            }
        }
    }
    ExitCode::SUCCESS
}
