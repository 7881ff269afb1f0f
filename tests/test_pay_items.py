"""Pay items (`pay:`), companion sections (`in_total: false`) and `constants:` (issue 13 items 1 and 8).

The hand-worked employee is 李四 (E002) of tests/report_support.py under presales-ecommerce 2024.3:

003 客服绩效考核分值: "绩效工资 总值750 如50分750*50%=375 … 客服工资: … 绩效工资(指标考核+销售额提成)"
000 电子商务客服部员工KPI考核细则: "核算方式:(成交订单金额*提点比例)*绩效考核得分 / 100 = 应发奖金",
    "A 6‰ 成功率>=60%", and its 售前 table "平均响应时间<30 15 | 30<=平均响应时间<40 12 …",
    "旺旺回复率=100% 15 | 100%<旺旺回复率<=98% 12 | 98%<旺旺回复率<=96% 8 …",
    "满意度>=95% 20 | <=92%满意度<95% 16 | 12 <=90%满意度<92% …".

003 table (total): 询单转化率 420/600 = 70% → 80 × 35% = 28; 支付率 360/400 = 90% → 80 × 20% = 16;
落实客单价 108.50/100 = 1.085 → 80 × 10% = 8; 旺旺回复率 880/900 = 97.78% → 80 × 5% = 4;
响应时间 35 s → 80 × 5% = 4; 工作任务 8; 工作态度 4; 考勤 10 − 2 (one late) = 8 → total 80.
  绩效工资 = 750 × 80% = 600.00
000 售前 KPI (companion, points out of 15/15/20 scaled to 100: weights 30/30/40):
  响应 35 s → 12 of 15 → 24; 回复率 97.78% → 8 of 15 → 16; 满意度 109/120 = 90.83% → 12 of 20 → 24; score 64.
  销售额提成 = 220000 × 6‰ (转化率 70% ≥ 60%) × 64 / 100 = 844.80
Pay items total 600.00 + 844.80 = 1444.80; with the monthly prize (third by sales, 100) pay_total 1544.80.
"""

from __future__ import annotations

import json
import subprocess
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.engine import compute
from generator.model.results import Employee, EmployeeInput
from generator.pipeline import Settings, run_paths
from generator.scheme.describe import describe, to_dict
from generator.scheme.loader import check_scheme, load_builtin, parse_scheme
from tests.report_support import presales_workbook

CLOCK = datetime(2024, 6, 3, 9, 30)


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("pay")
    presales_workbook(root / "in" / "presales.xlsx")
    summary = run_paths([root / "in"], Settings(out_dir=root / "out", jobs=1, clock=lambda: CLOCK))
    (outcome,) = summary.outcomes
    assert outcome.ok, outcome.findings
    return outcome


def test_presales_pays_two_items_in_results_json(ran) -> None:
    data = json.loads(next(ran.folder.rglob("results.json")).read_text(encoding="utf-8"))
    e002 = next(e for e in data["employees"] if e["id"] == "E002")
    assert e002["total"] == "80.00"
    presales = next(s for s in e002["sections"] if s["id"] == "presales")
    assert presales["subtotal"] == "64.00" and presales["in_total"] is False
    pay = {p["id"]: p for p in e002["pay"]}
    assert pay["performance_pay"]["amount"] == "600.00" and pay["performance_pay"]["name"] == "绩效工资"
    assert pay["performance_pay"]["working"] == "750 × 得分 80.00% = 600.00 元"
    assert pay["commission"]["amount"] == "844.80" and pay["commission"]["name"] == "销售额提成"
    assert "× 提点 6‰(转化率 70%) × 售前KPI得分 64.00 / 100 = 844.80 元" in pay["commission"]["working"]
    assert pay["award"]["amount"] == "100"
    assert "bonus" not in pay  # several items: each is its own line
    assert e002["pay_items_total"] == "1444.80" and e002["pay_total"] == "1544.80"
    # the companion section adds nothing to the total
    assert "售前KPI" not in e002["total_working"]


def test_presales_pdf_shows_each_item_and_the_sum(ran) -> None:
    pdf = next(p for p in ran.folder.rglob("*.pdf") if "E002" in p.name)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "750 × 得分 80.00% = 600.00 元" in flat
    assert "售前KPI得分 64.00 / 100 = 844.80 元" in flat
    assert "绩效工资 600.00 + 销售额提成 844.80 = 1,444.80 元" in flat or "绩效工资 600.00 + 销售额提成 844.80 = 1444.80 元" in flat
    assert "工资项合计" in flat and "不计入总分" in flat


def test_presales_excel_has_a_pay_items_sheet(ran) -> None:
    xlsx = next(p for p in ran.folder.rglob("*.xlsx"))
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["工资项"]
    header = [c.value for c in ws[4]]
    assert header[:6] == ["工号", "姓名", "总分", "绩效工资", "销售额提成", "工资项合计(元)"]
    row = next(r for r in ws.iter_rows(min_row=5, values_only=True) if r[0] == "E002")
    assert [Decimal(str(v)) for v in row[3:6]] == [Decimal("600"), Decimal("844.8"), Decimal("1444.8")]
    summary = wb["汇总"]
    heads = [c.value for c in summary[4]]
    assert "工资项合计(元)" in heads and any(h and "售前KPI" in h and "不计入总分" in h for h in heads)
    e002 = next(r for r in summary.iter_rows(min_row=5, values_only=True) if r[1] == "E002")
    assert Decimal(str(e002[heads.index("工资项合计(元)")])) == Decimal("1444.8")


def test_schemes_show_lists_the_pay_items() -> None:
    scheme = load_builtin("presales-ecommerce")
    words = "\n".join(line for block in describe(scheme) for line in [block.title, *block.lines])
    assert "工资项" in words and "绩效工资 [performance_pay]" in words and "销售额提成 [commission]" in words
    assert "售前KPI(不计入总分,供工资项使用)" in words
    data = to_dict(scheme)
    assert [p["id"] for p in data["pay"]] == ["performance_pay", "commission"]
    assert data["constants"] == {"performance_pay": "750"}


# ---- the loader: shorthand, validation with lines, constants -------------------------------------------

BASE = """\
id: t
version: "1"
name: 测试
inputs:
  - {id: a, name: A, kind: number}
  - {id: s, name: 销售额, kind: money}
grades:
  - {label: 合格, range: "[0, 100]", coefficient: 1}
sections:
  - id: main
    name: 主
    weight: 100
    indicators:
      - {id: x, name: X, weight: 100, value: {expr: "a * k"}, rule: {kind: direct}}
"""


def test_bonus_shorthand_is_one_pay_item_and_keeps_its_hash() -> None:
    text = BASE.replace('{expr: "a * k"}', "{input: a}") + "bonus: {kind: score_percent, base: 1000}\n"
    scheme = parse_scheme(text.replace("  - {id: s, name: 销售额, kind: money}\n", ""))
    assert [(p.id, p.name, p.score) for p in scheme.pay] == [("bonus", "绩效工资", "total")]
    assert scheme.bonus is scheme.pay[0].formula
    # the hash is of the YAML: the builtin schemes with `bonus:` keep theirs (test_builtin_schemes pins them)


def test_constants_fold_into_formulas_and_pay_parameters() -> None:
    text = BASE + """constants: {k: 0.5, base_pay: 400}
pay:
  - {id: fixed, name: 固定, kind: score_percent, base: base_pay}
  - {id: by_input, name: 按输入, kind: score_percent, base: 100, score: "input:s"}
"""
    scheme = parse_scheme(text)
    assert scheme.constants == {"k": Decimal("0.5"), "base_pay": Decimal(400)}
    assert [c.key for c in scheme.columns()] == ["a", "s"]  # k is no column
    row = EmployeeInput(employee=Employee(id="E1", name="甲"), values={"a": Decimal(90), "s": Decimal(20)})
    r = compute(scheme, row)
    assert r.total == Decimal("45.00")
    assert [(p.id, p.amount) for p in r.pay] == [("fixed", Decimal("180.00")), ("by_input", Decimal("20.00"))]
    assert r.bonus is not None and r.bonus.amount == Decimal("200.00")


def test_companion_section_is_scored_but_not_in_the_total() -> None:
    text = BASE.replace('{expr: "a * k"}', "{input: a}") + """  - id: side
    name: 伴随
    in_total: false
    indicators:
      - {id: y, name: Y, weight: 100, value: {input: s}, rule: {kind: direct}}
pay:
  - {id: side_pay, name: 伴随工资, kind: score_percent, base: 1000, score: "section:side"}
"""
    scheme = parse_scheme(text)
    row = EmployeeInput(employee=Employee(id="E1", name="甲"), values={"a": Decimal(90), "s": Decimal(20)})
    r = compute(scheme, row)
    assert r.total == Decimal("90.00") and r.sections[1].subtotal == Decimal("20.00") and not r.sections[1].in_total
    assert r.bonus is not None and r.bonus.amount == Decimal("200.00")


def _errors(text: str) -> list[tuple[int, str]]:
    scheme, findings = check_scheme(text)
    assert scheme is None
    return [(f.line, f.code) for f in findings if f.severity.name == "ERROR"]


def test_pay_problems_are_reported_with_their_lines() -> None:
    text = BASE + """constants: {k: 1, 9bad: 2}
pay:
  - {id: p1, name: 一, kind: score_percent, base: 1, score: "section:nope"}
  - {id: p1, name: 二, kind: nonsense}
  - {id: p3, name: 三, kind: score_percent, score: "weird"}
  - {id: p4, name: 四, kind: commission, amount_input: missing_input, rate_input: x, score: "input:zzz",
     tiers: [{range: "[0, +inf)", rate: 1‰}]}
"""
    errors = _errors(text)
    assert (15, "scheme-bad-value") in errors  # 9bad
    assert (17, "scheme-bad-value") in errors  # section:nope
    assert (18, "scheme-unknown-bonus") in errors
    assert (19, "scheme-bad-value") in errors and (19, "scheme-missing-key") in errors  # score weird, no base
    assert (20, "scheme-unknown-input") in errors  # missing_input and zzz


def test_both_bonus_and_pay_is_an_error_and_companion_weights_do_not_count() -> None:
    base = BASE.replace('{expr: "a * k"}', "{input: a}")
    both = base + "bonus: {kind: score_percent, base: 1}\npay:\n  - {id: p, name: P, kind: score_percent, base: 1}\n"
    assert (_errors(both)[0][1]) == "scheme-bad-value"
    weights = base.replace("weight: 100\n    indicators", "weight: 60\n    indicators") + """  - id: side
    name: 伴随
    in_total: false
    weight: 40
    indicators:
      - {id: y, name: Y, weight: 100, value: {input: s}, rule: {kind: direct}}
"""
    assert ("scheme-weights" in {code for _, code in _errors(weights)})


def test_docs_describe_pay_constants_and_in_total() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "scheme-format.md").read_text(encoding="utf-8")
    for word in ("pay:", "constants:", "in_total: false", "score: section:"):
        assert word in doc
