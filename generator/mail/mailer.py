"""Doing the plan: a dry run into a folder of .eml files, or the send through the outbox.

The send first records every message of the plan in the outbox (one transaction), then sends them
one by one over one SMTP connection: envelope → row committed `sending` → DATA → `sent` / `failed`
/ back to `queued`. Temporary failures are retried with a doubling wait up to `retries`; a message
still not through is `failed` with the last reply (the next --send tries it again). A failure to
even connect that outlasts the retries stops the batch: the rest stay queued. At most `rate`
messages a minute leave, for servers that throttle bulk senders.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from generator.core.files import employee_filename, inside
from generator.core.findings import Finding, KpiError, Severity
from generator.mail import compose, pdfcheck
from generator.mail.outbox import Outbox
from generator.mail.plan import Item, Plan
from generator.mail.transport import Connection, Outcome


@dataclass(frozen=True)
class Options:
    sender: str
    lang: str = "zh"
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    templates: Path | None = None
    encrypt: bool = False
    password_hint: str = ""
    rate: float = 0.0  # per minute, 0 = no limit
    retries: int = 3
    retry_wait: float = 5.0


@dataclass
class Sent:
    item: Item
    state: str  # "sent" | "failed" | "unknown" | "skipped" (another mailer has it) | "queued" (batch stopped)
    reply: str = ""
    attempts: int = 0


@dataclass
class Report:
    results: list[Sent] = field(default_factory=list)
    stopped: list[Finding] = field(default_factory=list)  # why the batch stopped early, if it did

    def count(self, state: str) -> int:
        return sum(1 for r in self.results if r.state == state)

    def findings(self) -> list[Finding]:
        """A finding for every message refused (mail-failed) or of unknown outcome (mail-unknown)."""
        out = []
        for r in self.results:
            e = r.item.employee
            who = f"{e.employee_id} {e.name}"
            if r.state == "failed":
                out.append(Finding(code="mail-failed", value=r.reply[:300], file=r.item.address.address or "",
                                   message=f"{who}:服务器拒收({r.reply})", message_en=f"{who}: refused by the server ({r.reply})"))
            elif r.state == "unknown":
                out.append(Finding(code="mail-unknown", severity=Severity.WARNING, value=r.reply[:300],
                                   message=f"{who}:邮件已全部发出但没有收到服务器的答复({r.reply}),不确定是否送达;不会自动重发",
                                   message_en=f"{who}: the whole message went out but the server never answered ({r.reply}); "
                                              "delivery is unknown and it is not resent by itself",
                                   hint=f"核实后运行 kpi-report mail {r.item.period} --resolve sent|resend --employee {e.employee_id}",
                                   hint_en=f"check, then run kpi-report mail {r.item.period} --resolve sent|resend "
                                           f"--employee {e.employee_id}"))
        return out


def message_for(item: Item, options: Options, templates: compose.Templates, message_id: str = "") -> EmailMessage:
    """The finished message of a checked item, its PDF encrypted when asked."""
    assert item.attachment is not None and item.file is not None and item.address.address
    e = item.employee
    data = pdfcheck.encrypt(item.attachment.data, item.password) if options.encrypt else item.attachment.data
    letter = compose.Letter(
        employee_id=e.employee_id, name=e.name, department=item.department, company=item.company,
        period=item.period, total=f"{e.total:f}", grade=e.grade, address=item.address.address,
        correction=item.kind == "correction",
        message_id=message_id or item.message_id(options.sender),
        attachment_name=Path(item.file.path).name)
    return compose.build(letter, data, templates=templates, lang=options.lang, sender=options.sender, cc=options.cc,
                         encrypted=options.encrypt, password_hint=options.password_hint)


def dry_run(plan: Plan, folder: Path, options: Options) -> list[tuple[Item, Path]]:
    """Every sendable message written as `<姓名>_<工号>.eml` in `folder`; nothing is sent or recorded."""
    templates = compose.Templates(options.templates)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for item in plan.sendable():
        msg = message_for(item, options, templates)
        path = inside(folder, employee_filename(item.employee.name, item.employee_id, ".eml"))
        path.write_bytes(bytes(msg))
        written.append((item, path))
    return written


class _Pace:
    """At most `rate` messages a minute: waits before a message as long as needed."""

    def __init__(self, rate: float, sleep: Callable[[float], None], clock: Callable[[], float]):
        self.gap = 60.0 / rate if rate > 0 else 0.0
        self.sleep, self.clock = sleep, clock
        self.last: float | None = None

    def wait(self) -> None:
        if self.gap and self.last is not None:
            left = self.last + self.gap - self.clock()
            if left > 0:
                self.sleep(left)
        self.last = self.clock()


def send(plan: Plan, outbox: Outbox, connection: Connection, options: Options, *,
         on_done: Callable[[Sent], None] | None = None, sleep: Callable[[float], None] = time.sleep,
         clock: Callable[[], float] = time.monotonic) -> Report:
    items = plan.sendable()
    report = Report()
    if not items:
        return report
    rows = outbox.queue([i.new_row(options.sender) for i in items], supersede=[r for i in items for r in i.supersede])
    templates = compose.Templates(options.templates)
    pace = _Pace(options.rate, sleep, clock)
    envelope_to = [*options.cc, *options.bcc]
    try:
        for n, (item, row) in enumerate(zip(items, rows, strict=True)):
            if report.stopped:
                report.results.append(Sent(item, "queued", "batch stopped before this message"))
                continue
            result = _one(item, row.id, row.address, message_for(item, options, templates, row.message_id), outbox, connection,
                          options, envelope_to, pace, sleep)
            report.results.append(result)
            if result.state == "failed" and connection.connect_failed:
                report.stopped.append(Finding(
                    code="mail-connect-failed", file=f"{connection.settings.host}:{connection.settings.port}",
                    value=result.reply[:300], message=f"连不上 SMTP 服务器:{result.reply};其余 {len(items) - n - 1} 封留在发件箱",
                    message_en=f"cannot reach the SMTP server: {result.reply}; the other {len(items) - n - 1} stay queued"))
            if on_done is not None:
                on_done(result)
    except KpiError as error:  # TLS or login refused: nothing more can be sent
        report.stopped.extend(error.findings)
        done = {id(r.item) for r in report.results}
        report.results += [Sent(i, "queued", "batch stopped") for i in items if id(i) not in done]
    finally:
        connection.close()
    return report


def _one(item: Item, row_id: int, to: str, msg: EmailMessage, outbox: Outbox, connection: Connection,
         options: Options, envelope_to: list[str], pace: _Pace, sleep: Callable[[float], None]) -> Sent:
    reply = ""
    for attempt in range(options.retries + 1):
        if attempt:
            sleep(options.retry_wait * 2 ** (attempt - 1))
        pace.wait()
        refused = connection.envelope(options.sender, to, envelope_to)
        if refused is None:
            if not outbox.claim(row_id):  # another mailer took it, or it is no longer queued
                connection.abandon()
                return Sent(item, "skipped", "claimed elsewhere", attempt + 1)
            result = connection.data(msg)
        else:
            result = refused
        reply = result.reply
        if result.outcome is Outcome.SENT:
            outbox.sent(row_id, reply)
            return Sent(item, "sent", reply, attempt + 1)
        if result.outcome is Outcome.UNKNOWN:
            outbox.note(row_id, f"unknown: {reply}")  # stays `sending`: a person decides
            return Sent(item, "unknown", reply, attempt + 1)
        if result.outcome is Outcome.PERMANENT:
            outbox.failed(row_id, reply)
            return Sent(item, "failed", reply, attempt + 1)
        outbox.requeue(row_id, reply)
    outbox.failed(row_id, f"gave up after {options.retries + 1} attempts: {reply}")
    return Sent(item, "failed", reply, options.retries + 1)


__all__ = ["Options", "Report", "Sent", "dry_run", "message_for", "send"]
