"""`kpi-report template --scheme ID --period 2026-10 [--roster FILE] [-o PATH]`: the input workbook.

Without a roster, -o is the file to write (default <scheme>_<period>.xlsx). With a roster,
one workbook per department is written into the folder -o (default: the current folder).
Exit codes: 0 written, 1 the roster has errors, 2 usage error (unknown scheme, bad period).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from generator.core.files import safe_part
from generator.core.findings import KpiError
from generator.scheme.loader import load_builtin
from generator.workbook import layout as L
from generator.workbook.roster import read_roster
from generator.workbook.template import HeaderInfo, TemplateRow, write_template


def register(app: typer.Typer) -> None:
    @app.command("template")
    def template(
        scheme_id: Annotated[str, typer.Option("--scheme", help="考核方案编号 / scheme id")],
        period: Annotated[str, typer.Option("--period", help="考核周期,如 2026-10 / period, e.g. 2026-10")],
        roster: Annotated[Path | None, typer.Option("--roster", help="员工名单 xlsx/csv(工号/姓名/岗位/部门/邮箱)")] = None,
        out: Annotated[Path | None, typer.Option("--out", "-o", help="输出文件(有名单时为文件夹) / output file or folder")] = None,
        company: Annotated[str, typer.Option("--company", help="公司 / company")] = "",
        department: Annotated[str, typer.Option("--department", help="部门 / department")] = "",
        manager: Annotated[str, typer.Option("--manager", help="考核人 / manager")] = "",
    ) -> None:
        """生成标准考核数据填写模板 / write the standardized input workbook."""
        err, con = Console(stderr=True), Console()
        if not L.period_ok(period):
            raise typer.BadParameter("写成 2026-10 这样的年-月 / year-month such as 2026-10", param_hint="--period")
        try:
            scheme = load_builtin(scheme_id)
        except KpiError as exc:
            for f in exc.findings:
                err.print(f"[red]{escape(f.text())}[/] {escape(f.hint_text())}")
            raise typer.Exit(2) from None
        if roster is None:
            target = out or Path(f"{scheme.id}_{period}.xlsx")
            if target.is_dir():
                target = target / f"{scheme.id}_{period}.xlsx"
            write_template(scheme, HeaderInfo(period, company, department, manager), target)
            con.print(f"✓ {escape(str(target))}")
            return
        if not roster.is_file():
            raise typer.BadParameter(f"找不到名单文件 / no such file: {roster}", param_hint="--roster")
        teams, findings = read_roster(roster)
        for f in findings:
            err.print(f"{escape(f.where or f.file)}: {escape(f.text())} {escape(f.hint_text())}")
        if any(f.severity.value == "error" for f in findings) or not teams:
            raise typer.Exit(1)
        folder = out or Path(".")
        folder.mkdir(parents=True, exist_ok=True)
        for dept, employees in teams.items():
            name = f"{safe_part(dept or '未分部门', 'team')}_{scheme.id}_{period}.xlsx"
            target = folder / name
            write_template(scheme, HeaderInfo(period, company, dept or department, manager), target,
                           [TemplateRow(employee=e) for e in employees])
            con.print(f"✓ {escape(str(target))}({len(employees)} 人)")
