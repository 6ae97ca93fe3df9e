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

from collections.abc import Mapping, Sequence
from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from .akn import RDP, E, iter_provisions, local, q, rdp, text_of
from .eids import reassign_eids, renumber, retarget, snapshot_eids
from .errors import InputError
from .model import Resolution, label_of
from .tokens import TAG, Edit, apply_edits, is_balanced, is_markup, tag_token, words

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


def _clash(x: Edit, y: Edit) -> bool:
    from .tokens import _clash as clash

    return clash(x, y)


def balanced_range(base: Sequence[str], s: int, e: int) -> tuple[int, int]:
    """Widen [s, e) within its block until it holds whole inline elements."""
    lo = max((i + 1 for i in range(s) if base[i].startswith("\x02")), default=0)
    hi = next((i for i in range(e, len(base)) if base[i].startswith("\x02")), len(base))
    left = True
    while not is_balanced(base[s:e]) and (s > lo or e < hi):
        if (left and s > lo) or e >= hi:
            s -= 1
        else:
            e += 1
        left = not left
    return s, e


def inline_brackets(
    base: Sequence[str], sides: Sequence[tuple[str, str, tuple[Edit, ...]]], eid: str
) -> tuple[tuple[str, ...], list[tuple[str, list[tuple[str, str, str]]]]]:
    """Merge each proposer's edits of one provision; where they clash, write brackets.

    Returns the new tokens and, per bracket, its eId and (proposer, attribution, words) options.
    """
    items = [(e, k) for k, (_, _, edits) in enumerate(sides) for e in edits]
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i][1] != items[j][1] and _clash(items[i][0], items[j][0]):
                parent[find(j)] = find(i)
    clusters: dict[int, list[int]] = {}
    for i in range(len(items)):
        clusters.setdefault(find(i), []).append(i)
    out: list[Edit] = []
    found: list[tuple[str, list[tuple[str, str, str]]]] = []
    for members in sorted(clusters.values(), key=lambda m: min(items[i][0].start for i in m)):
        edits = [items[i] for i in members]
        side_ids = sorted({k for _, k in edits})
        shapes = {(e.start, e.end, e.new) for e, _ in edits}
        if len(side_ids) == 1 or len(shapes) == 1:
            first = edits[0][0]
            by = "+".join(sides[k][1] for k in side_ids)
            out.extend(e for e, _ in edits) if len(side_ids) == 1 else out.append(
                Edit(first.start, first.end, first.new, by)
            )
            continue
        s, e = balanced_range(base, min(x.start for x, _ in edits), max(x.end for x, _ in edits))
        bid = f"{eid}__brk_{len(found) + 1}"
        options: list[tuple[str, str, str]] = []
        # white space at the edges of the contested words stays outside the brackets
        lead = [" "] if base[s].isspace() and s > 0 else []
        trail = [" "] if e - 1 > s and base[e - 1].isspace() else []
        toks = [*lead, tag_token("inline", {"name": "brackets", "eId": bid, rdp("base"): words(base[s:e])})]
        for n, k in enumerate(side_ids, start=1):
            label, by, _ = sides[k]
            local_edits = [Edit(x.start - s, x.end - s, x.new, x.by) for x, kk in edits if kk == k]
            alt = list(apply_edits(base[s:e], local_edits))
            if not is_balanced(alt):
                alt = [t for t in alt if not is_markup(t)]
            alt = [t for t in alt if not t.startswith("\x02")]
            while alt and not alt[0].strip():
                alt.pop(0)
            while alt and not alt[-1].strip():
                alt.pop()
            aid = f"{bid}__alt_{n}"
            toks += [
                tag_token(
                    "inline",
                    {"name": "alternative", "eId": aid, "refersTo": proposer_refs(by), rdp("by"): by},
                ),
                "[",
                tag_token("inline", {"name": "proposer", "eId": f"{aid}__proposer"}),
                f"{label}:",
                _CLOSE,
                *([" ", *alt] if alt else []),
                "]",
                _CLOSE,
            ]
            if n < len(side_ids):
                toks.append(" ")
            options.append((label, by, words(alt)))
        toks += [_CLOSE, *trail]
        out.append(Edit(s, e, tuple(toks), None))
        found.append((bid, options))
    return apply_edits(base, out), found


def _inline(el: etree._Element, name: str) -> bool:
    return local(el) == "inline" and el.get("name") == name


def _alt_text(alt: etree._Element) -> str:
    copy = deepcopy(alt)
    for p in copy.findall(q("inline")):
        if p.get("name") == "proposer":
            _drop(p)
    return " ".join(text_of(copy).strip().removeprefix("[").removesuffix("]").split())


def _by_key(by: str) -> str:
    return "+".join(dict.fromkeys(part.split("/")[0].strip() for part in by.split("+") if part))


def list_brackets(draft: Resolution) -> tuple[Bracket, ...]:
    """Every open set of alternatives, in reading order."""
    out: list[Bracket] = []
    for el in draft.doc.iter():
        if _inline(el, "brackets"):
            prov = next((a for a in el.iterancestors() if a.get("eId") and local(a) != "inline"), None)
            alts = tuple(
                Alternative(_by_key(a.get(rdp("by")) or ""), a.get(rdp("by")) or "", _alt_text(a))
                for a in el
                if _inline(a, "alternative")
            )
            eid = prov.get("eId") or "" if prov is not None else ""
            label = label_of(prov) if prov is not None else ""
            out.append(Bracket(el.get("eId") or "", "overlap", eid, label, alts))
        elif el.get(rdp("conflict")) and el.get("alternativeTo") is None:
            units: dict[str, list[etree._Element]] = {}
            for a in [el, *_alternatives_of(el)]:
                units.setdefault(a.get(rdp("alt")) or "1", []).append(a)
            alts = tuple(
                Alternative(
                    _by_key(members[0].get(rdp("by")) or ""),
                    members[0].get(rdp("by")) or "",
                    " ".join(_words_of(a) for a in members),
                    members[0].get("status") == "removed",
                )
                for members in units.values()
            )
            eid = el.get("eId") or ""
            out.append(Bracket(eid, el.get(rdp("conflict")) or "", eid, label_of(el), alts))
    return tuple(out)


def _words_of(el: etree._Element) -> str:
    from .model import Provision

    subs = [
        el,
        *(d for d in el.iterdescendants() if local(d) in ("recital", "paragraph", "point") and d.get("eId")),
    ]
    return " ".join(t for t in (Provision(x).text for x in subs) if t)


def _alternatives_of(main: etree._Element) -> list[etree._Element]:
    out = []
    node = main.getnext()
    while node is not None and node.get("alternativeTo") == main.get("eId"):
        out.append(node)
        node = node.getnext()
    return out


def _drop(el: etree._Element) -> None:
    from .marks import _drop as drop

    drop(el)


def _unwrap(el: etree._Element) -> None:
    from .marks import _unwrap as unwrap

    unwrap(el)


def _matches(choice: str, by: str) -> bool:
    c = choice.strip().lower()
    parts = [p.strip() for p in by.split("+") if p]
    return any(c in (p.lower(), p.split(" ")[0].lower(), p.split("/")[0].lower()) for p in parts)


def _resolve_inline(br: etree._Element, choice: str | None, text: str | None) -> str:
    tail = br.tail
    if text is not None:
        repl: etree._Element | None = None
        chosen = f"agreed text: {text}"
    elif choice and choice.lower() == "base":
        text, chosen = br.get(rdp("base")) or "", "base text"
    else:
        repl = next(
            (a for a in br if _inline(a, "alternative") and _matches(choice or "", a.get(rdp("by")) or "")),
            None,
        )
        if repl is None:
            options = ", ".join(_by_key(a.get(rdp("by")) or "") for a in br if _inline(a, "alternative"))
            raise InputError(
                f"bracket {br.get('eId')} has no alternative '{choice}'",
                eid=br.get("eId"),
                hint=f"choose one of: {options}, base, or give agreed text with --text",
            )
        chosen = repl.get(rdp("by")) or ""
    holder = E("inline", name="x")
    if text is not None:
        holder.text = text
    else:
        assert repl is not None
        holder = deepcopy(repl)
        for p in holder.findall(q("inline")):
            if p.get("name") == "proposer":
                _drop(p)
        holder.text = (holder.text or "").lstrip("[").lstrip()
        last = holder[-1] if len(holder) else None
        if last is not None:
            last.tail = (last.tail or "").rstrip().removesuffix("]")
        else:
            holder.text = holder.text.rstrip().removesuffix("]")
    br.addnext(holder)
    holder.tail = tail
    br.getparent().remove(br)  # type: ignore[union-attr]
    _unwrap(holder)
    return chosen


def _resolve_provision(main: etree._Element, choice: str | None, text: str | None) -> str:
    group = [main, *_alternatives_of(main)]
    if text is not None:
        raise InputError(
            f"{main.get('eId')} is a choice between whole provisions; pick one with --pick",
            eid=main.get("eId"),
            hint="after picking, edit the text with a further proposal or in an editor",
        )
    chosen_unit = next(
        (a.get(rdp("alt")) for a in group if _matches(choice or "", a.get(rdp("by")) or "")), None
    )
    if chosen_unit is None:
        options = ", ".join(dict.fromkeys(_by_key(a.get(rdp("by")) or "") for a in group))
        raise InputError(f"{main.get('eId')} has no alternative '{choice}'", eid=main.get("eId"),
                         hint=f"choose one of: {options}")  # fmt: skip
    parent = main.getparent()
    assert parent is not None
    eid = main.get("eId") or ""
    keep = [a for a in group if a.get(rdp("alt")) == chosen_unit]
    chosen = keep[0].get(rdp("by")) or ""
    for a in group:
        if a not in keep or a.get("status") == "removed":
            parent.remove(a)
    for i, k in enumerate(a for a in keep if a.get("status") != "removed"):
        for attr in (
            "alternativeTo",
            rdp("conflict"),
            rdp("bracket"),
            rdp("alt"),
            rdp("by"),
            "status",
            "refersTo",
        ):
            k.attrib.pop(attr, None)
        fresh = eid if i == 0 else f"{eid}-new{i}"  # reassigned from the numbers below
        if k.get("eId") != fresh:
            from .eids import rewrite_prefix

            rewrite_prefix(k, k.get("eId") or "", fresh)
            k.set("eId", fresh)
    renumber(parent)
    return chosen


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
    before = snapshot_eids(doc)
    for bid in [*picks, *[t for t in texts if t not in picks]]:
        el = by_eid.get(bid)
        if el is None:
            open_ids = ", ".join(b.bracket for b in list_brackets(draft)) or "none"
            raise InputError(
                f"no open bracket has the eId '{bid}'", eid=bid, hint=f"open brackets: {open_ids}"
            )
        if _inline(el, "brackets"):
            decided.append((bid, _resolve_inline(el, picks.get(bid), texts.get(bid))))
        else:
            decided.append((bid, _resolve_provision(el, picks.get(bid), texts.get(bid))))
    reassign_eids(doc)
    retarget(root, before)
    _record(root, decided, date, who, notes or {})
    return Resolution(etree.ElementTree(root), draft.source), tuple(decided)


def _record(
    root: etree._Element, decided: list[tuple[str, str]], date: str, who: str, notes: Mapping[str, str]
) -> None:
    from .expression import _section

    meta = root[0].find(q("meta"))
    assert meta is not None
    life = _section(meta, "lifecycle")
    n = len(life.findall(q("eventRef")))
    life.append(E("eventRef", eId=f"evt_{n + 1}", date=date, source="#original", type="amendment"))
    prop = _section(meta, "proprietary")
    for bid, chosen in decided:
        attrs = {"bracket": bid, "choice": chosen, "date": date, "by": who}
        if notes.get(bid):
            attrs["note"] = notes[bid]
        prop.append(RDP("decision", **attrs))


def is_clean(draft: Resolution) -> bool:
    return not list_brackets(draft) and not any(e.get("alternativeTo") for e in iter_provisions(draft.doc))
