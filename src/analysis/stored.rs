//! How a cached block keeps its mentions: 24 bytes each, spans as 32-bit offsets into the block.
//!
//! A note of distinct blocks has a mention every 25 bytes or so, and the cache holds all of
//! them for as long as the note is open. As `Mention`s (56 bytes, with a boxed 88-byte figure)
//! they took 2.8 times the note's size; packed, about a third of that. A mention is unpacked
//! (copied out, with document offsets) only when a request reads it.

use crate::kb::EntityId;
use crate::model::{DateMention, DateValue, Figure, PartialDate, Qualifier, Span, Unit};
use crate::prose::{Mention, MentionKind};

/// A mention with its spans relative to its block.
///
/// Blocks are cut into pieces of at most a few hundred KiB (`pieces`), so their offsets fit
/// in 32 bits; a span past 4 GiB would be clamped, never wrapped.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct StoredMention {
    start: u32,
    end: u32,
    kind: StoredKind,
}

/// `MentionKind` without the spans it repeats (a figure's and a date's span are the mention's
/// own), with the rare large kinds behind a thin pointer so that every kind fits in 16 bytes.
#[derive(Clone, Debug, PartialEq)]
enum StoredKind {
    Entity(EntityId),
    /// An alias that may mean several entities.
    Ambiguous(Box<(EntityId, Box<[EntityId]>)>),
    /// The qualifier stays beside the pointer, where the tag leaves room: in the box it made
    /// the figure 57 bytes, one more than the allocator's 64-byte class holds.
    Figure(Box<StoredFigure>, Option<Qualifier>),
    Date(PackedDate),
    RelativeDate(PackedDate),
    /// A date whose value is unknown, or one `PackedDate` cannot hold as it is.
    OtherDate(Box<(Option<DateValue>, bool)>),
    Citation(u32),
    Quote(Box<Box<str>>),
}

#[derive(Clone, Debug, PartialEq)]
struct StoredFigure {
    number_start: u32,
    number_end: u32,
    value: f64,
    unit: Option<Unit>,
}

/// A date interval in 12 bytes: years, then months and days with 0 for "not given".
#[derive(Clone, Copy, Debug, PartialEq)]
struct PackedDate {
    years: [i32; 2],
    months_days: [u8; 4],
}

impl PackedDate {
    /// `None` when a month or day is `Some(0)`, which 0 could not tell from `None`.
    fn pack(value: &DateValue) -> Option<PackedDate> {
        let part = |p: Option<u8>| match p {
            Some(0) => None,
            Some(n) => Some(n),
            None => Some(0),
        };
        let (s, e) = (&value.start, &value.end);
        Some(PackedDate {
            years: [s.year, e.year],
            months_days: [part(s.month)?, part(s.day)?, part(e.month)?, part(e.day)?],
        })
    }

    fn unpack(&self) -> DateValue {
        let part = |n: u8| (n != 0).then_some(n);
        let [sm, sd, em, ed] = self.months_days;
        let date = |year, month, day| PartialDate {
            year,
            month: part(month),
            day: part(day),
        };
        DateValue {
            start: date(self.years[0], sm, sd),
            end: date(self.years[1], em, ed),
        }
    }
}

/// A block offset in 32 bits (see `StoredMention`), clamped, never wrapped.
pub(super) fn block_offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

impl StoredMention {
    /// Pack a mention whose spans are relative to its block.
    pub(super) fn pack(mention: Mention) -> StoredMention {
        let kind = match mention.kind {
            MentionKind::Entity { entity, candidates } if candidates.is_empty() => {
                StoredKind::Entity(entity)
            }
            MentionKind::Entity { entity, candidates } => {
                StoredKind::Ambiguous(Box::new((entity, candidates)))
            }
            MentionKind::Figure(f) => StoredKind::Figure(
                Box::new(StoredFigure {
                    number_start: block_offset(f.number_span.start),
                    number_end: block_offset(f.number_span.end),
                    value: f.value,
                    unit: f.unit,
                }),
                f.qualifier,
            ),
            MentionKind::Date(d) => match (d.value.as_ref().and_then(PackedDate::pack), d.relative)
            {
                (Some(packed), false) => StoredKind::Date(packed),
                (Some(packed), true) => StoredKind::RelativeDate(packed),
                (None, relative) => StoredKind::OtherDate(Box::new((d.value, relative))),
            },
            MentionKind::Citation { paragraph } => StoredKind::Citation(paragraph),
            MentionKind::Quote { text } => StoredKind::Quote(Box::new(text.into_boxed_str())),
        };
        StoredMention {
            start: block_offset(mention.span.start),
            end: block_offset(mention.span.end),
            kind,
        }
    }

    /// The span within the block.
    pub(super) fn span(&self) -> Span {
        self.start as usize..self.end as usize
    }

    /// The span a fix of the mention's number replaces: a figure's number, else the whole.
    pub(super) fn number_span(&self) -> Span {
        match &self.kind {
            StoredKind::Figure(figure, _) => {
                figure.number_start as usize..figure.number_end as usize
            }
            _ => self.span(),
        }
    }

    /// Figures and dates: the claims a line marked as outside knowledge excuses.
    pub(super) fn is_figure_or_date(&self) -> bool {
        matches!(
            self.kind,
            StoredKind::Figure(..)
                | StoredKind::Date(_)
                | StoredKind::RelativeDate(_)
                | StoredKind::OtherDate(_)
        )
    }

    /// The mention as the rest of the program reads it, `shift` bytes later (the block's
    /// document offset).
    pub(super) fn unpack(&self, shift: usize) -> Mention {
        let span = self.start as usize + shift..self.end as usize + shift;
        let date = |value, relative| {
            MentionKind::Date(DateMention {
                span: span.clone(),
                value,
                relative,
            })
        };
        let kind = match &self.kind {
            StoredKind::Entity(entity) => MentionKind::Entity {
                entity: *entity,
                candidates: Box::new([]),
            },
            StoredKind::Ambiguous(ambiguous) => MentionKind::Entity {
                entity: ambiguous.0,
                candidates: ambiguous.1.clone(),
            },
            StoredKind::Figure(f, qualifier) => MentionKind::Figure(Box::new(Figure {
                span: span.clone(),
                number_span: f.number_start as usize + shift..f.number_end as usize + shift,
                value: f.value,
                unit: f.unit.clone(),
                qualifier: *qualifier,
            })),
            StoredKind::Date(packed) => date(Some(packed.unpack()), false),
            StoredKind::RelativeDate(packed) => date(Some(packed.unpack()), true),
            StoredKind::OtherDate(other) => date(other.0, other.1),
            StoredKind::Citation(paragraph) => MentionKind::Citation {
                paragraph: *paragraph,
            },
            StoredKind::Quote(text) => MentionKind::Quote {
                text: text.to_string(),
            },
        };
        Mention { span, kind }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dimension;

    fn at(span: Span, kind: MentionKind) -> Mention {
        Mention { span, kind }
    }

    fn date(span: Span, value: Option<DateValue>, relative: bool) -> Mention {
        let kind = MentionKind::Date(DateMention {
            span: span.clone(),
            value,
            relative,
        });
        at(span, kind)
    }

    /// Every kind, and every date shape, comes back as it went in, moved by the shift.
    #[test]
    fn a_packed_mention_unpacks_to_the_same_mention() {
        let troops = Unit {
            name: "troop".into(),
            dimension: Dimension::Count,
            factor: 1.0,
        };
        let may = PartialDate::month(2018, 5);
        let mentions = [
            at(
                3..9,
                MentionKind::Entity {
                    entity: EntityId(7),
                    candidates: Box::new([]),
                },
            ),
            at(
                3..9,
                MentionKind::Entity {
                    entity: EntityId(9),
                    candidates: Box::new([EntityId(9), EntityId(2)]),
                },
            ),
            at(
                10..32,
                MentionKind::Figure(Box::new(Figure {
                    span: 10..32,
                    number_span: 15..20,
                    value: 3200.0,
                    unit: Some(troops),
                    qualifier: Some(Qualifier::About),
                })),
            ),
            date(
                40..44,
                Some(DateValue::single(PartialDate::year(2014))),
                false,
            ),
            date(
                40..52,
                Some(DateValue::single(PartialDate::day(2018, 9, 11))),
                false,
            ),
            date(
                40..50,
                Some(DateValue {
                    start: PartialDate::year(1980),
                    end: PartialDate::year(1989),
                }),
                false,
            ),
            date(40..49, Some(DateValue::single(may)), true),
            date(40..49, None, true),
            date(40..49, None, false),
            // Not a date any recognizer makes, but still kept exactly.
            date(
                40..49,
                Some(DateValue::single(PartialDate {
                    year: -44,
                    month: Some(0),
                    day: None,
                })),
                false,
            ),
            at(60..64, MentionKind::Citation { paragraph: 7 }),
            at(
                70..99,
                MentionKind::Quote {
                    text: "the largest since 1981".into(),
                },
            ),
        ];
        for mention in mentions {
            let stored = StoredMention::pack(mention.clone());
            assert_eq!(stored.unpack(0), mention);
            assert_eq!(stored.span(), mention.span);
            let claim = mention.figure().is_some() || mention.date().is_some();
            assert_eq!(stored.is_figure_or_date(), claim, "{mention:?}");
            let mut moved = mention.clone();
            moved.shift(1000);
            assert_eq!(stored.unpack(1000), moved);
        }
    }

    #[test]
    fn a_stored_mention_takes_24_bytes_and_its_figure_56() {
        assert_eq!(std::mem::size_of::<StoredMention>(), 24);
        assert_eq!(std::mem::size_of::<StoredFigure>(), 56);
    }
}
