"""One pass over an Expression's provisions, shared by pairing, move detection and the redline.

A diff of a conference's 200 resolutions touches ~34,000 provisions; each lxml element access
from Python costs a proxy, so parents, depths, numbers and labels are computed once per
provision here and memoised, instead of once per question asked about them.
"""

from __future__ import annotations

from lxml import etree

from .akn import local, parent_of, provisions_with_eids, q, text_of
from .model import label_of
from .tokens import own_children

_NUM = q("num")
_UNCOUNTED = ("mainBody", "attachment")  # not a level of depth


class Outline:
    """The provisions of one Expression in reading order, with memoised facts about each."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        # each provision's eId, read once: pairing looks every one of them up
        self.eids: dict[etree._Element, str] = dict(provisions_with_eids(root))
        self.provisions: list[etree._Element] = list(self.eids)
        # every question below needs parents, and move detection reads every provision's, so
        # all are read here, in one pass; parents come first in reading order, and most
        # provisions sit right inside theirs (one with an empty eId is no parent: ``parent_of``
        # passes over it)
        self.parents: dict[etree._Element, etree._Element | None] = {}
        eids = self.eids
        for e in self.provisions:
            p = e.getparent()
            self.parents[e] = p if p is not None and eids.get(p) else parent_of(e)
        # the elements holding a provision: a provision not among them is a leaf (built in C)
        self.holders: frozenset[etree._Element | None] = frozenset(self.parents.values())
        self._depth: dict[etree._Element, int] = {}
        self._num: dict[etree._Element, str | None] = {}
        self._label: dict[etree._Element, str] = {}
        self._keys: dict[etree._Element, tuple[str, ...]] = {}

    def parent(self, el: etree._Element) -> etree._Element | None:
        """The nearest ancestor with an eId (mainBody excepted): what a move changes."""
        try:
            return self.parents[el]
        except KeyError:
            got = self.parents[el] = parent_of(el)
            return got

    def depth(self, el: etree._Element) -> int:
        """Ancestors with an eId, mainBody and attachments not counted: the indent of a line."""
        got = self._depth.get(el)
        if got is None:
            p = self.parent(el)
            got = 0 if p is None else self.depth(p) + (local(p) not in _UNCOUNTED)
            self._depth[el] = got
        return got

    def num(self, el: etree._Element | None) -> str | None:
        """The provision's number as printed ("b)", "3"), whitespace folded; None without one."""
        if el is None:
            return None
        if el in self._num:  # a test, not try/except: a raised KeyError costs more than the read
            return self._num[el]
        n = el[0] if len(el) and el[0].tag == _NUM else next(el.iterchildren(_NUM), None)
        got = None if n is None else text_of(n)
        self._num[el] = got
        return got

    def label(self, el: etree._Element) -> str:
        """How a drafter cites it (:func:`resdraft.model.label_of`), parents' labels memoised."""
        got = self._label.get(el)
        if got is None:
            got = self._label[el] = label_of(el, self.label, self.num)
        return got

    def own_key(self, el: etree._Element) -> tuple[str, ...]:
        """The serialisations of the provision's own children (heading, intro, content, p,
        wrapUp; not num, not child provisions): equal keys, equal words and markup, read in C."""
        got = self._keys.get(el)
        if got is None:
            tostring = etree.tostring
            # a leaf's children are all its own: only a holder needs its provisions passed over
            kids = own_children(el) if el in self.holders else el
            got = self._keys[el] = tuple(
                [
                    tostring(c, encoding=str, with_tail=False)
                    for c in kids
                    if (tag := c.tag) != _NUM and isinstance(tag, str)  # not comments or PIs
                ]
            )
        return got

    def is_leaf(self, el: etree._Element) -> bool:
        """A provision with no provision inside: its serialisation is its own words, number
        and markup."""
        return el in self.eids and el not in self.holders
