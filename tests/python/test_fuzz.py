"""A seeded sample of the model fuzzer (tests/fuzz/model_fuzz.py; `make fuzz` runs >= 10,000
calls): every generated call is sent exactly as meant or refused before sending with an error
naming the argument; no crash, no silent wrong send, from Python and from one R process."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("hypothesis")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fuzz"))

import model_fuzz  # noqa: E402
from fault_server import FaultServer  # noqa: E402


@pytest.fixture(scope="module")
def recorder():
    with FaultServer(["ok"], {}) as server:
        yield server


def _check(tally):
    c = tally.counts
    assert c["generated"] > 0
    assert model_fuzz.ok(tally), model_fuzz.report(tally)
    assert c["sent correctly"] > 0 and c["refused with a clear error"] > 0
    assert c["sent correctly"] + c["refused with a clear error"] == c["generated"]


def test_fuzz_from_python(recorder):
    _check(model_fuzz.run_python(250, seed=1, server=recorder))


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R is not installed")
def test_fuzz_from_r_in_one_process(recorder):
    pytest.importorskip("rpy2")
    _check(model_fuzz.run_r(120, seed=1, server=recorder))
