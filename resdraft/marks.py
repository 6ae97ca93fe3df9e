"""ITU revision marks inside quoted text: ``<ins>`` kept on accept, ``<del>`` kept on reject."""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

from .akn import q

_MARKS = (q("ins"), q("del"))


def has_marks(el: etree._Element) -> bool:
    return next(el.iterdescendants(*_MARKS), None) is not None


def drop(el: etree._Element) -> None:
    """Remove an element and its content, keeping the text that follows it."""
    parent = el.getparent()
    assert parent is not None
    tail = el.tail or ""
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


def unwrap(el: etree._Element) -> None:
    """Replace an element by its content."""
    parent = el.getparent()
    assert parent is not None
    idx = parent.index(el)
    prev = el.getprevious()
    lead = el.text or ""
    if prev is not None:
        prev.tail = (prev.tail or "") + lead
    else:
        parent.text = (parent.text or "") + lead
    kids = list(el)
    for offset, c in enumerate(kids):
        parent.insert(idx + offset, c)
    last = kids[-1] if kids else parent[idx - 1] if idx > 0 else None
    tail = el.tail or ""
    if last is not None:
        last.tail = (last.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


def _resolve(el: etree._Element, keep: str, gone: str, copy: bool = True) -> etree._Element:
    out = deepcopy(el) if copy else el
    for d in list(out.iter(q(gone))):
        if d.getparent() is not None:
            drop(d)
    for k in list(out.iter(q(keep))):
        if k.getparent() is not None:
            unwrap(k)
    return out


def accept(el: etree._Element, *, copy: bool = True) -> etree._Element:
    """The proposed text: insertions kept, deletions gone.

    ``copy=False`` resolves ``el`` itself, for a caller that holds a private copy already."""
    return _resolve(el, keep="ins", gone="del", copy=copy)


def reject(el: etree._Element) -> etree._Element:
    """The text the proposal says it starts from: deletions kept, insertions gone."""
    return _resolve(el, keep="del", gone="ins")
