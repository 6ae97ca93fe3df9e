"""Brackets in a merged draft: how they are drawn next to markup, what picking one gives, where
competing insertions go, how attribution and the report read, and how ``resolve`` is asked."""

from __future__ import annotations

import re
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from resdraft.akn import E, q, rdp
from resdraft.amend import apply_proposals
from resdraft.attributed import redline_merge
from resdraft.brackets import is_clean, list_brackets
from resdraft.cli import app
from resdraft.eids import reassign_eids, renumber
from resdraft.errors import InputError
from resdraft.merge import Merge, merge_proposals
from resdraft.model import ProposalDoc, Provision, Resolution
from resdraft.propose import ProposalMeta, propose
from resdraft.schemacache import DRIVER, PROFILE, lxml_schema
from resdraft.settle import resolve_brackets
from resdraft.tokens import tokens_of
from resdraft.validate import validate_document
from resdraft.write import to_bytes
from tests.conftest import CHN140, RCC140, RES140

DATE = "2026-11-28"
A = ProposalMeta("AAA/1", (("FIN", "Finland"),), DATE, "AAA/1")
B = ProposalMeta("BBB/2", (("NOR", "Norway"),), DATE, "BBB/2")
C = ProposalMeta("CCC/3", (("SWE", "Sweden"),), DATE, "CCC/3")

Edit = Callable[[etree._Element], None]


def _p(root: etree._Element, eid: str) -> etree._Element:
    el = root.find(f".//*[@eId='{eid}']")
    assert el is not None
    p = el.find(f".//{q('p')}")
    assert p is not None
    return p


def proposal(base: Resolution, meta: ProposalMeta, *edits: Edit) -> ProposalDoc:
    """The proposal that makes ``edits`` to a copy of ``base``."""
    root = deepcopy(base.root)
    for edit in edits:
        edit(root)
    reassign_eids(root[0])
    edited = Resolution(etree.ElementTree(root), "<edited>")
    return ProposalDoc(etree.ElementTree(propose(base, edited, meta)), f"<{meta.proposal_id}>")


def replace_in(eid: str, old: str, new: str, *, child: int | None = None) -> Edit:
    """Replace words in a provision's paragraph text, or in the text of its ``child``-th inline."""

    def edit(root: etree._Element) -> None:
        p = _p(root, eid)
        el = p if child is None else p[child]
        assert old in (el.text or "")
        el.text = (el.text or "").replace(old, new)

    return edit


def unwrap_first_inline(eid: str, old: str, new: str) -> Edit:
    """Drop the first inline element of a provision, keeping its words (``old`` -> ``new``)."""

    def edit(root: etree._Element) -> None:
        p = _p(root, eid)
        inline = p[0]
        words = (inline.text or "").replace(old, new) + (inline.tail or "")
        p.text = (p.text or "") + words
        p.remove(inline)

    return edit


def delete(eid: str) -> Edit:
    def edit(root: etree._Element) -> None:
        el = root.find(f".//*[@eId='{eid}']")
        assert el is not None and el.getparent() is not None
        parent = el.getparent()
        parent.remove(el)  # type: ignore[union-attr]
        renumber(parent)  # type: ignore[arg-type]

    return edit


def add_after(eid: str, *texts: str) -> Edit:
    def edit(root: etree._Element) -> None:
        el = root.find(f".//*[@eId='{eid}']")
        assert el is not None
        for n, text in enumerate(reversed(texts)):
            new = E("paragraph", E("num", "0"), E("content", E("p", text)), eId=f"{eid}x{n}")
            el.addnext(new)
        renumber(el.getparent())  # type: ignore[arg-type]

    return edit


@pytest.fixture(scope="module")
def base() -> Resolution:
    return Resolution.load(RES140)


def valid(m: Merge) -> None:
    assert lxml_schema(DRIVER).validate(m.draft.tree), lxml_schema(DRIVER).error_log
    assert lxml_schema(PROFILE).validate(m.draft.tree), lxml_schema(PROFILE).error_log


def picks_give_each_text(base: Resolution, m: Merge, docs: list[ProposalDoc]) -> None:
    """Settling every bracket of a provision for one proposer gives that proposer's own text."""
    alone = {d.label: apply_proposals(base, [d]).result for d in docs}
    for br in m.conflicts:
        assert br.kind == "overlap"
        for alt in br.alternatives:
            picks = {b.bracket: alt.key for b in m.conflicts if b.eid == br.eid}
            out, _ = resolve_brackets(m.draft, picks, {}, date=DATE, who="chair")
            assert tokens_of(out.by_eid[br.eid]) == tokens_of(alone[alt.key].by_eid[br.eid]), (
                br.bracket,
                alt.key,
            )


# --- 1. overlapping edits next to inline markup ------------------------------------------------

REC_F = "preamble__recalling__rec_f"
NOTING_D = "preamble__noting__rec_d"


def test_overlap_inside_an_italic_title_brackets_the_whole_element(base: Resolution) -> None:
    """One proposer rewords two words of an italic title, the other drops the italics and
    rewords one of them: one bracket over the whole title, each side's own text in it."""
    a = proposal(base, A, replace_in(REC_F, "Implementation", "Carrying out", child=0),
                 replace_in(REC_F, "Outcomes", "Results", child=0))  # fmt: skip
    b = proposal(base, B, unwrap_first_inline(REC_F, "Outcomes", "outcomes,"))
    m = merge_proposals(base, [a, b])
    valid(m)
    assert [br.kind for br in m.conflicts] == ["overlap"]
    texts = {alt.key: alt.text for alt in m.conflicts[0].alternatives}
    assert texts == {
        "AAA": "WSIS+10 Statement on the Carrying out of WSIS Results",
        "BBB": "WSIS+10 Statement on the Implementation of WSIS outcomes,",
    }
    picks_give_each_text(base, m, [a, b])


def test_overlap_at_the_end_of_a_reference_takes_in_the_reference(base: Resolution) -> None:
    def a_edit(root: etree._Element) -> None:
        p = _p(root, NOTING_D)
        p[0].text = (p[0].text or "").replace("Busan", "Elsewhere")
        p[0].tail = (p[0].tail or "").replace("this conference", "that conference")

    def b_edit(root: etree._Element) -> None:
        p = _p(root, NOTING_D)
        p[0].text = (p[0].text or "") + " [rev.]"
        p[0].tail = (p[0].tail or "").replace("of this conference", "of the Plenipotentiary Conference")

    a, b = proposal(base, A, a_edit), proposal(base, B, b_edit)
    m = merge_proposals(base, [a, b])
    valid(m)
    assert len(m.conflicts) == 1
    picks_give_each_text(base, m, [a, b])


def test_cli_merge_and_redline_do_not_crash_next_to_markup(base: Resolution, tmp_path: Path) -> None:
    a = proposal(base, A, replace_in(REC_F, "Outcomes", "Results", child=0))
    b = proposal(base, B, unwrap_first_inline(REC_F, "Outcomes", "outcomes,"))
    paths = []
    for doc, name in ((a, "a.xml"), (b, "b.xml")):
        paths.append(tmp_path / name)
        paths[-1].write_bytes(to_bytes(doc.root))
    r = CliRunner().invoke(app, ["merge", str(RES140), *map(str, paths), "-o", str(tmp_path / "d.xml")])
    assert r.exit_code == 1, r.output
    r = CliRunner().invoke(app, ["redline", str(RES140), *map(str, paths), "-f", "text", "--changes-only"])
    assert r.exit_code == 0, r.output


# --- 2. white space at the edges of brackets --------------------------------------------------


def test_picking_either_bundled_alternative_gives_that_proposers_text(base: Resolution) -> None:
    docs = [ProposalDoc.load(RCC140), ProposalDoc.load(CHN140)]
    m = merge_proposals(base, docs)
    m = Merge(m.draft, m.base, m.proposals, tuple(b for b in m.conflicts if b.kind == "overlap"),
              m.notes, m.origin, m.by, m.edits, m.removed)  # fmt: skip
    picks_give_each_text(base, m, docs)


REC_D = "preamble__recognizing__rec_d"


def test_deleting_words_against_rewording_them_spaces_right(base: Resolution) -> None:
    a = proposal(base, A, replace_in(REC_D, "held jointly by", "held by"))
    b = proposal(base, B, replace_in(REC_D, "held jointly by", "held together by"))
    m = merge_proposals(base, [a, b])
    assert len(m.conflicts) == 1
    picks_give_each_text(base, m, [a, b])


def test_agreed_text_is_spaced_from_the_words_beside_it(base: Resolution) -> None:
    a = proposal(base, A, replace_in(REC_D, ", held jointly by ITU, UNESCO, UNCTAD and UNDP,", ""))
    b = proposal(base, B, replace_in(REC_D, "held jointly by ITU, UNESCO, UNCTAD and UNDP", "run by all"))
    m = merge_proposals(base, [a, b])
    (br,) = m.conflicts
    out, _ = resolve_brackets(m.draft, {}, {br.bracket: "held by many"}, date=DATE, who="chair")
    assert re.search(r"\w held by many as a meeting", Provision(out.by_eid[REC_D]).text)
    out, _ = resolve_brackets(m.draft, {}, {br.bracket: ", held by many,"}, date=DATE, who="chair")
    text = Provision(out.by_eid[REC_D]).text
    assert re.search(r"\w, held by many, as a meeting", text) and " ," not in text


# --- 3. proposals that together delete a whole keyword group ---------------------------------

SAT = "preamble__notingWithSatisfaction"


def test_deleting_every_item_of_a_group_between_two_proposals_removes_the_group(base: Resolution) -> None:
    a = proposal(base, A, delete(f"{SAT}__rec_c"), delete(f"{SAT}__rec_a"))
    b = proposal(base, B, delete(f"{SAT}__rec_b"))
    m = merge_proposals(base, [a, b])
    valid(m)
    assert SAT not in m.draft.by_eid and not m.conflicts
    assert set(m.removed[SAT].split("+")) == {"AAA/1/1 (FIN)", "AAA/1/2 (FIN)", "BBB/2/1 (NOR)"}
    assert not [e for e in redline_merge(m).entries if e.eid.startswith(SAT) and e.kind != "removed"]


def test_settling_the_last_item_of_a_group_away_removes_the_group(base: Resolution) -> None:
    a = proposal(base, A, delete(f"{SAT}__rec_c"), delete(f"{SAT}__rec_a"))
    b = proposal(base, B, delete(f"{SAT}__rec_b"), replace_in(f"{SAT}__rec_c", "the work", "the useful work"))
    m = merge_proposals(base, [a, b])
    valid(m)
    (br,) = m.conflicts
    out, _ = resolve_brackets(m.draft, {br.bracket: "AAA"}, {}, date=DATE, who="chair")
    assert is_clean(out) and SAT not in out.by_eid
    assert not [i for i in validate_document(out) if i.severity == "error"]


# --- 4. resolve -------------------------------------------------------------------------------

SG6 = "instructsTheSecretaryGeneral__para_6"


@pytest.fixture(scope="module")
def bundled(base: Resolution) -> Merge:
    return merge_proposals(base, [ProposalDoc.load(RCC140), ProposalDoc.load(CHN140)])


def test_an_alternatives_eid_names_its_bracket(bundled: Merge) -> None:
    out, decided = resolve_brackets(bundled.draft, {f"{SG6}-alt2": "RCC"}, {}, date=DATE, who="chair")
    assert decided == ((SG6, "RCC/13/7 (RUS, ARM, KGZ, BLR)"),)
    assert not any(b.eid == SG6 for b in list_brackets(out))
    assert "follow-up of the overall review" not in " ".join(Provision(e).text for e in out.by_eid.values())
    alt = next(a for b in bundled.conflicts if b.bracket == SG6 for a in b.alternatives if a.key == "CHN")
    out, decided = resolve_brackets(bundled.draft, {f"{SG6}-alt2": "CHN"}, {}, date=DATE, who="chair")
    assert Provision(out.by_eid[SG6]).text == alt.text
    inline = next(b for b in bundled.conflicts if b.kind == "overlap")
    _, decided = resolve_brackets(bundled.draft, {f"{inline.bracket}__alt_2": "RCC"}, {}, date=DATE, who="c")
    assert decided[0][0] == inline.bracket
    with pytest.raises(InputError, match="name the same bracket"):
        resolve_brackets(bundled.draft, {SG6: "RCC", f"{SG6}-alt2": "CHN"}, {}, date=DATE, who="chair")


def test_base_keeps_the_provision_of_a_deletion_bracket(base: Resolution, bundled: Merge) -> None:
    out, decided = resolve_brackets(bundled.draft, {SG6: "base"}, {}, date=DATE, who="chair")
    assert decided == ((SG6, "base text"),)
    kept = out.by_eid[SG6]
    assert tokens_of(kept) == tokens_of(base.by_eid["instructsTheSecretaryGeneral__para_5"])
    assert not [k for k in kept.attrib if k in ("status", "alternativeTo", rdp("conflict"), rdp("by"))]
    assert not any(b.eid == SG6 for b in list_brackets(out))


def test_a_provision_that_is_no_bracket_is_refused_with_the_brackets_in_it(bundled: Merge) -> None:
    rec_b = "preamble__noting__rec_b"
    with pytest.raises(InputError, match="no open bracket") as got:
        resolve_brackets(bundled.draft, {rec_b: "RCC"}, {}, date=DATE, who="chair")
    assert got.value.hint == f"brackets in {rec_b}: {rec_b}__brk_1, {rec_b}__brk_2"


def test_decisions_file_keeps_hashes_inside_agreed_text(tmp_path: Path) -> None:
    from resdraft.cli.merge import _decisions_file

    f = tmp_path / "decisions.txt"
    f.write_text("# the chair's decisions\n  # indented comment\n"
                 "x__brk_1 text words with #hash and C# inside  # not a comment either\n"
                 "x__brk_2 pick RCC   # agreed on Monday\n"
                 "x__brk_3 pick CHN#2\n", encoding="utf-8")  # fmt: skip
    picks, texts = _decisions_file(f)
    assert texts == {"x__brk_1": "words with #hash and C# inside  # not a comment either"}
    assert picks == {"x__brk_2": "RCC", "x__brk_3": "CHN#2"}


# --- 5. three proposals: attribution per edit, and the report ----------------------------------


def test_an_edit_beside_a_bracket_keeps_its_own_proposer(base: Resolution) -> None:
    c = proposal(base, C, replace_in("resolves__para_2", "post-2015 development agenda", "development goals"))
    m = merge_proposals(base, [ProposalDoc.load(RCC140), ProposalDoc.load(CHN140), c])
    entry = next(e for e in redline_merge(m).entries if e.eid == "resolves__para_2")
    inserted = {
        "".join(s.text) if isinstance(s.text, tuple) else s.text: s.by for s in entry.segments if s.op == 1
    }
    chn = next(by for text, by in inserted.items() if "digital transformation" in text)
    assert chn == "CHN/14/2 (CHN)"
    notes = {(n.kind, n.by) for n in m.notes}
    assert ("combined", ("CHN/14/2 (CHN)",)) in notes


# --- 6. competing insertions next to a deleted provision ---------------------------------------

SG = "instructsTheSecretaryGeneral"


def test_insertions_after_a_deleted_provision_go_where_it_was(base: Resolution) -> None:
    s = proposal(base, A, delete(f"{SG}__para_5"), add_after(f"{SG}__para_1", "to do a first new thing;",
                                                             "to do a second new thing;"))  # fmt: skip
    p1 = proposal(base, B, add_after(f"{SG}__para_5", "to do what Norway asks;"))
    p2 = proposal(base, C, add_after(f"{SG}__para_5", "to do what Sweden asks;"))
    assert [(ch.target, ch.pos or "after") for ch in p1.changes] == [(f"{SG}__para_5", "after")]
    m = merge_proposals(base, [s, p1, p2])
    valid(m)
    group = m.draft.by_eid[SG]
    texts = [Provision(k).text for k in group if k.get("eId")]
    roadmaps = next(i for i, t in enumerate(texts) if "roadmaps" in t)
    assert texts[roadmaps + 1 : roadmaps + 3] == ["to do what Norway asks;", "to do what Sweden asks;"]
    assert "attention of the Secretary-General" in texts[roadmaps + 3]
    (br,) = m.conflicts
    out, decided = resolve_brackets(m.draft, {br.bracket: "base"}, {}, date=DATE, who="chair")
    assert decided == ((br.bracket, "base text"),) and is_clean(out)
    assert not [t for t in (Provision(e).text for e in out.by_eid.values()) if "asks;" in t]
    assert not [i for i in validate_document(out) if i.severity == "error"]


def replace_group(group: str, text: str) -> Edit:
    """Every paragraph of a keyword group replaced by one of the proposer's own."""

    def edit(root: etree._Element) -> None:
        g = root.find(f".//*[@eId='{group}']")
        assert g is not None
        for p in g.findall(q("paragraph")):
            g.remove(p)
        g.append(E("paragraph", E("num", "1"), E("content", E("p", text)), eId=f"{group}__para_1"))

    return edit


def test_two_proposals_that_each_replace_a_whole_group_are_an_add_add_bracket(base: Resolution) -> None:
    """Both delete every item of the group and each adds its own: apply, told to leave the
    competing ADDs to merge, must not remove the group they go into."""
    a = proposal(base, A, replace_group("invitesMemberStates", "to do what the first proposal asks;"))
    b = proposal(base, B, replace_group("invitesMemberStates", "to do what the second proposal asks;"))
    m = merge_proposals(base, [a, b])
    assert [c.kind for c in m.conflicts] == ["add-add"]
    valid(m)


def test_show_brackets_an_alternative_with_its_points(base: Resolution) -> None:
    """One proposal deletes resolves 3, another edits its point i): shown as text, the deleting
    alternative leaves the points out and the other holds them inside its brackets."""
    from resdraft.render.terminal import plain_text, show_resolution

    a = proposal(base, A, delete("resolves__para_3"))
    b = proposal(base, B, replace_in("resolves__para_3__point_i", "rural and remote", "rural, remote"))
    m = merge_proposals(base, [a, b])
    text = " ".join(plain_text(show_resolution(m.draft, ids=False)).split())
    assert "3 [AAA: delete] 3 [BBB: that the activities" in text
    assert "rural, remote areas;" in text and text.count("rural and remote areas") == 0
    assert "encourage investment;] 4 to use the WSIS Forum" in text


def test_review_names_how_each_pair_in_a_three_way_bracket_conflicts(
    base: Resolution, tmp_path: Path
) -> None:
    """A deletes resolves 5, B and C each reword it: B and C do not delete, so the review says
    they both modify what a third proposal deletes, not that one deletes what the other modifies."""
    from resdraft.review.controller import Controller
    from resdraft.session import Review, begin

    docs = [
        proposal(base, A, delete("resolves__para_5")),
        proposal(base, B, replace_in("resolves__para_5", "an active part", "a full part")),
        proposal(base, C, replace_in("resolves__para_5", "acts coherently", "acts as one")),
    ]
    paths = []
    for d in docs:
        paths.append(tmp_path / f"{d.label}.xml")
        paths[-1].write_bytes(to_bytes(d.root))
    res = tmp_path / "res.xml"
    res.write_bytes(RES140.read_bytes())
    s = begin(tmp_path / "s.json", res, paths)
    ctl = Controller(s, Review.load(s), "chair")
    assert ctl.conflicts["BBB/2/1"] == {"AAA/1/1": "mod-sup", "CCC/3/1": "both-modify"}


def test_a_renumbering_is_credited_to_the_proposal_that_caused_it(base: Resolution) -> None:
    """A adds a paragraph after resolves 4, which makes 5 into 6; B rewords 5. The number's
    change is A's, the words' B's: in Word, rejecting B's changes must not bring back a 5."""
    from resdraft.render.html import html_bytes, redline_html

    a = proposal(base, A, add_after("resolves__para_4", "to add a paragraph of our own;"))
    b = proposal(base, B, replace_in("resolves__para_5", "an active part", "a full part"))
    m = merge_proposals(base, [a, b])
    r = redline_merge(m)
    (five,) = [e for e in r.entries if e.old_eid == "resolves__para_5"]
    assert (five.old_num, five.new_num, five.by, five.renumbered_by) == (
        "5",
        "6",
        ("BBB/2/1 (NOR)",),
        "AAA/1/1 (FIN)",
    )
    html = html_bytes(redline_html(r, m.base, m.draft)).decode()
    assert (
        '<del title="Deleted by AAA/1/1 (FIN)"'
        in html.split("an active part")[0].rsplit("resolves__para_5", 1)[-1]
    )


def test_deleting_a_provision_against_deleting_one_of_its_points(base: Resolution) -> None:
    """A deletes resolves 3; B deletes only its point i), keeping the rest: a deleted-ancestor
    bracket (merge stopped with "deletes ..., which AAA deletes"), B's alternative without i)."""
    from resdraft.render.terminal import plain_text, show_resolution

    a = proposal(base, A, delete("resolves__para_3"))
    b = proposal(base, B, delete("resolves__para_3__point_i"))
    for docs in ([a, b], [b, a]):
        m = merge_proposals(base, docs)
        assert [(c.kind, c.eid) for c in m.conflicts] == [("deleted-ancestor", "resolves__para_3")]
        valid(m)
    text = " ".join(plain_text(show_resolution(m.draft, ids=False)).split())
    assert "3 [AAA: delete] 3 [BBB: that the activities" in text
    assert "to: i) building confidence and security" in text  # ii) is now i)
