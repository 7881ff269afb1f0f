"""Read an employee roster (xlsx or csv with 工号/姓名/岗位/部门/邮箱) for pre-filled templates.

CSV files saved by Chinese Excel are usually GBK, not UTF-8: both are accepted. An xlsx
roster goes through the same byte sniffing and size guards as an input workbook.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from generator.core.findings import Finding, Severity
from generator.model.results import Employee
from generator.workbook.layout import header_key
from generator.workbook.normalize import text_of
from generator.workbook.reader import open_workbook
from generator.workbook.sniff import sniff

ALIASES = {
    "id": ("工号", "员工编号", "编号", "employeeid", "id"),
    "name": ("姓名", "员工姓名", "name"),
    "position": ("岗位", "职位", "position"),
    "department": ("部门", "department", "team"),
    "email": ("邮箱", "电子邮箱", "email", "e-mail"),
}
MAX_ROSTER_ROWS = 20_000


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _table(path: Path) -> tuple[list[list[object]], list[Finding]]:
    head = path.read_bytes()[:4]
    if head.startswith(b"PK") or head.startswith(b"\xd0\xcf"):
        sniffed = sniff(path)
        if not sniffed.ok:
            return [], list(sniffed.findings)
        wb = open_workbook(path, data_only=True)
        try:
            ws = wb.worksheets[0]
            return [list(r) for r in ws.iter_rows(max_row=MAX_ROSTER_ROWS, values_only=True)], []
        finally:
            wb.close()
    if path.stat().st_size > 20 * 1024 * 1024:
        return [], [Finding(code="file-too-large", message="名单文件过大。", message_en="the roster is too large.", file=str(path))]
    text = _decode(path.read_bytes())
    return [list(r) for r in csv.reader(io.StringIO(text))][:MAX_ROSTER_ROWS], []


def read_roster(path: Path) -> tuple[dict[str, list[Employee]], list[Finding]]:
    """Employees grouped by department, in roster order, and the problems found."""
    rows, findings = _table(path)
    if not rows:
        if not findings:
            findings.append(Finding(code="roster-empty", message="名单是空的。", message_en="the roster is empty.", file=str(path)))
        return {}, findings
    header = [header_key(v) for v in rows[0]]
    where: dict[str, int] = {}
    for key, names in ALIASES.items():
        for i, h in enumerate(header):
            if h in names and key not in where:
                where[key] = i
    for key in ("id", "name"):
        if key not in where:
            findings.append(Finding(code="roster-missing-column", message=f"名单缺少“{ALIASES[key][0]}”列。",
                                    message_en=f"the roster has no {ALIASES[key][-1]} column.", file=str(path),
                                    hint="第一行应为表头:工号、姓名、岗位、部门、邮箱。",
                                    hint_en="the first row must be the header: 工号, 姓名, 岗位, 部门, 邮箱."))
    if any(f.severity is Severity.ERROR for f in findings):
        return {}, findings
    teams: dict[str, list[Employee]] = {}
    seen: dict[str, int] = {}
    for n, row in enumerate(rows[1:], start=2):
        def get(key: str, row: list[object] = row) -> str:
            i = where.get(key)
            return text_of(row[i]) if i is not None and i < len(row) else ""

        emp = Employee(id=get("id"), name=get("name"), position=get("position"), email=get("email"),
                       department=get("department"))
        if not any((emp.id, emp.name)):
            continue
        if not emp.id or not emp.name:
            findings.append(Finding(code="roster-incomplete", message=f"第 {n} 行缺少工号或姓名。",
                                    message_en=f"row {n} lacks an ID or a name.", file=str(path), line=n))
            continue
        if emp.id in seen:
            findings.append(Finding(code="roster-duplicate-id", message=f"第 {n} 行的工号 {emp.id} 与第 {seen[emp.id]} 行重复。",
                                    message_en=f"row {n}: ID {emp.id} repeats row {seen[emp.id]}.", file=str(path), line=n,
                                    value=emp.id))
            continue
        seen[emp.id] = n
        teams.setdefault(emp.department, []).append(emp)
    return teams, findings
