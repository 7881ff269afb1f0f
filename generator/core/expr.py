"""A tiny, safe arithmetic language for computed inputs, e.g. "(actual - budget) / budget".

Parsed with `ast` and evaluated node by node over Decimals; only numbers, input names,
+ − × ÷, parentheses, unary minus and abs/min/max are allowed. Nothing is ever eval'd.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from decimal import Decimal, localcontext

from generator.core.numbers import CONTEXT

_FUNCS: dict[str, Callable[..., Decimal]] = {"abs": abs, "min": min, "max": max}
_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div)


class ExprError(ValueError):
    pass


def parse(text: str) -> ast.Expression:
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"not a valid formula: {text!r}") from exc
    for node in ast.walk(tree):
        if isinstance(node, ast.Expression | ast.Load | ast.operator | ast.unaryop):
            if isinstance(node, ast.operator) and not isinstance(node, _BINOPS):
                raise ExprError(f"operator not allowed in {text!r}: only + - * /")
            continue
        if isinstance(node, ast.BinOp | ast.UnaryOp | ast.Name):
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
            continue
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCS and not node.keywords:
            continue
        raise ExprError(f"not allowed in a formula: {ast.dump(node)[:40]} in {text!r}")
    return tree


def names_in(text: str) -> list[str]:
    tree = parse(text)
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in _FUNCS and node.id not in names:
            names.append(node.id)
    return names


def substitute(text: str, constants: Mapping[str, Decimal]) -> str:
    """The formula with each name of `constants` replaced by its value in plain digits.

    A scheme's `constants:` are folded in when the scheme is loaded, so the engine, the preview
    formulas and the input columns only ever see inputs."""
    tree = parse(text)
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    spans: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in constants and node.end_col_offset is not None:
            # col offsets are in UTF-8 bytes; the names here are ASCII but what precedes them may not be
            line = lines[node.lineno - 1].encode("utf-8")
            begin = starts[node.lineno - 1] + len(line[: node.col_offset].decode("utf-8"))
            end = starts[node.lineno - 1] + len(line[: node.end_col_offset].decode("utf-8"))
            spans.append((begin, end, f"({format(constants[node.id], 'f')})"))
    for begin, end, value in sorted(spans, reverse=True):
        text = text[:begin] + value + text[end:]
    return text


def evaluate(text: str, values: Mapping[str, Decimal]) -> Decimal:
    tree = parse(text)

    def ev(node: ast.AST) -> Decimal:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant):
            # the literal's source text, never the float: 0.1 stays exactly 0.1, and so do long constants
            literal = ast.get_source_segment(text, node)
            return Decimal(literal if literal is not None else repr(node.value))
        if isinstance(node, ast.Name):
            if node.id not in values:
                raise ExprError(f"unknown name {node.id!r}")
            return values[node.id]
        if isinstance(node, ast.UnaryOp):
            v = ev(node.operand)
            if isinstance(node.op, ast.USub):
                return -v
            if isinstance(node.op, ast.UAdd):
                return v
            raise ExprError("operator not allowed")
        if isinstance(node, ast.BinOp):
            a, b = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Add):
                return a + b
            if isinstance(node.op, ast.Sub):
                return a - b
            if isinstance(node.op, ast.Mult):
                return a * b
            if isinstance(node.op, ast.Div):
                if b == 0:
                    raise ZeroDivisionError("division by zero")
                return a / b
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return _FUNCS[node.func.id](*[ev(arg) for arg in node.args])
        raise ExprError("not allowed")

    with localcontext(CONTEXT):
        return ev(tree)
