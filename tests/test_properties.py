"""The algebra: applying the proposal derived from a diff reproduces the edited text;
diffing a text with itself finds nothing; everything produced validates."""

from __future__ import annotations

from copy import deepcopy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from resdraft.akn import E, iter_provisions, local, q
from resdraft.amend import apply_proposals
from resdraft.eids import reassign_eids, renumber
from resdraft.model import ProposalDoc, Provision, Resolution
from resdraft.propose import ProposalMeta, propose
from resdraft.redline import ProvisionChange, diff_documents
from resdraft.schemacache import DRIVER, PROFILE, lxml_schema
from tests.conftest import RES140, RES1332

BASES = {"140": Resolution.load(RES140), "1332": Resolution.load(RES1332)}
VOCAB = ["digital", "economy", "Member", "States", "shall", "encourage", "the", "Union", ",", "2030", "ICT"]
META = ProposalMeta("TST/1", (("RUS", "Russian Federation"), ("ARM", "Armenia")), "2026-11-28", "TST/1")


@st.composite
def edits(draw: st.DrawFn) -> tuple[str, list[tuple[str, int, int, list[str]]]]:
    """A base and a list of (operation, provision index, word index, words)."""
    which = draw(st.sampled_from(sorted(BASES)))
    n = len([p for p in iter_provisions(BASES[which].doc) if local(p) in ("recital", "paragraph", "point")])
    op = st.tuples(
        st.sampled_from(["replace", "insert", "delete-words", "drop", "add", "move", "restructure"]),
        st.integers(0, n - 1),
        st.integers(0, 40),
        st.lists(st.sampled_from(VOCAB), min_size=1, max_size=4),
    )
    return which, draw(st.lists(op, min_size=1, max_size=5))


def _items(doc: etree._Element) -> list[etree._Element]:
    return [p for p in iter_provisions(doc) if local(p) in ("recital", "paragraph", "point")]


def make_edited(base: Resolution, ops: list[tuple[str, int, int, list[str]]]) -> Resolution:
    root = deepcopy(base.root)
    touched: list[etree._Element] = []
    for kind, idx, at, words in ops:
        items = _items(root[0])
        el = items[idx % len(items)]
        p = el.find(f".//{q('p')}")
        if kind in ("replace", "insert", "delete-words") and p is not None and p.text:
            ws = p.text.split(" ")
            i = at % len(ws)
            if kind == "replace":
                ws[i] = " ".join(words)
            elif kind == "insert":
                ws[i:i] = words
            elif len(ws) > 3:
                del ws[i : i + len(words)]
            p.text = " ".join(ws)
        elif kind == "drop":
            parent = el.getparent()
            assert parent is not None
            if len([c for c in parent if local(c) == local(el)]) > 1:
                parent.remove(el)
                touched.append(parent)
        elif kind == "add" and local(el) != "point":
            new = deepcopy(el)
            for sub in list(new):
                if local(sub) not in ("num", "p", "content"):
                    new.remove(sub)
            if new.find(q("content")) is None and local(new) == "paragraph":
                new.append(E("content", E("p", "")))
            target = new.find(f".//{q('p')}")
            assert target is not None
            for c in list(target):
                target.remove(c)
            target.text = " ".join(["to", *words, ";"])
            for e in new.iter():
                if e.get("eId"):
                    e.set("eId", e.get("eId", "") + "x")
            el.addnext(new)
            touched.append(el.getparent())  # type: ignore[arg-type]
        elif kind == "restructure" and local(el) == "paragraph":
            restructure(el, words)
        elif kind == "move" and local(el) in ("recital", "paragraph"):
            # to the end of another keyword group, sub-provisions and later edits included
            parent = el.getparent()
            assert parent is not None
            groups = [
                g
                for g in root[0].iter(parent.tag)
                if g is not parent and any(local(c) == local(el) for c in g)
            ]
            if groups and len([c for c in parent if local(c) == local(el)]) > 1:
                dest = groups[at % len(groups)]
                [c for c in dest if local(c) == local(el)][-1].addnext(el)
                touched += [parent, dest]
    for parent in touched:
        renumber(parent)
    reassign_eids(root[0])
    return Resolution(etree.ElementTree(root), "<edited>")


def restructure(para: etree._Element, words: list[str]) -> None:
    """A paragraph loses all its points (its intro becomes its content), or gains a first one
    (its content becomes its intro): what ``propose`` quotes whole, as a structural MOD."""
    points = para.findall(q("point"))
    intro, content = para.find(q("intro")), para.find(q("content"))
    if points and intro is not None:
        for point in points:
            para.remove(point)
        intro.tag = q("content")
        intro.attrib.pop("eId", None)
    elif not points and content is not None:
        content.tag = q("intro")
        content.set("eId", f"{para.get('eId')}__intro")
        point = E("point", E("num", "i)"), E("content", E("p", " ".join([*words, ";"]))))
        point.set("eId", f"{para.get('eId')}__point_i")
        para.append(point)


def snapshot(res: Resolution) -> list[tuple[str, str, str | None]]:
    return [(p.eid, p.text, p.num) for p in (Provision(e) for e in iter_provisions(res.doc))]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits())
def test_apply_of_propose_reproduces_the_edit(
    case: tuple[str, list[tuple[str, int, int, list[str]]]],
) -> None:
    which, ops = case
    base = BASES[which]
    edited = make_edited(base, ops)
    if snapshot(edited) == snapshot(base):
        return
    proposal = ProposalDoc(etree.ElementTree(propose(base, edited, META)), "<proposal>")
    assert lxml_schema(DRIVER).validate(proposal.tree), lxml_schema(DRIVER).error_log
    assert lxml_schema(PROFILE).validate(proposal.tree), lxml_schema(PROFILE).error_log
    result = apply_proposals(base, [proposal])
    assert snapshot(result.result) == snapshot(edited)
    assert lxml_schema(DRIVER).validate(result.result.tree), lxml_schema(DRIVER).error_log


def test_a_moved_paragraph_with_an_edited_point_is_one_sup_and_one_add() -> None:
    """The ADD quotes the moved paragraph as it now reads; a MOD of its point as well would
    change what the SUP deletes (apply refuses that)."""
    base = BASES["140"]
    root = deepcopy(base.root)
    para = next(e for e in root[0].iter(q("paragraph")) if e.get("eId") == "resolves__para_3")
    point = next(e for e in para.iter(q("point")) if e.get("eId") == "resolves__para_3__point_ii")
    p = point.find(f".//{q('p')}")
    assert p is not None and p.text
    p.text = "amended words, " + p.text
    old_parent = para.getparent()
    dest = next(e for e in root[0].iter(q("hcontainer")) if e.get("eId") == "instructsTheSecretaryGeneral")
    [c for c in dest if local(c) == "paragraph"][-1].addnext(para)
    for parent in (old_parent, dest):
        assert parent is not None
        renumber(parent)
    reassign_eids(root[0])
    edited = Resolution(etree.ElementTree(root), "<edited>")
    proposal = ProposalDoc(etree.ElementTree(propose(base, edited, META)), "<proposal>")
    actions = [(ch.action, ch.target) for ch in proposal.changes]
    assert ("SUP", "resolves__para_3") in actions
    assert not [t for a, t in actions if a == "MOD" and t.startswith("resolves__para_3__")]
    assert snapshot(apply_proposals(base, [proposal]).result) == snapshot(edited)


def test_a_new_preamble_formula_is_a_valid_mod() -> None:
    """Each conference restates the formula ("The Plenipotentiary Conference ... (Dubai, 2018),"):
    the MOD quotes a <formula>, which the official schema and the profile both accept."""
    base = BASES["140"]
    root = deepcopy(base.root)
    formula = next(root[0].iter(q("formula")))
    p = formula.find(q("p"))
    assert p is not None and p.text
    p.text = p.text.replace(p.text.split()[-1], "(Dubai, 2018),")
    edited = Resolution(etree.ElementTree(root), "<edited>")
    proposal = ProposalDoc(etree.ElementTree(propose(base, edited, META)), "<proposal>")
    assert [(ch.action, ch.target) for ch in proposal.changes] == [("MOD", "preamble__formula_1")]
    assert lxml_schema(DRIVER).validate(proposal.tree), lxml_schema(DRIVER).error_log
    assert lxml_schema(PROFILE).validate(proposal.tree), lxml_schema(PROFILE).error_log
    assert snapshot(apply_proposals(base, [proposal]).result) == snapshot(edited)


@settings(max_examples=30, deadline=None)
@given(edits())
def test_diff_finds_every_edit_and_nothing_else(
    case: tuple[str, list[tuple[str, int, int, list[str]]]],
) -> None:
    which, ops = case
    base = BASES[which]
    edited = make_edited(base, ops)
    assert not diff_documents(edited, edited).changes
    r = diff_documents(base, edited)
    base_texts = {p.text for p in map(Provision, iter_provisions(base.doc))}
    new_words = {p.eid for p in map(Provision, iter_provisions(edited.doc)) if p.text not in base_texts}
    edited_texts = {p.text for p in map(Provision, iter_provisions(edited.doc))}
    lost = {p.eid for p in map(Provision, iter_provisions(base.doc)) if p.text not in edited_texts}
    reported = {e.eid for e in r.entries if e.kind in ("modified", "added")}
    assert new_words <= reported
    assert lost <= {e.old_eid for e in r.entries if e.kind in ("modified", "removed")}
    short = diff_documents(base, edited, full=False)  # the changes-only list is the same list

    def key(e: ProvisionChange) -> tuple[object, ...]:
        return (e.kind, e.eid, e.old_eid, e.label, e.depth, e.old_num, e.new_num, e.moved, e.segments)

    assert [key(e) for e in short.changes] == [key(e) for e in r.changes]
    assert short.counts() == r.counts()
    bare = diff_documents(base, edited, full=False, context=False)  # no keyword groups as headings
    assert [key(e) for e in bare.entries] == [key(e) for e in r.changes]
    summary = diff_documents(base, edited, full=False, words=False)  # what a folder diff lists
    assert [key(e)[:-1] for e in summary.changes] == [key(e)[:-1] for e in r.changes]
    assert summary.counts() == r.counts()


def test_changes_only_keeps_a_deletion_after_an_unchanged_provision() -> None:
    """Regression: the changes-only walk skipped the provisions removed after an unchanged one."""
    base = BASES["140"]
    edited = Resolution(deepcopy(base.tree))
    gone = edited.by_eid["preamble__considering__rec_c"]
    gone.getparent().remove(gone)  # type: ignore[union-attr]
    full, short = diff_documents(base, edited), diff_documents(base, edited, full=False)
    assert [e.eid for e in short.changes if e.kind == "removed"] == ["preamble__considering__rec_c"]
    assert short.counts() == full.counts() == {**full.counts(), "removed": 1}


def test_diff_of_a_text_with_itself_is_empty() -> None:
    for base in BASES.values():
        assert not diff_documents(base, base).changes
