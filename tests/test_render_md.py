"""Markdown (CriticMarkup) and plain-text output."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from resdraft.amend import Consolidation, apply_proposals
from resdraft.attributed import redline_consolidation
from resdraft.cli import app
from resdraft.model import ProposalDoc, Resolution
from resdraft.render.markdown import escape, redline_markdown, resolution_markdown
from tests.test_golden import CASES, check


@cache
def consolidation(case: str) -> Consolidation:
    res, props = CASES[case]
    return apply_proposals(Resolution.load(res), [ProposalDoc.load(p) for p in props])


@cache
def markdown(case: str) -> str:
    c = consolidation(case)
    return redline_markdown(redline_consolidation(c), c.base, c.result, c.changes)


def resolve(md: str, keep: str) -> list[str]:
    """Accept (keep="ins") or reject (keep="del") every CriticMarkup mark; body paragraphs only."""
    body = md.split("\n---\n", 1)[-1]
    body = re.sub(r"\{>>.*?<<\}", "", body)
    if keep == "ins":
        body = re.sub(r"\{--.*?--\}", "", body)
        body = re.sub(r"\{~~.*?~>(.*?)~~\}", r"\1", body)
        body = re.sub(r"\{\+\+(.*?)\+\+\}", r"\1", body)
    else:
        body = re.sub(r"\{\+\+.*?\+\+\}", "", body)
        body = re.sub(r"\{~~(.*?)~>.*?~~\}", r"\1", body)
        body = re.sub(r"\{--(.*?)--\}", r"\1", body)
    paras = [" ".join(p.split()) for p in body.split("\n\n") if not p.startswith("> **Reasons")]
    return [p for p in paras if p]


@pytest.mark.parametrize("case", sorted(CASES))
def test_accept_all_and_reject_all(case: str) -> None:
    c = consolidation(case)
    md = markdown(case)
    assert resolve(md, "ins") == resolve(resolution_markdown(c.result), "ins")
    assert resolve(md, "del") == resolve(resolution_markdown(c.base), "ins")


def test_criticmarkup_marks_and_comments() -> None:
    md = markdown("res140-rcc-chn")
    para2 = next(line for line in md.splitlines() if "2030 Agenda for Sustainable Development~~}" in line)
    assert para2.startswith("{>>MOD CHN/14/2 (CHN); MOD RCC/13/5 (RUS, ARM, KGZ, BLR)<<} 2 to continue")
    assert (
        "{~~post-2015 development agenda, once it has been adopted by the United Nations General Assembly"
        in para2
    )
    assert "{++, including the digital transformation of the economy++}{>>CHN<<}" in para2
    assert "{--c)--} {--that the United Nations is preparing" in md
    assert "{~~d)~>e)~~} that the Geneva Plan of Action" in md
    assert "> **Reasons (CHN/14/2):** The telecommunication/ICT environment" in md
    assert (
        "*recalling*" in md and "*Transforming our world: the 2030 Agenda for Sustainable Development*" in md
    )


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words", "plain words"),
        ("[alternative wording]", "[alternative wording]"),
        ("[a](http://x)", "[a]\\(http://x)"),
        ("a *b* _c_ `d` <e>", "a \\*b\\* \\_c\\_ \\`d\\` \\<e>"),
        ("{++not a mark++}", "\\{++not a mark++\\}"),
        ("{~~a~>b~~}", "\\{~~a~\\>b~~\\}"),
    ],
)
def test_document_text_is_escaped(text: str, escaped: str) -> None:
    assert escape(text) == escaped


@pytest.mark.parametrize("case", ["res140-rcc-chn", "res1332-rcc"])
def test_golden_markdown(case: str, update_golden: bool) -> None:
    check(f"render/{case}.redline.md", markdown(case), update_golden)


def test_cli_md_and_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    res, (rcc, chn) = CASES["res140-rcc-chn"]
    r = CliRunner().invoke(app, ["redline", str(res), str(rcc), str(chn), "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 0, r.output
    cli = (tmp_path / "r.md").read_text(encoding="utf-8")  # the command merges: same texts, same marks
    for keep in ("ins", "del"):
        assert resolve(cli, keep) == resolve(markdown("res140-rcc-chn"), keep)
    assert cli.count("{++") == markdown("res140-rcc-chn").count("{++")
    r = CliRunner().invoke(
        app, ["redline", str(res), str(rcc), str(chn), "-f", "text", "-o", str(tmp_path / "r.txt")]
    )
    assert r.exit_code == 0
    text = (tmp_path / "r.txt").read_text(encoding="utf-8")
    assert "\x1b[" not in text and "{+2030 Agenda for Sustainable Development+}" in text
    r = CliRunner().invoke(app, ["redline", str(res), str(rcc), str(chn), "-f", "text"])
    assert "\x1b[" not in r.stdout and "{+2030 Agenda for Sustainable" in r.stdout
    r = CliRunner().invoke(app, ["apply", str(res), str(rcc), "-f", "md", "-o", "-"])
    assert r.exit_code == 0 and r.stdout == resolution_markdown(
        apply_proposals(Resolution.load(res), [ProposalDoc.load(rcc)]).result
    )
    r = CliRunner().invoke(app, ["show", str(res), "-f", "text"])
    assert r.exit_code == 0 and "\x1b[" not in r.stdout and "considering" in r.stdout


def test_merged_redline_with_brackets() -> None:
    from resdraft.attributed import redline_merge
    from resdraft.merge import merge_proposals
    from tests.conftest import CHN140, RCC140, RES140

    base = Resolution.load(RES140)
    docs = [ProposalDoc.load(RCC140), ProposalDoc.load(CHN140)]
    m = merge_proposals(base, docs)
    md = redline_markdown(redline_merge(m), base, m.draft, [ch for d in docs for ch in d.changes])
    assert resolve(md, "ins") == resolve(resolution_markdown(m.draft), "ins")
    assert resolve(md, "del") == resolve(resolution_markdown(base), "ins")
    assert "{>>[SUP RCC/13/7 (RUS, ARM, KGZ, BLR)<<} {++6++} {++[RCC: delete]++}" in md
