"""`kpi-report watch` on real folders: what is taken and when, where every file ends up, what is handed
back, and that nothing is ever replaced or lost. The service as a process: tests/test_watch_service.py."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.archive import open_archive
from generator.cli import app
from generator.watch.claim import hold, move_new
from generator.watch.ignore import blocking_owner, is_candidate_name, owner_names, scan, skipped_dirs
from generator.watch.stability import OPEN, OWNER, WRITING, Tracker, open_for_writing
from tests.watch_support import INVALID, journal_rows, placed, revisions, sha, workbook

runner = CliRunner()


def once(inbox: Path, out: Path, *extra: str) -> tuple[int, str]:
    res = runner.invoke(app, ["watch", str(inbox), "--out", str(out), "--once", "--jobs", "1",
                              "--quiet-seconds", "0.2", *extra])
    return res.exit_code, res.output


# ---- names --------------------------------------------------------------------------------------

def test_helper_temp_and_hidden_files_are_never_candidates() -> None:
    for name in ("a.xlsx", "考核 10月.xlsm", "B.XLSX"):
        assert is_candidate_name(name), name
    for name in ("~$a.xlsx", ".~lock.a.xlsx#", "a.tmp", "~WRL0001.tmp", ".a.xlsx", "a.xlsx.part", "a.xlsx.crdownload",
                 "a-批注.xlsx", "a-annotated.xlsx", "a.csv", "a.xls", "a.xlsx.swp"):
        assert not is_candidate_name(name), name
    assert owner_names("report.xlsx") == ("~$report.xlsx", ".~lock.report.xlsx#", "~$eport.xlsx", "~$port.xlsx")


def test_an_owner_or_lock_file_blocks_its_workbook_only(tmp_path: Path) -> None:
    book, other = tmp_path / "考核表.xlsx", tmp_path / "other.xlsx"
    for p in (book, other):
        p.write_bytes(b"x")
    assert blocking_owner(book) is None
    for helper in ("~$考核表.xlsx", ".~lock.考核表.xlsx#"):
        (tmp_path / helper).write_bytes(b"owner")
        assert blocking_owner(book) == tmp_path / helper and blocking_owner(other) is None
        (tmp_path / helper).unlink()


def test_a_recursive_scan_skips_the_watchers_own_folders(tmp_path: Path) -> None:
    for rel in ("a.xlsx", "sub/b.xlsx", "已处理/2026-10/c.xlsx", "退回/d.xlsx", "处理中/x/e.xlsx", ".hidden/f.xlsx"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x")
    skip = skipped_dirs(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in scan(tmp_path, True, skip)] == ["a.xlsx", "sub/b.xlsx"]
    assert [p.name for p in scan(tmp_path, False, skip)] == ["a.xlsx"]


# ---- when a file is finished (the tracker is given the time: nothing here waits) --------------

def test_a_file_is_ready_only_after_a_quiet_period_without_change(tmp_path: Path) -> None:
    f = tmp_path / "a.xlsx"
    f.write_bytes(b"12")
    tracker = Tracker(quiet=2.0, stuck=60.0, check_writers=False)
    tracker.add(f)
    assert tracker.poll(100.0)[0] == []  # first sight
    assert tracker.poll(101.5)[0] == []
    with f.open("ab") as fh:  # a piece more arrives
        fh.write(b"34")
    assert tracker.poll(102.5)[0] == []
    assert tracker.poll(104.0)[0] == []  # 1.5 s after the change
    assert tracker.poll(104.6)[0] == [f]


def test_a_paused_writer_or_an_owner_file_holds_it_and_a_long_wait_is_reported_once(tmp_path: Path) -> None:
    f = tmp_path / "a.xlsx"
    f.write_bytes(b"12")
    tracker = Tracker(quiet=1.0, stuck=30.0, check_writers=False)
    tracker.hint(f, "modified")  # inotify: written, not yet closed
    tracker.poll(0.0)
    assert tracker.poll(5.0) == ([], []) and tracker.waiting() == {f: WRITING}
    tracker.hint(f, "closed")
    assert tracker.poll(6.0)[0] == [f]
    owner = tmp_path / "~$a.xlsx"
    owner.write_bytes(b"me")
    assert tracker.poll(7.0)[0] == [] and tracker.waiting() == {f: OWNER}
    ready, stuck = tracker.poll(31.0)
    assert ready == [] and [(p, why) for p, why, _ in stuck] == [(f, OWNER)]
    assert tracker.poll(40.0) == ([], [])  # reported once
    assert tracker.settled()  # --once stops here: a person has it open
    owner.unlink()
    assert tracker.poll(41.0)[0] == [f]


def test_a_process_holding_the_file_open_for_writing_is_seen(tmp_path: Path) -> None:
    f = tmp_path / "a.xlsx"
    with f.open("wb") as fh:
        fh.write(b"half")
        child = os.fork()
        if child == 0:  # another process, as a copier or smbd would be; it holds the inherited handle
            try:
                os.read(os.open(os.devnull, os.O_RDONLY), 1)
                import time
                time.sleep(30)
            finally:
                os._exit(0)
    try:
        assert open_for_writing(f)
        tracker = Tracker(quiet=0.0, stuck=60.0)
        tracker.add(f)
        tracker.poll(0.0)
        assert tracker.poll(1.0)[0] == [] and tracker.waiting() == {f: OPEN}
    finally:
        os.kill(child, 9)
        os.waitpid(child, 0)
    assert not open_for_writing(f)


# ---- claim and move -----------------------------------------------------------------------------

def test_a_held_file_cannot_be_held_twice_and_moves_never_replace(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    a.write_bytes(b"aaa")
    b.write_bytes(b"bbb")
    held = hold(a)
    assert held is not None and hold(a) is None
    held.release()
    assert hold(a) is not None
    with pytest.raises(FileExistsError):
        move_new(a, b)
    assert a.read_bytes() == b"aaa" and b.read_bytes() == b"bbb"
    move_new(a, tmp_path / "sub" / "c.xlsx")
    assert not a.exists() and (tmp_path / "sub" / "c.xlsx").read_bytes() == b"aaa"


# ---- a whole pass (--once) -----------------------------------------------------------------------

def test_once_accepts_returns_and_recognises_duplicates_and_leaves_helpers_alone(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    good = workbook(inbox / "售后一组.xlsx", "售后一组")
    same = inbox / "重发的售后一组.xlsx"
    shutil.copyfile(good, same)
    shutil.copyfile(INVALID, inbox / "缺列.xlsx")
    open_book = workbook(inbox / "还在编辑.xlsx", "售后二组")
    (inbox / "~$还在编辑.xlsx").write_bytes(b"owner")
    helpers = {"~$售后一组.xlsx.tmp": b"t", ".~lock.x.xlsx#": b"l", "~WRL0001.tmp": b"w", ".hidden.xlsx": b"h"}
    for name, data in helpers.items():
        (inbox / name).write_bytes(data)
    (inbox / "已处理" / "2026-10").mkdir(parents=True)
    (inbox / "已处理" / "2026-10" / "售后一组.xlsx").write_bytes(b"an older file of that name")
    digests = {p.name: sha(p) for p in (good, inbox / "缺列.xlsx")}

    code, output = once(inbox, out)
    assert code == 1, output  # one workbook was rejected
    where = placed(inbox)
    done = {p.relative_to(inbox).as_posix() for p in where["done"]}
    assert done == {"已处理/2026-10/售后一组.xlsx", "已处理/2026-10/售后一组-2.xlsx", "已处理/2026-10/重发的售后一组.xlsx"}
    assert (inbox / "已处理" / "2026-10" / "售后一组.xlsx").read_bytes() == b"an older file of that name"
    assert sha(inbox / "已处理" / "2026-10" / "售后一组-2.xlsx") == digests["售后一组.xlsx"]
    assert [p.name for p in where["returned"]] == ["缺列.xlsx"] and where["claimed"] == []
    assert sha(inbox / "退回" / "缺列.xlsx") == digests["缺列.xlsx"]
    note = (inbox / "退回" / "缺列-说明.txt").read_text(encoding="utf-8-sig")
    assert "没有通过检查" in note and "如何修改" in note and "缺列-批注.xlsx" in note
    assert (inbox / "退回" / "缺列-批注.xlsx").is_file()
    dup_note = (inbox / "已处理" / "2026-10" / "重发的售后一组-说明.txt").read_text(encoding="utf-8-sig")
    assert "内容完全相同" in dup_note and "售后一组.xlsx" in dup_note
    # a workbook still open in Excel waits; helpers and hidden files are never touched
    assert open_book.is_file() and (inbox / "~$还在编辑.xlsx").is_file()
    for name, data in helpers.items():
        assert (inbox / name).read_bytes() == data
    # the reports, the archive and the journal agree
    assert sorted(p.name for p in (out / "2026-10" / "售后一组").rglob("*.pdf")) == [
        "团队汇总.pdf", "张伟_AS1001.pdf", "王芳_AS1002.pdf"]
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    assert revisions(url) == [("售后一组", 1)]
    rows = journal_rows(url)
    assert {(r["name"], r["state"], r["result"], bool(r["is_primary"])) for r in rows} == {
        ("重发的售后一组.xlsx", "done", "duplicate", False), ("售后一组.xlsx", "done", "accepted", True),
        ("缺列.xlsx", "done", "rejected", True)}
    lines = output.splitlines()
    assert any("领取 售后一组.xlsx" in x for x in lines) and any("重复 重发的售后一组.xlsx" in x for x in lines)
    assert any("等待 还在编辑.xlsx" in x and "Excel" in x for x in lines)

    # the status of the queue, and the same bytes dropped again later under a third name
    shutil.copyfile(inbox / "已处理" / "2026-10" / "售后一组-2.xlsx", inbox / "again.xlsx")
    code, output = once(inbox, out, "--lang", "en", "--log-json")
    events = [json.loads(x) for x in output.splitlines() if x.startswith("{")]
    assert [e["event"] for e in events if e["event"] in ("duplicate", "accepted")] == ["duplicate"]
    assert (inbox / "已处理" / "2026-10" / "again-notes.txt").is_file()
    res = runner.invoke(app, ["watch", str(inbox), "--out", str(out), "--status", "--json"])
    status = json.loads(res.stdout)
    assert status["accepted_today"] == 1 and status["rejected_today"] == 1 and status["duplicates_today"] == 2
    assert [Path(p).name for p in status["waiting"]] == ["还在编辑.xlsx"] and status["in_progress"] == []


def test_a_closed_period_is_handed_back_and_may_be_dropped_again_after_reopening(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    workbook(inbox / "a.xlsx", "售后一组")
    assert once(inbox, out)[0] == 0
    with open_archive(tmp_path / "archive.db") as archive:
        archive.close("售后一组", "2026-10", by="王主管")
    workbook(inbox / "b.xlsx", "售后一组", employees=3)  # a changed workbook: a new revision
    code, output = once(inbox, out)
    assert code == 1 and (inbox / "退回" / "b.xlsx").is_file()
    assert "封存" in (inbox / "退回" / "b-说明.txt").read_text(encoding="utf-8-sig")
    with open_archive(tmp_path / "archive.db") as archive:
        archive.reopen("售后一组", "2026-10", by="王主管", reason="补录")
    shutil.copyfile(inbox / "退回" / "b.xlsx", inbox / "b.xlsx")
    assert sha(inbox / "b.xlsx") == sha(inbox / "退回" / "b.xlsx")
    assert once(inbox, out)[0] == 0  # not called a duplicate: the refusal was the archive's, not the workbook's
    assert revisions(f"sqlite:///{tmp_path / 'archive.db'}") == [("售后一组", 1), ("售后一组", 2)]


def test_a_missing_inbox_is_a_usage_error(tmp_path: Path) -> None:
    res = runner.invoke(app, ["watch", str(tmp_path / "nope"), "--once"])
    assert res.exit_code == 2 and "不存在" in res.output
    res = runner.invoke(app, ["watch", "--once"], env={"KPI_REPORT_INBOX": ""})
    assert res.exit_code == 2 and "投递文件夹" in res.output
