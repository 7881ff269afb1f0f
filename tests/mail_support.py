"""The mail tests' real parts: a CA and server certificate made here (cryptography), a real SMTP server
(aiosmtpd on 127.0.0.1, STARTTLS required, AUTH) that records what it receives and injects faults,
and archived periods whose employees have real PDFs with their 工号 inside."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import ipaddress
import json
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pypdf import PdfReader

from generator.archive import open_archive

USER, PASSWORD = "hr@example.cn", "s3cret-pw"
SENDER = "人力资源部 <hr@example.cn>"


# ---- certificates --------------------------------------------------------------------------------

def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(subject: str, issuer: str, key: ec.EllipticCurvePrivateKey, signer: ec.EllipticCurvePrivateKey,
          ca: bool) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(_name(issuer))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        builder = builder.add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                                      content_commitment=False, key_encipherment=False,
                                                      data_encipherment=False, key_agreement=False,
                                                      encipher_only=False, decipher_only=False), critical=True)
    else:
        builder = builder.add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    return builder.sign(signer, hashes.SHA256())


@dataclass(frozen=True)
class Pki:
    ca_file: Path  # the CA a client trusts
    cert_file: Path  # the server's certificate
    key_file: Path


def make_pki(folder: Path, name: str = "公司测试 CA") -> Pki:
    """A CA and a server certificate for 127.0.0.1 signed by it, as PEM files."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = _cert(name, name, ca_key, ca_key, ca=True)
    server = _cert("127.0.0.1", name, key, ca_key, ca=False)
    pki = Pki(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    pki.ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    pki.cert_file.write_bytes(server.public_bytes(serialization.Encoding.PEM))
    pki.key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    return pki


# ---- the SMTP server -----------------------------------------------------------------------------

@dataclass
class Received:
    rcpt: list[str]
    message: EmailMessage

    def pdf_ids(self, password: str | None = None) -> list[str]:
        """The 工号 printed in each PDF attached (opened with `password` when encrypted)."""
        from generator.mail.pdfcheck import ID_RE
        out = []
        for part in self.message.iter_attachments():
            reader = PdfReader(io.BytesIO(part.get_content()))
            if reader.is_encrypted:
                reader.decrypt(password or "")
            out += ID_RE.findall("".join(p.extract_text() or "" for p in reader.pages))
        return out


@dataclass
class Recorder:
    """What the server received, and the faults it is told to play: address → list of actions, one
    taken per message to that address: "421", "451", "550", "drop-at-data" (close on DATA),
    "drop-after-data" (close after the whole message without answering, not delivered),
    "slow-after-data" (deliver, then answer only after `slow` seconds), "slow-greeting" (next
    connection greets after `slow` seconds)."""

    received: list[Received] = field(default_factory=list)
    faults: dict[str, list[str]] = field(default_factory=dict)
    greeting_faults: list[str] = field(default_factory=list)
    slow: float = 3.0
    data_delay: float = 0.0  # every DATA waits this long before it is answered (kill tests)
    data_started: int = 0
    spool: Path | None = None  # also written here (for a test in another process): NNNNN.eml + NNNNN.rcpt
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, rcpt: list[str]) -> str | None:
        with self.lock:
            for address in rcpt:
                actions = self.faults.get(address.lower())
                if actions:
                    return actions.pop(0)
        return None

    def to(self, address: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if address.lower() in (a.lower() for a in r.rcpt)]

    async def handle_RCPT(self, server: SMTP, session: object, envelope: object, address: str,
                          options: list[str]) -> str:
        with self.lock:
            actions = self.faults.get(address.lower())
            if actions and actions[0] == "550-rcpt":
                actions.pop(0)
                return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)  # type: ignore[attr-defined]
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: object, envelope: object) -> str:
        rcpt = list(envelope.rcpt_tos)  # type: ignore[attr-defined]
        with self.lock:
            self.data_started += 1
            if self.spool is not None:
                (self.spool / f"started-{self.data_started:05d}").touch()
        action = self.take(rcpt)
        if action in ("421", "451", "550"):
            return {"421": "421 4.3.2 Service shutting down", "451": "451 4.3.0 Try again later",
                    "550": "550 5.7.1 Message rejected by policy"}[action]
        if action == "drop-after-data":
            server.transport.close()  # type: ignore[union-attr]
            return "451 never seen"
        if self.data_delay:
            await asyncio.sleep(self.data_delay)
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)  # type: ignore[attr-defined,arg-type]
        with self.lock:
            self.received.append(Received(rcpt, message))  # type: ignore[arg-type]
            if self.spool is not None:
                n = len(self.received)
                (self.spool / f"{n:05d}.rcpt").write_text("\n".join(rcpt), encoding="utf-8")
                tmp = self.spool / f".{n:05d}.tmp"
                tmp.write_bytes(envelope.content)  # type: ignore[attr-defined,arg-type]
                tmp.rename(self.spool / f"{n:05d}.eml")  # a reader sees a whole message or none
        if action == "slow-after-data":
            await asyncio.sleep(self.slow)
        return "250 2.0.0 Ok: queued"


class _FaultySMTP(SMTP):
    recorder: Recorder

    async def _handle_client(self) -> None:
        with self.recorder.lock:
            slow = self.recorder.greeting_faults.pop(0) if self.recorder.greeting_faults else None
        if slow == "slow-greeting":
            await asyncio.sleep(self.recorder.slow)
        await super()._handle_client()

    async def smtp_DATA(self, arg: str) -> None:
        with self.recorder.lock:
            actions = next((self.recorder.faults.get(a.lower()) for a in self.envelope.rcpt_tos
                            if self.recorder.faults.get(a.lower())), None)
            if actions and actions[0] == "drop-at-data":
                actions.pop(0)
                self.transport.close()  # type: ignore[union-attr]
                return
        await super().smtp_DATA(arg)


def _authenticate(server: SMTP, session: object, envelope: object, mechanism: str, data: object) -> AuthResult:
    ok = isinstance(data, LoginPassword) and data.login.decode() == USER and data.password.decode() == PASSWORD
    return AuthResult(success=ok, handled=False)


class _Controller(Controller):
    def __init__(self, recorder: Recorder, context: ssl.SSLContext, port: int):
        self.recorder = recorder
        super().__init__(recorder, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                         authenticator=_authenticate, auth_required=True, auth_require_tls=True)

    def factory(self) -> SMTP:
        smtp = _FaultySMTP(self.handler, **self.SMTP_kwargs)
        smtp.recorder = self.recorder
        return smtp


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_server(pki: Pki, recorder: Recorder | None = None, port: int = 0) -> Iterator[tuple[int, Recorder]]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pki.cert_file, pki.key_file)
    recorder = recorder or Recorder()
    controller = _Controller(recorder, context, port or free_port())
    controller.start()
    try:
        yield controller.port, recorder
    finally:
        controller.stop()


def spooled(spool: Path) -> list[Received]:
    """The messages a server in another process wrote to `spool`, in the order received."""
    out = []
    for eml in sorted(spool.glob("*.eml")):
        rcpt = eml.with_suffix(".rcpt").read_text(encoding="utf-8").split("\n")
        out.append(Received(rcpt, BytesParser(policy=policy.default).parsebytes(eml.read_bytes())))  # type: ignore[arg-type]
    return out


def serve_forever(port: int, pki_dir: Path, spool: Path, data_delay: float) -> None:
    """`python -m tests.mail_support PORT PKI SPOOL DELAY`: the server in a process of its own."""
    import logging
    import time
    logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd's deprecation notes on every login
    pki = Pki(pki_dir / "ca.pem", pki_dir / "server.pem", pki_dir / "server.key")
    with smtp_server(pki, Recorder(spool=spool, data_delay=data_delay), port) as (bound, _):
        print(f"ready {bound}", flush=True)
        while True:
            time.sleep(3600)


# ---- archived periods with real PDFs ---------------------------------------------------------------

def pdf_bytes(lines: list[str]) -> bytes:
    """A small real PDF whose page prints `lines` (ASCII, Helvetica): pypdf and pdftotext read them back."""
    text = "".join(f"({line}) Tj 0 -16 Td " for line in lines)
    stream = f"BT /F1 12 Tf 72 760 Td {text}ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
               b"/Contents 5 0 R >>", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str
    total: str = "88.50"
    grade: str = "良好"


def people(n: int, prefix: str = "E", domain: str = "example.cn") -> list[Person]:
    return [Person(f"{prefix}{i:03d}", f"Staff {i:03d}", f"{prefix.lower()}{i:03d}@{domain}", f"{80 + i % 20}.50")
            for i in range(1, n + 1)]


def archive_period(folder: Path, archive_url: str, who: list[Person], period: str = "2026-10",
                   department: str = "客服部", pdf_of: dict[str, str] | None = None, run: str = "1") -> int:
    """Write each person's PDF (printing the 工号 of `pdf_of[id]`, by default their own) and a results.json,
    and archive it as kpi-report would; returns the revision number."""
    reports = folder / "个人报告"
    reports.mkdir(parents=True, exist_ok=True)
    files, employees = [], []
    for rank, p in enumerate(who, start=1):
        data = pdf_bytes(["Performance appraisal report", f"Employee ID {(pdf_of or {}).get(p.id, p.id)}",
                          f"Name {p.name}", f"Total {p.total}", f"Run {run}"])
        path = reports / f"{p.name}_{p.id}.pdf"
        path.write_bytes(data)
        files.append({"path": f"个人报告/{path.name}", "kind": "employee_pdf", "sha256": hashlib.sha256(data).hexdigest(),
                      "bytes": len(data), "employee_id": p.id, "report_id": f"KPI-{p.id}"})
        employees.append({"id": p.id, "name": p.name, "position": "客服", "department": department, "email": p.email,
                          "row": 6 + rank, "total": p.total, "grade": p.grade, "rank": rank, "team_size": len(who)})
    doc = {"schema_version": "1", "generator": {"version": "test"}, "lang": "zh", "file": f"{department}.xlsx",
           "sha256": hashlib.sha256(json.dumps(employees).encode() + run.encode()).hexdigest(), "status": "accepted",
           "key": {"company": "测试公司", "department": department, "period": period, "scheme_id": "test-scheme",
                   "scheme_version": "1", "scheme_hash": "h" * 64},
           "files": files, "team": {}, "employees": employees}
    (folder / "results.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with open_archive(archive_url) as archive:
        return archive.import_results(folder / "results.json")


def mail_env(port: int, pki: Pki, archive_url: str, **extra: str) -> dict[str, str]:
    """The configuration as environment variables, for the CLI in-process or as a child process."""
    return {"KPI_REPORT_MAIL_HOST": "127.0.0.1", "KPI_REPORT_MAIL_PORT": str(port), "KPI_REPORT_MAIL_USER": USER,
            "KPI_REPORT_SMTP_PASSWORD": PASSWORD, "KPI_REPORT_MAIL_FROM": SENDER,
            "KPI_REPORT_MAIL_CAFILE": str(pki.ca_file), "KPI_REPORT_MAIL_RATE": "0",
            "KPI_REPORT_MAIL_RETRY_WAIT": "0.01", "KPI_REPORT_MAIL_TIMEOUT": "5", "KPI_REPORT_ARCHIVE": archive_url,
            **extra}


if __name__ == "__main__":
    import sys
    serve_forever(int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), float(sys.argv[4]))
