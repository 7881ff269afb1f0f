"""File-system events into tracker hints: watchdog's native observer (inotify on Linux, with close-write),
or its polling observer for network shares where no native event arrives (`--poll SECONDS`).

Events are only hints: whether a file is finished is decided by the tracker (stability.py), and the
periodic rescan finds whatever an event missed (a queue overflow, a share that reports nothing).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

if TYPE_CHECKING:
    from generator.watch.service import Watcher


def _text(path: bytes | str) -> str:
    return path.decode() if isinstance(path, bytes) else path


class _Hints(FileSystemEventHandler):
    def __init__(self, watcher: Watcher, close_events: bool):
        self.watcher = watcher
        # Without close-write events (polling, or a platform without them) a write must not mark the
        # file as held open: nothing would ever clear the mark.
        self.write_kind = "modified" if close_events else "seen"

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        if isinstance(event, FileMovedEvent):  # Excel's save: a temp file renamed onto the name
            self.watcher.hint(Path(_text(event.dest_path)), "seen")
        elif isinstance(event, FileClosedEvent):  # close-write: the writer let go
            self.watcher.hint(Path(_text(event.src_path)), "closed")
        elif isinstance(event, FileModifiedEvent):  # written to: wait for the close-write
            self.watcher.hint(Path(_text(event.src_path)), self.write_kind)
        elif isinstance(event, FileCreatedEvent):
            # a new name: a file moved in from elsewhere arrives whole and brings no close-write, so only a
            # write (above) marks it as in the writer's hands
            self.watcher.hint(Path(_text(event.src_path)), "seen")
        else:  # deleted (an owner file gone unblocks its workbook), opened, attributes: look again
            path = Path(_text(event.src_path))
            for inbox in self.watcher.inboxes:
                if path.parent == inbox.root:
                    self.watcher.wake.set()


# watchdog logs an error when the observer is stopped while inotify still reads ("called when the thread is
# inactive"): a shutdown race of its own, harmless, and not an event of ours for the log.
logging.getLogger("watchdog.observers.inotify").setLevel(logging.CRITICAL)


def start_observer(watcher: Watcher, poll: float | None, recursive: bool) -> BaseObserver:
    observer: BaseObserver = PollingObserver(timeout=poll) if poll else Observer()
    handler = _Hints(watcher, close_events=not poll and sys.platform.startswith("linux"))
    for inbox in watcher.inboxes:
        observer.schedule(handler, str(inbox.root), recursive=recursive)
    observer.daemon = True
    observer.start()
    return observer


__all__ = ["start_observer"]
