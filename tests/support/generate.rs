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

const WORDS: &[&str] = &[
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "is",
    "for",
    "with",
    "that",
    "on",
    "as",
    "it",
    "by",
    "this",
    "be",
    "from",
    "or",
    "are",
    "when",
    "which",
    "we",
    "now",
    "each",
    "new",
    "only",
    "build",
    "release",
    "parser",
    "buffer",
    "request",
    "server",
    "client",
    "cache",
    "thread",
    "file",
    "option",
    "value",
    "error",
    "message",
    "output",
    "input",
    "test",
    "change",
    "support",
    "format",
    "index",
    "memory",
    "latency",
    "window",
    "plugin",
    "editor",
    "query",
    "table",
    "column",
    "record",
    "page",
    "layout",
    "theme",
    "font",
    "token",
    "stream",
    "queue",
    "handles",
    "returns",
    "keeps",
    "reads",
    "writes",
    "skips",
    "checks",
    "loads",
    "drops",
    "moves",
    "splits",
    "merges",
    "sorts",
    "parses",
    "renders",
    "spawns",
    "waits",
    "retries",
    "quickly",
    "safely",
    "again",
    "still",
    "later",
    "first",
    "last",
    "every",
    "other",
    "same",
    "small",
    "large",
    "empty",
    "stale",
    "default",
    "optional",
    "nested",
    "public",
    "internal",
    "café",
    "naïve",
    "façade",
    "résumé",
    "über",
    "smörgåsbord",
    "jalapeño",
    "coördinate",
];

const NAMES: &[&str] = &[
    "Alice", "Bob", "Paris", "Berlin", "Linux", "Windows", "GitHub", "Mozilla", "Kyoto", "Lisbon",
    "Debian", "Unicode", "Ferris", "Oslo", "Dr. Chen", "María", "Zoë", "Łódź",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A word, a name, or now and then a figure, a date or some markup, as prose from elsewhere
/// has them: versions, sizes, percentages, counts, ISO and written dates, code spans, links.
fn plain_token(rng: &mut Lcg) -> String {
    match rng.next() % 40 {
        0 => format!(
            "v{}.{}.{}",
            rng.next() % 4,
            rng.next() % 30,
            rng.next() % 12
        ),
        1 => format!("{} KiB", 1 << (rng.next() % 12)),
        2 => format!("{}%", rng.next() % 100),
        3 => format!("{},{:03} requests", 1 + rng.next() % 90, rng.next() % 1000),
        4 => format!(
            "{}-{:02}-{:02}",
            2010 + rng.next() % 16,
            1 + rng.next() % 12,
            1 + rng.next() % 28
        ),
        5 => format!(
            "{} {}, {}",
            rng.pick(MONTHS),
            1 + rng.next() % 28,
            1990 + rng.next() % 36
        ),
        6 => format!(
            "`{}_{}({})`",
            rng.pick(WORDS),
            rng.pick(WORDS),
            rng.next() % 10
        ),
        7 => format!(
            "[{}](https://example.org/{}/{})",
            rng.pick(WORDS),
            rng.pick(WORDS),
            rng.next() % 2000
        ),
        8 => format!("**{}**", rng.pick(WORDS)),
        9 => format!("_{}_", rng.pick(WORDS)),
        10 => format!("“{} {}”", rng.pick(WORDS), rng.pick(WORDS)),
        11 => format!("{} — {}", rng.pick(WORDS), rng.pick(WORDS)),
        12 => format!("{} ms", rng.next() % 500),
        13 => format!("{} users", rng.next() % 100_000),
        14..=17 => rng.pick(NAMES).to_string(),
        18 => "日本語".to_string(),
        19 => "🚀".to_string(),
        _ => rng.pick(WORDS).to_string(),
    }
}

fn plain_sentence(rng: &mut Lcg) -> String {
    let words = 6 + rng.next() % 14;
    let mut s = String::new();
    for i in 0..words {
        let token = plain_token(rng);
        if i == 0 {
            let mut chars = token.chars();
            if let Some(c) = chars.next() {
                s.extend(c.to_uppercase());
                s.push_str(chars.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(&token);
        }
    }
    s.push_str(rng.pick(&[".", ".", ".", "?", "!", ":"]));
    s
}

/// Markdown of at least `bytes` bytes that has nothing to do with the demo article, the way a
/// file from another project is: a README or design document with headings, wrapped and long
/// paragraphs, nested lists, tables, code blocks, HTML, links, versions, sizes, dates and
/// non-ASCII text. No front matter, so no source. The same for the same seed.
pub fn generate_plain_markdown(bytes: usize, seed: u64) -> String {
    let mut rng = Lcg(seed ^ 0x5851_F42D_4C95_7F2D);
    let mut out = String::from("# Project handbook\n\n");
    let mut section = 0;
    while out.len() < bytes {
        match rng.next() % 12 {
            0 => {
                section += 1;
                out.push_str(&format!("## {section}. {}\n\n", plain_sentence(&mut rng)));
            }
            1 => {
                for _ in 0..2 + rng.next() % 4 {
                    out.push_str(&format!("- {}\n", plain_sentence(&mut rng)));
                    if rng.next() % 3 == 0 {
                        out.push_str(&format!("  - {}\n", plain_sentence(&mut rng)));
                    }
                }
                out.push('\n');
            }
            2 => {
                for n in 1..=2 + rng.next() % 3 {
                    out.push_str(&format!("{n}. {}\n", plain_sentence(&mut rng)));
                }
                out.push('\n');
            }
            3 => {
                out.push_str("```rust\n");
                for _ in 0..3 + rng.next() % 8 {
                    let (a, b) = (rng.pick(WORDS), rng.next() % 4096);
                    out.push_str(&format!(
                        "let {a}_{b} = {a}::new({b}, \"{}\");\n",
                        rng.pick(WORDS)
                    ));
                }
                out.push_str("```\n\n");
            }
            4 => {
                out.push_str("| name | size | updated |\n|---|---:|---|\n");
                for _ in 0..2 + rng.next() % 5 {
                    out.push_str(&format!(
                        "| {} | {} KiB | {} {} |\n",
                        rng.pick(WORDS),
                        rng.next() % 9000,
                        rng.pick(MONTHS),
                        2000 + rng.next() % 26
                    ));
                }
                out.push('\n');
            }
            5 => out.push_str(&format!("> {}\n\n", plain_sentence(&mut rng))),
            6 => out.push_str(&format!(
                "<!-- {} -->\n<details><summary>{}</summary>\n\n{}\n\n</details>\n\n",
                plain_sentence(&mut rng),
                rng.pick(WORDS),
                plain_sentence(&mut rng)
            )),
            7 => {
                // One long line, as pasted text often is.
                let line: Vec<String> = (0..8 + rng.next() % 16)
                    .map(|_| plain_sentence(&mut rng))
                    .collect();
                out.push_str(&line.join(" "));
                out.push_str("\n\n");
            }
            _ => {
                // A paragraph wrapped at about 80 columns.
                let text: Vec<String> = (0..2 + rng.next() % 5)
                    .map(|_| plain_sentence(&mut rng))
                    .collect();
                let mut column = 0;
                for word in text.join(" ").split(' ') {
                    if column > 0 && column + word.len() > 80 {
                        out.push('\n');
                        column = 0;
                    } else if column > 0 {
                        out.push(' ');
                        column += 1;
                    }
                    out.push_str(word);
                    column += word.len();
                }
                out.push_str("\n\n");
            }
        }
    }
    out
}
