"""Command-line usage errors in the run's language (issue 12 item 10).

typer (and the click it carries) words every usage error in English: a Chinese run of
`kpi-report run --jobs abc` said "Invalid value for '--jobs' / '-j': Input should be a valid
integer". The CLI replaces typer's printer of usage errors with this one, which words the
errors click raises (unknown option or command, missing option or argument, a value of the
wrong type, an option without its value, extra arguments) from the text table, in the language
the run would have used. The exit code stays 2. A message this module does not know is shown
as click wrote it, after a sentence in the run's language.

The language is decided before the command's options are parsed (parsing is what failed):
--lang on the command line, else the configuration (kpi-report.toml, KPI_REPORT_LANG), else zh.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from generator.core.text import t

# Kinds of pydantic's validation errors (typer converts values with pydantic) → our words.
_EXPECTED = {"int_parsing": "usage.want_int", "int_type": "usage.want_int", "int_from_float": "usage.want_int",
             "float_parsing": "usage.want_number", "float_type": "usage.want_number",
             "bool_parsing": "usage.want_bool", "bool_type": "usage.want_bool"}
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def run_language(argv: Sequence[str]) -> str:
    """--lang from the command line if given and valid, else the configuration's, else zh."""
    config: Path | None = None
    for i, arg in enumerate(argv):
        value = argv[i + 1] if i + 1 < len(argv) else ""
        if arg.startswith("--lang="):
            value, arg = arg.split("=", 1)[1], "--lang"
        if arg.startswith("--config="):
            value, arg = arg.split("=", 1)[1], "--config"
        if arg == "--lang" and value in ("zh", "en"):
            return value
        if arg == "--config" and value:
            config = Path(value)
    try:
        from generator.core.config import load_config

        return load_config(cwd=Path.cwd(), path=config, env=os.environ).lang
    except Exception:  # a broken configuration is reported by the command, not by a usage error
        return "zh"


def _hint(exc: Any) -> str:
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint()
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(str(h) for h in hint)
    return str(hint or "")


def _own_help(param: Any, lang: str) -> str:
    """The option's own help in `lang`: help texts are written "中文 / English"."""
    text = getattr(param, "help", None) or ""
    zh, sep, en = text.partition(" / ")
    return (en if lang == "en" else zh).strip() if sep else ""


def _bad_value(exc: Any, lang: str) -> str:
    detail = str(exc.message)
    cause = exc.__cause__
    errors = cause.errors() if hasattr(cause, "errors") else []
    if errors and errors[0].get("type") in _EXPECTED:  # a value typer could not convert
        want = t(_EXPECTED[errors[0]["type"]], lang)
        return t("usage.bad_value_of", lang, hint=_hint(exc), value=errors[0].get("input"), want=want)
    if _CJK.search(detail) or lang == "en":  # our own messages are already in the run's language
        return t("usage.bad_value", lang, hint=_hint(exc), detail=detail)
    return t("usage.bad_value", lang, hint=_hint(exc), detail=t("usage.as_click_says", lang, said=detail))


def message(exc: Any, lang: str) -> str:
    """The text of a click usage error in `lang`."""
    kind = type(exc).__name__
    said = str(getattr(exc, "message", "") or "")
    if kind == "MissingParameter":
        what = t("usage.argument" if getattr(exc.param, "param_type_name", "") == "argument" else "usage.option", lang)
        help_text = _own_help(exc.param, lang)
        return t("usage.missing", lang, what=what, hint=_hint(exc)) + (t("usage.aside", lang, text=help_text)
                                                                       if help_text else "")
    if kind == "BadParameter":
        return _bad_value(exc, lang)
    if kind == "NoSuchOption":
        text = t("usage.no_option", lang, name=exc.option_name)
        if exc.possibilities:
            text += t("usage.maybe", lang, names=", ".join(sorted(exc.possibilities)))
        return text
    if kind == "BadOptionUsage" and "requires" in said:
        return t("usage.needs_value", lang, name=exc.option_name)
    if kind == "BadOptionUsage" and "does not take a value" in said:
        return t("usage.takes_no_value", lang, name=exc.option_name)
    if (found := re.fullmatch(r"No such command '(.*)'\.", said)) is not None:
        names = ", ".join(exc.ctx.command.list_commands(exc.ctx)) if exc.ctx is not None else ""
        return t("usage.no_command", lang, name=found.group(1), names=names)
    if (found := re.fullmatch(r"Got unexpected extra argument\(s\) \((.*)\)", said)) is not None:
        return t("usage.extra", lang, args=found.group(1))
    if said == "Missing command.":
        return t("usage.no_subcommand", lang)
    return t("usage.as_click_says", lang, said=exc.format_message())


def print_usage_error(exc: Any) -> None:
    """typer's rich_format_error, in the run's language: usage line, where to get help, the error."""
    if type(exc).__name__ == "NoArgsIsHelpError":  # typer prints the help itself
        return
    lang = run_language(sys.argv[1:])
    console = Console(stderr=True, highlight=False)
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        usage = ctx.get_usage()
        console.print(escape(t("usage.usage", lang) + usage.removeprefix("Usage:").strip()), soft_wrap=True)
    # Errors raised while options are split (an option without its value) carry no command.
    command = ctx.command_path if ctx is not None else "kpi-report"
    console.print(escape(t("usage.try_help", lang, command=f"{command} --help")))
    try:
        text = message(exc, lang)
    except Exception:  # a click release worded differently: its own message rather than none
        text = t("usage.as_click_says", lang, said=exc.format_message())
    console.print(Panel(escape(text), title=t("usage.error", lang), title_align="left",
                        border_style="red"))


def install() -> None:
    """Route typer's printing of usage errors through print_usage_error (idempotent)."""
    try:
        from typer import rich_utils
    except ImportError:
        return
    rich_utils.rich_format_error = print_usage_error
