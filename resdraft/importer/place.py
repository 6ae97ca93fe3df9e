"""Where a provision that only the proposed text has goes in the edited copy of the base, when
the extract gives it no predecessor: where its number says. A new keyword group goes where the
document shows it, among the groups whose keyword lines come before and after it.

A "bis" number (3bis, c bis)) is how a proposal inserts a provision without renumbering the
ones after it: it goes after 3 (and after any 3bis already there), and takes the number it
will have once the text is renumbered, since an eId cannot hold "3bis".
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from lxml import etree

from ..akn import E, local, q, text_of
from ..eids import KIND_PREFIX, clean_num, detect_style, rewrite_prefix
from .outline import bis_base

_VERB = re.compile(r"[a-z]*")


def _num(el: etree._Element) -> str | None:
    num = el.find(q("num"))
    return text_of(num) if num is not None else None


def place_by_number(holder: etree._Element, el: etree._Element, copy: etree._Element) -> None:
    """Before the sibling that has the new provision's number now, or after the last one."""
    siblings = [c for c in holder if local(c) == local(el)]
    wanted = _num(el)
    same = next((c for c in siblings if _num(c) == wanted), None)
    if same is not None:
        same.addprevious(copy)
    elif siblings and wanted:
        siblings[-1].addnext(copy)
    elif siblings:
        siblings[0].addprevious(copy)
    else:
        holder.append(copy)


def place_bis(
    holder: etree._Element,
    el: etree._Element,
    copy: etree._Element,
    num: str,
    inserted: Collection[etree._Element],
) -> bool:
    """After the sibling numbered as ``num`` says (3 for 3ter), and after the provisions
    already ``inserted`` there (3bis); False when there is no such sibling (it goes last)."""
    base = clean_num(bis_base(num) or "")
    siblings = [c for c in holder if local(c) == local(el)]
    at = next(
        (i for i, c in enumerate(siblings) if c not in inserted and clean_num(_num(c) or "") == base), None
    )
    if at is None:
        if siblings:
            siblings[-1].addnext(copy)
        else:
            holder.append(copy)
        return False
    while at + 1 < len(siblings) and siblings[at + 1] in inserted:
        at += 1
    siblings[at].addnext(copy)
    return True


def drop_kept_number(el: etree._Element) -> None:
    """The "3bis" the importer kept at the start of the text (``<inline name="num">``) removed."""
    p = next(el.iter(q("p")), None)
    if p is None or not len(p) or (p.text or "").strip():
        return
    num = p[0]
    if local(num) != "inline" or num.get("name") != "num":
        return
    tail = (num.tail or "").lstrip()
    p.remove(num)
    p.text = tail
    if p.get("class") == "item":
        del p.attrib["class"]


def number_in_place(el: etree._Element) -> None:
    """Number a placed provision as its siblings are numbered, by its position, and give it
    (and what it holds) the eIds that number makes."""
    parent = el.getparent()
    kind = local(el)
    prefix = KIND_PREFIX.get(kind)
    if parent is None or prefix is None or el.find(q("num")) is not None:
        return
    siblings = [c for c in parent if local(c) == kind]
    style = detect_style([n for c in siblings if (n := _num(c))], kind)
    if style is None:
        return
    num = style.format(siblings.index(el) + 1)
    el.insert(0, E.num(num))
    old, new = el.get("eId") or "", f"{parent.get('eId')}__{prefix}_{clean_num(num)}"
    el.set("eId", new)
    if old:
        rewrite_prefix(el, old, new)


def _verb(eid: str) -> str:
    """The first word of a group's slug: "invites" for invitesMemberStates."""
    m = _VERB.match(eid.rpartition("__")[2])
    return m.group() if m else ""


def place_group(
    doc: etree._Element, copy: etree._Element, before: Sequence[str], after: Sequence[str]
) -> bool | None:
    """Put a new keyword group into ``doc``: after the nearest group of ``before`` (the eIds of
    the document's keyword lines before its own, nearest first) that ``doc`` has, else before
    the nearest of ``after``. True when so placed; False when the document shows no neighbour and
    it goes after the last group whose phrase opens with the same verb ("invites ..."), or last
    of its part; None when ``doc`` has no such part (an annex section is not placed here)."""
    kind = local(copy)
    eid = copy.get("eId") or ""
    holder = doc.find(q("preamble" if kind == "recitals" else "mainBody"))
    if holder is None or eid.startswith("att_"):
        return None
    groups = {g.get("eId") or "": g for g in holder if local(g) == kind}
    prev = next((groups[e] for e in before if e in groups), None)
    if prev is not None:
        prev.addnext(copy)
        return True
    nxt = next((groups[e] for e in after if e in groups), None)
    if nxt is not None:
        nxt.addprevious(copy)
        return True
    verb = _verb(eid)
    last = [g for e, g in groups.items() if verb and _verb(e) == verb] or list(groups.values())
    if last:
        last[-1].addnext(copy)
    else:
        holder.append(copy)
    return False
