"""Roll-ups from the archive (generator/archive/rollup.py) on SQLite and on a real PostgreSQL server:
monthly totals side by side, sum, average, grade, competition ranking with ties sharing a place,
awards per quarter, a missing month shown as missing and never counted as 0; and the scheme's
`rollup:` section."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.archive import open_archive
from generator.archive.rollup import RollupError, build_rollup, parts_of, rollup_data
from generator.core.findings import KpiError
from generator.history.periods import parse
from generator.scheme.loader import load_builtin, parse_scheme
from generator.scheme.model import Scheme
from tests.archive_support import Clock, outcome, people
from tests.report_support import SCHEME_YAML

D = Decimal
ROLLUP_SUM = """
rollup:
  score: sum
  awards: {name: 季度优异奖, name_en: Quarterly excellence award, per: quarter, prizes: [800, 600, 300]}
"""


def scheme(extra: str = ROLLUP_SUM) -> Scheme:
    return parse_scheme(SCHEME_YAML + extra, "<rollup-test>")


@pytest.fixture
def archive(archive_url: str):
    with open_archive(archive_url, clock=Clock()) as a:
        yield a


def save_months(archive, tmp_path: Path, months: dict[str, list | None], department: str = "客服部") -> None:
    for period, who in months.items():
        archive.save(outcome(tmp_path / period / department, period=period, department=department, who=who,
                             input_sha256=f"{period}{department}".encode().hex()[:64].ljust(64, "0")))


def without(emp: str) -> list:
    return [p for p in people() if p[0] != emp]


def quarter(archive, s: Scheme | None = None, period: str = "2026Q4", department: str | None = None):
    found = s or scheme()
    return build_rollup(archive, parse(period), lambda sid: found if sid == "presales-test" else None, department)


def test_quarter_ranking_ties_share_a_place_and_a_missing_month_is_missing(archive, tmp_path: Path) -> None:
    # every month 张三 E001 and 赵六 E005 both score 100 (a tie); 张三 E004 has no result in November
    save_months(archive, tmp_path, {"2026-10": None, "2026-11": without("E004"), "2026-12": None})
    (team,) = quarter(archive).teams
    assert team.parts == ("2026-10", "2026-11", "2026-12") and team.held == team.parts and team.missing == ()
    assert team.averages == (D("75.61"), D("87.75"), D("75.61"))
    got = {e.employee_id: e for e in team.employees}
    assert [e.employee_id for e in team.employees] == ["E001", "E005", "E002", "E003", "E004"]
    assert [(e.rank, f"{e.sum:f}", f"{e.average:f}", e.grade) for e in team.employees] == [
        (1, "300.00", "100.00", "优"), (1, "300.00", "100.00", "优"), (3, "250.59", "83.53", "良"),
        (4, "202.41", "67.47", "基本合格"), (None, "54.14", "27.07", "不合格")]
    # two firsts both get 800; the next is third (not second) and gets 300; nobody gets 600
    assert [(a.period, a.place, a.amount, a.final) for a in got["E001"].awards] == [("2026Q4", 1, D(800), True)]
    assert [(a.place, a.amount) for a in got["E005"].awards] == [(1, D(800))]
    assert [(a.place, a.amount) for a in got["E002"].awards] == [(3, D(300))]
    assert got["E003"].awards == () and got["E004"].awards == ()
    # November is missing for E004: shown as missing, the average is over the two months there are
    e4 = got["E004"]
    assert e4.totals == (D("27.07"), None, D("27.07")) and e4.missing == ("2026-11",)
    assert e4.score == D("54.14") and e4.rank is None
    data = rollup_data(quarter(archive))
    (row4,) = [e for e in data["teams"][0]["employees"] if e["employee_id"] == "E004"]
    assert row4["totals"] == {"2026-10": "27.07", "2026-11": None, "2026-12": "27.07"}
    assert (row4["sum"], row4["average"], row4["grade"], row4["rank"], row4["awards"]) == (
        "54.14", "27.07", "不合格", None, [])
    assert data["teams"][0]["awards_total"] == "1900"


def test_a_missing_month_never_wins_as_zero_or_as_a_shorter_sum(archive, tmp_path: Path) -> None:
    # 赵六 E005 misses October: by the two months he has he would tie for first; he is not ranked
    save_months(archive, tmp_path, {"2026-10": without("E005"), "2026-11": None, "2026-12": None})
    team = quarter(archive, scheme("rollup: {score: average, awards: {prizes: [500, 300, 200]}}\n")).teams[0]
    ranked = [(e.employee_id, e.rank, e.award_total) for e in team.employees]
    assert ranked == [("E001", 1, D(500)), ("E002", 2, D(300)), ("E003", 3, D(200)), ("E004", 4, D(0)),
                      ("E005", None, D(0))]
    assert team.employees[-1].average == D("100.00")  # over the two months he has: never (0 + 100 + 100) / 3


def test_uses_the_current_revision_and_marks_awards_provisional_until_the_quarter_is_complete(
        archive, tmp_path: Path) -> None:
    save_months(archive, tmp_path, {"2026-10": None, "2026-11": None})
    archive.save(outcome(tmp_path / "again", period="2026-11", who=people(E003={2: 80}), input_sha256="b" * 64))
    (team,) = quarter(archive).teams
    assert team.held == ("2026-10", "2026-11") and team.missing == ("2026-12",)
    got = {e.employee_id: e for e in team.employees}
    assert got["E003"].totals == (D("67.47"), D("83.47"), None)  # revision 2 of November, December missing
    assert got["E003"].missing == () and got["E003"].rank == 4  # the team's gap is nobody's own
    assert [(a.amount, a.final) for a in got["E001"].awards] == [(D(800), False)]


def test_a_year_awards_each_quarter_separately_and_the_department_filter(archive, tmp_path: Path) -> None:
    save_months(archive, tmp_path, {"2026-03": without("E001"), "2026-10": None, "2026-11": None, "2026-12": None})
    save_months(archive, tmp_path, {"2026-10": None}, department="呼叫中心")
    year = quarter(archive, period="2026", department="客服部")
    (team,) = year.teams
    assert len(team.parts) == 12 and team.held == ("2026-03", "2026-10", "2026-11", "2026-12")
    e5 = next(e for e in team.employees if e.employee_id == "E005")
    # Q1 (only March archived, E001 absent): E005 alone first, provisional; Q4: tied first with E001
    assert [(a.period, a.place, a.amount, a.final) for a in e5.awards] == [
        ("2026Q1", 1, D(800), False), ("2026Q4", 1, D(800), True)]
    assert e5.award_total == D(1600) and e5.rank == 1
    e1 = next(e for e in team.employees if e.employee_id == "E001")
    assert e1.rank is None and e1.missing == ("2026-03",) and [a.period for a in e1.awards] == ["2026Q4"]
    both = quarter(archive)
    assert sorted(t.department for t in both.teams) == ["呼叫中心", "客服部"]
    h2 = quarter(archive, period="2026H2", department="客服部").teams[0]
    assert h2.parts == tuple(f"2026-{m:02d}" for m in range(7, 13)) and "2026-03" not in h2.held


def test_nothing_archived_unknown_scheme_and_a_month_are_errors(archive, tmp_path: Path) -> None:
    with pytest.raises(RollupError) as nothing:
        quarter(archive)
    assert nothing.value.key == "rollup.nothing" and nothing.value.fields["months"] == "2026-10, 2026-11, 2026-12"
    save_months(archive, tmp_path, {"2026-10": None})
    with pytest.raises(RollupError) as unknown:
        build_rollup(archive, parse("2026Q4"), lambda sid: None)
    assert unknown.value.key == "rollup.unknown_scheme" and unknown.value.fields["scheme"] == "presales-test"
    with pytest.raises(RollupError) as elsewhere:
        quarter(archive, period="2026Q4", department="没有这个部门")
    assert elsewhere.value.key == "rollup.nothing_department"
    with pytest.raises(RollupError) as month:
        quarter(archive, period="2026-10")
    assert month.value.key == "rollup.month_period"


def test_parts_of_periods() -> None:
    assert [str(p) for p in parts_of(parse("2026H2"), "quarter")] == ["2026Q3", "2026Q4"]
    assert [str(p) for p in parts_of(parse("2026"), "half")] == ["2026H1", "2026H2"]
    assert parts_of(parse("2026Q4"), "year") == []


def test_rollup_section_of_the_scheme_file() -> None:
    presales, callcenter = load_builtin("presales-ecommerce"), load_builtin("callcenter-rep")
    assert presales.rollup.score == "sum" and presales.rollup.awards.prizes == (D(800), D(600), D(300))
    assert presales.rollup.awards.per == "quarter" and presales.rollup.awards.name == "季度优异奖"
    assert "季度优异奖" in presales.notes and "名次并列" in callcenter.notes
    assert callcenter.rollup.score == "average" and callcenter.rollup.awards.prizes == (D(500), D(300), D(200))
    assert load_builtin("gs-team").rollup.score == "average" and load_builtin("gs-team").rollup.awards is None
    for bad, code in (("rollup: {score: median}\n", "scheme-bad-value"),
                      ("rollup: {awards: {prizes: [800, -1]}}\n", "scheme-bad-value"),
                      ("rollup: {awards: {per: month, prizes: [1]}}\n", "scheme-bad-value"),
                      ("rollup: {awards: {}}\n", "scheme-missing-key"),
                      ("rollup: {scor: sum}\n", "scheme-unknown-key")):
        with pytest.raises(KpiError) as error:
            scheme(bad)
        assert [f.code for f in error.value.findings] == [code], bad
        assert error.value.findings[0].line == SCHEME_YAML.count("\n") + 1  # the rollup line
