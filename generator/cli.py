"""The `kpi-report` command line: thin commands over the library (see generator/commands/)."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from generator import __version__
from generator.commands import help_width, usage_errors

# Before any help, table or finding is printed: Chinese lines fold instead of ending in "…".
help_width.install()
# Usage errors (unknown option, missing argument, a value of the wrong type) in the run's language.
usage_errors.install()

app = typer.Typer(
    name="kpi-report",
    help="绩效考核报告生成器 — validate KPI appraisal workbooks, recompute every score exactly, "
    "render Excel and PDF reports. Exit codes: 0 ok, 1 invalid input or failed work, 2 usage error.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"kpi-report {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_print_version, is_eager=True,
                     help="显示版本并退出 / show the version and exit"),
    ] = False,
) -> None:
    # No docstring: it would replace the app's help text. Eager, so `--version` answers before
    # typer asks for a command.
    pass


# Each module defines register(app). Listed here so the order of --help is stable.
COMMAND_MODULES = [
    "generator.commands.schemes",
    "generator.commands.template",
    "generator.commands.validate",
    "generator.commands.run",
    "generator.commands.archive",
    "generator.commands.mail",
    "generator.commands.watch",
    "generator.commands.config",
]

for _name in COMMAND_MODULES:
    try:
        importlib.import_module(_name).register(app)
    except ModuleNotFoundError as exc:  # a command still being built in this checkout
        if exc.name != _name:
            raise


def main() -> None:
    app()


if __name__ == "__main__":
    main()
