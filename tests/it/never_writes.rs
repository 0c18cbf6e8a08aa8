//! geonotes never writes the user's files: `check`, `extract` and `source` on a read-only copy of
//! the demo workspace leave every file's bytes and modification time as they were, and add none.
//!
//! The tests may run as root, which ignores permission bits, so the proof is the before/after
//! comparison rather than a permission error.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/vostok-2018");

/// Every file and directory under `root`: path → (bytes, modification time).
fn snapshot(root: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let meta = std::fs::metadata(&dir).expect("stat a copied directory");
        out.insert(dir.clone(), (Vec::new(), meta.modified().expect("mtime")));
        for entry in std::fs::read_dir(&dir).expect("list a copied directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let modified = std::fs::metadata(&path).and_then(|m| m.modified());
                let bytes = std::fs::read(&path).expect("read a copied file");
                out.insert(path, (bytes, modified.expect("mtime")));
            }
        }
    }
    out
}

fn set_read_only(root: &Path, read_only: bool) {
    for path in snapshot(root).into_keys() {
        let mode = match (path.is_dir(), read_only) {
            (true, true) => 0o555,
            (false, true) => 0o444,
            (true, false) => 0o755,
            (false, false) => 0o644,
        };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))
            .expect("chmod the copy");
    }
}

/// A read-only copy of the demo workspace in a fresh temporary directory.
struct ReadOnlyCopy(PathBuf);

impl ReadOnlyCopy {
    fn new() -> ReadOnlyCopy {
        let root = std::env::temp_dir().join(format!("geonotes-ro-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("create the copy");
        for entry in std::fs::read_dir(DEMO).expect("list the demo workspace") {
            let path = entry.expect("entry").path();
            std::fs::copy(&path, root.join(path.file_name().expect("a file name")))
                .expect("copy a demo file");
        }
        set_read_only(&root, true);
        ReadOnlyCopy(root)
    }
}

impl Drop for ReadOnlyCopy {
    fn drop(&mut self) {
        set_read_only(&self.0, false);
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn check_extract_and_source_leave_a_read_only_workspace_untouched() {
    let copy = ReadOnlyCopy::new();
    let root = copy.0.clone();
    let note = root.join("notes.md").display().to_string();
    let article = root.join("article.txt").display().to_string();
    let dir = root.display().to_string();
    let before = snapshot(&root);
    let runs: [&[&str]; 5] = [
        &["check", &dir],
        &["check", "--format", "json", &note],
        &["extract", &note],
        &["extract", "--format", "human", &note],
        &["source", &article],
    ];
    for args in runs {
        let out = Command::new(env!("CARGO_BIN_EXE_geonotes"))
            .args(args)
            .current_dir(&root)
            .output()
            .expect("the binary runs");
        // 0 = clean, 1 = findings; 2 would mean the command failed to read its input.
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?} exited {:?}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty(), "{args:?} printed nothing");
    }
    let after = snapshot(&root);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "files were added or removed"
    );
    for (path, (bytes, modified)) in &before {
        let (bytes_after, modified_after) = &after[path];
        assert!(bytes == bytes_after, "{} changed", path.display());
        assert_eq!(modified, modified_after, "{} was touched", path.display());
    }
}
