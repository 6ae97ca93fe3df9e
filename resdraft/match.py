"""Pairing the provisions of two Expressions: by wId, eId, identical text, then similarity.

eIds follow numbers, so after a renumbering the same eId may name another paragraph; a
pairing that trusts eIds alone turns one insertion into a cascade of false edits. We trust,
in order: the wId lineage a consolidation records, an unchanged eId with unchanged text,
identical text anywhere, an unchanged eId with similar text, and the most similar text.
"Unchanged" and "identical" are first decided in C, by comparing serialisations; words are
read only for what those comparisons leave unpaired.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping

from lxml import etree

from .outline import Outline
from .tokens import fingerprint, fingerprint_words

SIMILAR = 0.5
REWRITE = 0.2  # below this, same eId or not, a deletion and an insertion are more honest


Words = Callable[[etree._Element], str]


def _words(el: etree._Element) -> str:
    return fingerprint_words(fingerprint(el))


def similarity(a: str | Counter[str], b: str | Counter[str]) -> float:
    """Share of words in common (a multiset Dice coefficient): linear, order-free, cheap."""
    wa = a if isinstance(a, Counter) else Counter(a.split())
    wb = b if isinstance(b, Counter) else Counter(b.split())
    total = wa.total() + wb.total()
    if not total:
        return 1.0
    if len(wa) > len(wb):
        wa, wb = wb, wa
    get = wb.get
    common = 0  # the size of the multiset intersection, without building it (``wa & wb``)
    for word, n in wa.items():
        other = get(word)
        if other:
            common += n if n < other else other
    return 2 * common / total


class Matcher:
    """Pairs provisions of ``old`` and ``new``; use :attr:`pairs` (old -> new).

    :attr:`identical` holds the new provisions paired with an old one that has the same eId and
    the same serialisation (number, words, markup): nothing about them needs a second look.
    :attr:`same_text` holds those (identical or not) whose own words and markup are their
    counterpart's, serialisation for serialisation, whatever their number.
    """

    def __init__(
        self,
        old: etree._Element | Outline,
        new: etree._Element | Outline,
        text: Words = _words,
    ) -> None:
        self.old_outline = old if isinstance(old, Outline) else Outline(old)
        self.new_outline = new if isinstance(new, Outline) else Outline(new)
        self.old = self.old_outline.provisions
        self.new = self.new_outline.provisions
        self.text = _Memo(text)
        self._bags: dict[etree._Element, Counter[str]] = {}
        self.pairs: dict[etree._Element, etree._Element] = {}
        self.identical: set[etree._Element] = set()
        self.same_text: set[etree._Element] = set()
        self._taken: set[etree._Element] = set()
        self._rest_old = self.old  # a superset of the unpaired, narrowed as pairs are made
        self._rest_new = self.new
        self._run()

    def bag(self, el: etree._Element) -> Counter[str]:
        """Word counts, computed only for the provisions the cheap steps leave unpaired."""
        got = self._bags.get(el)
        if got is None:
            got = self._bags[el] = Counter(self.text[el].split())
        return got

    def _pair(self, o: etree._Element, n: etree._Element) -> None:
        self.pairs[o] = n
        self._taken.add(n)

    def _free_old(self) -> list[etree._Element]:
        """Unpaired old provisions in order; each call filters the last call's answer, since
        pairs are only ever added (the first exact steps leave a few percent unpaired)."""
        pairs = self.pairs
        self._rest_old = [o for o in self._rest_old if o not in pairs]
        return self._rest_old

    def _free_new(self) -> list[etree._Element]:
        taken = self._taken
        self._rest_new = [n for n in self._rest_new if n not in taken]
        return self._rest_new

    def _run(self) -> None:
        old_ids: list[str | None] = list(self.old_outline.eids.values())
        new_ids = self.new_outline.eids  # each provision's eId, read once by the outlines
        by_eid: dict[str | None, etree._Element] = dict(zip(old_ids, self.old, strict=True))
        self._same_serialisation(by_eid)  # 2. same eId, same words: first the cheap exact case
        self._same_own_elsewhere()  # 3. identical words elsewhere: first the cheap exact case
        self._lineage(by_eid)  # 1. recorded lineage, for what the exact cases left
        for n in self._free_new():  # 2. same eId, same words
            o = by_eid.get(new_ids[n])
            if o is not None and o not in self.pairs and o.tag == n.tag and self.text[o] == self.text[n]:
                self._pair(o, n)
        groups: dict[tuple[object, str], list[etree._Element]] = defaultdict(list)
        for o in self._free_old():  # 3. identical words elsewhere (renumbered or moved)
            if self.text[o]:
                groups[(o.tag, self.text[o])].append(o)
        for n in self._free_new():
            bucket = groups.get((n.tag, self.text[n]))
            if bucket:
                self._pair(bucket.pop(0), n)
        self._same_eid_similar(by_eid)  # 4. same eId, similar words
        self._greedy()
        for n in self._free_new():  # 6. a heavy rewrite that keeps its place and some words
            o = by_eid.get(new_ids[n])
            if (
                o is not None
                and o not in self.pairs
                and o.tag == n.tag
                and (similarity(self.bag(o), self.bag(n)) >= REWRITE or not (self.text[o] and self.text[n]))
            ):
                self._pair(o, n)

    def _lineage(self, by_eid: dict[str | None, etree._Element]) -> None:
        """Pair by the lineage a consolidation records: a renumbered provision keeps its former
        eId as its wId. Run after the exact steps, and only among what they left: a wId names a
        provision of the text it was consolidated from, which the old text need not be (an
        edited copy whose eIds were reassigned), and an eId can come back on another provision
        (an ADD after a renumbering), so a wId is matched first to a wId, then to an eId."""
        free_new = self._free_new()
        new_wids = [n.get("wId") for n in free_new]  # only a provision's wId is ever looked up
        if not any(new_wids):
            return
        by_wid = dict(by_eid)
        by_wid.update((w, o) for o in self.old if (w := o.get("wId")))
        for n, w in zip(free_new, new_wids, strict=True):
            o = by_wid.get(w) if w else None
            if o is not None and o not in self.pairs and o.tag == n.tag:
                self._pair(o, n)

    def _same_eid_similar(self, by_eid: dict[str | None, etree._Element]) -> None:
        """Same eId and similar words, unless the numbers moved on: after a deletion renumbers a
        group, an eId names the next provision. The free neighbours of both are compared too; one
        that is more like the other side than like its own same-eId partner wins (in stage 5)."""
        free_new = self._free_new()
        eids = self.new_outline.eids
        by_new_eid: dict[str | None, etree._Element] = {eids[n]: n for n in free_new}
        for n in free_new:
            o = by_eid.get(eids[n])
            if o is None or o in self.pairs or o.tag != n.tag:
                continue
            s = similarity(self.bag(o), self.bag(n))
            if s < SIMILAR:
                continue
            if any(self._rival(x, n, s, by_new_eid.get(x.get("eId"))) for x in _neighbours(o)):
                continue
            if any(self._rival(y, o, s, by_eid.get(y.get("eId"))) for y in _neighbours(n)):
                continue
            self._pair(o, n)

    def _rival(
        self, x: etree._Element, other: etree._Element, s: float, partner: etree._Element | None
    ) -> bool:
        """Whether ``x``, a free neighbour, is more like ``other`` than the same-eId pair is
        (``s``), and more than like its own same-eId ``partner`` (when that is free)."""
        if x in self.pairs or x in self._taken:
            return False
        got = similarity(self.bag(x), self.bag(other))
        if got <= s:
            return False
        if partner is None or partner.tag != x.tag or partner in self.pairs or partner in self._taken:
            return True
        return got > similarity(self.bag(x), self.bag(partner))

    def _same_serialisation(self, by_eid: dict[str | None, etree._Element]) -> None:
        """Same eId and byte-identical serialisations, compared in C (a leaf whole, a keyword
        group by its own heading or intro): in a revision most provisions are such, and this
        spares tokenising or even reading their words."""
        ol, nl = self.old_outline, self.new_outline
        tostring = etree.tostring
        pairs, taken, identical, same_text = self.pairs, self._taken, self.identical, self.same_text
        old_holders, new_holders = ol.holders, nl.holders  # locals: a third of the time went on lookups
        for n, eid in nl.eids.items():
            if n in taken:
                continue
            o = by_eid.get(eid)
            if o is None or o in pairs:
                continue
            if n not in new_holders and o not in old_holders:  # leaves: same serialisation, same tag
                if tostring(o, encoding=str, with_tail=False) == tostring(n, encoding=str, with_tail=False):
                    pairs[o] = n
                    taken.add(n)
                    identical.add(n)
                    same_text.add(n)
            elif o.tag == n.tag and ol.own_key(o) == nl.own_key(n):
                pairs[o] = n
                taken.add(n)
                same_text.add(n)
                if ol.num(o) == nl.num(n):
                    identical.add(n)

    def _same_own_elsewhere(self) -> None:
        """A provision renumbered or moved with its words and markup untouched: paired with the
        first free old provision of the same kind whose own serialisation is the same."""
        ol, nl = self.old_outline, self.new_outline
        groups: dict[tuple[object, tuple[str, ...]], list[etree._Element]] = defaultdict(list)
        for o in self._free_old():
            key = ol.own_key(o)
            if key:
                groups[(o.tag, key)].append(o)
        if not groups:
            return
        for n in self._free_new():
            bucket = groups.get((n.tag, nl.own_key(n)))
            if bucket:
                self._pair(bucket.pop(0), n)
                self.same_text.add(n)

    def _greedy(self) -> None:
        """5. best remaining similarity, same kind, preferring the same parent group."""
        free_old = self._free_old()
        if not free_old:
            return
        cands: list[tuple[float, int, int, etree._Element, etree._Element]] = []
        free_new = self._free_new()
        order = {el: i for i, el in enumerate(free_old + free_new)}
        for n in free_new:
            for o in free_old:
                if o.tag != n.tag:
                    continue
                s = similarity(self.bag(o), self.bag(n))
                if s >= SIMILAR:
                    same_parent = self._parent_key(o) == self._parent_key(n)
                    cands.append((s + (0.01 if same_parent else 0), -order[o], -order[n], o, n))
        cands.sort(key=lambda c: (c[0], c[1], c[2]), reverse=True)
        for _, _, _, o, n in cands:
            if o not in self.pairs and n not in self._taken:
                self._pair(o, n)

    @staticmethod
    def _parent_key(el: etree._Element) -> str:
        p = next((a for a in el.iterancestors() if a.get("eId")), None)
        return (p.get("wId") or p.get("eId") or "") if p is not None else ""


def _neighbours(el: etree._Element) -> list[etree._Element]:
    """The siblings of the same kind just before and after ``el``."""
    out = []
    prev = el.getprevious()
    while prev is not None and prev.tag != el.tag:
        prev = prev.getprevious()
    if prev is not None:
        out.append(prev)
    nxt = el.getnext()
    while nxt is not None and nxt.tag != el.tag:
        nxt = nxt.getnext()
    if nxt is not None:
        out.append(nxt)
    return out


class _Memo(dict[etree._Element, str]):
    """Words of a provision, computed on first use: most provisions never need them."""

    def __init__(self, fn: Words) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, el: etree._Element) -> str:
        got = self[el] = self.fn(el)
        return got


def moved_elements(
    pairs: Mapping[etree._Element, etree._Element],
    new: Outline,
    old: Outline,
    back: Mapping[etree._Element, etree._Element] | None = None,
) -> set[etree._Element]:
    """New elements whose old counterpart sat under another parent or out of sibling order
    (``back``: ``pairs`` inverted, if the caller has it)."""
    new_parent, old_parent = new.parents, old.parents  # every provision's, read by the outlines
    if back is None:
        back = {n: o for o, n in pairs.items()}
    moved: set[etree._Element] = set()
    by_parent: dict[etree._Element | None, list[etree._Element]] = defaultdict(list)
    new_ids: dict[etree._Element | None, str] = {}  # siblings share a parent: look it up once
    old_ids: dict[etree._Element | None, str] = {}
    for n in new.provisions:
        o = back.get(n)
        if o is None:
            continue
        np, op = new_parent[n], old_parent[o] if o in old_parent else old.parent(o)
        nid = new_ids.get(np)
        if nid is None:
            nid = new_ids[np] = _parent_id(np, back)
        oid = old_ids.get(op)
        if oid is None:
            oid = old_ids[op] = _parent_id(op, {})
        if nid != oid:
            moved.add(n)
        else:
            by_parent[np].append(n)
    order = {o: i for i, o in enumerate(old.provisions)}
    for kids in by_parent.values():
        seq = [n for n in kids if n not in moved]
        # document order of the old counterparts ranks siblings as their index would, in one lookup
        ranks = [order[back[n]] for n in seq]
        if all(map(int.__lt__, ranks, ranks[1:])):  # the usual case: siblings kept their order
            continue
        keep = _lis(ranks)
        moved.update(n for i, n in enumerate(seq) if i not in keep)
    return moved


def _parent_id(el: etree._Element | None, back: Mapping[etree._Element, etree._Element]) -> str:
    """A parent's identity in the old text: its old counterpart's eId, or its own eId."""
    if el is None:
        return ""
    old = back.get(el, el)
    return old.get("eId") or ""


def _lis(seq: list[int]) -> set[int]:
    """Indexes of one longest increasing subsequence (patience sorting)."""
    import bisect

    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(seq)
    for i, x in enumerate(seq):
        k = bisect.bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
            tails_idx.append(i)
        else:
            tails[k] = x
            tails_idx[k] = i
        prev[i] = tails_idx[k - 1] if k else -1
    out: set[int] = set()
    i = tails_idx[-1] if tails_idx else -1
    while i >= 0:
        out.add(i)
        i = prev[i]
    return out
