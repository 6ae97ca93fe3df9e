"""HTML output: one self-contained file whose DOM carries the redline.

Parsed with lxml, no browser: the expected <ins>/<del> elements with the proposer in their title,
an anchor per eId, lang and dir from the Expression, no scripts or outside resources, and the
same Accept All / Reject All contract as Word (drop <del>, keep <ins> gives the consolidated text).
"""

from __future__ import annotations

from copy import deepcopy
from functools import cache
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from typer.testing import CliRunner

from resdraft.akn import AKN_NS, iter_provisions
from resdraft.amend import Consolidation, apply_proposals
from resdraft.attributed import redline_consolidation
from resdraft.cli import app
from resdraft.model import ProposalDoc, Resolution
from resdraft.render.html import html_bytes, redline_html, resolution_html
from tests.test_golden import CASES, check


@cache
def consolidation(case: str) -> Consolidation:
    res, props = CASES[case]
    return apply_proposals(Resolution.load(res), [ProposalDoc.load(p) for p in props])


@cache
def page(case: str) -> bytes:
    c = consolidation(case)
    return html_bytes(redline_html(redline_consolidation(c), c.base, c.result, c.changes))


def dom(data: bytes) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(data)


def resolve(data: bytes, keep: str) -> list[str]:
    """Paragraph texts with every <del> (keep="ins") or <ins> (keep="del") dropped."""
    root = dom(data)
    drop = "del" if keep == "ins" else "ins"
    for el in root.xpath(f"//{drop} | //sup[contains(@class, 'by')] | //div[@class='margin'] | //aside"):
        el.drop_tree()
    main = root.find(".//main")
    assert main is not None
    texts = [" ".join(p.text_content().split()) for p in main.iter("p")]
    return [t for t in texts if t]


def test_ins_and_del_elements_carry_the_redline() -> None:
    root = dom(page("res140-rcc-chn"))
    para = root.get_element_by_id("resolves__para_2")
    dels = [(d.text_content(), d.get("title")) for d in para.iter("del")]
    ins = [(i.text_content(), i.get("title")) for i in para.find_class("text")[0].iter("ins")]
    assert dels == [
        (
            "post-2015 development agenda, once it has been adopted by the United Nations General Assembly",
            "Deleted by RCC/13/5 (RUS, ARM, KGZ, BLR)",
        )
    ]
    assert ins == [
        ("2030 Agenda for Sustainable Development", "Inserted by RCC/13/5 (RUS, ARM, KGZ, BLR)"),
        (", including the digital transformation of the economy", "Inserted by CHN/14/2 (CHN)"),
    ]
    # two proposers in one provision: each mark is followed by its proposer, never colour alone
    assert [s.text for s in para.iter("sup")] == ["RCC", "RCC", "CHN"]
    assert [a.text for a in para.find_class("action")] == ["MOD", "MOD"]
    assert all(el.get("title") for el in root.iter("ins", "del"))
    assert {el.get("class") for el in root.find(".//main").iter("ins", "del")} == {"by-0", "by-1"}  # type: ignore[union-attr]


def test_counts_of_marks() -> None:
    root = dom(page("res140-rcc-chn"))
    main = root.find(".//main")
    assert main is not None
    removed = [b for b in main.find_class("removed")]
    added = [b for b in main.find_class("added")]
    assert len(removed) == 2 and len(added) == 7
    for b in removed:
        assert b.get("id", "").startswith("removed__")
        assert not [t for p in b.iter("p") for t in p.xpath("text()") if t.strip()], "deleted text only"
    assert len(main.findall(".//del")) == 2 * 2 + 9 + 4  # SUPs (num, text), renumbered nums, MOD deletions


@pytest.mark.parametrize("case", sorted(CASES))
def test_accept_all_and_reject_all_on_the_dom(case: str) -> None:
    c = consolidation(case)
    data = page(case)
    assert resolve(data, "ins") == resolve(html_bytes(resolution_html(c.result)), "ins")
    assert resolve(data, "del") == resolve(html_bytes(resolution_html(c.base)), "ins")


def test_an_anchor_for_every_eid_and_reasons() -> None:
    c = consolidation("res140-rcc-chn")
    root = dom(page("res140-rcc-chn"))
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    assert {p.get("eId") for p in iter_provisions(c.result.doc)} <= ids
    assert "removed__preamble__noting__rec_c" in ids
    assert root.get_element_by_id("preamble__noting__rec_c").get("data-old-eid") == "preamble__noting__rec_d"
    reasons = " ".join(a.text_content() for a in root.iter("aside"))
    for ch in c.changes:
        assert ch.reasons in reasons


def test_self_contained_and_language() -> None:
    data = page("res140-rcc-chn")
    root = dom(data)
    assert data.startswith(b"<!DOCTYPE html>")
    assert root.get("lang") == "en" and root.get("dir") == "ltr"
    assert root.find(".//script") is None and root.find(".//link") is None
    assert not [el for el in root.iter() if el.get("src") or (el.get("href") or "#").startswith("http")]
    css = root.find(".//style")
    assert css is not None and "@media print" in (css.text or "")
    legend = root.find_class("legend")[0].text_content()
    assert "WG-WSIS-32/13: Russian Federation, Armenia, Kyrgyz Republic, Belarus" in legend


def test_arabic_is_right_to_left() -> None:
    res = Resolution.load(CASES["res140-chn"][0])
    tree = deepcopy(res.tree)
    lang = tree.find(f".//{{{AKN_NS}}}FRBRExpression/{{{AKN_NS}}}FRBRlanguage")
    assert lang is not None
    lang.set("language", "ara")
    root = dom(html_bytes(resolution_html(Resolution(tree, "<ara>"))))
    assert root.get("lang") == "ar" and root.get("dir") == "rtl"


def canonical(data: str) -> str:
    return etree.canonicalize(etree.tostring(dom(data.encode()), method="xml", encoding="unicode"))


@pytest.mark.parametrize("case", ["res140-rcc-chn", "res1332-rcc"])
def test_golden_html(case: str, update_golden: bool) -> None:
    check(f"render/{case}.redline.html", page(case).decode(), update_golden, canonical)


def test_cli_html(tmp_path: Path) -> None:
    res, (rcc, chn) = CASES["res140-rcc-chn"]
    r = CliRunner().invoke(app, ["redline", str(res), str(rcc), str(chn), "-o", str(tmp_path / "r.html")])
    assert r.exit_code == 0, r.output
    cli = (tmp_path / "r.html").read_bytes()  # the command merges (CHN first): same texts, same marks
    for keep in ("ins", "del"):
        assert resolve(cli, keep) == resolve(page("res140-rcc-chn"), keep)
    assert len(dom(cli).findall(".//main//ins")) == len(dom(page("res140-rcc-chn")).findall(".//main//ins"))
    r = CliRunner().invoke(app, ["redline", str(res), str(rcc), "-f", "html", "--changes-only"])
    assert r.exit_code == 0
    short = dom(r.stdout_bytes)
    assert short.find(".//main") is not None
    assert "recognizing" not in short.text_content()  # an unchanged keyword group is left out
    assert short.get_element_by_id("resolves__para_2") is not None
    r = CliRunner().invoke(app, ["show", str(res), "-o", str(tmp_path / "s.html")])
    assert r.exit_code == 0
    assert dom((tmp_path / "s.html").read_bytes()).find(".//ins") is None


def test_merged_redline_with_brackets() -> None:
    from resdraft.attributed import redline_merge
    from resdraft.merge import merge_proposals
    from tests.conftest import CHN140, RCC140, RES140

    base = Resolution.load(RES140)
    docs = [ProposalDoc.load(RCC140), ProposalDoc.load(CHN140)]
    m = merge_proposals(base, docs)
    changes = [ch for d in docs for ch in d.changes]
    data = html_bytes(redline_html(redline_merge(m), base, m.draft, changes))
    assert resolve(data, "ins") == resolve(html_bytes(resolution_html(m.draft)), "ins")
    assert resolve(data, "del") == resolve(html_bytes(resolution_html(base)), "ins")
    root = dom(data)
    alt = root.get_element_by_id("instructsTheSecretaryGeneral__para_6-alt2")
    assert alt.find_class("text")[0].text_content().strip() == "6 [RCC: delete]"
    assert [a.text for a in alt.find_class("action")] == ["[SUP"]


def test_changes_only_diff_shows_each_block_as_the_full_diff_does(tmp_path: Path) -> None:
    """A changes-only diff leaves provisions out, never their words: every block it shows (a
    renumbered paragraph, a keyword group's heading) reads as in the whole redline."""
    res, (rcc, _chn) = CASES["res140-rcc-chn"]
    new = tmp_path / "new.xml"
    assert CliRunner().invoke(app, ["apply", str(res), str(rcc), "-o", str(new)]).exit_code == 0
    pages = {}
    for flag in ((), ("--changes-only",)):
        r = CliRunner().invoke(app, ["diff", str(res), str(new), "-f", "html", *flag])
        assert r.exit_code == 0, r.output
        pages[flag] = dom(r.stdout_bytes)
    full, short = pages[()], pages[("--changes-only",)]
    blocks = short.findall(".//main//div[@id]")
    assert len(blocks) < len(full.findall(".//main//div[@id]"))
    renumbered = [b for b in blocks if "(R)" in b.text_content()]
    assert renumbered and {"noting", "resolves"} <= {b.text_content().strip() for b in blocks}
    for b in blocks:
        assert b.text_content() == full.get_element_by_id(b.get("id")).text_content()
