//! A note's findings where they already are: the front matter's own, then runs of each
//! block's cached findings, read in place and moved to the block's offset only when read.
//!
//! After a keystroke nearly every block is unchanged. Copying its findings into a note-wide
//! list meant touching each one (and its shared words' count) somewhere in memory, on every
//! edit; a run is a few integers per block, made without reading the findings at all when no
//! directive or severity setting needs to look at them.

use super::note::{NoteAnalysis, NoteBlock};
use crate::check::{codes, Finding, Fix, Related};
use crate::config::Severities;
use crate::model::{Severity, Span};
use crate::notes::directives::Suppressions;
use crate::position::LineIndex;
use std::borrow::Cow;

/// Consecutive findings `start..end` of one block, reported with one severity rule.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct FindingRun {
    block: u32,
    start: u32,
    end: u32,
    /// The severity the settings give these findings, when it is not their own.
    severity: Option<Severity>,
}

/// The findings a note reports: the front matter's first, then the blocks' in document order
/// (each block's are sorted, and front matter findings lie before the body or come with no
/// checked block at all, so the whole is sorted by position).
#[derive(Clone, Debug, Default)]
pub(super) struct NoteFindings {
    /// At document offsets, severities applied.
    front: Vec<Finding>,
    runs: Vec<FindingRun>,
    len: usize,
}

impl NoteFindings {
    /// The findings of `front` (front matter) and of `blocks` that directives do not silence
    /// and settings do not turn off, with the severities the settings give them.
    pub(super) fn new(
        mut front: Vec<Finding>,
        blocks: &[NoteBlock],
        suppressions: &Suppressions,
        lines: &LineIndex,
        severities: &Severities,
    ) -> NoteFindings {
        let report = |f: &Finding, shift: usize| -> Option<Severity> {
            if !suppressions.is_empty() {
                let line = lines.line_of(f.span.start + shift) as u32;
                if suppressions.silences(line, f.code)
                    || (codes::is_claim_code(f.code) && suppressions.is_outside_knowledge(line))
                {
                    return None;
                }
            }
            severities.resolve(f.code, f.severity)
        };
        front.retain_mut(|f| match report(f, 0) {
            Some(severity) => {
                f.severity = severity;
                true
            }
            None => false,
        });
        // Most notes have no directive and most projects set no severity: then every finding
        // is reported as it is, and none needs to be read here.
        let as_they_are = suppressions.is_empty() && severities.0.is_empty();
        let mut runs: Vec<FindingRun> = Vec::new();
        let mut len = front.len();
        for (index, b) in blocks.iter().enumerate() {
            let count = b.analyzed.finding_count();
            let block = index as u32;
            if as_they_are {
                if count > 0 {
                    runs.push(FindingRun {
                        block,
                        start: 0,
                        end: count as u32,
                        severity: None,
                    });
                    len += count;
                }
                continue;
            }
            for i in 0..count {
                let Some(f) = b.analyzed.finding(i) else {
                    continue;
                };
                let Some(severity) = report(&f, b.offset) else {
                    continue;
                };
                let severity = (severity != f.severity).then_some(severity);
                let i = i as u32;
                len += 1;
                match runs.last_mut() {
                    Some(run) if run.block == block && run.end == i && run.severity == severity => {
                        run.end += 1;
                    }
                    _ => runs.push(FindingRun {
                        block,
                        start: i,
                        end: i + 1,
                        severity,
                    }),
                }
            }
        }
        runs.shrink_to_fit();
        NoteFindings { front, runs, len }
    }
}

/// One finding at its place in the note.
#[derive(Clone, Debug)]
pub struct NoteFinding<'a> {
    /// Borrowed from its block, or written from its claim's verdict when read.
    finding: Cow<'a, Finding>,
    /// Document offset of the finding's block (0 for the front matter's).
    shift: usize,
    severity: Severity,
}

impl<'a> NoteFinding<'a> {
    /// Byte range in the note.
    pub fn span(&self) -> Span {
        self.finding.span.start + self.shift..self.finding.span.end + self.shift
    }

    pub fn severity(&self) -> Severity {
        self.severity
    }

    pub fn code(&self) -> &'static str {
        self.finding.code
    }

    /// The message; `note` is the analyzed note's text, whose words at the finding some
    /// messages quote.
    pub fn message(&self, note: &str) -> Cow<'_, str> {
        self.finding.message_at(note, self.shift)
    }

    /// Appends the message to `out` (see `message`).
    pub fn write_message(&self, note: &str, out: &mut String) {
        self.finding.write_message_at(note, self.shift, out);
    }

    /// An upper bound of the message's length in bytes, without writing it.
    pub fn message_len_bound(&self) -> usize {
        self.finding.message_len_bound()
    }

    /// Places in the source article (article offsets: they do not move with the note).
    pub fn related(&self) -> &[Related] {
        self.finding.related()
    }

    pub fn fix(&self) -> Option<Fix<'_>> {
        let mut fix = self.finding.fix()?;
        fix.span = fix.span.start + self.shift..fix.span.end + self.shift;
        Some(fix)
    }

    /// The finding as a value of its own, at document offsets.
    pub fn to_finding(&self) -> Finding {
        let mut f = self.finding.shifted(self.shift);
        f.severity = self.severity;
        f
    }
}

/// Findings that are reported together: one of the front matter's, or a run of one block's.
/// A frame reuses a run's bytes whole when its identity and place did not change.
#[derive(Clone, Copy, Debug)]
pub struct FindingGroup<'a>(Group<'a>);

#[derive(Clone, Copy, Debug)]
enum Group<'a> {
    Front(&'a Finding),
    Run(&'a NoteBlock, &'a FindingRun),
}

/// What a group's diagnostics are written from, apart from their place: equal identities
/// at equal positions give equal bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupIdentity {
    /// The shared block's address: equal only for the very same cached analysis.
    block: usize,
    start: u32,
    end: u32,
    severity: Option<Severity>,
}

impl<'a> FindingGroup<'a> {
    pub fn findings(&self) -> impl Iterator<Item = NoteFinding<'a>> + use<'a> {
        let (front, run) = match self.0 {
            Group::Front(finding) => (Some(finding), None),
            Group::Run(block, run) => (None, Some((block, run))),
        };
        let front = front.map(|finding| NoteFinding {
            finding: Cow::Borrowed(finding),
            shift: 0,
            severity: finding.severity,
        });
        let run = run.into_iter().flat_map(|(block, run)| {
            (run.start as usize..run.end as usize).filter_map(move |i| {
                let finding = block.analyzed.finding(i)?;
                let severity = run.severity.unwrap_or(finding.severity);
                Some(NoteFinding {
                    finding,
                    shift: block.offset,
                    severity,
                })
            })
        });
        front.into_iter().chain(run)
    }

    /// The identity of a block's run and the document range all its offsets lie in; `None`
    /// for a front matter finding.
    pub fn identity(&self) -> Option<(GroupIdentity, Span)> {
        let Group::Run(block, run) = self.0 else {
            return None;
        };
        let identity = GroupIdentity {
            block: std::sync::Arc::as_ptr(&block.analyzed) as usize,
            start: run.start,
            end: run.end,
            severity: run.severity,
        };
        Some((identity, block.offset..block.end))
    }
}

impl NoteAnalysis {
    /// How many findings the note reports.
    pub fn finding_count(&self) -> usize {
        self.findings.len
    }

    /// The findings the note reports, in document order.
    pub fn findings(&self) -> impl Iterator<Item = NoteFinding<'_>> + '_ {
        self.finding_groups().flat_map(|g| g.findings())
    }

    /// Each finding as a value of its own, at document offsets (for comparing analyses).
    pub fn owned_findings(&self) -> Vec<Finding> {
        self.findings().map(|f| f.to_finding()).collect()
    }

    /// The findings in the groups they are kept in, in document order.
    pub fn finding_groups(&self) -> impl Iterator<Item = FindingGroup<'_>> + '_ {
        let front = self
            .findings
            .front
            .iter()
            .map(|f| FindingGroup(Group::Front(f)));
        let runs = self.findings.runs.iter().filter_map(|run| {
            let block = self.blocks.get(run.block as usize)?;
            Some(FindingGroup(Group::Run(block, run)))
        });
        front.chain(runs)
    }
}
