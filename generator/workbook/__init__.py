"""The standardized input workbook: write the template, read what managers type, validate, annotate.

Public API (used by the pipeline and the CLI):
    load_workbook_input(path, *, schemes=None, scheme=None, expected_period=None) -> LoadedWorkbook
    annotate(loaded, out_path, lang="zh") -> Path
"""

from __future__ import annotations

from generator.workbook.annotate import annotate
from generator.workbook.load import LoadedWorkbook, WorkbookHeader, load_workbook_input

__all__ = ["LoadedWorkbook", "WorkbookHeader", "annotate", "load_workbook_input"]
