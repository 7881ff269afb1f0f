"""`kpi-report template --scheme ID|FILE --period 2026-10 [--roster FILE] [-o PATH]`: the input workbook.

--scheme is a scheme id (built-in, or found in a --schemes-dir folder) or a YAML file. Without a
roster, -o is the file to write (default <scheme>_<period>.xlsx). With a roster, one workbook per
department is written into the folder -o (default: the current folder).
Exit codes: 0 written, 1 the roster has errors, 2 usage error (unknown scheme, bad period).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from generator.commands.options import PERIOD_HELP, period_value
from generator.core.findings import KpiError, Severity
from generator.history import periods
from generator.scheme.model import Scheme
from generator.scheme.registry import SchemeRegistry
from generator.workbook.team_templates import write_team_templates
from generator.workbook.template import HeaderInfo, write_template

SchemesDirOption = Annotated[list[Path] | None, typer.Option(
    "--schemes-dir", metavar="DIR", help="方案文件夹,先于内置方案查找;可重复 / folder of scheme YAML files, searched first; repeatable")]


def _check_kind(period: str, scheme: Scheme) -> None:
    """A quarterly scheme's template is for a quarter: --period 2026-10 is a usage error naming 2026Q4."""
    reading = periods.parse(period)
    if reading is None or reading.kind == scheme.period:
        return
    want = periods.example_for(scheme.period, reading)
    raise typer.BadParameter(
        f"方案“{scheme.id}”按{periods.kind_word(scheme.period)}考核,{period} 是{periods.kind_word(reading.kind)}周期;"
        f"请写 {want}({periods.display(want)}) / scheme {scheme.id!r} is {periods.kind_word(scheme.period, 'en')}, "
        f"{period} is {periods.kind_word(reading.kind, 'en')}: use e.g. {want}", param_hint="--period")


def register(app: typer.Typer) -> None:
    @app.command("template")
    def template(
        scheme_ref: Annotated[str, typer.Option("--scheme", help="考核方案编号或 YAML 文件 / scheme id or YAML file")],
        period: Annotated[str, typer.Option("--period", callback=period_value,
                                            help="考核周期 / period " + PERIOD_HELP)],
        roster: Annotated[Path | None, typer.Option("--roster", help="员工名单 xlsx/csv(工号/姓名/岗位/部门/邮箱)")] = None,
        out: Annotated[Path | None, typer.Option("--out", "-o", help="输出文件(有名单时为文件夹) / output file or folder")] = None,
        company: Annotated[str, typer.Option("--company", help="公司 / company")] = "",
        department: Annotated[str, typer.Option("--department", help="部门 / department")] = "",
        manager: Annotated[str, typer.Option("--manager", help="考核人 / manager")] = "",
        schemes_dirs: SchemesDirOption = None,
    ) -> None:
        """生成标准考核数据填写模板 / write the standardized input workbook."""
        err, con = Console(stderr=True), Console()
        if roster is not None and not roster.is_file():
            raise typer.BadParameter(f"找不到名单文件 / no such file: {roster}", param_hint="--roster")
        try:
            scheme = SchemeRegistry.from_dirs(schemes_dirs or ()).resolve(scheme_ref)
        except KpiError as exc:
            for f in exc.findings:
                where = f"{f.where}: " if f.line is not None else ""
                err.print(f"[red]{escape(where + f.text())}[/] {escape(f.hint_text())}")
            raise typer.Exit(2) from None
        _check_kind(period, scheme)
        header = HeaderInfo(period, company, department, manager)
        if roster is None:
            target = out or Path(f"{scheme.id}_{period}.xlsx")
            if target.is_dir():
                target = target / f"{scheme.id}_{period}.xlsx"
            write_template(scheme, header, target)
            con.print(f"✓ {escape(str(target))}")
            return
        written, findings = write_team_templates(scheme, roster, out or Path("."), header)
        for f in findings:
            err.print(f"{escape(f.where or f.file)}: {escape(f.text())} {escape(f.hint_text())}")
        if not written or any(f.severity is Severity.ERROR for f in findings):
            raise typer.Exit(1)
        for t in written:
            con.print(f"✓ {escape(str(t.path))}({t.employees} 人)")
