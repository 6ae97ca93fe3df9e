"""The format-neutral redline: every provision in reading order with attributed word edits.

Built either from a consolidation (exact attribution: we know which proposal made each edit)
or from a plain diff of two Expressions (no proposer). Renderers turn it into terminal text,
JSON or AKN; none of them recomputes anything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from typing import overload

from lxml import etree

from .akn import local, q
from .match import Matcher, moved_elements
from .model import Document
from .outline import Outline
from .tokens import (
    BLOCK,
    TAG,
    Edit,
    Fingerprint,
    edits_between,
    fingerprint,
    fingerprint_tokens,
    fingerprint_words,
    is_markup,
    own_blocks,
    render_segments,
    tokens_of,
)

EQUAL, DELETE, INSERT = 0, -1, 1
COUNTED = ("added", "removed", "modified", "renumbered", "moved")  # what Redline.counts() counts


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text: ``op`` is EQUAL, DELETE or INSERT; ``block`` starts a new block."""

    op: int
    text: str
    by: str | None = None
    block: str | None = None


@dataclass(frozen=True, slots=True)
class ProvisionChange:
    """One provision of the redline, changed or not."""

    kind: str  # "unchanged" | "modified" | "added" | "removed"
    tag: str
    eid: str
    old_eid: str | None
    label: str
    depth: int
    old_num: str | None
    new_num: str | None
    moved: bool
    by: tuple[str, ...]
    segments: tuple[Segment, ...]
    old_tokens: Sequence[str] = ()
    edits: tuple[Edit, ...] = ()
    bracket: str | None = None  # set when the provision is one of several bracketed alternatives
    renumbered_by: str | None = None  # who renumbered it, when that is not who changed its words

    @property
    def renumbered(self) -> bool:
        return self.kind != "added" and self.old_num != self.new_num and self.kind != "removed"

    @property
    def changed(self) -> bool:
        return self.kind != "unchanged" or self.renumbered or self.moved


@dataclass(frozen=True, slots=True)
class Proposer:
    label: str  # "RCC"
    document: str  # "WG-WSIS-32/13"
    submitters: tuple[tuple[str, str], ...]
    attributions: tuple[str, ...]  # "RCC/13/1 (RUS, ARM, KGZ, BLR)", ...


@dataclass(frozen=True, slots=True)
class Redline:
    old_name: str
    old_expression: str
    new_expression: str
    entries: tuple[ProvisionChange, ...]
    proposers: tuple[Proposer, ...] = ()

    @property
    def changes(self) -> tuple[ProvisionChange, ...]:
        return tuple(e for e in self.entries if e.changed)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(COUNTED, 0)
        for e in self.entries:
            if e.kind in out:
                out[e.kind] += 1
            out["renumbered"] += e.renumbered
            out["moved"] += e.moved
        return out


def edit_segments(base: tuple[str, ...], edits: tuple[Edit, ...]) -> tuple[Segment, ...]:
    """Segments of a provision's base tokens with ``edits`` applied: deletions before insertions."""
    out: list[Segment] = []
    for op, toks, by in render_segments(base, edits):
        joined = "".join(toks)
        if TAG not in joined:  # no inline markup: the usual run, handled without a token loop
            blocks = joined.count(BLOCK)
            if not blocks:
                if joined:
                    out.append(Segment(op, joined, by))
                continue
            if blocks == 1 and toks[0][:1] == BLOCK:  # a block's start, then its words
                out.append(Segment(op, "", by, block=toks[0][1:]))
                if len(toks) > 1:
                    out.append(Segment(op, joined[len(toks[0]) :], by))
                continue
        buf: list[str] = []
        for t in toks:
            if t.startswith(BLOCK):
                if buf:
                    out.append(Segment(op, "".join(buf), by))
                    buf = []
                out.append(Segment(op, "", by, block=t[1:]))
            elif not is_markup(t):
                buf.append(t)
        if buf:
            out.append(Segment(op, "".join(buf), by))
    return tuple(out)


def _plain(el: etree._Element) -> tuple[Segment, ...]:
    """An unchanged provision's segments: its blocks' text, read in C, never tokenised."""
    out: list[Segment] = []
    for path, block in own_blocks(el):
        out.append(Segment(EQUAL, "", None, block=path))
        text = "".join(block.itertext())
        if text:
            out.append(Segment(EQUAL, text))
    return tuple(out)


class _Tokens(Sequence[str]):
    """A provision's tokens, read from it on first use. Terminal and JSON redlines never look at
    the tokens of unchanged provisions; only the HTML, Word and Markdown layouts do, to rebuild
    their markup. The redline is a view of its documents: change them and it changes too."""

    __slots__ = ("_el", "_got")

    def __init__(self, el: etree._Element) -> None:
        self._el = el
        self._got: tuple[str, ...] | None = None

    def _tokens(self) -> tuple[str, ...]:
        if self._got is None:
            self._got = tokens_of(self._el)
        return self._got

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[str, ...]: ...
    def __getitem__(self, i: int | slice) -> str | tuple[str, ...]:
        return self._tokens()[i]

    def __len__(self) -> int:
        return len(self._tokens())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and self._tokens() == tuple(other)

    def __hash__(self) -> int:
        return hash(self._tokens())

    def __repr__(self) -> str:
        return repr(self._tokens())


_NUM = q("num")
_GROUPS = frozenset((q("recitals"), q("hcontainer")))  # keyword groups: kept for context


Attribution = Callable[[etree._Element | None, etree._Element | None], str | None]
EditSource = Callable[[etree._Element, etree._Element, str | None], tuple[Edit, ...]]


def build_redline(
    old: Document,
    new: Document,
    pairs: Mapping[etree._Element, etree._Element],
    attribution: Attribution,
    edit_source: EditSource,
    proposers: tuple[Proposer, ...] = (),
    full: bool = True,
    outlines: tuple[Outline, Outline] | None = None,
    identical: AbstractSet[etree._Element] = frozenset(),
    differs: Callable[[etree._Element, etree._Element], bool] | None = None,
    same_text: AbstractSet[etree._Element] = frozenset(),
    tokens: Callable[[etree._Element], tuple[str, ...]] = tokens_of,
    context: bool = True,
    renumbering: Attribution | None = None,
) -> Redline:
    """Walk the new text in order, slotting each removed provision after its old predecessor.

    With ``full=False`` unchanged provisions are left out (keyword groups stay, as headings
    for the changes, unless no words are compared or ``context`` is false):
    the structured list of changes, at a fraction of the cost on large collections.
    ``identical`` names new provisions known to equal their counterpart (same number, words
    and markup), which need no edits computed; ``same_text`` those whose own words and markup
    are their counterpart's, whatever their number. Given ``differs``, no words are compared at all:
    it decides which paired provisions are modified, and entries carry no segments or edits.
    ``tokens`` reads a provision's tokens (a caller that has read them for ``edit_source``
    passes its memo, so that no provision is tokenised twice). ``renumbering`` names who
    renumbered a provision (an ADD or SUP beside it), which may not be who changed its words.
    """
    ol, nl = outlines or (Outline(old.doc), Outline(new.doc))
    back = {n: o for o, n in pairs.items()}
    moved = moved_elements(pairs, nl, ol, back)
    after: dict[etree._Element | None, list[etree._Element]] = {}
    anchor: etree._Element | None = None
    for o in ol.provisions:
        if o in pairs:
            anchor = pairs[o]
        else:
            after.setdefault(anchor, []).append(o)
    words = differs is None
    groups = _GROUPS if words and context else frozenset()
    entries = [_removed(o, attribution, ol, words, tokens) for o in after.get(None, [])]
    skip = frozenset() if full else identical  # three in four provisions, in a revision: cheap tests first
    for n in nl.provisions:
        if n in skip and n not in moved and not (groups and n.tag in groups):
            if n in after:
                entries.extend(_removed(r, attribution, ol, words, tokens) for r in after[n])
            continue
        old_el = back.get(n)
        by = attribution(old_el, n)
        if old_el is None:
            edits = edits_between((), tokens(n), by) if words else ()
            entries.append(_entry("added", n, None, by, edit_segments((), edits), False, (), edits, ol, nl))
        else:
            o = old_el
            if n in identical or n in same_text:
                edits, modified = (), False
            elif differs is not None:
                edits, modified = (), differs(o, n)
            else:
                edits = edit_source(o, n, by)
                modified = bool(edits)
            same_num = n in identical or ol.num(o) == nl.num(n)
            if not (full or modified or n in moved or (groups and n.tag in groups)) and same_num:
                if n in after:
                    entries.extend(_removed(r, attribution, ol, words, tokens) for r in after[n])
                continue
            # layouts (HTML, Word, Markdown) rebuild markup from the tokens, read when they ask
            old_tokens: Sequence[str] = tokens(o) if edits else _Tokens(o) if words else ()
            segs = edit_segments(tuple(old_tokens), edits) if edits else _plain(o) if words else ()
            kind = "modified" if modified else "unchanged"
            who = tuple(sorted({e.by for e in edits if e.by}))
            if not who and by and (kind != "unchanged" or not same_num or n in moved):
                who = (by,)
            entry = _entry(kind, n, o, who, segs, n in moved, old_tokens, edits, ol, nl)
            if renumbering is not None and not same_num:
                entry = replace(entry, renumbered_by=renumbering(o, n))
            entries.append(entry)
        if n in after:
            entries.extend(_removed(r, attribution, ol, words, tokens) for r in after[n])
    return Redline(old.name, old.expression, new.expression, tuple(entries), proposers)


def _entry(
    kind: str,
    n: etree._Element,
    o: etree._Element | None,
    by: str | tuple[str, ...] | None,
    segs: tuple[Segment, ...],
    moved: bool,
    old_tokens: Sequence[str],
    edits: tuple[Edit, ...],
    ol: Outline,
    nl: Outline,
) -> ProvisionChange:
    who = by if isinstance(by, tuple) else ((by,) if by else ())
    return ProvisionChange(
        kind=kind,
        tag=local(n),
        eid=n.get("eId") or "",
        old_eid=o.get("eId") if o is not None else None,
        label=nl.label(n),
        depth=nl.depth(n),
        old_num=ol.num(o),
        new_num=nl.num(n),
        moved=moved,
        by=who,
        segments=segs,
        old_tokens=old_tokens,
        edits=edits,
    )


def _removed(
    o: etree._Element,
    attribution: Attribution,
    ol: Outline,
    words: bool = True,
    tokens: Callable[[etree._Element], tuple[str, ...]] = tokens_of,
) -> ProvisionChange:
    by = attribution(o, None)
    old = tokens(o) if words else ()
    edits = edits_between(old, (), by) if words else ()
    return ProvisionChange(
        kind="removed",
        tag=local(o),
        eid=o.get("eId") or "",
        old_eid=o.get("eId"),
        label=ol.label(o),
        depth=ol.depth(o),
        old_num=ol.num(o),
        new_num=None,
        moved=False,
        by=(by,) if by else (),
        segments=edit_segments(old, edits),
        old_tokens=old,
        edits=edits,
    )


def diff_documents(
    old: Document, new: Document, *, full: bool = True, words: bool = True, context: bool = True
) -> Redline:
    """Redline of two Expressions, with no proposer known (``full=False``: changes only).

    ``words=False`` says which provisions were added, removed, modified, renumbered or moved,
    without word-level edits or segments: what a folder summary shows, at a fraction of the cost.
    ``context=False`` (with ``full=False``) leaves out the unchanged keyword groups kept as
    headings for the changes: a third of the entries, which a list of changes does not show.
    """
    prints: dict[etree._Element, Fingerprint] = {}

    def fp(el: etree._Element) -> Fingerprint:
        got = prints.get(el)
        if got is None:
            got = prints[el] = fingerprint(el)
        return got

    read: dict[etree._Element, tuple[str, ...]] = {}

    def tokens(el: etree._Element) -> tuple[str, ...]:
        got = read.get(el)
        if got is None:  # a provision read for pairing is read again from its fingerprint
            f = prints.get(el)
            got = read[el] = (f is not None and fingerprint_tokens(f)) or tokens_of(el)
        return got

    def differs(o: etree._Element, n: etree._Element) -> bool:
        a, b = fp(o), fp(n)  # other words prove a change; the same words need the tokens' markup
        return a != b and (fingerprint_words(a) != fingerprint_words(b) or tokens(o) != tokens(n))

    m = Matcher(Outline(old.doc), Outline(new.doc), lambda el: fingerprint_words(fp(el)))
    return build_redline(
        old,
        new,
        m.pairs,
        attribution=lambda o, n: None,
        edit_source=lambda o, n, by: () if fp(o) == fp(n) else edits_between(tokens(o), tokens(n), by),
        full=full,
        outlines=(m.old_outline, m.new_outline),
        identical=m.identical,
        differs=None if words else differs,
        same_text=m.same_text,
        tokens=tokens,
        context=context,
    )
