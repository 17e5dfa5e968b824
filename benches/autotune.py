"""Autotune benchmark (issue #21): topictag with no flags and with --autotune against
scikit-learn's defaults, the best configuration of benches/peers/study.py, a scikit-learn
GridSearchCV over the same grid and the same folds, and fastText's own autotune; all in one
run on this machine, on train/test splits of the public datasets.

Run (the venv of benches/peers/README.md; a release build of topictag):

    cargo build --release
    /work/scratch/peers-venv/bin/python benches/autotune.py sib:eng_Latn sib:spa_Latn \\
        [--budget 120] [--no-fasttext] [--no-grid] [--defaults-only] [--json results.json]
    /work/scratch/peers-venv/bin/python benches/autotune.py --render results.json

Datasets (from $TOPICTAG_DATASETS, default /work/shared/datasets; read at run time, written
only as temporary CSV files outside the repository):
  sib:<lang>  SIB-200 annotated/<lang>/{train,test}.tsv (701 / 204 items, 7 topics; dev unused)
  reuters     Reuters-21578 ModApte-90 (modapte90_{train,test}.jsonl; multi-label, 90 topics)
  20ng        20 Newsgroups bydate (20news-bydate-{train,test}.jsonl; 20 topics)
  bbc         BBC News full text (bbc_fulltext.jsonl, 2,225 items, 5 topics): no official split,
              so a seeded one: items in a SplitMix64 permutation (seed 0), the first 80% train
  agnews      AG News (the copy holds test.csv only, 7,600 items, 4 topics): the same seeded
              80/20 split of that file

Nothing is chosen on a test split: every search (topictag --autotune, GridSearchCV, fastText's
autotune) sees the train split only; the test split scores the model each one ends with.
GridSearchCV uses topictag's own folds (the SplitMix64 fold assignment of
src/train/folds.rs, k = 4, seed 42), and the grid spans the dimensions of topictag's search
space that scikit-learn has (see GRID). fastText's validation file is the last 20% of the
train split in a seeded permutation, as its -autotune-validation asks.

Metric: accuracy for the single-label sets, micro-F1 for Reuters (macro-F1 reported beside).
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(v, "1")

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import accuracy_score, f1_score  # noqa: E402
from sklearn.model_selection import GridSearchCV  # noqa: E402
from sklearn.multiclass import OneVsRestClassifier  # noqa: E402
from sklearn.pipeline import FeatureUnion, Pipeline  # noqa: E402
from sklearn.preprocessing import MultiLabelBinarizer  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.environ.get("TOPICTAG_DATASETS", "/work/shared/datasets")
BIN = os.environ.get("TOPICTAG", os.path.join(ROOT, "target", "release", "topictag"))
FOLDS, SEED = 4, 42


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ topictag's shuffle
M64 = (1 << 64) - 1


def seeded_permutation(n, seed):
    """src/train/folds.rs: SplitMix64 Fisher-Yates, bit for bit."""
    order = list(range(n))
    state = (seed ^ 0x9E3779B97F4A7C15) & M64
    for i in range(n - 1, 0, -1):
        state = (state + 0x9E3779B97F4A7C15) & M64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        z ^= z >> 31
        j = z % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def topictag_folds(n, k=FOLDS, seed=SEED):
    """(train, test) index arrays of topictag's cross-validation folds."""
    fold = [0] * n
    for pos, i in enumerate(seeded_permutation(n, seed)):
        fold[i] = pos % k
    fold = np.array(fold)
    return [(np.flatnonzero(fold != f), np.flatnonzero(fold == f)) for f in range(k)]


# ------------------------------------------------------------------ data
def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def seeded_split(items):
    order = seeded_permutation(len(items), 0)
    cut = len(items) * 4 // 5
    return [items[i] for i in order[:cut]], [items[i] for i in order[cut:]]


def load(name):
    """(train, test, multi_label): items are (text, [labels])."""
    if name.startswith("sib:"):
        lang = name[4:]

        def read(split):
            p = os.path.join(DATA, "sib200", "annotated", lang, f"{split}.tsv")
            out = []
            with open(p, encoding="utf-8") as f:
                assert f.readline().rstrip("\n").split("\t") == ["index_id", "category", "text"]
                for line in f:
                    parts = line.rstrip("\n").split("\t")
                    out.append((parts[2], [parts[1]]))
            return out

        return read("train"), read("test"), False
    if name == "reuters":
        def read(split):
            rows = read_jsonl(os.path.join(DATA, "reuters21578", f"modapte90_{split}.jsonl"))
            return [((r.get("title") or "") + "\n" + (r.get("body") or r.get("text") or ""),
                     r["labels"]) for r in rows]

        return read("train"), read("test"), True
    if name == "20ng":
        def read(split):
            rows = read_jsonl(os.path.join(DATA, "20newsgroups", f"20news-bydate-{split}.jsonl"))
            return [(r["text"], [r["newsgroup"]]) for r in rows]

        return read("train"), read("test"), False
    if name == "bbc":
        rows = read_jsonl(os.path.join(DATA, "bbc_news", "bbc_fulltext.jsonl"))
        tr, te = seeded_split([(r["title"] + "\n" + r["text"], [r["category"]]) for r in rows])
        return tr, te, False
    if name == "agnews":
        import csv

        with open(os.path.join(DATA, "ag_news", "test.csv"), encoding="utf-8") as f:
            rows = [(r[1] + "\n" + r[2].replace("\\n", "\n"), [r[0]]) for r in csv.reader(f)]
        tr, te = seeded_split(rows)
        return tr, te, False
    raise SystemExit(f"unknown dataset {name!r}")


def write_csv(items, path):
    import csv

    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "topics"])
        for text, labels in items:
            w.writerow([text, ";".join(labels)])


# ------------------------------------------------------------------ scoring
def scores(gold, pred, multi):
    """accuracy (single-label) or micro-F1 (multi-label) first, then macro-F1."""
    if multi:
        mlb = MultiLabelBinarizer().fit(gold + pred)
        g, p = mlb.transform(gold), mlb.transform(pred)
        return (f1_score(g, p, average="micro", zero_division=0),
                f1_score(g, p, average="macro", zero_division=0))
    g = [x[0] for x in gold]
    p = [x[0] if x else "" for x in pred]
    return accuracy_score(g, p), f1_score(g, p, average="macro", zero_division=0)


# ------------------------------------------------------------------ topictag
def topictag(workdir, train, test, multi, extra, tag):
    tr, te = os.path.join(workdir, "train.csv"), os.path.join(workdir, "test.csv")
    write_csv(train, tr)
    write_csv(test, te)
    model = os.path.join(workdir, f"{tag}.model")
    t0 = time.perf_counter()
    out = subprocess.run([BIN, "-q", "train", "--data", tr, "--out", model, "--json", *extra],
                         check=True, capture_output=True, text=True)
    train_s = time.perf_counter() - t0
    summary = json.loads(out.stdout)
    ev = subprocess.run([BIN, "-q", "eval", "--model", model, "--data", te, "--json"],
                        check=True, capture_output=True, text=True)
    r = json.loads(ev.stdout)["overall"]
    main = r["micro"]["f1"] if multi else r["accuracy"]
    row = dict(score=main, macro_f1=r["macro_avg"]["f1"], train_s=train_s)
    trace = summary.get("autotune")
    if trace:
        best = trace["trials"][trace["chosen"]]
        row.update(search_s=trace["seconds"], trials=len(trace["trials"]),
                   cv=best["score"], chosen=best["settings"], budget_stop=trace["budget_stop"])
    return row


# ------------------------------------------------------------------ scikit-learn
def words(min_df=1):
    return TfidfVectorizer(sublinear_tf=True, min_df=min_df, max_df=0.5)


def chars():
    return TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(2, 5))


def union(char_weight):
    parts = [("words", words())]
    if char_weight:
        parts.append(("chars", chars()))
        return FeatureUnion(parts, transformer_weights={"words": 1.0, "chars": char_weight})
    return FeatureUnion(parts)


def wrap(clf, multi):
    return OneVsRestClassifier(clf) if multi else clf


# The grid: topictag's search dimensions that scikit-learn has (every column; no chi2 per
# topic): alpha = 1/C in {1, 0.1, 0.01}, min_df in {1, 2}, bigrams off/on, character 2-5-grams
# off / weight 0.5 / weight 1.
def targets(train, multi):
    """The texts, the label binarizer (multi-label) and the targets scikit-learn fits on."""
    texts = [t for t, _ in train]
    if multi:
        mlb = MultiLabelBinarizer()
        return texts, mlb, mlb.fit_transform([l for _, l in train])
    return texts, None, [l[0] for _, l in train]


def grid_search(train, multi):
    texts, mlb, y = targets(train, multi)
    pipe = Pipeline([("features", union(0.5)), ("clf", wrap(LogisticRegression(max_iter=100), multi))])
    c = "clf__estimator__C" if multi else "clf__C"
    common = {
        "features__words__min_df": [1, 2],
        "features__words__ngram_range": [(1, 1), (1, 2)],
        c: [1.0, 10.0, 100.0],
    }
    grid = [
        {**common, "features__chars": ["drop"]},
        {**common, "features__transformer_weights": [{"words": 1.0, "chars": 0.5},
                                                     {"words": 1.0, "chars": 1.0}]},
    ]
    gs = GridSearchCV(pipe, grid, cv=topictag_folds(len(texts)), n_jobs=2,
                      scoring="f1_micro" if multi else "accuracy", refit=True)
    t0 = time.perf_counter()
    gs.fit(texts, y)
    return gs, mlb, time.perf_counter() - t0, sum(len(list(_expand(g))) for g in grid)


def _expand(g):
    from sklearn.model_selection import ParameterGrid

    return ParameterGrid(g)


def predict(model, mlb, texts, multi):
    p = model.predict(texts)
    if multi:
        return [list(r) for r in mlb.inverse_transform(p)]
    return [[x] for x in p]


def fit_sklearn(pipe, train, multi):
    texts, mlb, y = targets(train, multi)
    pipe.fit(texts, y)
    return mlb


def sk_row(pipe, train, test, multi):
    t0 = time.perf_counter()
    mlb = fit_sklearn(pipe, train, multi)
    s, m = scores([l for _, l in test], predict(pipe, mlb, [t for t, _ in test], multi), multi)
    return dict(score=s, macro_f1=m, train_s=time.perf_counter() - t0)


# ------------------------------------------------------------------ fastText
def fasttext_autotune(workdir, train, test, multi, budget):
    import fasttext

    order = seeded_permutation(len(train), 1)
    cut = len(train) * 4 // 5
    fit, valid = [train[i] for i in order[:cut]], [train[i] for i in order[cut:]]

    def write(items, path):
        with open(path, "w", encoding="utf-8") as f:
            for text, labels in items:
                lab = " ".join("__label__" + l.replace(" ", "_") for l in labels)
                f.write(lab + " " + " ".join(text.split()) + "\n")

    ft, fv = os.path.join(workdir, "ft_train.txt"), os.path.join(workdir, "ft_valid.txt")
    write(fit, ft)
    write(valid, fv)
    t0 = time.perf_counter()
    kw = dict(input=ft, autotuneValidationFile=fv, autotuneDuration=int(budget), verbose=0)
    if multi:
        kw["loss"] = "ova"
    model = fasttext.train_supervised(**kw)
    search_s = time.perf_counter() - t0
    pred = []
    for text, _ in test:
        if multi:
            labels, _ = model.predict(" ".join(text.split()), k=-1, threshold=0.5)
        else:
            labels, _ = model.predict(" ".join(text.split()), k=1)
        pred.append([l[len("__label__"):].replace("_", " ") for l in labels])
    s, m = scores([l for _, l in test], pred, multi)
    return dict(score=s, macro_f1=m, search_s=search_s)


def fasttext_with_deadline(workdir, train, test, multi, budget):
    """fastText's autotune in a child process, given up after 5 x its budget + 60 s: on
    some files (SIB-200 Spanish, Reuters, under load) it ran 30 minutes on a 120 s budget
    without returning, which stopped the whole benchmark. A run given up is reported as such."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    out = ctx.Queue()

    def child():
        try:
            out.put(fasttext_autotune(workdir, train, test, multi, budget))
        except Exception as e:  # reported, not raised: the other rows still count
            out.put(dict(score=None, macro_f1=None, error=repr(e)))

    p = ctx.Process(target=child)
    deadline = 5 * budget + 60
    t0 = time.perf_counter()
    p.start()
    try:
        row = out.get(timeout=deadline)
    except Exception:
        row = dict(score=None, macro_f1=None,
                   error=f"did not return in {time.perf_counter() - t0:.0f} s (given up)")
    if p.is_alive():
        p.terminate()
    p.join()
    return row


# ------------------------------------------------------------------ main
def loadavg():
    return [round(x, 2) for x in os.getloadavg()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("datasets", nargs="+")
    ap.add_argument("--budget", type=float, default=120.0, help="seconds (topictag, fastText)")
    ap.add_argument("--no-fasttext", action="store_true")
    ap.add_argument("--no-grid", action="store_true")
    ap.add_argument("--defaults-only", action="store_true",
                    help="only topictag with no flags and scikit-learn's defaults (issue #21's "
                         "'no flags' criterion): no search, no study.py row")
    ap.add_argument("--json", help="also write every figure and the environment to this file")
    ap.add_argument("--render", action="store_true",
                    help="print the table of the --json files given as datasets, run nothing")
    a = ap.parse_args()
    if a.render:
        for path in a.datasets:
            with open(path) as f:
                saved = json.load(f)
            print(report(saved["results"], saved["env"]))
        return
    env = dict(python=platform.python_version(), machine=platform.machine(),
               cpus=os.cpu_count(), load_before=loadavg(), command=" ".join(sys.argv),
               topictag=subprocess.run([BIN, "--version"], capture_output=True,
                                       text=True).stdout.strip(),
               commit=subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                                     capture_output=True, text=True).stdout.strip())
    results = {}
    for name in a.datasets:
        train, test, multi = load(name)
        log(f"== {name}: {len(train)} train, {len(test)} test, multi-label {multi}, load {loadavg()}")
        rows = {}
        with tempfile.TemporaryDirectory() as w:
            rows["topictag, no flags"] = topictag(w, train, test, multi, [], "plain")
            log("  ", rows["topictag, no flags"])
            budget = f"{int(a.budget)}s"
            if not a.defaults_only:
                rows[f"topictag --autotune --budget {budget}"] = topictag(
                    w, train, test, multi, ["--autotune", "--budget", budget], "tuned")
                log("  ", rows[f"topictag --autotune --budget {budget}"])
            rows["sklearn defaults (TfidfVectorizer + LinearSVC)"] = sk_row(
                Pipeline([("tfidf", TfidfVectorizer()), ("clf", wrap(LinearSVC(), multi))]),
                train, test, multi)
            if not a.defaults_only:
                rows["study.py best (words + char_wb 2-5 w1, LinearSVC C=1)"] = sk_row(
                    Pipeline([("features", union(1.0)), ("clf", wrap(LinearSVC(C=1.0), multi))]),
                    train, test, multi)
            if not (a.defaults_only or a.no_grid):
                gs, mlb, secs, n = grid_search(train, multi)
                s, m = scores([l for _, l in test],
                              predict(gs.best_estimator_, mlb, [t for t, _ in test], multi), multi)
                best = {k: (v if not hasattr(v, "get_params") else "on")
                        for k, v in gs.best_params_.items()}
                rows[f"sklearn GridSearchCV ({n} settings x {FOLDS} folds, n_jobs=2)"] = dict(
                    score=s, macro_f1=m, search_s=secs, cv=float(gs.best_score_),
                    chosen=json.loads(json.dumps(best, default=str)))
            if not (a.defaults_only or a.no_fasttext):
                rows[f"fastText -autotune-duration {int(a.budget)}"] = fasttext_with_deadline(
                    w, train, test, multi, a.budget)
        for k, v in rows.items():
            log(f"   {k}: {v}")
        results[name] = dict(rows=rows, train=len(train), test=len(test), multi=multi,
                             load_after=loadavg())
    env["load_after"] = loadavg()
    print(report(results, env))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(dict(env=env, results=results), f, indent=1, default=str)


def describe(chosen):
    """topictag's chosen settings as its flags (as `Settings::flags`); other dicts as they are."""
    if "features_per_topic" not in chosen:
        return ", ".join(f"{k.split('__')[-1]}={v}" for k, v in chosen.items())
    big = 2**64 - 1
    count = lambda n: "all" if n == big else str(n)
    f = [f"--classifier {chosen['classifier']}", f"--alpha {chosen['alpha']}",
         f"--max-iter {chosen['max_iterations']}", f"--min-df {chosen['min_df']}"]
    if chosen["bigrams"]:
        f.append("--bigrams")
    g = chosen.get("char_grams")
    if g:
        f.append(f"--char-grams {g['min_n']}-{g['max_n']} --char-weight {g['weight']}")
    f.append(f"--features-per-topic {count(chosen['features_per_topic'])}")
    f.append(f"--features-per-positive {count(chosen['features_per_positive'])}")
    return " ".join(f)


def report(results, env):
    out = [f"# autotune benchmark: {env['command']}",
           f"# {env['topictag']} (commit {env.get('commit', '?')}), python {env['python']}, {env['cpus']} cpus, "
           f"load average before {env['load_before']}, after {env['load_after']}", ""]
    for name, r in results.items():
        metric = "micro-F1" if r["multi"] else "accuracy"
        out.append(f"## {name} ({r['train']} train / {r['test']} test; test {metric}, macro-F1; "
                   f"load after {r['load_after']})")
        for k, v in r["rows"].items():
            extra = ""
            if "search_s" in v:
                extra += f"  search {v['search_s']:.1f} s"
            if "cv" in v:
                extra += f"  cv {v['cv']:.4f}"
            if "train_s" in v:
                extra += f"  train {v['train_s']:.1f} s"
            if v.get("score") is None:
                out.append(f"  {k:<58} {v.get('error', 'no score')}")
                continue
            out.append(f"  {k:<58} {v['score']:.4f}  {v['macro_f1']:.4f}{extra}")
            if "chosen" in v:
                out.append(f"  {'':<58} chosen: {describe(v['chosen'])}")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    main()
