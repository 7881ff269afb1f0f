"""An inbox's folders and what is handed back in them.

    INBOX/                      managers drop workbooks here (sub-folders too with --recursive)
    INBOX/处理中/<token>/<name>  a claimed file while it is worked on (a rename: same file system)
    INBOX/已处理/<period>/<name> accepted, and duplicates of accepted ones (with <name>-说明.txt)
    INBOX/退回/<name>            rejected or failed, with <name>-批注.xlsx and <name>-说明.txt saying what to fix

已处理/ and 退回/ can be put elsewhere (watch.done / watch.returned); 处理中/ cannot, since a claim
must be an atomic rename. Nothing here is ever deleted or replaced: a name already present gets
a numbered suffix (claim.free_name).
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from generator.core.files import atomic_target, safe_part
from generator.core.findings import Finding, Severity
from generator.core.text import t
from generator.watch.ignore import CLAIM_DIR, DONE_DIR, RETURNED_DIR, skipped_dirs

NOTE_FINDINGS = 50  # a note lists this many findings; the annotated copy has them all


@dataclass(frozen=True)
class Inbox:
    root: Path
    done: Path
    returned: Path

    @classmethod
    def at(cls, root: Path, done: Path | None = None, returned: Path | None = None) -> Inbox:
        root = root.resolve()
        return cls(root=root, done=(done or root / DONE_DIR).resolve(), returned=(returned or root / RETURNED_DIR).resolve())

    @property
    def claims(self) -> Path:
        return self.root / CLAIM_DIR

    def skip(self, out_dir: Path | None = None) -> set[Path]:
        """Folders a recursive scan never enters."""
        return skipped_dirs(self.root, (self.done, self.returned, *((out_dir,) if out_dir else ())))

    def claim_path(self, name: str) -> Path:
        """A fresh place in 处理中/ for a file called `name`: its own folder, so its name stays as dropped
        (the reports and the archive record it) and two files of one name never meet."""
        return self.claims / uuid.uuid4().hex[:16] / Path(name).name

    def accepted_target(self, name: str, period: str | None) -> Path:
        folder = self.done / safe_part(period, "period", 60) if period else self.done
        return folder / Path(name).name

    def returned_target(self, name: str) -> Path:
        return self.returned / Path(name).name


def note_path(final: Path, lang: str) -> Path:
    return final.with_name(final.stem + t("watch.note_suffix", lang))


def annotated_path(final: Path, lang: str) -> Path:
    return final.with_name(final.stem + t("files.annotated", lang))


def _write_text(path: Path, text: str) -> None:
    with atomic_target(path) as tmp:
        # a byte-order mark: Windows Notepad then shows the Chinese correctly on the share
        tmp.write_text(text, encoding="utf-8-sig")


def rejected_note(name: str, findings: list[Finding], dropped: int, annotated: Path | None, lang: str) -> str:
    text = t("watch.note_rejected", lang, file=name)
    if annotated is not None:
        text += t("watch.note_annotated", lang, file=annotated.name)
    text += "\n"
    errors = [f for f in findings if f.severity is Severity.ERROR] + [f for f in findings if f.severity is not Severity.ERROR]
    for n, f in enumerate(errors[:NOTE_FINDINGS], 1):
        where = f.where or ""
        text += t("watch.note_finding", lang, n=n, where=f"{where}: " if where else "", message=f.text(lang),
                  hint=f.hint_text(lang) or "-")
    rest = len(errors) - NOTE_FINDINGS + dropped
    if rest > 0:
        text += t("watch.note_dropped", lang, n=rest)
    return text


def hand_back(final: Path, note: str, annotated: Path | None, lang: str) -> None:
    """The note (and a copy of the annotated workbook) beside where the file will lie. Written before the
    move and named after it, so a resumed hand-back writes the same files again."""
    _write_text(note_path(final, lang), note)
    if annotated is not None and annotated.is_file():
        with atomic_target(annotated_path(final, lang)) as tmp:
            shutil.copyfile(annotated, tmp)


__all__ = ["Inbox", "annotated_path", "hand_back", "note_path", "rejected_note"]
