"""One log line per event, to stderr: readable text by default, one JSON object per line with --log-json.

    2026-11-03 09:12:04 领取 电商客服部.xlsx(sha256 3f2a9c1e)
    {"time": "2026-11-03T09:12:04", "event": "claimed", "file": "电商客服部.xlsx", "sha256": "3f2a…", "message": "…"}

Events: started, resumed, claimed, accepted, rejected, duplicate, failed, waiting, stuck, error,
stopping, stopped. The texts are core/text_table.py's `watch.log_<event>`; under systemd the lines
go to the journal (journalctl -u kpi-report-watch).
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TextIO

from generator.core.text import t

EVENTS = ("started", "resumed", "claimed", "accepted", "rejected", "duplicate", "failed", "waiting", "stuck",
          "error", "stopping", "stopped")


class EventLog:
    def __init__(self, lang: str = "zh", as_json: bool = False, stream: TextIO | None = None,
                 clock: Callable[[], datetime] = datetime.now):
        self.lang, self.as_json, self.clock = lang, as_json, clock
        self.stream = stream or sys.stderr
        self._lock = threading.Lock()
        self.counts: dict[str, int] = dict.fromkeys(EVENTS, 0)

    def __call__(self, event: str, **fields: object) -> str:
        """Write the line for `event`; its text is returned (for tests and --once's summary)."""
        if event not in EVENTS:
            raise ValueError(f"unknown watch event {event!r}")
        text = t(f"watch.log_{event}", self.lang, **fields)
        now = self.clock().replace(microsecond=0)
        if self.as_json:
            line = json.dumps({"time": now.isoformat(), "event": event, **{k: _plain(v) for k, v in fields.items()},
                               "message": text}, ensure_ascii=False)
        else:
            line = f"{now:%Y-%m-%d %H:%M:%S} {text}"
        with self._lock:
            self.counts[event] += 1
            try:
                self.stream.write(line + "\n")
                self.stream.flush()
            except (OSError, ValueError):  # stderr gone (a closed terminal): the journal still has it all
                pass
        return text


def _plain(value: object) -> object:
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


__all__ = ["EVENTS", "EventLog"]
