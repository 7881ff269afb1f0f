"""docs/findings.md and docs/cli.md are what docs/generate.py makes now; the output depends on
neither the terminal, the environment nor the order entries come in."""

from __future__ import annotations

import importlib.util
import os
import random
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from generator.core.catalogue import AREAS, CATALOGUE, Code
from generator.core.findings import Severity

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
STALE = "is stale: run `make docs` (python docs/generate.py) and commit the result"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_generate", DOCS / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _load()


@pytest.fixture(scope="module")
def cli_text() -> str:
    return gen.cli_md()


def test_findings_md_is_current() -> None:
    assert (DOCS / "findings.md").read_text(encoding="utf-8") == gen.findings_md(), f"docs/findings.md {STALE}"


def test_cli_md_is_current(cli_text: str) -> None:
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == cli_text, f"docs/cli.md {STALE}"


def test_findings_md_has_every_code_under_its_area() -> None:
    text = gen.findings_md()
    sections = text.split("\n## ")[1:]
    assert len(sections) == len(AREAS)
    for (zh, en), section in zip(AREAS.values(), sections, strict=True):
        assert section.startswith(f"{zh} / {en}\n")
        assert "| 代码 Code | 级别 Severity | 含义 Meaning | 如何修改 How to fix |" in section
    for entry in CATALOGUE.values():
        area_zh, area_en = AREAS[entry.area]
        section = next(s for s in sections if s.startswith(f"{area_zh} / {area_en}\n"))
        row = next(line for line in section.splitlines() if line.startswith(f"| `{entry.code}` |"))
        assert row.count(" | ") == 3, row  # four cells: nothing in the text broke the table
        assert ("错误 error" if entry.severity is Severity.ERROR else "警告 warning") in row


def test_findings_md_ignores_the_order_entries_come_in() -> None:
    entries = list(CATALOGUE.values())
    random.Random(7).shuffle(entries)
    assert gen.findings_md(entries) == gen.findings_md()


def test_table_cells_cannot_break_the_table() -> None:
    odd = Code("odd-one", "run", Severity.WARNING, "一|二 (*.xlsx) `x`", "one | two <b>", "提示_一", "hint [x]")
    row = next(line for line in gen.findings_md([odd]).splitlines() if "odd-one" in line)
    assert r"一\|二 (\*.xlsx) \`x\`<br>one \| two &lt;b>" in row
    assert row.count(" | ") == 3


def test_cli_md_has_every_command(cli_text: str) -> None:
    for heading in ("## `kpi-report`", "## `kpi-report run`", "## `kpi-report validate`",
                    "## `kpi-report template`", "## `kpi-report schemes`", "## `kpi-report schemes check`"):
        assert f"\n{heading}\n\n```text\n" in cli_text, heading
    assert "Usage: kpi-report schemes check [OPTIONS]" in cli_text
    assert "\x1b[" not in cli_text  # no colours
    assert all(line == line.rstrip() for line in cli_text.splitlines())
    # fixed width: the boxes rich draws are exactly WIDTH cells wide
    assert "╭─ Options " + "─" * (gen.WIDTH - len("╭─ Options ") - 1) + "╮" in cli_text


def test_cli_md_ignores_the_terminal(monkeypatch: pytest.MonkeyPatch, cli_text: str) -> None:
    for key, value in {"COLUMNS": "40", "LINES": "10", "TERMINAL_WIDTH": "50", "TERM": "xterm-256color",
                       "FORCE_COLOR": "1", "PY_COLORS": "1", "GITHUB_ACTIONS": "true", "LANG": "en_US.ISO-8859-1"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert gen.cli_md() == cli_text


def test_check_exits_1_when_stale_and_write_makes_it_current(tmp_path: Path) -> None:
    script = str(DOCS / "generate.py")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, script, "--dir", str(tmp_path), *args], capture_output=True,
                              text=True, encoding="utf-8", env=env, cwd=tmp_path, check=False)

    missing = run("--check")
    assert missing.returncode == 1 and "make docs" in missing.stderr
    assert not (tmp_path / "findings.md").exists()  # --check writes nothing

    wrote = run()
    assert wrote.returncode == 0, wrote.stderr
    assert (tmp_path / "findings.md").read_text(encoding="utf-8") == (DOCS / "findings.md").read_text(encoding="utf-8")
    assert run("--check").returncode == 0

    with (tmp_path / "findings.md").open("a", encoding="utf-8") as fh:
        fh.write("hand edit\n")
    stale = run("--check")
    assert stale.returncode == 1
    assert "findings.md is stale" in stale.stderr and "cli.md" not in stale.stderr
