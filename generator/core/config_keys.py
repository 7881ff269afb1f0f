"""Every configuration key: its TOML name, environment variable, option, type, limits and default.

One table drives reading the file, the environment and the options, the messages for bad
values and `kpi-report config`'s listing, so a new setting is one `Key(...)` line here plus
its field on `Config`. `convert` turns a raw value (a TOML value, an environment string or
an option's Python value) into the typed value, or raises `Bad` with a bilingual message.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path

ENV_PREFIX = "KPI_REPORT_"
PASSWORD_ENV = "KPI_REPORT_SMTP_PASSWORD"

# kinds: what a value is written as and becomes
PATH, PATHS, TEXT, URL, ADDRESS, ADDRESSES, INT, FLOAT, BOOL, CHOICE = (
    "path", "paths", "text", "url", "address", "addresses", "int", "float", "bool", "choice")

_KIND_TEXT = {  # (zh, en) of what the value must be
    PATH: ("一个路径", "a path"),
    PATHS: ("路径列表", "a list of paths"),
    TEXT: ("文字", "text"),
    URL: ("数据库地址或文件路径", "a database URL or file path"),
    ADDRESS: ("邮箱地址", "an e-mail address"),
    ADDRESSES: ("邮箱地址列表", "a list of e-mail addresses"),
    INT: ("整数", "a whole number"),
    FLOAT: ("数字", "a number"),
    BOOL: ("true 或 false", "true or false"),
    CHOICE: ("给定的几个值之一", "one of the listed values"),
}
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Key:
    name: str  # dotted TOML key; also the key of `options` and of Config.source()
    attr: str  # Config attribute path
    kind: str
    env: str
    flag: str  # the command-line option that sets it
    default: object
    example: str  # a TOML value for hints, e.g. '4' or '"en"'
    doc: str
    doc_en: str
    minimum: float | None = None
    above: float | None = None  # exclusive lower bound
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    @property
    def leaf(self) -> str:
        return self.name.rsplit(".", 1)[-1]

    @property
    def table(self) -> str:
        return self.name.rsplit(".", 1)[0] if "." in self.name else ""

    @property
    def env_example(self) -> str:
        if self.kind in (PATHS, ADDRESSES):
            sep = os.pathsep if self.kind == PATHS else ","
            return sep.join(p.strip(' "') for p in self.example.strip("[]").split(","))
        return self.example.strip('"')


KEYS: tuple[Key, ...] = (
    Key("out", "out", PATH, "KPI_REPORT_OUT", "--out", Path("output"), '"output"',
        "报告输出目录", "folder the reports are written to"),
    Key("lang", "lang", CHOICE, "KPI_REPORT_LANG", "--lang", "zh", '"en"',
        "报告与提示的语言", "language of reports and messages", choices=("zh", "en")),
    Key("jobs", "jobs", INT, "KPI_REPORT_JOBS", "--jobs", 0, "4",
        "生成报告的并行进程数,0 = CPU 核数", "worker processes for rendering, 0 = one per core", minimum=0),
    Key("wait", "wait", FLOAT, "KPI_REPORT_WAIT", "--wait", 600.0, "600",
        "等待输出目录锁的秒数", "seconds to wait for the output folder's lock", minimum=0),
    Key("schemes_dirs", "schemes_dirs", PATHS, "KPI_REPORT_SCHEMES", "--schemes-dir", (), '["schemes"]',
        "自定义考核方案所在的文件夹", "folders holding your own scheme files"),
    Key("archive.url", "archive_url", URL, "KPI_REPORT_ARCHIVE", "--archive", None, '"archive.sqlite"',
        "考核结果存档数据库", "archive database of results"),
    Key("watch.inbox", "inbox", PATHS, "KPI_REPORT_INBOX", "--inbox", (), '["inbox"]',
        "监视的投递文件夹", "drop folders to watch"),
    Key("watch.poll", "poll", FLOAT, "KPI_REPORT_POLL", "--poll", None, "5",
        "轮询间隔秒数(不设则用文件系统通知)", "polling interval in seconds (unset: file-system events)", above=0),
    Key("watch.quiet_seconds", "quiet_seconds", FLOAT, "KPI_REPORT_QUIET_SECONDS", "--quiet-seconds", 2.0, "2",
        "文件停止变化多少秒后才处理", "seconds a file must stay unchanged before it is read", minimum=0),
    Key("watch.recursive", "recursive", BOOL, "KPI_REPORT_RECURSIVE", "--recursive", False, "true",
        "也监视投递文件夹的子文件夹", "watch the drop folders' sub-folders too"),
    Key("watch.rescan_seconds", "rescan_seconds", FLOAT, "KPI_REPORT_RESCAN_SECONDS", "--rescan-seconds", 120.0, "120",
        "每隔多少秒完整扫描一次投递文件夹(补上漏掉的通知)", "seconds between full scans of the drop folders "
        "(catches missed events)", above=0),
    Key("watch.stuck_seconds", "stuck_seconds", FLOAT, "KPI_REPORT_STUCK_SECONDS", "--stuck-seconds", 600.0, "600",
        "文件持续变化或被占用多少秒后报告一次(仍不处理)", "seconds after which a file still changing or held open "
        "is reported (it is still not read)", above=0),
    Key("watch.done", "done_dir", PATH, "KPI_REPORT_DONE_DIR", "--done-dir", None, '"已处理"',
        "处理完的工作簿移到这里(默认:投递文件夹/已处理)", "where processed workbooks are moved "
        "(default: INBOX/已处理)"),
    Key("watch.returned", "returned_dir", PATH, "KPI_REPORT_RETURNED_DIR", "--returned-dir", None, '"退回"',
        "未通过的工作簿退回到这里(默认:投递文件夹/退回)", "where rejected workbooks are handed back "
        "(default: INBOX/退回)"),
    Key("watch.log_json", "log_json", BOOL, "KPI_REPORT_LOG_JSON", "--log-json", False, "true",
        "日志每行一个 JSON 对象(供日志收集)", "log one JSON object per line (for log collectors)"),
    Key("mail.host", "mail.host", TEXT, "KPI_REPORT_MAIL_HOST", "--mail-host", None, '"smtp.example.com"',
        "SMTP 服务器", "SMTP server"),
    Key("mail.port", "mail.port", INT, "KPI_REPORT_MAIL_PORT", "--mail-port", None, "587",
        "SMTP 端口(默认 ssl 465,starttls 587,否则 25)", "SMTP port (default 465 with ssl, 587 with starttls, else 25)",
        minimum=1, maximum=65535),
    Key("mail.user", "mail.user", TEXT, "KPI_REPORT_MAIL_USER", "--mail-user", None, '"hr@example.com"',
        "SMTP 登录用户名", "SMTP login user"),
    Key("mail.from", "mail.sender", ADDRESS, "KPI_REPORT_MAIL_FROM", "--mail-from", None, '"人力资源部 <hr@example.com>"',
        "发件人", "sender address"),
    Key("mail.starttls", "mail.starttls", BOOL, "KPI_REPORT_MAIL_STARTTLS", "--mail-starttls", None, "true",
        "用 STARTTLS 加密(默认:未开 ssl 时开启)", "use STARTTLS (default: on unless ssl)"),
    Key("mail.ssl", "mail.ssl", BOOL, "KPI_REPORT_MAIL_SSL", "--mail-ssl", False, "false",
        "用隐式 TLS(通常是 465 端口)", "use implicit TLS (usually port 465)"),
    Key("mail.timeout", "mail.timeout", FLOAT, "KPI_REPORT_MAIL_TIMEOUT", "--mail-timeout", 30.0, "30",
        "SMTP 超时秒数", "SMTP timeout in seconds", above=0),
    Key("mail.cc", "mail.cc", ADDRESSES, "KPI_REPORT_MAIL_CC", "--mail-cc", (), '["boss@example.com"]',
        "抄送", "Cc addresses"),
    Key("mail.bcc", "mail.bcc", ADDRESSES, "KPI_REPORT_MAIL_BCC", "--mail-bcc", (), '["archive@example.com"]',
        "密送", "Bcc addresses"),
    Key("mail.cafile", "mail.cafile", PATH, "KPI_REPORT_MAIL_CAFILE", "--mail-cafile", None, '"company-ca.pem"',
        "验证 SMTP 服务器证书用的公司 CA 证书(PEM)", "company CA bundle (PEM) that verifies the SMTP server's certificate"),
    Key("mail.rate", "mail.rate", FLOAT, "KPI_REPORT_MAIL_RATE", "--mail-rate", 60.0, "30",
        "每分钟最多发送几封,0 = 不限", "messages per minute at most, 0 = no limit", minimum=0),
    Key("mail.retries", "mail.retries", INT, "KPI_REPORT_MAIL_RETRIES", "--mail-retries", 3, "3",
        "临时失败(4xx、断线、超时)重试次数", "retries after a temporary failure (4xx, dropped connection, timeout)",
        minimum=0, maximum=20),
    Key("mail.retry_wait", "mail.retry_wait", FLOAT, "KPI_REPORT_MAIL_RETRY_WAIT", "--mail-retry-wait", 5.0, "5",
        "第一次重试前等待的秒数,之后每次加倍", "seconds before the first retry, doubling after each", minimum=0),
    Key("mail.roster", "mail.roster", PATH, "KPI_REPORT_MAIL_ROSTER", "--roster", None, '"roster.xlsx"',
        "工号→邮箱名单(xlsx/csv),优先于工作簿的邮箱列", "roster of 工号 → e-mail (xlsx/csv), wins over the workbook's column"),
    Key("mail.templates", "mail.templates", PATH, "KPI_REPORT_MAIL_TEMPLATES", "--mail-templates", None,
        '"mail-templates"', "自定义邮件模板所在文件夹(见 docs/mail.md)", "folder of your own message templates (docs/mail.md)"),
    Key("mail.encrypt", "mail.encrypt", BOOL, "KPI_REPORT_MAIL_ENCRYPT", "--mail-encrypt", False, "true",
        "给附件 PDF 加密(AES-256)", "encrypt the attached PDF (AES-256)"),
    Key("mail.pdf_password", "mail.pdf_password", TEXT, "KPI_REPORT_MAIL_PDF_PASSWORD", "--mail-pdf-password",
        '{{ roster["身份证号"][-6:] }}', "'{{ roster[\"身份证号\"][-6:] }}'",
        "每人 PDF 密码的规则(jinja2,可用 id、name、roster[列名])", "rule for each person's PDF password (jinja2 over "
        "id, name, roster[column])"),
    Key("mail.password_hint", "mail.password_hint", TEXT, "KPI_REPORT_MAIL_PASSWORD_HINT", "--mail-password-hint",
        "您身份证号码的后六位", '"您身份证号码的后六位"', "邮件正文中说明密码如何构成(中文)",
        "how the body says the password is formed (Chinese)"),
    Key("mail.password_hint_en", "mail.password_hint_en", TEXT, "KPI_REPORT_MAIL_PASSWORD_HINT_EN",
        "--mail-password-hint-en", "the last six digits of your ID card number", '"the last six digits of your ID"',
        "邮件正文中说明密码如何构成(英文)", "how the body says the password is formed (English)"),
)
BY_NAME = {k.name: k for k in KEYS}
TABLES = {"archive", "watch", "mail"}


def _limit(leaf: str, env: str, default: int, low: int, doc: str, doc_en: str) -> Key:
    return Key(f"limits.{leaf}", leaf, INT, f"KPI_REPORT_{env}", "", default, str(default), doc, doc_en, minimum=low,
               maximum=1_000_000)


# What one workbook may hold (generator/workbook/limits.py reads them; docs/limits.md lists them):
# a team's workbook is far inside these, and nothing beyond them can make reading or rendering slow.
LIMIT_KEYS: tuple[Key, ...] = (
    _limit("max_rows", "MAX_ROWS", 10_000, 100, "任一工作表的最大行号", "highest row number in any sheet"),
    _limit("max_columns", "MAX_COLUMNS", 200, 30, "任一工作表的最大列数", "highest column in any sheet"),
    _limit("max_cells", "MAX_CELLS", 300_000, 1_000, "工作簿中单元格(含合并、超链接范围)的总数上限",
           "cells in the whole workbook, merged and hyperlinked ranges included"),
    _limit("name_chars", "MAX_NAME_CHARS", 50, 10, "姓名的最大字数", "characters in a name"),
    _limit("position_chars", "MAX_POSITION_CHARS", 50, 10, "岗位的最大字数", "characters in a position"),
    _limit("department_chars", "MAX_DEPARTMENT_CHARS", 50, 10, "部门的最大字数", "characters in the department"),
    _limit("comment_chars", "MAX_COMMENT_CHARS", 500, 50, "备注的最大字数", "characters in a comment"),
    _limit("text_chars", "MAX_TEXT_CHARS", 100, 20, "其他文字(工号、邮箱、公司、考核人)的最大字数",
           "characters in other text (ID, e-mail, company, manager)"),
)
ENV_NAMES = {k.env for k in KEYS} | {k.env for k in LIMIT_KEYS} | {PASSWORD_ENV}


class Bad(Exception):
    """A value that cannot be used; code is config-bad-type or config-bad-value."""

    def __init__(self, code: str, message: str, message_en: str):
        super().__init__(message)
        self.code, self.message, self.message_en = code, message, message_en


def kind_text(key: Key) -> tuple[str, str]:
    if key.kind == CHOICE:
        return " 或 ".join(key.choices), " or ".join(key.choices)
    return _KIND_TEXT[key.kind]


def show(raw: object) -> str:
    """A value as it would be written in TOML: "two", 4, true, ["a", 1]."""
    if isinstance(raw, Path):
        raw = str(raw)
    if isinstance(raw, (str, bool, int, float, list, tuple)) and not (isinstance(raw, float) and not math.isfinite(raw)):
        return json.dumps(list(raw) if isinstance(raw, tuple) else raw, ensure_ascii=False, default=str)
    if isinstance(raw, dict):
        return "{" + ", ".join(f"{k} = {show(v)}" for k, v in raw.items()) + "}"
    return str(raw)


def _wrong_type(key: Key, raw: object) -> Bad:
    zh, en = kind_text(key)
    return Bad("config-bad-type", f"“{key.name}” 应为{zh},写的却是 {show(raw)}",
               f"'{key.name}' must be {en}, not {show(raw)}")


def _path(key: Key, raw: object, base: Path) -> Path:
    if isinstance(raw, Path):
        raw = str(raw)
    if not isinstance(raw, str):
        raise _wrong_type(key, raw)
    if not raw.strip():
        raise Bad("config-bad-value", f"“{key.name}” 的路径是空的", f"'{key.name}' is an empty path")
    # abspath tidies "a/../b" without following symbolic links
    return Path(os.path.abspath(base / Path(raw).expanduser()))


def _items(key: Key, raw: object, sep: str, from_text: bool) -> Sequence[object]:
    if isinstance(raw, str):  # an environment list, or one item written without the list brackets
        if from_text or key.kind == ADDRESSES:  # no address holds a comma; a folder name may
            return [p.strip() for p in raw.split(sep) if p.strip()]
        return [raw]
    if isinstance(raw, (list, tuple)):
        return raw
    raise _wrong_type(key, raw)


def _address(key: Key, raw: object) -> str:
    if not isinstance(raw, str):
        raise _wrong_type(key, raw)
    _, addr = parseaddr(raw)
    if "@" not in addr or " " in addr.strip():
        raise Bad("config-bad-value", f"“{key.name}” 不是有效的邮箱地址:{show(raw)}",
                  f"'{key.name}' is not a valid e-mail address: {show(raw)}")
    return raw.strip()


def _number(key: Key, raw: object, from_text: bool) -> object:
    if from_text and isinstance(raw, str):
        try:
            raw = int(raw.strip()) if key.kind == INT else float(raw.strip())
        except ValueError:
            raise _wrong_type(key, raw) from None
    ok = int if key.kind == INT else (int, float)
    if isinstance(raw, bool) or not isinstance(raw, ok):  # bool is an int to Python, not to people
        raise _wrong_type(key, raw)
    if isinstance(raw, float) and not math.isfinite(raw):
        raise _wrong_type(key, raw)
    return raw if key.kind == INT else float(raw)


def _limits(key: Key, value: object) -> None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        too_low = (key.minimum is not None and value < key.minimum) or (key.above is not None and value <= key.above)
        too_high = key.maximum is not None and value > key.maximum
        if too_low or too_high:
            lo = f"≥ {key.minimum:g}" if key.minimum is not None else f"> {key.above:g}" if key.above is not None else ""
            rng = " 且 ".join(x for x in (lo, f"≤ {key.maximum:g}" if key.maximum is not None else "") if x)
            rng_en = rng.replace(" 且 ", " and ")
            raise Bad("config-bad-value", f"“{key.name}” 必须 {rng},写的是 {value:g}",
                      f"'{key.name}' must be {rng_en}, not {value:g}")
    if key.choices and value not in key.choices:
        raise Bad("config-bad-value", f"“{key.name}” 只能是 {' 或 '.join(key.choices)},写的是 {show(value)}",
                  f"'{key.name}' must be {' or '.join(key.choices)}, not {show(value)}")


def convert(key: Key, raw: object, base: Path, from_text: bool) -> object:
    """The typed value of raw; from_text: raw is an environment string (or an option given as text)."""
    kind = key.kind
    if kind == PATH:
        value: object = _path(key, raw, base)
    elif kind == PATHS:
        value = tuple(_path(key, p, base) for p in _items(key, raw, os.pathsep, from_text))
    elif kind == ADDRESSES:
        value = tuple(_address(key, a) for a in _items(key, raw, ",", from_text))
    elif kind == ADDRESS:
        value = _address(key, raw)
    elif kind in (INT, FLOAT):
        value = _number(key, raw, from_text)
    elif kind == BOOL:
        if from_text and isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
            raw = raw.strip().lower() in _TRUE
        if not isinstance(raw, bool):
            raise _wrong_type(key, raw)
        value = raw
    elif not isinstance(raw, str):  # TEXT, URL, CHOICE
        raise _wrong_type(key, raw)
    elif kind == URL and "://" not in raw:  # a plain file path: relative to where it was written
        value = str(_path(key, raw, base))
    else:
        value = raw.strip()
        if kind == TEXT and not value:
            raise Bad("config-bad-value", f"“{key.name}” 是空的;不需要时删掉这一项",
                      f"'{key.name}' is empty; leave it out instead")
    _limits(key, value)
    return value
