//! Command-line interface: argument parsing and dispatch to one module per subcommand.

/// Print a line to stdout; a closed pipe (`geonotes extract … | head`) ends output quietly
/// instead of panicking as `println!` does.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod check;
mod extract;
mod kb;
mod render;
mod source;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "geonotes",
    version,
    about = "Check notes about a source article: figures, dates, names, citations"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Serve the Language Server Protocol over stdio (what editor clients pass).
    #[arg(long, hide = true)]
    stdio: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check notes against their source article and report unsupported figures and dates.
    Check {
        /// Markdown notes, or directories (every *.md under them).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Use this source article for every note, whatever their front matter says.
        #[arg(long)]
        source: Option<PathBuf>,
        /// Read a note's `source:` (and its project's knowledge files) wherever they are. By
        /// default only files inside the folders named here or the project file's folder are
        /// read: notes may come from a repository you do not control.
        #[arg(long)]
        allow_outside_workspace: bool,
    },
    /// Print every recognized mention of a note (or `-` for stdin) as JSON.
    Extract {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
    },
    /// Work with knowledge-base files: validate, search, list words.
    Kb {
        #[command(subcommand)]
        command: kb::KbCommand,
    },
    /// Serve the Language Server Protocol over stdin/stdout (logs go to stderr).
    Lsp,
    /// Print a source article's model: paragraphs, sections, figures and entities.
    Source {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Logs go to stderr (stdout belongs to the output, or to the protocol in server mode);
/// the level comes from `GEONOTES_LOG` (e.g. `GEONOTES_LOG=debug`), warnings by default.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("GEONOTES_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Check {
            paths,
            format,
            source,
            allow_outside_workspace,
        }) => check::run(
            &paths,
            format,
            check::Sources {
                forced: source.as_deref(),
                allow_outside_workspace,
            },
        ),
        Some(Command::Extract { file, format }) => extract::run(&file, format),
        Some(Command::Source { file, format }) => source::run(&file, format),
        Some(Command::Kb { command }) => kb::run(command),
        Some(Command::Lsp) => geonotes::lsp::run_lsp(),
        None if cli.stdio => geonotes::lsp::run_lsp(),
        None => {
            eprintln!(
                "geonotes: name a command: check, extract, source, lsp (see `geonotes --help`)"
            );
            ExitCode::from(2)
        }
    }
}

/// Run `work` on `file`; a panic (a bug of ours) becomes one message naming the file and what
/// was being done, instead of ending the command in the middle of its output.
fn contained<T>(file: &std::path::Path, what: &str, work: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|payload| {
        let detail = geonotes::lsp::guard::panic_message(&*payload);
        format!(
            "{}: internal error while {what}: {detail}; please report it with this file",
            file.display()
        )
    })
}

/// Read a file named on the command line, or stdin for `-`; errors are printed and mean exit 2.
fn read_input(path: &std::path::Path) -> Result<String, ExitCode> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        return match std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes) {
            // Valid UTF-8 (the usual case) becomes the string without a copy.
            Ok(_) => Ok(String::from_utf8(bytes).unwrap_or_else(|invalid| {
                eprintln!(
                    "geonotes: warning: stdin is not valid UTF-8; invalid bytes were replaced"
                );
                String::from_utf8_lossy(invalid.as_bytes()).into_owned()
            })),
            Err(e) => {
                eprintln!("geonotes: cannot read stdin: {e}");
                Err(ExitCode::from(2))
            }
        };
    }
    match geonotes::workspace::read_text_file(path, 512 * 1024 * 1024) {
        Ok(read) => {
            if read.lossy {
                eprintln!(
                    "geonotes: warning: {} is not valid UTF-8; invalid bytes were replaced",
                    path.display()
                );
            }
            Ok(read.text)
        }
        Err(message) => {
            eprintln!("geonotes: {message}");
            Err(ExitCode::from(2))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::contained;
    use std::path::Path;

    #[test]
    fn a_panic_in_the_work_on_a_file_becomes_a_message_naming_it() {
        let note = Path::new("notes/a.md");
        assert_eq!(contained(note, "checking it", || 7), Ok(7));
        let message = contained(note, "checking it", || -> u8 { panic!("boom at {}", 3) });
        assert_eq!(
            message,
            Err(
                "notes/a.md: internal error while checking it: boom at 3; please report it \
                 with this file"
                    .to_string()
            )
        );
        let message = contained(note, "checking it", || -> u8 { panic!("plain") });
        assert!(message.unwrap_err().contains(": plain;"));
    }
}
