"""What the pipeline announces. Subscribers (the archive, the drop-folder journal, the mailer) are
callables passed in through `Settings.subscribers`; the pipeline knows none of them.

A subscriber runs in the pipeline's process, after a workbook's files and manifest are in place
(or after it was rejected). If it raises, the workbook is marked failed with a finding that
names the subscriber; the reports already written stay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.pipeline import RunSummary, WorkbookOutcome


@dataclass(frozen=True)
class WorkbookAccepted:
    """Reports written: `outcome.team` holds every result, `outcome.outputs` every file with its hash."""

    outcome: WorkbookOutcome


@dataclass(frozen=True)
class WorkbookRejected:
    """Invalid input (or a failure while processing): `outcome.findings` says why; no reports written."""

    outcome: WorkbookOutcome


@dataclass(frozen=True)
class RunFinished:
    summary: RunSummary


Event = WorkbookAccepted | WorkbookRejected | RunFinished
Subscriber = Callable[[Event], None]

__all__ = ["Event", "RunFinished", "Subscriber", "WorkbookAccepted", "WorkbookRejected"]
