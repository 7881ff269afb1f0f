"""The archive with the real pipeline, on SQLite and a real PostgreSQL server: the subscriber archives
accepted workbooks only, results.json written before the archive existed is imported, and the two
recognise each other."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.archive import open_archive, subscriber
from generator.core.findings import KpiError
from generator.pipeline import Settings, run_paths
from generator.store.results import NAME as RESULTS_JSON
from tests.archive_support import Clock
from tests.report_support import PRESALES, presales_rows, presales_workbook

DEPT, PERIOD, SCHEME = "客服部", "2024-05", "presales-ecommerce"


def broken_workbook(path: Path) -> Path:
    rows = presales_rows()
    rows[1].values = {**rows[1].values, "inquiries": "很多"}
    return presales_workbook(path, department="售后部", rows=rows)


def changed_workbook(path: Path) -> Path:
    """E004 answers faster (65 s → 45 s): only E004's total and pay change (23.00 → 27.00)."""
    people = [tuple(p[:9]) + (45,) + tuple(p[10:]) if p[0] == "E004" else p for p in PRESALES]
    return presales_workbook(path, rows=presales_rows(people))


@pytest.fixture(scope="module")
def old_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report folder written by a run without any archive."""
    root = tmp_path_factory.mktemp("old-run")
    presales_workbook(root / "in" / "客服部.xlsx")
    summary = run_paths([root / "in"], Settings(out_dir=root / "out", jobs=1))
    (outcome,) = summary.accepted
    assert outcome.folder is not None
    return outcome.folder


def test_importing_an_old_results_json_archives_it_exactly(archive_url: str, old_run: Path, tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(old_run, folder)
    doc = json.loads((folder / RESULTS_JSON).read_text(encoding="utf-8"))
    with open_archive(archive_url, clock=Clock()) as archive:
        assert archive.import_results(folder / RESULTS_JSON) == 1
        (info,) = archive.revisions(DEPT, PERIOD)
        assert (info.source, info.scheme_id, info.input_sha256, info.input_name, info.employees) == (
            "import", SCHEME, doc["sha256"], "客服部.xlsx", 5)
        rows = archive.period_results(DEPT, PERIOD)
        assert [r.result() for r in rows] == doc["employees"]  # every number and its working, as written
        assert [(r.employee_id, f"{r.total:f}", r.grade, r.rank) for r in rows] == [
            (e["id"], e["total"], e["grade"], e["rank"]) for e in doc["employees"]]
        files = {Path(f.path).name: f for f in archive.files(DEPT, PERIOD, SCHEME)}
        for f in doc["files"]:
            assert files[Path(f["path"]).name].sha256 == f["sha256"]
            assert Path(files[Path(f["path"]).name].path) == (folder / f["path"]).resolve()
        assert files[RESULTS_JSON].kind == "results"
        assert archive.import_results(folder) == 1  # the folder works too; the same results are not doubled
        assert len(archive.revisions(DEPT, PERIOD)) == 1
        assert archive.team(DEPT, PERIOD, SCHEME) == doc["team"]


@pytest.mark.parametrize("content, problem", [
    ("{not json", "JSON"),
    ('{"schema_version": "2"}', "schema_version"),
    ('{"schema_version": "1", "status": "rejected"}', "rejected"),
    ('{"schema_version": "1", "status": "accepted", "key": {"department": "x"}, "employees": []}', "employees"),
    ('{"schema_version": "1", "status": "accepted", "key": {"company": "c", "department": "d", "period": "p",'
     ' "scheme_id": "s", "scheme_version": "1"}, "employees": [{"id": "E1", "total": 1.5}]}', "1.5"),
])
def test_importing_something_that_is_not_a_results_json_is_a_clear_error(archive_url: str, tmp_path: Path,
                                                                          content: str, problem: str) -> None:
    path = tmp_path / RESULTS_JSON
    path.write_text(content, encoding="utf-8")
    with open_archive(archive_url) as archive:
        with pytest.raises(KpiError) as e:
            archive.import_results(path)
        f = e.value.findings[0]
        assert f.code == "archive-import-invalid" and problem in f.message and "results.json" in f.hint
        with pytest.raises(KpiError):
            archive.import_results(tmp_path / "missing")
        assert archive.list_periods() == []


def test_the_subscriber_archives_accepted_workbooks_only_through_a_real_run(archive_url: str,
                                                                             tmp_path: Path) -> None:
    presales_workbook(tmp_path / "in" / "客服部.xlsx")
    broken_workbook(tmp_path / "in" / "售后部.xlsx")
    with open_archive(archive_url, clock=Clock()) as archive:
        saver = subscriber(archive)
        settings = Settings(out_dir=tmp_path / "out", jobs=1, subscribers=(saver,))
        summary = run_paths([tmp_path / "in"], settings)
        status = {o.path.name: o.status for o in summary.outcomes}
        assert status == {"客服部.xlsx": "accepted", "售后部.xlsx": "rejected"}
        (accepted,) = summary.accepted
        assert saver.saved == {str(accepted.path): 1}
        assert [(p.department, p.period, p.revisions) for p in archive.list_periods()] == [(DEPT, PERIOD, 1)]
        rows = archive.period_results(DEPT, PERIOD)
        assert [(r.employee_id, r.total) for r in rows] == [(r.employee.id, r.total) for r in accepted.team.employees]
        archived = {f.path: f.sha256 for f in archive.files(DEPT, PERIOD, SCHEME)}
        assert {str(o.path): o.sha256 for o in accepted.outputs}.items() <= archived.items()
        # the run's own results.json, imported later, is recognised as the same appraisal
        assert archive.import_results(accepted.folder) == 1

        # a closed period refuses the next run's results: the workbook fails, its reports stay, nothing is stored
        archive.close(DEPT, PERIOD, by="王主管")
        (shutil.rmtree(tmp_path / "in"), changed_workbook(tmp_path / "in" / "客服部.xlsx"))
        refused = run_paths([tmp_path / "in"], settings).outcomes[0]
        assert refused.status == "failed" and [f.code for f in refused.findings] == ["subscriber-failed"]
        assert "王主管" in refused.findings[0].value and all(o.path.is_file() for o in refused.outputs)
        assert len(archive.revisions(DEPT, PERIOD)) == 1

        # reopened, the same run becomes revision 2, and diff names exactly the employee who changed
        archive.reopen(DEPT, PERIOD, by="王主管", reason="E004 的响应时间录入有误")
        again = run_paths([tmp_path / "in"], settings).outcomes[0]
        assert again.status == "accepted" and saver.saved[str(again.path)] == 2
        (change,) = archive.diff(DEPT, PERIOD)
        assert (change.employee_id, change.fields, f"{change.old.total:f}", f"{change.new.total:f}") == (
            "E004", ("total", "pay"), "23.00", "27.00")
        assert [(x.action, x.by) for x in archive.signoff_log(DEPT, PERIOD)] == [("close", "王主管"),
                                                                                  ("reopen", "王主管")]
