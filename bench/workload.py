"""The benchmark's data: N generated employees in team workbooks of 20, and the same employees'
report fields as JSON for the peers (which get the computed figures for free: they only render).

Deterministic (one seed), so every round and every tool sees the same people and numbers.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.engine import compute  # noqa: E402
from generator.engine.team import compute_team  # noqa: E402
from generator.model.results import Employee  # noqa: E402
from generator.pipeline import Settings, _meta  # noqa: E402
from generator.report.views import employee_view, meta_view  # noqa: E402
from generator.scheme.loader import load_builtin  # noqa: E402
from generator.workbook import load_workbook_input  # noqa: E402
from generator.workbook.template import HeaderInfo, TemplateRow, write_template  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英彧"
SCHEME = "presales-ecommerce"
PERIOD = "2024-05"
PER_WORKBOOK = 20
CLOCK = datetime(2024, 6, 3, 9, 0)


def presales_row(rng: random.Random, n: int, team: int) -> TemplateRow:
    """Plausible 电商售前 figures: paid ≤ inquiries, paid orders ≤ placed orders, etc."""
    inquiries = rng.randint(300, 900)
    placed = rng.randint(200, 800)
    received = rng.randint(400, 1200)
    values: dict[str, object] = {
        "inquiries": inquiries, "paid_buyers": int(inquiries * rng.uniform(0.40, 0.85)),
        "orders_placed": placed, "orders_paid": int(placed * rng.uniform(0.70, 0.99)),
        "cs_order_value": Decimal(rng.randint(9000, 13000)) / 100, "shop_order_value": Decimal("100.00"),
        "received": received, "replied": int(received * rng.uniform(0.93, 1.0)),
        "response_seconds": rng.randint(15, 70), "task_score": rng.randint(5, 10), "attitude_score": rng.randint(2, 5),
        "late_times": rng.choice([0, 0, 0, 1, 2]), "leave_days": rng.choice([0, 0, 1, 2]),
        "tip_fives": rng.choice([0, 0, 1, 2]), "sales_amount": Decimal(rng.randint(50_000, 400_000)),
    }
    surveyed = rng.randint(40, 160)  # 售前KPI 满意度 (presales-ecommerce 2024.3), drawn last: the figures above stay
    values.update(surveyed=surveyed, satisfied=int(surveyed * rng.uniform(0.83, 1.0)))
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    emp = Employee(id=f"T{team:03d}E{n:03d}", name=name, position="售前客服")
    return TemplateRow(employee=emp, values=values, comment=f"{name}本月表现稳定,继续保持。")


def generate(folder: Path, employees: int, per_workbook: int = PER_WORKBOOK) -> list[Path]:
    """`employees` people in ⌈employees / per_workbook⌉ team workbooks under `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    scheme = load_builtin(SCHEME)
    rng = random.Random(20240501)
    paths, left, t = [], employees, 0
    while left > 0:
        t += 1
        size = min(per_workbook, left)
        header = HeaderInfo(period=PERIOD, company="杭州某电商有限公司", department=f"售前客服{t:03d}组", manager="钱经理")
        rows = [presales_row(rng, n, t) for n in range(1, size + 1)]
        paths.append(write_template(scheme, header, folder / f"team-{t:03d}.xlsx", rows))
        left -= size
    return paths


def peer_data(workbooks: list[Path], target: Path) -> int:
    """Every employee's report fields (the views the tool's own template gets) as one JSON file."""
    settings = Settings(out_dir=target.parent, clock=lambda: CLOCK)
    people = []
    for path in workbooks:
        lw = load_workbook_input(path)
        team = compute_team(lw.scheme, [compute(lw.scheme, r) for r in lw.rows])
        meta = _meta(lw, settings)
        people += [{"meta": meta_view(meta), "e": employee_view(r, meta)} for r in team.employees]
    target.write_text(json.dumps(people, ensure_ascii=False), encoding="utf-8")
    return len(people)
