//! Reading a note's `source:` article: resolved relative to the note, contained in the
//! workspace, only regular files of bounded size. This is I/O at the edge; `load` runs it off
//! the protocol task. Every refusal is a sentence saying why and how to fix it.

use std::io::Read;
use std::path::{Path, PathBuf};

/// A source article read from disk.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceText {
    /// The canonical path.
    pub path: PathBuf,
    pub text: String,
    /// Invalid UTF-8 was replaced with U+FFFD.
    pub lossy: bool,
}

/// Where a note lives and what it may read.
#[derive(Clone, Debug, Default)]
pub struct SourceRequest {
    /// The note's file, `None` for an unsaved (`untitled:`) or non-`file:` document.
    pub note: Option<PathBuf>,
    pub workspace_folders: Vec<PathBuf>,
    /// The `source:` value as written.
    pub source: String,
    pub allow_outside_workspace: bool,
    pub max_bytes: u64,
}

/// Resolve and canonicalize the path, and check it is inside the allowed roots.
pub fn resolve(req: &SourceRequest) -> Result<PathBuf, String> {
    let written = Path::new(req.source.trim());
    if req.source.trim().is_empty() {
        return Err("`source:` is empty: write the article's path, relative to this note".into());
    }
    let base = match (&req.note, req.workspace_folders.first()) {
        (Some(note), _) => note.parent().map(Path::to_path_buf),
        (None, Some(folder)) => Some(folder.clone()),
        (None, None) => None,
    };
    let joined = match base {
        Some(base) => base.join(written),
        None if written.is_absolute() => written.to_path_buf(),
        None => {
            return Err(format!(
            "cannot resolve `{}`: this note is not saved in a folder; save it next to the article",
            written.display()
        ))
        }
    };
    let canonical = std::fs::canonicalize(&joined).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!(
            "`{}` does not exist (looked for {}): check the path, relative to this note",
            written.display(),
            joined.display()
        ),
        _ => format!("`{}` cannot be resolved: {e}", written.display()),
    })?;
    if req.allow_outside_workspace {
        return Ok(canonical);
    }
    let roots: Vec<PathBuf> = if req.workspace_folders.is_empty() {
        req.note
            .as_ref()
            .and_then(|n| n.parent())
            .map(Path::to_path_buf)
            .into_iter()
            .collect()
    } else {
        req.workspace_folders.clone()
    };
    if crate::workspace::lies_inside(&canonical, &roots) {
        Ok(canonical)
    } else {
        Err(format!(
            "`{}` resolves to {}, outside the workspace: move the article into the workspace, or set geonotes.source.allowOutsideWorkspace to true if you trust this note",
            written.display(),
            canonical.display()
        ))
    }
}

/// Resolve, check and read the source. Blocking: call it through `load`.
pub fn read(req: &SourceRequest) -> Result<SourceText, String> {
    let path = resolve(req)?;
    let shown = path.display();
    let refuse_kind = |meta: &std::fs::Metadata| -> Result<(), String> {
        if meta.is_dir() {
            return Err(format!(
                "{shown} is a directory: point `source:` at the article file inside it"
            ));
        }
        if !meta.is_file() {
            return Err(format!(
                "{shown} is not a regular file (a device, FIFO or socket) and is never read: point `source:` at a text file"
            ));
        }
        if meta.len() > req.max_bytes {
            return Err(format!(
                "{shown} is {} bytes, over the limit of {}: raise geonotes.source.maxBytes or trim the article",
                meta.len(),
                req.max_bytes
            ));
        }
        Ok(())
    };
    let meta = std::fs::metadata(&path).map_err(|e| format!("{shown} cannot be read: {e}"))?;
    refuse_kind(&meta)?;
    let file = open_nonblocking(&path).map_err(|e| format!("{shown} cannot be opened: {e}"))?;
    // The file may have been swapped between the two checks: check what was opened.
    let meta = file
        .metadata()
        .map_err(|e| format!("{shown} cannot be read: {e}"))?;
    refuse_kind(&meta)?;
    let mut bytes = Vec::new();
    file.take(req.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{shown} cannot be read: {e}"))?;
    if bytes.len() as u64 > req.max_bytes {
        return Err(format!(
            "{shown} grew past the limit of {} bytes while being read: raise geonotes.source.maxBytes",
            req.max_bytes
        ));
    }
    let (text, lossy) = match String::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    };
    if lossy {
        tracing::warn!("{shown} is not valid UTF-8; invalid bytes were replaced with U+FFFD");
    }
    Ok(SourceText { path, text, lossy })
}

/// Read the source on the blocking pool, never on the protocol task.
pub async fn load(req: SourceRequest) -> Result<SourceText, String> {
    tokio::task::spawn_blocking(move || read(&req))
        .await
        .unwrap_or_else(|e| Err(format!("reading the source failed: {e}")))
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    struct Tmp(PathBuf);
    impl Drop for Tmp {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn workspace(name: &str) -> Tmp {
        let dir = std::env::temp_dir().join(format!("geonotes-src-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("ws/notes")).unwrap();
        std::fs::write(dir.join("ws/article.txt"), "The article.\n").unwrap();
        std::fs::write(dir.join("secret.txt"), "secret\n").unwrap();
        Tmp(dir)
    }

    fn request(tmp: &Tmp, source: &str) -> SourceRequest {
        SourceRequest {
            note: Some(tmp.0.join("ws/notes/n.md")),
            workspace_folders: vec![tmp.0.join("ws")],
            source: source.to_string(),
            allow_outside_workspace: false,
            max_bytes: 1024,
        }
    }

    #[test]
    fn reads_a_source_relative_to_the_note() {
        let tmp = workspace("ok");
        let got = read(&request(&tmp, "../article.txt")).unwrap();
        assert_eq!(got.text, "The article.\n");
        assert!(!got.lossy);
    }

    #[test]
    fn refuses_what_it_must_not_read_with_a_reason() {
        let tmp = workspace("refuse");
        std::os::unix::fs::symlink(tmp.0.join("secret.txt"), tmp.0.join("ws/link.txt")).unwrap();
        std::fs::create_dir(tmp.0.join("ws/dir")).unwrap();
        std::fs::write(tmp.0.join("ws/big.txt"), vec![b'a'; 2000]).unwrap();
        let fifo = tmp.0.join("ws/fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let secret = tmp.0.join("secret.txt").display().to_string();
        let cases = [
            ("../../secret.txt", "outside the workspace"),
            (secret.as_str(), "outside the workspace"),
            ("../link.txt", "outside the workspace"),
            ("/dev/zero", "outside the workspace"),
            ("../fifo", "not a regular file"),
            ("../dir", "is a directory"),
            ("../big.txt", "over the limit of 1024"),
            ("../missing.txt", "does not exist"),
            ("", "is empty"),
        ];
        for (source, reason) in cases {
            let err = read(&request(&tmp, source)).unwrap_err();
            assert!(err.contains(reason), "{source}: {err}");
        }
        // Allowed outside, /dev/zero is still refused at once because it is not a regular file.
        let mut req = request(&tmp, "/dev/zero");
        req.allow_outside_workspace = true;
        assert!(read(&req).unwrap_err().contains("not a regular file"));
        req.source = secret;
        assert_eq!(read(&req).unwrap().text, "secret\n");
    }

    #[test]
    fn invalid_utf8_is_repaired_with_a_flag() {
        let tmp = workspace("utf8");
        std::fs::write(tmp.0.join("ws/bad.txt"), b"a\xffb").unwrap();
        let got = read(&request(&tmp, "../bad.txt")).unwrap();
        assert_eq!((got.text.as_str(), got.lossy), ("a\u{FFFD}b", true));
    }

    #[test]
    fn an_unsaved_note_without_a_folder_says_to_save_it() {
        let req = SourceRequest {
            source: "article.txt".into(),
            max_bytes: 10,
            ..SourceRequest::default()
        };
        assert!(read(&req).unwrap_err().contains("not saved"));
    }
}
