"""Whether ``eids.reassign_eids`` would change anything, read without rewriting.

After textual changes only, the eIds of a consolidation are usually those of the base, and
checking every eId of a large resolution once costs less than recomputing them all.
"""

from __future__ import annotations

from lxml import etree

from .akn import parent_of
from .eids import own_part

_ITEMS = ("{*}recital", "{*}paragraph", "{*}point")


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
            holder = parent_of(el)
            head = None if holder is None else f"{holder.get('eId')}__"
        if head is not None and (el.get("eId") or "") != f"{head}{own_part(el)}":
            return False
    return True
