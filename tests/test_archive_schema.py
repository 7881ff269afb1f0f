"""The archive's schema and its faults on SQLite and a real PostgreSQL server: migrations from an
empty database and from the previous revision, a newer schema refused, a locked, read-only, corrupt
or unreachable database giving a clear KpiError and leaving the archive as it was."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.orm import Session

from generator.archive import incoming, open_archive, schema_head
from generator.archive.models import Base, EmployeeRecord, Revision
from generator.core.findings import KpiError
from tests.archive_support import Clock, outcome, people

DEPT = "客服部"


@contextmanager
def engine_for(url: str) -> Iterator[sa.Engine]:
    engine = sa.create_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def heads(url: str) -> tuple[str, ...]:
    with engine_for(url) as engine, engine.connect() as conn:
        return tuple(MigrationContext.configure(conn).get_current_heads())


def sqlite_path(url: str) -> Path:
    return Path(sa.engine.make_url(url).database or "")


def test_migrations_build_the_models_schema_in_an_empty_database(empty_database_url: str) -> None:
    with open_archive(empty_database_url) as archive:
        assert archive.list_periods() == []
    assert heads(empty_database_url) == (schema_head(),) == ("0004",)
    with engine_for(empty_database_url) as engine, engine.connect() as conn:
        # the migrations and the ORM models describe exactly the same tables, columns, types and indexes
        assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata) == []
        inspector = sa.inspect(conn)
        assert set(inspector.get_table_names()) == {"alembic_version", "appraisal_revisions", "employee_results",
                                                    "report_files", "period_signoffs", "signoff_log",
                                                    "inbox_files", "mail_outbox"}
        total = next(c["type"] for c in inspector.get_columns("employee_results") if c["name"] == "total")
        if conn.dialect.name == "postgresql":
            assert isinstance(total, sa.Numeric) and total.precision is None  # exact, unbounded NUMERIC
        else:
            assert isinstance(total, sa.String)  # SQLite: the exact text
        indexes = {i["name"]: i for i in inspector.get_indexes("appraisal_revisions")}
        assert indexes["uq_one_current"]["unique"]
    with open_archive(empty_database_url):  # opening again changes nothing
        pass
    assert heads(empty_database_url) == (schema_head(),)


def test_the_database_itself_allows_one_current_revision_only(archive_url: str, tmp_path: Path) -> None:
    with open_archive(archive_url) as archive:
        archive.save(outcome(tmp_path / "a"))
    with engine_for(archive_url) as engine, Session(engine) as s:
        first = s.scalars(sa.select(Revision)).one()
        twin = Revision(**{c.key: getattr(first, c.key) for c in Revision.__table__.columns if c.key != "id"})
        twin.revision = 2
        s.add(twin)
        with pytest.raises(sa.exc.IntegrityError):
            s.flush()


def test_an_archive_at_the_previous_schema_revision_is_upgraded_and_keeps_its_data(empty_database_url: str,
                                                                                  tmp_path: Path) -> None:
    with open_archive(empty_database_url, migrate_to="0001"):
        pass
    assert heads(empty_database_url) == ("0001",)
    with engine_for(empty_database_url) as engine:
        assert "period_signoffs" not in sa.inspect(engine).get_table_names()
        # what revision 0001 of the program archived: one appraisal, written with the tables it knew
        rec = incoming.from_outcome(outcome(tmp_path / "a"), "zh")
        with Session(engine) as s, s.begin():
            fields = {k: v for k, v in vars(rec).items() if k not in ("employees", "files")}
            row = Revision(**fields, revision=1, is_current=True, results_sha256=rec.results_sha256,
                           employees=len(rec.employees), created_at=Clock()())
            s.add(row)
            s.flush()
            s.execute(sa.insert(EmployeeRecord), [{**e, "revision_id": row.id} for e in rec.employees])
    with open_archive(empty_database_url, clock=Clock()) as archive:
        assert heads(empty_database_url) == (schema_head(),)
        assert [r.employee_id for r in archive.period_results(DEPT, "2024-05")] == [
            "E001", "E005", "E002", "E003", "E004"]
        archive.close(DEPT, "2024-05", by="王主管")  # the tables revision 0002 added work
        archive.reopen(DEPT, "2024-05", by="王主管", reason="补录")
        assert archive.save(outcome(tmp_path / "b", who=people(E004={3: 50}), input_sha256="b" * 64)) == 2
        assert [c.employee_id for c in archive.diff(DEPT, "2024-05")] == ["E004"]


def test_an_archive_from_a_newer_program_is_refused_and_left_untouched(archive_url: str) -> None:
    with open_archive(archive_url):
        pass
    with engine_for(archive_url) as engine, engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099_future'"))
    with pytest.raises(KpiError) as e:
        open_archive(archive_url)
    f = e.value.findings[0]
    assert f.code == "archive-newer-schema" and f.value == "0099_future"
    assert "0099_future" in f.message and schema_head() in f.message and "升级" in f.hint
    assert "newer" in f.message_en and "upgrade" in f.hint_en
    assert heads(archive_url) == ("0099_future",)


@contextmanager
def writer_holding_the_lock(url: str) -> Iterator[None]:
    """Another program in the middle of a write."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(sqlite_path(url), isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
        return
    with engine_for(url) as engine, engine.connect() as conn, conn.begin():
        conn.execute(sa.text("LOCK TABLE period_signoffs IN SHARE ROW EXCLUSIVE MODE"))
        yield


def test_a_locked_archive_gives_a_clear_error_after_the_busy_timeout_and_stores_nothing(archive_url: str,
                                                                                       tmp_path: Path) -> None:
    with open_archive(archive_url) as archive:
        archive.save(outcome(tmp_path / "a"))
    second = outcome(tmp_path / "b", who=people(E004={3: 50}), input_sha256="b" * 64)
    with writer_holding_the_lock(archive_url), open_archive(archive_url, busy_timeout=0.2) as archive:
        assert len(archive.period_results(DEPT, "2024-05")) == 5  # reading goes on meanwhile
        started = time.perf_counter()
        with pytest.raises(KpiError) as e:
            archive.save(second)
        assert time.perf_counter() - started < 5
        f = e.value.findings[0]
        assert f.code == "archive-locked" and "0.2 秒" in f.message and "kpi-report" in f.hint and f.hint_en
        with pytest.raises(KpiError) as e:
            archive.close(DEPT, "2024-05", by="王主管")
        assert e.value.findings[0].code == "archive-locked"
    with open_archive(archive_url) as archive:
        assert [r.revision for r in archive.revisions(DEPT, "2024-05")] == [1]
        assert archive.save(second) == 2  # the lock is gone: the next run archives it


def read_only(url: str) -> str:
    if url.startswith("sqlite"):
        return f"sqlite:///file:{sqlite_path(url)}?mode=ro&uri=true"
    return url + "%20-cdefault_transaction_read_only%3Don"  # appended to the schema's `options`


def test_a_read_only_archive_can_be_read_but_a_write_is_a_clear_error(archive_url: str, tmp_path: Path) -> None:
    with open_archive(archive_url) as archive:
        archive.save(outcome(tmp_path / "a"))
    with open_archive(read_only(archive_url)) as archive:
        assert len(archive.period_results(DEPT, "2024-05")) == 5
        for write in (lambda: archive.save(outcome(tmp_path / "b", input_sha256="b" * 64)),
                      lambda: archive.close(DEPT, "2024-05", by="王主管")):
            with pytest.raises(KpiError) as e:
                write()
            f = e.value.findings[0]
            assert f.code == "archive-readonly" and "只读" in f.message and "--archive" in f.hint
    with open_archive(archive_url) as archive:
        assert len(archive.revisions(DEPT, "2024-05")) == 1 and archive.is_closed(DEPT, "2024-05") is None


def test_a_corrupt_file_or_an_unreachable_server_is_a_clear_error(archive_url: str, tmp_path: Path) -> None:
    if archive_url.startswith("sqlite"):
        path = tmp_path / "archive.db"
        garbage = random.Random(7).randbytes(16384)
        path.write_bytes(garbage)
        with pytest.raises(KpiError) as e:
            open_archive(path)
        f = e.value.findings[0]
        assert f.code == "archive-corrupt" and str(path) in f.message and "备份" in f.hint
        assert path.read_bytes() == garbage  # never "repaired" into an empty archive
    else:
        url = f"postgresql+psycopg://postgres@/postgres?host={tmp_path / 'no-server-here'}"
        with pytest.raises(KpiError) as e:
            open_archive(url)
        f = e.value.findings[0]
        assert f.code == "archive-unreachable" and "服务器" in f.hint and f.value


WRITER = """
import sys
from pathlib import Path
from generator.archive import open_archive
from tests.archive_support import outcome, people
url, n, folder = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
with open_archive(url) as archive:
    print(archive.save(outcome(folder / str(n), who=people(E004={3: 40 + n}), input_sha256=str(n) * 64)))
"""


def test_programs_opening_and_writing_one_new_archive_at_once_all_succeed(archive_url: str, tmp_path: Path) -> None:
    """A watcher, a mailer and a manual run: the first open migrates, the others wait; saves queue."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, archive_url, str(n), str(tmp_path)], cwd=root,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(1, 4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [err for _, err in outs]
    assert sorted(int(out) for out, _ in outs) == [1, 2, 3]
    with open_archive(archive_url) as archive:
        revisions = archive.revisions(DEPT, "2024-05")
        assert [r.revision for r in revisions] == [1, 2, 3] and [r.is_current for r in revisions] == [False, False, True]
    assert heads(archive_url) == (schema_head(),)
