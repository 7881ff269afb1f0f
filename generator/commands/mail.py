"""`kpi-report mail PERIOD`: each employee's PDF of the archive's current revision, by e-mail.

    kpi-report mail 2026-10                         the plan: who gets what, and who cannot
    kpi-report mail 2026-10 --dry-run mails/        every message as an .eml file; nothing is sent
    kpi-report mail 2026-10 --send                  send what is not sent yet
    kpi-report mail 2026-10 --status                the outbox (a `sending` row shows as unknown)
    kpi-report mail 2026-10 --resolve sent|resend   decide on unknown messages (--employee to pick)

Exit codes: 0 done, 1 something was not sent (failed, unknown, refused, batch stopped) or nothing
is archived, 2 usage error or bad configuration.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from generator.commands.archive import ArchiveOption, DepartmentOption, PeriodArg, _period, _table, opened
from generator.commands.options import ConfigOption, LangOption, OutOption, print_findings, settings_from
from generator.core.findings import KpiError, Severity
from generator.core.text import t

# generator.mail reaches the archive (SQLAlchemy, Alembic): imported when mail is sent, not at every start-up
if TYPE_CHECKING:
    from generator.mail import Plan

RosterOption = Annotated[Path | None, typer.Option("--roster", help="工号→邮箱名单 xlsx/csv,优先于工作簿 / "
                                                   "roster 工号 → 邮箱, wins over the workbook")]


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"


def _plan_table(plan: Plan, lang: str) -> list[list[str]]:
    rows = []
    for i in plan.items:
        name = Path(i.file.path).name if i.file else ""
        size = _size(len(i.attachment.data)) if i.attachment else (_size(i.file.bytes) if i.file else "")
        rows.append([i.employee_id, i.employee.name, i.address.address or "—", name, size,
                     t(f"mail.status_{i.status}", lang) + (t("mail.correction_mark", lang) if i.kind == "correction"
                                                            and i.status != "sent" else "")])
    return rows


def _show_plan(console: Console, plan: Plan, lang: str) -> bool:
    """The table and every problem; True when something is refused for an error or awaits a decision."""
    heads = [t(f"mail.col_{k}", lang) for k in ("id", "name", "address", "attachment", "size", "status")]
    console.print(_table(heads, _plan_table(plan, lang)))
    problems = plan.findings + [f for i in plan.items for f in i.problems]
    print_findings(problems, lang, console)
    # an unknown delivery needs a person's decision: a script must notice it as much as an error
    return any(f.severity is Severity.ERROR for f in problems) or plan.count("unknown") > 0


def register(app: typer.Typer) -> None:
    @app.command("mail")
    def mail(period: PeriodArg, department: DepartmentOption = None,
             dry_run_dir: Annotated[Path | None, typer.Option("--dry-run", file_okay=False, help=(
                 "把每封邮件写成 .eml 文件放进该文件夹,不发送 / write every message as an .eml file there; send nothing"))] = None,
             do_send: Annotated[bool, typer.Option("--send", help="发送尚未发送的邮件 / send what is not sent yet")] = False,
             status: Annotated[bool, typer.Option("--status", help="列出发件箱 / list the outbox")] = False,
             resolve: Annotated[str | None, typer.Option("--resolve", help=(
                 "处理状态不明的邮件:sent(已送达)或 resend(重发) / decide on unknown messages: sent or resend"))] = None,
             employee: Annotated[list[str] | None, typer.Option("--employee", help="只处理这些工号(可多次) / only these "
                                                                "employee IDs (repeatable)")] = None,
             corrections: Annotated[bool, typer.Option("--corrections", help=(
                 "报告改过的员工发送更正邮件 / send a correction to those whose report changed"))] = False,
             insecure: Annotated[bool, typer.Option("--insecure", help=(
                 "不验证服务器证书(会显示警告) / do not verify the server's certificate (warned)"))] = False,
             roster: RosterOption = None, archive: ArchiveOption = None, out: OutOption = None,
             lang: LangOption = None, config: ConfigOption = None) -> None:
        """把个人报告 PDF 发给每位员工,每人一封且只发一次 / mail each employee their own PDF, exactly once."""
        from generator.mail import (
            Connection,
            Outbox,
            dry_run,
            mail_options,
            make_plan,
            read_roster,
            send,
            smtp_settings,
            warnings,
        )

        cfg = settings_from(config, {"lang": lang, "archive.url": archive, "out": out, "mail.roster": roster})
        lg = cfg.lang
        console, errors = Console(highlight=False), Console(stderr=True, highlight=False)
        chosen = sum(bool(x) for x in (dry_run_dir, do_send, status, resolve))
        if chosen > 1:
            raise typer.BadParameter(t("mail.one_action", lg))
        if resolve is not None and resolve not in ("sent", "resend"):
            raise typer.BadParameter(t("mail.bad_resolve", lg, given=resolve), param_hint="--resolve")
        period = _period(period, lg)
        the_roster = None
        if cfg.mail.roster is not None:
            the_roster, found = read_roster(cfg.mail.roster)
            print_findings(found, lg, errors)
            if the_roster is None:
                raise typer.Exit(1)
        with opened(cfg) as db:
            outbox = Outbox(db.database)
            if status or resolve:
                rows = [r for r in outbox.rows(department, period) if not employee or r.employee_id in employee]
                if resolve:
                    unknown = [r.id for r in rows if r.state == "sending"]
                    n = outbox.resolve(unknown, resolve, f"resolved by a person: {resolve}")
                    console.print(t("mail.resolved", lg, n=n, decision=resolve))
                    rows = [r for r in outbox.rows(department, period) if not employee or r.employee_id in employee]
                heads = [t(f"mail.col_{k}", lg) for k in ("id", "address", "kind", "status", "attempts", "updated",
                                                         "reply")]
                console.print(_table(heads, [[r.employee_id, r.address, r.kind, t(f"mail.state_{r.shown_state}", lg),
                                              str(r.attempts), r.updated_at.strftime("%Y-%m-%d %H:%M:%S"),
                                              (r.last_reply or "")[:80]] for r in rows]))
                raise typer.Exit(1 if any(r.state in ("sending", "failed") for r in rows) else 0)
            try:
                plan = make_plan(db, period, department=department, roster=the_roster, corrections=corrections,
                                 encrypt=cfg.mail.encrypt, password_rule=cfg.mail.pdf_password)
            except KpiError as exc:
                print_findings(exc.findings, lg, errors)
                raise typer.Exit(1) from None
            refused = _show_plan(console, plan, lg)
            if plan.findings and not plan.items:
                raise typer.Exit(1)
            options = mail_options(cfg, lg)
            try:
                if dry_run_dir is not None:
                    written = dry_run(plan, dry_run_dir, options)
                    console.print(t("mail.dry_run_done", lg, n=len(written), folder=str(dry_run_dir)))
                    raise typer.Exit(1 if refused else 0)
                if not do_send:
                    console.print(t("mail.plan_only", lg, n=len(plan.sendable())))
                    raise typer.Exit(1 if refused else 0)
                settings = smtp_settings(cfg, insecure)
            except KpiError as exc:
                print_findings(exc.findings, lg, errors)
                raise typer.Exit(1 if exc.findings[0].code == "mail-template-error" else 2) from None
            print_findings(warnings(cfg, insecure), lg, errors)
            todo = len(plan.sendable())
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=errors,
                          transient=True, disable=todo == 0) as bar:
                task = bar.add_task(t("mail.sending", lg), total=todo)
                report = send(plan, outbox, Connection(settings), options, on_done=lambda _r: bar.advance(task))
            print_findings(report.findings(), lg, console)
            print_findings(report.stopped, lg, errors)
            console.print(t("mail.summary", lg, sent=report.count("sent"), failed=report.count("failed"),
                            unknown=report.count("unknown"), queued=report.count("queued"),
                            skipped=report.count("skipped")), style="bold")
            bad = report.stopped or any(r.state != "sent" for r in report.results)
            raise typer.Exit(1 if bad or refused else 0)


__all__ = ["register"]
