# The README's first two commands: `make demo` and `make test`. Both run `make setup` first,
# which installs what is missing on a fresh Debian machine and is quick when nothing changed.
PY := .venv/bin/python
export RETICULATE_PYTHON := $(CURDIR)/.venv/bin/python
# R must not try to reach CRAN; R's LD_LIBRARY_PATH must not leak into Python children.
export R_PROFILE_USER := /dev/null

.PHONY: setup demo test test-python test-r install-check conformance conformance-services check bench docs fuzz clean

setup:
	@bash scripts/setup.sh

demo: setup
	@env -u LD_LIBRARY_PATH $(PY) examples/demo.py
	@echo
	@echo "--- the same from R: an ordinary paws script with the package name changed ---"
	@bash scripts/with_local_endpoint.sh Rscript examples/demo.R

# The two suites, then the install check (PAWS_BRIDGE_SKIP_INSTALL_CHECK=1 leaves it out,
# and says so).
test: setup
	@bash scripts/run_tests.sh
	@if [ -n "$${PAWS_BRIDGE_SKIP_INSTALL_CHECK:-}" ]; then \
	  echo "install-check: NOT RUN (PAWS_BRIDGE_SKIP_INSTALL_CHECK is set)"; \
	else bash scripts/install_check.sh; fi

# R and Python users' installs from a git clone of HEAD, in temporary libraries/virtualenvs
install-check:
	@bash scripts/install_check.sh

test-python: setup
	@env -u LD_LIBRARY_PATH $(PY) -m pytest -q

test-r: setup
	@Rscript scripts/run_r_tests.R

# paws's own recorded behaviour, replayed against the installed R package
conformance: setup
	@Rscript tests/conformance/tools/replay.R --constructor paws.bridge::cognitoidentityprovider \
	  --corpus tests/conformance --mode bridge --python $(CURDIR)/.venv/bin/python

# the services corpus (recorded from paws against moto), replayed through the R package; the
# members botocore's model gained since paws was generated are not compared (tests/replay/)
REPLAY_SERVICES := dynamodb,sqs,kms,secretsmanager,ssm,cloudwatchlogs,lambda
conformance-services: setup
	@Rscript tests/conformance-services/tools/replay_services.R --package paws.bridge \
	  --service $(REPLAY_SERVICES) --mode bridge --python $(CURDIR)/.venv/bin/python \
	  --source tests/replay/model_drift.R

check: setup
	@bash scripts/r_check.sh

# the model fuzzer: >= 10,000 generated calls from Python and (one R process) from R against a
# recording server; prints generated / refused / sent correctly / crashes / silent wrong sends
fuzz: setup
	@env -u LD_LIBRARY_PATH $(PY) tests/fuzz/model_fuzz.py --python 7000 --r 3000

bench: setup
	@bash benchmarks/run.sh

# NAMESPACE and the hand-written functions' help pages, from the roxygen comments in R/
# (the operation pages stay scripts/gen_rd.py's, generated from the model at setup)
docs: setup
	@Rscript scripts/docs.R

clean:
	rm -rf .venv *.Rcheck paws.bridge_*.tar.gz
