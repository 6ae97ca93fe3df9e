"""Derive a proposal from a base and an edited copy: the inverse of ``apply``.

A drafter edits a copy of the resolution in any XML editor; ``propose`` writes the MOD, ADD
and SUP changes that turn the base into that copy, with ITU revision marks in each MOD.
Renumbering is not a change of its own: ``apply`` renumbers after ADD and SUP.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from .akn import PROVISION_TAGS, RDP, E, first, iter_provisions, local, parent_of, q, rdp, text_of
from .akn_redline import _marked, _Marks
from .blocks import set_tokens
from .errors import InputError
from .expression import slug
from .match import Matcher, moved_elements
from .model import Resolution, label_of
from .tokens import TAG, edits_between, tokens_of

_CHILD_KINDS = ("recitals", "recital", "hcontainer", "paragraph", "point")


@dataclass(frozen=True, slots=True)
class ProposalMeta:
    """Who proposes, in which document, on which date."""

    proposal_id: str  # "RCC/13" (changes become RCC/13/1, /2, ...) or "RCC/13/5" (first number)
    submitters: tuple[tuple[str, str], ...]  # (code, name)
    date: str
    document: str = ""
    reasons: str = ""

    def ids(self) -> tuple[str, int]:
        parts = self.proposal_id.split("/")
        if len(parts) >= 3 and parts[-1].isdigit():
            return "/".join(parts[:-1]), int(parts[-1])
        return self.proposal_id, 1

    @property
    def group(self) -> str:
        return self.proposal_id.split("/")[0]


class _PlainMarks(_Marks):
    def open(self, kind: str, by: str | None) -> str:
        return f"{TAG}<{kind}>"


def _prefix(el: etree._Element, prefix: str) -> etree._Element:
    for e in el.iter():
        if e.get("eId"):
            e.set("eId", prefix + (e.get("eId") or ""))
        if "wId" in e.attrib:
            del e.attrib["wId"]
        if e.get("status") == "removed":
            del e.attrib["status"]
    return el


def _child_provisions(el: etree._Element) -> list[etree._Element]:
    return [c for c in el if local(c) in _CHILD_KINDS and c.get("eId")]


def derive_changes(
    base: Resolution, edited: Resolution
) -> list[tuple[str, etree._Element, str | None, list[etree._Element]]]:
    """(action, base anchor/target element, pos, quoted elements) in reading order."""
    m = Matcher(base.doc, edited.doc)
    pairs = m.pairs
    # ITU proposals know no "move": a moved provision is deleted where it was and added where it goes
    # with all its sub-provisions: the ADD quotes them as they now read, edits included
    moved: set[etree._Element] = set()
    for x in moved_elements(pairs, m.new_outline, m.old_outline):
        moved.update(e for e in x.iter() if e is x or e.get("eId"))
    pairs = {o: x for o, x in pairs.items() if x not in moved}
    back = {n: o for o, n in pairs.items()}
    out: list[tuple[str, etree._Element, str | None, list[etree._Element]]] = []
    whole: set[etree._Element] = set()  # inside a provision replaced whole: not a change of its own
    for o in iter_provisions(base.doc):
        if o in whole:
            continue
        n = pairs.get(o)
        if n is None:
            parent = parent_of(o)
            if parent is None or parent in pairs or local(parent) not in PROVISION_TAGS:
                out.append(("SUP", o, None, []))
            continue
        if _restructured(o, n):
            quoted = deepcopy(n)  # the provision as it will read, replaced whole by apply
            quoted.tail = None
            out.append(("MOD", o, None, [quoted]))
            whole.update(o.iterdescendants())
            whole.update(n.iterdescendants())
            continue
        old, new = tokens_of(o), tokens_of(n)
        if old != new:
            quoted = deepcopy(o)
            quoted.tail = None
            set_tokens(quoted, _marked(old, edits_between(old, new), _PlainMarks("")))
            out.append(("MOD", o, None, [quoted]))
    run: list[etree._Element] = []
    for n in iter_provisions(edited.doc):
        if n in back or n in whole:
            continue
        parent = parent_of(n)
        if parent is not None and parent not in back and local(parent) in PROVISION_TAGS:
            continue  # inside an added provision: quoted with it
        if n in run:
            continue
        run = [n]
        nxt = n.getnext()
        while nxt is not None and local(nxt) == local(n) and nxt not in back and nxt.get("eId"):
            run.append(nxt)
            nxt = nxt.getnext()
        out.append(_anchor(n, run, back, base))
    return _in_reading_order(out, base)


def _in_reading_order(
    changes: list[tuple[str, etree._Element, str | None, list[etree._Element]]], base: Resolution
) -> list[tuple[str, etree._Element, str | None, list[etree._Element]]]:
    """Changes in the order a reader meets them in the base, as a proposal numbers them: an ADD
    before its anchor, a MOD or SUP at its target, an ADD after (or at the end of) its anchor
    after everything the anchor holds; ADDs at one place keep the order of the edited text."""
    index = {el: i for i, el in enumerate(base.doc.iter())}

    def place(ch: tuple[str, etree._Element, str | None, list[etree._Element]]) -> tuple[int, int]:
        action, target, pos, _ = ch
        if action != "ADD" or pos == "before":
            return index[target], -1 if action == "ADD" else 0
        inside = list(target.iterdescendants())
        return index[inside[-1] if inside else target], 1

    return sorted(changes, key=place)


def _restructured(o: etree._Element, n: etree._Element) -> bool:
    """Whether a provision gains its first sub-provision or loses its last: its words move
    between ``content`` and ``intro``, which marks inside one block cannot say, so the MOD
    quotes the provision as it will read and ``apply`` replaces it whole."""
    kinds = (q("intro"), q("content"))
    return [first(o, k) is None for k in kinds] != [first(n, k) is None for k in kinds]


def _anchor(
    n: etree._Element, run: list[etree._Element], back: dict[etree._Element, etree._Element], base: Resolution
) -> tuple[str, etree._Element, str | None, list[etree._Element]]:
    quoted = [deepcopy(x) for x in run]
    for x in quoted:
        x.tail = None
    prev = n.getprevious()
    while prev is not None and not (prev.get("eId") and local(prev) == local(n)):
        prev = prev.getprevious()
    if prev is not None and prev in back:
        return ("ADD", back[prev], "after", quoted)
    nxt = run[-1].getnext()
    if nxt is not None and nxt in back:
        return ("ADD", back[nxt], "before", quoted)
    parent = n.getparent()
    while parent is not None and not parent.get("eId"):
        parent = parent.getparent()
    if parent is not None and parent in back:
        return ("ADD", back[parent], "end", quoted)
    if parent is not None and parent.get("eId") in ("preamble", "body"):
        target = base.by_eid.get(parent.get("eId") or "")
        if target is not None:
            return ("ADD", target, "end", quoted)
    raise InputError(f"cannot place the new provision '{n.get('eId')}' in the base text", eid=n.get("eId"))


def propose(base: Resolution, edited: Resolution, meta: ProposalMeta) -> etree._Element:
    """Build the amendment document (an lxml root) turning ``base`` into ``edited``."""
    changes = derive_changes(base, edited)
    if not changes:
        raise InputError(
            "the edited text has no changes against the base",
            source=edited.source,
            hint="edit the copy first, or check you passed the right files",
        )
    stem, first = meta.ids()
    group = slug(meta.group)
    doc_slug = slug(meta.document or stem)
    work = f"/akn/un/amendment/modification/{group}/{meta.date}/{doc_slug}"
    expr = f"{work}/eng@{meta.date}"
    base_main = f"{base.expression}/!main"
    content, reasons, mods = [], [], []
    for i, (action, target, pos, quoted) in enumerate(changes, start=1):
        eid = target.get("eId") or ""
        mid = f"mod_{i}"
        pid = f"{stem}/{first + i - 1}"
        ref = E("ref", label_of(target), eId=f"{mid}__ref_1", href=f"{base_main}#{eid}")
        attrs = {"eId": mid, rdp("id"): pid, rdp("action"): action}
        if pos:
            attrs[rdp("pos")] = pos
        lead = {"MOD": "In ", "ADD": f"{pos.capitalize() if pos else ''} ", "SUP": "Delete "}[action]
        if action == "ADD" and pos in ("start", "end"):
            lead = f"At the {pos} of "
        mod = E("mod", lead, ref, **attrs)
        if quoted:
            ref.tail = {"MOD": ", amend to read:", "ADD": ", add:"}.get(action, "")
            qs = E("quotedStructure", eId=f"{mid}__qstr_1", startQuote="“", endQuote="”")
            qs.set("for", f"#{mid}__ref_1")
            for x in quoted:
                qs.append(_prefix(x, f"{mid}__qstr_1__"))
            mod.append(qs)
        else:
            ref.tail = "."
        mods.append((mid, action, eid, pos))
        content.append(E("p", mod, eId=f"body__content__p_{i}"))
        why = E("p", E("b", "Reasons:"), " " + (meta.reasons or ""), eId=f"body__justification__p_{i}")
        why.set(rdp("for"), f"#{mid}")
        reasons.append(why)
    kinds = {"MOD": "substitution", "ADD": "insertion", "SUP": "repeal"}
    active = E("activeModifications")
    for k, (mid, action, eid, pos) in enumerate(mods, start=1):
        dest = E("destination", href=f"{base_main}#{eid}")
        if action == "ADD" and pos:
            dest.set("pos", pos)
        active.append(E("textualMod", E("source", href=f"#{mid}"), dest, type=kinds[action], eId=f"amod_{k}"))
    codes = [c for c, _ in meta.submitters]
    show = meta.document or stem
    refs = E(
        "references",
        E("original", eId="original", href=expr, showAs=show),
        E("activeRef", eId="base", href=base.expression, showAs=base.name),
        *[
            E("TLCOrganization", eId=c.lower(), href=f"/akn/ontology/organization/un/{c.lower()}", showAs=n)
            for c, n in meta.submitters
            if c.lower() != group
        ],
        E("TLCOrganization", eId=group, href=f"/akn/ontology/organization/un/{group}", showAs=meta.group),
        E(
            "TLCOrganization",
            eId="resdraft",
            href="/akn/ontology/organization/un/resdraft",
            showAs="resdraft",
        ),
        E("TLCRole", eId="proponent", href="/akn/ontology/role/un/proponent", showAs="Proponent"),
        E("TLCRole", eId="editor", href="/akn/ontology/role/un/editor", showAs="Editor"),
        source="#resdraft",
    )
    prop = RDP(
        "proposal",
        RDP("target", work=base.work, expression=base.expression),
        *[RDP("submitter", n, code=c) for c, n in meta.submitters],
        document=show,
        date=meta.date,
        group=meta.group,
        status="draft",
    )
    ident = E(
        "identification",
        E(
            "FRBRWork",
            E("FRBRthis", value=f"{work}/!main"),
            E("FRBRuri", value=work),
            E("FRBRdate", date=meta.date, name="submission"),
            E("FRBRauthor", href=f"#{group}", as_="#proponent"),
            E("FRBRcountry", value="un"),
            E("FRBRsubtype", value="modification"),
            E("FRBRnumber", value=doc_slug, showAs=show),
        ),
        E(
            "FRBRExpression",
            E("FRBRthis", value=f"{expr}/!main"),
            E("FRBRuri", value=expr),
            E("FRBRdate", date=meta.date, name="submission"),
            E("FRBRauthor", href=f"#{group}", as_="#proponent"),
            E("FRBRlanguage", language="eng"),
        ),
        E(
            "FRBRManifestation",
            E("FRBRthis", value=f"{expr}/!main.xml"),
            E("FRBRuri", value=f"{expr}/.akn"),
            E("FRBRdate", date=meta.date, name="markup"),
            E("FRBRauthor", href="#resdraft", as_="#editor"),
            E("FRBRformat", value="xml"),
        ),
        source="#resdraft",
    )
    for el in ident.iter(q("FRBRauthor")):
        el.set("as", el.attrib.pop("as_"))
    meta_el = E(
        "meta",
        ident,
        E(
            "lifecycle",
            E("eventRef", eId="evt_1", date=meta.date, source="#original", type="generation"),
            source="#resdraft",
        ),
        E("analysis", active, source="#resdraft"),
        refs,
        E("proprietary", prop, source="#resdraft"),
    )
    names = ", ".join(n for _, n in meta.submitters) or ", ".join(codes)
    preface = E(
        "preface",
        E("p", E("docNumber", show), eId="preface__p_1"),
        E("p", E("docProponent", names), eId="preface__p_2"),
        E("p", E("affectedDocument", base.name, href=base.expression), eId="preface__p_3"),
    )
    body = E(
        "amendmentBody",
        E(
            "amendmentHeading",
            E("p", f"Proposals of {names} on {base.name}", eId="body__heading__p_1"),
            eId="body__heading",
        ),
        E("amendmentContent", *content, eId="body__content"),
        E("amendmentJustification", *reasons, eId="body__justification"),
        eId="body",
    )
    root = E(
        "akomaNtoso", E("amendment", meta_el, preface, body, name="amendment", contains="originalVersion")
    )
    return root


def text_equal(a: etree._Element, b: etree._Element) -> bool:
    return text_of(a) == text_of(b)
