"""The text cells of a data row: 工号, 姓名, 岗位, 邮箱, 备注 — formulas, lengths, hidden data, addresses.

Kept apart from validate.py, which checks the numbers; both report through the same Reporter.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.core.findings import Severity
from generator.workbook.limits import Limits
from generator.workbook.normalize import EMAIL_RE, is_blank, shown, text_of
from generator.workbook.reader import RawCell, Reporter

SEVERAL_RE = re.compile(r"[\s;,;,、]+")


def several_addresses(text: str) -> bool:
    """"a@x.cn; b@x.cn" holds two addresses (a stray separator at either end does not count)."""
    return len([part for part in SEVERAL_RE.split(text) if part]) > 1

TEXT_FIELDS = {"id": ("工号", "employee ID"), "name": ("姓名", "name"), "position": ("岗位", "position"),
               "email": ("邮箱", "e-mail"), "comment": ("备注", "comment"), "department": ("部门", "department"),
               "company": ("公司", "company"), "manager": ("考核人", "manager")}


def check_length(key: str, text: str, ref: str, rep: Reporter, limits: Limits) -> bool:
    """A text field longer than its limit is an error: one 30,000-character name would make every
    report that shows it take minutes."""
    most = limits.chars(key)
    if len(text) <= most:
        return True
    zh, en = TEXT_FIELDS.get(key, (key, key))
    rep.add("text-too-long", ref, f"“{zh}”有 {len(text)} 个字,超过上限 {most} 个字。",
            f"the {en} has {len(text)} characters, more than the limit of {most}.",
            f"缩短到 {most} 个字以内(上限可由环境变量 KPI_REPORT_MAX_{_ENV.get(key, 'TEXT')}_CHARS 调整)。",
            f"shorten it to {most} characters (the limit is set by KPI_REPORT_MAX_{_ENV.get(key, 'TEXT')}_CHARS).",
            value=text[:40] + "…")
    return False


_ENV = {"name": "NAME", "position": "POSITION", "department": "DEPARTMENT", "comment": "COMMENT"}


def check_text_cells(raw: dict[str, RawCell], ref: Callable[[str], str], rep: Reporter, limits: Limits) -> set[str]:
    """工号, 姓名, 岗位, 邮箱, 备注: a formula is never taken as its text (=HYPERLINK(…) would become a
    name in every report and file name), and each has a length limit. Returns the bad fields."""
    bad: set[str] = set()
    for key in ("id", "name", "position", "email", "comment"):
        cell = raw.get(key)
        if cell is None:
            continue
        zh, en = TEXT_FIELDS[key]
        if cell.formula:
            rep.add("formula-in-input", ref(key), f"“{zh}”中填的是公式,工具不读取公式。", f"the {en} holds a formula.",
                    "直接填写文字(可复制后“选择性粘贴 → 数值”)。", "type the text itself (Paste Special → Values).",
                    value=str(cell.value)[:60])
            bad.add(key)
        elif not check_length(key, text_of(cell.value), ref(key), rep, limits):
            bad.add(key)
    return bad


def check_hidden(raw: dict[str, RawCell], r: int, ref: Callable[[str], str], seen: set[str], rep: Reporter) -> None:
    """Data in a hidden row or column is read like any other; the manager should know it is there."""
    for key, cell in raw.items():
        if not cell.hidden or key == "preview" or (is_blank(cell.value) and not cell.formula):
            continue
        where = ref(key)
        mark = f"row{r}" if cell.hidden == "row" else f"col{where.rstrip('0123456789')}"
        if mark in seen:
            continue
        seen.add(mark)
        what, what_en = ("行", "row") if cell.hidden == "row" else ("列", "column")
        rep.add("hidden-data", where, f"隐藏的{what}中有数据,它们同样会被计入考核。",
                f"a hidden {what_en} holds data; it counts like any other.",
                f"取消隐藏(右键 → 取消隐藏),确认这些数据应当计入;不需要的请删除整{what}。",
                f"unhide it and make sure the data belongs; delete the {what_en} otherwise.",
                value=shown(cell.value)[:40], severity=Severity.WARNING)


def check_email(email: str, emp_id: str, where: str, r: int, seen_emails: dict[str, tuple[int, str]],
                rep: Reporter) -> None:
    """One address per person, well formed, and never the same address for two employees (mail would
    carry one person's report to the other). `seen_emails` remembers each address's first row."""
    address = email.lower()
    if address and address in seen_emails and emp_id:
        other_row, other_id = seen_emails[address]
        rep.add("email-duplicate", where,
                f"邮箱 {address} 同时填给了工号 {other_id}(第 {other_row} 行)和 {emp_id};一人的报告会发到另一人的邮箱。",
                f"{address} is given for {other_id} (row {other_row}) and for {emp_id}; one person's report would "
                "reach the other.", "改正为各自本人的邮箱;两人都不会收到邮件,直到改正为止。",
                "give each employee their own address; neither is mailed until it is corrected.",
                value=address, severity=Severity.WARNING)
    elif address and emp_id:
        seen_emails[address] = (r, emp_id)
    if email and several_addresses(email):
        rep.add("email-several", where, f"“{email}”写了不止一个邮箱;每人只能填一个,个人报告只发往这一个地址。",
                f"{email!r} holds more than one address; one per person, the report goes to that one only.",
                "只保留本人的邮箱;需要抄送他人时在配置的 mail.cc 中设置。",
                "keep the employee's own address only; copies to others go in the configuration's mail.cc.",
                value=email, severity=Severity.WARNING)
    elif email and not EMAIL_RE.match(email):
        rep.add("invalid-email", where, f"邮箱“{email}”格式不正确,个人报告将无法发送。",
                f"e-mail {email!r} is not valid; the personal report cannot be sent.", "例如 zhangsan@example.com。",
                "e.g. zhangsan@example.com.", value=email, severity=Severity.WARNING)

