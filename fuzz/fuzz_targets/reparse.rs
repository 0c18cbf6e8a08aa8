//! Fuzz target: the markdown re-parse after an edit (`notes::incremental::reparse`) must equal a
//! full parse of the edited note, whatever the note and the edit.
#![no_main]

use geonotes::notes::{incremental, markdown};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

/// Pieces that change how markdown around them parses.
const PIECES: &[&str] = &[
    "a", "7", " ", "\n", "\n\n", "\r\n", "```", "~~~", "- ", "* ", "1. ", "> ", "# ", "    ", "|",
    "---", "<!--", "-->", "<div>", "[a]", "]:", "![i](p)", "https://x.org/1", "¶", "👍", "é",
];

fn piece_text(u: &mut Unstructured, max: usize) -> Result<String> {
    let n = u.int_in_range(0..=max)?;
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(u.choose(PIECES)?);
    }
    Ok(s)
}

fn run(u: &mut Unstructured) -> Result<()> {
    let old = piece_text(u, 60)?;
    let boundaries: Vec<usize> = (0..=old.len()).filter(|&i| old.is_char_boundary(i)).collect();
    let start = *u.choose(&boundaries)?;
    let end = *u.choose(&boundaries)?;
    let (start, end) = (start.min(end), start.max(end));
    let new = format!("{}{}{}", &old[..start], piece_text(u, 4)?, &old[end..]);
    let old_prose = markdown::parse(&old, 0);
    assert_eq!(incremental::reparse(&old, old_prose, &new, 0), markdown::parse(&new, 0));
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
