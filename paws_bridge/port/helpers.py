"""R behaviours with no one-line Python spelling, written into the output when it uses them.

The translated script stays self-contained: each helper is a small plain Python function
(defined once, in runtime.py, where the tests import it) whose source is copied after the
script's imports; only the helpers the script needs are written.
"""

from __future__ import annotations

import functools
import inspect

from . import runtime

#: helper name -> (modules it imports, helpers it calls, source-of)
_SPEC: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "c": ((), ()),
    "length": ((), ()),
    "names": ((), ()),
    "read_lines": (("urllib.request",), ()),
    "r_str": (("datetime", "decimal", "math"), ()),
    "nchar": ((), ("r_str",)),
    "as_numeric": (("re", "warnings"), ()),
    "as_integer": (("math", "warnings"), ("as_numeric",)),
    "as_logical": ((), ()),
    "set_at": ((), ()),
    "match_arg": ((), ()),
    "r_regex": ((), ()),
    "r_replacement": ((), ()),
    "dots_list": ((), ()),
    "do_call": ((), ()),
    "data_frame": ((), ()),
    "bind_rows": ((), ()),
    "strsplit": (("re",), ()),
    "unlist": ((), ()),
    "unname": ((), ()),
    "each": ((), ()),
}

_LOCAL = {
    "c": '''
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
''',
    "read_lines": '''
def _read_lines(source):
    """R's readLines(): the lines of a file or of a URL."""
    if "://" in source:
        with urllib.request.urlopen(source) as answer:
            text = answer.read().decode("utf-8")
    else:
        with open(source, encoding="utf-8") as handle:
            text = handle.read()
    return text.splitlines()
''',
}

#: module-level constants a helper's source refers to
_CONSTANTS = {"as_numeric": ("_R_NUMBER",), "r_regex": ("_POSIX_CLASSES",)}


@functools.lru_cache(maxsize=None)
def source(helper: str) -> str:
    """The Python source written into a translated script for `helper`."""
    if helper in _LOCAL:
        return _LOCAL[helper].strip("\n")
    text = inspect.getsource(getattr(runtime, "_" + helper))
    consts = []
    for const in _CONSTANTS.get(helper, ()):
        module_text = inspect.getsource(runtime)
        start = module_text.index(f"\n{const} = ") + 1
        end = module_text.index("\n\n", start)
        consts.append(module_text[start:end])
    return "\n\n".join(consts + [text.strip("\n")])


def closure(names: set[str]) -> list[str]:
    """The helpers `names` need, with the helpers they call, sorted."""
    todo, done = list(names), set()
    while todo:
        name = todo.pop()
        if name not in done:
            done.add(name)
            todo.extend(_SPEC[name][1])
    return sorted(done)


def modules(helper: str) -> tuple[str, ...]:
    """The modules the helper's source imports."""
    return _SPEC[helper][0]
