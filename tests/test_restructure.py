"""A MOD that restructures a provision (it gains its first sub-provision or loses its last, see
``propose``) replaces it whole. Another proposal's change inside it (a MOD, an insertion, a
deletion) is a conflict in ``apply``, in either order: applied after it, the change was written
into the text it replaced and lost; applied before it, the restructuring overwrote it. Neither
said so. ``merge`` brackets the two versions of the provision, whatever the order."""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from resdraft.akn import q, rdp
from resdraft.amend import apply_proposals
from resdraft.brackets import alternatives_of, list_brackets
from resdraft.cli import app
from resdraft.errors import ConflictingAmendmentsError
from resdraft.merge import merge_proposals
from resdraft.model import ProposalDoc, Resolution
from resdraft.propose import ProposalMeta, propose
from resdraft.quotes import own_words
from resdraft.validate import validate_document
from resdraft.write import to_bytes
from tests.conftest import RES140

PARA = "resolves__para_3"
MARK = "restructured-by-rcc"
RCC = ProposalMeta("RCC/20/1", (("RUS", "Russian Federation"),), "2026-11-28", "RCC/20")
CHN = ProposalMeta("CHN/21/1", (("CHN", "China"),), "2026-11-28", "CHN/21")


def proposal(base: Resolution, edit: Callable[[etree._Element], None], meta: ProposalMeta) -> ProposalDoc:
    """The proposal ``propose`` writes for ``edit`` made to a copy of ``base``."""
    root = deepcopy(base.root)
    edit(root)
    edited = Resolution(etree.ElementTree(root), "<edited>")
    return ProposalDoc(etree.ElementTree(propose(base, edited, meta)), f"<{meta.document}>")


def find(root: etree._Element, eid: str) -> etree._Element:
    return next(e for e in root.iter() if e.get("eId") == eid)


def drop_points(root: etree._Element) -> None:
    """Paragraph 3 loses its points: its intro becomes its content, with words added."""
    para = find(root, PARA)
    for point in para.findall(q("point")):
        para.remove(point)
    intro = para.find(q("intro"))
    assert intro is not None
    intro.tag = q("content")
    del intro.attrib["eId"]
    p = intro[0]
    p.text = (p.text or "").replace("give priority", f"give priority ({MARK})")


def reword_point(root: etree._Element) -> None:
    p = next(find(root, f"{PARA}__point_ii").iter(q("p")))
    p.text = (p.text or "") + " and across borders"


def insert_point(root: etree._Element) -> None:
    first = find(root, f"{PARA}__point_i")
    new = deepcopy(first)
    next(new.iter(q("p"))).text = "promoting the use of ICTs in health services (Action Line C7);"
    first.addnext(new)
    for n, point in enumerate(find(root, PARA).findall(q("point"))):
        point.find(q("num")).text = ("i)", "ii)", "iii)", "iv)")[n]  # type: ignore[union-attr]


def delete_point(root: etree._Element) -> None:
    find(root, PARA).remove(find(root, f"{PARA}__point_ii"))


INSIDE = {"mod": reword_point, "add": insert_point, "sup": delete_point}


@pytest.fixture
def restructuring(res140: Resolution) -> ProposalDoc:
    doc = proposal(res140, drop_points, RCC)
    assert [(c.action, c.target) for c in doc.changes] == [("MOD", PARA)]
    return doc


@pytest.fixture(params=sorted(INSIDE))
def inside(request: pytest.FixtureRequest, res140: Resolution) -> ProposalDoc:
    doc = proposal(res140, INSIDE[request.param], CHN)
    assert [c.action for c in doc.changes] == [request.param.upper()]
    return doc


def test_each_applies_alone(res140: Resolution, restructuring: ProposalDoc, inside: ProposalDoc) -> None:
    c = apply_proposals(res140, [restructuring])
    assert MARK in own_words(c.result.by_eid[PARA]) and f"{PARA}__point_i" not in c.result.by_eid
    apply_proposals(res140, [inside])


def test_a_change_inside_a_restructured_provision_conflicts_in_either_order(
    res140: Resolution, restructuring: ProposalDoc, inside: ProposalDoc
) -> None:
    target = inside.changes[0].target
    with pytest.raises(ConflictingAmendmentsError) as after:
        apply_proposals(res140, [restructuring, inside])
    assert after.value.eid == target and "RCC/20/1" in str(after.value)
    assert f"inside '{PARA}', which RCC/20/1 (RUS) restructures" in str(after.value)
    with pytest.raises(ConflictingAmendmentsError) as before:
        apply_proposals(res140, [inside, restructuring])
    assert before.value.eid == PARA and "CHN/21/1 (CHN)" in str(before.value)


def test_merge_brackets_both_versions_in_either_order(
    res140: Resolution, restructuring: ProposalDoc, inside: ProposalDoc
) -> None:
    one = merge_proposals(res140, [restructuring, inside])
    two = merge_proposals(res140, [inside, restructuring])
    assert to_bytes(one.draft.root) == to_bytes(two.draft.root)
    (bracket,) = list_brackets(one.draft)
    assert (bracket.kind, bracket.eid) == ("restructure", PARA)
    text = {a.key: " ".join(a.text.split()) for a in bracket.alternatives}
    assert MARK in text["RCC"] and MARK not in text["CHN"]
    assert "(Action Line C6)" in text["CHN"] and "(Action Line C6)" not in text["RCC"]
    assert "to: i) building information" in text["CHN"]  # each part after its number
    errors = [i for i in validate_document(one.draft) if i.severity == "error"]
    assert not errors, errors


def test_cli_apply_names_both_and_writes_nothing(
    tmp_path: Path, restructuring: ProposalDoc, inside: ProposalDoc
) -> None:
    paths = []
    for name, doc in (("rcc.xml", restructuring), ("chn.xml", inside)):
        paths.append(tmp_path / name)
        paths[-1].write_bytes(to_bytes(doc.root))
    out = tmp_path / "out.xml"
    got = CliRunner().invoke(app, ["apply", str(RES140), *map(str, paths), "-o", str(out)])
    assert got.exit_code != 0 and not out.exists()
    assert "restructures" in got.output and "resdraft merge" in got.output


def test_bracketed_versions_follow_the_renumbering_of_the_provision(
    res140: Resolution, restructuring: ProposalDoc
) -> None:
    """A third proposal deletes paragraph 1, so paragraph 3 is paragraph 2 in the draft: the
    parts of each version (its intro, its points) are named after the new number too."""

    def drop_first(root: etree._Element) -> None:
        first = find(root, "resolves__para_1")
        first.getparent().remove(first)  # type: ignore[union-attr]

    third = proposal(res140, drop_first, ProposalMeta("EUR/22/1", (("F", "France"),), "2026-11-28", "EUR/22"))
    chn = proposal(res140, reword_point, CHN)
    merged = merge_proposals(res140, [restructuring, chn, third])
    draft = merged.draft
    (bracket,) = list_brackets(draft)
    assert bracket.eid == "resolves__para_2"
    main = draft.by_eid[bracket.eid]
    versions = [main, *alternatives_of(main)]
    assert len(versions) == 2 and all(v.get(rdp("alt")) for v in versions)
    for version in versions:
        head = (version.get("eId") or "") + "__"
        assert all((e.get("eId") or head).startswith(head) for e in version.iterdescendants())
    # and each part of the first version still knows the base provision it comes from
    points = [e for e in main.iterdescendants() if e.get("eId", "").startswith("resolves__para_2__point_")]
    assert [merged.origin[e] for e in points] == [f"{PARA}__point_{n}" for n in ("i", "ii", "iii")]
    assert not [i for i in validate_document(draft) if i.severity == "error"]


def test_the_compilation_shows_each_point_on_a_line_of_its_own(
    tmp_path: Path, restructuring: ProposalDoc
) -> None:
    """The base text of a paragraph with points, and the redline of its MOD, in the text layout
    of `resdraft compile`: each point starts a line, as in the HTML layout (they ran on,
    "to:i) building ... areas;ii) building")."""
    path = tmp_path / "rcc.xml"
    path.write_bytes(to_bytes(restructuring.root))
    got = CliRunner().invoke(app, ["compile", str(RES140), str(path), "-f", "text"])
    assert got.exit_code == 0, got.output
    lines = [line.strip() for line in got.output.splitlines()]
    for start in ("i) building information", "ii) building confidence", "iii) fostering an"):
        assert any(line.startswith(start) for line in lines)
    for start in ("{-i)-} {-building", "{-ii)-} {-building", "{-iii)-} {-fostering"):
        assert any(line.startswith(start) for line in lines)
    assert "to:i)" not in got.output and "3  that" not in got.output


def test_the_review_shows_the_number_and_words_of_a_restructured_paragraph_on_one_line(
    tmp_path: Path, res140: Resolution, restructuring: ProposalDoc
) -> None:
    """Its intro becomes its content: one block replaced by another, which put the number on a
    line of its own ("3" then "that the activities ...")."""
    from resdraft.review.controller import Controller
    from resdraft.review.render import Painter
    from resdraft.session import Review, begin, load_session, save_session

    res = tmp_path / "res-140.xml"
    res.write_bytes(RES140.read_bytes())
    props = []
    for name, doc in (("rcc.xml", restructuring), ("chn.xml", proposal(res140, reword_point, CHN))):
        props.append(tmp_path / name)
        props[-1].write_bytes(to_bytes(doc.root))
    path = tmp_path / "wsis.review.json"
    save_session(begin(path, res, props))
    s = load_session(path)
    ctl = Controller(s, Review.load(s), "chair")
    lines = Painter(ctl, plain=True).proposal(ctl.item("RCC/20/1")).plain.splitlines()
    assert lines[1].startswith("3 that the activities of the Union")
    assert [line.split(" ")[0] for line in lines if line.startswith("{-")] == [
        "{-i)-}",
        "{-ii)-}",
        "{-iii)-}",
    ]


def test_a_version_keeps_insertions_after_one_part_in_the_order_apply_gives(res140: Resolution) -> None:
    """RCC inserts a point after point i in two documents; CHN restructures the paragraph. RCC's
    bracketed version has the two points in the order apply gives them (it had them reversed)."""

    def inserting(words: str) -> Callable[[etree._Element], None]:
        def edit(root: etree._Element) -> None:
            first = find(root, f"{PARA}__point_i")
            new = deepcopy(first)
            next(new.iter(q("p"))).text = words
            first.addnext(new)
            for n, point in enumerate(find(root, PARA).findall(q("point"))):
                point.find(q("num")).text = ("i)", "ii)", "iii)", "iv)")[n]  # type: ignore[union-attr]

        return edit

    rcc = [
        proposal(
            res140,
            inserting(f"{words} point;"),
            ProposalMeta(f"RCC/{n}/1", RCC.submitters, "2026-11-28", f"RCC/{n}"),
        )
        for n, words in ((20, "first"), (21, "second"))
    ]
    applied = apply_proposals(res140, rcc).result.by_eid[PARA]
    order = [own_words(p) for p in applied.findall(q("point"))]
    assert order[1:3] == ["first point;", "second point;"]
    merged = merge_proposals(res140, [*rcc, proposal(res140, drop_points, CHN)])
    (bracket,) = list_brackets(merged.draft)
    main = merged.draft.by_eid[bracket.eid]
    version = next(v for v in [main, *alternatives_of(main)] if v.get(rdp("by"), "").startswith("RCC"))
    assert [own_words(p) for p in version.findall(q("point"))] == order


def test_merge_names_one_proposers_contradictory_documents(
    res140: Resolution, restructuring: ProposalDoc
) -> None:
    """Merge combines the documents of one label and brackets only different proposers: RCC
    restructuring the paragraph in one document and rewording one of its points in another is
    refused with a hint that says so (not the hint to use merge)."""
    other = proposal(res140, reword_point, ProposalMeta("RCC/21/1", RCC.submitters, "2026-11-28", "RCC/21"))
    with pytest.raises(ConflictingAmendmentsError) as got:
        merge_proposals(res140, [restructuring, other])
    assert "RCC/20/1" in str(got.value) and "RCC/21/1" in str(got.value)
    assert got.value.hint is not None and "one proposer" in got.value.hint
