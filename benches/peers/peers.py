#!/usr/bin/env python3
"""Peer benchmark for topictag: scikit-learn and fastText baselines on public datasets.

Everything is measured in one run on the current machine; the script prints a
table and (with --json PATH) writes every figure plus the environment to JSON.

Datasets (read from --data, default /work/shared/datasets; see each PROVENANCE.txt)
  * Reuters-21578 ModApte-90, multi-label: reuters21578/reuters21578_all.jsonl,
    docs with modapte == "train"/"test"; the 90 categories are those with >= 1
    train and >= 1 test doc; docs without any of them are dropped.
    text = title + "\\n" + body.  (Literature count: 7,769 / 3,019; this copy
    gives 7,770 train, see PROVENANCE.txt -- the script reports what it finds.)
  * SIB-200 eng_Latn, spa_Latn, rus_Cyrl: annotated/<lang>/{train,test}.tsv,
    TSV read with quoting disabled; 701 train / 204 test sentences, 7 labels.
  * 20 Newsgroups "bydate": 20news-bydate-{train,test}.jsonl, full raw posts
    (headers, quotes and signatures kept), 11,314 / 7,532 docs, 20 labels.

scikit-learn settings
  * TfidfVectorizer(sublinear_tf=True), everything else default (lowercase,
    token_pattern r"(?u)\\b\\w\\w+\\b", unigrams, l2 norm, smooth idf).
  * LinearSVC() defaults (C=1.0, squared hinge, dual="auto"), random_state=0.
  * Reuters: OneVsRestClassifier(LinearSVC()); a label is assigned when its
    decision_function > 0 (i.e. .predict()).  micro-F1 and macro-F1 over the
    90 categories (f1_score average='macro', zero_division=0).
  * SIB-200 / 20NG: LinearSVC (its own one-vs-rest), accuracy.
  * "+ stem": text lowercased, word tokens taken with the regex r"\\w+",
    each token stemmed with nltk SnowballStemmer(<english|spanish|russian>),
    joined with spaces, then the same TfidfVectorizer + LinearSVC.

fastText settings (fasttext-wheel, supervised)
  * Input: lowercased, r"\\w+" word tokens joined by single spaces (no
    stemming); training lines shuffled with random.Random(0).
  * epoch=25, lr=0.5, wordNgrams=2, dim=100, minCount=1, bucket=2,000,000
    (default), thread=2, seed=0.  fastText's Hogwild training with 2 threads
    is not bit-for-bit deterministic, so scores vary slightly between runs.
  * Reuters: loss="ova", predict(k=-1, threshold=0.5); other datasets:
    loss="softmax" (default), predict(k=1).
  * fastText runs in a separate spawned process so that its ~0.8 GB of
    hashed-n-gram buckets does not inflate the scikit-learn peak RSS; its own
    peak RSS is reported separately.

Speed (the machine has 2 cores shared with other work, so single timings are
noisy: the scikit-learn tagging runs and the LinearSVC training fractions are
timed in --repeat rounds, default 3, and the median is reported with every
round kept in the JSON; fastText and the n_jobs=2 / LogisticRegression
reference rows are timed once. Wall and CPU seconds are both recorded, and the
load average before/after is stored in the JSON)
  * Threads: OMP/OpenBLAS/MKL capped at 2 via environment variables, but the
    measured scikit-learn paths (TfidfVectorizer, liblinear, sparse
    decision_function) are single-threaded: 1 thread, 1 process.  One extra
    training row uses OneVsRestClassifier(n_jobs=2) (2 worker processes).
    fastText uses thread=2 for training; its predict is single-threaded.
  * Tagging throughput: the test texts (Reuters ModApte-90 test, 20NG test)
    repeated until >= 100,000 items; timed = vectorizer.transform(list) +
    classifier.decision_function(X) on that list, in memory; file reading
    and JSON parsing are excluded.  MB = 10^6 bytes of UTF-8 input text.
    fastText throughput (extra) times tokenisation + model.predict(list).
  * Training time on Reuters ModApte-90 train: TfidfVectorizer.fit_transform
    + OneVsRest(LinearSVC).fit on 25 % / 50 % / 100 % of the train split
    (a fixed random subset, seed 0); plus OneVsRest(LogisticRegression())
    (default lbfgs solver, max_iter=1000; its BLAS calls may use both capped
    threads) at 100 % for reference.
  * Peak RSS: resource.getrusage(RUSAGE_SELF).ru_maxrss at the end (main
    process: data, all scikit-learn models, the repeated throughput lists),
    and the fastText child process's own ru_maxrss.

--quick subsamples everything (Reuters 1,500/600, 20NG 1,500/800, SIB as is,
fastText epoch 10, throughput lists >= 5,000 items) for a smoke run < 1 min.
"""

import os

# Cap native thread pools before numpy/scipy/sklearn are imported.
THREADS = "2"
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, THREADS)

import argparse
import concurrent.futures
import datetime
import json
import math
import multiprocessing
import platform
import random
import re
import resource
import shlex
import statistics
import sys
import tempfile
import time
import warnings
from importlib import metadata

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

DEFAULT_DATA = "/work/shared/datasets"
SIB_LANGS = {"eng_Latn": "english", "spa_Latn": "spanish", "rus_Cyrl": "russian"}
FT_PARAMS = dict(epoch=25, lr=0.5, wordNgrams=2, dim=100, minCount=1,
                 bucket=2_000_000, thread=2, seed=0, verbose=0)
QUICK = dict(reuters_train=1500, reuters_test=600, ng_train=1500, ng_test=800,
             ft_epoch=10, throughput_items=5_000)
FULL_THROUGHPUT_ITEMS = 100_000
WORD_RE = re.compile(r"\w+")


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

class Timer:
    """Wall-clock (perf_counter) and process-CPU (process_time) seconds."""

    def __enter__(self):
        self.w0, self.c0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.w0
        self.cpu = time.process_time() - self.c0


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def subsample(items, n, seed=0):
    """Fixed random subset of n items (all items if n is None or too large)."""
    if n is None or n >= len(items):
        return list(items)
    idx = sorted(random.Random(seed).sample(range(len(items)), n))
    return [items[i] for i in idx]


def tokens(text):
    return WORD_RE.findall(text.lower())


def make_stemmer(language):
    from nltk.stem.snowball import SnowballStemmer
    stem = SnowballStemmer(language).stem
    cache = {}

    def stem_text(text):
        out = []
        for tok in tokens(text):
            s = cache.get(tok)
            if s is None:
                s = cache[tok] = stem(tok)
            out.append(s)
        return " ".join(out)
    return stem_text


def svm():
    return LinearSVC(random_state=0)


def peak_rss_mb(who=resource.RUSAGE_SELF):
    return resource.getrusage(who).ru_maxrss / 1024.0  # Linux: KiB


def loadavg():
    try:
        return list(os.getloadavg())
    except OSError:
        return None


def repeat_to(items, n_min):
    reps = max(1, math.ceil(n_min / len(items)))
    return items * reps, reps


# --------------------------------------------------------------------------
# dataset loaders
# --------------------------------------------------------------------------

def load_reuters(data, quick):
    """ModApte-90: returns dict(train=[(text, labels)], test=[...], cats=[...], counts)."""
    docs = read_jsonl(os.path.join(data, "reuters21578", "reuters21578_all.jsonl"))
    split = {"train": [], "test": []}
    for d in docs:
        if d.get("modapte") in split:
            split[d["modapte"]].append(d)
    in_train = {t for d in split["train"] for t in d["topics"]}
    in_test = {t for d in split["test"] for t in d["topics"]}
    cats = sorted(in_train & in_test)
    cset = set(cats)

    def keep(ds):
        return [((d["title"] or "") + "\n" + (d["body"] or ""),
                 sorted(set(d["topics"]) & cset))
                for d in ds if cset & set(d["topics"])]

    train, test = keep(split["train"]), keep(split["test"])
    counts = {"modapte_train": len(split["train"]), "modapte_test": len(split["test"]),
              "categories": len(cats), "train": len(train), "test": len(test),
              "expected_literature": {"categories": 90, "train": 7769, "test": 3019}}
    if quick:
        train = subsample(train, QUICK["reuters_train"])
        test = subsample(test, QUICK["reuters_test"])
        counts.update(used_train=len(train), used_test=len(test))
    return {"train": train, "test": test, "cats": cats, "counts": counts}


def load_sib(data, lang):
    """SIB-200 <lang>: TSV (index_id, category, text), quoting disabled."""
    import csv
    out = {}
    for part in ("train", "test"):
        path = os.path.join(data, "sib200", "annotated", lang, part + ".tsv")
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        header, rows = rows[0], rows[1:]
        ci, ti = header.index("category"), header.index("text")
        out[part] = [(r[ti], r[ci]) for r in rows]
    out["counts"] = {"train": len(out["train"]), "test": len(out["test"])}
    return out


def load_20ng(data, quick):
    out = {}
    for part in ("train", "test"):
        rows = read_jsonl(os.path.join(data, "20newsgroups", f"20news-bydate-{part}.jsonl"))
        out[part] = [(r["text"], r["newsgroup"]) for r in rows]
    out["counts"] = {"train": len(out["train"]), "test": len(out["test"])}
    if quick:
        out["train"] = subsample(out["train"], QUICK["ng_train"])
        out["test"] = subsample(out["test"], QUICK["ng_test"])
        out["counts"].update(used_train=len(out["train"]), used_test=len(out["test"]))
    return out


# --------------------------------------------------------------------------
# scikit-learn quality
# --------------------------------------------------------------------------

def sk_reuters(ds):
    """TF-IDF + OneVsRest(LinearSVC); micro/macro F1 over the 90 categories."""
    mlb = MultiLabelBinarizer(classes=ds["cats"])
    Xtr_txt, ytr = zip(*ds["train"])
    Xte_txt, yte = zip(*ds["test"])
    Ytr, Yte = mlb.fit_transform(ytr), mlb.transform(yte)
    vec, clf = TfidfVectorizer(sublinear_tf=True), OneVsRestClassifier(svm())
    with Timer() as t, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # constant labels in --quick subsets
        clf.fit(vec.fit_transform(Xtr_txt), Ytr)
    pred = clf.predict(vec.transform(Xte_txt))
    res = {"dataset": "reuters-modapte90", "system": "sklearn tfidf+ovr-linearsvc",
           "micro_f1": f1_score(Yte, pred, average="micro", zero_division=0),
           "macro_f1": f1_score(Yte, pred, average="macro", zero_division=0),
           "fit_wall_s": t.wall, "n_features": len(vec.vocabulary_)}
    return res, (vec, clf)


def sk_single(name, ds, preprocess=None, system="sklearn tfidf+linearsvc"):
    """TF-IDF (+ optional text preprocessing) + LinearSVC; accuracy."""
    Xtr, ytr = zip(*ds["train"])
    Xte, yte = zip(*ds["test"])
    if preprocess is not None:
        Xtr, Xte = [preprocess(x) for x in Xtr], [preprocess(x) for x in Xte]
    vec, clf = TfidfVectorizer(sublinear_tf=True), svm()
    with Timer() as t:
        clf.fit(vec.fit_transform(Xtr), ytr)
    acc = accuracy_score(yte, clf.predict(vec.transform(Xte)))
    res = {"dataset": name, "system": system, "accuracy": acc,
           "fit_wall_s": t.wall, "n_features": len(vec.vocabulary_)}
    return res, (vec, clf)


# --------------------------------------------------------------------------
# scikit-learn speed
# --------------------------------------------------------------------------

def tagging_throughput(name, model, texts, n_min, repeat):
    """transform + decision_function on the test texts repeated to >= n_min items,
    timed `repeat` times; the medians are reported, every round is kept."""
    vec, clf = model
    items, reps = repeat_to(list(texts), n_min)
    nbytes = sum(len(t.encode("utf-8")) for t in items)
    rounds = []
    for _ in range(repeat):
        with Timer() as tt:
            X = vec.transform(items)
        with Timer() as tp:
            scores = clf.decision_function(X)
        assert scores.shape[0] == len(items)
        del X, scores
        rounds.append((tt.wall + tp.wall, tt.cpu + tp.cpu, tt.wall, tp.wall))
    wall = statistics.median([r[0] for r in rounds])
    cpu = statistics.median([r[1] for r in rounds])
    return {"dataset": name, "system": "sklearn", "threads": 1, "items": len(items),
            "repeats": reps, "mbytes": nbytes / 1e6, "wall_s": wall, "cpu_s": cpu,
            "transform_wall_s": statistics.median([r[2] for r in rounds]),
            "predict_wall_s": statistics.median([r[3] for r in rounds]),
            "wall_s_rounds": [r[0] for r in rounds],
            "items_per_s": len(items) / wall, "mb_per_s": nbytes / 1e6 / wall}


def training_times(ds, repeat, fractions=(0.25, 0.5, 1.0)):
    """Fit time of TfidfVectorizer + OneVsRest(LinearSVC) on fractions of Reuters train:
    `repeat` rounds of every fraction in turn, medians reported. The n_jobs=2 and
    LogisticRegression reference rows are timed once."""
    mlb = MultiLabelBinarizer(classes=ds["cats"])
    order = list(range(len(ds["train"])))
    random.Random(0).shuffle(order)
    rows = {}

    def one(system, frac, make_clf, threads):
        sub = [ds["train"][i] for i in sorted(order[:int(round(frac * len(order)))])]
        texts, labels = zip(*sub)
        Y = mlb.fit_transform(labels)
        with Timer() as t:
            X = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
            make_clf().fit(X, Y)
        row = rows.setdefault((system, frac), {
            "system": system, "fraction": frac, "docs": len(sub),
            "mbytes": sum(len(x.encode("utf-8")) for x in texts) / 1e6,
            "threads": threads, "wall_s_rounds": [], "cpu_s_main_rounds": []})
        row["wall_s_rounds"].append(t.wall)
        row["cpu_s_main_rounds"].append(t.cpu)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # constant labels in small subsets
        for _ in range(repeat):
            for frac in fractions:
                one("tfidf+ovr-linearsvc", frac, lambda: OneVsRestClassifier(svm()), 1)
        one("tfidf+ovr-linearsvc n_jobs=2", 1.0,
            lambda: OneVsRestClassifier(svm(), n_jobs=2), 2)
        # lbfgs goes through BLAS, which may use both cores (cpu s > wall s).
        one("tfidf+ovr-logreg(lbfgs)", 1.0,
            lambda: OneVsRestClassifier(LogisticRegression(max_iter=1000)), "1-2 (BLAS)")
    out = list(rows.values())
    for row in out:
        row["wall_s"] = statistics.median(row["wall_s_rounds"])
        row["cpu_s_main"] = statistics.median(row["cpu_s_main_rounds"])
    return out


# --------------------------------------------------------------------------
# fastText (runs in a spawned child process)
# --------------------------------------------------------------------------

def ft_line(text):
    return " ".join(tokens(text))


def ft_train(rows, tmpdir, tag, **params):
    """rows: [(text, [labels])]; writes a shuffled training file, trains."""
    import fasttext
    lines = [" ".join("__label__" + l for l in labels) + " " + ft_line(text)
             for text, labels in rows]
    random.Random(0).shuffle(lines)
    path = os.path.join(tmpdir, tag + ".train.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    with Timer() as t:
        model = fasttext.train_supervised(input=path, **params)
    os.remove(path)
    return model, t.wall


def ft_suite(data, quick):
    """All fastText quality runs + fastText tagging throughput; returns a dict."""
    params = dict(FT_PARAMS)
    if quick:
        params["epoch"] = QUICK["ft_epoch"]
    n_min = QUICK["throughput_items"] if quick else FULL_THROUGHPUT_ITEMS
    quality, speed = [], []
    with tempfile.TemporaryDirectory() as tmp:
        # Reuters (multi-label, one-vs-all loss)
        r = load_reuters(data, quick)
        model, fit_s = ft_train(r["train"], tmp, "reuters", loss="ova", **params)
        mlb = MultiLabelBinarizer(classes=r["cats"])
        Yte = mlb.fit_transform([l for _, l in r["test"]])
        labels, _ = model.predict([ft_line(t) for t, _ in r["test"]], k=-1, threshold=0.5)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # labels unseen in --quick subsets
            P = mlb.transform([[l[len("__label__"):] for l in ls] for ls in labels])
        quality.append({"dataset": "reuters-modapte90", "system": "fasttext ova",
                        "micro_f1": f1_score(Yte, P, average="micro", zero_division=0),
                        "macro_f1": f1_score(Yte, P, average="macro", zero_division=0),
                        "fit_wall_s": fit_s, "settings": dict(params, loss="ova",
                                                              k=-1, threshold=0.5)})
        speed.append(ft_throughput("reuters-modapte90 test", model,
                                   [t for t, _ in r["test"]], n_min, k=-1, threshold=0.5))
        del model

        def single(name, ds):
            rows = [(t, [y]) for t, y in ds["train"]]
            model, fit_s = ft_train(rows, tmp, name.replace("/", "_"), **params)
            labels, _ = model.predict([ft_line(t) for t, _ in ds["test"]], k=1)
            pred = [ls[0][len("__label__"):] for ls in labels]
            acc = accuracy_score([y for _, y in ds["test"]], pred)
            quality.append({"dataset": name, "system": "fasttext softmax", "accuracy": acc,
                            "fit_wall_s": fit_s, "settings": dict(params, loss="softmax", k=1)})
            return model

        for lang in SIB_LANGS:
            del_model = single("sib200-" + lang, load_sib(data, lang))
            del del_model
        ng = load_20ng(data, quick)
        model = single("20newsgroups-bydate", ng)
        speed.append(ft_throughput("20newsgroups-bydate test", model,
                                   [t for t, _ in ng["test"]], n_min, k=1, threshold=0.0))
        del model
    return {"quality": quality, "speed": speed, "peak_rss_mb": peak_rss_mb()}


def ft_throughput(name, model, texts, n_min, k, threshold):
    """Tokenise (lowercase, \\w+ tokens) + model.predict(list) on repeated texts."""
    items, reps = repeat_to(list(texts), n_min)
    nbytes = sum(len(t.encode("utf-8")) for t in items)
    with Timer() as tt:
        lines = [ft_line(x) for x in items]
    with Timer() as tp:
        labels, _ = model.predict(lines, k=k, threshold=threshold)
    assert len(labels) == len(items)
    wall, cpu = tt.wall + tp.wall, tt.cpu + tp.cpu
    return {"dataset": name, "system": "fasttext", "threads": 1, "items": len(items),
            "repeats": reps, "mbytes": nbytes / 1e6, "wall_s": wall, "cpu_s": cpu,
            "transform_wall_s": tt.wall, "predict_wall_s": tp.wall,
            "items_per_s": len(items) / wall, "mb_per_s": nbytes / 1e6 / wall}


# --------------------------------------------------------------------------
# environment + report
# --------------------------------------------------------------------------

def environment(argv):
    def ver(p):
        try:
            return metadata.version(p)
        except metadata.PackageNotFoundError:
            return None
    cpu = None
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), None)
    except OSError:
        pass
    try:
        from threadpoolctl import threadpool_info
        pools = [{k: p.get(k) for k in ("user_api", "internal_api", "num_threads",
                                          "version", "architecture")}
                 for p in threadpool_info()]
    except Exception:  # pragma: no cover
        pools = None
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join(shlex.quote(a) for a in [os.path.basename(sys.executable)] + argv),
        "python": platform.python_version(), "platform": platform.platform(),
        "cpu": cpu, "nproc": os.cpu_count(),
        "packages": {p: ver(p) for p in ("scikit-learn", "numpy", "scipy", "nltk",
                                          "fasttext-wheel", "threadpoolctl")},
        "thread_env": {v: os.environ.get(v) for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                                       "MKL_NUM_THREADS", "OPENBLAS_CORETYPE")},
        "threadpools": pools,
    }


def fmt_table(headers, rows):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(str(c).ljust(w) if i == 0 or i == 1 else str(c).rjust(w)
                                   for i, (c, w) in enumerate(zip(cells, widths)))
    out = [line(headers), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    return "\n".join(out)


def spread(rounds):
    """"min-max" of the rounds' wall seconds, or "-" for fewer than two."""
    if not rounds or len(rounds) < 2:
        return "-"
    return f"{min(rounds):.2f}-{max(rounds):.2f}"


def report(res):
    env, lines = res["environment"], []
    lines.append(f"topictag peer benchmark  {env['date']}  {'QUICK (subsampled)' if res['quick'] else 'full'}")
    lines.append(f"machine: {env['cpu']}, {env['nproc']} cores; python {env['python']}; "
                 + ", ".join(f"{k} {v}" for k, v in env["packages"].items() if v))
    lines.append(f"load average before/after: {res['loadavg_before']} / {res['loadavg_after']}")
    c = res["datasets"]["reuters-modapte90"]
    lines.append(f"Reuters ModApte-90: {c['categories']} categories, {c['train']} train / {c['test']} test "
                 f"(literature: 90 / 7769 / 3019)"
                 + (f"; used {c['used_train']}/{c['used_test']}" if "used_train" in c else ""))
    lines.append("")
    lines.append("QUALITY (test split)")
    rows = []
    for q in res["quality"]:
        if "micro_f1" in q:
            m = f"micro-F1 {q['micro_f1']:.4f}  macro-F1 {q['macro_f1']:.4f}"
        else:
            m = f"accuracy {q['accuracy']:.4f}"
        rows.append([q["dataset"], q["system"], m, f"{q['fit_wall_s']:.2f}"])
    lines.append(fmt_table(["dataset", "system", "score", "fit s"], rows))
    lines.append("")
    lines.append("TAGGING THROUGHPUT (in-memory; transform+decision_function, resp. "
                 "tokenise+predict; file reading excluded)")
    rows = [[s["dataset"], f"{s['system']} ({s['threads']} thr)", f"{s['items']:,}",
             f"{s['mbytes']:.1f}", f"{s['transform_wall_s']:.2f}", f"{s['predict_wall_s']:.2f}",
             f"{s['wall_s']:.2f}", spread(s.get("wall_s_rounds")), f"{s['cpu_s']:.2f}",
             f"{s['items_per_s']:,.0f}", f"{s['mb_per_s']:.2f}"] for s in res["speed"]["tagging"]]
    lines.append(fmt_table(["dataset", "system", "items", "MB", "vec/tok s", "predict s",
                            "wall s", "(range)", "cpu s", "items/s", "MB/s"], rows))
    lines.append("")
    lines.append("TRAINING TIME, Reuters ModApte-90 train (vectorizer fit + classifier fit)")
    rows = [[r["system"], f"{r['threads']}", f"{int(r['fraction'] * 100)}%", f"{r['docs']:,}",
             f"{r['mbytes']:.2f}", f"{r['wall_s']:.2f}", spread(r.get("wall_s_rounds")),
             f"{r['cpu_s_main']:.2f}"]
            for r in res["speed"]["training"]]
    lines.append(fmt_table(["system", "threads", "frac", "docs", "MB", "wall s", "(range)",
                            "cpu s (main proc)"], rows))
    lines.append("")
    m = res["memory"]
    lines.append(f"PEAK RSS: main process (sklearn, data, throughput lists) {m['main_peak_rss_mb']:.0f} MB; "
                 f"fastText child process {m['fasttext_child_peak_rss_mb']:.0f} MB")
    lines.append(f"threads: sklearn paths single-threaded (1 thread) except the n_jobs=2 row; "
                 f"fastText training thread=2, predict 1 thread; BLAS/OpenMP capped at {THREADS}.")
    lines.append(f"timings: medians of {res['repeat']} rounds where a range is shown (scikit-learn "
                 "tagging, LinearSVC training), else measured once; 2 cores shared with other "
                 "jobs -> noisy.")
    lines.append(f"total wall time: {res['total_wall_s']:.1f} s")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=DEFAULT_DATA, help="datasets root (default %(default)s)")
    ap.add_argument("--json", help="write all results to this JSON file")
    ap.add_argument("--quick", action="store_true", help="subsampled smoke run (< 1 min)")
    ap.add_argument("--no-fasttext", action="store_true", help="skip the fastText runs")
    ap.add_argument("--repeat", type=int, default=3,
                    help="rounds of the scikit-learn tagging and LinearSVC training timings; "
                         "medians are reported (default %(default)s)")
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore", category=FutureWarning)
    t_start = time.perf_counter()
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    res = {"environment": environment([sys.argv[0]] + argv), "quick": args.quick,
           "repeat": args.repeat,
           "loadavg_before": loadavg(), "datasets": {}, "quality": [],
           "speed": {"tagging": [], "training": []}}

    # scikit-learn first (quality, then speed); fastText afterwards in its own
    # spawned process, so the two never compete for the 2 cores.
    reuters = load_reuters(args.data, args.quick)
    res["datasets"]["reuters-modapte90"] = reuters["counts"]
    print(f"[peers] Reuters ModApte-90: {reuters['counts']}", file=sys.stderr)
    q, reuters_model = sk_reuters(reuters)
    res["quality"].append(q)

    for lang, stem_lang in SIB_LANGS.items():
        sib = load_sib(args.data, lang)
        res["datasets"]["sib200-" + lang] = sib["counts"]
        res["quality"].append(sk_single("sib200-" + lang, sib)[0])
        res["quality"].append(sk_single("sib200-" + lang, sib, make_stemmer(stem_lang),
                                        f"sklearn tfidf+linearsvc +snowball({stem_lang})")[0])
        print(f"[peers] SIB-200 {lang} done", file=sys.stderr)

    ng = load_20ng(args.data, args.quick)
    res["datasets"]["20newsgroups-bydate"] = ng["counts"]
    q, ng_model = sk_single("20newsgroups-bydate", ng)
    res["quality"].append(q)
    print("[peers] 20NG done; speed runs", file=sys.stderr)

    n_min = QUICK["throughput_items"] if args.quick else FULL_THROUGHPUT_ITEMS
    res["speed"]["tagging"].append(tagging_throughput(
        "reuters-modapte90 test", reuters_model, [t for t, _ in reuters["test"]], n_min,
        args.repeat))
    res["speed"]["tagging"].append(tagging_throughput(
        "20newsgroups-bydate test", ng_model, [t for t, _ in ng["test"]], n_min, args.repeat))
    res["speed"]["training"] = training_times(reuters, args.repeat)
    main_rss = peak_rss_mb()

    ft = {"quality": [], "speed": [], "peak_rss_mb": float("nan")}
    if not args.no_fasttext:
        print("[peers] fastText (child process)", file=sys.stderr)
        ctx = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=ctx) as ex:
            ft = ex.submit(ft_suite, args.data, args.quick).result()
    res["quality"].extend(ft["quality"])
    res["speed"]["tagging"].extend(ft["speed"])
    res["memory"] = {"main_peak_rss_mb": main_rss,
                     "main_peak_rss_mb_at_end": peak_rss_mb(),
                     "fasttext_child_peak_rss_mb": ft["peak_rss_mb"],
                     "note": "ru_maxrss; main measured after all sklearn work (before fastText)"}
    res["loadavg_after"] = loadavg()
    res["total_wall_s"] = time.perf_counter() - t_start
    # order quality rows by dataset for the table
    order = ["reuters-modapte90"] + ["sib200-" + l for l in SIB_LANGS] + ["20newsgroups-bydate"]
    res["quality"].sort(key=lambda q: order.index(q["dataset"]))
    table = report(res)
    res["table"] = table
    print(table)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(res, f, indent=2, ensure_ascii=False)
            f.write("\n")
    return res


if __name__ == "__main__":
    main()
