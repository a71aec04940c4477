"""Results -> pandas DataFrames, by shape.

`to_frame(result)` turns the pages of a list operation (one page, a list of pages, or the
generator `svc.paginate(...)` returns) into one frame with a row per result item. Everything
comes from the model:

- the result key is the operation's paginator `result_key` (for an operation without a
  paginator: its output's one list-of-structures member);
- columns come from the item shape, in shape order. Scalars become typed columns: strings
  `object` (None where absent), booleans `boolean`, integers `Int64`, doubles `float64`,
  timestamps `datetime64[ns, UTC]`; blobs, lists, maps and documents stay Python objects.
  Nested structures are spread into dotted columns (`LambdaConfig.PreSignUp`).
- a list of name/value pairs (a list whose item structure has exactly the members `Name` and
  `Value`, e.g. a user's `Attributes`, `UserAttributes`, a device's `DeviceAttributes`)
  becomes one column per attribute name, in order of first appearance, at the list's place.
  An attribute named like another column is prefixed with the list's name
  (`Attributes.Username`).

Which operation produced a page: pass `operation=` (snake_case name), or let it be inferred
from the page's keys. Results are paws-shaped, so every output member is present and a
page's key set is its operation's output member set. Operations sharing a key set are
interchangeable when their result key and item shape are the same (`list_groups` and
`admin_list_groups_for_user`); otherwise inference fails and asks for `operation=`.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from botocore.model import Shape

from .model import load_service
from .shapes import is_document

if TYPE_CHECKING:  # pandas is optional: imported where a frame is built
    import pandas as pd

_MAX_DEPTH = 4  # how deep nested structures are spread into dotted columns

# scalar shape type -> pandas dtype
_DTYPES = {
    "string": "object", "character": "object", "boolean": "boolean", "integer": "Int64",
    "long": "Int64", "float": "float64", "double": "float64",
    "timestamp": "datetime64[ns, UTC]",
}


@dataclass(frozen=True)
class Column:
    """One column of a shape's flat view: its name, the path to it, and its kind.

    kind is a scalar shape type ("string", "timestamp", ...), "object" (kept as is), or
    "pairs" (a name/value list, spread into one column per name).
    """

    name: str
    path: tuple[str, ...]
    kind: str


def is_pairs(shape: Shape) -> bool:
    """True for a list of {Name, Value} structures (Cognito's AttributeListType and kin)."""
    if shape.type_name != "list" or shape.member.type_name != "structure":
        return False
    return set(shape.member.members) == {"Name", "Value"}


def columns(shape: Shape) -> tuple[Column, ...]:
    """The flat columns of a structure shape, in shape order (cached per shape)."""
    return _columns(shape)


@functools.lru_cache(maxsize=None)
def _columns(shape: Shape) -> tuple[Column, ...]:
    out: list[Column] = []
    _walk(shape, (), out, 0)
    return tuple(out)


def _walk(shape: Shape, path: tuple[str, ...], out: list[Column], depth: int) -> None:
    for name, member in shape.members.items():
        here = path + (name,)
        kind = member.type_name
        if kind == "structure" and not is_document(member) and depth < _MAX_DEPTH:
            _walk(member, here, out, depth + 1)
        elif is_pairs(member):
            out.append(Column(".".join(here), here, "pairs"))
        elif kind in _DTYPES:
            out.append(Column(".".join(here), here, kind))
        else:
            out.append(Column(".".join(here), here, "object"))


# --- which operation, which key -----------------------------------------------------------

@dataclass(frozen=True)
class ListSpec:
    """Where the items of one operation's result are: its result key and item shape."""

    operation: str
    result_key: str
    item_shape: Shape
    output_members: frozenset[str]


def list_spec(service: Any, operation: str) -> ListSpec:
    """The ListSpec of `operation` on `service` (a Service or paws service name)."""
    spec = _service_spec(service)
    found = _list_specs(spec.paws_name).get(operation)
    if found is None:
        if operation not in spec.operation_names:
            raise ValueError(f"{spec.paws_name} has no operation {operation!r}")
        raise ValueError(f"{operation} does not return a list of items; list operations: "
                         f"{', '.join(_list_specs(spec.paws_name))}")
    return found


def _service_spec(service: Any):
    if service is None:
        service = "cognitoidentityprovider"  # the default before there were other services
    if isinstance(service, str):
        return load_service(service)
    return service._spec  # a paws_bridge Service


@functools.lru_cache(maxsize=None)
def _list_specs(paws_name: str) -> dict[str, ListSpec]:
    """Every operation whose result is a list of items, by name, in model order."""
    spec = load_service(paws_name)
    found: dict[str, ListSpec] = {}
    for op in spec.operations():
        shape = op.output_shape
        if shape is None:
            continue
        key = None
        pag = op.paginator
        if pag and isinstance(pag.get("result_key"), str):
            key = pag["result_key"]
        else:
            lists = [n for n, m in shape.members.items()
                     if m.type_name == "list" and m.member.type_name == "structure"
                     and not is_pairs(m)]
            if len(lists) == 1:
                key = lists[0]
        if key is None or shape.members[key].member.type_name != "structure":
            continue
        found[op.name] = ListSpec(op.name, key, shape.members[key].member,
                                  frozenset(shape.members))
    return found


def infer_operation(page: Mapping[str, Any], service: Any = None) -> ListSpec:
    """The ListSpec for a page, from its keys (see the module docstring for the rule)."""
    spec = _service_spec(service)
    keys = frozenset(page)
    matches = [s for s in _list_specs(spec.paws_name).values() if s.output_members == keys]
    if not matches:
        raise ValueError(
            f"cannot tell which operation returned a page with keys {sorted(keys)}; "
            "pass operation= (e.g. operation='list_users')")
    distinct = {(s.result_key, s.item_shape.name) for s in matches}
    if len(distinct) > 1:
        raise ValueError(
            f"a page with keys {sorted(keys)} could come from "
            f"{', '.join(s.operation for s in matches)}; pass operation=")
    return matches[0]


# --- building frames ------------------------------------------------------------------------

def to_frame(result: Any, operation: str | None = None, service: Any = None) -> "pd.DataFrame":
    """A DataFrame with one row per result item of a list operation.

    Args:
        result: one page (a dict), a list of pages, or any iterable of pages such as
            `svc.paginate("list_users", ...)` (consumed once).
        operation: the snake_case name of the operation that produced the pages; inferred
            from the page keys when omitted (needed when none of the pages is at hand to
            look at, e.g. an empty list of pages).
        service: a Service or paws service name; default the first known service.

    Returns:
        A DataFrame; with no items, the item shape's columns and no rows.
    """
    pages = [result] if isinstance(result, Mapping) else list(result)
    for i, page in enumerate(pages):
        if not isinstance(page, Mapping):
            raise TypeError(f"page {i} is a {type(page).__name__}, not a dict (a result page)")
    if operation is not None:
        spec = list_spec(service, operation)
    elif pages:
        spec = infer_operation(pages[0], service)
    else:
        raise ValueError("no pages to infer the operation from; pass operation=")
    items = itertools.chain.from_iterable(p.get(spec.result_key) or [] for p in pages)
    return items_frame(list(items), spec.item_shape)


def items_frame(items: list[Mapping[str, Any]], shape: Shape,
                index: Any = None) -> "pd.DataFrame":
    """A DataFrame from items of structure `shape`, one row each (None rows: all missing)."""
    import pandas as pd

    data: dict[str, Any] = {}
    cols = columns(shape)
    taken = {c.name for c in cols if c.kind != "pairs"}
    n = len(items)
    for col in cols:
        values = [_get(item, col.path) for item in items]
        if col.kind == "pairs":
            for name, series in _spread(values, n, index).items():
                label = name if name not in taken and name not in data else f"{col.name}.{name}"
                data[label] = series
            continue
        data[col.name] = _series(values, col.kind, index)
    return pd.DataFrame(data, index=index if index is not None else pd.RangeIndex(n))


def _get(item: Mapping[str, Any] | None, path: tuple[str, ...]) -> Any:
    value: Any = item
    for part in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _series(values: list[Any], kind: str, index: Any) -> "pd.Series":
    import pandas as pd

    dtype = _DTYPES.get(kind)
    if dtype is None:
        # filled element-wise: pandas would otherwise read a cell's list as a row of values
        s = pd.Series([None] * len(values), dtype="object", index=index)
        for i, v in enumerate(values):
            s.iat[i] = v
        return s
    if kind == "timestamp":
        return pd.Series(pd.to_datetime(values, utc=True), index=index)
    return pd.Series(values, dtype=dtype, index=index)


def _spread(values: list[Any], n: int, index: Any) -> dict[str, "pd.Series"]:
    """name/value lists -> {name: string Series}, names in order of first appearance."""
    import pandas as pd

    spread: dict[str, list[Any]] = {}
    for row, pairs in enumerate(values):
        for pair in pairs or []:
            name = pair.get("Name") if isinstance(pair, Mapping) else None
            if name is None:
                continue
            column = spread.get(name)
            if column is None:
                column = spread[name] = [None] * n
            column[row] = pair.get("Value")
    return {name: pd.Series(v, dtype="object", index=index) for name, v in spread.items()}
