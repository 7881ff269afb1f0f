"""manifest.json: what a run wrote for one workbook, from which input, with which scheme.

It is written last, so its presence means the folder is complete; a later run reads it to
know which files it may replace or remove (never anything it did not write itself).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.core.files import atomic_target, inside
from generator.report.context import ReportMeta

NAME = "manifest.json"


@dataclass(frozen=True)
class Entry:
    path: Path
    kind: str  # "excel" | "team_pdf" | "employee_pdf"
    sha256: str
    size: int
    employee_id: str = ""
    report_id: str = ""


def write(folder: Path, meta: ReportMeta, input_path: Path, input_sha256: str, employees: int,
          entries: list[Entry], lang: str) -> Path:
    data = {
        "generator": {"name": "kpi-report", "version": __version__},
        "generated_at": meta.generated_at.isoformat(timespec="seconds"),
        "lang": lang,
        "input": {"name": input_path.name, "path": str(input_path), "sha256": input_sha256},
        "scheme": {"id": meta.scheme_id, "version": meta.scheme_version, "name": meta.scheme_name},
        "header": {"company": meta.company, "department": meta.department, "period": meta.period,
                   "manager": meta.manager},
        "report_id": meta.report_id(),
        "employees": employees,
        "outputs": [{"path": e.path.relative_to(folder).as_posix(), "kind": e.kind, "sha256": e.sha256,
                     "bytes": e.size, **({"employee_id": e.employee_id} if e.employee_id else {}),
                     "report_id": e.report_id} for e in sorted(entries, key=lambda e: str(e.path))],
    }
    path = folder / NAME
    with atomic_target(path) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def previous_outputs(folder: Path) -> list[Path]:
    """The files an earlier run's manifest lists here (resolved inside the folder)."""
    try:
        data = json.loads((folder / NAME).read_text(encoding="utf-8"))
        return [inside(folder, item["path"]) for item in data.get("outputs", [])]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return []


# ---- which team's run a folder belongs to ------------------------------------------------
# Written when a run claims the folder, before anything is rendered into it, so even a run
# that was stopped halfway leaves the folder marked as that team's: a later run of another
# team or scheme never replaces or removes what it wrote.
OWNER_NAME = ".kpi-owner.json"


@dataclass(frozen=True)
class Owner:
    company: str
    department: str
    period: str
    scheme_id: str
    input_path: str = ""  # the workbook whose run wrote the folder, for the conflict finding

    def same_appraisal(self, other: Owner) -> bool:
        """Same team, period and scheme: a later run is a new revision and replaces the reports."""
        return (self.company, self.department, self.period, self.scheme_id) == (
            other.company, other.department, other.period, other.scheme_id)

    def describe(self) -> str:
        return f"{self.period} {self.department} ({self.scheme_id})"


# An existing folder whose writer is unknown (files but neither owner file nor manifest):
# it is treated as somebody else's.
UNKNOWN = Owner("?", "?", "?", "?", "")


def read_owner(folder: Path) -> Owner | None:
    """Who wrote `folder`: None when it is free (missing or empty), UNKNOWN when it cannot be told."""
    try:
        data = json.loads((folder / OWNER_NAME).read_text(encoding="utf-8"))
        return Owner(str(data["company"]), str(data["department"]), str(data["period"]), str(data["scheme_id"]),
                     str(data.get("input_path", "")))
    except FileNotFoundError:
        pass
    except (OSError, ValueError, TypeError, KeyError):
        return UNKNOWN
    try:  # a folder written before owner files existed: its manifest tells the same
        data = json.loads((folder / NAME).read_text(encoding="utf-8"))
        head = data["header"]
        return Owner(str(head["company"]), str(head["department"]), str(head["period"]), str(data["scheme"]["id"]),
                     str(data.get("input", {}).get("path", "")))
    except FileNotFoundError:
        pass
    except (OSError, ValueError, TypeError, KeyError):
        return UNKNOWN
    try:
        return UNKNOWN if any(folder.iterdir()) else None
    except FileNotFoundError:
        return None
    except OSError:
        return UNKNOWN


def write_owner(folder: Path, owner: Owner) -> Path:
    path = folder / OWNER_NAME
    data = {"company": owner.company, "department": owner.department, "period": owner.period,
            "scheme_id": owner.scheme_id, "input_path": owner.input_path}
    with atomic_target(path) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
