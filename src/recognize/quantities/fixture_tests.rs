//! Table-driven tests of `recognize` over the fixture files in tests/fixtures/quantities and
//! over the whole demo article.

use super::{recognize, QuantityContext};
use crate::model::{PartialDate, Qualifier};
use crate::text::Normalized;

struct Block {
    line: usize,
    input: String,
    ctx: QuantityContext,
    figures: Vec<String>,
    dates: Vec<String>,
}

fn parse_date(text: &str) -> Option<PartialDate> {
    let mut parts = text.split('-').map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    Some(PartialDate::day(y as i32, m as u8, d as u8))
}

/// Normalize a fixture row: trimmed cells joined by " | ".
fn row(cells: &str) -> String {
    cells
        .split('|')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" | ")
}

fn blocks(fixture: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut published = None;
    for (index, line) in fixture.lines().enumerate() {
        let line = line.trim();
        if let Some(date) = line.strip_prefix("published:") {
            published = parse_date(date.trim());
        } else if let Some((kind, input)) = line
            .split_once(": ")
            .filter(|(k, _)| *k == "input" || *k == "article")
        {
            let ctx = QuantityContext {
                published,
                footnote_markers: kind == "article",
            };
            blocks.push(Block {
                line: index + 1,
                input: input.to_string(),
                ctx,
                figures: vec![],
                dates: vec![],
            });
        } else if let Some(expected) = line.strip_prefix("fig:") {
            blocks
                .last_mut()
                .expect("fig: after input:")
                .figures
                .push(row(expected));
        } else if let Some(expected) = line.strip_prefix("date:") {
            blocks
                .last_mut()
                .expect("date: after input:")
                .dates
                .push(row(expected));
        } else {
            assert!(
                line.is_empty() || line.starts_with('#'),
                "unknown fixture line {}: {line}",
                index + 1
            );
        }
    }
    blocks
}

fn qualifier_name(q: Option<Qualifier>) -> &'static str {
    match q {
        None => "-",
        Some(Qualifier::About) => "about",
        Some(Qualifier::AtLeast) => "at-least",
        Some(Qualifier::AtMost) => "at-most",
    }
}

/// Describe what was found in the fixture's own row format; the number span only when the
/// expected row names one.
fn check(fixture: &str) {
    let mut failures = Vec::new();
    for block in blocks(fixture) {
        let found = recognize(&block.input, &block.ctx);
        let figures: Vec<String> = found
            .figures
            .iter()
            .zip(
                block
                    .figures
                    .iter()
                    .map(Some)
                    .chain(std::iter::repeat(None)),
            )
            .map(|(f, expected)| {
                let unit = f.unit.as_ref().map_or("-", |u| u.name.as_str());
                let mut cells = vec![
                    block.input[f.span.clone()].to_string(),
                    f.value.to_string(),
                    unit.to_string(),
                    qualifier_name(f.qualifier).to_string(),
                ];
                if expected.is_some_and(|e| e.split(" | ").count() == 5) {
                    cells.push(block.input[f.number_span.clone()].to_string());
                }
                cells.join(" | ")
            })
            .collect();
        let dates: Vec<String> = found
            .dates
            .iter()
            .map(|d| {
                format!(
                    "{} | {}",
                    &block.input[d.span.clone()],
                    d.value.map_or("none".to_string(), |v| v.iso())
                )
            })
            .collect();
        if figures != block.figures || dates != block.dates {
            failures.push(format!(
                "line {}: {}\n  figures: expected {:?}\n           found    {:?}\n  dates:   expected {:?}\n           found    {:?}",
                block.line, block.input, block.figures, figures, block.dates, dates
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture blocks differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn figure_fixtures() {
    check(include_str!(
        "../../../tests/fixtures/quantities/figures.txt"
    ));
}

#[test]
fn date_fixtures() {
    check(include_str!("../../../tests/fixtures/quantities/dates.txt"));
}

/// Every figure and date of the demo article, one per line: "fig: TEXT | VALUE | UNIT" or
/// "date: TEXT | ISO", in text order.
fn article_listing(text: &str) -> Vec<String> {
    let normalized = Normalized::new(text);
    let ctx = QuantityContext {
        published: None,
        footnote_markers: true,
    };
    let found = recognize(&normalized.text, &ctx);
    let mut lines: Vec<(usize, String)> = found
        .figures
        .iter()
        .map(|f| {
            let unit = f.unit.as_ref().map_or("-", |u| u.name.as_str());
            let text = &normalized.text[f.span.clone()];
            (
                f.span.start,
                format!(
                    "fig: {text} | {} | {unit} | {}",
                    f.value,
                    qualifier_name(f.qualifier)
                ),
            )
        })
        .chain(found.dates.iter().map(|d| {
            let iso = d.value.map_or("none".to_string(), |v| v.iso());
            (
                d.span.start,
                format!("date: {} | {iso}", &normalized.text[d.span.clone()]),
            )
        }))
        .collect();
    lines.sort();
    lines.into_iter().map(|(_, line)| line).collect()
}

#[test]
fn demo_article_figures_and_dates_are_pinned() {
    let found = article_listing(include_str!("../../../examples/vostok-2018/article.txt"));
    let expected: Vec<String> =
        include_str!("../../../tests/fixtures/quantities/article-expected.txt")
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(row)
            .collect();
    let found: Vec<String> = found.iter().map(|l| row(l)).collect();
    assert_eq!(
        found,
        expected,
        "demo article listing changed:\n{}",
        found.join("\n")
    );
}

mod properties {
    use super::super::{recognize, QuantityContext};
    use crate::model::PartialDate;
    use proptest::prelude::*;

    /// Pieces that exercise the grammar's edges when strung together at random.
    const PIECES: &[&str] = &[
        "3,200", "2014", "-", "15", " ", "a", "half", "million", "$", "€", "5bn", "percent", "%",
        "and", "twenty", "five", "August", "17", ",", ".", "¶", "S-", "400", "last", "week",
        "earlier", "this", "year", "the", "1980s", "'", "troops", "over", "some", "/", "3/4", "½",
        "é", "日本", "\n", "1.", "2)", "10:30", "km", "m", "mid-", "from", "to", "between", "ago",
        "three", "dozen", "point",
    ];

    proptest! {
        #[test]
        fn spans_are_sorted_disjoint_and_on_char_boundaries(
            picks in proptest::collection::vec(0..PIECES.len(), 0..40),
            published in proptest::option::of((1990i32..2030, 1u8..=12, 1u8..=28)),
            markers: bool,
        ) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join(" ");
            let ctx = QuantityContext {
                published: published.map(|(y, m, d)| PartialDate::day(y, m, d)),
                footnote_markers: markers,
            };
            let found = recognize(&text, &ctx);
            let mut spans: Vec<_> = found.figures.iter().map(|f| f.span.clone())
                .chain(found.dates.iter().map(|d| d.span.clone())).collect();
            for f in &found.figures {
                prop_assert!(f.span.start <= f.number_span.start && f.number_span.end <= f.span.end, "{text:?}");
                prop_assert!(f.value.is_finite(), "{text:?}");
            }
            spans.sort_by_key(|s| s.start);
            for pair in spans.windows(2) {
                prop_assert!(pair[0].end <= pair[1].start, "overlap in {text:?}: {spans:?}");
            }
            for span in &spans {
                prop_assert!(span.start < span.end && text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
            let figure_starts: Vec<_> = found.figures.iter().map(|f| f.span.start).collect();
            prop_assert!(figure_starts.windows(2).all(|w| w[0] < w[1]));
            let date_starts: Vec<_> = found.dates.iter().map(|d| d.span.start).collect();
            prop_assert!(date_starts.windows(2).all(|w| w[0] < w[1]));
        }
    }
}
