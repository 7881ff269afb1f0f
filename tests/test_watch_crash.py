"""kill -9 of a real `kpi-report watch` at random moments, restarted each time: no file lost, none processed
twice, no half-written report under a final name; journal, archive and output folders agree.

The suite runs a few rounds on SQLite and one on PostgreSQL; bench/bench_watch.py runs 20 and more files.
"""

from __future__ import annotations

from pathlib import Path

from tests.watch_support import check_exactly_once, crash_rounds, sha, stage


def test_kill_9_at_random_moments_loses_nothing_and_repeats_nothing(tmp_path: Path) -> None:
    files = stage(tmp_path / "staged", distinct=5)
    digests = {p.name: sha(p) for p in files}
    result = crash_rounds(tmp_path, files, rounds=4, seed=9)
    figures = check_exactly_once(tmp_path, digests, f"sqlite:///{tmp_path / 'archive.db'}")
    assert result["kills"] == 4 and figures["revisions"] == 5 and figures["pdfs"] == 15


def test_kill_9_with_a_postgresql_journal(tmp_path: Path, pg_server) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.create_schema()
    files = stage(tmp_path / "staged", distinct=2)
    digests = {p.name: sha(p) for p in files}
    crash_rounds(tmp_path, files, 2, 3, "--archive", url, "--poll", "0.5")
    assert check_exactly_once(tmp_path, digests, url)["revisions"] == 2
