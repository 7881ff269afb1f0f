"""The start-up check for a CJK font and libharfbuzz-subset."""

from __future__ import annotations

from generator.report.fonts import cjk_fonts, font_findings, has_harfbuzz_subset


def test_this_machine_has_what_pdfs_need() -> None:
    # make setup installs fonts-noto-cjk and libharfbuzz-subset0; the check must see them.
    assert any("CJK" in f for f in cjk_fonts())
    assert has_harfbuzz_subset()
    assert font_findings() == []


def test_missing_font_and_subsetter_are_reported() -> None:
    findings = font_findings(run=lambda cmd: "", find=lambda name: None)
    assert [f.code for f in findings] == ["no-cjk-font", "no-harfbuzz-subset"]
    assert all(f.severity == "warning" and f.hint and f.hint_en for f in findings)
    assert "fonts-noto-cjk" in findings[0].hint and "libharfbuzz-subset0" in findings[1].hint


def test_fc_list_output_is_parsed() -> None:
    out = "Noto Sans CJK SC,Noto Sans CJK SC Regular\nWenQuanYi Micro Hei\nNoto Sans CJK SC\n"
    assert cjk_fonts(run=lambda cmd: out) == ["Noto Sans CJK SC", "WenQuanYi Micro Hei"]
