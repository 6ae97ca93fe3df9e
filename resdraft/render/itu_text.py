"""A resolution as plain text in ITU layout: one paragraph per line, numbers followed by a tab,
keyword lines on their own, annexes after the text and footnotes as ``[n]`` at the end.

This is what ``resdraft import`` reads back: exporting a resolution and importing the text gives
the same structure, eIds and words (tests/test_import_roundtrip.py checks every bundled text).
"""

from __future__ import annotations

from lxml import etree

from ..akn import local, q
from ..errors import InputError
from ..model import Document

_PROVISION_BLOCKS = ("intro", "content", "wrapUp")


def inline_text(el: etree._Element) -> str:
    """The words of an inline element; a footnote marker is written ``[n]``."""
    out: list[str] = [el.text or ""]
    for c in el:
        if isinstance(c.tag, str):
            ref = c.find(q("ref")) if local(c) == "sup" else None
            if ref is not None and ref.get("class") == "footnote" and len(c) == 1:
                out.append(f"[{''.join(ref.itertext())}]")
            elif local(c) == "span" and c.get("class") == "bookmark":
                pass
            else:
                out.append(inline_text(c))
        out.append(c.tail or "")
    return "".join(out).replace("\n", " ")


def _p_line(p: etree._Element) -> str:
    cls = p.get("class")
    if (
        cls in ("item", "bullet")
        and len(p)
        and local(p[0]) == "inline"
        and p[0].get("name") == "num"
        and not (p.text or "").strip()
    ):
        num = "".join(p[0].itertext())
        rest = (p[0].tail or "") + "".join(inline_text(c) + (c.tail or "") for c in p[1:])
        return f"{num}\t{rest.strip()}"
    if cls == "bullet":
        return "•\t" + inline_text(p).strip()
    return inline_text(p).strip()


class _Writer:
    def __init__(self) -> None:
        self.lines: list[tuple[str, bool]] = []  # (text, is a keyword line printed in italics)

    def add(self, text: str, italic: bool = False) -> None:
        self.lines.append((text, italic))

    def blocks(self, el: etree._Element, num: str | None) -> None:
        """The paragraphs of a provision, the first one after its number."""
        first = num is not None
        for c in el:
            name = local(c)
            if name == "p":
                self._p(c, num if first else None)
                first = False
            elif name in _PROVISION_BLOCKS:
                for p in c.iter(q("p")):
                    self._p(p, num if first else None)
                    first = False
            elif name in ("point", "paragraph", "recital"):
                if first:  # a number with no words of its own
                    self.add(f"{num}\t")
                    first = False
                self.provision(c)

    def _p(self, p: etree._Element, num: str | None) -> None:
        text = _p_line(p)
        self.add(f"{num}\t{text}" if num is not None else text)

    def provision(self, el: etree._Element) -> None:
        n = el.find(q("num"))
        self.blocks(el, "".join(n.itertext()) if n is not None else None)

    def group(self, el: etree._Element) -> None:
        head = el.find(q("intro") if local(el) == "recitals" else q("heading"))
        if head is not None:
            self.add(inline_text(head).strip(), italic=head.find(f".//{q('i')}") is not None)
        for c in el:
            if local(c) in ("recital", "paragraph"):
                self.provision(c)


def resolution_text(doc: Document) -> str:
    """The resolution as ITU-layout text, ending with a newline."""
    return "\n\n".join(text for text, _ in resolution_lines(doc)) + "\n"


def resolution_lines(doc: Document) -> list[tuple[str, bool]]:
    """The paragraphs of the ITU layout, each with whether it is a keyword line (italics).

    Only a resolution has this layout: a general ``<doc>`` (an imported report) has sections
    that the ITU layout does not hold, so it is refused rather than written as its preface."""
    if doc.doctype != "statement":
        raise InputError(
            f"expected a resolution (<statement>), found <{doc.doctype}>: only a resolution exports "
            "to the ITU layout",
            source=doc.source,
            hint="`resdraft show FILE --format text` shows any document as text",
        )
    w = _Writer()
    root = doc.doc
    for el in root.findall(f"{q('preface')}/*"):
        for p in el.iter(q("p")):
            w.add(inline_text(p).strip())
    for el in root.findall(f"{q('preamble')}/*"):
        if local(el) == "formula":
            for p in el.iter(q("p")):
                w.add(inline_text(p).strip())
        else:
            w.group(el)
    for el in root.findall(f"{q('mainBody')}/{q('hcontainer')}"):
        w.group(el)
    for att in root.iter(q("attachment")):
        for p in att.findall(f".//{q('preface')}/{q('p')}"):
            w.add(inline_text(p).strip())
        for el in att.findall(f".//{q('mainBody')}/{q('hcontainer')}"):
            w.group(el)
    markers = {
        (ref.get("href") or "")[1:]: "".join(ref.itertext())
        for ref in root.iter(q("ref"))
        if ref.get("class") == "footnote"
    }
    for i, note in enumerate(doc.root.findall(f".//{q('notes')}/{q('note')}"), start=1):
        marker = markers.get(note.get("eId") or "", str(i))
        w.add(f"[{marker}]\t" + " ".join(inline_text(p).strip() for p in note.iter(q("p"))))
    return w.lines
