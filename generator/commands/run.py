"""`kpi-report run PATH... [--out output/] [--lang zh|en] [--jobs N] [--json]`: validate, compute, render."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from generator.commands.archive import ArchiveOption, archived, print_changes
from generator.commands.options import (
    PERIOD_HELP,
    ConfigOption,
    JobsOption,
    LangOption,
    OutOption,
    SchemeOption,
    SchemesDirOption,
    WaitOption,
    period_value,
    require_existing,
    schemes_from,
    settings_from,
)
from generator.commands.printing import print_summary, progress_lines
from generator.core.findings import KpiError
from generator.core.text import t
from generator.pipeline import Settings, collect, run_paths
from generator.report.fonts import font_findings
from generator.report.render_pool import Renderer
from generator.store.lock import Holder
from generator.store.results import dumps, run_document


def register(app: typer.Typer) -> None:
    @app.command("run")
    def run(
        paths: Annotated[list[Path], typer.Argument(help="工作簿文件或文件夹 / workbooks or folders")],
        out: OutOption = None,
        lang: LangOption = None,
        jobs: JobsOption = None,
        period: Annotated[str, typer.Option("--period", callback=period_value,
                                            help="只接受该考核周期 / accept only this period " + PERIOD_HELP)] = "",
        wait: WaitOption = None,
        schemes_dir: SchemesDirOption = None,
        scheme: SchemeOption = None,
        config: ConfigOption = None,
        archive: ArchiveOption = None,
        no_archive: Annotated[bool, typer.Option("--no-archive", help="不写入考核档案 / do not archive the results")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="把结果作为一个 JSON 文档输出 / print the results as "
                                              "one JSON document (docs/results-json.md)")] = False,
    ) -> None:
        """校验、计算并生成 Excel 与 PDF 报告 / validate, compute and render reports.

        设置的来源依次为:默认值、kpi-report.toml、KPI_REPORT_* 环境变量、命令行选项 /
        settings come from defaults, kpi-report.toml, KPI_REPORT_* variables, then these options."""
        cfg = settings_from(config, {"out": out, "lang": lang, "jobs": jobs, "wait": wait, "schemes_dirs": schemes_dir,
                                     "archive.url": archive})
        lang, out = cfg.lang, cfg.out
        require_existing(paths, lang)
        err, con = Console(stderr=True, highlight=False), Console(highlight=False)
        for f in font_findings():
            err.print(f"[yellow]⚠ {escape(f.text(lang))}[/] — {escape(f.hint_text(lang))}")
        registry, only = schemes_from(cfg, scheme)
        # Piped or logged: no progress bar can draw, so a line per workbook as it finishes (on
        # stderr when stdout carries the JSON document).
        lines = () if (err.is_terminal if as_json else con.is_terminal) else (progress_lines(err if as_json else con,
                                                                                               lang),)

        def waiting(holder: Holder) -> None:  # instead of progress bars standing at 0 while another run writes
            text = t("print.lock_wait", lang, out=out, pid=holder.pid or "?", started=holder.started.replace("T", " ") or "?")
            err.print(f"[yellow]⏳ {escape(text)}[/]", soft_wrap=True)
            err.file.flush()

        # Only --json prints every result at the end; otherwise each team's are let go once written.
        settings = Settings(out_dir=out, lang=lang, jobs=cfg.jobs, expected_period=period or None, lock_wait=cfg.wait,
                            keep_results=as_json,
                            schemes=registry, scheme=only, subscribers=lines, on_lock_wait=waiting)
        if not collect(paths, out):
            err.print(f"[red]{t('print.none', lang)}[/]")
            raise typer.Exit(2)
        # Workers are forked here, before the progress bar starts its refresh thread.
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        # The archive is opened after the workers fork: they never inherit a database connection.
        with Renderer(cfg.jobs) as renderer, archived(cfg, settings, not no_archive) as (settings, hooks), \
                Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
            tasks = {"read": bar.add_task(t("print.read", lang), total=None),
                     "render": bar.add_task(t("print.render", lang), total=None)}

            def progress(stage: str, done: int, total: int) -> None:
                bar.update(tasks[stage], completed=done, total=total)

            try:
                summary = run_paths(paths, settings, progress, renderer=renderer)
            except KeyboardInterrupt:  # before any workbook was started: nothing half-written
                bar.stop()
                err.print(f"[red]{t('stale.interrupted', lang, a=0, n=len(collect(paths, out)), note='-')}[/]")
                raise typer.Exit(130) from None
            except KpiError as exc:  # the output folder is held by another run
                bar.stop()
                for f in exc.findings:
                    err.print(f"[red]✗ {escape(f.text(lang))}[/] — {escape(f.hint_text(lang))}")
                raise typer.Exit(1) from None
            changed = hooks.reopened_changes() if hooks is not None else []
        if as_json:
            print(dumps(run_document(summary, lang, "run")), end="")
        else:
            print_summary(con, summary, lang, "run", announced=bool(lines))
            for outcome, changes in changed:
                key = outcome.key
                con.print(t("archive.reopened_diff", lang, department=key.department, period=key.period))
                print_changes(con, changes, lang)
        raise typer.Exit(summary.exit_code)
