#!/usr/bin/env bash
# The R user's path, from a git clone of this checkout's HEAD, into a temporary R library and
# a temporary virtualenv, reaching nothing but PyPI (R_PROFILE_USER and repos point nowhere;
# RETICULATE_PYTHON is unset): R CMD INSTALL of the clone, install_paws_bridge() with no
# arguments, then tests/install/check_installed.R (help pages, a call, to_frame(), batch(),
# pagination, use_bridge()). Prints how long each step took.
#   scripts/install_check.sh [--keep]     (--keep leaves the temporary directory)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/pb-install-check.XXXXXX")
[ "${1:-}" = "--keep" ] && echo "install-check: keeping $work" || trap 'rm -rf "$work"' EXIT
unset RETICULATE_PYTHON RETICULATE_PYTHON_ENV VIRTUAL_ENV PYTHONPATH
export R_PROFILE_USER=/dev/null R_LIBS="$work/lib" R_LIBS_USER="$work/lib" \
       WORKON_HOME="$work/venvs" RETICULATE_VIRTUALENV_ROOT="$work/venvs" \
       AWS_EC2_METADATA_DISABLED=true HOME="$work/home"
mkdir -p "$work/lib" "$work/venvs" "$work/home"
# pip's cache stays the machine's (only PyPI is reached; a warm cache makes it quick)
export PIP_CACHE_DIR="${PIP_CACHE_DIR:-/root/.cache/pip}"
secs() { echo $(( $(date +%s) - $1 )); }

t=$(date +%s)
git clone -q --no-checkout "$root" "$work/src"
git -C "$work/src" checkout -q "$(git -C "$root" rev-parse HEAD)"
echo "install-check: git clone of $(git -C "$root" rev-parse --short HEAD) ($(secs $t) s)"

t=$(date +%s)
R CMD INSTALL -l "$work/lib" --no-multiarch "$work/src" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log"; exit 1; }
echo "install-check: R CMD INSTALL of the clone ($(secs $t) s)"

cd "$work"  # nothing of the checkout may be found from the current directory
t=$(date +%s)
Rscript -e 'options(repos = NULL); paws.bridge::install_paws_bridge()' >"$work/venv.log" 2>&1 ||
  { cat "$work/venv.log"; exit 1; }
grep -E "^(Creating|Installing|Linking|Checking|  done|  paws_bridge|paws-bridge is)" "$work/venv.log" | sed 's/^/  /'
echo "install-check: install_paws_bridge() ($(secs $t) s)"

t=$(date +%s)
Rscript "$root/tests/install/check_installed.R" 2>&1 | sed 's/^/  /'
status=${PIPESTATUS[0]}
echo "install-check: checks of the installed package ($(secs $t) s)"
exit "$status"
