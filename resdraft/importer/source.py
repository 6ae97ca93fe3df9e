"""What every reader (.txt, .docx, .html) produces: numbered lines of formatted runs.

A *line* is one paragraph of the source (a text line, a Word paragraph, an HTML block). Its
``no`` is the 1-based line number of a text or HTML file, or the paragraph number of a Word
document, and is what every :class:`~resdraft.errors.Issue` of the import points at.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from ..errors import Issue

# Characters XML 1.0 cannot hold (C0 controls other than tab, newline and carriage return).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Word-conversion artefacts kept as markers: "[bookmark: _GoBack]" (docx2python and similar).
ARTEFACT = re.compile(r"\[bookmark: ?([^\]\s]*)\]")


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one formatting; ``note`` marks a footnote reference."""

    text: str
    italic: bool = False
    bold: bool = False
    underline: bool = False
    strike: bool = False
    sup: bool = False
    sub: bool = False
    inserted: bool = False
    deleted: bool = False
    note: str | None = None

    def same_format(self, other: Run) -> bool:
        return replace(self, text="") == replace(other, text="") and self.note is None

    @property
    def plain(self) -> bool:
        return self == Run(self.text)


@dataclass(frozen=True, slots=True)
class Line:
    """One paragraph of the source: its runs, its line number, and any artefact markers."""

    no: int
    runs: tuple[Run, ...]
    bookmarks: tuple[str, ...] = ()
    italic: bool = False  # every visible character is italic (a keyword line in Word)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def own_text(self) -> str:
        """The text without its footnote references: "... 2018)¹" is the note's, not the line's."""
        return "".join(r.text for r in self.runs if r.note is None)

    def drop_prefix(self, n: int) -> Line:
        """The line without its first ``n`` characters (a number and its separator)."""
        out: list[Run] = []
        for r in self.runs:
            if n >= len(r.text):
                n -= len(r.text)
                continue
            out.append(replace(r, text=r.text[n:]) if n else r)
            n = 0
        return replace(self, runs=tuple(out))

    def strip(self) -> Line:
        """Leading and trailing white space removed (the runs keep their formatting)."""
        runs = list(self.runs)
        while runs and not runs[0].text.strip() and runs[0].note is None:
            runs.pop(0)
        while runs and not runs[-1].text.strip() and runs[-1].note is None:
            runs.pop()
        if runs:
            runs[0] = replace(runs[0], text=runs[0].text.lstrip())
            runs[-1] = replace(runs[-1], text=runs[-1].text.rstrip())
        return replace(self, runs=tuple(runs))


@dataclass(slots=True)
class Source:
    """A read input: its lines in order, its footnotes, and what reading it had to say."""

    name: str
    fmt: str
    lines: list[Line]
    notes: dict[str, Line] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    skipped: int = 0  # lines left out on purpose (page numbers), each reported

    def issue(self, code: str, message: str, line: int | None, severity: str = "warning") -> None:
        self.issues.append(Issue(code, message, self.name, line, None, severity))


def merge_runs(runs: list[Run]) -> tuple[Run, ...]:
    """Join neighbouring runs of the same format (Word splits runs arbitrarily)."""
    out: list[Run] = []
    for r in runs:
        if not r.text and r.note is None:
            continue
        if out and out[-1].same_format(r):
            out[-1] = replace(out[-1], text=out[-1].text + r.text)
        else:
            out.append(r)
    return tuple(out)


def clean_text(text: str, src: Source, line: int) -> str:
    """NFC text without the characters XML cannot hold; every removal is reported."""
    text = unicodedata.normalize("NFC", text)
    found = sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(text)})
    if found:
        src.issue(
            "control-character",
            f"removed control character(s) {', '.join(found)} that XML cannot hold",
            line,
        )
        text = _CONTROL.sub("", text)
    return text


def take_artefacts(line: Line, src: Source) -> Line:
    """Move "[bookmark: x]" artefacts out of the text into markers, and say so."""
    if not any(ARTEFACT.search(r.text) for r in line.runs):
        return line
    names: list[str] = list(line.bookmarks)
    runs: list[Run] = []
    for r in line.runs:
        for m in ARTEFACT.finditer(r.text):
            names.append(m.group(1))
            src.issue(
                "artefact",
                f"conversion artefact {m.group(0)!r} kept as a bookmark marker, not as text",
                line.no,
            )
        runs.append(replace(r, text=ARTEFACT.sub("", r.text)))
    return replace(line, runs=merge_runs(runs), bookmarks=tuple(names))


def italic_line(runs: tuple[Run, ...]) -> bool:
    visible = [r for r in runs if r.text.strip()]
    return bool(visible) and all(r.italic for r in visible)
