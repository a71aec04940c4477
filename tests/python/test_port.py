"""paws-bridge port: the translator's constructs, its CLI, and the proof on real scripts.

The five scripts in examples/paws_scripts/ are translated; each translation must leave no
TODO, run against the local Cognito endpoint, and give the same `result` as the R script
run on the bridge (Rscript, `library(paws.bridge); use_bridge()`, the script unmodified).
The R half is skipped when the R package is not installed.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("rpy2.robjects")

from paws_bridge.port import RParseError, translate  # noqa: E402
from paws_bridge.port.cli import main as port_main  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((REPO / "examples" / "paws_scripts").glob("*.R"))
PYTHON = sys.executable


def py(r_source: str) -> str:
    """The translation of a snippet (dedented), its header and imports left out."""
    result = translate(textwrap.dedent(r_source))
    body = result.python.split("\n\n\n", 1)[-1]
    return body.strip()


def todos(r_source: str) -> list[str]:
    return [t.reason for t in translate(textwrap.dedent(r_source)).todos]


# --- constructs ----------------------------------------------------------------------------

def test_service_constructors_and_config():
    out = translate(textwrap.dedent("""
        library(paws)
        a <- paws::cognitoidentityprovider(config = list(endpoint = "http://x", region = "eu-west-1"))
        b <- paws.security.identity::cognitoidentityprovider()
        c <- paws.bridge::cognitoidentityprovider(region = "us-east-1")
        d <- cognitoidentityprovider(credentials = list(anonymous = TRUE))
    """)).python
    assert "import paws_bridge" in out
    assert ("a = paws_bridge.cognitoidentityprovider(config={'endpoint': 'http://x', "
            "'region': 'eu-west-1'})") in out
    assert "b = paws_bridge.cognitoidentityprovider()" in out
    assert "c = paws_bridge.cognitoidentityprovider(region='us-east-1')" in out
    assert "d = paws_bridge.cognitoidentityprovider(credentials={'anonymous': True})" in out


def test_paws_config_helpers_become_dicts():
    out = py("""
        svc <- paws::cognitoidentityprovider(config = paws.common::config(
          credentials = credentials(creds = creds(access_key_id = "a", secret_access_key = "b")),
          endpoint = "http://x"))
    """)
    assert out == ("svc = paws_bridge.cognitoidentityprovider(config={'credentials': {'creds': "
                   "{'access_key_id': 'a', 'secret_access_key': 'b'}}, 'endpoint': 'http://x'})")


def test_operation_calls_keep_paws_argument_names():
    out = py("""
        svc <- paws::cognitoidentityprovider()
        res <- svc$resend_confirmation_code(ClientId = "abc", Username = "jane")
        svc$admin_create_user(UserPoolId = "p", Username = "u",
          UserAttributes = list(list(Name = "email", Value = "u@x.org")),
          DesiredDeliveryMediums = c("EMAIL", "SMS"))
    """)
    assert "res = svc.resend_confirmation_code(ClientId='abc', Username='jane')" in out
    assert ("svc.admin_create_user(UserPoolId='p', Username='u', UserAttributes=[{'Name': "
            "'email', 'Value': 'u@x.org'}], DesiredDeliveryMediums=['EMAIL', 'SMS'])") in out


def test_literals():
    out = py("""
        a <- list(x = 1, y = "b")
        b <- list(1, 2.5, TRUE)
        c1 <- c("a", "b")
        d <- c(n = 1L)
        e <- list(FALSE, NULL, NA, NA_character_)
        f <- 1e5
        g <- -3
        h <- "tab\\there \\u00e9"
        i <- Inf
    """)
    assert "a = {'x': 1, 'y': 'b'}" in out
    assert "b = [1, 2.5, True]" in out
    assert "c1 = ['a', 'b']" in out
    assert "d = {'n': 1}" in out
    assert "e = [False, None, None, None]" in out
    assert "f = 100000" in out
    assert "g = -3" in out
    assert "h = 'tab\\there é'" in out  # R decoded the escapes
    assert "i = float('inf')" in out


def test_member_and_index_access():
    out = py("""
        dest <- res$CodeDeliveryDetails$Destination
        first <- res$Users[[1]]
        name <- res[["Users"]][[2]]$Username
        for (i in seq_along(xs)) print(xs[[i]])
    """)
    assert "dest = res['CodeDeliveryDetails']['Destination']" in out
    assert "first = res['Users'][0]" in out
    assert "name = res['Users'][1]['Username']" in out
    assert "for i in range(1, len(xs) + 1):\n    print(xs[i - 1])" in out


def test_assignment_forms():
    out = py("""
        a <- 1
        b = 2
        3 -> d
        l <- list()
        l$x <- 1
        l[["y"]] <- 2
        l$x <- NULL
        v <- list()
        v[[length(v) + 1]] <- "z"
    """)
    for line in ("a = 1", "b = 2", "d = 3", "l = {}", "l['x'] = 1", "l['y'] = 2",
                 "l.pop('x', None)", "v = []", "v.append('z')"):
        assert line in out.splitlines()


def test_control_flow_and_functions():
    out = py("""
        f <- function(x, y = 2, ...) {
          if (x > y) {
            "big"
          } else if (x == y) {
            "same"
          } else {
            "small"
          }
        }
        n <- 0
        while (n < 3) n <- n + 1
        repeat { break }
        for (k in 1:3) { if (k == 2) next; print(k) }
    """)
    assert "def f(x, y=2, *args, **kwargs):" in out
    assert "        return 'big'" in out
    assert "    elif x == y:\n        return 'same'" in out
    assert "while n < 3:\n    n = n + 1" in out
    assert "while True:\n    break" in out
    assert "for k in range(1, 4):\n    if k == 2:\n        continue\n    print(k)" in out


def test_trycatch_to_try_except():
    out = py("""
        svc <- paws::cognitoidentityprovider()
        res <- tryCatch(
          svc$admin_get_user(UserPoolId = "p", Username = "u"),
          UserNotFoundException = function(e) NULL,
          paws_error = function(e) { message("paws: ", e$message); e$status_code },
          error = function(e) conditionMessage(e),
          finally = cat("done\\n")
        )
    """)
    assert out.startswith("svc = paws_bridge.cognitoidentityprovider()\ntry:\n"
                          "    res = svc.admin_get_user(UserPoolId='p', Username='u')\n"
                          "except svc.exceptions.UserNotFoundException as e:\n"
                          "    res = None\n"
                          "except paws_bridge.PawsError as e:\n"
                          "    print(f'paws: {e.message}', file=sys.stderr)\n"
                          "    res = e.status_code\n"
                          "except Exception as e:\n"
                          "    res = str(e)\n"
                          "finally:\n"
                          "    print('done\\n', end='')")


def test_error_class_without_a_service_variable():
    out = py("""
        f <- function(s) tryCatch(s$list_users(UserPoolId = "p"),
                                  TooManyRequestsException = function(e) e$message,
                                  error = function(e) e$message)
    """)
    assert "except paws_bridge.errors.error_class('TooManyRequestsException') as e:" in out
    assert "return e.message" in out
    assert "except Exception as e:\n        return str(e)" in out  # any error: str(e)


def test_pagination():
    out = py("""
        svc <- paws::cognitoidentityprovider()
        pages <- paginate(svc$list_users(UserPoolId = "p"), MaxItems = 10)
        counts <- paginate_sapply(svc$list_users(UserPoolId = "p", Limit = 5),
                                  function(page) length(page$Users))
        users <- paginate_lapply(svc$list_groups(UserPoolId = "p"), handle, PageSize = 2)
    """)
    assert "pages = paws_bridge.paginate(svc.list_users, UserPoolId='p', MaxItems=10)" in out
    assert ("counts = [_length(page['Users']) for page in svc.paginate('list_users', "
            "UserPoolId='p', Limit=5)]") in out
    assert ("users = [handle(_x) for _x in svc.paginate('list_groups', UserPoolId='p', "
            "PageSize=2)]") in out


def test_base_functions():
    out = py("""
        a <- paste("x", y, sep = "-")
        b <- paste0("id-", n)
        c1 <- paste(labels, collapse = ", ")
        d <- sprintf("%s has %d", who, k)
        e <- nchar(s)
        f <- is.null(x)
        g <- toupper(s)
        h <- Sys.getenv("HOME")
        i <- Sys.getenv("X", "dflt")
        j <- length(xs)
        cat("a", b, "\\n")
        message("note: ", a)
        str(a)
        stop("bad: ", a)
    """)
    for line in ("a = f'x-{y}'", "b = f'id-{n}'", "c1 = ', '.join(map(str, labels))",
                 "d = '%s has %d' % (who, k)", "e = len(s)", "f = x is None",
                 "g = s.upper()", "h = os.environ.get('HOME', '')",
                 "i = os.environ.get('X', 'dflt')", "j = _length(xs)",
                 "print('a', b, '\\n', end='')", "print(f'note: {a}', file=sys.stderr)",
                 "pprint.pprint(a)", "raise RuntimeError(f'bad: {a}')"):
        assert line in out.splitlines(), line


def test_apply_family_and_filter():
    out = py("""
        names <- vapply(res$Users, function(u) u$Username, character(1))
        lens <- lapply(xs, nchar)
        big <- Filter(function(x) x > 2, xs)
    """)
    assert "names = [u['Username'] for u in res['Users']]" in out
    assert "lens = [len(_x) for _x in xs]" in out  # an R function passed by name
    assert "big = [x for x in xs if x > 2]" in out


def test_dates():
    out = py("""
        now <- Sys.time()
        t0 <- as.POSIXct("2024-01-02 03:04:05", tz = "UTC")
    """)
    assert "now = datetime.datetime.now(datetime.timezone.utc)" in out
    assert ("t0 = datetime.datetime.fromisoformat('2024-01-02 03:04:05')"
            ".replace(tzinfo=datetime.timezone.utc)") in out


def test_comments_are_kept():
    out = py("""
        # top comment
        x <- 1  # trailing
        f <- function() {
          # inside
          2
        }
    """)
    assert out.splitlines()[:3] == ["# top comment", "# trailing", "x = 1"]
    assert "    # inside\n    return 2" in out


def test_last_value_of_function_is_returned_but_not_output_calls():
    out = py("""
        f <- function(x) { y <- x + 1; y }
        g <- function(x) cat(x, "\\n")
    """)
    assert "def f(x):\n    y = x + 1\n    return y" in out
    assert "def g(x):\n    print(x, '\\n', end='')" in out


# --- what is left for a person -------------------------------------------------------------

def test_untranslatable_code_becomes_todo_with_its_r_source():
    result = translate(textwrap.dedent("""
        x <- 1
        y <- some_r_function(x)
        z <- x[2:3]
        w <- x
    """))
    assert [t.reason for t in result.todos] == [
        "no Python mapping for the R function some_r_function()",
        "`[` indexing (vector semantics); use `[[` for one element"]
    lines = result.python.splitlines()
    i = lines.index("# TODO(port): no Python mapping for the R function some_r_function() "
                    "(R line 3)")
    assert lines[i + 1] == "# y <- some_r_function(x)"
    assert "# z <- x[2:3]" in lines
    assert "w = x" in lines  # the rest goes on
    assert "2 piece(s) of R are left" in result.python


def test_todo_inside_a_block_keeps_the_block_valid():
    result = translate("f <- function(x) {\n  on.exit(close(x))\n}\n"
                       "if (TRUE) {\n  y <<- 2\n}\n")
    assert len(result.todos) == 2
    compile(result.python, "out.py", "exec")
    assert "    # TODO(port): on.exit() has no Python counterpart here (R line 2)" \
        in result.python
    assert "    pass" in result.python


def test_unknown_library_and_handlers_are_todo():
    reasons = todos("""
        library(dplyr)
        r <- tryCatch(f(), warning = function(w) NULL)
        f <- function() NULL
    """)
    assert reasons == ["library(dplyr): no Python counterpart",
                       "the condition class 'warning' has no Python exception"]


def test_invalid_r_is_refused():
    with pytest.raises(RParseError):
        translate("x <- (1 + ")


def test_all_output_compiles_even_with_odd_strings():
    out = translate('x <- paste0("quote \\" and \\\\ back", y, "{brace}")\n'
                    'cat(sprintf("%s\\n", paste("a", "b")))\n').python
    compile(out, "out.py", "exec")
    ns: dict = {"y": 1}
    exec(compile(out.split("\n\n\n", 1)[-1], "out.py", "exec"), ns)  # noqa: S102
    assert ns["x"] == 'quote " and \\ back1{brace}'


# --- the command line ----------------------------------------------------------------------

@pytest.fixture
def script_with_todo(tmp_path):
    path = tmp_path / "todo.R"
    path.write_text("library(paws)\nx <- mystery(1)\nprint(x)\n")
    return path


def test_cli_writes_output_and_counts(tmp_path, script_with_todo, capsys):
    out = tmp_path / "todo.py"
    assert port_main([str(script_with_todo), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{script_with_todo}:2: TODO(port): no Python mapping for the R function mystery()" in err
    assert "1 TODO(port) item(s) were left for a person" in err
    compile(out.read_text(), str(out), "exec")


def test_cli_check_writes_nothing(tmp_path, script_with_todo, capsys):
    out = tmp_path / "never.py"
    assert port_main([str(script_with_todo), "--check", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert not out.exists()
    assert captured.out == ""
    assert "1 TODO(port) item(s) would be left" in captured.err


def test_cli_strict_exit_code(tmp_path, script_with_todo, capsys):
    assert port_main([str(script_with_todo), "--check", "--strict"]) == 1
    clean = tmp_path / "clean.R"
    clean.write_text("x <- 1\n")
    assert port_main([str(clean), "--check", "--strict"]) == 0


def test_cli_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.R"
    bad.write_text("x <- (\n")
    assert port_main([str(bad)]) == 2
    assert "is not valid R" in capsys.readouterr().err
    assert port_main([str(tmp_path / "missing.R")]) == 2


def test_console_script_help():
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    out = subprocess.run([PYTHON, "-m", "paws_bridge.cli", "port", "--help"], env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    assert "TODO(port)" in out.stdout and "--strict" in out.stdout and "--check" in out.stdout
    top = subprocess.run([PYTHON, "-m", "paws_bridge.cli", "--help"], env=env,
                         capture_output=True, text=True, timeout=60)
    assert "port" in top.stdout and "local" in top.stdout
    local = subprocess.run([PYTHON, "-m", "paws_bridge.cli", "local", "--help"], env=env,
                           capture_output=True, text=True, timeout=60)
    assert local.returncode == 0 and "--latency-ms" in local.stdout


# --- proof on real scripts -----------------------------------------------------------------

CREDS = {"AWS_ACCESS_KEY_ID": "AKIDPORTTESTS", "AWS_SECRET_ACCESS_KEY": "secret",
         "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true"}


def fresh_pool(cognito) -> dict[str, str]:
    """Reset the local endpoint and make the pool and app client the scripts expect."""
    import paws_bridge
    cognito.reset()
    svc = paws_bridge.cognitoidentityprovider(config={
        "endpoint": cognito.endpoint, "region": "us-east-1",
        "credentials": {"creds": {"access_key_id": "AKIDPORTTESTS",
                                  "secret_access_key": "secret"}}})
    pool = svc.create_user_pool(PoolName="port-tests", AutoVerifiedAttributes=["email"])
    pool_id = pool["UserPool"]["Id"]
    client = svc.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    return {"PAWS_BRIDGE_ENDPOINT": cognito.endpoint, "COGNITO_USER_POOL_ID": pool_id,
            "COGNITO_CLIENT_ID": client["UserPoolClient"]["ClientId"]}


def child_env(extra: dict[str, str]) -> dict[str, str]:
    # rpy2 has embedded R in this process: R's LD_LIBRARY_PATH must not reach children
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    env.update(CREDS)
    env.update(extra)
    return env


PY_RUNNER = """
import datetime, json, runpy, sys
def default(v):
    if isinstance(v, datetime.datetime):
        return v.timestamp() * 1000
    if isinstance(v, bytes):
        return list(v)
    raise TypeError(type(v))
ns = runpy.run_path(sys.argv[1], run_name="__main__")
with open(sys.argv[2], "w") as out:
    json.dump(ns["result"], out, default=default)
"""

R_RUNNER = """
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(paws.bridge))
invisible(use_bridge())
env <- new.env(parent = globalenv())
sys.source(args[[1]], envir = env)
writeLines(jsonlite::toJSON(env$result, auto_unbox = TRUE, null = "null", na = "null",
                            POSIXt = "epoch", digits = NA), args[[2]])
"""


def normalize(value):
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


def run_python(script_py: Path, env: dict[str, str], tmp_path: Path):
    out = tmp_path / (script_py.stem + ".py.json")
    proc = subprocess.run([PYTHON, "-c", PY_RUNNER, str(script_py), str(out)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text()), proc


def r_bridge_available() -> bool:
    rscript = shutil.which("Rscript")
    if rscript is None:
        return False
    check = subprocess.run(
        [rscript, "-e", "quit(status = !('use_bridge' %in% getNamespaceExports("
                        "'paws.bridge') && requireNamespace('jsonlite', quietly = TRUE)))"],
        env=child_env({}), capture_output=True, timeout=120)
    return check.returncode == 0


def run_r(script: Path, env: dict[str, str], tmp_path: Path):
    out = tmp_path / (script.stem + ".R.json")
    env = dict(env)
    env.setdefault("RETICULATE_PYTHON", PYTHON)
    proc = subprocess.run(["Rscript", "-e", R_RUNNER, str(script), str(out)], env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(out.read_text()), proc


@pytest.fixture(scope="module")
def translated(tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("ported")
    done = {}
    for script in SCRIPTS:
        result = translate(script.read_text(), script.name)
        path = out_dir / (script.stem + ".py")
        path.write_text(result.python)
        done[script.stem] = (path, result)
    return done


def test_there_are_five_realistic_scripts():
    assert {s.stem for s in SCRIPTS} >= {"signup_confirm", "admin_users", "error_handling",
                                         "login_helper", "cleanup_report"}
    for script in SCRIPTS:
        text = script.read_text()
        assert 'Sys.getenv("PAWS_BRIDGE_ENDPOINT")' in text
        assert "library(paws)" in text


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_script_translates_without_todo(script, translated):
    path, result = translated[script.stem]
    assert result.todos == []
    tree = ast.parse(path.read_text())
    assert any(isinstance(n, ast.Import) and n.names[0].name == "paws_bridge"
               for n in tree.body)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_script_runs_in_python_and_in_r_with_the_same_result(script, translated,
                                                             local_cognito, tmp_path):
    path, _ = translated[script.stem]
    py_result, py_proc = run_python(path, child_env(fresh_pool(local_cognito)), tmp_path)
    assert py_result  # each script ends with a non-empty `result`
    expected = EXPECTED[script.stem]
    for key, value in expected.items():
        assert normalize(py_result[key]) == normalize(value), key
    if not r_bridge_available():
        pytest.skip("R package paws.bridge (with use_bridge) is not installed")
    r_result, r_proc = run_r(script, child_env(fresh_pool(local_cognito)), tmp_path)
    assert normalize(r_result) == normalize(py_result)


#: Values the scripts must produce (beyond R and Python agreeing with each other).
EXPECTED = {
    "signup_confirm": {
        "resend_destination": "j***@e***.com", "resend_medium": "EMAIL",
        "resend_attribute": "email", "codes_differ": True, "code_length": 6,
        "status": "CONFIRMED", "enabled": True, "email": "jane.doe@example.com",
        "name": "Jane Doe", "user_confirmed_at_signup": False,
    },
    "admin_users": {
        "page_count": 3, "usernames": ["alice", "bob", "carol", "dave", "erin"],
        "users_per_page": [2, 2, 1], "first_page_only": 1,
        "analysts": ["bob", "carol", "dave"], "bob_groups": ["analysts"],
        "erin_enabled": False,
    },
    "error_handling": {
        "missing_user_is_null": True, "first_try": "wrong code", "second_try": "confirmed",
        "validated": "username too short: ab",
        "already_confirmed": "InvalidParameterException (HTTP 400). User is already confirmed.",
        "resend_error": {"message": "ResourceNotFoundException (HTTP 400). User pool client "
                                    "no-such-client does not exist.",
                         "status": 400, "type": "ResourceNotFoundException"},
    },
    "login_helper": {
        "wrong": {"ok": False, "reason": "wrong username or password"},
        "needs_new": {"ok": False, "reason": "a new password is required"},
        "first_login_ok": True, "first_login_challenge": "NEW_PASSWORD_REQUIRED",
        "token_type": "Bearer", "expires_in": 3600, "has_token": True,
        "second_login_challenge": True, "profile_username": "maria",
        "profile_email": "maria@example.com",
    },
    "cleanup_report": {
        "before_total": 5, "before_confirmed": 3, "before_unconfirmed": 2,
        "deleted": ["dan", "eve"], "after_total": 3, "after_statuses": ["CONFIRMED"],
    },
}
