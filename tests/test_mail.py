"""`kpi-report mail` against a real SMTP server (aiosmtpd on 127.0.0.1, STARTTLS with a CA and certificate
made here, AUTH): a batch where each recipient gets exactly one message carrying only their own PDF,
dry runs that send nothing, a certificate that does not verify, the wrong-PDF guard, rosters, and
corrections after a new revision."""

from __future__ import annotations

from collections.abc import Iterator
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.archive import open_archive
from generator.cli import app
from generator.mail.outbox import Outbox
from tests.mail_support import (
    Person,
    Pki,
    Recorder,
    archive_period,
    mail_env,
    make_pki,
    people,
    smtp_server,
)

runner = CliRunner()


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def server(pki: Pki) -> Iterator[tuple[int, Recorder]]:
    with smtp_server(pki) as running:
        yield running


@pytest.fixture
def smtp(server: tuple[int, Recorder]) -> tuple[int, Recorder]:
    port, recorder = server
    with recorder.lock:
        recorder.received.clear()
        recorder.faults.clear()
        recorder.greeting_faults.clear()
        recorder.data_delay = 0.0
    return server


def mail(env: dict[str, str], *args: str) -> tuple[int, str]:
    res = runner.invoke(app, ["mail", "2026-10", *args], env=env)
    return res.exit_code, res.output


def states(url: str) -> dict[str, str]:
    with open_archive(url) as archive:
        return {r.employee_id: r.shown_state for r in Outbox(archive.database).rows()}


def test_a_batch_of_50_each_gets_exactly_one_message_with_only_their_own_pdf(
        smtp: tuple[int, Recorder], pki: Pki, archive_url: str, tmp_path: Path) -> None:
    port, recorder = smtp
    who = people(50)
    archive_period(tmp_path / "out", archive_url, who)
    env = mail_env(port, pki, archive_url)
    code, output = mail(env, "--send")
    assert code == 0, output
    assert len(recorder.received) == 50
    for p in who:
        [got] = recorder.to(p.email)
        assert got.rcpt == [p.email]
        attachments = list(got.message.iter_attachments())
        assert [a.get_filename() for a in attachments] == [f"{p.name}_{p.id}.pdf"]
        assert got.pdf_ids() == [p.id]
        assert got.message["Message-ID"].startswith("<kpi.") and got.message["To"] == p.email
        body = got.message.get_body(("plain",)).get_content()
        assert "2026-10" in body and p.total in body and p.name in body
    assert set(states(archive_url).values()) == {"sent"}
    # a second --send sends nothing: everything is sent already
    code, output = mail(env, "--send")
    assert code == 0 and len(recorder.received) == 50, output
    code, output = mail(env)
    assert "已发送" in output and code == 0


def test_a_dry_run_writes_eml_files_and_the_server_receives_nothing(smtp: tuple[int, Recorder], pki: Pki,
                                                                     tmp_path: Path) -> None:
    port, recorder = smtp
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    who = people(3)
    archive_period(tmp_path / "out", url, who)
    code, output = mail(mail_env(port, pki, url), "--dry-run", str(tmp_path / "eml"), "--lang", "en")
    assert code == 0, output
    assert "3 messages written" in output
    assert recorder.received == [] and states(url) == {}
    for p in who:
        msg = BytesParser(policy=policy.default).parsebytes((tmp_path / "eml" / f"{p.name}_{p.id}.eml").read_bytes())
        assert msg["To"] == p.email and "Performance appraisal 2026-10" in msg["Subject"]
        assert "Grade: 良好" in msg.get_body(("plain",)).get_content()
        assert "<strong>" in msg.get_body(("html",)).get_content()
        [pdf] = list(msg.iter_attachments())
        assert pdf.get_content_type() == "application/pdf" and pdf.get_content()[:5] == b"%PDF-"


def test_a_certificate_that_does_not_verify_is_refused(smtp: tuple[int, Recorder], pki: Pki, tmp_path: Path) -> None:
    port, recorder = smtp
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    archive_period(tmp_path / "out", url, people(2))
    stranger = make_pki(tmp_path / "other-ca", name="Some other CA")  # the server's certificate is not from it
    code, output = mail(mail_env(port, pki, url, KPI_REPORT_MAIL_CAFILE=str(stranger.ca_file)), "--send")
    assert code == 1
    assert "mail-tls-failed" in output and "证书验证失败" in output
    assert recorder.received == []
    assert set(states(url).values()) == {"queued"}  # nothing was claimed: a later run sends them
    code, output = mail(mail_env(port, pki, url), "--send")
    assert code == 0 and len(recorder.received) == 2, output


def test_a_wrong_login_is_refused_and_nothing_is_sent(smtp: tuple[int, Recorder], pki: Pki, tmp_path: Path) -> None:
    port, recorder = smtp
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    archive_period(tmp_path / "out", url, people(2))
    code, output = mail(mail_env(port, pki, url, KPI_REPORT_SMTP_PASSWORD="wrong"), "--send")
    assert code == 1 and "mail-auth-failed" in output and recorder.received == []


def test_the_guard_refuses_a_pdf_of_someone_else_or_changed_after_archiving(smtp: tuple[int, Recorder], pki: Pki,
                                                                           tmp_path: Path) -> None:
    port, recorder = smtp
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    who = people(4)
    # E002's archived PDF prints E001's 工号: the hash matches the archive, the content is someone else's
    archive_period(tmp_path / "out", url, who, pdf_of={"E002": "E001"})
    edited = tmp_path / "out" / "个人报告" / f"{who[2].name}_{who[2].id}.pdf"
    edited.write_bytes(edited.read_bytes().replace(b"Total", b"T0tal"))  # E003's file edited after the run
    code, output = mail(mail_env(port, pki, url), "--send")
    assert code == 1
    assert "mail-pdf-wrong-employee" in output and "mail-pdf-changed" in output
    assert {r.rcpt[0] for r in recorder.received} == {who[0].email, who[3].email}
    assert recorder.to(who[1].email) == [] and recorder.to(who[2].email) == []
    assert all(r.pdf_ids() == [r.rcpt[0][:4].upper()] for r in recorder.received)


def test_the_roster_wins_and_people_without_an_address_are_listed(smtp: tuple[int, Recorder], pki: Pki,
                                                                 tmp_path: Path) -> None:
    port, recorder = smtp
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    who = [Person("E001", "张三", "old@example.cn"), Person("E002", "李四", ""), Person("E003", "王五", "w@example.cn"),
           Person("E004", "赵六", "z@example.cn")]
    archive_period(tmp_path / "out", url, who)
    roster = tmp_path / "名单.csv"  # GBK, as Chinese Excel saves it
    roster.write_bytes("工号,姓名,邮箱\nE001,张三,zhangsan@example.cn\nE004,赵六,w@example.cn\n".encode("gbk"))
    code, output = mail(mail_env(port, pki, url), "--roster", str(roster), "--send")
    assert code == 1, output  # the duplicate address is an error: neither E003 nor E004 is mailed
    assert "mail-no-address" in output and "李四" in output
    assert "mail-duplicate-address" in output
    assert [r.rcpt for r in recorder.received] == [["zhangsan@example.cn"]]


def test_a_changed_report_is_corrected_only_when_asked(smtp: tuple[int, Recorder], pki: Pki, archive_url: str,
                                                       tmp_path: Path) -> None:
    port, recorder = smtp
    who = people(3)
    env = mail_env(port, pki, archive_url)
    archive_period(tmp_path / "out", archive_url, who)
    assert mail(env, "--send")[0] == 0 and len(recorder.received) == 3
    # the period runs again: every PDF is rendered anew (new bytes), only E002's results changed
    changed = [who[0], Person(who[1].id, who[1].name, who[1].email, "61.00", "待改进"), who[2]]
    assert archive_period(tmp_path / "out", archive_url, changed, run="2") == 2
    code, output = mail(env, "--send")
    assert code == 0 and len(recorder.received) == 3, output
    assert "mail-correction-pending" in output and "E002" in output
    code, output = mail(env, "--send", "--corrections")
    assert code == 0, output
    assert len(recorder.received) == 4
    correction = recorder.received[-1]
    assert correction.rcpt == [who[1].email] and "【更正】" in correction.message["Subject"]
    assert "61.00" in correction.message.get_body(("plain",)).get_content()
    assert mail(env, "--send", "--corrections")[0] == 0 and len(recorder.received) == 4  # once
