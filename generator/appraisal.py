"""A read workbook → its team's results, computed once, with every engine problem placed at its cell.

This is the only place where the workbook layer and the engine meet: `workbook/` reads and
judges cells without computing, `engine/` computes without knowing about cells. Each row is
scored and settled exactly once; the preview totals of the sheet are then checked against
those results.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.findings import Findings, KpiError
from generator.engine import Adjust, imposed_by, score_employee, settle, standings, summarize
from generator.engine.improvement import review
from generator.model.results import AppraisalKey, EmployeeResult, ScoredEmployee, TeamResult
from generator.workbook import LoadedWorkbook
from generator.workbook.plan_cells import report_plans
from generator.workbook.validate import check_preview_totals, place_findings


@dataclass
class Appraisal:
    """One workbook's verdict: its findings, and its team's results when it has no error."""

    loaded: LoadedWorkbook
    key: AppraisalKey | None = None
    team: TeamResult | None = None

    @property
    def findings(self) -> Findings:
        return self.loaded.findings

    @property
    def ok(self) -> bool:
        return self.team is not None and self.loaded.findings.ok


def appraisal_key(loaded: LoadedWorkbook) -> AppraisalKey | None:
    if loaded.scheme is None:
        return None
    s, h = loaded.scheme, loaded.header
    return AppraisalKey(company=h.company, department=h.department, period=h.period, scheme_id=s.id,
                        scheme_version=s.version, scheme_hash=s.content_hash)


def appraise(loaded: LoadedWorkbook, adjust: Adjust | None = None) -> Appraisal:
    """Score every clean row, rank the team, let `adjust` impose grades, notes and pay lines, settle pay; findings go to `loaded`.

    Rows are computed even when another row has errors, so that a manager sees every problem of
    the workbook at once; results are kept only when the whole workbook is clean.
    """
    scheme, rep = loaded.scheme, loaded.reporter
    appraisal = Appraisal(loaded=loaded, key=appraisal_key(loaded))
    if scheme is None or not loaded.rows:
        return appraisal
    scored: list[ScoredEmployee] = []
    for row in loaded.rows:
        try:
            scored.append(score_employee(scheme, row))
        except KpiError as exc:
            place_findings(exc.findings, loaded.cells, row.row, rep)
    check_preview_totals(loaded.previews, {s.row: s.total for s in scored}, rep)
    places = standings(scheme, scored)
    imposed = imposed_by(adjust, scheme, scored, places, appraisal.key) if loaded.findings.ok else {}
    results: list[EmployeeResult] = []
    for s, place in zip(scored, places, strict=True):
        try:
            results.append(settle(scheme, s, standing=place, imposed=imposed.get(s.employee.id), key=appraisal.key))
        except KpiError as exc:
            place_findings(exc.findings, loaded.cells, s.row, rep)
    if loaded.findings.ok and len(results) == len(loaded.rows):
        appraisal.team = summarize(scheme, results, appraisal.key)
        if scheme.improvement is not None:  # needs the ranked team: the bottom N, the settled grades
            by_id = {row.employee.id: loaded.plans[row.row] for row in loaded.rows if row.row in loaded.plans}
            appraisal.team = review(scheme, appraisal.team, by_id, loaded.header.period)
            report_plans(appraisal.team, scheme, loaded.cells, rep)
    return appraisal


__all__ = ["Appraisal", "appraisal_key", "appraise"]
