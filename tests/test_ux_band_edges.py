"""A value shown beside a band never appears to fall outside it (issue 12, item 1).

14999/20000 is 74.995 %: printed "75%" beside "65% ≤ X < 75% → 80 分" the report contradicts
itself. The seeds' edges are 75 % (conversion), 92 % (payment rate) and 30 s (response time).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from generator.core.numbers import fmt_beside
from generator.engine import compute
from generator.scheme.loader import load_builtin
from tests.conftest import row

BASE = {"inquiries": 500, "paid_buyers": 400, "orders_placed": 300, "orders_paid": 290,
        "cs_order_value": Decimal("115.00"), "shop_order_value": Decimal("100.00"), "received": 800,
        "replied": 796, "response_seconds": 25, "task_score": 9, "attitude_score": 5, "late_times": 0,
        "leave_days": 0, "tip_fives": 0, "sales_amount": Decimal("300000"), "surveyed": 100, "satisfied": 96}


def indicator(**values: object):
    result = compute(load_builtin("presales-ecommerce"), row({**BASE, **values}))
    return {i.id: i for i in result.indicators}


def test_fmt_beside_adds_digits_only_when_an_edge_needs_them() -> None:
    edges = [Decimal("0.75"), Decimal("0.65")]
    assert fmt_beside(Decimal(14999) / Decimal(20000), edges, percent=True) == "74.995%"
    assert fmt_beside(Decimal("0.7"), edges, percent=True) == "70%"
    assert fmt_beside(Decimal("0.75"), edges, percent=True) == "75%"
    assert fmt_beside(Decimal("0.7499999"), edges, percent=True) == "74.99999%"
    assert fmt_beside(Decimal("30.00001"), [Decimal(30), Decimal(45)]) == "30.00001"
    assert fmt_beside(Decimal("29.99999"), [Decimal(30)]) == "29.99999"
    assert fmt_beside(Decimal("28.123456"), [Decimal(30)]) == "28.1235"


@pytest.mark.parametrize(("values", "ind", "shown", "band"), [
    ({"paid_buyers": 14999, "inquiries": 20000}, "conversion", "74.995%", "65% ≤ X < 75%"),
    ({"orders_paid": 91999, "orders_placed": 100000}, "payment_rate", "91.999%", "85% ≤ X < 92%"),
    ({"response_seconds": Decimal("30.00001")}, "response_time", "30.00001", "30 < X ≤ 45"),
])
def test_seed_edges_shown_inside_their_band(values: dict, ind: str, shown: str, band: str) -> None:
    i = indicator(**values)[ind]
    for lang in ("zh", "en"):
        assert i.value_in(lang).startswith(shown), i.value_in(lang)
        applied = i.applied.text(lang)
        assert f"X = {shown}" in applied and band in applied, applied


def _inside(text: str) -> bool:
    """Read 'X = 74.995%,65% ≤ X < 75%' back and check the printed X satisfies the printed band."""
    m = re.match(r"X = ([\d.]+)%?[,,] ?(?:([\d.]+)%? (≤|<) )?X(?: (≤|<|≥|>) ([\d.]+)%?)?", text)
    assert m, text
    x = Decimal(m.group(1))
    ok = True
    if m.group(2):
        low = Decimal(m.group(2))
        ok &= x >= low if m.group(3) == "≤" else x > low
    if m.group(4):
        edge, op = Decimal(m.group(5)), m.group(4)
        ok &= {"≤": x <= edge, "<": x < edge, "≥": x >= edge, ">": x > edge}[op]
    return ok


@pytest.mark.parametrize("paid", [14999, 14998, 15000, 12999, 13000, 9999, 10001, 19999])
def test_every_printed_conversion_lies_in_its_printed_band(paid: int) -> None:
    i = indicator(paid_buyers=paid, inquiries=20000)["conversion"]
    assert _inside(i.applied.text("zh")), i.applied.text("zh")
    assert _inside(i.applied.text("en")), i.applied.text("en")


def _edge_team():
    from generator.engine.team import compute_team

    s = load_builtin("presales-ecommerce")
    people = [row({**BASE, "paid_buyers": 14999, "inquiries": 20000, "orders_paid": 91999, "orders_placed": 100000,
                   "response_seconds": Decimal("30.00001")}, "E001", "张三"),
              row(BASE, "E002", "李四")]
    return compute_team(s, [compute(s, p) for p in people])


def test_excel_has_one_exact_value_column(tmp_path) -> None:
    import openpyxl

    from generator.report.excel import write_excel
    from tests.report_support import meta

    team = _edge_team()
    path = write_excel(team, meta(), tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(path)["指标明细"]
    header = [c.value for c in ws[4]]
    assert sum(1 for h in header if h and "实际值" in str(h)) == 1
    col = header.index("实际值")
    cells = {(r[0].value, r[3].value): r[col] for r in ws.iter_rows(min_row=5) if r[0].value == "E001"}
    conv = cells[("E001", "询单转化率")]
    assert conv.number_format == "0.000%" and Decimal(str(conv.value)) == Decimal("0.74995")
    pay = cells[("E001", "支付率")]
    assert pay.number_format == "0.000%" and Decimal(str(pay.value)) == Decimal("0.91999")
    resp = cells[("E001", "平均响应时间")]
    assert resp.number_format == '0.00000 "秒"' and Decimal(str(resp.value)) == Decimal("30.00001")


def test_pdf_prints_the_digits_the_band_needs(tmp_path) -> None:
    import subprocess

    from generator.report.pdf import PdfWriter, employee_html
    from tests.report_support import meta

    r = _edge_team().employees
    e001 = next(e for e in r if e.employee.id == "E001")
    for lang in ("zh", "en"):
        path = PdfWriter().write(employee_html(e001, meta(lang)), tmp_path / f"{lang}.pdf")
        text = "".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                      check=True).stdout.split())
        assert "X=74.995%" in text and "X=91.999%" in text and "X=30.00001" in text
        assert "X=75%" not in text and "X=92%" not in text and "X=30," not in text
