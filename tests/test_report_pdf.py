"""PDF reports: the engine's numbers in the text, an embedded CJK font, and hostile markup inert."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdf
import pytest
from weasyprint import HTML

from generator.core.numbers import fmt
from generator.report.fetcher import AssetFetcher, BlockedURL, assets_dir
from generator.report.pdf import PdfWriter, employee_html, team_html
from generator.report.views import money
from tests.report_support import meta, team


def pdftotext(path: Path, mode: str = "-layout") -> str:
    return subprocess.run(["pdftotext", mode, str(path), "-"], capture_output=True, text=True, check=True).stdout


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def writer() -> PdfWriter:
    return PdfWriter()


@pytest.fixture(scope="module")
def rendered(writer: PdfWriter, tmp_path_factory: pytest.TempPathFactory):
    t = team()
    folder = tmp_path_factory.mktemp("pdf")
    paths = {}
    for r in t.employees:
        paths[r.employee.id] = writer.write(employee_html(r, meta()), folder / f"{r.employee.id}.pdf")
    paths["team"] = writer.write(team_html(t, meta()), folder / "team.pdf")
    return t, paths


def test_employee_pdf_text_matches_the_engine(rendered) -> None:
    t, paths = rendered
    for r in t.employees:
        text = pdftotext(paths[r.employee.id])
        flat = squash(text)
        assert r.employee.name in flat and r.employee.id in flat
        assert f"{fmt(r.total)}" in flat and r.grade in flat
        assert money(r.bonus.amount) in flat
        for s in r.sections:
            assert fmt(s.weighted) in flat
        for i in r.indicators:
            assert squash(i.name) in flat and f"{fmt(i.points)}/{i.max_points.normalize():f}" in flat
            assert fmt(i.weighted) in flat
        for word in ("被考核人", "考核人", "复核人", "签字", "日期", "杭州某电商有限公司", "2024年5月", "考核人评语"):
            assert word in flat
        assert squash(r.comment) in flat
        assert meta().report_id(r.employee.id) in flat
        assert "1/1" in flat  # page x / y in the footer


def test_team_pdf_lists_everyone_in_rank_order(rendered) -> None:
    t, paths = rendered
    flat = squash(pdftotext(paths["team"]))
    positions = []
    for r in t.employees:
        row = f"{r.rank}{r.employee.id}{r.employee.name}"
        assert row in flat
        positions.append(flat.index(row))
        assert fmt(r.total) in flat
    assert positions == sorted(positions)
    for g in t.distribution:
        assert g.label in flat
    assert money(t.bonus_total) in flat and "等级分布" in flat


def test_cjk_font_is_embedded(rendered) -> None:
    _, paths = rendered
    fonts = subprocess.run(["pdffonts", str(paths["E001"])], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk)
    # The heading face (bold) and body face are both present.
    assert any("Bold" in line for line in cjk)


def test_english_rendering(writer: PdfWriter, tmp_path: Path) -> None:
    t = team()
    r = t.employees[2]
    flat = squash(pdftotext(writer.write(employee_html(r, meta("en")), tmp_path / "en.pdf")))
    for word in ("EmployeePerformanceAppraisalReport", "Total", "Coefficient", "Signature", "Reviewer", "Good",
                 "Conversion", fmt(r.total)):
        assert word in flat


def test_templates_autoescape_and_keep_font_list_out_of_html() -> None:
    t = team(names={"E001": '<b onmouseover="x">张三</b>'})
    html = employee_html(t.employees[0], meta(company="A & B <公司>"))
    assert "&lt;b onmouseover=" in html and "<b onmouseover" not in html
    assert "A &amp; B &lt;公司&gt;" in html
    assert "Noto Sans CJK" not in html  # the font list lives in fonts.css, outside autoescaping
    assert "Noto Sans CJK SC" in (assets_dir() / "fonts.css").read_text(encoding="utf-8")


HOSTILE_NAMES = {
    "E001": '<img src="file:///etc/passwd">',
    "E002": '<link rel="attachment" href="file:///etc/hostname">',
}


def _no_trace(path: Path, secret: str = "") -> None:
    reader = pypdf.PdfReader(str(path))
    assert reader.attachments == {}
    raw = path.read_bytes()
    assert b"/EmbeddedFile" not in raw and b"/FileAttachment" not in raw
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        assert not any(xobjects[k].get("/Subtype") == "/Image" for k in xobjects)
    text = pdftotext(path)
    assert "root:x:0:0" not in text
    if secret:
        assert secret not in text and secret.encode() not in raw


def test_hostile_names_leave_no_trace(writer: PdfWriter, tmp_path: Path) -> None:
    t = team(names=HOSTILE_NAMES)
    hostile = [r for r in t.employees if r.employee.id in HOSTILE_NAMES]
    assert len(hostile) == 2
    for r in hostile:
        out = writer.write(employee_html(r, meta()), tmp_path / f"{r.employee.id}.pdf")
        _no_trace(out)
        assert squash(HOSTILE_NAMES[r.employee.id]) in squash(pdftotext(out, "-raw"))  # shown as text
    _no_trace(writer.write(team_html(t, meta()), tmp_path / "team.pdf"))


def test_fetcher_blocks_markup_that_escaped_the_templates(writer: PdfWriter, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a", encoding="utf-8")
    html = (f'<html><head><link rel="attachment" href="{secret.as_uri()}">'
            '<link rel="stylesheet" href="file:///etc/passwd"></head><body>'
            f'<img src="file:///etc/passwd"><img src="{secret.as_uri()}"><img src="http://127.0.0.1:9/x.png">'
            '<a rel="attachment" href="file:///etc/hostname">x</a>'
            f'<object data="{secret.as_uri()}"></object>张三</body></html>')
    before = len(writer.refused)
    out = writer.write(html, tmp_path / "raw.pdf")
    _no_trace(out, "TOP-SECRET-7f3a")
    refused = writer.refused[before:]
    assert secret.as_uri() in refused and "file:///etc/passwd" in refused
    assert any(u.startswith("http://127.0.0.1") for u in refused)


def test_default_fetcher_would_have_attached_the_file(tmp_path: Path) -> None:
    # The control: without our fetcher WeasyPrint embeds the file, so the test above can fail.
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a", encoding="utf-8")
    out = tmp_path / "unsafe.pdf"
    HTML(string=f'<link rel="attachment" href="{secret.as_uri()}"><p>x</p>').write_pdf(str(out))
    assert pypdf.PdfReader(str(out)).attachments


def test_fetcher_resolves_only_asset_files(tmp_path: Path) -> None:
    fetcher = AssetFetcher()
    root = assets_dir()
    assert fetcher.resolve((root / "fonts.css").as_uri()) == (root / "fonts.css").resolve()
    for url in [(root / "fonts.css").as_uri() + "/../../../../etc/passwd", (root / "../../pyproject.toml").as_uri(),
                (root / "employee.html.j2").as_uri(), "file://evil.example/etc/passwd", "http://localhost/fonts.css",
                "data:text/css,body{}", (root / "fonts.css").as_uri() + "?x=1"]:
        with pytest.raises(BlockedURL):
            fetcher.resolve(url)
