"""绩效考核报告生成器 — KPI appraisal report generator for customer-service teams.

The public API, what the `kpi-report` command itself calls:

    load_scheme(ref, schemes_dirs=())      a built-in id, an id in your folders, or a YAML file → Scheme
    read_workbook(path, ...)               read and validate one input workbook → LoadedWorkbook (findings, rows)
    appraise(loaded)                       compute every employee once → Appraisal (team results or findings)
    run(paths, out_dir, ...)               the whole job: read, appraise, render reports → RunSummary
    validate(paths, ...)                   read and appraise only, annotate bad workbooks → RunSummary

Results carry exact Decimals; `generator.store.results.run_document(summary, lang, command)` turns a
RunSummary into the JSON document of `run --json`. Imports are lazy so `import generator` stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from generator.appraisal import Appraisal
    from generator.pipeline import RunSummary
    from generator.scheme.model import Scheme
    from generator.workbook import LoadedWorkbook


def load_scheme(ref: str | Path, schemes_dirs: Sequence[Path] = ()) -> Scheme:
    """A scheme by id (your folders first, then the built-ins) or from a YAML file; KpiError lists every problem."""
    from generator.scheme.registry import SchemeRegistry

    return SchemeRegistry.from_dirs(schemes_dirs).resolve(str(ref))


def read_workbook(path: str | Path, *, schemes_dirs: Sequence[Path] = (), scheme: Scheme | None = None,
                  expected_period: str | None = None) -> LoadedWorkbook:
    """Read and validate one workbook; never raises for a bad file: problems are `loaded.findings`."""
    from generator.scheme.registry import SchemeRegistry
    from generator.workbook import load_workbook_input

    return load_workbook_input(Path(path), schemes=SchemeRegistry.from_dirs(schemes_dirs), scheme=scheme,
                               expected_period=expected_period)


def appraise(loaded: LoadedWorkbook) -> Appraisal:
    """Score, rank and settle every employee of a read workbook, once; `appraisal.team` is None if it has errors."""
    from generator.appraisal import appraise as _appraise

    return _appraise(loaded)


def _settings(out_dir: str | Path, schemes_dirs: Sequence[Path], **options: Any) -> Any:
    from generator.pipeline import Settings
    from generator.scheme.registry import SchemeRegistry

    return Settings(out_dir=Path(out_dir), schemes=SchemeRegistry.from_dirs(schemes_dirs), **options)


def run(paths: Iterable[str | Path], out_dir: str | Path = "output", *, schemes_dirs: Sequence[Path] = (),
        **options: Any) -> RunSummary:
    """Everything `kpi-report run` does; `options` are `generator.pipeline.Settings` fields (lang, jobs, subscribers …)."""
    from generator.pipeline import run_paths

    return run_paths([Path(p) for p in paths], _settings(out_dir, schemes_dirs, **options))


def validate(paths: Iterable[str | Path], *, schemes_dirs: Sequence[Path] = (), annotate_dir: str | Path | None = None,
             **options: Any) -> RunSummary:
    """Everything `kpi-report validate` does: no reports, annotated copies of bad workbooks (beside them by default)."""
    from generator.pipeline import validate_paths

    settings = _settings(".", schemes_dirs, annotate_dir=Path(annotate_dir) if annotate_dir else None, **options)
    return validate_paths([Path(p) for p in paths], settings)


__all__ = ["__version__", "appraise", "load_scheme", "read_workbook", "run", "validate"]
