//! Fuzz target: a note parsed in windows (`notes::split_parse`), cut at any line starts, must
//! equal a parse of the whole whenever its seams pass their check.
#![no_main]

use geonotes::notes::{markdown, split_parse};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

/// Pieces that open, continue or close blocks across lines.
const PIECES: &[&str] = &[
    "a", "7", " ", "\n", "\n\n", "\r\n", "```", "~~~", "- ", "* ", "1. ", "> ", "# ", "    ", "|",
    "---", "===", "<!--", "-->", "<div>", "</div>", "[a]", "![i](p)", "https://x.org/1", "*",
    "¶", "👍", "é",
];

fn run(u: &mut Unstructured) -> Result<()> {
    let n = u.int_in_range(0..=80)?;
    let mut text = String::new();
    for _ in 0..n {
        text.push_str(u.choose(PIECES)?);
    }
    let starts: Vec<usize> = (1..text.len()).filter(|&i| text.as_bytes()[i - 1] == b'\n').collect();
    if starts.is_empty() {
        return Ok(());
    }
    let mut cuts = Vec::new();
    for _ in 0..u.int_in_range(1..=3)? {
        cuts.push(*u.choose(&starts)?);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let threads = u.int_in_range(1..=2)?;
    if let Some(windows) = split_parse::try_parse_in_windows(&text, 0, &cuts, threads) {
        assert_eq!(windows, markdown::parse(&text, 0));
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
