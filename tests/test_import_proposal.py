"""resdraft import-proposal: Word proposals (tracked changes or ITU manual marks, MOD/ADD/SUP/NOC
lines, Reasons) into AKN amendments against Res. 140. The .docx files are built here."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from typer.testing import CliRunner

from resdraft.akn import AKN_NS, text_of
from resdraft.amend import apply_proposals
from resdraft.cli import app
from resdraft.importer.keywords import lexicon
from resdraft.importer.proposal import ProposalResult, import_proposal, merge_words, segments
from resdraft.importer.source import Line, Run
from resdraft.model import ProposalDoc, Resolution
from resdraft.propose import ProposalMeta
from resdraft.render.itu_docx import resolution_docx
from resdraft.tokens import BLOCK, split_words, tag_token
from resdraft.validate import validate_document

ROOT = Path(__file__).resolve().parent.parent
RES140 = ROOT / "resolutions" / "res-140.xml"
NS = {"a": AKN_NS}
META = ProposalMeta(
    "RCC/13", (("RUS", "Russian Federation"), ("ARM", "Armenia")), "2018-01-24", "WG-WSIS-32/13"
)

NOTING_B = (
    ", in December 2015, a high-level meeting on the overall review of the implementation of the WSIS "
    "outcomes, in accordance with its Resolution 68/302, and that the outcome of that review"
)
NOTING_C = (
    "c)\tthat the United Nations is preparing a post-2015 development agenda, including a set of "
    "sustainable development goals, and that the role of telecommunications/ICTs as enablers of "
    "development should be clearly reflected in it;"
)
RESOLVES_1 = (
    "1\tthat ITU shall continue to play a leading role in the implementation and follow-up of the WSIS "
    "outcomes, within its mandate and its areas of competence, working closely with the other "
    "organizations of the United Nations system and with all stakeholders;"
)


def insert_before(d: object, label: str, text: str, end: str, words: str, reasons: str) -> None:
    """A numbered paragraph quoting ``text`` with ``words`` inserted (tracked) before its last
    ``end``, then its Reasons: the usual MOD of a proposal."""
    p = d.add_paragraph(f"{label}\t" + text.removesuffix(end))  # type: ignore[attr-defined]
    tracked(p, words, "ins")
    p.add_run(end)
    d.add_paragraph(f"Reasons:\t{reasons}")  # type: ignore[attr-defined]


def tracked(paragraph: object, text: str, kind: str) -> None:
    el = OxmlElement(f"w:{kind}")
    el.set(qn("w:id"), "1")
    el.set(qn("w:author"), "RUS")
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if kind == "del" else "w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    el.append(run)
    paragraph._p.append(el)  # type: ignore[attr-defined]


def mark(paragraph: object, text: str, kind: str, manual: bool) -> None:
    """An insertion or deletion: underline/strikethrough (ITU manual marks) or a tracked change."""
    if not manual:
        tracked(paragraph, text, kind)
        return
    run = paragraph.add_run(text)  # type: ignore[attr-defined]
    if kind == "ins":
        run.underline = True
    else:
        run.font.strike = True


def proposal_docx(path: Path, *, manual: bool, resolves_1: str = RESOLVES_1) -> Path:
    d = docx.Document()
    d.add_paragraph("Common proposals for the revision of Resolution 140")
    d.add_paragraph("MOD\tRCC/13/2")
    d.add_paragraph().add_run("noting").italic = True
    p = d.add_paragraph("b)\tthat the United Nations General Assembly ")
    mark(p, "is to hold", "del", manual)
    mark(p, "held", "ins", manual)
    p.add_run(NOTING_B)
    mark(p, " will shape the future of the WSIS process", "del", manual)
    mark(p, ", adopted as Resolution 70/125, extended the WSIS process until 2025", "ins", manual)
    p.add_run(";")
    d.add_paragraph("Reasons:\tThe review has taken place.")
    d.add_paragraph("SUP\tRCC/13/3")
    mark(d.add_paragraph(), NOTING_C, "del", manual)
    d.add_paragraph("Reasons:\tOvertaken by events.")
    d.add_paragraph("NOC\tRCC/13/4")
    d.add_paragraph().add_run("resolves").italic = True
    d.add_paragraph(resolves_1)
    d.add_paragraph("Reasons:\tStill valid.")
    d.add_paragraph("MOD\tRCC/13/5")
    p = d.add_paragraph("2\tto continue adapting the work of the Union on WSIS to the ")
    mark(
        p,
        "post-2015 development agenda, once it has been adopted by the United Nations General Assembly",
        "del",
        manual,
    )
    mark(p, "2030 Agenda for Sustainable Development", "ins", manual)
    p.add_run(
        ", and to the evolving telecommunication/ICT environment, paying particular attention to the "
        "needs of developing countries;"
    )
    d.add_paragraph("Reasons:\tAlign with the 2030 Agenda.")
    d.add_paragraph("The Agenda was adopted in 2015.")
    d.add_paragraph("ADD\tRCC/13/6")
    d.add_paragraph().add_run("instructs the Secretary-General").italic = True
    mark(
        d.add_paragraph(), "3\tto draw up a consolidated account of the work done since 2014;", "ins", manual
    )
    d.add_paragraph("Reasons:\tA single account helps the Council.")
    d.save(str(path))
    return path


def changes(result: ProposalResult) -> list[tuple[str, str, str, str]]:
    doc = ProposalDoc(result.tree, "<p>")
    return [(c.proposal_id, c.action, c.target, c.reasons) for c in doc.changes]


EXPECTED = [
    ("RCC/13/2", "MOD", "preamble__noting__rec_b", "The review has taken place."),
    ("RCC/13/3", "SUP", "preamble__noting__rec_c", "Overtaken by events."),
    ("RCC/13/5", "MOD", "resolves__para_2", "Align with the 2030 Agenda. The Agenda was adopted in 2015."),
    ("RCC/13/6", "ADD", "instructsTheSecretaryGeneral__para_2", "A single account helps the Council."),
    ("RCC/13/4", "NOC", "resolves__para_1", "Still valid."),
]


@pytest.mark.parametrize("manual", [True, False], ids=["manual-marks", "tracked-changes"])
def test_proposal_from_word(manual: bool, tmp_path: Path) -> None:
    base = Resolution.load(RES140)
    result = import_proposal(proposal_docx(tmp_path / "p.docx", manual=manual), base, META)
    assert changes(result) == EXPECTED
    assert result.mismatches == 0
    doc = ProposalDoc(result.tree, "<p>")
    assert not [i for i in validate_document(doc, base=base) if i.severity == "error"]
    mod = doc.changes[0].mod
    assert next(text_of(x) for x in mod.iterfind(".//a:del", NS)) == "is to hold"
    assert next(text_of(x) for x in mod.iterfind(".//a:ins", NS)) == "held"
    add = doc.changes[3]
    assert add.pos == "after"
    assert text_of(add.quoted[0]).endswith("to draw up a consolidated account of the work done since 2014;")
    # the cover line is reported, not silently dropped
    info = [i for i in result.issues if i.code == "unplaced"]
    assert [(i.line, i.severity) for i in info] == [(1, "info")]


def test_imported_proposal_applies(tmp_path: Path) -> None:
    base = Resolution.load(RES140)
    result = import_proposal(proposal_docx(tmp_path / "p.docx", manual=True), base, META)
    paras = apply_proposals(base, [ProposalDoc(result.tree, "<p>")]).result.by_eid
    assert "held, in December 2015" in text_of(paras["preamble__noting__rec_b"])
    assert "2030 Agenda for Sustainable Development" in text_of(paras["resolves__para_2"])
    assert text_of(paras["instructsTheSecretaryGeneral__para_3"]).endswith("since 2014;")


def test_unchanged_text_that_differs_from_the_base_is_reported(tmp_path: Path) -> None:
    base = Resolution.load(RES140)
    other = RESOLVES_1.replace("a leading role", "a central role")
    result = import_proposal(proposal_docx(tmp_path / "p.docx", manual=True, resolves_1=other), base, META)
    assert result.mismatches == 1
    issue = next(i for i in result.issues if i.code == "text-mismatch")
    assert issue.eid == "resolves__para_1" and issue.severity == "warning"
    assert "central role" in issue.message and "leading role" in issue.message
    assert issue.line is not None and issue.line > 1


def test_whole_resolution_with_tracked_changes(tmp_path: Path) -> None:
    """No action lines: the document is the whole resolution, changes numbered from --id."""
    base = Resolution.load(RES140)
    d = docx.Document(io.BytesIO(resolution_docx(base)))
    for p in d.paragraphs:
        if p.text.startswith("4\tto use the WSIS Forum"):
            tracked(p, " Sharing good practice is a priority.", "ins")
    path = tmp_path / "whole.docx"
    d.save(str(path))
    result = import_proposal(path, base, ProposalMeta("CHN/14", (("CHN", "China"),), "2018-01-24"))
    assert changes(result) == [("CHN/14/1", "MOD", "resolves__para_4", "")]
    assert result.mismatches == 0


def test_merge_words_keeps_the_base_markup() -> None:
    ref = tag_token("ref", {"href": "/x"})
    base = (
        BLOCK + "p",
        *split_words("see "),
        ref,
        *split_words("Resolution 1332"),
        "\x01</ref>",
        *split_words(" now"),
    )
    new = (BLOCK + "p", *split_words("see Resolution 1332 today"))
    merged = merge_words(base, new)
    assert ref in merged and "today" in merged and "now" not in merged


runner = CliRunner()


def test_cli_import_proposal(tmp_path: Path) -> None:
    src = proposal_docx(tmp_path / "p.docx", manual=True)
    out = tmp_path / "p.xml"
    args = ["import-proposal", str(src), "--base", str(RES140), "--id", "RCC/13", "--by", "RUS,ARM"]
    res = runner.invoke(app, [*args, "--document", "WG-WSIS-32/13", "--date", "2018-01-24", "-o", str(out)])
    assert res.exit_code == 0, res.stderr
    assert "imported 5 change(s)" in " ".join(res.stderr.split())
    res = runner.invoke(app, ["validate", str(RES140), str(out)])
    assert res.exit_code == 0, res.output


def test_cli_import_proposal_strict_mismatch(tmp_path: Path) -> None:
    other = RESOLVES_1.replace("a leading role", "a central role")
    src = proposal_docx(tmp_path / "p.docx", manual=False, resolves_1=other)
    out = tmp_path / "p.xml"
    args = ["import-proposal", str(src), "--base", str(RES140), "--id", "RCC/13", "--by", "RUS"]
    res = runner.invoke(app, [*args, "-o", str(out), "--strict"])
    assert res.exit_code == 4 and not out.exists()
    assert "text-mismatch" in res.stderr
    res = runner.invoke(app, [*args, "-o", str(out), "--by", "RUSSIA"])
    assert res.exit_code == 2  # a bad --by is a usage error (cli/_io.py parse_submitters)


def base_words(base: Resolution, eid: str) -> str:
    """The words of a base provision without its number, as a proposal restates them."""
    p = base.by_eid[eid].find(".//a:p", NS)
    assert p is not None
    return text_of(p)


def import_docx(d: docx.document.Document, tmp_path: Path, pid: str = "XYZ/1") -> ProposalResult:
    path = tmp_path / "p.docx"
    d.save(str(path))
    return import_proposal(
        path, Resolution.load(RES140), ProposalMeta(pid, (("RUS", "Russia"),), "2018-01-24")
    )


def test_reasons_end_at_a_keyword_line(tmp_path: Path) -> None:
    """The keyword after a Reasons paragraph heads the next change: it is not more Reasons."""
    base = Resolution.load(RES140)
    d = docx.Document()
    d.add_paragraph("MOD\tXYZ/1/1")
    d.add_paragraph().add_run("resolves").italic = True
    insert_before(
        d, "1", base_words(base, "resolves__para_1"), "stakeholders;", "relevant ", "Fewer stakeholders."
    )
    d.add_paragraph().add_run("instructs the Secretary-General").italic = True
    d.add_paragraph("MOD\tXYZ/1/2")
    sg2 = base_words(base, "instructsTheSecretaryGeneral__para_2")
    insert_before(d, "2", sg2, ";", " and with the regions", "The regions too.")
    result = import_docx(d, tmp_path)
    assert changes(result) == [
        ("XYZ/1/1", "MOD", "resolves__para_1", "Fewer stakeholders."),
        ("XYZ/1/2", "MOD", "instructsTheSecretaryGeneral__para_2", "The regions too."),
    ]
    assert result.mismatches == 0


def test_a_bis_number_is_added_after_its_base(tmp_path: Path) -> None:
    """ADD of "3bis": after resolves 3, numbered as it will be (4), without "3bis" in its text."""
    d = docx.Document()
    d.add_paragraph("ADD\tXYZ/1/3")
    d.add_paragraph().add_run("resolves").italic = True
    tracked(d.add_paragraph(), "3bis\tthat the Union shall also look at new technologies;", "ins")
    d.add_paragraph("Reasons:\tNew topic.")
    result = import_docx(d, tmp_path)
    assert changes(result) == [("XYZ/1/3", "ADD", "resolves__para_3", "New topic.")]
    add = ProposalDoc(result.tree, "<p>").changes[0]
    assert add.pos == "after"
    quoted = add.quoted[0]
    assert quoted.findtext("a:num", namespaces=NS) == "4"
    assert (
        quoted.findtext("a:content/a:p", namespaces=NS)
        == "that the Union shall also look at new technologies;"
    )
    paras = apply_proposals(Resolution.load(RES140), [ProposalDoc(result.tree, "<p>")]).result.by_eid
    assert text_of(paras["resolves__para_4"]).endswith("look at new technologies;")
    assert text_of(paras["resolves__para_5"]).startswith("5 to use the WSIS Forum")


def test_a_text_mismatch_shows_the_words_that_differ(tmp_path: Path) -> None:
    """A difference past the first 80 characters is shown, with the words around it."""
    base = Resolution.load(RES140)
    other = RESOLVES_1.replace("with all stakeholders", "with all partners")
    result = import_proposal(proposal_docx(tmp_path / "p.docx", manual=True, resolves_1=other), base, META)
    issue = next(i for i in result.issues if i.code == "text-mismatch")
    assert "with all partners;'" in issue.message and "with all stakeholders;'" in issue.message
    here, there = re.findall(r"'([^']*)'", issue.message)[:2]
    assert here != there and here.startswith("… ")


def test_document_numbers_are_kept_when_one_gives_several_changes(tmp_path: Path) -> None:
    """MOD XYZ/1/5 changes two provisions: the first keeps 5, the second is numbered from --id;
    the next change keeps its own number."""
    base = Resolution.load(RES140)
    d = docx.Document()
    d.add_paragraph("MOD\tXYZ/1/5")
    d.add_paragraph().add_run("instructs the Secretary-General").italic = True
    for n in (2, 3):
        p = d.add_paragraph(f"{n}\t" + base_words(base, f"instructsTheSecretaryGeneral__para_{n}"))
        tracked(p, " Yearly.", "ins")
    d.add_paragraph("Reasons:\tYearly.")
    d.add_paragraph("MOD\tXYZ/1/7")
    d.add_paragraph().add_run("resolves").italic = True
    p = d.add_paragraph("1\t" + base_words(base, "resolves__para_1"))
    tracked(p, " Always.", "ins")
    d.add_paragraph("Reasons:\tAlways.")
    result = import_docx(d, tmp_path)
    assert [(c[0], c[2]) for c in changes(result)] == [
        ("XYZ/1/7", "resolves__para_1"),
        ("XYZ/1/5", "instructsTheSecretaryGeneral__para_2"),
        ("XYZ/1/1", "instructsTheSecretaryGeneral__para_3"),
    ]
    assert any(i.code == "proposal-id" and "XYZ/1/5" in i.message for i in result.issues)


def test_one_letter_country_symbols_on_action_lines(tmp_path: Path) -> None:
    """A one-letter symbol (F for France) on an action line is read as its number, not as a
    line of text after an action without one."""
    lines = [Line(i, (Run(t),)) for i, t in enumerate(["MOD\tF/35/1", "resolves", "SUP F/35/2"], 1)]
    segs, before = segments(lines, lexicon("eng"))
    assert [(s.action, s.pid, [ln.text for ln in s.lines]) for s in segs] == [
        ("MOD", "F/35/1", ["resolves"]),
        ("SUP", "F/35/2", []),
    ]
    assert before == []
    d = docx.Document()
    d.add_paragraph("SUP\tF/35/2")
    d.add_paragraph().add_run("resolves").italic = True
    tracked(d.add_paragraph(), "4\t" + base_words(Resolution.load(RES140), "resolves__para_4"), "del")
    d.add_paragraph("Reasons:\tDone.")
    result = import_docx(d, tmp_path, pid="F/35")
    assert changes(result) == [("F/35/2", "SUP", "resolves__para_4", "Done.")]  # the document's own
