"""Options every command shares, and the one call that turns them into a Config.

A command declares the options it takes with these aliases (each defaults to None, so the
configuration decides), then calls

    cfg = settings_from(config, {"out": out, "lang": lang, "jobs": jobs,
                                 "schemes_dirs": schemes_dir, "wait": wait})

which reads kpi-report.toml and the environment under them; a bad configuration prints
every finding to stderr and exits with code 2.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from generator.core.config import Config, load_config
from generator.core.findings import Finding, KpiError, Severity
from generator.core.text import t
from generator.history.periods import accepted_forms, canonical
from generator.scheme.model import Scheme
from generator.scheme.registry import SchemeRegistry

ConfigOption = Annotated[Path | None, typer.Option(
    "--config", dir_okay=False, help="配置文件,默认为当前目录的 kpi-report.toml / configuration file "
    "(default: kpi-report.toml in the current folder)")]
LangOption = Annotated[str | None, typer.Option("--lang", help="zh | en(默认取配置 / default: from the configuration)")]
OutOption = Annotated[Path | None, typer.Option("--out", "-o", help="报告输出目录 / output folder")]
JobsOption = Annotated[int | None, typer.Option(
    "--jobs", "-j", help="并行进程数,0 = CPU 核数 / worker processes, 0 = one per core")]
SchemesDirOption = Annotated[list[Path] | None, typer.Option(
    "--schemes-dir", help="自定义考核方案文件夹,可写多次 / folder of your own schemes, repeatable")]
WaitOption = Annotated[float | None, typer.Option(
    "--wait", help="等待输出目录锁的秒数 / seconds to wait for the output folder's lock")]
JsonOption = Annotated[bool, typer.Option("--json", help="输出 JSON / print JSON")]


def period_value(value: str | None) -> str | None:
    """--period as typed (2026年10月, 2026年第四季度, 2026H2 …) → its canonical form; not a period → usage error."""
    if not value:
        return value
    period = canonical(value)
    if period is None:
        # Options are still being parsed, so the run's language is read from the command line itself.
        from generator.commands.usage_errors import run_language

        lang = run_language(sys.argv[1:])
        raise typer.BadParameter(t("usage.bad_period", lang, given=value, forms=accepted_forms(lang)))
    return period


PERIOD_HELP = "(2026-10、2026Q4、2026H2、2026,也可写 2026年10月、2026年第四季度、2026年下半年、2026年度)"


def error_lang(options: Mapping[str, object] | None = None) -> str:
    """The language for configuration errors, which arrive before the configuration's own lang is known."""
    for lang in ((options or {}).get("lang"), os.environ.get("KPI_REPORT_LANG", "").strip()):
        if lang in ("zh", "en"):
            return str(lang)
    return "zh"


def print_findings(findings: list[Finding], lang: str, console: Console) -> None:
    for f in findings:
        mark, style = ("✗", "red") if f.severity is Severity.ERROR else ("⚠", "yellow")
        where = f"{f.where or f.file}: " if (f.where or f.file) else ""
        console.print(f"[{style}]{mark}[/] {escape(where)}[{style}]{escape(f.text(lang))}[/] [dim]{escape(f'[{f.code}]')}[/]",
                      soft_wrap=True)
        if f.hint_text(lang):
            console.print(f"    → {escape(f.hint_text(lang))}", soft_wrap=True)


def fail(exc: KpiError, lang: str, as_json: bool = False) -> NoReturn:
    """A bad configuration: the findings (as JSON on stdout with --json, else on stderr), exit code 2."""
    if as_json:
        print(json.dumps({"findings": [f.to_dict(lang) for f in exc.findings]}, ensure_ascii=False, indent=2))
    else:
        print_findings(exc.findings, lang, Console(stderr=True, highlight=False))
    raise typer.Exit(2)


def require_existing(paths: list[Path], lang: str) -> None:
    """Missing input paths: a usage error (exit 2) in the run's language, where click's exists=True
    would print English ("Invalid value for 'paths'") whatever --lang says."""
    missing = [p for p in paths if not p.exists()]
    err = Console(stderr=True, highlight=False)
    for p in missing:
        err.print(f"[red]✗[/] {escape(t('print.missing', lang, path=p))}", soft_wrap=True)
    if missing:
        raise typer.Exit(2)


def settings_from(config: Path | None = None, options: Mapping[str, object] | None = None) -> Config:
    """load_config for the current folder and environment, with the command's options on top."""
    try:
        cfg = load_config(cwd=Path.cwd(), path=config, env=os.environ, options=options)
    except KpiError as exc:
        fail(exc, error_lang(options))
    print_findings(list(cfg.warnings), cfg.lang, Console(stderr=True, highlight=False))
    return cfg


SchemeOption = Annotated[str | None, typer.Option(
    "--scheme", help="考核方案编号或 YAML 文件;给出时每个工作簿都必须由它生成 / scheme id or YAML file; "
    "when given, every workbook must have been made from it")]


def schemes_from(cfg: Config, scheme_ref: str | None = None) -> tuple[SchemeRegistry, Scheme | None]:
    """One registry for the whole command (user folders, then the built-ins) and the --scheme it names."""
    try:
        registry = SchemeRegistry.from_dirs(cfg.schemes_dirs)
        return registry, registry.resolve(scheme_ref) if scheme_ref else None
    except KpiError as exc:
        fail(exc, cfg.lang)

