"""Find every finding code the source reports, by reading it with `ast` (nothing is imported).

A code reaches a Finding through a few call shapes: `Finding(code="x")` itself, and helpers
that take a `code` argument and hand it on: `rep.add("x", cell, ...)` (workbook Reporter),
`b.problem(line, "x", ...)` (scheme builder), `_bad(path, "x", ...)` (file sniffing), and any
helper written tomorrow. So the helpers are not listed here but discovered: a function or
`__init__` with a parameter `code` is a *factory* when it passes `code` on to a factory (or
stores it as `self.code`); dataclasses with a `code` field are factories too. Repeated until
nothing new turns up, so a helper calling a helper is found as well.

At every call of a factory the code argument must be a string literal (or a conditional
between literals). Passing on a code that already exists (`f.code`, or the helper's own
`code` parameter) is fine; anything else (an f-string, a variable) is reported as unresolved,
because it could hide a code nobody catalogued. Comparisons such as `code == "x"` and string
`code=` keywords on any call count as uses too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

SELF_NAMES = ("self", "cls")


@dataclass(frozen=True)
class Use:
    code: str  # the literal, or the source text of an unresolved argument
    path: str
    line: int
    severity: str | None = None  # "error" | "warning" when it can be read from the source

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code}"


@dataclass(frozen=True)
class Factory:
    name: str  # the function's (or class's) name, matched against `f(...)` and `x.f(...)`
    params: tuple[str, ...]  # positional parameters as the caller sees them (no self)
    required: tuple[str, ...]  # those without a default
    severity: str | None  # what a call gets when it does not pass `severity`

    @property
    def index(self) -> int:
        return self.params.index("code")


@dataclass(frozen=True)
class Scan:
    factories: tuple[Factory, ...]
    uses: tuple[Use, ...]
    unresolved: tuple[Use, ...]

    def codes(self) -> set[str]:
        return {u.code for u in self.uses}

    def where(self, code: str) -> list[Use]:
        return [u for u in self.uses if u.code == code]


def _name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _severity(node: ast.expr | None) -> str | None:
    """`Severity.WARNING` → "warning"; anything computed → None (unknown)."""
    if isinstance(node, ast.Attribute) and node.attr in ("ERROR", "WARNING"):
        return node.attr.lower()
    return None


def _fits(call: ast.Call, fac: Factory) -> bool:
    """The call passes every required parameter: tells `rep.add(code, cell, zh, en)` from `set.add(x)`."""
    given = {k.arg for k in call.keywords}
    if any(k.arg is None for k in call.keywords) or any(isinstance(a, ast.Starred) for a in call.args):
        return "code" in given or len(call.args) > fac.index  # **kwargs or *args: judge by the code alone
    return len(call.args) <= len(fac.params) and all(
        i < len(call.args) or p in given for i, p in enumerate(fac.params) if p in fac.required)


def _arg(call: ast.Call, fac: Factory, name: str) -> ast.expr | None:
    for k in call.keywords:
        if k.arg == name:
            return k.value
    i = fac.params.index(name) if name in fac.params else -1
    return call.args[i] if 0 <= i < len(call.args) else None


def _call_severity(call: ast.Call, fac: Factory) -> str | None:
    given = _arg(call, fac, "severity")
    return fac.severity if given is None else _severity(given)


def _literals(node: ast.expr | None) -> list[str] | None:
    """The codes an argument can be; [] for a code passed on unchanged; None when unknowable."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value] if node.value else []  # "" is a placeholder, never reported
    if isinstance(node, ast.IfExp):
        a, b = _literals(node.body), _literals(node.orelse)
        return None if a is None or b is None else a + b
    if isinstance(node, ast.Name) and node.id == "code" or isinstance(node, ast.Attribute) and node.attr == "code":
        return []
    return None


def _functions(tree: ast.Module) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """(factory name, function): an `__init__` is called by its class's name."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    yield node.name, item
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name != "__init__":
            yield node.name, node


def _dataclass_factories(tree: ast.Module) -> Iterator[Factory]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef) or not any(
                "dataclass" in ast.unparse(d) for d in node.decorator_list):
            continue
        fields = [s for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
        names = tuple(f.target.id for f in fields)  # type: ignore[union-attr]
        if "code" in names:
            sev = next((_severity(f.value) for f in fields if f.target.id == "severity"), "error")  # type: ignore[union-attr]
            yield Factory(node.name, names, tuple(f.target.id for f in fields if f.value is None),  # type: ignore[union-attr]
                          sev or "error")


def _as_factory(name: str, fn: ast.FunctionDef | ast.AsyncFunctionDef, known: list[Factory]) -> Factory | None:
    a = fn.args
    params = [p.arg for p in a.posonlyargs + a.args]
    defaults = dict(zip(params[len(params) - len(a.defaults):], a.defaults, strict=True))
    if params and params[0] in SELF_NAMES:
        params = params[1:]
    if "code" not in params:
        return None
    required = tuple(p for p in params if p not in defaults)
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign) and _stores_code(node):  # class Bad(Exception): self.code = code
            return Factory(name, tuple(params), required, "error")
        inner = next((f for f in known if isinstance(node, ast.Call) and f.name == _name(node) and _fits(node, f)),
                     None)
        if inner is None:
            continue
        passed = _arg(node, inner, "code")
        if isinstance(passed, ast.Name) and passed.id == "code":
            sev_arg = _arg(node, inner, "severity")
            if sev_arg is None:
                severity = inner.severity
            elif isinstance(sev_arg, ast.Name) and sev_arg.id in defaults:
                severity = _severity(defaults[sev_arg.id])
            else:
                severity = _severity(sev_arg)
            return Factory(name, tuple(params), required, severity)
    return None


def _stores_code(node: ast.Assign) -> bool:
    targets = [t for tgt in node.targets for t in (tgt.elts if isinstance(tgt, ast.Tuple) else [tgt])]
    values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
    return any(isinstance(t, ast.Attribute) and t.attr == "code" and isinstance(t.value, ast.Name)
               and t.value.id == "self" and isinstance(v, ast.Name) and v.id == "code"
               for t, v in zip(targets, values, strict=False))


def find_factories(trees: Iterable[ast.Module]) -> list[Factory]:
    trees = list(trees)
    found = [f for t in trees for f in _dataclass_factories(t)]
    functions = [nf for t in trees for nf in _functions(t)]
    while True:
        seen = {(f.name, f.params) for f in found}
        new = [f for name, fn in functions
               if (f := _as_factory(name, fn, found)) is not None and (f.name, f.params) not in seen]
        if not new:
            return found
        found.extend({(f.name, f.params): f for f in new}.values())


def _compared(node: ast.Compare) -> Iterator[str]:
    """`code == "x"`, `f.code != "x"`, `code in ("x", "y")`: the literals compared with a code."""
    sides = [node.left, *node.comparators]
    if not any(_literals(s) == [] for s in sides):
        return
    for s in sides:
        items = s.elts if isinstance(s, ast.Tuple | ast.List | ast.Set) else [s]
        yield from (i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str) and i.value)


class _Visitor(ast.NodeVisitor):
    def __init__(self, path: str, factories: list[Factory]):
        self.path = path
        self.factories = factories
        self.params: list[set[str]] = []  # parameters of the enclosing functions, innermost last
        self.uses: list[Use] = []
        self.unresolved: list[Use] = []

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        a = node.args
        self.params.append({p.arg for p in a.posonlyargs + a.args + a.kwonlyargs})
        self.generic_visit(node)
        self.params.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def _codes(self, node: ast.expr | None) -> list[str] | None:
        found = _literals(node)
        # a bare `code` passes a code on only inside a function that received one
        if isinstance(node, ast.Name) and not (self.params and "code" in self.params[-1]):
            return None
        return found

    def visit_Compare(self, node: ast.Compare) -> None:
        self.uses.extend(Use(c, self.path, node.lineno) for c in _compared(node))
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        self.generic_visit(node)
        fac = next((f for f in self.factories if f.name == _name(node) and _fits(node, f)), None)
        if fac is None:  # not a factory: a string `code=` keyword still names a code
            self.uses.extend(Use(k.value.value, self.path, node.lineno) for k in node.keywords
                             if k.arg == "code" and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)
                             and k.value.value)
            return
        arg = _arg(node, fac, "code")
        found = self._codes(arg)
        if found is None:
            self.unresolved.append(Use(ast.unparse(arg) if arg is not None else "<missing>", self.path, node.lineno))
        else:
            severity = _call_severity(node, fac)
            self.uses.extend(Use(c, self.path, node.lineno, severity) for c in found)


def scan(paths: Iterable[Path]) -> Scan:
    """Every code reported by the files in `paths`; factories may be defined in any of them."""
    trees = {str(p): ast.parse(Path(p).read_text(encoding="utf-8"), str(p)) for p in sorted(paths)}
    factories = find_factories(trees.values())
    uses: list[Use] = []
    unresolved: list[Use] = []
    for path, tree in trees.items():
        v = _Visitor(path, factories)
        v.visit(tree)
        uses += v.uses
        unresolved += v.unresolved
    return Scan(tuple(factories), tuple(uses), tuple(unresolved))
