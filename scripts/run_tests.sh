#!/usr/bin/env bash
# Both test suites, Python then R; fails if either fails (pytest's "no tests" exit 5 included).
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
env -u LD_LIBRARY_PATH .venv/bin/python -m pytest -q -p no:cacheprovider
rc=$?
if [ $rc -ne 0 ]; then echo "python tests failed (pytest exit $rc)"; status=1; fi
Rscript scripts/run_r_tests.R
rc=$?
if [ $rc -ne 0 ]; then echo "R tests failed (exit $rc)"; status=1; fi
exit $status
