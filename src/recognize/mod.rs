//! Recognizers that find mentions in prose: knowledge-base entities, figures and dates.

pub mod entities;
pub mod quantities;
