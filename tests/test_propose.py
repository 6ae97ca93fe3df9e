"""Deriving a proposal from an edited copy: its changes are numbered as a reader meets them."""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

from resdraft.akn import q
from resdraft.eids import reassign_eids, renumber
from resdraft.model import ProposalDoc, Resolution
from resdraft.propose import ProposalMeta, propose
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
