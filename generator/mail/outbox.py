"""The outbox: every message a row in the archive database before anything is sent, and every change
of its state one committed transaction, so that a crash at any point leaves a state the next run can
read (archive/outbox_models.py has the table).

    queued ──claim (committed just before DATA)──▶ sending ──250──▶ sent
       ▲                                             │ 4xx / dropped before the end of the data
       └──────────────── requeue ◀───────────────────┘
    queued / sending ──5xx──▶ failed (a later --send tries a failed one again)

A row still `sending` when no mailer is working on it is *unknown*: the process died, or the server
never answered after receiving the whole message. It may or may not have been delivered, so it is
never resent by itself: `resolve(..., "sent")` records it as delivered, `resolve(..., "resend")`
queues it again (same Message-ID). A row is claimed with a conditional UPDATE, so two mailers on one
archive never both send the same message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from generator.archive.db import Database
from generator.archive.outbox_models import FAILED, QUEUED, SENDING, SENT, SUPERSEDED, OutboxMessage

TABLE = OutboxMessage.__tablename__


@dataclass(frozen=True)
class Row:
    id: int
    department: str
    period: str
    scheme_id: str
    employee_id: str
    revision: int
    content_sha256: str
    report_sha256: str
    address: str
    kind: str
    state: str
    message_id: str
    attempts: int
    last_reply: str | None
    updated_at: datetime
    sent_at: datetime | None

    @property
    def shown_state(self) -> str:
        """What a person is told: a `sending` row seen from outside a send is of unknown outcome."""
        return "unknown" if self.state == SENDING else self.state


@dataclass(frozen=True)
class New:
    """A message to queue."""

    department: str
    period: str
    scheme_id: str
    employee_id: str
    revision: int
    content_sha256: str  # of the employee's archived results: the key of the message
    report_sha256: str
    address: str
    kind: str  # "original" | "correction"
    message_id: str


def _row(m: OutboxMessage) -> Row:
    return Row(id=m.id, department=m.department, period=m.period, scheme_id=m.scheme_id, employee_id=m.employee_id,
               revision=m.revision, content_sha256=m.content_sha256, report_sha256=m.report_sha256, address=m.address, kind=m.kind, state=m.state,
               message_id=m.message_id, attempts=m.attempts, last_reply=m.last_reply, updated_at=m.updated_at,
               sent_at=m.sent_at)


def _local(moment: datetime) -> datetime:
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


class Outbox:
    def __init__(self, db: Database, clock: Callable[[], datetime] = datetime.now):
        self._db = db
        self._clock = clock

    def _now(self) -> datetime:
        return _local(self._clock())

    def rows(self, department: str | None = None, period: str | None = None) -> list[Row]:
        query = select(OutboxMessage)
        if department is not None:
            query = query.where(OutboxMessage.department == department)
        if period is not None:
            query = query.where(OutboxMessage.period == period)
        with self._db.read() as s:
            return [_row(m) for m in s.scalars(query.order_by(OutboxMessage.department, OutboxMessage.period,
                                                              OutboxMessage.employee_id, OutboxMessage.id))]

    def queue(self, items: Iterable[New], supersede: Iterable[int] = ()) -> list[Row]:
        """Insert the messages as `queued` (one that is already there stays as it is, whatever its
        state: the unique report key is the guard against a second copy) and mark never-sent rows of an
        older report `superseded`; all in one transaction. Returns the rows of `items`."""
        items = list(items)
        now = self._now()
        with self._db.write(TABLE) as s:
            old = list(supersede)
            if old:
                s.execute(update(OutboxMessage).where(OutboxMessage.id.in_(old),
                                                      OutboxMessage.state.in_((QUEUED, FAILED)))
                          .values(state=SUPERSEDED, updated_at=now))
            out = []
            for item in items:
                found = s.scalar(select(OutboxMessage).where(
                    OutboxMessage.department == item.department, OutboxMessage.period == item.period,
                    OutboxMessage.scheme_id == item.scheme_id, OutboxMessage.employee_id == item.employee_id,
                    OutboxMessage.content_sha256 == item.content_sha256))
                if found is None:
                    found = OutboxMessage(**vars(item), state=QUEUED, attempts=0, last_reply=None, created_at=now,
                                          updated_at=now, sent_at=None)
                    s.add(found)
                    s.flush()
                elif found.state in (QUEUED, FAILED, SUPERSEDED):
                    found.revision, found.report_sha256 = item.revision, item.report_sha256  # the same results, re-rendered
                    found.address = item.address  # the roster may have been corrected after a failure
                    found.kind = item.kind
                    found.state = QUEUED if found.state == SUPERSEDED else found.state
                    found.updated_at = now
                out.append(_row(found))
            return out

    def _move(self, row_id: int, to: str, *, only_from: tuple[str, ...], reply: str | None = None,
              attempt: bool = False) -> bool:
        now = self._now()
        values: dict[str, object] = {"state": to, "updated_at": now}
        if reply is not None:
            values["last_reply"] = reply[:2000]
        if attempt:
            values["attempts"] = OutboxMessage.attempts + 1
        if to == SENT:
            values["sent_at"] = now
        with self._db.write(TABLE) as s:
            done = s.execute(update(OutboxMessage).where(OutboxMessage.id == row_id,
                                                         OutboxMessage.state.in_(only_from)).values(**values))
            return bool(done.rowcount)

    def claim(self, row_id: int) -> bool:
        """queued/failed → sending, committed; False when another mailer has it or it is done."""
        return self._move(row_id, SENDING, only_from=(QUEUED, FAILED), attempt=True)

    def sent(self, row_id: int, reply: str) -> None:
        self._move(row_id, SENT, only_from=(SENDING,), reply=reply)

    def failed(self, row_id: int, reply: str) -> None:
        """Permanently refused (5xx), from sending or straight from queued (a refused recipient)."""
        self._move(row_id, FAILED, only_from=(SENDING, QUEUED, FAILED), reply=reply)

    def requeue(self, row_id: int, reply: str) -> None:
        """Back to queued: the server answered with a temporary refusal or the connection dropped before
        the end of the data, so the message was certainly not delivered."""
        self._move(row_id, QUEUED, only_from=(SENDING, QUEUED, FAILED), reply=reply)

    def note(self, row_id: int, reply: str) -> None:
        """Keep the reply without changing the state (an unknown outcome: why it is unknown)."""
        with self._db.write(TABLE) as s:
            s.execute(update(OutboxMessage).where(OutboxMessage.id == row_id)
                      .values(last_reply=reply[:2000], updated_at=self._now()))

    def resolve(self, row_ids: Iterable[int], decision: str, why: str) -> int:
        """A person's decision on unknown rows: "sent" (it arrived) or "resend" (queue it again)."""
        to = SENT if decision == "sent" else QUEUED
        return sum(self._move(i, to, only_from=(SENDING,), reply=why) for i in row_ids)


__all__ = ["TABLE", "New", "Outbox", "Row"]
