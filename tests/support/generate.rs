//! Deterministic notes about the demo article, of any size, for benchmarks and stress tests.
//!
//! Shared by `examples/gen_notes.rs`, `benches/` and `tests/` through `#[path]` includes, so the
//! library carries no test-only code. The output mixes every construct the analysis meets:
//! headings, lists, blockquotes, quotations, code blocks, links, entities of every kind, and
//! supported and unsupported figures and dates.
#![allow(dead_code)] // each includer uses only some of the generators

/// A small, fast, deterministic generator (64-bit LCG); good enough to vary templates.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() % items.len()]
    }
}

const SENTENCES: &[&str] = &[
    "Some 300,000 Russians trained alongside 3,200 Chinese troops in eastern Siberia [¶1].",
    "The handout claims 3,500 Chinese troops took part in Vostok-2018.",
    "Russia and China share a 2,600-mile border, settled in 2004 [¶3].",
    "A colleague says the border runs 2,800 miles and the clash came in 1971.",
    "After the two-day clash in 1969 both sides militarized the frontier.",
    "China has been Russia's top trading partner since 2010 [¶5].",
    "The Kremlin turned to Beijing after the annexation of Crimea in 2014.",
    "The Chinese population in Russia does not exceed 600,000 [¶8], not 900,000.",
    "Congress passed new sanctions in August 2017; Putin stayed in power.",
    "China bought the S-400 in 2014 and the Su-35 later [¶15].",
    "Theft of the Su-27 design, copied as the J-11B, slowed arms sales in 2005.",
    "NATO and the PLA watch the Belt and Road Initiative in Central Asia.",
    "James Mattis was dismissive; Donald Trump's administration did not change course.",
    "The bordering provinces hold about 150 million people, I wrote in class.",
    "U.S. planning of half a century could be upended [¶2].",
    "The Eurasian Economic Union gives Russian companies access to Kazakhstan and Kyrgyzstan.",
    "The ruble fell in 2014-15 and Chinese workers left Russia.",
];

const QUOTES: &[&str] = &[
    "> \"I see little in the long term that aligns Russia and China,\" Mattis said.",
    "> \"I see much in the long term that aligns Russia and India,\" a misquote reads.",
    "The author warns of \"a half century of U.S. military planning and strategy\" at risk.",
];

const HEADINGS: &[&str] = &[
    "## The exercise",
    "## Why the two sides move closer",
    "## Mistrust that faded",
    "## Arms and the balance",
];

/// Notes of at least `bytes` bytes (a little more: whole blocks only), the same for the same seed.
pub fn generate_notes(bytes: usize, seed: u64) -> String {
    let mut rng = Lcg(seed ^ 0x9E37_79B9_7F4A_7C15);
    let mut out = String::with_capacity(bytes + 1024);
    out.push_str(
        "---\nsource: article.txt\npublished: 2018-09-24\n---\n# Generated reading notes\n\n",
    );
    let mut block = 0usize;
    while out.len() < bytes {
        match block % 12 {
            0 => {
                out.push_str(rng.pick(HEADINGS));
                out.push_str("\n\n");
            }
            5 => {
                out.push_str(rng.pick(QUOTES));
                out.push_str("\n\n");
            }
            9 => out.push_str("```text\ntroops=4,000 jets=24 year=1999 ¶99\n```\n\n"),
            11 => out.push_str("See https://example.org/2018/09/report-300000 for the map.\n\n"),
            k if k % 2 == 0 => {
                for _ in 0..3 {
                    out.push_str("- ");
                    out.push_str(rng.pick(SENTENCES));
                    out.push('\n');
                }
                out.push('\n');
            }
            _ => {
                for i in 0..4 {
                    out.push_str(rng.pick(SENTENCES));
                    out.push(if i % 2 == 0 { ' ' } else { '\n' });
                }
                out.push('\n');
            }
        }
        block += 1;
    }
    out
}

/// One paragraph on a single line, `bytes` long or a little more.
pub fn generate_single_line(bytes: usize, seed: u64) -> String {
    let mut rng = Lcg(seed);
    let mut out = String::with_capacity(bytes + 256);
    while out.len() < bytes {
        out.push_str(rng.pick(SENTENCES));
        out.push(' ');
    }
    out
}
