#!/usr/bin/env bash
# Build the shipped default model, models/foreign-policy.model, from the team's labelled data.
#
#   training/build.sh [OUT]      OUT defaults to models/foreign-policy.model
#
# TOPICTAG names the topictag binary to run (default: cargo run --release --quiet --).
# The same data with the same settings gives the same bytes: the test suite rebuilds the model
# this way and checks that it matches the committed file.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-models/foreign-policy.model}"
read -r -a topictag <<< "${TOPICTAG:-cargo run --release --quiet --}"
# The settings of the shipped model (see training/README.md for how they were chosen).
"${topictag[@]}" --quiet train \
  --data training/foreign_policy.csv \
  --out "$out" \
  --allow en,es,ru,fr,de,pt,it \
  --alpha 0.2 \
  --features-per-topic 2000 \
  --folds 4 \
  --seed 42
