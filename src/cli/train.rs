//! `topictag train`: fit a model on a labelled file, save it, print a summary.

use super::settings::{train_config, TrainSettings};
use super::{bar, csv_options, ColumnArgs, Outcome};
use anyhow::Result;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;
use topictag::dataset::read_labelled;
use topictag::fsutil::ensure_distinct;
use topictag::model::{DataSource, TopicModel};
use topictag::train::{train_with_progress, Stage, TrainConfig, TrainReport};

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
    /// Record the corpora the training file was built from, with their licences, in the
    /// model (shown by `inspect`): a file with one corpus a line, `name<TAB>rows<TAB>licence`
    /// (`#` lines are comments). `training/build.sh` passes the list its converter wrote.
    #[arg(long, value_name = "FILE")]
    pub sources: Option<PathBuf>,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Read a labelled file and train on it, with a progress bar and warnings on stderr.
pub(super) fn train_and_report(
    data: &Path,
    columns: &ColumnArgs,
    cfg: &TrainConfig,
    quiet: bool,
) -> Result<(TopicModel, TrainReport)> {
    let ds = read_labelled(data, &csv_options(columns))?;
    ds.check_known(data, &[])?;
    for w in &ds.warnings {
        diag!("topictag: warning: {w}");
    }
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
    let result = train_with_progress(&ds.items, &name, cfg, &progress);
    pb.finish_and_clear();
    let (model, report) = result?;
    for w in &report.warnings {
        diag!("topictag: warning: {w}");
    }
    Ok((model, report))
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
    let (mut model, report) = train_and_report(&a.data, &a.columns, &cfg, quiet)?;
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
