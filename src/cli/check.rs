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
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;

/// Where `check` finds the notes' sources.
#[derive(Clone, Copy, Debug)]
pub struct Sources<'a> {
    /// `--source`: one article for every note, named by the user.
    pub forced: Option<&'a Path>,
    /// `--allow-outside-workspace`: read what notes and project files name wherever it is.
    pub allow_outside_workspace: bool,
}

impl Sources<'_> {
    /// `path`, named by a note or its project file, as it is to be read: canonical, when it
    /// lies inside `roots` or the user allowed any place. A path that does not resolve is
    /// kept as it is, for the read to say why.
    fn confine(&self, path: &Path, roots: &[PathBuf]) -> Result<PathBuf, String> {
        let Ok(canonical) = std::fs::canonicalize(path) else {
            return Ok(path.to_path_buf());
        };
        if self.allow_outside_workspace || workspace::lies_inside(&canonical, roots) {
            return Ok(canonical);
        }
        let place = if canonical == path {
            format!("{} is", path.display())
        } else {
            format!("{} resolves to {},", path.display(), canonical.display())
        };
        Err(format!(
            "{place} outside the folders being checked: check a folder that holds both the notes and the article, put a .geonotes.json in one, or pass --allow-outside-workspace if you trust these notes"
        ))
    }
}

/// A note to check, and the folder on the command line it was found in: with the project
/// file's folder, the only places its source and knowledge files may be read from.
struct NoteFile {
    path: PathBuf,
    root: PathBuf,
}

/// Every `*.md` named or under a named directory, in a stable order.
fn collect_notes(paths: &[PathBuf]) -> Result<Vec<NoteFile>, String> {
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
                    notes.push(NoteFile {
                        path: entry.into_path(),
                        root: path.clone(),
                    });
                }
            }
        } else if path.exists() {
            let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
            notes.push(NoteFile {
                path: path.clone(),
                root: folder.unwrap_or(Path::new(".")).to_path_buf(),
            });
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
            workspace::read_text_file(path, workspace::DEFAULT_MAX_BYTES)
                .inspect(|read| {
                    if read.lossy {
                        eprintln!(
                            "geonotes: warning: {} is not valid UTF-8; invalid bytes were replaced",
                            path.display()
                        );
                    }
                })
                .and_then(|read| {
                    let parse = || Article::parse(read.text, kb, published);
                    super::contained(path, "reading it as an article", parse).map(Rc::new)
                })
        })
        .clone()
}

pub fn run(paths: &[PathBuf], format: Format, sources: Sources<'_>) -> ExitCode {
    let notes = match collect_notes(paths) {
        Ok(notes) => notes,
        Err(message) => {
            eprintln!("geonotes: {message}");
            return ExitCode::from(2);
        }
    };
    if let Some(source) = sources.forced {
        if let Err(message) = workspace::read_text_file(source, workspace::DEFAULT_MAX_BYTES) {
            eprintln!("geonotes: --source: {message}");
            return ExitCode::from(2);
        }
    }
    // Each note is printed as soon as it is checked and then dropped, so memory holds one
    // note's text and analysis at a time (plus the shared articles and knowledge bases).
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let checked = match format {
        Format::Human => render::human::write(out, |emit| check_notes(&notes, sources, emit)),
        Format::Json => render::json::write(out, |emit| check_notes(&notes, sources, emit)),
    };
    match checked {
        Ok(failing) => ExitCode::from(u8::from(failing)),
        Err(code) => code,
    }
}

/// Checks every note in order, handing each report to `emit`; tells whether any finding is a
/// warning or worse, or the exit code of the first note that could not be checked.
fn check_notes(
    notes: &[NoteFile],
    sources: Sources<'_>,
    emit: &mut dyn FnMut(&NoteReport),
) -> Result<bool, ExitCode> {
    let mut kbs: HashMap<Vec<PathBuf>, KnowledgeBase> = HashMap::new();
    let mut articles = ArticleCache::new();
    let mut refused_knowledge: HashSet<PathBuf> = HashSet::new();
    let mut failing = false;
    // A note whose analysis failed (a bug): the others are still checked, and the exit code
    // says so.
    let mut crashed = false;
    for note in notes {
        let note_path = &note.path;
        let text = super::read_input(note_path)?;
        let note_dir = note_path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let project = workspace::load_project(note_dir).map_err(|message| {
            eprintln!("geonotes: {message}");
            ExitCode::from(2)
        })?;
        let roots: Vec<PathBuf> = std::iter::once(note.root.clone())
            .chain(project.root.clone())
            .collect();
        let knowledge: Vec<PathBuf> = project
            .config
            .knowledge
            .iter()
            .map(|k| project.resolve(k))
            .filter_map(|named| match sources.confine(&named, &roots) {
                Ok(path) => Some(path),
                Err(message) => {
                    if refused_knowledge.insert(named) {
                        eprintln!("geonotes: knowledge base not read: {message}");
                    }
                    None
                }
            })
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
        // The source as the note or project names it (for display), and the article read
        // from where it resolves, if it may be read.
        let loaded = match sources.forced {
            Some(forced) => Some((
                forced.to_path_buf(),
                load_article(&mut articles, forced, published, kb),
            )),
            None => workspace::source_path(note_path, &front_matter, &project).map(|named| {
                let article = sources
                    .confine(&named, &roots)
                    .and_then(|path| load_article(&mut articles, &path, published, kb));
                (named, article)
            }),
        };
        let source = match &loaded {
            None => Source::None,
            Some((_, Ok(article))) => Source::Loaded(article),
            Some((_, Err(reason))) => Source::Unreadable { reason },
        };
        let analyze = || analysis::analyze_note(&text, source, kb, &options);
        let analysis = match super::contained(note_path, "checking it", analyze) {
            Ok(analysis) => analysis,
            Err(message) => {
                eprintln!("geonotes: {message}");
                crashed = true;
                continue;
            }
        };
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
    match crashed {
        true => Err(ExitCode::from(2)),
        false => Ok(failing),
    }
}
