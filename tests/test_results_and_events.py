"""Results as data (run --json, results.json), announcements to subscribers, one collect, the import graph."""

from __future__ import annotations

import ast
import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.core.findings import Finding
from generator.events import Event, RunFinished, WorkbookAccepted, WorkbookRejected
from generator.pipeline import Settings, collect, run_paths, validate_paths
from generator.store.results import num
from tests.report_support import presales_rows, presales_workbook

CLOCK = datetime(2024, 6, 3, 9, 30)
ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def broken(path: Path) -> Path:
    rows = presales_rows()
    rows[1].values = {**rows[1].values, "inquiries": "很多"}
    return presales_workbook(path, department="售后部", rows=rows)


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("events")
    good = presales_workbook(root / "in" / "good.xlsx")
    bad = broken(root / "in" / "bad.xlsx")
    events: list[Event] = []
    settings = Settings(out_dir=root / "out", jobs=1, clock=lambda: CLOCK, subscribers=(events.append,))
    summary = run_paths([root / "in"], settings)
    return root, good, bad, events, summary


def test_each_workbook_is_announced_once_with_its_results_and_files(ran) -> None:
    _, good, bad, events, summary = ran
    kinds = [(type(e).__name__, e.outcome.path.name if not isinstance(e, RunFinished) else "") for e in events]
    assert sorted(kinds[:-1]) == [("WorkbookAccepted", "good.xlsx"), ("WorkbookRejected", "bad.xlsx")]
    assert isinstance(events[-1], RunFinished) and events[-1].summary is summary
    accepted = next(e for e in events if isinstance(e, WorkbookAccepted)).outcome
    # announced after every file is in place, with hashes the archive can keep
    assert accepted.manifest is not None and accepted.manifest.is_file()
    assert {o.kind for o in accepted.outputs} == {"excel", "team_pdf", "employee_pdf"}
    assert all(o.path.is_file() and len(o.sha256) == 64 for o in accepted.outputs)
    assert accepted.team is not None and len(accepted.team.employees) == 5
    key = accepted.key
    assert key is not None and (key.period, key.department, key.scheme_id) == ("2024-05", "客服部", "presales-ecommerce")
    assert all(r.key == key for r in accepted.team.employees)
    rejected = next(e for e in events if isinstance(e, WorkbookRejected)).outcome
    assert rejected.path == bad and rejected.team is None and rejected.findings


def test_a_failing_subscriber_fails_its_workbook_but_keeps_the_reports(tmp_path: Path) -> None:
    presales_workbook(tmp_path / "in" / "a.xlsx")

    def archive(event: Event) -> None:
        if isinstance(event, WorkbookAccepted):
            raise OSError("database is locked")

    summary = run_paths([tmp_path / "in"], Settings(out_dir=tmp_path / "out", jobs=1, subscribers=(archive,)))
    (outcome,) = summary.outcomes
    assert outcome.status == "failed" and summary.exit_code == 1
    assert [f.code for f in outcome.findings] == ["subscriber-failed"]
    assert "database is locked" in outcome.findings[0].value
    assert all(o.path.is_file() for o in outcome.outputs)


def test_an_admission_check_refuses_a_valid_workbook_before_anything_is_rendered(tmp_path: Path) -> None:
    presales_workbook(tmp_path / "in" / "a.xlsx")
    seen: list[str] = []

    def closed_period(outcome) -> list[Finding]:
        seen.append(outcome.key.period)
        return [Finding(code="period-closed", message="2024-05 已封存", message_en="2024-05 is closed")]

    summary = run_paths([tmp_path / "in"], Settings(out_dir=tmp_path / "out", jobs=1, admit=(closed_period,)))
    (outcome,) = summary.outcomes
    assert seen == ["2024-05"] and outcome.status == "rejected" and summary.exit_code == 1
    assert [f.code for f in outcome.findings] == ["period-closed"] and outcome.outputs == []
    assert not (tmp_path / "out" / "2024-05").exists()


def test_results_json_holds_exact_numbers_equal_to_the_excel_report(ran) -> None:
    _, _, _, _, summary = ran
    outcome = summary.accepted[0]
    data = json.loads((outcome.folder / "results.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == "1" and data["status"] == "accepted"
    assert data["key"]["period"] == "2024-05" and data["key"]["scheme_id"] == "presales-ecommerce"
    assert {f["kind"] for f in data["files"]} == {"excel", "team_pdf", "employee_pdf"}
    people = {e["id"]: e for e in data["employees"]}
    assert len(people) == 5

    def floats(node: object) -> list[object]:
        if isinstance(node, dict):
            return [x for v in node.values() for x in floats(v)]
        if isinstance(node, list):
            return [x for v in node for x in floats(v)]
        return [node] if isinstance(node, float) else []

    assert floats(data) == []  # every number is a decimal string
    for r in outcome.team.employees:
        e = people[r.employee.id]
        assert e["total"] == f"{r.total:f}" and e["grade"] == r.grade and e["rank"] == r.rank
        assert [s["subtotal"] for s in e["sections"]] == [f"{s.subtotal:f}" for s in r.sections]
        assert [i["weighted"] for i in e["indicators"]] == [f"{i.weighted:f}" for i in r.indicators]
        # a companion section (售前KPI, in_total: false) is shown but adds nothing to the total
        assert Decimal(e["base_total"]) == sum(Decimal(s["weighted"]) for s in e["sections"] if s["in_total"])
    # the Excel report's summary sheet shows the same totals, sections and pay
    ws = openpyxl.load_workbook(outcome.folder / "绩效考核报告.xlsx").worksheets[0]
    header = [c.value for c in ws[4]]
    col = {h: i for i, h in enumerate(header)}
    for row in ws.iter_rows(min_row=5, max_row=4 + len(people), values_only=True):
        e = people[row[col["工号"]]]
        assert Decimal(str(row[col["总分"]])) == Decimal(e["total"])
        assert [Decimal(str(row[4 + j])) for j in range(len(e["sections"]))] == [
            Decimal(s["weighted"]) for s in e["sections"]]
        # several pay items (绩效工资 + 销售额提成): the summary shows their sum
        assert Decimal(str(row[col["工资项合计(元)"]])) == Decimal(e["pay_items_total"]) == sum(
            Decimal(p["amount"]) for p in e["pay"] if p["id"] in ("performance_pay", "commission"))


def test_run_json_is_one_document_with_every_workbook(tmp_path: Path) -> None:
    presales_workbook(tmp_path / "in" / "good.xlsx")
    broken(tmp_path / "in" / "bad.xlsx")
    res = runner.invoke(app, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--jobs", "1", "--json"])
    assert res.exit_code == 1
    doc = json.loads(res.stdout)
    assert doc["schema_version"] == "1" and doc["command"] == "run" and doc["ok"] is False
    assert doc["summary"] == {"workbooks": 2, "accepted": 1, "rejected": 1, "employees": 5}
    by_name = {Path(w["file"]).name: w for w in doc["workbooks"]}
    assert by_name["bad.xlsx"]["status"] == "rejected" and by_name["bad.xlsx"]["employees"] == []
    assert by_name["bad.xlsx"]["annotated"].endswith("bad-批注.xlsx")
    assert [f["code"] for f in by_name["bad.xlsx"]["findings"]] == ["wrong-type"]
    good = by_name["good.xlsx"]
    assert len(good["employees"]) == 5 and good["team"]["employees"] == 5
    on_disk = json.loads((Path(good["folder"]) / "results.json").read_text(encoding="utf-8"))
    assert on_disk["employees"] == good["employees"]


def test_validate_and_run_compute_the_same_numbers(tmp_path: Path) -> None:
    presales_workbook(tmp_path / "in" / "a.xlsx")
    checked = validate_paths([tmp_path / "in"], Settings(out_dir=tmp_path, jobs=1))
    ran = run_paths([tmp_path / "in"], Settings(out_dir=tmp_path / "out", jobs=1))
    assert checked.exit_code == ran.exit_code == 0
    totals = [(r.employee.id, r.total, r.grade, r.bonus) for r in checked.outcomes[0].team.employees]
    assert totals == [(r.employee.id, r.total, r.grade, r.bonus) for r in ran.outcomes[0].team.employees]
    assert not list(tmp_path.glob("*批注*"))  # a clean workbook gets no annotated copy


def test_num_is_exact_text() -> None:
    assert [num(Decimal(x)) for x in ("28.11", "1E+2", "0.750", "-0")] == ["28.11", "100", "0.750", "0"]
    assert num(None) is None


def test_one_collect_a_file_named_explicitly_is_always_taken(tmp_path: Path) -> None:
    for name in ("a.xlsx", "~$a.xlsx", ".b.xlsx", "a.errors.xlsx", "a-批注.xlsx", "a-annotated.xlsx", "m.xlsm"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in collect([tmp_path])] == ["a.xlsx", "m.xlsm"]
    named = [tmp_path / "a.errors.xlsx", tmp_path / "a-批注.xlsx"]
    assert collect(named) == named
    assert collect([tmp_path / "a.xlsx", tmp_path]) == [tmp_path / "a.xlsx", tmp_path / "m.xlsm"]


# ---- the import graph --------------------------------------------------------------------------

PACKAGE = ROOT / "generator"


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, top_level_only: bool) -> set[str]:
    """Modules of generator/ that `path` imports (relative imports resolved; TYPE_CHECKING blocks skipped)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
                if base.startswith("generator"):
                    found.add(base)
                    found.update(f"{base}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("generator"))
            if not top_level_only:
                for child in ast.iter_child_nodes(node):
                    if isinstance(child, ast.stmt):
                        visit([child])
            elif isinstance(node, (ast.If, ast.Try)):
                visit(node.body + node.orelse + [s for h in getattr(node, "handlers", []) for s in h.body])

    visit(tree.body)
    return found


def _graph(top_level_only: bool) -> dict[str, set[str]]:
    files = {_module(p): p for p in PACKAGE.rglob("*.py")}
    return {m: {i for i in _imports(p, top_level_only) if i in files and i != m} for m, p in files.items()}


def test_no_import_loops() -> None:
    graph = _graph(top_level_only=True)
    state: dict[str, int] = {}
    loops: list[list[str]] = []

    def walk(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if nxt.startswith(node + ".") or node == "generator":
                continue  # a package importing its own sub-modules is not a loop
            if state.get(nxt) == 1:
                loops.append(stack[stack.index(nxt):] + [nxt] if nxt in stack else [node, nxt])
            elif nxt not in state:
                walk(nxt, [*stack, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            walk(module, [module])
    assert loops == []


def test_workbook_layer_never_imports_the_engine() -> None:
    for path in (PACKAGE / "workbook").rglob("*.py"):
        bad = {i for i in _imports(path, top_level_only=False) if i.startswith(("generator.engine", "generator.appraisal",
                                                                              "generator.pipeline", "generator.report"))}
        assert not bad, f"{path.name} imports {bad}"


def test_no_module_over_400_lines() -> None:
    long = {p.relative_to(ROOT).as_posix(): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
