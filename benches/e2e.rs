//! End-to-end benchmarks of the release binary over stdio: start → `initialize`, `didOpen` of a
//! 1 MiB note → diagnostics, hover/definition round trips, a one-character edit → fresh
//! diagnostics, and peak RSS. Prints medians and p99; never fails on timing.
//!
//! `cargo bench --bench e2e` builds the binary it drives (cargo builds a package's binaries for
//! its benches, at the bench profile, and names it in `CARGO_BIN_EXE_geonotes`).
//! `GEONOTES_BENCH_SMOKE=1` uses tiny sizes and few iterations (CI's smoke run).

#[path = "../tests/support/generate.rs"]
mod generate;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

const ARTICLE: &str = include_str!("../examples/vostok-2018/article.txt");
/// Long enough for a 10 MiB analysis on a loaded debug machine; a timeout ends the bench, not CI.
const WAIT: Duration = Duration::from_secs(60);

fn smoke() -> bool {
    std::env::var_os("GEONOTES_BENCH_SMOKE").is_some()
}

fn main() {
    // `cargo bench -- --test` and criterion-style filters arrive as arguments; this bench has
    // no filters, so they are accepted and ignored.
    // GEONOTES_E2E_BINARY runs another build instead (to compare two builds side by side).
    let other = std::env::var_os("GEONOTES_E2E_BINARY").map(std::path::PathBuf::from);
    let binary = other
        .as_deref()
        .unwrap_or(Path::new(env!("CARGO_BIN_EXE_geonotes")));
    if !binary.exists() {
        eprintln!(
            "e2e: {} is missing; run `cargo build --release`",
            binary.display()
        );
        return;
    }
    let mut table = Table::default();
    if let Err(message) = run(binary, &mut table) {
        eprintln!("e2e: stopped early: {message}");
    }
    table.print();
}

/// A fresh server with `text` opened as `name` in `dir`, and the time from sending the didOpen
/// (its frame built beforehand) to the last byte of its diagnostics.
fn open_fresh(
    binary: &Path,
    dir: &Path,
    name: &str,
    text: &str,
) -> Result<(Server, String, Duration), String> {
    let mut server = Server::spawn(binary)?;
    server.initialize(dir, json!({}))?;
    let uri = file_uri(&dir.join(name));
    let open = Server::open_frame(&uri, text, 1);
    let started = Instant::now();
    server.send_frame(&open)?;
    let arrived = server.diagnostics_for(&uri, 1)?;
    Ok((server, uri, arrived - started))
}

fn run(binary: &Path, table: &mut Table) -> Result<(), String> {
    let smoke = smoke();
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    std::fs::write(dir.path().join("article.txt"), ARTICLE).map_err(|e| e.to_string())?;

    // (a) process start → initialize response.
    let starts = if smoke { 3 } else { 30 };
    let mut samples = Vec::new();
    for _ in 0..starts {
        let started = Instant::now();
        let mut server = Server::spawn(binary)?;
        server.initialize(dir.path(), json!({}))?;
        samples.push(started.elapsed());
        server.stop();
    }
    table.add("start → initialize response", &samples, Some(ms(15.0)));

    // (b) didOpen of a large note → its diagnostics, each time in a fresh server.
    let big = generate::generate_notes(if smoke { 16 << 10 } else { 1 << 20 }, 7);
    let big_label = if smoke { "16 KiB" } else { "1 MiB" };
    let opens = if smoke { 2 } else { 10 };
    let mut samples = Vec::new();
    let mut kept = None;
    for i in 0..opens {
        let (server, uri, took) = open_fresh(binary, dir.path(), &format!("open{i}.md"), &big)?;
        samples.push(took);
        if i + 1 == opens {
            kept = Some((server, uri));
        } else {
            server.stop();
        }
    }
    table.add(
        &format!("didOpen {big_label} → publishDiagnostics"),
        &samples,
        Some(ms(20.0)),
    );
    let (mut server, uri) = kept.ok_or("no server")?;

    // (b') the same note without a `source:` line, and markdown from elsewhere (no source
    // either, nothing about the article): their diagnostics need no recognition. Then hovers
    // right after, which arrive while the first analysis runs.
    let sourceless = big.replacen("source: article.txt\n", "", 1);
    let positions = mention_positions(&sourceless, 21);
    let label = format!("{big_label} without source");
    open_without_source(binary, dir.path(), table, &label, &sourceless, &positions)?;
    let plain = generate::generate_plain_markdown(big.len(), 7);
    let positions = spread_positions(&plain, 21);
    let label = format!("{big_label} markdown from elsewhere");
    open_without_source(binary, dir.path(), table, &label, &plain, &positions)?;

    // (b'') that markdown checked against the article: none of its figures and dates are the
    // article's, so each one is a finding (19,584 for 1 MiB, five times the generated note's):
    // the most a checked open has to write.
    let checked_plain = format!("---\nsource: article.txt\n---\n{plain}");
    let mut samples = Vec::new();
    for i in 0..opens {
        let name = format!("plain{i}.md");
        let (server, _, took) = open_fresh(binary, dir.path(), &name, &checked_plain)?;
        samples.push(took);
        server.stop();
    }
    table.add(
        &format!("didOpen {big_label} markdown from elsewhere, checked → publishDiagnostics"),
        &samples,
        Some(ms(20.0)),
    );

    // (c) hover and definition round trips at mentions spread over the note.
    let positions = mention_positions(&big, if smoke { 50 } else { 1000 });
    for (method, label) in [
        ("textDocument/hover", "hover round trip"),
        ("textDocument/definition", "definition round trip"),
    ] {
        let mut samples = Vec::with_capacity(positions.len());
        for &(line, character) in &positions {
            let params = json!({
                "textDocument": {"uri": uri},
                "position": {"line": line, "character": character},
            });
            let started = Instant::now();
            server.request(method, params)?;
            samples.push(started.elapsed());
        }
        table.add(label, &samples, Some(ms(0.5)));
        table.add_p99(label, &samples, ms(2.0));
    }

    // (e) peak RSS with the large note open (after the round trips, which touch every index).
    if let Some(kib) = server.peak_rss_kib() {
        table.note(format!(
            "peak RSS (VmHWM) with the {big_label} note open: {:.1} MB (budget 40 MB)",
            kib as f64 / 1024.0
        ));
    }
    server.stop();

    // (d) one-character edits in a 10,000-line note → fresh diagnostics.
    let lines = if smoke { 300 } else { 10_000 };
    let note = first_lines(&generate::generate_notes(lines * 80, 3), lines);
    let mut server = Server::spawn(binary)?;
    let options = json!({"diagnostics": {"trigger": "change", "debounceMs": 0}});
    server.initialize(dir.path(), options)?;
    let uri = file_uri(&dir.path().join("edited.md"));
    server.open(&uri, &note, 1)?;
    server.diagnostics_for(&uri, 1)?;
    let edit_line = edit_target(&note);
    let edits = if smoke { 5 } else { 200 };
    let mut samples = Vec::with_capacity(edits);
    for i in 0..edits {
        let version = 2 + i as i32;
        // Type a character, then delete it: the note alternates between two texts.
        let (range, text) = if i % 2 == 0 {
            (span(edit_line, 0, 0), "x")
        } else {
            (span(edit_line, 0, 1), "")
        };
        let started = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": range, "text": text}],
            }),
        )?;
        let arrived = server.diagnostics_for(&uri, version)?;
        samples.push(arrived - started);
    }
    let line_count = note.lines().count();
    table.add(
        &format!("1-char edit in {line_count} lines → diagnostics"),
        &samples,
        Some(ms(3.0)),
    );
    server.stop();
    Ok(())
}

/// `didOpen` of `text` (which names no source) in fresh servers → its diagnostics; then a
/// hover at each of `positions`, the first of them timed apart; and the peak RSS after.
fn open_without_source(
    binary: &Path,
    dir: &Path,
    table: &mut Table,
    label: &str,
    text: &str,
    positions: &[(usize, usize)],
) -> Result<(), String> {
    let opens = if smoke() { 2 } else { 10 };
    let (mut opened, mut first_hovers, mut later_hovers, mut peaks) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..opens {
        let name = format!("plain{i}.md");
        let (mut server, uri, took) = open_fresh(binary, dir, &name, text)?;
        opened.push(took);
        for (k, &(line, character)) in positions.iter().enumerate() {
            let started = Instant::now();
            server.request(
                "textDocument/hover",
                json!({
                    "textDocument": {"uri": uri},
                    "position": {"line": line, "character": character},
                }),
            )?;
            let took = started.elapsed();
            if k == 0 {
                first_hovers.push(took)
            } else {
                later_hovers.push(took)
            }
        }
        if let Some(kib) = server.peak_rss_kib() {
            peaks.push(kib);
        }
        server.stop();
    }
    table.add(
        &format!("didOpen {label} → publishDiagnostics"),
        &opened,
        Some(ms(20.0)),
    );
    table.add(
        "first hover right after those diagnostics",
        &first_hovers,
        None,
    );
    let later = format!("the {} hovers after it", positions.len().saturating_sub(1));
    table.add(&later, &later_hovers, Some(ms(0.5)));
    table.add_p99(&later, &later_hovers, ms(2.0));
    peaks.sort_unstable();
    if let Some(kib) = peaks.get(peaks.len() / 2) {
        table.note(format!(
            "peak RSS (VmHWM) after the hovers of {label}, median of {} servers: {:.1} MB (budget 40 MB)",
            peaks.len(),
            *kib as f64 / 1024.0
        ));
    }
    Ok(())
}

/// `count` (line, column) positions at the second character of non-empty lines spread evenly
/// over `text`.
fn spread_positions(text: &str, count: usize) -> Vec<(usize, usize)> {
    let lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.chars().count() > 1)
        .map(|(i, _)| i)
        .collect();
    let step = (lines.len() / count.max(1)).max(1);
    lines
        .iter()
        .step_by(step)
        .take(count)
        .map(|&i| (i, 1))
        .collect()
}

fn ms(value: f64) -> Duration {
    Duration::from_secs_f64(value / 1000.0)
}

fn span(line: usize, start: usize, end: usize) -> Value {
    json!({"start": {"line": line, "character": start}, "end": {"line": line, "character": end}})
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The first `lines` lines, extended to the next blank line so no block is cut in half.
fn first_lines(text: &str, lines: usize) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i >= lines && line.is_empty() {
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A prose line near the middle of the note (where an edit changes one paragraph).
fn edit_target(note: &str) -> usize {
    let lines: Vec<&str> = note.lines().collect();
    let middle = lines.len() / 2;
    (middle..lines.len())
        .find(|&i| lines[i].starts_with("The ") || lines[i].starts_with("Some "))
        .unwrap_or(middle)
}

/// Up to `count` (line, UTF-16 column) positions inside words and figures the analysis
/// recognizes, spread evenly over the note.
fn mention_positions(note: &str, count: usize) -> Vec<(usize, usize)> {
    const NEEDLES: &[&str] = &[
        "Vostok-2018",
        "300,000",
        "Russia",
        "China",
        "2004",
        "S-400",
        "Mattis",
        "NATO",
        "Crimea",
        "2,600-mile",
    ];
    let mut all = Vec::new();
    for (line_no, line) in note.lines().enumerate() {
        for needle in NEEDLES {
            if let Some(byte) = line.find(needle) {
                let inside = byte + needle.len() / 2;
                let column = line[..inside].encode_utf16().count();
                all.push((line_no, column));
            }
        }
    }
    if all.len() <= count {
        return all;
    }
    let step = all.len() as f64 / count as f64;
    (0..count)
        .map(|i| all[(i as f64 * step) as usize])
        .collect()
}

/// A server process and the messages it sent, read on a thread.
struct Server {
    child: Child,
    stdin: ChildStdin,
    /// Each message with the moment its last byte was read, before the client parsed it:
    /// latencies measure the server and the pipe, not this client's JSON parser.
    messages: Receiver<(Instant, Value)>,
    next_id: i64,
}

impl Server {
    fn spawn(binary: &Path) -> Result<Server, String> {
        let mut child = Command::new(binary)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (send, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut reader) {
                if send.send(message).is_err() {
                    break;
                }
            }
        });
        Ok(Server {
            child,
            stdin,
            messages,
            next_id: 1,
        })
    }

    fn send(&mut self, message: Value) -> Result<(), String> {
        self.send_frame(&frame(&message))
    }

    /// Write a frame prepared before the clock starts (a didOpen carries the whole note).
    fn send_frame(&mut self, frame: &[u8]) -> Result<(), String> {
        self.stdin
            .write_all(frame)
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("server closed its input: {e}"))
    }

    fn open_frame(uri: &str, text: &str, version: i32) -> Vec<u8> {
        frame(&json!({
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {"textDocument": {
                "uri": uri, "languageId": "markdown", "version": version, "text": text,
            }},
        }))
    }

    fn notify(&mut self, method: &str, params: Value) -> Result<(), String> {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    fn request(&mut self, method: &str, params: Value) -> Result<Value, String> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))?;
        self.wait(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
            .map(|m| m.get("result").cloned().unwrap_or(Value::Null))
    }

    /// The next message `wanted` accepts; server→client requests are answered with `null`
    /// on the way (the bench client offers no capabilities that need more).
    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Result<Value, String> {
        self.wait_timed(wanted).map(|(_, message)| message)
    }

    /// Like `wait`, with the moment the message arrived.
    fn wait_timed(&mut self, wanted: impl Fn(&Value) -> bool) -> Result<(Instant, Value), String> {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (arrived, message) = match self.messages.recv_timeout(left) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => return Err("timed out".into()),
                Err(RecvTimeoutError::Disconnected) => return Err("server exited".into()),
            };
            if wanted(&message) {
                return Ok((arrived, message));
            }
            if let (Some(id), Some(_)) = (message.get("id"), message.get("method")) {
                self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}))?;
            }
        }
    }

    fn initialize(&mut self, root: &Path, options: Value) -> Result<(), String> {
        let root_uri = file_uri(root);
        self.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": root_uri,
                "workspaceFolders": [{"uri": root_uri, "name": "bench"}],
                "initializationOptions": options,
                "capabilities": {
                    "general": {"positionEncodings": ["utf-16"]},
                    "textDocument": {
                        "publishDiagnostics": {"versionSupport": true},
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "definition": {"linkSupport": true},
                    },
                },
            }),
        )?;
        self.notify("initialized", json!({}))
    }

    fn open(&mut self, uri: &str, text: &str, version: i32) -> Result<(), String> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {
                "uri": uri, "languageId": "markdown", "version": version, "text": text,
            }}),
        )
    }

    /// When the diagnostics of `version` arrived.
    fn diagnostics_for(&mut self, uri: &str, version: i32) -> Result<Instant, String> {
        self.wait_timed(|m| {
            m.get("method") == Some(&json!("textDocument/publishDiagnostics"))
                && m["params"]["uri"] == json!(uri)
                && m["params"]["version"] == json!(version)
        })
        .map(|(arrived, _)| arrived)
    }

    fn peak_rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    fn stop(mut self) {
        let _ = self.request("shutdown", Value::Null);
        let _ = self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

fn read_frame(reader: &mut impl BufRead) -> Option<(Instant, Value)> {
    let mut length = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(value) = header.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    let arrived = Instant::now();
    serde_json::from_slice(&body)
        .ok()
        .map(|message| (arrived, message))
}

/// Rows of medians and p99s against their budgets, printed at the end.
#[derive(Default)]
struct Table {
    rows: Vec<(String, Duration, Option<Duration>)>,
    notes: Vec<String>,
}

impl Table {
    fn add(&mut self, label: &str, samples: &[Duration], budget: Option<Duration>) {
        if let Some(median) = percentile(samples, 50.0) {
            self.rows.push((
                format!("{label} (median, n={})", samples.len()),
                median,
                budget,
            ));
        }
    }

    fn add_p99(&mut self, label: &str, samples: &[Duration], budget: Duration) {
        if let Some(p99) = percentile(samples, 99.0) {
            self.rows
                .push((format!("{label} (p99)"), p99, Some(budget)));
        }
    }

    fn note(&mut self, line: String) {
        self.notes.push(line);
    }

    fn print(&self) {
        println!("\n{:<58} {:>12} {:>10}", "end to end", "measured", "budget");
        for (label, value, budget) in &self.rows {
            let budget = budget.map_or_else(String::new, |b| format!("{:.2} ms", millis(b)));
            println!("{label:<58} {:>9.3} ms {budget:>10}", millis(*value));
        }
        for note in &self.notes {
            println!("{note}");
        }
    }
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(samples: &[Duration], pct: f64) -> Option<Duration> {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let last = sorted.len().checked_sub(1)?;
    let index = ((pct / 100.0) * last as f64).round() as usize;
    sorted.get(index.min(last)).copied()
}
