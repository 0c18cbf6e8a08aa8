//! `geonotes source`: the article model (paragraphs, sections, figures, entities) of one source.

use super::render::{lsp_range, mention_json};
use super::Format;
use geonotes::article::Article;
use geonotes::kb::KnowledgeBase;
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

pub fn run(file: &Path, format: Format) -> ExitCode {
    let text = match super::read_input(file) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let kb = KnowledgeBase::builtin();
    let article = Article::parse(text, &kb, None);
    match format {
        Format::Json => {
            let paragraphs: Vec<_> = article
                .paragraphs
                .iter()
                .map(|p| {
                    let mentions: Vec<_> = p
                        .mentions()
                        .iter()
                        .map(|m| mention_json(&article.text, &article.lines, m, &kb))
                        .collect();
                    json!({
                        "n": p.n,
                        "range": lsp_range(&article.text, &article.lines, &p.span),
                        "section": p.section,
                        "text": p.normalized(),
                        "mentions": mentions,
                    })
                })
                .collect();
            let headings: Vec<_> = article.headings.iter().map(|h| json!({"text": h.text, "title": h.is_title, "range": lsp_range(&article.text, &article.lines, &h.span)})).collect();
            out!(
                "{}",
                serde_json::to_string_pretty(
                    &json!({"headings": headings, "paragraphs": paragraphs})
                )
                .unwrap_or_default()
            );
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
                    let v = mention_json(&article.text, &article.lines, m, &kb);
                    out!(
                        "    {:<8} {}",
                        v["kind"].as_str().unwrap_or(""),
                        v["text"].as_str().unwrap_or("")
                    );
                }
            }
        }
    }
    ExitCode::SUCCESS
}
