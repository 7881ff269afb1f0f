"""Results as data: the JSON document of `run --json`, `validate --json` and each folder's results.json.

Schema (documented in docs/results-json.md, `schema_version` "1"): every number is a string
holding an exact decimal ("28.11", "0.75"), never a float, so a script reads exactly what the
reports show. A value that does not apply is null.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import __version__
from generator.core.files import atomic_target
from generator.core.findings import Finding, Severity
from generator.core.text import pick, t
from generator.model.results import EmployeeResult, TeamResult

if TYPE_CHECKING:
    from generator.pipeline import RunSummary, WorkbookOutcome

SCHEMA_VERSION = "1"
NAME = "results.json"


def num(value: Decimal | None) -> str | None:
    """An exact decimal as text, never in exponent form: Decimal('1E+2') → '100'."""
    if value is None:
        return None
    text = f"{value:f}"
    return "0" if text in ("-0", "-0.0") else text


def _inputs(values: Any) -> dict[str, str | None]:
    return {k: num(v) for k, v in values.items()}


def employee_dict(r: EmployeeResult, lang: str) -> dict[str, Any]:
    e = r.employee
    pay: list[dict[str, Any]] = []
    if r.bonus is not None and (len(r.pay) <= 1 and (not r.pay or r.pay[0].id in ("", "bonus"))):
        # the `bonus:` shorthand: the one line consumers of schema 1 have always read
        pay.append({"id": "bonus", "name": t("results.bonus", lang), "amount": num(r.bonus.amount),
                    "working": r.bonus.why.text(lang), "parts": {k: num(v) for k, v in r.bonus.components.items()}})
    else:  # `pay:` items, each its own line (ids are the scheme's)
        pay += [{"id": x.id, "name": pick(x.name, x.name_en, lang), "amount": num(x.amount),
                 "working": x.why.text(lang), "parts": {k: num(v) for k, v in x.components.items()}} for x in r.pay]
    if r.award is not None:
        pay.append({"id": "award", "name": t("results.award", lang), "amount": num(r.award),
                    "working": t("results.place", lang, rank=r.rank), "parts": {}})
    pay += [{"id": x.id, "name": pick(x.name, x.name_en, lang), "amount": num(x.amount), "working": x.why.text(lang),
             "parts": {}} for x in r.extra_pay]
    return {
        "id": e.id, "name": e.name, "position": e.position, "department": e.department, "email": e.email,
        "row": r.row or None,
        "indicators": [{
            "id": i.id, "name": pick(i.name, i.name_en, lang), "section": i.section, "inputs": _inputs(i.inputs),
            "value": num(i.value), "value_text": i.value_in(lang), "rule": i.applied.text(lang),
            "raters": r.raters[i.id].text(lang) if i.id in r.raters else None,
            "rater_points": [{"rater": p.rater, "name": pick(p.name, p.name_en, lang), "points": num(p.points),
                              "weight": num(p.weight)} for p in i.rater_points],
            "points": num(i.points), "max_points": num(i.max_points), "weight": num(i.weight),
            "weighted": num(i.weighted),
        } for i in r.indicators],
        "sections": [{"id": s.id, "name": pick(s.name, s.name_en, lang), "weight": num(s.weight),
                      "subtotal": num(s.subtotal), "weighted": num(s.weighted), "in_total": s.in_total}
                     for s in r.sections],
        "base_total": num(r.base_total), "multiplier": num(r.multiplier),
        "adjustments": [{"id": a.id, "name": pick(a.name, a.name_en, lang), "count": num(a.count),
                         "points": num(a.points), "working": a.why.text(lang)} for a in r.adjustments],
        "vetoes": [{"id": v.id, "name": pick(v.name, v.name_en, lang), "count": num(v.count),
                    "threshold": num(v.threshold), "triggered": v.triggered, "working": v.why.text(lang)}
                   for v in r.vetoes],
        "total": num(r.total), "total_working": r.total_why.text(lang),
        "grade": pick(r.grade, r.grade_en, lang), "coefficient": num(r.coefficient),
        "coefficient_working": r.coefficient_why.text(lang),
        "pay": pay, "pay_total": num(sum((Decimal(p["amount"]) for p in pay), Decimal(0))) if pay else None,
        "pay_items_total": num(r.bonus.amount) if r.bonus is not None else None,
        "rank": r.rank, "team_size": r.team_size, "comment": r.comment,
        "history": history_list(r, lang),
        "improvement": r.improvement.to_dict(lang) if r.improvement else None,  # model/improvement.py
    }


def history_list(r: EmployeeResult, lang: str) -> list[dict[str, Any]]:
    """Every rule over consecutive periods applied (empty when none was: no archive, or no such rules)."""
    return [{"rule": h.rule_id, "name": pick(h.name, h.name_en, lang), "kind": h.kind, "status": h.status,
             "outcome": pick(h.outcome, h.outcome_en, lang) if h.outcome else None, "periods": list(h.periods),
             "missing": list(h.missing), "working": h.why.text(lang)} for h in r.history]


def team_dict(team: TeamResult, lang: str) -> dict[str, Any]:
    return {
        "employees": len(team.employees), "average": num(team.average), "bonus_total": num(team.bonus_total),
        "awards_total": num(team.awards_total),
        "distribution": [{"grade": pick(g.label, g.label_en, lang), "coefficient": num(g.coefficient),
                          "count": g.count, "share": num(g.share)} for g in team.distribution],
    }


def findings_list(findings: Iterable[Finding], lang: str) -> list[dict[str, object]]:
    return [f.to_dict(lang) for f in findings]


def outcome_dict(o: WorkbookOutcome, lang: str) -> dict[str, Any]:
    team = o.team
    return {
        "file": str(o.path), "sha256": o.input_sha256 or None, "status": o.status, "ok": o.ok,
        "errors": sum(1 for f in o.findings if f.severity is Severity.ERROR),
        "warnings": sum(1 for f in o.findings if f.severity is not Severity.ERROR),
        "key": o.key.to_dict() if o.key else None,
        "folder": str(o.folder) if o.folder else None,
        "annotated": str(o.annotated) if o.annotated else None,
        "findings": findings_list(o.findings, lang),
        "findings_dropped": o.dropped,
        "files": [{"path": str(f.path), "kind": f.kind, "sha256": f.sha256, "bytes": f.size,
                   "employee_id": f.employee_id or None, "report_id": f.report_id or None} for f in o.outputs],
        "team": team_dict(team, lang) if team else None,
        "employees": [employee_dict(r, lang) for r in team.employees] if team else [],
    }


def _header(lang: str) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "generator": {"name": "kpi-report", "version": __version__},
            "lang": lang}


def run_document(summary: RunSummary, lang: str, command: str) -> dict[str, Any]:
    return {
        **_header(lang), "command": command, "ok": summary.exit_code == 0,
        "summary": {"workbooks": len(summary.outcomes), "accepted": len(summary.accepted),
                    "rejected": len(summary.rejected), "employees": summary.employees},
        "workbooks": [outcome_dict(o, lang) for o in summary.outcomes],
    }


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write(folder: Path, outcome: WorkbookOutcome, lang: str) -> Path:
    """results.json for one workbook's folder: the same object as in `run --json`, paths relative to it."""
    data = {**_header(lang), **outcome_dict(outcome, lang)}
    data["folder"] = "."
    data["files"] = [{**f, "path": Path(f["path"]).relative_to(folder).as_posix()} for f in data["files"]]
    path = folder / NAME
    with atomic_target(path) as tmp:
        tmp.write_text(dumps(data), encoding="utf-8")
    return path


__all__ = ["NAME", "SCHEMA_VERSION", "dumps", "employee_dict", "history_list", "num", "outcome_dict", "run_document", "write"]
