"""Fuzzing: 500+ mutated workbooks through read, validate, appraise and the annotated copy, in-process.

The strategies (tests/fixtures/fuzz.py) build valid templates of every built-in scheme and
break them at the cell, XML, style and zip level. Every one must end as findings (or as an
accepted workbook), never as an exception, an "internal-error" or a failed annotated copy.
Derandomized: the same examples on every run, so a failure here is reproducible. The long
run (10,000, with timings and peak memory) is `make fuzz` (bench/fuzz.py).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

from generator.core.findings import Severity
from generator.pipeline import NOT_A_WORKBOOK, Settings, run_paths
from tests.fixtures.fuzz import base, check, registry, workbooks

CRASH_CODES = {"internal-error", "annotate-failed"}


@settings(max_examples=520, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
          suppress_health_check=list(HealthCheck))
@given(workbooks())
def test_fuzzed_workbooks_end_as_findings_never_a_crash(case: tuple[str, bytes]) -> None:
    _scheme_id, raw = case
    with tempfile.TemporaryDirectory() as tmp:
        result = check(raw, Path(tmp))
        assert not result.error, result.error
        assert not CRASH_CODES & set(result.codes), result.codes
        assert result.status in ("pending", "rejected"), result.status  # "pending": accepted, ready to render
        if result.status == "rejected":
            assert result.codes
            copies = list((Path(tmp) / "copies").glob("*.xlsx"))
            # The manager gets the annotated copy of every workbook; of a file that is no workbook
            # at all (empty, text) there is nothing to annotate (issue 12 item 10).
            assert len(copies) == (0 if NOT_A_WORKBOOK & set(result.codes) else 1), result.codes


def test_every_base_workbook_is_valid(tmp_path: Path) -> None:
    for scheme_id in registry().ids():
        result = check(base(scheme_id), tmp_path)
        assert result.status == "pending" and result.codes == [], (scheme_id, result)


@settings(max_examples=4, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
          suppress_health_check=list(HealthCheck))
@given(workbooks())
def test_fuzzed_workbooks_through_the_whole_run(case: tuple[str, bytes]) -> None:
    """A few through run_paths with real rendering: accepted ones get their reports, the rest findings."""
    _scheme_id, raw = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.xlsx"
        path.write_bytes(raw)
        summary = run_paths([path], Settings(out_dir=Path(tmp) / "o", schemes=registry(), jobs=1))
        outcome = summary.outcomes[0]
        assert not CRASH_CODES & {f.code for f in outcome.findings}
        if outcome.ok:
            assert outcome.outputs and all(o.path.is_file() for o in outcome.outputs)
        else:
            assert any(f.severity is Severity.ERROR for f in outcome.findings)
