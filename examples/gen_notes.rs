//! Writes deterministic notes about the demo article, or with `--plain` markdown from elsewhere:
//! `cargo run --example gen_notes -- BYTES [SEED] [--plain]`.

#[path = "../tests/support/generate.rs"]
mod generate;

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--plain");
    let bytes = args.next().and_then(|b| b.parse().ok()).unwrap_or(1 << 20);
    let seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(7);
    // `--plain` writes markdown from elsewhere (no source, nothing about the article) instead.
    let notes = if std::env::args().any(|a| a == "--plain") {
        generate::generate_plain_markdown(bytes, seed)
    } else {
        generate::generate_notes(bytes, seed)
    };
    // A reader that stops early (`| head`) is not an error.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), notes.as_bytes());
}
