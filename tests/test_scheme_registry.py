"""Schemes from anywhere: found by the id inside the file, user folders first, each template tied to
the exact content of the scheme it was made from (the content hash)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.core.findings import KpiError
from generator.scheme.fingerprint import content_hash
from generator.scheme.loader import parse_scheme, schemes_dir
from generator.scheme.registry import SchemeRegistry
from generator.scheme.yamlsrc import load
from generator.workbook import layout as L
from generator.workbook import load_workbook_input
from generator.workbook.team_templates import write_team_templates
from generator.workbook.template import HeaderInfo, write_template
from tests.fixtures.samples import write_sample

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()

HOTLINE = """\
# 热线客服方案:文件名与 id 不同
id: acme-hotline
version: "2025.1"
name: 热线客服月度考核
notes: 满意度按月度回访计。
inputs:
  - {id: satisfaction, name: 满意度, name_en: Satisfaction, kind: percent, min: 0, max: 1}
  - {id: late, name: 迟到次数, name_en: Late, kind: count, min: 0, max: 10}
sections:
  - id: main
    name: 服务
    weight: 100
    indicators:
      - id: sat
        name: 满意度
        weight: 80
        value: {input: satisfaction, percent: true}
        rule:
          kind: bands
          bands:
            - ["[90%, +inf)", 100]
            - ["[0, 90%)", 60]
      - id: attendance
        name: 考勤
        weight: 20
        max_points: 10
        rule:
          kind: deductions
          items:
            - {input: late, points: 2}
grades:
  - {label: 合格, range: "[60, 100]", coefficient: 1}
  - {label: 不合格, range: "[0, 60)", coefficient: 0.5}
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _hotline(tmp_path: Path) -> Path:
    return _write(tmp_path / "org-schemes", "热线方案-最终版.yaml", HOTLINE)


def _codes(path: Path, **kwargs: object) -> list[str]:
    return [f.code for f in load_workbook_input(path, **kwargs).findings]  # type: ignore[arg-type]


# ---- the registry ---------------------------------------------------------------------


def test_a_scheme_outside_the_project_is_found_by_its_id_not_its_file_name(tmp_path: Path) -> None:
    path = _hotline(tmp_path)
    registry = SchemeRegistry.from_dirs([path.parent])
    assert "acme-hotline" in registry.ids() and "presales-ecommerce" in registry.ids()
    entry = next(e for e in registry.entries() if e.id == "acme-hotline")
    assert (entry.path, entry.builtin, entry.shadows, entry.line) == (path, False, None, 2)
    assert registry.path_of("acme-hotline") == path
    scheme = registry.get("acme-hotline")
    assert scheme.id == "acme-hotline" and scheme.path == str(path) and len(scheme.content_hash) == 64
    assert registry.get("acme-hotline") is scheme  # parsed once, then reused
    with pytest.raises(KpiError) as exc:
        registry.get("热线方案-最终版")
    (finding,) = exc.value.findings
    assert finding.code == "scheme-not-found" and "acme-hotline" in finding.hint and "aftersales" in finding.hint


def test_a_scheme_is_parsed_at_most_once_per_registry(tmp_path: Path) -> None:
    path = _hotline(tmp_path)
    registry = SchemeRegistry.from_dirs([path.parent])
    first = registry.get("acme-hotline")
    path.write_text(HOTLINE.replace("热线客服月度考核", "改过的名称"), encoding="utf-8")
    assert registry.get("acme-hotline") is first and registry.resolve(str(path)) is first
    assert SchemeRegistry.from_dirs([path.parent]).get("acme-hotline").name == "改过的名称"


def test_one_id_in_two_user_files_names_both_files_and_lines(tmp_path: Path) -> None:
    a = _hotline(tmp_path)
    b = _write(tmp_path / "more", "copy.yml", "# 另一份\n\n" + HOTLINE)
    with pytest.raises(KpiError) as exc:
        SchemeRegistry.from_dirs([a.parent, b.parent])
    (finding,) = exc.value.findings
    assert finding.code == "scheme-duplicate" and finding.value == "acme-hotline"
    assert f"{a} 第 2 行" in finding.message and f"{b} 第 4 行" in finding.message
    assert f"{a}:2" in finding.message_en and f"{b}:4" in finding.message_en and finding.hint


def test_naming_one_folder_twice_is_not_a_duplicate(tmp_path: Path) -> None:
    path = _hotline(tmp_path)
    assert "acme-hotline" in SchemeRegistry.from_dirs([path.parent, path.parent / ".." / path.parent.name]).ids()


def test_a_user_scheme_with_a_builtin_id_shadows_it(tmp_path: Path) -> None:
    builtin = schemes_dir() / "gs-team.yaml"
    text = re.sub(r'^version: "[^"]*"', 'version: "2024.1-acme"', builtin.read_text(encoding="utf-8"), count=1, flags=re.M)
    mine = _write(tmp_path / "org", "gs.yaml", text)
    registry = SchemeRegistry.from_dirs([mine.parent])
    entry = next(e for e in registry.entries() if e.id == "gs-team")
    assert (entry.path, entry.builtin, entry.shadows) == (mine, False, builtin)
    assert registry.get("gs-team").version == "2024.1-acme"
    assert registry.ids().count("gs-team") == 1
    others = [e for e in registry.entries() if e.id != "gs-team"]
    assert all(e.builtin and e.shadows is None for e in others)


def test_resolve_takes_a_path_or_an_id(tmp_path: Path) -> None:
    path = _hotline(tmp_path)
    registry = SchemeRegistry.from_dirs()  # the file need not be in any folder of the registry
    assert registry.resolve(str(path)).id == "acme-hotline"
    assert registry.resolve("aftersales").id == "aftersales"
    with pytest.raises(KpiError) as exc:
        registry.resolve(str(tmp_path / "missing.yaml"))
    assert exc.value.findings[0].code == "scheme-not-found"


def test_a_broken_file_is_reported_when_asked_for_and_does_not_stop_the_others(tmp_path: Path) -> None:
    folder = _hotline(tmp_path).parent
    _write(folder, "broken.yaml", "id: acme-broken\nversion: '1'\nname: 坏\ninputs: [\n")
    _write(folder, "no-id-line.yaml", "name: 没有 id\nversion: '1'\n")
    registry = SchemeRegistry.from_dirs([folder])
    assert {"acme-hotline", "acme-broken", "no-id-line"} <= set(registry.ids())
    assert registry.get("acme-hotline").name == "热线客服月度考核"
    for sid, code in (("acme-broken", "scheme-yaml"), ("no-id-line", "scheme-missing-key")):
        with pytest.raises(KpiError) as exc:
            registry.get(sid)
        assert exc.value.findings[0].code == code
    with pytest.raises(KpiError):  # the failure is remembered, not parsed again
        registry.get("acme-broken")


def test_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KpiError) as exc:
        SchemeRegistry.from_dirs([tmp_path / "nope"])
    assert exc.value.findings[0].code == "scheme-dir-not-found"


# ---- the content hash -----------------------------------------------------------------


def test_the_hash_ignores_layout_and_spelling_but_not_values() -> None:
    base = parse_scheme(HOTLINE).content_hash
    reordered = HOTLINE.replace('id: acme-hotline\nversion: "2025.1"\n', 'version: "2025.1"  # 版本\nid: acme-hotline\n')
    respelled = HOTLINE.replace('["[0, 90%)", 60]', '["[0, 90%)", 60.0]').replace("weight: 80", "weight: 80.00")
    flowed = HOTLINE.replace("        rule:\n          kind: bands\n", "        rule:\n\n\n          kind:   bands\n")
    for text in (reordered, respelled, flowed, HOTLINE.replace("满意度按月度回访计。", "另一段说明")):
        assert parse_scheme(text).content_hash == base
    for text in (HOTLINE.replace('"[90%, +inf)", 100', '"[90%, +inf)", 95'), HOTLINE.replace("points: 2", "points: 3"),
                 HOTLINE.replace("name: 考勤", "name: 出勤"), HOTLINE.replace('"2025.1"', '"2025.2"')):
        assert parse_scheme(text).content_hash != base
    assert content_hash(load("a: 0.95")) == content_hash(load("a: 95%")) == content_hash(load("a: '0.950'"))


def test_every_builtin_scheme_has_a_distinct_hash() -> None:
    registry = SchemeRegistry.from_dirs()
    hashes = {registry.get(sid).content_hash for sid in registry.ids()}
    assert len(hashes) == len(registry.ids()) and all(len(h) == 64 for h in hashes)


# ---- workbooks made from a custom scheme ----------------------------------------------


def test_template_records_the_hash(tmp_path: Path) -> None:
    scheme = SchemeRegistry.from_dirs([_hotline(tmp_path).parent]).get("acme-hotline")
    path = write_template(scheme, HeaderInfo("2026-10"), tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    meta = {r[0]: r[1] for r in wb[L.META_SHEET].iter_rows(values_only=True)}
    assert meta["scheme_id"] == "acme-hotline" and meta["scheme_hash"] == scheme.content_hash
    assert wb.defined_names[L.NAME_SCHEME_HASH].attr_text == f'"{scheme.content_hash}"'


def test_a_filled_custom_workbook_is_read_edited_scheme_changed_then_version_mismatch(tmp_path: Path) -> None:
    path = _hotline(tmp_path)
    scheme = SchemeRegistry.from_dirs([path.parent]).get("acme-hotline")
    workbook = write_sample(scheme, tmp_path / "热线组.xlsx")
    loaded = load_workbook_input(workbook, schemes=SchemeRegistry.from_dirs([path.parent]), expected_period="2026-10")
    assert list(loaded.findings) == [] and len(loaded.rows) == 8 and loaded.scheme is not None
    assert loaded.scheme.id == "acme-hotline" and loaded.header.scheme_hash == scheme.content_hash
    assert _codes(workbook) == ["unknown-scheme"]  # the built-ins alone do not know it

    path.write_text(HOTLINE.replace('"[90%, +inf)", 100', '"[85%, +inf)", 100').replace('"[0, 90%)"', '"[0, 85%)"'),
                    encoding="utf-8")
    loaded = load_workbook_input(workbook, schemes=SchemeRegistry.from_dirs([path.parent]))
    (finding,) = loaded.findings
    assert (finding.code, finding.cell, finding.severity.value) == ("scheme-changed", "E4", "error")
    assert finding.message.startswith("方案内容已改变但版本号未变") and "raise the scheme's version" in finding.hint_en
    assert "version" in finding.hint and loaded.rows == [] and loaded.scheme is None

    path.write_text(path.read_text(encoding="utf-8").replace('"2025.1"', '"2025.2"'), encoding="utf-8")
    assert _codes(workbook, schemes=SchemeRegistry.from_dirs([path.parent])) == ["scheme-version-mismatch"]


def test_a_given_scheme_is_used_and_must_be_the_workbooks(tmp_path: Path) -> None:
    path = _hotline(tmp_path)
    registry = SchemeRegistry.from_dirs()
    workbook = write_sample(registry.resolve(str(path)), tmp_path / "w.xlsx")
    assert _codes(workbook, scheme=registry.resolve(str(path))) == []
    loaded = load_workbook_input(workbook, scheme=registry.get("aftersales"))
    (finding,) = loaded.findings
    assert finding.code == "scheme-mismatch" and finding.cell == "E4" and "aftersales" in finding.message


def test_a_workbook_made_before_hashes_is_accepted(tmp_path: Path) -> None:
    workbook = tmp_path / "old.xlsx"
    wb = openpyxl.load_workbook(ROOT / "sample_workbooks" / "gs-team_2026-10.xlsx")
    meta = wb[L.META_SHEET]
    row = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "scheme_hash")
    meta.delete_rows(row)
    del wb.defined_names[L.NAME_SCHEME_HASH]
    wb.save(workbook)
    loaded = load_workbook_input(workbook)
    assert list(loaded.findings) == [] and loaded.header.scheme_hash == "" and len(loaded.rows) == 8


def test_the_hash_survives_a_lost_meta_sheet_through_its_defined_name(tmp_path: Path) -> None:
    workbook = tmp_path / "no-meta.xlsx"
    wb = openpyxl.load_workbook(ROOT / "tests" / "data" / "scheme_changed.xlsx")
    del wb[L.META_SHEET]
    wb.save(workbook)
    assert _codes(workbook) == ["scheme-changed"]


def test_team_templates_from_a_roster(tmp_path: Path) -> None:
    scheme = SchemeRegistry.from_dirs([_hotline(tmp_path).parent]).get("acme-hotline")
    roster = _write(tmp_path, "名单.csv", "工号,姓名,部门\nH1,张伟,热线一组\nH2,王芳,热线二组\nH3,李娜,热线一组\nH4,刘洋,\n")
    written, findings = write_team_templates(scheme, roster, tmp_path / "out", HeaderInfo("2026-10", manager="陈经理",
                                                                                             department="热线部"))
    assert findings == []
    assert [(t.path.name, t.department, t.employees) for t in written] == [
        ("热线一组_acme-hotline_2026-10.xlsx", "热线一组", 2), ("热线二组_acme-hotline_2026-10.xlsx", "热线二组", 1),
        ("热线部_acme-hotline_2026-10.xlsx", "", 1)]
    registry = SchemeRegistry.from_dirs([tmp_path / "org-schemes"])
    loaded = load_workbook_input(written[2].path, schemes=registry)
    assert loaded.header.department == "热线部" and loaded.header.manager == "陈经理"
    bad = _write(tmp_path, "bad.csv", "工号,姓名\nH1,张伟\nH1,王芳\n")
    written, findings = write_team_templates(scheme, bad, tmp_path / "none", HeaderInfo("2026-10"))
    assert written == [] and [f.code for f in findings] == ["roster-duplicate-id"] and not (tmp_path / "none").exists()


# ---- the commands ---------------------------------------------------------------------


def test_cli_template_from_a_yaml_path_as_a_user_runs_it(tmp_path: Path) -> None:
    path = _hotline(tmp_path)
    out = tmp_path / "热线.xlsx"
    done = subprocess.run([sys.executable, "-m", "generator.cli", "template", "--scheme", str(path), "--period", "2026-10",
                           "--department", "热线组", "-o", str(out)], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    loaded = load_workbook_input(out, scheme=SchemeRegistry.from_dirs().resolve(str(path)))
    assert loaded.header.scheme_id == "acme-hotline" and [f.code for f in loaded.findings] == ["no-employees"]
    by_folder = subprocess.run([sys.executable, "-m", "generator.cli", "template", "--scheme", "acme-hotline",
                                "--schemes-dir", str(path.parent), "--period", "2026-10", "-o", str(tmp_path / "b.xlsx")],
                               capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert by_folder.returncode == 0, by_folder.stderr
    unknown = subprocess.run([sys.executable, "-m", "generator.cli", "template", "--scheme", "acme-hotline", "--period",
                              "2026-10"], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert unknown.returncode == 2 and "acme-hotline" in unknown.stderr and "presales-ecommerce" in unknown.stderr


def test_cli_template_reports_a_broken_scheme_file_with_its_line(tmp_path: Path) -> None:
    bad = _write(tmp_path, "bad.yaml", HOTLINE.replace("weight: 80", "weight: 70"))
    res = runner.invoke(app, ["template", "--scheme", str(bad), "--period", "2026-10", "-o", str(tmp_path / "x.xlsx")])
    assert res.exit_code == 2 and f"{bad}:" in res.output and "100" in res.output
    assert not (tmp_path / "x.xlsx").exists()


def test_cli_schemes_lists_the_source_of_each(tmp_path: Path) -> None:
    mine = _write(tmp_path / "org", "gs.yaml", (schemes_dir() / "gs-team.yaml").read_text(encoding="utf-8"))
    hotline = _hotline(tmp_path)
    res = runner.invoke(app, ["schemes", "--json", "--schemes-dir", str(mine.parent), "--schemes-dir", str(hotline.parent)])
    assert res.exit_code == 0, res.output
    rows = {d["id"]: d for d in json.loads(res.stdout)}
    assert rows["gs-team"]["builtin"] is False and rows["gs-team"]["file"] == str(mine)
    assert rows["gs-team"]["shadows"] == str(schemes_dir() / "gs-team.yaml")
    assert rows["acme-hotline"]["file"] == str(hotline) and rows["aftersales"]["builtin"] is True
    table = runner.invoke(app, ["schemes", "--schemes-dir", str(mine.parent)], env={"COLUMNS": "400"})
    assert "gs.yaml(替代内置方案)" in table.stdout and "内置" in table.stdout
    shown = runner.invoke(app, ["schemes", "show", "acme-hotline", "--schemes-dir", str(hotline.parent)])
    assert shown.exit_code == 0 and "热线客服月度考核" in shown.stdout
    _write(tmp_path / "org-copy", "again.yaml", mine.read_text(encoding="utf-8"))
    dup = runner.invoke(app, ["schemes", "--schemes-dir", str(mine.parent), "--schemes-dir", str(tmp_path / "org-copy")])
    assert dup.exit_code == 2 and "scheme-duplicate" in dup.output
    missing = runner.invoke(app, ["schemes", "show", "gs-team", "--schemes-dir", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "scheme-dir-not-found" in missing.output


def test_cli_schemes_export_gives_the_yaml_that_checks_and_hashes_the_same(tmp_path: Path) -> None:
    out = tmp_path / "my.yaml"
    res = runner.invoke(app, ["schemes", "export", "presales-ecommerce", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_bytes() == (schemes_dir() / "presales-ecommerce.yaml").read_bytes()
    assert runner.invoke(app, ["schemes", "check", str(out)]).exit_code == 0
    assert (SchemeRegistry.from_dirs().resolve(str(out)).content_hash
            == SchemeRegistry.from_dirs().get("presales-ecommerce").content_hash)
    assert runner.invoke(app, ["schemes", "export", "presales-ecommerce", "-o", str(out)]).exit_code == 1  # exists
    assert runner.invoke(app, ["schemes", "export", "nope", "-o", str(tmp_path / "n.yaml")]).exit_code == 2
    printed = runner.invoke(app, ["schemes", "export", "gs-team"])
    assert printed.exit_code == 0 and "id: gs-team" in printed.stdout


def test_registries_of_one_process_share_a_parse_until_the_file_changes(tmp_path: Path) -> None:
    # The pipeline builds a registry per workbook when given none: the scheme is parsed once.
    path = _hotline(tmp_path)
    first = SchemeRegistry.from_dirs([path.parent]).get("acme-hotline")
    assert SchemeRegistry.from_dirs([path.parent]).get("acme-hotline") is first
    assert SchemeRegistry.from_dirs().get("presales-ecommerce") is SchemeRegistry.from_dirs().get("presales-ecommerce")
    path.write_text(HOTLINE.replace("热线客服月度考核", "热线客服月度考评"), encoding="utf-8")  # same size
    again = SchemeRegistry.from_dirs([path.parent]).get("acme-hotline")
    assert again is not first and again.name == "热线客服月度考评"
