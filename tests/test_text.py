"""The one zh/en text table: complete, consistent, and holding every key the code asks for."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import generator
from generator.core.text import LANGS, both, check_lang, pick, t, texts
from generator.core.text_table import EN_CJK_ALLOWED, TEXTS

PACKAGE = Path(generator.__file__).parent
# Ideographs plus CJK punctuation and full-width forms ("：", "，", "（"): none belongs in English.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
CALLS = {"t": "key", "both": "key", "texts": "prefix"}


def fields(text: str) -> set[str]:
    """The names of a text's str.format fields: '{s:.1f}' and '{id!r}' give 's' and 'id'."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def literal_keys(source: str, filename: str = "<string>") -> list[tuple[str, str, int]]:
    """(function, literal first argument, line) of every t/both/texts call, plain or as a method."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        first = node.args[0]
        if name in CALLS and isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append((name, first.value, node.lineno))
    return found


def unknown(calls: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    prefixes = {key.rsplit(".", 1)[0] for key in TEXTS}
    return [(name, key, line) for name, key, line in calls
            if (key.rstrip(".") not in prefixes if CALLS[name] == "prefix" else key not in TEXTS)]


def test_every_key_is_a_dotted_id_with_both_forms() -> None:
    assert len(TEXTS) > 100
    for key, forms in TEXTS.items():
        assert re.fullmatch(r"[a-z]+(\.[a-z0-9_]+)+", key), key
        assert isinstance(forms, tuple) and len(forms) == len(LANGS), key
        zh, en = forms
        assert isinstance(zh, str) and zh.strip(), f"{key}: no Chinese"
        assert isinstance(en, str) and en.strip(), f"{key}: no English"


def test_zh_and_en_have_the_same_fields_and_both_format() -> None:
    for key, (zh, en) in TEXTS.items():
        assert fields(zh) == fields(en), key
        # t(key, lang, **fields) could not pass these two as fields
        assert not fields(zh) & {"key", "lang"}, key
        values = dict.fromkeys(fields(zh), 1.5)  # a number takes every spec used (.1f, !r)
        for lang in LANGS:
            assert "{" not in t(key, lang, **values), (key, lang)


def test_english_holds_no_chinese_unless_allowed() -> None:
    offenders = {key: en for key, (_, en) in TEXTS.items() if CJK.search(en) and key not in EN_CJK_ALLOWED}
    assert offenders == {}
    for key in EN_CJK_ALLOWED:  # an allowance nobody needs any more is removed
        assert key in TEXTS and CJK.search(TEXTS[key][1]), key


def test_t_formats_fields_in_either_language() -> None:
    summary = {"n": 3, "a": 2, "r": 1, "e": 24, "s": 1.5}
    assert t("print.run_summary", "en", **summary) == "3 workbooks: 2 accepted, 1 rejected; 24 employees; 1.5 s"
    assert t("print.run_summary", "zh", **summary) == "工作簿 3 个:通过 2,未通过 1;员工 24 名;用时 1.5 秒"
    assert t("report.total") == "总分"  # Chinese is the default
    assert t("report.total", "en") == "Total"
    assert t("report.aside", "zh", text="方案", aside="v1") == "方案(v1)"
    assert t("report.aside", "en", text="Scheme", aside="v1") == "Scheme (v1)"


def test_a_missing_key_or_field_fails_loudly() -> None:
    with pytest.raises(KeyError, match="report.nope"):
        t("report.nope")
    with pytest.raises(KeyError, match="'n'"):
        t("print.dropped", "en")  # "{n} more findings not listed" without n
    with pytest.raises(KeyError, match="nope"):
        texts("nope", "zh")


def test_languages() -> None:
    assert LANGS == ("zh", "en")
    assert [check_lang(lang) for lang in LANGS] == ["zh", "en"]
    with pytest.raises(ValueError) as info:
        check_lang("fr")
    message = str(info.value)
    assert "不支持的语言" in message and "unsupported language 'fr'" in message
    with pytest.raises(ValueError):
        t("report.total", "EN")


def test_texts_for_templates() -> None:
    en = texts("report", "en")
    assert en["total"] == "Total" and en["sheet_summary"] == "Summary"
    assert texts("report.", "en") == en
    assert set(en) == set(texts("report", "zh")) == {k.split(".", 1)[1] for k in TEXTS if k.startswith("report.")}
    assert texts("files", "zh") == {"excel": "绩效考核报告.xlsx", "team_pdf": "团队汇总.pdf", "employees": "个人报告",
                                    "rejected": "未通过", "annotated": "-批注.xlsx"}
    assert texts("files", "en")["excel"] == "appraisal-report.xlsx"


def test_both_and_pick() -> None:
    assert both("lang.choice") == "zh 或 en / zh or en"
    assert both("template.no_roster", path="a.csv") == "找不到名单文件:a.csv / no such file: a.csv"
    assert pick("优秀", "Excellent", "en") == "Excellent"
    assert pick("优秀", "", "en") == "优秀"  # a scheme without English falls back to Chinese
    assert pick("优秀", "Excellent", "zh") == "优秀"


def test_the_scan_finds_unknown_keys() -> None:
    source = 't("report.total", lang)\nb.t("report.nope")\ntexts("nowhere", "en")\nboth("lang.choice")\nt(key)\n'
    assert unknown(literal_keys(source)) == [("t", "report.nope", 2), ("texts", "nowhere", 3)]


def test_every_literal_key_in_the_code_exists() -> None:
    calls, missing = 0, []
    for path in sorted(PACKAGE.rglob("*.py")):
        found = literal_keys(path.read_text(encoding="utf-8"), str(path))
        calls += len(found)
        missing += [(str(path.relative_to(PACKAGE)), *call) for call in unknown(found)]
    assert missing == []
    assert calls > 50  # the scan really looked at the report code


def test_every_label_a_template_uses_exists() -> None:
    labels = texts("report", "zh")
    used = set()
    for path in (PACKAGE / "report" / "assets").glob("*.j2"):
        used |= set(re.findall(r"\bt\.([a-z_]+)", path.read_text(encoding="utf-8")))
    assert len(used) > 40
    assert sorted(used - set(labels)) == []
