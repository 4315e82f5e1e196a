//! Accuracy measurements of the whole pipeline against annotated corpora (the model alone is
//! scored by [`crate::ner::NerModel::evaluate`]).

pub mod events;
pub mod fine;
pub mod ner;
pub mod quotes;
pub mod relations;
