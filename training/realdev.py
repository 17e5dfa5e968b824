#!/usr/bin/env python3
"""Score a model on the held-out real dev sets written by training/convert.py.

    python3 training/realdev.py [MODEL] [--dev DIR] [--team-dev FILE,...] [--markdown]

`--dev DIR` defaults to target/training/dev, the reporting part of the held-out real rows;
`--dev target/training/tune` scores the tuning part, the only real rows settings are chosen on.
Tags every dev file with `topictag tag` (the binary named by $TOPICTAG, default
target/release/topictag) and scores each row only on the topics it knows (its `known` cell;
empty = every topic), per corpus and language, then pooled per language over the real corpora
(full texts and, apart, the headline-only copies `<corpus>.titles.csv`):

  * micro-F1 and per-topic precision / recall / F1 (counts over rows that know the topic);
  * silence: the share of rows with no topic and knowing every topic that get no topic;
  * top-1 among energy / security / trade / diplomacy, on rows whose gold is one topic, one of those four (the strongest of the four probabilities), next to always answering the most
    frequent of them.

The team-written dev splits (`topics` column, every topic known) are scored the same way.
Standard library only; the model's own thresholds decide the topics.
"""

import argparse
import csv
import glob
import io
import os
import subprocess
import sys

TOPICS = ["energy", "security", "trade", "integration", "diplomacy", "politics"]
FOUR = ["energy", "security", "trade", "diplomacy"]
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


class Score:
    def __init__(self):
        self.tp = {t: 0 for t in TOPICS}
        self.fp = {t: 0 for t in TOPICS}
        self.fn = {t: 0 for t in TOPICS}
        self.rows = 0
        self.silent_gold = 0
        self.silent_ok = 0
        self.top1_n = 0
        self.top1_ok = 0
        self.top1_gold = {t: 0 for t in FOUR}

    def add(self, gold, known, predicted, probs):
        self.rows += 1
        for t in known:
            g, p = t in gold, t in predicted
            self.tp[t] += g and p
            self.fp[t] += p and not g
            self.fn[t] += g and not p
        if not gold and len(known) == len(TOPICS):
            self.silent_gold += 1
            self.silent_ok += not predicted
        four = [t for t in gold if t in FOUR]
        # Single-label rows whose topic is one of the four (CAP codes are exclusive).
        if len(gold) == 1 and len(four) == 1:
            self.top1_n += 1
            self.top1_gold[four[0]] += 1
            best = max(FOUR, key=lambda t: (probs[t], -FOUR.index(t)))
            self.top1_ok += best == four[0]

    def merge(self, other):
        for t in TOPICS:
            self.tp[t] += other.tp[t]
            self.fp[t] += other.fp[t]
            self.fn[t] += other.fn[t]
        for t in FOUR:
            self.top1_gold[t] += other.top1_gold[t]
        for k in ("rows", "silent_gold", "silent_ok", "top1_n", "top1_ok"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    @staticmethod
    def prf(tp, fp, fn):
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def micro(self):
        return self.prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def support(self):
        return sum(self.tp.values()) + sum(self.fn.values())

    def summary(self):
        cells = {}
        if self.support():
            p, r, f = self.micro()
            cells["micro"] = f"P {p:.3f} R {r:.3f} F1 {f:.3f} (n+ {self.support()})"
        if self.silent_gold:
            cells["silence"] = f"{self.silent_ok / self.silent_gold:.3f} of {self.silent_gold}"
        if self.top1_n:
            majority = max(self.top1_gold.values()) / self.top1_n
            cells["top1"] = f"{self.top1_ok / self.top1_n:.3f} of {self.top1_n} (majority {majority:.3f})"
        return cells

    def per_topic(self):
        out = []
        for t in TOPICS:
            if self.tp[t] + self.fn[t] + self.fp[t]:
                p, r, f = self.prf(self.tp[t], self.fp[t], self.fn[t])
                out.append((t, p, r, f, self.tp[t] + self.fn[t]))
        return out


def tag(binary, model, path):
    out = subprocess.run(
        [binary, "--quiet", "tag", "--model", model, "--format", "csv", path],
        check=True, capture_output=True, text=True,
    ).stdout
    return list(csv.DictReader(io.StringIO(out)))


def score_file(binary, model, path):
    """Score per language of one gold file."""
    with open(path, encoding="utf-8", newline="") as f:
        gold = list(csv.DictReader(f))
    pred = tag(binary, model, path)
    if len(pred) != len(gold):
        raise SystemExit(f"realdev.py: {path}: {len(gold)} rows but {len(pred)} tagged items")
    scores = {}
    for g, p in zip(gold, pred):
        topics = [t for t in g["topics"].replace("|", ";").split(";") if t]
        known = [t for t in g.get("known", "").replace("|", ";").split(";") if t] or TOPICS
        predicted = [t for t in p["topics"].split(";") if t]
        probs = {t: float(p[t]) for t in TOPICS}
        scores.setdefault(g["lang"], Score()).add(topics, known, predicted, probs)
    return scores


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model", nargs="?", default=os.path.join(ROOT, "models", "foreign-policy.model"))
    ap.add_argument("--dev", default=os.path.join(ROOT, "target", "training", "dev"))
    ap.add_argument("--team-dev", default=",".join(
        os.path.join(HERE, f) for f in ("foreign_policy_dev.csv", "foreign_policy_news_dev.csv")))
    ap.add_argument("--topics", action="store_true", help="also print per-topic P/R/F1")
    args = ap.parse_args()
    binary = os.environ.get("TOPICTAG", os.path.join(ROOT, "target", "release", "topictag"))
    pooled = {}
    lines = []
    files = sorted(glob.glob(os.path.join(args.dev, "*.csv")))
    team = [p for p in args.team_dev.split(",") if p]
    for path in files + team:
        name = os.path.splitext(os.path.basename(path))[0]
        for lang, s in sorted(score_file(binary, args.model, path).items()):
            if path in files:
                kind = "HEADLINES POOLED" if name.endswith(".titles") else "REAL POOLED"
                pooled.setdefault(f"{kind} {lang}", Score()).merge(s)
            lines.append((f"{name} {lang}", s))
    for label, s in sorted(pooled.items(), reverse=True):
        lines.append((label, s))
    for label, s in lines:
        c = s.summary()
        print(f"{label:34} rows {s.rows:5}  " + "  ".join(f"{k}: {v}" for k, v in c.items()))
        if args.topics:
            for t, p, r, f, n in s.per_topic():
                if n:
                    print(f"{'':38}{t:12} P {p:.3f} R {r:.3f} F1 {f:.3f} n {n}")
                else:
                    print(f"{'':38}{t:12} false positives {s.fp[t]} (no gold)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
