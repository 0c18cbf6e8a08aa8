//! Figures and dates in English prose: the number, unit, qualifier and date grammar.
//!
//! Contract (the rest of the core relies on it): `recognize` takes any text, usually the
//! normalized matching view (single spaces, ASCII quotes, `-` for every dash), and returns
//! figures and dates with byte spans into that text, sorted by start, never overlapping.
//! A year in a date context is a date, never also a figure.
//!
//! Shape: one regex pass for date phrases (`dates`), one anchor pass for numbers (`figures`)
//! that skips the date spans, each followed by cheap local look-around; linear in the text.

mod anchors;
mod compound;
mod dates;
mod elided;
mod figures;
mod filters;
mod nouns;
mod numbers;
mod phrase;
mod qualifiers;
mod relative;
mod scan;
mod units;
mod yearless;

use crate::model::{DateMention, Figure, PartialDate};

/// What the recognizer needs to know about where the text comes from.
#[derive(Clone, Debug, Default)]
pub struct QuantityContext {
    /// Reference date for relative dates ("last week", "earlier this year").
    pub published: Option<PartialDate>,
    /// Skip small bare integers that PDF extraction leaves as footnote markers
    /// ("exceed 600,000 25, with", "entourage 3 who"). On for articles, off for notes.
    pub footnote_markers: bool,
}

/// Everything `recognize` found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Quantities {
    pub figures: Vec<Figure>,
    pub dates: Vec<DateMention>,
}

/// Build the date patterns of every form now, not at a note's first use of each: the server
/// does this in the background while the client is still starting.
pub fn prepare() {
    dates::prepare();
}

/// Find every figure and date in `text`.
pub fn recognize(text: &str, ctx: &QuantityContext) -> Quantities {
    let mut dates = dates::find(text, ctx);
    let (mut figures, years) = figures::find(text, ctx, &dates);
    elided::lend_to_range_starts(text, &mut figures);
    elided::lend_units(text, &mut figures);
    elided::lend_to_partitives(text, &mut figures);
    if !years.is_empty() {
        dates.extend(years);
        dates.sort_by_key(|d| d.span.start);
    }
    Quantities { figures, dates }
}

#[cfg(test)]
mod fixture_tests;
