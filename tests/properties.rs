//! Property tests (proptest) on arbitrary Unicode and arbitrary bytes: the analyzer, the digest
//! splitter, the model file and the CSV reader never panic, and keep what they promise to keep.
//!
//! Each property runs `CASES` cases (256) so `cargo test` stays fast; set `PROPTEST_CASES` to
//! run more. Failing inputs found by proptest are saved in `tests/properties.proptest-regressions`
//! and replayed first on later runs; fuzzing findings have their own regression tests below.

mod checks;

use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;
use topictag::dataset::{read_labelled, read_labelled_from, CsvOptions};
use topictag::features::{CharGramConfig, FeatureConfig, Vectorizer};
use topictag::lang::Lang;
use topictag::model::{ClassifierKind, Metadata, RoutingConfig, TopicModel, TopicWeights};
use topictag::tagger::Tagger;
use topictag::text::{Analyzer, AnalyzerConfig};
use topictag::train::{train, TrainConfig};

const CASES: u32 = 256;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(CASES),
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Generators

/// Pieces of hostile text: emoji (with ZWJ and skin tones), right-to-left scripts and marks,
/// combining marks, NUL and other controls, BOM and zero-width characters, CJK, Devanagari,
/// Kazakh, Georgian, Thai, apostrophes, numbers, URLs, very long words.
const PIECES: &[&str] = &[
    "👩‍👩‍👧‍👦",
    "👍🏽",
    "🇪🇸",
    "مرحبا بالعالم",
    "שלום עולם",
    "\u{202e}gnp.exe\u{202c}",
    "\u{200f}\u{200e}",
    "e\u{301}\u{302}\u{303}",
    "Z\u{351}\u{35b}\u{34c}\u{36a}\u{300}",
    "\0",
    "\u{1}\u{7f}\u{9c}",
    "\u{feff}",
    "\u{200b}\u{2060}\u{00ad}",
    "中华人民共和国外交部",
    "विदेश मंत्रालय",
    "Қазақстан мен Ресей",
    "საქართველო",
    "กระทรวงการต่างประเทศ",
    "l'Europe d’énergie",
    "Russia's",
    "2024-03-12 15:30",
    "https://example.org/a?b=c",
    "İstanbul ıı ǅ ß ﬁ",
    "\r\n",
    "\n\n",
    "\t",
    " ",
    "...",
    "MORE",
    "Seguir leyendo »",
    "[…]",
    "November 1, 2022",
    "Photo: Reuters",
    "By Jane Doe",
    "Page 2 of 10",
];

/// Arbitrary Unicode, and text made of hostile pieces mixed with arbitrary characters.
fn unicode_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(
            prop_oneof![
                3 => prop::sample::select(PIECES).prop_map(str::to_string),
                1 => any::<String>(),
                1 => "[a-zA-ZáéíóúñÑ]{1,60}",
                1 => Just("x".repeat(200)),
            ],
            0..40
        )
        .prop_map(|v| v.join(" ")),
    ]
}

fn lang() -> impl Strategy<Value = Option<Lang>> {
    prop_oneof![
        Just(None),
        prop::sample::select(&Lang::ALL[..]).prop_map(Some)
    ]
}

fn analyzer_config() -> impl Strategy<Value = AnalyzerConfig> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0usize..6,
        0usize..80,
    )
        .prop_map(
            |(stop_words, stem, keep_numbers, min_chars, max_chars)| AnalyzerConfig {
                stop_words,
                stem,
                keep_numbers,
                min_chars,
                max_chars,
                word_classes: None,
            },
        )
}

// ---------------------------------------------------------------------------------------------
// Analyzer

static DEFAULT_ANALYZER: OnceLock<Analyzer> = OnceLock::new();

fn default_analyzer() -> &'static Analyzer {
    DEFAULT_ANALYZER.get_or_init(|| Analyzer::new(AnalyzerConfig::default()))
}

proptest! {
    #![proptest_config(config())]

    /// Every language pipeline and the neutral one: no panic, no empty term, the neutral
    /// pipeline keeps its length bounds, and the result does not depend on the call.
    #[test]
    fn analyzer_never_panics_on_any_language(text in unicode_text()) {
        let a = default_analyzer();
        for lang in Lang::ALL.into_iter().map(Some).chain([None]) {
            let terms = a.analyze(&text, lang);
            prop_assert!(terms.iter().all(|t| !t.is_empty()), "{lang:?}: {terms:?}");
            if lang.is_none() {
                for t in &terms {
                    let n = t.chars().count();
                    prop_assert!((2..=40).contains(&n), "neutral term {t:?}");
                }
            }
            prop_assert_eq!(&terms, &a.analyze(&text, lang));
        }
    }

    /// Any analyzer settings a model may carry, on any text.
    #[test]
    fn analyzer_never_panics_with_any_settings(
        cfg in analyzer_config(),
        text in unicode_text(),
        lang in lang(),
    ) {
        let a = Analyzer::new(cfg);
        let _ = a.analyze(&text, lang);
    }
}

// ---------------------------------------------------------------------------------------------
// Digest splitter

/// Syllables for generated words: Latin with accents, Cyrillic and Greek, chosen so that no
/// word is a marker, date, navigation, caption or byline word of the splitter.
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "tu", "ze", "ro", "vi", "šo", "ñu", "gé", "жа", "ды", "λο", "πα", "qui",
];

fn word() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(SYLLABLES), 2..5).prop_map(|s| s.concat())
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// One line of a generated digest page.
#[derive(Clone, Debug)]
enum PageLine {
    Blank,
    /// A title-like line: capitalised words, no final punctuation.
    Title(Vec<String>),
    /// A body line: a sentence ending in `.`, or a teaser ending in `... MORE` and similar
    /// (`marker`). Starts in lower case or with a capital (`capital`).
    Body {
        words: Vec<String>,
        capital: bool,
        marker: Option<&'static str>,
    },
    /// Lines the splitter means to drop: markers, dates, navigation, bylines.
    Drop(&'static str),
    /// A photo caption or credit, after a blank line (a credit directly after a sentence drops
    /// that sentence as its description: documented, so not generated here).
    Caption(&'static str),
}

const INLINE_MARKERS: &[&str] = &[
    "... MORE",
    "… Read more",
    " [...]",
    " Seguir leyendo »",
    " Leer más",
];
const DROPPED: &[&str] = &[
    "MORE",
    "Read more »",
    "Seguir leyendo »",
    "[…]",
    "November 1, 2022",
    "1 de noviembre de 2022",
    "12.03.2024",
    "Mon, 4 Mar 2024 10:30 CET",
    "3 hours ago",
    "hace 2 días",
    "Page 2 of 10",
    "Next »",
    "Compartir",
    "By Jane Doe",
    "Por Juan Pérez",
    "* * *",
];
const CAPTIONS: &[&str] = &[
    "Photo: Reuters",
    "(AP Photo/Jane Doe)",
    "Foto: EFE/Juan Pérez",
    "Kazakh and Chinese ministers at a signing ceremony in Astana. (AP Photo/Jane Roe)",
];

fn page_line() -> impl Strategy<Value = PageLine> {
    prop_oneof![
        3 => Just(PageLine::Blank),
        3 => prop::collection::vec(word(), 1..9).prop_map(PageLine::Title),
        5 => (
            prop::collection::vec(word(), 3..30),
            any::<bool>(),
            prop::option::weighted(0.3, prop::sample::select(INLINE_MARKERS)),
        )
            .prop_map(|(words, capital, marker)| PageLine::Body { words, capital, marker }),
        2 => prop::sample::select(DROPPED).prop_map(PageLine::Drop),
        1 => prop::sample::select(CAPTIONS).prop_map(PageLine::Caption),
    ]
}

impl PageLine {
    fn render(&self) -> Vec<String> {
        match self {
            PageLine::Blank => vec![String::new()],
            PageLine::Title(w) => {
                let mut w = w.clone();
                w[0] = capitalise(&w[0]);
                vec![w.join(" ")]
            }
            PageLine::Body { marker, .. } => {
                let core = self.body_core().expect("body");
                vec![match marker {
                    Some(m) => format!("{core}{m}"),
                    None => format!("{core}."),
                }]
            }
            PageLine::Drop(s) => vec![s.to_string()],
            PageLine::Caption(s) => vec![String::new(), s.to_string()],
        }
    }

    /// The text of a body line that must survive splitting (without its final `.` or marker).
    fn body_core(&self) -> Option<String> {
        match self {
            PageLine::Body { words, capital, .. } => {
                let mut w = words.clone();
                if *capital {
                    w[0] = capitalise(&w[0]);
                }
                Some(w.join(" "))
            }
            _ => None,
        }
    }
}

fn generated_page() -> impl Strategy<Value = (Vec<PageLine>, bool)> {
    (prop::collection::vec(page_line(), 0..60), any::<bool>())
}

fn render_page(lines: &[PageLine], crlf: bool) -> String {
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut out = String::new();
    for l in lines {
        for r in l.render() {
            out.push_str(&r);
            out.push_str(eol);
        }
    }
    out
}

proptest! {
    #![proptest_config(config())]

    /// Arbitrary Unicode (including NUL, lone CR, BOMs, RTL and combining marks): no panic,
    /// streaming agrees with `split_page`, items are numbered in order, no word is invented.
    #[test]
    fn splitter_never_panics_or_invents_text(text in unicode_text()) {
        checks::check_page(&text);
    }

    /// Lines of hostile pieces and arbitrary characters, with every kind of line break.
    #[test]
    fn splitter_never_panics_on_hostile_lines(
        lines in prop::collection::vec(unicode_text(), 0..30),
        sep in prop::sample::select(&["\n", "\r\n", "\r", "\n\n"][..]),
    ) {
        checks::check_page(&lines.join(sep));
    }

    /// The splitter may drop only what it documents: read-more markers, date lines,
    /// navigation, bylines, captions and credits, the page header, and title lines of one to
    /// three words (kickers). So on a generated page:
    /// * every body line (without its final `.` or read-more marker) is in an item's text,
    ///   whole, and in page order;
    /// * every title line of four words or more is in the header, an item's title or an item's
    ///   text (a title directly above a line in lower case is the start of a paragraph);
    /// * no body text ends up in the header.
    #[test]
    fn splitter_keeps_every_body_line_and_long_title((lines, crlf) in generated_page()) {
        let text = render_page(&lines, crlf);
        let page = checks::check_page(&text);
        let texts: Vec<&str> = page.items.iter().map(|i| i.text.as_str()).collect();
        let all = texts.join("\n\n");
        let mut from = 0;
        for core in lines.iter().filter_map(PageLine::body_core) {
            match all[from..].find(&core) {
                Some(i) => from += i + core.len(),
                None => prop_assert!(false, "body line lost or out of order: {core:?}\npage:\n{text}\nitems: {page:#?}"),
            }
        }
        let header = page.header.clone().unwrap_or_default();
        for l in &lines {
            if let PageLine::Title(w) = l {
                let t = l.render().remove(0);
                if w.len() >= 4 {
                    let found = header.contains(&t)
                        || page.items.iter().any(|i| {
                            i.title.as_deref().is_some_and(|x| x.contains(&t)) || i.text.contains(&t)
                        });
                    prop_assert!(found, "title lost: {t:?}\npage:\n{text}\nitems: {page:#?}");
                }
            }
            if let Some(core) = l.body_core() {
                prop_assert!(!header.contains(&core), "body line in the header: {core:?}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Model file

/// A model trained on the team's small fixture (24 items, English and Spanish).
fn trained_model() -> &'static (TopicModel, Vec<u8>) {
    static MODEL: OnceLock<(TopicModel, Vec<u8>)> = OnceLock::new();
    MODEL.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini.csv");
        let ds = read_labelled(&path, &CsvOptions::default()).expect("fixture");
        let cfg = TrainConfig {
            folds: 2,
            features: FeatureConfig {
                min_df: 1,
                max_df: 1.0,
                ..FeatureConfig::default()
            },
            ..TrainConfig::default()
        };
        let (model, _) = train(&ds.items, "mini.csv", &cfg).expect("train");
        let bytes = model.to_bytes().expect("encode");
        (model, bytes)
    })
}

/// A random but valid model: a vocabulary fitted on random documents, random sparse weights.
fn random_model() -> impl Strategy<Value = TopicModel> {
    let docs = prop::collection::vec(prop::collection::vec(word(), 1..12), 1..20);
    (
        docs,
        1usize..6,
        any::<bool>(),
        any::<bool>(),
        any::<u64>(),
        analyzer_config(),
        prop::option::of((1u8..4, 0u8..3)),
    )
        .prop_flat_map(
            |(docs, topics, exclusive, bigrams, seed, analyzer, chars)| {
                let texts: Vec<String> = docs.iter().map(|d| d.join(" ")).collect();
                let vec = Vectorizer::fit_with_texts(
                    &docs,
                    &texts,
                    FeatureConfig {
                        min_df: 1,
                        max_df: 1.0,
                        bigrams,
                        char_grams: chars.map(|(min_n, extra)| CharGramConfig {
                            min_n,
                            max_n: min_n + extra,
                            ..CharGramConfig::default()
                        }),
                        ..FeatureConfig::default()
                    },
                );
                let vocab = vec.len() as u32;
                let scorer = (
                    -10.0f32..10.0,
                    prop::collection::vec((0..vocab, -20.0f32..20.0), 0..16),
                )
                    .prop_map(|(bias, w)| {
                        let w: std::collections::BTreeMap<u32, f32> = w.into_iter().collect();
                        TopicWeights {
                            bias,
                            indices: w.keys().copied().collect(),
                            weights: w.values().copied().collect(),
                        }
                    });
                (
                    prop::collection::vec(scorer, topics),
                    prop::collection::vec(0.0f32..=1.0, topics),
                )
                    .prop_map(move |(scorers, thresholds)| {
                        TopicModel::new(
                            Metadata {
                                tool_version: "proptest".into(),
                                classifier: ClassifierKind::Logistic,
                                data_file: "random.csv".into(),
                                trained_items: docs.len() as u64,
                                languages: vec![("en".into(), 1)],
                                topic_counts: vec![1; topics],
                                cv: None,
                                seed,
                                sources: Vec::new(),
                                held_out: None,
                            },
                            analyzer.clone(),
                            RoutingConfig {
                                allow: vec!["en".into(), "es".into(), "ru".into()],
                                floor: 0.15,
                            },
                            vec.clone(),
                            (0..topics).map(|t| format!("topic {t}")).collect(),
                            exclusive,
                            scorers,
                            thresholds,
                        )
                    })
            },
        )
}

fn load(bytes: &[u8]) -> topictag::Result<TopicModel> {
    TopicModel::from_bytes(Path::new("prop.model"), bytes)
}

/// Ways to damage a valid model file.
#[derive(Clone, Debug)]
enum Mutation {
    /// Set byte `at` (modulo the length) to `value`.
    Set { at: usize, value: u8 },
    /// Cut the file at `at`.
    Truncate { at: usize },
    /// Insert bytes at `at`.
    Insert { at: usize, bytes: Vec<u8> },
    /// Remove `len` bytes at `at`.
    Remove { at: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), any::<u8>()).prop_map(|(at, value)| Mutation::Set { at, value }),
        1 => any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        1 => (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        1 => (any::<usize>(), 1usize..16).prop_map(|(at, len)| Mutation::Remove { at, len }),
    ]
}

fn mutate(bytes: &mut Vec<u8>, m: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    match m {
        Mutation::Set { at, value } => {
            let i = at % bytes.len();
            bytes[i] = *value;
        }
        Mutation::Truncate { at } => bytes.truncate(at % bytes.len()),
        Mutation::Insert { at, bytes: b } => {
            let i = at % (bytes.len() + 1);
            bytes.splice(i..i, b.iter().copied());
        }
        Mutation::Remove { at, len } => {
            let i = at % bytes.len();
            let end = (i + len).min(bytes.len());
            bytes.drain(i..end);
        }
    }
}

proptest! {
    #![proptest_config(config())]

    /// Written and read back, a model gives bit-identical probabilities and decisions, and
    /// writes the same bytes again.
    #[test]
    fn model_round_trip_gives_the_same_scores(
        model in random_model(),
        texts in prop::collection::vec(unicode_text(), 1..5),
        docs in prop::collection::vec(prop::collection::vec(word(), 0..10), 1..5),
    ) {
        let bytes = model.to_bytes().unwrap();
        let back = load(&bytes).unwrap();
        prop_assert_eq!(&back.to_bytes().unwrap(), &bytes);
        for doc in &docs {
            let text = doc.join(" ");
            let x = model.vectorizer().transform_with_text(doc, &text);
            prop_assert_eq!(back.vectorizer().transform_with_text(doc, &text), x.clone());
            let p = model.probabilities(&x);
            let q = back.probabilities(&x);
            prop_assert_eq!(
                p.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                q.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
            );
            prop_assert_eq!(model.decide(&p, None), back.decide(&q, None));
        }
        let (a, b) = (Tagger::new(model), Tagger::new(back));
        for t in &texts {
            prop_assert_eq!(a.tag(t, None, None), b.tag(t, None, None));
        }
    }

    /// The same for a model trained by linfa on real text.
    #[test]
    fn trained_model_round_trip_gives_the_same_scores(texts in prop::collection::vec(unicode_text(), 1..8)) {
        let (model, bytes) = trained_model();
        let back = load(bytes).unwrap();
        let (a, b) = (Tagger::new(model.clone()), Tagger::new(back));
        for t in &texts {
            prop_assert_eq!(a.tag(t, None, None), b.tag(t, None, None));
        }
    }

    /// Arbitrary bytes, with and without a valid header: an error or a usable model.
    #[test]
    fn model_loader_never_panics_on_arbitrary_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        header in any::<bool>(),
    ) {
        let bytes = if header { checks::wrap(&bytes) } else { bytes };
        if let Ok(m) = load(&bytes) {
            checks::check_loaded_model(m);
        }
    }

    /// Any analyzer settings written into a file (as a stranger's model may hold): refused or
    /// usable. (Before the fix, `max_chars` near `usize::MAX` loaded and overflowed in tagging.)
    #[test]
    fn model_loader_checks_analyzer_settings(
        min_chars in prop_oneof![0usize..8, any::<usize>()],
        max_chars in prop_oneof![0usize..2048, any::<usize>(), Just(usize::MAX)],
    ) {
        let (model, _) = trained_model();
        let mut analyzer = model.analyzer().clone();
        analyzer.min_chars = min_chars;
        analyzer.max_chars = max_chars;
        let m = TopicModel::new(
            model.meta().clone(),
            analyzer,
            model.routing().clone(),
            model.vectorizer().clone(),
            model.topics().to_vec(),
            model.exclusive(),
            model.scorers().to_vec(),
            model.thresholds().to_vec(),
        );
        match load(&m.to_bytes().unwrap()) {
            Ok(m) => checks::check_loaded_model(m),
            Err(e) => prop_assert!(max_chars > topictag::model::MAX_TERM_CHARS, "{e}"),
        }
    }

    /// Random damage to a valid file: caught by the header checks (length, checksum).
    #[test]
    fn model_loader_rejects_damaged_files(muts in prop::collection::vec(mutation(), 1..6)) {
        let (_, good) = trained_model();
        let mut bytes = good.clone();
        for m in &muts {
            mutate(&mut bytes, m);
        }
        match load(&bytes) {
            Ok(m) => {
                prop_assert_eq!(&bytes, good, "a damaged file loaded");
                checks::check_loaded_model(m);
            }
            Err(e) => prop_assert!(e.to_string().starts_with("prop.model: not a usable model: "), "{e}"),
        }
    }

    /// Random damage to the payload under a recomputed, valid checksum: the decoder and the
    /// validation must reject it or give a usable model, never panic or allocate without bound.
    #[test]
    fn model_decoder_never_panics_on_damaged_payloads(muts in prop::collection::vec(mutation(), 1..6)) {
        let (_, good) = trained_model();
        let mut payload = good[24..].to_vec();
        for m in &muts {
            mutate(&mut payload, m);
        }
        if let Ok(m) = load(&checks::wrap(&payload)) {
            checks::check_loaded_model(m);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// CSV reader

/// CSV-ish bytes: fields with quotes, separators, CR/LF, BOMs and invalid UTF-8.
fn csv_bytes() -> impl Strategy<Value = Vec<u8>> {
    let field = prop_oneof![
        Just(b"text".to_vec()),
        Just(b"title".to_vec()),
        Just(b"topics".to_vec()),
        Just(b"labels".to_vec()),
        Just(b"lang".to_vec()),
        Just(b"en".to_vec()),
        Just(b"energy; trade |energy".to_vec()),
        Just(b" ; | ".to_vec()),
        Just(b"\"quoted, with \"\"quotes\"\"\nand a newline\"".to_vec()),
        Just(b"\"unterminated".to_vec()),
        Just(b"\xef\xbb\xbf".to_vec()),
        Just(b"\xff\xfe bad".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b",".to_vec()),
        unicode_text().prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..20),
    ];
    prop::collection::vec(field, 0..60).prop_map(|v| v.concat())
}

fn check_csv(bytes: &[u8], lossy: bool) -> Result<(), TestCaseError> {
    let opts = CsvOptions {
        lossy,
        ..CsvOptions::default()
    };
    match read_labelled_from(Path::new("prop.csv"), bytes, &opts) {
        Ok(ds) => {
            prop_assert!(!ds.items.is_empty());
            for item in &ds.items {
                prop_assert!(!item.text.trim().is_empty());
                prop_assert!(item.line >= 2);
                for l in &item.labels {
                    prop_assert!(!l.is_empty() && l.trim() == l, "label {l:?}");
                }
                if !lossy {
                    let replaced = item.text.contains(char::REPLACEMENT_CHARACTER);
                    let literal = bytes.windows(3).any(|w| w == [0xef, 0xbf, 0xbd]);
                    prop_assert!(!replaced || literal, "replaced without --lossy");
                }
            }
        }
        Err(e) => prop_assert!(e.to_string().starts_with("prop.csv"), "{e}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// Arbitrary bytes: an error naming the file, or items with text.
    #[test]
    fn csv_reader_never_panics_on_arbitrary_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..1024),
        lossy in any::<bool>(),
    ) {
        check_csv(&bytes, lossy)?;
    }

    /// CSV-shaped bytes behind a valid header, so records get read.
    #[test]
    fn csv_reader_never_panics_on_csv_like_bytes(
        header in prop::sample::select(&["text,topics\n", "title,text,lang,topics\r\n", "\u{feff}Text,Labels,Lang\n", ""][..]),
        body in csv_bytes(),
        lossy in any::<bool>(),
    ) {
        let mut bytes = header.as_bytes().to_vec();
        bytes.extend_from_slice(&body);
        check_csv(&bytes, lossy)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Fuzzing findings, replayed through the same checks as their fuzz target

/// csv_reader, crash-f07a80c1: a record after a lone CR was reported on line 1 (the header's
/// line). Fixed by reading lone CRs as line ends in `dataset::sniff_line_offset`.
#[test]
fn fuzz_finding_csv_record_after_lone_cr_is_on_line_2() {
    let data = b"\x03\xef\xbb\xbftitle,text,lang,topics\r\x00Gas \x8fdeal,\"Two stTwo s\none pipe\",en,energy; trade |eenergy\r\n";
    checks::csv_reader(data);
    let opts = CsvOptions {
        lossy: true,
        ..CsvOptions::default()
    };
    let ds = read_labelled_from(Path::new("f.csv"), &data[1..], &opts).unwrap();
    assert_eq!(ds.items[0].line, 2);
    assert_eq!(ds.items[0].labels, ["energy", "trade", "eenergy"]);
}
