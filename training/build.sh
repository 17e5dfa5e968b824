#!/usr/bin/env bash
# Build the shipped default model, models/foreign-policy.model, from the team's labelled data
# plus real expert-coded corpora read from ../shared/datasets (mapped by training/mappings/).
#
#   training/build.sh [OUT]      OUT defaults to models/foreign-policy.model
#
# 1. training/convert.py writes target/training/train.csv (team rows + mapped corpus rows, with a
#    `known` column), the held-out real rows split into a tuning part target/training/tune/*.csv
#    (settings are chosen on it) and a reporting part target/training/dev/*.csv (figures are
#    reported on it), and target/training/sources.txt (corpora, rows, licences; recorded in the model).
# 2. topictag train fits the model on it, and chooses each topic's threshold on the training
#    file's out-of-fold scores pooled with the real tuning part (--calibrate), never on the
#    reporting part.
# TOPICTAG names the topictag binary to run (default: cargo run --release --quiet --);
# CALIBRATE=shippable leaves the research-use corpora out of the thresholds (see below).
# The same data with the same settings gives the same bytes: the test suite rebuilds the model
# this way (when ../shared is present) and checks that it matches the committed file.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-models/foreign-policy.model}"
build="target/training"
read -r -a topictag <<< "${TOPICTAG:-cargo run --release --quiet --}"
python3 training/convert.py --shared ../shared/datasets --out "$build"
# Thresholds are tuned on the whole real tuning part (research-use corpora included: see
# training/README.md, "Licences"); the model's metadata then names the corpora that only tuned
# thresholds too. CALIBRATE=shippable tunes them on the tuning parts of the corpora the model
# may be trained on only (sources.tsv rows whose `train` is not 0).
calibrate=("$build"/tune/*.csv)
shippable=()
while IFS=$'\t' read -r corpus _ licence train _; do
  case "$corpus" in ''|'#'*|corpus) continue ;; esac
  if [ "$train" != 0 ]; then
    for f in "$build/tune/$corpus.csv" "$build/tune/$corpus.titles.csv"; do
      [ -f "$f" ] && shippable+=("$f")
    done
  elif [ "${CALIBRATE:-all}" != shippable ] && [ -f "$build/tune/$corpus.csv" ]; then
    printf '%s\t0\t%s; thresholds only (its tuning rows)\n' "$corpus" "$licence" >> "$build/sources.txt"
  fi
done < training/sources.tsv
if [ "${CALIBRATE:-all}" = shippable ]; then
  calibrate=("${shippable[@]}")
fi
# The settings of the shipped model (see training/README.md for how they were chosen).
"${topictag[@]}" --quiet train \
  --data "$build/train.csv" \
  --sources "$build/sources.txt" \
  --out "$out" \
  --allow en,es,ru,fr,de,pt,it \
  --classifier logistic \
  --word-classes default \
  --alpha 0.2 \
  --features-per-topic 2000 \
  --folds 4 \
  --seed 42 \
  --calibrate "${calibrate[@]}"
