"""`kpi-report schemes [show ID|FILE] [check FILE...] [export ID]`: list, read, check and copy 考核方案.

HR people edit scheme files by hand, so `check` reports every problem with file:line, `show`
accepts a path as well as an id, and `export` copies a scheme's YAML (comments included) as
the starting point of an organisation's own. `--schemes-dir` adds folders of YAML files,
searched before the built-ins (see scheme/registry.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from generator.commands.options import (
    ConfigOption,
    JsonOption,
    LangOption,
    SchemesDirOption,
    schemes_from,
    settings_from,
)
from generator.core.config import Config
from generator.core.files import atomic_target
from generator.core.findings import Finding, KpiError, Severity
from generator.core.text import both, t
from generator.scheme import model as m
from generator.scheme.describe import describe, to_dict
from generator.scheme.loader import check_scheme
from generator.scheme.registry import SchemeEntry, SchemeRegistry


def _config(lang: str | None, config: Path | None, schemes_dir: list[Path] | None = None) -> Config:
    """The effective settings: --lang and --schemes-dir over kpi-report.toml and KPI_REPORT_* (bad → exit 2)."""
    if lang is not None and lang not in ("zh", "en"):
        raise typer.BadParameter(both("lang.choice"), param_hint="--lang")
    return settings_from(config, {"lang": lang, "schemes_dirs": schemes_dir})


def finding_line(f: Finding, lang: str) -> str:
    kind = t("schemes.error" if f.severity is Severity.ERROR else "schemes.warning", lang)
    hint = f"\n    {t('schemes.hint', lang)}: {f.hint_text(lang)}" if f.hint_text(lang) else ""
    return f"{f.where or f.file}: {kind} [{f.code}] {f.text(lang)}{hint}"


def _sections_text(s: m.Scheme, lang: str) -> str:
    return t("schemes.sep", lang).join(f"{(x.name_en or x.id) if lang == 'en' else x.name} {x.weight.normalize():f}%" for x in s.sections)


def _origin(entry: SchemeEntry, lang: str) -> str:
    if entry.builtin:
        return t("schemes.builtin", lang)
    return str(entry.path) + (t("schemes.shadows", lang) if entry.shadows else "")


def list_schemes(console: Console, lang: str, as_json: bool, registry: SchemeRegistry | None = None) -> int:
    registry = registry or SchemeRegistry.from_dirs()
    rows: list[tuple[SchemeEntry, m.Scheme]] = []
    broken: list[tuple[SchemeEntry, KpiError]] = []
    for entry in registry.entries():
        try:
            rows.append((entry, registry.get(entry.id)))
        except KpiError as exc:
            broken.append((entry, exc))
    if as_json:
        console.print_json(json.dumps([{"id": s.id, "name": s.name_en if lang == "en" and s.name_en else s.name,
                                        "version": s.version, "role": s.role, "builtin": e.builtin, "file": str(e.path),
                                        "shadows": str(e.shadows) if e.shadows else None,
                                        "sections": [{"id": x.id, "name": x.name, "weight": f"{x.weight.normalize():f}"}
                                                     for x in s.sections]} for e, s in rows], ensure_ascii=False))
    else:
        console.print(_schemes_table(rows, lang, console.width))
    err = Console(stderr=True, highlight=False)
    for entry, exc in broken:
        err.print(f"[red]{escape(t('schemes.broken', lang, id=entry.id, file=entry.path))}[/]")
        for f in exc.findings[:3]:
            err.print("  " + escape(finding_line(f, lang)), soft_wrap=True)
    return 1 if broken else 0


def _schemes_table(rows: list[tuple[SchemeEntry, m.Scheme]], lang: str, width: int) -> Table:
    """The schemes as a table that fits `width` cells: cells wrap, nothing is cut (issue 12 item 10)."""
    # Below 100 columns six columns leave each too little room and English words break mid-word;
    # the role goes (`schemes show` and --json give it) and the rules between columns with it.
    cols = ["id", "name", "version", "role", "sections", "origin"]
    if width < 100:
        cols.remove("role")
    # collapsed padding: one space between columns, so the longest id (24) still leaves 80 columns enough
    table = Table(title=t("schemes.title", lang), box=box.SIMPLE_HEAD, collapse_padding=True,
                  pad_edge=False)
    # An id is what the user types next (`--scheme ID`), so it is never broken across lines.
    id_width = max([len(s.id) for _, s in rows] + [len(t("schemes.id", lang))])
    lines = [{"id": s.id, "name": s.name_en if lang == "en" and s.name_en else s.name, "version": s.version,
              "role": s.role, "sections": _sections_text(s, lang), "origin": _origin(e, lang)} for e, s in rows]
    for col in cols:
        # Room for the longest English word of names and sections ("Customer-service"), so words
        # are not broken in the middle; ids and versions are never broken at all.
        longest = max([cell_len(w) for cells in lines for w in cells[col].split()] + [0])
        table.add_column(t(f"schemes.{col}", lang), overflow="fold", no_wrap=col in ("id", "version"),
                         min_width=id_width if col == "id" else min(longest, 16) if col in ("name", "sections")
                         else longest if col == "origin" else None)
    for cells in lines:
        table.add_row(*(cells[c] for c in cols))
    return table


def _load(ref: str, lang: str, err: Console, registry: SchemeRegistry | None = None) -> m.Scheme | int:
    """A scheme id or a path to a YAML file; else findings on stderr and the exit code (2 unknown, 1 broken)."""
    registry = registry or SchemeRegistry.from_dirs()
    try:
        return registry.resolve(ref)
    except KpiError as exc:
        first = exc.findings[0] if exc.findings else None
        if first is not None and first.code == "scheme-not-found":
            is_path = bool(first.file)  # resolve() names the file when ref was a path
            err.print(escape(f"{ref}: {t('schemes.missing', lang)}" if is_path
                             else t("schemes.unknown", lang, id=ref, ids=", ".join(registry.ids()))))
            return 2
        for f in exc.findings:
            err.print(escape(finding_line(f, lang)))
        return 1


def show_scheme(console: Console, scheme: m.Scheme, lang: str, as_json: bool) -> None:
    if as_json:
        console.print_json(json.dumps(to_dict(scheme, lang), ensure_ascii=False))
        return
    for block in describe(scheme, lang):
        console.print(f"[bold]{escape(block.title)}[/]")
        for line in block.lines:
            console.print(f"  {escape(line)}", soft_wrap=True)
        console.print()


def check_files(console: Console, paths: list[Path], lang: str) -> int:
    files: list[Path] = []
    for p in paths:
        files += sorted([*p.glob("*.yaml"), *p.glob("*.yml")]) if p.is_dir() else [p]
    if not files:
        console.print(t("schemes.none", lang))
        return 1
    failed = False
    for path in files:
        if not path.is_file():
            console.print(f"[red]{escape(f'✗ {path}: ' + t('schemes.missing', lang))}[/]")
            failed = True
            continue
        _, findings = check_scheme(path.read_text(encoding="utf-8"), str(path))
        errors = [f for f in findings if f.severity is Severity.ERROR]
        warnings = [f for f in findings if f.severity is not Severity.ERROR]
        if errors:
            failed = True
            console.print(f"[red]{escape(t('schemes.errors', lang, file=path, e=len(errors), w=len(warnings)))}[/]")
        elif warnings:
            console.print(f"[yellow]{escape(t('schemes.warnings', lang, file=path, w=len(warnings)))}[/]")
        else:
            console.print(f"[green]{escape(t('schemes.ok', lang, file=path))}[/]")
        for f in sorted(findings, key=lambda f: (f.line or 0, f.code)):
            console.print("  " + escape(finding_line(f, lang)), soft_wrap=True)
    return 1 if failed else 0


def register(app: typer.Typer) -> None:
    schemes = typer.Typer(help=both("schemes.help"), no_args_is_help=False)

    @schemes.callback(invoke_without_command=True, help=both("schemes.help_list"))
    def schemes_list(ctx: typer.Context, lang: LangOption = None, as_json: JsonOption = False,
                     schemes_dir: SchemesDirOption = None, config: ConfigOption = None) -> None:
        if ctx.invoked_subcommand is None:
            cfg = _config(lang, config, schemes_dir)
            raise typer.Exit(list_schemes(Console(highlight=False), cfg.lang, as_json, schemes_from(cfg)[0]))

    @schemes.command("list", help=both("schemes.help_list"))
    def schemes_list_cmd(lang: LangOption = None, as_json: JsonOption = False,
                         schemes_dir: SchemesDirOption = None, config: ConfigOption = None) -> None:
        cfg = _config(lang, config, schemes_dir)
        raise typer.Exit(list_schemes(Console(highlight=False), cfg.lang, as_json, schemes_from(cfg)[0]))

    @schemes.command("show", help=both("schemes.help_show"))
    def schemes_show(
        ref: Annotated[str, typer.Argument(help=both("schemes.help_ref"))],
        lang: LangOption = None,
        as_json: JsonOption = False,
        schemes_dir: SchemesDirOption = None,
        config: ConfigOption = None,
    ) -> None:
        cfg = _config(lang, config, schemes_dir)
        scheme = _load(ref, cfg.lang, Console(stderr=True, highlight=False), schemes_from(cfg)[0])
        if isinstance(scheme, int):
            raise typer.Exit(scheme)
        show_scheme(Console(highlight=False), scheme, cfg.lang, as_json)

    @schemes.command("check", help=both("schemes.help_check"))
    def schemes_check(
        files: Annotated[list[Path], typer.Argument(help=both("schemes.help_files"))],
        lang: LangOption = None,
        config: ConfigOption = None,
    ) -> None:
        raise typer.Exit(check_files(Console(highlight=False), files, _config(lang, config).lang))

    @schemes.command("export", help=both("schemes.help_export"))
    def schemes_export(
        scheme_id: Annotated[str, typer.Argument(help=both("schemes.help_id"))],
        out: Annotated[Path | None, typer.Option("--out", "-o", help=both("schemes.help_out"))] = None,
        force: Annotated[bool, typer.Option("--force", help=both("schemes.help_force"))] = False,
        lang: LangOption = None,
        schemes_dir: SchemesDirOption = None,
        config: ConfigOption = None,
    ) -> None:
        cfg = _config(lang, config, schemes_dir)
        lang, err = cfg.lang, Console(stderr=True, highlight=False)
        registry = schemes_from(cfg)[0]
        if scheme_id not in registry:
            err.print(escape(t("schemes.unknown", lang, id=scheme_id, ids=", ".join(registry.ids()))))
            raise typer.Exit(2)
        data = registry.path_of(scheme_id).read_bytes()
        if out is None:
            sys.stdout.write(data.decode("utf-8-sig"))
            return
        if out.exists() and not force:
            err.print(escape(t("schemes.exists", lang, file=out)))
            raise typer.Exit(1)
        with atomic_target(out) as tmp:
            tmp.write_bytes(data)
        err.print(escape(t("schemes.exported", lang, file=out)))

    app.add_typer(schemes, name="schemes")
