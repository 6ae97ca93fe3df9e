"""Plain-text input: one paragraph per line, as Word's "save as text" and ITU's text files have it.

Footnotes are recognised when both halves are there: a marker in the text (``[1]``, ``[^1]`` or a
superscript digit) and a line that starts with the same marker and holds the note's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from ..errors import InputError
from .source import Line, Run, Source, clean_text, merge_runs, take_artefacts

MAX_BYTES = 20 * 1024 * 1024
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_NOTE_BODY = re.compile(r"^\s*(?:\[\^?([0-9]{1,3})\]|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))[\t ]+(\S.*)$")
# "- 5 -", "– 12 –", "Page 3", "3/12": page furniture of a text extracted from a PDF.
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*[0-9]{1,4}\s*[-–—]|(?:Page|Página|Page|Стр\.)\s+[0-9]{1,4}(?:\s*/\s*[0-9]{1,4})?)\s*$",
    re.I,
)
_NOTE_MARK = re.compile(r"\[\^?([0-9]{1,3})\]|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})")


def decode(data: bytes, src: Source) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is read as Windows-1252."""
    if len(data) > MAX_BYTES:
        raise InputError(
            f"file is {len(data)} bytes, over the {MAX_BYTES} byte limit for an import",
            source=src.name,
            hint="import one resolution or document at a time",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise InputError(
            "this is not a text file (it contains NUL bytes)",
            source=src.name,
            hint="give a .txt, .docx or .html file",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        src.issue(
            "encoding",
            f"not UTF-8 (byte {exc.start}); read as Windows-1252: check accented letters",
            None,
        )
        return data.decode("cp1252", errors="replace")


def read_text(data: bytes, name: str) -> Source:
    src = Source(name=name, fmt="txt", lines=[])
    text = decode(data, src)
    for no, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if "\x0c" in raw:
            src.issue("page-break", "page break (form feed) removed", no, "info")
            raw = raw.replace("\x0c", "")
        if _PAGE_NUMBER.match(raw):
            src.issue("page-number", f"skipped {raw.strip()!r}: a page number, not text", no)
            src.skipped += 1
            raw = ""
        line = take_artefacts(Line(no, (Run(clean_text(raw, src, no)),)), src)
        src.lines.append(line)
    link_footnotes(src)
    return src


def _key(m: re.Match[str]) -> str:
    return m.group(1) or m.group(2).translate(_SUPERSCRIPT)


def link_footnotes(src: Source) -> None:
    """Turn matching marker/body pairs into footnotes: bodies leave the text for ``src.notes``."""
    bodies: dict[str, int] = {}
    for i, line in enumerate(src.lines):
        m = _NOTE_BODY.match(line.text)
        if m and _key(m) not in bodies:
            bodies[_key(m)] = i
    if not bodies:
        return
    marked: set[str] = set()
    for i, line in enumerate(src.lines):
        if i in bodies.values():
            continue
        for m in _NOTE_MARK.finditer(line.text):
            if _key(m) in bodies and m.start() > 0:
                marked.add(_key(m))
    for key, i in bodies.items():
        if key not in marked:
            continue
        line = src.lines[i]
        m = _NOTE_BODY.match(line.text)
        assert m is not None
        src.notes[key] = line.drop_prefix(m.start(3))
        src.lines[i] = replace(line, runs=())
    for i, line in enumerate(src.lines):
        if line.runs and any(_NOTE_MARK.search(r.text) for r in line.runs):
            src.lines[i] = replace(line, runs=_split_marks(line.runs, src.notes))


def _split_marks(runs: tuple[Run, ...], notes: dict[str, Line]) -> tuple[Run, ...]:
    out: list[Run] = []
    for r in runs:
        pos = 0
        for m in _NOTE_MARK.finditer(r.text):
            if _key(m) not in notes or (m.start() == 0 and not out):
                continue
            if m.start() > pos:
                out.append(replace(r, text=r.text[pos : m.start()]))
            out.append(Run(_key(m), sup=True, note=_key(m)))
            pos = m.end()
        if pos < len(r.text):
            out.append(replace(r, text=r.text[pos:]))
    return tuple(out)


_OPEN_END = tuple(".;:,!?。；：，-\u2011")
_CLOSED = tuple(".;:!?。；：")  # a paragraph ends here, even on a full line


def wrap_width(lines: list[Line]) -> int | None:
    """The width a hard-wrapped text (from a PDF) was wrapped at, or None for one paragraph per
    line: wrapped text has many lines within a few characters of its longest, which is short."""
    lengths = [len(ln.text.rstrip()) for ln in lines if ln.text.strip()]
    if len(lengths) < 10 or max(lengths) > 130:
        return None
    width = max(lengths)
    full = sum(1 for n in lengths if n >= width - 25)
    return width if full >= 0.4 * len(lengths) else None


def unwrap(src: Source, alone: Callable[[str], bool], starts: Callable[[str], bool]) -> None:
    """Join the lines of a hard-wrapped text back into paragraphs: a line continues the one
    before when that one was full (or does not end a clause and this one starts in lower case)
    and does not end with a full stop, colon or semicolon, unless it starts with a number, ``alone`` says either line stands alone (a keyword, a
    heading) or ``starts`` that this one begins a block (the enacting formula), or it is a
    short line before a numbered one (a section heading).
    Nothing happens to a text with one paragraph per line. The joins are reported (info)."""
    from .outline import number_token

    width = wrap_width(src.lines)
    if width is None:
        return
    out: list[Line] = []
    joined: list[int] = []
    physical = 0  # length of the previous line as it stood in the file
    lines = src.lines
    for k, line in enumerate(lines):
        prev = out[-1] if out else None
        was_full, physical = physical >= width - 25, len(line.text.rstrip())
        nxt = next((ln for ln in lines[k + 1 :] if ln.text.strip()), None)
        nxt_tok = number_token(nxt.text) if nxt is not None else None
        heading = len(line.text.split()) <= 6 and nxt_tok is not None and nxt_tok.strong
        text = line.text.strip()
        tok = number_token(line.text)
        if (
            prev is not None
            and prev.text.strip()
            and text
            and (tok is None or not tok.strong)
            and not alone(prev.text)
            and not alone(line.text)
            and not starts(line.text)
            and not heading
            and not prev.text.rstrip().endswith(_CLOSED)
            and (was_full or (text[:1].islower() and not prev.text.rstrip().endswith(_OPEN_END)))
        ):
            out[-1] = replace(
                prev.strip(), runs=merge_runs([*prev.strip().runs, Run(" "), *line.strip().runs])
            )
            joined.append(line.no)
            continue
        out.append(line)
    if joined:
        shown = ", ".join(map(str, joined[:8])) + (" ..." if len(joined) > 8 else "")
        src.issue(
            "unwrap", f"{len(joined)} wrapped line(s) joined to the line before (lines {shown})", None, "info"
        )
        src.lines = out
