"""One configuration for every command: built-in defaults < kpi-report.toml < environment < options.

`load_config(cwd=..., path=..., env=os.environ, options={...})` reads `kpi-report.toml` in
the working folder (or the file `--config PATH` names), then `KPI_REPORT_…` environment
variables, then command-line options, and returns a frozen `Config` that also knows where
each value came from (`config.source("lang")` → "kpi-report.toml:3"). Every problem (TOML
syntax, unknown key, wrong type, bad value, a password in the file, a bad environment
value) is collected and raised at once as a KpiError whose findings carry file and line.

Paths written in the file are relative to the file's folder; paths from the environment,
from options and the defaults are relative to `cwd`. Every path in a Config is absolute.
An empty environment variable counts as not set; an option whose value is None (or an
empty list) counts as not given.

    key                  environment variable        option            default
    out                  KPI_REPORT_OUT              --out             output
    lang                 KPI_REPORT_LANG             --lang            zh        (zh | en)
    jobs                 KPI_REPORT_JOBS             --jobs            0         (0 = one per core)
    wait                 KPI_REPORT_WAIT             --wait            600       (seconds)
    schemes_dirs         KPI_REPORT_SCHEMES          --schemes-dir     []        (os.pathsep list)
    archive.url          KPI_REPORT_ARCHIVE          --archive         unset     (URL or file path)
    watch.inbox          KPI_REPORT_INBOX            --inbox           []        (os.pathsep list)
    watch.poll           KPI_REPORT_POLL             --poll            unset     (seconds, > 0)
    watch.quiet_seconds  KPI_REPORT_QUIET_SECONDS    --quiet-seconds   2
    watch.recursive      KPI_REPORT_RECURSIVE        --recursive       false
    watch.rescan_seconds KPI_REPORT_RESCAN_SECONDS   --rescan-seconds  120       (seconds, > 0)
    watch.stuck_seconds  KPI_REPORT_STUCK_SECONDS    --stuck-seconds   600       (seconds, > 0)
    watch.done           KPI_REPORT_DONE_DIR         --done-dir        INBOX/已处理
    watch.returned       KPI_REPORT_RETURNED_DIR     --returned-dir    INBOX/退回
    watch.log_json       KPI_REPORT_LOG_JSON         --log-json        false
    mail.host            KPI_REPORT_MAIL_HOST        --mail-host       unset
    mail.port            KPI_REPORT_MAIL_PORT        --mail-port       465 with ssl, 587 with starttls, else 25
    mail.user            KPI_REPORT_MAIL_USER        --mail-user       unset
    mail.from            KPI_REPORT_MAIL_FROM        --mail-from       unset
    mail.starttls        KPI_REPORT_MAIL_STARTTLS    --mail-starttls   true unless ssl
    mail.ssl             KPI_REPORT_MAIL_SSL         --mail-ssl        false
    mail.timeout         KPI_REPORT_MAIL_TIMEOUT     --mail-timeout    30
    mail.cc              KPI_REPORT_MAIL_CC          --mail-cc         []        (comma-separated)
    mail.bcc             KPI_REPORT_MAIL_BCC         --mail-bcc        []        (comma-separated)
    mail.cafile          KPI_REPORT_MAIL_CAFILE      --mail-cafile     unset     (company CA, PEM)
    mail.rate            KPI_REPORT_MAIL_RATE        --mail-rate       60        (per minute, 0 = no limit)
    mail.retries         KPI_REPORT_MAIL_RETRIES     --mail-retries    3
    mail.retry_wait      KPI_REPORT_MAIL_RETRY_WAIT  --mail-retry-wait 5         (seconds, doubling)
    mail.roster          KPI_REPORT_MAIL_ROSTER      --roster          unset     (工号 → 邮箱, xlsx/csv)
    mail.templates       KPI_REPORT_MAIL_TEMPLATES   --mail-templates  unset     (folder of own templates)
    mail.encrypt         KPI_REPORT_MAIL_ENCRYPT     --mail-encrypt    false     (AES-256 PDF)
    mail.pdf_password    KPI_REPORT_MAIL_PDF_PASSWORD --mail-pdf-password  {{ roster["身份证号"][-6:] }}
    mail.password_hint   KPI_REPORT_MAIL_PASSWORD_HINT --mail-password-hint  您身份证号码的后六位
    mail.password_hint_en  KPI_REPORT_MAIL_PASSWORD_HINT_EN  --mail-password-hint-en
    mail.password        KPI_REPORT_SMTP_PASSWORD    (none)            unset     (environment only)

Booleans in the environment: 1/true/yes/on and 0/false/no/off. docs/config.md has the rest.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from generator.core import config_check as check
from generator.core.config_keys import BY_NAME, KEYS, PASSWORD_ENV, PATH, Bad, convert
from generator.core.findings import Finding, KpiError
from generator.core.toml_lines import key_lines

CONFIG_NAME = "kpi-report.toml"
PASSWORD_KEY = "mail.password"


@dataclass(frozen=True)
class Source:
    kind: str  # "default" | "file" | "env" | "option"
    name: str = ""  # the file as shown, the variable or the option
    line: int | None = None

    def text(self, lang: str = "zh") -> str:
        if self.kind == "file":
            return f"{self.name}:{self.line}" if self.line else self.name
        if self.kind == "env":
            return f"environment variable {self.name}" if lang == "en" else f"环境变量 {self.name}"
        if self.kind == "option":
            return self.name
        return "default" if lang == "en" else "默认值"


DEFAULT = Source("default")


@dataclass(frozen=True)
class MailConfig:
    host: str | None = None
    port: int = 587
    user: str | None = None
    sender: str | None = None  # `from` in the file
    starttls: bool = True
    ssl: bool = False
    timeout: float = 30.0
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    cafile: Path | None = None
    rate: float = 60.0  # messages per minute, 0 = no limit
    retries: int = 3
    retry_wait: float = 5.0
    roster: Path | None = None
    templates: Path | None = None
    encrypt: bool = False
    pdf_password: str = '{{ roster["身份证号"][-6:] }}'
    password_hint: str = "您身份证号码的后六位"
    password_hint_en: str = "the last six digits of your ID card number"
    password: str | None = field(default=None, repr=False)  # only from KPI_REPORT_SMTP_PASSWORD


@dataclass(frozen=True)
class Config:
    out: Path = Path("output")
    schemes_dirs: tuple[Path, ...] = ()
    lang: str = "zh"
    jobs: int = 0  # 0: one worker per core
    wait: float = 600.0  # seconds to wait for the output folder's lock
    archive_url: str | None = None
    inbox: tuple[Path, ...] = ()
    poll: float | None = None  # None: file-system events
    quiet_seconds: float = 2.0
    recursive: bool = False
    rescan_seconds: float = 120.0
    stuck_seconds: float = 600.0  # a file still changing (or held open) this long is reported
    done_dir: Path | None = None  # None: INBOX/已处理
    returned_dir: Path | None = None  # None: INBOX/退回
    log_json: bool = False
    mail: MailConfig = field(default_factory=MailConfig)
    file: Path | None = None  # the TOML file read, if any
    sources: Mapping[str, Source] = field(default_factory=dict, compare=False, repr=False)
    warnings: tuple[Finding, ...] = field(default=(), compare=False, repr=False)

    def value(self, key: str) -> object:
        """The effective value of a dotted key ("lang", "mail.from", "mail.password")."""
        attr = "mail.password" if key == PASSWORD_KEY else BY_NAME[key].attr
        obj: object = self
        for part in attr.split("."):
            obj = getattr(obj, part)
        return obj

    def source(self, key: str, lang: str = "zh") -> str:
        """Where the value of key came from: "默认值", "kpi-report.toml:3", "环境变量 KPI_REPORT_LANG", "--lang"."""
        if key != PASSWORD_KEY and key not in BY_NAME:
            raise KeyError(key)
        return self.sources.get(key, DEFAULT).text(lang)

    def items(self, lang: str = "zh") -> list[tuple[str, str, str]]:
        """(dotted key, value as text, source) for every setting; a password shows as "***"."""
        rows = [(k.name, value_text(self.value(k.name)), self.source(k.name, lang)) for k in KEYS]
        rows.append((PASSWORD_KEY, "***" if self.mail.password else "", self.source(PASSWORD_KEY, lang)))
        return rows


def value_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return ", ".join(value_text(v) for v in value)
    return str(value)


def load_config(*, cwd: Path, path: Path | None = None, env: Mapping[str, str],
                options: Mapping[str, object] | None = None) -> Config:
    """The effective configuration; raises KpiError listing every problem found."""
    values: dict[str, object] = {k.name: convert(k, k.default, cwd, False) if k.kind == PATH and k.default is not None
                                 else k.default
                                 for k in KEYS}
    sources: dict[str, Source] = {}
    problems: list[Finding] = []
    file: Path | None = None
    if path is not None:
        file, shown = Path(os.path.abspath(cwd / path)), str(path)
        if not file.exists():
            problems.append(check.missing_file(shown, file))
            file = None
    elif (cwd / CONFIG_NAME).is_file():
        file, shown = cwd / CONFIG_NAME, CONFIG_NAME
    if file is not None:
        _read_file(file, shown, values, sources, problems)
    _read_env(env, cwd, values, sources, problems)
    _read_options(options or {}, cwd, values, sources, problems)
    problems += _settle_mail(values, sources)
    if problems:
        raise KpiError(problems)
    password = env.get(PASSWORD_ENV) or None
    if password:
        sources[PASSWORD_KEY] = Source("env", PASSWORD_ENV)
    top: dict[str, object] = {}
    mail: dict[str, object] = {"password": password}
    for k in KEYS:
        if k.attr.startswith("mail."):
            mail[k.attr.removeprefix("mail.")] = values[k.name]
        else:
            top[k.attr] = values[k.name]
    return Config(**top, mail=MailConfig(**mail), file=file, sources=MappingProxyType(sources),
                  warnings=tuple(check.unknown_env(env)))


def _read_file(file: Path, shown: str, values: dict[str, object], sources: dict[str, Source],
               problems: list[Finding]) -> None:
    try:
        # utf-8-sig: Windows Notepad may save a byte-order mark, which tomllib refuses
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(check.not_utf8(shown))
        return
    except OSError as exc:
        problems.append(check.unreadable(shown, exc))
        return
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(check.syntax(shown, text, str(exc)))
        return
    lines = key_lines(text)
    found: list[Finding] = []
    for key, raw, line in check.walk(data, lines, shown, found):
        try:
            values[key.name] = convert(key, raw, file.parent, False)
            sources[key.name] = Source("file", shown, line)
        except Bad as bad:
            found.append(check.bad_file_value(key, bad, raw, shown, line))
    problems += sorted(found, key=lambda f: (f.line or 0, f.code))


def _read_env(env: Mapping[str, str], cwd: Path, values: dict[str, object], sources: dict[str, Source],
              problems: list[Finding]) -> None:
    for key in KEYS:
        raw = env.get(key.env)
        if raw is None or not raw.strip():
            continue
        try:
            values[key.name] = convert(key, raw, cwd, True)
            sources[key.name] = Source("env", key.env)
        except Bad as bad:
            problems.append(check.bad_env_value(key, bad, raw))


def _read_options(options: Mapping[str, object], cwd: Path, values: dict[str, object],
                  sources: dict[str, Source], problems: list[Finding]) -> None:
    for name, raw in options.items():
        key = BY_NAME.get(name)
        if key is None:  # a programming error in a command, not a user's mistake
            raise ValueError(f"no configuration key {name!r}")
        if raw is None or (isinstance(raw, (list, tuple)) and not raw):
            continue
        try:
            values[name] = convert(key, raw, cwd, isinstance(raw, str))
            sources[name] = Source("option", key.flag)
        except Bad as bad:
            problems.append(check.bad_option_value(key, bad, raw))


def _settle_mail(values: dict[str, object], sources: dict[str, Source]) -> list[Finding]:
    """Defaults that follow from other settings: STARTTLS unless SSL, the port of the security chosen."""
    if values["mail.starttls"] is None:
        values["mail.starttls"] = not values["mail.ssl"]
    if values["mail.ssl"] and values["mail.starttls"]:
        where = sources["mail.starttls"]
        return [check.tls_conflict(where.name, where.line)]
    if values["mail.port"] is None:
        values["mail.port"] = 465 if values["mail.ssl"] else 587 if values["mail.starttls"] else 25
    return []
