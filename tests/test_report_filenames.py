"""Output names from hostile text never leave the output folder, collide or break a file system."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.files import atomic_target, employee_filename, inside
from generator.report.render_pool import Renderer
from generator.store.layout import Claims, plan_jobs
from tests.report_support import meta, team

HOSTILE = [
    "../../etc/passwd", "..", ".", "", "   ", "/abs/path", "C:\\Windows\\system32", "a/../../b", "CON", "nul.txt",
    "com1", "LPT9.pdf", "a\x00b", "tab\tnew\nline", "名字\u202eexe.pdf", "ｆｕｌｌ／ｗｉｄｔｈ", "．．／．．／x",
    "张" * 300, "a" * 1000, '<img src="file:///etc/passwd">', "?*:|\"<>", ".hidden", "trailing. . .",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_employee_filename_is_one_safe_component(name: str, tmp_path: Path) -> None:
    out = employee_filename(name, "E001")
    assert "/" not in out and "\\" not in out and "\x00" not in out and "\n" not in out
    assert not out.startswith(".") and out.endswith("_E001.pdf")
    assert len(out.encode("utf-8")) <= 200
    assert out.split(".")[0].split("_")[0].upper() not in {"CON", "NUL", "COM1", "LPT9"}
    target = inside(tmp_path, out)
    assert target.parent == tmp_path.resolve()


def test_two_people_called_zhang_san_get_two_files() -> None:
    assert employee_filename("张三", "E001") != employee_filename("张三", "E004")
    assert employee_filename("张三", "E001") == "张三_E001.pdf"


def test_hostile_ids_are_sanitised_too() -> None:
    name = employee_filename("张三", "../../x")
    assert "/" not in name and name.startswith("张三_")


def test_inside_refuses_escape(tmp_path: Path) -> None:
    for bad in ("../x", "/etc/passwd", "a/../../x", ""):
        with pytest.raises(ValueError):
            inside(tmp_path, bad)


def test_claims_keep_workbooks_apart_and_inside(tmp_path: Path) -> None:
    claims = Claims()
    a = claims.claim(tmp_path, "2024-05", "客服部", "presales", "team-a")
    b = claims.claim(tmp_path, "2024-05", "客服部", "presales", "team-b")
    c = claims.claim(tmp_path, "../../..", "../../etc", "x", "../y")
    assert a != b and a == tmp_path.resolve() / "2024-05" / "客服部"
    for folder in (a, b, c):
        assert folder.is_relative_to(tmp_path.resolve())


def test_atomic_target_leaves_nothing_behind_on_failure(tmp_path: Path) -> None:
    final = tmp_path / "r.pdf"
    final.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_target(final) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("render failed")
    assert final.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["r.pdf"]


def test_hostile_names_render_inside_the_output_folder(tmp_path: Path) -> None:
    names = {"E001": "../../../escape", "E002": "/etc/cron.d/x", "E003": "CON", "E004": "张三", "E005": "张三"}
    t = team(names=names)
    out = tmp_path / "out"
    folder = Claims().claim(out, "../2024-05", "../../部门", "presales-test", "wb")
    jobs = [j for j in plan_jobs(t, meta(), folder, "zh")]
    with Renderer(1) as renderer:
        for job in jobs:
            renderer.submit(job).result()
    written = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert written and all(p.resolve().is_relative_to(out.resolve()) for p in written)
    pdfs = [p.name for p in written if p.parent.name == "个人报告"]
    assert len(pdfs) == 5 and len(set(pdfs)) == 5
    assert "张三_E004.pdf" in pdfs and "张三_E005.pdf" in pdfs and "_CON_E003.pdf" in pdfs


def test_reports_get_ordinary_file_permissions(tmp_path: Path) -> None:
    import os

    final = tmp_path / "r.pdf"
    with atomic_target(final) as tmp:
        tmp.write_bytes(b"%PDF")
    umask = os.umask(0)
    os.umask(umask)
    assert final.stat().st_mode & 0o777 == 0o666 & ~umask
