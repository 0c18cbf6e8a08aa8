//! File-system edge shared by the CLI and the server: project files, source and knowledge files.
//!
//! Everything that touches the disk for the analysis lives here, so the core stays pure. Reads
//! are bounded: only regular files, at most `max_bytes`, invalid UTF-8 repaired with a note.

use crate::config::{ConfigError, ProjectConfig};
use crate::kb::{KbError, KbSource, KnowledgeBase};
use crate::model::PartialDate;
use crate::notes::frontmatter::{parse_iso_date, FrontMatter};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The name of the project file.
pub const PROJECT_FILE: &str = ".geonotes.json";

/// The default cap on a source article's size.
pub const DEFAULT_MAX_BYTES: u64 = 8 * 1024 * 1024;

/// A text file read from disk, with a warning when it was not valid UTF-8.
#[derive(Debug)]
pub struct ReadText {
    pub text: String,
    pub lossy: bool,
}

/// Read a regular file of at most `max_bytes`, refusing FIFOs, devices and directories before
/// opening them (opening a FIFO would block). Errors say what is wrong and how to fix it.
pub fn read_text_file(path: &Path, max_bytes: u64) -> Result<ReadText, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("{shown} does not exist: check the path"),
        std::io::ErrorKind::PermissionDenied => {
            format!("{shown} cannot be read: permission denied")
        }
        _ => format!("{shown} cannot be read: {e}"),
    })?;
    if meta.is_dir() {
        return Err(format!(
            "{shown} is a directory: point at the article file inside it"
        ));
    }
    if !meta.is_file() {
        return Err(format!(
            "{shown} is not a regular file (a device, FIFO or socket): point at a text file"
        ));
    }
    if meta.len() > max_bytes {
        return Err(format!("{shown} is {} bytes, more than the limit of {max_bytes}: raise the limit or trim the file", meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("{shown} cannot be opened: {e}"))?;
    // Sized from the metadata: growing by doubling would hold up to twice the file.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{shown} cannot be read: {e}"))?;
    if bytes.len() as u64 > max_bytes {
        return Err(format!(
            "{shown} grew past the limit of {max_bytes} bytes while being read"
        ));
    }
    Ok(match String::from_utf8(bytes) {
        Ok(text) => ReadText { text, lossy: false },
        Err(e) => ReadText {
            text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
            lossy: true,
        },
    })
}

/// The nearest `.geonotes.json` at or above `dir`.
pub fn find_project_file(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(PROJECT_FILE))
        .find(|p| p.is_file())
}

/// A loaded project file and the directory its relative paths start from.
#[derive(Clone, Debug, Default)]
pub struct Project {
    pub config: ProjectConfig,
    pub root: Option<PathBuf>,
}

/// Load the project file that governs `note_dir`, if any.
pub fn load_project(note_dir: &Path) -> Result<Project, String> {
    let Some(path) = find_project_file(note_dir) else {
        return Ok(Project::default());
    };
    let read = read_text_file(&path, 1024 * 1024)?;
    let config = ProjectConfig::parse(&read.text).map_err(
        |ConfigError {
             line,
             column,
             message,
         }| format!("{}:{line}:{column}: {message}", path.display()),
    )?;
    Ok(Project {
        config,
        root: path.parent().map(Path::to_path_buf),
    })
}

impl Project {
    /// The publication date from the project file, when it is valid.
    pub fn published(&self) -> Option<PartialDate> {
        self.config
            .published
            .as_deref()
            .and_then(|p| parse_iso_date(p).ok())
    }

    /// Resolve a path written in the project file.
    pub fn resolve(&self, path: &str) -> PathBuf {
        match &self.root {
            Some(root) => root.join(path),
            None => PathBuf::from(path),
        }
    }
}

/// Which source a note uses: its front matter's `source:` (relative to the note), else the
/// project file's (relative to the project file).
pub fn source_path(
    note_path: &Path,
    front_matter: &FrontMatter,
    project: &Project,
) -> Option<PathBuf> {
    if let Some(field) = front_matter.get("source").filter(|f| !f.value.is_empty()) {
        let dir = note_path.parent().unwrap_or(Path::new("."));
        return Some(dir.join(&field.value));
    }
    project.config.source.as_deref().map(|s| project.resolve(s))
}

/// Whether `canonical`, a canonical path, lies inside one of `roots` (canonicalized here; a
/// root that does not resolve holds nothing). What the server and `check` confine the files
/// a note names to: notes come from cloned repositories, and a source outside them could be
/// any file of the user's.
pub fn lies_inside(canonical: &Path, roots: &[PathBuf]) -> bool {
    roots
        .iter()
        .any(|root| std::fs::canonicalize(root).is_ok_and(|root| canonical.starts_with(root)))
}

/// Load the built-in knowledge base plus extra files; unreadable or malformed files become errors.
pub fn load_knowledge(paths: &[PathBuf]) -> (KnowledgeBase, Vec<KbError>) {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match read_text_file(path, 64 * 1024 * 1024) {
            Ok(read) => sources.push(KbSource {
                name: path.display().to_string(),
                text: read.text,
            }),
            Err(message) => errors.push(KbError {
                file: path.display().to_string(),
                line: 0,
                column: 0,
                message,
            }),
        }
    }
    if sources.is_empty() {
        return (KnowledgeBase::builtin(), errors);
    }
    let (kb, mut load_errors) = KnowledgeBase::load(&sources);
    errors.append(&mut load_errors);
    (kb, errors)
}

/// A `file://` URI for an absolute path, percent-encoding what URIs do not allow.
pub fn path_to_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file://");
    for b in absolute.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_percent_encode_spaces_and_unicode() {
        assert_eq!(
            path_to_uri(Path::new("/a b/ü.md")),
            "file:///a%20b/%C3%BC.md"
        );
    }

    #[test]
    fn refuses_directories_devices_and_missing_files_with_a_reason() {
        assert!(read_text_file(Path::new("/"), 10)
            .unwrap_err()
            .contains("is a directory"));
        assert!(read_text_file(Path::new("/dev/zero"), 10)
            .unwrap_err()
            .contains("not a regular file"));
        assert!(read_text_file(Path::new("/no/such/file"), 10)
            .unwrap_err()
            .contains("does not exist"));
    }
}
