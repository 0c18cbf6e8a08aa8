//! `geonotes check`: find notes, load their sources once each, analyze, render, set the exit code.

use super::render::{self, NoteReport};
use super::Format;
use geonotes::analysis::{self, NoteOptions, Source};
use geonotes::article::Article;
use geonotes::config::Severities;
use geonotes::kb::KnowledgeBase;
use geonotes::model::{PartialDate, Severity};
use geonotes::notes::frontmatter::FrontMatter;
use geonotes::workspace;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;

/// Every `*.md` named or under a named directory, in a stable order.
fn collect_notes(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut notes = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    let name = e.file_name().to_string_lossy();
                    e.depth() == 0
                        || !(name.starts_with('.') || name == "node_modules" || name == "target")
                });
            for entry in walker {
                let entry = entry.map_err(|e| format!("cannot walk {}: {e}", path.display()))?;
                if entry.file_type().is_file()
                    && entry.path().extension().is_some_and(|x| x == "md")
                {
                    notes.push(entry.into_path());
                }
            }
        } else if path.exists() {
            notes.push(path.clone());
        } else {
            return Err(format!("{} does not exist", path.display()));
        }
    }
    Ok(notes)
}

/// Articles already read, by path and publication date (relative dates depend on it).
type ArticleCache = HashMap<(PathBuf, Option<PartialDate>), Result<Rc<Article>, String>>;

fn load_article(
    cache: &mut ArticleCache,
    path: &Path,
    published: Option<PartialDate>,
    kb: &KnowledgeBase,
) -> Result<Rc<Article>, String> {
    let key = (
        std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
        published,
    );
    cache
        .entry(key)
        .or_insert_with(|| {
            workspace::read_text_file(path, workspace::DEFAULT_MAX_BYTES).map(|read| {
                if read.lossy {
                    eprintln!(
                        "geonotes: warning: {} is not valid UTF-8; invalid bytes were replaced",
                        path.display()
                    );
                }
                Rc::new(Article::parse(read.text, kb, published))
            })
        })
        .clone()
}

pub fn run(paths: &[PathBuf], format: Format, forced_source: Option<&Path>) -> ExitCode {
    let notes = match collect_notes(paths) {
        Ok(notes) => notes,
        Err(message) => {
            eprintln!("geonotes: {message}");
            return ExitCode::from(2);
        }
    };
    if let Some(source) = forced_source {
        if let Err(message) = workspace::read_text_file(source, workspace::DEFAULT_MAX_BYTES) {
            eprintln!("geonotes: --source: {message}");
            return ExitCode::from(2);
        }
    }
    // Each note is printed as soon as it is checked and then dropped, so memory holds one
    // note's text and analysis at a time (plus the shared articles and knowledge bases).
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let checked = match format {
        Format::Human => render::human::write(out, |emit| check_notes(&notes, forced_source, emit)),
        Format::Json => render::json::write(out, |emit| check_notes(&notes, forced_source, emit)),
    };
    match checked {
        Ok(failing) => ExitCode::from(u8::from(failing)),
        Err(code) => code,
    }
}

/// Checks every note in order, handing each report to `emit`; tells whether any finding is a
/// warning or worse, or the exit code of the first note that could not be checked.
fn check_notes(
    notes: &[PathBuf],
    forced_source: Option<&Path>,
    emit: &mut dyn FnMut(&NoteReport),
) -> Result<bool, ExitCode> {
    let mut kbs: HashMap<Vec<PathBuf>, KnowledgeBase> = HashMap::new();
    let mut articles = ArticleCache::new();
    let mut failing = false;
    for note_path in notes {
        let text = super::read_input(note_path)?;
        let note_dir = note_path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let project = workspace::load_project(note_dir).map_err(|message| {
            eprintln!("geonotes: {message}");
            ExitCode::from(2)
        })?;
        let knowledge: Vec<PathBuf> = project
            .config
            .knowledge
            .iter()
            .map(|k| project.resolve(k))
            .collect();
        let kb = kbs.entry(knowledge.clone()).or_insert_with(|| {
            let (kb, errors) = workspace::load_knowledge(&knowledge);
            for e in errors {
                eprintln!(
                    "geonotes: knowledge base {}:{}:{}: {}",
                    e.file, e.line, e.column, e.message
                );
            }
            kb
        });
        let front_matter = FrontMatter::parse(&text);
        let options = NoteOptions {
            severities: Severities::merged([&project.config.severity]),
            published: project.published(),
        };
        let published = analysis::published_date(&front_matter, &options);
        let source_path = forced_source
            .map(Path::to_path_buf)
            .or_else(|| workspace::source_path(note_path, &front_matter, &project));
        let loaded = source_path
            .as_ref()
            .map(|p| (p.clone(), load_article(&mut articles, p, published, kb)));
        let source = match &loaded {
            None => Source::None,
            Some((_, Ok(article))) => Source::Loaded(article),
            Some((_, Err(reason))) => Source::Unreadable { reason },
        };
        let analysis = analysis::analyze_note(&text, source, kb, &options);
        let article = match loaded {
            Some((path, Ok(article))) => Some((path, article)),
            _ => None,
        };
        failing |= analysis
            .findings()
            .any(|f| f.severity() >= Severity::Warning);
        emit(&NoteReport {
            path: note_path.clone(),
            text,
            analysis,
            article,
        });
    }
    Ok(failing)
}
