"""`kpi-report template --scheme ID|FILE --period 2026-10 [--roster FILE] [-o PATH] [--force]`: the input workbook.

--scheme is a scheme id (built-in, or found in a --schemes-dir folder) or a YAML file. Without a
roster, -o is the file to write (default <scheme>_<period>.xlsx). With a roster, one workbook per
department is written into the folder -o (default: the current folder). A workbook that already
holds typed figures (or a file this tool did not make) is never replaced without --force.
Exit codes: 0 written, 1 the roster has errors or a target holds data, 2 usage error (unknown
scheme, bad period).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from generator.commands.options import (
    PERIOD_HELP,
    ConfigOption,
    LangOption,
    SchemesDirOption,
    period_value,
    print_findings,
    schemes_from,
    settings_from,
)
from generator.core.findings import Severity
from generator.core.text import both, t
from generator.history import periods
from generator.scheme.model import Scheme
from generator.workbook.team_templates import write_single_template, write_team_templates
from generator.workbook.template import HeaderInfo


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
    @app.command("template", help=both("template.help"))
    def template(
        scheme_ref: Annotated[str, typer.Option("--scheme", help=both("template.help_scheme"))],
        period: Annotated[str, typer.Option("--period", callback=period_value,
                                            help=t("template.help_period", "zh") + " / period " + PERIOD_HELP)],
        roster: Annotated[Path | None, typer.Option("--roster", help=both("template.help_roster"))] = None,
        out: Annotated[Path | None, typer.Option("--out", "-o", help=both("template.help_out"))] = None,
        company: Annotated[str, typer.Option("--company", help=both("template.help_company"))] = "",
        department: Annotated[str, typer.Option("--department", help=both("template.help_department"))] = "",
        manager: Annotated[str, typer.Option("--manager", help=both("template.help_manager"))] = "",
        force: Annotated[bool, typer.Option("--force", help=both("template.help_force"))] = False,
        lang: LangOption = None,
        schemes_dir: SchemesDirOption = None,
        config: ConfigOption = None,
    ) -> None:
        cfg = settings_from(config, {"lang": lang, "schemes_dirs": schemes_dir})
        lang = cfg.lang
        if roster is not None and not roster.is_file():
            raise typer.BadParameter(t("template.no_roster", lang, path=roster), param_hint="--roster")
        _, scheme = schemes_from(cfg, scheme_ref)
        assert scheme is not None  # schemes_from exits 2 when the reference names nothing
        _check_kind(period, scheme)
        header = HeaderInfo(period, company, department, manager)
        err, con = Console(stderr=True, highlight=False), Console(highlight=False)
        if roster is None:
            target, findings = write_single_template(scheme, header, out or Path(f"{scheme.id}_{period}.xlsx"), force,
                                                     lang)
            print_findings(findings, lang, err)
            if target is None:
                raise typer.Exit(1)
            con.print(escape(t("template.written", lang, path=target)), soft_wrap=True)  # a path is one line
            return
        written, findings = write_team_templates(scheme, roster, out or Path("."), header, force, lang=lang)
        print_findings(findings, lang, err)
        if not written or any(f.severity is Severity.ERROR for f in findings):
            raise typer.Exit(1)
        for team in written:
            con.print(escape(t("template.written_team", lang, path=team.path, n=team.employees)), soft_wrap=True)
