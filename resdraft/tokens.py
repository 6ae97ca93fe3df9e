"""A provision's own words as a token stream, and word-level diffs and merges over it.

A token is a word, a run of white space, one punctuation character, an inline tag
(``\\x01<i>``, ``\\x01</i>``) or a block marker (``\\x02content/p``). Diffing tokens, not
characters, means no edit ever splits a word, and inline markup survives every edit.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import diff_match_patch as dmp_module
from lxml import etree

from .akn import PROVISION_QNAMES, local, q

# possessive: nothing follows a word, so giving characters back can never find another match, and
# the engine is spared the bookkeeping (10 % of tokenising)
WORD = re.compile(r"\w++(?:[-'’]\w++)*+|\s++|[^\w\s]")
TAG = "\x01"
BLOCK = "\x02"
# Blocks that hold a provision's own words, by provision kind; child provisions are excluded.
_CONTAINERS = ("heading", "intro", "content", "wrapUp")

_MARKS = (TAG, BLOCK)

_dmp = dmp_module.diff_match_patch()
_dmp.Diff_Timeout = 0  # results must never depend on machine speed


def _diff_lengths(a: str, b: str) -> list[tuple[int, int]]:
    """diff-match-patch over token characters, as (op, number of tokens) runs."""
    diffs = _dmp.diff_main(a, b, False)
    _dmp.diff_cleanupSemantic(diffs)
    return [(op, len(chunk)) for op, chunk in diffs]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace base tokens [start, end) by ``new``; ``by`` names the proposal that made it."""

    start: int
    end: int
    new: tuple[str, ...]
    by: str | None = None


def is_markup(token: str) -> bool:
    return token[:1] in (TAG, BLOCK)


def split_words(text: str) -> list[str]:
    return WORD.findall(text)


_P, _HEADING = q("p"), q("heading")
_HOLDERS = {q(name): name for name in _CONTAINERS if name != "heading"}


def own_children(prov: etree._Element) -> list[etree._Element]:
    """Children before the first child provision and after the last: where own words live
    (num, heading, intro, content; wrapUp). The children in between are never read, which
    matters for keyword groups with dozens of items."""
    n = len(prov)
    # most provisions have a few children: one C call for all of them beats one call per child
    kids: list[etree._Element] | etree._Element = list(prov) if n <= 8 else prov
    i = 0
    while i < n and kids[i].tag not in PROVISION_QNAMES:
        i += 1
    if i == n:
        return list(kids)
    j = n
    while j > i + 1 and kids[j - 1].tag not in PROVISION_QNAMES:
        j -= 1
    return [kids[k] for k in range(i)] + [kids[k] for k in range(j, n)]


def own_blocks(prov: etree._Element) -> list[tuple[str, etree._Element]]:
    """The (path, element) pairs holding the provision's own words, in reading order."""
    out: list[tuple[str, etree._Element]] = []
    for c in own_children(prov):
        _own(c, out)
    return out


def _own(c: etree._Element, out: list[tuple[str, etree._Element]]) -> None:
    tag = c.tag
    if tag == _P:
        out.append(("p", c))
    elif tag == _HEADING:
        out.append(("heading", c))
    elif tag in _HOLDERS:
        name = _HOLDERS[tag]
        out.extend((f"{name}/p", p) for p in c if p.tag == _P)


Fingerprint = tuple[tuple[str, str, bytes | None], ...]


def fingerprint(prov: etree._Element) -> Fingerprint:
    """The provision's own blocks as (path, text, markup): equal fingerprints, equal words and
    markup. Computed in C (itertext, tostring), it spares tokenising unchanged provisions."""
    return tuple(
        (path, "".join(b.itertext()), etree.tostring(b, with_tail=False) if len(b) else None)
        for path, b in own_blocks(prov)
    )


def fingerprint_tokens(fp: Fingerprint) -> tuple[str, ...] | None:
    """``tokens_of(prov)`` from its fingerprint when no block holds markup (its text is then the
    block's only content); None otherwise."""
    out: list[str] = []
    for path, text, markup in fp:
        if markup is not None:
            return None
        out.append(BLOCK + path)
        if text:
            out.extend(split_words(text))
    return tuple(out)


def fingerprint_words(fp: Fingerprint) -> str:
    """Same as ``words(tokens_of(prov))``, from a fingerprint."""
    return " ".join("".join(text for _, text, _ in fp).split())


def _inline_tokens(el: etree._Element, out: list[str]) -> None:
    if el.text:
        out.extend(split_words(el.text))
    for c in el:
        if isinstance(c.tag, str):
            attrs = "".join(f' {k}="{_esc(v)}"' for k, v in sorted(c.attrib.items()))
            out.append(f"{TAG}<{local(c)}{attrs}>")
            _inline_tokens(c, out)
            out.append(f"{TAG}</{local(c)}>")
        if c.tail:
            out.extend(split_words(c.tail))


def tokens_of(prov: etree._Element) -> tuple[str, ...]:
    """The provision's own words and markup as tokens (its num and child provisions excluded)."""
    out: list[str] = []
    for path, block in own_blocks(prov):
        out.append(BLOCK + path)
        _inline_tokens(block, out)
    return tuple(out)


def words(tokens: Iterable[str]) -> str:
    """Plain text of a token run with whitespace folded: what a reader compares."""
    return " ".join("".join(t for t in tokens if t[:1] not in _MARKS).split())


def first_difference(a: Sequence[str], b: Sequence[str]) -> int:
    """Where two word lists first differ: the shorter's length when one begins the other."""
    return next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _esc(v: str) -> str:
    return v.replace("&", "&amp;").replace('"', "&quot;")


def _unesc(v: str) -> str:
    return v.replace("&quot;", '"').replace("&amp;", "&")


def tag_token(name: str, attrs: dict[str, str] | None = None) -> str:
    """An opening inline tag as a token (use ``"/" + name`` for a closing one)."""
    body = "".join(f' {k}="{_esc(v)}"' for k, v in sorted((attrs or {}).items()))
    return f"{TAG}<{name}{body}>"


def decode_tag(token: str) -> tuple[bool, str, dict[str, str]]:
    body = token[2:-1]
    if body.startswith("/"):
        return False, body[1:], {}
    name, _, rest = body.partition(" ")
    attrs = {k: _unesc(v) for k, v in re.findall(r'(\S+?)="([^"]*)"', rest)}
    return True, name, attrs


def is_balanced(tokens: Sequence[str]) -> bool:
    stack: list[str] = []
    for t in tokens:
        if t.startswith(BLOCK):
            if stack:
                return False
        elif t.startswith(TAG):
            opening, name, _ = decode_tag(t)
            if opening:
                stack.append(name)
            elif not stack or stack.pop() != name:
                return False
    return not stack


def split_blocks(tokens: Sequence[str]) -> list[tuple[str, list[str]]]:
    blocks: list[tuple[str, list[str]]] = []
    for t in tokens:
        if t.startswith(BLOCK):
            blocks.append((t[1:], []))
        elif blocks:
            blocks[-1][1].append(t)
        else:
            blocks.append(("p", [t]))
    return blocks


# Code points for tokens, all letters (CJK ideographs, Hangul syllables, CJK extension B):
# diff-match-patch's semantic cleanup scores a boundary by the class of the characters beside it
# (letter, space, line break), so letters make every boundary between two tokens score alike.
_CODE_RANGES = ((0x4E00, 0xA000), (0x3400, 0x4DC0), (0xAC00, 0xD7A4), (0x20000, 0x2A6E0))
_CAPACITY = sum(hi - lo for lo, hi in _CODE_RANGES)


class _Codes(dict[str, str]):
    """Token -> its character, the same in every diff a thread makes: no table is built per
    diff (that was as costly as the diff itself). Emptied when it would run out of codes."""

    def __missing__(self, token: str) -> str:
        i = len(self)
        for lo, hi in _CODE_RANGES:
            if i < hi - lo:
                got = self[token] = chr(lo + i)
                return got
            i -= hi - lo
        raise OverflowError("token codes exhausted")  # _encode empties the table first


_THREAD = threading.local()  # one table per thread: a code must never be handed out twice


def _encode(a: Sequence[str], b: Sequence[str]) -> tuple[str, str]:
    """One character per distinct token, so diff-match-patch diffs tokens, not letters."""
    if len(a) + len(b) > _CAPACITY:  # more tokens than letters: a table for this diff alone
        return _encode_alone(a, b)
    codes: _Codes | None = getattr(_THREAD, "codes", None)
    if codes is None:
        codes = _THREAD.codes = _Codes()
    if len(codes) + len(a) + len(b) > _CAPACITY:
        codes.clear()
    get = codes.__getitem__
    return "".join(map(get, a)), "".join(map(get, b))


def _encode_alone(a: Sequence[str], b: Sequence[str]) -> tuple[str, str]:
    """``_encode`` for a diff of more than ~80,000 tokens: codes from U+0100 up, past the
    surrogates, enough for any text (not all letters, which only nudges where edits align)."""
    distinct = dict.fromkeys(a)
    distinct.update(dict.fromkeys(b))
    if len(distinct) > 0x110000 - 0x100 - 0x800:
        raise OverflowError("more distinct tokens than Unicode has characters")
    codes = (0x100 + i + (0x800 if 0x100 + i >= 0xD800 else 0) for i in range(len(distinct)))
    table = dict(zip(distinct, map(chr, codes), strict=True))
    get = table.__getitem__
    return "".join(map(get, a)), "".join(map(get, b))


def edits_between(a: Sequence[str], b: Sequence[str], by: str | None = None) -> tuple[Edit, ...]:
    """The edits turning ``a`` into ``b``, each a replaced range of ``a``: the deleted and
    inserted runs of the token diff between two equal runs make one edit."""
    ta, tb = tuple(a), tuple(b)
    if ta == tb:
        return ()
    if not ta or not tb:  # a provision added or removed whole
        return (Edit(0, len(ta), tb, by),)
    out: list[Edit] = []
    ia = ib = 0
    start = -1  # where the pending edit starts in ``a``, and its insertions in ``b``
    from_b = 0
    for op, n in _diff_lengths(*_encode(ta, tb)):
        if op == 0:
            if start >= 0:
                out.append(Edit(start, ia, tb[from_b:ib], by))
                start = -1
            ia += n
            ib += n
        else:
            if start < 0:
                start, from_b = ia, ib
            if op < 0:
                ia += n
            else:
                ib += n
    if start >= 0:
        out.append(Edit(start, ia, tb[from_b:ib], by))
    return tuple(out)


# an <ins>/<del> tag among a quote's tokens (``_inline_tokens`` writes attributes after a space)
_INS, _DEL = (f"{TAG}<ins>", f"{TAG}<ins ", f"{TAG}</ins>"), (f"{TAG}<del>", f"{TAG}<del ", f"{TAG}</del>")


def marked_edits(
    base: Sequence[str], marked: Sequence[str], new: Sequence[str], by: str | None = None
) -> tuple[Edit, ...] | None:
    """The edits a proposal's own revision marks make: ``marked`` is the quote's tokens, its
    ``<ins>``/``<del>`` tags among them. A diff would merge two insertions a few words apart
    into one replacement of those words, and another proposal's edit between them would then
    clash with words this one never touched. None when the marks do not read as ``base``
    before and ``new`` after (nested marks, a word split by a mark): the caller diffs."""
    out: list[Edit] = []
    old: list[str] = []
    ins = dels = 0
    start, added = -1, list[str]()  # the pending edit: where it starts in ``old``, what it inserts
    for t in marked:
        if t == _INS[0] or t.startswith(_INS[1]):
            ins += 1
        elif t == _INS[2]:
            ins -= 1
        elif t == _DEL[0] or t.startswith(_DEL[1]):
            dels += 1
        elif t == _DEL[2]:
            dels -= 1
        elif ins and dels:
            return None
        elif ins or dels:
            if start < 0:
                start, added = len(old), []
            if ins:
                added.append(t)
            else:
                old.append(t)
        else:
            if start >= 0:
                out.append(Edit(start, len(old), tuple(added), by))
                start = -1
            old.append(t)
    if start >= 0:
        out.append(Edit(start, len(old), tuple(added), by))
    if ins or dels or tuple(old) != tuple(base) or apply_edits(base, out) != tuple(new):
        return None
    return tuple(out)


def apply_edits(base: Sequence[str], edits: Sequence[Edit]) -> tuple[str, ...]:
    out: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out.extend(base[pos : e.start])
        out.extend(e.new)
        pos = e.end
    out.extend(base[pos:])
    return tuple(out)


def clash(x: Edit, y: Edit) -> bool:
    if x.start < y.end and y.start < x.end:
        return True  # overlapping replaced ranges
    # an insertion at the edge of, or at the same point as, another edit: order is ambiguous
    return (
        x.start == y.start
        or x.end == y.end
        or (x.start == x.end and y.start <= x.start <= y.end)
        or (y.start == y.end and x.start <= y.start <= x.end)
    )


def merge_edits(
    first: Sequence[Edit], second: Sequence[Edit]
) -> tuple[tuple[Edit, ...], tuple[tuple[Edit, Edit], ...]]:
    """Three-way merge of two edit lists over one base: (merged edits, clashing pairs).

    Identical edits made by both sides count once, attributed to both (``by`` joined with ``+``).
    """
    merged = list(first)
    clashes: list[tuple[Edit, Edit]] = []
    for e in second:
        same = next((m for m in merged if (m.start, m.end, m.new) == (e.start, e.end, e.new)), None)
        if same is not None:
            merged[merged.index(same)] = Edit(same.start, same.end, same.new, f"{same.by}+{e.by}")
            continue
        hit = [m for m in first if clash(m, e)]
        if hit:
            clashes.extend((m, e) for m in hit)
            continue
        merged.append(e)
    merged.sort(key=lambda e: (e.start, e.end))
    return tuple(merged), tuple(clashes)


def render_segments(
    base: Sequence[str], edits: Sequence[Edit]
) -> list[tuple[int, tuple[str, ...], str | None]]:
    """Interleave base tokens and edits: (op, tokens, by) with deletions before insertions."""
    out: list[tuple[int, tuple[str, ...], str | None]] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start > pos:
            out.append((0, tuple(base[pos : e.start]), None))
        if e.end > e.start:
            out.append((-1, tuple(base[e.start : e.end]), e.by))
        if e.new:
            out.append((1, e.new, e.by))
        pos = e.end
    if pos < len(base):
        out.append((0, tuple(base[pos:]), None))
    return out
