"""`paws-bridge port script.R --verify`: run the R script and its translation on the same
seeded local endpoint and say whether they agree, or where they first part.

Both sides run one top-level statement at a time and record, after each, every top-level
variable whose value changed (as JSON: jsonlite in R, json in Python; data frames as lists
of rows). The script's value is its `result` variable when it has one (else all its
variables): both runs must agree on it. Where they do not, the report names the first R
line where a variable's k-th value in R differs from its k-th value in Python (the same
snake_cased name). The ids the seeding creates differ between the two runs, so each is
read as its variable's name (`<COGNITO_USER_POOL_ID>`); values the service makes up
(tokens, `sub`s, codes) differ too and are best kept out of `result`. Functions, service
clients and other values with no JSON form are not compared.

The R side is `Rscript` with `library(paws.bridge); use_bridge()` (the script unmodified);
the Python side is this interpreter. Neither inherits R's LD_LIBRARY_PATH.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Credentials for the local endpoint (it checks none); the same on both sides.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "AKIDPORTVERIFY", "AWS_SECRET_ACCESS_KEY": "secret",
               "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true"}

R_RUNNER = r"""
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(paws.bridge))
invisible(use_bridge())
exprs <- parse(args[[1]], keep.source = TRUE)
refs <- attr(exprs, "srcref")
env <- new.env(parent = globalenv())
as_json <- function(v) {
  if (is.function(v) || is.environment(v)) return(NULL)
  if (is.list(v) && length(v) && any(vapply(v, is.function, logical(1)))) return(NULL)
  tryCatch(as.character(jsonlite::toJSON(v, auto_unbox = TRUE, null = "null", na = "null",
                                         POSIXt = "epoch", digits = NA)),
           error = function(e) NULL)
}
prev <- list()
events <- list()
failure <- NULL
for (i in seq_along(exprs)) {
  line <- refs[[i]][1]
  problem <- tryCatch({ eval(exprs[[i]], env); NULL },
                      error = function(e) conditionMessage(e))
  for (nm in sort(ls(env))) {
    j <- as_json(get(nm, envir = env))
    if (is.null(j) || identical(prev[[nm]], j)) next
    prev[[nm]] <- j
    events[[length(events) + 1]] <- list(line = line, name = nm, value = j)
  }
  if (!is.null(problem)) {
    failure <- list(line = line, message = problem)
    break
  }
}
writeLines(jsonlite::toJSON(list(events = events, error = failure), auto_unbox = TRUE,
                            null = "null"), args[[2]])
"""

PY_RUNNER = r"""
import ast, datetime, json, sys, types
path, out_path = sys.argv[1], sys.argv[2]
source = open(path, encoding="utf-8").read()
tree = ast.parse(source)

def default(v):
    if isinstance(v, datetime.datetime):
        return v.timestamp() * 1000  # jsonlite's POSIXt = "epoch" is in milliseconds
    if isinstance(v, bytes):
        return list(v)
    if hasattr(v, "to_dict") and hasattr(v, "columns"):  # a pandas data frame: its rows
        return json.loads(v.to_json(orient="records", date_unit="ms"))
    if hasattr(v, "tolist"):
        return v.tolist()
    raise TypeError(type(v).__name__)

def as_json(v):
    if callable(v) or isinstance(v, types.ModuleType):
        return None
    try:
        return json.dumps(v, default=default, sort_keys=False)
    except (TypeError, ValueError):
        return None

ns = {"__name__": "__main__", "__file__": path}
prev, events, failure = {}, [], None
for stmt in tree.body:
    try:
        exec(compile(ast.Module(body=[stmt], type_ignores=[]), path, "exec"), ns)
        problem = None
    except BaseException as exc:
        problem = f"{type(exc).__name__}: {exc}"
    for name in sorted(ns):
        if name.startswith("_"):
            continue
        j = as_json(ns[name])
        if j is None or prev.get(name) == j:
            continue
        prev[name] = j
        events.append({"line": stmt.lineno, "name": name, "value": j})
    if problem is not None:
        failure = {"line": stmt.lineno, "message": problem,
                   "source": ast.get_source_segment(source, stmt)}
        break
with open(out_path, "w", encoding="utf-8") as out:
    json.dump({"events": events, "error": failure}, out)
"""


def normalize(value: Any) -> Any:
    """One reading of R's and Python's JSON: R has no scalars (a length-1 vector is one)
    and several empties (NULL, list(), character(0)); numbers compare as numbers."""
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items()} or None
    if isinstance(value, list):
        if not value:
            return None
        if len(value) == 1:
            return normalize(value[0])
        return [normalize(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This environment without R's LD_LIBRARY_PATH, with the local credentials."""
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    env.update(CREDENTIALS)
    env.update(extra or {})
    return env


def seed(local: Any) -> dict[str, str]:
    """Reset the local endpoint (Cognito, and DynamoDB's tables) and create what the example
    scripts expect: a user pool, an app client without a secret and one with a secret. Returns the environment variables
    that name them (PAWS_BRIDGE_ENDPOINT, COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID,
    COGNITO_SECRET_CLIENT_ID, COGNITO_CLIENT_SECRET)."""
    import paws_bridge
    local.reset()
    config = {"endpoint": local.endpoint, "region": "us-east-1",
              "credentials": {"creds": {"access_key_id": CREDENTIALS["AWS_ACCESS_KEY_ID"],
                                        "secret_access_key": CREDENTIALS["AWS_SECRET_ACCESS_KEY"]}}}
    # the endpoint's reset() forgets Cognito's state; DynamoDB's tables go here
    ddb = paws_bridge.dynamodb(config=config)
    for table in ddb.list_tables().get("TableNames") or []:
        ddb.delete_table(TableName=table)
    svc = paws_bridge.cognitoidentityprovider(config=config)
    pool = svc.create_user_pool(PoolName="port-verify", AutoVerifiedAttributes=["email"])
    pool_id = pool["UserPool"]["Id"]
    flows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    plain = svc.create_user_pool_client(UserPoolId=pool_id, ClientName="web",
                                        ExplicitAuthFlows=flows)
    secret = svc.create_user_pool_client(UserPoolId=pool_id, ClientName="server",
                                         ExplicitAuthFlows=flows, GenerateSecret=True)
    return {"PAWS_BRIDGE_ENDPOINT": local.endpoint, "COGNITO_USER_POOL_ID": pool_id,
            "COGNITO_CLIENT_ID": plain["UserPoolClient"]["ClientId"],
            "COGNITO_SECRET_CLIENT_ID": secret["UserPoolClient"]["ClientId"],
            "COGNITO_CLIENT_SECRET": secret["UserPoolClient"]["ClientSecret"]}


@dataclass
class Run:
    """What one side recorded: the variable changes, and the error that stopped it."""

    events: list[dict[str, Any]]
    error: dict[str, Any] | None
    stdout: str = ""
    stderr: str = ""
    seeds: dict[str, str] = field(default_factory=dict)

    def masked(self, value: Any) -> Any:
        """`value` with the seeded ids written as `<NAME>`."""
        if isinstance(value, str):
            for name, seeded in self.seeds.items():
                if seeded and name != "PAWS_BRIDGE_ENDPOINT":
                    value = value.replace(seeded, f"<{name}>")
            return value
        if isinstance(value, list):
            return [self.masked(v) for v in value]
        if isinstance(value, dict):
            return {k: self.masked(v) for k, v in value.items()}
        return value


@dataclass
class Verdict:
    """The comparison of one script's two runs."""

    script: str
    equal: bool
    compared: int = 0
    message: str = ""
    r: Run | None = field(default=None, repr=False)
    python: Run | None = field(default=None, repr=False)

    def __str__(self) -> str:
        if self.equal:
            return f"{self.script}: equal ({self.compared} values compared)"
        return f"{self.script}: {self.message}"


def _run(cmd: list[str], env: dict[str, str], out: Path, timeout: int) -> Run:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"{cmd[0]} failed (status {proc.returncode}):\n"
                           f"{proc.stdout}{proc.stderr}")
    data = json.loads(out.read_text(encoding="utf-8"))
    events = data.get("events") or []
    for e in events:
        e["value"] = json.loads(e["value"])
    return Run(events=events, error=data.get("error"), stdout=proc.stdout, stderr=proc.stderr)


def run_r(script: Path, env: dict[str, str], workdir: Path, timeout: int = 600) -> Run:
    """Run the R script on the bridge (use_bridge()), recording its variables."""
    out = workdir / (script.stem + ".R.json")
    env = dict(env)
    env.setdefault("RETICULATE_PYTHON", sys.executable)
    return _run(["Rscript", "-e", R_RUNNER, str(script), str(out)], env, out, timeout)


def run_python(script_py: Path, env: dict[str, str], workdir: Path, timeout: int = 300) -> Run:
    """Run the translated script, recording its variables."""
    out = workdir / (script_py.stem + ".py.json")
    return _run([sys.executable, "-c", PY_RUNNER, str(script_py), str(out)], env, out, timeout)


def _show(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 200 else text[:197] + "..."


def _first_divergence(script: Path, r: Run, py: Run) -> tuple[int, str | None]:
    """(values compared, the first R line where the runs part, or None)."""
    from .context import Untranslatable, py_name
    lines = script.read_text(encoding="utf-8").splitlines()
    seen_py: dict[str, list[Any]] = {}
    for e in py.events:
        seen_py.setdefault(e["name"], []).append(e["value"])
    count: dict[str, int] = {}
    compared, first = 0, None
    for e in r.events:
        try:
            name = py_name(e["name"])
        except Untranslatable:
            continue
        k = count.get(name, 0)
        count[name] = k + 1
        where = f"R line {e['line']} (`{lines[e['line'] - 1].strip()}`)"
        values = seen_py.get(name, [])
        problem = None
        if k >= len(values):
            if py.error:
                problem = (f"at {where}: Python stopped at its line {py.error['line']} "
                           f"({py.error.get('source') or ''!s:.80}): {py.error['message']}")
            else:
                problem = f"at {where}: Python never gave {name} the value {_show(e['value'])}"
        else:
            r_value, py_value = normalize(r.masked(e["value"])), normalize(py.masked(values[k]))
            if r_value != py_value:
                problem = (f"at {where}: {e['name']} is {_show(r_value)} in R, "
                           f"{_show(py_value)} in Python")
        if problem is None:
            compared += 1
        elif first is None:
            first = problem
    return compared, first


def _final(run: Run, name: str) -> Any:
    values = [e["value"] for e in run.events if e["name"] == name]
    return normalize(run.masked(values[-1])) if values else None


def compare(script: Path, r: Run, py: Run) -> Verdict:
    """Whether the runs agree on the script's value (`result`, or every variable), and if
    not, the first R line where they part."""
    compared, divergence = _first_divergence(script, r, py)
    if r.error:
        return Verdict(str(script), False, compared,
                       f"R stopped at line {r.error['line']}: {r.error['message']}", r, py)
    if py.error:
        return Verdict(str(script), False, compared,
                       f"Python stopped at its line {py.error['line']}: {py.error['message']}"
                       + (f"; first difference {divergence}" if divergence else ""), r, py)
    if any(e["name"] == "result" for e in r.events):
        r_result, py_result = _final(r, "result"), _final(py, "result")
        if r_result == py_result:
            return Verdict(str(script), True, compared, "", r, py)
        detail = f"{_show(r_result)} in R, {_show(py_result)} in Python"
        if isinstance(r_result, dict) and isinstance(py_result, dict):
            keys = [k for k in {**r_result, **py_result} if r_result.get(k) != py_result.get(k)]
            detail = "; ".join(f"result${k} is {_show(r_result.get(k))} in R, "
                               f"{_show(py_result.get(k))} in Python" for k in keys)
        return Verdict(str(script), False, compared, f"result differs: {detail}"
                       + (f"; first difference {divergence}" if divergence else ""), r, py)
    if divergence is None:
        return Verdict(str(script), True, compared, "", r, py)
    return Verdict(str(script), False, compared, f"diverged {divergence}", r, py)


def verify(script: str | Path, local: Any = None, python_source: str | None = None
           ) -> Verdict:
    """Translate `script`, run both on a freshly seeded local endpoint, and compare.

    `local` is a running paws_bridge.local.LocalCognito (one is started when None);
    `python_source` replaces the translation (to verify a hand-edited one).
    """
    from . import translate_file
    script = Path(script)
    if python_source is None:
        python_source = translate_file(script).python
    if local is None:
        from ..local import serve
        with serve() as started:
            return verify(script, started, python_source)
    with tempfile.TemporaryDirectory(prefix="paws-port-verify-") as tmp:
        work = Path(tmp)
        py_path = work / (script.stem + ".py")
        py_path.write_text(python_source, encoding="utf-8")
        seeds = seed(local)
        r_run = run_r(script.resolve(), child_env(seeds), work)
        r_run.seeds = seeds
        seeds = seed(local)
        py_run = run_python(py_path, child_env(seeds), work)
        py_run.seeds = seeds
        return compare(script, r_run, py_run)
