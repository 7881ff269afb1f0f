"""The journal of every file taken from an inbox, in the archive database (table inbox_files).

Each step is one committed transaction, written *before* the step it announces is done on disk,
so that after a crash the journal says what to do next (service.Watcher.recover):

    begin()    claimed   the file is about to be renamed into 处理中/ (or already is)
    outcome()  finishing the reports and archive entry are committed; the file goes to final_path
    done()     done      the file is at final_path

Writes lock the table (PostgreSQL) or the database (SQLite, BEGIN IMMEDIATE), so two watchers never
both decide that one content is new.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from generator.archive.db import Database
from generator.archive.inbox import (
    ACCEPTED,
    CLAIMED,
    DONE,
    DUPLICATE,
    FAILED,
    FINISHING,
    REJECTED,
    InboxFile,
)

TABLE = InboxFile.__tablename__


@dataclass(frozen=True)
class Entry:
    """A journal row as the watcher uses it."""

    id: int
    sha256: str
    name: str
    inbox: str
    source: str
    claim_path: str
    state: str
    result: str | None
    final_path: str | None
    duplicate_of: int | None
    attempts: int
    period: str | None = None
    department: str | None = None
    findings: int | None = None
    message: str | None = None  # the note handed back (rejected, failed, duplicate)
    report_folder: str | None = None  # the report folder, or the annotated copy of a rejected workbook
    original_result: str | None = None  # for a duplicate: what became of the first one
    original_name: str | None = None
    original_final: str | None = None
    original_at: datetime | None = None


@dataclass(frozen=True)
class Status:
    in_progress: list[Entry]
    done_today: int
    rejected_today: int
    duplicates_today: int
    failed_today: int
    last_error: Entry | None
    last_error_message: str | None


def _entry(row: InboxFile, original: InboxFile | None = None) -> Entry:
    return Entry(id=row.id, sha256=row.sha256, name=row.name, inbox=row.inbox, source=row.source,
                 claim_path=row.claim_path, state=row.state, result=row.result, final_path=row.final_path,
                 duplicate_of=row.duplicate_of, attempts=row.attempts, period=row.period, department=row.department,
                 findings=row.findings, message=row.message, report_folder=row.report_folder,
                 original_result=original.result if original else None,
                 original_name=original.name if original else None,
                 original_final=original.final_path if original else None,
                 original_at=original.finished_at or original.claimed_at if original else None)


class Journal:
    def __init__(self, db: Database, owner: str, clock: Callable[[], datetime] = datetime.now):
        self.db, self.owner, self.clock = db, owner, clock

    def begin(self, sha256: str, inbox: Path, source: Path, name: str, claim_path: Path,
              duplicate_target: Callable[[Entry], tuple[Path, str]]) -> tuple[str, Entry]:
        """("new" | "resume" | "duplicate", the row) for a held file about to be claimed.

        "resume": this very file was claimed before and the claim was interrupted before its rename.
        "duplicate": another file with these bytes was (or is being) processed; the row says where this
        one goes and the note it gets (`duplicate_target(original)`); it is never processed.
        """
        now = self.clock()
        with self.db.write(TABLE) as s:
            first = s.scalar(select(InboxFile).where(InboxFile.sha256 == sha256, InboxFile.is_primary))
            if first is not None and first.state == CLAIMED and first.source == str(source) \
                    and not Path(first.claim_path).exists():
                first.owner, first.attempts = self.owner, first.attempts + 1
                return "resume", _entry(first)
            row = InboxFile(sha256=sha256, name=name, inbox=str(inbox), source=str(source),
                            claim_path=str(claim_path), state=CLAIMED, result=None, is_primary=first is None,
                            owner=self.owner, attempts=1, claimed_at=now)
            if first is not None:
                row.state, row.result, row.duplicate_of = FINISHING, DUPLICATE, first.id
                row.period, row.department = first.period, first.department
                target, row.message = duplicate_target(_entry(first, first))  # original_at: when it came
                row.final_path = str(target)
            s.add(row)
            s.flush()
            return ("new" if first is None else "duplicate"), _entry(row, first)

    def outcome(self, entry_id: int, result: str, final_path: Path, *, retry_allowed: bool = False,
                department: str | None = None, period: str | None = None, report_folder: Path | None = None,
                employees: int | None = None, findings: int | None = None, message: str | None = None) -> None:
        """The work is committed: record how it ended and where the file goes. `retry_allowed`: the failure
        was not the workbook's (a locked archive, a closed period …), so the same bytes dropped again are
        processed again rather than called duplicates."""
        with self.db.write(TABLE) as s:
            row = s.get_one(InboxFile, entry_id)
            row.state, row.result, row.final_path = FINISHING, result, str(final_path)
            row.department, row.period = department, period
            row.report_folder = str(report_folder) if report_folder else None
            row.employees, row.findings, row.message = employees, findings, message
            if retry_allowed:
                row.is_primary = False

    def move_to(self, entry_id: int, final_path: Path) -> None:
        """The planned place was taken meanwhile: the file goes to this numbered name instead."""
        with self.db.write(TABLE) as s:
            s.get_one(InboxFile, entry_id).final_path = str(final_path)

    def done(self, entry_id: int) -> None:
        with self.db.write(TABLE) as s:
            row = s.get_one(InboxFile, entry_id)
            row.state, row.finished_at = DONE, self.clock()

    def adopt(self, entry_id: int) -> Entry:
        """Take over an unfinished row after a crash (its owner is gone): counts the attempt."""
        with self.db.write(TABLE) as s:
            row = s.get_one(InboxFile, entry_id)
            row.owner, row.attempts = self.owner, row.attempts + 1
            original = s.get(InboxFile, row.duplicate_of) if row.duplicate_of else None
            return _entry(row, original)

    def get(self, entry_id: int) -> Entry:
        with self.db.read() as s:
            row = s.get_one(InboxFile, entry_id)
            return _entry(row, s.get(InboxFile, row.duplicate_of) if row.duplicate_of else None)

    def unfinished(self, inbox: Path) -> list[Entry]:
        with self.db.read() as s:
            rows = s.scalars(select(InboxFile).where(InboxFile.inbox == str(inbox),
                                                     InboxFile.state.in_((CLAIMED, FINISHING)))
                             .order_by(InboxFile.id))
            return [_entry(r) for r in rows]

    def entries(self, inbox: Path | None = None) -> list[Entry]:
        """Every row (of one inbox), oldest first: for tests and for the record."""
        query = select(InboxFile).order_by(InboxFile.id)
        if inbox is not None:
            query = query.where(InboxFile.inbox == str(inbox))
        with self.db.read() as s:
            return [_entry(r) for r in s.scalars(query)]

    def status(self, inboxes: list[Path], since: datetime) -> Status:
        names = [str(i) for i in inboxes]
        with self.db.read() as s:
            mine = InboxFile.inbox.in_(names)
            busy = [_entry(r) for r in s.scalars(select(InboxFile).where(
                mine, InboxFile.state.in_((CLAIMED, FINISHING))).order_by(InboxFile.id))]
            counts = dict(s.execute(select(InboxFile.result, func.count()).where(
                mine, InboxFile.state == DONE, InboxFile.finished_at >= since).group_by(InboxFile.result)).all())
            error = s.scalar(select(InboxFile).where(mine, InboxFile.result == FAILED)
                             .order_by(InboxFile.id.desc()).limit(1))
            return Status(in_progress=busy, done_today=counts.get(ACCEPTED, 0), rejected_today=counts.get(REJECTED, 0),
                          duplicates_today=counts.get(DUPLICATE, 0), failed_today=counts.get(FAILED, 0),
                          last_error=_entry(error) if error else None, last_error_message=error.message if error else None)


__all__ = ["ACCEPTED", "CLAIMED", "DONE", "DUPLICATE", "FAILED", "FINISHING", "REJECTED", "Entry", "Journal", "Status"]
