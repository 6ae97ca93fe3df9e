"""Apply gives one outcome whatever the order of the proposals: the same text and edits, or a
conflict in every order. Each case here was once lost, or read otherwise, in one order."""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from itertools import permutations

from lxml import etree

from resdraft.akn import q
from resdraft.amend import apply_proposals
from resdraft.errors import ConflictingAmendmentsError
from resdraft.marks import accept
from resdraft.model import ProposalDoc, Resolution
from resdraft.propose import ProposalMeta, propose

PARA = "resolves__para_3"
Edit = Callable[[etree._Element], None]


def meta(who: str) -> ProposalMeta:
    return ProposalMeta(f"{who}/30/1", ((who, who),), "2026-11-28", f"{who}/30")


def find(root: etree._Element, eid: str) -> etree._Element:
    return next(e for e in root.iter() if e.get("eId") == eid)


def proposal(base: Resolution, edit: Edit, who: str) -> ProposalDoc:
    root = deepcopy(base.root)
    edit(root)
    doc = propose(base, Resolution(etree.ElementTree(root), "<edited>"), meta(who))
    return ProposalDoc(etree.ElementTree(doc), f"<{who}>")


def reword_point_ii(root: etree._Element) -> None:
    p = next(find(root, f"{PARA}__point_ii").iter(q("p")))
    p.text = (p.text or "") + " and across borders"


def quoting(base: Resolution, target: str, edit: Callable[[etree._Element], etree._Element], who: str, *,
            marked: bool = False) -> ProposalDoc:  # fmt: skip
    """A proposal whose one MOD of ``target`` quotes what ``edit`` makes of a copy of the base
    (its marks kept if ``marked``, else accepted): quotes ``propose`` would not write."""
    doc = proposal(base, reword_point_ii, who)
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


def test_restructurings_of_a_provision_and_of_its_group_conflict_in_either_order(res140: Resolution) -> None:
    """RCC drops point iii of resolves 3 and rewords point ii; CHN restates the whole group
    with point iii dropped too, point ii as it was and paragraph 1 reworded. In one order CHN's
    base words of point ii replaced RCC's, without a word."""

    def rcc(root: etree._Element) -> etree._Element:
        drop_iii(root)
        reword_point_ii(root)
        return find(root, PARA)

    def chn(root: etree._Element) -> etree._Element:
        drop_iii(root)
        reword_para_1(root)
        return find(root, "resolves")

    docs = [quoting(res140, PARA, rcc, "RCC"), quoting(res140, "resolves", chn, "CHN")]
    assert outcomes(res140, docs) == {"conflict"}


def test_a_group_restated_with_a_point_another_proposal_adds_conflicts_in_either_order(
    res140: Resolution,
) -> None:
    """RCC's MOD gives resolves 3 a point iv; CHN restates the group with that point and
    paragraph 1 reworded. In one order this failed with a KeyError, in the other it applied."""

    def rcc(root: etree._Element) -> etree._Element:
        add_iv(root)
        return find(root, PARA)

    def chn(root: etree._Element) -> etree._Element:
        add_iv(root)
        reword_para_1(root)
        return find(root, "resolves")

    docs = [quoting(res140, PARA, rcc, "RCC"), quoting(res140, "resolves", chn, "CHN")]
    assert outcomes(res140, docs) == {"conflict"}


def test_a_provision_restated_with_a_point_another_proposal_inserts_conflicts_in_either_order(
    res140: Resolution,
) -> None:
    """RCC inserts a point after point i (its eId, as propose writes it, is point i's); CHN
    restates resolves 3 with that point in it. In one order the new point's words replaced
    those of point i."""

    def insert_after_i(root: etree._Element) -> None:
        first = find(root, f"{PARA}__point_i")
        new = deepcopy(first)
        next(new.iter(q("p"))).text = "promoting the use of ICTs in health services (Action Line C7);"
        first.addnext(new)
        for n, point in enumerate(find(root, PARA).findall(q("point"))):
            point.find(q("num")).text = ("i)", "ii)", "iii)", "iv)")[n]  # type: ignore[union-attr]

    rcc = proposal(res140, insert_after_i, "RCC")
    inserted = rcc.changes[0].quoted[0]

    def chn(root: etree._Element) -> etree._Element:
        find(root, f"{PARA}__point_i").addnext(deepcopy(inserted))
        return find(root, PARA)

    assert outcomes(res140, [rcc, quoting(res140, PARA, chn, "CHN")]) == {"conflict"}
