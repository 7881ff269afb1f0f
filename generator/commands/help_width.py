"""Chinese text that folds instead of being cut at the terminal's width (issue 12 item 10).

rich wraps a line at a space and then strips the space the line ends with, but it compares the
line's length in characters with the width in cells (Text.rstrip_end uses len()). A line of
Chinese is twice as wide as it is long, so the trailing space stays, the line is one cell too
wide, and rich cuts it with "…": at 80 columns `--help` showed "覆盖已填写数据的工作簿 /
overwrite …" and the schemes table lost the end of names. `kpi-report` prints all its help,
tables and findings through rich, so the CLI installs a cell-aware rstrip_end once, before
anything is printed. Only trailing whitespace is removed, as before; whitespace is one cell
wide, so cells and characters agree on how much to remove.

typer puts each option's help in a grid whose columns crop with "…" a word wider than the
column; Chinese has no spaces, so a phrase of Chinese is one such word ("每隔多少秒轮询一次(网…"
in the narrow column of `watch --help`). The help texts typer makes are told to fold instead:
the phrase continues on the next line, which is how Chinese is broken anyway. And in the list
of commands typer keeps the line breaks of a docstring, so "watch" and "archive report" broke
their line halfway across; a single line break there is read as a space, as in a command's own help.
"""

from __future__ import annotations

import re
from typing import Any

from rich.cells import cell_len
from rich.text import Text

_TRAILING_SPACE = re.compile(r"\s+$")
_original_rstrip_end = Text.rstrip_end


def _rstrip_end_by_cells(self: Text, size: int) -> None:
    excess = cell_len(self.plain) - size
    if excess <= 0:
        return
    trailing = _TRAILING_SPACE.search(self.plain)
    if trailing is not None:
        self.right_crop(min(len(trailing.group(0)), excess))


def _folding(make: Any) -> Any:
    def make_folding_text(*args: Any, **kwargs: Any) -> Any:
        text = make(*args, **kwargs)
        if isinstance(text, Text):
            text.overflow = "fold"
        return text

    make_folding_text.folds = True  # type: ignore[attr-defined]
    return make_folding_text


def _one_line(make: Any) -> Any:
    def make_command_help(*args: Any, help_text: str, **kwargs: Any) -> Any:
        paragraphs = help_text.split("\n\n")
        paragraphs[0] = " ".join(line.strip() for line in paragraphs[0].splitlines())
        return make(*args, help_text="\n\n".join(paragraphs), **kwargs)

    make_command_help.folds = True  # type: ignore[attr-defined]
    return make_command_help


def install() -> None:
    """Make rich strip a line's end by cells and typer's help fold long words (idempotent)."""
    Text.rstrip_end = _rstrip_end_by_cells  # type: ignore[method-assign]
    try:
        from typer import rich_utils
    except ImportError:  # typer without rich: plain click help, nothing to fold
        return
    make = getattr(rich_utils, "_make_rich_text", None)
    # A private helper of typer's: if a release renames it, help is printed as typer makes it, and
    # tests/test_ux_help_width.py says so.
    if make is not None and not getattr(make, "folds", False):
        rich_utils._make_rich_text = _folding(make)
    command_help = getattr(rich_utils, "_make_command_help", None)
    if command_help is not None and not getattr(command_help, "folds", False):
        rich_utils._make_command_help = _one_line(command_help)
    _bilingual_help_option()


# Every other option's help reads "中文 / English"; typer words its --help in English only.
HELP_OPTION_TEXT = "显示本帮助并退出 / show this help and exit"


def _bilingual_help_option() -> None:
    try:
        from typer._click.core import Command
    except ImportError:  # another typer layout: its own English text stays
        return
    get = Command.get_help_option
    if getattr(get, "bilingual", False):
        return

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = get(self, ctx)
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option

    get_help_option.bilingual = True  # type: ignore[attr-defined]
    Command.get_help_option = get_help_option  # type: ignore[method-assign]

