"""Compact CJK fonts in the PDFs: small files, the same pixels, every character recoverable.

Size is a property of the output, not a timing: an employee PDF must stay under 60 KB and a
team PDF under 120 KB (WeasyPrint's own subsetting keeps Noto Sans CJK's 65,535 glyph ids
and gives ~250 KB). The page must look exactly as WeasyPrint's own embedding draws it, and
rare characters in names (生僻字: 䶮 U+4DAE, 𠮷 U+20BB7, 彧) must be real glyphs, not boxes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from generator.report.compact_fonts import cid_is_gid
from generator.report.pdf import PdfWriter, employee_html, team_html
from tests.report_support import meta, team

RARE = {"E001": "刘䶮", "E002": "吉𠮷", "E003": "王彧"}
EMPLOYEE_LIMIT, TEAM_LIMIT = 60_000, 120_000

# WeasyPrint's own embedding of the same HTML and stylesheets, in a process where the
# compact-font patch is not installed.
STOCK = """
import sys
from weasyprint import CSS, HTML
from generator.report.fetcher import AssetFetcher, assets_dir
root = assets_dir()
sheets = [CSS(filename=str(root / n), url_fetcher=AssetFetcher(root)) for n in ("fonts.css", "report.css")]
html = open(sys.argv[1], encoding="utf-8").read()
HTML(string=html, base_url=str(root) + "/", url_fetcher=AssetFetcher(root)).write_pdf(sys.argv[2], stylesheets=sheets)
"""


def run(*cmd: str) -> str:
    return subprocess.run(list(cmd), capture_output=True, text=True, check=True).stdout


def fonts_of(pdf: Path) -> list[list[str]]:
    """pdffonts rows: name, type words…, encoding, emb, sub, uni, object, generation."""
    return [line.split() for line in run("pdffonts", str(pdf)).splitlines()[2:]]


def page_png(pdf: Path, stem: Path) -> Image.Image:
    run("pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem))
    return Image.open(stem.with_suffix(".png")).convert("RGB")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    writer, t, folder = PdfWriter(), team(names=RARE), tmp_path_factory.mktemp("compact")
    paths, html = {}, {}
    for r in t.employees:
        html[r.employee.id] = employee_html(r, meta())
        paths[r.employee.id] = writer.write(html[r.employee.id], folder / f"{r.employee.id}.pdf")
    paths["team"] = writer.write(team_html(t, meta()), folder / "team.pdf")
    return writer, t, paths, html, folder


def test_pdfs_are_small(rendered) -> None:
    writer, t, paths, _, _ = rendered
    assert writer.compact_fonts  # the patch found the WeasyPrint internals it needs
    for r in t.employees:
        assert paths[r.employee.id].stat().st_size <= EMPLOYEE_LIMIT, r.employee.name
    assert paths["team"].stat().st_size <= TEAM_LIMIT


def test_fonts_are_embedded_compact_subsets_with_unicode_maps(rendered) -> None:
    _, _, paths, _, _ = rendered
    for path in paths.values():
        rows = fonts_of(path)
        assert rows and all("CJK" in row[0] for row in rows)
        for row in rows:
            name, encoding, emb, sub, uni = row[0], row[-6], row[-5], row[-4], row[-3]
            assert (emb, sub, uni) == ("yes", "yes", "yes") and name[6] == "+"  # ABCDEF+Family subset tag
            # Identity-H: no glyph was missing from the font (a missing one gets its own CMap → a box)
            assert encoding == "Identity-H"
            assert "CID Type 0C" in " ".join(row) and "(OT)" not in row  # bare CFF, the compact form


def test_every_character_comes_back_out(rendered) -> None:
    _, t, paths, _, _ = rendered
    for r in t.employees:
        text = "".join(run("pdftotext", str(paths[r.employee.id]), "-").split())
        assert r.employee.name in text and "员工绩效考核报告" in text and "杭州某电商有限公司" in text
    team_text = "".join(run("pdftotext", str(paths["team"]), "-").split())
    assert all(name in team_text for name in RARE.values())


def test_pages_look_exactly_like_weasyprints_own_embedding(rendered) -> None:
    _, _, paths, html, folder = rendered
    for eid in ("E002", "E004"):  # 𠮷 (outside the BMP) and a plain name
        source, stock = folder / f"{eid}.html", folder / f"{eid}-stock.pdf"
        source.write_text(html[eid], encoding="utf-8")
        subprocess.run([sys.executable, "-c", STOCK, str(source), str(stock)], check=True, cwd=Path(__file__).parents[1])
        assert stock.stat().st_size > 3 * paths[eid].stat().st_size  # the stock embedding is the large one
        ours, theirs = page_png(paths[eid], folder / f"{eid}-ours"), page_png(stock, folder / f"{eid}-stock")
        assert ours.size == theirs.size
        assert ImageChops.difference(ours, theirs).getbbox() is None, f"{eid}: pages differ"


def test_charset_check_accepts_identity_and_refuses_the_rest() -> None:
    # A minimal CID-keyed CFF: header, Name INDEX, Top DICT INDEX with ROS, charset, CharStrings.
    def cff(charset: bytes, glyphs: int = 4) -> bytes:
        def top(charset_at: int, strings_at: int) -> bytes:
            return (bytes([139, 139, 139, 12, 30])  # ROS 0 0 0
                    + bytes([29]) + charset_at.to_bytes(4, "big") + bytes([15])
                    + bytes([29]) + strings_at.to_bytes(4, "big") + bytes([17]))
        head, name = bytes([1, 0, 4, 1]), bytes([0, 1, 1, 1, 2]) + b"X"
        size = len(top(0, 0))
        charset_at = len(head) + len(name) + 2 + 1 + 2 + size
        strings_at = charset_at + len(charset)
        top_index = bytes([0, 1, 1, 1, size + 1]) + top(charset_at, strings_at)
        return head + name + top_index + charset + glyphs.to_bytes(2, "big")

    assert cid_is_gid(cff(bytes([2, 0, 1, 0, 2])))  # format 2: CIDs 1..3 for glyphs 1..3
    assert cid_is_gid(cff(bytes([0, 0, 1, 0, 2, 0, 3])))  # format 0, same mapping
    assert not cid_is_gid(cff(bytes([0, 0, 1, 0, 5, 0, 3])))  # glyph 2 is CID 5
    assert not cid_is_gid(cff(bytes([1, 0, 2, 2])))  # starts at CID 2
