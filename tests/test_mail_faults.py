"""Server faults injected by the test SMTP server's handler: 421 and 451 replies, 550 for one message and
one recipient, a connection dropped at DATA and one dropped after the whole message, a server slower
than the timeout at the greeting and after the data. Every message ends sent exactly once, failed
with the server's reason, or unknown (never resent by itself, then resolved by a person); and an
encrypted attachment opens with the employee's password only."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from generator.archive import open_archive
from generator.cli import app
from generator.mail.outbox import Outbox
from tests.mail_support import Pki, Recorder, archive_period, mail_env, make_pki, people, smtp_server

runner = CliRunner()


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def smtp(pki: Pki) -> Iterator[tuple[int, Recorder]]:
    with smtp_server(pki) as running:
        yield running


def mail(env: dict[str, str], *args: str) -> tuple[int, str]:
    res = runner.invoke(app, ["mail", "2026-10", *args], env=env)
    return res.exit_code, res.output


def outbox(url: str) -> dict[str, tuple[str, int, str]]:
    with open_archive(url) as archive:
        return {r.employee_id: (r.shown_state, r.attempts, r.last_reply or "") for r in Outbox(archive.database).rows()}


def test_every_fault_ends_sent_once_failed_with_its_reason_or_unknown(smtp: tuple[int, Recorder], pki: Pki,
                                                                      tmp_path: Path) -> None:
    port, recorder = smtp
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    who = people(10)
    archive_period(tmp_path / "out", url, who)
    e = {p.id: p.email for p in who}
    recorder.slow = 2.0
    recorder.faults.update({
        e["E002"]: ["451", "451"],  # twice "try again later", then accepted
        e["E003"]: ["421"],  # the server closes the session; a new one delivers
        e["E004"]: ["550"],  # refused for good after DATA
        e["E005"]: ["550-rcpt"],  # no such mailbox
        e["E006"]: ["drop-at-data"],  # connection dropped at DATA: nothing was transmitted, so retried
        e["E007"]: ["drop-after-data"],  # dropped after the whole message, no answer (not delivered)
        e["E008"]: ["slow-after-data"],  # delivered, but the answer comes after the client's timeout
    })
    recorder.greeting_faults.append("slow-greeting")  # the very first connection greets too late
    env = mail_env(port, pki, url, KPI_REPORT_MAIL_TIMEOUT="1", KPI_REPORT_MAIL_RETRIES="3")
    code, output = mail(env, "--send")
    assert code == 1, output
    state = outbox(url)
    for emp in ("E001", "E002", "E003", "E006", "E009", "E010"):
        assert state[emp][0] == "sent" and len(recorder.to(e[emp])) == 1, (emp, state[emp])
    assert state["E002"][1] == 3 and state["E001"][1] == 1  # two 451s, then through
    assert state["E004"][0] == "failed" and "550 5.7.1" in state["E004"][2] and recorder.to(e["E004"]) == []
    assert state["E005"][0] == "failed" and "User unknown" in state["E005"][2] and recorder.to(e["E005"]) == []
    assert state["E007"][0] == "unknown" and recorder.to(e["E007"]) == []
    assert state["E008"][0] == "unknown" and len(recorder.to(e["E008"])) == 1
    assert output.count("[mail-unknown]") == 2 and output.count("[mail-failed]") == 2
    assert "状态不明 2" in output and "失败 2" in output

    # the next --send retries the failed ones and never resends an unknown one
    code, output = mail(env, "--send")
    assert code == 1 and "mail-unknown" in output, output
    state = outbox(url)
    assert state["E004"][0] == state["E005"][0] == "sent"
    assert state["E007"][0] == state["E008"][0] == "unknown"
    assert recorder.to(e["E007"]) == [] and len(recorder.to(e["E008"])) == 1
    code, output = mail(env, "--status")
    assert code == 1 and output.count("状态不明") == 2

    # a person checks the server: E008's arrived, E007's did not
    assert mail(env, "--resolve", "sent", "--employee", "E008")[0] == 0
    assert mail(env, "--resolve", "resend", "--employee", "E007")[0] == 0
    code, output = mail(env, "--send")
    assert code == 0, output
    for p in who:
        [got] = recorder.to(p.email)  # exactly one message each, their own PDF
        assert got.pdf_ids() == [p.id]
    assert {s for s, _, _ in outbox(url).values()} == {"sent"}


def test_an_encrypted_attachment_opens_with_the_employees_password_only(smtp: tuple[int, Recorder], pki: Pki,
                                                                        tmp_path: Path) -> None:
    port, recorder = smtp
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    who = people(3)
    archive_period(tmp_path / "out", url, who)
    roster = tmp_path / "roster.csv"
    ids = {"E001": "33010219900101123X", "E002": "330102199202024567", "E003": ""}  # E003: no ID number
    roster.write_text("工号,身份证号\n" + "".join(f"{k},{v}\n" for k, v in ids.items()), encoding="utf-8")
    env = mail_env(port, pki, url, KPI_REPORT_MAIL_ENCRYPT="true")
    code, output = mail(env, "--roster", str(roster), "--send")
    assert code == 1 and "mail-no-password" in output and "E003" in output, output
    assert recorder.to(who[2].email) == []
    for p in who[:2]:
        [got] = recorder.to(p.email)
        body = got.message.get_body(("plain",)).get_content()
        password = ids[p.id][-6:]
        assert "身份证号码的后六位" in body and password not in body
        assert password not in got.message.get_body(("html",)).get_content()
        data = next(got.message.iter_attachments()).get_content()
        reader = PdfReader(io.BytesIO(data))
        assert reader.is_encrypted and "/AESV3" in str(reader.trailer["/Encrypt"].get_object().get("/CF"))
        assert not reader.decrypt("")  # not without
        assert not PdfReader(io.BytesIO(data)).decrypt("123456")  # not with a wrong one
        assert got.pdf_ids(password) == [p.id]
        # and poppler agrees: pdftotext refuses it without the password and reads it with it
        pdf = tmp_path / f"{p.id}.pdf"
        pdf.write_bytes(data)
        assert subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True).returncode != 0
        text = subprocess.run(["pdftotext", "-upw", password, str(pdf), "-"], capture_output=True, text=True)
        assert text.returncode == 0 and f"Employee ID {p.id}" in text.stdout
