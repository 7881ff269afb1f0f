"""A scheme's content hash: sha256 of its YAML data in a canonical form.

A template records the hash of the scheme it was made from; a workbook read against a scheme
with the same id and version but another hash was made from different rules. The hash is
taken over the parsed YAML (not the file's bytes, not the `Scheme` object), so

- comments, blank lines, indentation, quoting and key order do not change it;
- a number is compared by value however it is spelled: 0.1, 0.10, "0.1" and 10% are one value
  (the loader reads them all as the same Decimal);
- every other value does, including names and help texts (they are column headers and the
  words in the template and the reports);
- only the top-level `notes`, `source` and `rollup` are left out: the first two explain where the
  rules came from, and `rollup` acts on archived results of whole quarters or years (it never
  changes a workbook column or a period's result), so editing them does not turn every template
  already handed out into a "changed scheme".

Hashing the YAML rather than the `Scheme` keeps the hash stable when the code's model grows a
field. The canonical form below is therefore part of the file format: changing it makes every
template made before the change report "scheme-changed".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

# Top-level keys that never affect a workbook or a period's result.
UNHASHED_KEYS = frozenset({"notes", "source", "rollup"})

_NUMBER = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(%|‰)?")


def _number_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _scalar(value: str) -> str:
    """A numeral ('0.10', '95%', '6‰') as its value in plain digits; any other text unchanged."""
    found = _NUMBER.fullmatch(value.strip())
    if not found:
        return value
    try:
        number = Decimal(found.group(1))
    except InvalidOperation:
        return value
    shift = {"%": -2, "‰": -3}.get(found.group(2) or "", 0)
    return _number_text(number.scaleb(shift))


def canonical(value: Any) -> Any:
    """JSON-ready data in which spelling does not matter (see the module docstring)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return _number_text(Decimal(value))
    if isinstance(value, Decimal):
        return _number_text(value)
    if isinstance(value, str):
        return _scalar(value)
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def content_hash(root: Any) -> str:
    """sha256 hex of a scheme's parsed YAML (the mapping yamlsrc.load returns)."""
    data = canonical(root)
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k not in UNHASHED_KEYS}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


__all__ = ["UNHASHED_KEYS", "canonical", "content_hash"]
