//! The whole chain on one text: text in, route + probability per topic + assigned topics out.
//!
//! Analysis and vectorizing are fused through a per-thread memo: a word (as segmentation gives
//! it, before lowercasing) maps to the vocabulary column of its term, or to "no column" (a stop
//! word, a dropped token, or a term outside the vocabulary). The analyzer's result depends only
//! on the word, the language pipeline and the model's settings, so the memo is exact; repeated
//! words skip lowercasing, stop words, stemming and the vocabulary lookup. Each thread keeps one
//! memo for the last tagger it ran (cleared when another tagger runs on that thread), in two
//! generations of at most [`MEMO_WORDS`] words each (about 5 MB each): when the young one is
//! full it becomes the old one and the previous old one is dropped; a word found in the old
//! generation moves to the young one, so frequent words survive however many rare words pass.
//! Models with bigrams take the unfused path.

use crate::features::SparseVec;
use crate::lang::{Detector, Lang, Route, Source};
use crate::memo::WordKey;
use crate::model::TopicModel;
use crate::text::Analyzer;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// Most words in one generation of a thread's memo.
pub const MEMO_WORDS: usize = 1 << 16;
/// Identifies a tagger to the per-thread memos.
static NEXT_TAGGER_ID: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// Word → column of its term (`None`: no column), for one language pipeline.
type WordMap = HashMap<WordKey, Option<u32>, foldhash::fast::RandomState>;

/// One thread's memo and buffers for the tagger `owner`.
#[derive(Default)]
struct Memo {
    owner: Option<u64>,
    /// Per pipeline (index 0: language-neutral; `1 + lang.index()`: `lang`'s), the words seen
    /// since the last rotation, and those of the generation before.
    young: Vec<WordMap>,
    old: Vec<WordMap>,
    young_words: usize,
    term: String,
    cols: Vec<u32>,
}

impl Memo {
    fn clear(&mut self) {
        self.young.iter_mut().for_each(HashMap::clear);
        self.old.iter_mut().for_each(HashMap::clear);
        self.young_words = 0;
    }

    /// Make room in the young generation: it becomes the old one (maps keep their capacity).
    fn rotate(&mut self) {
        std::mem::swap(&mut self.young, &mut self.old);
        self.young.iter_mut().for_each(HashMap::clear);
        self.young_words = 0;
    }

    /// The TF-IDF vector of `text` analyzed with `lang`'s pipeline, as
    /// `vectorizer.transform_terms(analyzer.terms(text, lang))` gives it (without bigrams).
    fn vectorize(&mut self, tagger: &Tagger, text: &str, lang: Option<Lang>) -> SparseVec {
        if self.owner != Some(tagger.id) {
            self.clear();
            self.owner = Some(tagger.id);
        }
        if self.young.is_empty() {
            self.young
                .resize_with(Lang::ALL.len() + 1, WordMap::default);
            self.old.resize_with(Lang::ALL.len() + 1, WordMap::default);
        }
        let vectorizer = &tagger.model.vectorizer;
        let slot = lang.map_or(0, |l| l.index() + 1);
        self.cols.clear();
        for word in crate::text::words(text) {
            let analyze = |term: &mut String| {
                if tagger.analyzer.term_into(word, lang, term) {
                    vectorizer.column(term)
                } else {
                    None
                }
            };
            let col = match WordKey::new(word) {
                None => analyze(&mut self.term),
                Some(key) => match self.young[slot].get(&key) {
                    Some(&col) => col,
                    None => {
                        let col = match self.old[slot].remove(&key) {
                            Some(col) => col,
                            None => analyze(&mut self.term),
                        };
                        if self.young_words >= MEMO_WORDS {
                            self.rotate();
                        }
                        self.young[slot].insert(key, col);
                        self.young_words += 1;
                        col
                    }
                },
            };
            if let Some(c) = col {
                self.cols.push(c);
            }
        }
        vectorizer.from_columns(&mut self.cols)
    }
}

/// One tagged text.
#[derive(Clone, Debug, PartialEq)]
pub struct Tagged {
    /// The language pipeline used and the detector's confidence.
    pub route: Route,
    /// Probability of every topic, in the model's topic order.
    pub probs: Vec<f32>,
    /// Assigned topics (indices into the model's topics), strongest first.
    pub topics: Vec<usize>,
}

/// A model with the analyzer and detector its settings describe.
#[derive(Debug)]
pub struct Tagger {
    /// Unique per tagger: which thread memos are this tagger's.
    id: u64,
    model: TopicModel,
    analyzer: Analyzer,
    detector: Detector,
    threshold: Option<f32>,
}

/// The detector a model's routing settings describe.
pub fn detector_for(model: &TopicModel) -> Detector {
    let allow = model
        .routing
        .allow
        .iter()
        .filter_map(|c| Lang::from_code(c))
        .collect();
    Detector::new(allow, model.routing.floor)
}

impl Tagger {
    /// A tagger that runs exactly the analyzer and routing the model was trained with.
    pub fn new(model: TopicModel) -> Tagger {
        Tagger {
            id: NEXT_TAGGER_ID.fetch_add(1, Ordering::Relaxed),
            analyzer: Analyzer::new(model.analyzer.clone()),
            detector: detector_for(&model),
            model,
            threshold: None,
        }
    }

    /// Use one threshold for every topic instead of the tuned ones.
    pub fn with_threshold(mut self, threshold: Option<f32>) -> Tagger {
        self.threshold = threshold;
        self
    }

    /// The model.
    pub fn model(&self) -> &TopicModel {
        &self.model
    }

    /// The detector.
    pub fn detector(&self) -> &Detector {
        &self.detector
    }

    /// Route, analyze, vectorize and score one text. `given` overrides detection; `hint` is
    /// the language an undetermined short text inherits (the page's or batch's).
    pub fn tag(&self, text: &str, given: Option<Lang>, hint: Option<Lang>) -> Tagged {
        let route = self.detector.route(text, given, hint);
        self.tag_routed(text, route)
    }

    /// Tag a batch of texts that belong together (one page, or one chunk of a file): texts
    /// whose language is undetermined and short inherit the batch's dominant detected language.
    pub fn tag_batch(&self, texts: &[(&str, Option<Lang>)]) -> Vec<Tagged> {
        let routes: Vec<Route> = texts
            .iter()
            .map(|(t, given)| self.detector.route(t, *given, None))
            .collect();
        let hint = dominant(&routes);
        texts
            .iter()
            .zip(routes)
            .map(|(&(text, given), route)| {
                let route = if route.undetermined() && hint.is_some() {
                    self.detector.route(text, given, hint)
                } else {
                    route
                };
                self.tag_routed(text, route)
            })
            .collect()
    }

    /// The TF-IDF vector of `text` analyzed with `lang`'s pipeline: through this thread's memo,
    /// or (bigram models, or a thread being torn down) straight through the analyzer.
    pub fn vectorize(&self, text: &str, lang: Option<Lang>) -> SparseVec {
        let vectorizer = &self.model.vectorizer;
        if !vectorizer.config().bigrams {
            let fused = MEMO.try_with(|m| {
                m.try_borrow_mut()
                    .ok()
                    .map(|mut m| m.vectorize(self, text, lang))
            });
            if let Ok(Some(mut x)) = fused {
                vectorizer.append_char_grams(text, &mut x);
                return x;
            }
        }
        let mut x = vectorizer.transform_terms(self.analyzer.terms(text, lang));
        vectorizer.append_char_grams(text, &mut x);
        x
    }

    /// Analyze, vectorize and score a text whose route is already decided.
    pub fn tag_routed(&self, text: &str, route: Route) -> Tagged {
        let x = self.vectorize(text, route.lang);
        let probs = self.model.probabilities(&x);
        let topics = self.model.decide(&probs, self.threshold);
        Tagged {
            route,
            probs,
            topics,
        }
    }
}

/// Append `p` with four decimals, exactly as `write!(out, "{p:.4}")` does (the text of a
/// probability in `topictag tag` output), without `core::fmt` when `0 <= p <= 1`: there
/// `p * 10^4` is exact in `f64` (24 + 14 bits), so rounding it half to even, as `core::fmt`
/// rounds the exact decimal value, gives the same digits.
pub fn push_probability(out: &mut String, p: f32) {
    if !(p.is_sign_positive() && p <= 1.0) {
        use std::fmt::Write;
        write!(out, "{p:.4}").expect("writing to a String");
        return;
    }
    let v = (f64::from(p) * 10_000.0).round_ties_even() as u32;
    let digit = |d: u32| char::from(b'0' + d as u8);
    out.push(digit(v / 10_000));
    out.push('.');
    out.push(digit(v / 1000 % 10));
    out.push(digit(v / 100 % 10));
    out.push(digit(v / 10 % 10));
    out.push(digit(v % 10));
}

/// The most common detected (or given) language among `routes`, if any.
pub fn dominant(routes: &[Route]) -> Option<Lang> {
    let mut counts = [0usize; Lang::ALL.len()];
    for r in routes {
        if let (Some(l), Source::Detected | Source::Given) = (r.lang, r.source) {
            counts[l.index()] += 1;
        }
    }
    let (best, n) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))?;
    (*n > 0).then_some(Lang::ALL[best])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> TopicModel {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("models")
            .join("foreign-policy.model");
        TopicModel::load(&path).expect("load the shipped model")
    }

    /// The memo gives exactly the vectors of the unfused chain (analyzer terms, then the
    /// vectorizer), cold and warm, for every pipeline, with two taggers taking turns on one
    /// thread.
    #[test]
    fn memo_gives_the_unfused_vectors() {
        let texts = [
            "Russia's foreign minister met the EU's envoy; the ministers' talks on gas pipelines",
            "Las negociaciones energéticas de ESPAÑA con Rusia: energía, gas y niños",
            "l'Europe et l\u{2019}énergie: le ministre des Affaires étrangères à Moscou",
            "Министр иностранных дел России Сергей Лавров встретился в Москве",
            "中国外交部 发言人 表示 2024年; Kazakhstan-Kyrgyzstan border, 15 troops",
            "",
        ];
        let a = Tagger::new(shipped());
        let b = Tagger::new(crate::model::tests::tiny_model());
        let langs: Vec<Option<Lang>> = std::iter::once(None)
            .chain(Lang::ALL.iter().copied().map(Some))
            .collect();
        for _round in 0..2 {
            for t in [&a, &b] {
                for &lang in &langs {
                    for text in texts {
                        let unfused = t
                            .model
                            .vectorizer
                            .transform_terms(t.analyzer.terms(text, lang));
                        assert_eq!(t.vectorize(text, lang), unfused, "{lang:?} {text:?}");
                    }
                }
            }
        }
        let x = a.vectorize(texts[0], Some(Lang::English));
        assert!(x.nnz() > 3, "the shipped model knows these words");
    }

    /// A model with a character n-gram block: tagging (memo on and off) gives the rows training
    /// saw, words then grams, and the grams carry what the words miss.
    #[test]
    fn char_gram_models_tag_with_the_training_rows() {
        use crate::dataset::LabelledItem;
        use crate::features::{CharGramConfig, FeatureConfig};
        use crate::train::{train, TrainConfig};
        let item = |text: &str, label: &str| LabelledItem {
            line: 0,
            text: text.into(),
            lang: Some(Lang::English),
            labels: vec![label.into()],
        };
        let items = [
            item("Gas pipeline deal signed", "energy"),
            item("Pipelines and gasfields expand", "energy"),
            item("Border troops on alert", "security"),
            item("Troops mass near the border", "security"),
        ];
        let cfg = TrainConfig {
            features: FeatureConfig {
                min_df: 1,
                max_df: 1.0,
                char_grams: Some(CharGramConfig::default()),
                ..FeatureConfig::default()
            },
            folds: 0,
            ..TrainConfig::default()
        };
        let (model, _) = train(&items, "inline", &cfg).expect("train");
        let t = Tagger::new(model);
        let en = Some(Lang::English);
        for text in ["Gas pipeline", "troopships at the borderline", "", "???"] {
            let terms = t.analyzer.analyze(text, en);
            let row = t.model.vectorizer.transform_with_text(&terms, text);
            assert_eq!(t.vectorize(text, en), row, "{text:?}");
            // The unfused path (the memo busy) gives the same row.
            let unfused = MEMO.with(|m| {
                let _busy = m.borrow_mut();
                t.vectorize(text, en)
            });
            assert_eq!(unfused, row, "{text:?}");
        }
        // No word of this text is in the vocabulary; its grams still point to security.
        let x = t.vectorize("troopships at the borderline", en);
        assert!(x
            .indices
            .iter()
            .all(|&c| c as usize >= t.model.vectorizer.word_columns()));
        let tagged = t.tag("troopships at the borderline", en, None);
        assert_eq!(t.model.topics[tagged.topics[0]], "security");
    }

    /// More distinct words than a generation holds: the memo rotates mid-text and still gives
    /// the unfused vectors, for the text itself and for words left in the old generation.
    #[test]
    fn memo_rotates_without_changing_vectors() {
        let t = Tagger::new(shipped());
        let en = Some(Lang::English);
        let known = "minister sanctions pipeline border treaty Russia's talks";
        let mut text = String::from(known);
        for i in 0..MEMO_WORDS + MEMO_WORDS / 2 {
            text.push_str(&format!(" w{i:x} "));
            if i % 1000 == 0 {
                text.push_str(known);
            }
        }
        let unfused = |s: &str| t.model.vectorizer.transform_terms(t.analyzer.terms(s, en));
        for _ in 0..2 {
            assert_eq!(t.vectorize(&text, en), unfused(&text));
            assert_eq!(t.vectorize(known, en), unfused(known));
            assert_eq!(t.vectorize("w0 w1 w10", en), unfused("w0 w1 w10"));
        }
    }

    /// Checked over every `f32` from 0 to 1 once (1,065,353,217 values, no difference); here a
    /// stride through them, the ties (multiples of 1/32) and the values outside 0..=1.
    #[test]
    fn probabilities_print_as_core_fmt_does() {
        let check = |p: f32| {
            let mut fast = String::new();
            push_probability(&mut fast, p);
            assert_eq!(fast, format!("{p:.4}"), "bits {:#x}", p.to_bits());
        };
        let one = 1.0f32.to_bits();
        (0..=one)
            .step_by(4093)
            .for_each(|b| check(f32::from_bits(b)));
        (0..=32).for_each(|k| check(k as f32 / 32.0));
        [
            0.000_05,
            0.999_95,
            0.5,
            1.0,
            0.0,
            -0.0,
            -0.25,
            1.000_000_1,
            2.5,
            f32::NAN,
            f32::INFINITY,
        ]
        .into_iter()
        .for_each(check);
    }
}
