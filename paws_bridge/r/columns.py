"""R's to_frame(): a data.frame built column by column from R's C API, typed by shape:

  string -> character, boolean -> logical, integer -> integer, long/float/double -> double,
  timestamp -> POSIXct (GMT), anything else (blobs, lists, maps, documents) -> a list column
  whose cells are what paws returns for that member; a list of name/value pairs (a user's
  Attributes) -> one character column per name (the rules of paws_bridge.frames).

`items_frame()`: the items of R result pages, read straight from R memory by a *column plan*
computed once per item shape (each column's path and kind, from `frames.columns`), in one
pass over the items: a string cell is the page's own CHARSXP, a number the page's double, a
list cell the page's own R value; nothing goes through Python values or pandas.

Nothing here makes R evaluate anything (docs/r-host.md).
"""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass
from typing import Any, Callable

from botocore.model import Shape

from .. import frames
from . import sexp
from .from_r import DROP, Problems, input_reader
from .to_r import output_builder

__all__ = ["PlannedColumn", "column_plan", "items_frame"]

# shape type of a scalar column -> the R vector it becomes
_R_KINDS = {"string": "string", "character": "string", "boolean": "boolean",
            "integer": "integer", "long": "double", "float": "double", "double": "double",
            "timestamp": "timestamp"}


@dataclass(frozen=True)
class PlannedColumn:
    """One column of the plan: its label, the member path in an item, its R kind ("string",
    "boolean", "integer", "double", "timestamp", "object" or "pairs") and the member shape."""

    name: str
    path: tuple[str, ...]
    kind: str
    shape: Shape


@functools.lru_cache(maxsize=None)
def column_plan(item_shape: Shape) -> tuple[PlannedColumn, ...]:
    """The columns of a frame of `item_shape` items, in shape order (cached per shape)."""
    plan = []
    for col in frames.columns(item_shape):
        member = item_shape
        for part in col.path:
            member = member.members[part]
        kind = col.kind if col.kind == "pairs" else _R_KINDS.get(col.kind, "object")
        plan.append(PlannedColumn(col.name, col.path, kind, member))
    return tuple(plan)


# --- R items -> data.frame, by the column plan --------------------------------------------

class _Members:
    """Where a member is in a named list, by name: one index per names vector (the items of
    one result share their names vector, so it is read once per shape, not once per item)."""

    def __init__(self) -> None:
        a = sexp.api()
        self._get_names, self._names_sym = a.lib.Rf_getAttrib, a.names
        self._elt = a.lib.VECTOR_ELT
        self._index: dict[Any, dict[str, int]] = {}

    def index(self, x: Any) -> dict[str, int]:
        names = self._get_names(x, self._names_sym)
        found = self._index.get(names)
        if found is None:
            found = {}
            if names.sxpinfo.type == sexp.STRSXP:
                for i, name in enumerate(sexp.str_elts(names)):
                    if name is not None and name not in found:  # x[[name]]: the first
                        found[name] = i
            self._index[names] = found
        return found

    def at(self, x: Any, path: tuple[str, ...]) -> Any:
        """x[[path[0]]][[path[1]]]... (a SEXP), or None where a step is missing."""
        for part in path:
            if x.sxpinfo.type != sexp.VECSXP:
                return None
            i = self.index(x).get(part)
            if i is None:
                return None
            x = self._elt(x, i)
        return x


Where = Callable[[], str]  # the path of an item, made only for a problem
Fill = Callable[[int, Any, Where], None]  # fill(row, the cell's R value or None, item's path)

_VECTOR_TYPES = {"string": sexp.STRSXP, "boolean": sexp.LGLSXP, "integer": sexp.INTSXP,
                 "double": sexp.REALSXP, "timestamp": sexp.REALSXP, "object": sexp.VECSXP}


def _filler(col: PlannedColumn, vector: Any, empty: Any, problems: Problems) -> Fill:
    """The function filling `vector` (column `col`) cell by cell: the page's own R value where
    it has the column's R type and length 1, else the member's argument reader (R's reading
    rules; a problem with the cell's path for what cannot be read)."""
    a = sexp.api()
    lib = a.lib
    kind = col.kind
    xlen = lib.Rf_xlength
    suffix = "$" + "$".join(col.path)
    read = input_reader(col.shape)

    def slow(v: Any, where: Where) -> Any:  # the cell's Python value (None: NA)
        if v is None or sexp.is_empty(v):
            return None
        value = read(v, where() + suffix, problems)
        return None if value is DROP else value

    if kind == "object":
        setv, nil = lib.SET_VECTOR_ELT, a.nil

        def fill(row: int, v: Any, where: Where) -> None:
            setv(vector, row, empty if v is None or v == nil else v)
    elif kind == "integer":
        seti, na_int = lib.SET_INTEGER_ELT, a.na_int

        def fill(row: int, v: Any, where: Where) -> None:
            value = slow(v, where)  # numbers arrive as doubles (paws): read by the reader
            if isinstance(value, float):  # the reader keeps a fraction for the core to name
                problems.add(where() + suffix, f"expected a whole number, got {value!r}")
                value = None
            ok = value is not None and -sexp.INT32_MAX <= value <= sexp.INT32_MAX
            seti(vector, row, int(value) if ok else na_int)
    else:
        def time(value: Any, where: Where) -> Any:  # ISO 8601 text, as botocore reads it
            try:
                return sexp.epoch_of(_dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
                                     if isinstance(value, str) else value)
            except ValueError:
                problems.add(where() + suffix, f"expected a time, got {value!r}")
                return None

        # R type of the page's cell, its getter, the column's setter, Python value -> element
        want, get, put, element = {
            "string": (sexp.STRSXP, lib.STRING_ELT, lib.SET_STRING_ELT,
                       lambda value, where: a.char(value)),
            "boolean": (sexp.LGLSXP, lib.LOGICAL_ELT, lib.SET_LOGICAL_ELT,
                        lambda value, where: int(value)),
            "double": (sexp.REALSXP, lib.REAL_ELT, lib.SET_REAL_ELT,
                       lambda value, where: float(value)),
            "timestamp": (sexp.REALSXP, lib.REAL_ELT, lib.SET_REAL_ELT, time),
        }[kind]
        na = {"string": a.na_string, "boolean": a.na_int}.get(kind, lib.R_NaReal)

        def fill(row: int, v: Any, where: Where) -> None:
            if v is not None and v.sxpinfo.type == want and xlen(v) == 1:
                put(vector, row, get(v, 0))  # the page's own element (a CHARSXP, a double)
                return
            value = slow(v, where)
            if value is not None:
                value = element(value, where)
            put(vector, row, na if value is None else value)
    return fill


class _Spreader:
    """A name/value pairs column: each item's pairs into one column per name (a CHARSXP of the
    page, a str read by the reader, or None per row), names in order of first appearance."""

    def __init__(self, col: PlannedColumn, n: int, members: _Members,
                 problems: Problems) -> None:
        self.n, self.members, self.problems = n, members, problems
        self.suffix = "$" + "$".join(col.path)
        self.pair_shape = col.shape.member
        self.spread: dict[str, list[Any]] = {}
        self._keys: dict[Any, str] = {}  # a name's CHARSXP -> its text (R shares CHARSXPs)

    def fill(self, row: int, v: Any, where: Where) -> None:
        if v is None:
            return
        lib = sexp.api().lib
        if v.sxpinfo.type != sexp.VECSXP:
            if not sexp.is_empty(v):
                self.problems.add(where() + self.suffix, "expected a list of Name/Value pairs, "
                                                         f"got {sexp.describe(v)}")
            return
        elt, xlen, index, sel = (lib.VECTOR_ELT, lib.Rf_xlength, self.members.index,
                                 lib.STRING_ELT)
        na, keys, spread, strsxp = sexp.api().na_string, self._keys, self.spread, sexp.STRSXP
        for k in range(xlen(v)):
            pair = elt(v, k)
            if pair.sxpinfo.type == sexp.VECSXP:
                at = index(pair)
                i, j = at.get("Name"), at.get("Value")
                name = None if i is None else elt(pair, i)
                value = None if j is None else elt(pair, j)
                if name is not None and value is not None and name.sxpinfo.type == strsxp \
                        and value.sxpinfo.type == strsxp and xlen(name) == 1 \
                        and xlen(value) == 1:  # the pair as paws returns it
                    c = sel(name, 0)
                    key = keys.get(c)
                    if key is None:
                        if c == na:
                            continue
                        key = keys[c] = sexp.decode(lib.R_CHAR(c))
                    column = spread.get(key)
                    if column is None:
                        column = spread[key] = [None] * self.n
                    c = sel(value, 0)
                    column[row] = None if c == na else c
                    continue
            else:
                name = value = None
            self._pair(row, name, value, lambda k=k: f"{where()}{self.suffix}[[{k + 1}]]")

    def _pair(self, row: int, name: Any, value: Any, here: Where) -> None:
        """A pair in any other form: read by the pair's member readers."""
        key = self._key(name, here)
        if key is None:
            return
        column = self.spread.get(key)
        if column is None:
            column = self.spread[key] = [None] * self.n
        column[row] = self._value(value, "Value", here)

    def _value(self, x: Any, member: str, here: Where) -> Any:
        """A CHARSXP of the page, or a str (read by the member's reader), or None (NA)."""
        a = sexp.api()
        if x is None or sexp.is_empty(x):
            return None
        if x.sxpinfo.type == sexp.STRSXP and a.lib.Rf_xlength(x) == 1:
            c = a.lib.STRING_ELT(x, 0)
            return None if c == a.na_string else c
        value = input_reader(self.pair_shape.members[member])(x, f"{here()}${member}",
                                                               self.problems)
        return None if value is DROP else str(value)

    def _key(self, x: Any, here: Where) -> str | None:
        c = self._value(x, "Name", here)
        if c is None or type(c) is str:
            return c
        key = self._keys.get(c)
        if key is None:
            key = self._keys[c] = sexp.decode(sexp.api().lib.R_CHAR(c))
        return key


def items_frame(items: list[tuple[Any, Where]], item_shape: Shape, problems: Problems) -> Any:
    """An R data.frame (unprotected) of R items (named lists of `item_shape`, or NULL for an
    all-missing row), each with the function that names its path for problems."""
    lib = sexp.api().lib
    n = len(items)
    plan = column_plan(item_shape)
    members = _Members()
    # holder[[2j + 1]]: column j; holder[[2j + 2]]: its empty cell (list columns)
    holder = lib.Rf_protect(lib.Rf_allocVector(sexp.VECSXP, 2 * len(plan)))
    fills: list[Fill] = []
    spreaders: dict[int, _Spreader] = {}
    for j, col in enumerate(plan):
        if col.kind == "pairs":
            spreaders[j] = _Spreader(col, n, members, problems)
            fills.append(spreaders[j].fill)
            continue
        vector = lib.Rf_allocVector(_VECTOR_TYPES[col.kind], n)
        lib.SET_VECTOR_ELT(holder, 2 * j, vector)
        if col.kind == "timestamp":
            sexp.api().set_posixct(vector)
        empty = None
        if col.kind == "object":  # what paws returns for the member when it is absent
            lib.SET_VECTOR_ELT(holder, 2 * j + 1, output_builder(col.shape)(None))
            empty = lib.VECTOR_ELT(holder, 2 * j + 1)
        fills.append(_filler(col, vector, empty, problems))
    first = [col.path[0] for col in plan]
    rest = [col.path[1:] for col in plan]
    steps = list(zip(first, rest, fills))
    elt, index, at = lib.VECTOR_ELT, members.index, members.at
    for row, (item, where) in enumerate(items):
        top = index(item) if item.sxpinfo.type == sexp.VECSXP else {}
        for name, deeper, fill in steps:
            i = top.get(name)
            v = None if i is None else elt(item, i)
            if deeper and v is not None:
                v = at(v, deeper)
            fill(row, v, where)
    out = _assemble(plan, [lib.VECTOR_ELT(holder, 2 * j) for j in range(len(plan))],
                    {j: s.spread for j, s in spreaders.items()}, n)
    lib.Rf_unprotect(1)
    return out


def _assemble(plan: tuple[PlannedColumn, ...], columns: list[Any],
              spreads: dict[int, dict[str, list[Any]]], n: int) -> Any:
    """The data.frame (unprotected): the columns in plan order, a pairs column's names in its
    place (a name taken by another column prefixed with the list's name, as
    frames.items_frame does). `columns[j]` is column j (protected by the caller)."""
    a = sexp.api()
    lib = a.lib
    taken = {col.name for col in plan if col.kind != "pairs"}
    labels: list[str] = []
    where: list[tuple[int, str | None]] = []  # (plan index, spread name)
    for j, col in enumerate(plan):
        if col.kind != "pairs":
            labels.append(col.name)
            where.append((j, None))
            continue
        for name in spreads[j]:
            labels.append(name if name not in taken and name not in labels
                          else f"{col.name}.{name}")
            where.append((j, name))
    out = lib.Rf_protect(lib.Rf_allocVector(sexp.VECSXP, len(labels)))
    for k, (j, name) in enumerate(where):
        if name is None:
            lib.SET_VECTOR_ELT(out, k, columns[j])
            continue
        x = lib.Rf_allocVector(sexp.STRSXP, n)
        lib.SET_VECTOR_ELT(out, k, x)
        for row, c in enumerate(spreads[j][name]):
            lib.SET_STRING_ELT(x, row, a.na_string if c is None else
                               a.char(c) if type(c) is str else c)
    sexp.make_data_frame(out, labels, n)
    lib.Rf_unprotect(1)
    return out
