"""SMTP done right: smtplib over STARTTLS (587) or implicit TLS (465) with certificates verified by
`ssl.create_default_context()` (plus the company CA of `mail.cafile`), AUTH with the password from
KPI_REPORT_SMTP_PASSWORD only, one connection reused for the whole batch.

Sending one message is split where the outbox needs it: `envelope` (MAIL FROM, RCPT TO) may fail
without consequence; then the caller commits the row as `sending`; then `data` transmits it. The
outcome of `data` says whether the message can have been delivered:
- the server answered 250: delivered (Outcome.SENT);
- it answered 4xx / 5xx, or the connection broke before the whole message was transmitted: not
  delivered (RFC 5321 §4.1.1.4: the server takes responsibility only when it acknowledges the end
  of the data), so it is safe to retry (TEMPORARY) or record (PERMANENT);
- the whole message went out and then no answer came (timeout, dropped connection): UNKNOWN. It
  may have been delivered; resending it could give the employee a second copy, so it is not
  retried (RFC 1047's duplicate-message problem).
"""

from __future__ import annotations

import enum
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY

from generator.core.findings import Finding, KpiError


class Outcome(enum.StrEnum):
    SENT = "sent"
    TEMPORARY = "temporary"  # not delivered; try again later
    PERMANENT = "permanent"  # not delivered; the server refuses it
    UNKNOWN = "unknown"  # the whole message was sent and no answer came


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    reply: str


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # "starttls" | "tls" | "none"
    timeout: float
    user: str | None = None
    password: str | None = None
    cafile: str | None = None
    insecure: bool = False  # --insecure: certificates are not verified (printed as a warning)


def _reply(code: int, text: bytes | str) -> str:
    return f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}".strip()


def _fatal(code: str, settings: SmtpSettings, zh: str, en: str, error: BaseException) -> KpiError:
    return KpiError(Finding(code=code, file=f"{settings.host}:{settings.port}", value=f"{type(error).__name__}: {error}"[:300],
                            message=zh, message_en=en))


class _SMTP(smtplib.SMTP):
    """smtplib's DATA, with a mark set once the whole message (up to the final dot) is on the wire."""

    transmitted = False

    def data_marked(self, msg: bytes) -> tuple[int, bytes]:
        self.transmitted = False
        self.putcmd("data")
        code, repl = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, repl)
        q = smtplib._quote_periods(msg)  # type: ignore[attr-defined]  # smtplib's own dot-stuffing
        if q[-2:] != smtplib.bCRLF:
            q = q + smtplib.bCRLF
        self.send(q + b"." + smtplib.bCRLF)
        self.transmitted = True
        return self.getreply()


class _SMTP_SSL(_SMTP, smtplib.SMTP_SSL):
    pass


class Connection:
    """One SMTP session, opened on first use and again after any failure."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self._smtp: _SMTP | None = None
        self.connect_failed = False  # the last envelope() could not even open a session

    def context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(cafile=self.settings.cafile) if self.settings.cafile else \
            ssl.create_default_context()
        if self.settings.insecure:
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        return ctx

    def open(self) -> _SMTP:
        """Connect, secure and log in. TLS and AUTH failures are fatal (KpiError): retrying cannot help."""
        if self._smtp is not None:
            return self._smtp
        s = self.settings
        try:
            if s.security == "tls":
                smtp: _SMTP = _SMTP_SSL(s.host, s.port, timeout=s.timeout, context=self.context())
            else:
                smtp = _SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    smtp.starttls(context=self.context())
            smtp.ehlo_or_helo_if_needed()
            if s.user:
                smtp.login(s.user, s.password or "")
        except ssl.SSLCertVerificationError as error:
            raise _fatal("mail-tls-failed", s, f"SMTP 服务器 {s.host} 的证书验证失败:{error.verify_message}",
                         f"the certificate of {s.host} did not verify: {error.verify_message}", error) from error
        except smtplib.SMTPNotSupportedError as error:
            raise _fatal("mail-tls-failed", s, f"SMTP 服务器 {s.host} 不支持 STARTTLS,拒绝以明文发送",
                         f"{s.host} does not offer STARTTLS; refusing to send in clear text", error) from error
        except smtplib.SMTPAuthenticationError as error:
            raise _fatal("mail-auth-failed", s, f"SMTP 登录失败(用户 {s.user}):{_reply(error.smtp_code, error.smtp_error)}",
                         f"SMTP login failed (user {s.user}): {_reply(error.smtp_code, error.smtp_error)}",
                         error) from error
        self._smtp = smtp
        return smtp

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()

    def drop(self) -> None:
        """After a failure the session's state is unknown: start a new one next time."""
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            smtp.close()

    def envelope(self, sender: str, to: str, others: list[str]) -> Result | None:
        """MAIL FROM and RCPT TO. None when the server takes the employee's address; else why not."""
        try:
            smtp = self.open()
        except (smtplib.SMTPException, OSError) as error:
            self.drop()
            self.connect_failed = True
            return Result(Outcome.TEMPORARY, self._describe(error))
        self.connect_failed = False
        try:
            code, text = smtp.mail(sender)
            if code != 250:
                return self._refused(code, text)
            code, text = smtp.rcpt(to)
            if code not in (250, 251):
                return self._refused(code, text)
            for other in others:  # Cc / Bcc: a refused copy does not stop the employee's own mail
                smtp.rcpt(other)
        except (smtplib.SMTPServerDisconnected, smtplib.SMTPResponseException, OSError) as error:
            self.drop()
            return Result(Outcome.TEMPORARY, self._describe(error))
        return None

    def _refused(self, code: int, text: bytes) -> Result:
        try:
            assert self._smtp is not None
            self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.drop()
        if code == 421:
            self.drop()
        return Result(Outcome.PERMANENT if 500 <= code < 600 else Outcome.TEMPORARY, _reply(code, text))

    def abandon(self) -> None:
        """The envelope was accepted but the message is not to be sent after all."""
        try:
            if self._smtp is not None:
                self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.drop()

    def data(self, msg: EmailMessage) -> Result:
        smtp = self._smtp
        assert smtp is not None, "envelope() first"
        payload = msg.as_bytes(policy=SMTP_POLICY)  # headers RFC 2047-encoded: every server takes them
        try:
            code, text = smtp.data_marked(payload)
        except (smtplib.SMTPServerDisconnected, smtplib.SMTPResponseException, OSError) as error:
            transmitted = smtp.transmitted
            self.drop()
            if isinstance(error, smtplib.SMTPResponseException):  # refused DATA itself (not 354)
                code = error.smtp_code
                return Result(Outcome.PERMANENT if 500 <= code < 600 else Outcome.TEMPORARY, self._describe(error))
            return Result(Outcome.UNKNOWN if transmitted else Outcome.TEMPORARY, self._describe(error))
        if code == 250:
            return Result(Outcome.SENT, _reply(code, text))
        if code == 421:
            self.drop()
        return Result(Outcome.PERMANENT if 500 <= code < 600 else Outcome.TEMPORARY, _reply(code, text))

    @staticmethod
    def _describe(error: BaseException) -> str:
        if isinstance(error, smtplib.SMTPResponseException):
            return _reply(error.smtp_code, error.smtp_error)
        if isinstance(error, (socket.timeout, TimeoutError)):
            return f"timeout: {error}"
        return f"{type(error).__name__}: {error}"


__all__ = ["Connection", "Outcome", "Result", "SmtpSettings"]
