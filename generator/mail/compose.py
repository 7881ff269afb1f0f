"""One employee's message: subject and body from jinja2 templates (zh/en, plain text and HTML), the
PDF attached (encrypted when the configuration asks), and a deterministic Message-ID.

Templates: `subject.<lang>.j2`, `body.<lang>.txt.j2`, `body.<lang>.html.j2` under
generator/mail/templates; a file of the same name in the configuration's `mail.templates` folder
replaces the built-in one. They see: name, employee_id, department, company, period, total, grade,
correction, encrypted, password_hint, subject (in the bodies). The body shows period, total and
grade, nothing more sensitive than the PDF itself, and says how the password is formed, never the
password: the password is never a template variable.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, parseaddr
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from generator.core.findings import Finding, KpiError


def message_id(department: str, period: str, scheme_id: str, employee_id: str, content_sha256: str, sender: str) -> str:
    """The same message always gets the same id, so that a copy resent after an unknown outcome is
    recognisably the same mail (and many clients show it once)."""
    key = "\x1f".join((department, period, scheme_id, employee_id, content_sha256))
    domain = parseaddr(sender)[1].rpartition("@")[2] or "kpi-report.invalid"
    return f"<kpi.{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@{domain}>"


def _template_error(where: str, error: Exception) -> KpiError:
    line = getattr(error, "lineno", None)
    return KpiError(Finding(code="mail-template-error", file=where, line=line, value=type(error).__name__,
                            message=f"邮件模板 {where} 有误:{error}", message_en=f"the message template {where} is wrong: {error}",
                            hint="按 docs/mail.md 改正模板;可用的变量见该文档",
                            hint_en="fix the template as docs/mail.md shows; it lists the variables"))


class Templates:
    """The jinja2 environment: the configured folder first, the built-in templates behind it."""

    def __init__(self, folder: Path | None = None):
        with resources.as_file(resources.files("generator.mail") / "templates") as builtin:
            loaders = [FileSystemLoader(str(folder))] if folder else []
            self.env = Environment(loader=ChoiceLoader([*loaders, FileSystemLoader(str(builtin))]),
                                   undefined=StrictUndefined, keep_trailing_newline=False,
                                   autoescape=lambda name: bool(name and name.endswith(".html.j2")))
        self.folder = folder

    def render(self, name: str, context: dict[str, Any]) -> str:
        try:
            return self.env.get_template(name).render(**context)
        except TemplateError as error:
            raise _template_error(str(self.folder / name) if self.folder and (self.folder / name).exists()
                                  else name, error) from error


def pdf_password(rule: str, context: dict[str, Any]) -> str:
    """The employee's PDF password from the configured rule (a sandboxed jinja2 template over id, name,
    email, department, period and roster[column]); "" when the data it needs is missing."""
    env = SandboxedEnvironment(undefined=StrictUndefined)
    try:
        template = env.from_string(rule)
    except TemplateError as error:
        raise _template_error("mail.pdf_password", error) from error
    try:
        return template.render(**context).strip()
    except (TemplateError, LookupError, TypeError):
        return ""  # the roster has no such column for this employee: mail-no-password, listed


@dataclass(frozen=True)
class Letter:
    """What goes into one message, apart from the attachment's bytes."""

    employee_id: str
    name: str
    department: str
    company: str
    period: str
    total: str
    grade: str
    address: str
    correction: bool
    message_id: str
    attachment_name: str


def build(letter: Letter, pdf: bytes, *, templates: Templates, lang: str, sender: str, cc: tuple[str, ...] = (),
          encrypted: bool = False, password_hint: str = "", date: datetime | None = None) -> EmailMessage:
    """The complete message (Bcc is never a header: it goes in the envelope only)."""
    context: dict[str, Any] = {
        "name": letter.name, "employee_id": letter.employee_id, "department": letter.department,
        "company": letter.company, "period": letter.period, "total": letter.total, "grade": letter.grade,
        "correction": letter.correction, "encrypted": encrypted, "password_hint": password_hint}
    subject = " ".join(templates.render(f"subject.{lang}.j2", context).split())
    context["subject"] = subject
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = letter.address
    if cc:
        msg["Cc"] = ", ".join(cc)
    msg["Date"] = format_datetime((date or datetime.now()).astimezone())
    msg["Message-ID"] = letter.message_id
    msg["X-KPI-Report"] = f"{letter.period}; {letter.employee_id}"
    msg.set_content(templates.render(f"body.{lang}.txt.j2", context))
    msg.add_alternative(templates.render(f"body.{lang}.html.j2", context), subtype="html")
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename=letter.attachment_name)
    return msg


def recipients(msg: EmailMessage, bcc: tuple[str, ...] = ()) -> list[str]:
    """The envelope: To, Cc and Bcc addresses."""
    return [a for _, a in getaddresses([*msg.get_all("To", []), *msg.get_all("Cc", []), *bcc]) if a]


__all__ = ["Letter", "Templates", "build", "message_id", "pdf_password", "recipients"]
