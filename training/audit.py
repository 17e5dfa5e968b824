#!/usr/bin/env python3
"""Score a model against labels the team gave by ANNOTATION.md to a sample of the real dev rows.

    python3 training/audit.py [MODEL] [--dev DIR] [--labels training/audit/labels.csv]
    python3 training/audit.py [MODEL] --dev target/training/tune     # the tuning part's labels

The real dev sets of `realdev.py` take their gold from each corpus's own labels through the
mappings in `training/mappings/` (a BBC "politics" section item is politics, a "sport" one has
no topic). Those are not always what the annotation guide says: a section is not a topic. The
audit labels (`training/audit/labels.csv`: part, corpus, key, topics, doubt; part `dev` for
the reporting part, `tune` for the tuning part) were written by reading
each sampled item against the guide, blind to the mapped gold and to the model. The texts stay
in `../shared`: a row is named by its key, the first 16 hex digits of the SHA-1 of
`title + U+001F + text` as `convert.py` writes them to DIR (default target/training/dev, the
reporting part; run `training/build.sh` or `convert.py` first).

Prints, per corpus and language and pooled per language (micro-F1 over the six topics):
  * model vs audit: the model's topics scored against the audit labels, every topic known;
  * model vs mapped: the same rows scored against the mapped gold (its known topics only), the
    figure realdev.py reports, on this sample;
  * mapped vs audit: the mapped gold scored against the audit labels on the topics the mapped
    row knows: how far the corpus mappings are from the guide.
Then, on the rows a second annotator also labelled (`--second`, default
`training/audit/second.csv`, the same columns), the second annotator scored against the first
(agreement between two readings of the guide) and the model against each.
Standard library only.
"""

import argparse
import csv
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from convert import item_key as key  # noqa: E402
from realdev import ROOT, TOPICS, Score, tag  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def topic_list(cell):
    return [t for t in (cell or "").replace("|", ";").split(";") if t]


def read_labels(path, part):
    by_corpus = {}
    with open(path, encoding="utf-8", newline="") as f:
        for n, r in enumerate(csv.DictReader(f), start=2):
            if r["part"] != part:
                continue
            bad = [t for t in topic_list(r["topics"]) if t not in TOPICS]
            if bad:
                raise SystemExit(f"audit.py: {path}:{n}: unknown topic(s) {bad}")
            by_corpus.setdefault(r["corpus"], {})[r["key"]] = topic_list(r["topics"])
    return by_corpus


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model", nargs="?", default=os.path.join(ROOT, "models", "foreign-policy.model"))
    ap.add_argument("--dev", default=os.path.join(ROOT, "target", "training", "dev"))
    ap.add_argument("--labels", default=os.path.join(HERE, "audit", "labels.csv"))
    ap.add_argument("--second", default=os.path.join(HERE, "audit", "second.csv"),
                    help="labels a second annotator gave to some of the same rows (same columns)")
    ap.add_argument("--topics", action="store_true", help="also print per-topic P/R/F1")
    args = ap.parse_args()
    binary = os.environ.get("TOPICTAG", os.path.join(ROOT, "target", "release", "topictag"))
    # Labelled rows of the reporting part (`dev`) or of the tuning part (`tune`).
    part = "tune" if os.path.basename(os.path.normpath(args.dev)) == "tune" else "dev"
    labels = read_labels(args.labels, part)
    second = read_labels(args.second, part) if os.path.exists(args.second) else {}
    lines, pooled = [], {}
    twice, twice_pooled = [], {}
    for corpus in sorted(labels):
        path = os.path.join(args.dev, f"{corpus}.csv")
        with open(path, encoding="utf-8", newline="") as f:
            rows = [r for r in csv.DictReader(f) if key(r) in labels[corpus]]
        missing = len(labels[corpus]) - len({key(r) for r in rows})
        if missing:
            raise SystemExit(f"audit.py: {missing} audit keys of {corpus} are not in {path}")
        with tempfile.TemporaryDirectory() as tmp:
            sample = os.path.join(tmp, "sample.csv")
            with open(sample, "w", encoding="utf-8", newline="") as f:
                w = csv.DictWriter(f, fieldnames=["title", "text", "lang"], extrasaction="ignore")
                w.writeheader()
                w.writerows(rows)
            pred = tag(binary, args.model, sample)
        scores, agree = {}, {}
        for r, p in zip(rows, pred):
            audit = labels[corpus][key(r)]
            mapped = topic_list(r["topics"])
            known = topic_list(r.get("known")) or TOPICS
            predicted = topic_list(p["topics"])
            probs = {t: float(p[t]) for t in TOPICS}
            s = scores.setdefault(r["lang"], {k: Score() for k in ("model/audit", "model/mapped", "mapped/audit")})
            s["model/audit"].add(audit, TOPICS, predicted, probs)
            s["model/mapped"].add(mapped, known, predicted, probs)
            s["mapped/audit"].add(audit, known, mapped, probs)
            other = second.get(corpus, {}).get(key(r))
            if other is not None:
                a = agree.setdefault(r["lang"], {k: Score() for k in AGREEMENT})
                a["second/first"].add(audit, TOPICS, other, probs)
                a["model/first"].add(audit, TOPICS, predicted, probs)
                a["model/second"].add(other, TOPICS, predicted, probs)
        collect(corpus, agree, twice, twice_pooled)
        collect(corpus, scores, lines, pooled)
    show(lines, pooled, "model/audit", args.topics)
    if twice:
        # The first annotator's labels as gold: F1 between two readers of the guide is the
        # ceiling a model can be expected to reach against either.
        print("rows labelled twice (first annotator: audit/labels.csv, second: --second):")
        show(twice, twice_pooled, "second/first", args.topics)
    return 0


AGREEMENT = ("second/first", "model/first", "model/second")


def collect(corpus, by_lang, lines, pooled):
    """One line per language of a corpus's scores, merged into the per-language pools."""
    for lang, s in sorted(by_lang.items()):
        lines.append((f"{corpus} {lang}", s))
        for k, v in s.items():
            pooled.setdefault(lang, {k: Score() for k in s})[k].merge(v)


def show(lines, pooled, main_column, topics):
    """The lines, then the pooled line of each language."""
    for label, s in lines + [(f"POOLED {lang}", s) for lang, s in sorted(pooled.items())]:
        rows = s[main_column].rows
        cells = "  ".join(f"{k} {v.micro()[2]:.3f} (n+ {v.support():3})" for k, v in s.items())
        print(f"{label:30} rows {rows:4}  {cells}")
        if topics:
            for t, p, r, f, n in s[main_column].per_topic():
                print(f"{'':34}{t:12} {main_column} P {p:.3f} R {r:.3f} F1 {f:.3f} n {n}")


if __name__ == "__main__":
    sys.exit(main())
