"""`kpi-report validate PATH... [--json] [--lang en] [--period 2026-10]`: check workbooks, annotate the bad ones.

Exit codes: 0 no workbook has errors, 1 at least one has, 2 usage error (no workbooks found).
Each invalid workbook gets `<name>-批注.xlsx` (`-annotated.xlsx` with --lang en) next to it, or
in --out; the input is never touched. Every employee is computed, once, as `run` would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from generator.commands.options import (
    PERIOD_HELP,
    ConfigOption,
    LangOption,
    SchemeOption,
    SchemesDirOption,
    period_value,
    require_existing,
    schemes_from,
    settings_from,
)
from generator.commands.printing import print_summary
from generator.core.text import t
from generator.pipeline import Settings, collect, validate_paths
from generator.store.results import dumps, run_document


def register(app: typer.Typer) -> None:
    @app.command("validate")
    def validate(
        paths: Annotated[list[Path], typer.Argument(help="工作簿文件或文件夹 / workbooks or folders")],
        as_json: Annotated[bool, typer.Option("--json", help="输出 JSON / print JSON (docs/results-json.md)")] = False,
        lang: LangOption = None,
        period: Annotated[str, typer.Option("--period", callback=period_value,
                                            help="应为该考核周期 / expected period " + PERIOD_HELP)] = "",
        out: Annotated[Path | None, typer.Option("--out", "-o", help="批注副本的目录 / folder for annotated copies")] = None,
        no_annotate: Annotated[bool, typer.Option("--no-annotate", help="不生成批注副本 / no annotated copies")] = False,
        schemes_dir: SchemesDirOption = None,
        scheme: SchemeOption = None,
        config: ConfigOption = None,
    ) -> None:
        """检查工作簿,列出所有问题 / check workbooks and list every problem."""
        cfg = settings_from(config, {"lang": lang, "schemes_dirs": schemes_dir})
        lang = cfg.lang
        require_existing(paths, lang)
        if not collect(paths):
            Console(stderr=True, highlight=False).print(f"[red]{t('print.none', lang)}[/]")
            raise typer.Exit(2)
        registry, only = schemes_from(cfg, scheme)
        settings = Settings(out_dir=out or Path("."), lang=lang, expected_period=period or None,
                            annotate=not no_annotate, annotate_dir=out, schemes=registry, scheme=only)
        summary = validate_paths(paths, settings)
        if as_json:
            print(dumps(run_document(summary, lang, "validate")), end="")
        else:
            print_summary(Console(highlight=False), summary, lang, "validate")
        raise typer.Exit(summary.exit_code)
