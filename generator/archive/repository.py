"""The archive's API: plain methods on `Archive`, each one transaction, each taking what it needs.

Revisions. An appraisal is identified by (department, period, scheme_id). Archiving it again adds
revision n+1 and makes it current; earlier revisions stay readable and are never changed. Archiving
an unchanged appraisal again (same input sha256, same scheme hash, the same results in the same
language) stores nothing and returns the current revision: a watcher re-reading a file, or an
import of a folder a run already archived, must not invent a revision 2 that `diff` would show as
"nothing changed". A closed (signed-off) period refuses new revisions until it is reopened.

Reads are from current revisions unless they say otherwise. Time comes from the injected clock.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from generator.archive import incoming, signoff
from generator.archive.db import Database
from generator.archive.models import EmployeeRecord, ReportFile, Revision
from generator.archive.rows import (
    Change,
    EmployeeRow,
    FileRow,
    PeriodSummary,
    RevisionInfo,
    SignOff,
    SignOffEntry,
    Values,
)
from generator.history.consecutive import PeriodStanding

if TYPE_CHECKING:
    from types import TracebackType

    from generator.pipeline import WorkbookOutcome


def _local(moment: datetime) -> datetime:
    """Stored as naive local time: what the clock of a plain run (datetime.now) gives."""
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def _revision_info(r: Revision) -> RevisionInfo:
    return RevisionInfo(company=r.company, department=r.department, period=r.period, scheme_id=r.scheme_id,
                        scheme_version=r.scheme_version, scheme_hash=r.scheme_hash, revision=r.revision,
                        is_current=r.is_current, input_name=r.input_name, input_sha256=r.input_sha256,
                        generator_version=r.generator_version, lang=r.lang, source=r.source,
                        employees=r.employees, average=r.average, created_at=r.created_at)


def _employee_row(r: Revision, e: EmployeeRecord) -> EmployeeRow:
    return EmployeeRow(department=r.department, period=r.period, scheme_id=r.scheme_id, revision=r.revision,
                       employee_id=e.employee_id, name=e.name, position=e.position, total=e.total, grade=e.grade,
                       coefficient=e.coefficient, rank=e.rank, team_size=e.team_size, pay_total=e.pay_total,
                       bonus=e.bonus, award=e.award, result_json=e.result_json)


def _values(e: EmployeeRecord) -> Values:
    return Values(name=e.name, total=e.total, grade=e.grade, pay_total=e.pay_total, bonus=e.bonus, award=e.award,
                  rank=e.rank)


def _changed(old: Values, new: Values) -> tuple[str, ...]:
    fields = []
    if old.total != new.total:
        fields.append("total")
    if old.grade != new.grade:
        fields.append("grade")
    if (old.pay_total, old.bonus, old.award) != (new.pay_total, new.bonus, new.award):
        fields.append("pay")
    return tuple(fields)


class PeriodEntry(NamedTuple):
    """One employee of one period's current revision, as a roll-up needs it (no result_json: a year of a
    thousand employees is read in one light query)."""

    department: str
    scheme_id: str
    scheme_version: str
    company: str
    period: str
    team_average: Decimal | None
    employee_id: str
    name: str
    position: str
    total: Decimal


class Archive:
    """Open one with `generator.archive.open_archive(url)`."""

    def __init__(self, db: Database, clock: Callable[[], datetime] = datetime.now):
        self._db = db
        self._clock = clock

    @property
    def where(self) -> str:
        """The SQLite file or the URL (without password), for messages."""
        return self._db.where

    @property
    def database(self) -> Database:
        """The engine and its transactions, for the tables of other parts (the watcher's journal, the mail outbox)."""
        return self._db

    @property
    def dialect(self) -> str:
        return self._db.engine.dialect.name

    def dispose(self) -> None:
        """Release the database connections (`close` is the sign-off of a period)."""
        self._db.dispose()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.dispose()

    def _now(self) -> datetime:
        return _local(self._clock())

    # ---- writing -----------------------------------------------------------------------------

    def save(self, outcome: WorkbookOutcome, lang: str = "zh") -> int:
        """Archive an accepted workbook's results and report files; the revision number it is now."""
        return self._store(incoming.from_outcome(outcome, lang))

    def import_results(self, results_json_path: Path | str) -> int:
        """Archive a results.json (or the report folder holding one) written before the archive existed."""
        return self._store(incoming.from_results_json(Path(results_json_path)))

    def _store(self, rec: incoming.Incoming) -> int:
        fingerprint = rec.results_sha256
        with self._db.write(*signoff.WRITE_TABLES) as s:
            signoff.refuse_if_closed(s, rec.department, rec.period, self.where)
            same = (Revision.department == rec.department, Revision.period == rec.period,
                    Revision.scheme_id == rec.scheme_id)
            current = s.scalar(select(Revision).where(*same, Revision.is_current))
            if current is not None and (current.input_sha256, current.scheme_hash, current.results_sha256) == (
                    rec.input_sha256, rec.scheme_hash, fingerprint):
                return current.revision
            number = (s.scalar(select(func.max(Revision.revision)).where(*same)) or 0) + 1
            if current is not None:
                current.is_current = False
                s.flush()  # before the insert: at most one current revision, which an index enforces
            row = Revision(company=rec.company, department=rec.department, period=rec.period,
                           scheme_id=rec.scheme_id, scheme_version=rec.scheme_version, scheme_hash=rec.scheme_hash,
                           revision=number, is_current=True, input_name=rec.input_name,
                           input_sha256=rec.input_sha256, results_sha256=fingerprint,
                           generator_version=rec.generator_version, lang=rec.lang, source=rec.source,
                           employees=len(rec.employees), average=rec.average, team_json=rec.team_json,
                           created_at=self._now())
            s.add(row)
            s.flush()
            s.execute(insert(EmployeeRecord), [{**e, "revision_id": row.id} for e in rec.employees])
            if rec.files:
                s.execute(insert(ReportFile), [{**f, "revision_id": row.id} for f in rec.files])
            return number

    # ---- sign-off ----------------------------------------------------------------------------

    def is_closed(self, department: str, period: str) -> SignOff | None:
        with self._db.read() as s:
            return signoff.state(s, department, period)

    def close(self, department: str, period: str, by: str) -> SignOff:
        """Freeze a period: no new revision until it is reopened. Closing a closed period is an error."""
        with self._db.write(*signoff.WRITE_TABLES) as s:
            return signoff.close(s, department, period, by, self._now(), self.where)

    def reopen(self, department: str, period: str, by: str, reason: str) -> SignOffEntry:
        """Allow new revisions again; `reason` is required and kept in the log."""
        with self._db.write(*signoff.WRITE_TABLES) as s:
            return signoff.reopen(s, department, period, by, reason, self._now())

    def signoff_log(self, department: str, period: str) -> list[SignOffEntry]:
        with self._db.read() as s:
            return signoff.log(s, department, period)

    # ---- reading -----------------------------------------------------------------------------

    def revisions(self, department: str, period: str, scheme_id: str | None = None) -> list[RevisionInfo]:
        """Every revision of the period, oldest first (several schemes: by scheme, then revision)."""
        query = select(Revision).where(Revision.department == department, Revision.period == period)
        if scheme_id is not None:
            query = query.where(Revision.scheme_id == scheme_id)
        with self._db.read() as s:
            return [_revision_info(r) for r in s.scalars(query.order_by(Revision.scheme_id, Revision.revision))]

    def files(self, department: str, period: str, scheme_id: str, revision: int | None = None) -> list[FileRow]:
        """The report files of a revision (default: the current one)."""
        query = select(ReportFile).join(Revision, ReportFile.revision_id == Revision.id).where(
            Revision.department == department, Revision.period == period, Revision.scheme_id == scheme_id,
            Revision.is_current if revision is None else Revision.revision == revision)
        with self._db.read() as s:
            return [FileRow(path=f.path, kind=f.kind, sha256=f.sha256, bytes=f.bytes, employee_id=f.employee_id,
                            report_id=f.report_id) for f in s.scalars(query.order_by(ReportFile.path))]

    def period_results(self, department: str, period: str, scheme_id: str | None = None,
                       revision: int | None = None) -> list[EmployeeRow]:
        """Every employee of the period's current revision (or of `revision`), in ranked order."""
        query = select(Revision, EmployeeRecord).join(EmployeeRecord, EmployeeRecord.revision_id == Revision.id).where(
            Revision.department == department, Revision.period == period,
            Revision.is_current if revision is None else Revision.revision == revision)
        if scheme_id is not None:
            query = query.where(Revision.scheme_id == scheme_id)
        with self._db.read() as s:
            return [_employee_row(r, e) for r, e in s.execute(query.order_by(Revision.scheme_id, EmployeeRecord.seq))]

    def standings(self, department: str, scheme_id: str, employee_ids: Sequence[str],
                  periods: Sequence[str]) -> dict[str, dict[str, PeriodStanding]]:
        """工号 → period → standing, from current revisions, for the history rules. Every asked-for 工号
        is a key; a period in which an employee has no archived result (or no rank) is absent from its
        dict, so the caller can say which period is missing."""
        out: dict[str, dict[str, PeriodStanding]] = {emp: {} for emp in employee_ids}
        if not out or not periods:
            return out
        query = (select(Revision.period, EmployeeRecord.employee_id, EmployeeRecord.total, EmployeeRecord.rank,
                        EmployeeRecord.team_size)
                 .join(EmployeeRecord, EmployeeRecord.revision_id == Revision.id)
                 .where(Revision.department == department, Revision.scheme_id == scheme_id, Revision.is_current,
                        Revision.period.in_(list(dict.fromkeys(periods))),
                        EmployeeRecord.employee_id.in_(list(out))))
        with self._db.read() as s:
            for period, emp, total, rank, size in s.execute(query):
                if rank is not None and size is not None:
                    out[emp][period] = PeriodStanding(period=period, total=total, rank=rank, team_size=size)
        return out

    def period_entries(self, periods: Sequence[str], department: str | None = None) -> list[PeriodEntry]:
        """Every employee of the current revisions of `periods` (of every department, or of `department`),
        by department, scheme, period and ranked order: what `archive report` rolls up."""
        if not periods:
            return []
        query = (select(Revision.department, Revision.scheme_id, Revision.scheme_version, Revision.company,
                        Revision.period, Revision.average, EmployeeRecord.employee_id, EmployeeRecord.name,
                        EmployeeRecord.position, EmployeeRecord.total)
                 .join(EmployeeRecord, EmployeeRecord.revision_id == Revision.id)
                 .where(Revision.is_current, Revision.period.in_(list(dict.fromkeys(periods))),
                        *([Revision.department == department] if department is not None else []))
                 .order_by(Revision.department, Revision.scheme_id, Revision.period, EmployeeRecord.seq))
        with self._db.read() as s:
            return [PeriodEntry(*row) for row in s.execute(query)]

    def team_averages(self, department: str, scheme_id: str, periods: Sequence[str]) -> dict[str, Decimal]:
        """period → the team's average total in its current revision ("below last period's average")."""
        query = select(Revision.period, Revision.average).where(
            Revision.department == department, Revision.scheme_id == scheme_id, Revision.is_current,
            Revision.period.in_(list(dict.fromkeys(periods))))
        with self._db.read() as s:
            return {p: avg for p, avg in s.execute(query) if avg is not None}

    def diff(self, department: str, period: str, scheme_id: str | None = None, old: int | None = None,
             new: int | None = None) -> list[Change]:
        """Every employee whose total, grade or pay differs between the last two revisions (or `old` and
        `new`), with the employees added and removed; per scheme, in the newer revision's order."""
        changes: list[Change] = []
        with self._db.read() as s:
            schemes = s.scalars(select(Revision.scheme_id).distinct().where(
                Revision.department == department, Revision.period == period,
                *([Revision.scheme_id == scheme_id] if scheme_id is not None else [])).order_by(Revision.scheme_id))
            for scheme in list(schemes):
                numbers = list(s.scalars(select(Revision.revision).where(
                    Revision.department == department, Revision.period == period, Revision.scheme_id == scheme)
                    .order_by(Revision.revision.desc())))
                pair = (old, new) if old is not None and new is not None else (
                    (numbers[1], numbers[0]) if len(numbers) >= 2 else None)
                if pair is not None:
                    changes += self._diff_pair(s, department, period, scheme, *pair)
        return changes

    def _diff_pair(self, s: Session, department: str, period: str, scheme: str, old: int, new: int) -> list[Change]:
        def load(number: int) -> dict[str, EmployeeRecord]:
            rows = s.scalars(select(EmployeeRecord).join(Revision, EmployeeRecord.revision_id == Revision.id).where(
                Revision.department == department, Revision.period == period, Revision.scheme_id == scheme,
                Revision.revision == number).order_by(EmployeeRecord.seq))
            return {e.employee_id: e for e in rows}

        before, after = load(old), load(new)
        out: list[Change] = []

        def record(emp: str, kind: str, fields: tuple[str, ...], was: Values | None, now: Values | None) -> None:
            out.append(Change(department=department, period=period, scheme_id=scheme, old_revision=old,
                              new_revision=new, employee_id=emp, kind=kind, fields=fields, old=was, new=now))

        for emp, e in after.items():
            if emp not in before:
                record(emp, "added", (), None, _values(e))
            elif fields := _changed(_values(before[emp]), _values(e)):
                record(emp, "changed", fields, _values(before[emp]), _values(e))
        for emp, e in before.items():
            if emp not in after:
                record(emp, "removed", (), _values(e), None)
        return out

    def list_periods(self, department: str | None = None) -> list[PeriodSummary]:
        """Every (period, department, scheme) archived, by period then department."""
        counts = (select(Revision.department, Revision.period, Revision.scheme_id,
                         func.count().label("n")).group_by(Revision.department, Revision.period, Revision.scheme_id)
                  .subquery())
        query = (select(Revision, counts.c.n)
                 .join(counts, (counts.c.department == Revision.department) & (counts.c.period == Revision.period)
                       & (counts.c.scheme_id == Revision.scheme_id))
                 .where(Revision.is_current))
        if department is not None:
            query = query.where(Revision.department == department)
        with self._db.read() as s:
            closed = signoff.closed_periods(s)
            rows = [PeriodSummary(period=r.period, department=r.department, company=r.company, scheme_id=r.scheme_id,
                                  scheme_version=r.scheme_version, revisions=n, current_revision=r.revision,
                                  employees=r.employees, closed=(r.department, r.period) in closed,
                                  archived_at=r.created_at) for r, n in s.execute(query)]
        return sorted(rows, key=lambda p: (p.period, p.department, p.scheme_id))

    def employee_history(self, employee_id: str) -> list[EmployeeRow]:
        """One employee (by 工号) in every period's current revision, oldest period first."""
        query = (select(Revision, EmployeeRecord).join(EmployeeRecord, EmployeeRecord.revision_id == Revision.id)
                 .where(EmployeeRecord.employee_id == employee_id, Revision.is_current)
                 .order_by(Revision.period, Revision.department, Revision.scheme_id))
        with self._db.read() as s:
            return [_employee_row(r, e) for r, e in s.execute(query)]

    def export_rows(self, period: str | None = None, employee_id: str | None = None,
                    department: str | None = None) -> list[dict[str, Any]]:
        """Flat rows (keys: rows.EXPORT_COLUMNS) from current revisions, for CSV or xlsx. Numbers stay
        Decimal; `str()` of one is its exact text."""
        query = (select(Revision, EmployeeRecord).join(EmployeeRecord, EmployeeRecord.revision_id == Revision.id)
                 .where(Revision.is_current))
        if period is not None:
            query = query.where(Revision.period == period)
        if employee_id is not None:
            query = query.where(EmployeeRecord.employee_id == employee_id)
        if department is not None:
            query = query.where(Revision.department == department)
        query = query.order_by(Revision.period, Revision.department, Revision.scheme_id, EmployeeRecord.seq)
        with self._db.read() as s:
            closed = signoff.closed_periods(s)
            return [{"period": r.period, "department": r.department, "company": r.company, "scheme_id": r.scheme_id,
                     "scheme_version": r.scheme_version, "revision": r.revision, "employee_id": e.employee_id,
                     "name": e.name, "position": e.position, "total": e.total, "grade": e.grade,
                     "coefficient": e.coefficient, "rank": e.rank, "team_size": e.team_size, "bonus": e.bonus,
                     "award": e.award, "pay_total": e.pay_total, "closed": (r.department, r.period) in closed}
                    for r, e in s.execute(query)]

    def team(self, department: str, period: str, scheme_id: str, revision: int | None = None) -> dict[str, Any]:
        """The results.json "team" object of a revision (average, distribution, totals); {} if none."""
        query = select(Revision.team_json).where(
            Revision.department == department, Revision.period == period, Revision.scheme_id == scheme_id,
            Revision.is_current if revision is None else Revision.revision == revision)
        with self._db.read() as s:
            found = s.scalar(query)
        return json.loads(found) if found else {}


__all__ = ["Archive", "PeriodEntry"]
