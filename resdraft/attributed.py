"""Redlines whose every edit names its proposal: of a consolidation (we know which proposal
made each edit) and of a negotiation draft (brackets read as attributed insertions)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from lxml import etree

from .akn import iter_provisions, parent_of, rdp
from .model import Provision
from .redline import Attribution, Proposer, Redline, build_redline, edit_segments
from .tokens import Edit, edits_between, tokens_of

if TYPE_CHECKING:
    from .amend import Consolidation
    from .merge import Merge
    from .model import Change, ProposalDoc, Resolution


def _proposers(docs: Sequence[ProposalDoc]) -> tuple[Proposer, ...]:
    """Each proposal document as a redline's legend shows it, with the attributions it made."""
    return tuple(
        Proposer(
            label=p.label,
            document=p.document_number,
            submitters=p.submitters,
            attributions=tuple(dict.fromkeys(ch.attribution for ch in p.changes)),
        )
        for p in docs
    )


def redline_consolidation(c: Consolidation) -> Redline:
    """Redline of the base against the consolidation, each edit naming its proposal."""
    old_by_eid = {o.get("eId"): o for o in iter_provisions(c.base.doc)}
    pairs = {
        old_by_eid[c.lineage[n.get("eId") or ""]]: n
        for n in iter_provisions(c.result.doc)
        if c.lineage.get(n.get("eId") or "") in old_by_eid
    }
    renumberers = _renumberers(c.base, c.changes)

    def attribution(o: etree._Element | None, n: etree._Element | None) -> str | None:
        if n is not None and o is None:
            return c.added.get(n.get("eId") or "")
        if n is None and o is not None:
            return _inherited(o, c.removed)
        assert o is not None
        got = _inherited(o, c.replaced)
        if got:
            return got
        if n is not None and n.get("eId") in c.renumbered:
            return renumberers.get(_parent_eid(o))
        return None

    def edit_source(o: etree._Element, n: etree._Element, by: str | None) -> tuple[Edit, ...]:
        recorded = c.edits.get(o.get("eId") or "")
        if recorded is not None:
            return recorded
        return edits_between(tokens_of(o), tokens_of(n), by)

    return build_redline(c.base, c.result, pairs, attribution, edit_source, _proposers(c.proposals),
                         renumbering=_renumbering(renumberers))  # fmt: skip


def _parent_eid(el: etree._Element) -> str:
    p = parent_of(el)
    return (p.get("eId") or "") if p is not None else ""


def _inherited(el: etree._Element, table: Mapping[str, str]) -> str | None:
    for node in (el, *el.iterancestors()):
        got = table.get(node.get("eId") or "")
        if got:
            return got
    return None


def _renumberers(base: Resolution, changes: Iterable[Change]) -> dict[str, str]:
    """Base eId of a group -> the proposals whose ADD or SUP renumbered its items."""
    out: dict[str, list[str]] = {}
    for ch in changes:
        if ch.action == "SUP" or (ch.action == "ADD" and ch.pos in ("before", "after")):
            parent = base.by_eid.get(ch.target)
            key = _parent_eid(parent) if parent is not None else ""
        elif ch.action == "ADD":
            key = ch.target
        else:
            continue
        out.setdefault(key, []).append(ch.attribution)
    return {k: "+".join(dict.fromkeys(v)) for k, v in out.items()}


def _renumbering(renumberers: Mapping[str, str]) -> Attribution:
    """``build_redline``'s ``renumbering``: the proposals that inserted or deleted in the group
    of a provision renumbered them (``_renumberers``)."""

    def renumbering(o: etree._Element | None, n: etree._Element | None) -> str | None:
        return renumberers.get(_parent_eid(o)) if o is not None else None

    return renumbering


def redline_merge(m: Merge) -> Redline:
    """Redline of the base against a merged draft: brackets show as attributed insertions."""
    old_by_eid = {o.get("eId"): o for o in iter_provisions(m.base.doc)}
    pairs = {
        old_by_eid[b]: n for n, b in m.origin.items() if b in old_by_eid and n.get("alternativeTo") is None
    }

    def attribution(o: etree._Element | None, n: etree._Element | None) -> str | None:
        if n is None and o is not None:
            return _inherited(o, m.removed)
        for node in [x for x in (n, o) if x is not None]:
            for el in (node, *node.iterancestors()):
                if el in m.by:
                    return m.by[el]
        return None

    def edit_source(o: etree._Element, n: etree._Element, by: str | None) -> tuple[Edit, ...]:
        recorded = m.edits.get(o.get("eId") or "")
        if recorded is not None and n not in m.by:
            return recorded
        return edits_between(tokens_of(o), tokens_of(n), by)

    renumberers = _renumberers(m.base, [ch for d in m.proposals for ch in d.changes])
    r = build_redline(m.base, m.draft, pairs, attribution, edit_source, _proposers(m.proposals),
                      renumbering=_renumbering(renumberers))  # fmt: skip
    elements = {e.get("eId"): e for e in m.draft.doc.iter() if e.get(rdp("bracket"))}
    mains = {e.get(rdp("bracket")): e for e in elements.values() if e.get("alternativeTo") is None}
    entries = []
    for e in r.entries:
        el = elements.get(e.eid)
        if el is not None:
            e = replace(e, bracket=el.get(rdp("bracket")), by=(el.get(rdp("by")) or "",))
            base_eid = m.origin.get(mains.get(el.get(rdp("bracket")), el))
            if el.get("alternativeTo") and base_eid and el.get("status") != "removed":
                old = tokens_of(m.base.by_eid[base_eid])  # an alternative reads as a redline of the base
                edits = edits_between(old, tokens_of(el), e.by[0])
                e = replace(e, kind="modified", segments=edit_segments(old, edits), old_tokens=old, edits=edits,
                            old_num=Provision(m.base.by_eid[base_eid]).num)  # fmt: skip
            if el.get("status") == "removed":  # an alternative that proposes deletion reads as struck text
                old = tuple(e.old_tokens) or tokens_of(el)
                gone = edits_between(old, (), e.by[0])
                base_num = Provision(m.base.by_eid[base_eid]).num if base_eid else None
                e = replace(e, kind="removed", segments=edit_segments(old, gone), old_num=base_num or e.new_num,
                            new_num=None, old_tokens=old, edits=gone)  # fmt: skip
        entries.append(e)
    return replace(r, entries=tuple(entries))
