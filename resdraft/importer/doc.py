"""A general structured document (a report, a contribution) into an Akoma Ntoso <doc>.

Numbering gives the hierarchy: top-level figures (1, 2) are sections, dotted figures (1.1, 2.3)
paragraphs, letters and roman numerals points, bullets indents. An item whose text reads as a
heading and that has sub-items gets a <heading>; other text goes to <intro> or <content>. What
comes before the first number (a summary, "Action required") is the preface.
"""

from __future__ import annotations

import re

from lxml import etree

from ..akn import E
from ..eids import clean_num
from .inline import InlineContext, fill
from .meta import WorkInfo, meta
from .outline import Node, Outline, heading_like, number_token
from .source import Line

_SEPARATOR = re.compile(r"^\s*[_\-=*·.•~]{4,}\s*$")
_ELEMENT = {"section": "sec", "paragraph": "para", "point": "point", "indent": "indent"}


def parse_doc(lines: list[Line]) -> tuple[list[Line], Outline]:
    outline = Outline()
    front: list[Line] = []
    for line in lines:
        if not line.text.strip() and not line.bookmarks:
            continue
        tok = number_token(line.text)
        if tok is not None and (tok.strong or outline.fits(tok)) and not _SEPARATOR.match(line.text):
            rest = line.drop_prefix(tok.length)
            outline.number(tok, rest.strip() if rest.text.strip() else rest)
        elif outline.current is outline.root:
            front.append(line)
        else:
            outline.plain(line)
    return front, outline


class DocBuilder:
    def __init__(self, ctx: InlineContext) -> None:
        self.ctx = ctx

    def p(self, line: Line, **attrs: str) -> etree._Element:
        if _SEPARATOR.match(line.text):
            attrs["class"] = "separator"
        return fill(E.p(attrs), line.strip(), self.ctx)

    def _tag(self, node: Node) -> str:
        style = node.style or ""
        if style.startswith("bullet"):
            return "indent"
        if style.startswith("dotted"):
            return "paragraph"
        if style.startswith("arabic"):
            return "section" if node.parent is not None and node.parent.parent is None else "paragraph"
        return "point"

    def _node(self, node: Node, parent_eid: str, ordinal: int) -> etree._Element:
        tag = self._tag(node)
        part = clean_num(node.num or "") if tag != "indent" else ""
        eid = f"{parent_eid}{_ELEMENT[tag]}_{part or ordinal}"
        el = E(tag, eId=eid)
        if node.num:
            el.append(E.num(node.num))
        lines = list(node.lines)
        if not node.children:
            el.append(E.content(*(self.p(ln) for ln in lines)) if lines else E.content(E.p()))
            return el
        if lines and tag != "indent" and heading_like(lines[0].text):
            el.append(fill(E.heading(), lines.pop(0).strip(), self.ctx))
        if lines:
            el.append(E.intro(*(self.p(ln) for ln in lines), eId=f"{eid}__intro"))
        counts: dict[str, int] = {}
        for child in node.children:
            kind = self._tag(child)
            counts[kind] = counts.get(kind, 0) + 1
            el.append(self._node(child, f"{eid}__", counts[kind]))
        return el

    def doc(
        self,
        front: list[Line],
        outline: Outline,
        info: WorkInfo,
        notes: dict[str, Line],
        source: str,
        fmt: str,
    ) -> etree._Element:
        body_parts: list[etree._Element] = []
        counts: dict[str, int] = {}
        for child in outline.root.children:
            kind = self._tag(child)
            counts[kind] = counts.get(kind, 0) + 1
            body_parts.append(self._node(child, "", counts[kind]))
        parts: list[etree._Element] = []
        if body_parts:
            if front:
                parts.append(E.preface(*(self.p(ln, eId=f"preface__p_{i}") for i, ln in enumerate(front, 1))))
            parts.append(E.mainBody(*body_parts))
        else:
            parts.append(E.mainBody(*([self.p(ln) for ln in front] or [E.p()])))
        note_els = [E.note(self.p(line), eId=self.ctx.note_ids[key]) for key, line in notes.items()]
        m = meta(info, source_name=source, fmt=fmt, notes=note_els, concepts=False)
        return E.doc(m, *parts, name="document", contains="originalVersion")
