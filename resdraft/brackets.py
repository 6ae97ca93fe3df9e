"""Square brackets in a negotiation draft: how they are written, listed and resolved.

Two forms, both plain Akoma Ntoso:

- inline, where proposals edit the same words::

    <inline name="brackets" eId="resolves__para_2__brk_1" rdp:base="post-2015 agenda">
      <inline name="alternative" eId="…__alt_1" refersTo="#chn" rdp:by="CHN/14/2 (CHN)">[<inline
        name="proposer" eId="…__alt_1__proposer">CHN:</inline> sustainable development agenda]</inline>
      <inline name="alternative" …>[<inline name="proposer" …>RCC:</inline> 2030 Agenda]</inline>
    </inline>

- whole provisions, where one proposal deletes or restructures what another changes, or two insert
  at one place: the provision carries ``rdp:conflict`` and ``rdp:bracket``; each other alternative
  follows it with ``alternativeTo`` naming it; a deletion is an alternative with ``status="removed"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from .akn import iter_provisions, local, q, rdp, text_of
from .marks import drop
from .model import Provision, Resolution, label_of
from .tokens import BLOCK, TAG, Edit, apply_edits, clash, is_balanced, is_markup, tag_token, words

_CLOSE = TAG + "</inline>"


@dataclass(frozen=True, slots=True)
class Alternative:
    """One bracketed option: whose it is and what it says."""

    key: str  # proposer label ("RCC"), or "base"
    by: str  # attributions joined with "+"
    text: str
    delete: bool = False


@dataclass(frozen=True, slots=True)
class Bracket:
    """An open set of alternatives in a draft."""

    bracket: str  # the eId to name in `resdraft resolve --pick`
    kind: str  # overlap | mod-sup | deleted-ancestor | restructure | add-add
    eid: str  # the provision it is in
    label: str
    alternatives: tuple[Alternative, ...]


def proposer_refs(by: str) -> str:
    """ "RCC/13/5 (RUS, ...)+CHN/14/2 (CHN)" -> "#rcc #chn"."""
    return " ".join(dict.fromkeys("#" + part.split("/")[0].strip().lower() for part in by.split("+") if part))


def _block_limits(base: Sequence[str], s: int, e: int) -> tuple[int, int]:
    lo = max((i + 1 for i in range(s) if base[i].startswith(BLOCK)), default=0)
    hi = next((i for i in range(e, len(base)) if base[i].startswith(BLOCK)), len(base))
    return lo, hi


def balanced_range(base: Sequence[str], s: int, e: int) -> tuple[int, int]:
    """The smallest range holding [s, e) and whole inline elements, within its block: an
    element cut at one edge is taken in to its tag at that edge only."""
    lo, hi = _block_limits(base, s, e)
    mate: dict[int, int] = {}  # opening tag <-> closing tag, in the block
    opened: list[int] = []
    for i in range(lo, hi):
        if base[i].startswith(TAG + "</"):
            if opened:
                j = opened.pop()
                mate[i], mate[j] = j, i
        elif base[i].startswith(TAG):
            opened.append(i)
    while True:
        inside = [mate[i] for i in range(s, e) if i in mate]
        ns, ne = min([s, *inside]), max([e, *(i + 1 for i in inside)])
        if (ns, ne) == (s, e):
            return (s, e) if is_balanced(base[s:e]) else (lo, hi)
        s, e = ns, ne


def _version(base: Sequence[str], s: int, e: int, edits: Sequence[Edit]) -> list[str]:
    """One proposer's words for base [s, e), inline markup kept where it stays balanced."""
    alt = list(apply_edits(base[s:e], [Edit(x.start - s, x.end - s, x.new, x.by) for x in edits]))
    if not is_balanced(alt):
        alt = [t for t in alt if not is_markup(t)]
    return [t for t in alt if not t.startswith(BLOCK)]


def _ragged(texts: Sequence[Sequence[str]], edge: int) -> bool:
    """Whether the texts disagree on white space at one edge (an empty text always does)."""
    if any(not words(t) for t in texts):
        return True
    return len({t[edge].isspace() for t in texts}) > 1


def _span(base: Sequence[str], by_side: Sequence[Sequence[Edit]]) -> tuple[int, int]:
    """The base range a bracket covers: its edits, widened to whole inline elements and until
    the base and every version agree on white space at both edges, so that whatever is picked
    (each version, trimmed, between the spaces kept outside the brackets) reads exactly as it
    would alone."""
    s = min(x.start for edits in by_side for x in edits)
    e = max(x.end for edits in by_side for x in edits)
    while True:
        s, e = balanced_range(base, s, e)
        lo, hi = _block_limits(base, s, e)
        texts = [list(base[s:e]), *(_version(base, s, e, edits) for edits in by_side)]
        if s > lo and _ragged(texts, 0):
            s -= 1
        elif e < hi and _ragged(texts, -1):
            e += 1
        else:
            return s, e


def _reaches(s: int, e: int, a: int, b: int) -> bool:
    """Whether the range [a, b) (an insertion when a == b) lies in or across [s, e)."""
    return (a < e and s < b) or s < a == b < e


def inline_brackets(
    base: Sequence[str], sides: Sequence[tuple[str, str, tuple[Edit, ...]]], eid: str
) -> tuple[tuple[Edit, ...], list[tuple[str, list[tuple[str, str, str]]]]]:
    """Merge each proposer's edits of one provision; where they clash, write brackets.

    A bracket takes in every edit its range reaches, whoever made it, so no edit is applied
    twice; each alternative is its proposer's own text of the range. Returns the edits (each
    with its ``by``; a bracket's names all its proposers) and, per bracket, its eId and
    (proposer, attribution, words) options.
    """
    items = [(e, k) for k, (_, _, edits) in enumerate(sides) for e in edits]
    group = list(range(len(items)))

    def join(i: int, j: int) -> None:
        gi, gj = group[i], group[j]
        group[:] = [gi if g == gj else g for g in group]

    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i][1] != items[j][1] and clash(items[i][0], items[j][0]):
                join(i, j)

    def members(g: int) -> list[int]:
        return [i for i, h in enumerate(group) if h == g]

    def contested(g: int) -> bool:
        ms = members(g)
        shapes = {(x.start, x.end, x.new) for x, _ in (items[i] for i in ms)}
        return len({items[i][1] for i in ms}) > 1 and len(shapes) > 1

    def span(g: int) -> tuple[int, int]:
        ms = members(g)
        side_ids = sorted({items[i][1] for i in ms})
        return _span(base, [[items[i][0] for i in ms if items[i][1] == k] for k in side_ids])

    while True:  # widening a bracket may reach other edits: take them in, and widen again
        spans = {g: span(g) for g in dict.fromkeys(group) if contested(g)}
        hit = next(
            ((i, g) for g, (s, e) in spans.items() for i, (x, _) in enumerate(items)
             if group[i] != g and _reaches(s, e, *(spans.get(group[i]) or (x.start, x.end)))),
            None,
        )  # fmt: skip
        if hit is None:
            break
        join(hit[1], hit[0])
    out: list[Edit] = []
    found: list[tuple[str, list[tuple[str, str, str]]]] = []
    for g in sorted(dict.fromkeys(group), key=lambda g: min(items[i][0].start for i in members(g))):
        edits = [items[i] for i in members(g)]
        side_ids = sorted({k for _, k in edits})
        if g not in spans:
            if len(side_ids) == 1:
                out.extend(e for e, _ in edits)
            else:  # the same edit, made by several proposers
                first = edits[0][0]
                out.append(Edit(first.start, first.end, first.new, "+".join(sides[k][1] for k in side_ids)))
            continue
        s, e = spans[g]
        bid = f"{eid}__brk_{len(found) + 1}"
        versions = [_version(base, s, e, [x for x, kk in edits if kk == k]) for k in side_ids]
        # white space at the edges, shared by the base and every version, stays outside
        lead = [base[s]] if all(t and t[0].isspace() for t in [base[s:e], *versions]) else []
        trail = [base[e - 1]] if all(t and t[-1].isspace() for t in [base[s:e], *versions]) else []
        toks = [*lead, tag_token("inline", {"name": "brackets", "eId": bid, rdp("base"): words(base[s:e])})]
        options: list[tuple[str, str, str]] = []
        for n, (k, alt) in enumerate(zip(side_ids, versions, strict=True), start=1):
            label, by, _ = sides[k]
            filled = [i for i, t in enumerate(alt) if t.strip()]
            body = alt[filled[0] : filled[-1] + 1] if filled else []
            toks += [*alternative_tokens(bid, n, by, label, body), *([" "] if n < len(side_ids) else [])]
            options.append((label, by, words(body)))
        toks += [_CLOSE, *trail]
        out.append(Edit(s, e, tuple(toks), "+".join(sides[k][1] for k in side_ids)))
        found.append((bid, options))
    return tuple(sorted(out, key=lambda x: (x.start, x.end))), found


def alternative_tokens(bid: str, n: int, by: str, label: str, body: Sequence[str]) -> list[str]:
    """Alternative ``n`` of an inline bracket: ``[LABEL: body]`` (``base`` names no proposer)."""
    attrs = {"name": "alternative", "eId": f"{bid}__alt_{n}", rdp("by"): by}
    if label != "base":
        attrs["refersTo"] = proposer_refs(by)
    proposer = tag_token("inline", {"name": "proposer", "eId": f"{bid}__alt_{n}__proposer"})
    inner = [t for t in body if not t.startswith(BLOCK)]
    return [
        tag_token("inline", attrs),
        "[",
        proposer,
        f"{label}:",
        _CLOSE,
        *([" ", *inner] if inner else []),
        "]",
        _CLOSE,
    ]


def named_inline(el: etree._Element, name: str) -> bool:
    return local(el) == "inline" and el.get("name") == name


def _alt_text(alt: etree._Element) -> str:
    copy = deepcopy(alt)
    for p in copy.findall(q("inline")):
        if p.get("name") == "proposer":
            drop(p)
    return " ".join(text_of(copy).strip().removeprefix("[").removesuffix("]").split())


def removal_text(who: str) -> str:
    """How an alternative that removes its provision reads in the draft: "[RCC: delete]", or
    "[base: not inserted]" for the base against an insertion."""
    return f"[{who}: {'not inserted' if who == 'base' else 'delete'}]"


def proposer_key(by: str) -> str:
    return "+".join(dict.fromkeys(part.split("/")[0].strip() for part in by.split("+") if part))


def list_brackets(draft: Resolution) -> tuple[Bracket, ...]:
    """Every open set of alternatives, in reading order."""
    out: list[Bracket] = []
    for el in draft.doc.iter():
        if named_inline(el, "brackets"):
            prov = next((a for a in el.iterancestors() if a.get("eId") and local(a) != "inline"), None)
            alts = tuple(
                Alternative(proposer_key(a.get(rdp("by")) or ""), a.get(rdp("by")) or "", _alt_text(a))
                for a in el
                if named_inline(a, "alternative")
            )
            eid = prov.get("eId") or "" if prov is not None else ""
            label = label_of(prov) if prov is not None else ""
            out.append(Bracket(el.get("eId") or "", el.get(rdp("conflict")) or "overlap", eid, label, alts))
        elif el.get(rdp("conflict")) and el.get("alternativeTo") is None:
            out.append(provision_bracket(el))
    return tuple(out)


def choice_matches(choice: str, by: str) -> bool:
    c = choice.strip().lower()
    parts = [p.strip() for p in by.split("+") if p]
    return any(c in (p.lower(), p.split(" ")[0].lower(), p.split("/")[0].lower()) for p in parts)


def is_clean(draft: Resolution) -> bool:
    return not list_brackets(draft) and not any(e.get("alternativeTo") for e in iter_provisions(draft.doc))


def provision_bracket(main: etree._Element) -> Bracket:
    """A whole-provision bracket as ``list_brackets`` gives it, one alternative per proposer."""
    units: dict[str, list[etree._Element]] = {}
    for a in [main, *alternatives_of(main)]:
        units.setdefault(a.get(rdp("alt")) or "1", []).append(a)
    alts = tuple(
        Alternative(proposer_key(members[0].get(rdp("by")) or ""), members[0].get(rdp("by")) or "",
                    " ".join(_words_of(a) for a in members), members[0].get("status") == "removed")
        for members in units.values()
    )  # fmt: skip
    eid = main.get("eId") or ""
    return Bracket(eid, main.get(rdp("conflict")) or "", eid, label_of(main), alts)


def _words_of(el: etree._Element) -> str:
    """A version's words, each sub-provision's after its number ("... to: i) building ...; ii)
    ..."): versions that differ in their parts must say which part is which."""
    subs = [Provision(el)] + [
        Provision(d)
        for d in el.iterdescendants()
        if local(d) in ("recital", "paragraph", "point") and d.get("eId")
    ]
    parts = [subs[0].text] + [" ".join(x for x in (s.num, s.text) if x) for s in subs[1:]]
    return " ".join(t for t in parts if t)


def alternatives_of(main: etree._Element) -> list[etree._Element]:
    """The alternatives that follow a bracket's first provision."""
    out = []
    node = main.getnext()
    while node is not None and node.get("alternativeTo") == main.get("eId"):
        out.append(node)
        node = node.getnext()
    return out
