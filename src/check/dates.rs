//! The check of a note's dates against the article's: supported, contradicted by a clause
//! that fits the note's better (a misattributed date), or unsupported with the date the note
//! most likely meant.

use super::context::{self, ClaimContext};
use super::figures::{Reason, Verdict};
use crate::article::{Article, Paragraph};
use crate::model::{DateMention, DateValue, Span};

/// How many more content words another dated clause must share with a note's clause than the
/// clauses that hold the note's date, for the date to count as misattributed.
const DATE_CONTEXT_MARGIN: usize = 2;

/// Every paragraph holding a date that supports this one, with the span of its first such
/// date (for citation checks and go to definition).
pub fn date_paragraphs(note: &DateMention, article: &Article) -> Vec<(u32, Span)> {
    let Some(value) = note.value else {
        return Vec::new();
    };
    let mut out: Vec<(u32, Span)> = Vec::new();
    for (p, d) in article.dates() {
        let supports = d.value.is_some_and(|v| date_supports(&value, &v));
        if supports && out.last().is_none_or(|(n, _)| *n != p.n) {
            out.push((p.n, d.span.clone()));
        }
    }
    out
}

/// Does an article date support a date of the notes? Equal, or the note is coarser ("2017"
/// for "August 2017"), or the note falls inside a short article range ("2015" in "2014-15").
fn date_supports(note: &DateValue, article: &DateValue) -> bool {
    if note == article || note.contains(article) {
        return true;
    }
    let short_range =
        article.start.year != article.end.year && article.end.year - article.start.year <= 2;
    short_range && article.contains(note) && note.start.month.is_none()
}

/// Can the article's date `source` be written in place of the note's date `note`? Not when
/// it is relative ("last week" would not read the same in the note), nor when one is a single
/// day and the other is not: a day takes "on", a month or a year "in", so "began on Tuesday"
/// cannot become "began on 2014", nor "in 2015" become "in 14 July 2015".
fn writable_for(note: &DateValue, source: &DateMention) -> bool {
    let one_day = |v: &DateValue| v.start == v.end && v.start.day.is_some();
    !source.relative && source.value.is_some_and(|v| one_day(&v) == one_day(note))
}

/// Check one date of the notes against the article's dates. A date that the article holds
/// only in an unrelated clause, while the note's clause matches another clause dated
/// otherwise, is a context mismatch ("the dispute was settled in 1969": the article settles it
/// in 2004).
pub fn check_date(
    note: &DateMention,
    note_context: impl Fn() -> ClaimContext,
    note_sentence_of: impl Fn() -> ClaimContext,
    siblings_of_note: impl Fn() -> Vec<DateValue>,
    cited_by_note: impl Fn() -> Vec<u32>,
    article: &Article,
) -> Option<Verdict> {
    let value = note.value?;
    // Each article date with its number `k` in `dates_indexed` order (for `fits`).
    let mut supporting: Vec<(usize, &Paragraph, usize, &DateMention)> = Vec::new();
    // The nearest in time: in years, then in days (counted only for dates as near in years
    // as the nearest so far: most of an article's dates are years away).
    let mut nearest: Option<((i32, i64), &Paragraph, &DateMention)> = None;
    for (k, (p, i, d)) in article.dates_indexed().enumerate() {
        let Some(v) = d.value else { continue };
        if date_supports(&value, &v) {
            supporting.push((k, p, i, d));
            continue;
        }
        let years = v.years_apart(&value);
        if nearest
            .as_ref()
            .is_some_and(|((best, _), _, _)| years > *best)
        {
            continue;
        }
        let distance = (years, v.days_apart(&value));
        if nearest.as_ref().is_none_or(|(best, _, _)| distance < *best) {
            nearest = Some((distance, p, d));
        }
    }
    let note_ctx = note_context();
    // How much the note's clause shares with each article date's: computed once, by index.
    let shared = article.date_overlaps(&note_ctx);
    let fits = |k: usize| shared.get(k).copied().unwrap_or(0);
    // Which of two article dates the note more likely meant: most shared words, then a stated
    // date over a relative one, then the nearer in years, then in days (counted only on a tie:
    // this compares every dated clause that shares a word with the note's).
    let likelier = |(a_score, a): (usize, &DateMention), (b_score, b): (usize, &DateMention)| {
        let far = |d: &DateMention, apart: &dyn Fn(DateValue) -> i64| {
            std::cmp::Reverse(d.value.map_or(i64::MAX, apart))
        };
        let years = |v: DateValue| i64::from(v.years_apart(&value));
        let days = |v: DateValue| v.days_apart(&value);
        (a_score, !a.relative, far(a, &years))
            .cmp(&(b_score, !b.relative, far(b, &years)))
            .then_with(|| far(a, &days).cmp(&far(b, &days)))
    };
    let Some(&(_, first_p, first_i, first_d)) = supporting.first() else {
        // The day of the masthead, which no paragraph holds. Only the day itself: a year or
        // month is a claim about what happened then, which the date of print does not hold.
        let one_day = value.start == value.end && value.start.day.is_some();
        if one_day && article.dateline == Some(value.start) {
            return Some(Verdict::PublicationDay);
        }
        // The date the note most likely meant: one of the paragraphs its sentence cites
        // ("until February 2016 [¶2]": ¶2's February 2018, not a 2011 whose clause shares a
        // word), then the one whose clause it shares most with, else the nearest in time.
        let shared = article.date_overlaps(&context::without_date_words(&note_ctx));
        let fits = |k: usize| shared.get(k).copied().unwrap_or(0);
        let cited = cited_by_note();
        // A day is offered a day before a month or a decade ("began on Monday [¶1]": ¶1's
        // "On Tuesday", not its "since the 1990s").
        let one_day = |v: &DateValue| v.start == v.end && v.start.day.is_some();
        let alike = |d: &DateMention| d.value.is_some_and(|v| one_day(&v) == one_day(&value));
        let by_context = article
            .dates_indexed()
            .enumerate()
            .filter(|(_, (_, _, d))| d.value.is_some())
            .map(|(k, (p, _, d))| (cited.contains(&p.n), fits(k), p, d))
            .filter(|&(in_cited, score, ..)| in_cited || score > 0)
            .max_by(|(a_cited, a_score, _, a), (b_cited, b_score, _, b)| {
                (a_cited, alike(a))
                    .cmp(&(b_cited, alike(b)))
                    .then_with(|| likelier((*a_score, a), (*b_score, b)))
            })
            .map(|(_, _, p, d)| (p, d));
        let nearest = by_context.or(nearest.map(|(_, p, d)| (p, d)));
        return Some(Verdict::Unsupported {
            unwritable: nearest.is_some_and(|(_, d)| !writable_for(&value, d)),
            nearest: nearest.map(|(p, d)| article.source_ref(p.n, &d.span, &d.span)),
        });
    };
    // What the note's sentence shares with the sentence of the article's date `k` of `q`.
    let note_sentence = std::cell::OnceCell::new();
    let sentence_fit = |q: &Paragraph, k: usize| {
        let sentence = article.date_sentence(q, k);
        context::overlap(note_sentence.get_or_init(&note_sentence_of), &sentence)
    };
    // The supporting mention whose clause the note shares most with; on a tie, whose sentence
    // ("Energy is 30% of revenue, 12 points lower than in 2022": the clause shares nothing
    // with the article's "down 12 points from 2022", the sentence its energy and revenue),
    // then the first mention.
    let top = supporting.iter().map(|&(k, ..)| fits(k)).max().unwrap_or(0);
    let tied: Vec<_> = supporting
        .iter()
        .filter(|&&(k, ..)| fits(k) == top)
        .collect();
    let (best_p, best_i, best_d) = match tied[..] {
        [] => (first_p, first_i, first_d),
        [&(_, p, i, d)] => (p, i, d),
        _ => tied
            .iter()
            .map(|&&(_, p, i, d)| (sentence_fit(p, i), p, i, d))
            .fold(None, |best: Option<(usize, _, _, _)>, c| match best {
                Some(b) if b.0 >= c.0 => Some(b),
                _ => Some(c),
            })
            .map_or((first_p, first_i, first_d), |(_, p, i, d)| (p, i, d)),
    };
    let best_fit = top;
    let words = |q: &Paragraph, k: usize| context::stem_overlap(&note_ctx, q.context(k));
    let clearly_better = |p: &Paragraph, i: usize, score: usize| {
        score > best_fit && words(p, i) >= words(best_p, best_i) + DATE_CONTEXT_MARGIN
    };
    // Actors alone tell little: an article about two states names them in most clauses
    // ("Washington's 1951 treaty with Manila" is not the article's clause that names the U.S.
    // and the Philippines in 2014). Another clause must share a word of the claim or a name
    // of something else (a weapon, a treaty, an event: "bought the S-400 in 2005").
    let shares_words = |p: &Paragraph, i: usize| {
        let other = &p.context(i).clause_entities;
        words(p, i) > 0
            || note_ctx.clause_entities.iter().any(|e| {
                article.kb.get(*e).kind != crate::model::EntityKind::Actor && other.contains(e)
            })
    };
    // A clause that fits better because it holds another date of the note's sentence ("China
    // has been Russia's top partner since 2010, after the 2008 crisis": the article's 2010
    // clause) is that date's, not this one's.
    let siblings = std::cell::OnceCell::new();
    let sibling_of = |d: &DateMention| {
        let siblings = siblings.get_or_init(&siblings_of_note);
        d.value
            .is_some_and(|v| siblings.iter().any(|s| date_supports(s, &v)))
    };
    // Another dated clause that fits the note clearly better? (Without the dates of the
    // note's sentence, when the best is one of them.)
    let best_elsewhere = |skip_siblings: bool| {
        article
            .dates_indexed()
            .enumerate()
            .filter(|(_, (_, _, d))| !supporting.iter().any(|(_, _, _, s)| s.span == d.span))
            .map(|(k, (p, i, d))| (fits(k), p, i, d))
            .filter(|(score, p, i, _)| *score >= 1 && shares_words(p, *i))
            .filter(|(.., d)| !skip_siblings || !sibling_of(d))
            // ¶15 buys the S-400 "in 2014" and installs it "earlier this year": "bought in
            // 2015" meant 2014. Then the earliest paragraph.
            .max_by(|(a_score, a_p, _, a), (b_score, b_p, _, b)| {
                likelier((*a_score, a), (*b_score, b)).then(b_p.n.cmp(&a_p.n))
            })
    };
    let source = article.source_ref(best_p.n, &best_d.span, &best_d.span);
    // The better-fitting clause conflicts only if its date cannot be the note's: "early last
    // week" is not contradicted by a clause dated "last week", which holds it.
    let conflicts = |d: &DateMention| d.value.is_some_and(|v| !v.overlaps(&value));
    // A clause can be too narrow to tell ("…, and has stepped up its own reclamation since
    // 2021, adding roughly 400 acres"): the better fit must hold for the two clauses'
    // sentences too (`sentence_fit`).
    let contradicts = |&(score, p, i, d): &(usize, &Paragraph, usize, &DateMention)| {
        conflicts(d)
            && (best_fit == 0 || clearly_better(p, i, score))
            && sentence_fit(p, i) > sentence_fit(best_p, best_i)
    };
    // The dates of the note's sentence are looked at only once a clause would contradict
    // this date (it takes the sentences of the block).
    let elsewhere = match best_elsewhere(false).filter(contradicts) {
        Some((.., d)) if sibling_of(d) => best_elsewhere(true).filter(contradicts),
        found => found,
    };
    match elsewhere {
        Some((_, p, i, d)) => {
            let other = article.source_ref(p.n, &d.span, &d.span);
            let reason = format!(
                "in the source {} dates \"{}\" (¶{}); \"{}\" is dated {} (¶{})",
                source.full_text,
                best_p.context(best_i).gist,
                best_p.n,
                p.context(i).gist,
                other.full_text,
                p.n
            );
            // A stated date is the fix; a relative one ("last week") may not read the same
            // in the note.
            let reason = match writable_for(&value, d) {
                true => Reason::meaning(reason, other),
                false => reason.into(),
            };
            Some(Verdict::ContextMismatch { source, reason })
        }
        _ => Some(Verdict::Supported(source)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PartialDate;

    #[test]
    fn date_support_table() {
        let y = |y| DateValue::single(PartialDate::year(y));
        let range = |a, b| DateValue {
            start: PartialDate::year(a),
            end: PartialDate::year(b),
        };
        let month = |y, m| DateValue::single(PartialDate::month(y, m));
        let cases = [
            (y(2004), y(2004), true),
            (y(2005), y(2004), false),
            (y(2017), month(2017, 8), true),
            (month(2017, 3), month(2017, 8), false),
            (month(2017, 8), y(2017), false),
            (y(2015), range(2014, 2015), true),
            (y(1985), range(1980, 1989), false),
            (range(1980, 1989), range(1980, 1989), true),
        ];
        for (note, article, expected) in cases {
            assert_eq!(
                date_supports(&note, &article),
                expected,
                "{} vs {}",
                note.iso(),
                article.iso()
            );
        }
    }
}
