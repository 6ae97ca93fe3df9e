"""Pairing provisions when eIds follow numbers: a deletion or an insertion shifts the numbers of
the provisions after it, so the same eId may name a similar neighbour."""

from __future__ import annotations

from collections import Counter
from copy import deepcopy

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from resdraft.akn import q
from resdraft.eids import reassign_eids, renumber
from resdraft.match import Matcher, similarity
from resdraft.model import Resolution
from resdraft.redline import diff_documents
from tests.conftest import RES140

GROUP = "instructsTheSecretaryGeneral"
ALIKE = "to report each year to the Council on the action lines of the Summit and on"


def _paragraphs(root: etree._Element) -> list[etree._Element]:
    group = next(e for e in root.iter(q("hcontainer")) if e.get("eId") == GROUP)
    return [c for c in group if c.tag == q("paragraph")]


def _set_words(para: etree._Element, text: str) -> None:
    p = next(para.iter(q("p")))
    del p[:]
    p.text = text


def _base() -> Resolution:
    """res-140 with paragraphs 3 and 4 of one group worded alike, as neighbouring items often are."""
    root = deepcopy(Resolution.load(RES140).root)
    paras = _paragraphs(root)
    _set_words(paras[2], f"{ALIKE} the follow-up of its outcomes;")
    _set_words(paras[3], f"{ALIKE} the review of its outcomes;")
    return Resolution(etree.ElementTree(root), "<base>")


def _finish(root: etree._Element) -> Resolution:
    group = _paragraphs(root)[0].getparent()
    assert group is not None
    renumber(group)
    reassign_eids(root[0])
    return Resolution(etree.ElementTree(root), "<revised>")


def _pairs(old: Resolution, new: Resolution) -> dict[str, str]:
    m = Matcher(old.doc, new.doc)
    return {
        o.get("eId") or "": n.get("eId") or "" for o, n in m.pairs.items() if GROUP in (o.get("eId") or "")
    }


def test_after_a_deletion_the_next_edited_provision_keeps_its_identity() -> None:
    base = _base()
    root = deepcopy(base.root)
    paras = _paragraphs(root)
    paras[2].getparent().remove(paras[2])  # type: ignore[union-attr]
    _set_words(paras[3], f"{ALIKE} the overall review of its outcomes;")  # and it becomes 3
    new = _finish(root)
    pairs = _pairs(base, new)
    assert pairs[f"{GROUP}__para_4"] == f"{GROUP}__para_3"
    assert f"{GROUP}__para_3" not in pairs  # deleted, not rewritten
    r = diff_documents(base, new, full=False)
    kinds = {(e.kind, e.old_eid) for e in r.changes if GROUP in (e.old_eid or "")}
    assert ("removed", f"{GROUP}__para_3") in kinds
    assert ("modified", f"{GROUP}__para_4") in kinds


def test_after_an_insertion_the_edited_provision_it_displaced_keeps_its_identity() -> None:
    base = _base()
    root = deepcopy(base.root)
    paras = _paragraphs(root)
    added = deepcopy(paras[2])
    _set_words(added, f"{ALIKE} the follow-up of the outcomes of its reviews;")
    paras[2].addprevious(added)  # the new 3
    _set_words(paras[2], f"{ALIKE} the follow-up of all its outcomes;")  # now 4, edited
    new = _finish(root)
    pairs = _pairs(base, new)
    assert pairs[f"{GROUP}__para_3"] == f"{GROUP}__para_4"
    assert f"{GROUP}__para_3" not in pairs.values()  # the inserted paragraph is new


@given(
    st.lists(st.sampled_from(["the", "Union", "ICT", "WSIS", "2030", "States", "and"]), max_size=25),
    st.lists(st.sampled_from(["the", "Union", "ICT", "Member", "2030", "and", "of"]), max_size=25),
)
def test_similarity_is_the_multiset_dice_coefficient(a: list[str], b: list[str]) -> None:
    """The intersection is counted without building it; the value is the textbook one."""
    wa, wb = Counter(a), Counter(b)
    total = len(a) + len(b)
    expected = 2 * sum((wa & wb).values()) / total if total else 1.0
    assert similarity(" ".join(a), " ".join(b)) == expected == similarity(wb, wa)


def _applied_edit() -> tuple[Resolution, Resolution]:
    """An edited copy of res-140 (a paragraph with points deleted, one added further on, eIds
    reassigned as an editor does) and the consolidation of the proposal derived from it, whose
    renumbered provisions carry their former eIds as wIds."""
    from resdraft.amend import apply_proposals
    from resdraft.model import ProposalDoc
    from resdraft.propose import ProposalMeta, propose

    base = Resolution.load(RES140)
    root = deepcopy(base.root)
    group = next(e for e in root.iter(q("hcontainer")) if e.get("eId") == "resolves")
    paras = [c for c in group if c.tag == q("paragraph")]
    group.remove(paras[2])
    added = deepcopy(paras[1])
    _set_words(added, "to add a paragraph of our own after the fifth one;")
    paras[4].addnext(added)
    edited = _finish_group(root, group)
    meta = ProposalMeta("TST/1", (("TST", "Testland"),), "2018-02-01")
    proposal = ProposalDoc(etree.ElementTree(propose(base, edited, meta)), "<proposal>")
    return edited, apply_proposals(base, [proposal]).result


def _finish_group(root: etree._Element, group: etree._Element) -> Resolution:
    renumber(group)
    reassign_eids(root[0])
    return Resolution(etree.ElementTree(root), "<edited>")


def test_a_consolidation_diffed_with_itself_has_no_changes() -> None:
    """Its wIds name provisions of the text it came from, and an eId can come back on another
    provision: lineage must not pair a provision with its neighbour."""
    _, applied = _applied_edit()
    assert any(e.get("wId") for e in applied.doc.iter())
    assert not diff_documents(applied, applied, full=False).changes


def test_an_edited_copy_and_its_consolidation_have_no_changes() -> None:
    """The edited copy has the base's metadata but reassigned eIds: its consolidation's wIds
    (the base's eIds) must not pair provisions that are identical elsewhere."""
    edited, applied = _applied_edit()
    assert not diff_documents(edited, applied, full=False).changes
