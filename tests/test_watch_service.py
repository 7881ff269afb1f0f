"""`kpi-report watch` as a real service process: files arriving the ways Excel, WPS and slow copies write
them, with native events and with polling; SIGTERM; two watchers on one inbox (SQLite and PostgreSQL).

Nothing here sleeps for a fixed time to let something happen: each step waits for its outcome (a
log line, a file in place) with a generous deadline. The writers do pause, since a pause is the case
under test, and the assertion is that nothing was taken half-written.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from tests.watch_support import INVALID, journal_rows, placed, revisions, sha, start, wait_for, workbook


def _write_slowly(source: bytes, target: Path, pieces: int, pause: float, long_pause: float) -> None:
    """A copy in pieces; half-way it stalls for longer than the quiet period with the file still open."""
    size = len(source) // pieces + 1
    with target.open("wb") as fh:
        for n in range(pieces):
            fh.write(source[n * size:(n + 1) * size])
            fh.flush()
            time.sleep(long_pause if n == pieces // 2 else pause)


@pytest.mark.parametrize("mode", ["events", "poll"])
def test_the_service_takes_each_file_once_and_only_when_finished(mode: str, tmp_path: Path) -> None:
    inbox, out, log = tmp_path / "inbox", tmp_path / "out", tmp_path / "watch.log"
    inbox.mkdir()
    src = tmp_path / "src"
    books = {name: workbook(src / name, dept) for name, dept in
             (("excel.xlsx", "一组"), ("slow.xlsx", "二组"), ("wps.xlsx", "三组"))}
    digests = {name: sha(p) for name, p in books.items()}
    extra = ["--poll", "0.5"] if mode == "poll" else []
    service = start(inbox, out, log, "--quiet-seconds", "1", *extra)
    try:
        wait_for(lambda: "开始监视" in log.read_text(encoding="utf-8"), "the service started", proc=service.proc, log=log)

        # Excel: owner file first, the save written to a temporary name, renamed over; then the owner goes
        owner = inbox / "~$excel.xlsx"
        owner.write_bytes(b"owner")
        tmp = inbox / "~WRL0001.tmp"
        shutil.copyfile(books["excel.xlsx"], tmp)
        os.replace(tmp, inbox / "excel.xlsx")
        # a slow writer that stalls (3 s, the quiet period is 1 s) with the file open
        _write_slowly(books["slow.xlsx"].read_bytes(), inbox / "slow.xlsx", pieces=6, pause=0.2, long_pause=3.0)
        # WPS / LibreOffice: a lock file while open, a .tmp name while saving
        lock = inbox / ".~lock.wps.xlsx#"
        lock.write_text("user", encoding="utf-8")
        shutil.copyfile(books["wps.xlsx"], inbox / "wps.xlsx.tmp")
        os.replace(inbox / "wps.xlsx.tmp", inbox / "wps.xlsx")
        # the slow copy is finished: taken in full (a half file would be rejected)
        wait_for(lambda: any("通过 slow.xlsx" in x for x in service.lines()), "slow.xlsx accepted", proc=service.proc,
                 log=log)
        assert (inbox / "excel.xlsx").is_file() and (inbox / "wps.xlsx").is_file()  # still open in Excel / WPS
        owner.unlink()
        lock.unlink()
        wait_for(lambda: len(placed(inbox)["done"]) == 3, "all three in 已处理/", proc=service.proc, log=log)
        # a file manager's move from elsewhere on the disk: it appears whole, with no write and no close-write
        moved = workbook(src / "moved.xlsx", "四组")
        digests["moved.xlsx"] = sha(moved)
        os.replace(moved, inbox / "moved.xlsx")
        wait_for(lambda: len(placed(inbox)["done"]) == 4, "the moved-in file taken", proc=service.proc, log=log)
        # a copy that stopped half-way (the copier gave up): handed back, not processed as a workbook
        data = books["excel.xlsx"].read_bytes()
        (inbox / "broken.xlsx").write_bytes(data[: len(data) // 2])
        wait_for(lambda: len(placed(inbox)["returned"]) == 1, "the half copy handed back", proc=service.proc, log=log)
        assert service.term() == 0  # SIGTERM: a clean stop
    finally:
        service.abort()
    lines = service.lines()
    assert any("SIGTERM" in x for x in lines) and "已停止" in lines[-1]
    where = placed(inbox)
    assert {p.name: sha(p) for p in where["done"]} == digests
    assert [p.name for p in where["returned"]] == ["broken.xlsx"] and where["claimed"] == []
    assert sum("领取" in x for x in lines) == 5 and not any("失败" in x for x in lines)
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    assert revisions(url) == [("一组", 1), ("三组", 1), ("二组", 1), ("四组", 1)]
    assert [r["attempts"] for r in journal_rows(url)] == [1, 1, 1, 1, 1]
    for dept in ("一组", "二组", "三组", "四组"):
        assert len(list((out / "2026-10" / dept).rglob("*.pdf"))) == 3


def test_two_watchers_on_one_inbox_never_process_a_file_twice(archive_url: str, tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    staged = tmp_path / "staged"
    names = []
    for n in range(5):
        names.append(workbook(staged / f"team{n}.xlsx", f"客服{n}组").name)
    shutil.copyfile(staged / "team0.xlsx", staged / "team0-again.xlsx")
    shutil.copyfile(INVALID, staged / "invalid.xlsx")
    services = [start(inbox, out, tmp_path / f"w{i}.log", "--quiet-seconds", "0.5", "--archive", archive_url)
                for i in range(2)]
    try:
        for s in services:
            wait_for(lambda s=s: "开始监视" in s.log.read_text(encoding="utf-8"), "both started", proc=s.proc, log=s.log)
        for p in sorted(staged.iterdir()):  # every file appears at once to both
            os.replace(p, inbox / p.name)
        wait_for(lambda: len(placed(inbox)["done"]) + len(placed(inbox)["returned"]) == 7, "all 7 handed back",
                 log=services[0].log)
        for s in services:
            assert s.term() == 0
    finally:
        for s in services:
            s.abort()
    rows = journal_rows(archive_url)
    assert len(rows) == 7 and {r["state"] for r in rows} == {"done"}
    assert sorted(r["result"] for r in rows) == ["accepted"] * 5 + ["duplicate", "rejected"]
    assert len({r["sha256"] for r in rows if r["is_primary"]}) == 6  # each content processed by one row
    assert revisions(archive_url) == [(f"客服{n}组", 1) for n in range(5)]
    claimed = [x for s in services for x in s.lines() if "领取" in x]
    assert len(claimed) == 6  # the duplicate is not claimed for work
