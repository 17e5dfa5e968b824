#!/usr/bin/env bash
# Every test of the project, as CI runs them (`.ci/run` calls exactly this):
#   1. `cargo test`: the library and the command-line tool;
#   2. the Python package: a venv under target/, the wheel built with maturin (reusing the
#      workspace's target/), pytest on python/tests (the API, and equality with the tool);
#   3. the Spark local[2] tests, in the same pytest run, with PySpark installed into the venv;
#      skipped with a notice when `java` is absent.
# Tests that need ../shared skip with a notice when it is absent. Each part's time is printed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds() { date +%s; }
t0=$(seconds)
# Disk is the scarce resource on CI machines (a run once stopped with "No space left on device"
# while installing PySpark): no incremental cache for a one-off build, no pip download cache.
# A developer's own CARGO_INCREMENTAL setting is kept.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
export PIP_NO_CACHE_DIR=1
disk() { echo "   (disk: target/ $(du -sh target 2>/dev/null | cut -f1), free $(df -h . | awk 'NR==2{print $4}'))"; }

echo "== cargo test"
cargo test
t1=$(seconds)
disk

echo "== Python package: venv and tools"
VENV=target/python-venv
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
PY="$VENV/bin/python"
pip_install() { "$PY" -m pip install --quiet --disable-pip-version-check "$@"; }
# pandas < 3: the versions the Spark prototype of issue #20 ran with.
pip_install "maturin>=1.5,<2" "pytest>=7" "pandas<3"
if command -v java >/dev/null 2>&1; then
    pip_install "pyspark>=3.5" "pyarrow>=11"
else
    echo "NOTICE: java is absent: the Spark local-mode tests will be skipped"
fi
t2=$(seconds)
disk

echo "== Python package: wheel"
rm -rf target/wheels
"$VENV/bin/maturin" build --release --manifest-path python/Cargo.toml --out target/wheels \
    --interpreter "$PY" --compatibility linux
pip_install --force-reinstall --no-deps target/wheels/topictag-*.whl
t3=$(seconds)

echo "== Python package: pytest (equality with target/debug/topictag, built by cargo test)"
export TOPICTAG_BIN="$PWD/target/debug/topictag"
export PYSPARK_PYTHON="$PWD/$PY"
set +e
# From python/tests, with -P: the source folder python/topictag (no compiled _native) must not
# shadow the installed wheel, neither here nor in the Spark workers (they inherit the folder).
(cd python/tests && "../../$PY" -P -m pytest . -rs -q -p no:cacheprovider)
rc=$?
set -e
t4=$(seconds)
if [ "$rc" -eq 5 ]; then
    echo "tests/all.sh: pytest collected no tests: that is a failure here" >&2
    exit 1
fi

echo "== times: cargo test $((t1 - t0)) s, Python tools $((t2 - t1)) s, wheel $((t3 - t2)) s, pytest $((t4 - t3)) s"
exit "$rc"
