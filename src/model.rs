//! The fitted model: a TF-IDF vector in, a probability per topic out; and its file format.
//!
//! A [`TopicModel`] holds everything tagging needs, so training and tagging cannot drift apart:
//! the analyzer settings, the routing settings, the vocabulary with its IDF, one linear scorer
//! per topic (fitted by linfa, see [`crate::train`]), the per-topic decision thresholds, and
//! metadata. Scoring uses the fitted weights directly on sparse vectors.
//!
//! # File format
//! `TOPICTAG` (8 bytes) · format version (u32 LE) · payload length (u64 LE) · CRC-32 of the
//! payload (u32 LE) · payload (postcard; in version 5 followed by the autotune trace, also
//! postcard; in version 6 followed by [`Extras`]: the trace if any and the word classes). Loading checks each part before decoding, so a truncated, corrupt, foreign or
//! newer file gives a clear error, never a panic.

use crate::error::{Error, Result};
use crate::features::{SparseVec, Vectorizer};
use crate::text::AnalyzerConfig;
use crate::train::Trace;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The first bytes of every model file.
pub const MAGIC: &[u8; 8] = b"TOPICTAG";
/// The newest format version this build writes and reads. Version 3 added
/// [`Metadata::sources`], version 4 [`Metadata::held_out`]; version 5 is version 4's payload
/// followed by the autotune [`Trace`], written only when the model records a search (without
/// one the file is version 4, byte for byte as before version 5 existed). Older files are
/// refused with a message saying so (retrain, or use an older build). Version 6 is version
/// 4's payload followed by [`Extras`], written only when the model has word classes
/// ([`crate::classes`]).
pub const FORMAT_VERSION: u32 = 6;
/// The oldest format version this build reads.
pub const OLDEST_FORMAT_VERSION: u32 = 4;
const HEADER_LEN: usize = 8 + 4 + 8 + 4;
/// Longest term (in characters) a model's analyzer may keep; files asking for more are refused
/// (the analyzer multiplies it by 4 for a byte bound).
pub const MAX_TERM_CHARS: usize = 1024;

/// What follows the payload in format version 6.
#[derive(Serialize, Deserialize)]
struct Extras {
    autotune: Option<Trace>,
    /// The word lists the analyzer matches (`AnalyzerConfig::word_classes`).
    word_classes: Option<crate::classes::Lists>,
}

/// Which classifier produced the weights.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum ClassifierKind {
    /// One-vs-rest logistic regression (`linfa-logistic`): the library's default and the
    /// shipped model's.
    Logistic,
    /// One-vs-rest multinomial naive Bayes (`linfa-bayes`).
    Bayes,
    /// One-vs-rest linear SVM (squared hinge, dual coordinate descent as in LIBLINEAR) with
    /// Platt's sigmoid on its decision values: the command line's default.
    Svm,
}

impl ClassifierKind {
    /// The name shown to users.
    pub fn name(self) -> &'static str {
        match self {
            ClassifierKind::Logistic => "logistic",
            ClassifierKind::Bayes => "bayes",
            ClassifierKind::Svm => "svm",
        }
    }
}

/// Routing settings stored with the model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoutingConfig {
    /// ISO 639-1 codes the detector may answer.
    pub allow: Vec<String>,
    /// Confidence floor.
    pub floor: f64,
}

/// Cross-validated scores measured at training time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CvScores {
    pub folds: u32,
    pub micro_f1: f64,
    pub macro_f1: f64,
    /// For exclusive models: share of items whose one predicted topic is right.
    pub accuracy: Option<f64>,
}

/// What the model was trained on and how.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// `topictag` version that wrote the model.
    pub tool_version: String,
    pub classifier: ClassifierKind,
    /// Name of the training file (no directory).
    pub data_file: String,
    pub trained_items: u64,
    /// Items per routed language code.
    pub languages: Vec<(String, u64)>,
    /// Training items per topic, in topic order.
    pub topic_counts: Vec<u64>,
    pub cv: Option<CvScores>,
    pub seed: u64,
    /// The corpora the training file was built from, with their licences (empty when not
    /// declared; `train --sources`).
    pub sources: Vec<DataSource>,
    /// Where the thresholds were chosen on held-out data instead of out-of-fold scores
    /// (`train --calibrate`); `None` when every threshold is the training's own.
    pub held_out: Option<HeldOutThresholds>,
}

/// Thresholds chosen on held-out labelled files (`train --calibrate`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeldOutThresholds {
    /// The files' names (no directory).
    pub files: Vec<String>,
    /// Rows read from them.
    pub rows: u64,
    /// Per topic, in topic order: the rows that know it and its positives among them, and
    /// whether its threshold was chosen on them (too few positives keep the training's own).
    pub topics: Vec<HeldOutTopic>,
}

/// One topic's share of [`HeldOutThresholds`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeldOutTopic {
    pub known: u64,
    pub positives: u64,
    /// The threshold training chose (out-of-fold, or 0.5 without folds).
    pub trained: f32,
    /// The threshold chosen on the held-out rows, when there were enough positives.
    pub chosen: Option<f32>,
}

/// One corpus a model's training file was built from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataSource {
    /// Name of the corpus (e.g. `cap_uk_acts`).
    pub name: String,
    /// Training rows taken from it.
    pub items: u64,
    /// Its licence as stated by the corpus.
    pub licence: String,
}

impl DataSource {
    /// Read a sources file: one corpus a line, `name<TAB>items<TAB>licence`; empty lines and
    /// lines starting with `#` are skipped. Errors name the file and line.
    ///
    /// ```
    /// # use topictag::model::DataSource;
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("sources.txt");
    /// std::fs::write(&path, "# corpus, rows, licence\ncap_uk_acts\t2107\tCC BY 4.0\n").unwrap();
    /// let sources = DataSource::read(&path).unwrap();
    /// assert_eq!(sources[0].name, "cap_uk_acts");
    /// assert_eq!(sources[0].items, 2107);
    /// assert_eq!(sources[0].licence, "CC BY 4.0");
    /// ```
    pub fn read(path: &Path) -> Result<Vec<DataSource>> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let bad = |line: usize, message: String| {
            Error::Config(format!("{}:{line}: {message}", path.display()))
        };
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').collect();
            let [name, items, licence] = cells[..] else {
                return Err(bad(
                    i + 1,
                    format!(
                        "expected 3 tab-separated fields (name, rows, licence), found {}",
                        cells.len()
                    ),
                ));
            };
            let items = items.trim().parse::<u64>().map_err(|_| {
                bad(
                    i + 1,
                    format!("field 2 (rows): '{items}' is not a whole number"),
                )
            })?;
            if name.trim().is_empty() || licence.trim().is_empty() {
                return Err(bad(
                    i + 1,
                    "the name and the licence may not be empty".into(),
                ));
            }
            out.push(DataSource {
                name: name.trim().to_string(),
                items,
                licence: licence.trim().to_string(),
            });
        }
        Ok(out)
    }
}

/// One topic's linear scorer: `logit = bias + sum(weights[k] * x[indices[k]])`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopicWeights {
    pub bias: f32,
    pub indices: Vec<u32>,
    pub weights: Vec<f32>,
}

/// One column of a topic's scorer and its weight.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TermWeight {
    /// The vocabulary column ([`crate::explain::term_label`] names it).
    pub column: u32,
    pub weight: f32,
}

/// A topic's strongest columns each way ([`TopicModel::strongest_terms`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StrongestTerms {
    /// Positive weights, largest first.
    pub positive: Vec<TermWeight>,
    /// Negative weights, most negative first.
    pub negative: Vec<TermWeight>,
}

/// A trained multi-label (or exclusive) topic model.
///
/// Its parts are read through accessors and set only by [`TopicModel::new`] and
/// [`TopicModel::from_bytes`], which build the scoring index from them: the index always
/// matches the scorers it scores with. (Crate-visible fields let training assemble a model;
/// nothing outside the crate can change one.)
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TopicModel {
    pub(crate) meta: Metadata,
    pub(crate) analyzer: AnalyzerConfig,
    pub(crate) routing: RoutingConfig,
    pub(crate) vectorizer: Vectorizer,
    pub(crate) topics: Vec<String>,
    /// Every training item had exactly one topic: predict exactly one.
    pub(crate) exclusive: bool,
    pub(crate) scorers: Vec<TopicWeights>,
    /// Probability at or above which a topic is assigned (multi-label models).
    pub(crate) thresholds: Vec<f32>,
    /// Feature → (topic, weight) entries, built from `scorers` on load.
    #[serde(skip)]
    inverted: Inverted,
    /// The autotune search that chose the training settings, if one did: stored after the
    /// rest of the payload (format version 5), so files without one stay version 4.
    #[serde(skip)]
    autotune: Option<Trace>,
}

/// Feature → weights, for scoring sparse vectors: compressed rows (for feature `f`, entries
/// `offsets[f]..offsets[f + 1]`), except for features that most topics weigh (frequent words),
/// whose weights are stored as a dense row of every topic (absent topics weigh 0), so scoring
/// them is one vectorizable loop instead of scattered updates. Adding `0 * x` leaves a logit
/// unchanged (but for the sign of a zero), so both layouts give the same probabilities.
#[derive(Clone, Debug, Default)]
pub(crate) struct Inverted {
    offsets: Vec<u32>,
    entries: Vec<(u32, f32)>,
    /// Per feature: the start of its dense row in `rows`, or [`SPARSE`].
    dense: Vec<u32>,
    rows: Vec<f32>,
}

/// Marks a feature scored through `Inverted::entries`.
const SPARSE: u32 = u32::MAX;

impl Inverted {
    /// The index of `scorers` over `n` features.
    pub(crate) fn new(scorers: &[TopicWeights], n: usize) -> Inverted {
        let topics = scorers.len();
        let mut per_feature = vec![0u32; n];
        // A feature listed twice by one topic is added twice: it stays sparse.
        let mut last_topic = vec![u32::MAX; n];
        let mut repeated = vec![false; n];
        for (t, s) in scorers.iter().enumerate() {
            for &i in &s.indices {
                let i = i as usize;
                per_feature[i] += 1;
                repeated[i] |= last_topic[i] == t as u32;
                last_topic[i] = t as u32;
            }
        }
        // A dense row costs `topics` floats, sparse entries 2 words each: dense from half.
        let mut dense = vec![SPARSE; n];
        let mut dense_rows = 0u32;
        for ((d, &k), &rep) in dense.iter_mut().zip(&per_feature).zip(&repeated) {
            if topics >= 8 && 2 * k as usize >= topics && !rep {
                *d = dense_rows * topics as u32;
                dense_rows += 1;
            }
        }
        let mut offsets = vec![0u32; n + 1];
        for i in 0..n {
            let sparse = if dense[i] == SPARSE {
                per_feature[i]
            } else {
                0
            };
            offsets[i + 1] = offsets[i] + sparse;
        }
        let mut entries = vec![(0u32, 0f32); offsets[n] as usize];
        let mut rows = vec![0f32; dense_rows as usize * topics];
        let mut next = offsets.clone();
        for (t, s) in scorers.iter().enumerate() {
            for (&i, &w) in s.indices.iter().zip(&s.weights) {
                let i = i as usize;
                if dense[i] == SPARSE {
                    let slot = &mut next[i];
                    entries[*slot as usize] = (t as u32, w);
                    *slot += 1;
                } else {
                    rows[dense[i] as usize + t] = w;
                }
            }
        }
        Inverted {
            offsets,
            entries,
            dense,
            rows,
        }
    }

    /// The logit of every scorer of `scorers` (those the index was built from) for `x`: each
    /// topic's bias plus its weights times `x`'s values, added in column order.
    pub(crate) fn logits(&self, scorers: &[TopicWeights], x: &SparseVec) -> Vec<f32> {
        let mut z: Vec<f32> = scorers.iter().map(|s| s.bias).collect();
        let topics = z.len();
        for (i, v) in x.iter() {
            let i = i as usize;
            let row = self.dense[i];
            if row == SPARSE {
                let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
                for &(t, w) in &self.entries[a..b] {
                    z[t as usize] += w * v;
                }
            } else {
                let row = &self.rows[row as usize..row as usize + topics];
                for (z, &w) in z.iter_mut().zip(row) {
                    *z += w * v;
                }
            }
        }
        z
    }
}

/// The logistic function.
pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// Topic probabilities from logits: each through [`sigmoid`], then, for an exclusive model,
/// scaled to sum to 1. Tagging and training's out-of-fold scores both go through here.
pub(crate) fn probabilities(logits: Vec<f32>, exclusive: bool) -> Vec<f32> {
    let mut p = logits;
    p.iter_mut().for_each(|z| *z = sigmoid(*z));
    if exclusive {
        let sum: f32 = p.iter().sum();
        if sum > 0.0 {
            p.iter_mut().for_each(|v| *v /= sum);
        }
    }
    p
}

/// Each topic's probability for a text with no known term: what the biases of `scorers`
/// alone give ([`TopicModel::priors`], and each cross-validation fold's).
pub(crate) fn priors(scorers: &[TopicWeights], exclusive: bool) -> Vec<f32> {
    probabilities(scorers.iter().map(|s| s.bias).collect(), exclusive)
}

/// Probabilities as a multi-label model acts on them: a topic counts as 0 unless the text
/// has evidence (a term the model knows) and its terms raise the topic above its prior (the
/// probability of a text without evidence, [`TopicModel::priors`]). A model trained without
/// rows of no topic has high priors, and thresholds chosen on such rows can fall below them;
/// this keeps it from assigning topics that nothing in a text speaks for. Thresholds are
/// chosen on these gated probabilities, so training measures what tagging does.
pub fn above_priors(probs: &[f32], priors: &[f32], evidence: bool) -> Vec<f32> {
    probs
        .iter()
        .zip(priors)
        .map(|(&p, &prior)| if evidence && p > prior { p } else { 0.0 })
        .collect()
}

impl TopicModel {
    /// Assemble a model and build its scoring index.
    #[allow(clippy::too_many_arguments)] // one argument per stored part, each documented above
    pub fn new(
        meta: Metadata,
        analyzer: AnalyzerConfig,
        routing: RoutingConfig,
        vectorizer: Vectorizer,
        topics: Vec<String>,
        exclusive: bool,
        scorers: Vec<TopicWeights>,
        thresholds: Vec<f32>,
    ) -> TopicModel {
        let mut m = TopicModel {
            meta,
            analyzer,
            routing,
            vectorizer,
            topics,
            exclusive,
            scorers,
            thresholds,
            inverted: Inverted::default(),
            autotune: None,
        };
        m.build_index();
        m
    }

    fn build_index(&mut self) {
        self.inverted = Inverted::new(&self.scorers, self.vectorizer.len());
    }

    /// What the model was trained on and how.
    pub fn meta(&self) -> &Metadata {
        &self.meta
    }

    /// Record the corpora the training file was built from (shown by `inspect`; scoring does
    /// not depend on them).
    pub fn set_sources(&mut self, sources: Vec<DataSource>) {
        self.meta.sources = sources;
    }

    /// Replace the thresholds by ones chosen on held-out data, recording where they came from
    /// (see [`crate::train::ThresholdRows`]). `held_out.topics` must follow the model's
    /// topics; topics without a chosen threshold keep theirs.
    pub fn set_held_out_thresholds(&mut self, held_out: HeldOutThresholds) -> Result<()> {
        if held_out.topics.len() != self.topics.len() {
            return Err(Error::Config(format!(
                "held-out thresholds for {} topics, the model has {}",
                held_out.topics.len(),
                self.topics.len()
            )));
        }
        for (th, t) in self.thresholds.iter_mut().zip(&held_out.topics) {
            if let Some(c) = t.chosen {
                if !(c > 0.0 && c <= 1.0) {
                    return Err(Error::Config(format!("threshold {c} is not in (0, 1]")));
                }
                *th = c;
            }
        }
        self.meta.held_out = Some(held_out);
        Ok(())
    }

    /// The autotune search that chose the training settings (`train --autotune`), if any.
    pub fn autotune(&self) -> Option<&Trace> {
        self.autotune.as_ref()
    }

    /// Record the autotune search that chose the training settings (shown by `inspect`;
    /// scoring does not depend on it).
    pub fn set_autotune(&mut self, trace: Option<Trace>) {
        self.autotune = trace;
    }

    /// The analyzer settings tagging must use.
    pub fn analyzer(&self) -> &AnalyzerConfig {
        &self.analyzer
    }

    /// The routing settings (languages the detector may answer, confidence floor).
    pub fn routing(&self) -> &RoutingConfig {
        &self.routing
    }

    /// The vocabulary and its IDF.
    pub fn vectorizer(&self) -> &Vectorizer {
        &self.vectorizer
    }

    /// The topic names, in the order of every per-topic list.
    pub fn topics(&self) -> &[String] {
        &self.topics
    }

    /// The index of the topic named `name`.
    pub fn topic_index(&self, name: &str) -> Option<usize> {
        self.topics.iter().position(|t| t == name)
    }

    /// Whether the model assigns exactly one topic per text.
    pub fn exclusive(&self) -> bool {
        self.exclusive
    }

    /// One linear scorer per topic.
    pub fn scorers(&self) -> &[TopicWeights] {
        &self.scorers
    }

    /// Per topic, the probability at or above which it is assigned (multi-label models).
    pub fn thresholds(&self) -> &[f32] {
        &self.thresholds
    }

    /// The columns that push `topic` up most (`positive`: largest weights first) and down
    /// most (`negative`: most negative first), at most `n` of each; equal weights in column
    /// order of the scorer's list, reversed for the negative side.
    pub fn strongest_terms(&self, topic: usize, n: usize) -> StrongestTerms {
        let s = &self.scorers[topic];
        let mut idx: Vec<usize> = (0..s.weights.len()).collect();
        idx.sort_by(|&x, &y| s.weights[y].total_cmp(&s.weights[x]).then(x.cmp(&y)));
        let term = |i: usize| TermWeight {
            column: s.indices[i],
            weight: s.weights[i],
        };
        StrongestTerms {
            positive: idx
                .iter()
                .copied()
                .filter(|&i| s.weights[i] > 0.0)
                .take(n)
                .map(term)
                .collect(),
            negative: idx
                .iter()
                .rev()
                .copied()
                .filter(|&i| s.weights[i] < 0.0)
                .take(n)
                .map(term)
                .collect(),
        }
    }

    /// The raw score (logit) of every topic for one vector.
    pub fn logits(&self, x: &SparseVec) -> Vec<f32> {
        self.inverted.logits(&self.scorers, x)
    }

    /// The probability of every topic. For exclusive models they sum to 1.
    pub fn probabilities(&self, x: &SparseVec) -> Vec<f32> {
        probabilities(self.logits(x), self.exclusive)
    }

    /// Each topic's probability for a text with no known term: what the bias alone gives.
    /// A multi-label model assigns a topic only above it ([`above_priors`]).
    pub fn priors(&self) -> Vec<f32> {
        priors(&self.scorers, self.exclusive)
    }

    /// The topics assigned for these probabilities: the argmax for exclusive models, otherwise
    /// every topic at or above its threshold (or `threshold`, when given), strongest first.
    pub fn decide(&self, probs: &[f32], threshold: Option<f32>) -> Vec<usize> {
        // Strongest first; equal probabilities in topic order.
        let stronger = |a: usize, b: usize| probs[b].total_cmp(&probs[a]).then(a.cmp(&b));
        if self.exclusive {
            return (0..probs.len())
                .min_by(|&a, &b| stronger(a, b))
                .into_iter()
                .collect();
        }
        // Filter, then sort the few survivors (filtering keeps their relative order). A cut of
        // 1 assigns nothing, though a probability may round to 1.0 in f32.
        let mut chosen: Vec<usize> = (0..probs.len())
            .filter(|&t| {
                let cut = threshold.unwrap_or(self.thresholds[t]);
                cut < 1.0 && probs[t] >= cut
            })
            .collect();
        chosen.sort_by(|&a, &b| stronger(a, b));
        chosen
    }

    /// Check that the parts agree (lengths, indices, finite numbers).
    fn validate(&self) -> std::result::Result<(), String> {
        self.vectorizer.validate()?;
        crate::settings::max_term_chars(self.analyzer.max_chars)?;
        crate::settings::topic_names(&self.topics)?;
        crate::settings::floor(self.routing.floor)?;
        let n = self.topics.len();
        if self.scorers.len() != n
            || self.thresholds.len() != n
            || self.meta.topic_counts.len() != n
        {
            return Err(format!(
                "{n} topics but {} scorers, {} thresholds and {} counts",
                self.scorers.len(),
                self.thresholds.len(),
                self.meta.topic_counts.len()
            ));
        }
        let vocab = self.vectorizer.len() as u32;
        for (t, s) in self.scorers.iter().enumerate() {
            if s.indices.len() != s.weights.len() {
                return Err(format!(
                    "topic '{}': {} indices but {} weights",
                    self.topics[t],
                    s.indices.len(),
                    s.weights.len()
                ));
            }
            if s.indices.iter().any(|&i| i >= vocab) {
                return Err(format!(
                    "topic '{}': a feature index is outside the vocabulary",
                    self.topics[t]
                ));
            }
            if !s.bias.is_finite() || s.weights.iter().any(|w| !w.is_finite()) {
                return Err(format!("topic '{}': non-finite weight", self.topics[t]));
            }
        }
        for (t, &p) in self.topics.iter().zip(&self.thresholds) {
            crate::settings::probability(&format!("the threshold of topic '{t}'"), p.into())?;
        }
        if let Some(trace) = &self.autotune {
            let n = trace.trials.len();
            if trace.chosen >= n || trace.runner_up.is_some_and(|r| r >= n) {
                return Err(format!(
                    "the autotune trace names a trial it does not hold ({n} trials)"
                ));
            }
        }
        Ok(())
    }

    /// Serialize to the file format described in the module docs.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let encode = |e: postcard::Error| Error::Config(format!("cannot encode model: {e}"));
        let mut payload = postcard::to_stdvec(self).map_err(encode)?;
        let classes = self.analyzer.word_classes.as_deref();
        let version = match (&self.autotune, classes) {
            (None, None) => OLDEST_FORMAT_VERSION,
            (Some(trace), None) => {
                payload.extend(postcard::to_stdvec(trace).map_err(encode)?);
                5
            }
            (autotune, Some(classes)) => {
                let extras = Extras {
                    autotune: autotune.clone(),
                    word_classes: Some(classes.lists().clone()),
                };
                payload.extend(postcard::to_stdvec(&extras).map_err(encode)?);
                FORMAT_VERSION
            }
        };
        let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&version.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
        out.extend_from_slice(&payload);
        Ok(out)
    }

    /// Decode a model from bytes; `path` only names the source in errors.
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<TopicModel> {
        let bad = |message: String| Error::Model {
            path: path.to_path_buf(),
            message,
        };
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(bad("not a topictag model file (wrong magic bytes)".into()));
        }
        if bytes.len() < HEADER_LEN {
            return Err(bad(format!("truncated header ({} bytes)", bytes.len())));
        }
        let version = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
        if version > FORMAT_VERSION + 100 {
            // No release is that far ahead: the header itself is damaged.
            return Err(bad(format!(
                "a damaged file: its header names format version {version}, which no topictag wrote"
            )));
        }
        if !(OLDEST_FORMAT_VERSION..=FORMAT_VERSION).contains(&version) {
            let who = if version > FORMAT_VERSION {
                "a newer"
            } else {
                "an older"
            };
            return Err(bad(format!(
                "format version {version} was written by {who} topictag; this build reads versions {OLDEST_FORMAT_VERSION} to {FORMAT_VERSION}"
            )));
        }
        let len = u64::from_le_bytes(bytes[12..20].try_into().expect("8 bytes"));
        let crc = u32::from_le_bytes(bytes[20..24].try_into().expect("4 bytes"));
        let payload = &bytes[HEADER_LEN..];
        if payload.len() as u64 != len {
            return Err(bad(format!(
                "truncated or padded: header announces {len} bytes of payload, file has {}",
                payload.len()
            )));
        }
        if crc32fast::hash(payload) != crc {
            return Err(bad("checksum mismatch: the file is corrupt".into()));
        }
        let decode = |e: postcard::Error| bad(format!("cannot decode: {e}"));
        let mut model: TopicModel = if version == OLDEST_FORMAT_VERSION {
            postcard::from_bytes(payload).map_err(decode)?
        } else {
            let (mut model, rest): (TopicModel, _) =
                postcard::take_from_bytes(payload).map_err(decode)?;
            if version == 5 {
                model.autotune = Some(postcard::from_bytes(rest).map_err(decode)?);
            } else {
                let extras: Extras = postcard::from_bytes(rest).map_err(decode)?;
                model.autotune = extras.autotune;
                if let Some(lists) = extras.word_classes {
                    let classes = crate::classes::WordClasses::from_lists(lists)
                        .map_err(|e| bad(format!("its word classes: {e}")))?;
                    model.analyzer.word_classes = Some(std::sync::Arc::new(classes));
                }
            }
            model
        };
        model.validate().map_err(bad)?;
        model.vectorizer.rebuild_index();
        model.build_index();
        Ok(model)
    }

    /// Read a model file.
    pub fn load(path: impl AsRef<Path>) -> Result<TopicModel> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        TopicModel::from_bytes(path, &bytes)
    }

    /// Write a model file atomically: a failed or killed write leaves any earlier file intact.
    pub fn save(&self, path: &Path) -> Result<()> {
        let bytes = self.to_bytes()?;
        crate::fsutil::write_atomic(path, |w| w.write_all(&bytes))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::features::FeatureConfig;

    pub(crate) fn tiny_model() -> TopicModel {
        let docs: Vec<Vec<String>> = [["gas", "pipe"], ["troop", "border"]]
            .iter()
            .map(|d| d.iter().map(|s| s.to_string()).collect())
            .collect();
        let vec = Vectorizer::fit(
            &docs,
            FeatureConfig {
                min_df: 1,
                max_df: 1.0,
                ..FeatureConfig::default()
            },
        );
        let col = |t| vec.column(t).unwrap();
        let scorers = vec![
            TopicWeights {
                bias: -1.0,
                indices: vec![col("gas"), col("pipe")],
                weights: vec![3.0, 2.0],
            },
            TopicWeights {
                bias: -1.0,
                indices: vec![col("troop")],
                weights: vec![4.0],
            },
        ];
        TopicModel::new(
            Metadata {
                tool_version: "test".into(),
                classifier: ClassifierKind::Logistic,
                data_file: "none".into(),
                trained_items: 2,
                languages: vec![("en".into(), 2)],
                topic_counts: vec![1, 1],
                cv: None,
                seed: 0,
                sources: Vec::new(),
                held_out: None,
            },
            AnalyzerConfig::default(),
            RoutingConfig {
                allow: vec!["en".into()],
                floor: 0.1,
            },
            vec,
            vec!["energy".into(), "security".into()],
            false,
            scorers,
            vec![0.5, 0.5],
        )
    }

    #[test]
    fn scores_with_sparse_weights_and_decides_by_threshold() {
        let m = tiny_model();
        let x = m.vectorizer.transform(&["gas".to_string()]);
        let p = m.probabilities(&x);
        assert!((p[0] - sigmoid(-1.0 + 3.0)).abs() < 1e-6);
        assert!((p[1] - sigmoid(-1.0)).abs() < 1e-6);
        assert_eq!(m.decide(&p, None), [0]);
        assert_eq!(m.decide(&p, Some(0.2)), [0, 1]);
    }

    /// Dense rows for features most topics weigh, sparse entries for the rest: the same
    /// probabilities, bit for bit, as summing each topic's weights feature by feature.
    #[test]
    fn dense_and_sparse_layouts_score_alike() {
        let words = ["a", "b", "c", "d", "e", "f", "g", "h"];
        let docs: Vec<Vec<String>> = words.iter().map(|w| vec![w.to_string()]).collect();
        let cfg = FeatureConfig {
            min_df: 1,
            max_df: 1.0,
            ..FeatureConfig::default()
        };
        let vec = Vectorizer::fit(&docs, cfg);
        let topics = 10;
        // Feature 0 in every topic, 1 in 6 of 10 (dense), 2 in 4 (sparse), 3 in all but
        // listed twice by topic 0 (kept sparse), the others in one topic each.
        let scorers: Vec<TopicWeights> = (0..topics)
            .map(|t| {
                let mut indices = vec![0];
                if t < 6 {
                    indices.push(1);
                }
                if t % 3 == 0 {
                    indices.push(2);
                }
                indices.push(3);
                if t == 0 {
                    indices.push(3);
                }
                indices.push(4 + t as u32 % 4);
                let weights = indices
                    .iter()
                    .enumerate()
                    .map(|(k, &i)| ((t * 7 + k * 3 + i as usize) % 11) as f32 * 0.37 - 1.7)
                    .collect();
                TopicWeights {
                    bias: t as f32 * 0.1 - 0.45,
                    indices,
                    weights,
                }
            })
            .collect();
        let mut m = tiny_model();
        m = TopicModel::new(
            m.meta.clone(),
            m.analyzer.clone(),
            m.routing.clone(),
            vec,
            (0..topics).map(|t| format!("t{t}")).collect(),
            false,
            scorers,
            vec![0.5; topics],
        );
        m.meta.topic_counts = vec![1; topics];
        assert!(
            m.inverted.rows.len() == 2 * topics,
            "features 0 and 1 are dense"
        );
        let reference = |x: &SparseVec| -> Vec<f32> {
            m.scorers
                .iter()
                .map(|s| {
                    let mut z = s.bias;
                    for (i, v) in x.iter() {
                        for (&j, &w) in s.indices.iter().zip(&s.weights) {
                            if j == i {
                                z += w * v;
                            }
                        }
                    }
                    sigmoid(z)
                })
                .collect()
        };
        for doc in ["a b c d", "a a b h", "c d e f g", "b", "h g", ""] {
            let terms: Vec<String> = doc.split_whitespace().map(str::to_owned).collect();
            let x = m.vectorizer.transform(&terms);
            let (got, want) = (m.probabilities(&x), reference(&x));
            let bits = |p: &[f32]| p.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&got), bits(&want), "{doc:?}");
        }
    }

    /// `decide` filters before sorting (and takes the argmax for exclusive models): the same
    /// topics in the same order as sorting everything first, ties and NaN included.
    #[test]
    fn decide_matches_sort_then_filter() {
        let reference = |m: &TopicModel, probs: &[f32], threshold: Option<f32>| {
            let mut order: Vec<usize> = (0..probs.len()).collect();
            order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]).then(a.cmp(&b)));
            if m.exclusive {
                order.truncate(1);
                return order;
            }
            // A cut of 1 assigns nothing, even a probability that is 1.0.
            order
                .into_iter()
                .filter(|&t| {
                    let cut = threshold.unwrap_or(m.thresholds[t]);
                    cut < 1.0 && probs[t] >= cut
                })
                .collect::<Vec<_>>()
        };
        let mut m = tiny_model();
        let cases: &[[f32; 2]] = &[
            [0.7, 0.7],
            [0.2, 0.9],
            [0.5, 0.5],
            [0.0, 0.0],
            [f32::NAN, 0.6],
            [0.6, f32::NAN],
            [-0.0, 0.0],
            [1.0, 0.99999994],
        ];
        for exclusive in [false, true] {
            m.exclusive = exclusive;
            for p in cases {
                for threshold in [None, Some(0.0), Some(0.5), Some(1.0)] {
                    assert_eq!(
                        m.decide(p, threshold),
                        reference(&m, p, threshold),
                        "{p:?} {threshold:?} exclusive {exclusive}"
                    );
                }
                if !exclusive {
                    assert!(m.decide(&[1.0, 1.0], Some(1.0)).is_empty());
                }
            }
        }
    }

    #[test]
    fn round_trips_and_rejects_damaged_files() {
        let m = tiny_model();
        let bytes = m.to_bytes().unwrap();
        let back = TopicModel::from_bytes(Path::new("m"), &bytes).unwrap();
        let x = m
            .vectorizer
            .transform(&["troop".to_string(), "pipe".to_string()]);
        assert_eq!(m.probabilities(&x), back.probabilities(&x));

        let err = |b: &[u8]| {
            TopicModel::from_bytes(Path::new("m.model"), b)
                .unwrap_err()
                .to_string()
        };
        assert!(err(b"PK\x03\x04zip").contains("wrong magic"));
        assert!(err(&bytes[..bytes.len() - 3]).contains("truncated"));
        assert!(err(&bytes[..10]).contains("truncated header"));
        let mut newer = bytes.clone();
        newer[8] = 9;
        assert!(err(&newer).contains("format version 9 was written by a newer topictag"));
        let mut garbage = newer.clone();
        garbage[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(
            err(&garbage).contains("a damaged file: its header names format version 4294967295")
        );
        // Version 3 had no `held_out` in its metadata: refused by name, not misread.
        let mut older = bytes.clone();
        older[8] = 3;
        assert!(err(&older).contains(
            "format version 3 was written by an older topictag; this build reads versions 4 to 6"
        ));
        let mut corrupt = bytes.clone();
        let last = corrupt.len() - 1;
        corrupt[last] ^= 0xff;
        assert!(err(&corrupt).contains("checksum mismatch"));
        // A valid checksum over a payload that claims huge lengths must fail cleanly.
        let mut huge = bytes[..HEADER_LEN].to_vec();
        let payload = [0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3];
        huge[12..20].copy_from_slice(&(payload.len() as u64).to_le_bytes());
        huge[20..24].copy_from_slice(&crc32fast::hash(&payload).to_le_bytes());
        huge.extend_from_slice(&payload);
        assert!(err(&huge).contains("cannot decode"));
    }

    /// A valid autotune trace of two trials.
    fn trace_ok() -> Trace {
        use crate::train::autotune::{Settings, Trial, TrialEnd};
        use crate::train::{Metric, TrainConfig};
        let trial = |alpha: f64, score: f64| Trial {
            settings: Settings {
                alpha,
                ..Settings::of(&TrainConfig::default())
            },
            folds: 4,
            score,
            seconds: 0.25,
            end: TrialEnd::Complete,
        };
        Trace {
            metric: Metric::MicroF1,
            folds: 4,
            budget_seconds: 120.0,
            seconds: 3.5,
            budget_stop: false,
            trials: vec![trial(0.1, 0.7), trial(0.01, 0.8)],
            chosen: 1,
            runner_up: Some(0),
        }
    }

    /// A model without an autotune trace is written as version 4, as before version 5 existed
    /// (so retraining without `--autotune` gives the same bytes); one with a trace as version 5,
    /// which keeps it; one with word classes as version 6; all load, and a trace naming a trial
    /// it lacks is refused.
    #[test]
    fn autotune_traces_are_kept_in_version_5_and_version_4_still_loads() {
        let m = tiny_model();
        let v4 = m.to_bytes().unwrap();
        assert_eq!(v4[8..12], 4u32.to_le_bytes());
        let back = TopicModel::from_bytes(Path::new("m"), &v4).unwrap();
        assert_eq!(back.autotune(), None);
        let trace = trace_ok();
        let mut with = m.clone();
        with.set_autotune(Some(trace.clone()));
        let v5 = with.to_bytes().unwrap();
        assert_eq!(v5[8..12], 5u32.to_le_bytes());
        assert_eq!(
            v5[HEADER_LEN..HEADER_LEN + v4.len() - HEADER_LEN],
            v4[HEADER_LEN..]
        );
        let back = TopicModel::from_bytes(Path::new("m"), &v5).unwrap();
        assert_eq!(back.autotune(), Some(&trace));
        let x = m.vectorizer.transform(&["gas".to_string()]);
        assert_eq!(back.probabilities(&x), m.probabilities(&x));
        let mut bad = trace;
        bad.chosen = 2;
        with.set_autotune(Some(bad));
        let e = TopicModel::from_bytes(Path::new("m"), &with.to_bytes().unwrap())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("names a trial it does not hold (2 trials)"),
            "{e}"
        );

        // Word classes: version 6, the payload unchanged, the lists (and a trace) after it.
        let classes = crate::classes::WordClasses::parse("[energy]\ngas | oil\n").unwrap();
        let mut with = m.clone();
        with.analyzer.word_classes = Some(std::sync::Arc::new(classes));
        with.set_autotune(Some(trace_ok()));
        let v6 = with.to_bytes().unwrap();
        assert_eq!(v6[8..12], 6u32.to_le_bytes());
        assert_eq!(v6[HEADER_LEN..v4.len()], v4[HEADER_LEN..]);
        let back = TopicModel::from_bytes(Path::new("m"), &v6).unwrap();
        assert_eq!(back.analyzer, with.analyzer);
        assert_eq!(back.autotune(), with.autotune());
        // Lists that cannot be matched are refused by name.
        let mut broken = with.clone();
        broken.analyzer.word_classes = None;
        broken.set_autotune(None);
        let mut bytes = broken.to_bytes().unwrap();
        let extras = postcard::to_stdvec(&Extras {
            autotune: None,
            word_classes: Some(crate::classes::Lists {
                classes: vec![("energy".into(), vec!["...".into()])],
            }),
        })
        .unwrap();
        bytes.extend(&extras);
        bytes[8..12].copy_from_slice(&6u32.to_le_bytes());
        let len = (bytes.len() - HEADER_LEN) as u64;
        bytes[12..20].copy_from_slice(&len.to_le_bytes());
        let crc = crc32fast::hash(&bytes[HEADER_LEN..]);
        bytes[20..24].copy_from_slice(&crc.to_le_bytes());
        let e = TopicModel::from_bytes(Path::new("m"), &bytes)
            .unwrap_err()
            .to_string();
        assert!(e.contains("its word classes: class [energy]"), "{e}");
    }

    /// Found by a probe for the model_loader fuzz target: a file whose analyzer settings claim
    /// a huge term length loaded, then overflowed `max_chars * 4` while tagging (a panic in
    /// debug builds).
    #[test]
    fn rejects_absurd_analyzer_settings() {
        let mut m = tiny_model();
        m.analyzer.max_chars = usize::MAX;
        let bytes = m.to_bytes().unwrap();
        let e = TopicModel::from_bytes(Path::new("m.model"), &bytes)
            .unwrap_err()
            .to_string();
        assert_eq!(e, format!("m.model: not a usable model: analyzer keeps terms of up to {} characters (at most 1024)", usize::MAX));
        m.analyzer.max_chars = MAX_TERM_CHARS;
        let bytes = m.to_bytes().unwrap();
        let back = TopicModel::from_bytes(Path::new("m.model"), &bytes).unwrap();
        let terms = crate::text::Analyzer::new(back.analyzer.clone()).analyze("gas", None);
        assert_eq!(terms, ["gas"]);
    }

    /// Issue #18 (10): the loader accepted a confidence floor of 5.0 and two topics of one
    /// name (whose JSON Lines scores then collapsed into one key); it checks them with the
    /// same rules as the command line (`crate::settings`).
    #[test]
    fn rejects_settings_the_command_line_refuses() {
        let load = |m: &TopicModel| {
            TopicModel::from_bytes(Path::new("m.model"), &m.to_bytes().unwrap())
                .map(|_| ())
                .map_err(|e| e.to_string())
        };
        let mut m = tiny_model();
        m.routing.floor = 5.0;
        assert_eq!(
            load(&m),
            Err("m.model: not a usable model: the confidence floor must be a number from 0 to 1 (got 5)".into())
        );
        let mut m = tiny_model();
        m.topics = vec!["energy".into(), "energy".into()];
        assert_eq!(
            load(&m),
            Err("m.model: not a usable model: topic 'energy' appears twice".into())
        );
        let mut m = tiny_model();
        m.thresholds[1] = f32::NAN;
        assert!(load(&m)
            .unwrap_err()
            .contains("threshold of topic 'security'"));
        assert_eq!(load(&tiny_model()), Ok(()));
    }
}
