"""Metadata of a new Expression: FRBR identity, lifecycle and passive modifications."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from copy import deepcopy
from typing import TYPE_CHECKING

from lxml import etree

from .akn import NSMAP, E, q

if TYPE_CHECKING:
    from .model import Change, Document, ProposalDoc

_META_ORDER = (
    "identification",
    "publication",
    "classification",
    "lifecycle",
    "workflow",
    "analysis",
    "temporalData",
    "references",
    "notes",
    "proprietary",
    "presentation",
)
TEXTUAL_MOD = {"MOD": "substitution", "ADD": "insertion", "SUP": "repeal"}
_TEXTUAL_MOD = q("textualMod")


def _place(meta: etree._Element, el: etree._Element) -> None:
    """Insert a meta child where the schema's order wants it."""
    rank = _META_ORDER.index(str(el.tag).rpartition("}")[2])
    for i, c in enumerate(meta):
        name = c.tag.rpartition("}")[2] if isinstance(c.tag, str) else ""
        if name in _META_ORDER and _META_ORDER.index(name) > rank:
            meta.insert(i, el)
            return
    meta.append(el)


def meta_section(meta: etree._Element, name: str) -> etree._Element:
    found = meta.find(q(name))
    if found is None:
        found = E(name, source="#resdraft")
        _place(meta, found)
    return found


def slug(s: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in s.lower()).strip("-")


def _set_expression(ident: etree._Element, work: str, lang: str, date: str, name: str) -> None:
    expr = f"{work}/{lang}@{date}"
    fe = ident.find(q("FRBRExpression"))
    fm = ident.find(q("FRBRManifestation"))
    if fe is not None:
        fe.find(q("FRBRthis")).set("value", f"{expr}/!main")  # type: ignore[union-attr]
        fe.find(q("FRBRuri")).set("value", expr)  # type: ignore[union-attr]
        d = fe.find(q("FRBRdate"))
        if d is not None:
            d.set("date", date)
            d.set("name", name)
    if fm is not None:
        fm.find(q("FRBRthis")).set("value", f"{expr}/!main.xml")  # type: ignore[union-attr]
        fm.find(q("FRBRuri")).set("value", f"{expr}/.akn")  # type: ignore[union-attr]


def _ensure_tlc(refs: etree._Element, tag: str, eid: str, href: str, show: str) -> None:
    if refs.find(f"*[@eId='{eid}']") is None:
        refs.append(E(tag, eId=eid, href=href, showAs=show))


def stamp_consolidation(
    root: etree._Element,
    base: Document,
    proposals: Sequence[ProposalDoc],
    changes: Sequence[Change],
    lineage: Mapping[str, str],
    when: str,
) -> None:
    """Turn a copy of the base into a new Expression, dated ``when``, that records what was applied."""
    doc = root[0]
    meta = doc.find(q("meta"))
    assert meta is not None
    doc.set("contains", "singleVersion")
    ident = meta.find(q("identification"))
    assert ident is not None
    _set_expression(ident, base.work, base.language, when, "consolidation")

    refs = meta_section(meta, "references")
    if refs.find(q("original")) is None:
        refs.insert(0, E("original", eId="original", href=base.expression, showAs=base.name))
    _ensure_tlc(refs, "TLCOrganization", "resdraft", "/akn/ontology/organization/un/resdraft", "resdraft")
    ref_ids: dict[str, str] = {}
    for p in proposals:
        rid = "src-" + slug(p.document_number or p.expression)
        ref_ids[p.expression] = rid
        if refs.find(f"*[@eId='{rid}']") is None:
            at = max((i for i, c in enumerate(refs) if c.tag in (q("original"), q("passiveRef"))), default=-1)
            refs.insert(at + 1, E("passiveRef", eId=rid, href=p.expression, showAs=p.document_number))

    life = meta_section(meta, "lifecycle")
    if life.find(q("eventRef")) is None:
        life.append(
            E(
                "eventRef",
                eId="evt_1",
                date=base.expression_date or when,
                source="#original",
                type="generation",
            )
        )
    n = len(life.findall(q("eventRef")))
    for p in proposals:
        n += 1
        life.append(
            E("eventRef", eId=f"evt_{n}", date=when, source="#" + ref_ids[p.expression], type="amendment")
        )

    analysis = meta_section(meta, "analysis")
    passive = analysis.find(q("passiveModifications"))
    if passive is None:
        passive = E("passiveModifications")
        analysis.insert(0, passive)
    back = {b: e for e, b in lineage.items()}
    # SubElement where E's own namespace declarations would be dropped as redundant anyway
    plain = set(NSMAP.values()) <= set(passive.nsmap.values())
    count = len(passive)
    sources = {id(p): f"{p.expression}/!main#" for p in proposals}
    shown = f"{base.expression}/!main#"
    template: etree._Element | None = None  # a record without pos, copied in C for the others
    for ch in changes:
        kind = TEXTUAL_MOD.get(ch.action)
        if kind is None:
            continue
        count += 1
        dest = ch.target if ch.action == "SUP" else back.get(ch.target, ch.target)
        href = f"{shown}{dest}" if ch.action != "MOD" else f"#{dest}"
        source = sources.get(id(ch.document)) or f"{ch.document.expression}/!main#"
        if ch.action == "ADD" and ch.pos:
            _textual_mod(
                passive,
                plain,
                {"type": kind, "eId": f"pmod_{count}"},
                ("source", {"href": source + ch.mod_eid}),
                ("destination", {"href": href, "pos": ch.pos}),
            )
        elif template is not None:
            record = deepcopy(template)
            record.set("type", kind)
            record.set("eId", f"pmod_{count}")
            record[0].set("href", source + ch.mod_eid)
            record[1].set("href", href)
            passive.append(record)
        else:
            _textual_mod(
                passive,
                plain,
                {"type": kind, "eId": f"pmod_{count}"},
                ("source", {"href": source + ch.mod_eid}),
                ("destination", {"href": href}),
            )
            template = passive[-1] if plain else None
    renumbered: etree._Element | None = None  # the first renumbering record, copied likewise
    for new, old in sorted((n, o) for n, o in lineage.items() if n != o):
        if new.rpartition("__")[2].split("_")[0] in ("rec", "para", "point"):
            count += 1
            if renumbered is not None:
                record = deepcopy(renumbered)
                record.set("eId", f"pmod_{count}")
                record[1].set("href", f"#{new}")
                record[2].set("href", shown + old)
                passive.append(record)
                continue
            _textual_mod(
                passive,
                plain,
                {"type": "renumbering", "eId": f"pmod_{count}"},
                ("source", {"href": "#original"}),
                ("destination", {"href": f"#{new}"}),
                ("previous", {"href": shown + old}),
            )
            renumbered = passive[-1] if plain else None
    if not len(passive):
        analysis.remove(passive)
        if not len(analysis):
            meta.remove(analysis)


def _textual_mod(
    passive: etree._Element, plain: bool, attrs: dict[str, str], *parts: tuple[str, dict[str, str]]
) -> None:
    """Append ``E("textualMod", E(part, ...)..., **attrs)`` to ``passive``, with SubElement when
    ``plain`` (the tree already declares every namespace E would)."""
    if not plain:
        passive.append(E("textualMod", *(E(tag, a) for tag, a in parts), **attrs))
        return
    record = etree.SubElement(passive, _TEXTUAL_MOD, attrs)
    for tag, a in parts:
        etree.SubElement(record, q(tag), a)


def declare_organizations(root: etree._Element, names: dict[str, str]) -> None:
    """A TLCOrganization per proposer label ("RCC" -> eId "rcc"), so ``refersTo="#rcc"`` resolves."""
    refs = root[0].find(f"{q('meta')}/{q('references')}")
    if refs is None:
        return
    known = {c.get("eId") for c in refs}
    for label, show in names.items():
        eid = label.lower()
        if eid not in known:
            refs.append(
                E("TLCOrganization", eId=eid, href=f"/akn/ontology/organization/un/{eid}", showAs=show)
            )
            known.add(eid)
