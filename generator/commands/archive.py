"""`kpi-report archive list|show|diff|close|reopen|import|export|report`: the archive of every appraisal.

The archive is found at `--archive URL`, else the configuration's `archive.url` (kpi-report.toml
or KPI_REPORT_ARCHIVE), else `archive.db` beside the output folder. Exit codes: 0 done, 1 the
archive refused or failed (closed period, locked or damaged database …), 2 usage error.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from generator.commands.options import (
    ConfigOption,
    JsonOption,
    LangOption,
    SchemesDirOption,
    print_findings,
    require_existing,
    schemes_from,
    settings_from,
)
from generator.core.config import Config
from generator.core.findings import KpiError
from generator.core.text import pick, t
from generator.history.periods import parse
from generator.pipeline import Settings
from generator.report.rollup_chart import short_label

# The archive's SQLAlchemy and Alembic take ~0.4 s to import: every command paid it at start-up
# (`--version`, `--help`, `run --no-archive`), so they are imported where an archive is opened.
if TYPE_CHECKING:
    from generator.archive import Archive
    from generator.archive.hooks import ArchiveHooks
    from generator.archive.rollup import Rollup

ArchiveOption = Annotated[str | None, typer.Option(
    "--archive", help="档案数据库:SQLite 文件或 postgresql+psycopg://user@host/db 网址 / archive: an SQLite file or a database URL")]
DepartmentOption = Annotated[str | None, typer.Option("--department", help="部门 / department")]
PeriodArg = Annotated[str, typer.Argument(help="考核周期:2026-10、2026Q4、2026H2、2026 / period")]


def archive_url(cfg: Config) -> str:
    from generator.archive.hooks import default_location

    return cfg.archive_url or default_location(cfg.out)


def _setup(config: Path | None, lang: str | None, archive: str | None, out: Path | None = None) -> Config:
    return settings_from(config, {"lang": lang, "archive.url": archive, "out": out})


@contextmanager
def opened(cfg: Config) -> Iterator[Archive]:
    """The archive, or the findings on stderr and exit code 1."""
    from generator.archive import open_archive

    try:
        archive = open_archive(archive_url(cfg))
    except KpiError as exc:
        print_findings(exc.findings, cfg.lang, Console(stderr=True, highlight=False))
        raise typer.Exit(1) from None
    try:
        yield archive
    except KpiError as exc:
        print_findings(exc.findings, cfg.lang, Console(stderr=True, highlight=False))
        raise typer.Exit(1) from None
    finally:
        archive.dispose()


@contextmanager
def archived(cfg: Config, settings: Settings, enabled: bool = True) -> Iterator[tuple[Settings, ArchiveHooks | None]]:
    """For `run` and the watcher: the settings with the archive's hooks on an opened archive (unchanged with
    --no-archive)."""
    from generator.archive.hooks import with_archive

    if not enabled:
        yield settings, None
        return
    with opened(cfg) as archive:
        yield with_archive(settings, archive)


def _period(text: str, lang: str) -> str:
    period = parse(text)
    if period is None:
        raise typer.BadParameter(t("archive.bad_period", lang, given=text), param_hint="PERIOD")
    return str(period)


def _plain(value: Any) -> Any:
    """Dataclass fields as JSON: exact decimals as strings, times as ISO text."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat(timespec="seconds")
    return value


def _json(data: Any) -> None:
    print(json.dumps(_plain(data), ensure_ascii=False, indent=2))


def _table(headers: list[str], rows: list[list[str]]) -> Table:
    table = Table(show_lines=False, expand=False)
    for h in headers:
        table.add_column(h, overflow="fold")
    for row in rows:
        table.add_row(*[escape(c) for c in row])
    return table


def _n(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="考核档案:历史、封存、版本差异、季度/年度汇总 / the archive: history, sign-off, "
                             "revisions, quarter and year roll-ups", no_args_is_help=True)

    @group.command("list")
    def archive_list(department: DepartmentOption = None, as_json: JsonOption = False, archive: ArchiveOption = None,
                     lang: LangOption = None, config: ConfigOption = None) -> None:
        """列出档案中的周期、部门、版本与封存状态 / periods, departments, revisions, closed or open."""
        cfg = _setup(config, lang, archive)
        with opened(cfg) as db:
            rows = db.list_periods(department)
        if as_json:
            _json({"archive": archive_url(cfg), "periods": [asdict(r) for r in rows]})
            return
        lg = cfg.lang
        heads = [t(f"archive.col_{k}", lg) for k in ("period", "department", "scheme", "revisions", "current",
                                                      "employees", "state", "archived")]
        Console(highlight=False).print(_table(heads, [[r.period, r.department, f"{r.scheme_id} {r.scheme_version}", str(r.revisions),
                                        str(r.current_revision), str(r.employees),
                                        t("archive.closed" if r.closed else "archive.open", lg),
                                        r.archived_at.strftime("%Y-%m-%d %H:%M")] for r in rows]))
        if not rows:
            Console(highlight=False).print(t("archive.empty", lg, where=archive_url(cfg)))

    @group.command("show")
    def archive_show(employee_id: Annotated[str, typer.Argument(help="工号 / employee ID")], as_json: JsonOption = False,
                     archive: ArchiveOption = None, lang: LangOption = None, config: ConfigOption = None) -> None:
        """一名员工在各周期的考核结果 / one employee's results across periods."""
        cfg = _setup(config, lang, archive)
        with opened(cfg) as db:
            rows = db.employee_history(employee_id)
        if as_json:
            _json({"employee_id": employee_id, "periods": [{**asdict(r), "result": r.result(), "result_json": None}
                                                           for r in rows]})
            raise typer.Exit(0 if rows else 1)
        lg = cfg.lang
        heads = [t(f"archive.col_{k}", lg) for k in ("period", "department", "name", "total", "grade", "rank",
                                                      "pay", "revision")]
        Console(highlight=False).print(_table(heads, [[r.period, r.department, r.name, _n(r.total), r.grade,
                                        f"{r.rank}/{r.team_size}" if r.rank else "", _n(r.pay_total), str(r.revision)]
                                       for r in rows]))
        if not rows:
            Console(stderr=True, highlight=False).print(t("archive.no_employee", lg, id=employee_id))
            raise typer.Exit(1)

    @group.command("diff")
    def archive_diff(period: PeriodArg, department: Annotated[str, typer.Option("--department", help="部门 / department")],
                     as_json: JsonOption = False, archive: ArchiveOption = None, lang: LangOption = None,
                     config: ConfigOption = None) -> None:
        """最近两个版本之间总分、等级或奖金有变化的员工 / who changed between the last two revisions."""
        cfg = _setup(config, lang, archive)
        with opened(cfg) as db:
            changes = db.diff(department, _period(period, cfg.lang))
        if as_json:
            _json({"period": period, "department": department, "changes": [asdict(c) for c in changes]})
            return
        print_changes(Console(highlight=False), changes, cfg.lang)

    @group.command("close")
    def archive_close(period: PeriodArg, department: Annotated[str, typer.Option("--department", help="部门 / department")],
                      by: Annotated[str, typer.Option("--by", help="签字人 / who signs off")],
                      archive: ArchiveOption = None, lang: LangOption = None, config: ConfigOption = None) -> None:
        """封存一个周期:之后再次运行会被拒绝 / close a period: a later run of it is refused."""
        cfg = _setup(config, lang, archive)
        with opened(cfg) as db:
            done = db.close(department, _period(period, cfg.lang), by)
        Console(highlight=False).print(t("archive.closed_now", cfg.lang, period=done.period, department=done.department, by=done.closed_by))

    @group.command("reopen")
    def archive_reopen(period: PeriodArg, department: Annotated[str, typer.Option("--department", help="部门 / department")],
                       by: Annotated[str, typer.Option("--by", help="签字人 / who reopens")],
                       reason: Annotated[str, typer.Option("--reason", help="原因(记录在案) / reason, recorded")],
                       archive: ArchiveOption = None, lang: LangOption = None, config: ConfigOption = None) -> None:
        """重新开放已封存的周期,原因记录在案 / reopen a closed period; the reason is recorded."""
        cfg = _setup(config, lang, archive)
        with opened(cfg) as db:
            entry = db.reopen(department, _period(period, cfg.lang), by, reason)
        Console(highlight=False).print(t("archive.reopened_now", cfg.lang, period=entry.period, department=entry.department,
                          by=entry.by, reason=entry.reason or ""))

    @group.command("import")
    def archive_import(folders: Annotated[list[Path], typer.Argument(help="输出文件夹或 results.json / "
                                                                    "output folders or results.json files")],
                       archive: ArchiveOption = None, lang: LangOption = None, config: ConfigOption = None) -> None:
        """导入档案建立之前生成的结果(results.json) / load results written before the archive existed."""
        cfg = _setup(config, lang, archive)
        require_existing(folders, cfg.lang)
        found = sorted({p for f in folders for p in ([f] if f.is_file() else f.rglob("results.json"))})
        if not found:
            Console(stderr=True, highlight=False).print(t("archive.nothing_to_import", cfg.lang))
            raise typer.Exit(2)
        with opened(cfg) as db:
            for path in found:
                revision = db.import_results(path)
                Console(highlight=False).print(t("archive.imported", cfg.lang, path=str(path), revision=revision), soft_wrap=True)

    @group.command("export")
    def archive_export(out: Annotated[Path, typer.Option("--output", "-o", help="导出文件 / file to write")],
                       fmt: Annotated[str, typer.Option("--format", help="csv | xlsx")] = "csv",
                       period: Annotated[str | None, typer.Option("--period", help="考核周期 / period")] = None,
                       employee: Annotated[str | None, typer.Option("--employee", help="工号 / employee ID")] = None,
                       department: DepartmentOption = None, archive: ArchiveOption = None, lang: LangOption = None,
                       config: ConfigOption = None) -> None:
        """把一个周期或一名员工的结果导出为 CSV 或 xlsx / export a period or an employee as CSV or xlsx."""
        from generator.archive.export import FORMATS, write_export

        cfg = _setup(config, lang, archive)
        if fmt not in FORMATS:
            raise typer.BadParameter("csv | xlsx", param_hint="--format")
        with opened(cfg) as db:
            rows = db.export_rows(_period(period, cfg.lang) if period else None, employee, department)
        write_export(rows, out, fmt, cfg.lang)
        Console(highlight=False).print(t("archive.exported", cfg.lang, path=str(out), n=len(rows)))

    @group.command("report")
    def archive_report(period: PeriodArg, department: DepartmentOption = None, as_json: JsonOption = False,
                       out: Annotated[Path | None, typer.Option("--out", "-o", help="写入 Excel 与 PDF 汇总报告的文件夹 / "
                                                                "folder for the Excel and PDF roll-up")] = None,
                       archive: ArchiveOption = None, schemes_dir: SchemesDirOption = None, lang: LangOption = None,
                       config: ConfigOption = None) -> None:
        """季度、半年或年度汇总:各月总分、合计、平均、等级、排名与奖励 / a quarter, half-year or year rolled up:
        monthly totals, sum, average, grade, ranking and awards."""
        from generator.archive.rollup import RollupError, build_rollup, rollup_data

        # --out is where the roll-up goes, not the run's output folder (which places the default archive.db)
        cfg = settings_from(config, {"lang": lang, "archive.url": archive, "schemes_dirs": schemes_dir})
        lg = cfg.lang
        wanted = parse(period)
        if wanted is None:
            raise typer.BadParameter(t("archive.bad_period", lg, given=period), param_hint="PERIOD")
        if wanted.kind == "month":
            raise typer.BadParameter(t("rollup.month_period", lg, period=period), param_hint="PERIOD")
        registry, _ = schemes_from(cfg)
        with opened(cfg) as db:
            try:
                rollup = build_rollup(db, wanted, lambda sid: registry.get(sid) if sid in registry else None,
                                      department)
            except RollupError as exc:
                Console(stderr=True, highlight=False).print(escape(t(exc.key, lg, **exc.fields)), soft_wrap=True)
                raise typer.Exit(1) from None
        written = []
        if out is not None:
            # WeasyPrint is loaded only when a PDF is wanted
            from generator.report.rollup_files import write_rollup

            written = write_rollup(rollup, out, lg)
        if as_json:
            _json({**rollup_data(rollup), "files": [str(f) for f in written]})
            return
        print_rollup(Console(highlight=False), rollup, lg)
        for f in written:
            Console(highlight=False).print(t("rollup.written", lg, path=str(f)), soft_wrap=True)

    app.add_typer(group, name="archive")


def print_rollup(console: Console, rollup: Rollup, lang: str) -> None:
    """One table per team: rank, 工号, name, each period's total ("缺" when missing), sum, average, grade, award."""
    for team in rollup.teams:
        console.print(f"[bold]{escape(team.department)} · {escape(pick(team.scheme.name, team.scheme.name_en, lang))}"
                      f" · {escape(rollup.period.label(lang))}[/]")
        if team.missing:
            console.print(t("rollup.team_missing", lang, months="、".join(team.missing)), soft_wrap=True)
        # the terminal shows the periods the team has; the team's gaps are named above
        shown = [i for i, p in enumerate(team.parts) if p in team.held]
        heads = [t("rollup.rank", lang), t("archive.col_employee", lang), t("archive.col_name", lang),
                 *[short_label(team.parts[i], lang) for i in shown], t("rollup.sum", lang), t("rollup.average", lang), t("rollup.grade", lang),
                 t("rollup.award", lang)]
        missing = t("rollup.missing", lang)
        rows = [[str(e.rank) if e.rank else "—", e.employee_id, e.name,
                 *[missing if e.totals[i] is None else _n(e.totals[i]) for i in shown], _n(e.sum), _n(e.average),
                 pick(e.grade, e.grade_en, lang),
                 " ".join(("" if a.period == str(rollup.period) else f"{a.period[4:]}:") + _n(a.amount)
                          + ("" if a.final else "?") for a in e.awards)]
                for e in team.employees]
        console.print(_table(heads, rows))
        for e in team.employees:
            if e.rank is None:
                console.print(f"  — {escape(e.employee_id)} {escape(e.name)}: "
                              + escape(t("rollup.unranked", lang, months="、".join(e.missing))), soft_wrap=True)
        if any(not a.final for e in team.employees for a in e.awards):
            console.print("  " + t("rollup.provisional_note", lang), soft_wrap=True)


def print_changes(console: Console, changes: list[Any], lang: str) -> None:
    if not changes:
        console.print(t("archive.no_changes", lang))
        return
    heads = [t(f"archive.col_{k}", lang) for k in ("employee", "name", "change", "total", "grade", "pay")]

    def pair(old: Any, new: Any) -> str:
        return f"{old} → {new}" if old != new else str(new)

    rows = []
    for c in changes:
        o, n = c.old, c.new
        name = (n or o).name
        rows.append([c.employee_id, name, t(f"archive.change_{c.kind}", lang),
                     pair(_n(o.total) if o else "", _n(n.total) if n else ""),
                     pair(o.grade if o else "", n.grade if n else ""),
                     pair(_n(o.pay_total) if o else "", _n(n.pay_total) if n else "")])
    console.print(_table(heads, rows))


__all__ = ["ArchiveOption", "archived", "archive_url", "opened", "print_changes", "print_rollup", "register"]
