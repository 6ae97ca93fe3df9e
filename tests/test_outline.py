"""The memoised outline a diff walks gives what the plain helpers give, provision by provision."""

from __future__ import annotations

from lxml import etree

from resdraft.akn import iter_provisions, local, parent_of
from resdraft.merge import merge_proposals
from resdraft.model import ProposalDoc, Provision, Resolution, label_of
from resdraft.outline import Outline
from tests.conftest import RES140, RES1332


def texts() -> list[Resolution]:
    base = Resolution.load(RES140)
    props = [ProposalDoc.load(p) for p in sorted(RES140.parent.parent.glob("proposals/*-140.xml"))]
    # the shortcuts must hold for texts that break the rules too: a paragraph that lost its eId
    # (its points are no longer provisions of it) and one whose eId is empty
    blank, lost = Resolution.load(RES140), Resolution.load(RES140)
    blank.by_eid["resolves__para_3"].set("eId", "")
    del lost.by_eid["resolves__para_3"].attrib["eId"]
    return [base, Resolution.load(RES1332), merge_proposals(base, props).draft, blank, lost]


def depth(el: etree._Element) -> int:
    return sum(1 for a in el.iterancestors() if a.get("eId") and local(a) not in ("mainBody", "attachment"))


def test_labels_numbers_and_depths_match_the_plain_helpers() -> None:
    seen = 0
    for res in texts():
        outline = Outline(res.doc)
        assert outline.provisions == list(iter_provisions(res.doc))
        for el in outline.provisions:
            assert outline.label(el) == label_of(el)
            assert outline.num(el) == Provision(el).num
            assert outline.depth(el) == depth(el)
            assert outline.parent(el) is parent_of(el)
            assert outline.eids[el] == el.get("eId")
            seen += 1
    assert seen > 300


def test_own_keys_ignore_numbers_and_child_provisions() -> None:
    res = Resolution.load(RES140)
    outline = Outline(res.doc)
    para = res.by_eid["resolves__para_3"]  # intro and three points
    key = outline.own_key(para)
    assert len(key) == 1 and "<intro" in key[0] and "point" not in key[0]
    recital = res.by_eid["preamble__considering__rec_a"]
    assert not any("<num" in part for part in outline.own_key(recital))
    leaves = [el for el in outline.provisions if outline.is_leaf(el)]
    assert recital in leaves and para not in leaves
