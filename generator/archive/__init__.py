"""The archive: every accepted appraisal kept in a database (SQLite by default, PostgreSQL for big
organisations), in revisions that are never overwritten, with period sign-off. See docs/archive.md.

    from generator.archive import open_archive, subscriber
    with open_archive("output/archive.db") as archive:
        run_paths(paths, Settings(out_dir=out, subscribers=(subscriber(archive, lang),)))
"""

from generator.archive import inbox as _inbox  # noqa: F401  (its table belongs to Base.metadata)
from generator.archive import outbox_models as _outbox_models  # noqa: F401  (its table on Base.metadata)
from generator.archive.db import BUSY_TIMEOUT, open_archive, schema_head
from generator.archive.repository import Archive
from generator.archive.rows import (
    EXPORT_COLUMNS,
    Change,
    EmployeeRow,
    FileRow,
    PeriodSummary,
    RevisionInfo,
    SignOff,
    SignOffEntry,
    Values,
)
from generator.archive.subscriber import ArchiveSubscriber, subscriber

__all__ = ["BUSY_TIMEOUT", "EXPORT_COLUMNS", "Archive", "ArchiveSubscriber", "Change", "EmployeeRow", "FileRow",
           "PeriodSummary", "RevisionInfo", "SignOff", "SignOffEntry", "Values", "open_archive", "schema_head",
           "subscriber"]
