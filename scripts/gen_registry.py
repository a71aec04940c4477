"""Write the service registry: which constructor names exist, from botocore's models and paws's API.

    .venv/bin/python scripts/gen_registry.py           # rewrite the generated files
    .venv/bin/python scripts/gen_registry.py --check   # exit 1 if any of them is out of date

Inputs (nothing is kept by hand):
  * botocore's service models (the pinned botocore): every service, its metadata and operations;
  * tests/paws-api/services.json: paws's API as data (paws-r/paws commit 77115fa), for the facts
    only paws has -- each constructor's category package (paws.storage, ...) and what paws has
    that botocore has since dropped (retired services and operations).

Outputs:
  * paws_bridge/registry_data.json -- read by paws_bridge/registry.py at import (a few KB;
    `import paws_bridge` must not read 400 models to learn the constructor names);
  * R/constructors.R -- one R constructor per service (R cannot ask Python for the list:
    `library(paws.bridge)` starts no Python), and the retired names; each constructor carries
    a bare `#' @export`, from which roxygen2 writes its NAMESPACE line (`make docs`,
    scripts/docs.R; its help page is scripts/gen_rd.py's).

A constructor's name is paws's rule (make.paws R/names.R: `tolower(struct_name(api))`): the
service abbreviation or full name without its "Amazon"/"AWS" prefix, non-alphanumerics as
spaces, title-cased, spaces removed, lower-cased, with paws's aliases. It reproduces every one
of paws's names; services botocore has and paws does not yet get their names by the same rule.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from paws_bridge.registry import paws_operation_name  # noqa: E402

PAWS_API = ROOT / "tests" / "paws-api" / "services.json"
DATA = ROOT / "paws_bridge" / "registry_data.json"
R_FILE = ROOT / "R" / "constructors.R"

# make.paws R/names.R `.service_alias`, applied to the lower-cased struct name
_ALIASES = {
    "costandusagereportservice": "CostandUsageReportService",
    "elasticloadbalancing": "ELB",
    "elasticloadbalancingv2": "ELBV2",
    "config": "ConfigService",
    "agentsforamazonbedrockruntime": "bedrockagentruntime",
    "agentsforamazonbedrock": "bedrockagent",
    "dataautomationforamazonbedrock": "bedrockdataautomation",
    "runtimeforamazonbedrockdataautomation": "bedrockdataautomationruntime",
}
_PROTOCOL_PRIORITY = ("json", "rest-json", "rest-xml", "smithy-rpc-v2-cbor", "query", "ec2")


def constructor_name(metadata: dict) -> str:
    """paws's constructor name for a service model (make.paws `package_name()`)."""
    name = (metadata.get("serviceAbbreviation") or metadata.get("serviceFullName") or "").strip()
    for prefix in ("Amazon", "AWS"):
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    name = re.sub(r"[^a-zA-Z0-9 ]", " ", name)
    name = "".join(w[:1].upper() + w[1:] for w in name.split(" "))
    return _ALIASES.get(name.lower(), name).lower()


def resolved_protocol(metadata: dict) -> str:
    """The protocol botocore's client uses (its priority order over `protocols`)."""
    protocols = metadata.get("protocols") or []
    for p in _PROTOCOL_PRIORITY:
        if p in protocols:
            return p
    return metadata["protocol"]


def build() -> dict:
    import botocore
    import botocore.session

    paws = json.loads(PAWS_API.read_text())["services"]
    session = botocore.session.get_session()
    by_id: dict[str, tuple[str, dict]] = {}
    for name in session.get_available_services():
        model = session.get_service_data(name)
        by_id[model["metadata"]["serviceId"]] = (name, model)

    services: dict[str, dict] = {}
    retired_services: dict[str, dict] = {}
    retired_operations: dict[str, list[str]] = {}
    for paws_name, facts in paws.items():
        hit = by_id.get(facts["service_id"])
        if hit is None:
            retired_services[paws_name] = {"category": facts["category"],
                                           "operations": sorted(facts["operations"])}
            continue
        botocore_name, model = hit
        if constructor_name(model["metadata"]) != paws_name:
            raise SystemExit(f"paws's naming rule gives {constructor_name(model['metadata'])!r} "
                             f"for {botocore_name}, paws says {paws_name!r}")
        ops = {paws_operation_name(api) for api in model["operations"]}
        gone = sorted(set(facts["operations"]) - ops)
        if gone:
            retired_operations[paws_name] = gone
        services[paws_name] = {"botocore": botocore_name, "category": facts["category"],
                               "protocol": resolved_protocol(model["metadata"])}
    known = {v["botocore"] for v in services.values()}
    for _sid, (botocore_name, model) in by_id.items():
        if botocore_name in known:
            continue
        name = constructor_name(model["metadata"])
        if name in services or name in retired_services:
            raise SystemExit(f"{botocore_name}: paws's rule gives {name!r}, which paws uses "
                             f"for another service")
        services[name] = {"botocore": botocore_name, "category": None,
                          "protocol": resolved_protocol(model["metadata"])}
    return {
        "about": ("Generated by scripts/gen_registry.py from botocore's models and paws's API "
                  "(tests/paws-api/services.json, paws-r/paws commit 77115fa). category: the "
                  "paws package holding the constructor (null: a service paws does not have)."),
        "botocore": botocore.__version__,
        "services": dict(sorted(services.items())),
        "retired_services": dict(sorted(retired_services.items())),
        "retired_operations": dict(sorted(retired_operations.items())),
    }


def render_data(data: dict) -> str:
    return json.dumps(data, indent=1, sort_keys=False) + "\n"


def _r_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _r_name(s: str) -> str:
    return f"`{s}`" if s in ("function", "if", "else", "for", "while", "repeat", "break",
                             "next", "TRUE", "FALSE", "NULL") else s


def render_r(data: dict) -> str:
    lines = [
        "# Generated by scripts/gen_registry.py from paws_bridge/registry_data.json; do not edit.",
        "#",
        "# One constructor per service, with paws's formals. The list lives in R, not in Python,",
        "# because library(paws.bridge) must not start Python (and must stay fast): the Python",
        "# core is started by the first constructor call. tests/python/test_registry.py checks",
        "# that this file matches the registry.",
        "",
    ]
    for name in data["services"]:
        lines += [
            "#' @export",
            f"{_r_name(name)} <- function(config = list(), credentials = list(), endpoint = NULL,",
            f"    region = NULL) {{",
            f"  .pb_service({_r_string(name)}, config, credentials, endpoint, region)",
            "}",
            "",
        ]
    lines.append("# Services paws has and botocore has dropped: a clear error instead of a "
                 "missing function.")
    for name in data["retired_services"]:
        lines += [
            "#' @export",
            f"{_r_name(name)} <- function(config = list(), credentials = list(), endpoint = NULL,",
            f"    region = NULL) {{",
            f"  .pb_retired_service({_r_string(name)})",
            "}",
            "",
        ]
    lines.append("# paws's category packages and the constructors each one exports (retired ones too):")
    lines.append("# use_bridge() stands in for every one of them.")
    packages: dict[str, list[str]] = {}
    for table in (data["services"], data["retired_services"]):
        for name, facts in table.items():
            if facts["category"]:
                packages.setdefault(facts["category"], []).append(name)
    lines.append(".pb_paws_packages <- list(")
    items = []
    for category in sorted(packages):
        body = ",\n    ".join(_r_string(n) for n in sorted(packages[category]))
        items.append(f"  {category} = c(\n    {body})")
    lines.append(",\n".join(items))
    lines.append(")")
    lines.append("")
    lines.append("# Operations paws has that botocore has dropped, per service.")
    lines.append(".pb_retired_operations <- list(")
    items = []
    for name, ops in data["retired_operations"].items():
        body = ",\n    ".join(_r_string(o) for o in ops)
        items.append(f"  {_r_name(name)} = c(\n    {body})")
    lines.append(",\n".join(items))
    lines.append(")")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if a generated file is stale")
    ap.add_argument("--from-data", action="store_true",
                    help="regenerate the R files from registry_data.json (no botocore walk)")
    args = ap.parse_args(argv)
    data = json.loads(DATA.read_text()) if args.from_data else build()
    outputs = {
        DATA: render_data(data),
        R_FILE: render_r(data),
    }
    stale = [p for p, text in outputs.items() if not p.exists() or p.read_text() != text]
    if args.check:
        for p in stale:
            print(f"out of date: {p.relative_to(ROOT)} (run scripts/gen_registry.py)")
        return 1 if stale else 0
    for p in stale:
        p.write_text(outputs[p])
        print(f"wrote {p.relative_to(ROOT)}")
    n_ops = sum(len(v) for v in data["retired_operations"].values())
    print(f"{len(data['services'])} services ({sum(1 for v in data['services'].values() if v['category'])} "
          f"of paws's), {len(data['retired_services'])} retired services, "
          f"{n_ops} retired operations of living services")
    return 0


if __name__ == "__main__":
    sys.exit(main())
