"""The generated type stubs (scripts/gen_stubs.py): mypy catches a misspelled operation, a
misspelled or missing argument and a misspelled key of a result; correct code passes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

pytest.importorskip("mypy", reason="mypy is in the dev extra (make setup installs it)")

GOOD = """
    import paws_bridge
    from botocore.exceptions import ClientError

    svc = paws_bridge.cognitoidentityprovider(region="us-east-1")
    res = svc.admin_get_user(UserPoolId="p", Username="u")
    name: str | None = res["Username"]
    for attr in res["UserAttributes"]:
        value: str | None = attr["Value"]
    svc.resend_confirmation_code(ClientId="c", Username="jane")
    svc.resend_confirmation_code("c", Username="jane")
    svc.sign_up("c", Username="u", Password="p",
                UserAttributes=[{"Name": "email", "Value": "e@example.com"}])
    try:
        svc.admin_get_user(UserPoolId="p", Username="u")
    except paws_bridge.PawsError as e:
        code: str = e.code
    except ClientError as e:
        print(e.response)
"""

BAD = {
    "resend_confirmaton_code": 'svc.resend_confirmaton_code(ClientId="c", Username="j")',
    "UserName": 'svc.admin_get_user(UserPoolId="p", UserName="u")',
    'Missing positional argument "Username"': 'svc.admin_get_user(UserPoolId="p")',
    '"Userz"': 'svc.list_users(UserPoolId="p")["Userz"]',
    'incompatible type "int"': 'svc.admin_get_user(UserPoolId=1, Username="u")',
}


def _child_env(**extra: str) -> dict[str, str]:
    """The environment for a child Python: without LD_LIBRARY_PATH (an R embedded earlier in
    this process by another test sets R's, whose libssl breaks the child's `import ssl`)."""
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def stubs():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_stubs.py")],
                            capture_output=True, text=True, env=_child_env())
    assert result.returncode == 0, result.stdout + result.stderr
    return ROOT / "paws_bridge"


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory):
    """One cache for the module: the first run reads every service's stub (the package's
    __init__.pyi names all constructors), the later ones only the user code."""
    return tmp_path_factory.mktemp("mypy-cache")


def _mypy(tmp_path: Path, code: str, cache: Path) -> subprocess.CompletedProcess:
    src = tmp_path / "user_code.py"
    src.write_text("import paws_bridge\nsvc = paws_bridge.cognitoidentityprovider()\n"
                   + textwrap.dedent(code))
    env = _child_env(MYPYPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--follow-imports=silent", "--ignore-missing-imports",
         "--no-error-summary", "--cache-dir", str(cache), str(src)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)


def test_correct_code_passes_mypy(stubs, tmp_path, mypy_cache):
    result = _mypy(tmp_path, GOOD, mypy_cache)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_catches_misspelled_operations_arguments_and_keys(stubs, tmp_path, mypy_cache):
    result = _mypy(tmp_path, "\n".join(BAD.values()) + "\n", mypy_cache)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for expected in BAD:
        assert any(expected in line for line in lines), (expected, result.stdout)
    assert len([line for line in lines if ": error:" in line]) == len(BAD), result.stdout


def test_one_stub_per_service_and_py_typed(stubs):
    from paws_bridge import registry
    assert (stubs / "py.typed").exists()
    names = sorted(registry.services())
    assert len(names) > 400
    init = (stubs / "__init__.pyi").read_text()
    for name in names:
        module = registry.python_name(name)
        assert (stubs / "_typing" / f"{module}.pyi").exists(), name
        assert f"def {module}(config" in init, name
    cognito = (stubs / "_typing" / "cognitoidentityprovider.pyi").read_text()
    assert "def resend_confirmation_code(self, ClientId: str" in cognito


def test_stubs_of_another_protocol_service_are_checked_too(stubs, tmp_path, mypy_cache):
    result = _mypy(tmp_path, 'db = paws_bridge.dynamodb()\n'
                             'db.get_item(TableName="t", Key={"id": {"S": "1"}})["Itemz"]\n'
                             'paws_bridge.lambda_().list_functions()["Functions"]\n',
                   mypy_cache)
    assert result.returncode == 1, result.stdout + result.stderr
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and '"Itemz"' in errors[0], result.stdout
