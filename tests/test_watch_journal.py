"""The watcher's journal in the archive database, on SQLite and a real PostgreSQL: migration 0003_inbox,
a content processed by one row only (the database enforces it), duplicates, resumes and retries."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from sqlalchemy.orm import Session

from generator.archive import open_archive, schema_head
from generator.archive.inbox import InboxFile
from generator.watch.journal import Journal
from tests.archive_support import Clock, outcome

A, B = "a" * 64, "b" * 64
INBOX = Path("/srv/inbox")


def target(original):  # type: ignore[no-untyped-def]
    return Path(f"/srv/inbox/已处理/dup-of-{original.name}"), f"same as {original.name}"


def test_an_archive_at_0002_gains_the_journal_and_keeps_its_results(empty_database_url: str, tmp_path: Path) -> None:
    with open_archive(empty_database_url, migrate_to="0002") as archive:
        archive.save(outcome(tmp_path / "a"))
    with open_archive(empty_database_url) as archive:
        assert [r.revision for r in archive.revisions("客服部", "2024-05")] == [1]
        journal = Journal(archive.database, owner="host:1", clock=Clock())
        assert journal.begin(A, INBOX, INBOX / "x.xlsx", "x.xlsx", INBOX / "处理中/t/x.xlsx", target)[0] == "new"
    engine = sa.create_engine(empty_database_url)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_heads() == (schema_head(),)
    engine.dispose()


def test_one_row_per_content_duplicates_resumes_and_retries(archive_url: str) -> None:
    with open_archive(archive_url) as archive:
        journal = Journal(archive.database, owner="host:1", clock=Clock(datetime(2026, 11, 3, 9, 0)))
        kind, first = journal.begin(A, INBOX, INBOX / "x.xlsx", "x.xlsx", INBOX / "处理中/t1/x.xlsx", target)
        assert kind == "new" and first.state == "claimed" and first.attempts == 1
        # the same file again before its rename happened (a crash in between): the same row, resumed
        kind, again = journal.begin(A, INBOX, INBOX / "x.xlsx", "x.xlsx", INBOX / "处理中/t2/x.xlsx", target)
        assert (kind, again.id, again.attempts, again.claim_path) == ("resume", first.id, 2, first.claim_path)
        # the same bytes under another name: a duplicate row, never processed, going where `target` says
        kind, dup = journal.begin(A, INBOX, INBOX / "y.xlsx", "y.xlsx", INBOX / "处理中/t3/y.xlsx", target)
        assert (kind, dup.result, dup.state, dup.duplicate_of) == ("duplicate", "duplicate", "finishing", first.id)
        assert dup.final_path == "/srv/inbox/已处理/dup-of-x.xlsx" and dup.message == "same as x.xlsx"
        journal.outcome(first.id, "accepted", INBOX / "已处理/2026-10/x.xlsx", department="一组", period="2026-10")
        journal.done(first.id)
        journal.done(dup.id)
        # a failure outside the workbook gives the content up: dropped again, it is processed again
        _, other = journal.begin(B, INBOX, INBOX / "z.xlsx", "z.xlsx", INBOX / "处理中/t4/z.xlsx", target)
        journal.outcome(other.id, "failed", INBOX / "退回/z.xlsx", retry_allowed=True, message="archive locked")
        journal.done(other.id)
        assert journal.begin(B, INBOX, INBOX / "z.xlsx", "z.xlsx", INBOX / "处理中/t5/z.xlsx", target)[0] == "new"
        assert [e.name for e in journal.unfinished(INBOX)] == ["z.xlsx"]
        status = journal.status([INBOX], datetime(2026, 11, 3))
        assert (status.done_today, status.duplicates_today, status.failed_today) == (1, 1, 1)
        assert status.last_error_message == "archive locked" and [e.name for e in status.in_progress] == ["z.xlsx"]


def test_the_database_itself_refuses_a_second_row_processing_one_content(archive_url: str) -> None:
    with open_archive(archive_url) as archive:
        Journal(archive.database, owner="host:1").begin(A, INBOX, INBOX / "x.xlsx", "x.xlsx", INBOX / "c/x.xlsx",
                                                         target)
    engine = sa.create_engine(archive_url)
    try:
        with Session(engine) as s:
            s.add(InboxFile(sha256=A, name="y.xlsx", inbox=str(INBOX), source="/y", claim_path="/c/y", state="claimed",
                            is_primary=True, owner="other:2", attempts=1, claimed_at=datetime(2026, 11, 3)))
            with pytest.raises(sa.exc.IntegrityError):
                s.flush()
    finally:
        engine.dispose()
