//! Entity recognition on sentences from notes about other articles: recall by kind, no plain words.

use geonotes::kb::KnowledgeBase;
use geonotes::text::Normalized;

const SENTENCES: &str = include_str!("../fixtures/eval/entities.tsv");

#[test]
fn entities_of_other_articles_are_recognized_with_their_kind() {
    let kb = KnowledgeBase::builtin();
    let (mut expected_total, mut found_right, mut false_positives) = (0, 0, Vec::new());
    let mut missed = Vec::new();
    for line in SENTENCES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (sentence, expected) = line.split_once('\t').unwrap_or((line, ""));
        let expected: Vec<(&str, &str)> = expected
            .split(" | ")
            .filter(|e| !e.trim().is_empty())
            .filter_map(|e| e.trim().split_once('='))
            .collect();
        let norm = Normalized::new(sentence);
        let got: Vec<(String, &str)> = kb
            .find_mentions(&norm.text)
            .iter()
            .map(|m| {
                (
                    norm.text[m.span.clone()].to_string(),
                    kb.get(m.entity).kind.as_str(),
                )
            })
            .collect();
        for (text, kind) in &expected {
            expected_total += 1;
            if got.iter().any(|(t, k)| t == text && k == kind) {
                found_right += 1;
            } else {
                missed.push(format!("{text} ({kind}) in: {sentence}   got {got:?}"));
            }
        }
        for (text, kind) in &got {
            if !expected.iter().any(|(t, _)| t == text) {
                false_positives.push(format!("{text} ({kind}) in: {sentence}"));
            }
        }
    }
    let recall = found_right as f64 / expected_total as f64;
    println!(
        "entities recognized with the right kind: {found_right}/{expected_total} = {:.1}%",
        recall * 100.0
    );
    for m in &missed {
        println!("  missed: {m}");
    }
    for f in &false_positives {
        println!("  unexpected: {f}");
    }
    assert!(recall >= 0.95, "recall {:.1}% is below 95%", recall * 100.0);
    assert!(
        false_positives.is_empty(),
        "plain words taken for entities: {false_positives:#?}"
    );
}
