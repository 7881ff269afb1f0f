"""Plugs a memory leak in WeasyPrint's text layout: ~20 KB per employee report, ~100 MB per worker over 5,000.

For a text box whose style asks for OpenType features (the reports' `font-variant-numeric:
tabular-nums`, so every number), WeasyPrint 70's `Layout.setup` builds a Pango attribute list,
hands it to the Pango layout and never drops its own reference; and it creates a features
attribute every time while inserting a cached one, shared by every list (a list owns what is
inserted in it, so the shared one can never be freed either). Neither is released, for each of
the several layouts a number's box gets in layout and drawing: a worker's memory grew by
~2 MB per 100 reports (bench/README.md), 237 MB after 5,000.

The fix keeps WeasyPrint's code and output: every list gets the attribute created for it (the
cache is made not to keep one), and the reference `setup` keeps is dropped once the layout holds
its own, so the list and its attribute go with the layout. The PDFs are byte for byte the same
(tests/test_pdf_lean.py). Installed only when `setup` reads as expected: a WeasyPrint that
releases the list itself (or moved the code) is left alone, as dropping the reference twice
would free memory still in use.
"""

from __future__ import annotations

import inspect
from typing import Any

_INSTALLED = False

# What WeasyPrint 70's Layout.setup does with the list, and what a fixed version would add.
EXPECTED = ("pango.pango_attr_list_new()", "pango.pango_layout_set_attributes(self.layout, attr_list)",
            "font_features.setdefault(")
FIXED_UPSTREAM = ("pango_attr_list_unref",)


class FreshFeatures(dict):  # type: ignore[type-arg]
    """A font-features "cache" that keeps nothing: each list gets the attribute just created for it."""

    def setdefault(self, key: Any, default: Any = None) -> Any:
        return default


def leaking(source: str) -> bool:
    """Whether a `Layout.setup` source is the one that keeps its reference to the list."""
    return all(s in source for s in EXPECTED) and not any(s in source for s in FIXED_UPSTREAM)


def install() -> bool:
    """Patch WeasyPrint once per process; False (nothing patched) if its setup is not the leaking one."""
    global _INSTALLED
    if _INSTALLED:
        return True
    from weasyprint.text import line_break

    layout_cls = getattr(line_break, "Layout", None)
    setup = getattr(layout_cls, "setup", None)
    try:
        source = inspect.getsource(setup) if setup is not None else ""
    except (OSError, TypeError):
        source = ""
    if not leaking(source):
        return False
    pango, ffi = line_break.pango, line_break.ffi

    def owned_setup(self: Any, style: Any) -> None:
        config = style.font_config
        if not isinstance(config.font_features, FreshFeatures):
            # Attributes already cached stay with the lists that share them (those are never released).
            config.font_features = FreshFeatures()
        setup(self, style)
        attributes = pango.pango_layout_get_attributes(self.layout)
        if attributes != ffi.NULL:  # only setup's features list: a new layout has no other attributes
            pango.pango_attr_list_unref(attributes)

    owned_setup.shipped = setup  # type: ignore[attr-defined]
    layout_cls.setup = owned_setup  # type: ignore[union-attr]
    _INSTALLED = True
    return True
