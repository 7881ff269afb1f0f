"""Who gets which mail: each employee's address from the workbook's 邮箱 column (kept in the archive's
results) or from a roster file (工号 → 邮箱, xlsx or CSV in UTF-8/GBK), the roster winning.

An appraisal is confidential, so an address that cannot be trusted sends nothing: a missing one is
listed (mail-no-address), a malformed one or a cell holding two is refused (mail-bad-address), and
one address given for two employees refuses both (mail-duplicate-address): whichever of the two it
really belongs to, the other person's report would reach them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.findings import Finding, Severity
from generator.workbook.layout import header_key
from generator.workbook.normalize import EMAIL_RE, text_of
from generator.workbook.roster import ALIASES

# workbook/roster.py reads the bytes (xlsx sniffing and size guards, CSV in UTF-8 or GBK); one reader.
from generator.workbook.roster import _table as roster_table
from generator.workbook.text_cells import several_addresses


@dataclass(frozen=True)
class Roster:
    """工号 → the roster's whole row (header → text), for the address and the password rule."""

    path: Path
    rows: Mapping[str, Mapping[str, str]]
    has_email: bool

    def email(self, employee_id: str) -> str:
        return (self.rows.get(employee_id) or {}).get("邮箱", "") if self.has_email else ""


def read_roster(path: Path) -> tuple[Roster | None, list[Finding]]:
    """The roster, or None and the findings that say why it cannot be used."""
    try:
        table, findings = roster_table(path)
    except OSError as error:
        return None, [Finding(code="file-unreadable", file=str(path), message=f"无法读取名单:{error}",
                              message_en=f"cannot read the roster: {error}")]
    if findings:
        return None, findings
    if not table:
        return None, [Finding(code="roster-empty", file=str(path), message="名单是空的。", message_en="the roster is empty.")]
    header = [header_key(v) for v in table[0]]
    shown = [text_of(v) for v in table[0]]
    id_col = next((i for i, h in enumerate(header) if h in ALIASES["id"]), None)
    email_col = next((i for i, h in enumerate(header) if h in ALIASES["email"]), None)
    if id_col is None:
        return None, [Finding(code="roster-missing-column", file=str(path), message="名单缺少“工号”列。",
                              message_en="the roster has no 工号 (employee ID) column.",
                              hint="第一行应为表头,至少有“工号”,以及“邮箱”或密码规则用到的列。",
                              hint_en="the first row is the header: at least 工号, and 邮箱 or the column the "
                                      "password rule uses.")]
    rows: dict[str, dict[str, str]] = {}
    problems: list[Finding] = []
    for n, raw in enumerate(table[1:], start=2):
        cells = {shown[i]: text_of(v) for i, v in enumerate(raw) if i < len(shown) and shown[i]}
        emp = text_of(raw[id_col]) if id_col < len(raw) else ""
        if not emp:
            continue
        if email_col is not None:
            cells["邮箱"] = text_of(raw[email_col]) if email_col < len(raw) else ""
        if emp in rows:
            problems.append(Finding(code="roster-duplicate-id", file=str(path), line=n, value=emp,
                                    message=f"第 {n} 行的工号 {emp} 重复出现,以第一次为准。",
                                    message_en=f"row {n}: 工号 {emp} appears again; the first row counts.",
                                    severity=Severity.WARNING))
            continue
        rows[emp] = cells
    return Roster(path=path, rows=rows, has_email=email_col is not None), problems


@dataclass(frozen=True)
class Address:
    """Where one employee's mail goes, or why it goes nowhere."""

    employee_id: str
    address: str | None  # None: nothing is sent to this employee
    source: str  # "roster" | "workbook" | ""
    problems: tuple[Finding, ...] = field(default=())


def _one(employee_id: str, name: str, workbook: str, roster: Roster | None) -> Address:
    from_roster = roster.email(employee_id) if roster else ""
    text, source = (from_roster, "roster") if from_roster else (workbook, "workbook") if workbook else ("", "")
    who = f"{employee_id} {name}".strip()
    if not text:
        return Address(employee_id, None, "", (Finding(
            code="mail-no-address", severity=Severity.WARNING, value=employee_id,
            message=f"{who} 没有邮箱,个人报告不会发送", message_en=f"{who} has no e-mail address; nothing is sent",
            hint="在工作簿“邮箱”列或 --roster 名单中补上", hint_en="add it in the workbook's 邮箱 column or the --roster file"),))
    if several_addresses(text) or not EMAIL_RE.match(text):
        return Address(employee_id, None, source, (Finding(
            code="mail-bad-address", value=text,
            message=f"{who} 的邮箱“{text}”不是一个有效地址(来自{'名单' if source == 'roster' else '工作簿'}),不会发送",
            message_en=f"{who}: {text!r} is not one valid address (from the {source}); nothing is sent",
            hint="每人写一个本人的邮箱,例如 zhangsan@example.com", hint_en="one address of their own, e.g. zhangsan@example.com"),))
    return Address(employee_id, text, source)


def resolve(employees: Iterable[tuple[str, str, str]], roster: Roster | None) -> dict[str, Address]:
    """工号 → Address for (工号, 姓名, workbook 邮箱) triples, with duplicates across employees refused."""
    found = {emp: _one(emp, name, email, roster) for emp, name, email in employees}
    owners: dict[str, list[str]] = {}
    for emp, a in found.items():
        if a.address:
            owners.setdefault(a.address.lower(), []).append(emp)
    for address, emps in owners.items():
        if len(emps) < 2:
            continue
        for emp in emps:
            others = "、".join(e for e in emps if e != emp)
            found[emp] = Address(emp, None, found[emp].source, (Finding(
                code="mail-duplicate-address", value=address,
                message=f"{emp} 的邮箱 {address} 也属于 {others};两人的报告都不会发送",
                message_en=f"{emp}'s address {address} also belongs to {others}; neither report is sent",
                hint="在名单或工作簿中改为各自本人的邮箱", hint_en="give each their own address in the roster or workbook"),))
    return found


__all__ = ["Address", "Roster", "read_roster", "resolve"]
