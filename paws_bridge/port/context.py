"""What the translator knows while it walks one script: names, services, imports, TODOs."""

from __future__ import annotations

import ast
import builtins
import functools
import keyword
import re
from dataclasses import dataclass, field

from .parsetree import Comment


class Untranslatable(Exception):
    """Raised for R code with no faithful Python equivalent; becomes a TODO line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Todo:
    """One piece of R left for a person: where, why, and the R source kept as a comment."""

    line: int
    reason: str
    source: str


#: The service whose names a script without a constructor call is read with.
DEFAULT_SERVICE = "cognitoidentityprovider"


@functools.lru_cache(maxsize=None)
def operation_names(services: frozenset[str] = frozenset({DEFAULT_SERVICE})) -> frozenset[str]:
    """paws's operation names of the given services (e.g. list_users); only their models
    are loaded."""
    from ..model import load_service
    names: set[str] = set()
    for paws_name in services:
        names.update(load_service(paws_name).operation_names)
    return frozenset(names)


@functools.lru_cache(maxsize=None)
def service_names() -> frozenset[str]:
    """Every service constructor the bridge provides (`cognitoidentityprovider`, `s3`, ...),
    read from the registry without loading a model."""
    from .. import registry
    return frozenset(registry.services())


@functools.lru_cache(maxsize=None)
def error_codes(services: frozenset[str] = frozenset({DEFAULT_SERVICE})) -> frozenset[str]:
    """Every error code modelled by the given services."""
    from ..model import load_service
    codes: set[str] = set()
    for paws_name in services:
        codes.update(load_service(paws_name).error_codes)
    return frozenset(codes)


def _paws_packages() -> frozenset[str]:
    from .. import registry
    return frozenset({"paws", "paws.common", "paws.bridge"}) | frozenset(registry.categories())


#: R packages whose `library()` line becomes `import paws_bridge` (paws and its categories).
PAWS_PACKAGES = _paws_packages()


# Python names the output itself uses: an R variable of that name gets a suffix.
_RESERVED = frozenset({"print", "len", "str", "list", "dict", "range", "int", "float", "bool",
                       "map", "sorted", "os", "sys", "json", "re", "math", "time", "datetime",
                       "pprint", "urllib", "warnings", "pathlib", "paws_bridge", "isinstance",
                       "pd", "hmac", "hashlib", "base64", "functools", "itertools",
                       "operator", "decimal", "args", "kwargs"})


def snake_case(name: str) -> str:
    """`getUserList` -> `get_user_list`, `userID` -> `user_id`; ALL_CAPS names stay."""
    if not any(ch.islower() for ch in name):
        return name
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    name = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    return re.sub(r"_+", "_", name.lower()) if "__" not in name else name.lower()


def py_name(r_name: str) -> str:
    """A Python identifier for an R name: dots become underscores, camelCase snake_case,
    keywords and builtins get a suffix."""
    if r_name in ("...", "..1", "..2") or r_name.startswith(".."):
        raise Untranslatable(f"R's {r_name} outside a call's arguments")
    name = snake_case(r_name.strip("`").replace(".", "_"))
    if not name.isidentifier():
        raise Untranslatable(f"the R name {r_name} has no Python spelling")
    if keyword.iskeyword(name) or name in _RESERVED or name in vars(builtins):
        name += "_"
    return name


@dataclass
class Context:
    """State of one translation: imports to add, variables' kinds, helper counters, TODOs."""

    imports: set[str] = field(default_factory=set)
    services: set[str] = field(default_factory=set)  # R names bound to a service client
    service_kinds: set[str] = field(default_factory=set)  # constructors the script calls
    service_exprs: list[ast.expr] = field(default_factory=list)  # to name svc.exceptions
    dict_vars: set[str] = field(default_factory=set)  # R names used with string keys
    functions: set[str] = field(default_factory=set)  # R names defined as functions
    formals: dict[str, list[str]] = field(default_factory=dict)  # function -> its formals
    assigned: set[str] = field(default_factory=set)  # every R name assigned anywhere
    error_vars: dict[str, bool] = field(default_factory=dict)  # handler var -> is PawsError
    numeric_vars: set[str] = field(default_factory=set)  # R names certainly numbers
    list_vars: set[str] = field(default_factory=set)  # R names only ever holding lists
    string_vars: set[str] = field(default_factory=set)  # R names certainly strings
    int_vars: set[str] = field(default_factory=set)  # loop counters (R integers)
    helpers: set[str] = field(default_factory=set)  # runtime helpers the output needs
    prelude: list[ast.stmt] = field(default_factory=list)  # defs to put before a statement
    todos: list[Todo] = field(default_factory=list)
    top_service: str | None = None  # a top-level service variable, for svc.exceptions.X
    depth: int = 0  # 0 at top level, +1 inside each function
    comments: list[Comment] = field(default_factory=list)  # the script's comments, in order
    next_comment: int = 0  # comments before this index are placed (or kept in a TODO)
    counter: int = 0
    dots: bool = False  # inside a function with `...` (as *args, **kwargs)
    handler_var: str | None = None  # the condition variable of the enclosing handler
    choices: dict[str, list[str]] = field(default_factory=dict)  # match.arg formals
    append_vars: set[str] = field(default_factory=set)  # lists grown by x[[length(x) + 1]]
    result_vars: set[str] = field(default_factory=set)  # names bound to a paws result
    handler_functions: set[str] = field(default_factory=set)  # functions used as handlers
    aliases: dict[str, str] = field(default_factory=dict)  # `.x` in a purrr lambda -> name
    columns: dict[str, set[str]] = field(default_factory=dict)  # frame var -> known columns
    frame_vars: set[str] = field(default_factory=set)  # names bound to a data frame
    mask: str | None = None  # inside a dplyr verb: the frame's lambda parameter

    def operations(self) -> frozenset[str]:
        """The operation names of the services the script constructs."""
        return operation_names(frozenset(self.service_kinds or {DEFAULT_SERVICE}))

    def errors(self) -> frozenset[str]:
        """The error codes of the services the script constructs."""
        return error_codes(frozenset(self.service_kinds or {DEFAULT_SERVICE}))

    def need(self, module: str) -> None:
        """Record that the output imports `module`."""
        self.imports.add(module)

    def take_comments(self, before_line: int) -> list[int]:
        """Indices of the comments not yet placed on lines before `before_line`."""
        taken = []
        while (self.next_comment < len(self.comments)
               and self.comments[self.next_comment].line < before_line):
            taken.append(self.next_comment)
            self.next_comment += 1
        return taken

    def skip_comments_through(self, line: int) -> None:
        """Mark comments up to `line` as placed (they live on in a TODO's R source)."""
        while (self.next_comment < len(self.comments)
               and self.comments[self.next_comment].line <= line):
            self.next_comment += 1

    def fresh(self, stem: str) -> str:
        """A new helper name (`_fn1`, ...)."""
        self.counter += 1
        return f"_{stem}{self.counter}"
