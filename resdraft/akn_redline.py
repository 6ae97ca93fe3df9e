"""The redline as an Akoma Ntoso document: the new text with ``<ins>``/``<del>`` (with eIds and
the proposer in ``rdp:by``), renumbered nums as ``<del>2</del><ins>3</ins>``, and removed
provisions kept in place with ``status="removed"``."""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy

from lxml import etree

from .akn import NSMAP, local, parent_of, q, rdp
from .blocks import set_tokens
from .eids import rewrite_prefix
from .expression import declare_organizations
from .model import Document
from .redline import Redline
from .tokens import BLOCK, TAG, render_segments, tag_token

_LEAD = ("num", "heading", "intro", "formula")


class _Marks:
    """Numbers the ins/del of one provision: ``{eId}__ins_1``, ``{eId}__del_1``."""

    def __init__(self, eid: str) -> None:
        self.eid = eid
        self.n = {"ins": 0, "del": 0}

    def open(self, kind: str, by: str | None) -> str:
        self.n[kind] += 1
        return tag_token(kind, mark_attrs(f"{self.eid}__{kind}_{self.n[kind]}", by))


def proposer_refs(by: str) -> str:
    """ "RCC/13/5 (RUS, ...)+CHN/14/2 (CHN)" -> "#rcc #chn": the TLCOrganizations of the proposers."""
    return " ".join(dict.fromkeys("#" + part.split("/")[0].strip().lower() for part in by.split("+")))


def mark_attrs(eid: str, by: str | None) -> dict[str, str]:
    attrs = {"eId": eid}
    if by:
        attrs["refersTo"] = proposer_refs(by)
        attrs[rdp("by")] = by
    return attrs


def _marked(old: Sequence[str], edits: tuple, marks: _Marks, *, removed: bool = False) -> list[str]:  # type: ignore[type-arg]
    """Tokens of the new text with ins/del runs; a removed provision keeps its old structure."""
    out: list[str] = []
    for op, toks, by in render_segments(old, edits):
        if op == 0:
            out.extend(toks)
            continue
        kind = "ins" if op == 1 else "del"
        run_open = False
        for t in toks:
            if t.startswith((BLOCK, TAG)):
                if run_open:
                    out.append(f"{TAG}</{kind}>")
                    run_open = False
                if op == 1 or removed:
                    out.append(t)  # the new structure and markup stay; the old ones go
                continue
            if not run_open:
                out.append(marks.open(kind, by))
                run_open = True
            out.append(t)
        if run_open:
            out.append(f"{TAG}</{kind}>")
    first_block = next((i for i, t in enumerate(out) if t.startswith(BLOCK)), None)
    if first_block:  # deleted words before the first new block belong inside it
        out = [out[first_block], *out[:first_block], *out[first_block + 1 :]]
    return out


def _set_num(el: etree._Element, old: str | None, new: str | None, marks: _Marks, by: str | None) -> None:
    num = el.find(q("num"))
    if num is None:
        return
    for c in list(num):
        num.remove(c)
    num.text = None
    for kind, value in (("del", old), ("ins", new)):
        if value:
            etree.SubElement(num, q(kind), mark_attrs(f"{marks.eid}__num__{kind}_1", by)).text = value


def redline_document(new: Document, old: Document, r: Redline) -> etree._Element:
    """Build the AKN redline from the new Expression and the redline computed against it."""
    root = deepcopy(new.root)
    if "rdp" not in (root.nsmap or {}):
        nsmap: dict[str | None, str] = dict(NSMAP)
        nsmap.update({k: v for k, v in root.nsmap.items() if k})
        fresh = etree.Element(root.tag, nsmap=nsmap)
        fresh.extend(list(root))
        root = fresh
    _declare_proposers(root, r)
    by_eid = {e.get("eId"): e for e in root.iter() if e.get("eId")}
    old_by_eid = {e.get("eId"): e for e in old.doc.iter() if e.get("eId")}
    new_of: dict[str | None, str] = {e.old_eid: e.eid for e in r.entries if e.kind != "removed" and e.old_eid}
    placed: dict[str, etree._Element] = {}  # old eId of removed provision -> its copy
    previous: list[etree._Element] = []
    for e in r.entries:
        by = e.by[0] if e.by else None
        if e.kind == "removed" and e.eid in by_eid and by_eid[e.eid].get("status") == "removed":
            el = by_eid[e.eid]  # a bracketed alternative proposing deletion: already in the draft
        elif e.kind == "removed":
            el = _place_removed(e.old_eid or "", old_by_eid, by_eid, new_of, placed, previous)
        else:
            el = by_eid[e.eid]
        marks = _Marks(el.get("eId") or e.eid)
        if e.edits:
            set_tokens(el, _marked(e.old_tokens, e.edits, marks, removed=e.kind == "removed"))
        if e.kind == "added":
            _set_num(el, None, e.new_num, marks, by)
        elif e.kind == "removed":
            _set_num(el, e.old_num, None, marks, by)
        elif e.old_num != e.new_num:
            _set_num(el, e.old_num, e.new_num, marks, by)
        previous.append(el)
    return root


def _declare_proposers(root: etree._Element, r: Redline) -> None:
    """Every proposer named in the redline, so that ``refersTo="#rcc"`` on each mark resolves."""
    names = {p.label: ", ".join(n for _, n in p.submitters) or p.label for p in r.proposers}
    for e in r.entries:
        for by in e.by:
            for part in by.split("+"):
                names.setdefault(part.split("/")[0].strip(), part.split("/")[0].strip())
    declare_organizations(root, names)


def _place_removed(
    old_eid: str,
    old_by_eid: dict[str | None, etree._Element],
    by_eid: dict[str | None, etree._Element],
    new_of: dict[str | None, str],
    placed: dict[str, etree._Element],
    previous: list[etree._Element],
) -> etree._Element:
    o = old_by_eid[old_eid]
    copy = deepcopy(o)
    for kid in [c for c in copy if c.get("eId") and local(c) in ("recital", "paragraph", "point")]:
        copy.remove(kid)  # removed children are entries of their own
    copy.tail = None
    parent_old = parent_of(o)
    pid = parent_old.get("eId") if parent_old is not None else None
    parent = placed.get(pid or "") if pid else None
    if parent is None:
        parent = by_eid.get(new_of.get(pid, pid)) if pid else None
    if parent is None:
        parent = o.getparent()
        assert parent is not None
    index = _index_after(parent, previous)
    parent.insert(index, copy)
    eid = copy.get("eId") or old_eid
    if eid in by_eid or eid in {c.get("eId") for c in placed.values()}:
        fresh = f"{eid}-removed"
        rewrite_prefix(copy, eid, fresh)
        copy.set("eId", fresh)
    copy.set("wId", old_eid)
    copy.set("status", "removed")
    placed[old_eid] = copy
    return copy


def _index_after(parent: etree._Element, previous: list[etree._Element]) -> int:
    kids = list(parent)
    for prev in reversed(previous):
        if prev is parent:
            break
        node: etree._Element | None = prev
        while node is not None and node.getparent() is not parent:
            node = node.getparent()
        if node is not None:
            return kids.index(node) + 1
    lead = [i for i, c in enumerate(kids) if local(c) in _LEAD]
    return lead[-1] + 1 if lead else 0
