"""Putting a proposal document's own numbers, actions and Reasons on the changes that
``resdraft.propose`` derived, and adding its NOC (no change) entries."""

from __future__ import annotations

from copy import deepcopy
from typing import TYPE_CHECKING

from lxml import etree

from ..akn import E, q, rdp
from ..model import Resolution, label_of
from ..propose import ProposalMeta

if TYPE_CHECKING:
    from .proposal import ProposalReader, Segment


def _stem_numbers(ids: list[str]) -> int:
    nums = [int(i.rsplit("/", 1)[1]) for i in ids if i.rsplit("/", 1)[-1].isdigit()]
    return max(nums, default=0)


def _number(
    mods: list[etree._Element], found: list[Segment | None], imp: ProposalReader, meta: ProposalMeta
) -> None:
    """Each change keeps the document's number. Where one number gives several changes (a MOD
    of two provisions), it goes to the first whose action the document names; the others, and
    the changes the document does not number, are numbered from --id after the numbers taken."""
    owner: dict[str, int] = {}
    said: set[str] = set()
    for i, (mod, seg) in enumerate(zip(mods, found, strict=True)):
        if seg is None or seg.pid is None:
            continue
        j = owner.get(seg.pid)
        if seg.pid not in said and j is not None:  # an action line's number is GROUP/DOC/N
            said.add(seg.pid)
            imp.warn(
                "proposal-id",
                f"{seg.pid} gives more than one change: the others are numbered from --id",
                seg.no,
                sev="info",
            )
        if j is None or (mods[j].get(rdp("action")) != seg.action and mod.get(rdp("action")) == seg.action):
            owner[seg.pid] = i
    kept = {i: pid for pid, i in owner.items()}
    stem, n = meta.ids()
    for i, mod in enumerate(mods):
        pid = kept.get(i)
        if pid is None:
            while f"{stem}/{n}" in owner:
                n += 1
            pid = f"{stem}/{n}"
            owner[pid] = i
        mod.set(rdp("id"), pid)


def label_changes(
    root: etree._Element,
    imp: ProposalReader,
    seg_of_line: dict[int, Segment],
    nocs: list[tuple[Segment, str]],
    base: Resolution,
    meta: ProposalMeta,
) -> None:
    """Put the document's proposal numbers, actions and Reasons on the derived changes."""
    mods = list(root.iter(q("mod")))
    found: list[Segment | None] = []
    for mod in mods:
        ref = mod.find(q("ref"))
        target = (ref.get("href") or "").rpartition("#")[2] if ref is not None else ""
        keys = [target] if mod.get(rdp("action")) != "ADD" else []
        prefix = f"{mod.get('eId')}__qstr_1__"
        keys += [
            (e.get("eId") or "").removeprefix(prefix)
            for e in mod.iter()
            if e.get("eId", "").startswith(prefix)
        ]
        lines = [imp.line_of_target[k] for k in keys if k in imp.line_of_target]
        seg = seg_of_line.get(lines[0]) if lines else None
        found.append(seg)
        action = mod.get(rdp("action"))
        if seg is not None and seg.action and seg.action != action:
            imp.warn(
                "action", f"the document says {seg.action} {seg.pid or ''} but the text is a {action}", seg.no
            )
    _number(mods, found, imp, meta)
    justification = root.find(f".//{q('amendmentJustification')}")
    content = root.find(f".//{q('amendmentContent')}")
    assert justification is not None and content is not None
    for mod, seg in zip(mods, found, strict=True):
        if seg is None or not seg.reasons:
            continue
        p = next((x for x in justification if x.get(rdp("for")) == f"#{mod.get('eId')}"), None)
        if p is not None and len(p):
            for c in list(p)[1:]:
                p.remove(c)
            p[0].tail = " " + " ".join(seg.reasons)
    base_main = f"{base.expression}/!main"
    stem, _ = meta.ids()
    used = [m.get(rdp("id")) or "" for m in mods]
    for seg, eid in nocs:
        n = len(mods) + 1
        pid = seg.pid if seg.pid and seg.pid not in used else f"{stem}/{_stem_numbers(used) + 1}"
        used.append(pid)
        provision = base.by_eid.get(eid)
        if provision is None:
            continue
        ref = E.ref(label_of(provision), eId=f"mod_{n}__ref_1", href=f"{base_main}#{eid}")
        ref.tail = "."
        mod = E.mod("No change to ", ref, {"eId": f"mod_{n}", rdp("id"): pid, rdp("action"): "NOC"})
        mods.append(mod)
        content.append(E.p(mod, eId=f"body__content__p_{n}"))
        why = E.p(
            E.b("Reasons:"),
            " " + " ".join(seg.reasons),
            {"eId": f"body__justification__p_{n}", rdp("for"): f"#mod_{n}"},
        )
        justification.append(why)


def add_concepts(root: etree._Element, base: Resolution) -> None:
    """Declare in the proposal's references what its quotes refer to from the base's (the
    ``refersTo="#operativePhrase"`` of a new keyword group): a reference must resolve in the
    document that holds it."""
    refs, base_refs = root.find(f".//{q('references')}"), base.root.find(f".//{q('references')}")
    if refs is None or base_refs is None:
        return
    wanted = {
        v[1:]
        for qs in root.iter(q("quotedStructure"))
        for e in qs.iter()
        for v in (e.get("refersTo") or "").split()
        if v.startswith("#")
    }
    wanted -= {e.get("eId") for e in refs}
    for c in base_refs:
        if c.get("eId") in wanted:
            refs.append(deepcopy(c))
