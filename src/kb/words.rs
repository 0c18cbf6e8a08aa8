//! Word lists that keep ordinary English out of the entity matcher and the learned names.
//!
//! A single-word name that is also a common word ("Turkey", "Chad", "Will", "May") is matched
//! only in contexts where the name reading is the likely one (see `recognize::entities`).

use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

/// Frequent English words, plus everyday words that are also names of places and people.
const COMMON: &str = "
a about above across act after again against age ago air all almost alone along already also
although always am among an and another any are area around as ask at away back bad base be
because been before began behind being below best better between big bill black both bring brown
build but by call came can care case cause center change chief city clear close cold come could
country course cross cut day dear deal did do does done door down draw during each early east end
even ever every eye face fact fair faith fall far fast field fight final find fine first five
follow for force form found four free from front full further game gave general get give go gold
good got grace great green ground group grow had half hand hard has have he head hear heart help
her here high him his hold home hope hot house how however hunt if in into is it its just keep
kind king know land large last late law lead least leave left less let life light like line
little live long look lord love low made main major make man many march mark may me mean member
might mind miss more most move much must my name near need never new next nice night no north not
note now number of off often old on once one only open or order other our out over own page part
past peace people place plan play point power present press price put rather reach read reading
ready real red rest rich right rise river rock role room rose round rule run said same saw say
sea second see seem self set shall she short should show side since six small so some soon south
speak stand star start state still stop strong such sun sure take tell than that the their them
then there these they thing think this those though three through time to today together too
top toward town true turn two under until up upon us use very view wall want war was watch water
way we well went were west what when where which while white who whole why will wind with within
without wood word work world would year yes yet you young your
turkey chad jordan guinea china japan niger georgia victoria nauru
bush rice cook gates carter ford powell baker bishop hill bell wolf fox lamb may june august
hunt moon price grant lane marsh rose ash church wells cross chase banks";

static COMMON_WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| COMMON.split_whitespace().collect());

use crate::model::MONTH_NAMES as MONTHS;

/// Words before a month name that make it a date ("in May", "since March", "early June").
const DATE_LEAD_INS: &[&str] = &[
    "in", "on", "of", "since", "until", "till", "by", "from", "to", "through", "early", "late",
    "mid", "last", "next", "this", "each", "every", "during", "before", "after", "between", "and",
    "or",
];

/// Is `lower` (already lower-case) an everyday English word?
pub(crate) fn is_common_word(lower: &str) -> bool {
    COMMON_WORDS.contains(lower)
}

pub(crate) fn is_month(word: &str) -> bool {
    MONTHS.contains(&word)
}

pub(crate) fn is_date_lead_in(word: &str) -> bool {
    DATE_LEAD_INS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Verbs after a capital that make it stand for its government ("Washington said").
const GOVERNMENT_VERBS: &[&str] = &[
    "said",
    "says",
    "announced",
    "announces",
    "warned",
    "warns",
    "wants",
    "wanted",
    "believes",
    "believed",
    "insisted",
    "insists",
    "claimed",
    "claims",
    "accused",
    "accuses",
    "rejected",
    "rejects",
    "signed",
    "signs",
    "responded",
    "responds",
    "threatened",
    "threatens",
    "sees",
    "saw",
    "has",
    "had",
    "is",
    "was",
    "will",
    "would",
    "could",
    "should",
    "must",
    "may",
    "might",
    "can",
    "denied",
    "denies",
    "imposed",
    "imposes",
    "agreed",
    "agrees",
    "refused",
    "refuses",
    "demanded",
    "demands",
    "urged",
    "urges",
    "condemned",
    "condemns",
    "welcomed",
    "welcomes",
    "and",
    "or",
];

pub(crate) fn is_government_verb(word: &str) -> bool {
    GOVERNMENT_VERBS.contains(&word)
}
