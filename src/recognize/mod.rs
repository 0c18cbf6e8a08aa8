//! Recognizers that find mentions in prose: knowledge-base entities, figures and dates.

pub(crate) mod byte_class;
pub mod entities;
pub mod quantities;
