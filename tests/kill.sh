#!/usr/bin/env bash
# Kill test (not run in CI): SIGKILL `topictag train --out` and `topictag tag --out` at random
# moments and check that the target file is always either the old file or the complete new
# one, never a partial one.
#
#   tests/kill.sh [TRAIN_KILLS] [TAG_KILLS]      (default 25 and 35: 60 kills in all)
#
# Uses the release binary ($TOPICTAG, default target/release/topictag, built if missing).
# * train: `train --data training/foreign_policy.csv --out m.model` over an older model (trained
#   on tests/fixtures/mini.csv). After each kill m.model must be byte-identical to the old model
#   or to a reference run's model (training is deterministic), and `topictag inspect` must load it.
# * tag: `tag --out tags.csv` on 2,000 copies of examples/digest.txt over an older tags.csv.
#   After each kill tags.csv must be byte-identical to the old file or to a reference run's.
# Then, with strace, one kill of each command at each system call of the commit (see below).
# Kill moments are drawn over 0 to 110% of the reference run's duration (half of them over 85%
# to 110%), so some runs finish before the kill; those are counted apart. A kill leaves the
# temporary file (.topictag-*.tmp) beside the target: counted too. Exits 1 if any check fails.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
train_kills=${1:-25}
tag_kills=${2:-35}
bin=${TOPICTAG:-$root/target/release/topictag}
if [ ! -x "$bin" ]; then
    (cd "$root" && cargo build --release --quiet)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# Private copies: the reference runs must see the same inputs as the killed runs.
cp "$root/training/foreign_policy.csv" "$root/tests/fixtures/mini.csv" "$root/examples/digest.txt" \
    "$root/models/foreign-policy.model" .

now() { date +%s.%N; }
# A random delay in seconds: half the time uniform over 0 to 110% of $1 seconds, half the time
# over 85% to 110% of it, to land more kills near the end, where the file is committed.
delay() {
    awk -v t="$1" -v r="$RANDOM$RANDOM" 'BEGIN {
        srand(r); lo = rand() < 0.5 ? 0 : 0.85; printf "%.3f", t * (lo + rand() * (1.1 - lo)) }'
}

fail=0
report() { # command, old, new, finished, bad, leftover temporary files
    echo "$1: $(($2 + $3 + $5)) kills: old file $2, complete new file $3 (the run had already finished before $4 of them), partial or broken $5; a .topictag-*.tmp file was left after $6"
}

# random_kills NAME KILLS SECONDS TARGET OLD REF CHECK -- ARGS...: KILLS times, put OLD in
# place as TARGET, start `$bin ARGS...`, SIGKILL it after a random delay (SECONDS: the reference
# run's duration) and check that TARGET is byte-identical to OLD or to REF; CHECK, if not empty,
# is a command that must also accept a new TARGET (e.g. `inspect`). Reports and sets `fail`.
random_kills() {
    local name=$1 kills=$2 secs=$3 target=$4 old_f=$5 ref=$6 check=$7
    shift 8
    local old=0 new=0 done_before=0 bad=0 left=0 i d pid finished
    for i in $(seq "$kills"); do
        rm -f .topictag-*.tmp
        cp "$old_f" "$target"
        d=$(delay "$secs")
        "$bin" "$@" >/dev/null 2>&1 &
        pid=$!
        sleep "$d"
        finished=0
        kill -0 "$pid" 2>/dev/null || finished=1
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        ls .topictag-*.tmp >/dev/null 2>&1 && left=$((left + 1))
        if cmp -s "$target" "$old_f"; then
            old=$((old + 1))
        elif cmp -s "$target" "$ref" && { [ -z "$check" ] || "$bin" "$check" "$target" >/dev/null 2>&1; }; then
            new=$((new + 1))
            done_before=$((done_before + finished))
        else
            bad=$((bad + 1))
            echo "$name kill $i after ${d}s: $target is neither the old nor the new file" >&2
            cp "$target" "$root/kill-$name-$i.${target##*.}" || true
        fi
    done
    report "$name" "$old" "$new" "$done_before" "$bad" "$left"
    [ "$bad" -eq 0 ] || fail=1
}

# ---- train ---------------------------------------------------------------------------------
train_args=(-q train --data foreign_policy.csv)
"$bin" -q train --data mini.csv --min-df 1 --folds 2 --out old.model >/dev/null
start=$(now)
"$bin" "${train_args[@]}" --out ref.model >/dev/null
t_train=$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')
echo "train: reference run ${t_train}s, $(stat -c %s ref.model) bytes"
random_kills train "$train_kills" "$t_train" m.model old.model ref.model inspect \
    -- "${train_args[@]}" --out m.model

# ---- tag -----------------------------------------------------------------------------------
for _ in $(seq 2000); do cat digest.txt; echo; done >big.txt
tag_args=(-q tag --model foreign-policy.model big.txt)
echo "previous results" >old.csv
start=$(now)
"$bin" "${tag_args[@]}" --out ref.csv 2>/dev/null
t_tag=$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')
echo "tag: reference run ${t_tag}s, $(wc -l <ref.csv) lines, $(stat -c %s ref.csv) bytes"
random_kills tag "$tag_kills" "$t_tag" tags.csv old.csv ref.csv "" \
    -- "${tag_args[@]}" --out tags.csv

# ---- precise kills at the commit's system calls ----------------------------------------------
# Random kills rarely land in the few milliseconds of the commit. With strace, SIGKILL each
# command as it enters the system calls of AtomicFile::commit: fchmod and fsync of the temporary
# file and the rename leave the old file; the fsync of the folder (after the rename) the new one.
precise=0
if command -v strace >/dev/null 2>&1; then
    points=("fchmod:1:old" "fsync:1:old" "rename,renameat,renameat2:1:old" "fsync:2:new")
    for cmd in train tag; do
        for p in "${points[@]}"; do
            IFS=: read -r calls when want <<<"$p"
            rm -f .topictag-*.tmp
            if [ "$cmd" = train ]; then
                target=m.model old_f=old.model ref=ref.model args=("${train_args[@]}" --out m.model)
            else
                target=tags.csv old_f=old.csv ref=ref.csv args=("${tag_args[@]}" --out tags.csv)
            fi
            cp "$old_f" "$target"
            strace -f -qq -o /dev/null -e trace="$calls" -e inject="$calls:signal=KILL:when=$when" \
                "$bin" "${args[@]}" >/dev/null 2>&1 &
            wait $! 2>/dev/null || true
            got=bad
            cmp -s "$target" "$old_f" && got=old
            cmp -s "$target" "$ref" && got=new
            left=$(find . -maxdepth 1 -name '.topictag-*.tmp' | wc -l)
            echo "$cmd killed entering $calls (call $when): $got file (expected $want), temporary files left: $left"
            precise=$((precise + 1))
            [ "$got" = "$want" ] || fail=1
        done
    done
else
    echo "strace not found: precise kills skipped"
fi

if [ "$fail" -eq 0 ]; then
    echo "kill test passed: $((train_kills + tag_kills + precise)) kills ($precise at the commit's system calls), never a partial file"
else
    echo "kill test FAILED" >&2
fi
exit "$fail"
