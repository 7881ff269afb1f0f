"""The command line read at 80 columns and in the run's language (issue 12 item 10).

Every `--help` of every command and subcommand, and the schemes table, at COLUMNS=80 and with no
COLUMNS at all (not a terminal: rich's default is 80): no line wider than 80 cells (a Chinese
character takes two), no text cut with "…", every option still named. Usage errors that click
words in English are told in the run's language; `--version` and `schemes list` work as the help
says. Each check runs the real command in a child process whose stdout is a pipe.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rich.cells import cell_len

import generator
from generator.scheme.registry import SchemeRegistry

ROOT = Path(__file__).resolve().parents[1]
MARK = "=====HELP-OF:"
KPI_REPORT = Path(sys.executable).with_name("kpi-report")

# Walks the click command tree of the app and prints each command's --help to the real stdout
# (a pipe), one after another, each after a marker line naming the command and its options.
WALK = textwrap.dedent(f"""
    import sys
    import typer.main
    from typer.core import TyperGroup
    from generator.cli import app

    def walk(command, path):
        yield path, command
        if isinstance(command, TyperGroup):
            for name, sub in command.commands.items():
                yield from walk(sub, [*path, name])

    for path, command in walk(typer.main.get_command(app), []):
        opts = [o for p in command.params for o in p.opts if o.startswith("--")]
        print({MARK!r} + " ".join(path) + "|" + " ".join(opts), flush=True)
        try:
            app(args=[*path, "--help"], prog_name="kpi-report")
        except SystemExit:
            pass
        sys.stdout.flush()
""")


def environ(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("KPI_REPORT_") and k not in ("COLUMNS", "LINES", "TERMINAL_WIDTH", "FORCE_COLOR")}
    env.update(extra)
    return env


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # The installed entry point, so usage lines name the program as a user sees it.
    return subprocess.run([str(KPI_REPORT), *args], capture_output=True, text=True, timeout=120, cwd=cwd,
                          env=env if env is not None else environ())


def too_wide_or_cut(text: str) -> list[str]:
    return [f"{cell_len(line)}: {line}" for line in text.splitlines() if cell_len(line) > 80 or "…" in line]


@pytest.mark.parametrize("columns", ["80", None], ids=["COLUMNS=80", "no-COLUMNS"])
def test_every_help_fits_80_columns_and_cuts_nothing(tmp_path: Path, columns: str | None) -> None:
    env = environ(COLUMNS=columns) if columns else environ()
    done = subprocess.run([sys.executable, "-c", WALK], capture_output=True, text=True, timeout=300, cwd=tmp_path,
                          env=env)
    assert done.returncode == 0, done.stderr
    pages = done.stdout.split(MARK)[1:]
    names = [page.split("|", 1)[0] for page in pages]
    # The root, every command and every subcommand of schemes and archive.
    assert {"", "run", "validate", "template", "watch", "mail", "config", "schemes", "schemes list",
            "schemes show", "archive", "archive report", "archive export"} <= set(names)
    assert len(pages) >= 20
    for page in pages:
        head, _, text = page.partition("\n")
        name, _, opts = head.partition("|")
        assert "Usage: kpi-report" in text, name
        assert too_wide_or_cut(text) == [], name
        # Nothing dropped either: every long option of the command is named in its help.
        for opt in opts.split():
            assert opt in text, (name, opt)


def test_the_help_folds_chinese_where_it_used_to_cut_it(tmp_path: Path) -> None:
    # Before the fix: "│ --force  <bool>  覆盖已填写数据的工作簿 / overwrite …│" at 80 columns,
    # "每隔多少秒轮询一次(网…" in watch, "show the effective settings and wher…" in the root help.
    root = cli("--help", cwd=tmp_path, env=environ(COLUMNS="80"))
    watch = cli("watch", "--help", cwd=tmp_path, env=environ(COLUMNS="80"))
    template = cli("template", "--help", cwd=tmp_path, env=environ(COLUMNS="80"))
    for done in (root, watch, template):
        assert done.returncode == 0
        assert too_wide_or_cut(done.stdout) == []
    flat = "".join(line.strip("│ ") for line in watch.stdout.splitlines())
    assert "每隔多少秒轮询一次(网络共享用)" in flat.replace(" ", "")
    assert "where each one comes from" in " ".join(root.stdout.replace("│", " ").split())
    assert "overwrite a workbook that holds data" in " ".join(template.stdout.replace("│", " ").split())
    # A docstring's line break is a space in the list of commands, not a line cut short halfway.
    archive = cli("archive", "--help", cwd=tmp_path, env=environ(COLUMNS="80"))
    ends = [line.strip("│ ").rstrip() for line in root.stdout.splitlines() + archive.stdout.splitlines()]
    assert not [e for e in ends if e.endswith(("dropped in is", "rolled up:"))]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("columns", ["80", None], ids=["COLUMNS=80", "no-COLUMNS"])
def test_the_schemes_table_wraps_and_never_breaks_an_id(tmp_path: Path, lang: str, columns: str | None) -> None:
    env = environ(COLUMNS=columns) if columns else environ()
    done = cli("schemes", "list", "--lang", lang, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert too_wide_or_cut(done.stdout) == []
    registry = SchemeRegistry.from_dirs()
    tokens = set(done.stdout.split())
    for scheme_id in registry.ids():
        assert scheme_id in tokens  # whole, on one line
        scheme = registry.get(scheme_id)
        assert scheme.version in tokens
        if lang == "en":
            # English names wrap between words, never inside one.
            for word in (scheme.name_en or scheme.name).split():
                assert word in tokens, (scheme_id, word)
    if lang == "en":
        assert "built-in" in tokens and "、" not in done.stdout  # sections joined the English way


def test_a_wide_terminal_shows_the_role_as_well(tmp_path: Path) -> None:
    narrow = cli("schemes", cwd=tmp_path, env=environ(COLUMNS="80"))
    wide = cli("schemes", cwd=tmp_path, env=environ(COLUMNS="160"))
    assert "岗位" in wide.stdout and "售后服务专员" in wide.stdout
    assert "岗位" not in narrow.stdout  # `schemes show` and --json give it
    shown = cli("schemes", "show", "aftersales", cwd=tmp_path, env=environ(COLUMNS="80"))
    assert "售后服务专员" in shown.stdout


def test_schemes_list_is_what_the_help_says(tmp_path: Path) -> None:
    helped = cli("schemes", "--help", cwd=tmp_path, env=environ(COLUMNS="80"))
    assert " list " in helped.stdout
    bare, listed = cli("schemes", cwd=tmp_path), cli("schemes", "list", cwd=tmp_path)
    assert bare.returncode == listed.returncode == 0
    assert bare.stdout == listed.stdout
    as_json = json.loads(cli("schemes", "list", "--json", cwd=tmp_path).stdout)
    assert sorted(s["id"] for s in as_json) == SchemeRegistry.from_dirs().ids()


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(tmp_path: Path, flag: str) -> None:
    done = cli(flag, cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout == f"kpi-report {generator.__version__}\n"


# (arguments, what a Chinese run says, what an English run says)
USAGE_ERRORS = [
    (["run", "--jobs", "abc", "x.xlsx"], "'--jobs' / '-j' 的值“abc”无效:应为整数",
     "Invalid value 'abc' for '--jobs' / '-j': a whole number expected"),
    (["watch", "--poll", "soon"], "'--poll' 的值“soon”无效:应为数字", "Invalid value 'soon' for '--poll': a number expected"),
    (["validate", "--bogus", "x.xlsx"], "没有选项 --bogus", "No such option: --bogus"),
    (["template", "--period", "2026-10"], "缺少选项 '--scheme'(考核方案编号或 YAML 文件)",
     "Missing option '--scheme' (scheme id or YAML file)"),
    (["schemes", "show"], "缺少参数 'ref'", "Missing argument 'ref'"),
    (["run", "--jobs"], "选项 --jobs 后面要写一个值", "Option --jobs requires a value"),
    (["config", "extra"], "多余的参数:extra", "Got unexpected extra arguments: extra"),
    (["nosuchcommand"], "没有命令 nosuchcommand;可用的命令:", "No such command 'nosuchcommand'; the commands:"),
    (["template", "--scheme", "gs-team", "--period", "2026-13"], "“2026-13”不是考核周期",
     "'2026-13' is not a period"),
]
ENGLISH_OF_CLICK = ("Invalid value", "Missing option", "Missing argument", "No such", "Usage:", "Try ", "Error",
                    "requires", "unexpected", "Input should be")


@pytest.mark.parametrize(("args", "zh", "en"), USAGE_ERRORS, ids=[" ".join(a[0]) for a in USAGE_ERRORS])
def test_usage_errors_are_told_in_the_runs_language(tmp_path: Path, args: list[str], zh: str, en: str) -> None:
    chinese = cli(*args, cwd=tmp_path, env=environ(COLUMNS="200"))
    assert chinese.returncode == 2
    assert zh in chinese.stderr
    assert "--help 查看帮助" in chinese.stderr
    if args != ["run", "--jobs"]:  # click splits options before it knows the command: no usage line
        assert "用法:kpi-report" in chinese.stderr
    assert [w for w in ENGLISH_OF_CLICK if w in chinese.stderr] == []
    # --lang right after the command (after `--jobs` it would be taken for the value); where the
    # command has no --lang of its own, the configuration's language.
    if args[0] in ("nosuchcommand", "schemes", "config"):
        english = cli(*args, cwd=tmp_path, env=environ(COLUMNS="200", KPI_REPORT_LANG="en"))
    else:
        english = cli(args[0], "--lang", "en", *args[1:], cwd=tmp_path, env=environ(COLUMNS="200"))
    assert english.returncode == 2
    assert en in english.stderr
    assert "--help for help" in english.stderr


def test_the_language_of_a_usage_error_follows_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "kpi-report.toml").write_text('lang = "en"\n', encoding="utf-8")
    from_file = cli("run", "--jobs", "abc", "x.xlsx", cwd=tmp_path)
    assert "a whole number expected" in from_file.stderr
    over = cli("run", "--lang", "zh", "--jobs", "abc", "x.xlsx", cwd=tmp_path)  # --lang wins over the file
    assert "应为整数" in over.stderr
    at_80 = cli("template", "--scheme", "gs-team", "--period", "2026-13", "--lang", "zh", cwd=tmp_path,
                env=environ(COLUMNS="80"))
    assert at_80.returncode == 2 and too_wide_or_cut(at_80.stderr) == []


def test_the_help_option_speaks_both_languages() -> None:
    """Every option's help reads "中文 / English"; the --help option too, not only typer's English."""
    out = subprocess.run([str(KPI_REPORT), "run", "--help"], capture_output=True, text=True, env=environ(COLUMNS="100"),
                         check=True).stdout
    assert "显示本帮助并退出" in out and "Show this message and exit" not in out
