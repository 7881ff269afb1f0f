"""Shared test helpers: build schemes from YAML text and employees from plain values."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from generator.engine.score import values_of
from generator.model.results import Employee, EmployeeInput
from generator.scheme.loader import parse_scheme
from generator.scheme.model import Scheme

# the archive tests' real PostgreSQL server and their `archive_url` fixture (SQLite and PostgreSQL)
pytest_plugins = ["tests.pg_server"]


def scheme_from(*parts: str) -> Scheme:
    """Each part is dedented on its own, so an indented literal can be followed by GRADES_003."""
    return parse_scheme("\n".join(textwrap.dedent(p) for p in parts), "<test>")


def row(values: dict[str, object], emp_id: str = "E001", name: str = "张三", comment: str = "") -> EmployeeInput:
    return EmployeeInput(employee=Employee(id=emp_id, name=name), values=values_of(values), comment=comment)


GRADES_003 = """
grades:
  - {label: 优, label_en: Excellent, range: "[91, 100]", coefficient: 1.3}
  - {label: 良, label_en: Good, range: "[81, 91)", coefficient: 1.1}
  - {label: 中, label_en: Fair, range: "[71, 81)", coefficient: 1.0}
  - {label: 基本合格, label_en: Pass, range: "[61, 71)", coefficient: 0.8}
  - {label: 不合格, label_en: Fail, range: "[0, 61)", coefficient: 0.4}
"""


def one_indicator(indicator_yaml: str, inputs_yaml: str, extra: str = "") -> Scheme:
    """A scheme with a single section holding one indicator of weight 100."""
    return scheme_from(
        "id: t\nversion: '1'\nname: 测试\ninputs:\n"
        + textwrap.indent(textwrap.dedent(inputs_yaml).strip(), "  ")
        + "\nsections:\n  - id: s\n    name: 部分\n    weight: 100\n    indicators:\n"
        + textwrap.indent(textwrap.dedent(indicator_yaml).strip(), "      ")
        + "\n"
        + GRADES_003
        + textwrap.dedent(extra)
    )


@pytest.fixture
def dec():
    return Decimal
