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

# Wall time from bash's microsecond clock around each run (GNU time's %e has a 10 ms
# resolution, and starting it would be timed too); the peak memory from GNU time's %M, in
# separate runs.
for _ in $(seq "$n"); do
  t0=$EPOCHREALTIME
  "$bin" --quiet tag examples/digest.txt > /dev/null
  t1=$EPOCHREALTIME
  echo "$t0 $t1" >> "$dir/wall"
done
for _ in 1 2 3; do
  /usr/bin/time -f "%M" -a -o "$dir/peak" "$bin" --quiet tag examples/digest.txt > /dev/null
done
python3 - "$dir/wall" "$dir/peak" <<'PY'
import statistics, sys
wall = sorted((float(b) - float(a)) * 1000 for a, b in (l.split() for l in open(sys.argv[1])))
peak = max(int(l) for l in open(sys.argv[2]) if l.strip()) / 1024
print(f"tag examples/digest.txt, cold, {len(wall)} runs: median {statistics.median(wall):.1f} ms, "
      f"slowest {wall[-1]:.1f} ms wall; peak memory {peak:.1f} MiB")
PY

/usr/bin/time -f "%e %U %S" -o "$dir/train" env TOPICTAG="$bin" training/build.sh "$dir/m.model" > /dev/null 2>&1
read -r wall user sys < "$dir/train"
same=$(cmp -s "$dir/m.model" models/foreign-policy.model && echo "identical to" || echo "DIFFERENT from")
echo "retrain the shipped model (training/build.sh): ${wall} s wall, $(python3 -c "print(f'{$user + $sys:.1f}')") s CPU; bytes $same models/foreign-policy.model"
