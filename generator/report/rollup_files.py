"""Where `archive report --out DIR` writes: DIR/绩效汇总-2026Q4[-部门].xlsx and .pdf (rollup-… in English).

Both files are written atomically (a temporary file renamed into place), so a reader never sees a
half-written report and a failed render leaves the previous one as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from generator.archive.rollup import Rollup
from generator.core.files import inside, safe_part
from generator.core.text import t
from generator.report.rollup_excel import write_rollup_excel
from generator.report.rollup_pdf import write_rollup_pdf


def rollup_stem(rollup: Rollup, lang: str) -> str:
    parts = [t("rollup.file_stem", lang), str(rollup.period)]
    if rollup.department:
        parts.append(safe_part(rollup.department, "department", limit=80))
    return "-".join(parts)


def write_rollup(rollup: Rollup, out_dir: Path, lang: str = "zh",
                 clock: Callable[[], datetime] = datetime.now) -> list[Path]:
    """The Excel workbook and the PDF of a roll-up in `out_dir` (created if need be); their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem, now = rollup_stem(rollup, lang), clock().replace(microsecond=0)
    excel = write_rollup_excel(rollup, inside(out_dir, f"{stem}.xlsx"), lang, now)
    pdf = write_rollup_pdf(rollup, inside(out_dir, f"{stem}.pdf"), lang, now)
    return [excel, pdf]


__all__ = ["rollup_stem", "write_rollup"]
