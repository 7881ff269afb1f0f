"""Sign-off per scheme (issue 13, item 4): the roles, their order and the copies as the form has them.

003 部门绩效考核表: "填表人、自评人与审核人的签字对本表的真实性与客观性负有完全责任; 本表一式二份";
004 客服部经理量表: "部门经理签字:                上级主管领导签字:".
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from generator.report.pdf import PdfWriter, employee_html, team_html
from generator.scheme.loader import check_scheme, load_builtin, parse_scheme
from tests.report_support import SCHEME_YAML, meta, team

SIGNOFF_003 = """
signoff:
  copies: 2
  roles:
    - {name: 填表人, name_en: Prepared by}
    - {name: 自评人, name_en: Self-assessed by}
    - {name: 审核人, name_en: Reviewed by}
"""


def pdftotext(path: Path) -> str:
    return "".join(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())


def pages(path: Path) -> int:
    return len(pypdf.PdfReader(str(path)).pages)


def findings(extra: str) -> list[tuple[str, int, str]]:
    scheme, found = check_scheme(SCHEME_YAML + extra, "<signoff>")
    return [(f.code, f.line, f.message) for f in found if f.severity.name == "ERROR"]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# ---- loader ---------------------------------------------------------------------------------------

def test_loader_reads_roles_in_order_and_copies() -> None:
    s = parse_scheme(SCHEME_YAML + SIGNOFF_003)
    assert s.signoff is not None
    assert [(r.name, r.name_en) for r in s.signoff.roles] == [
        ("填表人", "Prepared by"), ("自评人", "Self-assessed by"), ("审核人", "Reviewed by")]
    assert s.signoff.copies == 2


def test_no_signoff_section_means_the_default_block() -> None:
    assert parse_scheme(SCHEME_YAML).signoff is None


def test_unknown_key_is_a_scheme_finding_with_its_line() -> None:
    extra = SIGNOFF_003.replace("copies: 2", "copys: 2")
    text = SCHEME_YAML + extra
    found = findings(extra)
    assert ("scheme-unknown-key", line_of(text, "copys: 2")) in [(c, n) for c, n, _ in found]
    bad_role = SIGNOFF_003.replace("{name: 自评人, name_en: Self-assessed by}", "{name: 自评人, title: x}")
    found = findings(bad_role)
    assert ("scheme-unknown-key", line_of(SCHEME_YAML + bad_role, "title: x")) in [(c, n) for c, n, _ in found]


@pytest.mark.parametrize("roles", ["  roles: []\n", "".join(["  roles:\n"] + [f"    - {{name: 人{i}}}\n" for i in range(7)]),
                                   "  roles: 审核人\n"])
def test_one_to_six_roles(roles: str) -> None:
    extra = "\nsignoff:\n" + roles
    codes = [c for c, _, _ in findings(extra)]
    assert codes and set(codes) <= {"scheme-bad-value", "scheme-not-list"}
    assert check_scheme(SCHEME_YAML + extra)[0] is None


@pytest.mark.parametrize("copies", ["0", "11", "二", "1.5"])
def test_copies_must_be_a_small_whole_number(copies: str) -> None:
    extra = SIGNOFF_003.replace("copies: 2", f"copies: {copies}")
    found = findings(extra)
    assert [c for c, _, _ in found] == ["scheme-bad-value"]
    assert found[0][1] == line_of(SCHEME_YAML + extra, "copies:")


def test_a_role_needs_a_name() -> None:
    extra = SIGNOFF_003.replace("{name: 审核人, name_en: Reviewed by}", "{name_en: Reviewed by}")
    assert "scheme-missing-key" in [c for c, _, _ in findings(extra)]


def test_six_roles_are_allowed() -> None:
    extra = "\nsignoff:\n  roles:\n" + "".join(f"    - {{name: 签字人{i}}}\n" for i in range(6))
    assert len(parse_scheme(SCHEME_YAML + extra).signoff.roles) == 6  # type: ignore[union-attr]


def test_cs_manager_signs_as_004() -> None:
    s = load_builtin("cs-manager")
    assert s.signoff is not None and [r.name for r in s.signoff.roles] == ["部门经理", "上级主管领导"]
    assert s.signoff.copies is None


# ---- PDFs -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def writer() -> PdfWriter:
    return PdfWriter()


def test_custom_roles_print_in_order_on_one_page(writer: PdfWriter, tmp_path: Path) -> None:
    signoff = parse_scheme(SCHEME_YAML + SIGNOFF_003).signoff
    t = team()
    for r in t.employees:
        out = writer.write(employee_html(r, meta(signoff=signoff)), tmp_path / f"{r.employee.id}.pdf")
        text = pdftotext(out)
        assert text.index("填表人") < text.index("自评人") < text.index("审核人")
        assert "本表一式二份" in text and "被考核人" not in text.split("签字确认")[-1]
        assert pages(out) == 1
    out = writer.write(team_html(t, meta(signoff=signoff)), tmp_path / "team.pdf")
    text = pdftotext(out)
    assert text.index("填表人") < text.index("自评人") < text.index("审核人") and "本表一式二份" in text
    assert pages(out) == 1
    en = pdftotext(writer.write(employee_html(t.employees[0], meta("en", signoff=signoff)), tmp_path / "en.pdf"))
    assert en.index("Preparedby") < en.index("Self-assessedby") < en.index("Reviewedby")
    assert "Thisformismadein2copies" in en


def test_six_roles_still_fit_one_page(writer: PdfWriter, tmp_path: Path) -> None:
    extra = "\nsignoff:\n  copies: 3\n  roles:\n" + "".join(f"    - {{name: 签字人{i}}}\n" for i in range(6))
    signoff = parse_scheme(SCHEME_YAML + extra).signoff
    t = team()
    out = writer.write(employee_html(t.employees[0], meta(signoff=signoff)), tmp_path / "six.pdf")
    text = pdftotext(out)
    assert [text.index(f"签字人{i}") for i in range(6)] == sorted(text.index(f"签字人{i}") for i in range(6))
    assert "本表一式三份" in text and pages(out) == 1


def test_default_block_unchanged(writer: PdfWriter, tmp_path: Path) -> None:
    t = team()
    text = pdftotext(writer.write(employee_html(t.employees[0], meta()), tmp_path / "e.pdf"))
    tail = text.split("签字确认")[-1]
    assert tail.startswith("被考核人考核人复核人签字") and "一式" not in tail
    tail = pdftotext(writer.write(team_html(t, meta()), tmp_path / "t.pdf")).split("签字确认")[-1]
    assert tail.startswith("考核人复核人") and "被考核人" not in tail


def test_cs_manager_run_prints_004_sign_off(tmp_path: Path) -> None:
    """The real command on the sample workbook: every PDF carries 部门经理 / 上级主管领导, not the default."""
    sample = Path(__file__).resolve().parents[1] / "sample_workbooks" / "cs-manager_2026Q4.xlsx"
    done = subprocess.run([sys.executable, "-m", "generator.cli", "run", str(sample), "--out", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    pdfs = sorted(tmp_path.rglob("*.pdf"))
    assert len(pdfs) == 9  # eight people and the team
    for pdf in pdfs:
        tail = pdftotext(pdf).split("签字确认")[-1]
        assert tail.index("部门经理") < tail.index("上级主管领导") and "复核人" not in tail
        assert pages(pdf) == 1
