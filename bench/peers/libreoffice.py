"""Peer (b): the LibreOffice path HR teams use today. One filled A4 xlsx form per employee
(openpyxl: the report's fields, the same font, A4 portrait fitted to one page wide), then one
`soffice --headless --convert-to pdf` batch over all the forms.

It gets the computed figures for free (bench/workload.py's JSON); filling the forms and the
conversion are timed. LibreOffice's first start with a new profile (a few seconds) is done
once, untimed, before the first round.

    python bench/peers/libreoffice.py PEOPLE.json OUT_DIR --profile DIR [--limit N]   → one JSON line
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

FONT = "Noto Sans CJK SC"
THIN = Side(style="thin", color="9AA9BB")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD = PatternFill("solid", fgColor="DCE6F1")


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise SystemExit("LibreOffice (soffice) is not installed: `make bench` installs libreoffice-calc-nogui")
    return found


def fill(person: dict[str, Any], path: Path) -> None:
    meta, e = person["meta"], person["e"]
    wb = Workbook()
    ws = wb.active
    ws.title = "考核报告"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for col, width in zip("ABCDEF", (14, 14, 40, 14, 8, 12), strict=True):
        ws.column_dimensions[col].width = width
    rows: list[tuple[list[str], str]] = [([f"{meta['company']} 员工绩效考核报告"], "title"),
                                         (["公司", meta["company"], "部门", meta["department"]], "meta"),
                                         (["考核周期", meta["period"], "考核方案", meta["scheme"]], "meta"),
                                         (["被考核人", e["name"], "工号", e["id"]], "meta"),
                                         (["岗位", e["position"], "考核人", meta["manager"]], "meta"),
                                         (["考核指标", "实际值", "计分依据", "得分", "权重", "加权得分"], "head")]
    for s in e["sections"]:
        rows.append(([f"{s['name']} · 权重 {s['weight']}"], "section"))
        rows += [([i["name"], i["value_text"], i["applied"], f"{i['points']} / {i['max_points']}", i["weight"],
                   i["weighted"]], "row") for i in s["indicators"]]
        rows.append(([f"{s['name']} 小计 {s['subtotal']}", "", "", "", "", s["weighted"]], "row"))
    rows += [([a["name"], a["count"], a["why"], "", "", a["points"]], "row") for a in e["adjustments"]]
    rows += [(["总分", "等级", "考核系数", "绩效奖金(元)", "名次"], "head"),
             ([e["total"], e["grade"], e["coefficient"], e["bonus"], e["rank"]], "row"),
             (["总分", e["total_why"]], "row"), (["考核系数", e["coefficient_why"]], "row"),
             (["绩效奖金", e["bonus_why"]], "row"), (["考核人评语", e["comment"]], "row"),
             (["被考核人签字:", "", "考核人签字:", "", "复核人签字:"], "row")]
    for r, (values, kind) in enumerate(rows, 1):
        for c, value in enumerate(values, 1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.font = Font(name=FONT, size=16 if kind == "title" else 9, bold=kind in ("title", "head", "section"))
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center" if kind == "title" else None)
            if kind != "title":
                cell.border = BOX
            if kind in ("head", "section") or (kind == "meta" and c % 2):
                cell.fill = HEAD
        if kind in ("title", "section"):
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
        elif len(values) == 2:  # a label and a long explanation: the explanation spans the row
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=6)
    wb.save(path)


def convert(forms: list[Path], out: Path, profile: Path) -> None:
    cmd = [soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
           "--convert-to", "pdf", "--outdir", str(out), *map(str, forms)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=24 * 3600)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("people", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--profile", type=Path, required=True, help="LibreOffice user profile folder (kept between rounds)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N employees")
    args = ap.parse_args()
    people = json.loads(args.people.read_text(encoding="utf-8"))
    if args.limit:
        people = people[: args.limit]
    forms_dir, pdf_dir = args.out / "forms", args.out / "pdf"
    forms_dir.mkdir(parents=True, exist_ok=True)
    pdf_dir.mkdir(parents=True, exist_ok=True)
    if not args.profile.exists():  # LibreOffice's first start builds its profile: not part of the work
        fill(people[0], args.out / "warm-up.xlsx")
        convert([args.out / "warm-up.xlsx"], args.out, args.profile)
    start = time.perf_counter()
    forms = []
    for n, person in enumerate(people):
        forms.append(forms_dir / f"{n:05d}-{person['e']['id']}.xlsx")
        fill(person, forms[-1])
    filled = time.perf_counter()
    convert(forms, pdf_dir, args.profile)
    end = time.perf_counter()
    sizes = [(pdf_dir / f.with_suffix(".pdf").name).stat().st_size for f in forms]  # every form became a PDF
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"wall": end - start, "employees": len(people),
                      "stages": {"fill xlsx": filled - start, "soffice convert": end - filled},
                      "sizes": {"employee_pdf": sizes}, "rss_main_mb": own.ru_maxrss / 1024,
                      "rss_worker_mb": kids.ru_maxrss / 1024,
                      "cpu": own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime}))


if __name__ == "__main__":
    main()
