"""The archive's repository on SQLite and on a real PostgreSQL server: revisions, exact decimals,
standings for the history rules, diff, sign-off, listing, history and export."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from generator.archive import EXPORT_COLUMNS, open_archive
from generator.core.findings import KpiError
from generator.history.consecutive import PeriodStanding
from generator.store.results import employee_dict
from tests.archive_support import Clock, outcome, people, totals

DEPT, SCHEME = "客服部", "presales-test"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def archive(archive_url: str, clock: Clock):
    with open_archive(archive_url, clock=clock) as a:
        yield a


def code(error: pytest.ExceptionInfo[KpiError]) -> str:
    return error.value.findings[0].code


def test_first_save_is_revision_1_with_every_employee_exactly_and_its_files(archive, tmp_path: Path,
                                                                            clock: Clock) -> None:
    o = outcome(tmp_path / "out")
    assert archive.save(o) == 1
    saved_at = clock.now
    (info,) = archive.revisions(DEPT, "2024-05")
    assert (info.revision, info.is_current, info.source, info.lang, info.employees) == (1, True, "run", "zh", 5)
    assert (info.company, info.scheme_id, info.scheme_version, info.scheme_hash) == (
        "杭州某电商有限公司", SCHEME, "2024.1", "h" * 64)
    assert (info.input_name, info.input_sha256, info.created_at) == ("客服部-2024-05.xlsx", "a" * 64, saved_at)
    assert info.average == o.team.average and info.generator_version
    rows = archive.period_results(DEPT, "2024-05")
    assert [r.employee_id for r in rows] == [r.employee.id for r in o.team.employees]  # ranked order
    for row, result in zip(rows, o.team.employees, strict=True):
        assert (row.total, row.grade, row.coefficient, row.rank, row.team_size) == (
            result.total, result.grade, result.coefficient, result.rank, result.team_size)
        assert row.bonus == result.bonus.amount and row.award == result.award
        assert row.pay_total == result.bonus.amount + (result.award or 0)
        assert row.result() == employee_dict(result, "zh")  # the whole results.json object, every number as text
    assert [f"{r.total:f}" for r in rows] == ["100.00", "100.00", "83.53", "67.47", "27.07"]
    files = archive.files(DEPT, "2024-05", SCHEME)
    assert sorted((f.kind, f.sha256, f.bytes, f.employee_id) for f in files) == sorted(
        (x.kind, x.sha256, x.size, x.employee_id or None) for x in o.outputs)
    assert archive.team(DEPT, "2024-05", SCHEME)["employees"] == 5


def test_a_sqlite_archive_is_created_with_its_folder_in_wal_mode(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "deep" / "er" / "archive.db"
    with open_archive(path) as archive:  # a bare path means SQLite
        assert archive.dialect == "sqlite" and archive.where == str(path)
        archive.save(outcome(tmp_path / "out"))
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_running_a_period_again_adds_a_current_revision_and_keeps_the_earlier_one(archive, tmp_path: Path) -> None:
    first = outcome(tmp_path / "a")
    second = outcome(tmp_path / "b", who=people(E002={2: 76}), input_sha256="b" * 64)
    assert archive.save(first) == 1
    assert archive.save(second) == 2
    assert [(r.revision, r.is_current, r.input_sha256[0]) for r in archive.revisions(DEPT, "2024-05")] == [
        (1, False, "a"), (2, True, "b")]
    assert totals(archive.period_results(DEPT, "2024-05"))["E002"] == "91.53"
    assert totals(archive.period_results(DEPT, "2024-05", revision=1))["E002"] == "83.53"  # still readable
    assert [f.sha256 for f in archive.files(DEPT, "2024-05", SCHEME, revision=1)] != [
        f.sha256 for f in archive.files(DEPT, "2024-05", SCHEME)]
    third = outcome(tmp_path / "c", input_sha256="c" * 64)
    assert archive.save(third) == 3  # back to the first results: still a new revision, nothing overwritten
    assert [r.revision for r in archive.revisions(DEPT, "2024-05") if r.is_current] == [3]
    # another scheme in the same department and period has its own revision numbers
    assert archive.save(outcome(tmp_path / "d", scheme_id="other")) == 1
    assert len(archive.period_results(DEPT, "2024-05")) == 10
    assert len(archive.period_results(DEPT, "2024-05", scheme_id="other")) == 5


def test_saving_an_unchanged_appraisal_again_stores_nothing(archive, tmp_path: Path) -> None:
    assert archive.save(outcome(tmp_path / "a")) == 1
    assert archive.save(outcome(tmp_path / "again")) == 1  # same input, scheme and results: same revision
    assert len(archive.revisions(DEPT, "2024-05")) == 1
    assert archive.save(outcome(tmp_path / "b", scheme_hash="g" * 64)) == 2  # the scheme's content changed
    assert archive.save(outcome(tmp_path / "c", scheme_hash="g" * 64), lang="en") == 3  # texts in English now
    assert archive.period_results(DEPT, "2024-05")[0].result()["pay"][0]["name"] == "performance bonus"
    assert archive.diff(DEPT, "2024-05") == []  # the numbers are the same


def test_diff_lists_exactly_the_employees_whose_total_grade_or_pay_changed(archive, tmp_path: Path) -> None:
    assert archive.diff(DEPT, "2024-05") == []  # nothing archived
    archive.save(outcome(tmp_path / "a"))
    assert archive.diff(DEPT, "2024-05") == []  # one revision: nothing to compare
    archive.save(outcome(tmp_path / "b", who=people(E004={3: 50}), input_sha256="b" * 64))
    (change,) = archive.diff(DEPT, "2024-05")
    assert (change.employee_id, change.kind, change.fields) == ("E004", "changed", ("total", "pay"))
    assert (change.old_revision, change.new_revision, change.old.total, change.new.total) == (
        1, 2, Decimal("27.07"), Decimal("36.67"))
    assert (change.old.pay_total, change.new.pay_total) == (Decimal("203.03"), Decimal("275.03"))
    # revision 3: 李四 improves a grade, 张三 (E004) leaves, 钱七 joins
    who = [p for p in people(E002={2: 76}, E004={3: 50}) if p[0] != "E004"] + [
        ("E006", "钱七", 60, 35, 1, 80, 80, 0, 0)]
    archive.save(outcome(tmp_path / "c", who=who, input_sha256="c" * 64))
    changes = {c.employee_id: c for c in archive.diff(DEPT, "2024-05")}
    assert {k: (c.kind, c.fields) for k, c in changes.items()} == {
        "E002": ("changed", ("total", "grade", "pay")), "E006": ("added", ()), "E004": ("removed", ())}
    assert (changes["E002"].old.grade, changes["E002"].new.grade) == ("良", "优")
    assert changes["E006"].old is None and changes["E004"].new is None
    # any two revisions on request
    assert [c.employee_id for c in archive.diff(DEPT, "2024-05", old=1, new=2)] == ["E004"]


def test_standings_and_averages_come_from_current_revisions_with_missing_periods_absent(archive,
                                                                                       tmp_path: Path) -> None:
    archive.save(outcome(tmp_path / "03", period="2024-03"))
    archive.save(outcome(tmp_path / "04", period="2024-04", who=[p for p in people() if p[0] != "E003"]))
    archive.save(outcome(tmp_path / "05", period="2024-05"))
    archive.save(outcome(tmp_path / "05b", period="2024-05", who=people(E004={3: 50}), input_sha256="b" * 64))
    archive.save(outcome(tmp_path / "x", period="2024-05", department="售后部"))  # another department
    periods = ["2024-03", "2024-04", "2024-05"]
    got = archive.standings(DEPT, SCHEME, ["E004", "E003", "E999"], periods)
    assert got["E004"] == {
        "2024-03": PeriodStanding("2024-03", Decimal("27.07"), 5, 5),
        "2024-04": PeriodStanding("2024-04", Decimal("27.07"), 4, 4),
        "2024-05": PeriodStanding("2024-05", Decimal("36.67"), 5, 5),  # revision 2 is current
    }
    assert set(got["E003"]) == {"2024-03", "2024-05"}  # not appraised in 2024-04: absent, never zero
    assert got["E999"] == {}
    assert archive.standings(DEPT, "other-scheme", ["E004"], periods) == {"E004": {}}
    assert archive.standings(DEPT, SCHEME, [], periods) == {}
    averages = archive.team_averages(DEPT, SCHEME, periods)
    assert set(averages) == set(periods) and all(isinstance(v, Decimal) for v in averages.values())


def test_close_and_reopen_are_logged_and_a_closed_period_takes_no_revision(archive, tmp_path: Path,
                                                                          clock: Clock) -> None:
    with pytest.raises(KpiError) as e:
        archive.close(DEPT, "2024-05", by="王主管")
    assert code(e) == "archive-nothing-to-close" and "客服部 2024-05" in e.value.findings[0].message
    archive.save(outcome(tmp_path / "a"))
    assert archive.is_closed(DEPT, "2024-05") is None
    signed = archive.close(DEPT, "2024-05", by="王主管")
    closed_at = clock.now
    assert archive.is_closed(DEPT, "2024-05") == signed and (signed.closed_by, signed.closed_at) == ("王主管", closed_at)
    with pytest.raises(KpiError) as e:
        archive.save(outcome(tmp_path / "b", who=people(E004={3: 50}), input_sha256="b" * 64))
    assert code(e) == "archive-period-closed"
    assert "王主管" in e.value.findings[0].message and "reopen" in e.value.findings[0].hint
    assert [r.revision for r in archive.revisions(DEPT, "2024-05")] == [1]  # nothing was stored
    with pytest.raises(KpiError) as e:
        archive.close(DEPT, "2024-05", by="李经理")
    assert code(e) == "archive-already-closed"
    with pytest.raises(KpiError) as e:
        archive.reopen(DEPT, "2024-05", by="王主管", reason="  ")
    assert code(e) == "archive-signoff-incomplete"
    entry = archive.reopen(DEPT, "2024-05", by="王主管", reason="李四的询单数据有误")
    reopened_at = clock.now
    assert archive.is_closed(DEPT, "2024-05") is None
    with pytest.raises(KpiError) as e:
        archive.reopen(DEPT, "2024-05", by="王主管", reason="again")
    assert code(e) == "archive-not-closed"
    assert archive.save(outcome(tmp_path / "b", who=people(E004={3: 50}), input_sha256="b" * 64)) == 2
    archive.close(DEPT, "2024-05", by="王主管")
    log = archive.signoff_log(DEPT, "2024-05")
    assert [(x.action, x.by, x.reason) for x in log] == [
        ("close", "王主管", None), ("reopen", "王主管", "李四的询单数据有误"), ("close", "王主管", None)]
    assert (log[0].at, log[1].at) == (closed_at, reopened_at) and log[1] == entry
    assert archive.is_closed("售后部", "2024-05") is None  # sign-off is per department and period


def test_list_periods_employee_history_and_export(archive, tmp_path: Path) -> None:
    archive.save(outcome(tmp_path / "04", period="2024-04"))
    archive.save(outcome(tmp_path / "05", period="2024-05"))
    archive.save(outcome(tmp_path / "05b", period="2024-05", who=people(E004={3: 50}), input_sha256="b" * 64))
    archive.save(outcome(tmp_path / "x", period="2024-05", department="售后部",
                         who=[p for p in people() if p[0] in ("E001", "E002")]))
    archive.close(DEPT, "2024-04", by="王主管")
    listed = [(p.period, p.department, p.scheme_id, p.revisions, p.current_revision, p.employees, p.closed)
              for p in archive.list_periods()]
    assert listed == [("2024-04", DEPT, SCHEME, 1, 1, 5, True), ("2024-05", "售后部", SCHEME, 1, 1, 2, False),
                      ("2024-05", DEPT, SCHEME, 2, 2, 5, False)]
    assert [p.department for p in archive.list_periods(department="售后部")] == ["售后部"]
    history = archive.employee_history("E004")
    assert [(h.period, h.department, h.revision, f"{h.total:f}") for h in history] == [
        ("2024-04", DEPT, 1, "27.07"), ("2024-05", DEPT, 2, "36.67")]
    assert [(h.period, h.department) for h in archive.employee_history("E001")] == [
        ("2024-04", DEPT), ("2024-05", "售后部"), ("2024-05", DEPT)]
    assert archive.employee_history("E999") == []
    rows = archive.export_rows(period="2024-05")
    assert len(rows) == 7 and all(list(r) == [c[0] for c in EXPORT_COLUMNS] for r in rows)
    e004 = next(r for r in rows if r["employee_id"] == "E004")
    assert (e004["total"], e004["revision"], e004["closed"], e004["pay_total"]) == (
        Decimal("36.67"), 2, False, Decimal("275.03"))
    assert [(r["period"], r["department"]) for r in archive.export_rows(employee_id="E002")] == [
        ("2024-04", DEPT), ("2024-05", "售后部"), ("2024-05", DEPT)]
    assert archive.export_rows(employee_id="E002", period="2024-04")[0]["closed"] is True
    assert len(archive.export_rows()) == 12 and archive.export_rows(period="2030-01") == []


def test_big_and_small_decimals_round_trip_exactly(archive, tmp_path: Path) -> None:
    """Beyond float precision (16 significant digits) and below it (0.1 has no exact float)."""
    folder = tmp_path / "old"
    folder.mkdir()
    big = {"id": "E100", "name": "周八", "position": "", "total": "12345678901234.56", "grade": "优",
           "coefficient": "0.1", "rank": 1, "team_size": 2, "pay_total": "12345678901234.66",
           "pay": [{"id": "bonus", "amount": "12345678901234.56"}, {"id": "award", "amount": "0.10"}]}
    small = {**big, "id": "E101", "total": "0.1", "coefficient": "1.30", "rank": 2, "pay_total": None, "pay": []}
    doc = {"schema_version": "1", "lang": "zh", "status": "accepted", "file": "old.xlsx", "sha256": "d" * 64,
           "key": {"company": "c", "department": DEPT, "period": "2023-12", "scheme_id": SCHEME,
                   "scheme_version": "1", "scheme_hash": ""},
           "team": {"average": "6172839450617.33"}, "files": [], "employees": [big, small]}
    (folder / "results.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert archive.import_results(folder) == 1
    one, two = archive.period_results(DEPT, "2023-12")
    assert (str(one.total), str(one.coefficient), str(one.bonus), str(one.award), str(one.pay_total)) == (
        "12345678901234.56", "0.1", "12345678901234.56", "0.10", "12345678901234.66")
    assert (str(two.total), str(two.coefficient), two.pay_total) == ("0.1", "1.30", None)
    assert one.total + two.total == Decimal("12345678901234.66")
    assert str(archive.revisions(DEPT, "2023-12")[0].average) == "6172839450617.33"
    assert archive.standings(DEPT, SCHEME, ["E100"], ["2023-12"])["E100"]["2023-12"].total == Decimal(
        "12345678901234.56")
