"""Whole-provision brackets in a merged draft: each proposer's version of a contested
provision side by side (``alternativeTo``), numbered as one slot, and the proposers declared
so that ``refersTo`` resolves; and how one of them is kept when the bracket is settled."""

from __future__ import annotations

from collections.abc import Mapping
from copy import deepcopy

from lxml import etree

from .akn import local, q, rdp, text_of
from .brackets import alternatives_of, choice_matches, proposer_key, proposer_refs
from .eids import drop_if_emptied, reassign_eids, renumber, retarget, rewrite_prefix, snapshot_eids
from .errors import AmendmentError, InputError
from .expression import declare_organizations
from .marks import accept
from .model import Change, ProposalDoc, Resolution
from .quotes import subtree


def within(inner: etree._Element, outer: etree._Element) -> bool:
    return inner is outer or any(a is outer for a in inner.iterancestors())


def declare_proposers(root: etree._Element, docs: list[ProposalDoc]) -> None:
    """A TLCOrganization per proposer, so that ``refersTo="#rcc"`` on alternatives resolves."""
    declare_organizations(root, {d.label: ", ".join(n for _, n in d.submitters) or d.label for d in docs})


def topmost(base: Resolution, chs: list[Change]) -> etree._Element:
    """The provision a bracket stands for: the one holding every other change's, a deletion
    first (a change inside a deleted provision); a restructured one holding deletions."""
    scopes = [base.by_eid[c.target] for c in chs]
    sups = [s for s, c in zip(scopes, chs, strict=True) if c.action == "SUP"]
    holding = [s for s in scopes if all(within(x, s) for x in scopes)]
    candidates = [s for s in holding if any(s is x for x in sups)] or holding or sups or scopes
    return next(
        s for s in candidates if all(within(x, s) for x in scopes if x is not s) or s is candidates[-1]
    )


def _version(base_el: etree._Element, chs: list[Change]) -> tuple[etree._Element, bool]:
    """One proposer's version of a provision: its MODs and ADDs applied; or a deletion."""
    if any(c.action == "SUP" and c.target == base_el.get("eId") for c in chs):
        return deepcopy(base_el), True
    version = deepcopy(base_el)
    after: dict[etree._Element, int] = {}  # provisions inserted after each part so far
    for c in chs:
        target = (
            version
            if version.get("eId") == c.target
            else next((e for e in version.iter() if e.get("eId") == c.target), None)
        )
        if target is None:
            continue
        if c.action == "MOD":
            new = accept(c.quoted[0])
            for e in subtree(new):
                if e.get("eId") not in {x.get("eId") for x in subtree(target)}:
                    e.set(rdp("added"), "1")
            if target is version:
                new.tail = None
                version = new
            else:
                target.getparent().replace(target, new)  # type: ignore[union-attr]
        elif c.action == "ADD" and c.pos in ("start", "end"):
            kids = list(target)
            at = (
                len(kids)
                if c.pos == "end"
                else next(
                    (i for i, k in enumerate(kids) if local(k) not in ("num", "heading", "intro")), len(kids)
                )
            )
            _insert_added(target, at, c)
        elif c.action == "ADD" and target is not version:  # inserted next to a part of it
            holder = target.getparent()
            assert holder is not None
            if c.pos == "before":  # before the part, after what was inserted there before
                _insert_added(holder, holder.index(target), c)
            else:  # after the part and what was inserted after it before: apply's order
                _insert_added(holder, holder.index(target) + 1 + after.get(target, 0), c)
                after[target] = after.get(target, 0) + len(c.quoted)
            renumber(holder)
        elif c.action == "SUP" and target is not version:  # a part of it deleted
            holder = target.getparent()
            assert holder is not None
            holder.remove(target)
            renumber(holder)
    return version, False


def _insert_added(parent: etree._Element, at: int, c: Change) -> None:
    """Insert what an ADD quotes, as it proposes it, at ``parent[at]``; its eIds marked added."""
    for k, x in enumerate(c.quoted):
        new = accept(x)
        for e in new.iter():
            if e.get("eId"):
                e.set(rdp("added"), "1")
        parent.insert(at + k, new)


def _mark(el: etree._Element, bracket: str, by: str, alt: int, kind: str, main: bool | None = None) -> None:
    """Tag an element as alternative ``alt`` of a bracket; the first of alternative 1 is the main."""
    el.set(rdp("bracket"), bracket)
    el.set(rdp("by"), by)
    el.set(rdp("alt"), str(alt))
    el.set("refersTo", proposer_refs(by))
    if main if main is not None else alt == 1:
        el.set(rdp("conflict"), kind)
    else:
        el.set("alternativeTo", el.get("eId") or "")
        for e in el.iter():
            if e.get("eId"):
                e.set(rdp("added"), "1")


def provision_alternatives(
    base: Resolution,
    chs: list[Change],
    kind: str,
    by_eid: dict[str | None, etree._Element],
    new_of: dict[str, str],
    bracket: str,
    anchors: Mapping[etree._Element, tuple[str, str]] | None = None,
) -> etree._Element:
    """Put each proposer's version of the contested provision side by side; return the parent.
    ``anchors``: the (base eId, position) of what ``apply`` inserted, to place competing
    insertions next to a provision deleted from the draft."""
    labels = sorted({c.document.label for c in chs})
    if kind == "add-add":
        anchor = chs[0].target
        pos = chs[0].pos or "after"
        units = []
        for lab in labels:
            mine = [c for c in chs if c.document.label == lab]
            els = [accept(x) for c in mine for x in c.quoted]
            units.append(("+".join(c.attribution for c in mine), els))
        if anchor in new_of or pos in ("start", "end"):
            anchor_el = by_eid.get(new_of.get(anchor, anchor))
            if anchor_el is None:
                raise AmendmentError(
                    f"cannot place the competing insertions at '{anchor}', which is deleted", eid=anchor
                )
            parent, at = _insertion_point(anchor_el, pos)
        else:
            parent, at = _deleted_neighbour(base, anchor, pos, by_eid, new_of, anchors or {})
        for n, (by, els) in enumerate(units, start=1):
            for i, el in enumerate(els):
                for e in el.iter():
                    if e.get("eId"):
                        e.set(rdp("added"), "1")
                _mark(el, bracket, by, n, kind, main=n == 1 and i == 0)
                parent.insert(at, el)
                at += 1
        return parent
    top = topmost(base, chs)
    draft_el = by_eid[new_of.get(top.get("eId") or "", top.get("eId") or "")]
    holder = draft_el.getparent()
    assert holder is not None
    at = holder.index(draft_el)
    tail = draft_el.tail
    holder.remove(draft_el)
    for n, lab in enumerate(labels, start=1):
        mine = [c for c in chs if c.document.label == lab]
        version, deleted = _version(top, mine)
        # the provision's eId in the draft, which renumbering may have changed: its parts follow
        rewrite_prefix(version, version.get("eId") or "", draft_el.get("eId") or "")
        version.set("eId", draft_el.get("eId") or "")
        if draft_el.get("wId"):
            version.set("wId", draft_el.get("wId") or "")
        if deleted:
            version.set("status", "removed")
        _mark(version, bracket, "+".join(c.attribution for c in mine), n, kind)
        version.tail = tail
        holder.insert(at + n - 1, version)
    by_eid[draft_el.get("eId")] = holder[at]  # where another bracket's insertions are placed
    return holder


def _insertion_point(anchor_el: etree._Element, pos: str) -> tuple[etree._Element, int]:
    parent = anchor_el if pos in ("start", "end") else anchor_el.getparent()
    assert parent is not None
    kids = list(parent)
    if pos == "before":
        return parent, kids.index(anchor_el)
    if pos == "after":  # after the alternatives that stand beside it, if it has any
        at = kids.index(anchor_el) + 1
        while (
            at < len(kids) and anchor_el.get("eId") and kids[at].get("alternativeTo") == anchor_el.get("eId")
        ):
            at += 1
        return parent, at
    if pos == "end":
        return parent, len(kids)
    lead = (i for i, k in enumerate(kids) if local(k) not in ("num", "heading", "intro"))
    return parent, next(lead, len(kids))


def _deleted_neighbour(
    base: Resolution,
    anchor: str,
    pos: str,
    by_eid: dict[str | None, etree._Element],
    new_of: dict[str, str],
    anchors: Mapping[etree._Element, tuple[str, str]],
) -> tuple[etree._Element, int]:
    """Where insertions before or after a provision deleted from the draft go: where ``apply``
    puts them, among the base items that remain and what was inserted next to each."""
    gone = base.by_eid[anchor]
    holder = gone.getparent()
    assert holder is not None
    order = {k.get("eId"): i for i, k in enumerate(holder) if k.get("eId") and local(k) == local(gone)}
    parent = by_eid.get(new_of.get(holder.get("eId") or "", ""))
    if parent is None:
        raise AmendmentError(
            f"cannot place the competing insertions at '{anchor}', which is deleted", eid=anchor
        )
    old_of = {n: b for b, n in new_of.items()}
    side = {"before": 0, "after": 2}

    def place(k: etree._Element) -> tuple[int, int] | None:
        b = old_of.get(k.get("eId") or "")
        if b in order:
            return order[b], 1
        a, p = anchors.get(k, ("", ""))
        return (order[a], side[p]) if a in order and p in side else None

    mine = (order[anchor], side[pos])
    kids = list(parent)
    places = [(i, got) for i, k in enumerate(kids) if (got := place(k)) is not None]
    later = next((i for i, got in places if got > mine), None)
    if later is not None:
        return parent, later
    if places:
        return parent, places[-1][0] + 1
    return _insertion_point(parent, "start")


def renumber_with_alternatives(doc: etree._Element, parents: list[etree._Element]) -> None:
    before = snapshot_eids(doc)
    for parent in parents:
        renumber(parent)
    reassign_eids(doc)
    retarget(doc.getroottree().getroot(), before)
    for el, old in before.items():
        if old and el.get("eId") != old and el.get("wId") is None and el.get(rdp("added")) is None:
            el.set("wId", old)
    for el in doc.iter():
        el.attrib.pop(rdp("added"), None)
    seen: dict[tuple[str | None, str | None], int] = {}
    for alt in [e for e in doc.iter() if e.get("alternativeTo") is not None]:
        main = alt.getprevious()
        while main is not None and not (
            main.get(rdp("bracket")) == alt.get(rdp("bracket")) and main.get("alternativeTo") is None
        ):
            main = main.getprevious()
        if main is None:
            continue
        main_num, alt_num = main.find(q("num")), alt.find(q("num"))
        if main_num is not None and alt_num is not None:
            for c in list(alt_num):
                alt_num.remove(c)
            alt_num.text = text_of(main_num)
        unit = (alt.get(rdp("bracket")), alt.get(rdp("alt")))
        seen[unit] = seen.get(unit, 0) + 1
        new = f"{main.get('eId')}-alt{unit[1]}" + (
            f"-{seen[unit]}" if seen[unit] > 1 or unit[1] == "1" else ""
        )
        rewrite_prefix(alt, alt.get("eId") or "", new)
        alt.set("eId", new)
        alt.set("alternativeTo", main.get("eId") or "")


_BRACKET_ATTRS = (
    "alternativeTo",
    rdp("conflict"),
    rdp("bracket"),
    rdp("alt"),
    rdp("by"),
    "status",
    "refersTo",
)


def resolve_provision(main: etree._Element, choice: str | None, text: str | None) -> str:
    """Keep one alternative of a whole-provision bracket. ``base`` keeps the provision as it
    was: none of competing insertions, or the text a proposed deletion holds."""
    group = [main, *alternatives_of(main)]
    eid = main.get("eId") or ""
    if text is not None:
        raise InputError(f"{eid} is a choice between whole provisions; pick one with --pick", eid=eid,
                         hint="after picking, edit the text with a further proposal or in an editor")  # fmt: skip
    unit = next(
        (a.get(rdp("alt")) for a in group if choice_matches(choice or "", a.get(rdp("by")) or "")), None
    )
    restore = False  # the base text is the deleted alternative's, kept
    if unit is None and (choice or "").strip().lower() == "base":
        if main.get(rdp("conflict")) == "add-add":
            unit = ""
        else:
            unit = next((a.get(rdp("alt")) for a in group if a.get("status") == "removed"), None)
            restore = unit is not None
    if unit is None:
        options = ", ".join(dict.fromkeys(proposer_key(a.get(rdp("by")) or "") for a in group))
        if (choice or "").strip().lower() == "base":
            raise InputError(f"the draft does not hold the base text of {eid}: every alternative rewrites it",
                             eid=eid, hint=f"choose one of: {options}")  # fmt: skip
        base = main.get(rdp("conflict")) == "add-add" or any(a.get("status") == "removed" for a in group)
        raise InputError(f"{eid} has no alternative '{choice}'", eid=eid,
                         hint=f"choose one of: {options}" + (", base" if base else ""))  # fmt: skip
    parent = main.getparent()
    assert parent is not None
    keep = [a for a in group if a.get(rdp("alt")) == unit]
    chosen = (keep[0].get(rdp("by")) or "") if keep and not restore else "base text"
    for a in group:
        if a not in keep or (a.get("status") == "removed" and not restore):
            parent.remove(a)
    for i, k in enumerate(a for a in keep if a.getparent() is not None):
        for attr in _BRACKET_ATTRS:
            k.attrib.pop(attr, None)
        fresh = eid if i == 0 else f"{eid}-new{i}"  # reassigned from the numbers below
        if k.get("eId") != fresh:
            rewrite_prefix(k, k.get("eId") or "", fresh)
            k.set("eId", fresh)
    renumber(parent)
    drop_if_emptied(parent)
    return chosen
