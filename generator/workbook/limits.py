"""What one input workbook may hold: sheet size, cell count, length of each text field.

A team's workbook is far inside every limit; each exists so that no single cell or part of a
hostile file can make reading or rendering slow or exhaust memory. The defaults and their
environment variables are listed in core/config_keys.py (LIMIT_KEYS):

    KPI_REPORT_MAX_ROWS 10000 · KPI_REPORT_MAX_COLUMNS 200 · KPI_REPORT_MAX_CELLS 300000
    KPI_REPORT_MAX_NAME_CHARS 50 · KPI_REPORT_MAX_POSITION_CHARS 50 · KPI_REPORT_MAX_DEPARTMENT_CHARS 50
    KPI_REPORT_MAX_COMMENT_CHARS 500 · KPI_REPORT_MAX_TEXT_CHARS 100 (工号, 邮箱, 公司, 考核人)

The file-level bounds (50 MB file, 2,000 parts, 30 MB per unpacked part) are fixed in sniff.py.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from generator.core.config_check import bad_env_value
from generator.core.config_keys import LIMIT_KEYS, Bad, convert
from generator.core.findings import KpiError


@dataclass(frozen=True)
class Limits:
    max_rows: int = 10_000
    max_columns: int = 200
    max_cells: int = 300_000
    name_chars: int = 50
    position_chars: int = 50
    department_chars: int = 50
    comment_chars: int = 500
    text_chars: int = 100

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Limits:
        """The defaults, with any KPI_REPORT_MAX_… variable applied; a bad value raises KpiError."""
        env = os.environ if env is None else env
        values: dict[str, int] = {}
        problems = []
        for key in LIMIT_KEYS:
            raw = env.get(key.env)
            if raw is None or not raw.strip():
                continue
            try:
                values[key.leaf] = int(convert(key, raw, Path("."), True))  # type: ignore[call-overload]
            except Bad as bad:
                problems.append(bad_env_value(key, bad, raw))
        if problems:
            raise KpiError(problems)
        return cls(**values)

    def chars(self, key: str) -> int:
        """The length limit of a text field by its layout key (name, position, department, comment, …)."""
        return {"name": self.name_chars, "position": self.position_chars, "department": self.department_chars,
                "comment": self.comment_chars}.get(key, self.text_chars)


DEFAULTS = Limits()
# The defaults here and in LIMIT_KEYS are one set of numbers.
assert {f.name: f.default for f in fields(Limits)} == {k.leaf: k.default for k in LIMIT_KEYS}

__all__ = ["DEFAULTS", "Limits"]
