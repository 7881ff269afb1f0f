"""The findings of a bad configuration, each saying what, where and how to fix, in Chinese and English.

Codes (stable, for tests and scripts):
  config-missing-file      --config names a file that does not exist
  config-unreadable        the file cannot be read (a folder, no permission)
  config-encoding          the file is not UTF-8
  config-syntax            TOML syntax error (line from tomllib)
  config-unknown-key       a key or table this program does not know (with a "did you mean")
  config-bad-type          a value of the wrong type in the file: jobs = "two"
  config-bad-value         a value out of range or not allowed in the file: lang = "fr", wait = -1
  config-password-in-file  a password in the file; it may only come from KPI_REPORT_SMTP_PASSWORD
  config-bad-env           a KPI_REPORT_… environment variable with a value that cannot be used
  config-bad-option        a command-line option with a value that cannot be used
  config-tls-conflict      mail.ssl and mail.starttls both true
  config-unknown-env       (warning) a KPI_REPORT_… variable this program does not know
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from generator.core.config_keys import (
    BY_NAME,
    ENV_NAMES,
    ENV_PREFIX,
    KEYS,
    PASSWORD_ENV,
    TABLES,
    Bad,
    Key,
    show,
)
from generator.core.findings import Finding, Severity

_LINE = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")
# words people reach for, mapped to the key they mean (difflib cannot guess these)
_ALIASES = {"sender": "from", "output": "out", "language": "lang", "workers": "jobs", "processes": "jobs",
            "smtp": "mail", "email": "mail", "tls": "starttls", "server": "host", "username": "user",
            "schemes": "schemes_dirs", "folder": "inbox", "interval": "poll", "database": "url", "db": "url"}
_SYNTAX_HINTS = (  # (start of tomllib's message, zh, en)
    ("Invalid value", "文字要用英文双引号括起来,例如 lang = \"en\";数字和 true/false 不加引号",
     'quote text with straight double quotes, e.g. lang = "en"; numbers and true/false take no quotes'),
    ("Cannot overwrite", "同一个设置项只能写一次:删掉重复的那一行", "a key may be set only once: delete the repeated line"),
    ("Cannot declare", "同一个 [表] 只能写一次:把两处合并", "a [table] may appear only once: merge the two"),
    ("Expected '='", "每一行写成 键 = 值,例如 jobs = 4", "write each line as key = value, e.g. jobs = 4"),
    ("Unterminated string", "引号没有成对:补上结尾的引号", "a quote is not closed: add the closing quote"),
    ("Illegal character '\\n'", "引号没有成对:补上结尾的引号", "a quote is not closed: add the closing quote"),
    ("Unclosed", "方括号或花括号没有成对:补上结尾的 ] 或 }", "a bracket is not closed: add the closing ] or }"),
)
_UNCLOSED = _SYNTAX_HINTS[-1]
_PASSWORD_MSG = "密码只能通过环境变量 KPI_REPORT_SMTP_PASSWORD 提供"


def _error(code: str, file: str, line: int | None, value: str, zh: str, en: str, hint: str, hint_en: str) -> Finding:
    return Finding(code=code, file=file, line=line, value=value, message=zh, message_en=en, hint=hint, hint_en=hint_en)


def missing_file(shown: str, file: Path) -> Finding:
    return _error("config-missing-file", shown, None, "", f"找不到配置文件 {file}", f"no configuration file {file}",
                  "检查 --config 后面的路径;不用配置文件时去掉 --config",
                  "check the path after --config, or leave --config out to use none")


def unreadable(shown: str, exc: OSError) -> Finding:
    if isinstance(exc, IsADirectoryError):
        return _error("config-unreadable", shown, None, "", "这是一个文件夹,不是配置文件", "this is a folder, not a file",
                      "--config 后面写 .toml 文件的路径", "give --config the path of a .toml file")
    return _error("config-unreadable", shown, None, "", f"无法读取配置文件:{exc.strerror or exc}",
                  f"cannot read the configuration file: {exc.strerror or exc}",
                  "确认这是一个文件且有读取权限", "make sure it is a file you may read")


def not_utf8(shown: str) -> Finding:
    return _error("config-encoding", shown, None, "", "配置文件不是 UTF-8 编码", "the configuration file is not UTF-8",
                  "用记事本打开,“另存为”时编码选 UTF-8", "save it again with UTF-8 encoding")


def syntax(shown: str, text: str, message: str) -> Finding:
    match = _LINE.search(message)
    what = _LINE.sub("", message)
    if match and match.group(1):
        line = int(match.group(1))
    else:  # "at end of document": the last line with anything on it
        line = len(text.rstrip().splitlines()) or 1
    source_line = (text.splitlines() or [""])[min(line, len(text.splitlines()) or 1) - 1]
    hint, hint_en = "按 TOML 格式改正这一行,示例见 docs/config.md", "fix this line as TOML; see docs/config.md"
    for start, zh, en in _SYNTAX_HINTS:
        if what.startswith(start):
            hint, hint_en = zh, en
    if match and not match.group(1) and what.startswith("Invalid value"):  # the file ended inside [ or {
        hint, hint_en = _UNCLOSED[1:]
    if any(q in source_line for q in "“”‘’"):
        hint, hint_en = "把中文引号 “ ” 换成英文引号 \"", 'replace the curly quotes “ ” with straight quotes "'
    return _error("config-syntax", shown, line, source_line.strip(), f"TOML 格式错误:{what}",
                  f"TOML syntax error: {what}", hint, hint_en)


def _line(lines: Mapping[tuple[str, ...], int], path: tuple[str, ...]) -> int | None:
    while path:  # a key inside an inline table may be recorded only with its parent
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def _is_password(name: str) -> bool:
    return "password" in name.lower() or name.lower() in {"passwd", "pass", "pwd"}


def _passwords(data: object, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    if isinstance(data, list):
        for item in data:
            yield from _passwords(item, path)
    elif isinstance(data, dict):
        for name, value in data.items():
            if _is_password(name):
                yield (*path, name)
            else:
                yield from _passwords(value, (*path, name))


def _unknown(path: tuple[str, ...], shown: str, line: int | None) -> Finding:
    table, leaf = ".".join(path[:-1]), path[-1]
    name = ".".join(path)
    valid = [k.leaf for k in KEYS if k.table == table] + (sorted(TABLES) if not table else [])
    guess = _ALIASES.get(leaf) if _ALIASES.get(leaf) in valid else None
    guess = guess or next(iter(difflib.get_close_matches(leaf, valid, n=1, cutoff=0.6)), None)
    others = {k.leaf: k.table for k in KEYS if k.table != table}
    near = None if guess or leaf in others else next(iter(difflib.get_close_matches(leaf, others, n=1, cutoff=0.75)), None)
    if guess:
        hint, hint_en = f"是不是想写 “{guess}”?", f"did you mean '{guess}'?"
    elif leaf in others or near:  # a key of another table, written in the wrong place (and maybe misspelt)
        right = near or leaf
        place = f" [{others[right]}] 表下面" if others[right] else "文件开头(任何 [表] 之前)"
        place_en = f"under [{others[right]}]" if others[right] else "at the top, before any [table]"
        hint = f"“{right}” 应写在{place}" if not near else f"是不是想写{place}的 “{right}”?"
        hint_en = f"'{right}' belongs {place_en}" if not near else f"did you mean '{right}' {place_en}?"
    else:
        hint = "可用的设置项:" + "、".join(valid) if valid else "这里不能再分表"
        hint_en = "known keys here: " + ", ".join(valid) if valid else "no sub-tables here"
    return _error("config-unknown-key", shown, line, name, f"未知的设置项 “{name}”", f"unknown setting '{name}'",
                  hint, hint_en)


def walk(data: dict[str, object], lines: Mapping[tuple[str, ...], int], shown: str,
         found: list[Finding]) -> Iterator[tuple[Key, object, int | None]]:
    """(key, raw value, line) for every known key in the file; other problems go to found."""
    for path in _passwords(data, ()):
        found.append(_error("config-password-in-file", shown, _line(lines, path), ".".join(path),
                            f"配置文件里不能写密码(“{'.'.join(path)}”):{_PASSWORD_MSG}",
                            f"no password in the configuration file ('{'.'.join(path)}'): "
                            f"it may only come from the environment variable {PASSWORD_ENV}",
                            f"删掉这一行,运行前设置环境变量 {PASSWORD_ENV}",
                            f"delete this line and set {PASSWORD_ENV} before running"))
    for name, value in data.items():
        if _is_password(name):
            continue
        if name in TABLES:
            if not isinstance(value, dict):
                found.append(_error("config-bad-type", shown, _line(lines, (name,)), show(value),
                                    f"“{name}” 应为一个表 [{name}]", f"'{name}' must be a table [{name}]",
                                    f"写成单独一行 [{name}],下面每行一个设置项",
                                    f"write a line [{name}] with one setting per line below it"))
                continue
            for sub, raw in value.items():
                key = BY_NAME.get(f"{name}.{sub}")
                if _is_password(sub):
                    continue
                if key is None:
                    found.append(_unknown((name, sub), shown, _line(lines, (name, sub))))
                else:
                    yield key, raw, _line(lines, (name, sub))
        elif name in BY_NAME and not BY_NAME[name].table:
            yield BY_NAME[name], value, _line(lines, (name,))
        else:
            found.append(_unknown((name,), shown, _line(lines, (name,))))


def bad_file_value(key: Key, bad: Bad, raw: object, shown: str, line: int | None) -> Finding:
    example = f"{key.leaf} = {key.example}"
    return _error(bad.code, shown, line, show(raw), bad.message, bad.message_en,
                  f"照这样写:{example}", f"write it like: {example}")


def bad_env_value(key: Key, bad: Bad, raw: str) -> Finding:
    example = f"{key.env}={key.env_example}"
    return _error("config-bad-env", key.env, None, raw, f"环境变量 {key.env} 的值不能用:{bad.message}",
                  f"environment variable {key.env} has a value that cannot be used: {bad.message_en}",
                  f"例如 {example};不需要时删掉这个变量", f"e.g. {example}; or unset the variable")


def bad_option_value(key: Key, bad: Bad, raw: object) -> Finding:
    example = f"{key.flag} {key.env_example}"
    return _error("config-bad-option", key.flag, None, show(raw), f"选项 {key.flag} 的值不能用:{bad.message}",
                  f"option {key.flag} has a value that cannot be used: {bad.message_en}",
                  f"例如 {example}", f"e.g. {example}")


def tls_conflict(where: str, line: int | None) -> Finding:
    return _error("config-tls-conflict", where, line, "", "mail.ssl 与 mail.starttls 不能同时为 true",
                  "mail.ssl and mail.starttls cannot both be true",
                  "465 端口写 ssl = true;587 端口写 starttls = true(另一个删掉或写 false)",
                  "port 465: ssl = true; port 587: starttls = true (drop the other or set it false)")


def unknown_env(env: Mapping[str, str]) -> list[Finding]:
    """A misspelt KPI_REPORT_LNAG would otherwise be ignored without a word."""
    found = []
    for name in sorted(n for n in env if n.startswith(ENV_PREFIX) and n not in ENV_NAMES):
        guess = next(iter(difflib.get_close_matches(name, sorted(ENV_NAMES), n=1, cutoff=0.8)), None)
        hint, hint_en = (f"是不是想写 {guess}?", f"did you mean {guess}?") if guess else (
            "可用的环境变量见 docs/config.md", "docs/config.md lists the variables")
        found.append(Finding(code="config-unknown-env", severity=Severity.WARNING, file=name, value="",
                             message=f"不认识的环境变量 {name},已忽略", message_en=f"unknown environment variable {name}, ignored",
                             hint=hint, hint_en=hint_en))
    return found

