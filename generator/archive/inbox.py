"""The drop-folder journal (`kpi-report watch`): one row per file taken from an inbox.

A row is written when a file is claimed, before any work, and finished after its reports and
archive entry are committed; it is never deleted. Its life:

    claimed ──(outcome committed)──▶ finishing ──(file moved to 已处理/ or 退回/)──▶ done

`is_primary` marks the one row that processes a given content (sha256): a partial unique index lets
the database itself refuse a second one. A duplicate (the same bytes dropped again, under any name)
gets its own row with `is_primary` false and `duplicate_of` pointing at the first. A row that failed
for a reason outside the workbook (a locked archive, say) gives up `is_primary`, so the same file
dropped again is tried again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from generator.archive.models import Base

CLAIMED, FINISHING, DONE = "claimed", "finishing", "done"
ACCEPTED, REJECTED, FAILED, DUPLICATE = "accepted", "rejected", "failed", "duplicate"


class InboxFile(Base):
    __tablename__ = "inbox_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String)  # as dropped, relative to the inbox (sub/x.xlsx)
    inbox: Mapped[str] = mapped_column(String)  # the inbox folder, absolute
    source: Mapped[str] = mapped_column(String)  # where it was dropped, absolute
    claim_path: Mapped[str] = mapped_column(String)  # where it lies while in hand: INBOX/处理中/<token>/<name>
    state: Mapped[str] = mapped_column(String(16))  # claimed | finishing | done
    result: Mapped[str | None] = mapped_column(String(16))  # accepted | rejected | failed | duplicate
    is_primary: Mapped[bool] = mapped_column(Boolean)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("inbox_files.id"))
    final_path: Mapped[str | None] = mapped_column(String)  # 已处理/<period>/<name> or 退回/<name>
    department: Mapped[str | None] = mapped_column(String)
    period: Mapped[str | None] = mapped_column(String(32))
    report_folder: Mapped[str | None] = mapped_column(String)
    employees: Mapped[int | None] = mapped_column(Integer)
    findings: Mapped[int | None] = mapped_column(Integer)  # error findings of a rejected workbook
    message: Mapped[str | None] = mapped_column(Text)  # the error of a failure, the note of a duplicate
    owner: Mapped[str] = mapped_column(String)  # host:pid of the watcher that holds or held it
    attempts: Mapped[int] = mapped_column(Integer)  # 1, or more when resumed after a crash
    claimed_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        Index("uq_inbox_primary", "sha256", unique=True, sqlite_where=text("is_primary"),
              postgresql_where=text("is_primary")),
        Index("ix_inbox_files_sha256", "sha256"),
        Index("ix_inbox_files_state", "inbox", "state"),
    )


__all__ = ["ACCEPTED", "CLAIMED", "DONE", "DUPLICATE", "FAILED", "FINISHING", "REJECTED", "InboxFile"]
