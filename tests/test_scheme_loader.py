"""The scheme loader: each defect in tests/data/schemes/ gives its exact finding code and line,
and every built-in scheme loads with no error and no warning."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.core.findings import KpiError, Severity
from generator.scheme import model as m
from generator.scheme.loader import builtin_ids, check_scheme, load_scheme, parse_scheme, schemes_dir

DATA = Path(__file__).parent / "data" / "schemes"

# file → the (code, line) of every finding it must give, no more and no fewer.
BAD = {
    "weights-sum-95.yaml": [("scheme-weights", 13)],  # the section's `indicators:` line
    "bands-overlap.yaml": [("scheme-bands", 20)],  # the indicator's `bands:` line
    "bands-gap.yaml": [("scheme-bands", 20)],
    "band-edge-open-both.yaml": [("scheme-bands", 20)],  # 75% falls in neither band
    "band-edge-closed-both.yaml": [("scheme-bands", 20)],  # 75% falls in both bands
    "band-direction.yaml": [("scheme-band-direction", 21)],
    "grade-gap.yaml": [("scheme-grade-bands", 32)],  # a total of exactly 60 has no grade
    "unknown-key.yaml": [("scheme-unknown-key", 16)],  # the `colour:` line itself
    "missing-parameter.yaml": [("scheme-missing-key", 19)],  # the linear rule without target
    "unknown-input.yaml": [("scheme-unknown-input", 24)],  # the indicator that names `lateness`
    "veto-unknown-grade.yaml": [("scheme-unknown-grade", 33)],
    "give-to-unknown.yaml": [("scheme-unknown-rater", 12)],  # the `give_to: boss` line
    "bad-interval.yaml": [("scheme-bad-value", 22)],  # the band written with ';'
    "bad-yaml.yaml": [("scheme-yaml", 16)],  # the line missing its ':'
    "duplicate-key.yaml": [("scheme-yaml", 27)],  # the second `weight:`
    "unknown-rule-kind.yaml": [("scheme-unknown-rule", 29)],
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_scheme_gives_exact_codes_and_lines(name: str) -> None:
    path = DATA / name
    scheme, findings = check_scheme(path.read_text(encoding="utf-8"), str(path))
    assert scheme is None
    assert sorted((f.code, f.line) for f in findings) == sorted(BAD[name])
    assert all(f.severity is Severity.ERROR and f.file == str(path) for f in findings)
    assert all(f.message and f.message_en for f in findings)
    with pytest.raises(KpiError) as raised:
        load_scheme(path)
    assert [f.code for f in raised.value.findings] == [f.code for f in findings]


def test_every_bad_file_is_covered() -> None:
    on_disk = {p.name for p in DATA.glob("*.yaml")}
    assert on_disk - set(BAD) == {"float-weights-exact.yaml", "unused-input.yaml"}


def test_edge_mistakes_name_the_edge() -> None:
    _, closed = check_scheme((DATA / "band-edge-closed-both.yaml").read_text(encoding="utf-8"))
    _, opened = check_scheme((DATA / "band-edge-open-both.yaml").read_text(encoding="utf-8"))
    assert "overlaps" in closed[0].message
    assert "gap before (0.75" in opened[0].message
    assert "[65%, 75%)" in closed[0].hint


def test_unused_input_is_only_a_warning() -> None:
    path = DATA / "unused-input.yaml"
    scheme, findings = check_scheme(path.read_text(encoding="utf-8"), str(path))
    assert scheme is not None
    assert [(f.code, f.line, f.severity) for f in findings] == [("scheme-unused-input", 9, Severity.WARNING)]


def test_float_looking_numbers_stay_exact_decimals() -> None:
    scheme = load_scheme(DATA / "float-weights-exact.yaml")
    conversion, attendance = scheme.sections[0].indicators
    assert conversion.weight == Decimal("66.7") and attendance.weight == Decimal("33.3")
    assert conversion.weight + attendance.weight == Decimal(100)  # as floats: 100.00000000000001
    assert isinstance(conversion.rule, m.BandsRule)
    assert conversion.rule.bands[1].points == Decimal("60.05")
    assert conversion.rule.bands[0].range.low == Decimal("0.75")
    assert isinstance(attendance.rule, m.DeductionsRule)
    assert attendance.rule.items[0].points == Decimal("0.1")
    assert str(scheme.grades[1].coefficient) == "0.55"


def test_percent_and_permille_text_is_exact() -> None:
    scheme = parse_scheme((schemes_dir() / "presales-ecommerce.yaml").read_text(encoding="utf-8"))
    commission = next(p.formula for p in scheme.pay if p.id == "commission")
    assert [t.rate for t in commission.tiers] == [Decimal(r) for r in ("0.006", "0.004", "0.003", "0.002", "0.001")]


def test_all_problems_come_back_at_once() -> None:
    text = (DATA / "unknown-key.yaml").read_text(encoding="utf-8")
    text = text.replace('"[50%, 75%)"', '"[55%, 75%)"').replace("weight: 40", "weight: 45")
    scheme, findings = check_scheme(text, "two.yaml")
    assert scheme is None
    assert sorted(f.code for f in findings) == ["scheme-bands", "scheme-unknown-key", "scheme-weights"]


@pytest.mark.parametrize("scheme_id", builtin_ids())
def test_builtin_scheme_loads_clean(scheme_id: str) -> None:
    path = schemes_dir() / f"{scheme_id}.yaml"
    scheme, findings = check_scheme(path.read_text(encoding="utf-8"), str(path))
    assert findings == []
    assert scheme is not None and scheme.id == scheme_id


def test_the_builtins_are_there() -> None:
    assert builtin_ids() == ["aftersales", "aftersales-standard", "call-center-manager", "callcenter-400", "callcenter-rep",
                             "cs-manager", "customer-management", "customer-management-post", "department-appraisal", "gs-team",
                             "key-accounts",
                             "monthly-general", "presales-ecommerce", "service-level"]
