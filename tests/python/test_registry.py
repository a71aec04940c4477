"""The registry: every service paws has, under paws's names, built from botocore's models."""

from __future__ import annotations

import importlib.util
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import paws_bridge
from paws_bridge import registry
from paws_bridge.model import load_service

ROOT = Path(__file__).resolve().parents[2]
PAWS = json.loads((ROOT / "tests" / "paws-api" / "services.json").read_text())["services"]


def _gen_registry():
    spec = importlib.util.spec_from_file_location("gen_registry",
                                                  ROOT / "scripts" / "gen_registry.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_generated_files_match_botocore_and_paws():
    # registry_data.json, R/constructors.R and NAMESPACE's block, from the pinned botocore
    # and paws's API: nothing in them is kept by hand
    gen = _gen_registry()
    assert gen.main(["--check"]) == 0


def test_every_paws_service_is_there_or_retired():
    living, retired = registry.services(), registry.retired_services()
    for name, facts in PAWS.items():
        assert (name in living) != (name in retired), name
        if name in living:
            assert living[name].category == facts["category"], name
        else:
            assert retired[name]["category"] == facts["category"]
    assert len(retired) == 13
    assert {n for n, i in living.items() if i.category} == set(PAWS) - set(retired)


def test_paws_operation_names():
    # paws's snake_case (make.paws R/names.R) differs from botocore's xform_name here
    assert registry.paws_operation_name("AssignIpv6Addresses") == "assign_ipv_6_addresses"
    assert registry.paws_operation_name("ListWebACLs") == "list_web_ac_ls"
    assert registry.paws_operation_name("DescribeICD10CMInferenceJob") == \
        "describe_icd10cm_inference_job"
    assert registry.paws_operation_name("GetCSVHeader") == "get_csv_header"
    assert registry.paws_operation_name("PutItem") == "put_item"


@pytest.mark.parametrize("name", ["dynamodb", "ec2", "s3", "storagegateway", "mturk",
                                  "cloudwatchlogs", "lambda", "chime"])
def test_operation_names_and_formals_are_paws(name):
    # paws generated its code from an older model: members were added, reordered or made
    # optional since, and there the bridge follows the pinned model. Most agree exactly.
    spec = load_service(name)
    paws_ops = PAWS[name]["operations"]
    retired = set(registry.retired_operations(name))
    same = 0
    for op_name, facts in paws_ops.items():
        if op_name in retired:
            continue
        op = spec.operation(op_name)  # every paws operation name resolves
        formals = [(f["name"], f["default"] is None) for f in facts["formals"]]
        same += formals == [(a, a in op.required) for a in op.arguments]
    assert same >= 0.75 * (len(paws_ops) - len(retired)), (same, len(paws_ops))
    assert set(spec.operation_names) >= set(paws_ops) - retired


def test_constructors_are_lazy_and_named_like_paws():
    code = ("import sys, paws_bridge; "
            "print(sum(1 for m in sys.modules if m.startswith('paws_bridge.customizations.')), "
            "'dynamodb' in paws_bridge.__all__, 'lambda_' in paws_bridge.__all__)")
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    out = done.stdout.split()
    assert out == ["0", "True", "True"]
    from paws_bridge import model
    assert "dynamodb" in paws_bridge.__all__ and len(model.SERVICES) >= 302
    svc = paws_bridge.dynamodb(region="us-east-1")
    assert list(inspect.signature(svc.put_item).parameters)[:2] == ["TableName", "Item"]
    assert getattr(paws_bridge, "lambda") is paws_bridge.lambda_
    assert paws_bridge.cloudwatchlogs(region="us-east-1").settings.service == "logs"


def test_retired_services_and_operations_say_so():
    with pytest.raises(paws_bridge.RetiredError, match="alexaforbusiness.*retired"):
        paws_bridge.alexaforbusiness  # noqa: B018
    assert not hasattr(paws_bridge, "nosuchservice")
    chime = paws_bridge.chime(region="us-east-1")
    with pytest.raises(paws_bridge.RetiredError, match="tag_meeting.*retired"):
        chime.tag_meeting  # noqa: B018
    with pytest.raises(AttributeError, match="no operation 'bogus'"):
        chime.bogus  # noqa: B018


def test_unsupported_protocol_and_event_streams_name_the_operation():
    cbor = next(n for n, i in registry.services().items() if i.protocol == "smithy-rpc-v2-cbor")
    svc = getattr(paws_bridge, cbor)(region="us-east-1",
                                      credentials={"anonymous": True})
    op = svc.operations()[0]
    with pytest.raises(paws_bridge.NotSupportedError, match=f"{op}.*not supported yet"):
        svc.call(op, {})
    br = paws_bridge.bedrockruntime(region="us-east-1", credentials={"anonymous": True})
    with pytest.raises(paws_bridge.NotSupportedError,
                       match="converse_stream: event-stream operations are not supported"):
        br.converse_stream(modelId="m")


def test_categories_cover_paws_packages():
    cats = registry.categories()
    assert "dynamodb" in cats["paws.database"] and "s3" in cats["paws.storage"]
    assert "alexaforbusiness" in cats["paws.business.applications"]


def test_customization_hooks_are_found_by_service_name(monkeypatch):
    from paws_bridge import customizations, service

    seen = []

    @customizations.register
    class Probe(customizations.Customization):
        service = "kinesis"

        def prepare(self, svc, operation, params):
            seen.append(("prepare", operation.name))
            return {**params, "Limit": 3}

        def finish(self, svc, operation, value):
            return {**value, "finished": True}

        def client_options(self, settings):
            return {"user_agent_extra": "probe"}

        def extra_methods(self):
            return {"hello": lambda svc: f"hello from {svc.settings.service}"}

    try:
        assert customizations.for_service("kinesis").__class__ is Probe
        assert customizations.for_service("sqs").__class__ is customizations.Customization
        service.service_class.cache_clear()
        svc = paws_bridge.kinesis(region="us-east-1", endpoint="http://127.0.0.1:9",
                                  credentials={"creds": {"access_key_id": "A",
                                                         "secret_access_key": "S"}})
        assert svc.hello() == "hello from kinesis"
        assert "probe" in svc._client.meta.config.user_agent_extra
        monkeypatch.setattr(svc._client, "list_streams", lambda **kw: {"seen": kw})
        from paws_bridge import outputs
        monkeypatch.setattr(outputs, "build_output", lambda shape, parsed: dict(parsed))
        assert svc.list_streams() == {"seen": {"Limit": 3}, "finished": True}
        assert seen == [("prepare", "list_streams")]
    finally:
        customizations._registered.pop("kinesis", None)
        service.service_class.cache_clear()
