//! The whole chain on one text: text in, route + probability per topic + assigned topics out.
//!
//! Analysis and vectorizing are fused through word memos: a word (as segmentation gives it,
//! before lowercasing) maps to the vocabulary column of its term, or to "no column" (a stop
//! word, a dropped token, or a term outside the vocabulary). The analyzer's result depends only
//! on the word, the language pipeline and the model's settings, so the memo is exact; repeated
//! words skip lowercasing, stop words, stemming and the vocabulary lookup. Each [`Tagger`] owns
//! one memo per thread that runs it (freed with the tagger), so taggers of different models
//! never empty each other's: per language pipeline an open-addressing table
//! (`memo::WordTable`) of at most [`MEMO_WORDS`] words (8 MiB at that size; it starts at
//! 128 KiB and doubles), emptied when full. A text's words are packed and their slots
//! prefetched in one pass, then looked up in a second, so the cache misses of a text's lookups
//! overlap instead of following one another.
//! With word classes ([`crate::classes`]) a memo value also holds the word's
//! [`WordMarks`]: whether a form of the lists may start in it. The text's mentions are then
//! found from the marked words alone ([`WordClasses::terms_in_words`]: the automaton walked
//! from a few places instead of a scan of the whole text), exactly as training finds them.
//! Models with bigrams take the unfused path.

use crate::classes::{WordClasses, WordMarks};
use crate::features::SparseVec;
use crate::lang::{Detector, Lang, Route, Source};
use crate::memo::{random_seed, PackedWord, WordTable};
use crate::model::TopicModel;
use crate::text::Analyzer;
use std::cell::RefCell;
use std::sync::Arc;
use thread_local::ThreadLocal;

/// Most words a thread's memo holds for one language pipeline (its table then has
/// `2 * MEMO_WORDS` slots of 32 bytes: 8 MiB); when full it is emptied and fills again.
pub const MEMO_WORDS: usize = 1 << MEMO_BITS_WORDS;
const MEMO_BITS_WORDS: u32 = 17;
/// A memo value: the word's column (or [`NO_COLUMN`]) in the low [`COLUMN_BITS`] bits, the
/// word's [`WordMarks`] for the word classes above them.
const COLUMN_BITS: u32 = 32 - WordMarks::BITS;
const COLUMN: u32 = (1 << COLUMN_BITS) - 1;
/// Marks "no column" in the memo's tables (columns are far fewer: see [`Tagger::new`]).
const NO_COLUMN: u32 = COLUMN;

/// One thread's memo and buffers for one tagger.
#[derive(Default)]
struct Memo {
    /// Per pipeline (index 0: language-neutral; `1 + lang.index()`: `lang`'s), word → memo
    /// value (column of its term or [`NO_COLUMN`], and its marks); made on first use.
    tables: Vec<Option<WordTable>>,
    /// The current text's memoizable words, packed, before they are looked up.
    packed: Vec<(PackedWord, u32)>,
    term: String,
    found: Found,
}

/// What the memo gives for the current text's words.
#[derive(Default)]
struct Found {
    /// The columns of their terms.
    cols: Vec<u32>,
    /// With word classes: the words with marks (byte ranges), for
    /// [`WordClasses::terms_in_words`].
    marked: Vec<(usize, usize, WordMarks)>,
}

impl Found {
    /// Takes in the memo value of the word `text[start..end]`: its column, and with word
    /// classes its marks in the text.
    #[inline]
    fn add(&mut self, value: u32, classes: bool, text: &str, (start, end): (usize, usize)) {
        if value & COLUMN != NO_COLUMN {
            self.cols.push(value & COLUMN);
        }
        if classes {
            let marks = WordMarks::from_bits((value >> COLUMN_BITS) as u8).in_text(text, end);
            if !marks.is_empty() {
                self.marked.push((start, end, marks));
            }
        }
    }
}

impl Memo {
    /// The TF-IDF vector of `text` analyzed with `lang`'s pipeline, as
    /// `vectorizer.transform_terms(analyzer.terms(text, lang))` gives it (without bigrams).
    ///
    /// Two passes: the first finds the words and packs them (and analyzes the few too long to
    /// memoize), the second looks them up. Lookups of successive words do not depend on each
    /// other, so the processor overlaps their cache misses. The word classes' mentions are
    /// then found from the marked words ([`WordClasses::terms_in_words`]).
    fn vectorize(&mut self, tagger: &Tagger, text: &str, lang: Option<Lang>) -> SparseVec {
        if self.tables.is_empty() {
            self.tables.resize_with(Lang::ALL.len() + 1, || None);
        }
        let vectorizer = &tagger.model.vectorizer;
        let slot = lang.map_or(0, |l| l.index() + 1);
        let table = self.tables[slot]
            .get_or_insert_with(|| WordTable::new(MEMO_BITS_WORDS + 1, random_seed()));
        let seed = table.seed();
        let classes = tagger.analyzer.config().word_classes.as_deref();
        let analyze = |word: &str, term: &mut String| memo_value(tagger, classes, word, lang, term);
        let found = &mut self.found;
        found.cols.clear();
        found.marked.clear();
        self.packed.clear();
        let bytes = text.as_bytes();
        for (start, word) in crate::segment::word_indices(text) {
            match PackedWord::new(bytes, start, word.len(), seed) {
                Some(p) => {
                    table.prefetch(&p);
                    self.packed.push((p, start as u32));
                }
                None => {
                    let value = analyze(word, &mut self.term);
                    found.add(value, classes.is_some(), text, (start, start + word.len()));
                }
            }
        }
        for &(p, start) in &self.packed {
            let word = (start as usize, start as usize + p.len());
            let value = match table.get(&p) {
                Some(value) => value,
                None => {
                    let value = analyze(&text[word.0..word.1], &mut self.term);
                    table.insert(&p, value);
                    value
                }
            };
            found.add(value, classes.is_some(), text, word);
        }
        if let Some(classes) = classes {
            // Words too long to memoize were taken in first.
            if !found.marked.is_sorted() {
                found.marked.sort_unstable();
            }
            let terms = classes.terms_in_words(text, &found.marked);
            found
                .cols
                .extend(terms.filter_map(|t| vectorizer.column(t)));
        }
        vectorizer.from_columns(&mut found.cols)
    }
}

/// What the memo keeps for `word`: the column of its term or [`NO_COLUMN`], and with word
/// classes the word's [`WordMarks`].
fn memo_value(
    tagger: &Tagger,
    classes: Option<&WordClasses>,
    word: &str,
    lang: Option<Lang>,
    term: &mut String,
) -> u32 {
    let column = match tagger.analyzer.term_into(word, lang, term) {
        true => tagger.model.vectorizer.column(term).unwrap_or(NO_COLUMN),
        false => NO_COLUMN,
    };
    let marks = classes.map_or(WordMarks::default(), |c| c.marks(word));
    column | u32::from(marks.bits()) << COLUMN_BITS
}

/// Whether the texts of one [`Tagger::tag_batch`] call lend each other a language.
///
/// A short text the detector cannot decide (a name, a number, a two-word title) can take the
/// language of the texts it came with. That makes its result depend on its neighbours: off by
/// default, so a text gets the same result alone, in any batch and in any partition.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BatchHint {
    /// Every text is routed on its own.
    #[default]
    Off,
    /// Undetermined short texts inherit the batch's dominant detected (or given) language.
    Dominant,
}

/// One tagged text: its route, a probability per topic and the assigned topics, which
/// [`Tagged::topic_names`] gives by name.
#[derive(Clone, Debug, PartialEq)]
pub struct Tagged {
    /// The language pipeline used and the detector's confidence.
    pub route: Route,
    /// Probability of every topic, in the model's topic order.
    pub probs: Vec<f32>,
    /// Assigned topics (indices into the model's topics), strongest first.
    pub topics: Vec<usize>,
    /// The model's topic names (shared by every result of a tagger).
    names: Arc<[String]>,
    /// Whether the text holds a letter and a term the model knows.
    evidence: bool,
}

impl Tagged {
    /// The assigned topics' names, strongest first.
    pub fn topic_names(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.topics.iter().map(|&t| self.names[t].as_str())
    }

    /// Every topic's name with its probability, in the model's topic order.
    pub fn scores(&self) -> impl ExactSizeIterator<Item = (&str, f32)> + '_ {
        self.names
            .iter()
            .map(String::as_str)
            .zip(self.probs.iter().copied())
    }

    /// Whether the text gave the model anything to go on: a letter, and a term the model
    /// knows. Without evidence no topic is assigned, and [`Tagged::probs`] are the priors
    /// (or, for a text of digits and punctuation only, what its character n-grams give).
    pub fn has_evidence(&self) -> bool {
        self.evidence
    }

    /// The probability of the topic named `name`, if the model has it.
    pub fn score(&self, name: &str) -> Option<f32> {
        self.scores().find(|&(n, _)| n == name).map(|(_, p)| p)
    }
}

/// A model with the analyzer and detector its settings describe, and the word memos of the
/// threads that run it.
pub struct Tagger {
    model: TopicModel,
    /// The model's topic names, shared with every [`Tagged`].
    names: Arc<[String]>,
    analyzer: Analyzer,
    detector: Detector,
    threshold: Option<f32>,
    /// Each topic's probability for a text without evidence (the bias alone): a multi-label
    /// model assigns a topic only above it, when the text's own terms speak for the topic.
    priors: Vec<f32>,
    /// This tagger's memo on each thread that has run it.
    memos: ThreadLocal<RefCell<Memo>>,
    /// Whether texts go through the memo: not with bigrams, nor with more word columns than
    /// a memo value holds ([`COLUMN_BITS`]; far more than any model read so far).
    memoized: bool,
}

impl std::fmt::Debug for Tagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tagger")
            .field("model", &self.model)
            .field("analyzer", &self.analyzer)
            .field("detector", &self.detector)
            .field("threshold", &self.threshold)
            .finish_non_exhaustive()
    }
}

/// The detector a model's routing settings describe.
pub fn detector_for(model: &TopicModel) -> Detector {
    let allow = model
        .routing
        .allow
        .iter()
        .filter_map(|c| Lang::from_code(c))
        .collect();
    // An undetermined text is guessed among the languages the model has training items in.
    let trained: Vec<Lang> = model
        .meta
        .languages
        .iter()
        .filter(|(_, n)| *n > 0)
        .filter_map(|(c, _)| Lang::from_code(c))
        .collect();
    Detector::new(allow, model.routing.floor).guessing_among(&trained)
}

impl Tagger {
    /// A tagger that runs exactly the analyzer and routing the model was trained with.
    pub fn new(model: TopicModel) -> Tagger {
        // The memo keeps a word's marks for the word classes above its column.
        let memoized = !model.vectorizer.config().bigrams
            && model.vectorizer.word_columns() < NO_COLUMN as usize;
        Tagger {
            memoized,
            names: model.topics.iter().cloned().collect(),
            analyzer: Analyzer::new(model.analyzer.clone()),
            detector: detector_for(&model),
            priors: model.priors(),
            model,
            threshold: None,
            memos: ThreadLocal::new(),
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

    /// The model back, when tagging is done.
    pub fn into_model(self) -> TopicModel {
        self.model
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

    /// Route a text on its own (no hint): the first pass of [`Tagger::tag_batch`], for callers
    /// that gather a hint over more texts than one call holds (the command line's per-file hint).
    pub fn route(&self, text: &str, given: Option<Lang>) -> Route {
        self.detector.route(text, given, None)
    }

    /// Tag a text whose hint-free `route` is known ([`Tagger::route`]): when it is
    /// undetermined and `hint` is set, it is routed again with the hint (a short text then
    /// inherits it); otherwise `route` stands.
    pub fn tag_hinted(
        &self,
        text: &str,
        given: Option<Lang>,
        route: Route,
        hint: Option<Lang>,
    ) -> Tagged {
        let route = match hint {
            Some(_) if route.undetermined() => self.detector.route(text, given, hint),
            _ => route,
        };
        self.tag_routed(text, route)
    }

    /// Tag a batch of texts (in parallel, in order). `hint` says whether the batch's texts
    /// lend each other a language:
    ///
    /// - [`BatchHint::Off`]: every text is tagged as [`Tagger::tag`] tags it alone, so results
    ///   never depend on how texts are split into batches (Python, Spark partitions);
    /// - [`BatchHint::Dominant`]: undetermined short texts inherit the batch's dominant
    ///   detected (or given) language, so the batch should be texts that belong together
    ///   (one page, one file).
    ///
    /// ```
    /// # let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models/foreign-policy.model");
    /// use topictag::{lang::Lang, model::TopicModel, tagger::{BatchHint, Tagger}};
    /// let tagger = Tagger::new(TopicModel::load(&path)?);
    /// let page = [
    ///     ("Gas pipeline talks resume between the two governments", None),
    ///     ("The ministers signed a new border security agreement", None),
    ///     ("2024", None),
    /// ];
    /// let alone = tagger.tag_batch(&page, BatchHint::Off);
    /// assert_eq!(alone[2].route.code(), "und"); // no evidence of any language
    /// let together = tagger.tag_batch(&page, BatchHint::Dominant);
    /// assert_eq!(together[2].route.lang, Some(Lang::English)); // the page's language
    /// # Ok::<(), topictag::error::Error>(())
    /// ```
    pub fn tag_batch(&self, texts: &[(&str, Option<Lang>)], hint: BatchHint) -> Vec<Tagged> {
        let routes = self.route_batch(texts);
        let hint = match hint {
            BatchHint::Off => None,
            BatchHint::Dominant => dominant(&routes),
        };
        self.tag_routed_batch(texts, routes, |_| hint)
    }

    /// Route every text on its own (in parallel, in order): the first pass of
    /// [`Tagger::tag_batch`], for callers that decide the hints themselves, such as the
    /// command line, whose hint is a file's dominant language over several batches.
    pub fn route_batch(&self, texts: &[(&str, Option<Lang>)]) -> Vec<Route> {
        use rayon::prelude::*;
        texts
            .par_iter()
            .map(|&(text, given)| self.route(text, given))
            .collect()
    }

    /// The second pass of [`Tagger::tag_batch`]: tag each text (in parallel, in order) from
    /// its hint-free route (from [`Tagger::route_batch`]) and `hint(i)`, the language the
    /// `i`-th text inherits if undetermined (see [`Tagger::tag_hinted`]).
    pub fn tag_routed_batch(
        &self,
        texts: &[(&str, Option<Lang>)],
        routes: Vec<Route>,
        hint: impl Fn(usize) -> Option<Lang> + Sync,
    ) -> Vec<Tagged> {
        use rayon::prelude::*;
        texts
            .par_iter()
            .zip(routes)
            .enumerate()
            .map(|(i, (&(text, given), route))| self.tag_hinted(text, given, route, hint(i)))
            .collect()
    }

    /// The TF-IDF vector of `text` analyzed with `lang`'s pipeline: through this thread's memo,
    /// or (bigram models, models with more word columns than a memo keeps, or the memo already in use on this thread) straight through the
    /// analyzer.
    pub fn vectorize(&self, text: &str, lang: Option<Lang>) -> SparseVec {
        let vectorizer = &self.model.vectorizer;
        if self.memoized {
            if let Ok(mut memo) = self.memos.get_or_default().try_borrow_mut() {
                let mut x = memo.vectorize(self, text, lang);
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
        // A text with no term the model knows (empty, only stop words or unseen words) or
        // without a letter (a date, a number, punctuation) gives no evidence: no topic is
        // assigned, whatever the threshold (an exclusive model too). A multi-label model also
        // leaves out topics its terms do not raise above their priors (`above_priors`).
        let evidence = x.nnz() > 0 && crate::text::has_letter(text);
        let mut topics = match evidence {
            false => Vec::new(),
            true => self.model.decide(&probs, self.threshold),
        };
        if !self.model.exclusive {
            topics.retain(|&t| probs[t] > self.priors[t]);
        }
        Tagged {
            route,
            probs,
            topics,
            names: Arc::clone(&self.names),
            evidence,
        }
    }
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
    /// thread, each keeping its own memo.
    #[test]
    fn memo_gives_the_unfused_vectors() {
        let texts = [
            "Russia's foreign minister met the EU's envoy; the ministers' talks on gas pipelines",
            "Las negociaciones energéticas de ESPAÑA con Rusia: energía, gas y niños",
            "l'Europe et l\u{2019}énergie: le ministre des Affaires étrangères à Moscou",
            "Министр иностранных дел России Сергей Лавров встретился в Москве",
            "中国外交部 发言人 表示 2024年; Kazakhstan-Kyrgyzstan border, 15 troops",
            // Word classes: phrases across line breaks, tabs and double spaces, forms with
            // punctuation, inside longer words, in capitals of other scripts.
            "Natural\ngas  talks in N'Djamena,\tPorto-Novo and the U.S.; oilfields, turmoil",
            "Latin\r\nAmerica y EE. UU. en la\u{a0}Unión Europea: gas_natural, 中国oil",
            "ÁFRICA, ESPAÑA e İSTANBUL: el gas natural de Kazajistán",
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
        // Its word classes are in the vectors too (`#energy` for "gas", "pipelines").
        let v = &a.model.vectorizer;
        assert!(
            x.iter().any(|(c, _)| v.term(c) == "#energy"),
            "{:?}",
            x.iter().map(|(c, _)| v.term(c)).collect::<Vec<_>>()
        );
        // Both taggers kept their words although the other ran last on this thread.
        let words = |t: &Tagger| -> usize {
            let memo = t.memos.get().expect("this thread ran the tagger").borrow();
            memo.tables.iter().flatten().map(WordTable::len).sum()
        };
        assert!(words(&a) > 0 && words(&b) > 0);
    }

    /// With word classes the memo finds the mentions from the words: the vectors of the unfused
    /// chain for texts built at random (seeded) from the shipped lists' forms, joints and words
    /// of every kind, with the shipped lists, lists whose forms hold punctuation or another
    /// script, and lists with a form that opens with punctuation (matched over the whole text).
    #[test]
    fn memo_finds_the_word_classes_of_the_unfused_chain() {
        use crate::classes::tests::text_of;
        use crate::classes::WordClasses;
        let with_lists = |lists: &str| {
            let mut model = shipped();
            let classes = WordClasses::parse(lists).expect("lists");
            model.analyzer.word_classes = Some(Arc::new(classes));
            Tagger::new(model)
        };
        let taggers = [
            Tagger::new(shipped()),
            with_lists(concat!(
                "[energy]\noil | oil field | u.s. | 中国oil | gas\n",
                "[capital]\n=UN | =U.S. | n'djamena | porto-novo | oil\n[-]\nthe oil\n",
            )),
            with_lists("[energy]\n.oil | gas | natural gas\n"),
        ];
        let mut next = crate::testutil::xorshift(0x5eed_c1a5);
        let mut with_classes = 0;
        for i in 0..3_000 {
            let draws: Vec<(u8, u16, u8)> = (0..next() % 40)
                .map(|_| {
                    let r = next();
                    (r as u8, (r >> 8) as u16, (r >> 24) as u8)
                })
                .collect();
            let text = text_of(&draws, i % 4 == 0);
            for t in &taggers {
                for lang in [None, Some(Lang::English), Some(Lang::Spanish)] {
                    let unfused = t
                        .model
                        .vectorizer
                        .transform_terms(t.analyzer.terms(&text, lang));
                    let x = t.vectorize(&text, lang);
                    assert_eq!(x, unfused, "{lang:?} {text:?}");
                    let v = &t.model.vectorizer;
                    with_classes += usize::from(x.iter().any(|(c, _)| v.term(c).starts_with('#')));
                }
            }
        }
        assert!(with_classes > 4_000, "{with_classes} vectors with classes");
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
            known: None,
            group: None,
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
            let unfused = {
                let _busy = t.memos.get_or_default().borrow_mut();
                t.vectorize(text, en)
            };
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

    /// A text with no known term carries no evidence: no topic at any threshold, in a
    /// multi-label or an exclusive model, while its probabilities (the priors) are kept.
    #[test]
    fn texts_without_known_terms_get_no_topic() {
        let mut model = shipped();
        for exclusive in [false, true] {
            model.exclusive = exclusive;
            let t = Tagger::new(model.clone()).with_threshold(Some(0.0));
            for text in ["", "   ", "the of and", "zzqx qqzy"] {
                let tagged = t.tag(text, Some(Lang::English), None);
                assert!(tagged.topics.is_empty(), "{text:?} exclusive {exclusive}");
                assert_eq!(tagged.probs.len(), t.model().topics().len());
            }
            let tagged = t.tag("Gas pipeline talks", Some(Lang::English), None);
            assert!(!tagged.topics.is_empty(), "exclusive {exclusive}");
        }
    }

    /// A multi-label model assigns a topic only when the text raises it above its prior, at
    /// any threshold; a text without a letter has no evidence, whatever n-grams it matches.
    #[test]
    fn topics_need_evidence_above_their_priors() {
        let t = Tagger::new(shipped()).with_threshold(Some(0.0));
        let priors = t.model().priors();
        let tagged = t.tag("Gas pipeline talks with Beijing", Some(Lang::English), None);
        let above: Vec<usize> = (0..priors.len())
            .filter(|&i| tagged.probs[i] > priors[i])
            .collect();
        assert!(
            !above.is_empty() && above.len() < priors.len(),
            "{tagged:?}"
        );
        let mut got = tagged.topics.clone();
        got.sort_unstable();
        assert_eq!(got, above);
        assert!(tagged.has_evidence());
        for text in ["2024", "12:30 -- 14:00", "..."] {
            let tagged = t.tag(text, Some(Lang::English), None);
            assert!(
                tagged.topics.is_empty() && !tagged.has_evidence(),
                "{text:?}"
            );
        }
    }

    /// `Off` tags every text as it is tagged alone, whatever batch it is in; `Dominant` lends
    /// the batch's language to undetermined short texts only.
    #[test]
    fn batch_hints_are_explicit() {
        let t = Tagger::new(shipped());
        let texts: [(&str, Option<Lang>); 5] = [
            (
                "Gas pipeline talks resume between the two governments",
                None,
            ),
            ("2024", None),
            (
                "Las negociaciones sobre el gasoducto se reanudan en Madrid",
                None,
            ),
            (
                "The ministers signed a new border security agreement today",
                None,
            ),
            ("15 / 20", None),
        ];
        let alone: Vec<Tagged> = texts.iter().map(|&(x, g)| t.tag(x, g, None)).collect();
        assert_eq!(t.tag_batch(&texts, BatchHint::Off), alone);
        for split in 0..texts.len() {
            let (a, b) = texts.split_at(split);
            let mut parts = t.tag_batch(a, BatchHint::Off);
            parts.extend(t.tag_batch(b, BatchHint::Off));
            assert_eq!(parts, alone, "split at {split}");
        }
        let hinted = t.tag_batch(&texts, BatchHint::Dominant);
        assert_eq!(alone[1].route.code(), "und");
        assert_eq!(hinted[1].route.lang, Some(Lang::English));
        assert_eq!(hinted[1].route.source, crate::lang::Source::Inherited);
        assert_eq!(hinted[4].route.lang, Some(Lang::English));
        for i in [0, 2, 3] {
            assert_eq!(hinted[i], alone[i], "determined text {i} keeps its route");
        }
        assert_eq!(hinted[2].route.lang, Some(Lang::Spanish));
    }

    /// More distinct words than the memo holds: it empties itself mid-text and still gives the
    /// unfused vectors, for the text itself and for words seen before it emptied.
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
}
