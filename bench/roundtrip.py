"""Round-trip every sample workbook through LibreOffice (and Gnumeric's ssconvert, if present) and
print what of the template survived and whether the tool still reads the same (issue 12 item 8).

    .venv/bin/python bench/roundtrip.py [--samples sample_workbooks] [--keep DIR]

For each workbook and client: the meta sheet's state (veryHidden / hidden / visible / missing),
the defined names kept, print titles, frozen panes, broken names the client wrote, the finding
codes of reading the saved file, and whether every employee's total equals the original's.
Exit code 1 when any saved file reads differently. `make bench` installs libreoffice-calc-nogui.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.engine import compute  # noqa: E402
from generator.workbook import load_workbook_input  # noqa: E402
from generator.workbook.roundtrip import survey  # noqa: E402


def read(path: Path) -> tuple[list[str], list[str]]:
    loaded = load_workbook_input(path)
    totals = [f"{compute(loaded.scheme, row).total}" for row in loaded.rows] if loaded.scheme else []
    return sorted({f.code for f in loaded.findings}), totals


def via_libreoffice(files: list[Path], out: Path, work: Path) -> dict[str, Path]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return {}
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([soffice, f"-env:UserInstallation=file://{work / 'lo-profile'}", "--headless", "--norestore",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=900)
    return {f.name: out / f.name for f in files if (out / f.name).is_file()}


def via_gnumeric(files: list[Path], out: Path) -> dict[str, Path]:
    if shutil.which("ssconvert") is None:
        return {}
    out.mkdir(parents=True, exist_ok=True)
    for f in files:
        subprocess.run(["ssconvert", str(f), str(out / f.name)], capture_output=True, timeout=300)
    return {f.name: out / f.name for f in files if (out / f.name).is_file()}


def describe(kept: dict[str, object]) -> str:
    names = kept["names"]
    return (f"meta={kept['meta_sheet']:<10} names={len(names)}/4 "  # type: ignore[arg-type]
            f"titles={'yes' if kept['print_titles'] else 'LOST':<4} freeze={kept['freeze_panes'] or 'LOST':<4} "
            + (f"broken={','.join(kept['broken_names'])}" if kept["broken_names"] else ""))  # type: ignore[arg-type]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=Path, default=ROOT / "sample_workbooks")
    parser.add_argument("--keep", type=Path, help="keep the saved files in this folder")
    args = parser.parse_args()
    files = sorted(args.samples.glob("*.xlsx"))
    work = Path(args.keep or tempfile.mkdtemp(prefix="kpi-roundtrip-"))
    clients = {"LibreOffice": via_libreoffice(files, work / "libreoffice", work),
               "Gnumeric": via_gnumeric(files, work / "gnumeric")}
    if not any(clients.values()):
        print("neither soffice nor ssconvert is installed: nothing to round-trip")
        return 0
    differ = 0
    for f in files:
        codes, totals = read(f)
        print(f"{f.name}  ({len(totals)} employees)  original: {describe(survey(openpyxl.load_workbook(f)))}")
        for client, saved in clients.items():
            if f.name not in saved:
                print(f"    {client:<11} not converted" if saved else f"    {client:<11} not installed")
                continue
            got_codes, got = read(saved[f.name])
            same = got == totals and got_codes == codes
            differ += not same
            print(f"    {client:<11} {describe(survey(openpyxl.load_workbook(saved[f.name])))} "
                  f"findings={','.join(got_codes) or 'none'} totals={'same' if got == totals else 'DIFFERENT'}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{differ} saved workbooks read differently" if differ else "every saved workbook reads the same")
    return 1 if differ else 0


if __name__ == "__main__":
    import warnings

    warnings.simplefilter("ignore")  # openpyxl on Gnumeric's files: "no default style"
    sys.exit(main())
