//! Quotations in notes checked against the article's wording: verbatim, misquoted or unsourced.
//!
//! Both sides are compared as word sequences (case, punctuation, quote marks, dashes and line
//! breaks ignored). An ellipsis matches any omitted words. A quotation that is not verbatim but
//! lines up with an article passage word for word closely enough is a misquote, and the
//! article's wording is offered as the fix; otherwise the quotation is unsourced.

use crate::article::Article;
use crate::model::Span;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Fewer words than this in double quotes is a scare quote or a term, not a quotation.
pub const MIN_QUOTE_WORDS: usize = 4;
/// Share of words that must line up for a near match to count as a misquote.
const MISQUOTE_SIMILARITY: f64 = 0.6;

static DOUBLE_QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""([^"]+)""#).expect("valid quote regex"));

/// Quotations in one block's normalized text: spans of the quoted words (without the marks).
/// A blockquote without inner quotation marks is one quotation as a whole.
pub fn find_quotes(norm: &str, in_blockquote: bool) -> Vec<Span> {
    let mut out: Vec<Span> = DOUBLE_QUOTED
        .captures_iter(norm)
        .filter_map(|c| c.get(1))
        .filter(|m| m.as_str().split_whitespace().count() >= MIN_QUOTE_WORDS)
        .map(|m| m.range())
        .collect();
    if in_blockquote && out.is_empty() && norm.split_whitespace().count() >= MIN_QUOTE_WORDS {
        out.push(0..norm.len());
    }
    out
}

/// A word of a text and where it is (in the text that was tokenized).
#[derive(Clone, Debug)]
struct Word {
    key: String,
    span: Span,
}

/// Lower-case alphanumeric words; an ellipsis becomes the gap marker `...`.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for (start, piece) in split_with_offsets(text) {
        if piece.contains("...") {
            for (k, part) in piece.split("...").enumerate() {
                if k > 0 {
                    out.push(Word {
                        key: "...".into(),
                        span: start..start,
                    });
                }
                let key = word_key(part);
                if !key.is_empty() {
                    out.push(Word {
                        key,
                        span: start..start + piece.len(),
                    });
                }
            }
            continue;
        }
        let key = word_key(piece);
        if !key.is_empty() {
            let lead = piece.len()
                - piece
                    .trim_start_matches(|c: char| !c.is_alphanumeric())
                    .len();
            let trail = piece.len() - piece.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
            out.push(Word {
                key,
                span: start + lead..start + piece.len() - trail,
            });
        }
    }
    out
}

fn word_key(piece: &str) -> String {
    piece
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn split_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(' ').scan(0usize, |pos, piece| {
        let start = *pos;
        *pos += piece.len() + 1;
        Some((start, piece))
    })
}

/// What the article makes of a quotation.
#[derive(Clone, Debug, PartialEq)]
pub enum QuoteMatch {
    Verbatim {
        paragraph: u32,
        span: Span,
    },
    /// `wording` is the article's text for the passage (normalized), `span` its article range.
    Close {
        paragraph: u32,
        span: Span,
        wording: String,
    },
    Unsourced,
}

/// How many quotations' look-ups an article remembers; past it, the memory starts afresh.
const MAX_REMEMBERED: usize = 4096;

/// The article's paragraphs as word lists, with an index from word to positions. Built once
/// per article; lookups of the same quotation are remembered (generated and copied notes
/// repeat them), up to `MAX_REMEMBERED` quotations: the article outlives its notes in the
/// server, and typing a quotation looks up each of its prefixes once, so an unbounded memory
/// grew with every quotation typed all session long.
#[derive(Debug, Default)]
pub struct QuoteIndex {
    paragraphs: Vec<Vec<Word>>,
    positions: HashMap<String, Vec<(usize, usize)>>,
    cache: std::sync::Mutex<HashMap<String, QuoteMatch>>,
}

impl QuoteIndex {
    pub fn new(article: &Article) -> QuoteIndex {
        let paragraphs: Vec<Vec<Word>> = article
            .paragraphs
            .iter()
            .map(|p| words(p.normalized()))
            .collect();
        let mut positions: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (p, ws) in paragraphs.iter().enumerate() {
            for (i, w) in ws.iter().enumerate() {
                positions.entry(w.key.clone()).or_default().push((p, i));
            }
        }
        QuoteIndex {
            paragraphs,
            positions,
            cache: Default::default(),
        }
    }

    /// Match a quotation (normalized text) against `article`, the article this index was built from.
    pub fn find(&self, article: &Article, quote: &str) -> QuoteMatch {
        let cached = self.cache.lock().ok().and_then(|c| c.get(quote).cloned());
        if let Some(hit) = cached {
            return hit;
        }
        let result = self.find_uncached(article, quote);
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= MAX_REMEMBERED {
                cache.clear();
            }
            cache.insert(quote.to_string(), result.clone());
        }
        result
    }

    /// How many quotations' look-ups are remembered now.
    #[cfg(test)]
    fn remembered(&self) -> usize {
        self.cache.lock().map_or(0, |c| c.len())
    }

    fn find_uncached(&self, article: &Article, quote: &str) -> QuoteMatch {
        let q = words(quote);
        let parts: Vec<Vec<&str>> = q
            .split(|w| w.key == "...")
            .map(|part| part.iter().map(|w| w.key.as_str()).collect())
            .filter(|p: &Vec<&str>| !p.is_empty())
            .collect();
        if parts.is_empty() {
            return QuoteMatch::Unsourced;
        }
        if let Some((p, first, last)) = self.verbatim(&parts) {
            return QuoteMatch::Verbatim {
                paragraph: p as u32 + 1,
                span: self.article_span(article, p, first, last),
            };
        }
        let flat: Vec<&str> = parts.concat();
        match self.closest(&flat) {
            Some((p, first, last, similarity)) if similarity >= MISQUOTE_SIMILARITY => {
                let para = &article.paragraphs[p];
                let norm_span =
                    self.paragraphs[p][first].span.start..self.paragraphs[p][last].span.end;
                QuoteMatch::Close {
                    paragraph: para.n,
                    span: self.article_span(article, p, first, last),
                    wording: para.normalized()[norm_span].to_string(),
                }
            }
            _ => QuoteMatch::Unsourced,
        }
    }

    fn article_span(&self, article: &Article, p: usize, first: usize, last: usize) -> Span {
        let para = &article.paragraphs[p];
        let ws = &self.paragraphs[p];
        para.block
            .to_document(&(ws[first].span.start..ws[last].span.end))
    }

    /// Every part found in order in one paragraph: (paragraph, first word, last word).
    fn verbatim(&self, parts: &[Vec<&str>]) -> Option<(usize, usize, usize)> {
        let starts = self.positions.get(parts[0][0])?;
        'start: for &(p, i) in starts {
            let ws = &self.paragraphs[p];
            if !matches_at(ws, i, &parts[0]) {
                continue;
            }
            let mut next = i + parts[0].len();
            for part in &parts[1..] {
                match (next..ws.len()).find(|&k| matches_at(ws, k, part)) {
                    Some(k) => next = k + part.len(),
                    None => continue 'start,
                }
            }
            return Some((p, i, next - 1));
        }
        None
    }

    /// The best-aligned passage: for each place where a quote word occurs, align the quote
    /// there and score the word-level edit distance to passages of about its length.
    fn closest(&self, q: &[&str]) -> Option<(usize, usize, usize, f64)> {
        let mut best: Option<(usize, usize, usize, f64)> = None;
        let mut tried = std::collections::HashSet::new();
        let mut distances = EditDistances::default();
        for (qi, key) in q.iter().enumerate() {
            let Some(hits) = self.positions.get(*key) else {
                continue;
            };
            if hits.len() > 40 {
                continue; // a common word anchors nothing
            }
            for &(p, ai) in hits {
                let Some(start) = ai.checked_sub(qi) else {
                    continue;
                };
                if !tried.insert((p, start)) {
                    continue;
                }
                let ws = &self.paragraphs[p];
                // One table gives the distance to every passage from `start` up to the longest
                // tried (its last row), where one table per length was made before: the first
                // analysis of markdown full of quotations spent 9% of its time here.
                let longest = &ws[start.min(ws.len())..(start + q.len() + 2).min(ws.len())];
                let to_prefix = distances.prefix_distances(q, longest);
                for len in q.len().saturating_sub(2).max(1)..=q.len() + 2 {
                    let end = (start + len).min(ws.len());
                    if end <= start {
                        continue;
                    }
                    let distance = to_prefix[end - start];
                    let similarity = 1.0 - distance as f64 / q.len().max(end - start) as f64;
                    // Among equally similar passages, the one nearest the quotation's length:
                    // "no matter how long it will take" is the article's "no matter how long
                    // it takes", not its first five words.
                    let off = |w: usize| w.abs_diff(q.len());
                    let better = best.as_ref().is_none_or(|b| {
                        similarity > b.3
                            || similarity == b.3 && off(end - start) < off(b.2 + 1 - b.1)
                    });
                    if better {
                        best = Some((p, start, end - 1, similarity));
                    }
                }
            }
        }
        best
    }
}

fn matches_at(ws: &[Word], at: usize, part: &[&str]) -> bool {
    at + part.len() <= ws.len()
        && ws[at..at + part.len()]
            .iter()
            .zip(part)
            .all(|(w, k)| w.key == *k)
}

/// Word-level edit distances, with the rows of the table kept from one use to the next.
#[derive(Default)]
struct EditDistances {
    prev: Vec<usize>,
    row: Vec<usize>,
}

impl EditDistances {
    /// The edit distance from `a` to each prefix of `b`: element `j` is that to `b[..j]`.
    fn prefix_distances(&mut self, a: &[&str], b: &[Word]) -> &[usize] {
        self.prev.clear();
        self.prev.extend(0..=b.len());
        for (i, x) in a.iter().enumerate() {
            self.row.clear();
            self.row.resize(b.len() + 1, i + 1);
            for (j, y) in b.iter().enumerate() {
                self.row[j + 1] = (self.prev[j] + usize::from(*x != y.key))
                    .min(self.prev[j + 1] + 1)
                    .min(self.row[j] + 1);
            }
            std::mem::swap(&mut self.prev, &mut self.row);
        }
        &self.prev
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::KnowledgeBase;

    fn article() -> Article {
        let text = "The first paragraph says nothing much.\n\n\u{2018}I see little in the long term that aligns Russia and China,\u{201D} he said.\n\nBeijing and Moscow regularly\nsupport each other on norms in cyberspace.\n";
        Article::parse(text.to_string(), &KnowledgeBase::builtin(), None)
    }

    /// Every prefix of a quotation typed into a note is looked up once; the article keeps
    /// no more than `MAX_REMEMBERED` of them, and still answers each as before.
    #[test]
    fn the_quotations_remembered_are_bounded() {
        let article = article();
        let index = article.quote_index();
        let quote = "I see little in the long term that aligns Russia and China";
        let verbatim = index.find(&article, quote);
        assert!(matches!(
            verbatim,
            QuoteMatch::Verbatim { paragraph: 2, .. }
        ));
        for i in 0..MAX_REMEMBERED + 100 {
            let typed = format!("{quote} {i}");
            assert!(index.remembered() <= MAX_REMEMBERED, "after {i}");
            drop(index.find(&article, &typed));
        }
        assert!(index.remembered() <= MAX_REMEMBERED);
        assert_eq!(index.find(&article, quote), verbatim);
    }

    proptest::proptest! {
        /// One table's last row holds the distance to every prefix, each the distance a
        /// table of its own (the textbook recursion, below) gives.
        #[test]
        fn distances_to_prefixes_are_edit_distances(
            a in proptest::collection::vec("[abc]", 0..6),
            b in proptest::collection::vec("[abc]", 0..8),
        ) {
            fn naive(a: &[&str], b: &[&str]) -> usize {
                match (a, b) {
                    ([], _) => b.len(),
                    (_, []) => a.len(),
                    ([x, a2 @ ..], [y, b2 @ ..]) => (naive(a2, b2) + usize::from(x != y))
                        .min(naive(a2, b) + 1)
                        .min(naive(a, b2) + 1),
                }
            }
            let a: Vec<&str> = a.iter().map(String::as_str).collect();
            let words: Vec<Word> = b
                .iter()
                .map(|k| Word { key: k.clone(), span: 0..0 })
                .collect();
            let b: Vec<&str> = b.iter().map(String::as_str).collect();
            let mut distances = EditDistances::default();
            let to_prefix = distances.prefix_distances(&a, &words).to_vec();
            for j in 0..=b.len() {
                proptest::prop_assert_eq!(to_prefix[j], naive(&a, &b[..j]), "prefix {}", j);
            }
        }
    }

    #[test]
    fn quotation_verdicts() {
        let a = article();
        let index = QuoteIndex::new(&a);
        let cases: &[(&str, &str)] = &[
            (
                "I see little in the long term that aligns Russia and China,",
                "verbatim 2",
            ),
            (
                "i see LITTLE in the long-term that aligns Russia and China",
                "close 2",
            ),
            (
                "I see much in the long term that aligns Russia and China",
                "close 2",
            ),
            (
                "I see little ... that aligns Russia and China",
                "verbatim 2",
            ),
            (
                "Beijing and Moscow regularly support each other",
                "verbatim 3",
            ),
            ("Beijing and Moscow never support each other", "close 3"),
            ("the moon is made of green cheese today", "unsourced"),
        ];
        for (quote, expected) in cases {
            let got = match index.find(&a, quote) {
                QuoteMatch::Verbatim { paragraph, .. } => format!("verbatim {paragraph}"),
                QuoteMatch::Close { paragraph, .. } => format!("close {paragraph}"),
                QuoteMatch::Unsourced => "unsourced".into(),
            };
            assert_eq!(&got, expected, "{quote}");
        }
    }

    #[test]
    fn close_match_offers_the_article_wording() {
        let a = article();
        let QuoteMatch::Close { wording, span, .. } =
            QuoteIndex::new(&a).find(&a, "Beijing and Moscow rarely support each other")
        else {
            panic!("expected a close match")
        };
        assert_eq!(wording, "Beijing and Moscow regularly support each other");
        assert_eq!(
            &a.text[span],
            "Beijing and Moscow regularly\nsupport each other"
        );
    }

    #[test]
    fn finds_quotes_of_four_words_or_more_and_blockquotes() {
        let text = r#"He called it "a bad idea" and "a very bad idea indeed" later."#;
        let got: Vec<&str> = find_quotes(text, false)
            .into_iter()
            .map(|s| &text[s])
            .collect();
        assert_eq!(got, ["a very bad idea indeed"]);
        assert_eq!(find_quotes("one two three four", true), vec![0..18]);
        assert!(find_quotes("one two three", true).is_empty());
    }
}
