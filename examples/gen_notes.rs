//! Writes deterministic notes about the demo article, or with `--plain` markdown from elsewhere:
//! `cargo run --example gen_notes -- BYTES [SEED] [--plain] [--unique]`.

#[path = "../tests/support/generate.rs"]
mod generate;

fn main() {
    let flag = |name: &str| std::env::args().any(|a| a == name);
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with("--"));
    let bytes = args.next().and_then(|b| b.parse().ok()).unwrap_or(1 << 20);
    let seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(7);
    // `--plain` writes markdown from elsewhere (no source, nothing about the article) instead.
    let notes = if flag("--plain") {
        generate::generate_plain_markdown(bytes, seed)
    } else {
        generate::generate_notes(bytes, seed)
    };
    // `--unique` makes every prose line differ from every other, so that no two blocks share
    // the cache's results: generated notes repeat their lines, which a real note does not.
    let notes = if flag("--unique") {
        uniquely_tagged(&notes)
    } else {
        notes
    };
    // A reader that stops early (`| head`) is not an error.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), notes.as_bytes());
}

/// `notes` with a tag of letters (no figure, no known name) after every line of prose, list
/// item or quotation outside the front matter and code fences; the tags count up, so no two
/// are alike.
fn uniquely_tagged(notes: &str) -> String {
    let mut out = String::with_capacity(notes.len() + notes.len() / 8);
    let (mut in_code, mut count) = (false, 0u64);
    // The front matter's fences are the first `---` line and the next one.
    let mut front_matter_fences = usize::from(notes.starts_with("---"));
    for line in notes.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if front_matter_fences > 0 {
            if body == "---" {
                front_matter_fences += 1;
                front_matter_fences %= 3;
            }
            out.push_str(line);
            continue;
        }
        if body.starts_with("```") {
            in_code = !in_code;
        }
        let prose = !in_code
            && (body.starts_with("- ")
                || body.starts_with("> ")
                || body.chars().next().is_some_and(char::is_alphabetic));
        if !prose {
            out.push_str(line);
            continue;
        }
        count += 1;
        let mut tag = String::new();
        let mut n = count;
        while n > 0 {
            tag.push(char::from(b'a' + (n % 26) as u8));
            n /= 26;
        }
        out.push_str(body);
        out.push_str(" (tag q");
        out.push_str(&tag);
        out.push(')');
        out.push_str(&line[body.len()..]);
    }
    out
}
