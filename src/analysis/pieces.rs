//! Cutting a very long prose block (a pasted article on one line) into pieces analyzed apart.
//!
//! A block is the unit of the cache and of parallel work. One block of megabytes would be
//! analyzed on one core, and again whole after every keystroke in it. Blocks longer than
//! `limit` are cut at sentence ends, which every check already treats as walls: a clause never
//! crosses a period and a citation belongs to its sentence. No cut falls inside a quotation.
//! Which sentence ends become cuts is decided by the bytes before them (content-defined, as in
//! rsync), so an edit moves only the cuts near it and the other pieces stay in the cache.
//! One difference remains, on purpose: a blockquote without quotation marks is one quotation,
//! and one over the limit is looked up in the source piece by piece.

use crate::model::Span;
use crate::notes::markdown::{Prose, ProseBlock};
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// Blocks longer than this are cut (what `AnalysisCache::default` uses).
pub(super) const DEFAULT_LIMIT: usize = 64 * 1024;
/// Pieces shorter than this are not cut again.
const MIN_PIECE: usize = 4 * 1024;
/// About one sentence end in this many is a cut (by its hash), once a piece has `MIN_PIECE`.
const CUT_ONE_IN: u64 = 128;

/// `blocks` with every block longer than `limit` bytes replaced by its pieces, in order.
pub(super) fn cut_long_blocks<'b>(
    prose: &Prose,
    text: &str,
    blocks: &'b [ProseBlock],
    limit: usize,
) -> Cow<'b, [ProseBlock]> {
    if blocks.iter().all(|b| b.span.len() <= limit) {
        return Cow::Borrowed(blocks);
    }
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        if block.span.len() <= limit {
            out.push(block.clone());
            continue;
        }
        // Cut in the block's own prose, whose offsets are the block's less its start.
        let own = prose.prose_of(text, block.span.clone());
        let at = block.span.start;
        out.extend(
            cuts(&own, 0..own.len(), limit)
                .into_iter()
                .map(|span| ProseBlock {
                    span: span.start + at..span.end + at,
                    heading: block.heading,
                    in_blockquote: block.in_blockquote,
                }),
        );
    }
    Cow::Owned(out)
}

/// The pieces of `block` (spans in `text`). None is longer than `limit` unless it holds a
/// quotation that long, or a word.
fn cuts(text: &str, block: Span, limit: usize) -> Vec<Span> {
    let bytes = text.as_bytes();
    let limit = limit.max(MIN_PIECE * 2);
    let quoted = quotations(text, block.clone());
    // Between the marks of a quotation, as the quotation check pairs them.
    let inside = |i: usize| {
        let k = quoted.partition_point(|q| q.end <= i);
        quoted.get(k).is_some_and(|q| q.start <= i)
    };
    let mut out = Vec::new();
    let mut start = block.start;
    // The last sentence end of the current piece: where a piece that reaches `limit` is cut.
    let mut last_end: Option<usize> = None;
    let mut i = block.start;
    while i < block.end {
        // Only a sentence mark, or the byte where the piece reaches `limit`, can end a piece:
        // jump to the nearer (memchr; a byte-by-byte walk was half of re-cutting a 5 MB
        // paragraph after an edit in it).
        let limit_at = (start + limit).saturating_sub(1).min(block.end);
        if i < limit_at {
            match memchr::memchr3(b'.', b'?', b'!', &bytes[i..limit_at]) {
                Some(k) => i += k,
                None => {
                    i = limit_at;
                    continue;
                }
            }
        }
        let mut cut = None;
        if i > start && is_sentence_end(text, i, block.end) && !inside(i) {
            last_end = Some(i);
            if i + 1 - start >= MIN_PIECE && hash_before(bytes, i) % CUT_ONE_IN == 0 {
                // The piece ends after the mark; the next begins at the capital after the space.
                cut = Some((i + 1, i + 2));
            }
        }
        if cut.is_none() && i + 1 - start >= limit {
            cut = match last_end {
                Some(end) => Some((end + 1, end + 2)),
                None if bytes[i] == b' ' && !inside(i) => Some((i, i + 1)),
                // No space for a whole second limit: any char boundary outside a quotation.
                None if i + 1 - start >= 2 * limit
                    && text.is_char_boundary(i + 1)
                    && !inside(i) =>
                {
                    Some((i + 1, i + 1))
                }
                None => None,
            };
        }
        match cut {
            Some((end, next)) => {
                out.push(start..end);
                start = next;
                i = next;
                last_end = None;
            }
            None => i += 1,
        }
    }
    if start < block.end {
        out.push(start..block.end);
    }
    out
}

/// The quotations of `text[block]`, marks included, paired as `check::quotes` pairs them in
/// the normalized text (where every kind of double quote becomes `"`).
fn quotations(text: &str, block: Span) -> Vec<Span> {
    static QUOTATION: LazyLock<Regex> = LazyLock::new(|| {
        let marks = crate::text::DOUBLE_QUOTE_MARKS;
        Regex::new(&format!("[{marks}][^{marks}]+[{marks}]")).expect("valid quotation pattern")
    });
    QUOTATION
        .find_iter(&text[block.clone()])
        .map(|m| m.start() + block.start..m.end() + block.start)
        .collect()
}

/// `. X`, `? X` or `! X` at `i`: the mark after a lower-case word that is not an abbreviation,
/// one space, and a capital. The same ends `text::sentences` finds, minus the rarer kinds.
fn is_sentence_end(text: &str, i: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    matches!(bytes[i], b'.' | b'?' | b'!')
        && i + 2 < end
        && bytes[i + 1] == b' '
        && bytes[i + 2].is_ascii_uppercase()
        && i > 0
        && bytes[i - 1].is_ascii_lowercase()
        && !crate::text::is_abbreviation(
            &text[crate::position::floor_char_boundary(text, i.saturating_sub(16))..i],
        )
}

/// A hash of the 16 bytes before a sentence end: the same sentence end gets the same verdict
/// wherever it moves.
fn hash_before(bytes: &[u8], i: usize) -> u64 {
    xxhash_rust::xxh3::xxh3_64(&bytes[i.saturating_sub(16)..i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze_text, AnalysisCache, NoteAnalysis, NoteOptions, Source};
    use crate::article::Article;
    use crate::kb::KnowledgeBase;

    const ARTICLE: &str = include_str!("../../examples/vostok-2018/article.txt");

    /// The article's prose on one line with some figures and a date changed, repeated: one
    /// block of about 200 KB with quotations, citations, wrong and right claims.
    fn one_long_line() -> String {
        let line = ARTICLE
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join(" [¶3] ")
            .replace("3,200", "3,500")
            .replace("2004", "2006");
        format!("{line} ").repeat(18)
    }

    fn analyze_with_limit(text: &str, article: &Article, limit: usize) -> NoteAnalysis {
        let kb = KnowledgeBase::builtin();
        let mut cache = AnalysisCache::disposable();
        cache.piece_limit = limit;
        let options = NoteOptions::default();
        let source = Source::Loaded(article);
        analyze_text(text, None, source, &kb, &options, &mut cache)
    }

    fn pieces_of(text: &str) -> Vec<Span> {
        cuts(text, 0..text.len(), DEFAULT_LIMIT)
    }

    /// Cutting changes nothing a user sees: every mention, verdict and finding of a long
    /// block analyzed in pieces equals the block analyzed whole.
    #[test]
    fn a_block_analyzed_in_pieces_gives_what_it_gives_whole() {
        let kb = KnowledgeBase::builtin();
        let article = Article::parse(ARTICLE.to_string(), &kb, None);
        let text = one_long_line();
        let whole = analyze_with_limit(&text, &article, usize::MAX);
        let cut = analyze_with_limit(&text, &article, 1);
        assert_eq!(whole.blocks.len(), 1);
        assert!(cut.blocks.len() > 10, "{} pieces", cut.blocks.len());
        let mentions = |a: &NoteAnalysis| a.mentions().collect::<Vec<_>>();
        let (cut_mentions, whole_mentions) = (mentions(&cut), mentions(&whole));
        if let Some(i) =
            (0..whole_mentions.len()).find(|&i| cut_mentions.get(i) != whole_mentions.get(i))
        {
            let near = |m: &[crate::prose::Mention]| format!("{:?}", &m[i..(i + 2).min(m.len())]);
            let at = whole_mentions[i].span.start;
            panic!(
                "first difference at {at} ({:?}):\n pieces {}\n whole {}",
                &text[at.saturating_sub(60)..at + 40],
                near(&cut_mentions),
                near(&whole_mentions)
            );
        }
        assert_eq!(cut_mentions.len(), whole_mentions.len());
        assert!(whole.finding_count() > 30, "{}", whole.finding_count());
        assert_eq!(cut.owned_findings(), whole.owned_findings());
        for m in whole.mentions() {
            let (w, _) = whole.mention_at(m.span.start).unwrap();
            let (c, _) = cut.mention_at(m.span.start).unwrap();
            assert_eq!(cut.verdict_for(c), whole.verdict_for(w), "{m:?}");
        }
    }

    /// Pieces are in order, no longer than the limit, and only the space after a sentence
    /// end lies between two of them.
    #[test]
    fn pieces_cover_the_block_at_sentence_ends() {
        let text = one_long_line();
        let pieces = pieces_of(&text);
        assert!(pieces.len() > 3, "{pieces:?}");
        assert_eq!(pieces[0].start, 0);
        assert_eq!(pieces.last().unwrap().end, text.len());
        for pair in pieces.windows(2) {
            assert_eq!(pair[1].start, pair[0].end + 1);
            assert!(text[..pair[0].end].ends_with(['.', '?', '!']), "{pair:?}");
            assert!(text[pair[1].start..].starts_with(|c: char| c.is_ascii_uppercase()));
        }
        assert!(pieces.iter().all(|p| p.len() <= DEFAULT_LIMIT));
    }

    /// An edit moves only the cuts near it: the other pieces keep their text (and so their
    /// place in the cache).
    #[test]
    fn an_edit_changes_only_the_pieces_near_it() {
        let text = one_long_line();
        let at = text.len() / 2;
        let at = at + text[at..].find(' ').unwrap();
        let edited = format!("{}x{}", &text[..at], &text[at..]);
        let before: Vec<&str> = pieces_of(&text).iter().map(|p| &text[p.clone()]).collect();
        let after: Vec<&str> = pieces_of(&edited)
            .iter()
            .map(|p| &edited[p.clone()])
            .collect();
        let changed = after.iter().filter(|p| !before.contains(p)).count();
        assert!(before.len() > 3);
        assert!(changed <= 2, "{changed} of {} pieces changed", after.len());
    }

    /// A quotation with sentences inside is never cut, whatever its length.
    #[test]
    fn no_cut_falls_inside_a_quotation() {
        let sentences = |n: usize| {
            (0..n)
                .map(|i| format!("The drills numbered {i}. Officials said so. "))
                .collect::<String>()
        };
        let text = format!(
            "{}\u{201C}{}\u{201D} {}\"{}\" end.",
            sentences(500),
            sentences(1500),
            sentences(500),
            sentences(1500)
        );
        let pieces = pieces_of(&text);
        assert!(pieces.len() > 2);
        let mark = Regex::new(&format!("[{}]", crate::text::DOUBLE_QUOTE_MARKS)).unwrap();
        for p in &pieces[1..] {
            let quotes = mark.find_iter(&text[..p.start]).count();
            assert_eq!(quotes % 2, 0, "cut inside a quotation at {}", p.start);
        }
    }

    /// Text with no sentence end is cut at the first space past the limit; text with no
    /// space at all on char boundaries within twice the limit.
    #[test]
    fn text_without_sentences_is_cut_at_spaces_or_chars() {
        for (text, longest) in [
            ("word ".repeat(40_000), DEFAULT_LIMIT + "word".len()),
            ("\u{00E9}".repeat(100_000), 2 * DEFAULT_LIMIT),
        ] {
            let pieces = pieces_of(&text);
            assert!(pieces.len() > 1);
            assert!(pieces.iter().all(|p| p.len() <= longest && !p.is_empty()));
            assert!(pieces.iter().all(|p| text.get(p.clone()).is_some()));
            assert_eq!(pieces.last().unwrap().end, text.len());
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::analysis::{analyze_text, AnalysisCache, NoteOptions, Source};
    use crate::article::Article;
    use crate::kb::KnowledgeBase;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static KB: LazyLock<KnowledgeBase> = LazyLock::new(KnowledgeBase::builtin);
    static ARTICLE: LazyLock<Article> = LazyLock::new(|| {
        let text = include_str!("../../examples/vostok-2018/article.txt").to_string();
        Article::parse(text, &KB, None)
    });

    /// Pieces of prose that stress the cuts: sentence ends, abbreviations, initials, both
    /// kinds of quotation marks (paired or not), citations, figures, dates and names.
    const TOKENS: &[&str] = &[
        "Russia sent 3,500 troops in 2004. ",
        "China joined the drills. ",
        "Was it larger? ",
        "It was! ",
        "The U.S. Army watched. ",
        "Gen. Smith and James T. Kirk agreed. ",
        "\"Mistrust is too deep. It is real.\" ",
        "\u{201C}A half century of planning. Upended.\u{201D} ",
        "\" ",
        "\u{201D} ",
        "[¶3] ",
        "some 300,000 Russians took part in August 2018. ",
        "the 2014 annexation ",
        "etc. Then ",
        "word ",
        "Moscow. ",
    ];

    fn analyze_with_limit(text: &str, limit: usize) -> crate::analysis::NoteAnalysis {
        let mut cache = AnalysisCache::disposable();
        cache.piece_limit = limit;
        let source = Source::Loaded(&ARTICLE);
        analyze_text(text, None, source, &KB, &NoteOptions::default(), &mut cache)
    }

    proptest! {
        // No regression files, as in `tests/it/props.rs`: a failure prints its input.
        #![proptest_config(ProptestConfig {
            cases: 24,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Whatever the sentences and quotation marks, a long paragraph analyzed in pieces
        /// finds exactly what it finds whole, and every cut lies outside a quotation.
        #[test]
        fn pieces_find_what_the_whole_paragraph_finds(
            picks in proptest::collection::vec(0..TOKENS.len(), 300..700)
        ) {
            let text: String = picks.iter().map(|&i| TOKENS[i]).collect();
            let whole = analyze_with_limit(&text, usize::MAX);
            let cut = analyze_with_limit(&text, 1);
            prop_assert!(text.len() < 2 * 8192 || cut.blocks.len() > 1, "never cut");
            let mentions = |a: &crate::analysis::NoteAnalysis| a.mentions().collect::<Vec<_>>();
            prop_assert_eq!(mentions(&cut), mentions(&whole));
            prop_assert_eq!(cut.owned_findings(), whole.owned_findings());
            let quoted = quotations(&text, 0..text.len());
            for block in &cut.blocks {
                let start = block.span().start;
                prop_assert!(!quoted.iter().any(|q| q.start < start && start < q.end));
            }
        }
    }
}
