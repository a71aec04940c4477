"""Results -> pandas DataFrames, by shape.

`to_frame(result)` turns the pages of a list operation (one page, a list of pages, or the
generator `svc.paginate(...)` returns) into one frame with a row per result item. Everything
comes from the model:

- the result key is the operation's paginator `result_key` (the first that is a list, when
  it has several; for an operation without a paginator: its output's one list of
  structures or maps);
- columns come from the item shape, in shape order. Scalars become typed columns: strings
  `object` (None where absent), booleans `boolean`, integers `Int64`, doubles `float64`,
  timestamps `datetime64[ns, UTC]`; blobs, lists, maps and documents stay Python objects.
  Nested structures are spread into dotted columns (`LambdaConfig.PreSignUp`).
- a list of name/value pairs (a list whose item structure has exactly the members `Name` and
  `Value`, e.g. a user's `Attributes`, `UserAttributes`, a device's `DeviceAttributes`)
  becomes one column per attribute name, in order of first appearance, at the list's place.
  An attribute named like another column is prefixed with the list's name
  (`Attributes.Username`).
- items that are maps (DynamoDB's items: attribute name -> AttributeValue) give one column
  per key, in order of first appearance. Where the values are structures of which each cell
  sets exactly one member (a tagged union, as AttributeValue), a cell holds that member's
  value (`{"S": "x"}` -> "x"); otherwise the structure itself.

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

from .model import load_service, loaded_services
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
    """The flat columns of a structure shape, in shape order (cached per shape); a map
    item's columns are its keys, known only from the items (none here)."""
    if shape.type_name != "structure":
        return ()
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
    output_shape: Shape


def list_spec(service: Any, operation: str, shape: Shape | None = None) -> ListSpec:
    """The ListSpec of `operation` on `service` (a Service or paws service name; None: the
    one service this process has used that has such an operation -- or, where several have
    it, the one whose output shape is `shape`, a page's own `.shape`)."""
    if service is None:
        having = [n for n in loaded_services() if operation in load_service(n).operation_names]
        if len(having) > 1 and shape is not None:
            having = [n for n in having
                      if load_service(n).operation(operation).output_shape is shape]
        if len(having) != 1:
            raise ValueError(
                f"{operation}: pass the service too ({'none' if not having else 'several'} "
                f"of the services used so far ({', '.join(having) or 'none'}) have it)")
        service = having[0]
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
        raise ValueError("pass the service (a Service or its paws name) with operation=")
    if isinstance(service, str):
        return load_service(service)
    return service._spec  # a paws_bridge Service


def _result_keys(pag: Mapping[str, Any] | None) -> list[str]:
    """The paginator's result keys that name a top-level member (not JMESPath paths)."""
    if not pag:
        return []
    keys = pag.get("result_key")
    keys = [keys] if isinstance(keys, str) else list(keys or [])
    return [k for k in keys if k.isidentifier()]


def _is_item(shape: Shape) -> bool:
    return shape.type_name in ("structure", "map") and not is_document(shape)


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
        paged = [k for k in _result_keys(op.paginator)
                 if k in shape.members and shape.members[k].type_name == "list"]
        if paged:
            key = paged[0]
        else:
            lists = [n for n, m in shape.members.items()
                     if m.type_name == "list" and _is_item(m.member) and not is_pairs(m)]
            if len(lists) == 1:
                key = lists[0]
        if key is None or not _is_item(shape.members[key].member):
            continue
        found[op.name] = ListSpec(op.name, key, shape.members[key].member,
                                  frozenset(shape.members), shape)
    return found


def infer_operation(page: Mapping[str, Any], service: Any = None) -> ListSpec:
    """The ListSpec for a page, from its keys (see the module docstring for the rule).

    Without `service`, every service this process has loaded is searched.
    """
    names = [_service_spec(service).paws_name] if service is not None else loaded_services()
    keys = frozenset(page)
    matches = [s for name in names for s in _list_specs(name).values()
               if s.output_members == keys]
    own = getattr(page, "shape", None)  # an operation's value knows its output shape
    if own is not None and len(matches) > 1:
        matches = [s for s in matches if s.output_shape is own] or matches
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
        service: a Service or paws service name (needed with `operation`; without it the
            operation is inferred among the services this process has used).

    Returns:
        A DataFrame; with no items, the item shape's columns and no rows.
    """
    if operation is None and getattr(result, "operation", None):  # svc.paginate()'s pages
        operation, service = result.operation, service or result.service
    pages = [result] if isinstance(result, Mapping) else list(result)
    for i, page in enumerate(pages):
        if not isinstance(page, Mapping):
            raise TypeError(f"page {i} is a {type(page).__name__}, not a dict (a result page)")
    if operation is not None:
        spec = list_spec(service, operation, getattr(pages[0], "shape", None) if pages else None)
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

    if shape.type_name == "map":
        return _map_items_frame(items, shape, index)
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


def _map_items_frame(items: list[Mapping[str, Any]], shape: Shape,
                     index: Any) -> "pd.DataFrame":
    """Items that are maps: a column per key (first appearance), union values unwrapped."""
    import pandas as pd

    structures = shape.value.type_name == "structure" and not is_document(shape.value)
    names: dict[str, None] = {}
    for item in items:
        names.update(dict.fromkeys(item or {}))
    data = {}
    for name in names:
        values = [(item or {}).get(name) for item in items]
        if structures and all(v is None or len(_set_members(v)) == 1 for v in values):
            values = [None if v is None else _set_members(v)[0] for v in values]
        data[name] = _series(values, "object", index)
    return pd.DataFrame(data, index=index if index is not None else pd.RangeIndex(len(items)))


def _set_members(value: Any) -> list[Any]:
    """The values of the members a structure value sets (paws fills the others empty)."""
    if not isinstance(value, Mapping):
        return [value, value]  # not a structure value: never unwrapped
    return [v for v in value.values() if v is not None and v != [] and v != {}]


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
