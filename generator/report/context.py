"""What a report says about where its numbers came from: workbook header, scheme, input hash."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from generator import __version__
from generator.core.text import pick, t
from generator.history import periods
from generator.scheme.model import Scheme, SignOff


@dataclass(frozen=True)
class ReportMeta:
    company: str
    department: str
    period: str
    scheme_id: str
    scheme_version: str
    scheme_name: str
    input_sha256: str
    generated_at: datetime
    manager: str = ""
    scheme_name_en: str = ""
    input_name: str = ""
    lang: str = "zh"
    places: int = 2  # the scheme's rounding of points, so reports show what the engine computed
    money_places: int = 2
    generator_version: str = __version__
    # What the ranking prizes (名次奖) are ranked by: "total", an input id (monthly sales), or "" (no prizes);
    # with the input's names, so the team report can say it beside the prizes.
    award_by: str = ""
    award_by_name: str = ""
    award_by_name_en: str = ""
    award_by_money: bool = False  # the input is an amount in 元: shown as money
    cutoff_day: int | None = None  # the scheme's month cut-off day: "2026-10" is then 2026-09-26 … 2026-10-25
    signoff: SignOff | None = None  # the scheme's own sign-off block; None prints the default one

    @classmethod
    def of(cls, loaded: Any, generated_at: datetime, lang: str) -> ReportMeta:
        """What a read workbook's reports say of it (`loaded`: a workbook.LoadedWorkbook)."""
        h, s = loaded.header, loaded.scheme
        return cls(
            company=h.company, department=h.department, period=h.period, manager=getattr(h, "manager", ""),
            scheme_id=s.id, scheme_version=s.version, scheme_name=s.name, scheme_name_en=s.name_en,
            input_sha256=loaded.sha256, input_name=Path(loaded.path).name, generated_at=generated_at,
            lang=lang, places=s.rounding.points, money_places=s.rounding.money, cutoff_day=s.cutoff_day,
            **_award_by(s), signoff=s.signoff,
        )

    def period_text(self) -> str:
        """The period as reports head it: 2026年10月, or with its dates when they are not the calendar month's
        (2026年10月(2026-09-26 至 2026-10-25), 2026年第4季度(2026-10-01 至 2026-12-31))."""
        return periods.display(self.period, self.cutoff_day, self.lang)

    def period_parts(self) -> tuple[str, str]:
        """(label, bracketed date range or ""): the PDFs keep the range in one piece when the cell wraps."""
        reading = periods.parse(self.period)
        label = reading.label(self.lang) if reading is not None else self.period
        dates = periods.shown_range(self.period, self.cutoff_day, self.lang)
        if not dates:
            return label, ""
        return label, f" ({dates})" if self.lang == "en" else f"({dates})"  # the space shows in the running head

    def scheme_title(self) -> str:
        name = pick(self.scheme_name, self.scheme_name_en, self.lang)
        ref = f"{self.scheme_id} v{self.scheme_version}"
        return t("report.aside", self.lang, text=name, aside=ref)

    def report_id(self, employee_id: str = "") -> str:
        """Short, stable id of a report: the same input and scheme version give the same id."""
        seed = "|".join((self.input_sha256, self.scheme_id, self.scheme_version, employee_id))
        return "KPI-" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:10].upper()


def _award_by(s: Scheme) -> dict[str, Any]:
    """What the ranking prizes are ranked by, with the input's names (the team report says it beside them)."""
    if s.awards is None:
        return {}
    by = s.awards.by
    if by == "total":
        return {"award_by": by}
    source = s.input(by)
    return {"award_by": by, "award_by_name": source.name, "award_by_name_en": source.name_en,
            "award_by_money": source.kind == "money"}
