//! The context of a figure or date: who it counts and what event it dates, from its clause.
//!
//! A figure's *subject* is the entity named in its unit phrase ("3,200 **Chinese** troops",
//! "300,000 **Russians**"); its *kind* is the unit noun's class (people, equipment, money…).
//! A date's context is the set of word stems and entities of its clause ("settled a
//! long-standing territorial dispute in 2004"). The rules are deliberately conservative: a
//! mismatch is reported only when both sides say something and what they say conflicts.

use crate::kb::{EntityId, KnowledgeBase};
use crate::model::{Dimension, Figure, Span};
use crate::prose::{Mention, MentionKind, RecognizedBlock, Side};

/// What a claim's clause says about it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClaimContext {
    /// Root entities named in the figure's unit phrase (a demonym or a name).
    pub subjects: Vec<EntityId>,
    /// Entities of the clause, resolved to what they refer to.
    pub clause_entities: Vec<EntityId>,
    /// Hashed stems of the clause's content words, sorted and deduplicated.
    pub stems: Vec<u64>,
    /// A few words describing the claim, for messages ("Chinese troops", "the slowing of arms sales").
    pub gist: String,
    /// The values of the other figures of a figure's clause ("23 of 32 allies": 23 for 32).
    pub clause_figures: Vec<f64>,
}

/// Words that carry no context.
#[rustfmt::skip]
const STOPWORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "almost", "along", "alongside",
    "also", "although", "among", "an", "and", "another", "any", "are", "around", "as", "at", "be",
    "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "during", "each", "early", "earlier", "either", "even", "ever", "every", "few",
    "for", "from", "had", "has", "have", "he", "her", "here", "him", "his", "how", "however", "i",
    "if", "in", "into", "is", "it", "its", "itself", "just", "last", "later", "least", "less",
    "many", "may", "more", "most", "much", "must", "my", "near", "nearly", "new", "next", "no",
    "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other", "our", "out",
    "over", "own", "per", "roughly", "said", "same", "says", "she", "should", "since", "so", "some",
    "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "though", "through", "to", "too", "under", "until", "up", "upon", "very", "was", "we",
    "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why",
    "will", "with", "within", "would", "year", "years", "yet", "you", "your", "first", "time",
    "week", "month", "months", "day", "days", "according", "source", "article", "notes", "note",
    "handout",
    // Numbers in words are figures, compared as figures: as words they made "from four to
    // nine bases" fit the article's "from five to nine" clause better than its "expand" one.
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions",
    "trillion", "dozen", "dozens", "half", "third", "thirds", "quarter", "quarters",
];

/// `ctx` without the stems of month and day names. A date the article does not hold shares
/// such a word with another date only by chance: a note's "in March 2024" fitted the
/// article's "on March 13, 2023" better than its February 2024 payment. (For a date the
/// article holds, the same day written alike is evidence, and the words stay.)
pub fn without_date_words(ctx: &ClaimContext) -> ClaimContext {
    let names = crate::model::MONTH_NAMES
        .iter()
        .chain(&crate::model::WEEKDAY_NAMES);
    let date_stems: Vec<u64> = names.filter_map(|w| stem(w)).collect();
    ClaimContext {
        stems: ctx
            .stems
            .iter()
            .copied()
            .filter(|s| !date_stems.contains(s))
            .collect(),
        ..ctx.clone()
    }
}

/// Looked up for every word of every claim's clause: hashed the cheap way, as bytes (the
/// stack buffer `stem` lower-cases into is ASCII and needs no UTF-8 check).
static STOPWORD_SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static [u8]>> =
    std::sync::LazyLock::new(|| STOPWORDS.iter().map(|w| w.as_bytes()).collect());

/// A hashed stem of a content word, or `None` for a stopword or a word under three letters.
fn stem(word: &str) -> Option<u64> {
    // Most words are short ASCII: lower-case them on the stack (this runs for every word of
    // every claim's clause). Anything else takes the general path.
    let mut buf = [0u8; 48];
    let mut len = 0;
    for c in word.chars() {
        if c.is_ascii_alphabetic() && len < buf.len() {
            buf[len] = c.to_ascii_lowercase() as u8;
            len += 1;
        } else if c.is_alphabetic() {
            let lower: String = word
                .chars()
                .filter(|c| c.is_alphabetic())
                .flat_map(char::to_lowercase)
                .collect();
            return stem_of_lowercase(lower.as_bytes());
        }
    }
    stem_of_lowercase(&buf[..len])
}

/// Where the chars of UTF-8 `bytes` start: at the bytes that do not continue a char.
fn char_starts(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    (0..bytes.len()).filter(|&i| bytes[i] & 0xC0 != 0x80)
}

/// `lower` is the UTF-8 of a lower-case word.
fn stem_of_lowercase(lower: &[u8]) -> Option<u64> {
    if lower.len() < 3 || STOPWORD_SET.contains(lower) {
        return None;
    }
    // Strip a common suffix, then keep five letters: "settled", "settlement" → "settl";
    // "slowed", "slowing" → "slow"; "devalued", "devaluation" → "deval". The first suffix
    // (in this order) that leaves three chars wins; only suffixes that end in the word's
    // last byte can match, so the others are not tried (this runs for every word of every
    // claim's clause).
    let suffixes: &[&str] = match lower[lower.len() - 1] {
        b's' => &["ations", "ments", "ings", "ies", "es", "s"],
        b'n' => &["ation"],
        b't' => &["ment"],
        b'g' => &["ing"],
        b'd' => &["ied", "ed"],
        _ => &[],
    };
    // Most words are ASCII, where chars are bytes.
    let ascii = lower.is_ascii();
    let chars = |bytes: &[u8]| {
        if ascii {
            bytes.len()
        } else {
            char_starts(bytes).count()
        }
    };
    let base = suffixes
        .iter()
        .filter_map(|suffix| lower.strip_suffix(suffix.as_bytes()))
        .find(|cut| chars(cut) >= 3)
        .unwrap_or(lower);
    // The byte where the sixth char starts, if there is one.
    let prefix_end = if ascii {
        base.len().min(5)
    } else {
        char_starts(base).nth(5).unwrap_or(base.len())
    };
    let mut h = rustc_hash::FxHasher::default();
    std::hash::Hasher::write(&mut h, &base[..prefix_end]);
    Some(std::hash::Hasher::finish(&h))
}

/// The clause around `at` in normalized text: bounded by sentence ends, commas, semicolons,
/// colons, parentheses, dashes and the pipes between table cells. A clause with fewer than two content words ("In the
/// 1980s,") borrows the clause after it.
pub fn clause_around(text: &str, at: &Span) -> Span {
    let bytes = text.as_bytes();
    // Punctuation breaks a clause unless it sits inside a number ("3,200", "2.5"); a period
    // also not inside a word or after an abbreviation ("The U.S. Congress passed"), as in
    // `text::sentences`.
    let is_break = |i: usize| {
        let inside_number = |k: usize| bytes.get(k).is_some_and(u8::is_ascii_digit);
        let inside_word = |k: usize| bytes.get(k).is_some_and(u8::is_ascii_alphabetic);
        match bytes[i] {
            b',' => !(i > 0 && inside_number(i - 1) && inside_number(i + 1)),
            b'.' => {
                let in_number = i > 0 && inside_number(i - 1) && inside_number(i + 1);
                let in_word = inside_word(i + 1);
                !(in_number || in_word || crate::text::is_abbreviation(&text[..i]))
            }
            // A pipe parts the cells of a table row.
            b';' | b':' | b'(' | b')' | b'?' | b'!' | b'|' => true,
            _ => false,
        }
    };
    // Most bytes are no punctuation: test for that first, inline, and look closer only at
    // the few that are (the closer look is out of line since it reads abbreviations).
    let mark = |i: usize| {
        matches!(
            bytes[i],
            b',' | b'.' | b';' | b':' | b'(' | b')' | b'?' | b'!' | b'|'
        )
    };
    let find_back = |to: usize| {
        (0..to.min(bytes.len()))
            .rev()
            .find(|&i| mark(i) && is_break(i))
    };
    let find_fwd =
        |from: usize| (from.min(bytes.len())..bytes.len()).find(|&i| mark(i) && is_break(i));
    let start = find_back(at.start).map_or(0, |i| i + 1);
    let mut end = find_fwd(at.end).unwrap_or(text.len());
    // Only "fewer than two" matters, so stop counting at two.
    let content = |s: &str| {
        s.split_whitespace()
            .filter(|w| !w.bytes().any(|b| b.is_ascii_digit()) && stem(w).is_some())
            .take(2)
            .count()
    };
    // Counting stems costs more than the rest of the search: only a comma can extend.
    if end < text.len() && bytes[end] == b',' && content(&text[start..end]) < 2 {
        end = find_fwd(end + 1).unwrap_or(text.len());
    }
    start..end
}

fn root(kb: &KnowledgeBase, e: EntityId) -> EntityId {
    kb.refers_to(e).unwrap_or(e)
}

/// The clause-wide part of the last context computed: the claims of one clause are checked one
/// after another, and they share their clause's entities and stems.
#[derive(Default)]
pub struct ClauseMemo(std::cell::RefCell<Option<ClauseParts>>);

/// A clause (normalized span) with its root entities and content-word stems.
type ClauseParts = (Span, Vec<EntityId>, Vec<u64>);

/// The context of the mention at `index` in `block` (spans are document offsets). `memo` is
/// one per block, shared by the block's claims.
pub fn context_of(
    block: &RecognizedBlock,
    index: usize,
    kb: &KnowledgeBase,
    memo: &ClauseMemo,
    block_side: Side,
) -> ClaimContext {
    let mention = &block.mentions[index];
    let norm_at = block.to_norm(mention.span.start)..block.to_norm(mention.span.end);
    let clause_norm = clause_around(&block.norm.text, &norm_at);
    let clause_doc = block.to_document(&clause_norm);
    // Only mentions of the clause matter; they are a sorted run, so find it by binary search
    // (a scan per claim would be quadratic on a long one-paragraph note).
    let near = block.mentions_within(&clause_doc);
    let inside = |s: &Span, outer: &Span| s.start >= outer.start && s.end <= outer.end;

    let mut ctx = ClaimContext::default();
    if let MentionKind::Figure(f) = &mention.kind {
        ctx.clause_figures = near
            .iter()
            .filter(|m| m.span != mention.span && inside(&m.span, &clause_doc))
            .filter_map(|m| m.figure())
            .map(|other| other.value)
            .collect();
        // The unit phrase, stretched over a demonym or name right after the number when the
        // grammar did not take it as the unit ("300,000 Chinese took part").
        let after_number = near
            .iter()
            .filter(|m| m.entity().is_some() && m.span.start >= f.number_span.end)
            .find(|m| block_text_between_is_space(block, f.number_span.end, m.span.start))
            .map_or(f.span.end, |m| m.span.end.max(f.span.end));
        let unit_phrase = f.number_span.end..after_number;
        ctx.subjects = near
            .iter()
            .filter(|m| inside(&m.span, &unit_phrase))
            .filter_map(|m| m.entity())
            .map(|e| root(kb, e))
            .collect();
        ctx.gist = block.norm.text
            [block.to_norm(f.number_span.end)..block.to_norm(unit_phrase.end)]
            .trim()
            .trim_start_matches('-')
            .to_string();
        // A count or a sum belongs to someone; a duration, a length or a share is of an
        // event, a border, a stockpile that several actors share ("Iran may contest a
        // request for up to 24 days": the inspectors wait those days too).
        let owned = f
            .unit
            .as_ref()
            .is_none_or(|u| matches!(u.dimension, Dimension::Count | Dimension::Money));
        if ctx.subjects.is_empty() && owned {
            // No subject in the unit phrase: the actors named before the figure in its clause
            // ("Russia sent 3,200 troops") are the ones the count belongs to.
            ctx.subjects = near
                .iter()
                .filter(|m| m.span.start >= clause_doc.start && m.span.end <= f.number_span.start)
                .filter_map(|m| m.entity())
                .filter(|e| kb.get(*e).kind == crate::model::EntityKind::Actor)
                .map(|e| root(kb, e))
                .collect();
        }
    }
    let clause_text = &block.norm.text[clause_norm.clone()];
    // Messages quote the gist of an article's claims and of a note's figures, never of a
    // note's date: that one is not written (it cost a few percent of a note's analysis).
    let gist_wanted = block_side == Side::Article || matches!(mention.kind, MentionKind::Figure(_));
    if ctx.gist.is_empty() && gist_wanted {
        let own = norm_at.start.saturating_sub(clause_norm.start)
            ..norm_at.end.saturating_sub(clause_norm.start);
        ctx.gist = gist_of_clause(clause_text, own);
    }
    if let Some((clause, entities, stems)) = memo.0.borrow().as_ref() {
        if *clause == clause_norm {
            ctx.clause_entities = entities.clone();
            ctx.stems = stems.clone();
            return ctx;
        }
    }
    (ctx.clause_entities, ctx.stems) = words_of(block, near, &clause_norm, kb);
    *memo.0.borrow_mut() = Some((clause_norm, ctx.clause_entities.clone(), ctx.stems.clone()));
    ctx
}

/// The root entities and the sorted content-word stems of the normalized span `words` of
/// `block`; `near` holds (at least) the block's mentions inside it.
fn words_of(
    block: &RecognizedBlock,
    near: &[Mention],
    words: &Span,
    kb: &KnowledgeBase,
) -> (Vec<EntityId>, Vec<u64>) {
    let doc = block.to_document(words);
    let inside = |s: &Span| s.start >= doc.start && s.end <= doc.end;
    let entities = near
        .iter()
        .filter(|m| inside(&m.span))
        .filter_map(|m| m.entity())
        .map(|e| root(kb, e))
        .collect();
    // Words of entity names are counted as entities, not again as words. Entity mentions
    // are sorted and apart, as the words are: one walk along both.
    let mut entity_words = near
        .iter()
        .filter(|m| m.entity().is_some() && inside(&m.span))
        .map(|m| block.to_norm(m.span.start)..block.to_norm(m.span.end))
        .peekable();
    let mut in_entity_name = |at: usize| {
        while entity_words.next_if(|e| e.end <= at).is_some() {}
        entity_words.peek().is_some_and(|e| e.contains(&at))
    };
    let base = words.start;
    let mut stems: Vec<u64> = space_separated(&block.norm.text[words.clone()])
        .filter(|&(start, _)| !in_entity_name(base + start))
        .map(|(_, w)| w)
        .filter(|w| !w.bytes().any(|b| b.is_ascii_digit()))
        .filter_map(stem)
        .collect();
    stems.sort_unstable();
    stems.dedup();
    (entities, stems)
}

/// The entities and words of the whole sentence around mention `index` of `block`, as a
/// context: what a claim shares with the sentence when its own clause is too narrow to say
/// ("since 2021" in "Hanoi occupies 21 features, …, and has stepped up its own reclamation
/// since 2021, adding roughly 400 acres").
pub fn sentence_context_of(
    block: &RecognizedBlock,
    sentences: &[Span],
    index: usize,
    kb: &KnowledgeBase,
) -> ClaimContext {
    let Some(mention) = block.mentions.get(index) else {
        return ClaimContext::default();
    };
    let at = block.to_norm(mention.span.start);
    // Sorted and disjoint: a binary search keeps a note of one long paragraph linear.
    let i = sentences.partition_point(|s| s.end <= at);
    let sentence = sentences
        .get(i)
        .filter(|s| s.start <= at)
        .cloned()
        .unwrap_or(0..block.norm.text.len());
    let near = block.mentions_within(&block.to_document(&sentence));
    let (clause_entities, stems) = words_of(block, near, &sentence, kb);
    ClaimContext {
        clause_entities,
        stems,
        ..ClaimContext::default()
    }
}

/// The pieces of `text` between single spaces, as `split(' ')` gives them, each with its
/// offset. A loop over the bytes: `split` looks for each space with a `memchr` call, whose
/// setup costs more than the few bytes of a word (callgrind: 0.9% of an analysis).
fn space_separated(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b' ')
            .map_or(bytes.len(), |i| start + i);
        done = end == bytes.len();
        // Both ends are at a space or an end of the text: char boundaries.
        let piece = (start, &text[start..end]);
        start = end + 1;
        Some(piece)
    })
}

/// Is there nothing but whitespace (in the matching view) between two document offsets?
fn block_text_between_is_space(block: &RecognizedBlock, from: usize, to: usize) -> bool {
    let (a, b) = (block.to_norm(from), block.to_norm(to));
    a <= b
        && block
            .norm
            .text
            .get(a..b)
            .is_some_and(|gap| gap.chars().all(char::is_whitespace))
}

/// The clause without its claim (`own`, a span of `clause`) and its bare numbers, trimmed to
/// a readable length. Names with digits and signed sums stay ("the G7 imposed a $60 a barrel
/// ceiling"), and a preposition goes only with the number it leads ("in 2022").
fn gist_of_clause(clause: &str, own: Span) -> String {
    let (before, after) = match (clause.get(..own.start), clause.get(own.end..)) {
        (Some(before), Some(after)) => (before, after),
        _ => (clause, ""),
    };
    let bare_number = |w: &str| {
        w.chars().any(|c| c.is_ascii_digit())
            && w.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '–' | '(' | ')'))
    };
    let leads = |w: &str| {
        ["in", "since", "by", "until", "from", "during", "of", "on"]
            .iter()
            .any(|p| w.eq_ignore_ascii_case(p))
    };
    let all: Vec<&str> = before
        .split_whitespace()
        .chain(after.split_whitespace())
        .collect();
    let cut_at = before.split_whitespace().count();
    let words: Vec<&str> = all
        .iter()
        .enumerate()
        .filter(|&(i, w)| {
            let leads_what_goes =
                leads(w) && (i + 1 == cut_at || all.get(i + 1).is_some_and(|n| bare_number(n)));
            !(bare_number(w) || leads_what_goes)
        })
        .map(|(_, w)| *w)
        .collect();
    let mut gist = words.iter().take(10).copied().collect::<Vec<_>>().join(" ");
    if words.len() > 10 {
        gist.push('…');
    }
    gist
}

/// Classes of counted things: two counts of different classes never describe one claim.
pub(crate) fn unit_class(name: &str) -> Option<&'static str> {
    const PEOPLE: &[&str] = &[
        "troop",
        "soldier",
        "serviceman",
        "servicemen",
        "personnel",
        "man",
        "men",
        "sailor",
        "marine",
        "person",
        "people",
        "resident",
        "citizen",
        "migrant",
        "worker",
        "inhabitant",
        "civilian",
        "refugee",
        "member",
        "official",
        "officer",
        "fighter",
        "volunteer",
        "casualty",
        "death",
    ];
    // Kinds of equipment, not one class: arms control counts warheads, missiles and
    // launchers apart ("700 launchers" is not the article's "700 ICBMs, SLBMs and heavy
    // bombers", nor "1,550 missiles" its 1,550 warheads), and an order of jets is no fleet.
    const EQUIPMENT: &[(&str, &[&str])] = &[
        (
            "aircraft",
            &["jet", "aircraft", "plane", "bomber", "helicopter", "drone"],
        ),
        ("missiles", &["missile", "rocket"]),
        ("warheads", &["warhead"]),
        ("launchers", &["launcher", "battery", "system"]),
        (
            "vessels",
            &[
                "ship",
                "vessel",
                "warship",
                "submarine",
                "boat",
                "frigate",
                "destroyer",
                "corvette",
                "cruiser",
                "carrier",
            ],
        ),
        ("vehicles", &["tank", "vehicle"]),
        ("satellites", &["satellite"]),
        ("guns", &["gun"]),
    ];
    if PEOPLE.contains(&name) {
        Some("people")
    } else if let Some((class, _)) = EQUIPMENT.iter().find(|(_, names)| names.contains(&name)) {
        Some(class)
    } else {
        None
    }
}

/// Why two figures with the same value are not the same claim, if they are not.
/// Why a figure of the note and one of the article with the same number are not one claim.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// What the article's figure is of, when the gist of its clause does not say it: the
    /// subjects that two same gists differ in ("troops of China").
    pub article_side: Option<String>,
    /// What the note's figure is not ("not years", "not Russian troops", "not of Russia").
    pub reason: String,
}

impl Conflict {
    pub(crate) fn not(what: String) -> Option<Conflict> {
        Some(Conflict {
            article_side: None,
            reason: format!("not {what}"),
        })
    }
}

pub fn figure_conflict(
    note: &Figure,
    note_ctx: &ClaimContext,
    article: &Figure,
    article_ctx: &ClaimContext,
    kb: &KnowledgeBase,
) -> Option<Conflict> {
    let dims = (
        note.unit.as_ref().map(|u| u.dimension),
        article.unit.as_ref().map(|u| u.dimension),
    );
    // A bare fraction in the article ("over half") is a share, as a percentage is.
    let fraction = super::figures::is_fraction(article);
    match dims {
        (Some(a), Some(b)) if a != b => return Conflict::not(plural(note)),
        (Some(Dimension::Percent), None) if fraction => {}
        (Some(a), None) if a != Dimension::Count => return Conflict::not(plural(note)),
        _ => {}
    }
    // Subjects of one kind are compared: an actor says whose the boats are and a weapon what
    // they are ("US yards build 1.2 boats a year" against "1.2 Virginia-class boats a year").
    let kind = |e: &EntityId| kb.get(*e).kind;
    let of_kinds_in = |subjects: &[EntityId], other: &[EntityId]| -> Vec<EntityId> {
        let kinds: Vec<_> = other.iter().map(kind).collect();
        subjects
            .iter()
            .copied()
            .filter(|e| kinds.contains(&kind(e)))
            .collect()
    };
    let note_subjects = of_kinds_in(&note_ctx.subjects, &article_ctx.subjects);
    let article_subjects = of_kinds_in(&article_ctx.subjects, &note_ctx.subjects);
    if !note_subjects.is_empty()
        && !article_subjects.is_empty()
        && !note_subjects.iter().any(|s| article_subjects.contains(s))
    {
        // "3,200 Russian troops" against "3,200 Chinese troops": the gists say it. "Russia
        // sent 3,200 troops" against "China sent 3,200 troops": only the subjects do.
        if !note_ctx.gist.eq_ignore_ascii_case(&article_ctx.gist) {
            return Conflict::not(note_ctx.gist.clone());
        }
        let names = |subjects: &[EntityId]| {
            let names: Vec<&str> = subjects.iter().map(|&e| kb.get(e).name.as_str()).collect();
            join_names(&names)
        };
        let (article_side, reason) = if article_ctx.gist.is_empty() {
            // A bare number or a sum: "$5bn belongs to Russia, not to China".
            ("belongs to".to_string(), "not to")
        } else {
            (format!("counts {} of", article_ctx.gist), "not of")
        };
        return Some(Conflict {
            article_side: Some(format!("{article_side} {}", names(&article_subjects))),
            reason: format!("{reason} {}", names(&note_subjects)),
        });
    }
    let classes = (
        note.unit.as_ref().and_then(|u| unit_class(&u.name)),
        article.unit.as_ref().and_then(|u| unit_class(&u.name)),
    );
    if let (Some(a), Some(b)) = classes {
        if a != b {
            return Conflict::not(note_ctx.gist.clone());
        }
    }
    None
}

/// "Russia", "Russia and China", "Russia, China and Belarus".
fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn plural(f: &Figure) -> String {
    f.unit
        .as_ref()
        .map_or_else(String::new, |u| format!("{}s", u.name))
}

/// How many content-word stems two clause contexts share (entities left out: the main actors
/// of an article appear in most of its clauses and tell little apart).
pub fn stem_overlap(a: &ClaimContext, b: &ClaimContext) -> usize {
    a.stems
        .iter()
        .filter(|s| b.stems.binary_search(s).is_ok())
        .count()
}

/// The contexts of many claims (an article's dates), indexed by stem and entity: the
/// `overlap` of one context with each of them in one pass over its own stems, instead of a
/// search of every context for every stem (the largest cost of checking a date).
#[derive(Clone, Debug, Default)]
pub struct ContextIndex {
    stems: rustc_hash::FxHashMap<u64, Vec<u32>>,
    entities: rustc_hash::FxHashMap<EntityId, Vec<u32>>,
    len: usize,
}

impl ContextIndex {
    pub fn new<'a>(contexts: impl IntoIterator<Item = &'a ClaimContext>) -> ContextIndex {
        let mut index = ContextIndex::default();
        for (k, ctx) in contexts.into_iter().enumerate() {
            let k = k as u32;
            // Stems are deduplicated already; an entity named twice counts once, as in
            // `overlap`'s `contains`.
            for &stem in &ctx.stems {
                index.stems.entry(stem).or_default().push(k);
            }
            for &entity in &ctx.clause_entities {
                let at = index.entities.entry(entity).or_default();
                if at.last() != Some(&k) {
                    at.push(k);
                }
            }
            index.len += 1;
        }
        index
    }

    /// `overlap(ctx, c)` for every indexed context `c`, in indexing order.
    pub fn overlaps(&self, ctx: &ClaimContext) -> Vec<usize> {
        let mut scores = vec![0; self.len];
        for stem in &ctx.stems {
            for &k in self.stems.get(stem).map_or(&[][..], Vec::as_slice) {
                scores[k as usize] += 1;
            }
        }
        for entity in &ctx.clause_entities {
            for &k in self.entities.get(entity).map_or(&[][..], Vec::as_slice) {
                scores[k as usize] += 2;
            }
        }
        scores
    }
}

/// How much two clause contexts share: common entities count double.
pub fn overlap(a: &ClaimContext, b: &ClaimContext) -> usize {
    let entities = a
        .clause_entities
        .iter()
        .filter(|e| b.clause_entities.contains(e))
        .count();
    let stems = a
        .stems
        .iter()
        .filter(|s| b.stems.binary_search(s).is_ok())
        .count();
    2 * entities + stems
}

#[cfg(test)]
mod tests {
    use super::{
        char_starts, clause_around, space_separated, stem, stem_of_lowercase, STOPWORD_SET,
    };

    #[test]
    fn space_separated_pieces_are_those_of_split_with_their_offsets() {
        for text in [
            "",
            " ",
            "one",
            "settled a dispute in 2004",
            "  two  spaces ",
            "ünï côdé 北京 words",
            "tab\tis not a space",
        ] {
            let mut at = 0;
            let expected: Vec<(usize, &str)> = text
                .split(' ')
                .map(|w| {
                    let piece = (at, w);
                    at += w.len() + 1;
                    piece
                })
                .collect();
            assert_eq!(
                space_separated(text).collect::<Vec<_>>(),
                expected,
                "{text:?}"
            );
        }
    }

    #[test]
    fn stems_fold_case_suffixes_and_stopwords() {
        assert_eq!(stem("settled"), stem("Settlement"));
        assert_eq!(stem("slowed"), stem("slowing"));
        assert_ne!(stem("settled"), stem("slowed"));
        for word in ["the", "an", "Years", "ab", "“", ""] {
            assert_eq!(stem(word), None, "{word}");
        }
        // Punctuation inside a word is dropped; a non-ASCII letter takes the general path.
        assert_eq!(stem("long-standing"), stem("longstanding"));
        assert_eq!(stem("Überfälle"), stem("überfälle"));
        assert!(stem("Überfälle").is_some());
        // Five chars, not five bytes, are kept.
        assert_eq!(stem("éééééx"), stem("ééééé"));
        assert_ne!(stem("éééxé"), stem("éééyé"));
        // A word longer than the stack buffer keeps its suffix.
        let long = format!("{}ing", "a".repeat(60));
        assert_eq!(stem(&long), stem(&long.to_uppercase()));
        assert_eq!(stem(&long), stem(&"a".repeat(60)));
    }

    proptest::proptest! {
        /// Whatever path a word takes (the stack buffer, or chars when it has a letter beyond
        /// ASCII or more letters than the buffer holds), its stem is that of its letters,
        /// lower-cased.
        #[test]
        fn a_stem_is_that_of_the_lower_cased_letters(
            word in "([a-zA-Z'.,“”-]|é|Ü|北|ſ){0,60}"
        ) {
            let letters: String = word
                .chars()
                .filter(|c| c.is_alphabetic())
                .flat_map(char::to_lowercase)
                .collect();
            proptest::prop_assert_eq!(stem(&word), stem_of_lowercase(letters.as_bytes()));
        }
    }

    /// A period ends a clause unless it is inside a number or a word, or closes an
    /// abbreviation: "The U.S. Congress" stays in the clause of the date after it.
    #[test]
    fn clauses_run_past_the_periods_of_abbreviations() {
        let clause = |text: &str, at: &str| {
            let start = text.find(at).unwrap();
            let span = clause_around(text, &(start..start + at.len()));
            text[span].trim().to_string()
        };
        let text =
            "Trump will not change that. The U.S. Congress passed sanctions in August 2017, \
                    Moscow saw.";
        assert_eq!(
            clause(text, "August 2017"),
            "The U.S. Congress passed sanctions in August 2017"
        );
        assert_eq!(
            clause("Gen. Gerasimov led 3.5 thousand troops. Then", "3.5"),
            "Gen. Gerasimov led 3.5 thousand troops"
        );
        assert_eq!(
            clause("It grew in 2014. Trade fell in 2015.", "2015"),
            "Trade fell in 2015"
        );
    }

    /// The suffix rule as first written: every suffix tried in order, chars counted.
    fn stem_tried_in_order(lower: &[u8]) -> Option<u64> {
        if lower.len() < 3 || STOPWORD_SET.contains(lower) {
            return None;
        }
        let mut base = lower;
        for suffix in [
            "ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s",
        ] {
            if let Some(cut) = base.strip_suffix(suffix.as_bytes()) {
                if char_starts(cut).count() >= 3 {
                    base = cut;
                    break;
                }
            }
        }
        let prefix_end = char_starts(base).nth(5).unwrap_or(base.len());
        let mut h = rustc_hash::FxHasher::default();
        std::hash::Hasher::write(&mut h, &base[..prefix_end]);
        Some(std::hash::Hasher::finish(&h))
    }

    #[test]
    fn suffixes_tried_by_last_byte_stem_as_all_tried_in_order() {
        // Every suffix and its near misses, on stems of 1 to 4 chars, ASCII and not.
        let suffixes = [
            "ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "",
            "ons", "ns", "ts", "gs", "d", "e", "y",
        ];
        let stems = [
            "a", "ab", "abc", "abcd", "é", "éb", "ébc", "аб", "абв", "x", "settl",
        ];
        let mut words = Vec::new();
        for stem in stems {
            for suffix in suffixes {
                words.push(format!("{stem}{suffix}"));
                for other in suffixes {
                    words.push(format!("{stem}{suffix}{other}"));
                }
            }
        }
        words.extend(["ations", "ings", "sss", "the", "years", "ééés"].map(String::from));
        for word in &words {
            assert_eq!(
                stem_of_lowercase(word.as_bytes()),
                stem_tried_in_order(word.as_bytes()),
                "{word:?}"
            );
        }
    }
}
