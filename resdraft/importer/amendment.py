"""Putting a proposal document's own numbers, actions and Reasons on the changes that
``resdraft.propose`` derived, and adding its NOC (no change) entries."""

from __future__ import annotations

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
    pids = [s.pid if s is not None else None for s in found]
    if all(pids) and len(set(pids)) == len(pids):
        for mod, pid in zip(mods, pids, strict=True):
            mod.set(rdp("id"), pid or "")
    elif any(pids):
        imp.warn(
            "proposal-id",
            "the document's proposal numbers do not name one change each; numbered from --id",
            None,
            sev="info",
        )
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
