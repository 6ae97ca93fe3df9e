"""Merging several proposals: combination, brackets, order independence, resolution."""

from __future__ import annotations

import json
from itertools import permutations
from pathlib import Path

import pytest
from hypothesis import given, settings
from lxml import etree
from typer.testing import CliRunner

from resdraft.amend import apply_proposals
from resdraft.brackets import is_clean, list_brackets
from resdraft.cli import app
from resdraft.errors import ConflictingAmendmentsError, InputError
from resdraft.merge import merge_proposals
from resdraft.model import ProposalDoc, Resolution
from resdraft.propose import ProposalMeta, propose
from resdraft.schemacache import DRIVER, PROFILE, lxml_schema
from resdraft.settle import resolve_brackets
from resdraft.validate import validate_document
from resdraft.write import to_bytes
from tests.conftest import CHN140, CHN140_COMPAT, RCC140, RCC1332, RES140, RES1332
from tests.test_properties import BASES, edits, make_edited


def draft_bytes(base: Resolution, props: list[ProposalDoc]) -> bytes:
    return to_bytes(merge_proposals(base, props).draft.root)


def test_bundled_pair_has_a_merge_and_conflicts(res140: Resolution) -> None:
    m = merge_proposals(res140, [ProposalDoc.load(RCC140), ProposalDoc.load(CHN140)])
    kinds = sorted(c.kind for c in m.conflicts)
    assert kinds == ["mod-sup", "overlap", "overlap"]
    same = [n for n in m.notes if n.kind == "same-provision"]
    assert [n.eid for n in same] == ["resolves__para_2"]
    for c in m.conflicts:
        assert {a.key for a in c.alternatives} == {"CHN", "RCC"}
    assert lxml_schema(DRIVER).validate(m.draft.tree)
    assert lxml_schema(PROFILE).validate(m.draft.tree), lxml_schema(PROFILE).error_log


def test_merge_is_order_independent(res140: Resolution) -> None:
    props = [ProposalDoc.load(p) for p in (RCC140, CHN140)]
    outputs = {draft_bytes(res140, list(order)) for order in permutations(props)}
    assert len(outputs) == 1


@pytest.mark.parametrize(("res", "prop"), [(RES140, RCC140), (RES140, CHN140), (RES1332, RCC1332)])
def test_single_proposal_merge_equals_apply(res: Path, prop: Path) -> None:
    base = Resolution.load(res)
    doc = ProposalDoc.load(prop)
    m = merge_proposals(base, [doc])
    assert not m.conflicts
    assert to_bytes(m.draft.root) == to_bytes(apply_proposals(base, [doc]).result.root)


def test_compatible_proposals_merge_equals_apply(res140: Resolution) -> None:
    props = [ProposalDoc.load(RCC140), ProposalDoc.load(CHN140_COMPAT)]
    m = merge_proposals(res140, props)
    assert not m.conflicts
    from resdraft.merge import canonical_order

    assert to_bytes(m.draft.root) == to_bytes(apply_proposals(res140, canonical_order(props)).result.root)


META = ProposalMeta("AAA/1", (("RUS", "Russian Federation"),), "2026-11-28", "AAA/1")
META2 = ProposalMeta("BBB/2", (("CHN", "China"),), "2026-11-28", "BBB/2")


Edits = tuple[str, list[tuple[str, int, int, list[str]]]]


META3 = ProposalMeta("CCC/3", (("FRA", "France"),), "2026-11-28", "CCC/3")


def random_proposals(a: Edits, *others: Edits) -> tuple[Resolution, list[ProposalDoc]] | None:
    """Proposals of random edits (by AAA, BBB, CCC) to the base ``a`` names; None if one of
    them changes nothing."""
    base = BASES[a[0]]
    ops = [a[1], *(o[1] for o in others)]
    try:
        return base, [
            ProposalDoc(etree.ElementTree(propose(base, make_edited(base, o), m)), f"<{m.document}>")
            for o, m in zip(ops, (META, META2, META3), strict=False)
        ]
    except InputError:  # an edit that changes nothing gives no proposal
        return None


@settings(max_examples=25, deadline=None)
@given(edits(), edits())
def test_random_pairs_merge_in_any_order(
    a: tuple[str, list[tuple[str, int, int, list[str]]]], b: tuple[str, list[tuple[str, int, int, list[str]]]]
) -> None:
    """Two random proposals on one base: the draft is the same in both orders and validates."""
    got = random_proposals(a, b)
    if got is None:
        return
    base, (pa, pb) = got
    one = merge_proposals(base, [pa, pb])
    two = merge_proposals(base, [pb, pa])
    assert to_bytes(one.draft.root) == to_bytes(two.draft.root)
    assert lxml_schema(DRIVER).validate(one.draft.tree), lxml_schema(DRIVER).error_log
    # settling every bracket in favour of one proposer gives a clean, valid text
    picks = {br.bracket: br.alternatives[0].key for br in one.conflicts}
    if picks:
        clean, _ = resolve_brackets(one.draft, picks, {}, date="2026-11-28", who="test")
        assert is_clean(clean)
        assert not [i for i in validate_document(clean) if i.severity == "error"]


@settings(max_examples=40, deadline=None)
@given(edits(), edits())
def test_apply_refuses_in_both_orders_what_merge_brackets(
    a: tuple[str, list[tuple[str, int, int, list[str]]]], b: tuple[str, list[tuple[str, int, int, list[str]]]]
) -> None:
    """Two random proposals on one base: apply refuses them in both orders or in neither (a
    change lost in one order would show here), and refuses them exactly when merge brackets
    something other than two insertions at one place, which apply makes one after the other."""
    got = random_proposals(a, b)
    if got is None:
        return
    base, (pa, pb) = got
    refused = []
    for order in ([pa, pb], [pb, pa]):
        try:
            apply_proposals(base, order)
            refused.append(False)
        except ConflictingAmendmentsError:
            refused.append(True)
    assert refused[0] == refused[1]
    kinds = {br.kind for br in merge_proposals(base, [pa, pb]).conflicts}
    assert refused[0] == bool(kinds - {"add-add"})


@settings(max_examples=15, deadline=None)
@given(edits(), edits(), edits())
def test_three_random_proposals_merge_in_any_order(a: Edits, b: Edits, c: Edits) -> None:
    """Three random proposals on one base: one draft from all six orders, valid; apply refuses
    them in every order or in none, as merge finds more than insertions at one place."""
    got = random_proposals(a, b, c)
    if got is None:
        return
    base, docs = got
    drafts = {to_bytes(merge_proposals(base, list(order)).draft.root) for order in permutations(docs)}
    assert len(drafts) == 1
    merged = merge_proposals(base, docs)
    assert lxml_schema(DRIVER).validate(merged.draft.tree), lxml_schema(DRIVER).error_log
    refused = set()
    for order in permutations(docs):
        try:
            apply_proposals(base, list(order))
            refused.add(False)
        except ConflictingAmendmentsError:
            refused.add(True)
    assert refused == {bool({br.kind for br in merged.conflicts} - {"add-add"})}


def test_insertions_at_a_bracketed_provision_go_after_its_alternatives() -> None:
    """Found by three random proposals: two restructure resolves 3 of Res. 1332 and both insert
    a paragraph after it. The restructuring is bracketed first, which took the provision the
    insertions were anchored to out of the draft (an AssertionError); they now follow its
    alternatives."""
    base = BASES["1332"]
    b = [("drop", 0, 0, ["digital"]), ("add", 10, 0, ["digital"]), ("restructure", 10, 0, ["digital"])]
    c = [("add", 11, 0, ["digital", "digital"]), ("add", 0, 0, ["digital"]), ("replace", 12, 0, ["digital"])]
    got = random_proposals(("1332", b), ("1332", c))
    assert got is not None
    _, (pb, pc) = got
    merged = merge_proposals(base, [pb, pc])
    assert [(br.kind, br.eid) for br in merged.conflicts] == [
        ("restructure", "resolves__para_3"),
        ("add-add", "resolves__para_4"),
    ]
    para = merged.draft.by_eid["resolves__para_3"]
    kids = [k for k in para.getparent() if k.get("eId") or k.get("alternativeTo")]  # type: ignore[union-attr]
    at = kids.index(para)
    assert kids[at + 1].get("alternativeTo") == "resolves__para_3"
    assert kids[at + 2].get("eId") == "resolves__para_4"
    assert to_bytes(merged.draft.root) == to_bytes(merge_proposals(base, [pc, pb]).draft.root)
    assert not [i for i in validate_document(merged.draft) if i.severity == "error"]


def test_resolving_every_bracket_gives_a_clean_valid_text(res140: Resolution) -> None:
    m = merge_proposals(res140, [ProposalDoc.load(RCC140), ProposalDoc.load(CHN140)])
    picks = {b.bracket: "RCC" for b in m.conflicts}
    clean, decided = resolve_brackets(m.draft, picks, {}, date="2026-11-28", who="chair")
    assert len(decided) == 3 and is_clean(clean)
    assert not [i for i in validate_document(clean) if i.severity == "error"]
    # RCC's choice on instructs SG 5 was to delete it: the group loses one paragraph
    sg = [e for e in clean.by_eid if e.startswith("instructsTheSecretaryGeneral__para_")]
    assert len(sg) == 6
    decisions = clean.root.findall(".//{urn:resdraft:proposal:1}decision")
    assert [d.get("by") for d in decisions] == ["chair"] * 3


def test_agreed_text_and_base_choice(res140: Resolution) -> None:
    m = merge_proposals(res140, [ProposalDoc.load(RCC140), ProposalDoc.load(CHN140)])
    overlap = [b for b in m.conflicts if b.kind == "overlap"]
    picks = {overlap[0].bracket: "base"}
    texts = {overlap[1].bracket: "led to the extension of the WSIS process"}
    out, _ = resolve_brackets(m.draft, picks, texts, date="2026-11-28", who="chair")
    from resdraft.model import Provision

    text = Provision(out.by_eid["preamble__noting__rec_b"]).text
    assert "is to hold" in text and "led to the extension of the WSIS process" in text
    assert len(list_brackets(out)) == 1


def test_unknown_choice_is_refused(res140: Resolution) -> None:
    from resdraft.errors import InputError

    m = merge_proposals(res140, [ProposalDoc.load(RCC140), ProposalDoc.load(CHN140)])
    with pytest.raises(InputError, match="no alternative"):
        resolve_brackets(m.draft, {m.conflicts[0].bracket: "USA"}, {}, date="2026-11-28", who="x")
    with pytest.raises(InputError, match="no open bracket"):
        resolve_brackets(m.draft, {"nope": "RCC"}, {}, date="2026-11-28", who="x")


# --- CLI -------------------------------------------------------------------------------------


def run(*args: object) -> object:
    return CliRunner().invoke(app, [str(a) for a in args], env={"NO_COLOR": "1", "COLUMNS": "100"})


def test_cli_merge_exit_codes_and_report(tmp_path: Path) -> None:
    out, rep = tmp_path / "draft.xml", tmp_path / "report.json"
    r = run("merge", RES140, RCC140, CHN140, "-o", out, "--report", rep)
    assert r.exit_code == 1, r.output  # type: ignore[attr-defined]
    assert out.exists() and "3 conflicts in brackets" in r.stdout  # type: ignore[attr-defined]
    report = json.loads(rep.read_text())
    assert len(report["conflicts"]) == 3 and report["merged"][0]["eId"] == "resolves__para_2"
    r = run("merge", RES140, RCC140, CHN140, "-o", out, "--allow-conflicts")
    assert r.exit_code == 0  # type: ignore[attr-defined]
    r = run("merge", RES140, RCC140, CHN140_COMPAT, "-o", tmp_path / "ok.xml")
    assert r.exit_code == 0 and "0 conflicts" in r.stdout  # type: ignore[attr-defined]


def test_cli_brackets_and_resolve(tmp_path: Path) -> None:
    draft = tmp_path / "draft.xml"
    run("merge", RES140, RCC140, CHN140, "-o", draft, "--allow-conflicts")
    r = run("brackets", draft, "--json")
    ids = [b["eId"] for b in json.loads(r.stdout)["brackets"]]  # type: ignore[attr-defined]
    assert len(ids) == 3
    decisions = tmp_path / "decisions.txt"
    decisions.write_text(
        f"# chair's decisions\n{ids[0]} pick CHN\n{ids[1]} text aligned the process\n{ids[2]} pick RCC\n"
    )
    clean = tmp_path / "clean.xml"
    r = run("resolve", draft, "--decisions", decisions, "--by", "chair", "-o", clean)
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    assert "no brackets remain" in r.stderr  # type: ignore[attr-defined]
    assert run("validate", clean).exit_code == 0  # type: ignore[attr-defined]
    assert "No open brackets" in run("brackets", clean).stdout  # type: ignore[attr-defined]
    bad = run("resolve", draft, "--pick", f"{ids[0]}=USA", "-o", tmp_path / "x.xml")
    assert bad.exit_code == 3 and not (tmp_path / "x.xml").exists()  # type: ignore[attr-defined]
    assert run("resolve", draft, "-o", tmp_path / "y.xml").exit_code == 2  # type: ignore[attr-defined]
    assert run("resolve", draft, "--pick", "nonsense", "-o", tmp_path / "z.xml").exit_code == 2  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", ["terminal", "json", "xml"])
def test_cli_compile(fmt: str) -> None:
    r = run("compile", RES140, RCC140, CHN140, "--format", fmt)
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    out = r.stdout  # type: ignore[attr-defined]
    if fmt == "json":
        data = json.loads(out)
        shared = next(p for p in data["provisions"] if p["eId"] == "resolves__para_2")
        assert [t["id"] for t in shared["proposals"]] == ["CHN/14/2", "RCC/13/5"]
        assert all(t["reasons"] for t in shared["proposals"])
    elif fmt == "xml":
        root = etree.fromstring(out.encode())
        assert lxml_schema(DRIVER).validate(etree.ElementTree(root))
    else:
        assert "resolves 2" in out and "Reasons:" in out and "new, after recalling f)" in out
    full = run("compile", RES140, RCC140, CHN140, "--format", "json", "--all")
    assert len(json.loads(full.stdout)["provisions"]) > len(
        json.loads(run("compile", RES140, RCC140, CHN140, "-f", "json").stdout)["provisions"]
    )  # type: ignore[attr-defined]


def test_cli_compile_html_has_attributed_marks(tmp_path: Path) -> None:
    from lxml import html as lxml_html

    out = tmp_path / "compilation.html"
    r = run("compile", RES140, RCC140, CHN140, "--format", "html", "-o", out)
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    doc = lxml_html.parse(str(out)).getroot()
    assert doc.get("lang") == "en" and not doc.findall(".//script")
    section = doc.get_element_by_id("resolves__para_2")
    titles = {el.get("title") for el in section.iter("ins", "del")}
    assert any("CHN/14/2" in t for t in titles) and any("RCC/13/5" in t for t in titles)
    assert "Reasons:" in section.text_content()
    added = doc.get_element_by_id("new-preamble__recalling__rec_f")
    assert len(added.findall(".//p")) >= 4  # RCC's four new recitals, one paragraph each
