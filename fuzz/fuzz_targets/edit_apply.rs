//! Fuzz target: a sequence of incremental edits applied to an LSP document, against a naive
//! oracle that edits a `String` (lines split on CRLF, LF and CR; columns counted in UTF-8 or
//! UTF-16 and clamped). The document's text must equal the oracle's after every edit, and a
//! full-sync replacement must give the same text as the incremental path. Positions are found
//! through the rope or by scanning the text (a huge note's way), as the input chooses.
#![no_main]

use geonotes::lsp::documents::{Document, Edit};
use geonotes::position::{Encoding, LineCol};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

/// Pieces that make edits land in awkward places.
const PIECES: &[&str] = &[
    "a", "7", " ", "\t", "\n", "\r", "\r\n", "👍", "🇷🇺", "e\u{301}", "中", "П", "\u{2028}", "¶", "#",
    "-", "`", "[¶3]", "3,200",
];

fn text(u: &mut Unstructured) -> Result<String> {
    let n = u.int_in_range(0..=12)?;
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(u.choose(PIECES)?);
    }
    Ok(s)
}

/// (start, end of content) of each line, split on CRLF, LF and CR.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let (mut out, mut start, mut i) = (Vec::new(), 0, 0);
    while i < b.len() {
        let width = match (b[i], b.get(i + 1)) {
            (b'\r', Some(b'\n')) => 2,
            (b'\r' | b'\n', _) => 1,
            _ => 0,
        };
        if width > 0 {
            out.push((start, i));
            i += width;
            start = i;
        } else {
            i += 1;
        }
    }
    out.push((start, b.len()));
    out
}

fn offset(text: &str, pos: LineCol, encoding: Encoding) -> usize {
    let Some(&(start, end)) = lines(text).get(pos.line as usize) else {
        return text.len();
    };
    let mut seen = 0u32;
    for (i, c) in text[start..end].char_indices() {
        seen += match encoding {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
        };
        if seen > pos.col {
            return start + i;
        }
    }
    end
}

fn run(u: &mut Unstructured) -> Result<()> {
    let encoding = if u.arbitrary::<bool>()? { Encoding::Utf16 } else { Encoding::Utf8 };
    let mut oracle = text(u)?;
    let mut doc = Document::new(oracle.clone(), 0, "markdown");
    // Positions found through the rope, or by scanning the text as a huge note's are.
    if u.arbitrary::<bool>()? {
        doc.scan_positions_from(0);
    }
    let mut version = 0;
    while !u.is_empty() {
        let mut pos = || -> Result<LineCol> {
            Ok(LineCol { line: u.int_in_range(0..=6)?, col: u.int_in_range(0..=12)? })
        };
        let (a, b) = (pos()?, pos()?);
        let new_text = text(u)?;
        let (x, y) = (offset(&oracle, a, encoding), offset(&oracle, b, encoding));
        oracle.replace_range(x.min(y)..x.max(y), &new_text);
        version += 1;
        doc.apply(version, &[Edit { range: Some((a, b)), text: new_text }], encoding);
        assert_eq!(doc.text().as_str(), oracle.as_str(), "after an edit of {a:?}..{b:?}");
        assert!(doc.rope_text().is_none_or(|rope| rope == oracle), "the rope after {a:?}..{b:?}");
    }
    let mut full = Document::new(String::new(), 0, "markdown");
    full.apply(1, &[Edit { range: None, text: oracle.clone() }], encoding);
    assert_eq!(full.text(), doc.text());
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
