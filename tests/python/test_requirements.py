"""The R package's Python pins (inst/python/requirements.txt) match pyproject.toml."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_r_package_requirements_match_pyproject():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_requirements.py"),
                             "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = (ROOT / "inst" / "python" / "requirements.txt").read_text().splitlines()
    pins = [line for line in lines if line and not line.startswith("#")]
    assert "botocore==1.44.8" in pins and any(p.startswith("rpy2==") for p in pins)
