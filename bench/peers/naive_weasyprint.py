"""Peer (a): the obvious WeasyPrint loop. One jinja2 HTML per employee with the fields of the
tool's employee report and the same font, `HTML(string=…).write_pdf()` one after another in one
process, WeasyPrint's default settings (no shared FontConfiguration, no pre-parsed CSS, its own
font subsetting).

It gets the computed figures for free (bench/workload.py's JSON): only rendering is timed.

    python bench/peers/naive_weasyprint.py PEOPLE.json OUT_DIR [--limit N]   → one JSON line
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import jinja2

TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 12mm 13mm 14mm 13mm; }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 9pt; color: #1a1a1a; }
h1 { font-size: 16pt; text-align: center; color: #10365c; border-bottom: 2pt double #1f4e79; }
h2 { font-size: 11pt; color: #10365c; border-left: 4pt solid #1f4e79; padding-left: 2mm; }
table { width: 100%; border-collapse: collapse; margin-bottom: 3mm; }
th, td { border: 0.5pt solid #9aa9bb; padding: 1mm 1.5mm; }
th { background: #dce6f1; font-weight: 700; }
td.num { text-align: right; }
</style></head><body>
<h1>{{ meta.company }} 员工绩效考核报告</h1>
<table>
<tr><th>公司</th><td>{{ meta.company }}</td><th>部门</th><td>{{ meta.department }}</td></tr>
<tr><th>考核周期</th><td>{{ meta.period }}</td><th>考核方案</th><td>{{ meta.scheme }}</td></tr>
<tr><th>被考核人</th><td><b>{{ e.name }}</b></td><th>工号</th><td>{{ e.id }}</td></tr>
<tr><th>岗位</th><td>{{ e.position }}</td><th>考核人</th><td>{{ meta.manager }}</td></tr>
</table>
<h2>指标得分明细</h2>
<table><tr><th>考核指标</th><th>实际值</th><th>计分依据</th><th>得分</th><th>权重</th><th>加权得分</th></tr>
{% for s in e.sections %}<tr><td colspan="6"><b>{{ s.name }} · 权重 {{ s.weight }}</b></td></tr>
{% for i in s.indicators %}<tr><td>{{ i.name }}</td><td class="num">{{ i.value_text }}</td><td>{{ i.applied }}</td>
<td class="num">{{ i.points }} / {{ i.max_points }}</td><td class="num">{{ i.weight }}</td><td class="num">{{ i.weighted }}</td></tr>
{% endfor %}<tr><td colspan="5"><b>{{ s.name }} 小计 {{ s.subtotal }}</b></td><td class="num">{{ s.weighted }}</td></tr>{% endfor %}
</table>
{% if e.adjustments %}<h2>加分项与扣分项</h2><table><tr><th>项目</th><th>次数</th><th>计算过程</th><th>得分</th></tr>
{% for a in e.adjustments %}<tr><td>{{ a.name }}</td><td class="num">{{ a.count }}</td><td>{{ a.why }}</td><td class="num">{{ a.points }}</td></tr>{% endfor %}
</table>{% endif %}
<h2>考核结果</h2>
<table><tr><th>总分</th><th>等级</th><th>考核系数</th><th>绩效奖金(元)</th><th>名次</th></tr>
<tr><td class="num"><b>{{ e.total }}</b></td><td><b>{{ e.grade }}</b></td><td class="num">{{ e.coefficient }}</td>
<td class="num">{{ e.bonus }}</td><td class="num">{{ e.rank }}</td></tr></table>
<table><tr><th>总分</th><td>{{ e.total_why }}</td></tr><tr><th>考核系数</th><td>{{ e.coefficient_why }}</td></tr>
<tr><th>绩效奖金</th><td>{{ e.bonus_why }}</td></tr></table>
<h2>考核人评语</h2><table><tr><td>{{ e.comment }}</td></tr></table>
<h2>签字确认</h2><table><tr><th>被考核人</th><th>考核人</th><th>复核人</th></tr>
<tr><td>签字:<br><br>日期:</td><td>签字:<br><br>日期:</td><td>签字:<br><br>日期:</td></tr></table>
</body></html>"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("people", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="render only the first N employees")
    args = ap.parse_args()
    start = time.perf_counter()
    from weasyprint import HTML

    people = json.loads(args.people.read_text(encoding="utf-8"))
    if args.limit:
        people = people[: args.limit]
    template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    args.out.mkdir(parents=True, exist_ok=True)
    sizes = []
    render_start = time.perf_counter()
    for n, person in enumerate(people):
        target = args.out / f"{n:05d}-{person['e']['id']}.pdf"
        HTML(string=template.render(**person)).write_pdf(target)
        sizes.append(target.stat().st_size)
    end = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"wall": end - start, "employees": len(people), "stages": {"pdf": end - render_start},
                      "sizes": {"employee_pdf": sizes}, "rss_main_mb": usage.ru_maxrss / 1024, "rss_worker_mb": 0.0,
                      "cpu": usage.ru_utime + usage.ru_stime}))


if __name__ == "__main__":
    main()
