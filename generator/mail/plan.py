"""The plan: for a period (and department), every employee of the archive's current revision, the PDF
the run archived for them, their address, and what the mailer will do with them, decided against
the outbox:

    new        no message yet: queued and sent
    queued     in the outbox, not sent yet (an earlier run stopped, or the watcher queued it)
    retry      refused before: tried again
    sent       already sent: nothing to do
    unknown    an interrupted send: nothing is sent until a person resolves it
    changed    sent before, and the employee's results have changed since (a new revision; compared on
               the archived results, since every run renders new PDF bytes): a correction is sent
               only with --corrections
    correction as `changed`, with --corrections: a new message, marked 更正
    blocked    it cannot be sent: no or bad address, the PDF missing, changed or not theirs, no password

Every sendable message's PDF is checked while planning (archived SHA-256, the 工号 inside), so a
dry run shows exactly what a send would refuse.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.archive import Archive, EmployeeRow, FileRow
from generator.archive.outbox_models import FAILED, QUEUED, SENDING, SENT, SUPERSEDED
from generator.core.findings import Finding, Severity
from generator.mail import pdfcheck
from generator.mail.compose import message_id, pdf_password
from generator.mail.outbox import New, Outbox, Row
from generator.mail.recipients import Address, Roster, resolve

SENDABLE = ("new", "queued", "retry", "correction")


@dataclass
class Item:
    department: str
    period: str
    scheme_id: str
    company: str
    revision: int
    employee: EmployeeRow
    file: FileRow | None
    address: Address
    status: str = "new"
    kind: str = "original"
    problems: list[Finding] = field(default_factory=list)
    row: Row | None = None  # the outbox row of this very report, if any
    supersede: list[int] = field(default_factory=list)  # never-sent rows of an older report
    attachment: pdfcheck.Attachment | None = None
    password: str = field(default="", repr=False)  # never printed, never in a template

    @property
    def employee_id(self) -> str:
        return self.employee.employee_id

    @property
    def content_sha256(self) -> str:
        """The employee's archived results, without their row number in the workbook: what the PDF shows."""
        data = self.employee.result()
        data.pop("row", None)
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def message_id(self, sender: str) -> str:
        return message_id(self.department, self.period, self.scheme_id, self.employee_id, self.content_sha256, sender)

    @property
    def sendable(self) -> bool:
        return self.status in SENDABLE

    def block(self, finding: Finding) -> None:
        self.problems.append(finding)
        if finding.severity is Severity.ERROR or finding.code == "mail-no-address":
            self.status = "blocked"

    def new_row(self, sender: str) -> New:
        assert self.file is not None and self.address.address
        return New(department=self.department, period=self.period, scheme_id=self.scheme_id,
                   employee_id=self.employee_id, revision=self.revision, content_sha256=self.content_sha256,
                   report_sha256=self.file.sha256, address=self.address.address, kind=self.kind,
                   message_id=self.message_id(sender))


@dataclass
class Plan:
    period: str
    items: list[Item]
    findings: list[Finding]  # about the whole plan: the roster, nothing archived

    def sendable(self) -> list[Item]:
        return [i for i in self.items if i.sendable]

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)


def _nothing(period: str, department: str | None, where: str) -> Finding:
    scope = f"{department} 的 " if department else ""
    return Finding(code="mail-nothing-archived", file=where, value=period,
                   message=f"存档 {where} 中没有 {scope}{period} 的考核结果",
                   message_en=f"the archive {where} holds no results for {period}" + (f" of {department}" if department else ""))


def _decide(item: Item, history: list[Row], corrections: bool) -> None:
    """The status from the outbox rows of this employee in this period and scheme."""
    sha = item.content_sha256
    mine = next((r for r in history if r.content_sha256 == sha), None)
    others = [r for r in history if r.content_sha256 != sha]
    if mine is not None and mine.state != SUPERSEDED:  # superseded: the report came back to these bytes
        item.row, item.kind = mine, mine.kind
        item.status = {SENT: "sent", SENDING: "unknown", QUEUED: "queued", FAILED: "retry"}[mine.state]
        return
    if any(r.state == SENDING for r in others):
        item.status = "unknown"
        item.row = next(r for r in others if r.state == SENDING)
        return
    item.supersede = [r.id for r in others if r.state in (QUEUED, FAILED)]
    if any(r.state == SENT for r in others):
        item.kind = "correction"
        item.status = "correction" if corrections else "changed"


def make_plan(archive: Archive, period: str, *, department: str | None = None, roster: Roster | None = None,
              corrections: bool = False, encrypt: bool = False, password_rule: str = "") -> Plan:
    outbox = Outbox(archive.database)
    summaries = [p for p in archive.list_periods(department) if p.period == period]
    if not summaries:
        return Plan(period, [], [_nothing(period, department, archive.where)])
    items: list[Item] = []
    for summary in summaries:
        dept, scheme = summary.department, summary.scheme_id
        employees = archive.period_results(dept, period, scheme)
        pdfs = {f.employee_id: f for f in archive.files(dept, period, scheme) if f.kind == "employee_pdf"}
        addresses = resolve(((e.employee_id, e.name, str(e.result().get("email") or "")) for e in employees), roster)
        history: dict[str, list[Row]] = {}
        for row in outbox.rows(dept, period):
            if row.scheme_id == scheme:
                history.setdefault(row.employee_id, []).append(row)
        for e in employees:
            item = Item(department=dept, period=period, scheme_id=scheme, company=summary.company,
                        revision=summary.current_revision, employee=e, file=pdfs.get(e.employee_id),
                        address=addresses[e.employee_id])
            _decide(item, history.get(e.employee_id, []), corrections)
            if item.status == "unknown":
                item.problems.append(_unknown(item))
            elif item.status == "changed":
                item.problems.append(_changed(item))
            elif item.sendable:
                _check(item, roster, encrypt, password_rule)
            items.append(item)
    return Plan(period, items, [])


def _check(item: Item, roster: Roster | None, encrypt: bool, rule: str) -> None:
    e = item.employee
    for problem in item.address.problems:
        item.block(problem)
    if item.file is None:
        item.block(Finding(code="mail-pdf-missing", value=e.employee_id,
                           message=f"存档中没有 {e.employee_id} {e.name} 的个人报告 PDF",
                           message_en=f"the archive records no personal PDF for {e.employee_id} {e.name}"))
    elif item.status != "blocked":
        attachment, problem = pdfcheck.checked(Path(item.file.path), item.file.sha256, e.employee_id)
        if problem is not None:
            item.block(problem)
        item.attachment = attachment
    if encrypt and item.status != "blocked":
        row = dict(roster.rows.get(e.employee_id, {})) if roster else {}
        item.password = pdf_password(rule, {"id": e.employee_id, "name": e.name, "email": item.address.address,
                                            "department": item.department, "period": item.period, "roster": row})
        if not item.password:
            item.block(Finding(code="mail-no-password", value=e.employee_id,
                               message=f"{e.employee_id} {e.name} 的附件要加密,但按规则 {rule} 得不到密码",
                               message_en=f"the attachment of {e.employee_id} {e.name} must be encrypted, but the rule "
                                          f"{rule} gives no password"))


def _unknown(item: Item) -> Finding:
    e, row = item.employee, item.row
    since = row.updated_at.strftime("%Y-%m-%d %H:%M") if row else ""
    return Finding(code="mail-unknown", severity=Severity.WARNING, value=row.message_id if row else "",
                   message=f"{e.employee_id} {e.name}:{since} 的发送中断,不确定是否已送达;不会自动重发",
                   message_en=f"{e.employee_id} {e.name}: the send of {since} was interrupted; delivery is unknown and "
                              "it is not resent by itself",
                   hint=f"核实后运行 kpi-report mail {item.period} --resolve sent|resend --employee {e.employee_id}",
                   hint_en=f"check, then run kpi-report mail {item.period} --resolve sent|resend --employee {e.employee_id}")


def _changed(item: Item) -> Finding:
    e = item.employee
    return Finding(code="mail-correction-pending", severity=Severity.WARNING, value=e.employee_id,
                   message=f"{e.employee_id} {e.name} 的报告在发出后改过(第 {item.revision} 版);加 --corrections 才发更正邮件",
                   message_en=f"the report of {e.employee_id} {e.name} changed after it was mailed (revision "
                              f"{item.revision}); add --corrections to send a correction")


__all__ = ["SENDABLE", "Item", "Plan", "make_plan"]
