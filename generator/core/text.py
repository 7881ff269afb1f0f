"""The one zh/en text mechanism: every message, label and output name by dotted id.

    t("run.summary", lang, n=3, a=2, r=1, e=24, s=1.5)   one text, fields filled
    texts("report", lang)                                 {"total": "总分", ...} for {{ t.total }}
    pick(scheme.name, scheme.name_en, lang)               a scheme's own text, Chinese as fallback
    both("lang.choice")                                   "zh 或 en / zh or en", before --lang is known

The table is generator/core/text_table.py. An unknown id is a KeyError and an unknown
language a ValueError, never a blank: a text nobody wrote must fail a test, not a report.
"""

from __future__ import annotations

from generator.core.text_table import TEXTS

LANGS = ("zh", "en")


def check_lang(lang: str) -> str:
    """`lang` if it is one of LANGS; otherwise a ValueError whose message is in both languages."""
    if lang in LANGS:
        return lang
    raise ValueError(both("lang.unknown", given=lang))


def _form(key: str, lang: str) -> str:
    try:
        zh, en = TEXTS[key]
    except KeyError:
        raise KeyError(f"no text {key!r} in generator/core/text_table.py") from None
    return en if check_lang(lang) == "en" else zh


def t(key: str, lang: str = "zh", **fields: object) -> str:
    """The text `key` in `lang`, with its {fields} filled (a missing field is a KeyError).

    `lang` is a parameter, so no text may have a field called key or lang.
    """
    return _form(key, lang).format(**fields)


def texts(prefix: str, lang: str = "zh") -> dict[str, str]:
    """Every text under `prefix` ("report" or "report."), keyed by the rest of its id, unformatted."""
    head = prefix.rstrip(".") + "."
    found = {key[len(head):]: _form(key, lang) for key in TEXTS if key.startswith(head)}
    if not found:
        raise KeyError(f"no texts under {prefix!r} in generator/core/text_table.py")
    return found


def both(key: str, **fields: object) -> str:
    """Chinese and English together, for help and errors shown before a language is chosen."""
    return " / ".join(t(key, lang, **fields) for lang in LANGS)


def pick(zh: str, en: str, lang: str) -> str:
    """A scheme's own text in the report's language, falling back to Chinese when no English is given."""
    return en if lang == "en" and en else zh
