"""Run every notebook in examples/ headless (nbclient) with the Python running this script,
from a scratch copy (the stored notebooks are not rewritten). Used by scripts/install_check.sh
with a clean virtualenv that has only `pip install "paws-bridge[notebooks]"`.

    python tests/install/run_notebooks.py EXAMPLES_DIR
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def main(examples: Path) -> int:
    os.environ.pop("LD_LIBRARY_PATH", None)  # R's must not reach the kernel (rpy2, libssl)
    notebooks = sorted(examples.glob("*.ipynb"))
    if not notebooks:
        print(f"no notebooks in {examples}", file=sys.stderr)
        return 1
    failed = 0
    with tempfile.TemporaryDirectory() as scratch:
        for path in notebooks:
            work = Path(scratch) / path.name
            shutil.copy(path, work)
            nb = nbformat.read(work, as_version=4)
            first = "".join(nb.cells[0].source) if nb.cells else ""
            if "Needs:" not in first:
                print(f"FAILED {path.name}: its first cell does not say what it needs")
                failed += 1
                continue
            t0 = time.perf_counter()
            try:
                NotebookClient(nb, timeout=600, kernel_name="python3",
                               resources={"metadata": {"path": scratch}}).execute()
            except Exception as exc:  # report every notebook, then fail
                print(f"FAILED {path.name}: {type(exc).__name__}: {str(exc)[-2000:]}")
                failed += 1
                continue
            print(f"ok: {path.name} ran headless ({time.perf_counter() - t0:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
