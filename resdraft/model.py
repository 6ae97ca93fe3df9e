"""Small typed views over the lxml tree: the tree stays the one source of truth."""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from lxml import etree

from .akn import NS, PROVISION_QNAMES, PROVISION_TAGS, first, iter_provisions, local, q, rdp, text_of
from .errors import InputError
from .load import load_tree

ACTIONS = ("MOD", "ADD", "SUP", "NOC")
POSITIONS = ("before", "after", "start", "end")
_QUOTED_STRUCTURE = q("quotedStructure")
_MOD, _REF = q("mod"), q("ref")
_RDP_ID, _RDP_ACTION, _RDP_POS, _RDP_FOR = rdp("id"), rdp("action"), rdp("pos"), rdp("for")
# where a proposal's metadata lives; an anchored path, not "//": proposals run to megabytes
_PROPOSAL = "/a:akomaNtoso/*/a:meta/a:proprietary/rdp:proposal"
_WITH_EID = etree.XPath("descendant-or-self::*[@eId]")
_REASONS = etree.XPath("descendant-or-self::a:p[@rdp:for]", namespaces=NS)


@lru_cache(maxsize=64)
def _compiled(xpath: str) -> etree.XPath:
    return etree.XPath(xpath, namespaces=NS)


def with_eid(el: etree._Element) -> list[etree._Element]:
    """``el`` and its descendants that carry an eId, in document order, found in C: most
    elements (p, i, num...) have none, and a Python walk would visit them all."""
    found = _WITH_EID(el)
    assert isinstance(found, list)
    return [e for e in found if isinstance(e, etree._Element)]


def _attr(tree: etree._ElementTree, xpath: str) -> str | None:
    """The first value an XPath selects; the expression compiled once (each compile costs more
    than the search, and every diff reads the FRBR identity of both texts)."""
    found = _compiled(xpath)(tree)
    if isinstance(found, list) and found:
        return str(found[0])
    return None


_META, _IDENTIFICATION = q("meta"), q("identification")


def _first_attr(el: etree._Element, path: tuple[str, ...], attr: str) -> str | None:
    """``attr`` of the first element, in document order, reached from ``el`` by the child tags
    of ``path``."""
    if not path:
        return el.get(attr)
    for c in el.iterchildren(path[0]):
        got = _first_attr(c, path[1:], attr)
        if got is not None:
            return got
    return None


@dataclass(frozen=True, slots=True)
class Provision:
    """A view of one provision (recital, paragraph, point, keyword group, formula)."""

    el: etree._Element

    @property
    def eid(self) -> str:
        return self.el.get("eId") or ""

    @property
    def wid(self) -> str | None:
        return self.el.get("wId")

    @property
    def kind(self) -> str:
        return local(self.el)

    @property
    def num(self) -> str | None:
        n = first(self.el, q("num"))
        return text_of(n) if n is not None else None

    @property
    def heading(self) -> str | None:
        for tag in ("heading", "intro"):
            h = first(self.el, q(tag))
            if h is not None and self.kind in ("hcontainer", "recitals"):
                return text_of(h)
        return None

    @property
    def text(self) -> str:
        """Own words only: child provisions are not included."""
        from .tokens import tokens_of, words

        return words(tokens_of(self.el))

    @property
    def children(self) -> tuple[Provision, ...]:
        return tuple(
            Provision(c)
            for c in self.el.iterdescendants()
            if nearest_provision(c) is self.el
            and c.get("eId")
            and local(c) in ("recital", "paragraph", "point")
        )

    @property
    def label(self) -> str:
        """How a drafter cites it: "considering b)", "resolves 3 ii)"."""
        return label_of(self.el)


def nearest_provision(el: etree._Element) -> etree._Element | None:
    """The nearest ancestor that is a provision or keyword group: what a label is relative to.
    Most often the parent, an AKN element: its Clark name answers without a local name."""
    a = el.getparent()
    while a is not None:
        if a.tag in PROVISION_QNAMES or local(a) in PROVISION_TAGS:
            return a
        a = a.getparent()
    return None


def label_of(
    el: etree._Element,
    parent_label: Callable[[etree._Element], str] | None = None,
    num_of: Callable[[etree._Element], str | None] | None = None,
) -> str:
    """How a drafter cites a provision: "considering b)", "resolves 3 ii)". ``parent_label``
    labels the provision holding it and ``num_of`` reads its number folded (a memoising caller
    passes its own; default: read them here)."""
    kind = local(el)
    if kind in ("recitals", "hcontainer"):
        h = first(el, q("intro" if kind == "recitals" else "heading"))
        base = text_of(h) if h is not None else (el.get("eId") or "")
        return ("Annex: " + base) if el.get("eId", "").startswith("att_") else base
    if kind == "formula":
        return "enacting formula"
    parent = nearest_provision(el)
    if num_of is not None:
        num = num_of(el) or ""
    else:
        num_el = first(el, q("num"))
        num = text_of(num_el) if num_el is not None else ""
    if not num:
        num = "(" + (el.get("eId") or "").rpartition("_")[2] + ")"
    return f"{(parent_label or label_of)(parent)} {num}".strip() if parent is not None else num


class Document:
    """Common view of an Akoma Ntoso file: FRBR identity and provisions by eId."""

    def __init__(self, tree: etree._ElementTree, source: str = "<memory>") -> None:
        self.tree = tree
        self.source = source

    @property
    def root(self) -> etree._Element:
        return self.tree.getroot()

    @property
    def doc(self) -> etree._Element:
        return self.root[0]

    @property
    def doctype(self) -> str:
        return local(self.doc)

    def _frbr(self, level: str, field: str, attr: str = "value") -> str:
        """``/akomaNtoso/*/meta/identification/{level}/{field}/@{attr}``, the first in document
        order, walked with iterchildren: a third of the cost of the XPath, read 5 times a diff."""
        path = (_META, _IDENTIFICATION, q(level), q(field))
        for doc in self.root.iterchildren(etree.Element):
            got = _first_attr(doc, path, attr)
            if got is not None:
                return got
        return ""

    @property
    def work(self) -> str:
        return self._frbr("FRBRWork", "FRBRuri")

    @property
    def expression(self) -> str:
        return self._frbr("FRBRExpression", "FRBRuri")

    @property
    def expression_date(self) -> str:
        return self._frbr("FRBRExpression", "FRBRdate", "date")

    @property
    def language(self) -> str:
        return self._frbr("FRBRExpression", "FRBRlanguage", "language") or "eng"

    @property
    def name(self) -> str:
        return self._frbr("FRBRWork", "FRBRname") or self._frbr("FRBRWork", "FRBRnumber", "showAs")


class Resolution(Document):
    """A resolution Expression."""

    @classmethod
    def load(cls, path: Path, data: bytes | None = None) -> Resolution:
        """Read ``path`` (or parse ``data``, its bytes, already read) as a resolution."""
        tree = load_tree(path, data)
        if local(tree.getroot()[0]) not in ("statement", "doc"):
            raise InputError(
                f"expected a resolution (<statement>), found <{local(tree.getroot()[0])}>",
                source=path,
                hint="pass the resolution first and the proposals after it",
            )
        return cls(tree, str(path))

    @property
    def title(self) -> str:
        t = self.doc.find(f"{q('preface')}//{q('docTitle')}")
        return text_of(t) if t is not None else self.name

    def provisions(self) -> tuple[Provision, ...]:
        return tuple(Provision(e) for e in iter_provisions(self.doc))

    @cached_property
    def by_eid(self) -> dict[str, etree._Element]:
        return {e.get("eId") or "": e for e in with_eid(self.doc) if e.get("eId")}


@dataclass(frozen=True, slots=True)
class Change:
    """One ITU proposal inside a proposal document: a <mod> with its action and Reasons."""

    mod: etree._Element
    proposal_id: str
    action: str
    target: str
    pos: str | None
    document: ProposalDoc

    @property
    def mod_eid(self) -> str:
        return self.mod.get("eId") or ""

    @property
    def reasons(self) -> str:
        """The proposal's "Reasons:" paragraph, without the label."""
        return self.document.reasons.get(self.mod_eid, "")

    @property
    def quoted(self) -> tuple[etree._Element, ...]:
        """Copies of the quoted elements with the ``mod_n__qstr_k__`` prefix stripped from their eIds."""
        out = []
        for qs in self.mod.iter(_QUOTED_STRUCTURE):
            prefix = (qs.get("eId") or "") + "__"
            cut = len(prefix)
            for c in qs:
                if not isinstance(c.tag, str):
                    continue
                dup = deepcopy(c)
                dup.tail = None
                for e in dup.iter():
                    eid = e.get("eId")
                    if eid and eid.startswith(prefix):
                        e.set("eId", eid[cut:])
                out.append(dup)
        return tuple(out)

    @property
    def quoted_in_place(self) -> tuple[tuple[etree._Element, str], ...]:
        """The quoted elements themselves, not copies, each with the eId prefix ``quoted``
        strips: for reading only (apply reads most MODs' quotes without copying them)."""
        out: list[tuple[etree._Element, str]] = []
        for qs in self.mod.iter(_QUOTED_STRUCTURE):
            prefix = (qs.get("eId") or "") + "__"
            out.extend((c, prefix) for c in qs if isinstance(c.tag, str))
        return tuple(out)

    @property
    def attribution(self) -> str:
        """ "RCC/13/1 (RUS, ARM, KGZ, BLR)": the author of a tracked change."""
        codes = self.document.submitter_codes
        return f"{self.proposal_id} ({codes})" if codes else self.proposal_id


class ProposalDoc(Document):
    """A proposal document (AKN ``amendment``) holding one or more ITU proposals."""

    @classmethod
    def load(cls, path: Path) -> ProposalDoc:
        tree = load_tree(path)
        if local(tree.getroot()[0]) != "amendment":
            raise InputError(
                f"expected a proposal (<amendment>), found <{local(tree.getroot()[0])}>",
                source=path,
                hint="pass the resolution first and the proposals after it; proposals are Akoma "
                "Ntoso amendment documents (see docs/model.md)",
            )
        return cls(tree, str(path))

    def __init__(self, tree: etree._ElementTree, source: str = "<memory>") -> None:
        super().__init__(tree, source)
        self._frbr_values: dict[tuple[str, str, str], str] = {}

    def _frbr(self, level: str, field: str, attr: str = "value") -> str:
        """As ``Document._frbr``, remembered: apply reads the expression once per change."""
        key = (level, field, attr)
        got = self._frbr_values.get(key)
        if got is None:
            got = self._frbr_values[key] = super()._frbr(level, field, attr)
        return got

    @cached_property
    def _proposal_attrs(self) -> dict[str, str]:
        """The attributes of rdp:proposal, the first occurrence of each (as the XPath read them)."""
        found = _compiled(_PROPOSAL)(self.tree)
        assert isinstance(found, list)
        out: dict[str, str] = {}
        for el in found:
            for k, v in el.attrib.items():
                out.setdefault(str(k), str(v))
        return out

    def _prop(self, attr: str) -> str:
        return self._proposal_attrs.get(attr, "")

    @property
    def document_number(self) -> str:
        return self._prop("document") or self._frbr("FRBRWork", "FRBRnumber", "showAs")

    @property
    def group(self) -> str:
        return self._prop("group")

    @property
    def date(self) -> str:
        return self._prop("date") or self.expression_date

    @cached_property
    def target_expression(self) -> str:
        return _attr(self.tree, f"{_PROPOSAL}/rdp:target/@expression") or ""

    @cached_property
    def submitter_codes(self) -> str:
        """ "RUS, ARM, KGZ, BLR": joined once, for every change's attribution."""
        return ", ".join(code for code, _ in self.submitters)

    @cached_property
    def submitters(self) -> tuple[tuple[str, str], ...]:
        els = _compiled(f"{_PROPOSAL}/rdp:submitter")(self.tree)
        assert isinstance(els, list)
        return tuple((str(e.get("code") or ""), text_of(e)) for e in els)

    @property
    def label(self) -> str:
        """Short proposer label for legends: "RCC" or "CHN"."""
        if self.group:
            return self.group
        codes = [c for c, _ in self.submitters]
        return "/".join(codes) or self.document_number

    @cached_property
    def reasons(self) -> dict[str, str]:
        """mod eId -> its Reasons, read once, when first asked for (apply never asks)."""
        out: dict[str, str] = {}
        found = _REASONS(self.doc)  # the quoted text's paragraphs far outnumber the Reasons
        assert isinstance(found, list)
        for p in found:
            if isinstance(p, etree._Element):
                ref = p.get(_RDP_FOR) or ""
                out[ref.lstrip("#")] = text_of(p).removeprefix("Reasons:").strip()
        return out

    @cached_property
    def changes(self) -> tuple[Change, ...]:
        out = []
        for mod in self.doc.iter(_MOD):
            ref_el = first(mod, _REF)
            href = ref_el.get("href", "") if ref_el is not None else ""
            get = mod.get
            out.append(
                Change(
                    mod=mod,
                    proposal_id=get(_RDP_ID) or get("eId") or "",
                    action=(get(_RDP_ACTION) or "").upper(),
                    target=href.rpartition("#")[2] if "#" in href else "",
                    pos=get(_RDP_POS),
                    document=self,
                )
            )
        return tuple(out)
