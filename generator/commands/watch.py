"""`kpi-report watch [INBOX...] [--out DIR] [--archive URL] [--poll S] [--once] [--status]`: the drop folder.

Every workbook dropped into INBOX is processed like `run` (archive included) exactly once, and handed
back in INBOX/已处理/ or INBOX/退回/ (docs/watch.md). Exit codes: 0 stopped cleanly (or, with --once,
everything accepted); 1 the archive cannot be opened, or with --once a workbook was rejected or
failed; 2 usage error (no inbox, not a folder, bad setting).
"""

from __future__ import annotations

import json
import os
import socket
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from generator.commands.archive import ArchiveOption, archived, opened
from generator.commands.options import (
    ConfigOption,
    JobsOption,
    LangOption,
    OutOption,
    SchemesDirOption,
    WaitOption,
    schemes_from,
    settings_from,
)
from generator.core.config import Config
from generator.core.text import t
from generator.pipeline import Settings
from generator.watch.folders import Inbox
from generator.watch.ignore import scan
from generator.watch.log import EventLog


def _inboxes(cfg: Config, err: Console) -> list[Inbox]:
    if not cfg.inbox:
        err.print(f"[red]{escape(t('watch.no_inbox', cfg.lang))}[/]")
        raise typer.Exit(2)
    for folder in cfg.inbox:
        if not folder.is_dir():
            err.print(f"[red]{escape(t('watch.not_a_folder', cfg.lang, path=folder))}[/]")
            raise typer.Exit(2)
    return [Inbox.at(p, cfg.done_dir, cfg.returned_dir) for p in cfg.inbox]


def _status(cfg: Config, inboxes: list[Inbox], as_json: bool) -> None:
    from generator.watch.journal import Journal  # the archive's SQLAlchemy: only when it is opened

    today = datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
    with opened(cfg) as archive:
        journal = Journal(archive.database, owner="status")
        status = journal.status([i.root for i in inboxes], today)
    waiting = [p for i in inboxes for p in scan(i.root, cfg.recursive, i.skip(cfg.out))]
    lang = cfg.lang
    data = {"inboxes": [str(i.root) for i in inboxes], "waiting": [str(p) for p in waiting],
            "in_progress": [e.name for e in status.in_progress], "accepted_today": status.done_today,
            "rejected_today": status.rejected_today, "duplicates_today": status.duplicates_today,
            "failed_today": status.failed_today,
            "last_error": None if status.last_error is None else {
                "file": status.last_error.name, "message": (status.last_error_message or "").strip()}}
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    con = Console(highlight=False)
    for inbox in inboxes:
        con.print(escape(t("watch.status_title", lang, inbox=inbox.root)))
    rows = [("status_waiting", len(waiting), ", ".join(p.name for p in waiting)),
            ("status_in_progress", len(status.in_progress), ", ".join(e.name for e in status.in_progress)),
            ("status_done_today", status.done_today, ""), ("status_rejected_today", status.rejected_today, ""),
            ("status_duplicates_today", status.duplicates_today, ""), ("status_failed_today", status.failed_today, "")]
    for key, n, names in rows:
        con.print(escape(f"  {t('watch.' + key, lang)}: {n}" + (f"  ({names})" if names else "")))
    last = data["last_error"]
    shown = t("watch.status_none", lang) if last is None else f"{last['file']}: {last['message'].splitlines()[0]}"
    con.print(escape(f"  {t('watch.status_last_error', lang)}: {shown}"))


def register(app: typer.Typer) -> None:
    @app.command("watch")
    def watch(
        inbox: Annotated[list[Path] | None, typer.Argument(help="投递文件夹(默认取配置 watch.inbox)/ drop folders "
                                                                "(default: watch.inbox from the configuration)")] = None,
        out: OutOption = None,
        archive: ArchiveOption = None,
        poll: Annotated[float | None, typer.Option("--poll", help="每隔多少秒轮询一次(网络共享用)/ poll every S "
                                                   "seconds (network shares)")] = None,
        quiet: Annotated[float | None, typer.Option("--quiet-seconds", help="文件静置多少秒后才处理 / seconds a file "
                                                    "must stay unchanged")] = None,
        recursive: Annotated[bool | None, typer.Option("--recursive/--no-recursive", help="也监视子文件夹 / watch "
                                                       "sub-folders too")] = None,
        rescan: Annotated[float | None, typer.Option("--rescan-seconds", help="完整扫描的间隔秒数 / seconds between "
                                                     "full scans")] = None,
        stuck: Annotated[float | None, typer.Option("--stuck-seconds", help="文件多久仍未完成就报告 / report a file "
                                                    "still unfinished after S seconds")] = None,
        done_dir: Annotated[Path | None, typer.Option("--done-dir", help="已处理的工作簿放在这里 / where processed "
                                                      "workbooks go (default INBOX/已处理)")] = None,
        returned_dir: Annotated[Path | None, typer.Option("--returned-dir", help="退回的工作簿放在这里 / where rejected "
                                                          "workbooks go (default INBOX/退回)")] = None,
        log_json: Annotated[bool | None, typer.Option("--log-json/--log-text", help="日志为 JSON 行 / log JSON "
                                                      "lines")] = None,
        once: Annotated[bool, typer.Option("--once", help="处理现有文件后退出(供 cron)/ process what is there, "
                                           "then exit (for cron)")] = False,
        status: Annotated[bool, typer.Option("--status", help="显示队列状态 / show the queue")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="--status 输出 JSON / --status as JSON")] = False,
        lang: LangOption = None,
        jobs: JobsOption = None,
        wait: WaitOption = None,
        schemes_dir: SchemesDirOption = None,
        config: ConfigOption = None,
    ) -> None:
        """监视投递文件夹:每个放入的工作簿处理且只处理一次 / watch drop folders: every workbook dropped in is
        processed exactly once (docs/watch.md)."""
        cfg = settings_from(config, {
            "watch.inbox": inbox, "out": out, "archive.url": archive, "watch.poll": poll,
            "watch.quiet_seconds": quiet, "watch.recursive": recursive, "watch.rescan_seconds": rescan,
            "watch.stuck_seconds": stuck, "watch.done": done_dir, "watch.returned": returned_dir,
            "watch.log_json": log_json, "lang": lang, "jobs": jobs, "wait": wait, "schemes_dirs": schemes_dir})
        from generator.watch.journal import Journal
        from generator.watch.service import Watcher, WatchOptions
        from generator.watch.workers import ServiceRenderer

        err = Console(stderr=True, highlight=False)
        boxes = _inboxes(cfg, err)
        if status:
            _status(cfg, boxes, as_json)
            raise typer.Exit(0)
        registry, _ = schemes_from(cfg)
        settings = Settings(out_dir=cfg.out, lang=cfg.lang, jobs=cfg.jobs, lock_wait=cfg.wait, schemes=registry)
        log = EventLog(cfg.lang, cfg.log_json)
        options = WatchOptions(quiet=cfg.quiet_seconds, poll=cfg.poll, recursive=cfg.recursive,
                               rescan=cfg.rescan_seconds, stuck=cfg.stuck_seconds, once=once)
        # Workers fork first: before the archive's connections and the observer's thread exist.
        with ServiceRenderer(cfg.jobs) as renderer, archived(cfg, settings) as (settings, hooks):
            assert hooks is not None
            journal = Journal(hooks.archive.database, owner=f"{socket.gethostname()}:{os.getpid()}")
            watcher = Watcher(boxes, options, settings, journal, log, renderer, hooks)
            mode = t("watch.mode_poll", cfg.lang, seconds=cfg.poll) if cfg.poll else t("watch.mode_events", cfg.lang)
            log("started", inboxes=", ".join(str(b.root) for b in boxes), mode=mode, quiet=cfg.quiet_seconds,
                out=cfg.out, archive=hooks.archive.where)
            try:
                code = watcher.serve()
            except KeyboardInterrupt:
                code = 130
        if watcher.observer_stuck:
            # A watchdog thread still inside a callback at interpreter shutdown can abort the process
            # ("Fatal Python error: Aborted"); everything is finished and closed, so leave without finalizing.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        raise typer.Exit(code)
