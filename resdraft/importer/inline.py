"""Runs of formatted text into Akoma Ntoso inline content: <i>, <b>, <u>, <sup>, <sub>,
<ins>/<del> (tracked changes), <ref> (references and footnote markers) and bookmark markers.
Built with the element factory only; text goes into .text and .tail, never into markup."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..akn import E
from .keywords import Lexicon
from .refs import find_references
from .source import Line, Run


@dataclass(slots=True)
class InlineContext:
    """What inline building needs: the language (for references) and the footnote eIds."""

    lex: Lexicon
    note_ids: dict[str, str] = field(default_factory=dict)  # footnote key -> eId in <notes>
    refs: bool = True
    used_notes: set[str] = field(default_factory=set)


def add_text(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


# Run flag -> AKN inline element, innermost first.
_WRAPPERS = (
    ("sub", "sub"),
    ("sup", "sup"),
    ("underline", "u"),
    ("italic", "i"),
    ("bold", "b"),
    ("inserted", "ins"),
    ("deleted", "del"),
)


def _pieces(parent: etree._Element, text: str, ctx: InlineContext) -> None:
    if not ctx.refs:
        add_text(parent, text)
        return
    pos = 0
    for f in find_references(text, ctx.lex):
        add_text(parent, text[pos : f.start])
        parent.append(E.ref(text[f.start : f.end], href=f.href))
        pos = f.end
    add_text(parent, text[pos:])


def add_run(parent: etree._Element, run: Run, ctx: InlineContext) -> None:
    if run.note is not None and run.note in ctx.note_ids:
        ctx.used_notes.add(run.note)
        parent.append(E.sup(E.ref(run.text, {"class": "footnote"}, href="#" + ctx.note_ids[run.note])))
        return
    tags = [tag for flag, tag in _WRAPPERS if getattr(run, flag)]
    if run.strike and not run.deleted:
        tags.append("span")
    if not tags:
        _pieces(parent, run.text, ctx)
        return
    inner = outer = E(tags[0], {"class": "strike"}) if tags[0] == "span" else E(tags[0])
    for tag in tags[1:]:
        el = E(tag, {"class": "strike"}) if tag == "span" else E(tag)
        el.append(outer)
        outer = el
    _pieces(inner, run.text, ctx)
    parent.append(outer)


def fill(parent: etree._Element, line: Line, ctx: InlineContext) -> etree._Element:
    """Append a line's runs (and its bookmark markers) to ``parent``; returns ``parent``."""
    for name in line.bookmarks:
        parent.append(E.span({"class": "bookmark", "title": name}))
    for run in line.runs:
        add_run(parent, run, ctx)
    return parent


def para(line: Line, ctx: InlineContext, **attrs: str) -> etree._Element:
    return fill(E.p(attrs) if attrs else E.p(), line, ctx)
