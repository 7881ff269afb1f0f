"""One pre-filled template per department, from an employee roster (xlsx or csv).

HR hands every team manager a workbook that already lists their people, so names and 工号 are
typed once, in the roster. Nothing is written when the roster has an error: a half set of
workbooks sent out is worse than none.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from generator.core.files import safe_part
from generator.core.findings import Finding, Severity
from generator.scheme.model import Scheme
from generator.workbook import layout as L
from generator.workbook.existing import Occupied, occupied
from generator.workbook.roster import read_roster
from generator.workbook.template import HeaderInfo, TemplateRow, write_template

NO_DEPARTMENT = "未分部门"  # file name for people whose roster row names no department
NO_DEPARTMENT_EN = "no-department"  # the same in an English template set


@dataclass(frozen=True)
class TeamTemplate:
    path: Path
    department: str  # as the roster writes it; "" for people without one
    employees: int


def _no_department(lang: str) -> str:
    return NO_DEPARTMENT_EN if lang == "en" else NO_DEPARTMENT


def team_file_name(department: str, scheme: Scheme, period: str, lang: str = "zh") -> str:
    return f"{safe_part(department or _no_department(lang), 'team')}_{scheme.id}_{period}.xlsx"


def _occupied_finding(o: Occupied) -> Finding:
    return Finding(code="template-target-occupied", file=str(o.path), value=str(o.filled_rows or ""),
                   message=o.text("zh"), message_en=o.text("en"),
                   hint="模板不会覆盖已填写的工作簿;确认不再需要其中的数据时加 --force。",
                   hint_en="a template never replaces a filled workbook; add --force once its data is no longer needed.")


def write_single_template(scheme: Scheme, header: HeaderInfo, target: Path, force: bool = False,
                          lang: str = "zh") -> tuple[Path | None, list[Finding]]:
    """One template at `target` (a folder gets <scheme>_<period>.xlsx); a filled workbook there is kept unless `force`.
    `lang` is the workbook's language."""
    if target.is_dir():
        target = target / f"{scheme.id}_{header.period}.xlsx"
    if not force and (o := occupied(target)) is not None:
        return None, [_occupied_finding(o)]
    return write_template(scheme, header, target, lang=lang), []


def write_team_templates(scheme: Scheme, roster: Path, folder: Path,
                         header: HeaderInfo, force: bool = False,
                         spare_rows: int = L.SPARE_ROWS, lang: str = "zh") -> tuple[list[TeamTemplate], list[Finding]]:
    """Write <department>_<scheme>_<period>.xlsx into `folder` for each department of the roster.

    `header` gives the period, company and manager of every workbook; its department is used for
    people whose row names none. Each workbook has `spare_rows` empty rows under its people (a new
    hire); they are ignored while empty. The workbooks' words are in `lang`. Returns what was written and the roster's findings; when any
    of them is an error (or the roster lists nobody, or one target holds a filled workbook and not
    `force`) nothing is written.
    """
    roster = Path(roster)
    if not roster.is_file():
        return [], [Finding(code="roster-not-found", file=str(roster), message=f"找不到名单文件 {roster}。",
                            message_en=f"no such roster file: {roster}.", hint="检查路径。", hint_en="check the path.")]
    teams, findings = read_roster(roster)
    if any(f.severity is Severity.ERROR for f in findings):
        return [], findings
    if not teams:
        return [], [*findings, Finding(code="roster-no-employees", file=str(roster), message="名单中没有任何员工。",
                                       message_en="the roster lists no employees.",
                                       hint="第一行为表头(工号、姓名、岗位、部门、邮箱),之后每人一行。",
                                       hint_en="the first row is the header (工号, 姓名, 岗位, 部门, 邮箱), then one row per person.")]
    names: list[str] = []
    taken: set[str] = set()
    for department in teams:
        name = team_file_name(department or header.department, scheme, header.period, lang)
        n = 2
        while name.casefold() in taken:  # two departments whose names clean to one file name
            stem = safe_part(department or header.department or _no_department(lang), "team", 100)
            name, n = f"{stem}-{n}_{scheme.id}_{header.period}.xlsx", n + 1
        taken.add(name.casefold())
        names.append(name)
    if not force:
        blocked = [_occupied_finding(o) for name in names if (o := occupied(folder / name)) is not None]
        if blocked:
            return [], [*findings, *blocked]
    folder.mkdir(parents=True, exist_ok=True)
    written: list[TeamTemplate] = []
    for name, (department, employees) in zip(names, teams.items(), strict=True):
        target = write_template(scheme, replace(header, department=department or header.department), folder / name,
                                [TemplateRow(employee=e) for e in employees], spare_rows=spare_rows, lang=lang)
        written.append(TeamTemplate(path=target, department=department, employees=len(employees)))
    return written, findings


__all__ = ["TeamTemplate", "team_file_name", "write_single_template", "write_team_templates"]
