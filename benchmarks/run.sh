#!/usr/bin/env bash
# make bench: every benchmark of issue 5 against one local endpoint, then the table.
#
#   1. benchmarks/endpoint.py   a seeded local Cognito (keep-alive), in its own process
#   2. bench_python.py          boto3 vs paws_bridge per call; service creation; import
#   3. bench_convert.py         conversions (R embedded through rpy2) and peak memory
#   4. bench_r.R                reticulate boto3 vs paws.bridge per call from R; creation; library
#   5. report.py                the table, results/bench.json, results/bench.png
#
# BENCH_CALLS (default 300) calls per contender per round, BENCH_ROUNDS (default 2) rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
calls=${BENCH_CALLS:-300}
rounds=${BENCH_ROUNDS:-2}
results=benchmarks/results
mkdir -p "$results"
py() { env -u LD_LIBRARY_PATH .venv/bin/python "$@"; }

info=$(mktemp)
py benchmarks/endpoint.py >"$info" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -f "$info"' EXIT
for _ in $(seq 1 300); do
  [ -s "$info" ] && break
  kill -0 $pid 2>/dev/null || { echo "the benchmark endpoint did not start" >&2; exit 1; }
  sleep 0.1
done
[ -s "$info" ] || { echo "the benchmark endpoint did not start" >&2; exit 1; }

echo "== Python: per call, service creation, import ($calls calls x $rounds rounds)"
py benchmarks/bench_python.py --endpoint-file "$info" --calls "$calls" --rounds "$rounds"
echo "== conversions and memory"
py benchmarks/bench_convert.py
echo "== R: per call, service creation, library"
RETICULATE_PYTHON="$PWD/.venv/bin/python" R_PROFILE_USER=/dev/null \
  Rscript benchmarks/bench_r.R "$info" "$calls" "$rounds" "$results/r.json"
echo "== start-up with every service registered (import, first client)"
py benchmarks/bench_startup.py
echo "== DynamoDB put_item/get_item/query (100 items): Python, then R, next to boto3"
py benchmarks/bench_dynamodb.py --calls "$calls" --rounds "$rounds"
ddb_url=$(mktemp)
(sleep 100000 | py benchmarks/bench_dynamodb.py --serve >"$ddb_url") &
ddb_pid=$!
for _ in $(seq 1 300); do [ -s "$ddb_url" ] && break; sleep 0.1; done
RETICULATE_PYTHON="$PWD/.venv/bin/python" R_PROFILE_USER=/dev/null \
  Rscript benchmarks/bench_dynamodb.R "$(cat "$ddb_url")" "$calls" "$rounds" || true
pkill -TERM -P "$ddb_pid" 2>/dev/null || true
rm -f "$ddb_url"
echo
py benchmarks/report.py
