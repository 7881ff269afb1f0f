"""Where a run writes: one folder per period and team, report names inside it, annotated copies.

Folder and file names come from text nobody vetted (departments, names, periods) and are made
safe by core/files.py; `Claims` keeps two workbooks of one run from sharing a folder or a name.
"""

from __future__ import annotations

from pathlib import Path

from generator.core.files import employee_filename, inside, safe_part
from generator.core.findings import Finding
from generator.core.text import t, texts
from generator.model.results import TeamResult
from generator.report.context import ReportMeta
from generator.report.render_pool import Job
from generator.store.manifest import UNKNOWN, Owner, read_owner

# Annotated copies of rejected workbooks, in both languages, and the name older versions used:
# a folder scan never reads them back as inputs.
ANNOTATED_SUFFIXES = ("-批注.xlsx", "-annotated.xlsx", ".errors.xlsx")


def is_annotated_copy(path: Path) -> bool:
    return path.name.endswith(ANNOTATED_SUFFIXES)


class FolderConflict(Exception):
    """Every folder this team's reports could go to holds another appraisal's reports."""

    def __init__(self, folder: Path, other: Owner):
        super().__init__(f"{folder} belongs to {other.describe()}")
        self.folder, self.other = folder, other

    def finding(self, path: Path, owner: Owner) -> Finding:
        """The conflict as the manager reads it: both workbooks, both appraisals, the folder."""
        other, folder = self.other, self.folder
        other_file = other.input_path or "?"
        return Finding(
            code="output-conflict", file=str(path), value=f"{folder} ← {other_file}",
            message=f"输出文件夹 {folder} 已有另一份工作簿({other_file},{other.describe()})生成的报告;"
                    f"本工作簿({path.name},{owner.describe()})不会覆盖或删除它们,未生成报告",
            message_en=f"the output folder {folder} holds the reports of another workbook ({other_file}, "
                       f"{other.describe()}); this workbook ({path.name}, {owner.describe()}) does not replace or "
                       "remove them and got no reports",
            hint="核对两份工作簿的部门、考核周期与方案:同一团队同一周期只提交一份;不同团队请填写各自的部门名称",
            hint_en="check the department, period and scheme of both workbooks: one workbook per team and period; "
                    "different teams need their own department names")


class Claims:
    """Output folders and files claimed during one run, so two workbooks never share one.

    With an `owner`, a folder is also checked on disk: one another team's or scheme's run
    wrote (its owner file, or its manifest) is never reused, so nothing there is replaced or
    removed; one the same team, period and scheme wrote is reused (a new revision replaces it).
    """

    def __init__(self) -> None:
        self.taken: set[Path] = set()
        self.owners: dict[Path, Owner] = {}

    def claim_file(self, folder: Path, stem: str, suffix: str) -> Path:
        """folder/<stem><suffix>, or <stem>-2<suffix> … when another workbook of this run has it."""
        name, n = safe_part(stem, "workbook") + suffix, 2
        while inside(folder, name) in self.taken:
            name, n = f"{safe_part(stem, 'workbook', 100)}-{n}{suffix}", n + 1
        self.taken.add(inside(folder, name))
        return inside(folder, name)

    def claim(self, root: Path, period: str, department: str, scheme_id: str, stem: str,
              owner: Owner | None = None) -> Path:
        base = root / safe_part(period, "period", 60)
        if owner is not None:
            return self._claim_owned(base, owner)
        options = [department, f"{department}-{scheme_id}", f"{department}-{stem}"]
        for name in options:
            folder = inside(base, safe_part(name, "department"))
            if folder not in self.taken:
                self.taken.add(folder)
                return folder
        n = 2
        while True:
            folder = inside(base, safe_part(f"{department}-{stem}-{n}", "department"))
            if folder not in self.taken:
                self.taken.add(folder)
                return folder
            n += 1

    def _claim_owned(self, base: Path, owner: Owner) -> Path:
        d, s, c = owner.department, owner.scheme_id, owner.company
        first: tuple[Path, Owner] | None = None
        for name in (d, f"{d}-{s}", f"{d}-{c}-{s}"):
            folder = inside(base, safe_part(name, "department"))
            other = self.owners.get(folder) if folder in self.taken else read_owner(folder)
            if folder in self.taken and other is None:
                other = UNKNOWN
            if other is not None and other.same_appraisal(owner) and folder in self.owners:
                raise FolderConflict(folder, other)  # two workbooks of this run for one appraisal
            if other is None or other.same_appraisal(owner):
                self.taken.add(folder)
                self.owners[folder] = owner
                return folder
            first = first or (folder, other)
        assert first is not None
        raise FolderConflict(*first)


def annotated_target(workbook: Path, folder: Path | None, lang: str, claims: Claims) -> Path:
    """`<workbook>-批注.xlsx` (`-annotated.xlsx` in English) in `folder`, or beside the workbook."""
    return claims.claim_file(folder or workbook.parent, workbook.stem, t("files.annotated", lang))


def plan_jobs(team: TeamResult, meta: ReportMeta, folder: Path, lang: str) -> list[Job]:
    names = texts("files", lang)
    jobs = [Job("excel", inside(folder, names["excel"]), meta, team=team),
            Job("team_pdf", inside(folder, names["team_pdf"]), meta, team=team)]
    people = inside(folder, names["employees"])
    used: set[str] = set()
    for r in team.employees:
        name = employee_filename(r.employee.name, r.employee.id)
        n = 2
        while name.lower() in used:  # same name and 工号 twice: validation refuses it, but never overwrite
            name = employee_filename(r.employee.name, f"{r.employee.id}-{n}")
            n += 1
        used.add(name.lower())
        jobs.append(Job("employee_pdf", inside(people, name), meta, employee=r))
    return jobs


__all__ = ["ANNOTATED_SUFFIXES", "Claims", "FolderConflict", "annotated_target", "is_annotated_copy", "plan_jobs"]
