"""A general structured document (a report, a contribution) into an Akoma Ntoso <doc>.

Numbering gives the hierarchy: top-level figures (1, 2) are sections, dotted figures (1.1, 2.3)
paragraphs, letters and roman numerals points, bullets indents. An item whose text reads as a
heading and that has sub-items gets a <heading>; other text goes to <intro> or <content>. What
comes before the first number (a summary, "Action required") is the preface.
"""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from ..akn import E
from ..eids import clean_num
from .inline import InlineContext, fill
from .meta import WorkInfo, meta
from .outline import Node, Outline, heading_like, number_token
from .resolution import SEPARATOR
from .source import Line, Run

_ELEMENT = {"section": "sec", "paragraph": "para", "point": "point", "indent": "indent"}


def parse_doc(lines: list[Line]) -> tuple[list[Line], Outline]:
    outline = Outline()
    front: list[Line] = []
    for line in lines:
        if not line.text.strip() and not line.bookmarks:
            continue
        tok = number_token(line.text)
        if tok is not None and (tok.strong or outline.fits(tok)) and not SEPARATOR.match(line.text):
            rest = line.drop_prefix(tok.length)
            outline.number(tok, rest.strip() if rest.text.strip() else rest)
        elif outline.current is outline.root:
            front.append(line)
        else:
            outline.plain(line)
    return front, outline


def _no(node: Node) -> int | None:
    return node.lines[0].no if node.lines else None


class DocBuilder:
    def __init__(self, ctx: InlineContext) -> None:
        self.ctx = ctx
        self.warnings: list[tuple[int | None, str]] = []

    def p(self, line: Line, **attrs: str) -> etree._Element:
        if SEPARATOR.match(line.text):
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

    def _plan(self, nodes: list[Node]) -> list[tuple[str, bool]]:
        """(eId part, keeps its <num>) per child; a number used twice among siblings of one
        element kind stays in the text of the second, which takes a free ordinal."""
        tags = [self._tag(n) for n in nodes]
        parts = [clean_num(n.num or "") if t != "indent" else "" for n, t in zip(nodes, tags, strict=True)]
        kept: set[str] = set()
        keeps = []
        for t, part in zip(tags, parts, strict=True):
            keeps.append(bool(part) and f"{t}:{part}" not in kept)
            kept.add(f"{t}:{part}")
        used, out, counts = set(kept), [], dict.fromkeys(tags, 0)
        for node, t, part, keep in zip(nodes, tags, parts, keeps, strict=True):
            counts[t] += 1
            if keep:
                out.append((part, True))
                continue
            if part:
                self.warnings.append((_no(node), f"number '{node.num}' is used twice here: kept in the text"))
            n = counts[t]
            while f"{t}:{n}" in used:
                n += 1
            used.add(f"{t}:{n}")
            out.append((str(n), False))
        return out

    def _node(self, node: Node, parent_eid: str, part: str, numbered: bool) -> etree._Element:
        tag = self._tag(node)
        eid = f"{parent_eid}{_ELEMENT[tag]}_{part}"
        el = E(tag, eId=eid)
        if node.num and (numbered or tag == "indent"):
            el.append(E.num(node.num))
        lines = list(node.lines)
        if node.num and not numbered and tag != "indent":  # the number stays, as text
            first = lines[0] if lines else Line(0, ())
            lines[:1] = [replace(first, runs=(Run(node.num + " "), *first.runs))]
        if not node.children:
            el.append(E.content(*(self.p(ln) for ln in lines)) if lines else E.content(E.p()))
            return el
        if lines and tag != "indent" and heading_like(lines[0].text):
            el.append(fill(E.heading(), lines.pop(0).strip(), self.ctx))
        if lines:
            el.append(E.intro(*(self.p(ln) for ln in lines), eId=f"{eid}__intro"))
        for child, (part, numbered) in zip(node.children, self._plan(node.children), strict=True):
            el.append(self._node(child, f"{eid}__", part, numbered))
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
        kids = outline.root.children
        body_parts = [
            self._node(c, "", part, num) for c, (part, num) in zip(kids, self._plan(kids), strict=True)
        ]
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
