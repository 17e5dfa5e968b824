//! Tests of the search on small hand-written data.

use super::*;
use crate::lang::Lang;
use crate::model::ClassifierKind;
use crate::train::train;
use candidates::round2;

/// Lowercase letters for `n` (`a`, `b`, ..., `z`, `ba`, ...): a word no other item has.
fn letters(mut n: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'a' + (n % 26) as u8);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    String::from_utf8(s).unwrap()
}

/// Items whose topic shows only inside words: every topic word is unique to its item
/// (`zorb...` for alpha, `quil...` for beta, `mank...` for gamma), so the word block
/// (`min_df` 2) sees only filler words shared across topics, while character n-grams see
/// the shared stems. `second` adds a second label to every third item (multi-label).
fn hidden_stem_items(per_topic: usize, second: bool) -> Vec<LabelledItem> {
    let topics = [("alpha", "zorb"), ("beta", "quil"), ("gamma", "mank")];
    let filler = [
        "report", "week", "city", "office", "people", "council", "plan", "market", "river",
        "school",
    ];
    let mut items = Vec::new();
    for i in 0..per_topic {
        for (t, (topic, stem)) in topics.iter().enumerate() {
            let n = items.len();
            let words = [
                filler[n % 10],
                &format!("{stem}{}", letters(3 * n + 1000)),
                filler[(n * 3 + 1) % 10],
                &format!("{stem}{}", letters(3 * n + 2000)),
                filler[(n * 7 + 4) % 10],
            ]
            .join(" ");
            let mut labels = vec![topic.to_string()];
            if second && i % 3 == 0 {
                labels.push(topics[(t + 1) % 3].0.to_string());
            }
            items.push(LabelledItem {
                line: n as u64 + 2,
                text: words,
                lang: Some(Lang::English),
                labels,
                known: None,
                group: None,
            });
        }
    }
    items
}

fn search(budget: Duration) -> AutotuneConfig {
    AutotuneConfig {
        budget,
        metric: None,
        final_folds: None,
    }
}

/// Character n-grams are the only way to the topic: the search finds them, and its score
/// is far above the base settings'.
#[test]
fn finds_the_setting_that_is_clearly_better() {
    let items = hidden_stem_items(12, false);
    let base = TrainConfig::default();
    let (chosen, trace) =
        autotune(&items, &base, &search(Duration::from_secs(600)), &|_| {}).unwrap();
    assert_eq!(trace.metric, Metric::Accuracy);
    assert!(chosen.features.char_grams.is_some(), "{trace:#?}");
    let base_score = trace.trials[0].score;
    assert!(base_score < 0.6, "base accuracy {base_score}");
    assert!(trace.best().score > 0.9, "{trace:#?}");
    assert!(!trace.budget_stop);
}

/// Every trial is in the trace, in order, the base first; the chosen trial is the best
/// complete one and the runner-up the next; the chosen score is the cross-validated score
/// training reports with those settings.
#[test]
fn the_trace_records_every_trial_and_the_winner_is_what_training_scores() {
    for (second, metric) in [(false, None), (true, None), (true, Some(Metric::MacroF1))] {
        let items = hidden_stem_items(12, second);
        let base = TrainConfig::default();
        let cfg = AutotuneConfig {
            metric,
            ..search(Duration::from_secs(600))
        };
        let started = std::sync::Mutex::new(Vec::new());
        let (chosen, trace) = autotune(&items, &base, &cfg, &|p| {
            started.lock().unwrap().push((p.trials, p.current.clone()))
        })
        .unwrap();
        let want = metric.unwrap_or(if second {
            Metric::MicroF1
        } else {
            Metric::Accuracy
        });
        assert_eq!(trace.metric, want);
        assert_eq!(trace.trials[0].settings, Settings::of(&base));
        assert!(trace.trials.len() > 10, "{}", trace.trials.len());
        // The progress callback saw each trial start, in the trace's order.
        let mut seen: Vec<(usize, Settings)> = started.into_inner().unwrap();
        seen.dedup();
        let order: Vec<&Settings> = seen.iter().map(|(_, s)| s).collect();
        let traced: Vec<&Settings> = trace
            .trials
            .iter()
            .filter(|t| t.folds > 0)
            .map(|t| &t.settings)
            .collect();
        assert_eq!(order, traced);
        for (i, t) in trace.trials.iter().enumerate() {
            assert!(t.seconds >= 0.0);
            assert!(
                !trace.trials[..i].iter().any(|u| u.settings == t.settings),
                "trial {i} repeats an earlier one"
            );
            match t.end {
                TrialEnd::Complete => assert_eq!(t.folds, 4),
                TrialEnd::Dropped => assert!((1..4).contains(&t.folds)),
                ref e => panic!("trial {i} ended by {e:?}"),
            }
        }
        let complete: Vec<f64> = trace
            .trials
            .iter()
            .filter(|t| t.end == TrialEnd::Complete)
            .map(|t| t.score)
            .collect();
        let top = complete.iter().cloned().fold(f64::MIN, f64::max);
        assert_eq!(trace.best().score, top);
        let second_best = trace.second().unwrap().score;
        assert!(second_best <= top);
        assert_eq!(trace.best().settings.apply(&base).features, chosen.features);
        let (_, report) = train(&items, "t.csv", &chosen).unwrap();
        let cv = want.of(report.cv.as_ref().unwrap());
        assert!(
            (cv - trace.best().score).abs() < 1e-12,
            "training's cv {cv} vs the search's {}",
            trace.best().score
        );
    }
}

/// A spent budget stops the search after the base settings' first fold: one trial, marked.
#[test]
fn the_budget_is_honoured() {
    let items = hidden_stem_items(6, false);
    let (chosen, trace) = autotune(
        &items,
        &TrainConfig::default(),
        &search(Duration::ZERO),
        &|_| {},
    )
    .unwrap();
    assert!(trace.budget_stop);
    assert_eq!(trace.trials.len(), 1);
    assert_eq!(trace.trials[0].end, TrialEnd::Budget);
    assert_eq!(trace.trials[0].folds, 1);
    assert_eq!(Settings::of(&chosen), Settings::of(&TrainConfig::default()));
    assert_eq!(trace.runner_up, None);
}

/// Same items, settings and seed: the same trials with the same scores; another seed,
/// other folds.
#[test]
fn the_search_is_deterministic_for_a_seed() {
    let items = hidden_stem_items(8, true);
    let run = |seed| {
        let base = TrainConfig {
            seed,
            ..TrainConfig::default()
        };
        let (_, t) = autotune(&items, &base, &search(Duration::from_secs(600)), &|_| {}).unwrap();
        t.trials
            .into_iter()
            .map(|t| (t.settings, t.folds, t.score, t.end))
            .collect::<Vec<_>>()
    };
    let a = run(42);
    assert_eq!(a, run(42));
    assert_ne!(a, run(7));
}

/// `final_folds` changes the folds of the returned configuration (the training after the
/// search), not the search: with time to spare, the same trials and the same choice.
#[test]
fn final_folds_set_the_training_after_the_search_only() {
    let items = hidden_stem_items(8, false);
    let base = TrainConfig::default();
    let ample = search(Duration::from_secs(600));
    let (kept, with_folds) = autotune(&items, &base, &ample, &|_| {}).unwrap();
    let none_after = AutotuneConfig {
        final_folds: Some(0),
        ..ample
    };
    let (chosen, trace) = autotune(&items, &base, &none_after, &|_| {}).unwrap();
    assert_eq!(kept.folds, base.folds);
    assert_eq!(chosen.folds, 0);
    assert_eq!(trace.folds as usize, base.folds);
    assert_eq!(Settings::of(&chosen), Settings::of(&kept));
    let run = |t: &Trace| {
        t.trials
            .iter()
            .map(|t| (t.settings.clone(), t.folds, t.score, t.end.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(run(&trace), run(&with_folds));
}

#[test]
fn bad_requests_are_errors_that_say_why() {
    let items = hidden_stem_items(4, false);
    let no_folds = TrainConfig {
        folds: 0,
        ..TrainConfig::default()
    };
    let e = autotune(&items, &no_folds, &search(Duration::ZERO), &|_| {}).unwrap_err();
    assert!(
        e.to_string().contains("needs at least 2 folds (got 0)"),
        "{e}"
    );
    let e = autotune(
        &items[..1],
        &TrainConfig::default(),
        &search(Duration::ZERO),
        &|_| {},
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("need at least 2 items (got 1)"),
        "{e}"
    );
    // Base settings that cannot train: the search says so instead of searching.
    let bad = TrainConfig {
        features: FeatureConfig {
            min_df: 1000,
            ..FeatureConfig::default()
        },
        ..TrainConfig::default()
    };
    let e = autotune(&items, &bad, &search(Duration::ZERO), &|_| {}).unwrap_err();
    assert!(e.to_string().contains("the vocabulary is empty"), "{e}");
}

#[test]
fn settings_round_trip_through_a_config_and_name_their_flags() {
    let s = Settings {
        classifier: ClassifierKind::Logistic,
        alpha: 0.01,
        max_iterations: 100,
        min_df: 1,
        bigrams: false,
        char_grams: Some(Grams {
            min_n: 2,
            max_n: 5,
            weight: 0.5,
        }),
        features_per_topic: usize::MAX,
        features_per_positive: usize::MAX,
    };
    assert_eq!(Settings::of(&s.apply(&TrainConfig::default())), s);
    assert_eq!(
        s.flags(),
        "--classifier logistic --alpha 0.01 --max-iter 100 --min-df 1 --char-grams 2-5 \
         --char-weight 0.5 --features-per-topic all --features-per-positive all"
    );
    assert_eq!(
        s.to_string(),
        "logistic alpha 0.01, 100 iterations, min_df 1, char 2-5 x0.5, every column"
    );
    // Without n-grams the flags say so: a small file's defaults would otherwise add them.
    let words_only = Settings {
        char_grams: None,
        features_per_topic: 2000,
        features_per_positive: 50,
        ..s
    };
    assert_eq!(
        words_only.flags(),
        "--classifier logistic --alpha 0.01 --max-iter 100 --min-df 1 --char-grams off \
         --features-per-topic 2000 --features-per-positive 50"
    );
    assert_eq!(round2(0.01 / 3.0).to_string(), "0.0033");
    assert_eq!(round2(0.3).to_string(), "0.3");
    assert_eq!(round2(30.0).to_string(), "30");
    assert_eq!(drop_margin(1, 4), 0.02);
    assert_eq!(drop_margin(4, 4), 0.0);
}

/// A search over `items` with the base settings the SVM defaults give them, and fold costs
/// recorded by hand (no trial run): what the cost estimates read.
fn search_with_costs<'a>(
    items: &'a [LabelledItem],
    progress: &'a dyn Fn(&Progress),
    budget: Duration,
    costs: &[(&Settings, f64)],
) -> Search<'a> {
    let base = TrainConfig::for_items(ClassifierKind::Svm, items.len(), true);
    let mut s = Search::new(items, &base, &search(budget), progress).unwrap();
    for (settings, seconds) in costs {
        let cfg = settings.apply(&s.base).check().unwrap();
        let entries = s.entries(&cfg.features);
        s.fold_costs.push(cost::FoldCost {
            key: cost::cost_key(settings),
            fit: cost::fit_key(settings),
            entries,
            seconds: *seconds,
        });
    }
    s
}

/// New vectors under a classifier and columns already fitted cost that fit scaled by the
/// entries a row stores: character n-grams, many per word, raise the estimate by their
/// ratio; the same shape costs what it cost; a shape never fitted on a set too small to
/// probe is assumed cheap.
#[test]
fn fold_costs_scale_with_the_entries_a_row_stores() {
    let items = hidden_stem_items(20, false);
    let quiet = |_: &Progress| {};
    let base = TrainConfig::for_items(ClassifierKind::Svm, items.len(), true);
    let words = Settings {
        char_grams: None,
        ..Settings::of(&base)
    };
    let mut s = search_with_costs(&items, &quiet, Duration::from_secs(60), &[(&words, 2.0)]);
    let cfg = |s: &Search, t: &Settings| t.apply(&s.base).check().unwrap();
    let same = cfg(&s, &words);
    assert_eq!(s.expected_fold_seconds(&words, &same), 2.0);
    let grams = Settings {
        char_grams: Some(Grams {
            min_n: 2,
            max_n: 5,
            weight: 0.5,
        }),
        ..words.clone()
    };
    let with_grams = cfg(&s, &grams);
    let ratio = s.entries(&with_grams.features) / s.entries(&same.features);
    assert!(ratio > 3.0, "grams per word: {ratio}");
    let expected = s.expected_fold_seconds(&grams, &with_grams);
    assert!(
        (expected - 2.0 * ratio).abs() < 1e-9,
        "{expected} vs {}",
        2.0 * ratio
    );
    // Another classifier was never fitted; 60 items are too few to probe.
    let bayes = Settings {
        classifier: ClassifierKind::Bayes,
        ..words.clone()
    };
    let bayes_cfg = cfg(&s, &bayes);
    assert_eq!(s.expected_fold_seconds(&bayes, &bayes_cfg), 0.0);
}

/// A candidate expected to take more than a tenth of the budget over its folds waits for
/// the cheaper ones; the estimate is the latest fold of its shape (alpha is not part of it).
#[test]
fn expensive_candidates_are_the_ones_over_a_tenth_of_the_budget() {
    let items = hidden_stem_items(20, false);
    let quiet = |_: &Progress| {};
    let base = TrainConfig::for_items(ClassifierKind::Svm, items.len(), true);
    let trial = Settings::of(&base);
    let other_alpha = Settings {
        alpha: 0.5,
        ..trial.clone()
    };
    let budget = Duration::from_secs(60);
    // 4 folds at 1 s: 4 s, under a tenth of 60 s.
    let mut s = search_with_costs(&items, &quiet, budget, &[(&trial, 1.0)]);
    assert_eq!(s.plan.folds, 4);
    assert!(!s.expensive(&trial));
    // The same shape's latest fold took 2 s: 8 s, over it.
    let mut s = search_with_costs(
        &items,
        &quiet,
        budget,
        &[(&trial, 1.0), (&other_alpha, 2.0)],
    );
    assert!(s.expensive(&trial) && s.expensive(&other_alpha));
}

/// The budget's words say whether the search ran to its budget or ended earlier with some
/// trial cut as too slow.
#[test]
fn budget_words_tell_a_spent_budget_from_a_cut_trial() {
    let trace = |budget_stop, seconds| Trace {
        metric: Metric::Accuracy,
        folds: 4,
        budget_seconds: 120.0,
        seconds,
        budget_stop,
        trials: Vec::new(),
        chosen: 0,
        runner_up: None,
    };
    assert_eq!(trace(false, 119.0).budget_words(), "");
    assert_eq!(trace(true, 115.0).budget_words(), "used up");
    assert_eq!(trace(true, 57.0).budget_words(), "slow trials cut");
}
