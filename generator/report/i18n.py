"""Shim: the texts moved to generator.core.text (t, texts, pick). Remove once generator/pipeline.py,
generator/store/layout.py and generator/store/results.py import from there (files(lang) is texts("files", lang))."""

from __future__ import annotations

from generator.core.text import pick, texts

__all__ = ["files", "pick"]


def files(lang: str = "zh") -> dict[str, str]:
    return texts("files", lang)
