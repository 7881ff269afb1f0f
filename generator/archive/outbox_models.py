"""The mailer's outbox table, in the archive database beside the results it mails (migration 0004).

One row per message: an employee's report of a period, identified by the SHA-256 of the employee's
archived results (`content_sha256`), so a report mailed once is never mailed again, and a changed
one (a new revision whose results for this employee differ) is a new row, a correction. The PDF's
own SHA-256 is kept too, but cannot be the key: every run renders new PDF bytes (creation time,
report id) even for an employee whose results did not change. The state moves queued → sending → sent | failed; a row found `sending`
by a later run is an *unknown* delivery (the process died between handing the message to the SMTP
server and recording the answer) and is never resent without a person deciding
(`kpi-report mail --resolve`). See generator/mail/outbox.py and docs/mail.md.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from generator.archive.models import Base

QUEUED, SENDING, SENT, FAILED, SUPERSEDED = "queued", "sending", "sent", "failed", "superseded"
STATES = (QUEUED, SENDING, SENT, FAILED, SUPERSEDED)


class OutboxMessage(Base):
    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department: Mapped[str] = mapped_column(String)
    period: Mapped[str] = mapped_column(String(32))
    scheme_id: Mapped[str] = mapped_column(String)
    employee_id: Mapped[str] = mapped_column(String)  # 工号
    revision: Mapped[int] = mapped_column(Integer)  # the archive revision whose PDF it carries
    content_sha256: Mapped[str] = mapped_column(String(64))  # of the employee's archived results (the key)
    report_sha256: Mapped[str] = mapped_column(String(64))  # of the PDF as archived (before encryption)
    address: Mapped[str] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String(16))  # "original" | "correction"
    state: Mapped[str] = mapped_column(String(16))
    message_id: Mapped[str] = mapped_column(String)  # deterministic: the same message always has the same id
    attempts: Mapped[int] = mapped_column(Integer)
    last_reply: Mapped[str | None] = mapped_column(Text)  # the SMTP server's last answer, or the error
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        # one message per report content: the database itself refuses a second copy
        UniqueConstraint("department", "period", "scheme_id", "employee_id", "content_sha256",
                         name="uq_outbox_report"),
        UniqueConstraint("message_id", name="uq_outbox_message_id"),
        Index("ix_outbox_period", "department", "period", "state"),
    )


__all__ = ["FAILED", "QUEUED", "SENDING", "SENT", "STATES", "SUPERSEDED", "OutboxMessage"]
