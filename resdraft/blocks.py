"""Writing a provision's own blocks back from tokens: the inverse of ``tokens.tokens_of``.

Num, child provisions and the attributes (eIds) of the blocks and containers are kept; only
the words and inline markup of the own blocks (heading, intro, content, wrapUp) are replaced.
The text beside an inline element is read and trimmed here too, for words put in its place.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from .akn import E, first, local, q
from .tokens import TAG, decode_tag, own_blocks, split_blocks


def _qualify(name: str) -> str:
    if name.startswith("{"):
        return name
    return q(name)


class _Filler:
    """Appends text and child elements to an element in mixed-content order."""

    def __init__(self, el: etree._Element) -> None:
        self.stack = [el]

    def text(self, s: str) -> None:
        top = self.stack[-1]
        if len(top):
            top[-1].tail = (top[-1].tail or "") + s
        else:
            top.text = (top.text or "") + s

    def open(self, name: str, attrs: dict[str, str]) -> etree._Element:
        el = etree.SubElement(self.stack[-1], _qualify(name), attrs)
        self.stack.append(el)
        return el

    def close(self) -> None:
        self.stack.pop()


def fill_inline(el: etree._Element, tokens: Sequence[str]) -> None:
    """Write balanced inline tokens into an (empty) element."""
    f = _Filler(el)
    run: list[str] = []  # words between two tags, written at once
    for t in tokens:
        if t.startswith(TAG):
            if run:
                f.text("".join(run))
                run.clear()
            opening, name, attrs = decode_tag(t)
            if opening:
                f.open(name, attrs)
            else:
                f.close()
        else:
            run.append(t)
    if run:
        f.text("".join(run))


def set_tokens(prov: etree._Element, tokens: Sequence[str]) -> None:
    """Replace the provision's own blocks by ``tokens``, keeping num, child provisions and the
    attributes (eIds) of the blocks and containers that are rebuilt."""
    runs = split_blocks(tokens)
    for block, (_, toks) in zip(rebuild_blocks(prov, [path for path, _ in runs]), runs, strict=True):
        fill_inline(block, toks)


def rebuild_blocks(
    prov: etree._Element, paths: Sequence[str], own: list[tuple[str, etree._Element]] | None = None
) -> list[etree._Element]:
    """Remove the provision's own blocks and put empty ones in their place, one per path
    ("p", "content/p", "intro/p", ...), for the caller to fill. Num, child provisions and the
    attributes (eIds) of the blocks and containers that are rebuilt are kept.

    When the paths are the blocks there already (a change of words, the usual case), the blocks
    are emptied where they stand: comments beside them and the namespace prefixes of their
    attributes stay as they were, where a rebuild would put comments after the new blocks.
    ``own``: ``own_blocks(prov)``, if at hand."""
    own = own_blocks(prov) if own is None else own
    if [path for path, _ in own] == list(paths):
        # The usual case, the same blocks with new words: empty them where they stand.
        for _, block in own:
            block.text = None
            del block[:]
        return [block for _, block in own]
    container_attrs: dict[str, dict[str, str]] = {}
    block_attrs: dict[str, list[dict[str, str]]] = {}
    for path, block in own:
        parent = block.getparent()
        assert parent is not None
        block_attrs.setdefault(path, []).append(dict(block.attrib))
        parent.remove(block)
        if parent is not prov:
            container_attrs.setdefault(local(parent), dict(parent.attrib))
            if len(parent) == 0:
                prov.remove(parent)
    num = first(prov, q("num"))
    at = 0 if num is None else prov.index(num) + 1
    containers: dict[str, etree._Element] = {}
    out: list[etree._Element] = []
    for path in paths:
        container_name, _, leaf = path.partition("/")
        reuse = block_attrs.get(path)
        attrs = reuse.pop(0) if reuse else {}
        if not leaf:
            block = E(container_name, attrs)
            prov.insert(at, block)
            at += 1
        else:
            holder = containers.get(container_name)
            if holder is None:
                holder = first(prov, q(container_name))
            if holder is None:
                held = container_attrs.get(container_name, {})
                if not held and prov.get("eId") and container_name in ("intro", "wrapUp"):
                    held = {"eId": f"{prov.get('eId')}__{container_name.lower()}"}
                holder = E(container_name, held)
                # wrapUp follows child provisions; intro and content precede them.
                if container_name == "wrapUp":
                    prov.append(holder)
                else:
                    prov.insert(at, holder)
                    at += 1
            containers[container_name] = holder
            block = etree.SubElement(holder, q(leaf), attrs)
        out.append(block)
    return out


def strip_space_before(el: etree._Element) -> None:
    """Remove the white space just before an element."""
    prev, parent = el.getprevious(), el.getparent()
    if prev is not None and prev.tail:
        prev.tail = prev.tail.rstrip()
    elif prev is None and parent is not None and parent.text:
        parent.text = parent.text.rstrip()


def text_before(el: etree._Element) -> str:
    """The text just before an element: its previous sibling's tail or words, or its parent's text."""
    prev = el.getprevious()
    if prev is not None:
        return prev.tail or "".join(prev.itertext())
    parent = el.getparent()
    return (parent.text or "") if parent is not None else ""


def text_after(el: etree._Element) -> str:
    """The words of the element after this one (its own tail aside)."""
    nxt = el.getnext()
    return "".join(nxt.itertext()) if nxt is not None else ""
