//! `topictag train`: fit a model on a labelled file, save it, print a summary.

use super::settings::{size_defaults_note, train_config, AutotuneArgs, TrainSettings};
use super::{bar, csv_options, ColumnArgs, Outcome};
use anyhow::{bail, Result};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;
use topictag::dataset::{read_labelled, Dataset};
use topictag::fsutil::ensure_distinct;
use topictag::model::{DataSource, TopicModel};
use topictag::plural::counted;
use topictag::tagger::Tagger;
use topictag::train::autotune::{Progress, Trial};
use topictag::train::{
    autotune, train_with_progress, trains_exclusive, AutotuneConfig, HeldOutSet, Stage,
    ThresholdRows, Trace, TrainConfig, TrainReport, MIN_HELD_OUT_POSITIVES,
};

#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Labelled CSV file: commas, or semicolons or tabs if the header line holds those
    /// instead (a `.tsv` file is split on tabs).
    /// Given as `--data FILE` or as the first argument.
    #[arg(long, value_name = "FILE.csv", required_unless_present = "file")]
    pub data: Option<PathBuf>,
    /// The labelled file, when not given as --data.
    #[arg(value_name = "FILE.csv", conflicts_with = "data", hide = true)]
    pub file: Option<PathBuf>,
    /// Where to write the model (atomically; an earlier model survives a failed run).
    #[arg(long, short, value_name = "FILE.model")]
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
    /// Choose each topic's threshold on these held-out labelled files too (same columns as
    /// --data, `known` included), pooled with the training file's out-of-fold scores. Use it
    /// when the text you will tag differs from the training text (real news against written
    /// examples, headlines against articles): the cut is the best one over both kinds. A
    /// topic needs at least 20 positives among the rows that know it; with fewer it keeps the
    /// out-of-fold threshold. Keep these files apart from the data you report scores on.
    /// Recorded in the model (`inspect`).
    #[arg(long, value_name = "FILE.csv", num_args = 1..)]
    pub calibrate: Vec<PathBuf>,
    /// With --calibrate: choose the thresholds on the held-out files alone, leaving out the
    /// training file's out-of-fold scores.
    #[arg(long, requires = "calibrate")]
    pub calibrate_alone: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Read the held-out files of `--calibrate` (before training: a bad file fails fast).
/// A held-out row may know only topics the training file has.
fn read_held_out(
    paths: &[PathBuf],
    out: &Path,
    columns: &ColumnArgs,
    (data, training): (&Path, &Dataset),
) -> Result<Vec<(String, Dataset)>> {
    let topics: Vec<String> = training.labels().into_iter().map(String::from).collect();
    paths
        .iter()
        .map(|p| {
            ensure_distinct(out, "a --calibrate file", p)?;
            if let (Ok(a), Ok(b)) = (p.canonicalize(), data.canonicalize()) {
                if a == b {
                    bail!(
                        "{}: a --calibrate file is held out from training, but this is the \
                         training file: its rows would choose thresholds on scores of texts the \
                         model was fitted on",
                        p.display()
                    );
                }
            }
            let ds = read_labelled(p, &csv_options(columns))?;
            ds.check_known(p, &topics)?;
            for w in &ds.warnings {
                diag!("topictag: warning: {w}");
            }
            let mut unknown: std::collections::BTreeMap<&str, usize> = Default::default();
            for l in ds.items.iter().flat_map(|it| &it.labels) {
                if !topics.contains(l) {
                    *unknown.entry(l).or_default() += 1;
                }
            }
            for (l, n) in unknown {
                diag!(
                    "topictag: warning: {}: label '{l}' ({n} items) is not a topic of the \
                     training file; ignored (its rows count as negatives)",
                    p.display()
                );
            }
            Ok((file_name(p), ds))
        })
        .collect()
}

/// Choose thresholds on the held-out files (pooled with training's out-of-fold rows when
/// `with_oof`) and set them in the model.
fn calibrate(
    model: TopicModel,
    held_out: &[(String, Dataset)],
    report: &TrainReport,
    with_oof: bool,
) -> Result<TopicModel> {
    let tagger = Tagger::new(model);
    let mut rows = ThresholdRows::new(tagger.model().topics().len());
    if with_oof {
        if let Some(probs) = &report.oof_probs {
            for ((p, g), k) in probs.iter().zip(&report.gold).zip(&report.known) {
                rows.add(p, g, k.as_deref());
            }
            rows.name_source("training (out-of-fold)");
        }
    }
    for (name, ds) in held_out {
        rows.add_set(
            &tagger,
            &HeldOutSet {
                name,
                items: &ds.items,
            },
        );
    }
    let chosen = rows.choose(tagger.model(), MIN_HELD_OUT_POSITIVES)?;
    let mut model = tagger.into_model();
    model.set_held_out_thresholds(chosen)?;
    Ok(model)
}

/// A path's file name (no directory), as the model records it.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Read a labelled file and train on it with `settings` (defaults by the file's size), after
/// an autotune search of the settings when asked, with progress bars and warnings on stderr.
/// Returns the trace of the search.
pub(super) fn train_and_report(
    data: &Path,
    columns: &ColumnArgs,
    settings: &TrainSettings,
    tune: &AutotuneArgs,
    quiet: bool,
) -> Result<(TopicModel, TrainReport, Option<Trace>)> {
    let ds = read_training(data, columns)?;
    let plan = config_for(settings, &ds, tune.autotune, quiet)?;
    train_on(&ds, data, &plan, tune, quiet)
}

/// What `train` runs: the configuration to train with (or, with `--autotune`, to start the
/// search from), the folds of the training after a search when not the search's own, and
/// whether the labels make an exclusive (single-label) model.
struct TrainPlan {
    cfg: TrainConfig,
    final_folds: Option<usize>,
    exclusive: bool,
}

/// The training configuration of `settings` for this file (defaults by its size and by
/// whether it trains a single-label model), with a note on stderr (unless `quiet`) naming the
/// size-dependent defaults that applied. A large single-label file's defaults have no
/// cross-validation folds; a search (`autotune`) scores its trials on the general default
/// folds and the training after it keeps the file's default of none.
fn config_for(
    settings: &TrainSettings,
    ds: &Dataset,
    autotune: bool,
    quiet: bool,
) -> Result<TrainPlan> {
    let n = ds.items.len();
    let plain = train_config(settings, n, false).map_err(anyhow::Error::msg)?;
    // Labels no classifier can learn from are training's to report, after its own checks.
    let exclusive = trains_exclusive(&ds.items, &plain).unwrap_or(false);
    let mut cfg = if exclusive {
        train_config(settings, n, true).map_err(anyhow::Error::msg)?
    } else {
        plain
    };
    let mut final_folds = None;
    if autotune && settings.folds.is_none() && cfg.folds == 0 {
        final_folds = Some(0);
        cfg.folds = TrainConfig::default().folds;
    }
    if let Some(note) = size_defaults_note(settings, n, exclusive, autotune).filter(|_| !quiet) {
        diag!("topictag: {note}");
    }
    // Asked for one topic per item on rows that carry several: said, since every item the
    // model tags will lose all but its most probable topic.
    let several = ds.items.iter().filter(|it| it.labels.len() > 1).count();
    if exclusive && several > 0 {
        diag!(
            "topictag: warning: --exclusive, but {several} of {n} rows have more than one \
             label: the model will assign each item only its most probable topic (leave \
             --exclusive out for one or more topics per item)"
        );
    }
    Ok(TrainPlan {
        cfg,
        final_folds,
        exclusive,
    })
}

/// Read a training file, checking its `known` names and printing its warnings.
fn read_training(data: &Path, columns: &ColumnArgs) -> Result<Dataset> {
    let ds = read_labelled(data, &csv_options(columns))?;
    ds.check_known(data, &[])?;
    for w in &ds.warnings {
        diag!("topictag: warning: {w}");
    }
    Ok(ds)
}

/// Train on a read file (after an autotune search of the settings, when asked), with
/// progress bars; the model records the search.
fn train_on(
    ds: &Dataset,
    data: &Path,
    plan: &TrainPlan,
    tune: &AutotuneArgs,
    quiet: bool,
) -> Result<(TopicModel, TrainReport, Option<Trace>)> {
    let (cfg, trace) = if tune.autotune {
        let (cfg, trace) = search(&ds.items, plan, tune, quiet)?;
        (cfg, Some(trace))
    } else {
        (plan.cfg.clone(), None)
    };
    let pb = bar(quiet, Some(ds.items.len() as u64), "analyzing");
    let name = file_name(data);
    let progress = |stage: Stage, done: usize, total: usize| {
        if stage == Stage::Fit && pb.prefix() != "fitting" {
            // Position and length first: no frame shows the analysis count over the fits'.
            pb.set_position(0);
            pb.set_length(total as u64);
            pb.set_prefix("fitting");
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
    plan: &TrainPlan,
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
        final_folds: plan.final_folds,
    };
    let result = autotune(items, &plan.cfg, &search, &progress);
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
            "autotune: {} in {:.1} s (budget {:.0} s{}), {}-fold cross-validated {metric} on the training file",
            counted(trace.trials.len(), "trial"),
            trace.seconds,
            trace.budget_seconds,
            match trace.budget_words() {
                "" => String::new(),
                words => format!(", {words}"),
            },
            trace.folds
        ),
        format!(
            "  chosen     {metric} {:.4}{}  {}",
            best.score,
            part_of(best, trace),
            best.settings
        ),
        format!("             flags: {}", best.settings.flags()),
    ];
    match trace.second() {
        Some(r) => lines.push(format!(
            "  runner-up  {metric} {:.4}  {}",
            r.score, r.settings
        )),
        None => lines.push("  runner-up  none (no other trial completed every fold)".into()),
    }
    if let Some(hint) = budget_hint(trace) {
        lines.push(hint);
    }
    if trace.chosen != 0 {
        let base = &trace.trials[0];
        lines.push(format!(
            "  given      {metric} {:.4}{}  {}",
            base.score,
            part_of(base, trace),
            base.settings
        ));
    }
    lines
}

/// ` (1 of 4 folds)` when the budget stopped `t` before its last fold; else nothing.
fn part_of(t: &Trial, trace: &Trace) -> String {
    if t.folds < trace.folds {
        format!(" ({} of {} folds)", t.folds, trace.folds)
    } else {
        String::new()
    }
}

/// Settings a search compares for its [`budget_hint`]: the given ones on every fold and some
/// five others (most candidates are dropped after a fold or two).
const HINT_FOLDS_PER_TRIAL: f64 = 6.0;

/// When the budget ended the search before any setting but the given ones was scored (a large
/// file, where one fold takes a good part of the budget), a line saying so, with a budget that
/// would let it compare a handful of settings: without it the user sees a search of one trial
/// and cannot tell why.
fn budget_hint(trace: &Trace) -> Option<String> {
    let base = trace.trials.first()?;
    let searched = trace.trials.iter().skip(1).any(|t| t.folds > 0);
    if !trace.budget_stop || searched || base.folds == 0 {
        return None;
    }
    let per_fold = base.seconds / f64::from(base.folds);
    let minutes = (per_fold * f64::from(trace.folds) * HINT_FOLDS_PER_TRIAL / 60.0).ceil();
    Some(format!(
        "  note       the budget ended the search at the given settings: one fold of them took \
         {per_fold:.0} s on this file; --budget {minutes:.0}m leaves room to compare about five \
         other settings"
    ))
}

/// Run `train`.
pub(super) fn run(a: TrainArgs, quiet: bool) -> Result<Outcome> {
    let data = super::data_file(a.data.as_deref(), a.file.as_deref());
    let start = Instant::now();
    topictag::fsutil::ensure_writable_place(&a.out)?;
    ensure_distinct(&a.out, "the training data", &data)?;
    // Read the sources list first: a bad list fails before minutes of training.
    let sources = match &a.sources {
        Some(path) => {
            ensure_distinct(&a.out, "the sources list", path)?;
            DataSource::read(path)?
        }
        None => Vec::new(),
    };
    topictag::fsutil::ensure_same_kind(&a.out, true)?;
    let training = read_training(&data, &a.columns)?;
    let plan = config_for(&a.settings, &training, a.tune.autotune, quiet)?;
    let held_out = read_held_out(&a.calibrate, &a.out, &a.columns, (&data, &training))?;
    // An exclusive model assigns its most probable topic: no threshold to choose. Said before
    // training rather than after.
    if !held_out.is_empty() && plan.exclusive {
        bail!(
            "--calibrate chooses thresholds, but {} trains an exclusive model (every row has one label, so each item gets its most probable topic and no threshold applies): drop --calibrate",
            data.display()
        );
    }
    let (mut model, report, trace) = train_on(&training, &data, &plan, &a.tune, quiet)?;
    // The folds the model was trained with (after a search: its choice's).
    let folds = report.folds;
    drop(training);
    if !held_out.is_empty() {
        model = calibrate(model, &held_out, &report, !a.calibrate_alone)?;
    }
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
            "held_out": model.meta().held_out,
            "autotune": trace,
            "seconds": secs,
        });
        writeln!(out, "{summary}")?;
    } else {
        writeln!(
            out,
            "trained {} on {} in {secs:.1} s",
            a.out.display(),
            counted(report.items, "item")
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
            "{}{}:",
            counted(report.topics.len(), "topic"),
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
            let held_out = match &model.meta().held_out {
                Some(h) => match h.topics[i].chosen {
                    Some(_) => format!(
                        " (held-out: {} of {} rows positive; out-of-fold {:.2})",
                        h.topics[i].positives, h.topics[i].known, h.topics[i].trained
                    ),
                    None => format!(
                        " (out-of-fold: {} held-out positives are too few)",
                        h.topics[i].positives
                    ),
                },
                None => String::new(),
            };
            writeln!(
                out,
                "  {t:<24} {n:>6} items{known}  threshold {:.2}{held_out}{cv}",
                model.thresholds()[i]
            )?;
        }
        match &report.cv {
            Some(s) => {
                write!(
                    out,
                    "cross-validated ({} folds): micro-F1 {:.3}, macro-F1 {:.3}",
                    folds, s.micro.f1, s.macro_avg.f1
                )?;
                if let Some(acc) = s.accuracy {
                    write!(out, ", accuracy {acc:.3}")?;
                }
                writeln!(out)?;
            }
            None if report.exclusive => writeln!(
                out,
                "no cross-validation (--folds {}): a single-label model takes its most probable topic; `eval --cv 4` or --folds 4 gives a cross-validated score",
                folds
            )?,
            None => writeln!(
                out,
                "no cross-validation (--folds {}): thresholds left at 0.5",
                folds
            )?,
        }
    }
    Ok(Outcome::Clean)
}

#[cfg(test)]
mod tests {
    use super::*;
    use topictag::train::autotune::{Metric, Settings, TrialEnd};

    fn trial(folds: u32, seconds: f64) -> Trial {
        Trial {
            settings: Settings::of(&TrainConfig::default()),
            folds,
            score: 0.8,
            seconds,
            end: if folds == 4 {
                TrialEnd::Complete
            } else {
                TrialEnd::Budget
            },
        }
    }

    fn trace(budget_stop: bool, trials: Vec<Trial>) -> Trace {
        Trace {
            metric: Metric::Accuracy,
            folds: 4,
            budget_seconds: 120.0,
            seconds: 100.0,
            budget_stop,
            trials,
            chosen: 0,
            runner_up: None,
        }
    }

    #[test]
    fn a_search_the_budget_ended_at_the_given_settings_says_what_budget_would_do() {
        // One fold of 90 s: 4 folds x 6 trials x 90 s = 36 minutes.
        let lines = describe_search(&trace(true, vec![trial(1, 90.0)]));
        let note = lines.iter().find(|l| l.contains("note")).expect("a note");
        assert!(note.contains("took 90 s"), "{note}");
        assert!(note.contains("--budget 36m"), "{note}");
        // The chosen settings say they were scored on one fold only.
        let chosen = lines.iter().find(|l| l.contains("chosen")).unwrap();
        assert!(chosen.contains("0.8000 (1 of 4 folds)"), "{chosen}");
        let whole = describe_search(&trace(false, vec![trial(4, 40.0)]));
        assert!(
            whole.iter().all(|l| !l.contains(" of 4 folds")),
            "{whole:?}"
        );
    }

    #[test]
    fn no_note_when_the_search_compared_settings_or_ended_by_itself() {
        let searched = trace(true, vec![trial(4, 40.0), trial(1, 10.0)]);
        let finished = trace(false, vec![trial(4, 40.0)]);
        for t in [searched, finished] {
            assert!(describe_search(&t).iter().all(|l| !l.contains("note")));
        }
    }
}
