"""Reading YAML values for the scheme loader: a builder that records findings with lines,
and converters that turn YAML scalars into exact values."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from generator.core.findings import Finding, Severity
from generator.core.numbers import parse_percent
from generator.scheme import model as m
from generator.scheme.intervals import Interval
from generator.scheme.yamlsrc import Node

HUNDRED = Decimal(100)


class _Bad(Exception):
    """A value could not be read; the finding is already recorded."""


class _Builder:
    def __init__(self, path: str):
        self.path = path
        self.findings: list[Finding] = []
        self.inputs: dict[str, m.InputDef] = {}  # filled before sections are read: bands need input ranges
        self.rater_lines: dict[str, int] = {}
        self.constants: dict[str, Decimal] = {}  # `constants:`, read first: formulas and pay parameters use them

    # -- reporting -------------------------------------------------------------------
    def problem(self, line: int, code: str, zh: str, en: str, hint: str = "", hint_en: str = "",
                severity: Severity = Severity.ERROR) -> None:
        self.findings.append(Finding(code=code, message=zh, message_en=en, hint=hint, hint_en=hint_en,
                                     file=self.path, line=line, severity=severity))

    # -- reading values -------------------------------------------------------------
    def keys(self, node: Any, allowed: set[str], what: str, line: int = 0) -> Node:
        if not isinstance(node, Node):
            self.problem(getattr(node, "line", line), "scheme-not-mapping",
                         f"{what} 应是一组“键: 值”", f"{what} must be a mapping")
            raise _Bad
        for key in node:
            if key not in allowed:
                self.problem(node.line_of(key), "scheme-unknown-key",
                             f"{what} 中有未知的键 “{key}”", f"unknown key {key!r} in {what}",
                             hint="可用的键: " + ", ".join(sorted(allowed)),
                             hint_en="allowed keys: " + ", ".join(sorted(allowed)))
        return node

    def req(self, node: Node, key: str, conv: Callable[[Any], Any], what: str) -> Any:
        if key not in node or node[key] is None:
            self.problem(node.line, "scheme-missing-key", f"{what} 缺少 “{key}”",
                         f"{what} is missing {key!r}")
            raise _Bad
        return self.conv(node, key, conv, what)

    def opt(self, node: Node, key: str, conv: Callable[[Any], Any], what: str, default: Any = None) -> Any:
        if key not in node or node[key] is None:
            return default
        return self.conv(node, key, conv, what)

    def conv(self, node: Node, key: str, conv: Callable[[Any], Any], what: str) -> Any:
        try:
            return conv(node[key])
        except (ValueError, TypeError, ArithmeticError) as exc:
            self.problem(node.line_of(key), "scheme-bad-value", f"{what} 的 “{key}” 无法识别: {exc}",
                         f"{what}: {key!r} is not valid: {exc}")
            raise _Bad from None

    def each(self, items: Any, build: Callable[[Any], Any], what: str, line: int) -> list[Any]:
        if items is None:
            return []
        if not isinstance(items, list):
            self.problem(line, "scheme-not-list", f"{what} 应是列表", f"{what} must be a list")
            return []
        built = []
        for item in items:
            try:
                built.append(build(item))
            except _Bad:
                continue
        return built


def number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("a number is needed")
    if isinstance(value, int):
        return Decimal(value)
    text = str(value).strip()
    if text.endswith("%") or text.endswith("‰"):
        result = parse_percent(text)
        if result is None:
            raise ValueError(f"not a number: {text!r}")
        return result
    return Decimal(text)


def text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        raise ValueError("text is needed")
    return str(value)


def ident(value: Any) -> str:
    s = text(value)
    if not s.replace("_", "").replace("-", "").isalnum() or not s.isascii() or not s[0].isalpha():
        raise ValueError(f"an id is letters, digits, '_' or '-', starting with a letter: {s!r}")
    return s


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("true or false")
    return value


def whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("a whole number is needed")
    return value


def interval(value: Any) -> Interval:
    return Interval.parse(text(value))



def _complete(raw: Any, built: list[Any]) -> bool:
    """Every item of a YAML list was built (none was dropped with a finding already)."""
    return isinstance(raw, list) and len(raw) == len(built)


def _check_weights(b: _Builder, weights: list[tuple[Decimal, int]], zh: str, en: str, line: int) -> None:
    if not weights:
        return
    total = sum((w for w, _ in weights), Decimal(0))
    if total != HUNDRED:
        b.problem(line, "scheme-weights", f"{zh}的权重合计为 {total},应为 100", f"weights of the {en} sum to {total}, not 100",
                  hint="调整权重使其合计 100(%)", hint_en="make the weights add up to 100 (%)")

