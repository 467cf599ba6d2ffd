#!/usr/bin/env bash
# Every benchmark, one after the other, in the venv scripts/test.sh made.
# Each prints its figures (ratios against a baseline run in the same process
# where there is one); none fails on a figure.  Takes a few minutes:
# bench_ledger builds a 1M-action ledger (pass --quick to skip it).
set -euo pipefail
cd "$(dirname "$0")/.."
py="${SANCTIONSMODEL_VENV:-.venv}/bin/python"
sizes=()
if [ "${1:-}" = "--quick" ]; then
  sizes=(--sizes 10000 100000)
fi
for bench in bench_ofac.py bench_load.py bench_search.py eval_linker.py; do
  echo "== benchmarks/$bench"
  "$py" "benchmarks/$bench"
done
echo "== benchmarks/bench_ledger.py ${sizes[*]}"
"$py" benchmarks/bench_ledger.py "${sizes[@]}"
