"""Feature/classifier study for topictag (SIB-200 eng_Latn and 20 Newsgroups bydate).

Run:  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 nice -n 19 python study.py {sib|ng} [config ...]
      (datasets from $TOPICTAG_DATASETS, default ../../../shared/datasets beside the repository;
      the stop words of the stop-words crate from ~/.cargo/registry, as the engine uses them)
Results of the 2026-11-23 runs that chose the SIB-200 and 20 Newsgroups settings of
examples/quality.rs: study-results-2026-11-23.txt.

Model selection uses ONLY the train split (stratified k-fold CV; SIB also reports train->dev).
Test scores are reported for information only.

Approximation of the engine (see src/{text,features,train}.rs, examples/quality.rs):
  * words = UAX#29 word segments containing an alphanumeric char (regex module, (?w) flag),
    lowercased, typographic apostrophes folded, 2..40 chars kept, numbers kept,
    NLTK English stop words dropped (the list from the stop-words crate the engine uses),
    NLTK SnowballStemmer('english');
  * TF-IDF: sublinear tf, smooth idf, L2 rows, min_df (SIB 1, 20NG 2), max_df 0.5;
  * per topic: top-k chi2 columns (chi2 of presence x topic, as select_features in src/train/select.rs),
    k = min(fpt, max(50, 50 * positives)); fpt 2000 (SIB) / 5000 (20NG);
  * binary L2 logistic regression per topic, lbfgs, max_iter 100 (the engine: linfa L-BFGS,
    100 iterations, sum loss + alpha/2 |w|^2, so C = 1/alpha: SIB C 100, 20NG C 10);
  * exclusive prediction = argmax over topics of the decision value (= argmax of probability).
Not reproduced: the engine's intercept refit on all rows and its fitting only on rows that touch
a selected column.

Vectorisation trick (exactly equivalent to refitting the vectoriser per fold): raw counts are
built once over all documents; per fold, df/idf and the min_df/max_df mask are computed from the
fold's training rows only (terms absent from the training rows have df 0 and are dropped).
"""
import glob
import json
import os
import sys
import time
import warnings

import numpy as np
import regex
import scipy.sparse as sp
from nltk.stem.snowball import SnowballStemmer
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

warnings.filterwarnings("ignore", category=ConvergenceWarning)
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.environ.get(
    "TOPICTAG_DATASETS", os.path.join(HERE, "..", "..", "..", "shared", "datasets")
)
# The engine's stop words: the NLTK English list of the `stop-words` crate it builds with.
_STOP_FILES = glob.glob(
    os.path.expanduser("~/.cargo/registry/src/*/stop-words-0.10.*/src/nltk/english")
)
if not _STOP_FILES:
    sys.exit("study.py reads the stop words of the stop-words crate: run `cargo build` first")
STOP = set(open(sorted(_STOP_FILES)[-1], encoding="utf-8").read().split())
STEM = SnowballStemmer("english")
UAX = regex.compile(r"(?wV1)\b")
SKL = regex.compile(r"(?u)\b\w\w+\b")
APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\uff07": "'"})


def log(*a):
    print(*a, flush=True)


# ---------------------------------------------------------------- data
def read_sib(split):
    p = os.path.join(DATA, "sib200", "annotated", "eng_Latn", f"{split}.tsv")
    labels, texts = [], []
    with open(p, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        assert header == ["index_id", "category", "text"], header
        for line in f:
            parts = line.rstrip("\n").split("\t")
            assert len(parts) == 3, parts
            labels.append(parts[1])
            texts.append(parts[2])
    return texts, labels


def read_ng(split):
    p = os.path.join(DATA, "20newsgroups", f"20news-bydate-{split}.jsonl")
    labels, texts = [], []
    with open(p, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            labels.append(d["newsgroup"])
            texts.append(d["text"])
    return texts, labels


# ---------------------------------------------------------------- analysers
class Analyzer:
    def __init__(self, tokens="uax", stop=True, stem=True, bigrams=False):
        self.tokens, self.stop, self.stem, self.bigrams = tokens, stop, stem, bigrams
        self.memo = {}

    def term(self, w):
        t = self.memo.get(w)
        if t is None:
            x = w.lower().translate(APOS)
            if not (2 <= len(x) <= 40) or (self.stop and x in STOP):
                x = ""
            elif self.stem:
                x = STEM.stem(x)
            self.memo[w] = t = x
        return t

    def __call__(self, text):
        if self.tokens == "uax":
            words = [s for s in UAX.split(text) if any(c.isalnum() for c in s)]
        else:  # sklearn-like: \b\w\w+\b on the lowercased text (splits on . @ ' etc.)
            words = SKL.findall(text.lower())
        terms = [t for t in map(self.term, words) if t]
        if self.bigrams:
            terms = terms + [a + " " + b for a, b in zip(terms, terms[1:])]
        return terms


def counts(analyzer, texts):
    cv = CountVectorizer(analyzer=analyzer, dtype=np.float32)
    return cv.fit_transform(texts).tocsr()


def char_counts(texts, ngram):
    cv = CountVectorizer(analyzer="char_wb", ngram_range=ngram, lowercase=True, dtype=np.float32)
    return cv.fit_transform(texts).tocsr()


class Block:
    """A raw count matrix (all docs, CSR) + TF-IDF settings; fit on rows, transform rows."""

    def __init__(self, C, min_df=1, max_df=1.0, sublinear=True, weight=1.0):
        self.C, self.min_df, self.max_df, self.sub, self.w = C, min_df, max_df, sublinear, weight

    def fit(self, rows):
        n = len(rows)
        B = self.C[rows]
        df = np.bincount(B.indices, minlength=B.shape[1])  # stored entries are counts >= 1
        keep = (df >= max(self.min_df, 1)) & (df <= self.max_df * n)
        self.cols = np.flatnonzero(keep)
        self.idf = (np.log((1 + n) / (1 + df[self.cols])) + 1).astype(np.float32)
        return self

    def transform(self, rows):
        X = self.C[rows][:, self.cols].tocsr()
        X.sum_duplicates()
        if self.sub:
            X.data = 1 + np.log(X.data)
        X = X @ sp.diags(self.idf)
        X = normalize(X, norm="l2", copy=False)
        if self.w != 1.0:
            X = X * self.w
        return X.tocsr().astype(np.float32)


def features(blocks, tr, te):
    fitted = [b.fit(tr) for b in blocks]
    Xtr = sp.hstack([b.transform(tr) for b in fitted]).tocsr()
    Xte = sp.hstack([b.transform(te) for b in fitted]).tocsr()
    return Xtr, Xte


# ---------------------------------------------------------------- classifiers
def chi2_presence(Xtr, Y):
    """chi2 of term presence vs each topic (as select_features in src/train/select.rs). Y: n x T bool."""
    P = (Xtr > 0).astype(np.float32).tocsc()
    n = P.shape[0]
    df_all = np.asarray(P.sum(0)).ravel().astype(np.float64)
    df_pos = np.asarray((sp.csr_matrix(Y.T.astype(np.float32)) @ P).todense(), dtype=np.float64)
    out = []
    for t in range(Y.shape[1]):
        p = Y[:, t].sum()
        a = df_pos[t]
        b = df_all - a
        c = p - a
        d = n - p - b
        den = (a + c) * (b + d) * (a + b) * (c + d)
        with np.errstate(divide="ignore", invalid="ignore"):
            s = np.where(den > 0, n * (a * d - b * c) ** 2 / den, 0.0)
        s[df_all == 0] = -1
        out.append(s)
    return out


def fit_predict(Xtr, ytr, Xte, T, clf="lr", C=10.0, fpt=None, max_iter=100):
    Y = np.stack([ytr == t for t in range(T)], 1)
    sel = chi2_presence(Xtr, Y) if fpt else None
    scores = np.zeros((Xte.shape[0], T))
    for t in range(T):
        A, B = Xtr, Xte
        if fpt:
            k = min(fpt, max(50, 50 * int(Y[:, t].sum())))
            s = sel[t]
            k = min(k, int((s >= 0).sum()))
            cols = np.sort(np.argsort(-s, kind="stable")[:k])
            A, B = Xtr[:, cols], Xte[:, cols]
        if clf == "lr":
            m = LogisticRegression(C=C, solver="lbfgs", max_iter=max_iter)
        else:
            m = LinearSVC(C=C)
        m.fit(A, Y[:, t])
        scores[:, t] = m.decision_function(B)
    return scores.argmax(1)


# ---------------------------------------------------------------- experiment
def run(name, blocks_fn, clf_kw, y, train_idx, test_idx, folds, dev_idx=None, results=None):
    T = int(y.max()) + 1
    blocks = blocks_fn()
    accs = []
    for tr, va in folds:
        Xtr, Xva = features(blocks, train_idx[tr], train_idx[va])
        pred = fit_predict(Xtr, y[train_idx[tr]], Xva, T, **clf_kw)
        accs.append(float((pred == y[train_idx[va]]).mean()))
    t0 = time.perf_counter()
    Xtr, Xte = features(blocks, train_idx, test_idx)
    pred = fit_predict(Xtr, y[train_idx], Xte, T, **clf_kw)
    fit_s = time.perf_counter() - t0
    test = float((pred == y[test_idx]).mean())
    dev = None
    if dev_idx is not None:
        _, Xdv = features(blocks, train_idx, dev_idx)
        pred = fit_predict(Xtr, y[train_idx], Xdv, T, **clf_kw)
        dev = float((pred == y[dev_idx]).mean())
    r = dict(name=name, cv=float(np.mean(accs)), cv_std=float(np.std(accs)), folds=accs,
             test=test, dev=dev, fit_s=fit_s, ncols=Xtr.shape[1])
    if results is not None:
        base = results.get("base")
        if base is not None and name != "base":
            d = np.array(accs) - np.array(base["folds"])
            r["d_mean"], r["d_std"], r["d_wins"] = float(d.mean()), float(d.std()), (
                int((d > 0).sum()), int((d < 0).sum()), len(d))
        results[name] = r
    msg = (f"{name:38s} cv {r['cv']:.4f} (fold std {r['cv_std']:.4f})"
           + (f" dev {dev:.4f}" if dev is not None else "")
           + f" test {test:.4f} fit {fit_s:6.1f}s cols {Xtr.shape[1]}")
    if "d_mean" in r:
        msg += f" | vs base {r['d_mean']:+.4f} (diff std {r['d_std']:.4f}, +{r['d_wins'][0]}/-{r['d_wins'][1]} of {r['d_wins'][2]})"
    log(msg)
    return r


def main():
    which = sys.argv[1]
    only = set(sys.argv[2:])
    t0 = time.perf_counter()
    if which == "sib":
        tr_t, tr_l = read_sib("train")
        dv_t, dv_l = read_sib("dev")
        te_t, te_l = read_sib("test")
        texts = tr_t + dv_t + te_t
        cats = sorted(set(tr_l))
        y = np.array([cats.index(l) for l in tr_l + dv_l + te_l])
        train_idx = np.arange(len(tr_t))
        dev_idx = np.arange(len(tr_t), len(tr_t) + len(dv_t))
        test_idx = np.arange(len(tr_t) + len(dv_t), len(texts))
        folds = []
        for seed in (0, 1, 2):  # 3 x 5-fold
            folds += list(StratifiedKFold(5, shuffle=True, random_state=seed).split(train_idx, y[train_idx]))
        MIN_DF, FPT, CB = 1, 2000, 100.0
    else:
        tr_t, tr_l = read_ng("train")
        te_t, te_l = read_ng("test")
        texts = tr_t + te_t
        cats = sorted(set(tr_l))
        y = np.array([cats.index(l) for l in tr_l + te_l])
        train_idx = np.arange(len(tr_t))
        test_idx = np.arange(len(tr_t), len(texts))
        dev_idx = None
        folds = list(StratifiedKFold(4, shuffle=True, random_state=0).split(train_idx, y[train_idx]))
        MIN_DF, FPT, CB = 2, 5000, 10.0
    log(f"== {which}: {len(train_idx)} train, {len(test_idx)} test, {len(cats)} topics, {len(folds)} CV folds; load {time.perf_counter()-t0:.1f}s")

    cache = {}

    def get(key):
        if key not in cache:
            t = time.perf_counter()
            if key == "uax":
                cache[key] = counts(Analyzer("uax"), texts)
            elif key == "skl":
                cache[key] = counts(Analyzer("skl"), texts)
            elif key == "uax_bi":
                cache[key] = counts(Analyzer("uax", bigrams=True), texts)
            elif key == "skl_plain":  # sklearn default TfidfVectorizer tokens (peer sanity check)
                cache[key] = CountVectorizer(dtype=np.float32).fit_transform(texts).tocsr()
            elif key.startswith("char"):
                lo, hi = int(key[4]), int(key[5])
                cache[key] = char_counts(texts, (lo, hi))
            log(f"   [analysed {key}: {cache[key].shape[1]} raw columns, {time.perf_counter()-t:.1f}s]")
        return cache[key]

    def W(key="uax", min_df=MIN_DF, max_df=0.5, sub=True):
        return lambda: [Block(get(key), min_df, max_df, sub)]

    def WC(ck="char25", w=1.0, key="uax", cmin=MIN_DF, cmax=1.0):
        return lambda: [Block(get(key), MIN_DF, 0.5), Block(get(ck), cmin, cmax, True, w)]

    res = {}
    LR = lambda C=CB, fpt=None: dict(clf="lr", C=C, fpt=fpt)
    SVC = lambda C=1.0: dict(clf="svc", C=C)
    cfgs = [
        ("base", W(), LR(fpt=FPT)),
        ("peer_sklearn_default_tfidf_svc", lambda: [Block(get("skl_plain"), 1, 1.0, False)], SVC()),
        ("nosel", W(), LR()),
    ]
    if which == "sib":
        cfgs += [
            ("nosel_C30", W(), LR(30.0)),
            ("nosel_C10", W(), LR(10.0)),
            ("nosel_svc_C1", W(), SVC(1.0)),
            ("base_min_df2", W(min_df=2), LR(fpt=FPT)),
            ("base_max_df1", W(max_df=1.0), LR(fpt=FPT)),
            ("base_bigrams", W("uax_bi"), LR(fpt=FPT)),
            ("nosel_bigrams", W("uax_bi"), LR()),
            ("sel_skl_tokens", W("skl"), LR(fpt=FPT)),
            ("word+char25_w1_nosel", WC("char25", 1.0), LR()),
            ("word+char25_w0.5_nosel", WC("char25", 0.5), LR()),
            ("word+char35_w1_nosel", WC("char35", 1.0), LR()),
            ("word+char35_w0.5_nosel", WC("char35", 0.5), LR()),
            ("word+char25_w1_sel2000", WC("char25", 1.0), LR(fpt=FPT)),
            ("word+char25_w1_sel10000", WC("char25", 1.0), LR(fpt=10000)),
            ("char25_only_nosel", lambda: [Block(get("char25"), MIN_DF, 1.0)], LR()),
            ("word+char25_w1_nosel_C10", WC("char25", 1.0), LR(10.0)),
            ("word+char25_w1_nosel_C30", WC("char25", 1.0), LR(30.0)),
            ("word+char25_w1_nosel_C1", WC("char25", 1.0), LR(1.0)),
            ("word+char25_w1_nosel_svc_C1", WC("char25", 1.0), SVC(1.0)),
            ("word+char25_w1_nosel_svc_C0.3", WC("char25", 1.0), SVC(0.3)),
            ("word+char35_w1_nosel_C10", WC("char35", 1.0), LR(10.0)),
            ("word+char35_w1_nosel_C30", WC("char35", 1.0), LR(30.0)),
            ("word+char35_w1_nosel_svc_C1", WC("char35", 1.0), SVC(1.0)),
            ("base_C30", W(), LR(30.0, FPT)),
            ("base_C300", W(), LR(300.0, FPT)),
            ("base_C1000", W(), LR(1000.0, FPT)),
            ("base_C100_iter1000", W(), dict(clf="lr", C=100.0, fpt=FPT, max_iter=1000)),
            # second round (added after seeing round 1; still chosen by CV only)
            ("base_svc_C1", W(), dict(clf="svc", C=1.0, fpt=FPT)),
            ("nosel_svc_C0.3", W(), SVC(0.3)),
            ("nosel_svc_C3", W(), SVC(3.0)),
            ("word+char25_w0.5_nosel_svc_C1", WC("char25", 0.5), SVC(1.0)),
            ("word+char25_w0.5_nosel_C300", WC("char25", 0.5), LR(300.0)),
            ("word+char25_w1_nosel_C300", WC("char25", 1.0), LR(300.0)),
            ("word+char25_w1_nosel_C1000", WC("char25", 1.0), LR(1000.0)),
            ("word+char25_w1_nosel_C100_iter1000", WC("char25", 1.0), dict(clf="lr", C=100.0, max_iter=1000)),
            ("word+char25_w0.5_nosel_C100_iter1000", WC("char25", 0.5), dict(clf="lr", C=100.0, max_iter=1000)),
            ("word+char25_w0.5_sel10000", WC("char25", 0.5), LR(fpt=10000)),
            ("word+char25_w0.7_nosel", WC("char25", 0.7), LR()),
            ("word+char25_w0.3_nosel", WC("char25", 0.3), LR()),
        ]
    else:
        cfgs += [
            ("word+char35_w1_nosel", WC("char35", 1.0, cmin=2), LR()),
            ("nosel_svc_C1", W(), SVC(1.0)),
            ("word+char35_w1_nosel_svc_C1", WC("char35", 1.0, cmin=2), SVC(1.0)),
            ("sel_skl_tokens", W("skl"), LR(fpt=FPT)),
            ("nosel_skl_tokens", W("skl"), LR()),
            ("word+char35_w0.5_nosel", WC("char35", 0.5, cmin=2), LR()),
            ("nosel_C30", W(), LR(30.0)),
            ("word+char35_w1_nosel_C30", WC("char35", 1.0, cmin=2), LR(30.0)),
            ("nosel_C100", W(), LR(100.0)),
            ("base_min_df1", W(min_df=1), LR(fpt=FPT)),
            ("base_max_df1", W(max_df=1.0), LR(fpt=FPT)),
            ("nosel_C1", W(), LR(1.0)),
            # second round (engine densifies the selected columns, so more columns, not "all")
            ("base_k10000", W(), LR(fpt=10000)),
            ("base_k20000", W(), LR(fpt=20000)),
            ("word+char35_w1_sel5000", WC("char35", 1.0, cmin=2), LR(fpt=5000)),
            ("word+char35_w1_sel20000", WC("char35", 1.0, cmin=2), LR(fpt=20000)),
        ]
    for name, bf, kw in cfgs:
        if only and name not in only:
            continue
        t = time.perf_counter()
        run(name, bf, kw, y, train_idx, test_idx, folds, dev_idx, res)
        log(f"   [{name}: total {time.perf_counter()-t:.1f}s, elapsed {time.perf_counter()-t0:.0f}s]")
    with open(os.path.join(os.getcwd(), f"study_results_{which}.json"), "w") as f:
        json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
