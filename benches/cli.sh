#!/usr/bin/env bash
# Two command-line timings of the performance issue, with the release binary:
#   1. `topictag tag examples/digest.txt` with the shipped model, cold process: the median and
#      the slowest wall time of N runs (default 21), and the peak resident memory;
#   2. retraining the shipped model (`training/build.sh` into a temporary file): wall and CPU
#      seconds, and whether the bytes equal models/foreign-policy.model.
#
#   benches/cli.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-21}"
cargo build --release --quiet
bin=target/release/topictag
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "$(date -u +%FT%TZ), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"

for _ in $(seq "$n"); do
  /usr/bin/time -f "%e %M" -a -o "$dir/tag" "$bin" --quiet tag examples/digest.txt > /dev/null
done
python3 - "$dir/tag" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
wall = sorted(float(r[0]) * 1000 for r in rows)
peak = max(int(r[1]) for r in rows) / 1024
print(f"tag examples/digest.txt, cold, {len(rows)} runs: median {statistics.median(wall):.0f} ms, "
      f"slowest {wall[-1]:.0f} ms wall; peak memory {peak:.1f} MiB")
PY

/usr/bin/time -f "%e %U %S" -o "$dir/train" env TOPICTAG="$bin" training/build.sh "$dir/m.model" > /dev/null 2>&1
read -r wall user sys < "$dir/train"
same=$(cmp -s "$dir/m.model" models/foreign-policy.model && echo "identical to" || echo "DIFFERENT from")
echo "retrain the shipped model (training/build.sh): ${wall} s wall, $(python3 -c "print(f'{$user + $sys:.1f}')") s CPU; bytes $same models/foreign-policy.model"
