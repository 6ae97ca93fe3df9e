"""HTML input: block elements are lines, inline elements formatting; list items get the number
or bullet a browser shows. Parsed by lxml's HTML parser with no network access; scripts, styles
and comments are dropped (they are not text)."""

from __future__ import annotations

import re
from dataclasses import replace

from lxml import etree
from lxml import html as lhtml

from ..eids import to_letters, to_roman
from ..errors import InputError
from .source import Line, Run, Source, clean_text, italic_line, merge_runs, take_artefacts
from .text import decode, link_footnotes

_BLOCKS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "td",
        "th",
        "tr",
        "table",
        "ul",
        "ol",
        "dl",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "body",
        "center",
        "caption",
        "figcaption",
        "address",
        "nav",
        "aside",
        "form",
        "fieldset",
        "hr",
    ]
)
_SKIP = frozenset(
    ["script", "style", "head", "title", "noscript", "template", "iframe", "object", "embed", "svg", "math"]
)
_FORMAT = {
    "i": "italic",
    "em": "italic",
    "cite": "italic",
    "b": "bold",
    "strong": "bold",
    "u": "underline",
    "ins": "inserted",
    "del": "deleted",
    "s": "strike",
    "strike": "strike",
    "sup": "sup",
    "sub": "sub",
}


def _ol_label(ol: etree._Element, n: int) -> str:
    kind = ol.get("type", "1")
    if kind == "a":
        return to_letters(n) + ")"
    if kind == "A":
        return to_letters(n).upper() + ")"
    if kind == "i":
        return to_roman(n) + ")"
    if kind == "I":
        return to_roman(n).upper() + ")"
    return f"{n}."


class _Reader:
    def __init__(self, src: Source) -> None:
        self.src = src
        self.runs: list[Run] = []
        self.no = 1

    def flush(self) -> None:
        runs = merge_runs(
            [replace(r, text=clean_text(r.text.replace("\n", " "), self.src, self.no)) for r in self.runs]
        )
        self.runs = []
        if any(r.text.strip() for r in runs):
            line = Line(self.no, runs, italic=italic_line(runs))
            self.src.lines.append(take_artefacts(line, self.src))

    def text(self, s: str | None, fmt: Run) -> None:
        """HTML white space: every run of it is one space; none at the start of a line."""
        if not s:
            return
        s = re.sub(r"[ \t\r\n\f]+", " ", s)
        if not any(r.text for r in self.runs):
            s = s.lstrip(" ")
        if s:
            self.runs.append(replace(fmt, text=s))

    def walk(self, el: etree._Element, fmt: Run) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _SKIP or not tag:
            return
        if tag == "br":
            self.flush()
            self.no = el.sourceline or self.no
            return
        block = tag in _BLOCKS
        if block:
            self.flush()
            self.no = el.sourceline or self.no
            parent = el.getparent()
            if tag == "li" and parent is not None:
                items = [c for c in parent if isinstance(c.tag, str) and c.tag.lower() == "li"]
                if parent.tag == "ol":
                    start = int(parent.get("start", "1")) if parent.get("start", "1").isdigit() else 1
                    self.runs.append(Run(_ol_label(parent, start + items.index(el)) + "\t"))
                elif parent.tag == "ul":
                    self.runs.append(Run("•\t"))
        if tag in _FORMAT:
            flags: dict[str, bool] = {_FORMAT[tag]: True}
            fmt = replace(fmt, **flags)  # type: ignore[arg-type]
        self.text(el.text, fmt)
        for c in el:
            self.walk(c, fmt)
            self.text(c.tail, fmt)
        if block:
            self.flush()


def read_html(data: bytes, name: str) -> Source:
    src = Source(name=name, fmt="html", lines=[])
    text = decode(data, src)
    if not text.strip():
        return src
    parser = lhtml.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, encoding="utf-8")
    try:
        root = lhtml.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"cannot parse the HTML: {exc}", source=name) from exc
    body = root.find("body")
    reader = _Reader(src)
    reader.walk(body if body is not None else root, Run(""))
    reader.flush()
    link_footnotes(src)
    return src
