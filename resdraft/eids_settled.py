"""Whether ``eids.reassign_eids`` would change anything, read without rewriting.

After textual changes only, the eIds of a consolidation are usually those of the base, and
checking every eId of a large resolution once costs less than recomputing them all.
"""

from __future__ import annotations

from lxml import etree

from .akn import first, parent_of, q
from .eids import KIND_PREFIX, clean_num, own_part

_ITEMS = ("{*}recital", "{*}paragraph", "{*}point")
_PREFIX = {q(kind): prefix for kind, prefix in KIND_PREFIX.items()}
_NUM = q("num")


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
        if head is None:
            continue
        # own_part, inlined for the usual AKN item with a plain <num>
        prefix = _PREFIX.get(el.tag)  # type: ignore[arg-type]
        num = first(el, _NUM) if prefix else None
        if num is not None and not len(num) and num.text and num.text.strip():
            part: str | None = f"{prefix}_{clean_num(' '.join(num.text.split()))}"
        else:
            part = own_part(el)
        if (el.get("eId") or "") != f"{head}{part}":
            return False
    return True
