"""Where a run writes: one folder per period and team, report names inside it, annotated copies.

Folder and file names come from text nobody vetted (departments, names, periods) and are made
safe by core/files.py; `Claims` keeps two workbooks of one run from sharing a folder or a name.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.core.files import atomic_target, employee_filename, inside, safe_part
from generator.core.findings import Finding, Severity
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


def clear_annotated(rejected_dir: Path, workbook: Path) -> list[Path]:
    """Remove the annotated copies of `workbook` an earlier run left in `rejected_dir` (both languages).

    Called when the workbook is accepted: a fixed workbook's old `未通过/x-批注.xlsx` must not
    lie beside its new reports as if it were still wrong. Only names this tool gives are removed.
    """
    removed = []
    for lang in ("zh", "en"):
        old = rejected_dir / (safe_part(workbook.stem, "workbook") + t("files.annotated", lang))
        if old.is_file():
            old.unlink()
            removed.append(old)
    return removed


def folders_from(out_dir: Path, workbook: Path, sha256: str = "") -> list[tuple[Path, str]]:
    """Team folders (with when they were generated) whose manifest says they came from another
    version of `workbook` (same path, other content than `sha256`)."""
    from generator.store.manifest import NAME

    target = workbook.resolve()
    found = []
    for m in sorted(out_dir.glob(f"*/*/{NAME}")):
        try:
            data = json.loads(m.read_text(encoding="utf-8"))
            source = Path(data["input"]["path"]).resolve()
            same_content = bool(sha256) and data["input"].get("sha256") == sha256
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            continue
        if source == target and not same_content:
            found.append((m.parent, str(data.get("generated_at", ""))))
    return found


def mark_stale(folder: Path, workbook: Path, generated: str, when: str, annotated: Path | None, lang: str) -> Path:
    """A note in `folder`: its reports are from an earlier version of `workbook`, whose newer one was rejected."""
    note = folder / t("stale.note_file", lang)
    text = t("stale.note_text", lang, name=workbook.name, generated=generated, when=when,
             annotated=str(annotated) if annotated else "-")
    with atomic_target(note) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return note


def note_stale(out_dir: Path, outcome: Any, now: datetime, lang: str) -> list[Finding]:
    """For a rejected workbook (a WorkbookOutcome): a note in each folder holding an earlier version's
    reports, and a warning for the run's summary. A folder that cannot take a note is skipped."""
    found = []
    workbook, when = outcome.path, now.isoformat(timespec="seconds")
    for folder, generated in folders_from(out_dir, workbook, outcome.input_sha256):
        try:
            note = mark_stale(folder, workbook, generated, when, outcome.annotated, lang)
        except OSError:
            continue
        found.append(Finding(
            code="stale-reports", severity=Severity.WARNING, file=str(workbook), value=str(folder),
            message=f"{folder} 中的报告来自该工作簿较早的版本(生成于 {generated}),本次未更新;说明见 {note.name}。",
            message_en=f"the reports in {folder} are from an earlier version of this workbook (generated "
                       f"{generated}) and were not updated; see {note.name}."))
    return found


def clear_stale(folder: Path) -> None:
    """The reports are current again: remove the notes `mark_stale` wrote (in either language)."""
    for lang in ("zh", "en"):
        (folder / t("stale.note_file", lang)).unlink(missing_ok=True)


INCOMPLETE = "未完成-INCOMPLETE.txt"


def begin_folder(folder: Path, lang: str) -> list[Path]:
    """Mark `folder` as being rewritten (its old manifest goes, a note saying "incomplete" comes);
    return the files the earlier run wrote there, which this run may replace or remove.

    manifest.json is written last; were the old one left while new reports replace old ones, an
    interrupted run (Ctrl-C, a crash) would leave a folder that looks complete but is half old,
    half new. The note lists the earlier run's files so the next run still knows what it may remove.
    """
    from generator.store.manifest import NAME

    previous = previous_outputs(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lines = [t("stale.incomplete", lang), *(p.relative_to(folder).as_posix() for p in previous if p.is_relative_to(folder))]
    with atomic_target(folder / INCOMPLETE) as tmp:
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / NAME).unlink(missing_ok=True)
    return previous


def previous_outputs(folder: Path) -> list[Path]:
    """The files an earlier run wrote here: from its manifest, or from an interrupted run's note."""
    from generator.store import manifest

    listed = manifest.previous_outputs(folder)
    try:
        lines = (folder / INCOMPLETE).read_text(encoding="utf-8").splitlines()[1:]
    except OSError:
        return listed
    extra = []
    for line in filter(None, (x.strip() for x in lines)):
        try:
            extra.append(inside(folder, line))
        except ValueError:  # a path leading outside the folder: never ours
            continue
    return [*listed, *(p for p in extra if p not in listed)]


def end_folder(folder: Path, rejected_dir: Path, workbook: Path) -> None:
    """The manifest is written: the folder is complete. Its INCOMPLETE and earlier-version notes
    and the workbook's old annotated copy go: all three are now untrue."""
    (folder / INCOMPLETE).unlink(missing_ok=True)
    clear_stale(folder)
    clear_annotated(rejected_dir, workbook)


def mark_interrupted(outcome: Any) -> None:
    """A workbook whose reports were not all written when the run was stopped (a WorkbookOutcome)."""
    outcome.status = "failed"
    outcome.findings.append(Finding(code="interrupted", file=str(outcome.path), value=str(outcome.folder or ""),
                                    message="运行被中断,这个工作簿的报告没有全部生成",
                                    message_en="the run was interrupted before its reports were all written"))


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


__all__ = ["ANNOTATED_SUFFIXES", "INCOMPLETE", "Claims", "FolderConflict", "annotated_target", "begin_folder",
           "clear_annotated", "clear_stale", "end_folder", "folders_from", "is_annotated_copy", "mark_interrupted",
           "mark_stale", "note_stale", "plan_jobs", "previous_outputs"]
