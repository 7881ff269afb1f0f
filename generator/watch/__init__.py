"""The drop folder (`kpi-report watch`): every workbook dropped into an inbox processed exactly once.

    ignore.py     which names are workbooks, which are Excel/WPS/LibreOffice helpers and temp files
    stability.py  when a file is finished (quiet period, close-write, owner files, open writers)
    claim.py      holding a file (flock) and moving it without ever replacing another
    journal.py    the journal in the archive database (archive/inbox.py): claim before, finish after
    folders.py    the inbox's folders (处理中/, 已处理/, 退回/) and the notes handed back
    events.py     watchdog's native or polling observer, as hints to the tracker
    service.py    the loop: recover, scan, take each finished file, stop cleanly on SIGTERM
    workers.py    render workers that ignore SIGTERM and die with the service
    log.py        one log line per event, text or JSON

See docs/watch.md.
"""

# Nothing is imported here: the journal reaches the archive's SQLAlchemy, and `kpi-report` imports
# this package at every start-up (import the modules above by name).
