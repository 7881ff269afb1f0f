"""A real PostgreSQL server for the archive tests, started by the test session itself.

Debian's `postgresql` package (in the Makefile's APT_PACKAGES) provides initdb and pg_ctl under
/usr/lib/postgresql/<version>/bin. The server lives in a fresh folder under /tmp, listens only on a
Unix socket in that folder (no TCP port, so parallel sessions on one machine never collide) and is
stopped when the session ends. PostgreSQL refuses to run as root, and the machines and CI run as
root: then initdb and pg_ctl run as the `postgres` system user the package creates.

A server that cannot be started fails the tests that need it; it is never a skip.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SERVER_USER = "postgres"
# The tests' data is thrown away: durability costs time and buys nothing here.
FAST = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"


@dataclass(frozen=True)
class PgServer:
    folder: Path  # data directory, socket and log live under it
    startup_seconds: float

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    def url(self, database: str = "postgres", schema: str = "") -> str:
        url = f"postgresql+psycopg://{SERVER_USER}@/{database}?host={self.socket_dir}"
        # libpq's `options` puts every connection's tables into that schema
        return f"{url}&options=-csearch_path%3D{schema}" if schema else url

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), user=SERVER_USER, dbname="postgres", autocommit=True) as c:
            c.execute(sql)

    def create_database(self) -> str:
        """A new empty database (0.2 s each); its URL."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        self._admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def create_schema(self) -> str:
        """A new empty schema in the shared database (instant): what most tests need."""
        name = f"s_{uuid.uuid4().hex[:16]}"
        self._admin(f'CREATE SCHEMA "{name}"')
        return self.url("postgres", name)


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    pytest.fail("PostgreSQL is not installed: the archive tests need initdb and pg_ctl "
                "(Debian package `postgresql`; `make test` installs it)", pytrace=False)


def _as_server_user(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        pytest.fail(f"running as root, PostgreSQL needs the `{SERVER_USER}` system user "
                    "(created by the Debian package `postgresql`)", pytrace=False)
    return ["runuser", "-u", SERVER_USER, "--", *args]


def _run(args: list[str], what: str, log: Path | None = None) -> None:
    done = subprocess.run(_as_server_user(args), capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        extra = log.read_text(errors="replace")[-2000:] if log and log.is_file() else ""
        pytest.fail(f"PostgreSQL {what} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}\n{extra}",
                    pytrace=False)


def start_server() -> PgServer:
    started = time.perf_counter()
    bin_dir = _bin_dir()
    folder = Path(tempfile.mkdtemp(prefix="kpi-pg-"))
    data, sockets, log = folder / "data", folder / "socket", folder / "server.log"
    sockets.mkdir()
    if os.geteuid() == 0:
        entry = pwd.getpwnam(SERVER_USER)
        for p in (folder, sockets):
            os.chown(p, entry.pw_uid, entry.pw_gid)
    _run([str(bin_dir / "initdb"), "-D", str(data), "-U", SERVER_USER, "--auth=trust", "-E", "UTF8",
          "--locale=C", "--no-sync"], "initdb")
    options = f"-c listen_addresses='' -c unix_socket_directories='{sockets}' {FAST}"
    _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start"],
         "start", log)
    return PgServer(folder=folder, startup_seconds=time.perf_counter() - started)


def stop_server(server: PgServer) -> None:
    subprocess.run(_as_server_user([str(_bin_dir() / "pg_ctl"), "-D", str(server.folder / "data"),
                                    "-m", "immediate", "-w", "stop"]), capture_output=True, timeout=60)
    shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = start_server()
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture(params=["sqlite", "postgresql"])
def archive_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Every archive test runs twice: on a SQLite file in tmp_path (its folder not created yet) and on a
    fresh, empty PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive' / 'archive.db'}"
    server: PgServer = request.getfixturevalue("pg_server")
    return server.create_schema()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Like archive_url, but PostgreSQL gets a whole new database (0.2 s): for the migration tests."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive.db'}"
    server: PgServer = request.getfixturevalue("pg_server")
    return server.create_database()
