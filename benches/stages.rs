//! Per-item cost of each tagging stage, with the shipped model `models/foreign-policy.model`.
//!
//! ```sh
//! cargo bench --bench stages                 # everything, about a minute
//! cargo bench --bench stages -- dev/         # one corpus (criterion's name filter)
//! ```
//!
//! Two corpora of team-written texts from the repository, read once before timing:
//! * `digest`: the items of `examples/digest.txt` (split by `topictag::digest::split_page`,
//!   title + teaser, English and Spanish);
//! * `dev`: `training/foreign_policy_dev.csv` (title + text, 195 English and 195 Spanish items).
//!
//! One iteration runs a stage over every item of a corpus, and criterion reports the throughput
//! in items ("elem/s"): the per-item cost is the iteration time divided by the item count. Each
//! stage gets exactly the input the tagger would give it (routes, terms and vectors are computed
//! beforehand), so the stages add up to about the whole `Tagger::tag`:
//!
//! | bench | what one item costs |
//! | --- | --- |
//! | `detect` | `Detector::route(text, None, None)`: whatlang on the model's allowlist + floor |
//! | `analyze` | `Analyzer::analyze(text, route.lang)`: words, lowercase, stop words, stem |
//! | `vectorize` | `model.vectorizer.transform(&terms)`: TF-IDF, L2-normalised sparse vector |
//! | `analyze+vectorize` | `Tagger::vectorize(text, route.lang)`: both, fused through the tagger's memo (warm after the first iteration) |
//! | `score` | `model.probabilities(&x)`: sparse linear scores + sigmoid for every topic |
//! | `tag` | `Tagger::tag(text, None, None)`: all of the above + `decide` |
//! | `segment` | `text.unicode_words().count()`: bare UAX #29 word segmentation, the floor |
//! | `segment-ours` | `topictag::segment::words(text).count()`: the same words, as the engine finds them (own scan on ASCII) |
//!
//! `model/load` is `TopicModel::load` of the shipped file (read, checksum, decode, indexes);
//! `model/from_bytes` the same without the file read.
//!
//! Measurement times are short (0.5 s warm-up, 2 s measurement, 20 samples) so the whole run
//! stays near one minute; pass criterion's `--measurement-time` / `--sample-size` for more.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;
use topictag::dataset::{read_labelled, CsvOptions};
use topictag::digest::split_page;
use topictag::lang::Route;
use topictag::model::TopicModel;
use topictag::tagger::{detector_for, Tagger};
use topictag::text::Analyzer;
use unicode_segmentation::UnicodeSegmentation;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn model_path() -> PathBuf {
    root().join("models/foreign-policy.model")
}

/// The two corpora: (name, texts).
fn corpora() -> Vec<(&'static str, Vec<String>)> {
    let page = std::fs::read_to_string(root().join("examples/digest.txt"))
        .expect("read examples/digest.txt");
    let digest: Vec<String> = split_page(&page)
        .items
        .iter()
        .map(|i| i.full_text())
        .collect();
    let dev_path = root().join("training/foreign_policy_dev.csv");
    let dev: Vec<String> = read_labelled(Path::new(&dev_path), &CsvOptions::default())
        .expect("read training/foreign_policy_dev.csv")
        .items
        .into_iter()
        .map(|i| i.text)
        .collect();
    assert!(!digest.is_empty() && !dev.is_empty(), "empty corpus");
    vec![("digest", digest), ("dev", dev)]
}

fn stages(c: &mut Criterion) {
    let model = TopicModel::load(model_path()).expect("load the shipped model");
    let detector = detector_for(&model);
    let analyzer = Analyzer::new(model.analyzer().clone());
    let tagger = Tagger::new(TopicModel::load(model_path()).expect("load the shipped model"));

    for (name, texts) in corpora() {
        let bytes: usize = texts.iter().map(String::len).sum();
        eprintln!(
            "corpus {name}: {} items, {bytes} bytes, {:.0} bytes per item",
            texts.len(),
            bytes as f64 / texts.len() as f64
        );
        // Inputs of each stage, exactly as the tagger would produce them.
        let routes: Vec<Route> = texts
            .iter()
            .map(|t| detector.route(t, None, None))
            .collect();
        let terms: Vec<Vec<String>> = texts
            .iter()
            .zip(&routes)
            .map(|(t, r)| analyzer.analyze(t, r.lang))
            .collect();
        let vectors: Vec<_> = terms
            .iter()
            .map(|t| model.vectorizer().transform(t))
            .collect();

        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Elements(texts.len() as u64));
        g.bench_function(BenchmarkId::from_parameter("detect"), |b| {
            b.iter(|| {
                for t in &texts {
                    black_box(detector.route(black_box(t), None, None));
                }
            })
        });
        g.bench_function(BenchmarkId::from_parameter("analyze"), |b| {
            b.iter(|| {
                for (t, r) in texts.iter().zip(&routes) {
                    black_box(analyzer.analyze(black_box(t), r.lang));
                }
            })
        });
        g.bench_function(BenchmarkId::from_parameter("vectorize"), |b| {
            b.iter(|| {
                for t in &terms {
                    black_box(model.vectorizer().transform(black_box(t)));
                }
            })
        });
        g.bench_function(BenchmarkId::from_parameter("analyze+vectorize"), |b| {
            b.iter(|| {
                for (t, r) in texts.iter().zip(&routes) {
                    black_box(tagger.vectorize(black_box(t), r.lang));
                }
            })
        });
        g.bench_function(BenchmarkId::from_parameter("score"), |b| {
            b.iter(|| {
                for x in &vectors {
                    black_box(model.probabilities(black_box(x)));
                }
            })
        });
        g.bench_function(BenchmarkId::from_parameter("tag"), |b| {
            b.iter(|| {
                for t in &texts {
                    black_box(tagger.tag(black_box(t), None, None));
                }
            })
        });
        g.bench_function(BenchmarkId::from_parameter("segment"), |b| {
            b.iter(|| {
                let mut n = 0usize;
                for t in &texts {
                    n += black_box(t).unicode_words().count();
                }
                black_box(n)
            })
        });
        g.bench_function(BenchmarkId::from_parameter("segment-ours"), |b| {
            b.iter(|| {
                let mut n = 0usize;
                for t in &texts {
                    n += topictag::segment::words(black_box(t)).count();
                }
                black_box(n)
            })
        });
        g.finish();
    }

    let path = model_path();
    let file = std::fs::read(&path).expect("read the shipped model");
    eprintln!("model {}: {} bytes", path.display(), file.len());
    let mut g = c.benchmark_group("model");
    g.bench_function("load", |b| {
        b.iter(|| black_box(TopicModel::load(black_box(&path)).expect("load")))
    });
    g.bench_function("from_bytes", |b| {
        b.iter(|| black_box(TopicModel::from_bytes(&path, black_box(&file)).expect("decode")))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
    targets = stages
}
criterion_main!(benches);
