"""paws-bridge port: the translator's constructs, its CLI, and the proof on real scripts.

The scripts in examples/paws_scripts/ are translated; each translation must leave no TODO,
run against the local Cognito endpoint, and give the same `result` as the R script run on
the bridge (Rscript, `library(paws.bridge); use_bridge()`, the script unmodified), compared
the way `paws-bridge port --verify` compares. The R half is skipped when the R package is
not installed. The constructs' behaviour is checked by running R and the translation side
by side in tests/python/test_port_behaviour.py.
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
    # values of unknown type are written as R writes them (_r_str: TRUE, 1e+05, NULL "")
    for line in ("a = f'x-{_r_str(y)}'", "b = f'id-{_r_str(n)}'",
                 "c1 = ', '.join(map(_r_str, labels))",
                 "d = '%s has %d' % (_r_str(who), k)", "e = _nchar(s)", "f = x is None",
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
    assert "lens = [_nchar(_x) for _x in xs]" in out  # an R function passed by name
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


def test_todo_inside_a_block_keeps_the_block_valid_and_raises():
    result = translate("f <- function(x) {\n  on.exit(close(x))\n}\n"
                       "if (TRUE) {\n  y <<- 2\n}\n")
    assert len(result.todos) == 2
    compile(result.python, "out.py", "exec")
    assert ("    # TODO(port): superassignment <<- (changes a variable of an enclosing scope)"
            " (R line 5)") in result.python
    # the translation must not run on without what the R line did
    assert ("    raise NotImplementedError('TODO(port): R line 5: superassignment <<- "
            "(changes a variable of an enclosing scope)')") in result.python


def test_unknown_library_and_handlers_are_todo():
    result = translate(textwrap.dedent("""
        library(httr)
        r <- tryCatch(f(), message = function(m) NULL)
        f <- function() NULL
    """))
    assert [t.reason for t in result.todos] == [
        "library(httr): no Python counterpart",
        "a tryCatch() handler for message (R signals messages and interrupts as conditions; "
        "Python does not)"]
    # a library() line only loads: no raise; the handler line would change the flow: raise
    assert result.python.count("raise NotImplementedError") == 1


def test_invalid_r_is_refused():
    with pytest.raises(RParseError):
        translate("x <- (1 + ")


def test_all_output_compiles_even_with_odd_strings():
    out = translate('x <- paste0("quote \\" and \\\\ back", y, "{brace}")\n'
                    'cat(sprintf("%s\\n", paste("a", "b")))\n').python
    compile(out, "out.py", "exec")
    ns: dict = {"y": 1}
    exec(compile(out, "out.py", "exec"), ns)  # noqa: S102
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


def test_cli_reports_the_share_of_lines_translated(script_with_todo, capsys):
    assert port_main([str(script_with_todo), "--check"]) == 0
    assert "2 of 3 R code lines translated without a TODO (66.7%)" in capsys.readouterr().err


def test_verify_reports_the_first_line_that_differs(local_cognito, tmp_path):
    from paws_bridge.port.verify import verify
    if not r_bridge_available():
        pytest.skip("R package paws.bridge (with use_bridge) is not installed")
    script = tmp_path / "small.R"
    script.write_text(textwrap.dedent("""
        library(paws)
        svc <- paws::cognitoidentityprovider(config = list(
          endpoint = Sys.getenv("PAWS_BRIDGE_ENDPOINT"), region = "us-east-1"))
        pool <- Sys.getenv("COGNITO_USER_POOL_ID")
        n <- length(svc$list_users(UserPoolId = pool)$Users) + 2
        label <- paste("users:", n)
        result <- list(label = label, pool = pool)
    """))
    good = verify(script, local_cognito)
    assert good.equal, str(good)
    assert good.compared >= 3
    wrong = translate(script.read_text()).python.replace("]) + 2", "]) + 3")
    bad = verify(script, local_cognito, python_source=wrong)
    assert not bad.equal
    assert "R line 6 (`n <- length(svc$list_users(UserPoolId = pool)$Users) + 2`)" in bad.message
    assert "result$label is \"users: 2\" in R, \"users: 3\" in Python" in bad.message


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

def r_bridge_available() -> bool:
    rscript = shutil.which("Rscript")
    if rscript is None:
        return False
    from paws_bridge.port.verify import child_env
    check = subprocess.run(
        [rscript, "-e", "quit(status = !('use_bridge' %in% getNamespaceExports("
                        "'paws.bridge') && requireNamespace('jsonlite', quietly = TRUE)))"],
        env=child_env(), capture_output=True, timeout=120)
    return check.returncode == 0


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


def test_there_are_twelve_realistic_scripts():
    assert len(SCRIPTS) >= 12
    assert {s.stem for s in SCRIPTS} >= set(EXPECTED)
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
    from paws_bridge.port import verify as V
    path, _ = translated[script.stem]
    seeds = V.seed(local_cognito)
    py_run = V.run_python(path, V.child_env(seeds), tmp_path)
    py_run.seeds = seeds
    assert py_run.error is None, py_run.error
    py_result = V._final(py_run, "result")
    assert py_result  # each script ends with a non-empty `result`
    for key, value in EXPECTED[script.stem].items():
        assert py_result[key] == V.normalize(value), key
    if not r_bridge_available():
        pytest.skip("R package paws.bridge (with use_bridge) is not installed")
    seeds = V.seed(local_cognito)
    r_run = V.run_r(script, V.child_env(seeds), tmp_path)
    r_run.seeds = seeds
    verdict = V.compare(script, r_run, py_run)
    assert verdict.equal, str(verdict)


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
    "account_wrapper": {
        "first": True, "status": "FORCE_CHANGE_PASSWORD", "deleted": True,
        "again": "Failed to create account nina: UsernameExistsException (HTTP 400). nina",
        "bad_email": "email must contain @", "partial": True,
        "bad_choice": "'arg' should be one of \u201csuppress\u201d, \u201cresend\u201d",
    },
    "shiny_login_server": {
        "notifications": ["[message] Welcome, paula",
                          "[error] Sign-up failed: UsernameExistsException (HTTP 400). paula"],
        "hash_length": 44, "bad": {"ok": False, "note": "[warning] Wrong user name or password"},
    },
    "users_frame": {"n_users": 5, "n_report": 4, "data_team": "ben", "disabled": "cai"},
    "secret_hash_digest": {
        "ok": {"type": "Bearer", "seconds": 3600}, "hash_chars": 44,
        "hex": "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
    },
    "validation_helpers": {
        "min_age": 18, "bad": "5 problem(s): username, email, password, age, terms",
        "unicode_name": True, "trailing_newline": False, "clean": "Mary ann_lee",
        "limit_ok": 25, "pieces": ["a", "b", "", "c"], "logicals": [True, False, True],
        "number_text": "total 1e+05 users; 0.3 each; TRUE", "name_length": 5,
    },
    "group_admin": {
        "added": {"admins": 1, "editors": 3, "readers": 2}, "total_memberships": 6,
        "enabled": ["ana", "bo", "cy", "dan"], "busiest": "ana", "group_count": 3,
    },
    "users_to_dynamodb": {
        "copied": ["uma", "vic", "wes"], "wes_email": "wes@example.com", "wes_seats": 12,
        "pro": ["uma", "wes"], "pro_count": 2, "total_seats": 16,
    },
    "session_tokens": {
        "imported": ["sam", "tia"], "email": "tia@example.net", "token_type": "Bearer",
        "after_sign_out": "signed out", "new_session": "tia", "refreshed_has_access": True,
    },
}
