//! `topictag`: multilingual topic tagging for foreign-policy news digests.
//!
//! The pipeline, one module per stage in the order data flows:
//! [`lang`] (detect and route) → [`text`] (tokenize, stop words, stem; [`classes`] of words)
//! → [`features`]
//! (vocabulary, TF-IDF) → [`model`] (linear scorers, thresholds, file format; fitted by
//! [`train`]) → [`digest`] (split pages into items) → [`eval`] (metrics). [`explain`] shows the
//! terms behind a topic's score; [`report`] draws an evaluation as a self-contained HTML page. [`tagger`] runs the
//! whole chain on one text; [`dataset`] and [`input`] read files.
//!
//! # Tagging with a saved model
//!
//! [`TopicModel`] loads a model file (or [`TopicModel::from_bytes`] decodes one embedded with
//! `include_bytes!`); a [`Tagger`] runs it; each [`Tagged`] result names its topics:
//!
//! ```
//! use topictag::{Tagger, TopicModel};
//! let tagger = Tagger::new(TopicModel::load("models/foreign-policy.model")?);
//! let tagged = tagger.tag("Russia and China sign a new gas pipeline deal", None, None);
//! assert_eq!(tagged.topic_names().collect::<Vec<_>>(), ["energy", "trade", "diplomacy"]);
//! # Ok::<(), topictag::Error>(())
//! ```
//!
//! This needs only the engine: build with `default-features = false` to leave out the
//! command-line tool (the `cli` feature: argument parsing, progress bars, folder walks and
//! output rows). A [`Tagger`] is `Send + Sync`: share one between threads (each thread keeps
//! its own word memo, owned by the tagger), or tag many texts at once with
//! [`Tagger::tag_batch`].
//!
//! # Training
//!
//! ```
//! use topictag::{dataset::LabelledItem, train::{train, TrainConfig}, Tagger};
//!
//! let item = |text: &str, labels: &[&str]| LabelledItem {
//!     line: 0,
//!     text: text.into(),
//!     lang: None,
//!     labels: labels.iter().map(|l| l.to_string()).collect(),
//!     known: None,
//!     group: None,
//! };
//! let items = vec![
//!     item("Gas pipeline deal signed to raise oil and gas exports", &["energy"]),
//!     item("New oil refinery and gas field open near the Caspian", &["energy"]),
//!     item("Electricity prices rise as the gas pipeline is repaired", &["energy"]),
//!     item("Troops hold military exercises near the border", &["security"]),
//!     item("Army drills and missile tests alarm the border region", &["security"]),
//!     item("Military alliance sends troops after a border attack", &["security"]),
//! ];
//! let features = topictag::features::FeatureConfig { min_df: 1, max_df: 1.0, ..Default::default() };
//! let config = TrainConfig { folds: 2, features, ..TrainConfig::default() };
//! let (model, _report) = train(&items, "example.csv", &config)?;
//! let tagger = Tagger::new(model);
//! let tagged = tagger.tag("A new gas pipeline will carry oil and gas", None, None);
//! assert_eq!(tagged.route.code(), "en");
//! assert_eq!(tagged.topic_names().next(), Some("energy"));
//! # Ok::<(), topictag::Error>(())
//! ```

pub mod classes;
pub mod dataset;
pub mod digest;
pub mod error;
pub mod eval;
pub mod explain;
pub mod features;
pub mod feed;
pub mod fsutil;
pub mod html;
pub mod input;
pub mod lang;
pub mod mail;
mod memo;
pub mod model;
#[cfg(feature = "cli")]
pub mod output;
pub mod plural;
pub mod report;
pub mod segment;
pub mod settings;
pub mod sniff;
pub mod tagger;
#[cfg(test)]
mod testutil;
pub mod text;
pub mod train;

pub use error::{Error, Result};
pub use model::TopicModel;
pub use tagger::{Tagged, Tagger};
