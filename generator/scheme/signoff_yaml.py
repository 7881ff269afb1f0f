"""The `signoff:` section of a scheme file: the signature block as the scheme's paper form has it.

    signoff:
      copies: 2                  # optional: 一式二份, printed as a line under the block
      roles:                     # 1–6 boxes, printed left to right in this order
        - {name: 填表人, name_en: Prepared by}
        - {name: 自评人, name_en: Self-assessed by}
        - {name: 审核人, name_en: Reviewed by}

Without it the reports print the default block (被考核人 / 考核人 / 复核人).
"""

from __future__ import annotations

from typing import Any

from generator.scheme import model as m
from generator.scheme.reading import _Bad, _Builder, text, whole
from generator.scheme.yamlsrc import Node

MAX_ROLES = 6  # more boxes than this do not fit one A4 row beside each other
MAX_COPIES = 10


def _role(b: _Builder, n: Any) -> m.SignRole:
    n = b.keys(n, {"name", "name_en"}, "signoff 的签字人")
    return m.SignRole(name=b.req(n, "name", text, "signoff 的签字人"), name_en=b.opt(n, "name_en", text, "signoff", ""))


def _signoff(b: _Builder, node: Any) -> m.SignOff:
    n: Node = b.keys(node, {"roles", "copies"}, "signoff")
    line = n.line_of("roles") or n.line
    raw = n.get("roles")
    roles = b.each(raw, lambda r: _role(b, r), "signoff 的 roles", line)
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_ROLES:
        count = len(raw) if isinstance(raw, list) else 0
        b.problem(line, "scheme-bad-value", f"signoff 应列出 1 到 {MAX_ROLES} 个签字人(roles),这里有 {count} 个",
                  f"signoff must list 1 to {MAX_ROLES} roles, not {count}",
                  hint="每个签字人一行,例如 - {name: 审核人, name_en: Reviewed by}",
                  hint_en="one role a line, e.g. - {name: 审核人, name_en: Reviewed by}")
        raise _Bad
    copies = b.opt(n, "copies", whole, "signoff")
    if copies is not None and not 1 <= copies <= MAX_COPIES:
        b.problem(n.line_of("copies"), "scheme-bad-value", f"signoff 的 copies “{copies}” 应是 1 到 {MAX_COPIES} 的整数",
                  f"signoff copies {copies!r} must be a whole number from 1 to {MAX_COPIES}",
                  hint="例如 2 表示“本表一式二份”;不需要时删去这一行",
                  hint_en="e.g. 2 prints “made in two copies”; delete the line when the form says nothing")
        raise _Bad
    return m.SignOff(roles=tuple(roles), copies=copies)
