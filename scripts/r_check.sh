#!/usr/bin/env bash
# R CMD check --no-manual on a freshly built tarball, offline (no CRAN), with the help pages
# generated from the model first. Prints check's status line; fails on ERROR or WARNING.
set -euo pipefail
cd "$(dirname "$0")/.."
export R_PROFILE_USER=/dev/null _R_CHECK_FORCE_SUGGESTS_=false _R_CHECK_CRAN_INCOMING_=false
export RETICULATE_PYTHON=${RETICULATE_PYTHON:-$(pwd)/.venv/bin/python}
.venv/bin/python scripts/gen_rd.py >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
R CMD build --no-build-vignettes . >/dev/null
tarball=$(ls -t paws.bridge_*.tar.gz | head -n 1)
mv "$tarball" "$work/"
(cd "$work" && R CMD check --no-manual "$tarball" >check.log 2>&1) || true
grep -E "^Status:" "$work/check.log" || { tail -40 "$work/check.log"; exit 1; }
# each NOTE with its explanation lines
awk '/^\* checking/ {show = / NOTE$/} show' "$work/check.log" | sed 's/^/  /'
if grep -qE "^Status:.*(ERROR|WARNING)" "$work/check.log"; then
  sed -n '/\* checking/,$p' "$work/check.log" | grep -B2 -A12 -E "(ERROR|WARNING)$" | head -80
  exit 1
fi
