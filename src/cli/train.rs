//! `topictag train`: fit a model on a labelled file, save it, print a summary.

use super::settings::{train_config, AutotuneArgs, TrainSettings};
use super::{bar, csv_options, ColumnArgs, Outcome};
use anyhow::Result;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;
use topictag::dataset::read_labelled;
use topictag::fsutil::ensure_distinct;
use topictag::model::{DataSource, TopicModel};
use topictag::train::autotune::Progress;
use topictag::train::{
    autotune, train_with_progress, AutotuneConfig, Stage, Trace, TrainConfig, TrainReport,
};

#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Labelled CSV file (a `.tsv` file is split on tabs).
    #[arg(long, value_name = "FILE.csv")]
    pub data: PathBuf,
    /// Where to write the model (atomically; an earlier model survives a failed run).
    #[arg(long, value_name = "FILE.model")]
    pub out: PathBuf,
    #[command(flatten)]
    pub columns: ColumnArgs,
    #[command(flatten)]
    pub settings: TrainSettings,
    #[command(flatten)]
    pub tune: AutotuneArgs,
    /// Record the corpora the training file was built from, with their licences, in the
    /// model (shown by `inspect`): a file with one corpus a line, `name<TAB>rows<TAB>licence`
    /// (`#` lines are comments). `training/build.sh` passes the list its converter wrote.
    #[arg(long, value_name = "FILE")]
    pub sources: Option<PathBuf>,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Read a labelled file and train on it (after an autotune search of the settings, when
/// asked), with progress bars and warnings on stderr. Returns the trace of the search.
pub(super) fn train_and_report(
    data: &Path,
    columns: &ColumnArgs,
    cfg: &TrainConfig,
    tune: &AutotuneArgs,
    quiet: bool,
) -> Result<(TopicModel, TrainReport, Option<Trace>)> {
    let ds = read_labelled(data, &csv_options(columns))?;
    ds.check_known(data, &[])?;
    for w in &ds.warnings {
        diag!("topictag: warning: {w}");
    }
    let (cfg, trace) = if tune.autotune {
        let (cfg, trace) = search(&ds.items, cfg, tune, quiet)?;
        (cfg, Some(trace))
    } else {
        (cfg.clone(), None)
    };
    let pb = bar(quiet, Some(ds.items.len() as u64), "analyzing");
    let name = data
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let progress = |stage: Stage, done: usize, total: usize| {
        if stage == Stage::Fit && pb.prefix() != "fitting" {
            pb.set_prefix("fitting");
            pb.set_length(total as u64);
        }
        pb.set_position(done as u64);
    };
    let result = train_with_progress(&ds.items, &name, &cfg, &progress);
    pb.finish_and_clear();
    let (mut model, report) = result?;
    for w in &report.warnings {
        diag!("topictag: warning: {w}");
    }
    model.set_autotune(trace.clone());
    Ok((model, report, trace))
}

/// The autotune search, with a progress bar of the budget (seconds) and the best score so far.
fn search(
    items: &[topictag::dataset::LabelledItem],
    cfg: &TrainConfig,
    tune: &AutotuneArgs,
    quiet: bool,
) -> Result<(TrainConfig, Trace)> {
    let budget = tune.budget.as_secs_f64().ceil() as u64;
    let pb = bar(quiet, Some(budget.max(1)), "tuning");
    let progress = |p: &Progress| {
        pb.set_position((p.elapsed.as_secs_f64() as u64).min(budget));
        let best = p.best.map(|b| format!(", best {b:.4}")).unwrap_or_default();
        pb.set_message(format!("s, trial {}{best}", p.trials));
    };
    let search = AutotuneConfig {
        budget: tune.budget,
        metric: tune.metric,
    };
    let result = autotune(items, cfg, &search, &progress);
    pb.finish_and_clear();
    Ok(result?)
}

/// What the search chose, as lines for people: the settings (and the flags that give them),
/// their score, the runner-up, and what the search did.
pub(super) fn describe_search(trace: &Trace) -> Vec<String> {
    let best = trace.best();
    let metric = trace.metric.name();
    let mut lines = vec![
        format!(
            "autotune: {} trials in {:.1} s (budget {:.0} s{}), {}-fold cross-validated {metric} on the training file",
            trace.trials.len(),
            trace.seconds,
            trace.budget_seconds,
            if trace.budget_stop { ", used up" } else { "" },
            trace.folds
        ),
        format!("  chosen     {metric} {:.4}  {}", best.score, best.settings),
        format!("             flags: {}", best.settings.flags()),
    ];
    match trace.second() {
        Some(r) => lines.push(format!(
            "  runner-up  {metric} {:.4}  {}",
            r.score, r.settings
        )),
        None => lines.push("  runner-up  none (no other trial completed every fold)".into()),
    }
    if trace.chosen != 0 {
        let base = &trace.trials[0];
        lines.push(format!(
            "  given      {metric} {:.4}{}  {}",
            base.score,
            if base.folds < trace.folds {
                format!(" ({} of {} folds)", base.folds, trace.folds)
            } else {
                String::new()
            },
            base.settings
        ));
    }
    lines
}

/// Run `train`.
pub(super) fn run(a: TrainArgs, quiet: bool) -> Result<Outcome> {
    let start = Instant::now();
    let cfg = train_config(&a.settings);
    ensure_distinct(&a.out, "the training data", &a.data)?;
    // Read the sources list first: a bad list fails before minutes of training.
    let sources = match &a.sources {
        Some(path) => {
            ensure_distinct(&a.out, "the sources list", path)?;
            DataSource::read(path)?
        }
        None => Vec::new(),
    };
    let (mut model, report, trace) = train_and_report(&a.data, &a.columns, &cfg, &a.tune, quiet)?;
    model.set_sources(sources);
    model.save(&a.out)?;
    let secs = start.elapsed().as_secs_f64();
    let out = std::io::stdout();
    let mut out = out.lock();
    if a.json {
        let summary = serde_json::json!({
            "model": a.out,
            "items": report.items,
            "topics": report.topics,
            "known": report.known_counts,
            "languages": report.languages,
            "exclusive": report.exclusive,
            "thresholds": model.topics().iter().zip(model.thresholds()).collect::<Vec<_>>(),
            "cv": report.cv,
            "autotune": trace,
            "seconds": secs,
        });
        writeln!(out, "{summary}")?;
    } else {
        writeln!(
            out,
            "trained {} on {} items in {secs:.1} s",
            a.out.display(),
            report.items
        )?;
        for line in trace.iter().flat_map(describe_search) {
            writeln!(out, "{line}")?;
        }
        let langs: Vec<String> = report
            .languages
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        writeln!(out, "languages: {}", langs.join(", "))?;
        writeln!(
            out,
            "{} topics{}:",
            report.topics.len(),
            if report.exclusive {
                " (exclusive: one per item)"
            } else {
                ""
            }
        )?;
        let partial = report.known_counts.iter().any(|&k| k < report.items as u64);
        for (i, (t, n)) in report.topics.iter().enumerate() {
            let known = if partial {
                format!(" of {:>6} known", report.known_counts[i])
            } else {
                String::new()
            };
            let cv = report
                .cv
                .as_ref()
                .map(|s| format!("  cv F1 {:.3}", s.topics[i].prf.f1))
                .unwrap_or_default();
            writeln!(
                out,
                "  {t:<24} {n:>6} items{known}  threshold {:.2}{cv}",
                model.thresholds()[i]
            )?;
        }
        match &report.cv {
            Some(s) => {
                write!(
                    out,
                    "cross-validated ({} folds): micro-F1 {:.3}, macro-F1 {:.3}",
                    cfg.folds, s.micro.f1, s.macro_avg.f1
                )?;
                if let Some(acc) = s.accuracy {
                    write!(out, ", accuracy {acc:.3}")?;
                }
                writeln!(out)?;
            }
            None => writeln!(
                out,
                "no cross-validation (--folds {}): thresholds left at 0.5",
                cfg.folds
            )?,
        }
    }
    Ok(Outcome::Clean)
}
