"""Judge every data row: types, ranges, levels, ratios, raters, duplicates; then recompute.

Each problem is a Finding at its exact cell. A row without errors becomes an EmployeeInput.
The workbook layer never computes: the appraisal stage runs the engine once per row and hands
back the totals, so a preview that differs (or a formula that was edited) is a warning, never
an input.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from generator.core.findings import Finding, Severity
from generator.core.numbers import fmt_plain
from generator.model.results import Employee, EmployeeInput
from generator.scheme.model import (
    BandsRule,
    Column,
    Indicator,
    InputKind,
    LinearRule,
    ProportionalRule,
    Scheme,
    rater_key,
)
from generator.workbook.limits import DEFAULTS, Limits
from generator.workbook.normalize import (
    Parsed,
    ambiguous_percents,
    is_blank,
    parse_cell,
    shown,
    text_of,
    to_decimal,
)
from generator.workbook.preview import same_formula, total_formula
from generator.workbook.reader import RawCell, Reporter, Sheet
from generator.workbook.text_cells import (
    check_email,
    check_hidden,
    check_text_cells,
)

# separators people put between two addresses in one cell: ; , ; , 、 and spaces
KIND_WORDS = {InputKind.PERCENT: ("百分比", "a percentage"), InputKind.COUNT: ("整数", "a whole number"),
              InputKind.MONEY: ("金额", "an amount"), InputKind.LEVEL: ("等级", "a level"),
              InputKind.SCORE: ("分数", "a score"), InputKind.NUMBER: ("数字", "a number")}
PREVIEW_TOLERANCE = Decimal("0.01")  # Excel computes in binary floating point
# No appraisal input comes near this; beyond it a number is a typing accident (or 400 digits
# meant to break the arithmetic), whatever range the scheme allows.
MAX_MAGNITUDE = Decimal(10) ** 12

def _show(col: Column, v: Decimal) -> str:
    return f"{fmt_plain(v * 100)}%" if col.kind is InputKind.PERCENT else fmt_plain(v)


def _within(col: Column, v: Decimal) -> bool:
    return (col.min is None or v >= col.min) and (col.max is None or v <= col.max)


def check_cell(col: Column, raw: RawCell, ref: str, rep: Reporter) -> tuple[Decimal | None, bool]:
    """The cell's value and whether it is acceptable."""
    zh_kind, en_kind = KIND_WORDS[col.kind]
    value_text = shown(raw.value)[:60]
    if raw.bad_format:
        rep.add("cell-format-invalid", ref, f"“{col.header}”的单元格格式已损坏(引用了文件中不存在的数字格式)。",
                f"the cell format of {col.header_en!r} is broken (it names a number format the file does not define).",
                "选中这个单元格 → 清除格式(开始 → 清除 → 清除格式),重新输入数值后保存。",
                "select the cell, clear its formats (Home → Clear → Clear Formats), type the value again and save.",
                value=value_text)
        return None, False
    if raw.formula:
        rep.add("formula-in-input", ref, f"“{col.header}”中填的是公式,工具不读取公式的计算结果。",
                f"{col.header_en!r} holds a formula; formula results are never read.",
                "请直接填写数值(可复制后“选择性粘贴 → 数值”)。", "type the value itself (Paste Special → Values).",
                value=value_text)
        return None, False
    if raw.error:
        rep.add("wrong-type", ref, f"“{col.header}”是错误值 {value_text},应填写{zh_kind}。",
                f"{col.header_en!r} holds the error {value_text}; {en_kind} is needed.", "改为正确的数值。", "enter the value.",
                value=value_text)
        return None, False
    parsed: Parsed = parse_cell(raw.value, col.kind, raw.fmt_id, raw.percent_format)
    if parsed.problem == "date-in-number":
        rep.add("wrong-type", ref, f"“{col.header}”被 Excel 识别成了日期,应填写{zh_kind}。",
                f"{col.header_en!r} was turned into a date by Excel; {en_kind} is needed.",
                "把单元格格式设为“常规”后重新输入数值。", "set the cell format to General and type the number again.",
                value=value_text)
        return None, False
    if parsed.problem == "wrong-type" and col.kind is InputKind.LEVEL:
        parsed = Parsed(None, "invalid-level")
    if parsed.problem == "wrong-type":
        rep.add("wrong-type", ref, f"“{col.header}”应填写{zh_kind},但填的是{parsed.detail}“{value_text}”。",
                f"{col.header_en!r} needs {en_kind}, found {parsed.detail_en} {value_text!r}.",
                "只填写数值,例如 95%、95 或 0.95;没有发生请填 0。" if col.kind is InputKind.PERCENT else "只填写数值;没有发生请填 0。",
                "enter a number only; enter 0 when nothing happened.", value=value_text)
        return None, False
    if parsed.problem == "not-whole-number":
        rep.add("not-whole-number", ref, f"“{col.header}”应为整数(次数/人数),但填的是 {value_text}。",
                f"{col.header_en!r} must be a whole number, found {value_text}.", "填写整数。", "enter a whole number.",
                value=value_text)
        return None, False
    v = parsed.value
    if v is not None and abs(v) >= MAX_MAGNITUDE:
        rep.add("out-of-range", ref, f"“{col.header}”的数值过大({len(value_text)} 位以上),不可能是考核数据。",
                f"{col.header_en!r} holds an absurdly large number.", "核对数值(单位、是否多打了 0)。",
                "check the value (unit, extra zeros?).", value=value_text)
        return None, False
    if col.kind is InputKind.LEVEL and parsed.problem:
        v = Decimal(-1)  # reported below with the allowed levels
    if v is None:
        if col.required and not col.rater:  # a missing rater is reported once per indicator, by _check_raters
            rep.add("empty-required", ref, f"“{col.header}”没有填写(必填)。", f"{col.header_en!r} is empty (required).",
                    "填写数值;没有发生请填 0。", "enter a value; 0 when nothing happened.")
            return None, False
        return None, True
    if col.kind is InputKind.LEVEL:
        if v != v.to_integral_value() or int(v) not in col.levels:
            allowed = "/".join(str(x) for x in col.levels)
            rep.add("invalid-level", ref, f"“{col.header}”的等级“{value_text}”无效,应为 {allowed} 之一。",
                    f"{col.header_en!r}: level {value_text!r} is not one of {allowed}.", "从下拉列表中选择等级。",
                    "choose a level from the drop-down list.", value=value_text)
            return None, False
        return v, True
    if raw.percent_format and col.kind is InputKind.PERCENT and not _within(col, v) and _within(col, v / 100):
        v = v / 100  # 95 pasted into a cell formatted as %: Excel shows 9500%, the manager meant 95%
    if not _within(col, v):
        lo = _show(col, col.min) if col.min is not None else "…"
        hi = _show(col, col.max) if col.max is not None else "…"
        rep.add("out-of-range", ref, f"“{col.header}”为 {_show(col, v)},超出允许范围 {lo} – {hi}。",
                f"{col.header_en!r} is {_show(col, v)}, outside {lo} – {hi}.", "核对数值(单位、是否多打了 0)。",
                "check the value (unit, an extra zero?).", value=value_text)
        return v, False
    return v, True


def check_rows(sheet: Sheet, scheme: Scheme, department: str, rep: Reporter, structural_ok: bool,
               limits: Limits = DEFAULTS) -> tuple[list[EmployeeInput], dict[int, tuple[str, Any]]]:
    """Clean rows (an EmployeeInput per row without errors) and the preview totals the sheet shows.

    The rows are computed later, once, by the appraisal stage; it then compares each total with
    the preview (`check_preview_totals`) and places the engine's findings at their cells
    (`place_findings`).
    """
    columns = {c.key: c for c in scheme.columns()}
    cells = sheet.cells
    seen_ids: dict[str, int] = {}
    seen_emails: dict[str, tuple[int, str]] = {}  # address → (row, 工号) of its first use
    out: list[EmployeeInput] = []
    previews: dict[int, tuple[str, Any]] = {}
    percents: dict[str, list[tuple[str, object, bool]]] = {}  # percent column → its cells, for ambiguity

    # The preview formula is the same for every row but the row number: built once with a
    # placeholder, not once per row (it walks every indicator and column of the scheme).
    template = total_formula(scheme, lambda k: f"{cells.get(k, 'A')}\x00")

    def formula_of(r: int) -> str | None:
        return None if template is None else template.replace("\x00", str(r))

    hidden_seen: set[str] = set()
    for r, raw in sheet.rows:
        before = rep.errors

        def ref(key: str, row: int = r) -> str:
            return f"{cells[key]}{row}"

        check_hidden(raw, r, ref, hidden_seen, rep)
        bad_text = check_text_cells(raw, ref, rep, limits)
        emp_id = text_of(raw["id"].value) if "id" in raw and "id" not in bad_text else ""
        name = text_of(raw["name"].value) if "name" in raw and "name" not in bad_text else ""
        if "id" in bad_text:
            pass  # already reported at the cell
        elif "id" in raw and not emp_id:
            rep.add("missing-employee-id", ref("id"), "这一行有数据但没有工号。", "this row has data but no employee ID.",
                    "填写工号;多余的行请整行删除。", "enter the ID, or delete the row.")
        elif emp_id in seen_ids:
            rep.add("duplicate-id", ref("id"), f"工号 {emp_id} 重复(第 {seen_ids[emp_id]} 行已有)。",
                    f"employee ID {emp_id} appears twice (also row {seen_ids[emp_id]}).",
                    "每位员工只占一行;检查是否重复粘贴或工号填错。", "one row per employee.", value=emp_id)
        elif emp_id:
            seen_ids[emp_id] = r
        email = text_of(raw["email"].value) if "email" in raw and "email" not in bad_text else ""
        check_email(email, emp_id, ref("email"), r, seen_emails, rep)
        if "name" in raw and not name and "name" not in bad_text:
            rep.add("empty-required", ref("name"), "姓名没有填写(必填)。", "the name is empty (required).", "填写姓名。",
                    "enter the name.")
        values: dict[str, Decimal | None] = {}
        for key, col in columns.items():
            if key not in raw:
                values[key] = None
                continue
            cell = raw[key]
            if cell.merged_from:
                rep.add("merged-cells", ref(key), f"“{col.header}”是合并单元格({cell.merged_from} 起),已按其中的值读取。",
                        f"{col.header_en!r} is part of a merged range starting at {cell.merged_from}; its value was used.",
                        "请取消合并,每位员工单独填写。", "unmerge and fill each employee's own cell.",
                        value=shown(cell.value), severity=Severity.WARNING)
            values[key], _ok = check_cell(col, cell, ref(key), rep)
            if col.kind is InputKind.PERCENT and not cell.formula and not cell.error:
                percents.setdefault(key, []).append((ref(key), cell.value, cell.percent_format))
        _check_ratios(scheme, values, cells, r, rep)
        _check_raters(scheme, values, raw, cells, r, rep)
        if rep.errors > before or not structural_ok:
            continue
        comment = text_of(raw["comment"].value) if "comment" in raw else ""
        position = text_of(raw["position"].value) if "position" in raw else ""
        out.append(EmployeeInput(employee=Employee(id=emp_id, name=name, position=position, email=email,
                                                   department=department), values=values, comment=comment, row=r))
        if "preview" in raw:
            cached = _check_preview_formula(raw["preview"], formula_of(r), sheet, ref("preview"), r, rep)
            if cached is not None:
                previews[r] = (ref("preview"), cached)
    for key, found in percents.items():
        _check_percent_forms(columns[key], found, rep)
    return out, previews


def _check_percent_forms(col: Column, found: list[tuple[str, object, bool]], rep: Reporter) -> None:
    """A warning at each cell whose bare number reads two ways because its column mixes 0.95 and 95."""
    for a in ambiguous_percents(found, col.max):
        typed, read, other = fmt_plain(a.typed), _show(col, a.read), _show(col, a.other)
        rep.add("ambiguous-percent", a.ref,
                f"“{col.header}”填的是 {typed}:这一列既有小数写法(如 0.95)又有百分点写法(如 95),"
                f"{typed} 可读作 {read},也可读作 {other}。已按 {read} 计算。",
                f"{col.header_en!r} holds {typed}: the column mixes fractions (0.95) and percent points (95), "
                f"so {typed} reads as {read} or as {other}. It was counted as {read}.",
                f"如果是 {other},请填写“{other}”;否则填写“{read}”。",
                f"type '{other}' if that is meant, otherwise '{read}'.", value=typed, severity=Severity.WARNING)


def _check_ratios(scheme: Scheme, values: dict[str, Decimal | None], cells: dict[str, str], r: int, rep: Reporter) -> None:
    for _section, ind in scheme.indicators():
        src = ind.value
        if src is None or src.kind != "ratio" or src.denominator not in cells:
            continue
        num, den = values.get(src.numerator), values.get(src.denominator)
        if num is None or den is None:
            continue
        n_name, d_name = scheme.input(src.numerator).name, scheme.input(src.denominator).name
        if den == 0:
            rep.add("zero-denominator", f"{cells[src.denominator]}{r}", f"{d_name}为 0,无法计算{ind.name}。",
                    f"{src.denominator} is 0: {ind.name_en or ind.id} cannot be computed.",
                    f"核对{d_name};{ind.name} = {n_name} / {d_name}。", "check the denominator.", value="0")
        elif src.percent and num > den and not _may_exceed_whole(ind):
            rep.add("numerator-exceeds-denominator", f"{cells.get(src.numerator, 'A')}{r}",
                    f"{n_name}({fmt_plain(num)})大于{d_name}({fmt_plain(den)}),{ind.name}会超过 100%。",
                    f"{src.numerator} ({fmt_plain(num)}) exceeds {src.denominator} ({fmt_plain(den)}): "
                    f"{ind.name_en or ind.id} would exceed 100%.",
                    "检查两列是否填反,或数字是否多打了一位。", "check whether the two columns are swapped.",
                    value=fmt_plain(num))


def _may_exceed_whole(ind: Indicator) -> bool:
    """A completion rate may pass 100% (90% × 20 = 18 … over-completion); a share of people may not.

    The rule says which: proportional scoring, points above target, or a band above 100%.
    """
    rule = ind.rule
    if isinstance(rule, ProportionalRule):
        return True
    if isinstance(rule, LinearRule):
        return rule.above > 0
    if isinstance(rule, BandsRule):
        return any(b.range.low is not None and b.range.low > 1 for b in rule.bands)
    return False


def _check_raters(scheme: Scheme, values: dict[str, Decimal | None], raw: dict[str, RawCell], cells: dict[str, str],
                  r: int, rep: Reporter) -> None:
    for _section, ind in scheme.indicators():
        if ind.value is None or ind.value.kind != "raters":
            continue
        keys_by_rater = {rt.id: [rater_key(ind.id, rt.id, n if rt.count > 1 else 0) for n in range(1, rt.count + 1)]
                         for rt in scheme.raters}
        if any(k not in cells for keys in keys_by_rater.values() for k in keys):
            continue  # a missing column is already reported
        if any(not is_blank(raw[k].value) and values.get(k) is None for keys in keys_by_rater.values() for k in keys):
            continue  # a bad score is already reported
        given = {rid for rid, keys in keys_by_rater.items() if any(values.get(k) is not None for k in keys)}
        for rt in scheme.raters:
            if rt.required and rt.id not in given:
                rep.add("missing-rater", f"{cells[keys_by_rater[rt.id][0]]}{r}",
                        f"缺少{rt.name}对“{ind.name}”的评分(必需)。", f"the required {rt.name_en or rt.id} score for "
                        f"{ind.name_en or ind.id!r} is missing.", f"请{rt.name}填写分数。", "enter the score.")
        if not given and not any(rt.required for rt in scheme.raters):
            first = keys_by_rater[scheme.raters[0].id][0]
            rep.add("missing-rater", f"{cells[first]}{r}", f"“{ind.name}”没有任何评分人打分。",
                    f"nobody scored {ind.name_en or ind.id!r}.", "至少需要一位评分人的分数。", "at least one rater must score.")


def _check_preview_formula(raw: RawCell, expected: str | None, sheet: Sheet, ref: str, r: int,
                           rep: Reporter) -> Any:
    """Warn about an edited or overwritten preview formula; return the total the sheet shows, if any."""
    if expected is None:
        return None
    cached: Any = None
    if raw.formula:
        if not same_formula(str(raw.value), expected):
            rep.add("preview-formula-edited", ref, "“预览总分”的公式被改动过;工具不使用它,正式得分以重新计算为准。",
                    "the preview-total formula was edited; it is not used, the total is recomputed.",
                    "如非有意修改,请用 kpi-report template 重新生成模板。", "regenerate the template if this was not intended.",
                    value=str(raw.value)[:60], severity=Severity.WARNING)
        if sheet.calc_trusted:
            cached = sheet.cached_preview.get(r)
    elif not is_blank(raw.value):
        cached = raw.value  # the formula was overwritten with a typed number
        rep.add("preview-formula-edited", ref, "“预览总分”的公式被替换成了手填的数值;工具不使用它。",
                "the preview-total formula was replaced by a typed value; it is not used.",
                "不要在预览列手填分数;如需重置请重新生成模板。", "do not type into the preview column.",
                value=shown(raw.value), severity=Severity.WARNING)
    if cached is None or isinstance(cached, str) and not cached.strip():
        return None
    return cached


def check_preview_totals(previews: Mapping[int, tuple[str, Any]], totals: Mapping[int, Decimal],
                         rep: Reporter) -> None:
    """A preview total (row → cell, shown value) that differs from the recomputed total is a warning."""
    for r, (ref, cached) in sorted(previews.items()):
        if r not in totals:
            continue
        total = totals[r]
        got = to_decimal(cached)
        if got is None or abs(got - total) > PREVIEW_TOLERANCE:
            rep.add("preview-total-mismatch", ref, f"表中预览总分为 {shown(cached)},按方案重新计算为 {fmt_plain(total)};"
                    "工作簿或其公式可能被改动过,以重新计算的结果为准。",
                    f"the preview total reads {shown(cached)} but recomputes to {fmt_plain(total)}; the workbook or its "
                    "formulas were probably edited. The recomputed total counts.",
                    "核对是否改动了公式或列的位置。", "check whether formulas or columns were changed.",
                    value=shown(cached), severity=Severity.WARNING)


def place_findings(findings: Iterable[Finding], cells: Mapping[str, str], r: int, rep: Reporter) -> None:
    """Findings the engine raised for one row (its `cell` names an input) placed at that row's cells."""
    for f in findings:
        where = f"{cells[f.cell]}{r}" if f.cell in cells else f"A{r}"
        rep.add(f.code, where, f.message, f.message_en, f.hint, f.hint_en, value=f.value)


__all__ = ["check_cell", "check_preview_totals", "check_rows", "place_findings"]
