#!/usr/bin/env python3
"""Would thresholds chosen on real text, per language or per text length, carry over?

    python3 training/thresholds.py [MODEL] [--tune DIR] [--dev DIR]

Tags the real tuning part (default target/training/tune) and the reporting part (default
target/training/dev) with MODEL, then, for each way of grouping the rows (by language, by
full text or headline copy, by both, or all rows together), chooses each topic's threshold
per group to maximise that topic's F1 on the *tuning* part (over the rows that know the
topic) and applies those thresholds to both parts. Prints micro-F1 per language and per
full text / headline copy: the model's own thresholds first, then each grouping. The tuning
lines are optimistic by construction (the thresholds were chosen on them); the reporting
lines say whether the choice generalises. An analysis, not a build step: the model's
thresholds are not changed. Standard library only; run `training/build.sh` or
`convert.py` first.
"""

import argparse
import csv
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from audit import topic_list  # noqa: E402
from realdev import ROOT, TOPICS, Score, tag  # noqa: E402

CELLS = [("en", False), ("en", True), ("es", False), ("es", True)]
GROUPINGS = {
    "language": lambda r: r["lang"],
    "length": lambda r: "headline" if r["headline"] else "full",
    "language+length": lambda r: r["lang"] + (" headline" if r["headline"] else " full"),
    "all rows": lambda r: None,
}


def load(binary, model, folder):
    """Every row of the folder's gold files with the model's probabilities and topics."""
    rows = []
    for path in sorted(glob.glob(os.path.join(folder, "*.csv"))):
        with open(path, encoding="utf-8", newline="") as f:
            gold = list(csv.DictReader(f))
        pred = tag(binary, model, path)
        if len(pred) != len(gold):
            raise SystemExit(f"thresholds.py: {path}: {len(gold)} rows but {len(pred)} tagged")
        for g, p in zip(gold, pred):
            rows.append({
                "lang": g["lang"],
                "headline": path.endswith(".titles.csv"),
                "gold": topic_list(g["topics"]),
                "known": topic_list(g.get("known")) or TOPICS,
                "predicted": topic_list(p["topics"]),
                "prob": {t: float(p[t]) for t in TOPICS},
            })
    return rows


def f1(tp, fp, fn):
    """F1 from counts, exactly (the threshold search compares candidates for equality)."""
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def micro(rows, decide):
    """micro-F1 of the topics `decide(row, topic)` assigns, counted as realdev.py counts."""
    s = Score()
    for r in rows:
        s.add(r["gold"], r["known"], {t for t in TOPICS if decide(r, t)}, r["prob"])
    return s.micro()[2]


def best_threshold(rows, topic):
    """The probability cut that maximises the topic's F1 on these rows."""
    scored = sorted(((r["prob"][topic], topic in r["gold"]) for r in rows if topic in r["known"]),
                    reverse=True)
    positives = sum(g for _, g in scored)
    tp = fp = 0
    best, cut = 0.0, 0.5
    for i, (s, g) in enumerate(scored):
        tp += g
        fp += not g
        if i + 1 < len(scored) and scored[i + 1][0] == s:
            continue
        f = f1(tp, fp, positives - tp)
        if f > best:
            best, cut = f, s
    return cut


def line(name, rows, decide):
    cells = (micro([r for r in rows if (r["lang"], r["headline"]) == c], decide) for c in CELLS)
    return f"  {name:16}" + "".join(f"{v:9.3f}" for v in cells)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model", nargs="?", default=os.path.join(ROOT, "models", "foreign-policy.model"))
    ap.add_argument("--tune", default=os.path.join(ROOT, "target", "training", "tune"))
    ap.add_argument("--dev", default=os.path.join(ROOT, "target", "training", "dev"))
    args = ap.parse_args()
    binary = os.environ.get("TOPICTAG", os.path.join(ROOT, "target", "release", "topictag"))
    tune = load(binary, args.model, args.tune)
    dev = load(binary, args.model, args.dev)
    chosen = {}
    for name, group in GROUPINGS.items():
        keys = {group(r) for r in tune}
        chosen[name] = {(k, t): best_threshold([r for r in tune if group(r) == k], t)
                        for k in keys for t in TOPICS}
    header = "".join(f"{lang + (' head' if h else ' full'):>9}" for lang, h in CELLS)
    for part, rows in (("tuning part", tune), ("reporting part", dev)):
        print(f"{part}, micro-F1")
        print(f"  {'thresholds':16}{header}")
        print(line("model", rows, lambda r, t: t in r["predicted"]))
        for name, group in GROUPINGS.items():
            cut = chosen[name]
            print(line(name, rows, lambda r, t, g=group, c=cut: r["prob"][t] >= c[(g(r), t)]))
    print("thresholds chosen on the tuning part:")
    for name, cut in chosen.items():
        by_group = {}
        for (k, t), v in cut.items():
            by_group.setdefault(k, []).append(f"{t} {v:.2f}")
        for k, cuts in sorted(by_group.items(), key=str):
            label = "" if k is None else f" {k}"
            print(f"  {name}{label}: " + ", ".join(cuts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
