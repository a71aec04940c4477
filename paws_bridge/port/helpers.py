"""R behaviours with no one-line Python spelling, written into the output when it uses them.

The translated script stays self-contained: each helper is a few lines of plain Python
placed after the imports, and only the helpers the script needs are written.
"""

from __future__ import annotations

#: helper name -> (modules it imports, source)
HELPERS: dict[str, tuple[tuple[str, ...], str]] = {
    "c": ((), '''
def _c(*parts):
    """R's c(): concatenate; a list adds its elements, None adds nothing, a scalar itself."""
    out = []
    for part in parts:
        if part is None:
            continue
        if isinstance(part, list):
            out.extend(part)
        else:
            out.append(part)
    return out
'''),
    "length": ((), '''
def _length(value):
    """R's length(): None (a zero-length value) 0, a scalar 1, a list or dict its size."""
    if value is None:
        return 0
    if isinstance(value, (list, dict, tuple, bytes)):
        return len(value)
    return 1
'''),
    "read_lines": (("urllib.request",), '''
def _read_lines(source):
    """R's readLines(): the lines of a file or of a URL."""
    if "://" in source:
        with urllib.request.urlopen(source) as answer:
            text = answer.read().decode("utf-8")
    else:
        with open(source, encoding="utf-8") as handle:
            text = handle.read()
    return text.splitlines()
'''),
}
