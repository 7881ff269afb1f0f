"""The attachment guard and the attachment's lock.

Before a PDF goes into a message it is read once, and those very bytes are checked:
- their SHA-256 is the one the archive recorded for the revision (the file was not replaced or
  edited since the run archived it: mail-pdf-missing / mail-pdf-changed);
- the 工号 printed inside the PDF (pypdf's text of every page, "工号 PS1001" in a Chinese report,
  "Employee ID PS1001" in an English one) is the recipient's and nobody else's
  (mail-pdf-wrong-employee): a mix-up anywhere between the run and the mail cannot send one
  person's appraisal to another.

Then, when the configuration asks, the bytes are encrypted with AES-256 (pypdf through the
cryptography package) under the employee's own password; a random owner password keeps anyone
from lifting the restrictions.
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from generator.core.findings import Finding

# "工号 PS1001", "工号:PS1001", "Employee ID PS1001": the label the report templates print.
ID_RE = re.compile(r"(?:工号|Employee\s+ID)\s*[::]?\s*([A-Za-z0-9][A-Za-z0-9_\-./]*)")


@dataclass(frozen=True)
class Attachment:
    path: Path
    data: bytes  # the checked bytes, before any encryption
    sha256: str


def ids_in_pdf(data: bytes) -> set[str]:
    """Every 工号 the PDF prints next to its label."""
    reader = PdfReader(io.BytesIO(data))
    found: set[str] = set()
    for page in reader.pages:
        found.update(ID_RE.findall(page.extract_text() or ""))
    return found


def checked(path: Path, sha256: str, employee_id: str) -> tuple[Attachment | None, Finding | None]:
    """The PDF's bytes if they are the archived ones and carry this employee's 工号, else why not."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, Finding(code="mail-pdf-missing", file=str(path), value=employee_id,
                             message=f"{employee_id} 的个人报告不存在或无法读取({type(error).__name__})",
                             message_en=f"the report of {employee_id} is missing or unreadable ({type(error).__name__})")
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        return None, Finding(code="mail-pdf-changed", file=str(path), value=digest[:12],
                             message=f"{employee_id} 的个人报告在存档后被改动(SHA-256 {digest[:12]}…,存档为 {sha256[:12]}…),不会发送",
                             message_en=f"the report of {employee_id} changed after it was archived (SHA-256 "
                                        f"{digest[:12]}…, archived {sha256[:12]}…); it is not sent")
    try:
        ids = ids_in_pdf(data)
    except (PyPdfError, ValueError, KeyError, OSError) as error:
        ids = set()
        detail = f"{type(error).__name__}: {error}"
    else:
        detail = ""
    if ids != {employee_id}:
        shown = "、".join(sorted(ids)) or "无" if not detail else detail
        shown_en = ", ".join(sorted(ids)) or "none" if not detail else detail
        return None, Finding(code="mail-pdf-wrong-employee", file=str(path), value=shown_en,
                             message=f"发给 {employee_id} 的 PDF 里的工号是 {shown},与收件人不符,拒绝发送",
                             message_en=f"the PDF for {employee_id} carries 工号 {shown_en}, not the recipient's; refused")
    return Attachment(path=path, data=data, sha256=digest), None


def encrypt(data: bytes, password: str) -> bytes:
    """The PDF locked with AES-256: it opens with `password` only."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=secrets.token_urlsafe(24), algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


__all__ = ["ID_RE", "Attachment", "checked", "encrypt", "ids_in_pdf"]
