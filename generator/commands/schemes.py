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
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from generator.core.files import atomic_target
from generator.core.findings import Finding, KpiError, Severity
from generator.scheme import model as m
from generator.scheme.describe import describe, to_dict
from generator.scheme.loader import check_scheme
from generator.scheme.registry import SchemeEntry, SchemeRegistry

TEXT = {
    "zh": {"id": "编号", "name": "名称", "version": "版本", "role": "岗位", "sections": "考核部分", "title": "考核方案",
           "origin": "来源", "builtin": "内置", "shadows": "(替代内置方案)",
           "unknown": "找不到考核方案 “{id}”。可用方案: {ids}", "broken": "方案 {id} 无法载入({file})", "ok": "✓ {file}:没有问题",
           "errors": "✗ {file}:{e} 个错误,{w} 个警告", "warnings": "⚠ {file}:{w} 个警告", "error": "错误", "warning": "警告",
           "hint": "提示", "missing": "文件不存在", "none": "没有找到方案文件", "exists": "{file} 已存在;加 --force 覆盖",
           "exported": "✓ {file}\n  改好后运行 kpi-report schemes check {file};改 id 即为新方案,保留 id 并用 --schemes-dir 即替代内置方案;"
                       "每次修改都要提高 version。"},
    "en": {"id": "id", "name": "name", "version": "version", "role": "role", "sections": "sections", "title": "Schemes",
           "origin": "source", "builtin": "built-in", "shadows": " (replaces the built-in)",
           "unknown": "no scheme {id!r}. Available: {ids}", "broken": "scheme {id} does not load ({file})",
           "ok": "✓ {file}: no problems", "errors": "✗ {file}: {e} errors, {w} warnings", "warnings": "⚠ {file}: {w} warnings",
           "error": "error", "warning": "warning", "hint": "hint", "missing": "no such file", "none": "no scheme files found",
           "exists": "{file} exists; add --force to overwrite",
           "exported": "✓ {file}\n  after editing run kpi-report schemes check {file}; a new id makes a new scheme, the same id "
                       "in a --schemes-dir folder replaces the built-in; raise version on every change."},
}

LangOption = Annotated[str, typer.Option("--lang", help="zh | en")]
JsonOption = Annotated[bool, typer.Option("--json", help="输出 JSON / print JSON")]
SchemesDirOption = Annotated[list[Path] | None, typer.Option(
    "--schemes-dir", metavar="DIR", help="方案文件夹,先于内置方案查找;可重复 / folder of scheme YAML files, searched first; repeatable")]


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


def _registry(dirs: list[Path] | None, lang: str) -> SchemeRegistry:
    """The registry, or exit 2 (a missing folder, one id in two files) with the findings on stderr."""
    try:
        return SchemeRegistry.from_dirs(dirs or ())
    except KpiError as exc:
        err = Console(stderr=True)
        for f in exc.findings:
            err.print(f"[red]{escape(finding_line(f, lang))}[/]", soft_wrap=True)
        raise typer.Exit(2) from None


def _origin(entry: SchemeEntry, lang: str) -> str:
    t = TEXT[lang]
    if entry.builtin:
        return t["builtin"]
    return str(entry.path) + (t["shadows"] if entry.shadows else "")


def list_schemes(console: Console, lang: str, as_json: bool, registry: SchemeRegistry | None = None) -> int:
    t = TEXT[lang]
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
        table = Table(title=t["title"])
        for col in ("id", "name", "version", "role", "sections", "origin"):
            table.add_column(t[col], overflow="fold")
        for e, s in rows:
            table.add_row(s.id, s.name_en if lang == "en" and s.name_en else s.name, s.version, s.role,
                          _sections_text(s, lang), _origin(e, lang))
        console.print(table)
    err = Console(stderr=True)
    for entry, exc in broken:
        err.print(f"[red]{escape(t['broken'].format(id=entry.id, file=entry.path))}[/]")
        for f in exc.findings[:3]:
            err.print("  " + escape(finding_line(f, lang)), soft_wrap=True)
    return 1 if broken else 0


def _load(ref: str, lang: str, err: Console, registry: SchemeRegistry | None = None) -> m.Scheme | None:
    """A scheme id or a path to a YAML file; findings go to stderr."""
    registry = registry or SchemeRegistry.from_dirs()
    try:
        return registry.resolve(ref)
    except KpiError as exc:
        first = exc.findings[0] if exc.findings else None
        if first is not None and first.code == "scheme-not-found":
            is_path = bool(first.file)  # resolve() names the file when ref was a path
            err.print(escape(f"{ref}: {TEXT[lang]['missing']}" if is_path
                             else TEXT[lang]["unknown"].format(id=ref, ids=", ".join(registry.ids()))))
        else:
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
    def schemes_list(ctx: typer.Context, lang: LangOption = "zh", as_json: JsonOption = False,
                     schemes_dirs: SchemesDirOption = None) -> None:
        """列出考核方案及其来源 / list the schemes and where each comes from."""
        if ctx.invoked_subcommand is None:
            lang = _lang(lang)
            raise typer.Exit(list_schemes(Console(), lang, as_json, _registry(schemes_dirs, lang)))

    @schemes.command("show")
    def schemes_show(
        ref: Annotated[str, typer.Argument(help="方案编号或 YAML 文件 / scheme id or YAML file")],
        lang: LangOption = "zh",
        as_json: JsonOption = False,
        schemes_dirs: SchemesDirOption = None,
    ) -> None:
        """用管理者读得懂的话展示一个方案 / show one scheme in plain words."""
        lang = _lang(lang)
        scheme = _load(ref, lang, Console(stderr=True), _registry(schemes_dirs, lang))
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

    @schemes.command("export")
    def schemes_export(
        scheme_id: Annotated[str, typer.Argument(help="方案编号 / scheme id")],
        out: Annotated[Path | None, typer.Option("--out", "-o", help="写入的 YAML 文件;省略则打印 / YAML file to write; "
                                                 "printed when omitted")] = None,
        force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 / overwrite an existing file")] = False,
        lang: LangOption = "zh",
        schemes_dirs: SchemesDirOption = None,
    ) -> None:
        """复制一个方案的 YAML 原文(含注释),作为自定义方案的起点 / copy a scheme's YAML, comments included."""
        lang = _lang(lang)
        t, err = TEXT[lang], Console(stderr=True)
        registry = _registry(schemes_dirs, lang)
        if scheme_id not in registry:
            err.print(escape(t["unknown"].format(id=scheme_id, ids=", ".join(registry.ids()))))
            raise typer.Exit(2)
        data = registry.path_of(scheme_id).read_bytes()
        if out is None:
            sys.stdout.write(data.decode("utf-8-sig"))
            return
        if out.exists() and not force:
            err.print(escape(t["exists"].format(file=out)))
            raise typer.Exit(1)
        with atomic_target(out) as tmp:
            tmp.write_bytes(data)
        err.print(escape(t["exported"].format(file=out)))

    app.add_typer(schemes, name="schemes")
