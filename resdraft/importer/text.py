"""Plain-text input: one paragraph per line, as Word's "save as text" and ITU's text files have it.

Footnotes are recognised when both halves are there: a marker in the text (``[1]``, ``[^1]`` or a
superscript digit) and a line that starts with the same marker and holds the note's text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..errors import InputError
from .source import Line, Run, Source, clean_text, take_artefacts

MAX_BYTES = 20 * 1024 * 1024
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_NOTE_BODY = re.compile(r"^\s*(?:\[\^?([0-9]{1,3})\]|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))[\t ]+(\S.*)$")
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
