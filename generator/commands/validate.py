"""`kpi-report validate PATH... [--json] [--lang en] [--period 2026-10]`: check workbooks, annotate the bad ones.

Exit codes: 0 no workbook has errors, 1 at least one has, 2 usage error (no workbooks found).
Each invalid workbook gets `<name>.errors.xlsx` next to it (or in --out); the input is never touched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from generator.core.files import safe_part
from generator.core.findings import Severity
from generator.workbook import annotate, load_workbook_input

SUFFIX = ".errors.xlsx"
TEXT = {
    "zh": {"ok": "✓ {f}:没有问题({n} 名员工)", "warn": "⚠ {f}:{w} 个提醒({n} 名员工)", "bad": "✗ {f}:{e} 个错误,{w} 个提醒",
           "where": "位置", "sev": "类别", "msg": "问题", "value": "填写的值", "hint": "如何修改", "error": "错误",
           "warning": "提醒", "copy": "  已生成批注副本:{p}", "dropped": "  另有 {n} 个问题未列出", "none": "没有找到 .xlsx/.xlsm 工作簿"},
    "en": {"ok": "✓ {f}: no problems ({n} employees)", "warn": "⚠ {f}: {w} warnings ({n} employees)",
           "bad": "✗ {f}: {e} errors, {w} warnings", "where": "where", "sev": "severity", "msg": "problem",
           "value": "value", "hint": "how to fix", "error": "error", "warning": "warning", "copy": "  annotated copy: {p}",
           "dropped": "  {n} more findings not listed", "none": "no .xlsx/.xlsm workbooks found"},
}


def collect(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for p in paths:
        items = sorted([*p.glob("*.xlsx"), *p.glob("*.xlsm")]) if p.is_dir() else [p]
        for item in items:
            # our own annotated copies and Excel's lock files (~$name.xlsx) are not inputs
            if item.name.endswith(SUFFIX) or item.name.startswith("~$"):
                continue
            if item not in found:
                found.append(item)
    return found


def annotated_path(path: Path, out_dir: Path | None) -> Path:
    folder = out_dir or path.parent
    return folder / (safe_part(path.name.removesuffix(path.suffix), "workbook") + SUFFIX)


def register(app: typer.Typer) -> None:
    @app.command("validate")
    def validate(
        paths: Annotated[list[Path], typer.Argument(exists=True, help="工作簿文件或文件夹 / workbooks or folders")],
        as_json: Annotated[bool, typer.Option("--json", help="输出 JSON / print JSON")] = False,
        lang: Annotated[str, typer.Option("--lang", help="zh | en")] = "zh",
        period: Annotated[str, typer.Option("--period", help="应为该考核周期 / expected period")] = "",
        out: Annotated[Path | None, typer.Option("--out", "-o", help="批注副本的目录 / folder for annotated copies")] = None,
        no_annotate: Annotated[bool, typer.Option("--no-annotate", help="不生成批注副本 / no annotated copies")] = False,
    ) -> None:
        """检查工作簿,列出所有问题 / check workbooks and list every problem."""
        if lang not in TEXT:
            raise typer.BadParameter("zh 或 en / zh or en", param_hint="--lang")
        t = TEXT[lang]
        err, con = Console(stderr=True), Console()
        workbooks = collect(paths)
        if not workbooks:
            err.print(f"[red]{t['none']}[/]")
            raise typer.Exit(2)
        report, any_errors = [], False
        for path in workbooks:
            loaded = load_workbook_input(path, expected_period=period or None)
            errors, warnings = loaded.findings.errors, loaded.findings.warnings
            copy = None
            if errors or loaded.findings.dropped:
                any_errors = True
                if not no_annotate:
                    copy = annotate(loaded, annotated_path(path, out), lang)
            report.append({"file": str(path), "ok": not errors, "employees": len(loaded.rows),
                           "scheme": loaded.header.scheme_id, "period": loaded.header.period,
                           "errors": len(errors), "warnings": len(warnings), "dropped": loaded.findings.dropped,
                           "annotated": str(copy) if copy else None,
                           "findings": [f.to_dict(lang) for f in loaded.findings]})
            if as_json:
                continue
            name = escape(str(path))
            if errors:
                con.print(f"[red]{t['bad'].format(f=name, e=len(errors), w=len(warnings))}[/]")
            elif warnings:
                con.print(f"[yellow]{t['warn'].format(f=name, w=len(warnings), n=len(loaded.rows))}[/]")
            else:
                con.print(f"[green]{t['ok'].format(f=name, n=len(loaded.rows))}[/]")
            if loaded.findings.items:
                table = Table(show_lines=False, expand=False)
                for col in ("where", "sev", "msg", "value", "hint"):
                    table.add_column(t[col], overflow="fold")
                for f in loaded.findings:
                    style = "red" if f.severity is Severity.ERROR else "yellow"
                    table.add_row(escape(f.where), f"[{style}]{t[f.severity.value]}[/]", escape(f.text(lang)),
                                  escape(f.value), escape(f.hint_text(lang)))
                con.print(table)
            if loaded.findings.dropped:
                con.print(t["dropped"].format(n=loaded.findings.dropped))
            if copy:
                con.print(t["copy"].format(p=escape(str(copy))))
        if as_json:
            print(json.dumps({"ok": not any_errors, "workbooks": report}, ensure_ascii=False, indent=2))
        raise typer.Exit(1 if any_errors else 0)
