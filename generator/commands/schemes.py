"""`kpi-report schemes [show ID|FILE] [check FILE...]`: list, read and check 考核方案.

HR people edit scheme files by hand, so `check` reports every problem with file:line and
`show` accepts a path as well as a built-in id.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from generator.core.findings import Finding, KpiError, Severity
from generator.scheme import model as m
from generator.scheme.describe import describe, to_dict
from generator.scheme.loader import builtin_ids, check_scheme, load_builtin, load_scheme

TEXT = {
    "zh": {"id": "编号", "name": "名称", "version": "版本", "role": "岗位", "sections": "考核部分", "title": "内置考核方案",
           "unknown": "找不到考核方案 “{id}”。可用方案: {ids}", "broken": "内置方案 {id} 无法载入", "ok": "✓ {file}:没有问题",
           "errors": "✗ {file}:{e} 个错误,{w} 个警告", "warnings": "⚠ {file}:{w} 个警告", "error": "错误", "warning": "警告",
           "hint": "提示", "missing": "文件不存在", "none": "没有找到方案文件"},
    "en": {"id": "id", "name": "name", "version": "version", "role": "role", "sections": "sections", "title": "Built-in schemes",
           "unknown": "no scheme {id!r}. Available: {ids}", "broken": "built-in scheme {id} does not load",
           "ok": "✓ {file}: no problems", "errors": "✗ {file}: {e} errors, {w} warnings", "warnings": "⚠ {file}: {w} warnings",
           "error": "error", "warning": "warning", "hint": "hint", "missing": "no such file", "none": "no scheme files found"},
}

LangOption = Annotated[str, typer.Option("--lang", help="zh | en")]
JsonOption = Annotated[bool, typer.Option("--json", help="输出 JSON / print JSON")]


def _lang(lang: str) -> str:
    if lang not in TEXT:
        raise typer.BadParameter("zh 或 en / zh or en", param_hint="--lang")
    return lang


def finding_line(f: Finding, lang: str) -> str:
    t = TEXT[lang]
    kind = t["error"] if f.severity is Severity.ERROR else t["warning"]
    hint = f"\n    {t['hint']}: {f.hint_text(lang)}" if f.hint_text(lang) else ""
    return f"{f.where or f.file}: {kind} [{f.code}] {f.text(lang)}{hint}"


def _sections_text(s: m.Scheme, lang: str) -> str:
    return "、".join(f"{(x.name_en or x.id) if lang == 'en' else x.name} {x.weight.normalize():f}%" for x in s.sections)


def list_schemes(console: Console, lang: str, as_json: bool) -> int:
    t = TEXT[lang]
    rows, broken = [], []
    for sid in builtin_ids():
        try:
            rows.append(load_builtin(sid))
        except KpiError:
            broken.append(sid)
    if as_json:
        console.print_json(json.dumps([{"id": s.id, "name": s.name_en if lang == "en" and s.name_en else s.name,
                                        "version": s.version, "role": s.role,
                                        "sections": [{"id": x.id, "name": x.name, "weight": f"{x.weight.normalize():f}"}
                                                     for x in s.sections]} for s in rows], ensure_ascii=False))
    else:
        table = Table(title=t["title"])
        for col in ("id", "name", "version", "role", "sections"):
            table.add_column(t[col], overflow="fold")
        for s in rows:
            table.add_row(s.id, s.name_en if lang == "en" and s.name_en else s.name, s.version, s.role, _sections_text(s, lang))
        console.print(table)
    for sid in broken:
        Console(stderr=True).print(f"[red]{escape(t['broken'].format(id=sid))}[/]")
    return 1 if broken else 0


def _load(ref: str, lang: str, err: Console) -> m.Scheme | None:
    """A built-in id or a path to a YAML file; findings go to stderr."""
    try:
        if ref.endswith((".yaml", ".yml")) or "/" in ref or Path(ref).is_file():
            return load_scheme(ref)
        if ref not in builtin_ids():
            err.print(escape(TEXT[lang]["unknown"].format(id=ref, ids=", ".join(builtin_ids()))))
            return None
        return load_builtin(ref)
    except FileNotFoundError:
        err.print(escape(f"{ref}: {TEXT[lang]['missing']}"))
    except KpiError as exc:
        for f in exc.findings:
            err.print(escape(finding_line(f, lang)))
    return None


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
    t = TEXT[lang]
    files: list[Path] = []
    for p in paths:
        files += sorted([*p.glob("*.yaml"), *p.glob("*.yml")]) if p.is_dir() else [p]
    if not files:
        console.print(t["none"])
        return 1
    failed = False
    for path in files:
        if not path.is_file():
            console.print(f"[red]{escape(f'✗ {path}: ' + t['missing'])}[/]")
            failed = True
            continue
        _, findings = check_scheme(path.read_text(encoding="utf-8"), str(path))
        errors = [f for f in findings if f.severity is Severity.ERROR]
        warnings = [f for f in findings if f.severity is not Severity.ERROR]
        if errors:
            failed = True
            console.print(f"[red]{escape(t['errors'].format(file=path, e=len(errors), w=len(warnings)))}[/]")
        elif warnings:
            console.print(f"[yellow]{escape(t['warnings'].format(file=path, w=len(warnings)))}[/]")
        else:
            console.print(f"[green]{escape(t['ok'].format(file=path))}[/]")
        for f in sorted(findings, key=lambda f: (f.line or 0, f.code)):
            console.print("  " + escape(finding_line(f, lang)), soft_wrap=True)
    return 1 if failed else 0


def register(app: typer.Typer) -> None:
    schemes = typer.Typer(help="考核方案:列出、查看、检查 / list, show and check schemes", no_args_is_help=False)

    @schemes.callback(invoke_without_command=True)
    def schemes_list(ctx: typer.Context, lang: LangOption = "zh", as_json: JsonOption = False) -> None:
        """列出内置考核方案 / list the built-in schemes."""
        if ctx.invoked_subcommand is None:
            raise typer.Exit(list_schemes(Console(), _lang(lang), as_json))

    @schemes.command("show")
    def schemes_show(
        ref: Annotated[str, typer.Argument(help="方案编号或 YAML 文件 / scheme id or YAML file")],
        lang: LangOption = "zh",
        as_json: JsonOption = False,
    ) -> None:
        """用管理者读得懂的话展示一个方案 / show one scheme in plain words."""
        lang = _lang(lang)
        scheme = _load(ref, lang, Console(stderr=True))
        if scheme is None:
            raise typer.Exit(1)
        show_scheme(Console(), scheme, lang, as_json)

    @schemes.command("check")
    def schemes_check(
        files: Annotated[list[Path], typer.Argument(help="方案 YAML 文件或文件夹 / scheme files or folders")],
        lang: LangOption = "zh",
    ) -> None:
        """检查手工编辑的方案文件,逐条列出问题及行号 / check scheme files, every problem with its line."""
        raise typer.Exit(check_files(Console(), files, _lang(lang)))

    app.add_typer(schemes, name="schemes")
