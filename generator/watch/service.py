"""The watcher: find finished files, claim each exactly once, run it through the pipeline, hand it back.

One file at a time, in the main thread; the observer's thread only passes hints to the tracker.

    take(file)  hold it (flock) → sha256 → journal.begin → rename into 处理中/ → work → finish
    work        pipeline.process_workbook with the archive's hooks (the same path as `run`)
    finish      note and annotated copy beside the final name → move (never replacing) → journal.done

`recover()` runs at start and with every rescan: each unfinished journal row of these inboxes whose file
nobody holds (its watcher died) is resumed from the step the journal says. The reports are written
atomically and the archive stores an unchanged appraisal once, so a workbook resumed after kill -9
ends with one set of reports, one archive revision and one journal row.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.archive.hooks import ArchiveHooks
from generator.core.findings import KpiError, Severity
from generator.core.text import t
from generator.pipeline import Settings, WorkbookOutcome, process_workbook
from generator.report.render_pool import Renderer
from generator.watch import folders
from generator.watch.claim import Held, claim_into, free_name, hold, is_held, move_new, numbered
from generator.watch.folders import Inbox, hand_back, note_path, rejected_note
from generator.watch.ignore import blocking_owner, is_candidate_name, relative_name, scan
from generator.watch.journal import ACCEPTED, CLAIMED, DUPLICATE, FAILED, REJECTED, Entry, Journal
from generator.watch.log import EventLog
from generator.watch.stability import Tracker


@dataclass(frozen=True)
class WatchOptions:
    quiet: float = 2.0
    poll: float | None = None  # None: native file-system events
    recursive: bool = False
    rescan: float = 120.0
    stuck: float = 600.0
    once: bool = False


class Watcher:
    def __init__(self, inboxes: list[Inbox], options: WatchOptions, settings: Settings, journal: Journal,
                 log: EventLog, renderer: Renderer, hooks: ArchiveHooks | None = None):
        self.inboxes, self.options, self.settings = inboxes, options, settings
        self.journal, self.log, self.renderer, self.hooks = journal, log, renderer, hooks
        self.lang = settings.lang
        self.tracker = Tracker(options.quiet, options.stuck)
        self.skips = {inbox.root: inbox.skip(settings.out_dir.resolve()) for inbox in inboxes}
        self.wake = threading.Event()
        self.stopping = False
        self.observer_stuck = False  # the observer's thread outlived stop(): the CLI ends the process itself
        self.handled = 0
        self.bad = 0  # rejected or failed: --once exits 1

    # ---- the loop ------------------------------------------------------------------------------

    def serve(self) -> int:
        tick = min(0.25, max(0.05, self.options.quiet / 4))
        with self._signals(), self._observer():
            self.recover()
            self.rescan()
            next_rescan = time.monotonic() + self.options.rescan
            while not self.stopping:
                now = time.monotonic()
                ready, stuck = self.tracker.poll(now)
                for path, reason, seconds in stuck:
                    self.log("stuck", file=self._shown(path), reason=t(f"watch.reason_{reason}", self.lang),
                             seconds=seconds)
                for path in ready:
                    if self.stopping:
                        break
                    self._safely(lambda p=path: self.take(p))
                if now >= next_rescan:
                    self._safely(self.recover)
                    self.rescan()
                    next_rescan = now + self.options.rescan
                if self.options.once and self.tracker.settled():
                    for path, reason in self.tracker.waiting().items():
                        self.log("waiting", file=self._shown(path), reason=t(f"watch.reason_{reason}", self.lang))
                    break
                self.wake.wait(tick)
        self.log("stopped", n=self.handled)
        return 1 if self.bad and self.options.once else 0

    def stop(self, why: str = "stop", wake: bool = True) -> None:
        if not self.stopping:
            self.stopping = True
            self.log("stopping", signal=why)
        if wake:
            self.wake.set()

    def _safely(self, step: Callable[[], None]) -> None:
        """A database or file-system failure is logged and retried later; it never ends the service."""
        try:
            step()
        except KpiError as exc:
            self.log("error", error="; ".join(f.text(self.lang) for f in exc.findings)[:500])
            self.wake.wait(1.0)
        except OSError as exc:
            self.log("error", error=f"{type(exc).__name__}: {exc}"[:500])
            self.wake.wait(1.0)

    @contextlib.contextmanager
    def _signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def handler(signum: int, _frame: object) -> None:
            if self.stopping and signum == signal.SIGINT:
                raise KeyboardInterrupt  # a second Ctrl-C: leave now; the claim is resumed at the next start
            # No wake.set() here: the handler runs on the main thread, which may be inside wake.wait()
            # holding the Event's lock, and set() would wait for it forever. The loop looks at
            # `stopping` at least every tick (≤ 0.25 s), so the flag is enough.
            self.stop(signal.Signals(signum).name, wake=False)

        old = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield
        finally:
            for s, h in old.items():
                signal.signal(s, h)

    @contextlib.contextmanager
    def _observer(self) -> Iterator[None]:
        if self.options.once:
            yield
            return
        from generator.watch.events import start_observer

        observer = start_observer(self, self.options.poll, self.options.recursive)
        try:
            yield
        finally:
            # watchdog's inotify stop can wait forever on its reader thread (seen with watchdog 7.1 under
            # load): stop it from a helper thread and give up after a while; all its threads are daemons,
            # so they never keep the process alive.
            stopper = threading.Thread(target=observer.stop, name="observer-stop", daemon=True)
            stopper.start()
            stopper.join(timeout=5)
            observer.join(timeout=5)
            self.observer_stuck = observer.is_alive()

    # ---- what the observer and the scan report ---------------------------------------------------

    def inbox_of(self, path: Path) -> Inbox | None:
        for inbox in self.inboxes:
            if path.parent == inbox.root or (self.options.recursive and path.is_relative_to(inbox.root)
                                             and not any(path.is_relative_to(s) for s in self.skips[inbox.root])):
                return inbox
        return None

    def hint(self, path: Path, kind: str) -> None:
        """From the observer's thread: an event for a file that may be a workbook."""
        if is_candidate_name(path.name) and self.inbox_of(path) is not None:
            self.tracker.hint(path, kind)

    def rescan(self) -> None:
        for inbox in self.inboxes:
            for path in scan(inbox.root, self.options.recursive, self.skips[inbox.root]):
                self.tracker.add(path)

    # ---- one file ----------------------------------------------------------------------------------

    def take(self, path: Path) -> None:
        inbox = self.inbox_of(path)
        held = hold(path)
        if inbox is None or held is None:
            return  # another watcher has it, or it is gone
        with held:
            before = held.stat()
            if blocking_owner(path) is not None:
                return  # opened in Excel again meanwhile: the tracker waits for it
            sha = held.sha256()
            if held.stat() != before:
                return  # written to while we read it: not finished after all
            name = relative_name(path, inbox.root)
            kind, entry = self.journal.begin(sha, inbox.root, path, name, inbox.claim_path(name),
                                             lambda original: self._duplicate(inbox, name, original))
            claim_into(path, Path(entry.claim_path))
            held.path = Path(entry.claim_path)
            self.tracker.forget(path)
            if kind == "duplicate":
                self.finish(inbox, entry)
                return
            self.log("resumed" if kind == "resume" else "claimed", file=name, sha=sha[:8], attempt=entry.attempts)
            self.work(inbox, entry)

    def _duplicate(self, inbox: Inbox, name: str, original: Entry) -> tuple[Path, str]:
        when = original.original_at.strftime("%Y-%m-%d %H:%M") if original.original_at else ""
        note = t("watch.note_duplicate", self.lang, file=name, original=original.name, when=when)
        if original.result == REJECTED:
            earlier = note_path(Path(original.final_path or inbox.returned_target(original.name)), self.lang)
            note += t("watch.note_duplicate_rejected", self.lang, original=original.name, note=self._shown(earlier))
            return self._free(inbox.returned_target(name)), note
        return self._free(inbox.accepted_target(name, original.period)), note

    def _free(self, target: Path) -> Path:
        """The first of x.xlsx, x-2.xlsx … whose name and note are both unused."""
        n = 1
        while numbered(target, n).exists() or note_path(numbered(target, n), self.lang).exists():
            n += 1
        return numbered(target, n)

    def work(self, inbox: Inbox, entry: Entry) -> None:
        started = time.perf_counter()
        path = Path(entry.claim_path)
        outcome: WorkbookOutcome | None = None
        error = ""
        try:
            outcome = process_workbook(path, self.settings, self.renderer)
        except KpiError as exc:  # the output folder held by another run for too long, say
            error = "; ".join(f.text(self.lang) for f in exc.findings)
        except Exception as exc:  # a bug must cost one workbook, never the service
            error = f"{type(exc).__name__}: {exc}"
        finally:
            if self.hooks is not None:
                self.hooks.saved.clear()  # the service runs for months: keep no outcome in memory
        if outcome is not None and outcome.status == "failed":
            error = "; ".join(f.text(self.lang) for f in outcome.findings if f.severity is Severity.ERROR)
        name = entry.name
        if outcome is not None and outcome.ok and outcome.key is not None:
            target = self._free(inbox.accepted_target(name, outcome.key.period))
            self.journal.outcome(entry.id, ACCEPTED, target, department=outcome.key.department,
                                 period=outcome.key.period, report_folder=outcome.folder,
                                 employees=outcome.employees, findings=0)
            self.finish(inbox, entry, accepted=outcome, seconds=time.perf_counter() - started)
            return
        target = self._free(inbox.returned_target(name))
        if outcome is not None and outcome.status == "rejected":
            errors = [f for f in outcome.findings if f.severity is Severity.ERROR]
            note = rejected_note(Path(name).name, outcome.findings, outcome.dropped, outcome.annotated and
                                 folders.annotated_path(target, self.lang), self.lang)
            key = outcome.key
            self.journal.outcome(entry.id, REJECTED, target, retry_allowed=any(f.code.startswith("archive-") for f in errors),
                                 department=key.department if key else None, period=key.period if key else None,
                                 report_folder=outcome.annotated, findings=len(errors) + outcome.dropped, message=note)
        else:
            note = t("watch.note_failed", self.lang, file=Path(name).name, error=error or "?")
            self.journal.outcome(entry.id, FAILED, target, retry_allowed=True, message=note)
        self.finish(inbox, entry)

    def finish(self, inbox: Inbox, entry: Entry, accepted: WorkbookOutcome | None = None, seconds: float = 0.0) -> None:
        """Hand the file back at its final place, from the journal's record (also after a crash)."""
        fresh = self.journal.get(entry.id)
        final = Path(fresh.final_path or "")
        source = Path(fresh.claim_path)
        while True:
            if fresh.message:
                hand_back(final, fresh.message, Path(fresh.report_folder) if fresh.result == REJECTED and
                          fresh.report_folder else None, self.lang)
            try:
                move_new(source, final)
                break
            except FileExistsError:  # someone put a file of that name there meanwhile
                final = free_name(final)
                self.journal.move_to(entry.id, final)
        with contextlib.suppress(OSError):  # its private folder in 处理中/, empty now
            source.parent.rmdir()
        self.journal.done(entry.id)
        self.handled += 1
        shown = self._shown(final)
        result = fresh.result
        if result == ACCEPTED:
            files = len(accepted.outputs) if accepted else 0
            self.log("accepted", file=fresh.name, department=fresh.department, period=fresh.period,
                     employees=accepted.employees if accepted else 0, files=files, seconds=seconds,
                     folder=fresh.report_folder, target=shown)
        elif result == DUPLICATE:
            self.log("duplicate", file=fresh.name, original=fresh.original_name or fresh.duplicate_of, target=shown)
        elif result == REJECTED:
            self.bad += 1
            self.log("rejected", file=fresh.name, errors=fresh.findings or 0, target=shown)
        else:
            self.bad += 1
            self.log("failed", file=fresh.name, error=(fresh.message or "").split("\n")[0], target=shown)

    def _shown(self, path: Path) -> str:
        for inbox in self.inboxes:
            if path.is_relative_to(inbox.root):
                return path.relative_to(inbox.root).as_posix()
        return str(path)

    # ---- after a crash ---------------------------------------------------------------------------

    def recover(self) -> None:
        """Resume every unfinished journal row whose file nobody holds."""
        for inbox in self.inboxes:
            for entry in self.journal.unfinished(inbox.root):
                if self.stopping:
                    return
                held = self._reclaim(entry)
                if held is None:
                    continue
                with held:
                    if entry.state == CLAIMED:
                        entry = self.journal.adopt(entry.id)
                        self.log("resumed", file=entry.name, attempt=entry.attempts)
                        self.work(inbox, entry)
                    else:
                        self.finish(inbox, self.journal.adopt(entry.id))

    def _reclaim(self, entry: Entry) -> Held | None:
        """The entry's file, held, in 处理中/; None when a live watcher has it or it is already where it goes."""
        claim, source = Path(entry.claim_path), Path(entry.source)
        if claim.exists():
            return hold(claim)
        if source.exists():  # the crash came between the journal's claim and the rename
            held = hold(source)
            if held is None:
                return None
            if held.sha256() != entry.sha256:  # a different file now has that name: the claimed one is
                held.release()                 # already elsewhere (handled below on the next pass)
            else:
                claim_into(source, claim)
                held.path = claim
                return held
        final = Path(entry.final_path) if entry.final_path else None
        if final is not None and final.exists() and not is_held(final):
            self.journal.done(entry.id)  # moved, and the crash came before the journal heard of it
            self.handled += 1
        return None


__all__ = ["WatchOptions", "Watcher"]
