"""The catalogue of finding codes matches the source: every code reported is catalogued, every
entry is reported somewhere (or reserved), and a code's usual severity is one it is reported at."""

from __future__ import annotations

import dataclasses
import re
import textwrap
from pathlib import Path

import pytest

from generator.core.catalogue import AREAS, CATALOGUE, Code, codes, lookup
from generator.core.findings import Finding, Severity
from tests.finding_codes import Scan, Use, scan

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "generator"
CATALOGUE_FILE = SOURCE / "core" / "catalogue.py"

# Catalogued for work in progress elsewhere; each leaves this set when code reports it.
RESERVED: set[str] = set()
KEBAB = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
CJK = re.compile(r"[\u4e00-\u9fff]")


def source_files() -> list[Path]:
    # The catalogue itself (catalogue.py and its parts catalogue_*.py) names every code; it must not
    # count as their use.
    return [p for p in SOURCE.rglob("*.py") if not (p.parent == CATALOGUE_FILE.parent and p.name.startswith("catalogue"))]


@pytest.fixture(scope="module")
def found() -> Scan:
    return scan(source_files())


def uncatalogued(result: Scan) -> list[Use]:
    return sorted((u for u in result.uses if u.code not in CATALOGUE), key=lambda u: (u.path, u.line))


def listing(uses: list[Use]) -> str:
    return "\n".join(f"  {str(u).removeprefix(str(ROOT) + '/')}" for u in uses)


# -- the source against the catalogue --------------------------------------------------------

def test_every_code_reported_is_catalogued(found: Scan) -> None:
    missing = uncatalogued(found)
    assert not missing, ("codes reported in generator/ without an entry in generator/core/catalogue.py "
                         f"(add one: area, severity, title and hint in Chinese and English):\n{listing(missing)}")


def test_every_code_is_a_literal(found: Scan) -> None:
    assert not found.unresolved, ("finding codes must be string literals so they can be checked against the "
                                  f"catalogue; these are computed:\n{listing(list(found.unresolved))}")


def test_every_entry_is_reported_or_reserved(found: Scan) -> None:
    unused = sorted(set(CATALOGUE) - found.codes() - RESERVED)
    assert not unused, (f"catalogued but reported nowhere in generator/: {unused}; delete the entries "
                        "or add them to RESERVED in tests/test_catalogue.py while the code is being written")


def test_reserved_codes_are_catalogued_and_not_yet_reported(found: Scan) -> None:
    assert RESERVED <= set(CATALOGUE), sorted(RESERVED - set(CATALOGUE))
    now_used = sorted(RESERVED & found.codes())
    assert not now_used, f"now reported in generator/, remove from RESERVED in tests/test_catalogue.py: {now_used}"


def test_usual_severity_is_one_the_code_is_reported_at(found: Scan) -> None:
    wrong = []
    for code, entry in sorted(CATALOGUE.items()):
        seen = {u.severity for u in found.where(code) if u.severity}
        if seen and entry.severity.value not in seen:
            wrong.append(f"{code}: catalogue says {entry.severity.value}, reported as {sorted(seen)}")
    assert not wrong, "\n".join(wrong)


# -- the scanner sees what it must (else the tests above would pass vacuously) ----------------

def test_scanner_finds_the_known_call_shapes(found: Scan) -> None:
    assert {"Finding", "add", "problem", "_bad"} <= {f.name for f in found.factories}
    in_workbook = {u.code for u in found.uses if "/workbook/" in u.path}
    in_scheme = {u.code for u in found.uses if "/scheme/" in u.path}
    assert len(in_workbook) >= 40, sorted(in_workbook)
    assert len(in_scheme) >= 20, sorted(in_scheme)
    assert len(found.codes()) >= 80
    # one of each shape: rep.add, b.problem, _bad, Finding(code=...), a comparison
    assert {"missing-column", "scheme-yaml", "file-xls", "output-busy", "no-cjk-font"} <= found.codes()
    assert any(u.path.endswith("workbook/load.py") for u in found.where("scheme-not-found"))


def test_scanner_reads_severity_from_calls(found: Scan) -> None:
    assert {u.severity for u in found.where("extra-column")} == {"warning"}  # rep.add(..., severity=WARNING)
    assert {u.severity for u in found.where("scheme-weights")} == {"error"}  # b.problem's default
    assert {u.severity for u in found.where("missing-column")} == {None}  # severity=severity: unknown


def test_a_new_code_without_an_entry_fails(tmp_path: Path) -> None:
    new = tmp_path / "new_feature.py"
    new.write_text(textwrap.dedent('''
        from generator.core.findings import Finding, Severity

        class Oops(Exception):
            def __init__(self, code: str, message: str):
                self.code, self.message = code, message

        def warn(path, code, zh, en, hint=""):
            return Finding(code=code, message=zh, message_en=en, file=path, severity=Severity.WARNING)

        def check(rep, b, seen, ok):
            rep.add("brand-new-code", "A1", "新问题", "new problem")
            b.problem(3, "scheme-brand-new", "新问题", "new problem")
            warn("x.xlsx", "helper-new" if ok else "missing-column", "新", "new")
            seen.add("not-a-code")  # set.add: one argument, not a Reporter
            raise Oops("raised-new", "m")
    '''), encoding="utf-8")
    result = scan([*source_files(), new])
    missing = {u.code for u in uncatalogued(result) if u.path == str(new)}
    assert missing == {"brand-new-code", "scheme-brand-new", "helper-new", "raised-new"}
    assert {u.severity for u in result.where("helper-new")} == {"warning"}


def test_a_computed_code_is_reported(tmp_path: Path) -> None:
    new = tmp_path / "dynamic.py"
    new.write_text(textwrap.dedent('''
        def check(rep, n):
            rep.add(f"row-{n}", "A1", "zh", "en")
            code = "sneaky"
            rep.add(code, "A2", "zh", "en")
            rep.add(rep.findings[0].code, "A3", "zh", "en")  # passing a code on is fine
    '''), encoding="utf-8")
    result = scan([*source_files(), new])
    assert sorted((u.line, u.code) for u in result.unresolved if u.path == str(new)) == [(3, "f'row-{n}'"), (5, "code")]


# -- the catalogue itself ---------------------------------------------------------------------

def test_entries_are_complete_in_both_languages() -> None:
    for entry in CATALOGUE.values():
        assert KEBAB.fullmatch(entry.code), entry.code
        assert entry.area in AREAS, entry
        assert isinstance(entry.severity, Severity)
        assert CJK.search(entry.title) and CJK.search(entry.hint), entry.code
        assert re.search("[A-Za-z]{3}", entry.title_en) and re.search("[A-Za-z]{3}", entry.hint_en), entry.code
        assert not CJK.search(entry.title_en), entry.code


def test_lookup_and_codes() -> None:
    entry = lookup("missing-column")
    assert (entry.code, entry.area, entry.severity) == ("missing-column", "workbook", Severity.ERROR)
    with pytest.raises(KeyError, match="no-such-code"):
        lookup("no-such-code")
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.title = "x"  # type: ignore[misc]
    assert codes() == list(CATALOGUE.values())
    by_area = [c for area in AREAS for c in codes(area)]
    assert sorted(c.code for c in by_area) == sorted(CATALOGUE)
    assert all(c.area == "scheme" for c in codes("scheme")) and len(codes("scheme")) >= 20
    assert isinstance(entry, Code)


# -- Finding.hint_text falls back to the catalogue --------------------------------------------

def test_hint_falls_back_to_the_catalogue() -> None:
    bare = Finding(code="file-empty", message="文件是空的")
    assert bare.hint_text() == lookup("file-empty").hint
    assert bare.hint_text("en") == lookup("file-empty").hint_en
    assert bare.to_dict("en")["hint"] == lookup("file-empty").hint_en


def test_own_hint_wins_and_unknown_codes_have_none() -> None:
    own = Finding(code="file-empty", message="m", hint="自己的提示", hint_en="own hint")
    assert (own.hint_text(), own.hint_text("en")) == ("自己的提示", "own hint")
    zh_only = Finding(code="file-empty", message="m", hint="自己的提示")
    assert zh_only.hint_text("en") == "自己的提示"  # as before: a finding's own words beat a generic hint
    assert Finding(code="not-catalogued", message="m").hint_text() == ""
