"""`kpi-report config [--config PATH] [--json] [--lang en]`: the effective settings and where each comes from.

Exit codes: 0 the configuration is good, 2 it has problems (every one listed with file and line).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from generator.commands.options import ConfigOption, JsonOption, LangOption, error_lang, fail, print_findings
from generator.core.config import CONFIG_NAME, load_config
from generator.core.findings import KpiError
from generator.core.text import t


def register(app: typer.Typer) -> None:
    @app.command("config")
    def config(config: ConfigOption = None, lang: LangOption = None, as_json: JsonOption = False) -> None:
        """显示生效的设置及每项的来源 / show the effective settings and where each one comes from."""
        options = {"lang": lang}
        try:
            cfg = load_config(cwd=Path.cwd(), path=config, env=os.environ, options=options)
        except KpiError as exc:
            fail(exc, error_lang(options), as_json)
        rows = cfg.items(cfg.lang)
        if as_json:
            print(json.dumps({"file": str(cfg.file) if cfg.file else None,
                              "settings": {k: {"value": v, "source": s} for k, v, s in rows}},
                             ensure_ascii=False, indent=2))
        else:
            lang = cfg.lang
            title = t("config.file", lang, f=cfg.file) if cfg.file else t("config.nofile", lang, name=CONFIG_NAME)
            table = Table(title=title, title_justify="left")
            for col in ("key", "value", "source"):
                table.add_column(t(f"config.{col}", lang), overflow="fold")
            for key, value, source in rows:
                table.add_row(key, escape(value) if value else f"[dim]{t('config.unset', lang)}[/]", escape(source))
            Console(highlight=False).print(table)
        print_findings(list(cfg.warnings), cfg.lang, Console(stderr=True, highlight=False))
