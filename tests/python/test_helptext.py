"""Help text: the structured help of every operation, its docstring, and its Rd rendering."""

import importlib.util
import inspect
from pathlib import Path

import pytest

import paws_bridge
from paws_bridge.helptext import docstring, operation_help, parse_html, plain
from paws_bridge.model import load_service

ROOT = Path(__file__).resolve().parent.parent.parent
_spec = importlib.util.spec_from_file_location("gen_rd", ROOT / "scripts" / "gen_rd.py")
gen_rd = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen_rd)

SERVICE = load_service("cognitoidentityprovider")


def test_every_operation_has_help_matching_its_signature():
    svc_cls = paws_bridge.service.service_class("cognitoidentityprovider")
    for op in SERVICE.operations():
        h = operation_help(op)
        assert h.title and not h.title.endswith(".")
        assert [a.name for a in h.arguments] == list(op.arguments)
        assert {a.name for a in h.arguments if a.required} == set(op.required)
        params = list(inspect.signature(getattr(svc_cls, op.name)).parameters)[1:]
        assert params == [a.name for a in h.arguments]
        assert docstring(op).startswith(h.title)


def test_resend_confirmation_code_reads_like_paws():
    h = operation_help(SERVICE.operation("resend_confirmation_code"))
    assert h.topic == "cognitoidentityprovider_resend_confirmation_code"
    assert h.usage(width=200) == (
        "svc$resend_confirmation_code(ClientId, SecretHash = NULL, UserContextData = NULL, "
        "Username, AnalyticsMetadata = NULL, ClientMetadata = NULL)")
    assert 'DeliveryMedium = "SMS"|"EMAIL"' in h.value
    assert h.request.startswith('svc$resend_confirmation_code(\n  ClientId = "string",')
    assert "ClientMetadata = list(\n    \"string\"\n  )" in h.request
    assert h.paginator is None
    assert operation_help(SERVICE.operation("list_users")).paginator["input_token"] == \
        "PaginationToken"


def test_html_becomes_blocks():
    blocks = parse_html('<p>Use <code>a%b</code> <i>now</i>, see <a href="https://x.y/">'
                        'docs</a>.</p><ul><li><p>one</p></li><li>two</li></ul>'
                        '<dl><dt>T</dt><dd><p>D</p></dd></dl>')
    assert blocks[0] == ("para", [("text", "Use "), ("code", "a%b"), ("text", " "),
                                  ("emph", [("text", "now")]), ("text", ", see "),
                                  ("link", "https://x.y/", [("text", "docs")]),
                                  ("text", ".")])
    assert blocks[1] == ("list", False, [[("para", [("text", "one")])],
                                         [("para", [("text", "two")])]])
    assert blocks[2] == ("deflist", [([("text", "T")], [("para", [("text", "D")])])])
    assert plain("<p>a <b>b</b></p><p>c</p>") == "a b\n\nc"


@pytest.mark.parametrize("text, rd", [
    ("100% {x} \\y", "100\\% \\{x\\} \\\\y"),
    ("a\u2013b \u2019q\u2019", "a-b 'q'"),
    ("S\u00e3o", "S\\enc{\u00e3}{a}o"),
])
def test_rd_text_escapes_specials_and_non_ascii(text, rd):
    assert gen_rd.rd_text(text) == rd


def test_rd_verbatim_is_ascii_and_escaped():
    assert gen_rd.rd_verbatim('x = "{%}" \u00e3') == 'x = "\\{\\%\\}" a'
    assert gen_rd.rd_inlines([("code", "a b")]) == "\\code{a b}"
    assert gen_rd.rd_inlines([("code", 'x = "y"')]) == '\\verb{x = "y"}'


def test_generated_pages_cover_every_operation(tmp_path):
    services = ["cognitoidentityprovider", "dynamodb"]
    written, removed = gen_rd.write(tmp_path, services)
    names = {p.name for p in tmp_path.glob("*.Rd")}
    # Cognito: a page per operation and the constructor's; DynamoDB: one page
    assert written == len(names) == len(SERVICE.operation_names) + 1 + 1
    assert "cognitoidentityprovider_resend_confirmation_code.Rd" in names
    page = (tmp_path / "cognitoidentityprovider_resend_confirmation_code.Rd").read_text()
    assert page.startswith(gen_rd.GENERATED_MARK)
    assert "\\usage{\\special{svc$resend_confirmation_code(" in page
    assert "\\item{ClientId}{[required]" in page
    # every DynamoDB operation is a topic of the dynamodb page
    page = (tmp_path / "dynamodb.Rd").read_text()
    for op in load_service("dynamodb").operation_names:
        assert f"\\alias{{dynamodb_{op}}}\n" in page
        assert f"\\section{{{op}}}{{" in page
    # stale generated pages go, hand-written ones stay
    (tmp_path / "cognitoidentityprovider_gone.Rd").write_text(gen_rd.GENERATED_MARK + "\n")
    (tmp_path / "config.Rd").write_text("\\name{config}\n")
    assert gen_rd.write(tmp_path, services) == (0, 1)
    assert (tmp_path / "config.Rd").exists()
    # a hand-written page never gets overwritten by a generated one of the same name
    (tmp_path / "dynamodb.Rd").write_text("\\name{dynamodb}\n")
    with pytest.raises(SystemExit, match="dynamodb.Rd"):
        gen_rd.write(tmp_path, services)


def test_compact_section_has_usage_required_arguments_value_and_pagination():
    page = gen_rd.service_pages("dynamodb")["dynamodb.Rd"]
    assert page.startswith(gen_rd.GENERATED_MARK)
    assert "\\title{Amazon DynamoDB}" in page
    start = page.index("\\section{query}{")
    query = page[start:page.index("\\section{", start + 1)]
    assert "You must provide the name of the partition key attribute" in query
    assert "svc$query(\n  TableName,\n  IndexName = NULL," in query
    assert "\\item{\\code{TableName}}{[required] The name of the table containing" in query
    assert "  Items = list(...),\n  Count = 123," in query
    assert "Paginated with" in query and "ExclusiveStartKey" in query
    # compact: the request syntax and the full value syntax are for full pages only
    assert "Request syntax" not in page
    assert len(query) < 4000


def test_checked_in_help_pages_match_the_model():
    """man/ holds the generated pages (R CMD INSTALL of a clone needs no Python): in sync."""
    import subprocess
    import sys
    root = Path(__file__).resolve().parent.parent.parent
    import os
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}  # R's, under make
    result = subprocess.run([sys.executable, str(root / "scripts" / "gen_rd.py"), "--check"],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
