//! The analysis of one note against its source: the entry point that the CLI and server call.
//!
//! `analyze_note` never fails: whatever the text, it returns mentions and findings. Reading the
//! source article is the caller's job (it is I/O); the caller says what it found in `Source`.

use crate::article::Article;
use crate::check::{self, codes, Finding};
use crate::config::Severities;
use crate::kb::KnowledgeBase;
use crate::model::{PartialDate, Span};
use crate::notes::directives::Suppressions;
use crate::notes::frontmatter::FrontMatter;
use crate::notes::markdown;
use crate::notes::text_print::TextPrint;
use crate::position::LineIndex;
use crate::prose;
use crate::recognize::quantities::QuantityContext;
use std::sync::Arc;

mod cache;
mod findings;
mod note;
mod parsed;
mod pieces;
mod stored;

pub use cache::AnalysisCache;
use cache::{block_keys, parallel_map, BlockKey, BlockMap, CachedBlock};
use findings::NoteFindings;
pub use findings::{FindingGroup, GroupIdentity, NoteFinding};
pub use note::{MentionId, NoteAnalysis, NoteBlock};
pub use parsed::ParsedNote;

/// What the caller knows about the note's source article.
#[derive(Clone, Copy, Debug)]
pub enum Source<'a> {
    /// Neither the front matter nor the project file names a source.
    None,
    /// A source is named but could not be used; `reason` says why and how to fix it.
    Unreadable {
        reason: &'a str,
    },
    Loaded(&'a Article),
}

/// Settings that shape one note's analysis.
#[derive(Clone, Debug, Default)]
pub struct NoteOptions {
    pub severities: Severities,
    /// Publication date from the project file; the note's front matter wins over it.
    pub published: Option<PartialDate>,
}

/// The publication date in force: front matter, else the project file.
pub fn published_date(front_matter: &FrontMatter, options: &NoteOptions) -> Option<PartialDate> {
    match front_matter.published() {
        Some(Ok(date)) => Some(date),
        _ => options.published,
    }
}

/// Analyze `text` against `source`.
pub fn analyze_note(
    text: &str,
    source: Source<'_>,
    kb: &KnowledgeBase,
    options: &NoteOptions,
) -> NoteAnalysis {
    analyze_text(
        text,
        None,
        source,
        kb,
        options,
        &mut AnalysisCache::disposable(),
    )
}

/// The analysis of only the prose blocks that overlap `range`: what a hover or a definition
/// there needs while the whole note is still being analyzed (the first analysis of a large
/// note takes tens of milliseconds, a block microseconds). Those blocks come out exactly as
/// in the whole analysis; the findings and counts are theirs alone. A huge paragraph is cut
/// into pieces as in the whole analysis, so only the piece at the cursor is analyzed. The
/// parse is made beforehand: the requests that arrive during a note's first analysis share
/// one (and that analysis uses it too), as the parse of a 1 MiB note takes milliseconds.
pub fn analyze_range(
    parsed: &ParsedNote,
    range: Span,
    source: Source<'_>,
    kb: &KnowledgeBase,
    options: &NoteOptions,
) -> NoteAnalysis {
    let mut cache = AnalysisCache::disposable();
    cache.seed(parsed.clone());
    analyze_text(&parsed.text, Some(range), source, kb, options, &mut cache)
}

/// Analyze `text`, reusing `cache` for blocks seen before (the server keeps one per document).
/// The cache keeps the text's print, not the text, to find the next edit.
pub fn analyze_note_cached(
    text: &str,
    source: Source<'_>,
    kb: &KnowledgeBase,
    options: &NoteOptions,
    cache: &mut AnalysisCache,
) -> NoteAnalysis {
    analyze_text(text, None, source, kb, options, cache)
}

/// `only` limits the analysis to the blocks that overlap it.
fn analyze_text(
    text: &str,
    only: Option<Span>,
    source: Source<'_>,
    kb: &KnowledgeBase,
    options: &NoteOptions,
    cache: &mut AnalysisCache,
) -> NoteAnalysis {
    // Names learned from the source are known in its notes too.
    let kb = match source {
        Source::Loaded(article) => &article.kb,
        _ => kb,
    };
    let front_matter = FrontMatter::parse(text);
    let (lines, prose, print) =
        parsed::parse_after(cache.earlier.take(), text, front_matter.body_start());
    // A block of megabytes (one pasted line) is analyzed as pieces, in parallel and cached
    // apart; `prose.blocks` stays whole for the next incremental parse.
    let blocks_wanted = match &only {
        // Blocks are sorted and apart: those that meet `only` are a run, found by binary
        // search, so that a hover's analysis does not walk the note's twenty thousand blocks.
        Some(only) => {
            let from = prose.blocks.partition_point(|b| b.span.end < only.start);
            let to = prose.blocks.partition_point(|b| b.span.start <= only.end);
            &prose.blocks[from..to.max(from)]
        }
        None => &prose.blocks[..],
    };
    let mut pieces = pieces::cut_long_blocks(&prose, text, blocks_wanted, cache.piece_limit);
    if let Some(only) = &only {
        pieces
            .to_mut()
            .retain(|b| b.span.start <= only.end && only.start <= b.span.end);
    }
    // A source's dateline dates the note too when nothing else does.
    let published = published_date(&front_matter, options).or(match source {
        Source::Loaded(article) => article.dateline,
        _ => None,
    });
    let ctx = QuantityContext {
        published,
        footnote_markers: false,
    };
    cache.prepare(source, kb, published);

    let front = front_matter_findings(text, &front_matter, &lines, source);
    let mut blocks: Vec<NoteBlock> = Vec::with_capacity(pieces.len());
    let keys: Vec<BlockKey> = block_keys(text, &prose, &pieces);
    // Blocks not seen before, once each, analyzed in parallel when there is enough of them.
    // The others are looked up where the cache holds them (an edit copies no map).
    // The misses are indices into `pieces` (4 bytes each, where a key and a reference took
    // 32): on a first analysis every block is one, and this list is part of the peak.
    let mut misses: Vec<u32> = Vec::new();
    // The misses seen so far, as their indices, hashed by their keys: 5 bytes a slot where a
    // set of the keys took 17, and on a first analysis of distinct blocks it holds them all.
    let mut pending = hashbrown::HashTable::<u32>::new();
    for (i, &key) in keys.iter().enumerate() {
        if cache.blocks.contains(key) {
            continue;
        }
        let hash = cache::slot_hash(key);
        let same_key = |&j: &u32| keys[j as usize] == key;
        if let hashbrown::hash_table::Entry::Vacant(slot) =
            pending.entry(hash, same_key, |&j| cache::slot_hash(keys[j as usize]))
        {
            slot.insert(i as u32);
            misses.push(i as u32);
        }
    }
    let analyze_block = |key: BlockKey, b: &markdown::ProseBlock| {
        let block_text = prose.prose_of(text, b.span.clone());
        let block_text = &*block_text;
        let note_text = &text[b.span.clone()];
        let mut recognized =
            prose::recognize_block(block_text, 0..block_text.len(), kb, &ctx, prose::Side::Note);
        prose::add_quotes(&mut recognized, b.in_blockquote);
        let check = match source {
            Source::Loaded(article) => Some(check::check_block(
                block_text,
                note_text,
                &recognized,
                article,
                kb,
            )),
            _ => None,
        };
        Arc::new(CachedBlock::new(key, recognized, check, b.heading))
    };
    let weight = |&i: &u32| pieces[i as usize].span.len();
    let analyzed = parallel_map(&misses, weight, |&i| {
        analyze_block(keys[i as usize], &pieces[i as usize])
    });
    for block in analyzed {
        cache.blocks.insert(block);
    }
    drop((misses, pending));
    for (b, &key) in pieces.iter().zip(&keys) {
        let Some(cached) = cache.blocks.get(key).cloned() else {
            continue;
        };
        let shift = b.span.start;
        blocks.push(NoteBlock {
            heading: b.heading,
            in_blockquote: b.in_blockquote,
            offset: shift,
            end: b.span.end,
            analyzed: cached,
        });
    }
    // Read before the parse goes into the cache (or is dropped), without copying its list.
    let suppressions = Suppressions::from_html(text, prose.html.iter().map(|h| &h.span), &lines);
    if cache.remember {
        cache.forget_blocks_not_in(&keys);
        cache.earlier = Some(parsed::Earlier::Printed {
            print: print.unwrap_or_else(|| TextPrint::of(text)),
            prose,
            lines: lines.clone(),
        });
    } else {
        cache.blocks = BlockMap::default();
        drop(prose);
    }
    drop(keys);
    let outside_knowledge = count_outside_knowledge(&blocks, &suppressions, &lines, text);
    let findings = NoteFindings::new(front, &blocks, &suppressions, &lines, &options.severities);
    NoteAnalysis {
        front_matter,
        lines,
        blocks,
        findings,
        outside_knowledge,
    }
}

/// How many figures and dates stand on lines marked as resting on outside knowledge. Only the
/// blocks around marked lines are looked at: an edit must not walk every mention of the note.
fn count_outside_knowledge(
    blocks: &[NoteBlock],
    suppressions: &Suppressions,
    lines: &LineIndex,
    text: &str,
) -> usize {
    let mut count = 0;
    for &line in suppressions.outside_knowledge_lines() {
        let start = lines.line_span(text, line as usize).start;
        let end = lines.line_span(text, line as usize + 1).start.max(start);
        if start >= text.len() {
            break;
        }
        // Blocks are in document order and do not overlap.
        let first = blocks.partition_point(|b| b.end <= start);
        for block in blocks[first..].iter().take_while(|b| b.offset < end) {
            count += block
                .analyzed
                .mentions
                .iter()
                .filter(|m| m.is_figure_or_date())
                .map(|m| m.span().start + block.offset)
                .filter(|at| (start..end).contains(at))
                .count();
        }
    }
    count
}

/// Run every recognizer and check once on a small sample, so that their lazily built patterns
/// and tables exist before the first real note arrives.
pub fn warm_up(kb: &KnowledgeBase) {
    cache::start_workers();
    const SAMPLE: &str = "Some 3,200 Chinese troops joined Russia in August 2018, about \
                          2,600 miles east of Moscow; \"the largest since 1981\" [¶1].";
    let article = Article::parse(SAMPLE.to_string(), kb, Some(PartialDate::year(2018)));
    // The comment compiles the directive pattern, which the quick publish runs first.
    let note =
        format!("---\npublished: 2018-09-24\n---\n# Notes\n\n{SAMPLE} <!-- geonotes-ignore -->\n");
    drop(analyze_note(
        &note,
        Source::Loaded(&article),
        kb,
        &NoteOptions::default(),
    ));
}

/// The analysis of a note that has no usable source, without recognizing anything: with
/// nothing to check claims against, its findings come from the front matter alone. They equal
/// those of [`analyze_note`] for such a note, at the cost of a markdown parse (for the
/// directives), so the server can publish them before the full analysis. It has no blocks,
/// so no mentions: hovers need the full analysis.
pub fn analyze_without_source(
    text: &str,
    source: Source<'_>,
    options: &NoteOptions,
) -> Option<NoteAnalysis> {
    if matches!(source, Source::Loaded(_)) {
        return None;
    }
    let front_matter = FrontMatter::parse(text);
    let lines = LineIndex::new(text);
    let front = front_matter_findings(text, &front_matter, &lines, source);
    // Directives live in HTML comments: with nothing that looks like one, there is nothing
    // to parse for.
    let html: Vec<Span> = if crate::notes::directives::may_have_directives(text) {
        let prose =
            crate::notes::split_parse::parse(text, front_matter.body_start(), cache::cores());
        prose.html.iter().map(|h| h.span.clone()).collect()
    } else {
        Vec::new()
    };
    let suppressions = Suppressions::from_html(text, &html, &lines);
    let findings = NoteFindings::new(front, &[], &suppressions, &lines, &options.severities);
    Some(NoteAnalysis {
        front_matter,
        lines: Arc::new(lines),
        blocks: Vec::new(),
        findings,
        outside_knowledge: 0,
    })
}

fn front_matter_findings(
    text: &str,
    fm: &FrontMatter,
    lines: &LineIndex,
    source: Source<'_>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let first_line = lines.line_span(text, 0);
    let source_span = fm
        .get("source")
        .map_or(first_line.clone(), |f| f.value_span.clone());
    match source {
        Source::None => out.push(Finding::new(
            first_line,
            codes::NO_SOURCE,
            "no source article: add `source: path/to/article.txt` to the front matter or to .geonotes.json".to_string(),
        )),
        Source::Unreadable { reason } => out.push(Finding::new(source_span, codes::SOURCE_UNREADABLE, reason.to_string())),
        Source::Loaded(_) => {}
    }
    if let (Some(Err(message)), Some(field)) = (fm.published(), fm.get("published")) {
        out.push(Finding::new(
            field.value_span.clone(),
            codes::BAD_FRONT_MATTER,
            format!("published: {message}"),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = include_str!("../../examples/vostok-2018/article.txt");
    const NOTES: &str = include_str!("../../examples/vostok-2018/notes.md");

    /// An article with a dateline above its body dates "last week" on both sides when neither
    /// the note nor its project says when the article was published.
    #[test]
    fn a_dateline_dates_the_article_and_its_notes() {
        let kb = KnowledgeBase::builtin();
        let text = "Shoals and Signals\n\nBy a staff correspondent\n\nNovember 20, 2023\n\n\
                    The ship ran aground in 1999.\n\nMarcos said last week that Manila stays.\n";
        let article = Article::parse(text.to_string(), &kb, None);
        assert_eq!(article.dateline, Some(PartialDate::day(2023, 11, 20)));
        assert_eq!(article.paragraphs.len(), 2);
        let week = |mentions: &[crate::prose::Mention]| {
            mentions
                .iter()
                .find_map(|m| m.date())
                .and_then(|d| d.value)
                .map(|v| v.iso())
        };
        let said = week(article.paragraphs[1].mentions());
        assert_eq!(said.as_deref(), Some("2023-11-13/2023-11-19"));
        let note = "---\nsource: a.txt\n---\nMarcos spoke last week.\n";
        let analysis = analyze_note(note, Source::Loaded(&article), &kb, &NoteOptions::default());
        let mentions: Vec<_> = analysis.mentions().collect();
        assert_eq!(week(&mentions).as_deref(), Some("2023-11-13/2023-11-19"));
        assert_eq!(analysis.findings().count(), 0);
    }

    /// A relative date of the article is cited with what it resolves to: "the source has
    /// last week" alone does not tell the reader whether the note's day is in it.
    #[test]
    fn a_relative_date_of_the_source_is_cited_with_its_days() {
        let kb = KnowledgeBase::builtin();
        let text =
            "Shoals and Signals\n\nNovember 20, 2023\n\nMarcos said last week that Manila stays.\n";
        let article = Article::parse(text.to_string(), &kb, None);
        let note = "---\nsource: a.txt\n---\nMarcos said on 15 November 2023 that Manila stays.\n";
        let analysis = analyze_note(note, Source::Loaded(&article), &kb, &NoteOptions::default());
        let messages: Vec<String> = analysis
            .findings()
            .map(|f| f.to_finding().message(note).into_owned())
            .collect();
        assert_eq!(
            messages,
            ["the source does not support the date `15 November 2023`: the source has last week, \
              13–19 November 2023 (¶1)"]
        );
    }

    /// A month or day without a year, in an article dated by its masthead, is of that year:
    /// a note's "April 2015" is what the article's "in April" says, and a wrong month is
    /// told the article's with its year.
    #[test]
    fn a_month_without_a_year_is_of_the_masthead_year() {
        let kb = KnowledgeBase::builtin();
        let text = "Iran deal: what the agreement limits\nBy Staff Writer\nJuly 16, 2015\n\n\
                    A framework was agreed in Lausanne in April.\n";
        let article = Article::parse(text.to_string(), &kb, None);
        let messages = |note: &str| messages_against(&article, &kb, note);
        assert_eq!(
            messages("The Lausanne framework came in April 2015 [¶1]."),
            Vec::<String>::new()
        );
        assert_eq!(
            messages("The Lausanne framework came in May 2015."),
            ["the source does not support the date `May 2015`: the source has April 2015 (¶1)"]
        );
    }

    /// A markdown article's front matter is no paragraph and dates it, and each item of its
    /// list is a paragraph: a note's yearless "3 February" is checked against the
    /// article's "4 February", its citations count as a reader does, and the day of print
    /// is supported.
    #[test]
    fn a_markdown_articles_front_matter_dates_it_and_its_list_items_are_paragraphs() {
        let text =
            "---\ntitle: \"After New START\"\ndate: 2026-02-06\n---\n\n# After New START\n\n\
                    The limits were:\n- 1,550 deployed warheads;\n- 800 launchers.\n\n\
                    Holloway told reporters on 4 February that talks would wait.\n";
        let found = messages_of(
            text,
            None,
            &[
                "Holloway told reporters on 3 February.",
                "800 launchers in all [¶3].",
                "Holloway spoke on 4 February [¶4].",
                "Okafor, \"After New START\", 6 February 2026.",
                "Okafor, \"After New START\", 7 February 2026.",
            ],
        );
        assert_eq!(
            found,
            [
                vec![
                    "the source does not support the date `3 February`: the source has 4 February \
                     2026 (¶4)"
                ],
                vec![],
                vec![],
                // The day of the front matter is the day of print, which no paragraph holds.
                vec![],
                vec![
                    "the source does not support the date `7 February 2026`: the source has 4 \
                     February 2026 (¶4)"
                ],
            ]
        );
    }

    /// A year the article holds twice is judged by the sentence that fits the note's best
    /// when no clause fits: the note's "12 pp lower than in 2022" is the article's revenue
    /// sentence, not its "December 5, 2022". A misattributed date quotes the article's
    /// clauses with their names and sums.
    #[test]
    fn a_year_held_twice_is_judged_by_the_fitting_sentence() {
        let text = "Oil Cap\n\nWhen the G7 imposed a $60 a barrel ceiling on December 5, 2022, officials \
                    promised to squeeze revenues.\n\nSome G7 ministers discussed lowering it to $45 \
                    a barrel last year.\n\nEnergy still accounts for roughly 30% of federal budget \
                    revenue, down about 12 percentage points from 2022.\n";
        let published = Some(PartialDate::day(2024, 9, 12));
        let found = messages_of(
            text,
            published,
            &[
                "Energy ≈ 30% of federal budget revenue, ~12 pp lower than in 2022.",
                "G7 ministers discussed lowering the cap to $45 a barrel in 2022.",
            ],
        );
        assert_eq!(found[0], Vec::<String>::new());
        assert_eq!(
            found[1],
            ["in the source December 5, 2022 dates \"When the G7 imposed a $60 a barrel ceiling\" \
              (¶1); \"Some G7 ministers discussed lowering it to $45 a barrel\" is dated last year, \
              2023 (¶2)"]
        );
    }

    /// A citation of the wrong paragraph relates the claim where the right paragraph holds
    /// it, so a report quotes that sentence, not the paragraph's first.
    #[test]
    fn a_wrong_citation_relates_the_sentence_that_holds_the_claim() {
        let text = "After the Treaty\n\nThe treaty was signed in Prague.\n\nVerification is what specialists \
                    mourn. Inspections stopped in 2020. By then the sides had exchanged more than \
                    25,000 notifications.\n";
        let kb = KnowledgeBase::builtin();
        let article = Article::parse(text.to_string(), &kb, None);
        let note = "The sides exchanged 25,000+ notifications [¶1].";
        let a = analyze_note(note, Source::Loaded(&article), &kb, &NoteOptions::default());
        let found: Vec<_> = a.findings().map(|f| f.to_finding()).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].message(note),
            "this sentence cites ¶1, but its figures are in ¶2"
        );
        let related = &found[0].related()[0];
        assert_eq!(
            &article.text[related.span.clone()],
            "more than 25,000 notifications"
        );
        let quoted = article
            .paragraph(2)
            .unwrap()
            .sentence_at(related.span.start);
        assert!(quoted.starts_with("By then the sides"), "{quoted}");
    }

    /// A date the article lacks is offered a date of the paragraph its sentence cites before
    /// one whose clause shares a word with it elsewhere; without a citation, the clause.
    #[test]
    fn a_wrong_date_is_offered_the_date_of_the_cited_paragraph() {
        let text = "After the Treaty\n\nEach party had seven years, until February 2018, to bring \
                    its forces under the central ceilings.\n\nBy then the two sides had exchanged notifications \
                    since 2011.\n";
        let found = messages_of(
            text,
            None,
            &[
                "Both sides had until February 2016 to get under the caps [¶1].",
                "Both sides had until February 2016 to get under the caps.",
            ],
        );
        let offered = |n: usize| {
            found[n]
                .iter()
                .map(|m| m.split(": ").last().unwrap_or_default().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            offered(0),
            ["the source has February 2018 (¶1)"],
            "{found:?}"
        );
        assert_eq!(offered(1), ["the source has 2011 (¶2)"], "{found:?}");
        // A day is offered the paragraph's day, not its decade.
        let text = "Ice Report\nBy Jane Doe | 14 March 2025\n\nOn Tuesday, the fleet began its \
                    largest drills since the 1990s.\n";
        let found = messages_of(
            text,
            None,
            &["The drills began on Monday, the largest since the 1990s [¶1]."],
        );
        assert_eq!(
            found[0],
            [
                "the source does not support the date `Monday`: the source has Tuesday, 11 March \
              2025 (¶1)"
            ]
        );
    }

    /// A bare four-digit number the article holds as a figure, not a year, is that figure: a
    /// table's "1550" is the article's 1,550 warheads. One it holds as neither stays a year.
    #[test]
    fn a_bare_number_the_article_counts_is_not_a_year() {
        let text = "After the Treaty\n\nThe treaty allowed 1,550 deployed warheads and was \
                    signed in 2010.\n";
        let table = |n: &str| format!("| Limit | Figure |\n|---|---|\n| Warheads | {n} |\n");
        let found = messages_of(text, None, &[&table("1550"), &table("1560")]);
        assert_eq!(found[0], Vec::<String>::new());
        assert_eq!(
            found[1],
            ["the source does not support the date `1560`: the source has 2010 (¶1)"]
        );
    }

    /// Warheads, missiles and launchers are counted apart: the article's warheads support
    /// no count of missiles, nor are they offered for one.
    #[test]
    fn warheads_are_no_missiles() {
        let text = "After the Treaty\n\nThe treaty allowed 1,550 deployed warheads and 800 \
                    launchers. The Pentagon puts China's arsenal at 600 warheads.\n";
        let found = messages_of(
            text,
            None,
            &[
                "The treaty allowed 1,550 deployed warheads.",
                "The treaty allowed 1,550 deployed missiles.",
                "About 400 Minuteman III missiles sit in silos.",
            ],
        );
        assert_eq!(found[0], Vec::<String>::new());
        assert_eq!(
            found[1],
            ["in the source 1,550 counts deployed warheads (¶1), not deployed missiles"]
        );
        assert_eq!(
            found[2],
            ["the source does not support the figure `About 400 Minuteman III missiles`"]
        );
    }

    /// A table row is read as one sentence: its citation covers the figures of its cells.
    #[test]
    fn a_table_rows_citation_covers_its_cells() {
        let text = "After the Treaty\n\nThe treaty allowed 700 deployed missiles and \
                    bombers.\n\nIt also capped launchers at 800.\n";
        let table = |row: &str| format!("| Limit | Figure | Cite |\n|---|---|---|\n{row}\n");
        let found = messages_of(
            text,
            None,
            &[
                &table("| Launchers | 700 | [¶2] |"),
                &table("| Deployed | 700 | [¶1] |"),
            ],
        );
        assert_eq!(
            found[0],
            ["this sentence cites ¶2, but its figures are in ¶1"]
        );
        assert_eq!(found[1], Vec::<String>::new());
    }

    /// A count of times is checked against the article's counts of times only: "three times
    /// a year" is told the article's "twice a year", not supported by a bare "up to three";
    /// and a frequency against the article's frequencies, its period included.
    #[test]
    fn a_count_of_times_is_checked_against_counts_of_times() {
        let text = "After the Treaty\n\nInspectors came 18 times a year, with data exchanges \
                    twice a year.\n\nEach missile could carry up to three.\n";
        let found = messages_of(
            text,
            None,
            &[
                "Data exchanges three times a year [¶1].",
                "Data exchanges twice a year [¶1].",
                "Inspectors: 18 in a year [¶1].",
                "Inspectors came twice a week [¶1].",
            ],
        );
        // A frequency is times in a period: twice a week is no twice a year.
        assert_eq!(found[3].len(), 1, "{found:?}");
        // A bare number of the note may be the article's count of times.
        assert_eq!(found[2], Vec::<String>::new());
        assert_eq!(
            found[0],
            ["the source does not support the figure `three times a year`: the source says twice \
              a year (¶1)"]
        );
        assert_eq!(found[1], Vec::<String>::new());
        // The fix replaces the whole count: "twice a year", not "twice times a year".
        let kb = KnowledgeBase::builtin();
        let article = Article::parse(text.to_string(), &kb, None);
        let note = "Data exchanges three times a year.";
        let a = analyze_note(note, Source::Loaded(&article), &kb, &NoteOptions::default());
        let fixed: Vec<String> = a
            .findings()
            .filter_map(|f| {
                let f = f.to_finding();
                let fix = f.fix()?;
                let mut text = note.to_string();
                text.replace_range(fix.span.clone(), fix.replacement);
                Some(text)
            })
            .collect();
        assert_eq!(fixed, ["Data exchanges twice a year."]);
    }

    /// A wrong figure far in value from the article's figure of its clause is offered that
    /// figure when the clause shares enough with the note's, not nothing: a nearer value of
    /// an unrelated clause is no fix.
    #[test]
    fn a_misstated_share_is_offered_the_figure_of_its_clause() {
        let text = "Oil Cap Report\n\nThe company reported a 14% fall in net profit for Q2, citing freight \
                    costs.\n\nEnergy accounts for roughly 30% of budget revenue.\n";
        let found = messages_of(
            text,
            None,
            &[
                "Rosneft: Q2 net profit down 41%, blamed on freight costs.",
                "Rosneft: Q2 output up 41%.",
            ],
        );
        assert_eq!(
            found,
            [
                vec!["the source does not support the figure `41%`: the source says 14% (¶1)"],
                vec!["the source does not support the figure `41%`"],
            ]
        );
    }

    /// The messages of the findings on `note` checked against `article`.
    fn messages_against(article: &Article, kb: &KnowledgeBase, note: &str) -> Vec<String> {
        let a = analyze_note(note, Source::Loaded(article), kb, &NoteOptions::default());
        a.findings()
            .map(|f| f.to_finding().message(note).into_owned())
            .collect()
    }

    /// The messages of each of `notes`, checked against an article of `text`.
    fn messages_of(text: &str, published: Option<PartialDate>, notes: &[&str]) -> Vec<Vec<String>> {
        let kb = KnowledgeBase::builtin();
        let article = Article::parse(text.to_string(), &kb, published);
        notes
            .iter()
            .map(|note| messages_against(&article, &kb, note))
            .collect()
    }

    fn summary(a: &NoteAnalysis) -> Vec<String> {
        let mentions = a.mentions().map(|m| format!("{:?}", m));
        let findings = a.findings().map(|f| format!("{:?}", f.to_finding()));
        mentions.chain(findings).collect()
    }

    #[test]
    fn cached_analysis_after_an_edit_equals_a_fresh_one() {
        let kb = KnowledgeBase::builtin();
        let article = Article::parse(ARTICLE.to_string(), &kb, None);
        let options = NoteOptions::default();
        let mut cache = AnalysisCache::default();
        let notes: Arc<str> = Arc::from(NOTES);
        let first =
            analyze_note_cached(&notes, Source::Loaded(&article), &kb, &options, &mut cache);
        assert_eq!(
            summary(&first),
            summary(&analyze_note(
                NOTES,
                Source::Loaded(&article),
                &kb,
                &options
            ))
        );
        // Insert text early in the note: every later block moves, one block changes.
        let at = NOTES.find("## The exercise").unwrap();
        let edited = format!(
            "{}Beijing and Moscow met in 2016.\n\n{}",
            &NOTES[..at],
            &NOTES[at..]
        );
        let cached = analyze_note_cached(
            &Arc::from(edited.as_str()),
            Source::Loaded(&article),
            &kb,
            &options,
            &mut cache,
        );
        let fresh = analyze_note(&edited, Source::Loaded(&article), &kb, &options);
        assert_eq!(summary(&cached), summary(&fresh));
        assert_ne!(summary(&cached), summary(&first));
    }

    #[test]
    fn findings_citing_one_claim_share_its_phrases_and_stay_on_one_line() {
        let kb = KnowledgeBase::builtin();
        let article = Article::parse(ARTICLE.to_string(), &kb, None);
        // The last quotes the words the analysis read, without the markup inside them.
        let note = "A handout says 3,500 Chinese troops came.\n\nAnother says 3,500\nChinese   troops came.\n\nLater: **3,500** Chinese troops.\n";
        let a = analyze_note(note, Source::Loaded(&article), &kb, &NoteOptions::default());
        let found: Vec<_> = a.findings().map(|f| f.to_finding()).collect();
        assert_eq!(found.len(), 3, "{found:?}");
        for f in &found {
            assert_eq!(f.code, codes::UNSUPPORTED_FIGURE);
            assert!(
                f.message(note).contains("`3,500 Chinese troops`"),
                "{}",
                f.message(note)
            );
        }
        let messages: Vec<_> = a.findings().map(|f| f.message(note).into_owned()).collect();
        let owned: Vec<_> = found.iter().map(|f| f.message(note)).collect();
        assert_eq!(messages, owned);
        let (one, other) = (&found[0], &found[1]);
        assert_eq!(one.related()[0].message, other.related()[0].message);
        assert!(Arc::ptr_eq(
            &one.related()[0].message,
            &other.related()[0].message
        ));
        let title = |f: &Finding| f.fix().map(|fix| fix.title.as_ptr());
        assert!(title(one).is_some());
        assert_eq!(title(one), title(other));
    }

    /// An unsupported count is compared with, and offered as a fix, only an article figure
    /// that could count the same thing: of the same noun, or of the same class of noun; a
    /// bare number only a figure close to it.
    #[test]
    fn an_unsupported_count_is_offered_only_a_figure_of_its_kind() {
        let kb = KnowledgeBase::builtin();
        let article = Article::parse(ARTICLE.to_string(), &kb, None);
        let cases = [
            ("Some 5,000 soldiers took part.", Some("3,200")),
            ("Some 5,000 troops took part.", Some("3,200")),
            ("Some 250,000 Russians took part.", Some("300,000")),
            ("Some 17,222 users signed up.", None),
            ("Some 5,000 tanks took part.", None),
            // A bare number, only a figure within a factor of 2 (the demo's handout: 900,000
            // for the article's 600,000).
            ("The total was 3,500.", Some("3,200")),
            ("The total was 242.", None),
            ("The total was 17,222.", None),
            ("The count reached 7.", None),
        ];
        assert_offered(&cases, &article, &kb);
    }

    /// A measure is named, and offered as a fix, only when it is near the note's or its
    /// clause shares a word with the note's: nearness in value alone made "a decade" (the
    /// PLA's need for Russian arms) the fix of a dispute settled "fifteen years" late.
    #[test]
    fn an_unsupported_measure_is_offered_only_a_figure_near_it_or_about_the_same() {
        let kb = KnowledgeBase::builtin();
        let article = Article::parse(ARTICLE.to_string(), &kb, None);
        let cases = [
            ("The frontier runs 2,800 miles.", Some("2,600")),
            ("The border runs 4,000 miles.", Some("2,600")),
            ("The convoy drove 4,000 miles.", None),
            ("It was settled fifteen years later than planned.", None),
            (
                "It was settled twelve years later than planned.",
                Some("a decade"),
            ),
        ];
        assert_offered(&cases, &article, &kb);
    }

    /// A count or a sum belongs to the actors named before it in its clause; a duration does
    /// not: the inspectors who wait and the state that makes them wait share those days.
    /// When only the owners differ, the message names them.
    #[test]
    fn a_count_has_owners_and_a_duration_has_none() {
        let kb = KnowledgeBase::builtin();
        let text = "Iran may contest a request for up to 24 days. Russia sent 3,200 troops.";
        let article = Article::parse(text.to_string(), &kb, None);
        let messages = |note: &str| messages_against(&article, &kb, note);
        assert_eq!(
            messages("The IAEA can be kept waiting up to 24 days."),
            Vec::<String>::new()
        );
        let found = messages("China sent 3,200 troops.");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].ends_with("in the source 3,200 counts troops of Russia (¶1), not of China"),
            "{}",
            found[0]
        );
    }

    /// Two clauses of one sentence are about one thing: a note whose clause fits the other
    /// one ("need aid") better is no misplaced figure, nor when another sentence fits it no
    /// better than the figure's own. A sentence that fits it better still makes it one.
    #[test]
    fn a_figure_is_not_misplaced_within_its_own_sentence() {
        let text = "The United Nations says 25 million people, more than half the population, \
                    need humanitarian aid. Some 8 million people need humanitarian food aid. \
                    Some 9 million people have fled their homes.";
        let notes = [
            "25 million people need humanitarian aid, over half the population.",
            "9 million people need humanitarian aid, the United Nations says.",
        ];
        let found = messages_of(text, None, &notes);
        assert!(found[0].is_empty(), "{found:?}");
        assert!(
            found[1].len() == 1 && found[1][0].contains("9 million belongs to"),
            "{found:?}"
        );
    }

    /// A month's name is part of a date, not of its clause's subject: "in March 2024" did not
    /// fit "announced on March 13, 2023" better than the payment of February 2024.
    #[test]
    fn a_month_name_is_no_context_of_a_date() {
        let text = "Canberra announced the plan on March 13, 2023. It paid the first US$500 \
                    million in February 2024.";
        let found = messages_of(text, None, &["The first payment came in March 2024."]);
        assert!(
            found[0].len() == 1 && found[0][0].ends_with("the source has February 2024 (¶1)"),
            "{found:?}"
        );
    }

    /// A weapon in a count's phrase says what is counted, an actor whose: the two are no
    /// conflict. Two actors are.
    #[test]
    fn a_count_of_a_weapon_has_no_owner_to_conflict_with() {
        let text = "American shipyards currently build about 1.2 Virginia-class boats a year. \
                    Russia sent 3,200 troops.";
        let notes = [
            "US yards build ~1.2 boats a year.",
            "China sent 3,200 troops.",
        ];
        let found = messages_of(text, None, &notes);
        assert!(found[0].is_empty() && found[1].len() == 1, "{found:?}");
    }

    /// "3–5 boats" is the article's "three to five submarines": a range written in words
    /// gives its first number the unit too, and a boat is a vessel as a submarine is.
    #[test]
    fn a_range_in_words_supports_the_same_range_in_digits() {
        let text = "Under the \"optimal pathway\", Australia will buy three to five \
                    Virginia-class submarines from the United States, starting in 2032. A new \
                    class, SSN-AUKUS, will follow. Eight SSN-AUKUS boats are planned in all.";
        let notes = [
            "Australia gets 3–5 Virginia-class boats from 2032.",
            "Australia gets 3–6 boats.",
        ];
        let found = messages_of(text, None, &notes);
        assert!(found[0].is_empty() && found[1].len() == 1, "{found:?}");
    }

    /// Dollars of two countries are never the same sum: a loose "$" for the article's
    /// "A$368 billion" is told the article's sum, quoted whole, and offered no fix.
    #[test]
    fn dollars_of_another_country_are_quoted_not_written() {
        let kb = KnowledgeBase::builtin();
        let text = "The plan will cost up to A$368 billion. Australia will contribute US$3 \
                    billion to the base. Tax revenue fell to $11.3bn, and LNG trade is worth \
                    €14 billion. Donors pledged more than 2 billion euros ($2.1 billion).";
        let article = Article::parse(text.to_string(), &kb, None);
        for (note, says) in [
            (
                "The plan costs $368 billion.",
                "the source says up to A$368 billion (¶1)",
            ),
            (
                "Australia gives A$3bn to the base.",
                "the source says US$3 billion (¶1)",
            ),
            // The same number in another currency, before a sum in the note's own.
            (
                "Tax revenue fell to €11.3bn.",
                "the source says $11.3bn (¶1)",
            ),
        ] {
            let analysis =
                analyze_note(note, Source::Loaded(&article), &kb, &NoteOptions::default());
            let found: Vec<_> = analysis.findings().collect();
            assert!(
                found.len() == 1
                    && found[0].message(note).ends_with(says)
                    && found[0].fix().is_none(),
                "{note}: {:?}",
                found.iter().map(|f| f.message(note)).collect::<Vec<_>>()
            );
        }
        // But a sum of the note's own currency as near as a loose figure comes first, and
        // is written.
        let note = "Donors pledged 2 billion dollars.";
        let analysis = analyze_note(note, Source::Loaded(&article), &kb, &NoteOptions::default());
        let found: Vec<_> = analysis.findings().collect();
        assert_eq!(
            found[0].message(note),
            "the source does not support the figure `2 billion dollars`: the source says 2.1 \
             billion (¶1)"
        );
        assert!(found[0].fix().is_some());
    }

    /// The same day written alike is evidence that a note's date is the article's: with
    /// month and day names out of the clause words, "Drills began Thursday 23 May 2024" was
    /// told that "drills" of August 2022 fit it better.
    #[test]
    fn a_supported_date_keeps_its_day_and_month_words_as_context() {
        let text = "China's military launched two days of exercises around Taiwan on Thursday, \
                    three days after Lai was sworn in.\n\nBeijing last held drills of this \
                    scale in August 2022.";
        let published = Some(PartialDate::day(2024, 5, 24));
        let found = messages_of(text, published, &["Drills began Thursday 23 May 2024."]);
        assert!(found[0].is_empty(), "{found:?}");
    }

    /// A share is quoted with its sign: "the source says 6%", not "6", though the fix writes
    /// only the number (the note keeps its own "%" or "percent").
    #[test]
    fn a_share_is_quoted_with_its_percent_sign() {
        let kb = KnowledgeBase::builtin();
        let text = "By April the appeal was only 6% funded. Turnout was 48 per cent.";
        let article = Article::parse(text.to_string(), &kb, None);
        let messages = |note: &str| messages_against(&article, &kb, note);
        for (note, says) in [
            ("The appeal was 16% funded.", "the source says 6% (¶1)"),
            (
                "The appeal was 16 percent funded.",
                "the source says 6% (¶1)",
            ),
            ("Turnout was 58%.", "the source says 48 per cent (¶1)"),
        ] {
            let found = messages(note);
            assert!(
                found.len() == 1 && found[0].ends_with(says),
                "{note}: {found:?}"
            );
        }
        let fix = analyze_note(
            "The appeal was 16 percent funded.\n",
            Source::Loaded(&article),
            &kb,
            &NoteOptions::default(),
        )
        .findings()
        .find_map(|f| Some(f.fix()?.replacement.to_string()));
        assert_eq!(fix.as_deref(), Some("6"));
    }

    /// The same number of another thing is no support when the article counts the note's own
    /// thing otherwise: "six annexes" against "six world powers" and "five annexes".
    #[test]
    fn a_count_of_another_thing_does_not_support_a_count_the_article_gives_otherwise() {
        let kb = KnowledgeBase::builtin();
        let text =
            "Iran and six world powers reached a deal in Vienna. The text runs to 159 pages \
                    including five annexes.";
        let article = Article::parse(text.to_string(), &kb, None);
        let cases = [(
            "The text is 159 pages long, with six annexes.",
            Some("five"),
        )];
        assert_offered(&cases, &article, &kb);
        for supported in [
            "Six world powers signed it.",
            "Six powers signed it.",
            "The deal has six parties.",
        ] {
            let a = analyze_note(
                supported,
                Source::Loaded(&article),
                &kb,
                &NoteOptions::default(),
            );
            assert_eq!(a.findings().count(), 0, "{supported}");
        }
        // Far from the article's own count, the number was put in the wrong place.
        let text = "Some 3,200 troops took part. The migrants in Russia do not exceed 600,000.";
        let article = Article::parse(text.to_string(), &kb, None);
        let note = "600,000 troops are stationed in the Far East.";
        let a = analyze_note(note, Source::Loaded(&article), &kb, &NoteOptions::default());
        let found: Vec<_> = a.findings().map(|f| f.to_finding()).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, codes::FIGURE_CONTEXT_MISMATCH, "{found:?}");
    }

    /// A figure is not told it belongs elsewhere when its clause also gives the figure that
    /// the better-fitting clause of the article holds: "23 of 32 allies" has both numbers.
    #[test]
    fn a_figure_beside_the_one_its_clause_fits_is_no_misplaced_figure() {
        let kb = KnowledgeBase::builtin();
        let text = "NATO's 32 members agreed to raise spending.\n\n\
                    Only 23 of the allies met the 2 percent goal.";
        let article = Article::parse(text.to_string(), &kb, None);
        let codes_of = |note: &str| -> Vec<&'static str> {
            let a = analyze_note(note, Source::Loaded(&article), &kb, &NoteOptions::default());
            a.findings().map(|f| f.to_finding().code).collect()
        };
        assert_eq!(
            codes_of("23 of 32 allies met the 2% goal."),
            Vec::<&str>::new()
        );
        // Without the article's figure beside it, it is misplaced.
        assert_eq!(
            codes_of("Only 32 of the allies met the 2% goal."),
            [codes::FIGURE_CONTEXT_MISMATCH]
        );
    }

    /// Each note of `cases` has one unsupported figure, offered the given fix (or none, and
    /// then no article figure in its message).
    fn assert_offered(cases: &[(&str, Option<&str>)], article: &Article, kb: &KnowledgeBase) {
        for &(note, offered) in cases {
            let a = analyze_note(note, Source::Loaded(article), kb, &NoteOptions::default());
            let found: Vec<_> = a.findings().map(|f| f.to_finding()).collect();
            assert_eq!(found.len(), 1, "{note}: {found:?}");
            let f = &found[0];
            assert_eq!(f.code, codes::UNSUPPORTED_FIGURE, "{note}");
            let replacement = f.fix().map(|fix| fix.replacement.to_string());
            assert_eq!(
                replacement.as_deref(),
                offered,
                "{note}: {}",
                f.message(note)
            );
            assert_eq!(
                f.message(note).contains("the source says"),
                offered.is_some(),
                "{note}"
            );
        }
    }

    #[test]
    fn findings_without_a_source_equal_those_of_the_full_analysis() {
        let kb = KnowledgeBase::builtin();
        let options = NoteOptions::default();
        let notes = [
            NOTES.to_string(),
            "Russia sent 3,500 troops in 2016.\n".to_string(),
            "---\npublished: not a date\n---\nRussia sent troops.\n".to_string(),
            "Russia sent 3,500 troops. <!-- geonotes-ignore -->\n".to_string(),
        ];
        for note in &notes {
            for source in [
                Source::None,
                Source::Unreadable {
                    reason: "cannot read x.txt",
                },
            ] {
                let full = analyze_note(note, source, &kb, &options).owned_findings();
                // The missing source is reported on line 1, unless a directive there silences it.
                assert_eq!(full.is_empty(), note.contains("geonotes-ignore"), "{note}");
                let quick =
                    analyze_without_source(note, source, &options).map(|a| a.owned_findings());
                assert_eq!(quick, Some(full));
            }
        }
        let article = Article::parse(ARTICLE.to_string(), &kb, None);
        assert!(analyze_without_source(NOTES, Source::Loaded(&article), &options).is_none());
    }

    /// Only real directives silence: a comment that is none, or one inside code, does not,
    /// whether or not the quick path parses the markdown.
    #[test]
    fn comments_that_are_not_directives_silence_nothing_without_a_source() {
        let kb = KnowledgeBase::builtin();
        let options = NoteOptions::default();
        for note in [
            "Russia sent 3,500 troops. <!-- a plain comment -->\n",
            "    code <!-- geonotes-ignore -->\n",
        ] {
            let full = analyze_note(note, Source::None, &kb, &options).owned_findings();
            let quick =
                analyze_without_source(note, Source::None, &options).map(|a| a.owned_findings());
            assert_eq!(full.len(), 1, "{note}");
            assert_eq!(quick, Some(full), "{note}");
        }
    }

    /// The count of figures and dates on lines marked as outside knowledge equals a count
    /// over every mention, line by line.
    #[test]
    fn outside_knowledge_is_counted_only_on_marked_lines() {
        let kb = KnowledgeBase::builtin();
        let note =
            "# Notes\n\nRussia sent 3,200 troops in 2018. <!-- geonotes: outside-knowledge -->\n\
                    China sent 900 vehicles.\n\n<!-- geonotes: outside-knowledge -->\n\
                    - 30 aircraft in 2017\n- 12 ships\n\n> 5 tanks in 1981\n\n\
                    In 2019 <!-- geonotes: outside-knowledge --> 7 more.\n";
        let analysis = analyze_note(note, Source::None, &kb, &NoteOptions::default());
        let lines = LineIndex::new(note);
        let html: Vec<Span> = markdown::parse(note, 0)
            .html
            .iter()
            .map(|h| h.span.clone())
            .collect();
        let suppressions = Suppressions::from_html(note, &html, &lines);
        let naive = analysis
            .mentions()
            .filter(|m| m.figure().is_some() || m.date().is_some())
            .filter(|m| suppressions.is_outside_knowledge(lines.line_of(m.span.start) as u32))
            .count();
        // 3,200 and 2018; 30 and 2017 (the line after the lone directive); 2019 and 7.
        assert_eq!(naive, 6);
        assert_eq!(analysis.outside_knowledge, naive);
    }

    /// Every mention of the demo notes, and the verdict on it, comes out of an analysis of
    /// its block alone exactly as out of the whole analysis. All of them share one parse,
    /// which each leaves as it found it.
    #[test]
    fn a_range_analysis_finds_what_the_whole_analysis_finds_there() {
        let kb = KnowledgeBase::builtin();
        let article = Article::parse(ARTICLE.to_string(), &kb, None);
        let options = NoteOptions::default();
        let whole = analyze_note(NOTES, Source::Loaded(&article), &kb, &options);
        let parsed = ParsedNote::new(&Arc::new(NOTES.to_string()));
        let mut checked = 0;
        for mention in whole.mentions() {
            let at = mention.span.start;
            let part = analyze_range(&parsed, at..at, Source::Loaded(&article), &kb, &options);
            let (whole_id, whole_mention) = whole.mention_at(at).unwrap();
            let (part_id, part_mention) = part.mention_at(at).expect("the mention is found");
            assert_eq!(part_mention, whole_mention);
            assert_eq!(part.verdict_for(part_id), whole.verdict_for(whole_id));
            assert!(
                part.blocks.len() <= 2,
                "{} blocks analyzed",
                part.blocks.len()
            );
            checked += 1;
        }
        assert!(checked > 50, "{checked}");
    }

    /// In one huge paragraph a range analysis looks only at the piece at the cursor, and
    /// that piece comes out as in the whole analysis.
    #[test]
    fn a_range_analysis_of_a_huge_paragraph_analyzes_one_piece() {
        let kb = KnowledgeBase::builtin();
        let options = NoteOptions::default();
        let line = "Russia sent 3,200 troops in 2018. ".repeat(30_000);
        let at = line.len() / 2 + 12;
        let parsed = ParsedNote::new(&Arc::new(line.clone()));
        let part = analyze_range(&parsed, at..at, Source::None, &kb, &options);
        assert_eq!(part.blocks.len(), 1);
        assert!(part.blocks[0].span().len() <= pieces::DEFAULT_LIMIT);
        let whole = analyze_note(&line, Source::None, &kb, &options);
        assert!(whole.blocks.len() > 10, "{} pieces", whole.blocks.len());
        let (_, in_part) = part.mention_at(at).expect("a mention at the cursor");
        assert_eq!(Some(in_part), whole.mention_at(at).map(|(_, m)| m));
    }

    /// Blocks that edits leave behind are kept for a while, then swept: the cache never holds
    /// more than a few hundred blocks beyond the note's own.
    #[test]
    fn the_cache_sweeps_blocks_that_edits_left_behind() {
        let kb = KnowledgeBase::builtin();
        let options = NoteOptions::default();
        let rest = "China joined the drills.\n\n".repeat(10);
        let mut cache = AnalysisCache::default();
        let mut most = 0;
        for i in 0..400 {
            let note: Arc<str> = format!("Russia sent {i} troops.\n\n{rest}").into();
            analyze_note_cached(&note, Source::None, &kb, &options, &mut cache);
            most = most.max(cache.block_count());
        }
        // 11 blocks (10 alike): at most 11 + 11 / 8 + 256 before a sweep.
        assert!(most > 200, "stale blocks are kept for a while: {most}");
        assert!(most <= 11 + 1 + 256 + 1, "{most} blocks held");
        assert!(cache.block_count() < 300);
    }

    #[test]
    fn the_cache_forgets_results_when_the_article_changes() {
        let kb = KnowledgeBase::builtin();
        let a1 = Article::parse("Moscow sent troops to the border.".to_string(), &kb, None);
        let a2 = Article::parse("Beijing sent troops to the border.".to_string(), &kb, None);
        let note = "Quoting \"Beijing sent troops to the border\" here.";
        let shared: Arc<str> = Arc::from(note);
        let mut cache = AnalysisCache::default();
        let options = NoteOptions::default();
        let with_a1 = analyze_note_cached(&shared, Source::Loaded(&a1), &kb, &options, &mut cache);
        let with_a2 = analyze_note_cached(&shared, Source::Loaded(&a2), &kb, &options, &mut cache);
        assert_eq!(
            summary(&with_a2),
            summary(&analyze_note(note, Source::Loaded(&a2), &kb, &options))
        );
        assert_ne!(summary(&with_a1), summary(&with_a2));
    }
}
