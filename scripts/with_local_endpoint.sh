#!/usr/bin/env bash
# Run a command with the local Cognito endpoint up: starts `paws-bridge local` on a free
# loopback port, exports its URL as PAWS_BRIDGE_ENDPOINT (and AWS_ENDPOINT_URL), runs the
# command, and stops the server whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
env -u LD_LIBRARY_PATH .venv/bin/paws-bridge local --port 0 >"$out" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 1 100); do
  [ -s "$out" ] && break
  sleep 0.1
done
url=$(head -n 1 "$out")
[ -n "$url" ] || { echo "the local endpoint did not start" >&2; exit 1; }
export PAWS_BRIDGE_ENDPOINT="$url"
"$@"
