"""department-appraisal: 003 客服部门绩效考核表 (部门绩效考核表 and 表一 部门职责考核表) as a built-in scheme.

003: "部门职责 部门计划 客户评价 (满意度调查) 重关指标 总分 / 自评分 100 96 100 / 审核分
      注:总分=(部门职责30%+部门计划30%+客户评价(满意度调查)20%)×重关指标值";
     "5、填表人、自评人与审核人的签字对本表的真实性与客观性负有完全责任; 6、本表一式二份";
     表一 "注: 1.自评人负责对各指标的评价,审核人负责对评价结果审核评分; 2.得分=∑(评分×权重); 3.重关指标值=重关指标得分/100".
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pypdf
import pytest

from generator.engine import compute
from generator.scheme.loader import load_builtin
from generator.workbook import load_workbook_input
from tests.conftest import row

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_workbooks" / "department-appraisal_2026Q4.xlsx"
DUTIES = ("service", "quality_feedback", "training", "archives")
ITEMS = (*DUTIES, "work_plan", "satisfaction")
S = load_builtin("department-appraisal")


def _dept(self_: dict[str, int], review: dict[str, int], key_score: int | str) -> dict[str, object]:
    v: dict[str, object] = {"key_score": key_score}
    v.update({f"{k}@self": s for k, s in self_.items()})
    v.update({f"{k}@review": s for k, s in review.items()})
    return v


# the seed's 自评分 row: 部门职责 100, 部门计划 96, 客户评价 100 (表一: 40 + 20 + 20 + 20 = "得分100% 100")
SEED_SELF = {**dict.fromkeys(DUTIES, 100), "work_plan": 96, "satisfaction": 100}


def test_hand_worked_department_with_the_seed_scores() -> None:
    # 003: "自评分100 96 100 审核分"; "总分=(部门职责30%+部门计划30%+客户评价(满意度调查)20%)×重关指标值";
    # 表一: "2.得分=∑(评分×权重); 3.重关指标值=重关指标得分/100"
    r = compute(S, row(_dept(SEED_SELF, SEED_SELF, 95)))
    subtotal = {s.id: s.subtotal for s in r.sections}
    # 表一: 100 × 40% + 100 × 20% + 100 × 20% + 100 × 20% = 100
    assert subtotal == {"duties": D(100), "plan": D(96), "customers": D(100)}
    # 30 : 30 : 20 scaled to 37.5 : 37.5 : 25 (notes 1): 37.50 + 36.00 + 25.00 = 98.50
    assert r.base_total == D("98.50")
    # × 重关指标值 95/100: 98.50 × 0.95 = 93.575 → 93.58 (四舍五入, not half-to-even)
    assert r.total == D("93.58")
    assert r.grade == "优" and r.coefficient == D("1.3")


def test_the_review_score_decides_and_the_self_score_is_shown() -> None:
    # 表一: "1.自评人负责对各指标的评价,审核人负责对评价结果审核评分"; 使用说明 "3、审核总分作为计发业绩工资的依据"
    review = {"service": 90, "quality_feedback": 100, "training": 80, "archives": 70, "work_plan": 85, "satisfaction": 92}
    proud = compute(S, row(_dept(dict.fromkeys(ITEMS, 100), review, 90)))
    modest = compute(S, row(_dept(dict.fromkeys(ITEMS, 50), review, 90)))
    # duties 90×40% + 100×20% + 80×20% + 70×20% = 86 → 32.25; plan 85 → 31.88 (31.875); survey 92 → 23
    # 87.13 × 0.9 = 78.417 → 78.42
    assert proud.total == modest.total == D("78.42") and proud.grade == "中"
    service = next(i for i in proud.indicators if i.id == "service")
    assert service.points == D(90)
    assert [(p.rater, p.points, p.weight) for p in service.rater_points] == [("self", D(100), D(0)),
                                                                              ("review", D(90), D(1))]


def test_the_form_as_the_seed_has_it() -> None:
    assert S.period == "quarter"  # "考核期 … 季(月)", "占部门经理季度考核分的80%"
    assert [(r.id, r.weight, r.required) for r in S.raters] == [("self", D(0), False), ("review", D(1), True)]
    assert [(sec.id, sec.weight) for sec in S.sections] == [("duties", D("37.5")), ("plan", D("37.5")),
                                                           ("customers", D(25))]
    assert [i.weight for _sec, i in S.indicators()][:4] == [40, 20, 20, 20]  # 表一 权重%
    assert S.multiplier is not None and S.multiplier.input == "key_score" and S.multiplier.divisor == 100
    assert S.signoff is not None and S.signoff.copies == 2
    assert [(x.name, x.name_en) for x in S.signoff.roles] == [
        ("填表人", "Prepared by"), ("自评人", "Self-assessed by"), ("审核人", "Reviewed by")]
    assert S.improvement is not None and S.improvement.name == "绩效提高与改进措施"
    assert "80%" in S.notes and "37.5%" in S.notes  # the reading of 30 + 30 + 20


def test_a_missing_review_score_is_an_error_at_its_cell(tmp_path: Path) -> None:
    src = tmp_path / "dept.xlsx"
    shutil.copy(SAMPLE, src)
    wb = openpyxl.load_workbook(src)
    ws = wb["考核数据"]
    head = next(c for line in ws.iter_rows() for c in line if c.value == "工作计划考核-审核(分)")
    target = ws.cell(head.row + 1, head.column)
    target.value = None
    wb.save(src)
    loaded = load_workbook_input(src, expected_period="2026Q4")
    assert [f.cell for f in loaded.findings if f.severity.name == "ERROR"] == [target.coordinate]


def _text(path: Path) -> str:
    return "".join(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sample_run_prints_both_columns_and_the_003_sign_off(tmp_path: Path, lang: str) -> None:
    done = subprocess.run([sys.executable, "-m", "generator.cli", "run", str(SAMPLE), "--out", str(tmp_path),
                           "--lang", lang], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    pdfs = sorted(tmp_path.rglob("*.pdf"))
    assert len(pdfs) == 9  # eight departments and the team
    zh = lang == "zh"
    roles = ("填表人", "自评人", "审核人") if zh else ("Preparedby", "Self-assessedby", "Reviewedby")
    for pdf in pdfs:
        assert len(pypdf.PdfReader(str(pdf)).pages) == 1
        text = _text(pdf)
        tail = text.split("签字确认" if zh else "Sign-off")[-1]
        assert tail.index(roles[0]) < tail.index(roles[1]) < tail.index(roles[2])
        assert ("本表一式二份" if zh else "Thisformismadein2copies") in tail
        if "team" not in pdf.name and "团队" not in pdf.name:
            assert ("自评审核" if zh else "SelfReview") in text  # the two columns side by side
            assert ("0×自评" if zh else "0×Self") in text and ("1×审核" if zh else "1×Review") in text
            assert ("重关指标值" if zh else "Key-indicator") in text
