"""An appraisal on its way into the archive, from a pipeline outcome (`save`) or from a results.json
written before the archive existed (`import_results`).

Both paths go through the employees' results.json objects (`employee_dict`), so an appraisal
archived by a run and the same folder's results.json imported later are the same record, and the
second is recognised as already archived.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import __version__
from generator.core.findings import Finding, KpiError
from generator.store.results import NAME as RESULTS_NAME
from generator.store.results import SCHEMA_VERSION, employee_dict, team_dict

if TYPE_CHECKING:
    from generator.pipeline import WorkbookOutcome


def _compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Incoming:
    company: str
    department: str
    period: str
    scheme_id: str
    scheme_version: str
    scheme_hash: str
    input_name: str
    input_sha256: str
    generator_version: str
    lang: str
    source: str  # "run" | "import"
    average: Decimal | None
    team_json: str
    employees: list[dict[str, Any]]  # rows for employee_results (see employee_columns), ranked order
    files: list[dict[str, Any]] = field(default_factory=list)  # rows for report_files

    @property
    def results_sha256(self) -> str:
        """Of every employee's JSON in order: equal hashes mean the same results in the same language."""
        digest = hashlib.sha256()
        for e in self.employees:
            digest.update(e["result_json"].encode("utf-8"))
            digest.update(b"\n")
        return digest.hexdigest()


def _decimal(value: Any, what: str) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, str):  # results.json writes every number as text; a float has lost digits
        raise ValueError(f"{what}: {value!r} is not a decimal string")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{what}: {value!r} is not a decimal") from None
    if not number.is_finite():
        raise ValueError(f"{what}: {value!r} is not a finite decimal")
    return number


def employee_columns(data: dict[str, Any], seq: int) -> dict[str, Any]:
    """The queried columns of one employee, taken from its results.json object (which is kept whole)."""
    emp = str(data.get("id") or "")
    if not emp:
        raise ValueError(f"employee #{seq + 1} has no id (工号)")
    total = _decimal(data.get("total"), f"{emp} total")
    if total is None:
        raise ValueError(f"{emp} has no total")
    pay = {p.get("id"): p.get("amount") for p in data.get("pay") or [] if isinstance(p, dict)}
    rank, size = data.get("rank"), data.get("team_size")
    if not (rank is None or isinstance(rank, int)) or not (size is None or isinstance(size, int)):
        raise ValueError(f"{emp}: rank and team_size must be whole numbers")
    return {
        "seq": seq, "employee_id": emp, "name": str(data.get("name") or ""),
        "position": str(data.get("position") or ""), "total": total, "grade": str(data.get("grade") or ""),
        "coefficient": _decimal(data.get("coefficient"), f"{emp} coefficient"), "rank": rank, "team_size": size,
        "pay_total": _decimal(data.get("pay_total"), f"{emp} pay_total"),
        # the scheme's pay: Σ its pay items (`pay:`), or the one `bonus` line of results written before them
        "bonus": _decimal(data.get("pay_items_total", pay.get("bonus")), f"{emp} bonus"), "award": _decimal(pay.get("award"), f"{emp} award"),
        "result_json": _compact(data),
    }


def _results_file(path: Path) -> dict[str, Any] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return {"path": str(path), "kind": "results", "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
            "employee_id": None, "report_id": None}


def from_outcome(outcome: WorkbookOutcome, lang: str) -> Incoming:
    """An accepted pipeline outcome. Anything else is a programming error, not a user's."""
    key, team = outcome.key, outcome.team
    if key is None or team is None:
        raise ValueError(f"only an accepted outcome with results can be archived: {outcome.path} ({outcome.status})")
    files = [{"path": str(f.path), "kind": f.kind, "sha256": f.sha256, "bytes": f.size,
              "employee_id": f.employee_id or None, "report_id": f.report_id or None} for f in outcome.outputs]
    if outcome.results is not None and (entry := _results_file(outcome.results)) is not None:
        files.append(entry)
    team_data = team_dict(team, lang)
    return Incoming(
        company=key.company, department=key.department, period=key.period, scheme_id=key.scheme_id,
        scheme_version=key.scheme_version, scheme_hash=key.scheme_hash, input_name=outcome.path.name,
        input_sha256=outcome.input_sha256, generator_version=__version__, lang=lang, source="run",
        average=team.average, team_json=_compact(team_data),
        employees=[_with_grade(employee_columns(employee_dict(r, lang), n), r.grade)
                   for n, r in enumerate(team.employees)],
        files=files,
    )


def _with_grade(columns: dict[str, Any], grade: str) -> dict[str, Any]:
    # The grade column holds the scheme's own label whatever the run's language (the JSON keeps the
    # translated one), so that revisions archived in zh and en compare equal in `diff` and roll-ups.
    columns["grade"] = grade
    return columns


# ---- results.json written before the archive existed -------------------------------------------


def _invalid(path: Path, zh: str, en: str) -> KpiError:
    return KpiError(Finding(code="archive-import-invalid", file=str(path), message=f"无法导入 {path}:{zh}",
                            message_en=f"cannot import {path}: {en}",
                            hint=f"请指定 kpi-report 写入的 {RESULTS_NAME} 或其所在的报告文件夹(格式见 docs/results-json.md)",
                            hint_en=f"give a {RESULTS_NAME} written by kpi-report, or its report folder "
                                    "(format: docs/results-json.md)"))


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or (not value and key != "scheme_hash"):
        raise ValueError(f"key.{key} is missing")
    return value


def from_results_json(path: Path) -> Incoming:
    """A results.json (or the folder holding one), checked before anything is archived."""
    path = path / RESULTS_NAME if path.is_dir() else path
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _invalid(path, "文件不存在", "the file does not exist") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise _invalid(path, f"不是可读的 JSON({error})", f"not readable JSON ({error})") from None
    if not isinstance(doc, dict) or doc.get("schema_version") != SCHEMA_VERSION:
        found = doc.get("schema_version") if isinstance(doc, dict) else None
        raise _invalid(path, f"schema_version 应为 \"{SCHEMA_VERSION}\",实为 {found!r}",
                       f"schema_version should be \"{SCHEMA_VERSION}\", found {found!r}")
    if doc.get("status") != "accepted":
        raise _invalid(path, f"该工作簿未通过校验(status = {doc.get('status')!r}),没有可存档的结果",
                       f"the workbook was not accepted (status = {doc.get('status')!r}); nothing to archive")
    try:
        key = doc.get("key")
        if not isinstance(key, dict):
            raise ValueError("key is missing")
        people = doc.get("employees")
        if not isinstance(people, list) or not people or not all(isinstance(e, dict) for e in people):
            raise ValueError("employees is missing or empty")
        team = doc.get("team") if isinstance(doc.get("team"), dict) else {}
        employees = [employee_columns(e, n) for n, e in enumerate(people)]
        if len({e["employee_id"] for e in employees}) != len(employees):
            raise ValueError("an employee id (工号) appears twice")
        incoming = Incoming(
            company=_text(key, "company"), department=_text(key, "department"), period=_text(key, "period"),
            scheme_id=_text(key, "scheme_id"), scheme_version=_text(key, "scheme_version"),
            scheme_hash=str(key.get("scheme_hash") or ""), input_name=Path(str(doc.get("file") or path)).name,
            input_sha256=str(doc.get("sha256") or ""),
            generator_version=str((doc.get("generator") or {}).get("version") or ""),
            lang=str(doc.get("lang") or "zh"), source="import",
            average=_decimal(team.get("average"), "team.average"), team_json=_compact(team), employees=employees,
            files=[_file(path.parent, f) for f in doc.get("files") or []] + [e for e in [_results_file(path)] if e],
        )
    except (ValueError, TypeError, AttributeError) as error:
        raise _invalid(path, f"内容不完整或有误:{error}", f"incomplete or wrong content: {error}") from None
    return incoming


def _file(folder: Path, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or not isinstance(data.get("path"), str):
        raise ValueError("files: an entry has no path")
    return {"path": str((folder / data["path"]).resolve()), "kind": str(data.get("kind") or ""),
            "sha256": str(data.get("sha256") or ""), "bytes": int(data.get("bytes") or 0),
            "employee_id": data.get("employee_id") or None, "report_id": data.get("report_id") or None}
