#!/usr/bin/env bash
# Run every fuzz target in turn (not part of CI). Usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
# Needs cargo-fuzz (`cargo install cargo-fuzz`); RUSTC_BOOTSTRAP=1 lets the stable toolchain
# build the sanitizer flags. Logs go to fuzz/logs/, new inputs to fuzz/corpus/, crashes to
# fuzz/artifacts/ (all git-ignored).
set -u
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(model_loader csv_reader digest_splitter)
mkdir -p logs
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t"
    case $t in
        model_loader) max_len=65536 ;;
        *) max_len=16384 ;;
    esac
    echo "== $t: ${secs}s" | tee -a logs/summary.txt
    RUSTC_BOOTSTRAP=1 cargo fuzz run "$t" "corpus/$t" -- \
        -max_total_time="$secs" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"logs/$t.log" 2>&1
    echo "exit $?" | tee -a logs/summary.txt
    grep -E "^Done|stat::number_of_executed_units|stat::peak_rss_mb|==ERROR|panicked|Test unit written" \
        "logs/$t.log" | tee -a logs/summary.txt
done
