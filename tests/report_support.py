"""A realistic scheme (after seed 003's 客服部 table) and a team computed by the real engine,
for the report and pipeline tests."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from generator.engine import compute
from generator.engine.score import values_of
from generator.engine.team import compute_team
from generator.model.results import Employee, EmployeeInput, TeamResult
from generator.report.context import ReportMeta
from generator.scheme.loader import parse_scheme
from generator.scheme.model import Scheme
from tests.conftest import GRADES_003

SCHEME_YAML = """
id: presales-test
version: "2024.1"
name: 电商售前客服考核(测试)
name_en: E-commerce pre-sales (test)
raters:
  - {id: self, name: 自评, name_en: self, weight: 1}
  - {id: supervisor, name: 上级评, name_en: supervisor, weight: 2, required: true}
inputs:
  - {id: inquiries, name: 询单人数, name_en: inquiries, kind: count, min: 1}
  - {id: paid, name: 最终付款人数, name_en: paying customers, kind: count}
  - {id: response, name: 平均响应时间, name_en: response time, kind: number, unit: 秒}
  - {id: failed_checks, name: 抽查不合格次数, name_en: failed spot checks, kind: count}
  - {id: praise, name: 表扬次数, name_en: praise, kind: count, required: false}
  - {id: complaints, name: 客诉曝光次数, name_en: complaint exposures, kind: count, required: false}
sections:
  - id: performance
    name: 业绩考核
    name_en: Performance
    weight: 80
    indicators:
      - id: conversion
        name: 询单转化率
        name_en: Conversion rate
        weight: 50
        value: {ratio: [paid, inquiries], percent: true}
        rule:
          kind: bands
          bands:
            - ["[0.75, )", 100]
            - ["[0.65, 0.75)", 80]
            - ["[0.50, 0.65)", 60]
            - ["[0, 0.50)", 0]
      - id: response_time
        name: 平均响应时间
        name_en: Response time
        weight: 20
        unit: 秒
        value: {input: response}
        rule:
          kind: bands
          direction: lower_better
          bands:
            - ["[0, 30]", 100]
            - ["(30, 45]", 80]
            - ["(45, 55]", 60]
            - ["(55, )", 0]
      - id: quality
        name: 接听质量
        name_en: Call quality
        weight: 30
        max_points: 30
        rule:
          kind: deductions
          items: [{input: failed_checks, points: 2, name: 抽查不合格}]
  - id: behaviour
    name: 行为考核
    name_en: Behaviour
    weight: 20
    indicators:
      - {id: attitude, name: 工作态度, name_en: Attitude, weight: 100, value: raters, rule: {kind: direct}}
adjustments:
  - {id: praise, name: 客户表扬, name_en: Customer praise, input: praise, points: 5, cap: 10}
vetoes:
  - {id: complaints, name: 客诉曝光, name_en: Complaint exposures, input: complaints, threshold: 2, cap_grade: 中}
bonus: {kind: score_percent, base: 750}
awards: {prizes: [300, 200, 100]}
""" + GRADES_003


def scheme() -> Scheme:
    return parse_scheme(SCHEME_YAML, "<report-test>")


PEOPLE = [
    # id, name, paid/inquiries, response s, failed checks, self, supervisor, praise, complaints
    ("E001", "张三", 80, 28, 0, 90, 92, 1, 0),
    ("E002", "李四", 70, 40, 1, 85, 80, 0, 0),
    ("E003", "王五", 55, 50, 3, 80, 70, 0, 2),
    ("E004", "张三", 40, 60, 6, 70, 60, 0, 0),  # a second 张三: file names must keep them apart
    ("E005", "赵六", 76, 30, 0, 95, 95, 3, 0),
]


def inputs(people: list[tuple] | None = None) -> list[EmployeeInput]:
    rows = []
    for n, (eid, name, paid, resp, failed, self_, sup, praise, complaints) in enumerate(people or PEOPLE):
        values = values_of({"inquiries": 100, "paid": paid, "response": resp, "failed_checks": failed,
                            "praise": praise, "complaints": complaints,
                            "attitude@self": self_, "attitude@supervisor": sup})
        rows.append(EmployeeInput(employee=Employee(id=eid, name=name, position="售前客服"), values=values,
                                  comment=f"{name}本月表现说明。", row=6 + n))
    return rows


def team(people: list[tuple] | None = None, names: dict[str, str] | None = None) -> TeamResult:
    s = scheme()
    rows = inputs(people)
    if names:
        rows = [EmployeeInput(employee=Employee(id=r.employee.id, name=names.get(r.employee.id, r.employee.name)),
                              values=r.values, comment=r.comment, row=r.row) for r in rows]
    return compute_team(s, [compute(s, r) for r in rows])


def meta(lang: str = "zh", **changes: object) -> ReportMeta:
    base = dict(company="杭州某电商有限公司", department="客服部", period="2024-05", scheme_id="presales-test",
                scheme_version="2024.1", scheme_name="电商售前客服考核(测试)", scheme_name_en="E-commerce pre-sales (test)",
                input_sha256="0" * 64, generated_at=datetime(2024, 6, 3, 9, 30), manager="钱经理", lang=lang)
    base.update(changes)
    return ReportMeta(**base)  # type: ignore[arg-type]


ZERO = Decimal(0)


# ---- input workbooks for the pipeline tests (the real template writer, the built-in scheme) ----

PRESALES = [
    # id, name, inquiries, paid, placed, orders paid, cs value, received, replied, response s, task, attitude,
    # late, leave, tips, sales
    ("E001", "张三", 500, 400, 300, 290, "115.00", 800, 796, 25, 9, 5, 0, 0, 1, "300000"),
    ("E002", "李四", 600, 420, 400, 360, "108.50", 900, 880, 35, 8, 4, 1, 0, 0, "220000"),
    ("E003", "王五", 400, 230, 250, 200, "104.00", 700, 670, 50, 7, 4, 2, 1, 0, "150000"),
    ("E004", "张三", 300, 120, 200, 150, "99.00", 600, 560, 65, 6, 3, 3, 2, 0, "80000"),
    ("E005", "赵六", 550, 430, 320, 315, "120.00", 850, 850, 20, 10, 5, 0, 0, 2, "350000"),
]


# 售前KPI 满意度 (000): customers surveyed, of them very satisfied + satisfied; anyone else: 100 and 95
PRESALES_SURVEY = {"E001": (80, 77), "E002": (120, 109), "E003": (60, 52), "E004": (90, 80), "E005": (150, 150)}


def presales_rows(people: list[tuple] | None = None, names: dict[str, str] | None = None) -> list:
    from generator.workbook.template import TemplateRow

    rows = []
    for p in people or PRESALES:
        (eid, name, inq, paid, placed, opaid, cs_value, received, replied, resp, task, att, late, leave, tips,
         sales) = p
        values = {"inquiries": inq, "paid_buyers": paid, "orders_placed": placed, "orders_paid": opaid,
                  "cs_order_value": Decimal(cs_value), "shop_order_value": Decimal("100.00"), "received": received,
                  "replied": replied, "response_seconds": resp, "task_score": task, "attitude_score": att,
                  "late_times": late, "leave_days": leave, "tip_fives": tips, "sales_amount": Decimal(sales),
                  "surveyed": PRESALES_SURVEY.get(eid, (100, 95))[0], "satisfied": PRESALES_SURVEY.get(eid, (100, 95))[1]}
        emp = Employee(id=eid, name=(names or {}).get(eid, name), position="售前客服")
        rows.append(TemplateRow(employee=emp, values=values, comment=f"{name}:本月表现。"))
    return rows


def presales_workbook(path, department: str = "客服部", period: str = "2024-05", rows: list | None = None):
    from generator.scheme.loader import load_builtin
    from generator.workbook.template import HeaderInfo, write_template

    header = HeaderInfo(period=period, company="杭州某电商有限公司", department=department, manager="钱经理")
    return write_template(load_builtin("presales-ecommerce"), header, path, rows if rows is not None else presales_rows())
