//! `geonotes source`: the article model (paragraphs, sections, figures, entities) of one source.

use super::render::mention::{kind_name, mention_text, MentionJson, Streamed};
use super::render::Range;
use super::Format;
use geonotes::article::Article;
use geonotes::kb::KnowledgeBase;
use serde::Serialize;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

// Fields in sorted key order, as the JSON has always had them.
#[derive(Serialize)]
struct HeadingJson<'a> {
    range: Range,
    text: &'a str,
    title: bool,
}

#[derive(Serialize)]
struct ParagraphJson<'a, M> {
    mentions: M,
    n: u32,
    range: Range,
    section: Option<&'a str>,
    text: &'a str,
}

#[derive(Serialize)]
struct SourceJson<'a, P> {
    headings: Vec<HeadingJson<'a>>,
    paragraphs: P,
}

pub fn run(file: &Path, format: Format) -> ExitCode {
    let text = match super::read_input(file) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let kb = KnowledgeBase::builtin();
    let article = match super::contained(file, "reading it as an article", || {
        Article::parse(text, &kb, None)
    }) {
        Ok(article) => article,
        Err(message) => {
            eprintln!("geonotes: {message}");
            return ExitCode::from(2);
        }
    };
    match format {
        Format::Json => {
            let (text, lines) = (&article.text, &article.lines);
            let headings: Vec<HeadingJson> = article
                .headings
                .iter()
                .map(|h| HeadingJson {
                    range: Range::of(text, lines, &h.span),
                    text: &h.text,
                    title: h.is_title,
                })
                .collect();
            let paragraphs = Streamed(|| {
                article.paragraphs.iter().map(|p| ParagraphJson {
                    mentions: Streamed(|| {
                        p.mentions()
                            .iter()
                            .map(|m| MentionJson::new(text, lines, m, &kb))
                    }),
                    n: p.n,
                    range: Range::of(text, lines, &p.span),
                    section: p.section.as_deref(),
                    text: p.normalized(),
                })
            });
            let mut out = BufWriter::new(std::io::stdout().lock());
            // Write errors (a closed pipe) end the output quietly.
            let _ = serde_json::to_writer_pretty(
                &mut out,
                &SourceJson {
                    headings,
                    paragraphs,
                },
            )
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
            .and_then(|()| out.flush());
        }
        Format::Human => {
            for h in article.headings.iter().filter(|h| h.is_title) {
                out!("title: {}", h.text);
            }
            for p in &article.paragraphs {
                let words: Vec<&str> = p.normalized().split_whitespace().take(8).collect();
                let section = p
                    .section
                    .as_deref()
                    .map(|s| format!(" [{s}]"))
                    .unwrap_or_default();
                out!(
                    "¶{} lines {}-{}{section}: {} …",
                    p.n,
                    p.first_line + 1,
                    p.last_line + 1,
                    words.join(" ")
                );
                for m in p.mentions() {
                    out!(
                        "    {:<8} {}",
                        kind_name(m, &kb),
                        mention_text(&article.text, &m.span)
                    );
                }
            }
        }
    }
    ExitCode::SUCCESS
}
