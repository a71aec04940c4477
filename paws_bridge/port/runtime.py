"""R behaviours the translated Python needs at run time, each a small self-contained function.

The translator copies the source of the functions a script uses into the script itself
(after its imports; see helpers.py), so a translated script needs nothing but paws_bridge
(and pandas when it builds data frames). Each function does what the R function does for
the values R would accept, and raises NotImplementedError where R would do something the
translation cannot (recycle a vector, for instance) instead of returning a different value.

The functions are importable from here too, which is how the tests exercise them.
"""

# Every function below must be self-contained: only the modules named in helpers._SPEC
# for it, and the other helpers it lists there.

import datetime
import decimal
import math
import re
import warnings


def _r_str(value):
    """R's as.character() of one value, as paste()/cat() write it: TRUE/FALSE, numbers with
    15 significant digits in R's fixed-or-scientific choice, NULL as ""."""
    if isinstance(value, str):
        return value
    if hasattr(value, "item") and not isinstance(value, (list, dict)):
        value = value.item()  # a numpy scalar (from a data frame)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Inf" if value > 0 else "-Inf"
        digits = decimal.Decimal(f"{value:.15g}")
        fixed = format(digits, "f")
        if "." in fixed:
            fixed = fixed.rstrip("0").rstrip(".")
        mantissa, _, exponent = f"{value:.14e}".partition("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        power = int(exponent)
        sci = f"{mantissa}e{'+' if power >= 0 else '-'}{abs(power):02d}"
        return fixed if len(fixed) <= len(sci) else sci
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, list):
        if len(value) == 1:
            return _r_str(value[0])
        if not value:
            return ""
    raise NotImplementedError(
        f"R would recycle or format a {type(value).__name__} here, element by element; "
        "the translation handles one value")


def _nchar(value):
    """R's nchar() of one value: the characters of its as.character() form."""
    if value is None:
        raise NotImplementedError("nchar() of NULL is integer(0) in R, not a number")
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, dict)):
        raise NotImplementedError("nchar() of a vector is a vector in R")
    return len(_r_str(value))


_R_NUMBER = re.compile(r"[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|0[xX][0-9a-fA-F]+|inf|infinity|"
                       r"nan)", re.IGNORECASE)


def _as_numeric(value):
    """R's as.numeric() of one value: a float, or None (NA) with R's warning for text that
    is not a number."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if text == "NA":
            return None
        if _R_NUMBER.fullmatch(text):
            body = text.lstrip("+-")
            if body[:2].lower() == "0x":
                number = float(int(body, 16))
                return -number if text.startswith("-") else number
            return float(text)
        warnings.warn("NAs introduced by coercion")
        return None
    if value is None:
        raise NotImplementedError("as.numeric(NULL) is numeric(0) in R, not a number")
    raise NotImplementedError(f"as.numeric() of a {type(value).__name__} is a vector in R")


def _as_integer(value):
    """R's as.integer() of one value: truncated toward zero; None (NA) where R gives NA."""
    number = _as_numeric(value)
    if number is None or math.isnan(number) or abs(number) >= 2**31:
        if number is not None:
            warnings.warn("NAs introduced by coercion to integer range")
        return None
    return int(number)


def _as_logical(value):
    """R's as.logical() of one value: "TRUE"/"true"/"T"/"True" and the FALSE forms; other
    text is None (NA); a number is FALSE only when 0."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        if value in ("TRUE", "true", "T", "True"):
            return True
        if value in ("FALSE", "false", "F", "False"):
            return False
        return None
    if isinstance(value, (int, float)):
        return None if value != value else value != 0
    raise NotImplementedError(f"as.logical() of a {type(value).__name__} is a vector in R")


def _length(value):
    """R's length(): None (a zero-length value) 0, a string or number 1, a list, dict, data
    frame column or bytes its size."""
    if value is None:
        return 0
    if isinstance(value, str) or not hasattr(value, "__len__"):
        return 1
    return len(value)


def _names(value):
    """R's names(): the keys of a named list (dict, or data frame columns); None otherwise."""
    if isinstance(value, dict):
        return list(value)
    if hasattr(value, "columns"):
        return list(value.columns)
    return None


def _set_at(items, position, value):
    """R's `x[[i]] <- value` on an unnamed list: i may be one past the end (the list grows)
    or further (the gap is filled with NULL)."""
    if isinstance(position, float) and position.is_integer():
        position = int(position)
    if not isinstance(position, int) or isinstance(position, bool) or position < 1:
        raise NotImplementedError(f"R list position {position!r}")
    while len(items) < position - 1:
        items.append(None)
    if position == len(items) + 1:
        items.append(value)
    else:
        items[position - 1] = value


def _match_arg(arg, choices):
    """R's match.arg(): the one choice `arg` (partially) names, or R's error."""
    if arg is None or arg == choices:
        return choices[0]
    if isinstance(arg, str):
        if arg in choices:
            return arg
        hits = [c for c in choices if c.startswith(arg)] if arg else []
        if len(hits) == 1:
            return hits[0]
    quoted = ", ".join(f"\u201c{c}\u201d" for c in choices)
    raise RuntimeError(f"'arg' should be one of {quoted}")


_POSIX_CLASSES = {
    "alnum": r"[^\W_]", "alpha": r"[^\W\d_]", "digit": "[0-9]", "xdigit": "[0-9A-Fa-f]",
    "upper": "[A-Z]", "lower": "[a-z]", "space": r"\s", "blank": r"[ \t]",
    "punct": r"""[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]""", "cntrl": r"[\x00-\x1f\x7f]",
}


def _r_regex(pattern, perl=False, ignore_case=False):
    """An R regular expression (TRE's extended syntax, or PCRE with perl = TRUE) as a
    Python `re` pattern with the same matches: POSIX classes, `$` at the very end, `.`
    matching a newline (TRE), ASCII \\w \\d \\s \\b (PCRE), backslashes inside brackets
    literal (TRE). Constructs `re` cannot express raise NotImplementedError."""
    if not isinstance(pattern, str):
        raise NotImplementedError("a regular expression that is not one string")
    out = []
    i, n = 0, len(pattern)

    def bracket(start):
        j = start + 1
        negate = j < n and pattern[j] == "^"
        if negate:
            j += 1
        classes, plain, first = [], [], True
        while j < n and (first or pattern[j] != "]"):
            first = False
            if pattern.startswith("[:", j):
                end = pattern.find(":]", j + 2)
                name = pattern[j + 2:end] if end > 0 else ""
                if name not in _POSIX_CLASSES:
                    raise NotImplementedError(f"the POSIX class [:{name}:]")
                classes.append(_POSIX_CLASSES[name])
                j = end + 2
                continue
            if pattern.startswith(("[=", "[."), j):
                raise NotImplementedError("collating elements in a bracket expression")
            ch = pattern[j]
            if ch == "\\" and perl:
                plain.append(pattern[j:j + 2])
                j += 2
                continue
            plain.append("\\" + ch if ch in "\\[]^" else ch)
            j += 1
        if j >= n:
            raise NotImplementedError("an unterminated bracket expression")
        body = "".join(plain)
        if perl and any(p.startswith("\\") and p[1:2] in "dwsDWS" for p in plain):
            raise NotImplementedError("\\d \\w \\s inside a bracket with perl = TRUE")
        parts = classes + ([f"[{body}]"] if body else [])
        if not negate:
            text = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        elif not classes:
            text = f"[^{body}]"
        else:
            rest = f"[^{body}]" if body else r"[\s\S]"
            text = "(?:(?!" + "|".join(classes) + ")" + rest + ")"
        return text, j + 1

    while i < n:
        ch = pattern[i]
        if ch == "[":
            text, i = bracket(i)
            out.append(text)
            continue
        if ch == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if not perl and nxt in "<>":
                out.append(r"\b")
            elif nxt == "d" and not perl:
                out.append("[0-9]")
            elif nxt == "D" and not perl:
                out.append("[^0-9]")
            elif perl and nxt in "KhHvVRXpPQEGCLlUuNz":
                raise NotImplementedError(f"the PCRE escape \\{nxt}")
            else:
                out.append(pattern[i:i + 2])
            i += 2
            continue
        if ch == "$" and not perl:
            out.append(r"\Z")
        else:
            out.append(ch)
        i += 1
    flags = ("s" if not perl else "a") + ("i" if ignore_case else "")
    body = "".join(out)
    if not perl and "." not in body:
        flags = flags.replace("s", "")
    return f"(?{flags}){body}" if flags else body


def _r_replacement(replacement, perl=False):
    """An R replacement string (`\\\\1` backreferences) as a Python `re.sub` one."""
    if not isinstance(replacement, str):
        raise NotImplementedError("a replacement that is not one string")
    out, i = [], 0
    while i < len(replacement):
        ch = replacement[i]
        if ch == "\\" and i + 1 < len(replacement):
            nxt = replacement[i + 1]
            if nxt in "123456789":
                out.append(f"\\g<{nxt}>")
            elif nxt == "0" or (perl and nxt in "ULE"):
                raise NotImplementedError(f"the replacement escape \\{nxt}")
            else:
                out.append(nxt.replace("\\", "\\\\"))
            i += 2
            continue
        out.append("\\\\" if ch == "\\" else ch)
        i += 1
    return "".join(out)


def _dots_list(args, kwargs):
    """R's list(...): the arguments as R would list them (a list, or a named list)."""
    if args and kwargs:
        raise NotImplementedError("list(...) of named and unnamed arguments together")
    return dict(kwargs) if kwargs else list(args)


def _do_call(function, arguments):
    """R's do.call(f, args): a named list passes names, an unnamed one positions."""
    if isinstance(arguments, dict):
        return function(**arguments)
    return function(*arguments)


def _data_frame(**columns):
    """R's data.frame()/tibble() of columns: scalars are recycled to the longest column."""
    import pandas as pd
    lengths = {len(v) for v in columns.values() if isinstance(v, (list, tuple))}
    longest = max(lengths, default=1)
    if any(n not in (1, longest) for n in lengths):
        raise RuntimeError("arguments imply differing number of rows: "
                           + ", ".join(str(n) for n in sorted(lengths)))
    return pd.DataFrame({k: list(v) * (longest // len(v) if len(v) == 1 else 1)
                         if isinstance(v, (list, tuple)) else [v] * longest
                         for k, v in columns.items()})


def _bind_rows(*parts):
    """dplyr's bind_rows(): data frames and records (dicts) stacked; missing columns NA."""
    import pandas as pd
    frames = []
    for part in parts:
        items = part if isinstance(part, list) else [part]
        for item in items:
            if item is None:
                continue
            if isinstance(item, dict):
                item = pd.DataFrame({k: [v] for k, v in item.items()})
            frames.append(item)
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


def _strsplit(text, pattern, fixed=False):
    """R's strsplit(text, pattern)[[1]]: the pieces between matches (groups not kept), one
    trailing empty piece dropped."""
    if not isinstance(text, str):
        raise NotImplementedError("strsplit() of something other than one string")
    if fixed:
        pieces = text.split(pattern)
    else:
        pieces, start = [], 0
        for match in re.finditer(pattern, text):
            if match.end() == match.start():
                raise NotImplementedError("a split pattern that matches the empty string")
            pieces.append(text[start:match.start()])
            start = match.end()
        pieces.append(text[start:])
    if len(pieces) > 1 and pieces[-1] == "":
        pieces.pop()
    return pieces


def _unlist(value):
    """R's unlist(x, use.names = FALSE): the scalars inside, depth first, in order."""
    out = []
    items = value.values() if isinstance(value, dict) else value
    for item in items if value is not None else []:
        if isinstance(item, (list, dict)):
            out.extend(_unlist(item))
        elif item is not None:
            out.append(item)
    return out


def _unname(value):
    """R's unname(): a named list's values; anything else as it is."""
    return list(value.values()) if isinstance(value, dict) else value


def _each(value):
    """What R's `for` walks: a list's elements, a named list's values, one value once,
    nothing for NULL."""
    if value is None:
        return []
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, (str, bytes, int, float, bool)):
        return [value]
    return value
