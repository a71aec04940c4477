"""The benchmark table: merges results/{python,r,convert}.json from one run, computes the
ratios against the targets of issue 5, prints the table and writes results/bench.json and
results/bench.png (a bar chart of the per-call medians).

    .venv/bin/python benchmarks/report.py [--results DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402

PAWS_QUOTED = {  # issue 5's figures, measured elsewhere: paws is not installed here
    "resend_confirmation_code": {"python_boto3_ms": 1.8, "paws_ms": 5.3, "ratio": 2.9},
}


def load(results: Path, name: str) -> dict:
    path = results / name
    return json.loads(path.read_text()) if path.exists() else {"rows": []}


def build(results: Path) -> dict:
    py, r, conv = (load(results, f) for f in ("python.json", "r.json", "convert.json"))
    rows = [dict(x) for x in py["rows"] + r["rows"] + conv["rows"]]
    boto3 = {x["op"]: x["median_ms"] for x in py["rows"]
             if x.get("contender") == "boto3"}
    for x in rows:
        if x.get("group") == "call (R)":
            # R's ratios are to the Python boto3 figure of the same run (issue 5, target 2)
            # ... measured in the R run itself, interleaved with the R contenders, when there
            # (drift between the Python and the R phases cannot skew it); else bench_python's
            base = x.get("python_boto3_same_process_ms") or boto3.get(x["op"])
            x["ratio"] = x["median_ms"] / base if base else None
            x["ratio_to"] = f"boto3 (Python) {x['op']}"
            if x.get("contender") == "paws.bridge":
                x["ratio_to_reticulate"] = x.pop("ratio_r", None)
        if "target" in x and x.get("ratio") is not None:
            x["met"] = x["ratio"] <= x["target"]
        elif "target_ms" in x:
            x["met"] = x["median_ms"] < x["target_ms"]
    return {"machine": py.get("machine", conv.get("machine")), "r": r.get("machine"),
            "calls": py.get("calls"), "rounds": py.get("rounds"), "rows": rows,
            "paws_quoted_not_measured_here": PAWS_QUOTED}


def table(report: dict) -> str:
    lines = [f"{'group':<15} {'measurement':<52} {'median':>10} {'p95':>10} {'ratio':>7} "
             f"{'target':>9}  met", "-" * 114]
    for x in report["rows"]:
        if "median_ms" in x:
            median, p95 = f"{x['median_ms']:.3f}ms", (f"{x['p95_ms']:.3f}ms" if "p95_ms" in x
                                                      else "")
        else:
            median, p95 = f"{x['value_mb']:.0f}MB", f"+{x['delta_mb']:.0f}MB"
        ratio = f"{x['ratio']:.2f}x" if x.get("ratio") is not None else ""
        target = (f"<={x['target']:.2f}x" if "target" in x
                  else f"<{x['target_ms']:g}ms" if "target_ms" in x else "")
        met = {True: "yes", False: "NO"}.get(x.get("met"), "")
        lines.append(f"{x['group']:<15} {x['name'][:52]:<52} {median:>10} {p95:>10} "
                     f"{ratio:>7} {target:>9}  {met}")
    q = report["paws_quoted_not_measured_here"]["resend_confirmation_code"]
    lines.append(f"{'call (R)':<15} {'paws 0.8.10 resend_confirmation_code (QUOTED, not measured here)':<52}"
                 f" {q['paws_ms']:>8.1f}ms {'':>10} {q['ratio']:>6.1f}x")
    m = report.get("machine") or {}
    lines.append(f"machine: {m.get('cpu')} x{m.get('cores')}, {m.get('os')}, Python "
                 f"{m.get('python')}, botocore {m.get('botocore')}; "
                 f"{(report.get('r') or {}).get('r', '')}; {m.get('date')}")
    lines.append("ratios: Python to boto3 from Python; R to boto3 from a Python loop interleaved "
                 "in the R run (standalone Python's figure above); calls interleaved, "
                 f"{report.get('calls')} per contender per round, "
                 f"{report.get('rounds')} rounds")
    return "\n".join(lines)


def chart(report: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    calls = [x for x in report["rows"] if x["group"].startswith("call")]
    ops = sorted({x["op"] for x in calls}, key=lambda o: o != "resend_confirmation_code")
    fig, axes = plt.subplots(1, len(ops), figsize=(5.5 * len(ops), 3.8), squeeze=False)
    for ax, op in zip(axes[0], ops):
        mine = [x for x in calls if x["op"] == op]
        labels = [f"{x['name'].replace(op, '').strip()}\n({x['group'].split('(')[1][:-1]})"
                  for x in mine]
        values = [x["median_ms"] for x in mine]
        bars = ax.bar(range(len(mine)), values, color=["#999" if "boto3" in x["name"]
                                                       else "#2a7" for x in mine])
        if op in PAWS_QUOTED:
            labels.append("paws 0.8.10\n(R, quoted)")
            bars = ax.bar([len(mine)], [PAWS_QUOTED[op]["paws_ms"]], color="#ddd",
                          hatch="//", edgecolor="#888")
        ax.set_xticks(range(len(labels)), labels, fontsize=7)
        ax.set_ylabel("median ms per call")
        ax.set_title(op, fontsize=9)
    fig.suptitle("paws_bridge per-call cost vs boto3 (local endpoint, one run)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results", type=Path, default=benchlib.RESULTS)
    ap.add_argument("--no-chart", action="store_true")
    args = ap.parse_args(argv)
    report = build(args.results)
    text = table(report)
    report["table"] = text.splitlines()
    benchlib.write("bench.json", report, args.results / "bench.json")
    (args.results / "bench.txt").write_text(text + "\n")
    if not args.no_chart:
        chart(report, args.results / "bench.png")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
