#!/usr/bin/env bash
# One idempotent set-up for a fresh Debian machine: R and its packages from apt, the Python
# virtualenv .venv with pinned dependencies, and the R package installed into R's site library.
# Each step is skipped when its inputs have not changed, so `make test` stays quick.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
stamp_dir=.venv/.stamps

apt_pkgs="r-base-core r-base-dev r-cran-reticulate r-cran-testthat r-cran-jsonlite r-cran-curl r-cran-xml2 r-cran-cli r-cran-purrr r-cran-dplyr r-cran-openssl r-cran-digest r-cran-glue r-cran-roxygen2"
missing=""
for p in $apt_pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing from apt:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

py=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$py" -m venv .venv
fi
mkdir -p "$stamp_dir"
want=$(cat pyproject.toml | sha256sum | cut -c1-16)
if [ "$(cat "$stamp_dir/python" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing Python dependencies into .venv (log: .venv/pip.log)"
  # R exports LD_LIBRARY_PATH; it must not leak into the build of rpy2 or later imports.
  if ! { env -u LD_LIBRARY_PATH .venv/bin/pip install -q --upgrade pip &&
         env -u LD_LIBRARY_PATH .venv/bin/pip install -q -e ".[r,local,frames,dev]"; } \
       >.venv/pip.log 2>&1; then
    cat .venv/pip.log
    exit 1
  fi
  echo "$want" > "$stamp_dir/python"
  rm -f paws_bridge/__init__.pyi  # regenerated below for the new dependencies
fi
# The type stubs are built from the model, not checked in (a wheel gets them from setup.py).
if [ ! -f paws_bridge/__init__.pyi ]; then
  env -u LD_LIBRARY_PATH .venv/bin/python scripts/gen_stubs.py
fi

# The R package: reinstalled when anything it is built from changes (its help pages are
# checked in: scripts/gen_rd.py writes them, tests/python/test_helptext.py checks them).
# It goes into R's site library, or into PAWS_BRIDGE_R_LIB when set (a private library, e.g. for a second checkout;
# put the same path first in R_LIBS so that Rscript finds it).
# What the installed R package is built from: its R sources and pages, and the Python core it
# ships a copy of (inst/python), which the R package runs in preference to the virtualenv's.
r_inputs() {
  { cat DESCRIPTION NAMESPACE R/*.R man/*.Rd src/*.c 2>/dev/null
    find paws_bridge -name '*.py' -o -name '*.json' | sort | xargs cat; } | sha256sum | cut -c1-16
}
rlib_args=""
if [ -n "${PAWS_BRIDGE_R_LIB:-}" ]; then
  mkdir -p "$PAWS_BRIDGE_R_LIB"
  rlib_args="-l $PAWS_BRIDGE_R_LIB"
fi
want=$(r_inputs)
if [ "$(cat "$stamp_dir/r" 2>/dev/null)" != "$want" ] || ! Rscript -e 'quit(status = !requireNamespace("paws.bridge", quietly = TRUE))' >/dev/null 2>&1; then
  if [ -f DESCRIPTION ]; then
    echo "setup: installing the R package paws.bridge"
    log=$(mktemp)
    R CMD INSTALL $rlib_args --no-multiarch --with-keep.source . >"$log" 2>&1 || { cat "$log"; exit 1; }
    rm -f "$log"
    want=$(r_inputs)
    echo "$want" > "$stamp_dir/r"
  fi
fi
echo "setup: ready (python: $root/.venv/bin/python)"
