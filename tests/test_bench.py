"""The benchmark runs end to end in its quick mode and reports what it claims to measure.

No timing is asserted (that is the benchmark's job, on a quiet machine): only that every run
happened on the same data, that the figures are there, and that the peers' PDFs are real.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_quick_bench_prints_the_table_with_ratios(tmp_path: Path) -> None:
    raw = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, "bench/bench_run.py", "--employees", "40", "--rounds", "1",
                           "--peer-employees", "3", "--no-libreoffice", "--keep", str(tmp_path / "work"),
                           "--json", str(raw)], cwd=ROOT, capture_output=True, text=True, timeout=900, check=True)
    out = done.stdout
    assert "kpi-report bench: 40 employees in 2 workbooks" in out and "speed-up vs naive WeasyPrint loop" in out
    assert "read + validate + compute" in out and "archive" in out
    assert "issue 11 targets" in out and "one workbook of 20 dropped alone" in out and "employee PDF <= 60 KB" in out
    figures = json.loads(raw.read_text(encoding="utf-8"))
    results, solo = figures["results"], figures["solo"][0]
    tool, naive = results["kpi-report"], results["naive WeasyPrint loop"]
    assert tool["employees"] == 40 and naive["employees"] == 3
    assert 0 < tool["employee_pdf_bytes"] <= 60_000 and 0 < tool["team_pdf_bytes"] <= 120_000
    assert naive["employee_pdf_bytes"] > tool["employee_pdf_bytes"]  # WeasyPrint's default subsetting
    assert tool["rss_main_mb"] > 0 and tool["rss_worker_mb"] > 0 and tool["cpu_per_employee"] > 0
    assert set(tool["stages"]) == {"read+validate+compute", "excel", "pdf", "archive"}
    # Every employee got a PDF, every team its Excel and team PDF, and the archive was written.
    out_dir = tmp_path / "work" / "round-1" / "tool"
    assert len(list(out_dir.rglob("*.pdf"))) == 40 + 2 and len(list(out_dir.rglob("*.xlsx"))) == 2
    assert (tmp_path / "work" / "round-1" / "archive.db").is_file()
    # The workbook dropped alone: timed cold (its own process) and in a running service, reports written each time.
    assert solo["employees"] == 20 and min(solo["cold"], solo["service_first"], solo["service_next"]) > 0
    solo_dir = tmp_path / "work" / "round-1" / "solo"
    assert len(list((solo_dir / "cold" / "reports").rglob("*.pdf"))) == 21
    assert len(list((solo_dir / "service" / "reports").rglob("*.pdf"))) >= 21
    assert (solo_dir / "cold" / "archive.db").is_file() and (solo_dir / "service" / "archive.db").is_file()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is a benchmark prerequisite, not a test one")
def test_libreoffice_peer_converts_filled_forms(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from workload import generate, peer_data

    people = tmp_path / "people.json"
    peer_data(generate(tmp_path / "in", 2), people)
    done = subprocess.run([sys.executable, "bench/peers/libreoffice.py", str(people), str(tmp_path / "lo"),
                           "--profile", str(tmp_path / "profile")], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, check=True)
    result = json.loads(done.stdout)
    assert result["employees"] == 2 and len(result["sizes"]["employee_pdf"]) == 2
    name = json.loads(people.read_text(encoding="utf-8"))[0]["e"]["name"]
    pdf = sorted((tmp_path / "lo" / "pdf").glob("*.pdf"))[0]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert name in "".join(text.split()) and "员工绩效考核报告" in text
