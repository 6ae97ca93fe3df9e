"""Recognise the parts of a resolution in a list of lines.

heading (RESOLUTION 140 (REV. BUSAN, 2014)) -> title -> enacting formula -> preambular keyword
groups of lettered recitals -> operative keyword groups of numbered paragraphs, points and
bullets -> annexes. Lines that fit nowhere are returned as ``unplaced`` with a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .keywords import Heading, Keyword, Lexicon, slugify
from .outline import Outline, heading_like, number_token
from .source import Line

SEPARATOR = re.compile(r"^\s*[_\-=*·.•~]{4,}\s*$")


@dataclass(eq=False)
class Group:
    """A keyword group (``considering``, ``resolves``) or an annex section (``Mandate``)."""

    keyword: Keyword
    line: Line
    outline: Outline = field(default_factory=Outline)
    italic: bool = True  # keyword groups print their phrase in italics; annex headings do not


@dataclass(eq=False)
class Annex:
    preface: list[Line]
    groups: list[Group]


@dataclass(eq=False)
class ParsedResolution:
    heading: Heading | None
    heading_line: Line | None
    preface: list[Line]
    formula: Line | None
    preamble: list[Group]
    operative: list[Group]
    annexes: list[Annex]
    unplaced: list[tuple[Line, str]]
    notes: list[tuple[int, str, str]]  # (line, code, message): warnings found while parsing
    skipped: int = 0  # separator lines (____), each reported in ``notes``


def find_heading(lines: list[Line], lex: Lexicon) -> int | None:
    for i, line in enumerate(lines[:60]):
        if lex.heading(line.own_text):
            return i
    return None


def feed(outline: Outline, line: Line) -> None:
    """One body line into a group's outline: a numbered item, an unnumbered item, or more text."""
    tok = number_token(line.text)
    if tok is not None and (tok.strong or outline.fits(tok)):
        outline.number(tok, line.drop_prefix(tok.length).strip())
    elif outline.current is outline.root:
        outline.unnumbered(line)
    else:
        outline.plain(line)


def _opens_list(line: Line | None) -> bool:
    if line is None:
        return False
    tok = number_token(line.text)
    return tok is not None and any(v == 1 for _, v in tok.candidates)


def _unknown_keyword(line: Line, nxt: Line | None, lex: Lexicon, annex: bool) -> Keyword | None:
    """A short unnumbered line that opens a group although it is not in the keyword list."""
    text = line.text.strip()
    # an operative keyword line may end with a comma ("invites the regional offices,")
    bare = text.rstrip(",，،") if lex.starts_with_verb(text) else text
    if number_token(text) is not None or not heading_like(bare) or len(text.split()) > 12:
        return None
    if annex:
        ok = _opens_list(nxt)
    else:
        lower = text[:1].islower() or not text[:1].isalpha() or text[:1] == text[:1].lower()
        ok = (lower and _opens_list(nxt)) or (line.italic and len(text.split()) <= 8)
    if not ok:
        return None
    part = "operative" if lex.starts_with_verb(text) else "preamble"
    return Keyword(text.rstrip(" ,:;"), slugify(text) or "group", part, known=False)


def _glued_keyword(outline: Outline, line: Line, lex: Lexicon) -> bool:
    """Whether a line that reads like an operative keyword line (a verb, no full stop) is about
    to be taken as more text of the item before: that is said, not done silently."""
    text = line.text.strip()
    return (
        outline.current is not outline.root
        and number_token(text) is None
        and lex.starts_with_verb(text)
        and not text.endswith((";", ".", "；", "。", "؛"))
        and len(text.split()) <= 30
    )


def _strong_number(text: str) -> bool:
    tok = number_token(text)
    return tok is not None and tok.strong


def parse_resolution(lines: list[Line], lex: Lexicon) -> ParsedResolution:
    """Without a recognisable heading, the first line is taken as the title."""
    res = ParsedResolution(None, None, [], None, [], [], [], [], [])
    lines = [ln for ln in lines if ln.text.strip() or ln.bookmarks]
    start = find_heading(lines, lex)
    if start is not None:
        res.heading_line = lines[start]
        res.heading = lex.heading(lines[start].own_text)
        for ln in lines[:start]:
            res.unplaced.append((ln, "before the resolution heading"))
    j = (start if start is not None else -1) + 1
    while j < len(lines):
        text = lines[j].text
        if lex.keyword(text) or lex.is_annex(text) or _strong_number(text):
            break
        if lex.is_formula(text):
            res.formula = lines[j]
            j += 1
            break
        res.preface.append(lines[j])
        j += 1
    if res.formula is None and len(res.preface) >= 2 and res.preface[-1].text.rstrip().endswith(","):
        res.formula = res.preface.pop()
    _body(res, lines[j:], lex)
    return res


def _body(res: ParsedResolution, lines: list[Line], lex: Lexicon) -> None:
    part = "preamble"
    group: Group | None = None
    for k, line in enumerate(lines):
        text = line.text
        if _separator(res, line):
            continue
        if lex.is_annex(text):
            res.annexes.extend(_annexes(lines[k:], lex, res))
            return
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        kw = lex.keyword(text) or _unknown_keyword(line, nxt, lex, annex=False)
        if kw is not None:
            if kw.part == "operative":
                part = "operative"
            elif part == "operative":
                res.notes.append(
                    (line.no, "keyword", f"preambular phrase '{kw.phrase}' after the operative part")
                )
            if not kw.known:
                res.notes.append((line.no, "keyword", f"'{kw.phrase}' is not in the {lex.name} keyword list"))
            group = Group(kw, line)
            (res.operative if part == "operative" else res.preamble).append(group)
            continue
        if group is None:
            where = "after the enacting formula" if res.formula else "after the title"
            res.unplaced.append((line, f"{where} and before the first keyword"))
            continue
        if _glued_keyword(group.outline, line, lex):
            res.notes.append(
                (
                    line.no,
                    "keyword",
                    f"{text.strip()[:60]!r} reads like a keyword line, but its phrase is not in the "
                    f"{lex.name} keyword list: kept as more text of the item before",
                )
            )
        feed(group.outline, line)


def _separator(res: ParsedResolution, line: Line) -> bool:
    """A rule (____) that ends the text or a part of it: skipped, and said."""
    if not SEPARATOR.match(line.text):
        return False
    res.notes.append((line.no, "separator", f"skipped the separator line {line.text.strip()!r}"))
    res.skipped += 1
    return True


def _annexes(lines: list[Line], lex: Lexicon, res: ParsedResolution) -> list[Annex]:
    chunks: list[list[Line]] = []
    for line in lines:
        if _separator(res, line):
            continue
        if lex.is_annex(line.text) or not chunks:
            chunks.append([line])
        else:
            chunks[-1].append(line)
    out = []
    for chunk in chunks:
        annex = Annex([chunk[0]], [])
        k = 1
        while k < len(chunk):
            text = chunk[k].text
            nxt = chunk[k + 1] if k + 1 < len(chunk) else None
            if (
                lex.keyword(text)
                or number_token(text) is not None
                or _unknown_keyword(chunk[k], nxt, lex, True)
            ):
                break
            annex.preface.append(chunk[k])
            k += 1
        group: Group | None = None
        for i in range(k, len(chunk)):
            line = chunk[i]
            nxt = chunk[i + 1] if i + 1 < len(chunk) else None
            kw = lex.keyword(line.text)
            found = kw or _unknown_keyword(line, nxt, lex, annex=True)
            if found is not None:
                group = Group(found, line, italic=kw is not None)
                annex.groups.append(group)
                continue
            if group is None:
                group = Group(Keyword("", "main", "operative", known=False), Line(line.no, ()), italic=False)
                annex.groups.append(group)
            feed(group.outline, line)
        out.append(annex)
    return out
