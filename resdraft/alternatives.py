"""Whole-provision brackets in a merged draft: each proposer's version of a contested
provision side by side (``alternativeTo``), numbered as one slot, and the proposers declared
so that ``refersTo`` resolves."""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

from .akn import local, q, rdp, text_of
from .brackets import proposer_refs
from .eids import reassign_eids, renumber, retarget, rewrite_prefix, snapshot_eids
from .errors import AmendmentError
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
    scopes = [base.by_eid[c.target] for c in chs]
    sups = [s for s, c in zip(scopes, chs, strict=True) if c.action == "SUP"]
    candidates = sups or scopes
    return next(
        s for s in candidates if all(within(x, s) for x in scopes if x is not s) or s is candidates[-1]
    )


def _version(base_el: etree._Element, chs: list[Change]) -> tuple[etree._Element, bool]:
    """One proposer's version of a provision: its MODs and ADDs applied; or a deletion."""
    if any(c.action == "SUP" and c.target == base_el.get("eId") for c in chs):
        return deepcopy(base_el), True
    version = deepcopy(base_el)
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
            for k, x in enumerate(c.quoted):
                new = accept(x)
                for e in new.iter():
                    if e.get("eId"):
                        e.set(rdp("added"), "1")
                target.insert(at + k, new)
    return version, False


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
) -> etree._Element:
    """Put each proposer's version of the contested provision side by side; return the parent."""
    labels = sorted({c.document.label for c in chs})
    if kind == "add-add":
        anchor = chs[0].target
        pos = chs[0].pos or "after"
        anchor_el = by_eid.get(new_of.get(anchor, anchor))
        if anchor_el is None:
            raise AmendmentError(
                f"cannot place the competing insertions at '{anchor}', which is deleted", eid=anchor
            )
        units = []
        for lab in labels:
            mine = [c for c in chs if c.document.label == lab]
            els = [accept(x) for c in mine for x in c.quoted]
            units.append(("+".join(c.attribution for c in mine), els))
        parent = anchor_el if pos in ("start", "end") else anchor_el.getparent()
        assert parent is not None
        kids = list(parent)
        if pos == "before":
            at = kids.index(anchor_el)
        elif pos == "after":
            at = kids.index(anchor_el) + 1
        elif pos == "end":
            at = len(kids)
        else:
            at = next(
                (i for i, k in enumerate(kids) if local(k) not in ("num", "heading", "intro")), len(kids)
            )
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
    parent = draft_el.getparent()
    assert parent is not None
    at = parent.index(draft_el)
    tail = draft_el.tail
    parent.remove(draft_el)
    for n, lab in enumerate(labels, start=1):
        mine = [c for c in chs if c.document.label == lab]
        version, deleted = _version(top, mine)
        version.set("eId", draft_el.get("eId") or "")
        if draft_el.get("wId"):
            version.set("wId", draft_el.get("wId") or "")
        if deleted:
            version.set("status", "removed")
        _mark(version, bracket, "+".join(c.attribution for c in mine), n, kind)
        version.tail = tail
        parent.insert(at + n - 1, version)
    return parent


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
