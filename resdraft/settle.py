"""Settling the brackets of a negotiation draft: keep one alternative, the base, or agreed
text, and record each decision (``resdraft resolve``, and ``review --finish``)."""

from __future__ import annotations

from collections.abc import Mapping
from copy import deepcopy

from lxml import etree

from .akn import RDP, E, q, rdp
from .alternatives import resolve_provision
from .blocks import strip_space_before, text_after, text_before
from .brackets import choice_matches, list_brackets, named_inline, proposer_key
from .eids import reassign_eids, retarget, snapshot_eids
from .errors import InputError, ResdraftError
from .expression import meta_section
from .marks import drop, unwrap
from .model import Resolution


def _resolve_inline(br: etree._Element, choice: str | None, text: str | None) -> str:
    tail = br.tail
    if text is not None:
        repl: etree._Element | None = None
        chosen = f"agreed text: {text}"
    elif choice and choice.lower() == "base":
        text, chosen = br.get(rdp("base")) or "", "base text"
    else:
        repl = next(
            (
                a
                for a in br
                if named_inline(a, "alternative") and choice_matches(choice or "", a.get(rdp("by")) or "")
            ),
            None,
        )
        if repl is None:
            options = ", ".join(
                proposer_key(a.get(rdp("by")) or "") for a in br if named_inline(a, "alternative")
            )
            raise InputError(
                f"bracket {br.get('eId')} has no alternative '{choice}'",
                eid=br.get("eId"),
                hint=f"choose one of: {options}, base, or give agreed text with --text",
            )
        chosen = repl.get(rdp("by")) or ""
    holder = E("inline", name="x")
    if text is not None:
        holder.text, tail = _spaced_text(br, text.strip(), tail)
    else:
        assert repl is not None
        holder = deepcopy(repl)
        for p in holder.findall(q("inline")):
            if p.get("name") == "proposer":
                drop(p)
        holder.text = (holder.text or "").lstrip("[").lstrip()
        last = holder[-1] if len(holder) else None
        if last is not None:
            last.tail = (last.tail or "").rstrip().removesuffix("]")
        else:
            holder.text = holder.text.rstrip().removesuffix("]")
    br.addnext(holder)
    holder.tail = tail
    br.getparent().remove(br)  # type: ignore[union-attr]
    unwrap(holder)
    return chosen


_CLOSING, _OPENING = ".,;:!?)]”’", "([“‘"


def _spaced_text(br: etree._Element, text: str, tail: str | None) -> tuple[str, str | None]:
    """Agreed text, and the text after the brackets, spaced from the words beside them: a
    space between words, none before closing punctuation or after opening punctuation."""
    before, after = text_before(br), tail or text_after(br)
    left, right = (text[:1], text[-1:]) if text else (after[:1], after[:1])
    if before[-1:].isspace() and (left in _CLOSING or (not text and after[:1].isspace())):
        strip_space_before(br)  # "Forum [..] , held" -> "Forum, held"; no two spaces around nothing
    lead = " " if text and before[-1:] and not before[-1].isspace() and _spaced(before[-1], left) else ""
    trail = " " if text and after[:1] and not after[0].isspace() and _spaced(right, after[0]) else ""
    if text and after[:1].isspace() and right in _OPENING:
        tail = (tail or "").lstrip()
    return lead + text + trail, tail


def _spaced(left: str, right: str) -> bool:
    return (left.isalnum() or left in _CLOSING) and (right.isalnum() or right in _OPENING)


def _bracket_of(el: etree._Element, by_eid: Mapping[str | None, etree._Element]) -> etree._Element | None:
    """The open bracket an eId names: its own, or that of one of its alternatives."""
    if named_inline(el, "brackets"):
        return el
    if named_inline(el, "alternative") or named_inline(el, "proposer"):
        return next((a for a in el.iterancestors() if named_inline(a, "brackets")), None)
    if el.get("alternativeTo") is not None:
        return by_eid.get(el.get("alternativeTo"))
    return el if el.get(rdp("conflict")) else None


def resolve_brackets(
    draft: Resolution,
    picks: Mapping[str, str],
    texts: Mapping[str, str],
    *,
    date: str,
    who: str,
    notes: Mapping[str, str] | None = None,
) -> tuple[Resolution, tuple[tuple[str, str], ...]]:
    """Settle brackets by eId: keep one alternative, the base text, or agreed text.

    Each decision is recorded in the lifecycle and in ``rdp:decision`` metadata.
    """
    root = deepcopy(draft.root)
    doc = root[0]
    by_eid = {e.get("eId"): e for e in doc.iter() if e.get("eId")}
    decided: list[tuple[str, str]] = []
    named: dict[str, str] = {}  # bracket eId -> the eId it was named by
    before = snapshot_eids(doc)
    try:
        _settle_each(draft, by_eid, picks, texts, named, decided)
    except ResdraftError as exc:  # a decision that cannot be taken: say in which draft
        exc.source = exc.source or draft.source
        raise
    reassign_eids(doc)
    retarget(root, before)
    given = notes or {}
    _record(root, decided, date, who, {k: given[v] for k, v in named.items() if v in given})
    return Resolution(etree.ElementTree(root), draft.source), tuple(decided)


def _settle_each(
    draft: Resolution,
    by_eid: Mapping[str | None, etree._Element],
    picks: Mapping[str, str],
    texts: Mapping[str, str],
    named: dict[str, str],
    decided: list[tuple[str, str]],
) -> None:
    for bid in [*picks, *[t for t in texts if t not in picks]]:
        el = by_eid.get(bid)
        br = _bracket_of(el, by_eid) if el is not None else None
        if br is None:
            found = list_brackets(draft)
            inside = [b.bracket for b in found if b.eid == bid]
            where = f"brackets in {bid}: " if inside else "open brackets: "
            raise InputError(f"no open bracket has the eId '{bid}'", eid=bid,
                             hint=where + (", ".join(inside or [b.bracket for b in found]) or "none"))  # fmt: skip
        key = br.get("eId") or ""
        if key in named:
            raise InputError(f"'{named[key]}' and '{bid}' name the same bracket, {key}", eid=bid,
                             hint="give one decision per bracket")  # fmt: skip
        named[key] = bid
        if named_inline(br, "brackets"):
            decided.append((key, _resolve_inline(br, picks.get(bid), texts.get(bid))))
        else:
            decided.append((key, resolve_provision(br, picks.get(bid), texts.get(bid))))


def _record(
    root: etree._Element, decided: list[tuple[str, str]], date: str, who: str, notes: Mapping[str, str]
) -> None:
    meta = root[0].find(q("meta"))
    assert meta is not None
    life = meta_section(meta, "lifecycle")
    n = len(life.findall(q("eventRef")))
    life.append(E("eventRef", eId=f"evt_{n + 1}", date=date, source="#original", type="amendment"))
    prop = meta_section(meta, "proprietary")
    for bid, chosen in decided:
        attrs = {"bracket": bid, "choice": chosen, "date": date, "by": who}
        if notes.get(bid):
            attrs["note"] = notes[bid]
        prop.append(RDP("decision", **attrs))
