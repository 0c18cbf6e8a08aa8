//! Fixture tables for the entity matcher: sentence → (matched text, entity id).

use super::*;
use crate::model::EntityKind;

fn found(kb: &KnowledgeBase, text: &str) -> Vec<(String, String)> {
    kb.find_mentions(text)
        .iter()
        .map(|m| {
            (
                text[m.span.clone()].to_string(),
                kb.try_get(m.entity)
                    .map(|e| e.id.clone())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

fn check(kb: &KnowledgeBase, cases: &[(&str, &[(&str, &str)])]) {
    for (text, expected) in cases {
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(t, id)| (t.to_string(), id.to_string()))
            .collect();
        assert_eq!(found(kb, text), expected, "in {text:?}");
    }
}

#[test]
fn names_aliases_and_demonyms() {
    check(
        &KnowledgeBase::builtin(),
        &[
            (
                "Russia and China held drills.",
                &[("Russia", "russia"), ("China", "china")],
            ),
            (
                "3,200 Chinese troops joined 300,000 Russians.",
                &[("Chinese", "china"), ("Russians", "russia")],
            ),
            (
                "the Kremlin had issued invitations",
                &[("Kremlin", "kremlin")],
            ),
            (
                "U.S. Secretary of Defense James Mattis was dismissive",
                &[("U.S.", "united-states"), ("James Mattis", "james-mattis")],
            ),
            (
                "The People's Liberation Army (PLA) will",
                &[
                    ("People's Liberation Army", "peoples-liberation-army"),
                    ("PLA", "peoples-liberation-army"),
                ],
            ),
            (
                "the People\u{2019}s Liberation Army",
                &[("People\u{2019}s Liberation Army", "peoples-liberation-army")],
            ),
            (
                "the contested waters of the East China and South China Seas.",
                &[(
                    "East China and South China Seas",
                    "east-and-south-china-seas",
                )],
            ),
            (
                "in the South China Sea",
                &[("South China Sea", "south-china-sea")],
            ),
            (
                "sparsely populated Far East, not the Russian Far East",
                &[
                    ("Far East", "far-east"),
                    ("Russian Far East", "russian-far-east"),
                ],
            ),
            (
                "Central Asian economies",
                &[("Central Asian", "central-asia")],
            ),
            (
                "The U.S. Congress' near unanimous passage",
                &[("U.S. Congress", "us-congress")],
            ),
            (
                "the Department of Defense's new Cyber Strategy 5.",
                &[
                    ("Department of Defense", "us-department-of-defense"),
                    ("Cyber Strategy", "dod-cyber-strategy"),
                ],
            ),
            (
                "The new U.S. National Security Strategy lumped",
                &[(
                    "U.S. National Security Strategy",
                    "us-national-security-strategy",
                )],
            ),
            (
                "as permanent members of the UN Security Council",
                &[("UN Security Council", "un-security-council")],
            ),
            (
                "the Soviet Union's leaders; Soviets and Ukrainians",
                &[
                    ("Soviet Union", "soviet-union"),
                    ("Soviets", "soviet-union"),
                    ("Ukrainians", "ukraine"),
                ],
            ),
        ],
    );
}

#[test]
fn possessives_and_hyphen_compounds() {
    check(
        &KnowledgeBase::builtin(),
        &[
            ("Russia's loyalty", &[("Russia", "russia")]),
            ("China\u{2019}s leadership", &[("China", "china")]),
            ("Mattis\u{2019} view echoes", &[("Mattis", "james-mattis")]),
            ("Mattis' view", &[("Mattis", "james-mattis")]),
            (
                "a possible Russian-Chinese military alliance",
                &[("Russian", "russia"), ("Chinese", "china")],
            ),
            ("a formal NATO-style pact", &[("NATO", "nato")]),
            ("a Moscow-led trade bloc", &[("Moscow", "moscow")]),
            (
                "pro-Russian and anti-American",
                &[("Russian", "russia"), ("American", "united-states")],
            ),
            ("Russianness and Americanization", &[]),
            (
                "the PLA\u{2019}s near-term combat capabilities",
                &[("PLA", "peoples-liberation-army")],
            ),
        ],
    );
}

#[test]
fn designations_and_their_variants() {
    check(
        &KnowledgeBase::builtin(),
        &[
            (
                "The S-400 surface-to-air missile system",
                &[("S-400", "s-400")],
            ),
            (
                "an S400 battery and an S 400 radar",
                &[("S400", "s-400"), ("S 400", "s-400")],
            ),
            ("two S-400s were delivered", &[("S-400s", "s-400")]),
            (
                "the SA-21 Growler, or Triumf",
                &[("SA-21 Growler", "s-400"), ("Triumf", "s-400")],
            ),
            (
                "purchases of the Su-35, the Su35 and the Flanker-E",
                &[
                    ("Su-35", "su-35"),
                    ("Su35", "su-35"),
                    ("Flanker-E", "su-35"),
                ],
            ),
            (
                "the Su-27 (the Chinese copy is labeled J-11B)",
                &[("Su-27", "su-27"), ("Chinese", "china"), ("J-11B", "j-11b")],
            ),
            (
                "Vostok-2018 and Vostok 2018",
                &[
                    ("Vostok-2018", "vostok-2018"),
                    ("Vostok 2018", "vostok-2018"),
                ],
            ),
            ("S-4000 and XS-400 and S-400B", &[]),
        ],
    );
}

#[test]
fn names_are_case_sensitive() {
    check(
        &KnowledgeBase::builtin(),
        &[
            ("a set of fine china", &[]),
            ("let us go; nato means nothing here", &[]),
            ("US troops", &[("US", "united-states")]),
            ("Trump administration", &[("Trump", "donald-trump")]),
        ],
    );
}

/// Ordinary English never becomes an entity: lower-case common words never match, and the
/// capitalized ones that are also names match only where the name reading is the likely one.
#[test]
fn plain_english_words_are_never_entities() {
    let builtin = KnowledgeBase::builtin();
    let words = "may will can turkey chad jordan guinea china japan georgia bush rice cook gates carter ford \
        baker bishop hill bell wolf fox lamb june august march hunt moon price grant lane marsh rose ash \
        church wells cross chase banks major young long little green best field mark wall king love hope \
        faith grace star sun gold page law rich strong white black brown general state union west east \
        north south power order press second rule peace war sea air force party congress court senate \
        house office army navy council security defense strategy initiative agreement treaty summit crisis \
        exercise missile system fighter bomber drone tank carrier president minister secretary";
    assert!(words.split_whitespace().count() >= 100);
    for word in words.split_whitespace() {
        let sentence = format!("we saw the {word} and a {word} there.");
        assert_eq!(
            found(&builtin, &sentence),
            [] as [(String, String); 0],
            "{sentence}"
        );
    }
    check(
        &test_base(),
        &[
            ("May we add more? Will it last?", &[]),
            ("Rice said no. Bush Gardens opened.", &[]),
            ("in May 2018 and since May, by early June", &[]),
            ("the US OF AMERICA TODAY headline", &[]),
            (
                "Turkey said no. Chad and Jordan agreed.",
                &[("Turkey", "turkey"), ("Chad", "chad"), ("Jordan", "jordan")],
            ),
            ("talks with May in London", &[("May", "theresa-may")]),
            (
                "President Bush met Rice.",
                &[("Bush", "george-w-bush"), ("Rice", "condoleezza-rice")],
            ),
            ("Major General Smith and Rice University", &[]),
        ],
    );
}

/// A small base with the common-word names the rules are about, independent of the data files.
fn test_base() -> KnowledgeBase {
    let state = |id: &str, name: &str| {
        let mut e = Entity::new(id, EntityKind::Actor, name, "A state.");
        e.category = Some("state".into());
        e
    };
    let person = |id: &str, name: &str, alias: &str| {
        let mut e = Entity::new(id, EntityKind::Actor, name, "A person.");
        e.category = Some("person".into());
        e.aliases = vec![alias.to_string()];
        e
    };
    let mut us = state("united-states", "United States");
    us.aliases = vec!["US".into()];
    KnowledgeBase::from_entities(vec![
        state("turkey", "Turkey"),
        state("chad", "Chad"),
        state("jordan", "Jordan"),
        state("guinea", "Guinea"),
        us,
        person("theresa-may", "Theresa May", "May"),
        person("george-w-bush", "George W. Bush", "Bush"),
        person("condoleezza-rice", "Condoleezza Rice", "Rice"),
        person("john-major", "John Major", "Major"),
    ])
}

#[test]
fn ambiguous_names_list_candidates_and_guess_from_context() {
    let kb = KnowledgeBase::builtin();
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "Washington said it would respond.",
            "Washington",
            "washington",
            &["washington", "washington-state"],
        ),
        (
            "Washington and Moscow disagree.",
            "Washington",
            "washington",
            &["washington", "washington-state"],
        ),
        (
            "wildfires in Washington state",
            "Washington",
            "washington-state",
            &["washington-state", "washington"],
        ),
        (
            "the U.S. state of Washington",
            "Washington",
            "washington-state",
            &["washington-state", "washington"],
        ),
        (
            "Russia fought Georgia in 2008.",
            "Georgia",
            "georgia",
            &["georgia", "georgia-us-state"],
        ),
        (
            "Atlanta is the capital of the state of Georgia.",
            "Georgia",
            "georgia-us-state",
            &["georgia-us-state", "georgia"],
        ),
    ];
    for (text, matched, guess, candidates) in cases {
        let mention = kb
            .find_mentions(text)
            .into_iter()
            .find(|m| &text[m.span.clone()] == *matched)
            .unwrap_or_else(|| panic!("{matched} not found in {text:?}"));
        let id = |idx: EntityId| kb.try_get(idx).map(|e| e.id.as_str()).unwrap_or_default();
        assert_eq!(id(mention.entity), *guess, "{text}");
        assert_eq!(
            mention
                .candidates
                .iter()
                .map(|&c| id(c))
                .collect::<Vec<_>>(),
            *candidates,
            "{text}"
        );
    }
    let plain = kb.find_mentions("Moscow");
    assert!(!plain[0].is_ambiguous() && plain[0].candidates.is_empty());
}

#[test]
fn spans_map_into_the_given_text_and_resolve_metonyms() {
    let kb = KnowledgeBase::builtin();
    let text = "Ünïcode first: Beijing and the Kremlin.";
    let mentions = kb.find_mentions(text);
    assert_eq!(
        mentions
            .iter()
            .map(|m| &text[m.span.clone()])
            .collect::<Vec<_>>(),
        ["Beijing", "Kremlin"]
    );
    let resolved: Vec<&str> = mentions
        .iter()
        .map(|m| {
            kb.try_get(kb.resolve(m.entity))
                .map_or("", |e| e.id.as_str())
        })
        .collect();
    assert_eq!(resolved, ["china", "russia"]);
}

/// Crimea and the Soviet Union are absent on purpose: the article names them only inside
/// longer event names ("annexation of Crimea", "fall of the Soviet Union"), which win.
#[test]
fn demo_article_names_every_seed_entity() {
    let article = include_str!("../../tests/fixtures/kb/vostok-article.txt");
    let kb = KnowledgeBase::builtin();
    let normalized = crate::text::Normalized::new(article);
    let ids: std::collections::HashSet<String> = kb
        .find_mentions(&normalized.text)
        .iter()
        .filter_map(|m| kb.try_get(m.entity))
        .map(|e| e.id.clone())
        .collect();
    let expected = "russia china united-states james-mattis vladimir-putin donald-trump kremlin beijing moscow \
        washington nato peoples-liberation-army cia us-congress us-department-of-defense belarus syria ukraine \
        japan philippines vietnam india taiwan kazakhstan kyrgyzstan central-asia siberia russian-far-east \
        korean-peninsula middle-east europe east-and-south-china-seas un-security-council \
        eurasian-economic-union belt-and-road-initiative us-national-security-strategy dod-cyber-strategy \
        air-defense-identification-zone s-400 su-35 su-27 j-11b vostok-2018";
    let missing: Vec<&str> = expected
        .split_whitespace()
        .filter(|id| !ids.contains(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "not recognized in the demo article: {missing:?}"
    );
}

#[test]
fn later_words_of_a_name_may_be_lower_case_but_acronyms_and_first_words_not() {
    let entity = |id: &str, kind: EntityKind, name: &str| Entity::new(id, kind, name, "d");
    let kb = KnowledgeBase::from_entities(vec![
        entity("new-start", EntityKind::Treaty, "New START"),
        entity("cold-war", EntityKind::Event, "Cold War"),
        entity("bri", EntityKind::Treaty, "Belt and Road Initiative"),
        entity("iskander", EntityKind::Weapon, "Iskander"),
        entity("minsk-ii", EntityKind::Treaty, "Minsk II"),
    ]);
    check(
        &kb,
        &[
            ("after the Cold war ended", &[("Cold war", "cold-war")]),
            (
                "the Belt and Road initiative",
                &[("Belt and Road initiative", "bri")],
            ),
            ("a cold war mood", &[]),
            ("a New start for both", &[]),
            ("New START expired", &[("New START", "new-start")]),
            ("Minsk ii", &[]),
            (
                "two Iskanders and an Iskander's launcher",
                &[("Iskanders", "iskander"), ("Iskander", "iskander")],
            ),
        ],
    );
}

fn well_formed(text: &str, mentions: &[EntityMention]) -> bool {
    let mut last_end = 0;
    mentions.iter().all(|m| {
        let ok = m.span.start >= last_end
            && m.span.start < m.span.end
            && text.is_char_boundary(m.span.start)
            && text.is_char_boundary(m.span.end);
        last_end = m.span.end;
        ok
    })
}

proptest::proptest! {
    /// Any text, however odd: spans are sorted, disjoint and on char boundaries, with and
    /// without the names learned from that same text.
    #[test]
    fn spans_are_sorted_disjoint_char_boundaries(text in "(\\PC|[ '’\\-_.]|Russia|S-400|the West|Washington|May){0,40}") {
        let kb = KnowledgeBase::builtin();
        proptest::prop_assert!(well_formed(&text, &kb.find_mentions(&text)));
        let combined = kb.with_learned(crate::kb::learned::learn(&text, &kb));
        proptest::prop_assert!(well_formed(&text, &combined.find_mentions(&text)));
    }
}

/// The word runs of `text` as a per-char reading of `for_each_word`'s contract finds them.
fn words_by_chars(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut glued = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !c.is_alphanumeric() {
            glued = c == '_';
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if !d.is_alphanumeric() {
                break;
            }
            end = j + d.len_utf8();
            chars.next();
        }
        if !glued {
            out.push((i, text[i..end].to_string()));
        }
        glued = true;
    }
    out
}

proptest::proptest! {
    #[test]
    fn word_runs_agree_with_a_per_char_reading(
        text in "([a-zA-Z0-9_ .,'\\-]|é|ß|Ж|日|٣|²|\u{301}|👍|\u{2028}|\n){0,40}"
    ) {
        let mut found = Vec::new();
        for_each_word(&text, |start, word| found.push((start, word.to_string())));
        proptest::prop_assert_eq!(found, words_by_chars(&text));
    }
}

#[test]
fn words_glued_to_an_underscore_are_skipped() {
    let mut found = Vec::new();
    for_each_word("S-400 _x snake_case Путин2 é_b", |_, w| {
        found.push(w.to_string())
    });
    assert_eq!(found, ["S", "400", "snake", "Путин2", "é"]);
}
