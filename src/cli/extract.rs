//! `geonotes extract`: every recognized mention of one note, as JSON or one line each, written
//! as they are read from the analysis (nothing proportional to the output is held).

use super::render::mention::{kind_name, mention_text, MentionJson, Streamed};
use super::Format;
use geonotes::analysis::{self, NoteOptions, Source};
use geonotes::kb::KnowledgeBase;
use geonotes::position::Encoding;
use serde::Serialize;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

pub fn run(file: &Path, format: Format) -> ExitCode {
    let text = match super::read_input(file) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let kb = KnowledgeBase::builtin();
    let analyze = || analysis::analyze_note(&text, Source::None, &kb, &NoteOptions::default());
    let analysis = match super::contained(file, "recognizing its mentions", analyze) {
        Ok(analysis) => analysis,
        Err(message) => {
            eprintln!("geonotes: {message}");
            return ExitCode::from(2);
        }
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    // Write errors (a closed pipe) end the output quietly.
    let _ = match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Extract<M> {
                mentions: M,
            }
            let mentions = Streamed(|| {
                analysis
                    .mentions()
                    .map(|m| MentionJson::new(&text, &analysis.lines, &m, &kb))
            });
            serde_json::to_writer_pretty(&mut out, &Extract { mentions })
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        }
        Format::Human => analysis.mentions().try_for_each(|m| {
            let start = analysis
                .lines
                .to_line_col(&text, m.span.start, Encoding::Utf16);
            writeln!(
                out,
                "{}:{}\t{}\t{}",
                u64::from(start.line) + 1,
                u64::from(start.col) + 1,
                kind_name(&m, &kb),
                mention_text(&text, &m.span)
            )
        }),
    };
    let _ = out.flush();
    ExitCode::SUCCESS
}
