"""Periods in schemes and workbooks: `period:` and `cutoff_day:` checked with their line, the 考核周期 cell
read in every accepted spelling and kept canonical, a period of another kind refused with both readings,
and the template writing the canonical period with the accepted forms explained."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest

from generator.history.periods import parse
from generator.report.context import ReportMeta
from generator.scheme.loader import check_scheme, load_builtin, schemes_dir
from generator.scheme.registry import SchemeRegistry
from generator.workbook import layout as L
from generator.workbook import load_workbook_input
from generator.workbook.normalize import parse_period
from generator.workbook.template import HeaderInfo, write_template
from tests.fixtures.samples import sample_rows


@pytest.mark.parametrize(("raw", "fmt_id", "canonical"), [
    ("2026-10", 0, "2026-10"), ("2026年10月", 0, "2026-10"), ("2026/10", 0, "2026-10"), (202610, 0, "2026-10"),
    (dt.datetime(2026, 10, 5), 14, "2026-10"), (dt.date(2026, 10, 1), 0, "2026-10"), (46296, 57, "2026-10"),
    ("2026Q4", 0, "2026Q4"), ("2026年第四季度", 0, "2026Q4"), ("2026年第4季度", 0, "2026Q4"), ("2026年四季度", 0, "2026Q4"),
    ("2026H2", 0, "2026H2"), ("2026年下半年", 0, "2026H2"), ("2026年上半年", 0, "2026H1"),
    ("2026", 0, "2026"), (2026, 0, "2026"), ("2026年度", 0, "2026"), ("2026年", 0, "2026"),
    (" ２０２６Ｑ４ ", 0, "2026Q4"),
    # not periods: words, a fifth quarter, and 2026.1 as a number (2026.10 typed in a General cell reads the same)
    ("十月", 0, None), ("2026Q5", 0, None), ("2026年第五季度", 0, None), (2026.1, 0, None), (None, 0, None),
])
def test_the_period_cell_is_read_in_every_accepted_form(raw: object, fmt_id: int, canonical: str | None) -> None:
    assert parse_period(raw, fmt_id) == canonical


def _yaml(base: str, **replace: str) -> str:
    text = (schemes_dir() / f"{base}.yaml").read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new, 1)
    return text


def test_builtin_periods_follow_the_seeds() -> None:
    gs, manager = load_builtin("gs-team"), load_builtin("cs-manager")
    assert (gs.period, gs.cutoff_day) == ("month", 25)
    assert "当月26日至下月25日" in gs.notes and "2026-09-26 至 2026-10-25" in gs.notes  # the reading, written down
    assert (manager.period, manager.cutoff_day) == ("quarter", None) and "季度考核分" in manager.notes
    assert all(load_builtin(s).cutoff_day is None for s in ("aftersales", "callcenter-rep", "presales-ecommerce"))


@pytest.mark.parametrize(("replace", "code", "key"), [
    ({"period: month\n": "period: fortnight\n"}, "scheme-period-kind", "period"),
    ({"cutoff_day: 25\n": "cutoff_day: 31\n"}, "scheme-cutoff-day", "cutoff_day"),
    ({"cutoff_day: 25\n": "cutoff_day: 0\n"}, "scheme-cutoff-day", "cutoff_day"),
    ({"cutoff_day: 25\n": "cutoff_day: 二十五\n"}, "scheme-cutoff-day", "cutoff_day"),
    ({"cutoff_day: 25\n": "cutoff_day: 25.5\n"}, "scheme-cutoff-day", "cutoff_day"),
])
def test_a_bad_period_or_cutoff_day_is_a_finding_at_its_line(replace: dict[str, str], code: str, key: str) -> None:
    text = _yaml("gs-team", **replace)
    scheme, findings = check_scheme(text, "gs.yaml")
    assert scheme is None
    (f,) = [f for f in findings if f.code == code]
    line = next(i for i, ln in enumerate(text.splitlines(), start=1) if ln.startswith(f"{key}:"))
    assert f.line == line and f.hint and f.hint_en


def test_half_year_and_year_schemes_load() -> None:
    for written, kind in (("half", "half"), ("half-year", "half"), ("year", "year"), ("Quarter", "quarter")):
        scheme, findings = check_scheme(_yaml("aftersales", **{"period: month\n": f"period: {written}\n"}))
        assert scheme is not None and scheme.period == kind, findings


def _registry_with(folder: Path, scheme_id: str, period: str) -> SchemeRegistry:
    text = _yaml("aftersales", **{"id: aftersales\n": f"id: {scheme_id}\n", "period: month\n": f"period: {period}\n"})
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{scheme_id}.yaml").write_text(text, encoding="utf-8")
    return SchemeRegistry.from_dirs([folder])


def _with_cell(path: Path, value: object, out: Path) -> Path:
    wb = openpyxl.load_workbook(path)
    wb[L.DATA_SHEET]["E3"] = value
    wb.save(out)
    return out


@pytest.mark.parametrize(("typed", "kind", "canonical"), [
    ("2026年第四季度", "quarter", "2026Q4"), ("2026年第4季度", "quarter", "2026Q4"), ("2026年四季度", "quarter", "2026Q4"),
    ("2026Q4", "quarter", "2026Q4"), ("2026H2", "half", "2026H2"), ("2026年下半年", "half", "2026H2"),
    ("2026年度", "year", "2026"), ("2026年", "year", "2026"), (2026, "year", "2026"),
])
def test_a_period_of_the_schemes_kind_is_read_canonical(tmp_path: Path, typed: object, kind: str, canonical: str) -> None:
    registry = _registry_with(tmp_path / "schemes", f"as-{kind}", kind)
    scheme = registry.get(f"as-{kind}")
    rows = sample_rows(load_builtin("aftersales"), 2)  # the same inputs under another id
    made = write_template(scheme, HeaderInfo(canonical, department="售后服务部"), tmp_path / "t.xlsx", rows)
    typed_in = _with_cell(made, typed, tmp_path / "typed.xlsx")
    label = parse(canonical).label()  # expected as written another way: 2026年第4季度, 2026年度 …
    loaded = load_workbook_input(typed_in, schemes=registry, expected_period=label)
    assert loaded.header.period == canonical
    assert list(loaded.findings) == [], [f.text() for f in loaded.findings]


def test_a_month_in_a_quarterly_workbook_names_both_readings(tmp_path: Path) -> None:
    scheme = load_builtin("cs-manager")
    made = write_template(scheme, HeaderInfo("2026Q4"), tmp_path / "q.xlsx", sample_rows(scheme, 2))
    loaded = load_workbook_input(_with_cell(made, "2026年10月", tmp_path / "m.xlsx"))
    (f,) = [f for f in loaded.findings if f.code == "period-kind-mismatch"]
    assert f.cell == "E3" and f.value == "2026年10月"
    assert "2026-10" in f.message and "月度" in f.message and "季度" in f.message and "cs-manager" in f.message
    assert "2026Q4" in f.hint and "monthly" in f.message_en and "quarterly" in f.message_en and "2026Q4" in f.hint_en
    assert loaded.findings.errors and "period-changed" not in {x.code for x in loaded.findings}


def test_a_quarter_in_a_monthly_workbook_is_refused(tmp_path: Path) -> None:
    scheme = load_builtin("gs-team")
    made = write_template(scheme, HeaderInfo("2026-10"), tmp_path / "m.xlsx", sample_rows(scheme, 2))
    loaded = load_workbook_input(_with_cell(made, "2026年第四季度", tmp_path / "q.xlsx"))
    (f,) = [f for f in loaded.findings if f.code == "period-kind-mismatch"]
    assert "2026Q4" in f.message and "2026-12" in f.hint  # the month the quarter ends in, as an example


def test_an_unreadable_period_hints_the_schemes_form(tmp_path: Path) -> None:
    scheme = load_builtin("cs-manager")
    made = write_template(scheme, HeaderInfo("2026Q4"), tmp_path / "q.xlsx", sample_rows(scheme, 2))
    loaded = load_workbook_input(_with_cell(made, "第四季", tmp_path / "bad.xlsx"))
    (f,) = [f for f in loaded.findings if f.code == "period-invalid"]
    assert f.hint.startswith("写成 2026Q4") and "2026年第四季度" in f.hint and "2026H2" in f.hint_en


def test_the_template_writes_the_canonical_period_and_explains_it(tmp_path: Path) -> None:
    manager = load_builtin("cs-manager")
    path = write_template(manager, HeaderInfo("2026年第四季度", department="客服中心"), tmp_path / "q.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb[L.DATA_SHEET]["E3"].value == "2026Q4"
    meta = {r[0]: r[1] for r in wb[L.META_SHEET].iter_rows(values_only=True)}
    assert meta["period"] == "2026Q4"
    text = "\n".join(str(c) for row in wb[L.INSTRUCTIONS_SHEET].iter_rows(values_only=True) for c in row if c)
    assert "2026-10-01 至 2026-12-31" in text and "本方案按季度考核" in text
    for form in ("2026年10月", "2026年第四季度", "2026H2", "2026年下半年", "2026年度"):
        assert form in text

    gs = write_template(load_builtin("gs-team"), HeaderInfo("2026年10月"), tmp_path / "gs.xlsx")
    wb = openpyxl.load_workbook(gs)
    assert wb[L.DATA_SHEET]["E3"].value == "2026-10"
    text = "\n".join(str(c) for row in wb[L.INSTRUCTIONS_SHEET].iter_rows(values_only=True) for c in row if c)
    assert "2026-09-26 至 2026-10-25" in text and re.search(r"月结日为每月 25 日", text)
    assert load_workbook_input(gs).header.period == "2026-10"


def test_report_heads_print_the_label_and_the_dates() -> None:
    def head(period: str, cutoff: int | None, lang: str = "zh") -> str:
        return ReportMeta(company="", department="", period=period, scheme_id="x", scheme_version="1", scheme_name="",
                          input_sha256="", generated_at=dt.datetime(2026, 11, 1), lang=lang, cutoff_day=cutoff).period_text()

    assert head("2026-10", 25) == "2026年10月(2026-09-26 至 2026-10-25)"
    assert head("2026-10", None) == "2026年10月"  # a calendar month needs no dates
    assert head("2026Q4", None) == "2026年第4季度(2026-10-01 至 2026-12-31)"
    assert head("2026H2", None) == "2026年下半年(2026-07-01 至 2026-12-31)"
    assert head("2026", None) == "2026年度(2026-01-01 至 2026-12-31)"
    assert head("2026-01", 25, "en") == "January 2026 (2025-12-26 – 2026-01-25)"
    assert head("not a period", 25) == "not a period"
