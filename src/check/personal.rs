//! Dates of the writer's own days ("read this on Monday", "revisit in April", "the seminar on
//! Friday") and the length of their own work ("2,500 words max"): a note keeps them beside its
//! claims, and they are no claim about the article.
//!
//! Only dates stated relative to the note's day are asked about (a weekday, a month or day
//! without a year, "yesterday", "last week"): those are the ones a reading log, a to-do or a
//! class schedule writes. A date with its year is a claim whoever writes it.

use super::context::clause_around;
use crate::model::Span;

/// Words of the writer: a clause with one of these (and no hedge) is about the writer's own
/// reading, meetings or plans. "I" and "us" only as written: "US" is the United States.
#[rustfmt::skip]
const FIRST_PERSON: &[&str] = &[
    "I", "I'm", "I've", "I'll", "I'd", "me", "my", "myself", "we", "We", "we're", "We're",
    "we've", "We've", "we'll", "We'll", "we'd", "us", "our", "Our", "ourselves", "My", "Me",
];

/// Verbs that make the writer's words a claim held with doubt ("I think the exercise began on
/// Tuesday"), not a day of the writer's own.
#[rustfmt::skip]
const HEDGES: &[&str] = &[
    "think", "thought", "believe", "believed", "guess", "suspect", "suspected", "assume",
    "assumed", "reckon", "suppose", "recall", "remember", "understand", "gather", "doubt",
    "wonder", "sure", "expect", "expected", "bet", "estimate", "estimated", "seems",
    "seemed",
];

/// A clause that opens on one of these is a to-do ("revisit in April", "Ask Anna on Friday").
#[rustfmt::skip]
const TO_DO_VERBS: &[&str] = &[
    "revisit", "reread", "re-read", "read", "review", "discuss", "ask", "check", "email",
    "call", "follow", "finish", "submit", "send", "present", "prepare", "bring", "compare",
    "look", "remind", "remember", "meet", "update", "write", "print", "verify", "find",
    "add", "schedule", "plan", "research", "skim", "annotate", "summarize", "summarise",
    "share", "draft",
];

/// Words of a to-do line, a reading log or a deadline, before its clause ("TODO: …", "Note to
/// self: …", "Reading log: …", "Brief due Friday, … by Thu 20 Mar").
const TO_DO_MARKERS: &[&str] = &["todo", "to-do", "fixme", "reminder", "self", "log", "due"];

/// Words of a student's or researcher's own calendar.
#[rustfmt::skip]
const OWN_CALENDAR: &[&str] = &[
    "seminar", "seminars", "class", "classes", "lecture", "lectures", "tutorial", "exam",
    "exams", "deadline", "due", "homework", "assignment", "essay", "supervisor",
    "coursework", "thesis", "syllabus", "office",
];

/// Is the relative date at `at` (a span of the normalized block `text`) one of the writer's
/// own days rather than a claim? See the module's comment.
pub fn is_writers_own(text: &str, at: &Span) -> bool {
    let clause = clause_around(text, at);
    let words = || words_in(&text[clause.clone()]);
    let first_person = words().any(|w| FIRST_PERSON.contains(&w));
    let hedged = || {
        words().any(|w| {
            let lower = w.to_ascii_lowercase();
            HEDGES.contains(&lower.as_str())
        })
    };
    if first_person && !hedged() {
        return true;
    }
    let lower = |w: &str| w.to_ascii_lowercase();
    let opens_on_to_do = words()
        .find(|w| !matches!(lower(w).as_str(), "and" | "then" | "also" | "please" | "to"))
        .is_some_and(|w| {
            let w = lower(w);
            TO_DO_VERBS.contains(&w.as_str()) || TO_DO_MARKERS.contains(&w.as_str())
        });
    if opens_on_to_do {
        return true;
    }
    if words().any(|w| OWN_CALENDAR.contains(&lower(w).as_str())) {
        return true;
    }
    // "TODO: discuss on Friday": the marker stands before the clause, in its sentence (the
    // normalized text has no line breaks to go by).
    let sentence_start = text[..clause.start]
        .rfind(['.', '!', '?'])
        .map_or(0, |i| i + 1);
    words_in(&text[sentence_start..clause.start])
        .any(|w| TO_DO_MARKERS.contains(&lower(w).as_str()))
}

/// What a writer counts of their own work: "2,500 words max", "a 10-page paper", "(40 min)"
/// in a reading log.
const OWN_WORK_UNITS: &[&str] = &["word", "page", "slide", "character", "minute", "hour"];

/// Words that make a count of words or pages the writer's own assignment: its limit or its
/// deadline. Not "essay" or "speech": "Putin's 5,000-word essay" is a claim.
#[rustfmt::skip]
const OWN_WORK_WORDS: &[&str] = &[
    "due", "deadline", "max", "maximum", "limit", "min", "minimum", "homework", "assignment",
    "coursework", "submission", "seminar", "syllabus", "thesis", "draft", "log",
];

/// Is the figure at `at` (a span of the normalized block `text`), which counts `unit`, the
/// length of the writer's own work ("Essay due 14 December (2,500 words max)") rather than a
/// claim? Only counts of words, pages, slides or characters, in a sentence that gives a limit
/// or a deadline, or that is a to-do.
pub fn is_writers_own_figure(text: &str, at: &Span, unit: &str) -> bool {
    if !OWN_WORK_UNITS.contains(&unit) {
        return false;
    }
    let sentence = sentence_around(text, at);
    let lower = |w: &str| w.to_ascii_lowercase();
    let mut words = words_in(&text[sentence]).map(lower);
    let first = words.next();
    let opens_on_to_do = first.as_deref().is_some_and(|w| {
        TO_DO_VERBS.contains(&w) || TO_DO_MARKERS.contains(&w) || OWN_WORK_WORDS.contains(&w)
    });
    opens_on_to_do || words.any(|w| OWN_WORK_WORDS.contains(&w.as_str()))
}

/// The sentence around `at`, found by looking from it for a sentence end (not one after an
/// abbreviation), so that a block with many figures is not split whole for each.
fn sentence_around(text: &str, at: &Span) -> Span {
    let bytes = text.as_bytes();
    let ends_sentence = |i: usize| {
        matches!(bytes[i], b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace())
            && !crate::text::is_abbreviation(&text[..i])
    };
    let start = (0..at.start.min(bytes.len()))
        .rev()
        .find(|&i| ends_sentence(i))
        .map_or(0, |i| i + 1);
    let end = (at.end.min(bytes.len())..bytes.len())
        .find(|&i| ends_sentence(i))
        .map_or(bytes.len(), |i| i + 1);
    start..end
}

/// The words of `text`: letters, digits, apostrophes and inner hyphens.
fn words_in(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each case: a note's sentence with its date between `[` and `]`, and whether that date
    /// is the writer's own.
    const CASES: &[(&str, bool)] = &[
        // A title's period ends no clause: the to-do verb opens it.
        ("Ask Prof. Lee on [Monday] whether Article VI binds.", true),
        ("I read this on [Monday].", true),
        (
            "I read this on Monday; revisit in [April] before the seminar.",
            true,
        ),
        ("TODO: discuss with Anna on [Friday].", true),
        ("We met [yesterday] to go over the piece.", true),
        ("Ask the supervisor about it [next week].", true),
        ("The essay is due on [20 May].", true),
        ("Seminar on [Tuesday]: the border dispute.", true),
        ("Our reading group meets in [April].", true),
        ("Reading log: 1st pass Sat [15 Mar] (40 min).", true),
        (
            "Brief due Friday, 1,500 words max — draft to Marta by Thu [20 Mar].",
            true,
        ),
        // Claims, hedged or not: checked.
        ("I think the exercise began on [Tuesday].", false),
        ("I believe the talks ended [last week].", false),
        ("Mattis spoke in [April].", false),
        ("The exercise began on [Tuesday] in eastern Siberia.", false),
        ("Russia and China met in [April] to read the terms.", false),
        // "US" is the United States, not the writer.
        ("The US imposed sanctions in [April].", false),
        ("TODO - ask Anna on [Friday].", true),
        // A marker of another sentence says nothing of this one.
        ("TODO: the map. The exercise began on [Tuesday].", false),
    ];

    /// Each case: a note's sentence with its figure between `[` and `]`, the figure's unit,
    /// and whether the figure is the length of the writer's own work.
    const FIGURE_CASES: &[(&str, &str, bool)] = &[
        (
            "Essay due 14 December ([2,500 words] max); use this for section 2.",
            "word",
            true,
        ),
        ("Write [800 words] on the treaty.", "word", true),
        ("Draft: [10 pages], then the seminar.", "page", true),
        ("Word limit is [3,000 words].", "word", true),
        (
            "Reading log: 1st pass Sat 15 Mar ([40 min]).",
            "minute",
            true,
        ),
        // Claims: another unit, or no limit or deadline.
        ("Putin's essay ran to [5,000 words].", "word", false),
        ("The treaty text runs to [17 pages].", "page", false),
        ("The limit is [1,550 warheads].", "warhead", false),
        ("The flight lasted [73 minutes].", "minute", false),
        // Only the figure's own sentence counts.
        (
            "Essay due Friday. The report ran to [40 pages].",
            "page",
            false,
        ),
    ];

    #[test]
    fn the_length_of_the_writers_own_work_is_told_from_claims() {
        let mut wrong = Vec::new();
        for &(case, unit, own) in FIGURE_CASES {
            let start = case.find('[').expect("a case marks its figure");
            let end = case.find(']').expect("a case marks its figure") - 1;
            let text = case.replacen('[', "", 1).replacen(']', "", 1);
            if is_writers_own_figure(&text, &(start..end), unit) != own {
                wrong.push(format!("{case} (expected {own})"));
            }
        }
        assert!(wrong.is_empty(), "judged wrongly:\n{}", wrong.join("\n"));
    }

    #[test]
    fn the_writers_own_days_are_told_from_claims() {
        let mut wrong = Vec::new();
        for &(case, own) in CASES {
            let start = case.find('[').expect("a case marks its date");
            let end = case.find(']').expect("a case marks its date") - 1;
            let text = case.replacen('[', "", 1).replacen(']', "", 1);
            if is_writers_own(&text, &(start..end)) != own {
                wrong.push(format!("{case} (expected {own})"));
            }
        }
        assert!(wrong.is_empty(), "judged wrongly:\n{}", wrong.join("\n"));
    }
}
