"""The synoptic compilation: for every provision any proposal touches, in the resolution's
order, the base text and then what each proposal does to it (action, word-level redline,
Reasons). New provisions appear where they would be inserted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from .akn import E, iter_provisions, local, q, rdp
from .brackets import proposer_refs
from .errors import TargetNotFoundError
from .marks import accept
from .merge import canonical_order
from .model import Change, ProposalDoc, Resolution, label_of
from .quotes import check_written_for, subtree
from .redline import Proposer, Segment, edit_segments
from .tokens import BLOCK, edits_between, tokens_of


@dataclass(frozen=True, slots=True)
class Treatment:
    """What one proposal does to one provision."""

    proposal_id: str
    attribution: str
    proposer: str
    action: str
    segments: tuple[Segment, ...]
    reasons: str


@dataclass(frozen=True, slots=True)
class CompilationEntry:
    eid: str  # the base eId; for a new provision, the anchor it is inserted at
    label: str
    base: tuple[Segment, ...]  # the base text (empty for a new provision)
    treatments: tuple[Treatment, ...]
    new: bool = False


@dataclass(frozen=True, slots=True)
class Compilation:
    resolution: str
    expression: str
    proposers: tuple[Proposer, ...]
    entries: tuple[CompilationEntry, ...]


def _tokens(el: etree._Element) -> tuple[str, ...]:
    """The words of a provision and everything under it, numbers included."""
    out: list[str] = []
    for sub in subtree(el):
        num = sub.find(q("num"))
        if num is not None:
            out += [BLOCK + "num", *num.itertext()]
        out += tokens_of(sub)
    return tuple(out)


def _treatment(ch: Change, base_el: etree._Element | None) -> Treatment:
    old = _tokens(base_el) if base_el is not None else ()
    if ch.action == "MOD" and ch.quoted:
        new = _tokens(accept(ch.quoted[0]))
    elif ch.action == "ADD":
        new = tuple(t for x in ch.quoted for t in _tokens(accept(x)))
    elif ch.action == "SUP":
        new = ()
    else:
        new = old
    segs = edit_segments(old, edits_between(old, new, ch.attribution))
    return Treatment(ch.proposal_id, ch.attribution, ch.document.label, ch.action, segs, ch.reasons)


def compile_proposals(
    base: Resolution, proposals: Sequence[ProposalDoc], *, include_untouched: bool = False
) -> Compilation:
    check_written_for(base, proposals)
    docs = canonical_order(proposals)
    changes = [ch for d in docs for ch in d.changes]
    for ch in changes:
        if ch.target not in base.by_eid:
            raise TargetNotFoundError(f"{ch.action} names '{ch.target}', which is not in {base.name}",
                                      proposal=ch.proposal_id, source=ch.document.source, eid=ch.target)  # fmt: skip
    on: dict[str, list[Change]] = {}
    before: dict[str, list[Change]] = {}
    after: dict[str, list[Change]] = {}
    for ch in changes:
        if ch.action != "ADD":
            on.setdefault(ch.target, []).append(ch)
        elif ch.pos == "before":
            before.setdefault(ch.target, []).append(ch)
        elif ch.pos in ("start",):
            after.setdefault(ch.target, []).append(ch)
        else:
            last = subtree(base.by_eid[ch.target])[-1]  # after the anchor and all it holds
            after.setdefault(last.get("eId") or ch.target, []).append(ch)
    entries: list[CompilationEntry] = []
    for el in iter_provisions(base.doc):
        eid = el.get("eId") or ""
        entries += [_new_entry(ch, base) for ch in before.get(eid, [])]
        mine = on.get(eid, [])
        if mine or include_untouched:
            own = _tokens(el) if local(el) not in ("recitals", "hcontainer") else tokens_of(el)
            entries.append(
                CompilationEntry(
                    eid, label_of(el), edit_segments(own, ()), tuple(_treatment(c, el) for c in mine)
                )
            )
        entries += [_new_entry(ch, base) for ch in after.get(eid, [])]
    proposers = tuple(
        Proposer(
            p.label, p.document_number, p.submitters, tuple(dict.fromkeys(c.attribution for c in p.changes))
        )
        for p in docs
    )
    return Compilation(base.name, base.expression, proposers, tuple(entries))


def _new_entry(ch: Change, base: Resolution) -> CompilationEntry:
    where = {"before": "before", "after": "after", "start": "at the start of", "end": "at the end of"}
    label = f"new, {where.get(ch.pos or 'after', 'after')} {label_of(base.by_eid[ch.target])}"
    return CompilationEntry(ch.target, label, (), (_treatment(ch, None),), new=True)


def _inline(segs: Sequence[Segment], by_refs: bool = True) -> list[etree._Element | str]:
    out: list[etree._Element | str] = []
    for s in segs:
        if s.block is not None:
            if s.block == "num" or not out:
                continue
            out.append(" ")
            continue
        if s.op == 0:
            out.append(s.text)
        else:
            el = E("ins" if s.op > 0 else "del", s.text)
            if s.by and by_refs:
                el.set("refersTo", proposer_refs(s.by))
                el.set(rdp("by"), s.by)
            out.append(el)
    return out


def compilation_document(c: Compilation, date: str) -> etree._Element:
    """The compilation as an AKN ``doc name="compilation"``: one hcontainer per provision."""
    body = []
    for n, e in enumerate(c.entries, start=1):
        eid = f"cmp_{n}"
        paras = []
        if e.base:
            paras.append(E("p", *_inline(e.base), eId=f"{eid}__base", **{"class": "base"}))
        for k, t in enumerate(e.treatments, start=1):
            p = E("p", E("inline", t.action, name="action"), " ", E("docNumber", t.proposal_id), ": ",
                  *_inline(t.segments), eId=f"{eid}__prop_{k}", refersTo=proposer_refs(t.attribution),
                  **{"class": "proposal"})  # fmt: skip
            paras.append(p)
            if t.reasons:
                paras.append(
                    E(
                        "p",
                        E("b", "Reasons:"),
                        " " + t.reasons,
                        eId=f"{eid}__reasons_{k}",
                        **{"class": "reasons"},
                    )
                )
        if not paras:
            paras.append(E("p", "(no proposal)", eId=f"{eid}__none"))
        body.append(E("hcontainer", E("heading", e.label), E("content", *paras), name="provision", eId=eid))
    work = c.expression.rpartition("/")[0] + "/compilation" if c.expression else "/akn/un/doc/compilation"
    expr = f"{work}/eng@{date}"
    refs = [
        E("TLCOrganization", eId="resdraft", href="/akn/ontology/organization/un/resdraft", showAs="resdraft")
    ]
    for who in c.proposers:
        org = who.label.lower()
        refs.append(E("TLCOrganization", eId=org, href=f"/akn/ontology/organization/un/{org}",
                      showAs=", ".join(n for _, n in who.submitters) or who.label))  # fmt: skip
    frbr = [
        ("FRBRWork", work, [E("FRBRcountry", value="un")]),
        ("FRBRExpression", expr, [E("FRBRlanguage", language="eng")]),
        ("FRBRManifestation", f"{expr}/.akn", []),
    ]
    ident = E("identification", source="#resdraft")
    for tag, uri, extra in frbr:
        author = E("FRBRauthor", href="#resdraft")
        author.set("as", "#editor")
        ident.append(E(tag, E("FRBRthis", value=f"{uri}/!main"), E("FRBRuri", value=uri),
                       E("FRBRdate", date=date, name="compilation"), author, *extra))  # fmt: skip
    meta = E("meta", ident, E("references", *refs, source="#resdraft"))
    preface = E(
        "preface", E("p", E("docTitle", f"Compilation of proposals on {c.resolution}"), eId="preface__p_1")
    )
    return E("akomaNtoso", E("doc", meta, preface, E("mainBody", *body), name="compilation"))
