"""How a run uses the archive, through the pipeline's generic hooks only.

- `admit`: a closed period is refused before anything is rendered (nothing half-archived);
- the subscriber: each accepted workbook is saved as a revision once its files are on disk;
- `reopened_changes`: after the run, what a closed-then-reopened period's new revision changed;
- `adjust`: the scheme's rules over consecutive periods, with earlier periods read from the archive
  (history/apply.py), chained after any hook the settings already have.

The default archive is an SQLite file `archive.db` beside the output folder, so that a manual
run, the drop-folder watcher and the mailer, all writing to one `--out`, share one archive.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.archive.repository import Archive
from generator.archive.rows import Change
from generator.core.findings import Finding
from generator.engine import chain
from generator.events import Event, WorkbookAccepted
from generator.history.apply import history_adjust
from generator.pipeline import Settings, WorkbookOutcome

DEFAULT_NAME = "archive.db"


def default_location(out_dir: Path) -> str:
    """archive.db beside the output folder (output/ → ./archive.db)."""
    return str(out_dir.resolve().parent / DEFAULT_NAME)


@dataclass
class ArchiveHooks:
    archive: Archive
    lang: str = "zh"
    saved: list[tuple[WorkbookOutcome, int]] = field(default_factory=list)

    def admit(self, outcome: WorkbookOutcome) -> list[Finding]:
        key = outcome.key
        if key is None:
            return []
        closed = self.archive.is_closed(key.department, key.period)
        if closed is None:
            return []
        when = closed.closed_at.strftime("%Y-%m-%d %H:%M")
        reopen = f'kpi-report archive reopen {key.period} --department "{key.department}" --by … --reason "…"'
        return [Finding(
            code="archive-period-closed", file=str(outcome.path), value=f"{key.department} {key.period}",
            message=f"{key.department} 的 {key.period} 考核已由 {closed.closed_by} 于 {when} 封存,不能再次运行",
            message_en=f"{key.period} of {key.department} was closed by {closed.closed_by} on {when}; it cannot be "
                       "run again",
            hint=f"确需修改时先重新开放:{reopen}", hint_en=f"if it must change, reopen it first: {reopen}")]

    def __call__(self, event: Event) -> None:
        if isinstance(event, WorkbookAccepted):
            self.saved.append((event.outcome, self.archive.save(event.outcome, self.lang)))

    def reopened_changes(self) -> list[tuple[WorkbookOutcome, list[Change]]]:
        """For every period saved as a new revision after a reopen: who changed between the last two revisions."""
        found = []
        for outcome, revision in self.saved:
            key = outcome.key
            if key is None or revision < 2:
                continue
            log = self.archive.signoff_log(key.department, key.period)
            if any(entry.action == "reopen" for entry in log):
                found.append((outcome, self.archive.diff(key.department, key.period, key.scheme_id)))
        return found


def with_archive(settings: Settings, archive: Archive) -> tuple[Settings, ArchiveHooks]:
    """The settings of a run that uses the archive (run, watch): its hooks added to whatever is there."""
    hooks = ArchiveHooks(archive, settings.lang)
    return replace(settings, subscribers=(*settings.subscribers, hooks), admit=(*settings.admit, hooks.admit),
                   adjust=chain(settings.adjust, history_adjust(archive))), hooks


__all__ = ["DEFAULT_NAME", "ArchiveHooks", "default_location", "with_archive"]
