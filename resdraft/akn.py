"""Akoma Ntoso vocabulary: namespaces, the element factory and small tree helpers."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree
from lxml.builder import ElementMaker

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
RDP_NS = "urn:resdraft:proposal:1"
NSMAP = {None: AKN_NS, "rdp": RDP_NS}
NS = {"a": AKN_NS, "rdp": RDP_NS}

E = ElementMaker(namespace=AKN_NS, nsmap=NSMAP)
RDP = ElementMaker(namespace=RDP_NS, nsmap=NSMAP)

# Structures a proposal may target and a diff matches: the "provisions".
PROVISION_TAGS = frozenset({"recitals", "recital", "hcontainer", "paragraph", "point", "formula"})
# Blocks holding a provision's own words (as opposed to its child provisions).
BLOCK_TAGS = ("heading", "intro", "content", "wrapUp")


def q(tag: str) -> str:
    """Clark name of an AKN element."""
    return f"{{{AKN_NS}}}{tag}"


PROVISION_QNAMES = frozenset(q(t) for t in PROVISION_TAGS)  # their Clark names, for lxml's iter


def rdp(name: str) -> str:
    """Clark name of a resdraft proposal-metadata attribute or element."""
    return f"{{{RDP_NS}}}{name}"


_LOCAL: dict[str, str] = {}
_MAIN_BODY = f"{{{AKN_NS}}}mainBody"  # bears an eId, but holds provisions rather than being one


def local(el: etree._Element) -> str:
    """The local name of an element ("" for comments): hot, so memoised per tag."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    name = _LOCAL.get(tag)
    if name is None:
        name = _LOCAL[tag] = tag.rpartition("}")[2]
    return name


def is_akn(el: etree._Element) -> bool:
    return isinstance(el.tag, str) and el.tag.startswith(f"{{{AKN_NS}}}")


def is_provision(el: etree._Element) -> bool:
    return is_akn(el) and local(el) in PROVISION_TAGS and el.get("eId") is not None


def child(el: etree._Element, tag: str) -> etree._Element | None:
    return first(el, q(tag))


def first(el: etree._Element, tag: str) -> etree._Element | None:
    """``el.find(tag)`` for a Clark-notation tag, at a fraction of the cost: ``find`` goes
    through ElementPath, and provisions are asked for their num thousands of times. The num
    (and a mod's ref) comes first, which is checked before searching: a tenth of the cost."""
    if len(el) and (c := el[0]).tag == tag:
        return c
    return next(el.iterchildren(tag), None)


def parent_of(el: etree._Element) -> etree._Element | None:
    """The nearest ancestor with an eId, mainBody excepted: the provision (or keyword group,
    preamble, annex) an element belongs to."""
    p = el.getparent()
    while p is not None and not (p.get("eId") and p.tag != _MAIN_BODY):
        p = p.getparent()
    return p


def iter_provisions(root: etree._Element) -> Iterator[etree._Element]:
    """Provisions in document order, skipping quoted structures inside proposals."""
    for el, _ in provisions_with_eids(root):
        yield el


def provisions_with_eids(root: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """``iter_provisions`` with each provision's eId (which may be empty), read once."""
    quoting = root.find(f".//{q('quotedStructure')}") is not None
    for el in root.iter(*PROVISION_QNAMES):
        eid = el.get("eId")
        if eid is None:
            continue
        if quoting and any(local(a) == "quotedStructure" for a in el.iterancestors()):
            continue
        yield el, eid


def text_of(el: etree._Element) -> str:
    """The words of an element with whitespace folded, as a reader sees them (an element with
    no children, a num most often, is read from its text without walking it)."""
    if not len(el):
        return " ".join((el.text or "").split())
    return " ".join("".join(el.itertext()).split())


def line_of(el: etree._Element) -> int | None:
    line = el.sourceline
    return int(line) if line is not None else None
