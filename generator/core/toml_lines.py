"""The line on which each key of a TOML document is written.

tomllib returns plain dicts without positions, but a configuration error must say which
line to fix. `key_lines` walks text that tomllib has already accepted and records, for every
key path, the line where it is written: `[mail]` → ("mail",), `host = …` under it →
("mail", "host"), `a.b = 1` → ("a",) and ("a", "b"), keys inside an inline table
`mail = {host = "x"}` → ("mail", "host") on the line of their own. Values are skipped
(strings of all four kinds, arrays, inline tables), so text inside them is never taken
for a key.
"""

from __future__ import annotations

import bisect
import tomllib

Path_ = tuple[str, ...]

_BARE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.newlines = [i for i, ch in enumerate(text) if ch == "\n"]
        self.lines: dict[Path_, int] = {}

    def line(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos) + 1

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def record(self, path: Path_, pos: int) -> None:
        # the first mention wins: `a.b = 1` then `a.c = 2` leaves ("a",) on the first line
        self.lines.setdefault(path, self.line(pos))

    def skip_blank(self, newlines: bool) -> None:
        """Spaces, tabs and comments; newlines too inside arrays."""
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch in " \t\r" or (newlines and ch == "\n"):
                self.pos += 1
            elif ch == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
            else:
                return

    def string(self) -> str:
        """A string token of any kind, decoded by tomllib itself so escapes are exact."""
        start = self.pos
        quote = self.text[self.pos]
        if self.peek(3) == quote * 3:
            end = self.text.find(quote * 3, self.pos + 3)
            while quote == '"' and _escaped(self.text, end):
                end = self.text.find(quote * 3, end + 1)
            self.pos = end + 3
            while self.peek() == quote:  # up to two quotes may end the content: """a"""""
                self.pos += 1
        else:
            end = self.text.find(quote, self.pos + 1)
            while quote == '"' and _escaped(self.text, end):
                end = self.text.find(quote, end + 1)
            self.pos = end + 1
        return tomllib.loads("k = " + self.text[start : self.pos])["k"]

    def key(self) -> list[tuple[str, int]]:
        """A dotted key: each part with the position where it starts."""
        parts: list[tuple[str, int]] = []
        while True:
            self.skip_blank(newlines=False)
            start = self.pos
            if self.peek() in ('"', "'"):
                parts.append((self.string(), start))
            else:
                while self.pos < len(self.text) and self.text[self.pos] in _BARE:
                    self.pos += 1
                parts.append((self.text[start : self.pos], start))
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts
            self.pos += 1

    def key_value(self, prefix: Path_) -> None:
        parts = self.key()
        path = prefix
        for name, start in parts:
            path = (*path, name)
            self.record(path, start)
        self.skip_blank(newlines=False)
        self.pos += 1  # "="
        self.skip_blank(newlines=False)
        self.value(path)

    def value(self, path: Path_) -> None:
        ch = self.peek()
        if ch in ('"', "'"):
            self.string()
        elif ch == "[":
            self.pos += 1
            while True:
                self.skip_blank(newlines=True)
                if self.peek() == "]":
                    self.pos += 1
                    return
                if self.peek() == ",":
                    self.pos += 1
                    continue
                self.value(path)
        elif ch == "{":
            self.pos += 1
            while True:
                self.skip_blank(newlines=False)
                if self.peek() == "}":
                    self.pos += 1
                    return
                if self.peek() == ",":
                    self.pos += 1
                    continue
                self.key_value(path)
        else:  # number, boolean, date: runs to a delimiter
            while self.pos < len(self.text) and self.text[self.pos] not in ",]}#\n":
                self.pos += 1

    def document(self) -> dict[Path_, int]:
        table: Path_ = ()
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return self.lines
            if self.peek() == "[":
                double = self.peek(2) == "[["
                self.pos += 2 if double else 1
                table = ()
                for name, start in self.key():
                    table = (*table, name)
                    self.record(table, start)
                self.pos += 2 if double else 1
            else:
                self.key_value(table)


def _escaped(text: str, pos: int) -> bool:
    """Whether the quote at pos is escaped: an odd number of backslashes before it."""
    n = 0
    while pos - n - 1 >= 0 and text[pos - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def key_lines(text: str) -> dict[Path_, int]:
    """{key path: 1-based line} for a document tomllib accepts; undefined for one it rejects."""
    return _Scanner(text).document()
