"""Findings are data, not strings: code, severity, where, what was found, message and hint.

Everything that goes wrong with a user's input (a scheme file, a workbook) becomes a
Finding. Fatal problems raise KpiError, which wraps findings and is turned back into a
report at the boundary (CLI, watcher, mailer).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    code: str  # stable, e.g. "band-gap", "missing-column"
    message: str  # Chinese by default; see `message_en`
    severity: Severity = Severity.ERROR
    file: str = ""  # workbook or scheme path
    sheet: str = ""
    cell: str = ""  # "F7"; for scheme files, empty
    line: int | None = None  # for scheme files (1-based)
    value: str = ""  # the value found, as text
    hint: str = ""
    message_en: str = ""
    hint_en: str = ""

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        if self.line is not None:
            return f"{self.file}:{self.line}" if self.file else f"line {self.line}"
        return self.sheet or self.file

    def text(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" and self.message_en else self.message

    def hint_text(self, lang: str = "zh") -> str:
        own = self.hint_en if lang == "en" and self.hint_en else self.hint
        if own:
            return own
        # A finding without a hint of its own gets its code's generic one. Imported here:
        # the catalogue imports Severity from this module.
        from generator.core.catalogue import CATALOGUE

        entry = CATALOGUE.get(self.code)
        if entry is None:
            return ""
        return entry.hint_en if lang == "en" else entry.hint

    def to_dict(self, lang: str = "zh") -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["where"] = self.where
        data["message"] = self.text(lang)
        data["hint"] = self.hint_text(lang)
        data.pop("message_en")
        data.pop("hint_en")
        return data


@dataclass
class Findings:
    """An ordered collection of findings, capped so a broken file cannot flood the screen."""

    items: list[Finding] = field(default_factory=list)
    limit: int = 500
    dropped: int = 0

    def add(self, finding: Finding) -> None:
        if len(self.items) >= self.limit:
            self.dropped += 1
            return
        self.items.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        for f in findings:
            self.add(f)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.items if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.items if f.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.dropped


class KpiError(Exception):
    """A fatal problem with user input. Carries findings; the boundary renders them."""

    def __init__(self, findings: Finding | Iterable[Finding]):
        self.findings = [findings] if isinstance(findings, Finding) else list(findings)
        first = self.findings[0].message if self.findings else "error"
        super().__init__(first if len(self.findings) == 1 else f"{first} (+{len(self.findings) - 1})")
