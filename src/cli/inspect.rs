//! `topictag inspect`: a model's metadata and its strongest terms per topic.

use super::model_path::resolve_model;
use super::stream::count;
use super::Outcome;
use anyhow::{bail, Result};
use clap::Args;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use topictag::dataset::read_labelled;
use topictag::explain::term_label;
use topictag::model::{TermWeight, TopicModel};
use topictag::plural::counted;
use topictag::tagger::Tagger;
use topictag::train::autotune::TrialEnd;
use topictag::train::Trace;

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// Model file [default: $TOPICTAG_MODEL, else the shipped model, looked for as `tag`
    /// does].
    #[arg(value_name = "MODEL")]
    pub model: Option<PathBuf>,
    /// Strongest terms to show per topic.
    #[arg(long, default_value_t = 12, value_name = "N")]
    pub terms: usize,
    /// Show only topic T: its N strongest positive and N strongest negative terms, with their
    /// weights and, per language, how many items of a labelled file hold each term.
    #[arg(long, value_name = "T")]
    pub topic: Option<String>,
    /// The labelled file `--topic` counts term languages in [default: the model's training
    /// file, when found beside the model or in ../training/].
    #[arg(long, value_name = "FILE.csv", requires = "topic")]
    pub data: Option<PathBuf>,
    /// List every trial of the autotune search that chose the model's settings (`train
    /// --autotune`): settings, cross-validated score, folds scored, seconds, how it ended.
    #[arg(long)]
    pub trials: bool,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Per column of `wanted`: in how many items of `data` it occurs, per routed language (the
/// model's own routing, or the file's `lang` column).
fn term_languages(
    m: &TopicModel,
    data: &Path,
    wanted: &[u32],
) -> Result<BTreeMap<u32, BTreeMap<String, u64>>> {
    let ds = read_labelled(data, &topictag::dataset::CsvOptions::default())?;
    let tagger = Tagger::new(m.clone());
    let per_item: Vec<(&'static str, Vec<u32>)> = ds
        .items
        .par_iter()
        .map(|it| {
            let route = tagger.detector().route(&it.text, it.lang, None);
            let x = tagger.vectorize(&it.text, route.lang);
            let cols = x
                .indices
                .into_iter()
                .filter(|c| wanted.contains(c))
                .collect();
            (route.code(), cols)
        })
        .collect();
    let mut out: BTreeMap<u32, BTreeMap<String, u64>> = BTreeMap::new();
    for (code, cols) in per_item {
        for c in cols {
            count(out.entry(c).or_default(), code);
        }
    }
    Ok(out)
}

/// The file `inspect --topic` counts languages in: `--data`, else the model's training file
/// when it is found beside the model or in `../training/` (where `training/build.sh` keeps it).
fn language_data(m: &TopicModel, a: &InspectArgs, model: &Path) -> Option<PathBuf> {
    if let Some(d) = &a.data {
        return Some(d.clone());
    }
    let dir = model.parent().unwrap_or(Path::new("."));
    let name = Path::new(&m.meta().data_file).file_name()?;
    [dir.join(name), dir.join("..").join("training").join(name)]
        .into_iter()
        .find(|p| p.is_file())
}

/// `inspect --topic T`: the topic's strongest positive and negative terms.
fn inspect_topic(m: &TopicModel, a: &InspectArgs, model: &Path, name: &str) -> Result<Outcome> {
    let Some(t) = m.topic_index(name) else {
        bail!(
            "{}: no topic '{name}' (topics: {})",
            model.display(),
            m.topics().join(", ")
        );
    };
    let terms = m.strongest_terms(t, a.terms);
    let (pos, neg) = (&terms.positive, &terms.negative);
    let data = language_data(m, a, model);
    let langs = match &data {
        Some(d) => {
            let wanted: Vec<u32> = pos.iter().chain(neg).map(|w| w.column).collect();
            term_languages(m, d, &wanted)?
        }
        None => BTreeMap::new(),
    };
    let entry = |w: &TermWeight| {
        (
            term_label(m.vectorizer(), w.column),
            w.weight,
            langs.get(&w.column).cloned().unwrap_or_default(),
        )
    };
    let positive: Vec<_> = pos.iter().map(entry).collect();
    let negative: Vec<_> = neg.iter().map(entry).collect();
    let mut out = std::io::stdout().lock();
    if a.json {
        let list = |v: &[(String, f32, BTreeMap<String, u64>)]| -> Vec<serde_json::Value> {
            v.iter()
                .map(|(term, w, langs)| serde_json::json!({"term": term, "weight": w, "languages": langs}))
                .collect()
        };
        let v = serde_json::json!({
            "topic": name,
            "items": m.meta().topic_counts[t],
            "threshold": m.thresholds()[t],
            "bias": m.scorers()[t].bias,
            "languages_counted_in": data,
            "positive": list(&positive),
            "negative": list(&negative),
        });
        writeln!(out, "{v}")?;
        return Ok(Outcome::Clean);
    }
    writeln!(
        out,
        "{name} ({}, threshold {:.2}, bias {:+.3})",
        counted(m.meta().topic_counts[t], "item"),
        m.thresholds()[t],
        m.scorers()[t].bias
    )?;
    let width = positive
        .iter()
        .chain(&negative)
        .map(|(term, _, _)| term.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    for (title, list) in [("pushes up", &positive), ("pushes down", &negative)] {
        writeln!(out, "\n{title}:")?;
        if list.is_empty() {
            writeln!(out, "  (none)")?;
        }
        for (term, w, langs) in list {
            let langs: Vec<String> = langs.iter().map(|(l, n)| format!("{l} {n}")).collect();
            writeln!(out, "  {term:<width$}  {w:+8.3}  {}", langs.join(", "))?;
        }
    }
    match &data {
        Some(d) => writeln!(
            out,
            "\nlanguages: items of {} holding the term, per routed language",
            d.display()
        )?,
        None => writeln!(
            out,
            "\nlanguages: the training file {} was not found; give one with --data FILE",
            m.meta().data_file
        )?,
    }
    Ok(Outcome::Clean)
}

/// Run `inspect`.
pub(super) fn run(a: InspectArgs) -> Result<Outcome> {
    let model = resolve_model(a.model.as_deref())?;
    let m = super::model_path::load_model(&model)?;
    if let Some(name) = &a.topic {
        return inspect_topic(&m, &a, &model, name);
    }
    let strongest = |t: usize| -> Vec<(String, f32)> {
        m.strongest_terms(t, a.terms)
            .positive
            .iter()
            .map(|w| (term_label(m.vectorizer(), w.column), w.weight))
            .collect()
    };
    let mut out = std::io::stdout().lock();
    if a.json {
        let topics: Vec<_> = (0..m.topics().len())
            .map(|t| {
                serde_json::json!({
                    "topic": m.topics()[t],
                    "items": m.meta().topic_counts[t],
                    "threshold": m.thresholds()[t],
                    "terms": strongest(t),
                })
            })
            .collect();
        let v = serde_json::json!({
            "file": model,
            "meta": m.meta(),
            "analyzer": m.analyzer(),
            "word_classes": m.analyzer().word_classes.as_ref().map(|c| c.names().collect::<Vec<_>>()),
            "features": m.vectorizer().config(),
            "vocabulary": m.vectorizer().len(),
            "routing": m.routing(),
            "exclusive": m.exclusive(),
            "autotune": m.autotune(),
            "topics": topics,
        });
        writeln!(out, "{v}")?;
        return Ok(Outcome::Clean);
    }
    let meta = m.meta();
    writeln!(out, "model       {}", model.display())?;
    writeln!(out, "written by  topictag {}", meta.tool_version)?;
    writeln!(
        out,
        "classifier  {} ({})",
        meta.classifier.name(),
        if m.exclusive() {
            "exclusive"
        } else {
            "multi-label"
        }
    )?;
    writeln!(
        out,
        "trained on  {} ({}, seed {})",
        meta.data_file,
        counted(meta.trained_items, "item"),
        meta.seed
    )?;
    for (i, src) in meta.sources.iter().enumerate() {
        writeln!(
            out,
            "{}{} ({} rows; licence: {})",
            if i == 0 {
                "sources     "
            } else {
                "            "
            },
            src.name,
            src.items,
            src.licence
        )?;
    }
    let langs: Vec<String> = meta
        .languages
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    writeln!(out, "languages   {}", langs.join(", "))?;
    writeln!(
        out,
        "routing     allow {} (floor {})",
        m.routing().allow.join(","),
        m.routing().floor
    )?;
    let v = m.vectorizer();
    writeln!(
        out,
        "vocabulary  {} terms{}{}",
        v.word_columns(),
        if v.config().bigrams {
            " (with bigrams)"
        } else {
            ""
        },
        v.config()
            .char_grams
            .as_ref()
            .map(|c| format!(
                " + {} character {}-{}-grams (weight {})",
                v.len() - v.word_columns(),
                c.min_n,
                c.max_n,
                c.weight
            ))
            .unwrap_or_default()
    )?;
    if let Some(classes) = &m.analyzer().word_classes {
        let names: Vec<&str> = classes.names().collect();
        writeln!(
            out,
            "classes     {} word classes, {} forms: {}",
            names.len(),
            classes.forms(),
            names.join(", ")
        )?;
    }
    if let Some(cv) = &meta.cv {
        write!(
            out,
            "cv scores   micro-F1 {:.3}, macro-F1 {:.3} ({} folds)",
            cv.micro_f1, cv.macro_f1, cv.folds
        )?;
        if let Some(acc) = cv.accuracy {
            write!(out, ", accuracy {acc:.3}")?;
        }
        writeln!(out)?;
    }
    if let Some(h) = &meta.held_out {
        let chosen = h.topics.iter().filter(|t| t.chosen.is_some()).count();
        writeln!(
            out,
            "thresholds  {chosen} of {} chosen on {} held-out rows ({})",
            h.topics.len(),
            h.rows,
            h.files.join(", ")
        )?;
    }
    match m.autotune() {
        Some(trace) => write_search(&mut out, trace, a.trials)?,
        None if a.trials => writeln!(
            out,
            "autotune    none: the settings were given, not searched"
        )?,
        None => {}
    }
    writeln!(out)?;
    for t in 0..m.topics().len() {
        let terms: Vec<String> = strongest(t).into_iter().map(|(w, _)| w).collect();
        writeln!(
            out,
            "{} ({}, threshold {:.2}): {}",
            m.topics()[t],
            counted(meta.topic_counts[t], "item"),
            m.thresholds()[t],
            terms.join(", ")
        )?;
    }
    Ok(Outcome::Clean)
}

/// The autotune search a model records: the chosen settings with their score, the runner-up,
/// and with `all`, every trial.
fn write_search(out: &mut impl Write, trace: &Trace, all: bool) -> Result<()> {
    let metric = trace.metric.name();
    let best = trace.best();
    // A score the budget stopped before its last fold says on how many it stands.
    let cv = if best.folds < trace.folds {
        format!("cv on {} of {} folds", best.folds, trace.folds)
    } else {
        format!("{}-fold cv", trace.folds)
    };
    writeln!(
        out,
        "autotune    {metric} {:.4} ({cv}; {} trials in {:.1} s, budget {:.0} s{}): {}",
        best.score,
        trace.trials.len(),
        trace.seconds,
        trace.budget_seconds,
        match trace.budget_words() {
            "" => String::new(),
            words => format!(" {words}"),
        },
        best.settings
    )?;
    if let Some(r) = trace.second() {
        writeln!(out, "runner-up   {metric} {:.4}: {}", r.score, r.settings)?;
    }
    if all {
        writeln!(
            out,
            "\n trial  {metric:>8}  folds  seconds  end       settings"
        )?;
        for (i, t) in trace.trials.iter().enumerate() {
            let end = match &t.end {
                TrialEnd::Complete => "complete".to_string(),
                TrialEnd::Dropped => "dropped".to_string(),
                TrialEnd::Budget => "budget".to_string(),
                TrialEnd::Failed(why) => format!("failed ({why})"),
            };
            let mark = if i == trace.chosen { '*' } else { ' ' };
            writeln!(
                out,
                "{mark}{:>5}  {:>8.4}  {:>5}  {:>7.2}  {end:<8}  {}",
                i + 1,
                t.score,
                t.folds,
                t.seconds,
                t.settings
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use topictag::train::autotune::{Metric, Settings, Trial, TrialEnd};
    use topictag::train::TrainConfig;

    fn search(folds_scored: u32) -> Trace {
        Trace {
            metric: Metric::Accuracy,
            folds: 4,
            budget_seconds: 120.0,
            seconds: 114.0,
            budget_stop: folds_scored < 4,
            trials: vec![Trial {
                settings: Settings::of(&TrainConfig::default()),
                folds: folds_scored,
                score: 0.93,
                seconds: 114.0,
                end: TrialEnd::Complete,
            }],
            chosen: 0,
            runner_up: None,
        }
    }

    #[test]
    fn the_search_line_says_on_how_many_folds_the_score_stands() {
        let line = |t: &Trace| {
            let mut out = Vec::new();
            write_search(&mut out, t, false).unwrap();
            String::from_utf8(out).unwrap()
        };
        let part = line(&search(1));
        assert!(
            part.contains("accuracy 0.9300 (cv on 1 of 4 folds; 1 trials"),
            "{part}"
        );
        let whole = line(&search(4));
        assert!(
            whole.contains("accuracy 0.9300 (4-fold cv; 1 trials"),
            "{whole}"
        );
    }
}
