//! `geonotes kb`: validate knowledge-base files, search the base, list every alias.

use clap::Subcommand;
use geonotes::kb::{tools, KnowledgeBase};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum KbCommand {
    /// Check knowledge-base files against the schema; errors print as file:line:column.
    Validate {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Find entities by name, alias or id (case-insensitive), best match first.
    Search {
        text: String,
        /// Extra knowledge-base files to merge over the built-in base.
        #[arg(long = "knowledge")]
        knowledge: Vec<PathBuf>,
    },
    /// Print every name and alias, one a line: a custom dictionary for spell checkers.
    Words {
        #[arg(long = "knowledge")]
        knowledge: Vec<PathBuf>,
    },
}

fn load(paths: &[PathBuf]) -> KnowledgeBase {
    let (kb, errors) = geonotes::workspace::load_knowledge(paths);
    for e in errors {
        eprintln!("{}:{}:{}: {}", e.file, e.line, e.column, e.message);
    }
    kb
}

pub fn run(command: KbCommand) -> ExitCode {
    match command {
        KbCommand::Validate { files } => {
            let mut failed = false;
            for file in &files {
                let text = match super::read_input(file) {
                    Ok(text) => text,
                    Err(code) => return code,
                };
                let errors = tools::validate(&file.display().to_string(), &text);
                for e in &errors {
                    out!("{}:{}:{}: error: {}", e.file, e.line, e.column, e.message);
                }
                failed |= !errors.is_empty();
                if errors.is_empty() {
                    out!("{}: ok", file.display());
                }
            }
            ExitCode::from(u8::from(failed))
        }
        KbCommand::Search { text, knowledge } => {
            let kb = load(&knowledge);
            let hits = tools::search(&kb, &text);
            for e in hits.iter().take(20) {
                out!(
                    "{}\t{}\t{}\t{}",
                    e.id,
                    e.kind.as_str(),
                    e.name,
                    e.definition
                );
            }
            ExitCode::from(u8::from(hits.is_empty()))
        }
        KbCommand::Words { knowledge } => {
            for word in tools::words(&load(&knowledge)) {
                out!("{word}");
            }
            ExitCode::SUCCESS
        }
    }
}
