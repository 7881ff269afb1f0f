"""One way to print what `run` and `validate` found: a line per workbook, a findings table, a summary.

The same RunSummary also becomes JSON (`--json`, generator/store/results.py); this module is
only the terminal rendering of it.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from generator.core.findings import Finding, Severity
from generator.core.text import t
from generator.events import Event, Subscriber, WorkbookAccepted, WorkbookRejected
from generator.pipeline import RunSummary, WorkbookOutcome
from generator.store.layout import INCOMPLETE


def findings_table(findings: list[Finding], lang: str) -> Table:
    table = Table(show_lines=False, expand=False, box=None, padding=(0, 1, 0, 4))
    for head in (t("print.where", lang), t("print.sev", lang), t("print.msg", lang), t("print.value", lang),
                 t("print.hint", lang)):
        table.add_column(head, overflow="fold")
    for f in findings:
        style = "red" if f.severity is Severity.ERROR else "yellow"
        table.add_row(escape(f.where or f.file), f"[{style}]{t('print.error' if f.severity is Severity.ERROR else 'print.warning', lang)}[/]",
                      f"[{style}]{escape(f.text(lang))}[/]", escape(f.value), escape(f.hint_text(lang)))
    return table


def progress_lines(console: Console, lang: str, command: str = "run") -> Subscriber:
    """A subscriber printing one line per workbook as it finishes: for a run piped or logged,
    where a progress bar draws nothing and the summary would otherwise come only at the end."""

    def on(event: Event) -> None:
        if isinstance(event, (WorkbookAccepted, WorkbookRejected)):
            console.print(headline(event.outcome, lang, command), soft_wrap=True, highlight=False)
            console.file.flush()

    return on


def headline(o: WorkbookOutcome, lang: str, command: str) -> str:
    name = escape(str(o.path))
    errors = sum(1 for f in o.findings if f.severity is Severity.ERROR)
    warnings = len(o.findings) - errors
    if o.status == "accepted":
        state = t("print.clean", lang) if not warnings else t("print.warnings", lang, w=warnings)
        line = f"[green]✓[/] {name} — {t('print.ok', lang)}, {o.employees} {t('print.employees', lang)}"
        if command == "run" and o.folder is not None:
            return f"{line} → {escape(str(o.folder))}"
        return f"{line}; {state}"
    word = t("print.failed", lang) if o.status == "failed" else t("print.bad", lang)
    return f"[red]✗[/] {name} — {word}: {t('print.errors', lang, e=errors, w=warnings)}"


def print_summary(console: Console, summary: RunSummary, lang: str, command: str = "run",
                  announced: bool = False) -> None:
    """`announced`: each workbook's line was already printed as it finished (progress_lines);
    only those with something more to say are repeated, above their findings."""
    for o in summary.outcomes:
        if announced and not (o.findings or o.dropped or o.annotated):
            continue
        console.print(headline(o, lang, command), soft_wrap=True)
        if o.findings:
            console.print(findings_table(o.findings, lang))
        if o.dropped:
            console.print("    " + t("print.dropped", lang, n=o.dropped))
        if o.annotated:
            console.print(f"    {t('print.annotated', lang)}: {escape(str(o.annotated))}", soft_wrap=True)
    counts = {"n": len(summary.outcomes), "a": len(summary.accepted), "r": len(summary.rejected),
              "e": summary.employees}
    if command == "run":
        console.print(t("print.run_summary", lang, s=summary.seconds, **counts), style="bold")
        if summary.interrupted:
            unfinished = len(summary.rejected) - sum(1 for o in summary.outcomes if o.status == "rejected")
            console.print(t("stale.interrupted", lang, a=len(summary.accepted), n=unfinished + summary.unread,
                            note=INCOMPLETE), style="bold red", soft_wrap=True)
    else:
        console.print(t("print.validate_summary", lang, **counts), style="bold")
