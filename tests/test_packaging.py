"""The built wheel, installed non-editable into a fresh venv, works from an empty folder.

An editable install (what .venv and the rest of the suite use) reads everything from the source
tree, so it cannot notice a scheme, template or stylesheet that the wheel leaves out. Here the
wheel is built once per session, installed into a new venv in tmp_path, and the console script
is run as a user would run it, from a folder that holds nothing of ours.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from importlib.metadata import version as dist_version
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator import __version__
from generator.core.text import texts

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "generator"
SAMPLE = ROOT / "sample_workbooks" / "presales-ecommerce_2026-10.xlsx"
# What setuptools has to put in the wheel besides the modules: read at run time through
# importlib.resources (scheme/loader.py schemes_dir(), report/fetcher.py assets_dir()).
DATA_GLOBS = ("schemes/*.yaml", "report/assets/**/*")
BUILTIN_IDS = sorted(p.stem for p in (PACKAGE / "schemes").glob("*.yaml"))
MIN_SETUPTOOLS = 77  # keep in step with [build-system] requires in pyproject.toml


def _major(v: str) -> int:
    return int(v.split(".")[0])


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build from a clean copy of the sources: setuptools reuses build/lib/ in the tree it builds
    in, so a file deleted from the package could survive there and hide a packaging mistake."""
    if _major(dist_version("setuptools")) < MIN_SETUPTOOLS:
        pytest.fail(f"setuptools {dist_version('setuptools')} in {sys.prefix} is too old to build the wheel; "
                    f"run: {sys.executable} -m pip install -e '.[dev]'")
    src = tmp_path_factory.mktemp("src")
    shutil.copy2(ROOT / "pyproject.toml", src)
    shutil.copy2(ROOT / "README.md", src)  # the `readme` of the package metadata
    shutil.copytree(PACKAGE, src / "generator", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = tmp_path_factory.mktemp("dist")
    # --no-build-isolation: build with this venv's setuptools instead of downloading one.
    _ok([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--disable-pip-version-check", "-q", "-w", str(dist), str(src)])
    (built,) = dist.glob("kpi_report-*.whl")
    return built


@dataclass(frozen=True)
class Installed:
    venv: Path
    site: Path

    def kpi(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.venv / "bin" / "kpi-report"), *args], cwd=cwd, env=_clean_env(),
                              capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    venv = tmp_path_factory.mktemp("venv")
    # No pip inside (ensurepip alone costs ~3 s): this venv's pip installs into it through --python.
    _ok([sys.executable, "-m", "venv", "--clear", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    _ok([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
         "--disable-pip-version-check", "-q", str(wheel)])
    site = Path(_ok([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip())
    # The dependencies (openpyxl, weasyprint, typer …) come from this project's venv instead of
    # being downloaded, so the test needs no network. That is still a fair test of the wheel:
    # - they are third-party packages that pip would install unchanged from PyPI; what is under
    #   test is our wheel — its modules, its package data and its console script;
    # - a path line in a .pth file is appended to sys.path *after* the new venv's site-packages,
    #   so it cannot shadow the installed `generator`; and the directory it names is not a site
    #   directory, so the .pth files inside it (the editable install's import hook that points at
    #   the source tree) are never executed;
    # - test_runs_from_the_installed_copy checks that `generator` really is imported from the new venv.
    deps = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (site / "_kpi_report_test_deps.pth").write_text("".join(f"{p}\n" for p in deps), encoding="utf-8")
    return Installed(venv=venv, site=site)


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["COLUMNS"] = "200"  # rich folds long scheme ids in an 80-column table
    return env


def _ok(cmd: list[str]) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True, env=_clean_env(), timeout=300, check=False)
    assert done.returncode == 0, f"{cmd}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _empty_dir(tmp_path: Path) -> Path:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    return cwd


def test_wheel_holds_every_module_and_data_file(wheel: Path) -> None:
    assert wheel.name == f"kpi_report-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata = zf.read(f"kpi_report-{__version__}.dist-info/METADATA").decode()
        entry_points = zf.read(f"kpi_report-{__version__}.dist-info/entry_points.txt").decode()
    wanted = {p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}
    for pattern in DATA_GLOBS:
        wanted |= {p for p in PACKAGE.glob(pattern) if p.is_file()}
    expected = {p.relative_to(ROOT).as_posix() for p in wanted}
    assert len(BUILTIN_IDS) >= 7
    assert {"generator/report/assets/employee.html.j2", "generator/report/assets/report.css"} <= expected
    assert sorted(expected - names) == []
    assert f"Version: {__version__}\n" in metadata and "License-Expression: MIT\n" in metadata
    assert "kpi-report = generator.cli:main" in entry_points


def test_runs_from_the_installed_copy(installed: Installed, tmp_path: Path) -> None:
    cwd = _empty_dir(tmp_path)
    done = subprocess.run([str(installed.venv / "bin" / "python"), "-c", "import generator; print(generator.__file__)"],
                          cwd=cwd, env=_clean_env(), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    where = Path(done.stdout.strip()).resolve()
    assert where.is_relative_to(installed.site.resolve()), where
    assert not where.is_relative_to(ROOT)


def test_version_and_help(installed: Installed, tmp_path: Path) -> None:
    cwd = _empty_dir(tmp_path)
    for flag in ("--version", "-V"):
        done = installed.kpi(flag, cwd=cwd)
        assert (done.returncode, done.stdout) == (0, f"kpi-report {__version__}\n"), done.stderr
    bare = installed.kpi(cwd=cwd)  # no arguments: the help, as before --version existed
    assert "Usage: kpi-report" in bare.stdout + bare.stderr and "template" in bare.stdout + bare.stderr


def test_schemes_list_and_show(installed: Installed, tmp_path: Path) -> None:
    cwd = _empty_dir(tmp_path)
    listed = installed.kpi("schemes", cwd=cwd)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert [sid for sid in BUILTIN_IDS if sid not in listed.stdout] == []
    shown = installed.kpi("schemes", "show", "callcenter-rep", cwd=cwd)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "callcenter-rep" in shown.stdout and "呼叫中心" in shown.stdout


def test_template(installed: Installed, tmp_path: Path) -> None:
    cwd = _empty_dir(tmp_path)
    done = installed.kpi("template", "--scheme", "gs-team", "--period", "2026-10", "-o", "t.xlsx", cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    wb = load_workbook(cwd / "t.xlsx")
    assert len(wb.sheetnames) >= 2


def test_run_writes_excel_and_pdfs(installed: Installed, tmp_path: Path) -> None:
    cwd = _empty_dir(tmp_path)
    shutil.copy2(SAMPLE, cwd / SAMPLE.name)
    done = installed.kpi("run", SAMPLE.name, "--out", "out", cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    names = texts("files", "zh")
    (excel,) = (cwd / "out").rglob(names["excel"])
    (team,) = (cwd / "out").rglob(names["team_pdf"])
    people = sorted((team.parent / names["employees"]).glob("*.pdf"))
    assert excel.read_bytes()[:2] == b"PK"
    assert people
    for pdf in [team, *people]:
        assert pdf.read_bytes()[:5] == b"%PDF-", pdf
