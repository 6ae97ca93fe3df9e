"""Word output: ITU layout, native revisions, and the Accept All / Reject All contract.

The .docx is read back and its tracked changes resolved (tests/ooxml.py, written apart from the
renderer): accepting every change must give exactly the paragraphs of the consolidated text,
rejecting every change exactly those of the base text. Where LibreOffice is installed, its own
Accept All / Reject All must agree (skipped otherwise).
"""

from __future__ import annotations

import json
import zipfile
from copy import deepcopy
from functools import cache
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from resdraft.akn import AKN_NS, iter_provisions
from resdraft.amend import Consolidation, apply_proposals
from resdraft.attributed import redline_consolidation
from resdraft.cli import app
from resdraft.model import ProposalDoc, Resolution
from resdraft.redline import diff_documents
from resdraft.render.docx import docx_bytes, redline_docx, resolution_docx
from resdraft.tokens import split_blocks, tokens_of, words
from tests.ooxml import W, accept_all, document_xml, libreoffice_resolve, reject_all, uno_python
from tests.test_golden import CASES, check

BODY_STYLES = ("Formula", "Call", "Item1", "Item2", "Item3", "Text1", "Text2", "Text3")


@cache
def consolidation(case: str) -> Consolidation:
    res, props = CASES[case]
    return apply_proposals(Resolution.load(res), [ProposalDoc.load(p) for p in props])


@cache
def redline_bytes(case: str) -> bytes:
    c = consolidation(case)
    return docx_bytes(redline_docx(redline_consolidation(c), c.base, c.result, c.changes))


def clean(res: Resolution) -> list[tuple[str, str]]:
    return accept_all(docx_bytes(resolution_docx(res)))


def core_paragraphs(res: Resolution) -> list[str]:
    """Each provision's blocks as the core holds them: the number, a tab, the words."""
    out = []
    for prov in iter_provisions(res.doc):
        num = prov.find(f"{{{AKN_NS}}}num")
        for i, (_, toks) in enumerate(split_blocks(tokens_of(prov))):
            text = words(toks)
            out.append(f"{num.text}\t{text}" if i == 0 and num is not None and num.text else text)
    return out


@pytest.mark.parametrize("case", sorted(CASES))
def test_accept_all_gives_the_consolidated_text_and_reject_all_the_base(case: str) -> None:
    c = consolidation(case)
    red = redline_bytes(case)
    accepted, rejected = accept_all(red), reject_all(red)
    assert accepted == clean(c.result)
    assert rejected == clean(c.base)
    assert accepted != rejected
    # and the body paragraphs are the core's own texts, word for word
    for paras, res in ((accepted, c.result), (rejected, c.base)):
        body = [" ".join(t.split(" ")) for s, t in paras if s in BODY_STYLES]
        assert [" ".join(t.split()) if "\t" not in t else t for t in body] == core_paragraphs(res)


def test_revisions_are_authored_by_proposal_and_dated() -> None:
    c = consolidation("res140-rcc-chn")
    root = etree.fromstring(document_xml(redline_bytes("res140-rcc-chn")))
    marks = list(root.iter(f"{W}ins", f"{W}del"))
    assert len(marks) > 30
    dates = {ch.attribution: f"{ch.document.date}T00:00:00Z" for ch in c.changes}
    for m in marks:
        author = m.get(f"{W}author") or ""
        parts = author.split(" + ")  # a provision renumbered by two proposals names both
        assert all(p in dates for p in parts), author
        assert m.get(f"{W}date") == dates[parts[0]]
    assert "RCC/13/5 (RUS, ARM, KGZ, BLR)" in {m.get(f"{W}author") for m in marks}
    ids = [m.get(f"{W}id") for m in marks]
    assert len(ids) == len(set(ids))


def test_deleted_and_added_provisions_are_whole_paragraph_revisions() -> None:
    root = etree.fromstring(document_xml(redline_bytes("res140-rcc-chn")))
    body = root.find(f"{W}body")
    assert body is not None
    deleted = [p for p in body.iterchildren(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}del") is not None]
    added = [p for p in body.iterchildren(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}ins") is not None]
    # SUP noting c) and instructs the Secretary-General 5; ADD of 7 provisions
    assert len(deleted) == 2
    assert len(added) == 7
    for p in deleted:
        assert not list(p.iter(f"{W}t")), "a deleted paragraph holds only deleted text"
        assert p.find(f"{W}pPr/{W}rPr/{W}del").get(f"{W}author").startswith("RCC/13/")  # type: ignore[union-attr]
    text = "".join(t.text or "" for t in deleted[0].iter(f"{W}delText"))
    assert text.startswith("c)that the United Nations is preparing a post-2015 development agenda")


def test_actions_and_reasons_are_comments_in_the_margin() -> None:
    c = consolidation("res140-rcc-chn")
    with zipfile.ZipFile(__import__("io").BytesIO(redline_bytes("res140-rcc-chn"))) as z:
        comments = etree.fromstring(z.read("word/comments.xml"))
        body = etree.fromstring(z.read("word/document.xml"))
    found = {
        cm.get(f"{W}author"): "".join(t.text or "" for t in cm.iter(f"{W}t"))
        for cm in comments.iter(f"{W}comment")
    }
    assert set(found) == {ch.attribution for ch in c.changes}
    for ch in c.changes:
        assert found[ch.attribution].startswith(f"{ch.action} {ch.attribution}")
        assert f"Reasons: {ch.reasons}" in found[ch.attribution]
    anchors = {e.get(f"{W}id") for e in body.iter(f"{W}commentRangeStart")}
    assert anchors == {e.get(f"{W}id") for e in body.iter(f"{W}commentReference")}
    assert len(anchors) == len(c.changes)


def test_clean_text_is_in_itu_layout_without_revisions() -> None:
    res = Resolution.load(CASES["res1332-rcc"][0])
    data = docx_bytes(resolution_docx(res))
    root = etree.fromstring(document_xml(data))
    assert root.find(f".//{W}ins") is None and root.find(f".//{W}del") is None
    paras = accept_all(data)
    styles = [s for s, _ in paras]
    assert paras[0] == ("ResNo", "RESOLUTION 1332 (MODIFIED 2016)")
    assert styles[1] == "Restitle" and styles[2] == "Formula"
    assert ("Call", "recalling") in paras
    assert ("AnnexNo", "ANNEX TO RESOLUTION 1332 (MODIFIED 2016)") in paras
    assert paras[-1] == ("EndLine", "______________")
    assert any(s == "Item1" and t.startswith("a)\t") for s, t in paras)
    calls = [p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle[@{W}val='Call']") is not None]
    assert all(r.find(f"{W}rPr/{W}i") is not None for p in calls for r in p.iter(f"{W}r"))


def test_a_split_and_a_joined_paragraph_resolve_both_ways() -> None:
    """Paragraph marks inserted or deleted inside a provision (not whole provisions)."""
    base = Resolution.load(CASES["res140-chn"][0])
    tree = deepcopy(base.tree)
    a = f"{{{AKN_NS}}}"
    para = next(p for p in tree.iter(f"{a}paragraph") if p.get("eId") == "resolves__para_2")
    p = para.find(f"{a}content/{a}p")
    assert p is not None and p.text
    head, _, tail = p.text.partition(", and to ")
    p.text = head + ","
    second = deepcopy(p)
    second.text = "and to " + tail
    p.addnext(second)
    edited = Resolution(tree, "<edited>")
    for old, new in ((base, edited), (edited, base)):
        data = docx_bytes(redline_docx(diff_documents(old, new), old, new))
        assert accept_all(data) == clean(new)
        assert reject_all(data) == clean(old)


def test_rtl_language_sets_bidi() -> None:
    res = Resolution.load(CASES["res140-chn"][0])
    tree = deepcopy(res.tree)
    lang = tree.find(f".//{{{AKN_NS}}}FRBRExpression/{{{AKN_NS}}}FRBRlanguage")
    assert lang is not None
    lang.set("language", "ara")
    doc = resolution_docx(Resolution(tree, "<ara>"))
    normal = doc.styles["Normal"].element
    assert normal.find(f"{W}pPr/{W}bidi") is not None
    assert normal.find(f"{W}rPr/{W}rtl") is not None


def test_bytes_are_deterministic() -> None:
    c = consolidation("res140-rcc-chn")
    again = docx_bytes(redline_docx(redline_consolidation(c), c.base, c.result, c.changes))
    assert again == redline_bytes("res140-rcc-chn")


def runs_json(data: bytes) -> str:
    """The body as reviewable JSON: per paragraph its style, mark revision and runs."""
    body = etree.fromstring(document_xml(data)).find(f"{W}body")
    assert body is not None
    out = []
    for p in body.iterchildren(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        entry: dict[str, object] = {"style": style.get(f"{W}val") if style is not None else None}
        for kind in ("ins", "del"):
            mark = p.find(f"{W}pPr/{W}rPr/{W}{kind}")
            if mark is not None:
                entry["mark"] = f"{kind} {mark.get(f'{W}author')}"
        runs: list[list[str]] = []
        for r in p.iter(f"{W}r"):
            parent = r.getparent()
            op = (
                etree.QName(parent).localname
                if parent is not None and parent.tag in (f"{W}ins", f"{W}del")
                else "="
            )
            fmt = "".join(k for k in ("i", "b") if r.find(f"{W}rPr/{W}{k}") is not None)
            text = "".join(
                "\t" if e.tag == f"{W}tab" else e.text or ""
                for e in r.iter(f"{W}t", f"{W}delText", f"{W}tab")
            )
            if r.find(f"{W}commentReference") is not None:
                text = "[comment]"
            by = parent.get(f"{W}author") if op != "=" and parent is not None else ""
            runs.append([op, by or "", fmt, text])
        entry["runs"] = runs
        out.append(entry)
    return "[\n" + ",\n".join(json.dumps(e, ensure_ascii=False) for e in out) + "\n]\n"


@pytest.mark.parametrize("case", ["res140-rcc-chn", "res1332-rcc"])
def test_golden_runs(case: str, update_golden: bool) -> None:
    check(f"render/{case}.redline.docx.json", runs_json(redline_bytes(case)), update_golden)


@pytest.mark.skipif(uno_python() is None, reason="LibreOffice (soffice and python3-uno) is not installed")
def test_libreoffice_accept_all_and_reject_all_agree(tmp_path: Path) -> None:
    python = uno_python()
    assert python is not None
    c = consolidation("res140-rcc-chn")
    red = redline_bytes("res140-rcc-chn")
    assert libreoffice_resolve(python, red, "accept", tmp_path) == [t for _, t in clean(c.result)]
    assert libreoffice_resolve(python, red, "reject", tmp_path) == [t for _, t in clean(c.base)]


# --------------------------------------------------------------------------------------
# the command line
# --------------------------------------------------------------------------------------


def invoke(*args: object) -> tuple[int, str, str]:
    r = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


def test_cli_writes_word_for_show_apply_redline_and_diff(tmp_path: Path) -> None:
    res, (rcc, chn) = CASES["res140-rcc-chn"]
    assert invoke("redline", res, rcc, chn, "-o", tmp_path / "r.docx")[0] == 0
    assert accept_all((tmp_path / "r.docx").read_bytes()) == accept_all(redline_bytes("res140-rcc-chn"))
    assert invoke("show", res, "-o", tmp_path / "s.docx")[0] == 0
    assert invoke("apply", res, rcc, chn, "--format", "docx", "-o", tmp_path / "a.docx")[0] == 0
    assert accept_all((tmp_path / "a.docx").read_bytes()) == clean(consolidation("res140-rcc-chn").result)
    assert invoke("apply", res, rcc, chn, "-o", tmp_path / "c.xml")[0] == 0
    assert invoke("diff", res, tmp_path / "c.xml", "-o", tmp_path / "d.docx")[0] == 0
    diffed = (tmp_path / "d.docx").read_bytes()
    assert accept_all(diffed) == clean(consolidation("res140-rcc-chn").result)
    authors = {m.get(f"{W}author") for m in etree.fromstring(document_xml(diffed)).iter(f"{W}ins", f"{W}del")}
    assert authors == {"resdraft diff"}


def test_cli_refuses_word_to_stdout_and_changes_only(tmp_path: Path) -> None:
    res, (rcc, _) = CASES["res140-rcc-chn"]
    code, out, err = invoke("redline", res, rcc, "--format", "docx")
    assert code == 2 and out == "" and "-o" in err
    code, _, err = invoke("redline", res, rcc, "-o", tmp_path / "r.docx", "--changes-only")
    assert code == 2 and "--changes-only" in err
    assert not (tmp_path / "r.docx").exists()
    assert invoke("show", res, "-f", "docx", "-o", "-")[0] == 2


def test_merged_redline_with_brackets_resolves_to_the_draft_and_the_base() -> None:
    """The bundled RCC and China proposals conflict: the redline is of the negotiation draft,
    with alternatives in brackets. Reject All still gives the base; Accept All the draft."""
    from resdraft.attributed import redline_merge
    from resdraft.merge import merge_proposals
    from tests.conftest import CHN140, RCC140, RES140

    base = Resolution.load(RES140)
    docs = [ProposalDoc.load(RCC140), ProposalDoc.load(CHN140)]
    m = merge_proposals(base, docs)
    assert m.conflicts
    changes = [ch for d in docs for ch in d.changes]
    data = docx_bytes(redline_docx(redline_merge(m), base, m.draft, changes))
    assert reject_all(data) == clean(base)
    assert accept_all(data) == clean(m.draft)
    assert any("[CHN: has held]" in t for _, t in accept_all(data))
