# The README's first two commands: `make demo` and `make test`. Both run `make setup` first,
# which installs what is missing on a fresh Debian machine and is quick when nothing changed.
PY := .venv/bin/python
export RETICULATE_PYTHON := $(CURDIR)/.venv/bin/python
# R must not try to reach CRAN; R's LD_LIBRARY_PATH must not leak into Python children.
export R_PROFILE_USER := /dev/null

.PHONY: setup demo test test-python test-r conformance check bench clean fuzz

setup:
	@bash scripts/setup.sh

demo: setup
	@env -u LD_LIBRARY_PATH $(PY) examples/demo.py
	@echo
	@echo "--- the same from R: an ordinary paws script with the package name changed ---"
	@bash scripts/with_local_endpoint.sh Rscript examples/demo.R

test: setup
	@bash scripts/run_tests.sh

test-python: setup
	@env -u LD_LIBRARY_PATH $(PY) -m pytest -q

test-r: setup
	@Rscript scripts/run_r_tests.R

# paws's own recorded behaviour, replayed against the installed R package
conformance: setup
	@Rscript tests/conformance/tools/replay.R --constructor paws.bridge::cognitoidentityprovider \
	  --corpus tests/conformance --mode bridge --python $(CURDIR)/.venv/bin/python

check: setup
	@bash scripts/r_check.sh

# the model fuzzer: >= 10,000 generated calls from Python and (one R process) from R against a
# recording server; prints generated / refused / sent correctly / crashes / silent wrong sends
fuzz: setup
	@env -u LD_LIBRARY_PATH $(PY) tests/fuzz/model_fuzz.py --python 7000 --r 3000

bench: setup
	@bash benchmarks/run.sh

clean:
	rm -rf .venv *.Rcheck paws.bridge_*.tar.gz
