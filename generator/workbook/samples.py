"""Regenerate sample_workbooks/ (one filled, valid workbook per built-in scheme), deterministically.

    .venv/bin/python -m generator.workbook.samples          # samples and tests/data invalid cases

Values are drawn from a seeded random generator within what a real team would show (003/000
ranges), so the files are identical on every run. The invalid cases live in defects.py.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from .. import engine
from ..result import Employee, EmployeeInput
from ..scheme.loader import builtin_ids, load_builtin
from ..scheme.model import InputKind, Scheme
from .template import HeaderInfo, TemplateRow, write_template

CREATED = dt.datetime(2026, 10, 31, 18, 0, 0)
PERIOD = "2026-10"
COMPANY = "杭州云帆电子商务有限公司"

PEOPLE = (("张伟", "zhangwei"), ("王芳", "wangfang"), ("李娜", "lina"), ("刘洋", "liuyang"), ("陈静", "chenjing"),
          ("杨帆", "yangfan"), ("赵磊", "zhaolei"), ("黄婷", "huangting"), ("周杰", "zhoujie"), ("吴敏", "wumin"),
          ("徐丽", "xuli"), ("孙浩", "sunhao"), ("胡静怡", "hujingyi"), ("朱晓明", "zhuxiaoming"), ("高雪", "gaoxue"))

TEAMS = {
    "presales-ecommerce": ("电商客服部", "售前客服", "王建国", "PS"),
    "aftersales": ("售后服务部", "售后专员", "李红梅", "AS"),
    "callcenter-rep": ("呼叫中心", "客服代表", "陈志强", "CC"),
    "cs-manager": ("客服中心", "客服部经理", "赵总监", "CM"),
    "gs-team": ("GS组", "GS客服", "孙立", "GS"),
}

Values = dict[str, Decimal | None]


def _d(x: float | int, places: int = 0) -> Decimal:
    return Decimal(str(round(x, places))) if places else Decimal(int(round(x)))


def _presales(r: random.Random) -> Values:
    inquiries = r.randint(320, 900)
    paid = int(inquiries * r.uniform(0.48, 0.86))
    placed = int(paid * r.uniform(1.02, 1.25))
    shop = _d(r.uniform(118, 260), 2)
    received = r.randint(inquiries, inquiries + 400)
    return {"inquiries": _d(inquiries), "paid_buyers": _d(paid), "orders_placed": _d(placed),
            "orders_paid": _d(int(placed * r.uniform(0.80, 0.985))), "shop_order_value": shop,
            "cs_order_value": (shop * Decimal(str(round(r.uniform(1.0, 1.17), 3)))).quantize(Decimal("0.01")),
            "received": _d(received), "replied": _d(int(received * r.uniform(0.94, 1.0))),
            "response_seconds": _d(r.uniform(16, 62), 1), "task_score": _d(r.randint(6, 10)),
            "attitude_score": _d(r.choice((3, 4, 4, 5, 5))), "late_times": _d(r.choice((0, 0, 0, 1, 2))),
            "leave_days": Decimal(r.choice(("0", "0", "0.5", "1", "2"))), "tip_fives": r.choice((None, _d(0), _d(1), _d(2))),
            "sales_amount": _d(r.uniform(40000, 260000), 2)}


def _aftersales(r: random.Random) -> Values:
    planned = r.randint(20, 40)
    v: Values = {"process_rate": _d(r.uniform(0.86, 1.0), 2), "info_usage": _d(r.uniform(0.82, 1.0), 2),
                 "referrals": _d(r.randint(0, 12)), "key_visits_planned": _d(planned),
                 "key_visits_done": _d(int(planned * r.uniform(0.8, 1.0))), "satisfaction_score": _d(r.randint(76, 98)),
                 "complaint_misses": _d(r.choice((0, 0, 0, 1, 2))), "orphans_lost": _d(r.choice((0, 0, 1, 2, 4))),
                 "pay_base": _d(r.choice((3500, 4000, 4500, 5000)))}
    for key in ("customer_focus_level", "thoroughness_level", "direction_level", "responsibility_level",
                "professionalism_level"):
        v[key] = _d(r.choice((3, 3, 4, 4, 4, 5, 2)))
    return v


def _callcenter(r: random.Random) -> Values:
    complaints = r.randint(0, 10)
    days = r.choice((21, 22, 23))
    v: Values = {"spot_fails": _d(r.choice((0, 0, 1, 1, 2, 3))), "calls_answered": _d(r.randint(1500, 3100)),
                 "complaints": _d(complaints), "complaints_resolved": _d(max(complaints - r.choice((0, 0, 1, 2)), 0)),
                 "work_days": _d(days), "callbacks": _d(int(200 * days * r.uniform(0.82, 1.05))),
                 "false_callbacks": _d(r.choice((0, 0, 0, 1, 2))), "satisfaction": _d(r.uniform(0.88, 0.99), 3),
                 "reports@self": _d(r.randint(15, 20)), "reports@supervisor": _d(r.randint(13, 20)),
                 "shift_swaps": _d(r.choice((0, 1, 2, 3, 4, 5))), "top_of_team": _d(0), "exam_full": _d(r.choice((0, 0, 1))),
                 "cover_shifts": _d(r.choice((0, 0, 1, 2))), "extra_tasks": _d(r.choice((0, 1, 2))),
                 "suggestions": _d(r.choice((0, 0, 1)))}
    peers = r.choice((0, 2, 3, 3))  # some teams have no peers rating: their weight goes to the supervisor
    for n in range(1, 4):
        v[f"reports@peer#{n}"] = _d(r.randint(13, 19)) if n <= peers else None
    return v


def _manager(r: random.Random) -> Values:
    planned, complaints, needed = r.randint(100, 200), r.randint(10, 40), r.randint(50, 100)
    budget = _d(r.uniform(50000, 80000), 2)
    return {"visits_planned": _d(planned), "visits_done": _d(int(planned * r.uniform(0.85, 1.0))),
            "complaints_total": _d(complaints), "complaints_satisfied": _d(int(complaints * r.uniform(0.8, 1.0))),
            "info_needed": _d(needed), "info_on_time": _d(int(needed * r.uniform(0.85, 1.0))),
            "plan_completion": _d(r.uniform(0.85, 1.1), 2), "cost_budget": budget,
            "cost_actual": (budget * Decimal(str(round(r.uniform(0.93, 1.07), 3)))).quantize(Decimal("0.01")),
            "late_plans": _d(r.choice((0, 0, 1))), "forms_wrong": _d(r.choice((0, 0, 1))), "staff_issues": _d(0),
            "false_records": _d(0), "key_score": _d(r.randint(80, 100)), "exposures_quarter": _d(r.choice((0, 0, 0, 1, 2))),
            "exposures_year": _d(r.choice((0, 1, 2, 3))), "serious_incident": _d(0),
            "net_profit": _d(r.uniform(200000, 600000), 2)}


def _gs(r: random.Random) -> Values:
    baseline = r.randint(800, 1000)
    return {"workload_baseline": _d(baseline), "workload": _d(int(baseline * r.uniform(0.85, 1.1))),
            "qc": _d(r.uniform(0.6, 0.9), 3), "base_bonus": _d(r.choice((300, 400, 500)))}


def _generic(scheme: Scheme) -> Callable[[random.Random], Values]:
    """For a scheme without hand-written ranges: a value inside each column's bounds."""

    def make(r: random.Random) -> Values:
        v: Values = {}
        for col in scheme.columns():
            lo = col.min if col.min is not None else Decimal(0)
            hi = col.max if col.max is not None else lo + 100
            if col.kind is InputKind.LEVEL:
                v[col.key] = _d(r.choice(col.levels))
            elif col.kind is InputKind.COUNT:
                v[col.key] = _d(r.randint(int(lo), int(min(hi, lo + 5))))
            else:
                v[col.key] = (lo + (hi - lo) * Decimal(str(round(r.uniform(0.6, 1.0), 2)))).quantize(Decimal("0.01"))
        return v

    return make


MAKERS: dict[str, Callable[[random.Random], Values]] = {
    "presales-ecommerce": _presales, "aftersales": _aftersales, "callcenter-rep": _callcenter,
    "cs-manager": _manager, "gs-team": _gs,
}


def sample_rows(scheme: Scheme, count: int = 8, seed: int = 2026) -> list[TemplateRow]:
    r = random.Random(f"{scheme.id}-{seed}")
    department, position, _manager_name, prefix = TEAMS.get(scheme.id, ("客服部", "客服", "经理", "E"))
    make = MAKERS.get(scheme.id) or _generic(scheme)
    rows = []
    for i in range(count):
        name, pinyin = PEOPLE[i % len(PEOPLE)]
        emp = Employee(id=f"{prefix}{1001 + i}", name=name, position=position, email=f"{pinyin}@yunfan-ec.cn",
                       department=department)
        values = make(r)
        total = engine.compute(scheme, EmployeeInput(employee=emp, values=values)).total
        comment = "本月表现突出" if total >= 90 else ("需加强业务学习" if total < 70 else "")
        rows.append(TemplateRow(employee=emp, values={k: v for k, v in values.items() if v is not None},
                                comment=comment, preview=total))
    return rows


def header_for(scheme: Scheme) -> HeaderInfo:
    department, _position, manager, _prefix = TEAMS.get(scheme.id, ("客服部", "客服", "经理", "E"))
    return HeaderInfo(period=PERIOD, company=COMPANY, department=department, manager=manager)


def write_sample(scheme: Scheme, out: Path, **kwargs: object) -> Path:
    return write_template(scheme, header_for(scheme), out, sample_rows(scheme), created=CREATED, **kwargs)  # type: ignore[arg-type]


def write_samples(folder: Path, schemes_dir: Path | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write_sample(load_builtin(sid, schemes_dir), folder / f"{sid}_{PERIOD}.xlsx") for sid in builtin_ids(schemes_dir)]


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    for p in write_samples(root / "sample_workbooks"):
        print(p.relative_to(root))
    from .defects import write_defects

    for p in write_defects(root / "tests" / "data"):
        print(p.relative_to(root))


if __name__ == "__main__":
    main()
