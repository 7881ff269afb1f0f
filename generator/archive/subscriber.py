"""The archive as a pipeline subscriber: `Settings(subscribers=(subscriber(archive, lang),))`.

It saves every accepted workbook when the pipeline announces it (after its reports, results.json
and manifest are on disk) and ignores everything else, so a rejected workbook never reaches the
archive. If saving fails (locked database, closed period, …) the KpiError propagates: the pipeline
marks that workbook failed, keeps its reports, and the archive is left as it was (the save is one
transaction), so the next run archives it.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.archive.repository import Archive
from generator.events import Event, Subscriber, WorkbookAccepted


class ArchiveSubscriber:
    """A callable (events.Subscriber) that remembers the revision each outcome became, for the caller."""

    def __init__(self, archive: Archive, lang: str = "zh",
                 on_saved: Callable[[WorkbookAccepted, int], None] | None = None):
        self.archive = archive
        self.lang = lang
        self.on_saved = on_saved
        self.saved: dict[str, int] = {}  # str(outcome.path) → revision number

    def __call__(self, event: Event) -> None:
        if not isinstance(event, WorkbookAccepted):
            return
        revision = self.archive.save(event.outcome, self.lang)
        self.saved[str(event.outcome.path)] = revision
        if self.on_saved is not None:
            self.on_saved(event, revision)

    def __repr__(self) -> str:
        return f"ArchiveSubscriber({self.archive.where})"


def subscriber(archive: Archive, lang: str = "zh",
               on_saved: Callable[[WorkbookAccepted, int], None] | None = None) -> Subscriber:
    """For Settings.subscribers: archive every accepted workbook in `lang` (the run's --lang)."""
    return ArchiveSubscriber(archive, lang, on_saved)


__all__ = ["ArchiveSubscriber", "subscriber"]
