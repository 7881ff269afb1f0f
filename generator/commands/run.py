"""`kpi-report run PATH... [--out output/] [--lang zh|en] [--jobs N]`: validate, compute, render."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from generator.core.findings import Finding, KpiError, Severity
from generator.pipeline import RunSummary, Settings, collect, run_paths
from generator.report.fonts import font_findings
from generator.report.render_pool import Renderer

TEXT = {
    "zh": {"read": "检查与计算", "render": "生成报告", "ok": "通过", "bad": "未通过", "none": "没有找到 .xlsx 工作簿",
           "annotated": "已生成批注副本", "employees": "名员工", "summary": "工作簿 {n} 个:通过 {a},未通过 {r};员工 {e} 名;用时 {s:.1f} 秒",
           "where": "位置", "msg": "问题", "value": "填写的值", "hint": "如何修改"},
    "en": {"read": "checking and computing", "render": "rendering reports", "ok": "accepted", "bad": "rejected",
           "none": "no .xlsx workbooks found", "annotated": "annotated copy", "employees": "employees",
           "summary": "{n} workbooks: {a} accepted, {r} rejected; {e} employees; {s:.1f} s",
           "where": "where", "msg": "problem", "value": "value", "hint": "how to fix"},
}


def findings_table(findings: list[Finding], lang: str) -> Table:
    t = TEXT[lang]
    table = Table(show_lines=False, expand=False, box=None, padding=(0, 1, 0, 4))
    for col in ("where", "msg", "value", "hint"):
        table.add_column(t[col], overflow="fold")
    for f in findings:
        style = "red" if f.severity is Severity.ERROR else "yellow"
        table.add_row(escape(f.where or f.file), f"[{style}]{escape(f.text(lang))}[/]", escape(f.value),
                      escape(f.hint_text(lang)))
    return table


def print_summary(console: Console, summary: RunSummary, lang: str) -> None:
    t = TEXT[lang]
    for o in summary.outcomes:
        if o.status == "accepted":
            console.print(f"[green]✓[/] {escape(str(o.path))} — {t['ok']}, {o.employees} {t['employees']} → "
                          f"{escape(str(o.folder))}", soft_wrap=True)
            if o.findings:  # warnings only: errors reject
                console.print(findings_table(o.findings, lang))
            continue
        console.print(f"[red]✗[/] {escape(str(o.path))} — {t['bad']}", soft_wrap=True)
        if o.findings:
            console.print(findings_table(o.findings, lang))
        if o.annotated:
            console.print(f"    {t['annotated']}: {escape(str(o.annotated))}", soft_wrap=True)
    console.print(t["summary"].format(n=len(summary.outcomes), a=len(summary.accepted), r=len(summary.rejected),
                                      e=summary.employees, s=summary.seconds), style="bold")


def register(app: typer.Typer) -> None:
    @app.command("run")
    def run(
        paths: Annotated[list[Path], typer.Argument(exists=True, help="工作簿文件或文件夹 / workbooks or folders")],
        out: Annotated[Path, typer.Option("--out", "-o", help="报告输出目录 / output folder")] = Path("output"),
        lang: Annotated[str, typer.Option("--lang", help="zh | en")] = "zh",
        jobs: Annotated[int, typer.Option("--jobs", "-j", min=0,
                                          help="并行进程数,0 = CPU 核数 / worker processes, 0 = cores")] = 0,
        period: Annotated[str, typer.Option("--period", help="只接受该考核周期 / accept only this period")] = "",
        wait: Annotated[float, typer.Option("--wait", min=0, help="另一个运行正在写同一输出目录时最多等待的秒数 / "
                                            "seconds to wait while another run writes to the same --out")] = 600,
    ) -> None:
        """校验、计算并生成 Excel 与 PDF 报告 / validate, compute and render reports."""
        if lang not in TEXT:
            raise typer.BadParameter("zh 或 en / zh or en", param_hint="--lang")
        err = Console(stderr=True)
        out_console = Console()
        for f in font_findings():
            err.print(f"[yellow]⚠ {escape(f.text(lang))}[/] — {escape(f.hint_text(lang))}")
        settings = Settings(out_dir=out, lang=lang, jobs=jobs, expected_period=period or None, lock_wait=wait)
        t = TEXT[lang]
        workbooks = collect(paths, out)
        if not workbooks:
            err.print(f"[red]{t['none']}[/]")
            raise typer.Exit(2)
        # Workers are forked here, before the progress bar starts its refresh thread.
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Renderer(jobs) as renderer, Progress(*columns, console=err, transient=True,
                                                  disable=not err.is_terminal) as bar:
            tasks = {"read": bar.add_task(t["read"], total=None), "render": bar.add_task(t["render"], total=None)}

            def progress(stage: str, done: int, total: int) -> None:
                bar.update(tasks[stage], completed=done, total=total)

            try:
                summary = run_paths(workbooks, settings, progress, renderer=renderer)
            except KpiError as exc:  # the output folder is held by another run
                bar.stop()
                for f in exc.findings:
                    err.print(f"[red]✗ {escape(f.text(lang))}[/] — {escape(f.hint_text(lang))}")
                raise typer.Exit(1) from None
        print_summary(out_console, summary, lang)
        raise typer.Exit(summary.exit_code)
