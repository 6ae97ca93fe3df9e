"""One self-contained HTML file: inline CSS, no scripts, built with lxml.html.builder.

Insertions are ``<ins>`` (underlined) and deletions ``<del>`` (struck through), each in its
proposer's colour and with a ``title`` naming the proposal, so colour is never the only signal;
the margin names the action and proposal of each changed provision, and where two proposers
change one provision each mark is followed by its proposer's label. Every provision has an
anchor (``id`` = its eId); ``lang`` and ``dir`` come from the Expression's language.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import html as lxml_html
from lxml.html import HtmlElement
from lxml.html import builder as H

from ..model import Change, Document, Resolution
from ..redline import EQUAL, INSERT, Redline
from .layout import layout_redline, layout_resolution
from .page import Block, Layout, Para, Run, html_lang, is_rtl, proposal_id, proposer_of

PALETTE = ("#b2182b", "#2166ac", "#1b7837", "#762a83", "#8c510a", "#01665e", "#c51b7d")
Node = HtmlElement | str

CSS = """
:root { --ins: #1b7837; --del: #b2182b; }
body { font-family: "Times New Roman", "Liberation Serif", Times, serif; font-size: 12pt;
  line-height: 1.45; color: #111; background: #fff; margin: 0 auto; max-width: 52rem; padding: 1.5rem; }
header.meta { font-family: system-ui, sans-serif; font-size: 10pt; color: #333;
  border-bottom: 1px solid #bbb; margin-bottom: 1.5rem; padding-bottom: .5rem; }
header.meta h1 { font-size: 13pt; margin: 0 0 .3rem; }
header.meta p { margin: .15rem 0; }
.legend ul { list-style: none; padding: 0; margin: .3rem 0; }
.legend.proposers > p ins, .legend.proposers > p del { color: #111; }
.legend li { margin: .1rem 0; }
.swatch { display: inline-block; width: .8em; height: .8em; margin-inline-end: .4em;
  border: 1px solid #555; vertical-align: -0.05em; }
.block { display: grid; grid-template-columns: 7.5rem minmax(0, 1fr); column-gap: 1rem; }
.margin { grid-column: 1; font-family: system-ui, sans-serif; font-size: 8.5pt; color: #444;
  padding-top: .55rem; line-height: 1.25; }
.margin .action { font-weight: bold; }
.margin .pid, .legend b { color: var(--c, inherit); }
.text { grid-column: 2; }
p { margin: .4rem 0; }
p.resno { text-align: center; font-size: 14pt; margin-top: 1rem; }
p.restitle { text-align: center; font-size: 14pt; font-weight: bold; }
p.formula { margin-top: 1.2rem; }
p.call { font-style: italic; margin-top: 1rem; padding-inline-start: 3rem; }
p.item, p.text { padding-inline-start: calc(3rem * var(--level, 1)); }
p.item { text-indent: -3rem; }
p.item .num { display: inline-block; min-width: 2.75rem; text-indent: 0; }
p.annexno { text-align: center; font-size: 14pt; margin-top: 2.5rem; break-before: page; }
p.annextitle { text-align: center; font-size: 14pt; font-weight: bold; }
ins { text-decoration: underline; text-decoration-thickness: .09em; text-underline-offset: .15em;
  color: var(--c, var(--ins)); background: transparent; }
del { text-decoration: line-through; text-decoration-thickness: .09em; color: var(--c, var(--del)); }
sup.by { font-family: system-ui, sans-serif; font-size: 7pt; color: var(--c, #444); }
aside.reasons { grid-column: 2; font-size: 11pt; margin: .2rem 0 .8rem; padding-inline-start: 3rem; }
aside.reasons p { margin: .2rem 0; }
:target { background: #fff6bf; }
@media (max-width: 40rem) {
  .block { grid-template-columns: minmax(0, 1fr); }
  .margin, .text, aside.reasons { grid-column: 1; }
  .margin { padding-top: .4rem; }
}
@page { size: A4; margin: 2cm 2cm 2cm 2cm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  header.meta { font-size: 9pt; }
  .block { grid-template-columns: 5.5rem minmax(0, 1fr); break-inside: avoid; }
  .block.keyword, .block.title, .block.annex { break-after: avoid; }
  .margin { font-size: 7.5pt; }
  ins, del, .swatch, sup.by { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  :target { background: none; }
  a { color: inherit; text-decoration: none; }
}
"""


class _Html:
    def __init__(self, lay: Layout) -> None:
        self.lay = lay
        self.index = {label: i for i, label in enumerate(lay.labels)}

    def cls(self, by: str | None) -> str:
        if not by:
            return ""
        return f"by-{self.index.get(proposer_of(by.split('+')[0]), 0)}"

    def mark(self, op: int, content: list[Node], by: str | None, tagged: bool) -> list[Node]:
        verb = "Inserted" if op == INSERT else "Deleted"
        who = " and ".join(by.split("+")) if by else ""
        title = f"{verb} by {who}" if who else verb
        maker = H.INS if op == INSERT else H.DEL
        attrs = {"title": title}
        if by:
            attrs["class"] = self.cls(by)
        out: list[Node] = [maker(*content, **attrs)]
        if tagged and by:
            label = "+".join(dict.fromkeys(proposer_of(b) for b in by.split("+")))
            out.append(H.SUP(label, **{"class": f"by {self.cls(by)}", "aria-hidden": "true"}))
        return out

    def run(self, r: Run) -> Node:
        node: Node = r.text
        if r.sup:
            node = H.SUP(node)
        if r.italic:
            node = H.I(node)
        if r.bold:
            node = H.B(node)
        return node

    def runs(self, runs: Sequence[Run], tagged: bool) -> list[Node]:
        """Neighbouring runs with one op and proposer share one <ins> or <del>."""
        out: list[Node] = []
        group: list[Node] = []
        key: tuple[int, str | None] | None = None

        def close() -> None:
            if key is not None and group:
                out.extend(self.mark(key[0], list(group), key[1], tagged))
            group.clear()

        for r in runs:
            if not r.text:
                continue
            if r.op == EQUAL:
                close()
                key = None
                out.append(self.run(r))
                continue
            if key != (r.op, r.by):
                close()
                key = (r.op, r.by)
            group.append(self.run(r))
        close()
        return out

    def para(self, p: Para, tagged: bool) -> HtmlElement:
        kids: list[Node] = []
        if p.num:
            num = H.SPAN(*self.runs(p.num, False), **{"class": "num"})
            num.tail = " "  # copied text reads "a) that ...", as the ITU text does
            kids.append(num)
        kids.extend(self.runs(p.runs, tagged))
        if p.mark != EQUAL and not p.whole:
            kids.extend(self.mark(p.mark, ["¶"], p.mark_by, tagged))
        attrs = {"class": p.role}
        if p.role in ("item", "text") and p.level > 1:
            attrs["style"] = f"--level: {p.level}"
        return H.P(*kids, **attrs)

    def margin(self, b: Block) -> HtmlElement:
        lines: list[Node] = []
        for action, by in b.tags:
            if lines:
                lines.append(H.BR())
            lines.append(H.SPAN(action, **{"class": "action"}))
            if by:
                lines.append(" ")
                lines.append(H.SPAN(proposal_id(by), **{"class": f"pid {self.cls(by)}", "title": by}))
        return H.DIV(*lines, **{"class": "margin"})

    def block(self, b: Block) -> list[HtmlElement]:
        tagged = len({proposer_of(p) for _, by in b.tags for p in by.split("+") if by}) > 1
        role = " keyword" if b.tag in ("recitals", "hcontainer") else ""
        attrs = {"class": f"block {b.kind}{role}" + (" changed" if b.changed else "")}
        if b.eid and b.kind != "removed":
            attrs["id"] = b.eid
        elif b.eid:
            attrs["id"] = f"removed__{b.eid}"
        if b.old_eid and b.old_eid != b.eid:
            attrs["data-old-eid"] = b.old_eid
        kids: list[HtmlElement] = []
        if self.lay.redline:
            kids.append(self.margin(b))
        kids.append(H.DIV(*[self.para(p, tagged) for p in b.paras], **{"class": "text"}))
        out = [H.DIV(*kids, **attrs)]
        if b.ends:
            notes = [
                H.P(
                    H.B("Reasons" + (f" ({proposal_id(n.attribution)})" if len(b.ends) > 1 else "") + ":"),
                    " ",
                    n.reasons,
                )
                for n in b.ends
                if n.reasons
            ]
            if notes:
                out.append(
                    H.DIV(
                        H.DIV(**{"class": "margin"}),
                        H.E.aside(*notes, **{"class": "reasons"}),
                        **{"class": "block"},
                    )
                )
        return out

    def header(self) -> HtmlElement:
        lay = self.lay
        c = lay.counts
        legend: list[Node] = [
            H.P(
                "Marks: ",
                H.INS("inserted text", title="Inserted"),
                ", ",
                H.DEL("deleted text", title="Deleted"),
                "; the margin gives the ITU action (MOD, ADD, SUP, NOC; (R) renumbered) and the "
                "proposal; hover a mark to see who proposed it.",
            )
        ]
        items = []
        for p in lay.proposers:
            names = ", ".join(n for _, n in p.submitters)
            cls = self.cls(p.label)
            items.append(
                H.LI(
                    H.SPAN(**{"class": f"swatch {cls}", "style": "background: var(--c)"}),
                    H.B(p.label, **{"class": cls}),
                    f" {p.document}: {names}",
                )
            )
        if items:
            legend.append(H.UL(*items))
        return H.E.header(
            H.H1(lay.heading),
            H.P(f"from {lay.old_expression}"),
            H.P(f"to {lay.new_expression}"),
            H.P(
                f"{c.get('modified', 0)} modified, {c.get('added', 0)} added, {c.get('removed', 0)} deleted, "
                f"{c.get('renumbered', 0)} renumbered, {c.get('moved', 0)} moved"
            ),
            # with proposers every mark takes its proposer's colour: the samples are neutral
            H.E.section(
                *legend, **{"class": "legend proposers" if items else "legend", "aria-label": "Legend"}
            ),
            **{"class": "meta"},
        )

    def document(self) -> HtmlElement:
        lay = self.lay
        colours = "\n".join(
            f".by-{i} {{ --c: {PALETTE[i % len(PALETTE)]}; }}" for i in range(len(lay.labels))
        )
        head = H.HEAD(
            H.META(charset="utf-8"),
            H.META(name="viewport", content="width=device-width, initial-scale=1"),
            H.META(name="generator", content="resdraft"),
            H.TITLE(lay.heading),
            H.STYLE(CSS + colours + "\n"),
        )
        body: list[HtmlElement] = []
        if lay.redline:
            body.append(self.header())
        blocks: list[HtmlElement] = []
        for b in lay.blocks:
            blocks.extend(self.block(b))
        body.append(H.E.main(*blocks, **{"class": "resolution"}))
        root = H.HTML(head, H.BODY(*body), lang=html_lang(lay.lang), dir="rtl" if is_rtl(lay.lang) else "ltr")
        _newlines(root)
        return root


_BREAK_AFTER = {
    "head",
    "body",
    "main",
    "header",
    "section",
    "div",
    "p",
    "ul",
    "li",
    "meta",
    "title",
    "style",
    "h1",
    "aside",
}


def _newlines(root: HtmlElement) -> None:
    """A line break after each block element, outside mixed content: readable source, same DOM text."""
    for el in root.iter():
        if el.tag in _BREAK_AFTER and el.tag != "p" and len(el) and not (el.text or "").strip():
            el.text = "\n"
        parent = el.getparent()
        if el.tag in _BREAK_AFTER and parent is not None and parent.tag not in ("p", "li"):
            el.tail = "\n"


def layout_html(lay: Layout) -> HtmlElement:
    return _Html(lay).document()


def resolution_html(res: Resolution) -> HtmlElement:
    """The clean text of a resolution as an HTML document."""
    return layout_html(layout_resolution(res))


def redline_html(
    r: Redline, old: Document, new: Document, changes: Sequence[Change] = (), *, changes_only: bool = False
) -> HtmlElement:
    """A redline as an HTML document with <ins>/<del>, a legend and an anchor per eId."""
    lay = layout_redline(r, old, new, changes)
    return layout_html(lay.changes_only() if changes_only else lay)


def html_bytes(root: HtmlElement) -> bytes:
    data: bytes = lxml_html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8", method="html")
    return data + b"\n"
