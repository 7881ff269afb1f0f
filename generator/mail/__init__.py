"""Mail: each employee receives their own appraisal PDF, exactly once, over the company's SMTP server.

    from generator.archive import open_archive
    from generator.mail import make_plan, mail_options, smtp_settings, send, dry_run, Outbox, Connection
    with open_archive("archive.db") as archive:
        plan = make_plan(archive, "2026-10", roster=None)
        report = send(plan, Outbox(archive.database), Connection(smtp_settings(cfg)), mail_options(cfg, "zh"))

Pieces: recipients (addresses, roster), pdfcheck (the archived bytes, the 工号 inside, AES-256),
compose (templates, Message-ID), outbox (the state machine in the archive DB), transport (SMTP),
plan (what is to be done), mailer (dry run and send). docs/mail.md tells the whole story.
"""

from __future__ import annotations

from generator.core.config import Config
from generator.core.findings import Finding, KpiError, Severity
from generator.mail.mailer import Options, Report, Sent, dry_run, send
from generator.mail.outbox import Outbox, Row
from generator.mail.plan import Item, Plan, make_plan
from generator.mail.recipients import Roster, read_roster
from generator.mail.transport import Connection, SmtpSettings


def security(cfg: Config) -> str:
    return "tls" if cfg.mail.ssl else "starttls" if cfg.mail.starttls else "none"


def smtp_settings(cfg: Config, insecure: bool = False) -> SmtpSettings:
    """The server to send through; KpiError(mail-not-configured) when host or sender is missing."""
    missing = [name for name, value in (("host", cfg.mail.host), ("from", cfg.mail.sender)) if not value]
    if missing:
        names = "、".join(missing)
        raise KpiError(Finding(code="mail-not-configured", value=", ".join(missing),
                               message=f"没有配置 SMTP 的 {names}", message_en=f"the SMTP {', '.join(missing)} is not configured",
                               hint="在 kpi-report.toml 的 [mail] 中设置(或 KPI_REPORT_MAIL_HOST / KPI_REPORT_MAIL_FROM)",
                               hint_en="set it under [mail] in kpi-report.toml (or KPI_REPORT_MAIL_HOST / "
                                       "KPI_REPORT_MAIL_FROM)"))
    assert cfg.mail.host is not None
    return SmtpSettings(host=cfg.mail.host, port=cfg.mail.port, security=security(cfg), timeout=cfg.mail.timeout,
                        user=cfg.mail.user, password=cfg.mail.password,
                        cafile=str(cfg.mail.cafile) if cfg.mail.cafile else None, insecure=insecure)


def warnings(cfg: Config, insecure: bool = False) -> list[Finding]:
    """What a person must be told before anything is sent: a connection that is not private."""
    out = []
    if security(cfg) == "none":
        out.append(Finding(code="mail-insecure", severity=Severity.WARNING, value="none",
                           message="与 SMTP 服务器的连接不加密(mail.starttls 与 mail.ssl 都关闭),邮件和登录密码以明文传输",
                           message_en="the connection to the SMTP server is not encrypted (mail.starttls and mail.ssl "
                                      "are both off): messages and the login travel in clear text"))
    if insecure:
        out.append(Finding(code="mail-insecure", severity=Severity.WARNING, value="--insecure",
                           message="--insecure:不验证 SMTP 服务器的证书,无法确认对方身份",
                           message_en="--insecure: the SMTP server's certificate is not verified; its identity is not "
                                      "checked"))
    return out


def mail_options(cfg: Config, lang: str) -> Options:
    # a dry run needs no server; its messages then show this placeholder sender
    return Options(sender=cfg.mail.sender or "kpi-report <kpi-report@localhost.invalid>", lang=lang, cc=cfg.mail.cc, bcc=cfg.mail.bcc, templates=cfg.mail.templates,
                   encrypt=cfg.mail.encrypt,
                   password_hint=cfg.mail.password_hint_en if lang == "en" else cfg.mail.password_hint,
                   rate=cfg.mail.rate, retries=cfg.mail.retries, retry_wait=cfg.mail.retry_wait)


__all__ = ["Connection", "Item", "Options", "Outbox", "Plan", "Report", "Roster", "Row", "Sent", "SmtpSettings",
           "dry_run", "mail_options", "make_plan", "read_roster", "security", "send", "smtp_settings", "warnings"]
