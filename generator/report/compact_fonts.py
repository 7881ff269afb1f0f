"""Compact CJK font subsets in WeasyPrint's PDFs, and no 20 MB font copy per document.

WeasyPrint subsets every embedded font with HarfBuzz *keeping the original glyph ids*: the
content streams address glyphs by their id in the source font (Identity-H, CID = GID). For
Noto Sans CJK (65,535 glyphs) that leaves a CFF CharStrings index with ~63,000 empty entries
whose offsets deflate badly: ~150 KB per face, ~250 KB per one-page report. It also copies
the whole font collection (20 MB .ttc) into Python bytes for every font of every document.

What this module changes, for CID-keyed CFF fonts whose charset is the identity (CID n is
glyph n, as in Noto Sans CJK / Source Han Sans):
- the subset is compact (glyph ids renumbered 0..n); the CFF charset still names each kept
  glyph by its original CID, and
- the font is embedded as a bare CFF program (FontFile3 /CIDFontType0C), where PDF viewers
  select glyphs by CID through that charset (for an OpenType wrapper, poppler uses the
  glyph id directly, hence the bare CFF). Content streams, widths and ToUnicode stay as
  WeasyPrint wrote them, so text extraction is unchanged.
- the full font bytes are never read unless WeasyPrint's own path needs them (bitmap or
  colour fonts, forms, or any font this module does not handle).

Every other font goes through WeasyPrint's own code, unchanged. The patch touches private
WeasyPrint names; `install()` checks they exist and otherwise leaves WeasyPrint alone (the
PDFs are then correct but large; tests/test_pdf_size.py fails loudly on size).
"""

from __future__ import annotations

import threading
from typing import Any

_INSTALLED = False
# Set while WeasyPrint's Font.__init__ runs (per thread: renders on threads must not see
# another thread's flag): the font's bytes are read as 4 header bytes, not the whole file.
_STATE = threading.local()

# Tables a PDF viewer never reads from an embedded CID font (layout, vertical metrics, bitmaps).
_DROP_TABLES = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF",
                b"LTSH", b"PCLT", b"SVG ", b"VORG", b"vhea", b"vmtx")


def _index(buf: Any, pos: int) -> tuple[list[tuple[int, int]], int]:
    """A CFF INDEX at `pos`: the (start, end) of each item and the position after it."""
    count = int.from_bytes(buf[pos:pos + 2], "big")
    if count == 0:
        return [], pos + 2
    size = buf[pos + 2]
    offsets = [int.from_bytes(buf[pos + 3 + i * size:pos + 3 + (i + 1) * size], "big") for i in range(count + 1)]
    base = pos + 2 + (count + 1) * size
    return [(base + offsets[i], base + offsets[i + 1]) for i in range(count)], base + offsets[-1]


def _dict(data: Any) -> dict[int, list[float]]:
    """A CFF DICT: operator (12 x → 1200 + x) → operands. Reals are skipped (not needed here)."""
    out: dict[int, list[float]] = {}
    operands: list[float] = []
    i = 0
    while i < len(data):
        b = data[i]
        if b <= 21:
            op = 1200 + data[i + 1] if b == 12 else b
            i += 2 if b == 12 else 1
            out[op], operands = operands, []
        elif b == 28:
            operands.append(int.from_bytes(data[i + 1:i + 3], "big", signed=True))
            i += 3
        elif b == 29:
            operands.append(int.from_bytes(data[i + 1:i + 5], "big", signed=True))
            i += 5
        elif b == 30:  # real number: nibbles up to an 0xf nibble
            i += 1
            while data[i] & 0x0F != 0x0F and data[i] >> 4 != 0x0F:
                i += 1
            i += 1
            operands.append(0.0)
        elif 32 <= b <= 246:
            operands.append(b - 139)
            i += 1
        elif 247 <= b <= 250:
            operands.append((b - 247) * 256 + data[i + 1] + 108)
            i += 2
        elif 251 <= b <= 254:
            operands.append(-(b - 251) * 256 - data[i + 1] - 108)
            i += 2
        else:
            raise ValueError(f"bad CFF DICT byte {b}")
    return out


def cid_is_gid(cff: Any) -> bool:
    """True for a CID-keyed CFF whose charset maps glyph n to CID n for every glyph."""
    _, pos = _index(cff, cff[2])  # header, then Name INDEX
    tops, _ = _index(cff, pos)
    if len(tops) != 1:
        return False
    top = _dict(cff[tops[0][0]:tops[0][1]])
    if 1230 not in top or 17 not in top:  # ROS (CID-keyed) and CharStrings
        return False
    glyphs = int.from_bytes(cff[int(top[17][0]):int(top[17][0]) + 2], "big")
    at = int(top.get(15, [0])[0])
    if at <= 2:  # predefined charsets are for name-keyed fonts
        return False
    fmt, at, expected = cff[at], at + 1, 1
    if fmt == 0:
        return all(int.from_bytes(cff[at + 2 * k:at + 2 * k + 2], "big") == k + 1 for k in range(glyphs - 1))
    if fmt not in (1, 2):
        return False
    width = 1 if fmt == 1 else 2
    while expected < glyphs:
        first = int.from_bytes(cff[at:at + 2], "big")
        left = int.from_bytes(cff[at + 2:at + 2 + width], "big")
        if first != expected:
            return False
        expected, at = expected + left + 1, at + 2 + width
    return expected == glyphs


def install() -> bool:
    """Patch WeasyPrint once per process; False (and nothing patched) if its internals moved."""
    global _INSTALLED
    if _INSTALLED:
        return True
    from weasyprint import pdf as wp_pdf
    from weasyprint.pdf import fonts as wp_fonts
    from weasyprint.text import ffi as wp_ffi

    font_cls = getattr(wp_fonts, "Font", None)
    needed = (getattr(wp_pdf, "build_fonts_dictionary", None), getattr(wp_fonts, "get_hb_object_data", None),
              getattr(font_cls, "clean", None), getattr(font_cls, "_harfbuzz_subset", None),
              getattr(wp_ffi, "harfbuzz_subset", None))
    if any(x is None for x in needed):
        return False
    _patch(wp_pdf, wp_fonts, wp_ffi)
    _INSTALLED = True
    return True


def _patch(wp_pdf: Any, wp_fonts: Any, wp_ffi: Any) -> None:
    ffi, hb, hbs = wp_ffi.ffi, wp_ffi.harfbuzz, wp_ffi.harfbuzz_subset
    full_data = wp_fonts.get_hb_object_data
    font_cls = wp_fonts.Font
    original_init, original_clean, original_build = font_cls.__init__, font_cls.clean, wp_pdf.build_fonts_dictionary
    cff_tag = hb.hb_tag_from_string(b"CFF ", -1)

    def blob_bytes(blob: Any) -> bytes:
        length = ffi.new("unsigned int *")
        data = hb.hb_blob_get_data(blob, length)
        try:
            return b"" if data == ffi.NULL else ffi.unpack(data, int(length[0]))
        finally:
            hb.hb_blob_destroy(blob)

    def face_data(hb_object: Any, ot_color: Any = None, glyph: Any = None) -> Any:
        if not getattr(_STATE, "header_only", False) or ot_color is not None:
            return full_data(hb_object, ot_color, glyph)
        blob = hb.hb_face_reference_blob(hb_object)
        length = ffi.new("unsigned int *")
        data = hb.hb_blob_get_data(blob, length)
        head = b"" if data == ffi.NULL else ffi.unpack(data, min(4, int(length[0])))
        hb.hb_blob_destroy(blob)
        return head

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        _STATE.header_only = True
        try:
            original_init(self, *args, **kwargs)
        finally:
            _STATE.header_only = False
        self.kpi_lazy = True
        if self.bitmap:  # bitmap fonts skip clean() and read the font bytes directly
            load_full(self)

    def load_full(font: Any) -> None:
        if getattr(font, "kpi_lazy", False):
            font.file_content = full_data(font.hb_face)
            font.kpi_lazy = False

    # Per source face (pango keeps one per font file for the FontConfiguration's life; each
    # is referenced here so its address cannot be reused): is its CFF compactable. Checked
    # once, not for every document.
    cff_ok: dict[int, bool] = {}

    def source_cff_ok(font: Any) -> bool:
        if "CFF " not in font.tables or font.png or font.svg or font.colr or "fvar" in font.tables:
            return False
        key = int(ffi.cast("uintptr_t", font.hb_face))
        if key not in cff_ok:
            hb.hb_face_reference(font.hb_face)
            cff_ok[key] = cff_is_compactable(font)
        return cff_ok[key]

    def cff_is_compactable(font: Any) -> bool:
        blob = hb.hb_face_reference_table(font.hb_face, cff_tag)
        try:
            length = ffi.new("unsigned int *")
            data = hb.hb_blob_get_data(blob, length)
            if data == ffi.NULL:
                return False
            # A view on HarfBuzz's memory (the mapped font file): nothing is copied.
            return cid_is_gid(memoryview(ffi.buffer(data, int(length[0]))))
        except (ValueError, IndexError):
            return False
        finally:
            hb.hb_blob_destroy(blob)

    def compact(font: Any, to_unicode: dict[int, Any]) -> bool:
        keep = sorted(set(to_unicode) | {0})
        subset_input = ffi.gc(hbs.hb_subset_input_create_or_fail(), hbs.hb_subset_input_destroy)
        glyphs = hbs.hb_subset_input_glyph_set(subset_input)
        hb.hb_set_add_sorted_array(glyphs, ffi.new(f"hb_codepoint_t[{len(keep)}]", keep), len(keep))
        hbs.hb_subset_input_set_flags(subset_input, hbs.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED
                                      | hbs.HB_SUBSET_FLAGS_DESUBROUTINIZE | hbs.HB_SUBSET_FLAGS_NO_HINTING)
        drop = hbs.hb_subset_input_set(subset_input, hbs.HB_SUBSET_SETS_DROP_TABLE_TAG)
        tags = sorted(hb.hb_tag_from_string(t, -1) for t in _DROP_TABLES)
        hb.hb_set_add_sorted_array(drop, ffi.new(f"hb_codepoint_t[{len(tags)}]", tags), len(tags))
        face = hbs.hb_subset_or_fail(font.hb_face, subset_input)
        if face == ffi.NULL:
            return False
        face = ffi.gc(face, hb.hb_face_destroy)
        cff = blob_bytes(hb.hb_face_reference_table(face, cff_tag))
        if not cff or not _charset_names(cff, keep):
            return False
        # A placeholder of its own (matched by identity below); font.type reads 'otf' from it.
        font.file_content = b"OTTO" + font.hash.encode()
        font.kpi_cff = cff
        font.kpi_lazy = False
        return True

    def clean(self: Any, to_unicode: dict[int, Any], hinting: bool) -> None:
        if (to_unicode and not hinting and not self.used_in_forms and not getattr(self, "kpi_shared", False)
                and source_cff_ok(self) and compact(self, to_unicode)):
            return
        load_full(self)
        original_clean(self, to_unicode, hinting)

    def build(pdf: Any, fonts: dict[Any, Any], compress: bool, subset: bool, options: Any) -> Any:
        by_hash: dict[str, list[Any]] = {}
        for font in fonts.values():
            by_hash.setdefault(font.hash, []).append(font)
        for group in by_hash.values():
            # WeasyPrint embeds one stream per hash but describes every font of the group from
            # its own bytes: such groups (and unsubset PDFs) take WeasyPrint's own path whole.
            if len(group) > 1 or not subset:
                for font in group:
                    font.kpi_shared = True
                    load_full(font)
        result = original_build(pdf, fonts, compress, subset, options)
        # The font streams were written from font.file_content: swap in the bare CFF program.
        bare = {id(f.file_content): f.kpi_cff for f in fonts.values() if getattr(f, "kpi_cff", None)}
        for obj in pdf.objects:
            stream = getattr(obj, "stream", None)
            if bare and isinstance(stream, list) and len(stream) == 1 and id(stream[0]) in bare:
                obj.stream = [bare[id(stream[0])]]
                obj.extra["Subtype"] = "/CIDFontType0C"
        return result

    wp_fonts.get_hb_object_data = face_data
    font_cls.__init__, font_cls.clean = init, clean
    wp_pdf.build_fonts_dictionary = build


def _charset_names(cff: bytes, keep: list[int]) -> bool:
    """The compact CFF still names every kept glyph by its original CID (= original glyph id).

    HarfBuzz may keep a few more glyphs than asked (its layout closure); they are harmless.
    """
    try:
        return set(keep) <= set(_charset_cids(cff))
    except (ValueError, IndexError):
        return False


def _charset_cids(cff: bytes) -> list[int]:
    _, pos = _index(cff, cff[2])
    tops, _ = _index(cff, pos)
    top = _dict(cff[tops[0][0]:tops[0][1]])
    glyphs = int.from_bytes(cff[int(top[17][0]):int(top[17][0]) + 2], "big")
    at = int(top[15][0])
    fmt, at, cids = cff[at], at + 1, [0]
    if fmt == 0:
        return cids + [int.from_bytes(cff[at + 2 * k:at + 2 * k + 2], "big") for k in range(glyphs - 1)]
    width = 1 if fmt == 1 else 2
    while len(cids) < glyphs:
        first = int.from_bytes(cff[at:at + 2], "big")
        left = int.from_bytes(cff[at + 2:at + 2 + width], "big")
        cids += range(first, first + left + 1)
        at += 2 + width
    return cids
