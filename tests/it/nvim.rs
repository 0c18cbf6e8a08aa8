//! Real-editor test: headless Neovim runs tests/nvim/smoke.lua with the plugin from editors/nvim
//! against the built server, on a temporary copy of the demo workspace (the source tree stays untouched).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const NVIM_TIMEOUT: Duration = Duration::from_secs(60);
const SERVER_EXIT_TIMEOUT: Duration = Duration::from_secs(5);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn nvim_available() -> bool {
    Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create workspace copy");
    for entry in std::fs::read_dir(from).expect("read demo workspace") {
        let entry = entry.expect("demo workspace entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy demo file");
        }
    }
}

/// Collects a child's stream on a thread so a chatty child never blocks on a full pipe.
fn drain(stream: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut s) = stream {
            let mut bytes = Vec::new();
            let _ = s.read_to_end(&mut bytes);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        text
    })
}

fn wait_with_timeout(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(_) => return None,
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// A pid counts as gone when /proc has no live process for it (a zombie awaiting its reaper is gone).
fn process_alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => false,
    }
}

#[test]
fn neovim_plugin_hover_definition_and_diagnostics_in_a_real_editor() {
    if !nvim_available() {
        println!("skipped: nvim not found");
        return;
    }
    let server = env!("CARGO_BIN_EXE_geonotes");
    let dir = tempfile::tempdir().expect("temp dir");
    let workspace = dir.path().join("vostok-2018");
    copy_dir(&repo().join("examples/vostok-2018"), &workspace);
    let pidfile = dir.path().join("server.pid");
    let exitfile = dir.path().join("server.exit");

    let mut child = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "--cmd"])
        .arg(format!(
            "set rtp+={}",
            repo().join("editors/nvim").display()
        ))
        .arg("-c")
        .arg(format!(
            "luafile {}",
            repo().join("tests/nvim/smoke.lua").display()
        ))
        .current_dir(dir.path())
        .env("GEONOTES_BIN", server)
        .env("GEONOTES_WORKSPACE", &workspace)
        .env("GEONOTES_PIDFILE", &pidfile)
        .env("GEONOTES_EXITFILE", &exitfile)
        // Keep Neovim's LSP log and state out of the user's home.
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nvim");
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = wait_with_timeout(&mut child, NVIM_TIMEOUT);
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    println!("{stdout}");
    if !stderr.trim().is_empty() {
        println!("--- nvim stderr ---\n{stderr}");
    }
    let status = status.unwrap_or_else(|| panic!("nvim did not finish within {NVIM_TIMEOUT:?}"));
    assert!(
        status.success(),
        "the Neovim smoke script failed ({status})"
    );
    assert!(
        stdout.contains("all checks passed"),
        "the script did not finish its checks"
    );

    let pid: u32 = std::fs::read_to_string(&pidfile)
        .expect("the script records the server pid")
        .trim()
        .parse()
        .expect("a numeric pid");
    let deadline = Instant::now() + SERVER_EXIT_TIMEOUT;
    while process_alive(pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        !process_alive(pid),
        "the server (pid {pid}) still runs {SERVER_EXIT_TIMEOUT:?} after Neovim quit"
    );
    // Neovim sends shutdown and exit, waits 500 ms, then kills: "0 0" means the server left by itself.
    let exit = std::fs::read_to_string(&exitfile).unwrap_or_default();
    assert_eq!(
        exit.trim(),
        "0 0",
        "the server's exit code and signal when Neovim quit (empty: Neovim never saw it exit)"
    );
}
