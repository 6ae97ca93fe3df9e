"""Deriving a proposal from an edited copy: its changes are numbered as a reader meets them."""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

from resdraft.akn import q
from resdraft.eids import reassign_eids, renumber
from resdraft.model import ProposalDoc, Resolution
from resdraft.propose import ProposalMeta, propose
from resdraft.redline import diff_documents
from tests.conftest import RES140


def _find(root: etree._Element, eid: str) -> etree._Element:
    found = root.find(f".//*[@eId='{eid}']")
    assert found is not None, eid
    return found


def test_changes_are_numbered_in_reading_order() -> None:
    """A recital added before considering a) is the first change of the proposal, whatever the
    order in which the changes were found (an ADD used to be numbered after every MOD and SUP)."""
    base = Resolution.load(RES140)
    root = deepcopy(base.root)
    p = next(_find(root, "resolves__para_1").iter(q("p")))
    p.text = (p.text or "") + " and reports on it"
    first = _find(root, "preamble__considering__rec_a")
    added = deepcopy(first)
    next(added.iter(q("p"))).text = "that a new first recital is wanted;"
    first.addprevious(added)
    gone = _find(root, "instructsTheSecretaryGeneral__para_4")
    group = gone.getparent()
    assert group is not None
    group.remove(gone)
    for g in (first.getparent(), group):
        assert g is not None
        renumber(g)
    reassign_eids(root[0])
    edited = Resolution(etree.ElementTree(root), "<edited>")
    meta = ProposalMeta("TST/1", (("TST", "Testland"),), "2018-02-01")
    doc = ProposalDoc(etree.ElementTree(propose(base, edited, meta)), "<proposal>")
    got = [(ch.proposal_id, ch.action, ch.target) for ch in doc.changes]
    assert got == [
        ("TST/1/1", "ADD", "preamble__considering__rec_a"),
        ("TST/1/2", "MOD", "resolves__para_1"),
        ("TST/1/3", "SUP", "instructsTheSecretaryGeneral__para_4"),
    ]


def _round_trip(edit: object) -> tuple[Resolution, Resolution, ProposalDoc]:
    """Edit a copy of res-140 with ``edit(root)``, derive the proposal, apply it."""
    from resdraft.amend import apply_proposals

    base = Resolution.load(RES140)
    root = deepcopy(base.root)
    edit(root)  # type: ignore[operator]
    edited = Resolution(etree.ElementTree(root), "<edited>")
    meta = ProposalMeta("TST/1", (("TST", "Testland"),), "2018-02-01")
    doc = ProposalDoc(etree.ElementTree(propose(base, edited, meta)), "<proposal>")
    return edited, apply_proposals(base, [doc]).result, doc


def test_a_paragraph_that_loses_its_points_is_replaced_whole() -> None:
    """resolves 3 keeps its opening words as its whole text and loses points i)-iii): the words
    move from the intro to the content, which no mark inside one block can say."""

    def edit(root: etree._Element) -> None:
        para = _find(root, "resolves__para_3")
        for point in para.findall(q("point")):
            para.remove(point)
        intro = para.find(q("intro"))
        assert intro is not None
        intro.tag = q("content")
        p = next(intro.iter(q("p")))
        p.text = (p.text or "").rstrip(":") + " three Action Lines;"

    edited, applied, doc = _round_trip(edit)
    assert [(ch.action, ch.target) for ch in doc.changes] == [("MOD", "resolves__para_3")]
    assert not diff_documents(edited, applied, full=False).changes


def test_a_paragraph_that_gains_points_is_replaced_whole() -> None:
    def edit(root: etree._Element) -> None:
        para = _find(root, "resolves__para_4")
        content = para.find(q("content"))
        assert content is not None
        content.tag = q("intro")
        content.set("eId", "resolves__para_4__intro")
        p = next(content.iter(q("p")))
        p.text = (p.text or "").replace("relating to the Action Lines;", "relating to:")
        for i, words in enumerate(["the Action Lines;", "the Sustainable Development Goals."], start=1):
            letter = "i" * i
            p = etree.SubElement(para, q("point"), eId=f"resolves__para_4__point_{letter}")
            etree.SubElement(p, q("num")).text = f"{letter})"
            etree.SubElement(etree.SubElement(p, q("content")), q("p")).text = words

    edited, applied, doc = _round_trip(edit)
    assert [(ch.action, ch.target) for ch in doc.changes] == [("MOD", "resolves__para_4")]
    assert not diff_documents(edited, applied, full=False).changes
