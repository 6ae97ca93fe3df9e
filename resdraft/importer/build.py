"""A parsed resolution into an Akoma Ntoso <statement> with the eIds of docs/model.md.

Where the ITU profile has no element for what the source shows, the words are kept and the
structure is flattened, with a warning: sub-items of a recital and bullets become
``<p class="item">``/``<p class="bullet">`` with their number or bullet in ``<inline name="num">``;
a number the profile cannot put in an eId (1.1, A))
stays in the text as ``<inline name="num">``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from ..akn import E
from ..eids import clean_num
from ..errors import Issue
from .inline import InlineContext, add_run, add_text, fill, para
from .meta import WorkInfo, annex_meta, meta
from .outline import Node, bis_base
from .resolution import Annex, Group, ParsedResolution
from .source import Line


def valid_part(num: str | None) -> str | None:
    """The eId part of a number if the ITU profile accepts it (a, iv, 3), else None ("3bis",
    whose place only a renumbering can settle)."""
    if not num or bis_base(num) is not None:
        return None
    part = clean_num(num)
    return part if re.fullmatch(r"[a-z]+|[0-9]+", part) else None


class StatementBuilder:
    def __init__(self, ctx: InlineContext, source: str) -> None:
        self.ctx = ctx
        self.source = source
        self.issues: list[Issue] = []
        self._slugs: dict[str, int] = {}
        self.origin: dict[str, int] = {}  # provision eId -> source line of its first words
        self.kept: dict[str, str] = {}  # provision eId -> its number, kept in the text (3bis)

    def warn(self, code: str, msg: str, line: int | None, eid: str | None = None) -> None:
        self.issues.append(Issue(code, msg, self.source, line, eid, "warning"))

    def _group_eid(self, prefix: str, slug: str) -> str:
        key = prefix + slug
        self._slugs[key] = self._slugs.get(key, 0) + 1
        n = self._slugs[key]
        return f"{prefix}{slug}" if n == 1 else f"{prefix}{slug}_{n}"

    def _origin(self, eid: str, node: Node) -> None:
        if (no := _no(node)) is not None:
            self.origin[eid] = no

    # ---- inline blocks -------------------------------------------------------------------

    def _keyword(self, parent: etree._Element, group: Group) -> etree._Element:
        """The group's phrase into ``parent``: in italics for a keyword, as printed otherwise."""
        line = group.line.strip()
        if not group.italic:
            return fill(parent, line, self.ctx)
        for name in line.bookmarks:
            parent.append(E.span({"class": "bookmark", "title": name}))
        phrase, text = group.keyword.phrase, line.text
        parent.append(E.i(phrase))
        add_text(parent, text[len(phrase) :] if text.startswith(phrase) else "")
        return parent

    def _numbered_p(self, node: Node, cls: str) -> list[etree._Element]:
        """A node flattened into paragraphs, its number kept as <inline name="num">."""
        first = E.p({"class": cls})
        if node.num:
            first.append(E.inline(node.num, name="num"))
            add_text(first, " ")
        if node.lines:
            fill(first, node.lines[0], self.ctx)
        return [first] + [para(ln, self.ctx) for ln in node.lines[1:]]

    def _flat(self, nodes: Iterable[Node]) -> list[etree._Element]:
        out: list[etree._Element] = []
        for n in nodes:
            out += self._numbered_p(n, "bullet" if n.is_bullet else "item")
            out += self._flat(n.children)
        return out

    def _own(self, node: Node, degraded: bool) -> list[etree._Element]:
        if degraded:
            return self._numbered_p(node, "item")
        return [para(ln, self.ctx) for ln in node.lines] or [E.p()]

    # ---- provisions ------------------------------------------------------------------------

    def _body(self, el: etree._Element, node: Node, eid: str, degraded: bool = False) -> None:
        """intro? point+ wrapUp? | content, from a node's lines and children."""
        lead = []
        kids = list(node.children)
        while kids and kids[0].is_bullet:
            lead.append(kids.pop(0))
        points, seen = [], set()
        for k in kids:
            part = valid_part(k.num) if not k.is_bullet else None
            if part and part not in seen:
                seen.add(part)
                points.append(k)
        if not points:
            el.append(E.content(*self._own(node, degraded), *self._flat(node.children)))
            return
        intro = [*(self._own(node, degraded) if node.lines or degraded else []), *self._flat(lead)]
        if intro:
            el.append(E.intro(*intro, eId=f"{eid}__intro"))
        wrap: list[etree._Element] = []
        for k in kids:
            if k in points and not wrap:
                el.append(self._point(k, eid))
            else:
                if k in points:
                    self.warn("structure", f"'{k.num}' follows text that ends the list", _no(k), eid)
                elif valid_part(k.num):
                    self.warn("numbering", f"'{k.num}' is used twice here: kept in the text", _no(k), eid)
                wrap += self._flat([k])
        if wrap:
            el.append(E.wrapUp(*wrap, eId=f"{eid}__wrapup"))

    def _point(self, node: Node, parent: str) -> etree._Element:
        eid = f"{parent}__point_{valid_part(node.num)}"
        self._origin(eid, node)
        el = E.point(E.num(node.num or ""), eId=eid)
        self._body(el, node, eid)
        return el

    def _plan(self, nodes: list[Node], parts: list[str | None]) -> list[tuple[str, bool]]:
        """(eId part, keeps its <num>) for each sibling. A number no eId can hold, or one a
        sibling already has, stays in the text and the item takes a free ordinal."""
        kept: set[str] = set()
        keeps = []
        for part in parts:
            keeps.append(part is not None and part not in kept)
            if part is not None:
                kept.add(part)
        used, out = set(kept), []
        unfit: list[Node] = []
        for i, (node, part, keep) in enumerate(zip(nodes, parts, keeps, strict=True), start=1):
            if keep and part is not None:
                out.append((part, True))
                continue
            if node.num and not node.is_bullet and part:
                self.warn("numbering", f"number '{node.num}' is used twice here: kept in the text", _no(node))
            elif node.num and not node.is_bullet:
                unfit.append(node)
            n = i
            while str(n) in used:
                n += 1
            used.add(str(n))
            out.append((str(n), False))
        if unfit:
            nums = ", ".join(f"'{n.num}'" for n in unfit[:4]) + (" ..." if len(unfit) > 4 else "")
            self.warn(
                "numbering", f"number(s) {nums} cannot be held by an eId: kept in the text", _no(unfit[0])
            )
        return out

    def _paragraph(self, node: Node, gid: str, part: str, numbered: bool) -> etree._Element:
        degraded = bool(node.num) and not numbered
        eid = f"{gid}__para_{part}"
        self._origin(eid, node)
        if degraded and node.num:
            self.kept[eid] = node.num
        el = E.paragraph(eId=eid)
        if numbered:
            el.append(E.num(node.num or ""))
        self._body(el, node, eid, degraded)
        return el

    def _paragraphs(self, group: Group, gid: str) -> list[etree._Element]:
        # operative paragraphs are numbered 1, 2, 3; a run of lettered items or bullets directly
        # under the keyword goes into one unnumbered paragraph as its points
        items: list[Node] = []
        holders: set[int] = set()
        for node in group.outline.root.children:
            style = node.style or "arabic"
            if style.startswith(("arabic", "dotted")):
                items.append(node)
            elif items and id(items[-1]) in holders:
                items[-1].children.append(node)
            else:
                holder = Node(children=[node])
                holders.add(id(holder))
                items.append(holder)
        parts = [
            valid_part(n.num) if n.style and n.style.startswith("arabic") and id(n) not in holders else None
            for n in items
        ]
        out: list[etree._Element] = []
        for node, (part, numbered) in zip(items, self._plan(items, parts), strict=True):
            if id(node) in holders:
                el = E.paragraph(eId=f"{gid}__para_{part}")
                self._body(el, node, f"{gid}__para_{part}")
                out.append(el)
            else:
                out.append(self._paragraph(node, gid, part, numbered))
        if not out:
            self.warn("structure", f"'{group.keyword.phrase}' is followed by no text", group.line.no, gid)
            out.append(E.paragraph(E.content(E.p()), eId=f"{gid}__para_1"))
        return out

    def recitals(self, group: Group) -> etree._Element:
        gid = self._group_eid("preamble__", group.keyword.slug)
        intro = E.intro(self._keyword(E.p(), group), eId=f"{gid}__intro")
        el = E.recitals(intro, eId=gid, refersTo="#preambularPhrase")
        nodes = group.outline.root.children
        parts = [valid_part(n.num) if not n.is_bullet else None for n in nodes]
        for node, (part, numbered) in zip(nodes, self._plan(nodes, parts), strict=True):
            rec = E.recital(eId=f"{gid}__rec_{part}")
            self._origin(rec.get("eId") or "", node)
            if numbered:
                rec.append(E.num(node.num or ""))
            if numbered or node.num is None:
                own = self._own(node, False)
            else:  # a bullet, or a number no eId can hold: kept in the text
                own = self._numbered_p(node, "bullet" if node.is_bullet else "item")
                if not node.is_bullet and node.num:
                    self.kept[rec.get("eId") or ""] = node.num
            rec.extend(own + self._flat(node.children))
            el.append(rec)
        if not len(el) > 1:
            self.warn("structure", f"'{group.keyword.phrase}' is followed by no text", group.line.no, gid)
            el.append(E.recital(E.p(), eId=f"{gid}__rec_1"))
        return el

    def hcontainer(self, group: Group, prefix: str = "") -> etree._Element:
        gid = self._group_eid(prefix, group.keyword.slug)
        name = gid[len(prefix) :].split("_")[0]
        heading = self._keyword(E.heading(), group)
        attrs = {"name": name, "eId": gid}
        if group.italic:
            attrs["refersTo"] = "#operativePhrase"
        return E.hcontainer(heading, *self._paragraphs(group, gid), attrs)

    # ---- the document ----------------------------------------------------------------------

    def long_title(self, parsed: ParsedResolution) -> etree._Element | None:
        if parsed.heading is None or parsed.heading_line is None:
            return None
        line = parsed.heading_line.strip()
        text = line.own_text  # the heading's spans index this
        p = E.p()
        for name in line.bookmarks:
            p.append(E.span({"class": "bookmark", "title": name}))
        pos = 0
        for group, start, end in parsed.heading.spans:
            add_text(p, text[pos:start])
            piece = text[start:end]
            if group == "type":
                p.append(E.docType(piece))
            elif group == "number":
                p.append(E.docNumber(piece))
            else:
                p.append(E.inline(piece, name="revision", eId="preface__longTitle_1__revision"))
            pos = end
        add_text(p, text[pos:])
        for run in line.runs:  # a footnote on the heading refers to its note from the end of it
            if run.note is not None:
                add_run(p, run, self.ctx)
        return E.longTitle(p, eId="preface__longTitle_1")

    def statement(
        self, parsed: ParsedResolution, info: WorkInfo, notes: dict[str, Line], fmt: str
    ) -> etree._Element:
        preface = E.preface()
        if (lt := self.long_title(parsed)) is not None:
            preface.append(lt)
        for i, line in enumerate(parsed.preface, start=1):
            inner = fill(E.docTitle(), line, self.ctx) if i == 1 else None
            preface.append(
                E.p(inner, eId=f"preface__p_{i}")
                if inner is not None
                else para(line, self.ctx, eId=f"preface__p_{i}")
            )
        if not len(preface):
            preface.append(E.p(E.docTitle(info.name), eId="preface__p_1"))
            self.warn("heading", "no heading or title found; the title is made from the metadata", None)
        parts: list[etree._Element] = [preface]
        pre = [self.recitals(g) for g in parsed.preamble]
        if parsed.formula is not None:
            pre.insert(
                0,
                E.formula(para(parsed.formula, self.ctx), name="enactingFormula", eId="preamble__formula_1"),
            )
        if pre:
            parts.append(E.preamble(*pre, eId="preamble"))
        parts.append(E.mainBody(*(self.hcontainer(g) for g in parsed.operative), eId="body"))
        if parsed.annexes:
            parts.append(E.attachments(*(self._annex(a, i, info) for i, a in enumerate(parsed.annexes, 1))))
        note_els = [E.note(para(line, self.ctx), eId=self.ctx.note_ids[key]) for key, line in notes.items()]
        m = meta(info, source_name=self.source, fmt=fmt, notes=note_els, concepts=True)
        return E.statement(m, *parts, name="resolution", contains="originalVersion")

    def _annex(self, annex: Annex, n: int, info: WorkInfo) -> etree._Element:
        prefix = f"att_{n}__"
        preface = E.preface(
            *(para(ln, self.ctx, eId=f"{prefix}preface__p_{i}") for i, ln in enumerate(annex.preface, 1))
        )
        body = E.mainBody(*(self.hcontainer(g, prefix) for g in annex.groups))
        if not annex.groups:
            body.append(
                E.hcontainer(
                    E.heading(),
                    E.paragraph(E.content(E.p()), eId=f"{prefix}main__para_1"),
                    name="main",
                    eId=f"{prefix}main",
                )
            )
        return E.attachment(E.doc(annex_meta(info, n), preface, body, name="annex"), eId=f"att_{n}")


def _no(node: Node) -> int | None:
    return node.lines[0].no if node.lines else None
