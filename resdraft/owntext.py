"""A provision's own text taken from the quote of a MOD, without a word diff.

Most provisions are changed by one MOD only. Their new text is simply the quote with its marks
accepted, so ``apply`` copies it over and reads the word edits only when they are needed: a
second MOD of the provision (merged against the first), a redline, a merge report. A MOD's edits
are those its revision marks make (a diff would merge two insertions a few words apart into one
replacement, and refuse another proposal's word between them); a quote whose marks do not read
as the base is diffed. Either way the result and the recorded edits are the same as reading
every MOD so (``tests/test_apply_fast.py``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import NamedTuple

from lxml import etree

from .akn import PROVISION_TAGS, local, q
from .blocks import rebuild_blocks, set_tokens
from .errors import ConflictingAmendmentsError
from .marks import accept
from .model import Change, Resolution
from .tokens import (
    Edit,
    apply_edits,
    edits_between,
    is_balanced,
    marked_edits,
    merge_edits,
    own_blocks,
    tokens_of,
)

_INS, _DEL = q("ins"), q("del")
_MARKS = frozenset((_INS, _DEL))
# the provisions of ``quotes.subtree``, in any namespace as ``local`` reads them
SUBTREE_TAGS = tuple(f"{{*}}{t}" for t in sorted(PROVISION_TAGS))

Blocks = list[tuple[str, etree._Element]]


def block_text(block: etree._Element) -> str:
    """The words and spaces ``tokens_of`` reads from a block: the text of comments, processing
    instructions and entities left out (``itertext`` keeps an entity's), their tails kept."""
    if not len(block):
        return block.text or ""
    out: list[str] = []
    _plain(block, out)
    return "".join(out)


def _plain(el: etree._Element, out: list[str]) -> None:
    if el.text:
        out.append(el.text)
    for c in el:
        if isinstance(c.tag, str):
            _plain(c, out)
        if c.tail:
            out.append(c.tail)


def own_texts(prov: etree._Element) -> list[tuple[str, str]]:
    """(path, text) of each own block. Equal token streams have equal own texts, so texts that
    differ prove a provision changed without tokenising either side."""
    return [(path, block_text(b)) for path, b in own_blocks(prov)]


def texts_words(texts: list[tuple[str, str]]) -> str:
    """``quotes.own_words`` of the provision ``texts`` were read from."""
    return " ".join("".join(t for _, t in texts).split())


class QuotedSub(NamedTuple):
    """A provision in a MOD's quote, read once for the quote check and for the new text. A
    named tuple, not a frozen dataclass: apply makes one per quoted provision, and a tuple is
    built in C (a frozen dataclass sets each field through ``object.__setattr__``)."""

    el: etree._Element  # as quoted, marks unresolved; its eId may bear the quote's prefix
    eid: str  # its eId, without the quotedStructure's prefix
    blocks: Blocks
    before: str  # its own text as the proposal says it reads now (``reject``), spaces as quoted
    texts: list[tuple[str, str]]  # ``own_texts`` of the proposed text (``accept``)
    flat: list[bool]  # per block: words and marks holding words alone, so its text is all of it

    @property
    def shown(self) -> str:
        """Its words as the proposal says they read now, white space folded."""
        return " ".join(self.before.split())

    def reads_as(self, base_texts: list[tuple[str, str]]) -> bool:
        """Whether its text before the marks is the base text ``base_texts`` (``own_texts``)
        word for word. Most quotes keep the base's spacing too, which is checked first."""
        base = "".join(t for _, t in base_texts)
        return self.before == base or self.shown == " ".join(base.split())


def read_quote(quoted: etree._Element, prefix: str = "") -> tuple[list[QuotedSub], bool] | None:
    """The provisions of a quote (see ``quotes.subtree``) with their text before and after the
    marks, read in one pass, and whether there are marks at all (``marks.has_marks``). None
    when a mark lies outside the provisions' own blocks or holds a provision: resolving it
    could change which blocks there are, so the caller takes the general path (copies).

    ``prefix``: the quote is read where it stands in the proposal (``Change.quoted_in_place``),
    its eIds bearing this prefix; None too if an inline element has an eId, which a copy would
    have rewritten."""
    out: list[QuotedSub] = []
    seen = 0
    cut = len(prefix)
    for el in quoted.iter(*SUBTREE_TAGS):
        eid = el.get("eId")
        if not eid:
            continue
        blocks = own_blocks(el)
        shown: list[str] = []
        texts: list[tuple[str, str]] = []
        flat: list[bool] = []
        for path, b in blocks:
            acc: list[str] = []
            inner: list[etree._Element] = []
            got = _read(b, shown, acc, False, False, bool(prefix), inner)
            if got < 0:
                return None
            seen += got
            texts.append((path, "".join(acc)))
            flat.append(not inner)
        if cut and eid.startswith(prefix):
            eid = eid[cut:]
        out.append(QuotedSub(el, eid, blocks, "".join(shown), texts, flat))
    marks = sum(1 for _ in quoted.iterdescendants(*_MARKS))
    return (out, marks > 0) if seen == marks else None


def _read(
    el: etree._Element,
    shown: list[str],
    acc: list[str],
    in_ins: bool,
    in_del: bool,
    no_eids: bool,
    inner: list[etree._Element],
) -> int:
    """Append the text ``reject`` keeps to ``shown`` and the text ``accept`` keeps to ``acc``,
    and to ``inner`` every element but a mark holding text alone; return the number of marks
    met, or -1 for a mark holding a provision (or, ``no_eids``, for an element with an eId)."""
    marks = 0
    if el.text:
        if not in_ins:
            shown.append(el.text)
        if not in_del:
            acc.append(el.text)
    for c in el:
        tag = c.tag
        if isinstance(tag, str):  # not a comment or processing instruction: those keep a tail only
            if no_eids and c.get("eId") is not None:
                return -1
            ins, dele = in_ins, in_del
            if tag in _MARKS:
                marks += 1
                if len(c):
                    if next(c.iter(*SUBTREE_TAGS), None) is not None:
                        return -1
                    inner.append(c)
                ins, dele = ins or tag == _INS, dele or tag == _DEL
            else:
                inner.append(c)
            if len(c):
                got = _read(c, shown, acc, ins, dele, no_eids, inner)
                if got < 0:
                    return -1
                marks += got
            elif c.text:  # a leaf, the usual <ins>word</ins>
                if not ins:
                    shown.append(c.text)
                if not dele:
                    acc.append(c.text)
        if c.tail:
            if not in_ins:
                shown.append(c.tail)
            if not in_del:
                acc.append(c.tail)
    return marks


class Pending(NamedTuple):
    """The one MOD of a provision so far, not diffed: its quoted sub-provision (marks
    unresolved, read where it stands in the proposal, so the proposal must not be changed
    before the edits are read) and the base provision. One per changed provision, hence a
    named tuple (see ``QuotedSub``)."""

    quote: QuotedSub
    base: etree._Element
    by: str
    into: Blocks | None  # the own blocks of the provision in the text being built, if known

    def edits(self) -> tuple[Edit, ...]:
        """What the token path records for a provision's first MOD (``merge_edits((), mine)``)."""
        return quote_edits(tokens_of(self.base), self.quote.el, self.by)


def quote_edits(base: tuple[str, ...], quote: etree._Element, by: str) -> tuple[Edit, ...]:
    """A MOD's word edits: as its revision marks make them, or (marks that do not read as the
    base, or none) as a word diff of the base and the accepted quote finds them."""
    new = tokens_of(accept(quote))
    return marked_edits(base, tokens_of(quote), new, by) or edits_between(base, new, by=by)


class RecordedEdits(Mapping[str, tuple[Edit, ...]]):
    """Base eId -> word edits, in the order provisions were first changed; a provision with a
    pending single MOD is diffed on first read and remembered."""

    def __init__(self, entries: Mapping[str, tuple[Edit, ...] | Pending]) -> None:
        self._entries = dict(entries)

    def __getitem__(self, eid: str) -> tuple[Edit, ...]:
        got = self._entries[eid]
        if isinstance(got, Pending):
            got = self._entries[eid] = got.edits()
        return got

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, eid: object) -> bool:
        return eid in self._entries

    def __repr__(self) -> str:
        return f"RecordedEdits({dict(self)!r})"

    def by_several(self) -> Iterator[tuple[str, tuple[Edit, ...]]]:
        """The entries that may hold more than one proposal's edits: a single MOD (one author,
        by construction) is skipped without being diffed."""
        for eid, got in list(self._entries.items()):
            if not isinstance(got, Pending):
                yield eid, got


class TextualMods:
    """The word edits of an application run's textual MODs, by base eId: merged edits, or the
    provision's only MOD so far (``Pending``). Conflicts are refused as they arrive."""

    def __init__(self, base: Resolution, replaced: Mapping[str, str]) -> None:
        self.provisions = base.by_eid  # base eId -> element, built once per resolution
        self.entries: dict[str, tuple[Edit, ...] | Pending] = {}
        self.owners: dict[str, list[Change]] = {}
        self._replaced = replaced  # base eId -> who replaced it whole (a structural MOD)
        self._tokens: dict[str, tuple[str, ...]] = {}

    def __contains__(self, eid: str) -> bool:
        return eid in self.entries

    def base_tokens(self, eid: str) -> tuple[str, ...]:
        got = self._tokens.get(eid)
        if got is None:
            got = self._tokens[eid] = tokens_of(self.provisions[eid])
        return got

    def add(
        self,
        ch: Change,
        by: str,
        eid: str,
        new: QuotedSub | etree._Element,
        base_texts: list[tuple[str, str]] | None = None,
        into: Blocks | None = None,
    ) -> None:
        """Record one sub-provision of a textual MOD (``new``: read from the quote, or accepted;
        ``base_texts``: ``own_texts`` of the base provision, if at hand; ``into``: its own blocks
        in the text being built, read before anything is written). A provision's first MOD
        that changes its words is kept undiffed; a second one is merged word by word."""
        if isinstance(new, QuotedSub) and eid not in self.entries and eid not in self._replaced:
            base = self.provisions[eid]
            if new.texts != (own_texts(base) if base_texts is None else base_texts):
                self.entries[eid] = Pending(new, base, by, into)
                self.owners[eid] = [ch]
                return
        base_tokens = self.base_tokens(eid)
        if isinstance(new, QuotedSub):
            mine = quote_edits(base_tokens, new.el, by)
        else:
            mine = edits_between(base_tokens, tokens_of(new), by=by)
        if not mine:
            return
        prior = self.entries.get(eid, ())
        merged, clashes = merge_edits(prior.edits() if isinstance(prior, Pending) else prior, mine)
        if eid in self._replaced or clashes or not is_balanced(apply_edits(base_tokens, merged)):
            others = ", ".join(sorted({c.by or "" for c, _ in clashes} or {self._replaced.get(eid, "")}))
            raise ConflictingAmendmentsError(
                f"MOD of '{eid}' changes the same words as {others or 'another proposal'}",
                proposal=ch.proposal_id,
                source=ch.document.source,
                eid=eid,
                hint="`resdraft merge` puts both in square brackets for the meeting to settle",
            )
        self.entries[eid] = merged
        self.owners.setdefault(eid, []).append(ch)

    def write(self, index: Mapping[str, etree._Element]) -> None:
        """Give each changed provision of the working tree (``index``: base eId -> element) its
        new own text."""
        for eid, got in self.entries.items():
            if isinstance(got, Pending):
                write_own_text(index[eid], got.quote, got.into)
            else:
                set_tokens(index[eid], apply_edits(self.base_tokens(eid), got))

    def record(self) -> RecordedEdits:
        return RecordedEdits(self.entries)


def write_own_text(prov: etree._Element, src: QuotedSub, own: Blocks | None = None) -> None:
    """Exactly ``set_tokens(prov, tokens_of(accept(src.el)))``, without the tokens: the same
    rebuilt blocks, each filled from the quote's block with its marks accepted. ``own``: the
    provision's ``own_blocks``, if already read."""
    blocks = rebuild_blocks(prov, [path for path, _ in src.blocks], own)
    for block, (_, source), (_, text), flat in zip(blocks, src.blocks, src.texts, src.flat, strict=True):
        if flat:  # words and marks only: the accepted text is all there is
            block.text = text or None
        else:
            _fill(block, source)


def _fill(into: etree._Element, src: etree._Element) -> None:
    """``fill_inline(into, inline tokens of accept(src))``: tags in the AKN namespace with sorted
    attributes; <del>, comments and processing instructions dropped, their tails kept; <ins>
    replaced by its content."""
    buf: list[str] = []
    _flush(into, _copy(into, src, buf, None), buf)


def _copy(
    into: etree._Element, src: etree._Element, buf: list[str], last: etree._Element | None
) -> etree._Element | None:
    """Copy into ``into`` what follows its child ``last``; text waits in ``buf`` until it is known
    whether it is ``into.text`` or a tail. Returns the new last child."""
    if src.text:
        buf.append(src.text)
    for c in src:
        tag = c.tag
        if tag == _INS:
            last = _copy(into, c, buf, last)
        elif tag != _DEL and isinstance(tag, str):
            _flush(into, last, buf)
            last = etree.SubElement(into, q(local(c)), dict(sorted(c.attrib.items())))
            _fill(last, c)
        if c.tail:
            buf.append(c.tail)
    return last


def _flush(into: etree._Element, last: etree._Element | None, buf: list[str]) -> None:
    if buf:
        if last is None:
            into.text = "".join(buf)
        else:
            last.tail = "".join(buf)
        buf.clear()
