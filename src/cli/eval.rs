//! `topictag eval`: score a model on labelled data, or cross-validate training settings.

use super::model_path::resolve_model;
use super::settings::{parse_threshold, AutotuneArgs, TrainSettings};
use super::train::{describe_search, train_and_report};
use super::{csv_options, ColumnArgs, Outcome};
use anyhow::{bail, Context, Result};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};
use topictag::dataset::read_labelled;
use topictag::eval::{EvalReport, Gold};
use topictag::fsutil::AtomicFile;
use topictag::lang::Lang;
use topictag::plural::counted;
use topictag::report::{self, ItemOutcome, ReportSource};
use topictag::tagger::{BatchHint, Tagger};

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Model to evaluate [default: $TOPICTAG_MODEL, else the shipped model, looked for as
    /// `tag` does].
    #[arg(long, short, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Labelled CSV file (a `.tsv` file is split on tabs).
    /// Given as `--data FILE` or as the first argument.
    #[arg(long, value_name = "FILE.csv", required_unless_present = "file")]
    pub data: Option<PathBuf>,
    /// The labelled file, when not given as --data.
    #[arg(value_name = "FILE.csv", conflicts_with = "data", hide = true)]
    pub file: Option<PathBuf>,
    /// Cross-validate training on --data with K folds instead of evaluating a model.
    #[arg(long, value_name = "K", conflicts_with = "model")]
    pub cv: Option<usize>,
    /// One probability threshold for every topic instead of the model's tuned ones; 0 to 1.
    #[arg(long, value_name = "P", value_parser = parse_threshold)]
    pub threshold: Option<f32>,
    #[command(flatten)]
    pub columns: ColumnArgs,
    #[command(flatten)]
    pub settings: TrainSettings,
    /// With --cv K: search the settings first (see `train --help`) on the same K folds, then
    /// report the chosen settings' cross-validation. The search is printed on stderr. That
    /// score chose the settings, so it flatters them: evaluate a model trained with
    /// `train --autotune` on a held-out file for an unbiased figure.
    #[command(flatten)]
    pub tune: AutotuneArgs,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write an HTML report to FILE (atomically): charts of the scores per topic and
    /// language, precision / recall / F1 against the threshold, a confusion view and the
    /// items the model got most wrong. One self-contained page (no script, nothing fetched).
    /// Does not change what is printed.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
}

/// Run `eval`.
pub(super) fn run(a: EvalArgs, quiet: bool) -> Result<Outcome> {
    let data = super::data_file(a.data.as_deref(), a.file.as_deref());
    if a.tune.autotune && a.cv.is_none() {
        bail!("--autotune searches training settings: it needs --cv K (and no --model)");
    }
    if let Some(path) = &a.report {
        // Before the work, so a long run does not end in "No such file or directory".
        topictag::fsutil::ensure_writable_place(path)?;
    }
    let (report, page) = if let Some(k) = a.cv {
        if k < 2 {
            bail!("--cv needs at least 2 folds");
        }
        let settings = TrainSettings {
            folds: Some(k),
            ..a.settings.clone()
        };
        let (model, tr, trace) = train_and_report(&data, &a.columns, &settings, &a.tune, quiet)?;
        for line in trace.iter().flat_map(describe_search) {
            diag!("{line}");
        }
        // Training folds no more than there are items: one item gives no held-out scores.
        let (Some(pred), Some(probs)) = (tr.oof_pred, tr.oof_probs) else {
            bail!(
                "{}: {} too few to cross-validate (--cv needs at least 2)",
                data.display(),
                topictag::plural::counted_are(tr.items, "item")
            );
        };
        let langs: Vec<&str> = tr.routes.iter().map(|r| r.code()).collect();
        let report = EvalReport::with_known(
            model.topics(),
            &tr.gold,
            &pred,
            &tr.known,
            &langs,
            tr.exclusive,
        );
        let page = match &a.report {
            None => None,
            Some(_) => {
                // The texts, as training read them (the train report keeps no texts).
                let ds = read_labelled(&data, &csv_options(&a.columns))?;
                let items: Vec<ItemOutcome> = (0..pred.len())
                    .map(|i| ItemOutcome {
                        text: ds.items[i].text.clone(),
                        lang: tr.routes[i].lang,
                        gold: tr.gold[i].clone(),
                        probs: probs[i].clone(),
                        pred: pred[i].clone(),
                    })
                    .collect();
                let source = ReportSource {
                    data_file: data.display().to_string(),
                    cv_folds: Some(k),
                    ..ReportSource::default()
                };
                Some(report::render(
                    &Tagger::new(model),
                    &report,
                    &items,
                    &source,
                )?)
            }
        };
        (report, page)
    } else {
        let path = resolve_model(a.model.as_deref())?;
        let model = super::model_path::load_model(&path)?;
        let ds = read_labelled(&data, &csv_options(&a.columns))?;
        ds.check_known(&data, model.topics())?;
        for w in &ds.warnings {
            diag!("topictag: warning: {w}");
        }
        super::settings::warn_unused_threshold(a.threshold, &model);
        let tagger = Tagger::new(model).with_threshold(a.threshold);
        let topics = tagger.model().topics();
        // Each item is scored only on the model's topics it knows (names the model lacks are
        // labels it cannot predict, reported here).
        let mapped = Gold::map(topics, &ds.items);
        if mapped.shares_no_topic() {
            let labels: Vec<&str> = mapped.unknown.keys().map(String::as_str).collect();
            anyhow::bail!(
                "{}: none of its labels ({}) is a topic of the model {} (topics: {}): evaluate \
                 with the model trained for these labels (--model FILE)",
                data.display(),
                labels.join(", "),
                path.display(),
                topics.join(", ")
            );
        }
        let Gold {
            gold,
            known,
            unknown,
            recased,
        } = mapped;
        for (l, t) in &recased {
            diag!("topictag: warning: label '{l}' is read as the model's topic '{t}'");
        }
        for (l, n) in &unknown {
            diag!(
                "topictag: warning: label '{l}' ({}) is not a topic of the model: left out of the \
                 gold (a row with only such labels counts as one of none of the model's topics)",
                counted(*n, "row")
            );
        }
        let pairs: Vec<(&str, Option<Lang>)> = ds
            .items
            .iter()
            .map(|it| (it.text.as_str(), it.lang))
            .collect();
        let tagged = tagger.tag_batch(&pairs, BatchHint::Dominant);
        let pred: Vec<Vec<usize>> = tagged.iter().map(|t| t.topics.clone()).collect();
        let langs: Vec<&str> = tagged.iter().map(|t| t.route.code()).collect();
        let exclusive = tagger.model().exclusive();
        let report = EvalReport::with_known(topics, &gold, &pred, &known, &langs, exclusive);
        let page = match &a.report {
            None => None,
            Some(_) => {
                let items: Vec<ItemOutcome> = ds
                    .items
                    .iter()
                    .zip(&tagged)
                    .zip(gold)
                    .map(|((it, t), gold)| ItemOutcome {
                        text: it.text.clone(),
                        lang: t.route.lang,
                        gold,
                        probs: t.probs.clone(),
                        pred: t.topics.clone(),
                    })
                    .collect();
                let source = ReportSource {
                    model_file: path.display().to_string(),
                    data_file: data.display().to_string(),
                    cv_folds: None,
                    threshold: a.threshold,
                };
                Some(report::render(&tagger, &report, &items, &source)?)
            }
        };
        (report, page)
    };
    // The page is ready before anything is printed; it is written after, atomically.
    let file = match (&a.report, &page) {
        (Some(path), Some(_)) => Some(AtomicFile::create(path)?),
        _ => None,
    };
    {
        let mut out = std::io::stdout().lock();
        if a.json {
            serde_json::to_writer(&mut out, &report)?;
            writeln!(out)?;
        } else {
            write!(out, "{report}")?;
        }
        out.flush()?;
    }
    if let (Some(mut file), Some(page)) = (file, page) {
        file.write_all(page.as_bytes()).with_context(|| {
            format!(
                "cannot write {}",
                a.report.as_deref().unwrap_or(Path::new("")).display()
            )
        })?;
        file.commit()?;
    }
    Ok(Outcome::Clean)
}
