"""R scalars -> Python values for one member kind: the one scalar coercion of the R layer.

An R scalar arrives in R's own type (str, float, int, bool, bytes; None for NA). For a member
of shape type `kind`, `coerce()` turns it into what `paws_bridge.inputs` expects, following
paws (numbers in strings written as R writes them, "TRUE"/"true" for booleans, POSIXct/Date
numbers as times) and refusing what cannot be sent (NA, NaN, a non-raw blob); a refusal is
added to `problems` at the value's path (`problems.add` returns from_r.DROP). Used by the
shape readers (from_r.py) and by batch_call()'s data.frame columns (tables.py). Pure Python:
nothing here
touches R.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any, Callable

from ..rtext import format_double
from .sexp import InvalidText

__all__ = ["Conv", "Refused", "Epoch", "conversion", "convert", "coerce"]

Conv = Callable[[Any], Any]  # an R scalar (str/float/int/bool/bytes) -> Python value; raises


class Refused(ValueError):
    """A conversion's refusal of a value; its text is the problem added at the value's path."""


def coerce(kind: str, value: Any, path: str, problems: Any,
           time_scale: float | None = None) -> Any:
    """One R scalar (in R's own type: str, float, int, bool, bytes; None for NA) -> the Python
    value for a member of shape type `kind`, or (a refusal) what `problems.add(path, ...)`
    returns: from_r.DROP.

    `time_scale` marks a number from a time vector: 1.0 for POSIXct seconds, 86400.0 for Date
    days (the value is then epoch seconds wherever a number is taken).
    """
    if time_scale is not None and value is not None:
        value = Epoch(value * time_scale)
    return convert(conversion(kind), value, path, problems)


def conversion(kind: str) -> Conv:
    """The conversion for a member of shape type `kind` (anything else: kept as R gave it)."""
    return _CONVERSIONS.get(kind, _as_any)


def convert(conv: Conv, value: Any, path: str, problems: Any) -> Any:
    """`conv(value)`, or DROP with the problem added to `problems` (NA is never sent)."""
    if value is None:
        return problems.add(path, "NA is not a value that can be sent")
    if type(value) is InvalidText:
        return problems.add(path, f"the string is not valid UTF-8 ({value[:20]!r} read as "
                                  "latin-1); mark its encoding (Encoding(x) <- \"latin1\") "
                                  "or convert it (iconv(x, to = \"UTF-8\"))")
    try:
        return conv(value)
    except Refused as exc:
        return problems.add(path, str(exc))


class Epoch(float):
    """A number that came from a POSIXct/Date: epoch seconds."""


def _as_string(v: Any) -> str:
    t = type(v)
    if t is str:
        return v
    if t is bool:
        return "TRUE" if v else "FALSE"
    if t is int:
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise Refused(f"{format_double(v)} is not a string that can be sent")
        return format_double(v)
    raise Refused("expected a string, got a raw vector")


_TRUE = {"TRUE", "true", "True", "T"}
_FALSE = {"FALSE", "false", "False", "F"}


def _as_boolean(v: Any) -> bool:
    t = type(v)
    if t is bool:
        return v
    if t is str:
        if v in _TRUE:
            return True
        if v in _FALSE:
            return False
        raise Refused(f"expected TRUE or FALSE, got {v!r}")
    if isinstance(v, (int, float)) and not isinstance(v, bytes):
        if isinstance(v, float) and math.isnan(v):
            raise Refused("NaN is not TRUE or FALSE")
        return v != 0
    raise Refused("expected TRUE or FALSE, got a raw vector")


def _as_integer(v: Any) -> Any:
    t = type(v)
    if t is bool:
        raise Refused(f"expected a number, got {'TRUE' if v else 'FALSE'} (a logical)")
    if t is int:
        return v
    if isinstance(v, float):
        if math.isfinite(v) and v.is_integer():
            return int(v)
        if not math.isfinite(v):
            raise Refused(f"{format_double(v)} is not a number that can be sent")
        return v  # the core's validator names a fraction given for an integer
    if t is str:
        s = v.strip()
        try:
            return int(s)
        except ValueError:
            try:
                f = float(s)
            except ValueError:
                raise Refused(f"expected a number, got {v!r}") from None
            return int(f) if f.is_integer() else f
    raise Refused("expected a number, got a raw vector")


def _as_double(v: Any) -> float:
    t = type(v)
    if t is bool:
        raise Refused(f"expected a number, got {'TRUE' if v else 'FALSE'} (a logical)")
    if t is str:
        try:
            return float(v.strip())
        except ValueError:
            raise Refused(f"expected a number, got {v!r}") from None
    if isinstance(v, (int, float)):
        f = float(v)
        if not math.isfinite(f):
            raise Refused(f"{format_double(f)} is not a number that can be sent")
        return f
    raise Refused("expected a number, got a raw vector")


def _as_timestamp(v: Any) -> Any:
    if type(v) is str:
        return v  # botocore parses ISO 8601 text
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if isinstance(v, float) and not math.isfinite(v):
            raise Refused("not a finite time")
        return _dt.datetime.fromtimestamp(float(v), tz=_dt.timezone.utc)
    raise Refused("expected a POSIXct time or epoch seconds")


def _as_blob(v: Any) -> bytes:
    if isinstance(v, bytes):
        return v
    what = type(v).__name__.replace("str", "character").replace("float", "number")
    raise Refused(f"expected a raw vector (e.g. charToRaw(x)); got a {what} value")


def _as_any(v: Any) -> Any:
    return float(v) if isinstance(v, Epoch) else v


_CONVERSIONS: dict[str, Conv] = {
    "string": _as_string, "character": _as_string,
    "boolean": _as_boolean,
    "integer": _as_integer, "long": _as_integer,
    "float": _as_double, "double": _as_double,
    "timestamp": _as_timestamp,
    "blob": _as_blob,
}
