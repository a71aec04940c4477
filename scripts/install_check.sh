#!/usr/bin/env bash
# How users install it, from a git clone of this checkout's HEAD, reaching nothing but PyPI
# (R_PROFILE_USER and repos point nowhere; RETICULATE_PYTHON is unset). Prints how long each
# step took.
#  R:      R CMD INSTALL of the clone into a temporary library, install_paws_bridge() with no
#          arguments (a temporary virtualenv), then tests/install/check_installed.R (help pages,
#          a call, to_frame(), batch_call(), pagination, use_bridge()); R CMD check of the clone's
#          tarball in that environment (Status OK or NOTEs only).
#  Python: pip install "<clone>[notebooks]" into a clean virtualenv (a wheel built from the
#          clone: py.typed and the generated stubs must be in it), then every notebook in
#          examples/ run headless (tests/install/run_notebooks.py).
#   scripts/install_check.sh [--keep]     (--keep leaves the temporary directory)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/pb-install-check.XXXXXX")
[ "${1:-}" = "--keep" ] && echo "install-check: keeping $work" || trap 'rm -rf "$work"' EXIT
unset RETICULATE_PYTHON RETICULATE_PYTHON_ENV VIRTUAL_ENV PYTHONPATH
# pip's cache stays the user's (only PyPI is reached; a warm cache makes it quick)
export PIP_CACHE_DIR="${PIP_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pip}"
export R_PROFILE_USER=/dev/null R_LIBS="$work/lib" R_LIBS_USER="$work/lib" \
       WORKON_HOME="$work/venvs" RETICULATE_VIRTUALENV_ROOT="$work/venvs" \
       AWS_EC2_METADATA_DISABLED=true HOME="$work/home"
mkdir -p "$work/lib" "$work/venvs" "$work/home"
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
Rscript "$work/src/tests/install/check_installed.R" 2>&1 | sed 's/^/  /'
status=${PIPESTATUS[0]}
echo "install-check: checks of the installed R package ($(secs $t) s)"
[ "$status" -eq 0 ] || exit "$status"

# R CMD check of the clone's tarball in that environment (the tests start the local endpoint
# from the virtualenv's Python); Status OK or NOTEs only.
t=$(date +%s)
(cd "$work" && R CMD build --no-build-vignettes src >"$work/build.log" 2>&1) ||
  { cat "$work/build.log"; exit 1; }
tarball=$(ls "$work"/paws.bridge_*.tar.gz)
(cd "$work" && _R_CHECK_FORCE_SUGGESTS_=false _R_CHECK_CRAN_INCOMING_=false \
   R CMD check --no-manual "$tarball" >"$work/check.log" 2>&1) || true
grep -E "^Status:" "$work/check.log" | sed 's/^/  R CMD check: /' ||
  { tail -40 "$work/check.log"; exit 1; }
awk '/^\* checking/ {show = / (NOTE|WARNING|ERROR)$/} show' "$work/check.log" | sed 's/^/    /'
echo "install-check: R CMD check of the built tarball ($(secs $t) s)"
if ! grep -qE "^Status: (OK|[0-9]+ NOTEs?)$" "$work/check.log"; then
  sed -n '/\* checking/,$p' "$work/check.log" | grep -B2 -A20 -E "(ERROR|WARNING)$" | head -80
  exit 1
fi

t=$(date +%s)
python=${PYTHON:-python3}
"$python" -m venv "$work/pyvenv"
env -u LD_LIBRARY_PATH "$work/pyvenv/bin/python" -m pip install -q --disable-pip-version-check \
  "$work/src[notebooks]" >"$work/pip.log" 2>&1 || { cat "$work/pip.log"; exit 1; }
echo "install-check: pip install \"<clone>[notebooks]\" into a clean virtualenv ($(secs $t) s)"
site=$("$work/pyvenv/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
for f in paws_bridge/py.typed paws_bridge/__init__.pyi paws_bridge/_typing/cognitoidentityprovider.pyi; do
  [ -f "$site/$f" ] || { echo "install-check: the wheel lacks $f"; exit 1; }
done
echo "  ok: the wheel has py.typed and the generated stubs ($(du -sh "$site/paws_bridge/_typing" | cut -f1))"

t=$(date +%s)
env -u LD_LIBRARY_PATH "$work/pyvenv/bin/python" "$work/src/tests/install/run_notebooks.py" \
  "$work/src/examples" 2>&1 | sed 's/^/  /'
status=${PIPESTATUS[0]}
echo "install-check: the notebooks from the clean virtualenv ($(secs $t) s)"
exit "$status"
