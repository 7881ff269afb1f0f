"""kpi-report.toml < KPI_REPORT_… environment < options: values, sources, errors with lines, `kpi-report config`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from generator.cli import app
from generator.commands.options import (
    JobsOption,
    LangOption,
    OutOption,
    SchemesDirOption,
    WaitOption,
    settings_from,
)
from generator.core.config import Config, MailConfig, load_config
from generator.core.config_keys import KEYS, PASSWORD_ENV
from generator.core.findings import Finding, KpiError
from generator.core.toml_lines import key_lines

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own KPI_REPORT_… variables must not leak into the commands run here."""
    for name in list(os.environ):
        if name.startswith("KPI_REPORT_"):
            monkeypatch.delenv(name)


def write(folder: Path, text: str, name: str = "kpi-report.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems(cwd: Path, text: str | None = None, env: dict[str, str] | None = None,
             options: dict[str, object] | None = None) -> list[Finding]:
    if text is not None:
        write(cwd, text)
    with pytest.raises(KpiError) as err:
        load_config(cwd=cwd, env=env or {}, options=options)
    return err.value.findings


def test_defaults_without_a_file(tmp_path: Path) -> None:
    cfg = load_config(cwd=tmp_path, env={})
    assert cfg.file is None
    assert (cfg.out, cfg.schemes_dirs, cfg.lang, cfg.jobs, cfg.wait) == (tmp_path / "output", (), "zh", 0, 600.0)
    assert (cfg.archive_url, cfg.inbox, cfg.poll, cfg.quiet_seconds) == (None, (), None, 2.0)
    assert cfg.mail == MailConfig(port=587, starttls=True, ssl=False, timeout=30.0)
    assert {source for _, _, source in cfg.items()} == {"默认值"}
    assert cfg.source("lang", "en") == "default"
    assert Config().out == Path("output")  # the dataclass alone holds the built-in defaults, unresolved


def test_precedence_file_then_environment_then_options(tmp_path: Path) -> None:
    write(tmp_path, """
        # 客服部的设置
        out = "reports"
        lang = "en"
        jobs = 2
        wait = 30
        """)
    env = {"KPI_REPORT_JOBS": "3", "KPI_REPORT_WAIT": "10", "KPI_REPORT_OUT": ""}  # empty counts as not set
    cfg = load_config(cwd=tmp_path, env=env, options={"jobs": 4, "lang": None, "schemes_dirs": []})
    assert (cfg.out, cfg.lang, cfg.jobs, cfg.wait) == (tmp_path / "reports", "en", 4, 10.0)
    assert cfg.source("out") == "kpi-report.toml:2"
    assert cfg.source("lang") == "kpi-report.toml:3"
    assert cfg.source("jobs") == "--jobs"
    assert cfg.source("wait") == "环境变量 KPI_REPORT_WAIT"
    assert cfg.source("wait", "en") == "environment variable KPI_REPORT_WAIT"
    assert cfg.source("schemes_dirs") == "默认值"
    assert ("jobs", "4", "--jobs") in cfg.items()


def test_relative_paths_follow_the_file_folder_environment_and_options_follow_cwd(tmp_path: Path) -> None:
    cwd = tmp_path / "work"
    cwd.mkdir()
    write(tmp_path / "etc", f"""
        out = "reports"
        schemes_dirs = ["schemes", "../shared", "{tmp_path / 'abs'}"]
        [archive]
        url = "archive.sqlite"
        [watch]
        inbox = "drop"
        """, "kpi.toml")
    cfg = load_config(cwd=cwd, path=Path("../etc/kpi.toml"), env={})
    etc = tmp_path / "etc"
    assert cfg.file == etc / "kpi.toml"
    assert cfg.out == etc / "reports"
    assert cfg.schemes_dirs == (etc / "schemes", tmp_path / "shared", tmp_path / "abs")
    assert cfg.archive_url == str(etc / "archive.sqlite")
    assert cfg.inbox == (etc / "drop",)
    assert cfg.source("out") == "../etc/kpi.toml:1"

    env = {"KPI_REPORT_SCHEMES": os.pathsep.join(["s1", "", "s2"]), "KPI_REPORT_ARCHIVE": "postgresql://db/kpi"}
    cfg = load_config(cwd=cwd, path=Path("../etc/kpi.toml"), env=env, options={"out": Path("here")})
    assert cfg.schemes_dirs == (cwd / "s1", cwd / "s2")
    assert cfg.archive_url == "postgresql://db/kpi"  # a URL is kept as written
    assert cfg.out == cwd / "here"


def test_the_file_is_found_in_cwd_only_and_a_named_file_must_exist(tmp_path: Path) -> None:
    write(tmp_path, 'lang = "en"\n')
    (tmp_path / "sub").mkdir()
    assert load_config(cwd=tmp_path / "sub", env={}).lang == "zh"
    with pytest.raises(KpiError) as err:
        load_config(cwd=tmp_path, path=Path("missing.toml"), env={})
    [f] = err.value.findings
    assert (f.code, f.file, f.line) == ("config-missing-file", "missing.toml", None)
    with pytest.raises(KpiError) as err:
        load_config(cwd=tmp_path, path=Path("sub"), env={})
    assert [f.code for f in err.value.findings] == ["config-unreadable"]


@pytest.mark.parametrize(("text", "code", "line", "hint"), [
    ('out = "a"\nlang = en\n', "config-syntax", 2, "双引号"),
    ('lang = “en”\n', "config-syntax", 1, "中文引号"),
    ('jobs = 1\njobs = 2\n', "config-syntax", 2, "只能写一次"),
    ('schemes_dirs = ["a",\n', "config-syntax", 1, "没有成对"),
    ('[mail]\nhots = "smtp.x.com"\n', "config-unknown-key", 2, "“host”"),
    ('output = "r"\n', "config-unknown-key", 1, "“out”"),
    ('lang = "en"\n[mial]\nhost = "x"\n', "config-unknown-key", 2, "“mail”"),
    ('[mail]\nurl = "x"\n', "config-unknown-key", 2, "[archive]"),
    ('colour = "red"\n', "config-unknown-key", 1, "可用的设置项"),
    ('jobs = "two"\n', "config-bad-type", 1, "jobs = 4"),
    ('jobs = true\n', "config-bad-type", 1, "jobs = 4"),
    ('jobs = 1.5\n', "config-bad-type", 1, "jobs = 4"),
    ('wait = "soon"\n', "config-bad-type", 1, "wait = 600"),
    ('schemes_dirs = [1]\n', "config-bad-type", 1, 'schemes_dirs = ["schemes"]'),
    ('mail = "smtp.x.com"\n', "config-bad-type", 1, "[mail]"),
    ('[out]\npath = "x"\n', "config-bad-type", 1, 'out = "output"'),
    ('lang = "fr"\n', "config-bad-value", 1, 'lang = "en"'),
    ('wait = -1\n', "config-bad-value", 1, "wait = 600"),
    ('jobs = -2\n', "config-bad-value", 1, "jobs = 4"),
    ('[watch]\npoll = 0\n', "config-bad-value", 2, "poll = 5"),
    ('[mail]\nport = 70000\n', "config-bad-value", 2, "port = 587"),
    ('[mail]\nfrom = "人力资源部"\n', "config-bad-value", 2, "from ="),
    ('[mail]\ncc = ["boss@x.cn", "nobody"]\n', "config-bad-value", 2, "cc ="),
    ('[mail]\nhost = ""\n', "config-bad-value", 2, "host ="),
    ('[mail]\nhost = "smtp.x.com"\npassword = "s3cret"\n', "config-password-in-file", 3, PASSWORD_ENV),
    ('smtp_password = "s3cret"\n', "config-password-in-file", 1, PASSWORD_ENV),
    ('[mail]\nssl = true\nstarttls = true\n', "config-tls-conflict", 3, "465"),
])
def test_each_kind_of_error_has_its_code_line_and_hint(tmp_path: Path, text: str, code: str, line: int,
                                                        hint: str) -> None:
    [f] = problems(tmp_path, text)
    assert (f.code, f.file, f.line) == (code, "kpi-report.toml", line), f
    assert hint in f.hint, f.hint
    assert f.message and f.message_en and f.hint_en
    assert "s3cret" not in f.value + f.message + f.message_en  # a password is never echoed


def test_the_password_message_says_where_a_password_goes(tmp_path: Path) -> None:
    [f] = problems(tmp_path, '[mail]\npassword = "s3cret"\n')
    assert "密码只能通过环境变量 KPI_REPORT_SMTP_PASSWORD 提供" in f.message


def test_every_problem_is_reported_at_once_in_line_order(tmp_path: Path) -> None:
    found = problems(tmp_path, """
        lang = "fr"
        jobs = "two"
        colour = "red"
        [mail]
        password = "x"
        port = 0
        """, env={"KPI_REPORT_WAIT": "soon", "KPI_REPORT_MAIL_SSL": "maybe"}, options={"watch.quiet_seconds": -1.0})
    assert [(f.code, f.line) for f in found] == [
        ("config-bad-value", 1), ("config-bad-type", 2), ("config-unknown-key", 3),
        ("config-password-in-file", 5), ("config-bad-value", 6),
        ("config-bad-env", None), ("config-bad-env", None), ("config-bad-option", None)]
    assert [f.file for f in found[5:]] == ["KPI_REPORT_WAIT", "KPI_REPORT_MAIL_SSL", "--quiet-seconds"]
    assert "KPI_REPORT_WAIT" in found[5].message and "KPI_REPORT_WAIT=600" in found[5].hint


def test_environment_values_are_parsed_and_bad_ones_name_the_variable(tmp_path: Path) -> None:
    env = {"KPI_REPORT_LANG": "en", "KPI_REPORT_JOBS": " 8 ", "KPI_REPORT_POLL": "1.5",
           "KPI_REPORT_INBOX": os.pathsep.join(["in1", "/abs/in2"]), "KPI_REPORT_MAIL_HOST": "smtp.x.cn",
           "KPI_REPORT_MAIL_SSL": "YES", "KPI_REPORT_MAIL_CC": "a@x.cn, 李四 <b@x.cn>", PASSWORD_ENV: "s3cret"}
    cfg = load_config(cwd=tmp_path, env=env)
    assert (cfg.lang, cfg.jobs, cfg.poll, cfg.inbox) == ("en", 8, 1.5, (tmp_path / "in1", Path("/abs/in2")))
    assert (cfg.mail.host, cfg.mail.ssl, cfg.mail.starttls, cfg.mail.port) == ("smtp.x.cn", True, False, 465)
    assert cfg.mail.cc == ("a@x.cn", "李四 <b@x.cn>")
    assert cfg.source("mail.cc") == "环境变量 KPI_REPORT_MAIL_CC"
    for name, value in [("KPI_REPORT_LANG", "fr"), ("KPI_REPORT_JOBS", "two"), ("KPI_REPORT_MAIL_STARTTLS", "si"),
                        ("KPI_REPORT_WAIT", "nan"), ("KPI_REPORT_MAIL_PORT", "0")]:
        [f] = problems(tmp_path, env={name: value})
        assert (f.code, f.file, f.value) == ("config-bad-env", name, value)
        assert name in f.message and name in f.message_en and name in f.hint


def test_the_password_comes_from_the_environment_only_and_is_never_shown(tmp_path: Path) -> None:
    write(tmp_path, '[mail]\nhost = "smtp.x.cn"\nuser = "hr@x.cn"\n')
    cfg = load_config(cwd=tmp_path, env={PASSWORD_ENV: "s3cret"})
    assert cfg.mail.password == "s3cret"
    assert ("mail.password", "***", f"环境变量 {PASSWORD_ENV}") in cfg.items()
    assert "s3cret" not in repr(cfg) + repr(cfg.items("en"))
    assert ("mail.password", "", "默认值") in load_config(cwd=tmp_path, env={}).items()


def test_mail_security_decides_the_default_port(tmp_path: Path) -> None:
    def mail(text: str) -> MailConfig:
        write(tmp_path, "[mail]\n" + text)
        return load_config(cwd=tmp_path, env={}).mail
    assert (mail("ssl = true\n").port, mail("ssl = true\n").starttls) == (465, False)
    assert mail("starttls = false\n").port == 25
    assert mail("port = 2525\n").port == 2525
    assert mail('cc = "a@x.cn, b@x.cn"\n').cc == ("a@x.cn", "b@x.cn")


def test_unknown_environment_variables_are_warnings_with_a_guess(tmp_path: Path) -> None:
    cfg = load_config(cwd=tmp_path, env={"KPI_REPORT_LNAG": "en", "PATH": "/bin"})
    [w] = cfg.warnings
    assert (w.code, w.severity.value, w.file, w.value) == ("config-unknown-env", "warning", "KPI_REPORT_LNAG", "")
    assert "KPI_REPORT_LANG" in w.hint and cfg.lang == "zh"


def test_an_option_that_is_not_a_key_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no configuration key 'colour'"):
        load_config(cwd=tmp_path, env={}, options={"colour": "red"})


def test_a_utf8_bom_is_accepted_and_gbk_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "kpi-report.toml").write_bytes('\ufefflang = "en"\n'.encode())
    assert load_config(cwd=tmp_path, env={}).lang == "en"
    (tmp_path / "kpi-report.toml").write_bytes('# 设置\nlang = "en"\n'.encode("gbk"))
    assert [f.code for f in problems(tmp_path)] == ["config-encoding"]


def test_key_lines_skips_strings_arrays_and_follows_tables() -> None:
    text = textwrap.dedent('''
        out = "x = 1 # not a key"   # comment
        schemes_dirs = [
          "a]",  # [mail]
          'b',
        ]
        doc = """
        lang = "en"
        """
        a.b = 1
        [ mail ]
        "host" = 'h'
        inline = {port = 25, deep = {x = 1}}
        ''')
    lines = key_lines(text)
    assert lines == {("out",): 2, ("schemes_dirs",): 3, ("doc",): 7, ("a",): 10, ("a", "b"): 10, ("mail",): 11,
                     ("mail", "host"): 12, ("mail", "inline"): 13, ("mail", "inline", "port"): 13,
                     ("mail", "inline", "deep"): 13, ("mail", "inline", "deep", "x"): 13}


def test_key_lines_survives_escapes_nested_arrays_and_crlf() -> None:
    text = "\r\n".join([r"a = 'C:\path\'", r'b = "x\"y"', r'c = """q\"""r"""', 'd = """', "k = 1", '"""',
                         """f = [[1, 2], ["]", '[']]""", 'g = [{x = 1}, {y = "}"},]', "  [ t1 ]",
                         "h = 1979-05-27T07:32:00Z", "[[a2.b]]", '"部门" = "客服"', 'm = """a""""', r'n = "\\"',
                         "o = 1", ""])
    tomllib.loads(text)
    lines = key_lines(text)
    assert [lines[p] for p in [("a",), ("b",), ("c",), ("d",), ("f",), ("g", "y"), ("t1", "h"), ("a2", "b"),
                               ("a2", "b", "部门"), ("a2", "b", "m"), ("a2", "b", "n"), ("a2", "b", "o")]] == [
        1, 2, 3, 4, 7, 8, 10, 11, 12, 13, 14, 15]
    assert ("k",) not in lines

def test_the_documentation_lists_every_key_and_variable() -> None:
    from generator.core import config
    docs = (ROOT / "docs" / "config.md").read_text(encoding="utf-8")
    for key in KEYS:
        for text in (docs, config.__doc__ or ""):
            assert key.name in text and key.env in text and key.flag in text, key.name
    assert PASSWORD_ENV in docs


# ---- the command line ----

def test_config_command_prints_values_and_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, 'lang = "en"\njobs = 2\n[mail]\nhost = "smtp.x.cn"\n')
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["config", "--json"], env={"KPI_REPORT_JOBS": "6", PASSWORD_ENV: "s3cret"})
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["file"] == str(tmp_path / "kpi-report.toml")
    settings = data["settings"]
    assert settings["lang"] == {"value": "en", "source": "kpi-report.toml:1"}
    assert settings["jobs"] == {"value": "6", "source": "environment variable KPI_REPORT_JOBS"}
    assert settings["mail.host"] == {"value": "smtp.x.cn", "source": "kpi-report.toml:4"}
    assert settings["mail.password"]["value"] == "***"
    assert list(settings) == [k.name for k in KEYS] + ["mail.password"]

    res = runner.invoke(app, ["config", "--lang", "zh"], env={PASSWORD_ENV: "s3cret"})
    assert res.exit_code == 0, res.output
    assert "设置项" in res.stdout and "kpi-report.toml:4" in res.stdout and "--lang" in res.stdout
    assert "s3cret" not in res.output


def test_config_command_with_a_bad_file_exits_2_listing_every_problem(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, 'lang = "fr"\n[mail]\npassword = "s3cret"\n')
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["config"])
    assert res.exit_code == 2
    assert "kpi-report.toml:1" in res.stderr and "kpi-report.toml:3" in res.stderr
    assert "密码只能通过环境变量 KPI_REPORT_SMTP_PASSWORD 提供" in res.stderr and "s3cret" not in res.output
    res = runner.invoke(app, ["config", "--json", "--lang", "en"])
    assert res.exit_code == 2
    found = json.loads(res.stdout)["findings"]
    assert [(f["code"], f["line"]) for f in found] == [("config-bad-value", 1), ("config-password-in-file", 3)]
    assert found[0]["message"] == "'lang' must be zh or en, not \"fr\""


def test_shared_options_feed_settings_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    demo = typer.Typer()

    @demo.command()
    def show(out: OutOption = None, lang: LangOption = None, jobs: JobsOption = None,
             schemes_dir: SchemesDirOption = None, wait: WaitOption = None) -> None:
        cfg = settings_from(None, {"out": out, "lang": lang, "jobs": jobs, "schemes_dirs": schemes_dir, "wait": wait})
        print(json.dumps({k: [v, s] for k, v, s in cfg.items("en")}))

    write(tmp_path, 'jobs = 2\nwait = 5\n')
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(demo, ["--schemes-dir", "a", "--schemes-dir", "b", "--jobs", "3", "-o", "r"])
    assert res.exit_code == 0, res.output
    got = json.loads(res.stdout)
    assert got["schemes_dirs"] == [f"{tmp_path / 'a'}, {tmp_path / 'b'}", "--schemes-dir"]
    assert got["jobs"] == ["3", "--jobs"] and got["wait"] == ["5", "kpi-report.toml:2"]
    assert got["out"] == [str(tmp_path / "r"), "--out"]
    res = runner.invoke(demo, ["--lang", "fr", "--wait", "-1"])
    assert res.exit_code == 2
    assert "--lang" in res.stderr and "--wait" in res.stderr


def test_config_command_as_a_real_process(tmp_path: Path) -> None:
    write(tmp_path, """
        out = "reports"
        [watch]
        inbox = ["drop"]
        """)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KPI_REPORT_")}
    cmd = [sys.executable, "-m", "generator.cli", "config", "--json"]
    done = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    settings = json.loads(done.stdout)["settings"]
    assert settings["out"] == {"value": str(tmp_path / "reports"), "source": "kpi-report.toml:1"}
    assert settings["watch.inbox"] == {"value": str(tmp_path / "drop"), "source": "kpi-report.toml:3"}

    write(tmp_path, 'out = "reports"\njobs = "two"\n')
    done = subprocess.run(cmd[:-1], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "kpi-report.toml:2" in done.stderr and "config-bad-type" in done.stderr
