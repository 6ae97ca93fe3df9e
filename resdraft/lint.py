"""Rules XSD 1.0 cannot state: eIds built from their parents and nums, references that resolve,
proposal targets that exist in the base."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from .akn import first, iter_provisions, line_of, local, q, rdp, text_of
from .eids import KIND_PREFIX, clean_num, detect_style
from .errors import Issue
from .marks import accept
from .model import Document, ProposalDoc, Resolution

_SLUG = re.compile(r"[a-z][A-Za-z]*(_[0-9]+)?$")
_NUM = q("num")
_KINDS = {q(kind): kind for kind in KIND_PREFIX}
_REF_ATTRS = frozenset(("href", "source", "as", "refersTo", "for", rdp("for")))
# found in C: a Python walk over every element and attribute costs more than the schema check
_EIDS = etree.XPath("//@eId[. != '']")
_LOCAL_REFS = etree.XPath("//@*[starts-with(., '#')]")


def _issue(doc: Document, el: etree._Element, code: str, msg: str, sev: str = "error") -> Issue:
    return Issue(code, msg, doc.source, line_of(el), el.get("eId"), sev)


def _num_text(num: etree._Element) -> str:
    """A num as it reads once revision marks are accepted (a redline's <del>2</del><ins>3</ins>);
    copied to accept them only when it has child elements at all."""
    return text_of(accept(num) if len(num) else num)


def _parent_eid(el: etree._Element) -> str | None:
    for a in el.iterancestors():
        if local(a) == "quotedStructure":
            return None
        if a.get("eId") and local(a) not in ("mainBody",):
            return a.get("eId")
    return ""


def lint_structure(doc: Document) -> Iterator[Issue]:
    seen: dict[str, etree._Element] = {}
    for el in doc.doc.iter():
        eid = el.get("eId")
        if not eid:
            continue
        if eid in seen:
            yield _issue(doc, el, "eid-duplicate", f"eId '{eid}' is also used at line {line_of(seen[eid])}")
        seen[eid] = el
    for el in iter_provisions(doc.doc):
        eid = el.get("eId") or ""
        kind = local(el)
        parent = _parent_eid(el)
        if parent is None or el.get("alternativeTo") is not None or el.get("status") == "removed":
            continue  # bracketed alternatives and removed provisions carry suffixed eIds
        prefix = KIND_PREFIX.get(kind)
        if prefix:
            num = first(el, _NUM)
            num_text = _num_text(num) if num is not None else ""
            want_part = f"{prefix}_{clean_num(num_text)}" if num_text else None
            expected_head = f"{parent}__" if parent else ""
            if not eid.startswith(expected_head) or "__" in eid[len(expected_head) :]:
                yield _issue(
                    doc, el, "eid-parent", f"eId '{eid}' should start with its parent's eId '{parent}__'"
                )
            elif want_part and eid[len(expected_head) :] != want_part:
                yield _issue(
                    doc,
                    el,
                    "eid-num",
                    f"eId '{eid}' does not agree with its num '{num_text}': expected "
                    f"'{expected_head}{want_part}'",
                )
            elif not want_part and not re.fullmatch(rf"{prefix}_[0-9]+", eid[len(expected_head) :]):
                yield _issue(doc, el, "eid-num", f"unnumbered {kind} should be '{prefix}_N'")
        elif kind in ("recitals", "hcontainer"):
            own = eid.rpartition("__")[2]
            if not _SLUG.match(own):
                yield _issue(doc, el, "eid-slug", f"group eId '{eid}' is not a keyword slug")
            if kind == "hcontainer" and (el.get("name") or "") != re.sub(r"_[0-9]+$", "", own):
                yield _issue(
                    doc,
                    el,
                    "eid-slug",
                    f"hcontainer name '{el.get('name')}' differs from its eId slug '{own}'",
                )
    yield from _numbering_gaps(doc)
    for el in doc.doc.iter(q("intro"), q("wrapUp")):
        eid = el.get("eId")
        holder = el.getparent()
        if eid and holder is not None and holder.get("eId"):
            want = f"{holder.get('eId')}__{'intro' if local(el) == 'intro' else 'wrapup'}"
            if eid != want:
                yield _issue(doc, el, "eid-parent", f"eId '{eid}' should be '{want}'")


def _numbering_gaps(doc: Document) -> Iterator[Issue]:
    """Siblings numbered out of sequence (b) then d)): usually a deletion not relettered."""
    parents = dict.fromkeys(el.getparent() for el in iter_provisions(doc.doc) if el.tag in _KINDS)
    for parent in parents:  # in document order, so that warnings come in reading order
        if parent is None:
            continue
        numbered: dict[str, list[tuple[etree._Element, etree._Element]]] = {}
        for c in parent:
            kind = _KINDS.get(c.tag)  # type: ignore[arg-type]
            if kind and c.get("alternativeTo") is None and (n := first(c, _NUM)) is not None:
                numbered.setdefault(kind, []).append((c, n))
        for kind in KIND_PREFIX:
            items = [c for c, _ in numbered.get(kind, ())]
            nums = [_num_text(n) for _, n in numbered.get(kind, ())]
            style = detect_style(nums, kind)
            if style is None:
                continue
            for i, (item, num) in enumerate(zip(items, nums, strict=True), start=1):
                if num != style.format(i):
                    yield _issue(
                        doc,
                        item,
                        "num-sequence",
                        f"{kind} numbered '{num}' where '{style.format(i)}' was expected",
                        "warning",
                    )
                    break


def lint_references(doc: Document) -> Iterator[Issue]:
    ids = set(_EIDS(doc.root))
    for val in _LOCAL_REFS(doc.root):
        attr = val.attrname
        if attr not in _REF_ATTRS:
            continue
        for ref in val.split():
            if ref.startswith("#") and ref[1:] not in ids:
                yield _issue(
                    doc,
                    val.getparent(),
                    "ref-unresolved",
                    f"{attr.rpartition('}')[2]}='{ref}' names no element of this document",
                )


def lint_proposal(p: ProposalDoc, base: Resolution | None) -> Iterator[Issue]:
    ids: dict[str, etree._Element] = {}
    for ch in p.changes:
        if ch.action not in ("MOD", "ADD", "SUP", "NOC"):
            yield _issue(p, ch.mod, "proposal-action", f"action '{ch.action}' is not MOD, ADD, SUP or NOC")
        if not ch.target:
            yield _issue(p, ch.mod, "proposal-target", 'the change names no target (<ref href="…#eId">)')
        elif base is not None and ch.target not in base.by_eid:
            yield _issue(
                p,
                ch.mod,
                "proposal-target",
                f"target '{ch.target}' is not a provision of {base.name} ({base.source})",
            )
        if ch.proposal_id in ids:
            yield _issue(p, ch.mod, "proposal-id", f"proposal id {ch.proposal_id} is used twice")
        ids[ch.proposal_id] = ch.mod
        if not ch.reasons:
            yield _issue(p, ch.mod, "proposal-reasons", f"{ch.proposal_id} gives no Reasons", "warning")
        if ch.action in ("MOD", "ADD") and not ch.quoted:
            yield _issue(p, ch.mod, "proposal-text", f"{ch.action} quotes no text")
    if base is not None and p.target_expression and p.target_expression != base.expression:
        yield Issue(
            "proposal-base",
            f"proposal amends {p.target_expression}, but the base given is {base.expression}",
            p.source,
        )
