"""Helpers for the archive tests: pipeline outcomes computed by the real engine, and a clock."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

from generator.model.results import AppraisalKey
from generator.pipeline import OutputFile, WorkbookOutcome
from tests.report_support import PEOPLE, team

# id, name, paid/inquiries, response s, failed checks, self, supervisor, praise, complaints (report_support.PEOPLE)
Person = tuple


class Clock:
    """Starts at `start` and moves one minute on every reading, so every archived row has its own time."""

    def __init__(self, start: datetime = datetime(2024, 6, 3, 9, 0)):
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def people(**changes: dict[int, object]) -> list[Person]:
    """PEOPLE with some fields changed: people(E002={2: 76}) gives 李四 76 paying customers."""
    out = []
    for p in PEOPLE:
        fields = list(p)
        for index, value in changes.get(p[0], {}).items():
            fields[index] = value
        out.append(tuple(fields))
    return out


def outcome(folder: Path, period: str = "2024-05", department: str = "客服部", who: list[Person] | None = None,
            input_sha256: str = "a" * 64, scheme_hash: str = "h" * 64, scheme_id: str = "presales-test",
            files: bool = True) -> WorkbookOutcome:
    """An accepted WorkbookOutcome as the pipeline announces it: real results, real files with hashes."""
    key = AppraisalKey(company="杭州某电商有限公司", department=department, period=period, scheme_id=scheme_id,
                       scheme_version="2024.1", scheme_hash=scheme_hash)
    result = team(who)
    outputs: list[OutputFile] = []
    if files:
        folder.mkdir(parents=True, exist_ok=True)
        for kind, name, emp in (("excel", "绩效考核报告.xlsx", ""), ("employee_pdf", "E001-张三.pdf", "E001")):
            path = folder / f"{period}-{name}"
            path.write_bytes(f"{kind} {period} {input_sha256}".encode())
            outputs.append(OutputFile(path=path, kind=kind, sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                                      size=path.stat().st_size, employee_id=emp, report_id=f"R-{emp or 'team'}"))
    return WorkbookOutcome(path=folder / f"{department}-{period}.xlsx", status="accepted", team=result, key=key,
                           employees=len(result.employees), outputs=outputs, input_sha256=input_sha256)


def totals(rows: list) -> dict[str, str]:
    return {r.employee_id: f"{r.total:f}" for r in rows}
