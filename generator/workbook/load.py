"""load_workbook_input: bytes → file kind → workbook → scheme → columns → rows → findings.

No exception from a bad file reaches the caller: every problem is a Finding in the result.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.files import safe_part
from generator.core.findings import Finding, Findings, KpiError, Severity
from generator.history import periods
from generator.model.improvement import PlanRecord
from generator.model.results import EmployeeInput
from generator.scheme.model import Scheme
from generator.scheme.registry import SchemeRegistry
from generator.workbook import layout as L
from generator.workbook.limits import Limits
from generator.workbook.normalize import parse_period, text_of
from generator.workbook.plan_cells import read_plans
from generator.workbook.reader import (
    Reporter,
    Sheet,
    find_header_block,
    find_header_row,
    map_columns,
    open_workbook,
    read_meta,
    read_rows,
    values_were_computed,
)
from generator.workbook.sniff import sniff
from generator.workbook.text_cells import check_length
from generator.workbook.validate import check_rows

SCHEME_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")


@dataclass
class WorkbookHeader:
    company: str = ""
    department: str = ""
    manager: str = ""
    period: str = ""  # "2026-10"
    scheme_id: str = ""
    scheme_version: str = ""
    scheme_hash: str = ""  # content hash of the scheme the template was made from; "" in older templates


@dataclass
class LoadedWorkbook:
    path: Path
    sha256: str
    header: WorkbookHeader
    scheme: Scheme | None
    rows: list[EmployeeInput] = field(default_factory=list)
    findings: Findings = field(default_factory=Findings)
    cells: dict[str, str] = field(default_factory=dict)
    header_row: int = L.HEADER_ROW
    previews: dict[int, tuple[str, Any]] = field(default_factory=dict)  # row → (cell, preview total shown)
    data: bytes = field(default=b"", repr=False)  # the checked bytes (the annotated copy starts from these)
    plans: dict[int, PlanRecord] = field(default_factory=dict)  # row → 改进计划 / 面谈 written there (plan_cells.py)
    sheet: str = L.DATA_SHEET  # the data sheet's name: 考核数据, or Data in an English workbook

    @property
    def reporter(self) -> Reporter:
        """Adds findings to this workbook's list, with its file name (the appraisal stage uses it)."""
        return Reporter(self.path, self.findings, self.sheet)

    @property
    def ok(self) -> bool:
        return self.findings.ok


def load_workbook_input(path: Path, *, schemes: SchemeRegistry | None = None, scheme: Scheme | None = None,
                        expected_period: str | None = None, limits: Limits | None = None) -> LoadedWorkbook:
    """Read and check one workbook. Its scheme is looked up by the id it records in `schemes`
    (default: the built-ins); `scheme` (from --scheme FILE) is used instead when given, and then a
    workbook made for another scheme is refused. `limits` default to the KPI_REPORT_MAX_… variables."""
    path = Path(path)
    findings = Findings()
    rep = Reporter(path, findings)
    loaded = LoadedWorkbook(path=path, sha256="", header=WorkbookHeader(), scheme=None, findings=findings)
    try:
        limits = limits or Limits.from_env()
    except KpiError as exc:  # a bad limit in the environment: say so on every workbook, read nothing
        findings.extend(exc.findings)
        return loaded
    sniffed = sniff(path, limits)
    if not sniffed.ok:
        findings.extend(sniffed.findings)
        return loaded
    data = loaded.data = sniffed.data
    loaded.sha256 = hashlib.sha256(data).hexdigest()
    try:
        wb = open_workbook(data)
    except Exception as exc:  # noqa: BLE001 - any parser failure is a damaged file to the manager
        rep.add("file-damaged", "", f"文件无法作为 Excel 工作簿打开:{type(exc).__name__}。",
                f"the file cannot be opened as a workbook: {type(exc).__name__}.",
                "在 Excel 或 WPS 中打开后重新保存为 .xlsx。", "open it in Excel or WPS and save it again as .xlsx.",
                value=str(exc)[:120])
        return loaded
    try:
        _read(wb, loaded, rep, _Source(schemes, scheme), expected_period, _Input(data, limits))
    except KpiError:
        raise
    except Exception as exc:  # noqa: BLE001 - a part nobody foresaw: the manager still gets a finding
        loaded.rows = []
        rep.add("file-damaged", "", f"工作簿的内容无法读取({type(exc).__name__}),文件可能已损坏或被其他软件改写。",
                f"the workbook's contents cannot be read ({type(exc).__name__}); the file may be damaged or "
                "rewritten by other software.", "在 Excel 或 WPS 中打开后另存为新的 .xlsx 再提交。",
                "open it in Excel or WPS, save it as a new .xlsx and resubmit.", value=f"{type(exc).__name__}: {exc}"[:160])
    finally:
        wb.close()
    return loaded


@dataclass(frozen=True)
class _Input:
    data: bytes  # the file's checked bytes
    limits: Limits


@dataclass
class _Source:
    """Where the workbook's scheme comes from: the one given, or the registry (built once, when needed)."""

    registry: SchemeRegistry | None
    given: Scheme | None

    def lookup(self, scheme_id: str) -> Scheme:
        if self.registry is None:
            self.registry = SchemeRegistry.from_dirs()
        return self.registry.get(scheme_id)


def _read(wb: Any, loaded: LoadedWorkbook, rep: Reporter, source: _Source, expected_period: str | None,
          given: _Input) -> None:
    name = L.find_data_sheet(wb.sheetnames)
    if name is None:
        zh, en = L.DATA_SHEETS
        rep.add("missing-sheet", "", f"找不到工作表“{zh}”(英文模板中为“{en}”)。工作表被改名或删除了。",
                f"the sheet {en!r} ({zh!r} in a Chinese template) is missing (renamed or deleted).",
                f"把工作表名称改回“{zh}”(英文模板为“{en}”),或用 kpi-report template 重新生成模板。",
                f"rename the sheet back to {en!r} ({zh!r} in a Chinese template), or generate the template again.",
                value="、".join(wb.sheetnames)[:200])
        return
    ws = wb[name]
    loaded.sheet = rep.sheet = name  # every finding from here on names the sheet as this workbook has it
    meta = read_meta(wb)
    if "scheme_hash" not in meta and (dn := wb.defined_names.get(L.NAME_SCHEME_HASH)) is not None:
        meta["scheme_hash"] = str(dn.attr_text).strip().strip('"')  # the meta sheet was lost, the name was not
    head = loaded.header
    refs, moved = find_header_block(ws)
    if moved:
        rep.add("header-block-moved", moved, f"表头信息(公司、部门、考核周期…)不在模板规定的位置,而在 {moved} 附近;已按实际位置读取。",
                f"the header block (company, department, period …) is not where the template put it but near {moved}; "
                "it was read where it is.", "不要在表头上方插入或删除行列;核对读到的部门和考核周期。",
                "do not insert or delete rows or columns above it; check the department and period read.",
                severity=Severity.WARNING)
    raw_header: dict[str, tuple[Any, int]] = {}
    for key, _zh, _en, _ref in L.HEADER_FIELDS:
        c = ws[refs[key]]
        raw_header[key] = (c.value, c._style.numFmtId if c.has_style else 0)
    head.company, head.department, head.manager = (text_of(raw_header[k][0]) for k in ("company", "department", "manager"))
    _check_header_text(head, refs, rep, given.limits)
    scheme = _identify(meta, raw_header, head, rep, source, refs["scheme_ref"])
    _check_period(raw_header["period"], meta, head, rep, expected_period, scheme, refs["period"])
    if scheme is None:
        return
    loaded.scheme = scheme
    header_row = find_header_row(ws)
    if header_row is None:
        rep.add("missing-header-row", f"A{L.HEADER_ROW}", "找不到表头行(含“工号”“姓名”的一行)。",
                "the header row (with 工号 and 姓名) cannot be found.", "用 kpi-report template 重新生成模板。",
                "generate the template again.")
        return
    loaded.header_row = header_row
    if header_row != L.HEADER_ROW:
        rep.add("header-moved", f"A{header_row}", f"表头行在第 {header_row} 行,模板中应在第 {L.HEADER_ROW} 行(上方插入或删除了行)。",
                f"the header row is row {header_row}, not {L.HEADER_ROW} (rows were inserted or deleted above).",
                "已按实际位置读取;建议不要在表头上方插入或删除行。", "read where it is; avoid inserting rows above.",
                severity=Severity.WARNING)
    before = len(rep.findings.errors)
    cells = map_columns(ws, header_row, scheme, rep)
    structural_ok = len(rep.findings.errors) == before
    loaded.cells = cells
    sheet = Sheet(header_row=header_row, cells=cells, meta=meta, header_values={}, header_fmt={})
    sheet.rows = read_rows(ws, header_row, cells, rep)
    sheet.calc_trusted = values_were_computed(given.data)
    if sheet.calc_trusted and "preview" in cells:
        sheet.cached_preview = _cached(given.data, name, cells["preview"], [r for r, _ in sheet.rows])
    if not sheet.rows:
        rep.add("no-employees", f"A{header_row + 1}", "表中没有任何员工数据。", "the workbook lists no employees.",
                "每位员工填写一行。", "fill one row per employee.")
    loaded.rows, loaded.previews = check_rows(sheet, scheme, head.department, rep, structural_ok and head.period != "",
                                              given.limits)
    if scheme.improvement is not None:
        loaded.plans = read_plans(sheet.rows, lambda key, r: f"{cells[key]}{r}", rep, given.limits)


def _check_header_text(head: WorkbookHeader, refs: dict[str, str], rep: Reporter, limits: Limits) -> None:
    """部门 names the output folder and every report: without it (deleted, merged away, shifted) the
    reports would land in a placeholder folder shared with every other such workbook."""
    where = refs["department"]
    if not head.department or not safe_part(head.department, ""):
        rep.add("department-missing", where, "部门没有填写或无法识别;报告按部门存放,无法确定写到哪里。",
                "the department is empty or unreadable; reports are filed by department, so they have nowhere to go.",
                f"在 {where} 填写部门名称(不要合并或移动这个单元格)。", f"enter the department in {where} "
                "(do not merge or move that cell).", value=head.department[:40])
    for key, text in (("department", head.department), ("company", head.company), ("manager", head.manager)):
        check_length(key, text, refs[key], rep, limits)


def _identify(meta: dict[str, str], raw_header: dict[str, tuple[Any, int]], head: WorkbookHeader, rep: Reporter,
              source: _Source, ref_cell: str) -> Scheme | None:
    visible = text_of(raw_header["scheme_ref"][0]).split()
    sid, version = meta.get("scheme_id", ""), meta.get("scheme_version", "")
    if not sid:
        if not visible:
            rep.add("unknown-scheme", ref_cell, "无法确定这份工作簿使用的考核方案(方案编号被删除)。",
                    "the workbook's scheme cannot be identified.", "用 kpi-report template 重新生成模板。",
                    "generate the template again.")
            return None
        sid, version = visible[0], visible[1] if len(visible) > 1 else ""
        rep.add("meta-missing", ref_cell, "工作簿缺少隐藏的方案信息,已按表头中的方案编号识别。",
                "the hidden scheme information is missing; the visible scheme id was used.",
                "请使用 kpi-report template 生成的模板,不要把数据复制到新工作簿。",
                "use the generated template rather than copying data into a new workbook.",
                severity=Severity.WARNING)
    head.scheme_id, head.scheme_version = sid, version
    head.scheme_hash = meta.get("scheme_hash", "")
    if not SCHEME_ID.match(sid):  # text nobody vetted: only an id, never a path, is looked up
        rep.add("unknown-scheme", ref_cell, f"方案编号“{sid[:40]}”无效。", f"{sid[:40]!r} is not a scheme id.",
                "用 kpi-report template 重新生成模板。", "generate the template again.", value=sid[:40])
        return None
    if source.given is not None and source.given.id != sid:
        given = source.given
        rep.add("scheme-mismatch", ref_cell,
                f"这份工作簿按考核方案“{sid}”生成,而指定的方案是“{given.id}”({given.path or given.name})。",
                f"the workbook was made for scheme {sid!r}, but the scheme given is {given.id!r} ({given.path or given.name}).",
                f"去掉 --scheme,或指定方案“{sid}”的文件。", f"drop --scheme, or give the file of scheme {sid!r}.",
                value=sid)
        return None
    scheme = source.given or _lookup(source, sid, ref_cell, rep)
    if scheme is None:
        return None
    if version != scheme.version:
        rep.add("scheme-version-mismatch", ref_cell,
                f"这份工作簿按方案“{sid}”的 {version or '未知'} 版生成,当前方案为 {scheme.version} 版,列与计分规则可能不同。",
                f"the workbook was made for version {version or '?'} of {sid!r}; the current version is {scheme.version}.",
                "用 kpi-report template 生成新版模板,把数据抄过去后再提交。",
                "generate the current template and copy the data into it.", value=f"{sid} {version}".strip())
        return None
    if head.scheme_hash and scheme.content_hash and head.scheme_hash != scheme.content_hash:
        # same id and version, other rules: the scheme file was edited without raising its version
        rep.add("scheme-changed", ref_cell,
                f"方案内容已改变但版本号未变:这份工作簿按方案“{sid}” {version} 版生成,而现在的同版方案({scheme.path})"
                "内容已与生成模板时不同,列与计分规则可能已改变。",
                f"the scheme's content changed but its version did not: this workbook was made from scheme {sid!r} "
                f"{version}, and that version's content ({scheme.path}) is no longer what the template was made from.",
                "请 HR 提高方案的 version 并生成新模板(把数据抄过去),或改用生成这份模板时的方案文件。",
                "raise the scheme's version and generate new templates (copy the data over), "
                "or use the scheme file the template was made from.",
                value=f"{head.scheme_hash[:12]} ≠ {scheme.content_hash[:12]}")
        return None
    return scheme


def _lookup(source: _Source, sid: str, ref_cell: str, rep: Reporter) -> Scheme | None:
    try:
        return source.lookup(sid)
    except KpiError as exc:
        first = exc.findings[0] if exc.findings else Finding(code="", message="")
        if first.code == "scheme-not-found":
            rep.add("unknown-scheme", ref_cell, f"考核方案“{sid}”不存在。", f"there is no scheme {sid!r}.",
                    first.hint, first.hint_en, value=sid)
        else:  # the scheme's file is broken, or the folders name one id twice
            rep.add("scheme-invalid", ref_cell, f"考核方案“{sid}”的定义有错误,无法计算({first.where}:{first.message})。",
                    f"scheme {sid!r} is invalid ({first.where}: {first.text('en')}).",
                    "请联系 HR 运行 kpi-report schemes check 修正方案。", "ask HR to run kpi-report schemes check.", value=sid)
        return None


def _check_period(raw: tuple[Any, int], meta: dict[str, str], head: WorkbookHeader, rep: Reporter,
                  expected: str | None, scheme: Scheme | None, cell: str) -> None:
    """考核周期: read in any of the accepted spellings, kept in its canonical form, of the scheme's kind."""
    typed = text_of(raw[0])[:40]
    try:
        period = parse_period(raw[0], raw[1])
    except Exception:  # noqa: BLE001 - a date serial outside the calendar, a time of day: no period
        period = None
    if period is not None and not 2000 <= int(period[:4]) <= 2099:
        period = None  # a negative or tiny date serial reads as 1899; no appraisal is of that year
    kind = scheme.period if scheme is not None else None
    if period is None:
        example = periods.EXAMPLES.get(kind or "month", periods.EXAMPLES["month"])
        rep.add("period-invalid", cell, f"考核周期“{typed}”无法识别。", f"the period {typed!r} is not valid.",
                f"写成 {example[0]}(也可写 {example[1]})。可用的写法:{periods.accepted_forms()}。",
                f"write it as {example[0]}. Accepted: {periods.accepted_forms('en')}.", value=typed)
        return
    head.period = period
    reading = periods.parse(period)
    if reading is not None and kind in periods.KINDS and reading.kind != kind:
        assert scheme is not None
        want = periods.example_for(kind, reading)
        rep.add("period-kind-mismatch", cell,
                f"考核周期“{typed}”读作{periods.kind_word(reading.kind)} {reading.label()}({period}),"
                f"而方案“{scheme.id}”按{periods.kind_word(kind)}考核。",
                f"the period {typed!r} reads as the {periods.kind_word(reading.kind, 'en')} period {period} "
                f"({reading.label('en')}), but scheme {scheme.id!r} is {periods.kind_word(kind, 'en')}.",
                f"写成{periods.kind_word(kind)}周期,例如 {want}(也可写 {periods.display(want)});"
                "如果方案选错了,请用正确方案的模板。",
                f"write a {periods.kind_word(kind, 'en')} period such as {want}; if the scheme is the wrong one, "
                "use the right scheme's template.", value=typed)
        return
    expected = periods.canonical(expected) or expected if expected else None
    if expected and period != expected:
        rep.add("period-mismatch", cell, f"考核周期是 {period},而本次处理的是 {expected}。",
                f"the period is {period}, but {expected} is being processed.", "确认提交的是本期的工作簿。",
                "check that this is the workbook for the current period.", value=period)
        return
    made_for = periods.canonical(meta.get("period", "")) or meta.get("period", "")
    if made_for and made_for != period:
        rep.add("period-changed", cell, f"考核周期被改为 {period},模板是为 {made_for} 生成的。",
                f"the period was changed to {period}; the template was made for {made_for}.",
                "确认周期无误;建议每期重新生成模板。", "make sure the period is right.", value=period, severity=Severity.WARNING)


def _cached(data: bytes, sheet: str, letter: str, rows: list[int]) -> dict[int, Any]:
    """Cached preview values, read only when the file says they were computed."""
    try:
        wb = open_workbook(data, data_only=True)
    except Exception:  # noqa: BLE001 - the formula view opened, so this is unlikely; skip the check
        return {}
    try:
        ws = wb[sheet]
        return {r: ws[f"{letter}{r}"].value for r in rows}
    finally:
        wb.close()


__all__ = ["LoadedWorkbook", "WorkbookHeader", "load_workbook_input", "Finding"]
