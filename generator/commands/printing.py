"""One way to print what `run` and `validate` found: a line per workbook, a findings table, a summary.

The same RunSummary also becomes JSON (`--json`, generator/store/results.py); this module is
only the terminal rendering of it.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from generator.core.findings import Finding, Severity
from generator.pipeline import RunSummary, WorkbookOutcome

TEXT = {
    "zh": {"ok": "通过", "bad": "未通过", "failed": "处理失败", "employees": "名员工", "where": "位置", "sev": "类别",
           "msg": "问题", "value": "填写的值", "hint": "如何修改", "error": "错误", "warning": "提醒",
           "annotated": "已生成批注副本", "dropped": "另有 {n} 个问题未列出", "none": "没有找到 .xlsx/.xlsm 工作簿",
           "run_summary": "工作簿 {n} 个:通过 {a},未通过 {r};员工 {e} 名;用时 {s:.1f} 秒",
           "validate_summary": "工作簿 {n} 个:通过 {a},未通过 {r};员工 {e} 名", "read": "检查与计算",
           "render": "生成报告", "clean": "没有问题", "warnings": "{w} 个提醒", "errors": "{e} 个错误,{w} 个提醒"},
    "en": {"ok": "accepted", "bad": "rejected", "failed": "failed", "employees": "employees", "where": "where",
           "sev": "severity", "msg": "problem", "value": "value", "hint": "how to fix", "error": "error",
           "warning": "warning", "annotated": "annotated copy", "dropped": "{n} more findings not listed",
           "none": "no .xlsx/.xlsm workbooks found",
           "run_summary": "{n} workbooks: {a} accepted, {r} rejected; {e} employees; {s:.1f} s",
           "validate_summary": "{n} workbooks: {a} accepted, {r} rejected; {e} employees", "read": "checking and computing",
           "render": "rendering reports", "clean": "no problems", "warnings": "{w} warnings",
           "errors": "{e} errors, {w} warnings"},
}


def text(key: str, lang: str, **fields: object) -> str:
    return TEXT["en" if lang == "en" else "zh"][key].format(**fields)


def findings_table(findings: list[Finding], lang: str) -> Table:
    table = Table(show_lines=False, expand=False, box=None, padding=(0, 1, 0, 4))
    for col in ("where", "sev", "msg", "value", "hint"):
        table.add_column(text(col, lang), overflow="fold")
    for f in findings:
        style = "red" if f.severity is Severity.ERROR else "yellow"
        table.add_row(escape(f.where or f.file), f"[{style}]{text(f.severity.value, lang)}[/]",
                      f"[{style}]{escape(f.text(lang))}[/]", escape(f.value), escape(f.hint_text(lang)))
    return table


def _headline(o: WorkbookOutcome, lang: str, command: str) -> str:
    name = escape(str(o.path))
    errors = sum(1 for f in o.findings if f.severity is Severity.ERROR)
    warnings = len(o.findings) - errors
    if o.status == "accepted":
        state = text("clean", lang) if not warnings else text("warnings", lang, w=warnings)
        line = f"[green]✓[/] {name} — {text('ok', lang)}, {o.employees} {text('employees', lang)}"
        if command == "run" and o.folder is not None:
            return f"{line} → {escape(str(o.folder))}"
        return f"{line}; {state}"
    word = text("failed" if o.status == "failed" else "bad", lang)
    return f"[red]✗[/] {name} — {word}: {text('errors', lang, e=errors, w=warnings)}"


def print_summary(console: Console, summary: RunSummary, lang: str, command: str = "run") -> None:
    for o in summary.outcomes:
        console.print(_headline(o, lang, command), soft_wrap=True)
        if o.findings:
            console.print(findings_table(o.findings, lang))
        if o.dropped:
            console.print("    " + text("dropped", lang, n=o.dropped))
        if o.annotated:
            console.print(f"    {text('annotated', lang)}: {escape(str(o.annotated))}", soft_wrap=True)
    key = "run_summary" if command == "run" else "validate_summary"
    console.print(text(key, lang, n=len(summary.outcomes), a=len(summary.accepted), r=len(summary.rejected),
                       e=summary.employees, s=summary.seconds), style="bold")
