//! Writes deterministic notes about the demo article: `cargo run --example gen_notes -- BYTES [SEED]`.

#[path = "../tests/support/generate.rs"]
mod generate;

fn main() {
    let mut args = std::env::args().skip(1);
    let bytes = args.next().and_then(|b| b.parse().ok()).unwrap_or(1 << 20);
    let seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(7);
    let notes = generate::generate_notes(bytes, seed);
    // A reader that stops early (`| head`) is not an error.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), notes.as_bytes());
}
