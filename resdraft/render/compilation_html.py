"""The synoptic compilation as one self-contained HTML page (same look as the redlines):
per provision, the base text, then each proposal's action, redline and Reasons."""

from __future__ import annotations

from lxml.html import HtmlElement
from lxml.html import builder as H

from ..compilation import Compilation
from ..redline import INSERT, Segment
from .html import CSS, PALETTE

EXTRA_CSS = """
section.entry { margin: 1.2rem 0; border-top: 1px solid #ddd; padding-top: .4rem; }
section.entry h2 { font-size: 12pt; font-style: italic; margin: .3rem 0; }
.block.base .text { color: #333; }
"""


def _paras(segs: tuple[Segment, ...], colour: str, title: str) -> list[HtmlElement]:
    """Paragraphs of marked text; each provision (it starts with its number) is a paragraph."""
    paras: list[list[HtmlElement | str]] = [[]]
    for s in segs:
        if s.block is not None:
            if s.block == "num" and paras[-1]:
                paras.append([])
            elif s.block != "num" and paras[-1]:
                paras[-1].append(" ")
            continue
        if s.op == 0:
            paras[-1].append(s.text)
        else:
            tag = H.INS if s.op == INSERT else H.DEL
            el = tag(s.text, title=f"{'inserted' if s.op == INSERT else 'deleted'} by {title}")
            el.set("style", f"--c: {colour}")
            paras[-1].append(el)
    return [H.P(*runs) for runs in paras if runs]


def compilation_html(c: Compilation, lang: str = "en") -> HtmlElement:
    colour = {p.label: PALETTE[i % len(PALETTE)] for i, p in enumerate(c.proposers)}
    legend = H.UL(
        *[
            H.LI(
                H.SPAN(H.CLASS("swatch"), style=f"background: {colour[p.label]}"),
                H.B(p.label, style=f"--c: {colour[p.label]}"),
                f" {p.document}: ",
                ", ".join(n for _, n in p.submitters),
            )
            for p in c.proposers
        ]
    )
    body: list[HtmlElement] = [
        H.E.header(
            H.CLASS("meta"),
            H.H1(f"Compilation of proposals on {c.resolution}"),
            H.P(c.expression),
            H.DIV(H.CLASS("legend"), legend),
        )
    ]
    for e in c.entries:
        blocks: list[HtmlElement] = [H.H2(e.label)]
        if e.base:
            blocks.append(
                H.DIV(
                    H.CLASS("block base"),
                    H.DIV(H.CLASS("margin"), "base"),
                    H.DIV(H.CLASS("text"), *_paras(e.base, "", "")),
                )
            )
        for t in e.treatments:
            col = colour.get(t.proposer, "#333")
            margin = H.DIV(
                H.CLASS("margin"),
                H.SPAN(H.CLASS("action"), t.action),
                H.BR(),
                H.SPAN(H.CLASS("pid"), t.proposal_id, style=f"--c: {col}"),
            )
            text = H.DIV(H.CLASS("text"), *_paras(t.segments, col, t.attribution))
            blocks.append(H.DIV(H.CLASS("block"), margin, text))
            if t.reasons:
                blocks.append(
                    H.DIV(H.CLASS("block"), H.E.aside(H.CLASS("reasons"), H.P(H.B("Reasons: "), t.reasons)))
                )
        section = H.E.section(H.CLASS("entry"), *blocks)
        section.set("id", e.eid if not e.new else f"new-{e.eid}")
        body.append(section)
    return H.HTML(
        H.HEAD(H.META(charset="utf-8"), H.TITLE(f"Compilation: {c.resolution}"), H.STYLE(CSS + EXTRA_CSS)),
        H.BODY(*body),
        lang=lang,
    )
