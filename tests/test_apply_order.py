"""Apply gives one outcome whatever the order of the proposals: the same text and edits, or a
conflict in every order. Each case here was once lost, or read otherwise, in one order."""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from itertools import permutations

import pytest
from lxml import etree

from resdraft.akn import q
from resdraft.amend import apply_proposals
from resdraft.errors import ConflictingAmendmentsError
from resdraft.marks import accept
from resdraft.merge import merge_proposals
from resdraft.model import ProposalDoc, Resolution
from resdraft.propose import ProposalMeta
from resdraft.validate import validate_document
from tests.test_restructure import find, insert_point, reword_point
from tests.test_restructure import proposal as proposed

PARA = "resolves__para_3"
Edit = Callable[[etree._Element], None]


def meta(who: str) -> ProposalMeta:
    return ProposalMeta(f"{who}/30/1", ((who, who),), "2026-11-28", f"{who}/30")


def proposal(base: Resolution, edit: Edit, who: str) -> ProposalDoc:
    return proposed(base, edit, meta(who))


def quoting(base: Resolution, target: str, edit: Callable[[etree._Element], etree._Element], who: str, *,
            marked: bool = False) -> ProposalDoc:  # fmt: skip
    """A proposal whose one MOD of ``target`` quotes what ``edit`` makes of a copy of the base
    (its marks kept if ``marked``, else accepted): quotes ``propose`` would not write."""
    doc = proposal(base, reword_point, who)
    mod = next(doc.root.iter(q("mod")))
    ref, qs = mod.find(q("ref")), mod.find(q("quotedStructure"))
    assert ref is not None and qs is not None
    href = ref.get("href", "").rpartition("#")[0] + "#" + target
    ref.set("href", href)
    for d in doc.root.iter(q("destination")):
        d.set("href", href)
    quoted = deepcopy(edit(deepcopy(base.root)))
    quoted.tail = None
    quoted = quoted if marked else accept(quoted)
    for e in quoted.iter():
        if e.get("eId"):
            e.set("eId", f"{qs.get('eId')}__{e.get('eId')}")
    del qs[:]
    qs.append(quoted)
    return ProposalDoc(doc.tree, f"<{who}-quoting>")


def outcomes(base: Resolution, docs: list[ProposalDoc]) -> set[object]:
    """Each order's outcome: the text and edits of resolves 3, or the conflict."""
    out: set[object] = set()
    for order in permutations(docs):
        try:
            c = apply_proposals(base, list(order))
            out.add((etree.tostring(c.result.by_eid[PARA]), tuple(c.edits.get(PARA, ()))))
        except ConflictingAmendmentsError:
            out.add("conflict")
    return out


def test_an_insertion_inside_does_not_change_how_a_marked_mod_is_read(res140: Resolution) -> None:
    """A point inserted into resolves 3 sent a later MOD of it down the general path, which
    diffs the texts instead of reading the marks: 'ALPHA of BETA' became one edit, which then
    clashed with a third proposal's comma after 'of' in that order only."""

    def insert_point(root: etree._Element) -> None:
        last = find(root, f"{PARA}__point_iii")
        new = deepcopy(last)
        next(new.iter(q("p"))).text = "promoting the use of ICTs in health services (Action Line C7);"
        new.find(q("num")).text = "iv)"  # type: ignore[union-attr]
        last.addnext(new)

    def marked(root: etree._Element) -> etree._Element:
        p = find(root, f"{PARA}__intro")[0]
        head, rest = (p.text or "").split("activities ", 1)
        middle, tail = rest.split("the Union", 1)
        p.text = head + "activities "
        for words, after in (("ALPHA ", middle), ("BETA ", "the Union" + tail)):
            etree.SubElement(p, q("ins")).text = words
            p[-1].tail = after
        return find(root, PARA)

    def comma(root: etree._Element) -> None:
        p = find(root, f"{PARA}__intro")[0]
        p.text = (p.text or "").replace("activities of the", "activities of, the", 1)

    docs = [
        proposal(res140, insert_point, "RCC"),
        quoting(res140, PARA, marked, "CHN", marked=True),
        proposal(res140, comma, "EUR"),
    ]
    ((_, edits),) = outcomes(res140, docs)  # type: ignore[misc]
    assert [("".join(e.new), e.by) for e in edits] == [
        ("ALPHA ", "CHN/30/1 (CHN)"),
        (",", "EUR/30/1 (EUR)"),
        ("BETA ", "CHN/30/1 (CHN)"),
    ]


def drop_iii(root: etree._Element) -> None:
    find(root, PARA).remove(find(root, f"{PARA}__point_iii"))


def add_iv(root: etree._Element) -> None:
    iv = deepcopy(find(root, f"{PARA}__point_iii"))
    for e in iv.iter():
        if e.get("eId"):
            e.set("eId", (e.get("eId") or "").replace("point_iii", "point_iv"))
    iv.find(q("num")).text = "iv)"  # type: ignore[union-attr]
    next(iv.iter(q("p"))).text = "a fourth point;"
    find(root, f"{PARA}__point_iii").addnext(iv)


def reword_para_1(root: etree._Element) -> None:
    p = next(find(root, "resolves__para_1").iter(q("p")))
    p.text = (p.text or "") + " with all partners"


@pytest.mark.parametrize(
    ("rcc_edits", "chn_edits"),
    [((drop_iii, reword_point), (drop_iii, reword_para_1)), ((add_iv,), (add_iv, reword_para_1))],
    ids=["both-drop-a-point", "group-restates-a-new-point"],
)
def test_a_restructured_paragraph_and_its_restated_group_conflict_in_either_order(
    res140: Resolution, rcc_edits: tuple[Edit, ...], chn_edits: tuple[Edit, ...]
) -> None:
    """RCC's MOD restructures resolves 3 (drops point iii and rewords point ii; or adds a point
    iv); CHN restates the whole group with the same structure there and paragraph 1 reworded.
    In one order CHN's base words of point ii replaced RCC's without a word, or a KeyError."""

    def quote(edits: tuple[Edit, ...], eid: str) -> Callable[[etree._Element], etree._Element]:
        def build(root: etree._Element) -> etree._Element:
            for edit in edits:
                edit(root)
            return find(root, eid)

        return build

    docs = [
        quoting(res140, PARA, quote(rcc_edits, PARA), "RCC"),
        quoting(res140, "resolves", quote(chn_edits, "resolves"), "CHN"),
    ]
    assert outcomes(res140, docs) == {"conflict"}


def test_a_provision_restated_with_a_point_another_proposal_inserts_conflicts_in_either_order(
    res140: Resolution,
) -> None:
    """RCC inserts a point after point i (its eId, as propose writes it, is point i's); CHN
    restates resolves 3 with that point in it. In one order the new point's words replaced
    those of point i."""

    rcc = proposal(res140, insert_point, "RCC")
    inserted = rcc.changes[0].quoted[0]

    def chn(root: etree._Element) -> etree._Element:
        find(root, f"{PARA}__point_i").addnext(deepcopy(inserted))
        return find(root, PARA)

    assert outcomes(res140, [rcc, quoting(res140, PARA, chn, "CHN")]) == {"conflict"}


def delete(eid: str) -> Edit:
    def edit(root: etree._Element) -> None:
        el = find(root, eid)
        el.getparent().remove(el)  # type: ignore[union-attr]

    return edit


def merged_once(base: Resolution, docs: list[ProposalDoc]) -> tuple[list[tuple[str, str]], bytes]:
    """The brackets of the draft (kind, eId) and the draft, the same from every order."""
    drafts = {etree.tostring(merge_proposals(base, list(o)).draft.root) for o in permutations(docs)}
    assert len(drafts) == 1
    m = merge_proposals(base, docs)
    assert not [i for i in validate_document(m.draft) if i.severity == "error"]
    return [(b.kind, b.eid) for b in m.conflicts], drafts.pop()


def test_a_mod_rewording_a_part_another_deletes_conflicts_in_either_order(res140: Resolution) -> None:
    """RCC deletes point ii; CHN's MOD of the paragraph rewords it (an importer may write a MOD
    so). In one order the deletion took CHN's words with it, without a word."""

    def chn(root: etree._Element) -> etree._Element:
        reword_point(root)
        return find(root, PARA)

    docs = [proposal(res140, delete(f"{PARA}__point_ii"), "RCC"), quoting(res140, PARA, chn, "CHN")]
    assert outcomes(res140, docs) == {"conflict"}
    brackets, draft = merged_once(res140, docs)
    assert brackets == [("mod-sup", PARA)] and b"and across borders" in draft


def test_an_insertion_inside_a_deleted_provision_conflicts_in_either_order(res140: Resolution) -> None:
    """RCC deletes resolves 3; EUR inserts a point into it. In one order the point went with
    the paragraph, and merge (which linked an insertion only to a deleted anchor) lost it."""
    docs = [proposal(res140, delete(PARA), "RCC"), proposal(res140, insert_point, "EUR")]
    assert outcomes(res140, docs) == {"conflict"}
    brackets, draft = merged_once(res140, docs)
    assert brackets == [("deleted-ancestor", PARA)] and b"(Action Line C7)" in draft


def test_merge_keeps_an_insertion_inside_a_provision_bracketed_as_mod_sup(res140: Resolution) -> None:
    """RCC deletes resolves 3, CHN rewords its intro, EUR inserts a point into it: one bracket,
    and EUR's point is in it."""

    def reword_intro(root: etree._Element) -> None:
        p = find(root, f"{PARA}__intro")[0]
        p.text = (p.text or "").replace("give priority", "give high priority")

    docs = [
        proposal(res140, delete(PARA), "RCC"),
        proposal(res140, reword_intro, "CHN"),
        proposal(res140, insert_point, "EUR"),
    ]
    brackets, draft = merged_once(res140, docs)
    assert brackets == [("mod-sup", PARA)] and b"(Action Line C7)" in draft
