"""Applying proposals: each ITU action, renumbering with wId, attribution, and refusals."""

from __future__ import annotations

from copy import deepcopy

import pytest
from lxml import etree

from resdraft.akn import NS, iter_provisions, q, rdp, text_of
from resdraft.amend import apply_proposals, consolidated_words
from resdraft.errors import (
    AmendmentError,
    ConflictingAmendmentsError,
    TargetNotFoundError,
    TextMismatchError,
)
from resdraft.model import ProposalDoc, Provision, Resolution
from resdraft.schemacache import DRIVER, lxml_schema


def texts(res: Resolution) -> dict[str, str]:
    return {p.get("eId") or "": Provision(p).text for p in iter_provisions(res.doc)}


def variant(doc: ProposalDoc, expr_suffix: str = "") -> ProposalDoc:
    """A mutable copy of a proposal (optionally as another Expression, so it may be applied too)."""
    tree = etree.ElementTree(deepcopy(doc.root))
    if expr_suffix:
        for el in tree.iter(q("FRBRuri"), q("FRBRthis")):
            el.set("value", el.get("value", "") + expr_suffix)
    return ProposalDoc(tree, doc.source + expr_suffix)


def mod(doc: ProposalDoc, target: str) -> etree._Element:
    return next(ch.mod for ch in doc.changes if ch.target == target)


def fresh(doc: ProposalDoc) -> ProposalDoc:
    """Re-read a proposal after editing its tree (its changes are computed once)."""
    return ProposalDoc(doc.tree, doc.source)


def test_bundled_proposals_apply_and_validate(
    res140: Resolution, rcc140: ProposalDoc, chn140: ProposalDoc
) -> None:
    c = apply_proposals(res140, [rcc140, chn140])
    assert lxml_schema(DRIVER).validate(c.result.tree), lxml_schema(DRIVER).error_log
    assert c.result.doc.get("contains") == "singleVersion"
    assert c.result.expression.endswith("/eng@2018-01-24")
    assert c.result.work == res140.work
    events = c.result.root.xpath("//a:lifecycle/a:eventRef/@type", namespaces=NS)
    assert events == ["generation", "amendment", "amendment"]


def test_mod_applies_marks(res140: Resolution, rcc140: ProposalDoc) -> None:
    c = apply_proposals(res140, [rcc140])
    after = texts(c.result)["preamble__noting__rec_b"]
    assert "is to hold" not in after and "held" in after and "until 2025" in after


def test_two_mods_of_one_provision_merge_word_by_word(
    res140: Resolution, rcc140: ProposalDoc, chn140: ProposalDoc
) -> None:
    c = apply_proposals(res140, [rcc140, chn140])
    merged = texts(c.result)["resolves__para_2"]
    assert "2030 Agenda for Sustainable Development" in merged
    assert "including the digital transformation of the economy" in merged
    assert "post-2015" not in merged
    by = {e.by for e in c.edits["resolves__para_2"]}
    assert any(b.startswith("RCC/13/5") for b in by) and any(b.startswith("CHN/14/2") for b in by)


def test_order_of_compatible_proposals_does_not_matter(
    res140: Resolution, rcc140: ProposalDoc, chn140: ProposalDoc
) -> None:
    one = apply_proposals(res140, [rcc140, chn140])
    two = apply_proposals(res140, [chn140, rcc140])
    t1, t2 = texts(one.result), texts(two.result)
    assert t1.keys() == t2.keys()
    # ADDs at different anchors commute; texts are equal provision by provision
    assert t1 == t2


def test_add_renumbers_following_siblings_and_keeps_wid(res140: Resolution, chn140: ProposalDoc) -> None:
    c = apply_proposals(res140, [chn140])
    considering = c.result.by_eid["preamble__considering"]
    nums = [text_of(r.find(q("num"))) for r in considering.iter(q("recital"))]  # type: ignore[arg-type]
    assert nums == ["a)", "b)", "c)", "d)", "e)", "f)", "g)"]
    moved = c.result.by_eid["preamble__considering__rec_e"]
    assert moved.get("wId") == "preamble__considering__rec_d"
    assert Provision(moved).text == Provision(res140.by_eid["preamble__considering__rec_d"]).text
    assert c.result.by_eid["preamble__considering__rec_d"].get("wId") is None  # the new one


def test_sup_removes_and_renumbers(res140: Resolution, rcc140: ProposalDoc) -> None:
    c = apply_proposals(res140, [rcc140])
    noting = texts(c.result)
    gone = text_of(res140.by_eid["preamble__noting__rec_c"])
    assert gone not in noting.values()
    assert c.result.by_eid["preamble__noting__rec_c"].get("wId") == "preamble__noting__rec_d"
    mods = c.result.root.xpath("//a:passiveModifications/a:textualMod/@type", namespaces=NS)
    assert {"substitution", "insertion", "repeal", "renumbering"} <= set(mods)


def test_noc_checks_target_exists(res140: Resolution, rcc140: ProposalDoc) -> None:
    bad = variant(rcc140)
    ref = mod(bad, "resolves__para_1").find(q("ref"))
    assert ref is not None
    ref.set("href", ref.get("href", "").replace("resolves__para_1", "resolves__para_99"))
    with pytest.raises(TargetNotFoundError) as exc:
        apply_proposals(res140, [fresh(bad)])
    assert exc.value.proposal == "RCC/13/4" and exc.value.eid == "resolves__para_99"


def test_quoted_base_text_must_match(res140: Resolution, rcc140: ProposalDoc) -> None:
    bad = variant(rcc140)
    p = mod(bad, "preamble__noting__rec_b").find(f".//{q('p')}")
    assert p is not None
    p.text = (p.text or "").replace("United Nations", "Untied Nations")
    with pytest.raises(TextMismatchError) as exc:
        apply_proposals(res140, [fresh(bad)])
    assert "Untied" in str(exc.value) and exc.value.eid == "preamble__noting__rec_b"


def test_quoted_base_text_may_be_spaced_differently(res140: Resolution, rcc140: ProposalDoc) -> None:
    """The quote check compares words: a quote laid out with other spaces and line breaks than
    the base applies, and the words that result are the same."""
    spaced = variant(rcc140)
    p = mod(spaced, "preamble__noting__rec_b").find(f".//{q('p')}")
    assert p is not None and "United Nations" in (p.text or "")
    p.text = (p.text or "").replace("United Nations", "United \n\t Nations")
    plain = apply_proposals(res140, [rcc140])
    got = apply_proposals(res140, [fresh(spaced)])
    assert consolidated_words(got) == consolidated_words(plain)


def test_same_proposal_twice_is_refused(res140: Resolution, rcc140: ProposalDoc) -> None:
    with pytest.raises(AmendmentError, match="applied twice"):
        apply_proposals(res140, [rcc140, rcc140])


def test_reapplying_to_a_consolidated_text_is_refused(res140: Resolution, rcc140: ProposalDoc) -> None:
    c = apply_proposals(res140, [rcc140])
    again = Resolution(etree.ElementTree(deepcopy(c.result.root)), "<consolidated>")
    with pytest.raises(AmendmentError):
        apply_proposals(again, [rcc140])


def test_contradicting_changes_in_one_proposal(res140: Resolution, rcc140: ProposalDoc) -> None:
    bad = variant(rcc140)
    sup = next(ch.mod for ch in bad.changes if ch.action == "SUP")
    ref = sup.find(q("ref"))
    assert ref is not None
    target = "preamble__noting__rec_b"  # also MODded by RCC/13/2
    ref.set("href", ref.get("href", "").rpartition("#")[0] + "#" + target)
    for qs in sup.findall(q("quotedStructure")):
        sup.remove(qs)
    with pytest.raises(AmendmentError, match="both change"):
        apply_proposals(res140, [fresh(bad)])


def test_mod_against_sup_conflicts(res140: Resolution, rcc140: ProposalDoc, chn140: ProposalDoc) -> None:
    other = variant(chn140, "-x")
    m = mod(other, "invitesMemberStates__para_1")
    ref = m.find(q("ref"))
    assert ref is not None
    # re-aim CHN's MOD at the recital RCC deletes, quoting it unchanged plus one insertion
    base = rcc140.changes[2]
    assert base.action == "SUP"
    ref.set("href", ref.get("href", "").rpartition("#")[0] + "#" + base.target)
    qs = m.find(q("quotedStructure"))
    assert qs is not None
    for c in list(qs):
        qs.remove(c)
    quoted = deepcopy(res140.by_eid[base.target])
    quoted.find(q("p")).append(etree.Element(q("ins")))  # type: ignore[union-attr]
    quoted.find(q("p"))[-1].text = " (amended)"  # type: ignore[index, union-attr]
    qs.append(quoted)
    other = fresh(other)
    for order in ([rcc140, other], [other, rcc140]):
        with pytest.raises(ConflictingAmendmentsError) as exc:
            apply_proposals(res140, order)
        assert exc.value.eid == base.target


def test_overlapping_mods_conflict(res140: Resolution, rcc140: ProposalDoc, chn140: ProposalDoc) -> None:
    other = variant(chn140, "-y")
    m = mod(other, "resolves__para_2")
    p = m.find(f".//{q('p')}")
    assert p is not None
    # rewrite the quote: delete the very words RCC replaces
    base_p = deepcopy(res140.by_eid["resolves__para_2"].find(f".//{q('p')}"))
    assert base_p is not None
    text = base_p.text or ""
    head, sep, tail = text.partition("post-2015")
    assert sep
    base_p.text = head
    d = etree.SubElement(base_p, q("del"))
    d.text = "post-2015"
    d.tail = tail
    p.getparent().replace(p, base_p)  # type: ignore[union-attr]
    with pytest.raises(ConflictingAmendmentsError) as exc:
        apply_proposals(res140, [rcc140, fresh(other)])
    assert exc.value.eid == "resolves__para_2"
    assert "RCC/13/5" in str(exc.value)


def test_unknown_action_is_refused(res140: Resolution, rcc140: ProposalDoc) -> None:
    bad = variant(rcc140)
    bad.changes[0].mod.set(rdp("action"), "DELETE")
    bad2 = fresh(bad)
    with pytest.raises(AmendmentError, match="DELETE"):
        apply_proposals(res140, [bad2])


def _for_another_revision(proposal: ProposalDoc) -> ProposalDoc:
    bad = variant(proposal)
    tgt = bad.root.find(".//{urn:resdraft:proposal:1}target")
    assert tgt is not None
    tgt.set("expression", "/akn/un/statement/deliberation/itu-pp/2006-11-24/res-140/eng@2010-10-22")
    return bad


def test_proposal_for_another_revision_is_refused(res140: Resolution, rcc140: ProposalDoc) -> None:
    with pytest.raises(AmendmentError, match="amends"):
        apply_proposals(res140, [_for_another_revision(rcc140)])


def test_base_is_never_mutated(res140: Resolution, rcc140: ProposalDoc, chn140: ProposalDoc) -> None:
    before = etree.tostring(res140.root)
    apply_proposals(res140, [rcc140, chn140])
    assert etree.tostring(res140.root) == before


def test_annex_provisions_are_amended(tmp_path: object) -> None:
    from tests.conftest import RCC1332, RES1332

    c = apply_proposals(Resolution.load(RES1332), [ProposalDoc.load(RCC1332)])
    assert lxml_schema(DRIVER).validate(c.result.tree), lxml_schema(DRIVER).error_log
    assert "att_1__workingMethods__para_5" in c.result.by_eid


def test_a_compilation_refuses_what_apply_refuses(res140: Resolution, rcc140: ProposalDoc) -> None:
    """A proposal written against another revision names other provisions by the same eIds:
    the compilation would show the wrong paragraph deleted; one given twice would be listed twice."""
    from resdraft.compilation import compile_proposals

    with pytest.raises(AmendmentError, match="applied twice"):
        compile_proposals(res140, [rcc140, rcc140])
    with pytest.raises(AmendmentError, match="amends"):
        compile_proposals(res140, [_for_another_revision(rcc140)])


def test_deleting_every_item_of_a_group_removes_the_group(res140: Resolution) -> None:
    """Two proposals delete the items of "instructs the Council" between them: a keyword with
    nothing under it is no part of the text (and the schema refuses it), so the group goes too,
    its deletion attributed to both."""
    from resdraft.eids import reassign_eids, renumber
    from resdraft.propose import ProposalMeta, propose
    from resdraft.validate import validate_document

    def without(eids: list[str], who: str) -> ProposalDoc:
        root = deepcopy(res140.root)
        group = root.find(".//*[@eId='instructsTheCouncil']")
        assert group is not None
        for eid in eids:
            el = group.find(f"*[@eId='{eid}']")
            assert el is not None
            group.remove(el)
        renumber(group)
        reassign_eids(root[0])
        edited = Resolution(etree.ElementTree(root), "<edited>")
        meta = ProposalMeta(f"{who}/1", ((who, who),), "2018-02-01", document=f"DOC-{who}")
        return ProposalDoc(etree.ElementTree(propose(res140, edited, meta)), f"<{who}>")

    first = without(["instructsTheCouncil__para_1", "instructsTheCouncil__para_2"], "AAA")
    second = without(["instructsTheCouncil__para_3"], "BBB")
    c = apply_proposals(res140, [first, second])
    assert c.result.root.find(".//*[@eId='instructsTheCouncil']") is None
    assert c.removed["instructsTheCouncil"] == "AAA/1/1 (AAA)+AAA/1/2 (AAA)+BBB/1/1 (BBB)"
    assert not [i for i in validate_document(c.result) if i.severity == "error"]


def test_an_edit_between_two_insertions_of_another_proposal_merges(
    res140: Resolution, chn140: ProposalDoc
) -> None:
    """CHN/14/4 marks two insertions a few words apart in invites Member States 1; a word diff
    made one replacement of the words between them, so another proposal inserting a word there
    was refused as changing the same words. The marks say what each proposal touches."""
    from resdraft.propose import ProposalMeta, propose

    root = deepcopy(res140.root)
    p = root.find(".//*[@eId='invitesMemberStates__para_1']//{*}p")
    assert p is not None and "national development strategies" in (p.text or "")
    p.text = (p.text or "").replace(
        "national development strategies", "national digital development strategies"
    )
    edited = Resolution(etree.ElementTree(root), "<edited>")
    meta = ProposalMeta("TST/1", (("TST", "Testland"),), "2018-02-01", document="DOC-TST")
    other = ProposalDoc(etree.ElementTree(propose(res140, edited, meta)), "<TST>")
    c = apply_proposals(res140, [chn140, other])
    text = text_of(c.result.root.find(".//*[@eId='invitesMemberStates__para_1']"))
    assert "ICTs and the development of the digital economy into their national digital development" in text
    assert [e.by for e in c.edits["invitesMemberStates__para_1"]] == [
        "CHN/14/4 (CHN)",
        "TST/1/1 (TST)",
        "CHN/14/4 (CHN)",
    ]
