//! The `geonotes` binary on the demo workspace: check, extract and source, exit codes, errors.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn geonotes(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_geonotes"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("the binary runs")
}

fn demo(file: &str) -> String {
    repo()
        .join("examples/vostok-2018")
        .join(file)
        .display()
        .to_string()
}

/// (code, text of the flagged span) for every finding of `geonotes check --format json`.
fn findings(out: &Output, note: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(note).unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    let diagnostics: Vec<Value> =
        serde_json::from_slice(&out.stdout).expect("check prints a JSON array");
    diagnostics
        .iter()
        .map(|d| {
            let (start, end) = (&d["range"]["start"], &d["range"]["end"]);
            let line = lines[start["line"].as_u64().unwrap() as usize];
            let utf16: Vec<u16> = line.encode_utf16().collect();
            let (a, b) = (
                start["character"].as_u64().unwrap() as usize,
                end["character"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                start["line"], end["line"],
                "a figure stays on one line here"
            );
            (
                d["code"].as_str().unwrap().to_string(),
                String::from_utf16_lossy(&utf16[a..b]),
            )
        })
        .collect()
}

#[test]
fn check_flags_exactly_the_planted_figures_of_the_demo_notes() {
    let note = demo("notes.md");
    let out = geonotes(&["check", "--format", "json", &note]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "warnings mean exit 1; stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut got = findings(&out, Path::new(&note));
    got.sort();
    let mut expected: Vec<(String, String)> = [
        ("unsupported-figure", "3,500 Chinese troops"),
        ("unsupported-figure", "2,800 miles"),
        ("unsupported-date", "1971"),
        ("unsupported-date", "2012"),
        ("unsupported-figure", "900,000"),
        ("unsupported-figure", "about 150 million"),
        ("unsupported-date", "July 2017"),
        ("unsupported-date", "2016"),
    ]
    .iter()
    .map(|(c, t)| (c.to_string(), t.to_string()))
    .collect();
    expected.sort();
    assert_eq!(got, expected);
}

#[test]
fn check_json_diagnostics_carry_lsp_fields_and_the_fix() {
    let out = geonotes(&["check", "--format", "json", &demo("notes.md")]);
    let diagnostics: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let troops = diagnostics
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("3,500"))
        .expect("3,500 is flagged");
    assert_eq!(troops["severity"], 2);
    assert_eq!(troops["source"], "geonotes");
    assert!(troops["uri"].as_str().unwrap().starts_with("file:///"));
    assert!(
        troops["message"]
            .as_str()
            .unwrap()
            .contains("the source says 3,200 (¶1)"),
        "{}",
        troops["message"]
    );
    let related = &troops["relatedInformation"][0];
    assert!(related["location"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("article.txt"));
    assert_eq!(
        related["location"]["range"]["start"]["line"], 4,
        "3,200 sits on line 5 of the article"
    );
    assert_eq!(troops["data"]["fix"]["newText"], "3,200");
}

#[test]
fn outputs_on_the_demo_are_pinned_byte_for_byte() {
    // JSON is streamed from serde structs; these pin the exact bytes (sorted keys, two-space
    // indentation, `null`s, trailing newline) that the earlier JSON value trees printed, and
    // the human formats alongside. Paths in the fixtures are placeholders for this checkout.
    let demo_dir = repo().join("examples/vostok-2018");
    let table: [(&[&str], &str, &str); 6] = [
        (&["check", "--format", "json"], "notes.md", "check-json.txt"),
        (
            &["check", "--format", "human"],
            "notes.md",
            "check-human.txt",
        ),
        (
            &["extract", "--format", "json"],
            "notes.md",
            "extract-json.txt",
        ),
        (
            &["extract", "--format", "human"],
            "notes.md",
            "extract-human.txt",
        ),
        (
            &["source", "--format", "json"],
            "article.txt",
            "source-json.txt",
        ),
        (
            &["source", "--format", "human"],
            "article.txt",
            "source-human.txt",
        ),
    ];
    for (args, input, fixture) in table {
        let input = demo(input);
        let out = geonotes(&[args, &[input.as_str()]].concat());
        let expected = std::fs::read_to_string(repo().join("tests/fixtures/cli").join(fixture))
            .expect("the pinned output is readable")
            .replace("{DEMO_URI}", &geonotes::workspace::path_to_uri(&demo_dir))
            .replace("{DEMO_DIR}", &demo_dir.display().to_string());
        let got = String::from_utf8_lossy(&out.stdout);
        assert!(
            got == expected,
            "geonotes {args:?} changed:\n--- got\n{got}\n--- expected ({fixture})\n{expected}"
        );
    }
}

#[test]
fn check_output_into_a_closed_pipe_ends_quietly_with_the_findings_exit_code() {
    let dir = std::env::temp_dir().join(format!("geonotes-cli-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(demo("article.txt"), dir.join("article.txt")).unwrap();
    let note = dir.join("long.md");
    // The demo note's body a hundred times: far more output than a pipe buffers, so the writer
    // meets the closed pipe mid-stream.
    let demo_note = std::fs::read_to_string(demo("notes.md")).unwrap();
    let body_start = demo_note[3..]
        .find("\n---\n")
        .expect("the demo has front matter")
        + 8;
    let body = &demo_note[body_start..];
    std::fs::write(
        &note,
        format!("{}{}", &demo_note[..body_start], body.repeat(100)),
    )
    .unwrap();
    for format in ["human", "json"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_geonotes"))
            .args(["check", "--format", format, &note.display().to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let mut head = [0u8; 64];
        std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut head).unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).as_ref()
            ),
            (Some(1), ""),
            "{format}: warnings still mean exit 1, and nothing is said about the pipe"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn check_human_output_reads_like_a_compiler() {
    let out = geonotes(&["check", &demo("notes.md")]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("notes.md:"), "{text}");
    assert!(text.contains("warning[unsupported-figure]"), "{text}");
    assert!(text.contains("^^^^^"), "{text}");
    assert!(text.contains("= source ¶1:"), "{text}");
    assert!(
        text.contains("1 note(s) checked: 0 error(s), 8 warning(s)"),
        "{text}"
    );
}

#[test]
fn check_exit_codes_for_clean_notes_and_bad_input() {
    let dir = std::env::temp_dir().join(format!("geonotes-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        repo().join("examples/vostok-2018/article.txt"),
        dir.join("article.txt"),
    )
    .unwrap();
    std::fs::write(
        dir.join("clean.md"),
        "---\nsource: article.txt\n---\nSome 300,000 Russians took part [¶1].\n",
    )
    .unwrap();
    let clean = geonotes(&["check", &dir.join("clean.md").display().to_string()]);
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );
    let missing = geonotes(&["check", "/no/such/notes.md"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("does not exist"));
    let bad_flag = geonotes(&["check", "--format", "xml", &demo("notes.md")]);
    assert_eq!(bad_flag.status.code(), Some(2));
    std::fs::write(dir.join("nosource.md"), "Just 12 words.\n").unwrap();
    let nosource = geonotes(&[
        "check",
        "--format",
        "json",
        &dir.join("nosource.md").display().to_string(),
    ]);
    let d: Vec<Value> = serde_json::from_slice(&nosource.stdout).unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["code"], "no-source");
    assert_eq!(nosource.status.code(), Some(0), "information only");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn extract_prints_entities_figures_and_dates_with_values() {
    let out = geonotes(&["extract", &demo("notes.md")]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mentions = v["mentions"].as_array().unwrap();
    let find = |text: &str| {
        mentions
            .iter()
            .find(|m| m["text"] == text)
            .unwrap_or_else(|| panic!("{text} not extracted"))
    };
    assert_eq!(find("3,500 Chinese troops")["value"], 3500.0);
    assert_eq!(find("3,500 Chinese troops")["unit"], "troop");
    assert_eq!(find("2014-15")["iso"], "2014/2015");
    assert_eq!(find("August 2017")["iso"], "2017-08");
    assert_eq!(find("1980s")["iso"], "1980/1989");
    assert_eq!(find("S-400")["kind"], "weapon");
    assert_eq!(find("Vostok-2018")["kind"], "event");
    assert_eq!(find("Kremlin")["id"], "kremlin");
    assert!(
        mentions
            .iter()
            .all(|m| !m["text"].as_str().unwrap().contains("99")),
        "nothing from the code block"
    );
    assert!(
        mentions.iter().all(|m| m["text"] != "1234"),
        "nothing from the autolink"
    );
}

#[test]
fn source_prints_sixteen_paragraphs_with_sections() {
    let out = geonotes(&["source", "--format", "json", &demo("article.txt")]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paragraphs = v["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 16);
    assert!(paragraphs[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Early last week"));
    assert_eq!(paragraphs[2]["section"], "BUILDING THE BOND");
    assert_eq!(paragraphs[14]["range"]["start"]["line"], 144);
}

#[test]
fn extract_reads_stdin_and_repairs_invalid_utf8_with_a_warning() {
    let table: [(&[u8], &str, bool); 2] = [
        (
            b"Troops: 3,500 in 2018.\n",
            "1:9\tfigure\t3,500\n1:18\tdate\t2018\n",
            false,
        ),
        // U+FFFD replaces the stray byte, so the year moves one UTF-16 column right.
        (
            b"Troops: 3,500 in \xff 2018.\n",
            "1:9\tfigure\t3,500\n1:20\tdate\t2018\n",
            true,
        ),
    ];
    for (input, expected, warned) in table {
        let mut child = Command::new(env!("CARGO_BIN_EXE_geonotes"))
            .args(["extract", "--format", "human", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), input).unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
        assert_eq!(
            stderr.contains("stdin is not valid UTF-8"),
            warned,
            "stderr: {stderr}"
        );
    }
}

#[test]
fn check_human_shows_a_window_of_a_long_line_with_exact_columns() {
    let dir = std::env::temp_dir().join(format!("geonotes-cli-long-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(demo("article.txt"), dir.join("article.txt")).unwrap();
    // Non-ASCII filler: columns count characters, and the window cuts on char boundaries.
    let line = format!(
        "{}Some 3,500 Chinese troops took part [¶1]. {}It began in 1971.",
        "Ünïcode filler words here. ".repeat(40),
        "more filler text. ".repeat(40)
    );
    let note = dir.join("long.md");
    std::fs::write(&note, format!("---\nsource: article.txt\n---\n{line}\n")).unwrap();
    let out = geonotes(&["check", &note.display().to_string()]);
    let text = String::from_utf8_lossy(&out.stdout);
    let shown: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(":4:") || l.starts_with("4 |") || l.contains('^'))
        .collect();
    let path = note.display().to_string();
    let troops_header = format!("{path}:4:1081: information[approximate-figure]: `Some 3,500 Chinese troops` is close to the source's 3,200 Chinese troops (¶1)");
    let year_header = format!("{path}:4:1855: warning[unsupported-date]: the source does not support the date `1971`: the source has 2014 (¶15)");
    let expected = [
        troops_header.as_str(),
        "4 | …here. Ünïcode filler words here. Ünïcode filler words here. Some 3,500 Chinese troops took part [¶1]. more filler text. more filler text. more fi…",
        "  |                                                              ^^^^^^^^^^^^^^^^^^^^^^^^^",
        year_header.as_str(),
        "4 | …iller text. more filler text. more filler text. It began in 1971.",
        "  |                                                              ^^^^",
    ];
    assert_eq!(shown, expected, "{text}");
    std::fs::remove_dir_all(&dir).ok();
}

/// A cloned repository's notes name their own `source:`: `check` reads it only inside the
/// folders it was asked to check (or the project file's folder), so a note cannot make it
/// print the lines of a file elsewhere, through `..` or a symlink, unless the user says so.
#[cfg(unix)]
#[test]
fn check_reads_no_source_outside_the_folders_it_checks() {
    const CANARY: &str = "CANARY-7f3a";
    let tmp = tempfile::tempdir().unwrap();
    let (outside, repo) = (tmp.path().join("elsewhere"), tmp.path().join("repo"));
    let notes = repo.join("notes");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(&notes).unwrap();
    std::fs::create_dir_all(repo.join("articles")).unwrap();
    // An article-like private file: its one figure is near the notes' figure, so a check
    // against it would quote its sentence as "the source says".
    let secret = format!("Private\n\nThe {CANARY} vault holds 4,321 keys.\n");
    std::fs::write(outside.join("secret.txt"), &secret).unwrap();
    std::fs::write(repo.join("articles/a.txt"), secret.replace(CANARY, "open")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), notes.join("link.txt")).unwrap();
    let note = |name: &str, source: &str| {
        let body = format!("---\nsource: {source}\n---\nThe vault holds 4,322 keys.\n");
        std::fs::write(notes.join(name), body).unwrap();
    };
    note("dotdot.md", "../../elsewhere/secret.txt");
    note("link.md", "link.txt");
    note(
        "absolute.md",
        &outside.join("secret.txt").display().to_string(),
    );
    note("sibling.md", "../articles/a.txt");
    let check = |args: &[&str]| {
        let out = geonotes(args);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        (out.status.code(), stdout)
    };
    // How many notes' sources were refused, by the JSON format.
    let refused = |out: &str| -> Vec<Value> {
        let diagnostics: Vec<Value> = serde_json::from_str(out).unwrap();
        diagnostics
            .into_iter()
            .filter(|d| d["code"] == "source-unreadable")
            .collect()
    };
    let repo_arg = repo.display().to_string();
    let notes_arg = notes.display().to_string();

    // The repository checked as a whole: its own article is read, nothing outside it. The
    // human format quotes the source's sentences, the JSON one points at them.
    let (code, out) = check(&["check", &repo_arg]);
    assert_eq!(code, Some(1), "{out}");
    assert!(!out.contains(CANARY), "a source outside was read: {out}");
    let (_, out) = check(&["check", "--format", "json", &repo_arg]);
    assert_eq!(refused(&out).len(), 3, "{out}");
    for d in &refused(&out) {
        let message = d["message"].as_str().unwrap();
        assert!(message.contains("outside"), "{message}");
        assert!(message.contains("--allow-outside-workspace"), "{message}");
        assert_eq!(d["range"]["start"]["line"], 1, "on the source: line");
    }
    let diagnostics: Vec<Value> = serde_json::from_str(&out).unwrap();
    let sibling = diagnostics
        .iter()
        .find(|d| d["uri"].as_str().unwrap().ends_with("sibling.md"))
        .expect("the note with its article in the repository is checked");
    assert_eq!(sibling["code"], "unsupported-figure", "{sibling}");

    // Only the notes folder named: its sibling folder is outside too, until a project file
    // marks the repository's root.
    let (_, out) = check(&["check", "--format", "json", &notes_arg]);
    assert_eq!(refused(&out).len(), 4, "{out}");
    // The project file's knowledge files are held to the same places.
    std::fs::write(outside.join("kb.json"), r#"{"entities": []}"#).unwrap();
    std::fs::write(
        repo.join(".geonotes.json"),
        r#"{"knowledge": ["../elsewhere/kb.json"]}"#,
    )
    .unwrap();
    let out = geonotes(&["check", "--format", "json", &notes_arg]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(refused(&stdout).len(), 3, "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches("knowledge base not read").count(),
        1,
        "once, however many notes: {stderr}"
    );

    // The user's word: then the file is read (which shows this test can see a read).
    let (_, out) = check(&["check", "--allow-outside-workspace", &repo_arg]);
    assert!(out.contains(CANARY), "{out}");
}
