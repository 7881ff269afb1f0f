"""Page layout (issue 12, item 2): a form that fits one A4 page on paper fits one page here.

Every built-in scheme's employee PDF and its 8-person team PDF is one page, in Chinese and in
English. When a report truly needs two pages the break falls between sections and the sign-off
stays on the page with the result it signs.
"""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pypdf
import pytest

from generator import engine
from generator.engine.team import compute_team
from generator.model.results import EmployeeInput, TeamResult
from generator.report.context import ReportMeta
from generator.report.pdf import PdfWriter, employee_html, team_html
from generator.scheme.registry import SchemeRegistry
from tests.fixtures.samples import header_for, sample_rows

REGISTRY = SchemeRegistry.from_dirs()
SCHEMES = REGISTRY.ids()


@pytest.fixture(scope="module")
def writer() -> PdfWriter:
    return PdfWriter()


def sample_team(scheme_id: str, count: int = 8) -> tuple[TeamResult, dict[str, ReportMeta]]:
    s = REGISTRY.get(scheme_id)
    rows = sample_rows(s, count=count)
    team = compute_team(s, [engine.compute(s, EmployeeInput(employee=r.employee, values=r.values, comment=r.comment))
                            for r in rows])
    h = header_for(s)
    metas = {lang: ReportMeta(company=h.company, department=h.department, period=h.period, scheme_id=s.id,
                              scheme_version=s.version, scheme_name=s.name, scheme_name_en=s.name_en,
                              input_sha256="0" * 64, generated_at=datetime(2026, 11, 1, 9, 0), manager=h.manager,
                              lang=lang) for lang in ("zh", "en")}
    return team, metas


def pages(path: Path) -> int:
    return len(pypdf.PdfReader(path).pages)


def page_text(path: Path, page: int) -> str:
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return "".join(out.split())


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("scheme_id", SCHEMES)
def test_employee_and_team_pdfs_fit_one_page(scheme_id: str, lang: str, writer: PdfWriter, tmp_path: Path) -> None:
    team, metas = sample_team(scheme_id)
    meta = metas[lang]
    # The employee whose report holds the most text stands for the team: if it fits, all do.
    longest = max(team.employees, key=lambda e: len(employee_html(e, meta)))
    employee_pdf = writer.write(employee_html(longest, meta), tmp_path / "employee.pdf")
    team_pdf = writer.write(team_html(team, meta), tmp_path / "team.pdf")
    assert pages(employee_pdf) == 1, f"{scheme_id} {lang} employee report has {pages(employee_pdf)} pages"
    assert pages(team_pdf) == 1, f"{scheme_id} {lang} team report of 8 has {pages(team_pdf)} pages"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_long_comment_moves_result_and_sign_off_together(lang: str, writer: PdfWriter, tmp_path: Path) -> None:
    team, metas = sample_team("callcenter-rep")
    person = replace(team.employees[0], comment="\n".join(f"第 {n} 条:本月具体表现说明。" for n in range(1, 36)))
    path = writer.write(employee_html(person, metas[lang]), tmp_path / "long.pdf")
    assert pages(path) == 2
    first, second = page_text(path, 1), page_text(path, 2)
    result, sign = ("考核结果", "签字确认") if lang == "zh" else ("Result", "Sign-off")
    # The break falls between sections: the indicators on page 1, the result with its sign-off on page 2.
    assert sign not in first and result not in first
    assert result in second and sign in second and "第35条" in second


def test_a_team_too_long_for_one_page_keeps_distribution_with_sign_off(writer: PdfWriter, tmp_path: Path) -> None:
    team, metas = sample_team("presales-ecommerce", count=30)
    path = writer.write(team_html(team, metas["zh"]), tmp_path / "team30.pdf")
    n = pages(path)
    assert n >= 2
    last = page_text(path, n)
    assert "签字确认" in last and "等级分布" in last
    for p in range(1, n + 1):  # the ranking table's header is repeated on every page it runs over
        text = page_text(path, p)
        if any(e.employee.id in text for e in team.employees):
            assert "名次" in text


def test_english_report_with_history_and_two_pay_items_fits_one_page(tmp_path: Path) -> None:
    """Presales in English, third month first in a row (extra bonus), two pay items, a deduction's counts:
    the longest employee report the built-ins make stays on one page."""
    from typer.testing import CliRunner

    from generator.cli import app
    from tests.report_support import presales_rows, presales_workbook
    from tests.test_history_run import MONTHS, month_people

    for period in MONTHS:
        wb = presales_workbook(tmp_path / "in" / period / "客服部.xlsx", period=period,
                               rows=presales_rows(month_people(period)))
        res = CliRunner().invoke(app, ["run", str(wb), "--out", str(tmp_path / "out"), "--jobs", "1", "--lang", "en",
                                       "--archive", str(tmp_path / "a.sqlite")])
        assert res.exit_code == 0, res.output
    pdfs = sorted((tmp_path / "out" / MONTHS[-1]).rglob("employees/*.pdf"))
    assert pdfs and any("Triggered" in page_text(p, 1) for p in pdfs)
    assert [p.name for p in pdfs if pages(p) != 1] == []
    # the attendance counts are printed once, in the working
    text = page_text(pdfs[0], 1)
    assert text.count("Daysofapprovedleave") == 1


def test_team_pdf_shows_the_multiplier_its_totals_use(writer: PdfWriter, tmp_path: Path) -> None:
    """cs-manager: total = Σ sections × 重关指标值 (003); without the column the sections would not add up."""
    team, metas = sample_team("cs-manager")
    pdf = writer.write(team_html(team, metas["zh"]), tmp_path / "team.pdf")
    text = page_text(pdf, 1)
    first = team.employees[0]
    assert first.multiplier is not None and "重关指标值" in text and f"×{first.multiplier.normalize():f}" in text
    assert pages(pdf) == 1



def test_employee_pdf_says_what_its_prize_is_ranked_by(tmp_path: Path) -> None:
    """presales pays 名次奖 by sales: the employee's own page says so beside the prize (rank 5 with ¥100 otherwise reads wrong)."""
    from typer.testing import CliRunner

    from generator.cli import app

    sample = Path(__file__).parent.parent / "sample_workbooks" / "presales-ecommerce_2026-10.xlsx"
    res = CliRunner().invoke(app, ["run", str(sample), "--out", str(tmp_path), "--jobs", "1", "--no-archive"])
    assert res.exit_code == 0, res.output
    texts = [page_text(p, 1) for p in sorted(tmp_path.rglob("个人报告/*.pdf"))]
    with_prize = [x for x in texts if "¥" in x.split("名次奖(元)")[-1][:12]]
    assert with_prize and all("按成交订单金额排名" in x for x in with_prize)
    assert not any("按成交订单金额排名" in x for x in texts if x not in with_prize)
