"""Opening the archive: the engine, SQLite's connection settings, the migrations, and every database
failure turned into a KpiError that says what happened and what to do.

`open_archive(url)` takes a SQLAlchemy URL (`sqlite:////abs/archive.db`,
`postgresql+psycopg://user:pw@host/db`) or a bare file path (SQLite). A SQLite file and its folder
are created on first use. Every SQLite connection runs in WAL mode with a busy timeout, so the
watcher, the mailer and a manual run can share one file: readers never wait, writers queue for up
to `busy_timeout` seconds. On PostgreSQL the same timeout is the lock timeout.

Every open runs the migrations forward to the newest revision this code knows, in one transaction.
A database already beyond that (written by a newer kpi-report) is refused, never touched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, exc, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from generator.core.findings import Finding, KpiError

if TYPE_CHECKING:
    from generator.archive.repository import Archive

BUSY_TIMEOUT = 30.0  # seconds a writer waits for another one before giving up
_IMMEDIATE = "kpi_write"
_MIGRATION_LOCK = 0x6B7069  # PostgreSQL advisory lock taken while migrating ("kpi")  # execution option: this transaction writes (SQLite: BEGIN IMMEDIATE)


def _fail(code: str, where: str, zh: str, en: str, hint: str, hint_en: str, value: str = "") -> KpiError:
    return KpiError(Finding(code=code, file=where, value=value[:300], message=zh, message_en=en,
                            hint=hint, hint_en=hint_en))


def locked(where: str, seconds: float, detail: str = "") -> KpiError:
    return _fail("archive-locked", where, f"存档数据库 {where} 正被其他程序写入,等待 {seconds:g} 秒后仍未释放",
                 f"the archive {where} is being written by another program and stayed locked for {seconds:g} s",
                 "等正在运行的其他 kpi-report(监视、发信或手动运行)结束后重试;若没有,关闭打开该文件的程序后重试",
                 "retry when the other kpi-report (watch, mail or a manual run) has finished; otherwise close "
                 "whatever program has the file open and retry", detail)


def readonly(where: str, detail: str = "") -> KpiError:
    return _fail("archive-readonly", where, f"存档数据库 {where} 是只读的,无法写入",
                 f"the archive {where} is read-only and cannot be written",
                 "检查该文件及其所在文件夹的写权限(或数据库账号的写权限),或用 --archive 指定其他位置",
                 "check write permission on the file and its folder (or the database account), or give "
                 "another location with --archive", detail)


def corrupt(where: str, detail: str = "") -> KpiError:
    return _fail("archive-corrupt", where, f"{where} 不是可用的存档数据库:文件已损坏或不是 SQLite 数据库",
                 f"{where} is not a usable archive: the file is damaged or not a SQLite database",
                 "保留该文件交给维护人员检查,从备份恢复,或用 --archive 指定一个新文件",
                 "keep the file for the maintainers, restore it from a backup, or give a new file with --archive",
                 detail)


def newer_schema(where: str, found: str, known: str) -> KpiError:
    return _fail("archive-newer-schema", where,
                 f"存档数据库 {where} 的结构版本({found})比本程序认识的({known})新,是由更新版本的 kpi-report 写入的",
                 f"the archive {where} has schema revision {found}, newer than this program knows ({known}); "
                 "a newer kpi-report wrote it", "请把 kpi-report 升级到最新版本后再使用该存档;本程序不会修改它",
                 "upgrade kpi-report to the newest version to use this archive; this program leaves it untouched",
                 found)


def unreachable(where: str, detail: str) -> KpiError:
    return _fail("archive-unreachable", where, f"无法连接存档数据库 {where}", f"cannot connect to the archive {where}",
                 "检查数据库地址、账号、密码,以及数据库服务器是否在运行",
                 "check the address, user and password, and that the database server is running", detail)


def _other(where: str, detail: str) -> KpiError:
    return _fail("archive-error", where, f"存档数据库 {where} 出错", f"the archive {where} failed",
                 "查看错误详情;问题持续时把它发给维护人员", "see the detail; if it persists, send it to the maintainers",
                 detail)


def _classify(error: BaseException, where: str, seconds: float) -> KpiError:
    orig = getattr(error, "orig", None) or error
    detail = f"{type(orig).__name__}: {orig}".strip()
    message = str(orig).lower()
    state = getattr(orig, "sqlstate", None) or ""
    if "database is locked" in message or "database table is locked" in message or state == "55P03":
        return locked(where, seconds, detail)
    if "readonly" in message or "read-only" in message or state in ("25006", "42501"):
        return readonly(where, detail)
    if "not a database" in message or "malformed" in message or "disk image" in message:
        return corrupt(where, detail)
    if "unable to open database file" in message:
        return readonly(where, detail)  # the folder cannot be written (SQLite creates its files there)
    if state.startswith("08") or ("connection" in message and ("refused" in message or "failed" in message)):
        return unreachable(where, detail)
    return _other(where, detail)


class Database:
    """The engine and the two kinds of transaction the repository uses."""

    def __init__(self, engine: Engine, where: str, busy_timeout: float):
        self.engine = engine
        self.where = where  # for messages: the file, or the URL without its password
        self.busy_timeout = busy_timeout

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def translated(self) -> Iterator[None]:
        """Database failures become KpiErrors; a KpiError raised by the repository passes through."""
        try:
            yield
        except KpiError:
            raise
        except (exc.DBAPIError, sqlite3.Error) as error:
            raise _classify(error, self.where, self.busy_timeout) from error
        except exc.SQLAlchemyError as error:
            raise _other(self.where, f"{type(error).__name__}: {error}") from error

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.translated(), Session(self.engine) as session, session.begin():
            yield session

    @contextmanager
    def write(self, *lock_tables: str) -> Iterator[Session]:
        """One transaction that writes. SQLite takes its write lock at BEGIN (IMMEDIATE), so two writers
        queue instead of failing half-way; PostgreSQL locks the named tables against other writers (plain
        reads go on), so two runs of one period cannot both become revision 2."""
        with self.translated(), self.engine.connect() as conn:
            conn.execution_options(**{_IMMEDIATE: True})
            with Session(bind=conn) as session, session.begin():
                if not self.is_sqlite:
                    for table in lock_tables:
                        session.execute(text(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE"))
                yield session

    def dispose(self) -> None:
        self.engine.dispose()


# ---- engine ------------------------------------------------------------------------------------


def _sqlite_events(engine: Engine, busy_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # SQLAlchemy, not the sqlite3 module, decides where transactions begin (see _begin)
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            try:
                cursor.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError as error:
                if "readonly" not in str(error).lower():  # a read-only file keeps its mode and can be read
                    raise
            cursor.execute("PRAGMA synchronous = NORMAL")  # safe with WAL: a crash loses no committed data
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_IMMEDIATE) else "BEGIN")


def _postgres_events(engine: Engine, busy_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {int(busy_timeout * 1000)}")
        dbapi_connection.commit()


def _engine(url: str, busy_timeout: float) -> tuple[Engine, str]:
    if "://" not in url:  # a bare path: a SQLite file
        url = f"sqlite:///{Path(url).expanduser().absolute()}"
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        uri = str(parsed.query.get("uri", "")).lower() in ("true", "1")
        where = database.removeprefix("file:") if database else url
        if database and database != ":memory:" and not uri:
            try:
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise readonly(where, f"{type(error).__name__}: {error}") from error
        engine = create_engine(parsed, connect_args={"timeout": busy_timeout})
        _sqlite_events(engine, busy_timeout)
        return engine, where
    where = parsed.render_as_string(hide_password=True)
    engine = create_engine(parsed, pool_pre_ping=True)
    if parsed.get_backend_name() == "postgresql":
        _postgres_events(engine, busy_timeout)
    return engine, where


# ---- migrations ----------------------------------------------------------------------------------


@contextmanager
def _alembic_config(connection: Connection | None = None) -> Iterator[Config]:
    with resources.as_file(resources.files("generator.archive") / "migrations") as folder:
        config = Config()
        config.set_main_option("script_location", str(folder))
        config.attributes["connection"] = connection
        yield config


def schema_head() -> str:
    """The newest schema revision this code knows."""
    with _alembic_config() as config:
        head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def _known_revisions() -> set[str]:
    with _alembic_config() as config:
        return {s.revision for s in ScriptDirectory.from_config(config).walk_revisions()}


def migrate(db: Database, target: str = "head") -> None:
    """Bring the schema forward to `target` in one transaction; refuse a database from a newer program."""
    wanted = schema_head() if target == "head" else target

    def up_to_date(conn: Connection) -> bool:
        current = set(MigrationContext.configure(conn).get_current_heads())
        unknown = current - _known_revisions()
        if unknown:
            raise newer_schema(db.where, ", ".join(sorted(unknown)), schema_head())
        return current == {wanted}

    with db.translated():
        # The usual case first, reading only: an up-to-date archive opens while another program
        # writes to it, and Alembic's env.py is not even loaded.
        with db.engine.connect() as conn, conn.begin():
            if up_to_date(conn):
                return
        with db.engine.connect() as conn:
            conn.execution_options(**{_IMMEDIATE: True})
            with conn.begin():
                if db.engine.dialect.name == "postgresql":  # SQLite: BEGIN IMMEDIATE already serialises
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
                if up_to_date(conn):  # another program migrated it meanwhile
                    return
                with _alembic_config(conn) as config:
                    command.upgrade(config, target)


def open_archive(url: str | Path, *, clock: Callable[[], datetime] = datetime.now,
                 busy_timeout: float = BUSY_TIMEOUT, migrate_to: str = "head") -> Archive:
    """The archive at `url`, created and migrated forward as needed. Release it with `.dispose()` (or use `with`).

    `migrate_to` exists for the migration tests (an archive left at an older schema revision).
    """
    from generator.archive.repository import Archive  # the repository builds on this module

    engine, where = _engine(str(url), busy_timeout)
    db = Database(engine, where, busy_timeout)
    try:
        migrate(db, migrate_to)
    except BaseException:
        db.dispose()
        raise
    return Archive(db, clock)


__all__ = ["BUSY_TIMEOUT", "Database", "migrate", "open_archive", "schema_head"]
