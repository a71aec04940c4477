"""paws's output shapes where they differ from the pinned botocore model.

paws generated its code from an older copy of botocore's models: some output structures in
botocore have members paws does not return, and a few scalars have another type (S3's
`Expires` is a string in paws). paws's value has exactly paws's members, so the bridge's view
of a model (model.load_service) takes paws's member list, order and scalar types from
`data/paws_members/<service>.json`, written by scripts/gen_paws_members.py from paws's
generated sources. The botocore client that sends requests keeps the full model.
"""

from __future__ import annotations

import copy
import functools
import json
from importlib import resources
from typing import Any

_SYNTHETIC = "PawsBridge{kind}"


@functools.lru_cache(maxsize=None)
def differences(service: str) -> dict[str, Any]:
    """{shape name: {"members": [...], "types": {member: kind}}} for one service."""
    try:
        text = (resources.files("paws_bridge") / "data" / "paws_members"
                / f"{service}.json").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return {}
    return json.loads(text)


def apply(service: str, description: dict[str, Any]) -> dict[str, Any]:
    """A copy of a botocore service description with paws's output shapes."""
    diffs = differences(service)
    if not diffs:
        return description
    description = dict(description)
    shapes = description["shapes"] = dict(description["shapes"])
    for name, diff in diffs.items():
        shape = shapes.get(name)
        if shape is None:
            continue
        shape = copy.deepcopy(shape)
        members = shape.get("members", {})
        shape["members"] = {n: members[n] for n in diff["members"] if n in members}
        for member, kind in diff.get("types", {}).items():
            ref = shape["members"].get(member)
            if ref is not None:
                synthetic = _SYNTHETIC.format(kind=kind.capitalize())
                shapes.setdefault(synthetic, {"type": kind})
                shape["members"][member] = dict(ref, shape=synthetic)
        shapes[name] = shape
    return description
