"""Shared by the examples' notebook builders: cells -> notebook, optionally executed.

    python examples/build_<name>.py [--execute]

Each builder lists its cells as ("md" | "code", source) pairs and calls `main()`.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent


def build(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    """The notebook, without outputs."""
    nb = new_notebook()
    nb.cells = [new_markdown_cell(src) if kind == "md" else new_code_cell(src)
                for kind, src in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def merge_streams(nb: nbformat.NotebookNode) -> None:
    """Join each cell's consecutive stream outputs (rpy2's %R writes R's console in many
    small pieces) so the stored notebook reads as it displays."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        merged: list = []
        for out in cell.outputs:
            if (out.output_type == "stream" and merged and merged[-1].output_type == "stream"
                    and merged[-1].name == out.name):
                merged[-1].text += out.text
            else:
                merged.append(out)
        cell.outputs = merged


def main(cells: list[tuple[str, str]], notebook: Path, description: str) -> int:
    """Build `notebook` from `cells`; with --execute, run it and keep the outputs."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--execute", action="store_true", help="run it and keep the outputs")
    args = ap.parse_args()
    nb = build(cells)
    if args.execute:
        from nbclient import NotebookClient
        # R's library path must not leak into the kernel (it breaks rpy2's R and libssl)
        os.environ.pop("LD_LIBRARY_PATH", None)
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(HERE)}}).execute()
        merge_streams(nb)
    nbformat.write(nb, notebook)
    print(f"wrote {notebook}")
    return 0
