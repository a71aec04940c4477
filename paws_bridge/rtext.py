"""R's text form of scalars, as `as.character()` writes them in R 4.2.

paws converts with R's `as.*` functions, so where a number meets a string member (either way
round) the bridge must write numbers exactly as R does: 15 significant digits, fixed or
scientific notation by which is narrower (`100000` -> "1e+05", `123456` -> "123456",
`1/3` -> "0.333333333333333"). This module is pure Python so that it can run anywhere,
including inside an R process where Python must not ask R to evaluate anything.
"""

from __future__ import annotations

import math

_INT32_MAX = 2**31 - 1


def format_double(x: float) -> str:
    """`as.character(x)` for an R double (R 4.2's 15-significant-digit rule)."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Inf" if x > 0 else "-Inf"
    if x == 0:
        return "0"
    mantissa, exp_text = f"{x:.14e}".split("e")
    digits = mantissa.replace("-", "").replace(".", "").rstrip("0") or "0"
    nsig = len(digits)
    e10 = int(exp_text)
    neg = 1 if x < 0 else 0
    # widths of the two notations, as R's formatReal compares them (scipen = 0)
    rgt = max(0, nsig - e10 - 1)
    left = max(1, e10 + 1)
    fixed_width = neg + left + (rgt + 1 if rgt > 0 else 0)
    sci_width = neg + (nsig + 1 if nsig > 1 else 1) + (4 if abs(e10) < 100 else 5)
    if fixed_width <= sci_width:
        return f"{x:.{rgt}f}"
    mant = digits[0] + ("." + digits[1:] if nsig > 1 else "")
    sign = "-" if neg else ""
    return f"{sign}{mant}e{'-' if e10 < 0 else '+'}{abs(e10):02d}"


def format_scalar(x: object) -> str:
    """`as.character()` of a JSON-ish scalar as jsonlite would have read it.

    jsonlite reads a JSON integer within int32 range as an R integer and any other number as
    a double; booleans print as "TRUE"/"FALSE".
    """
    if isinstance(x, bool):
        return "TRUE" if x else "FALSE"
    if isinstance(x, int):
        return str(x) if -_INT32_MAX <= x <= _INT32_MAX else format_double(float(x))
    if isinstance(x, float):
        return format_double(x)
    return str(x)
