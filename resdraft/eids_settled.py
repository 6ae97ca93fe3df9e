"""Whether ``eids.reassign_eids`` would change anything, read without rewriting.

After textual changes only, the eIds of a consolidation are usually those of the base, and
checking every eId of a large resolution once costs less than recomputing them all.
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from .akn import local, q
from .eids import KIND_PREFIX, clean_num, own_part

_NUM = q("num")
_ITEMS = ("{*}recital", "{*}paragraph", "{*}point")
_clean = lru_cache(maxsize=4096)(clean_num)


def eids_settled(doc: etree._Element) -> bool:
    """True when every recital, paragraph and point already has the eId ``reassign_eids`` gives
    it (nearest eId-bearing ancestor's eId + own part), so that it would leave the tree as it is."""
    last: etree._Element | None = None
    head: str | None = None
    for el in doc.iter(*_ITEMS):
        if el.get("alternativeTo") is not None:
            continue
        parent = el.getparent()
        if parent is not last:  # siblings share the head
            last = parent
            while parent is not None and (not parent.get("eId") or local(parent) == "mainBody"):
                parent = parent.getparent()
            head = None if parent is None else f"{parent.get('eId')}__"
        if head is not None and (el.get("eId") or "") != f"{head}{_own_part(el)}":
            return False
    return True


def _own_part(el: etree._Element) -> str | None:
    """``eids.own_part``, with the usual case (a num holding plain text) read directly."""
    num = next(el.iterchildren(_NUM), None)
    if num is not None and not len(num) and num.text and num.text.strip():
        return f"{KIND_PREFIX[local(el)]}_{_clean(' '.join(num.text.split()))}"
    return own_part(el)
