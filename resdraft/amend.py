"""Apply proposals (MOD, ADD, SUP, NOC) to a resolution, provision by provision.

Every change is located by its target's eId in the *base* Expression, whatever other
proposals did before it; renumbering and new eIds are computed once, at the end. Two MODs
of one provision combine when their word-level edits do not overlap (a three-way merge
against the base text); anything else that cannot be combined is an error naming both
proposals and the eId.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NoReturn

from lxml import etree

from .akn import iter_provisions, local
from .eids import drop_emptied_group, reassign_eids, renumber
from .eids_settled import eids_settled
from .errors import AmendmentError, TargetNotFoundError, UsageError
from .expression import stamp_consolidation
from .marks import accept
from .model import Change, ProposalDoc, Resolution, with_eid
from .owntext import Blocks, QuotedSub, block_text, own_texts, read_quote, texts_words
from .quotes import _check_contradictions, _quoted_one, check_quote, check_written_for, subtree
from .tokens import Edit, own_blocks, tokens_of, words
from .working import (
    ADDED,
    ANCHOR,
    BASE,
    INTERNAL,
    REMOVED,
    RESTRUCTURED,
    Work,
    conflict,
    restructures_changed,
)

_REMOVED = etree.XPath("descendant::*[@i:removed != '']", namespaces={"i": "urn:resdraft:internal"})
_CHILD_KIND = {"recitals": "recital", "hcontainer": "paragraph", "paragraph": "point"}


@dataclass(frozen=True, slots=True)
class Consolidation:
    """A resolution with proposals applied, and the record of who changed what."""

    base: Resolution
    result: Resolution
    proposals: tuple[ProposalDoc, ...]
    changes: tuple[Change, ...]
    lineage: dict[str, str] = field(default_factory=dict)  # new eId -> base eId
    added: dict[str, str] = field(default_factory=dict)  # new eId -> attribution
    removed: dict[str, str] = field(default_factory=dict)  # base eId -> attribution
    edits: Mapping[str, tuple[Edit, ...]] = field(default_factory=dict)  # base eId -> edits, diffed when read
    replaced: dict[str, str] = field(default_factory=dict)  # base eId -> attribution
    renumbered: dict[str, tuple[str, str]] = field(default_factory=dict)  # new eId -> nums


def _mod(w: Work, ch: Change) -> None:
    el = w.target(ch)
    w.claim(el, ch, "modifies")
    base_subs = subtree(w.base.by_eid[ch.target])
    in_place = ch.quoted_in_place
    got = None
    if len(in_place) == 1 and in_place[0][0].tag == el.tag:  # else the copy path says what is wrong
        got = read_quote(*in_place[0])
    if got is not None and [r.eid for r in got[0]] == [e.get("eId") for e in base_subs]:
        # The usual MOD: the same sub-provisions, marks among their words. The quote is read
        # once where it stands: no copies, and no diff (see owntext).
        read, marked = got
        # Each sub-provision's own blocks in the text being built, read once for its base text
        # and to write into, while the copy still reads as the base (nothing restructured yet)
        # and its eId names it (not another provision with the same eId).
        provisions, copies = w.text.provisions, None if w.replaced else w.index
        named: list[bool] = []
        blocks: list[Blocks | None] = []
        texts: list[list[tuple[str, str]]] = []
        for r, e in zip(read, base_subs, strict=True):
            named.append(provisions.get(r.eid) is e)
            own = own_blocks(copies[r.eid]) if copies is not None and named[-1] else None
            blocks.append(own)
            texts.append(own_texts(e) if own is None else [(p, block_text(b)) for p, b in own])
        if marked and not all(map(QuotedSub.reads_as, read, texts)):
            shown = " ".join(r.shown for r in read if r.shown)
            if shown != " ".join(t for t in map(texts_words, texts) if t):
                check_quote(w.base, ch)  # raises the mismatch
        by = ch.attribution
        for r, t, own, is_named in zip(read, texts, blocks, named, strict=True):
            if is_named:  # the provision its eId names, not another with the same eId
                w.text.add(ch, by, r.eid, r, t, own)
            else:
                w.text.add(ch, by, r.eid, r)
        if w.removed:
            w.no_deleted_part_changed(ch, el, [r.eid for r in read])
        return
    quoted = ch.quoted
    one = _quoted_one(ch, el, quoted)
    check_quote(w.base, ch, quoted)
    new = accept(one, copy=False)  # ``quoted`` is this call's own copy
    base_ids = [e.get("eId") for e in base_subs]
    new_subs = subtree(new)
    if [e.get("eId") for e in new_subs] == base_ids:
        by = ch.attribution
        for acc in new_subs:
            w.text.add(ch, by, acc.get("eId") or "", acc)
        if w.removed:
            w.no_deleted_part_changed(ch, el, base_ids)
        return
    # A structural MOD (sub-items added or removed) replaces the element whole: nothing inside
    # it may have been changed, inserted or deleted by another proposal.
    for sub in base_subs:
        sid = sub.get("eId") or ""
        if sid in w.text or sid in w.replaced:
            restructures_changed(
                ch, w.replaced.get(sid) or ", ".join(c.attribution for c in w.text.owners[sid])
            )
    for sub in el.iterdescendants():
        if who := sub.get(ADDED) or sub.get(REMOVED):
            restructures_changed(ch, who)
    known = {e.get("eId") for e in base_subs}
    for sub in new.iter():
        if sub.get("eId") in known:
            sub.set(BASE, sub.get("eId") or "")
    for sub in subtree(new):
        if sub.get(BASE) is None:
            sub.set(ADDED, ch.attribution)
    new.tail = el.tail
    parent = el.getparent()
    assert parent is not None
    parent.replace(el, new)
    for e in new.iter():
        if e.get(BASE):
            w.index[e.get(BASE) or ""] = e
    w.index[ch.target] = new
    w.replaced[ch.target] = ch.attribution
    for whole in (el, new):  # the text it replaced too: what is left inside is no longer there
        whole.set(RESTRUCTURED, ch.attribution)
    w.regroup.append(new)


def _insertion_point(w: Work, ch: Change, anchor: etree._Element) -> tuple[etree._Element, int]:
    pos = ch.pos or "after"
    if pos in ("start", "end"):
        parent = anchor
        kids = list(parent)
        if pos == "end":
            wrap = [i for i, c in enumerate(kids) if local(c) == "wrapUp"]
            return parent, wrap[0] if wrap else len(kids)
        lead = [i for i, c in enumerate(kids) if local(c) in ("num", "heading", "intro", "formula")]
        return parent, (lead[-1] + 1) if lead else 0
    holder = anchor.getparent()
    assert holder is not None
    parent = holder
    idx = parent.index(anchor)
    if pos == "before":
        return parent, idx
    idx += 1
    while idx < len(parent) and parent[idx].get(ANCHOR) == ch.target:
        idx += 1  # after earlier insertions at the same anchor: keep application order
    return parent, idx


def _add(w: Work, ch: Change) -> None:
    if ch.target in ("preamble", "body") and ch.target not in w.index:
        raise TargetNotFoundError(
            "the resolution has no " + ch.target,
            proposal=ch.proposal_id,
            eid=ch.target,
            source=ch.document.source,
        )
    anchor = w.target(ch)
    if ch.pos in ("start", "end"):
        w.claim(anchor, ch, "inserts into")
    elif anchor.getparent() is not None:  # next to a deleted provision is still a defined place
        w.claim(anchor.getparent(), ch, "inserts into the group of")  # type: ignore[arg-type]
    if ch.pos not in (None, "before", "after", "start", "end"):
        raise AmendmentError(
            f"ADD has position '{ch.pos}'; use before, after, start or end",
            proposal=ch.proposal_id,
            eid=ch.target,
            source=ch.document.source,
        )
    quoted = [accept(x) for x in ch.quoted]
    if not quoted:
        raise AmendmentError(
            "ADD quotes no structure to insert",
            proposal=ch.proposal_id,
            eid=ch.target,
            source=ch.document.source,
        )
    parent, idx = _insertion_point(w, ch, anchor)
    expected = _CHILD_KIND.get(local(parent)) if ch.pos in ("start", "end") else local(anchor)
    for new in quoted:
        if expected and local(new) != expected and local(parent) not in ("preamble", "mainBody"):
            raise AmendmentError(
                f"ADD inserts a <{local(new)}> where a <{expected}> belongs",
                proposal=ch.proposal_id,
                eid=ch.target,
                source=ch.document.source,
            )
        for e in subtree(new):
            e.set(ADDED, ch.attribution)
        new.set(ANCHOR, ch.target)
        parent.insert(idx, new)
        idx += 1
    w.regroup.append(parent)


def _sup(w: Work, ch: Change) -> None:
    el = w.target(ch)
    w.claim(el, ch, "deletes")
    for sub in subtree(el):
        sid = sub.get(BASE) or ""
        if sid in w.text or sid in w.replaced:
            others = w.replaced.get(sid) or ", ".join(c.attribution for c in w.text.owners.get(sid, []))
            conflict(ch, f"SUP deletes '{ch.target}', which {others} modifies")
    for sub in el.iterdescendants():  # what another proposal inserted into it would go too
        by = sub.get(ADDED)
        if by and by != ch.attribution:
            conflict(ch, f"SUP deletes '{ch.target}', into which {by} inserts")
    check_quote(w.base, ch)
    prior = el.get(REMOVED)
    el.set(REMOVED, f"{prior}+{ch.attribution}" if prior else ch.attribution)
    w.removed[ch.target] = el.get(REMOVED) or ""
    parent = el.getparent()
    assert parent is not None
    w.regroup.append(parent)


def change_key(ch: Change) -> tuple[str, str]:
    """Identifies a change across documents: (proposal expression, mod eId)."""
    return (ch.document.expression or ch.document.source, ch.mod_eid)


def apply_proposals(
    base: Resolution,
    proposals: Sequence[ProposalDoc],
    *,
    date: str | None = None,
    exclude: Collection[tuple[str, str]] = (),
) -> Consolidation:
    """Apply proposals in order; raise before producing anything if one cannot apply.

    ``exclude`` names changes (see :func:`change_key`) to leave out: ``merge`` settles them.
    """
    check_written_for(base, proposals)
    when = date or max([p.date for p in proposals if p.date] or [base.expression_date])
    if (proposals or date) and base.expression_date and when <= base.expression_date:
        raise UsageError(f"the amended text would be dated {when}, not after the text it amends "
                         f"({base.expression_date}): it would be the same Expression, or an earlier one",
                         source=base.source, hint="give a later date (--date)")  # fmt: skip
    w = Work(base)
    for doc in proposals:
        _check_contradictions(doc)
        for ch in doc.changes:
            if exclude and change_key(ch) in exclude:
                continue
            if ch.action == "MOD":
                _mod(w, ch)
            elif ch.action == "ADD":
                _add(w, ch)
            elif ch.action == "SUP":
                _sup(w, ch)
            else:
                el = w.target(ch)
                check_quote(w.base, ch)
                del el
    return _finish(w, base, proposals, when, frozenset(exclude))


def _finish(
    w: Work,
    base: Resolution,
    proposals: Sequence[ProposalDoc],
    when: str,
    exclude: frozenset[tuple[str, str]],
) -> Consolidation:
    w.text.write(w.index)
    for el in _REMOVED(w.doc) if w.removed else ():
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
    # every item of a group deleted: the group goes too, unless changes are left out for merge,
    # which places their alternatives in the group first, then removes it if still empty
    for group in dict.fromkeys(w.regroup) if not exclude else ():
        gid = group.get(BASE) or ""
        if gid and gid not in w.removed:
            drop_emptied_group(group, gid, w.base.by_eid, w.removed)
    renumbered: dict[etree._Element, tuple[str, str]] = {}
    for parent in dict.fromkeys(w.regroup):  # each group once, however many changes it had
        for el, old, new in renumber(parent):
            renumbered[el] = (old, new)
    if w.regroup or not eids_settled(w.doc):
        reassign_eids(w.doc)
    lineage: dict[str, str] = {}
    added: dict[str, str] = {}
    by_base = base.by_eid
    seen: set[str] = set()
    for el in with_eid(w.doc):
        nid = el.get("eId")
        if not nid:
            continue
        if nid in seen:
            _duplicate(nid)
        seen.add(nid)
        bid = el.get(BASE)
        if bid:
            lineage[nid] = bid
            if nid != bid:
                el.set("wId", by_base[bid].get("wId") or bid)
        else:
            by = el.get(ADDED)
            if by:
                added[nid] = by
    etree.strip_attributes(w.doc, *INTERNAL)
    etree.cleanup_namespaces(w.root)
    changes = tuple(ch for d in proposals for ch in d.changes if not exclude or change_key(ch) not in exclude)
    stamp_consolidation(w.root, base, proposals, changes, lineage, when)
    result = Resolution(etree.ElementTree(w.root), source="<consolidated>")
    return Consolidation(
        base=base,
        result=result,
        proposals=tuple(proposals),
        changes=changes,
        lineage=lineage,
        added=added,
        removed=dict(w.removed),
        edits=w.text.record(),
        replaced=dict(w.replaced),
        renumbered={el.get("eId") or "": nums for el, nums in renumbered.items()},
    )


def _duplicate(eid: str) -> NoReturn:
    raise AmendmentError(
        f"after applying, two elements have the eId '{eid}'",
        eid=eid,
        hint="an ADD probably inserts a keyword group that already exists; use MOD instead",
    )


def consolidated_words(c: Consolidation) -> str:
    """The whole consolidated text, for quick comparisons in tests and benchmarks."""
    return words(t for e in iter_provisions(c.result.doc) for t in tokens_of(e))
