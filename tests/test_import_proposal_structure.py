"""resdraft import-proposal where a proposal changes the structure as it quotes it: a paragraph
restated by its opening words alone, a keyword group deleted or added whole, and Word's own list
numbers on paragraphs deleted or inserted as tracked changes. The quoted text is read from the
base; the words a test adds are our own."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from resdraft.akn import text_of
from resdraft.amend import apply_proposals
from resdraft.importer.overlay import fit_blocks
from resdraft.model import ProposalDoc, Resolution
from resdraft.tokens import BLOCK, split_words
from resdraft.validate import validate_document
from tests.test_import_proposal import NS, RES140, base_words, changes, import_docx, insert_before, tracked


def applied(result: object) -> dict[str, object]:
    """The provisions of the base with the imported proposal applied; the result must validate."""
    doc = ProposalDoc(result.tree, "<p>")  # type: ignore[attr-defined]
    consolidated = apply_proposals(Resolution.load(RES140), [doc]).result
    assert not [i for i in validate_document(consolidated) if i.severity == "error"]
    return dict(consolidated.by_eid)


def keyword(d: docx.document.Document, phrase: str, kind: str | None = None) -> None:
    """A keyword line in italics, plain or as a tracked insertion/deletion (``kind``)."""
    if kind is None:
        d.add_paragraph().add_run(phrase).italic = True
    else:
        tracked(d.add_paragraph(), phrase, kind)


def mark_paragraph(paragraph: object, kind: str) -> None:
    """The paragraph mark itself as a tracked insertion or deletion."""
    ppr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    rpr = OxmlElement("w:rPr")
    el = OxmlElement(f"w:{kind}")
    el.set(qn("w:id"), "9")
    el.set(qn("w:author"), "RUS")
    rpr.append(el)
    ppr.append(rpr)


# ---- a paragraph quoted by its opening words ---------------------------------------------------


def test_mod_of_opening_words_without_their_points(tmp_path: Path) -> None:
    """resolves 3 quoted without its points i) to iii): a MOD of its intro that keeps the points
    as they are (the quote restates them unchanged), valid, and that applies."""
    base = Resolution.load(RES140)
    chapeau = base_words(base, "resolves__para_3")
    assert chapeau.endswith(", to:")
    d = docx.Document()
    d.add_paragraph("MOD\tXYZ/1/1")
    keyword(d, "resolves")
    insert_before(d, "3", chapeau, ", to:", " and of our test", "Our test.")
    result = import_docx(d, tmp_path)
    assert changes(result) == [("XYZ/1/1", "MOD", "resolves__para_3", "Our test.")]
    assert result.mismatches == 0
    mod = ProposalDoc(result.tree, "<p>").changes[0].quoted[0]
    assert [text_of(x) for x in mod.iterfind(".//a:intro//a:ins", NS)] == ["and of our test"]
    points = ["resolves__para_3__point_i", "resolves__para_3__point_ii", "resolves__para_3__point_iii"]
    assert len(mod.findall("a:point", NS)) == 3 and not mod.findall(".//a:point//a:ins", NS)
    got = applied(result)
    assert "and of our test, to:" in text_of(got["resolves__para_3"].find("a:intro", NS))  # type: ignore[attr-defined]
    for eid in points:
        assert text_of(got[eid]) == text_of(base.by_eid[eid])  # type: ignore[arg-type]


def test_fit_blocks_keeps_a_wrap_up_the_extract_leaves_out() -> None:
    base = (BLOCK + "intro/p", *split_words("to do this:"), BLOCK + "wrapUp/p", *split_words("and so on."))
    quoted = (BLOCK + "content/p", *split_words("to do that:"))
    assert fit_blocks(base, quoted) == (
        BLOCK + "intro/p",
        *split_words("to do that:"),
        BLOCK + "wrapUp/p",
        *split_words("and so on."),
    )
    same = (BLOCK + "intro/p", *split_words("to do that:"))
    assert fit_blocks(base, same) == same  # the extract's own blocks: nothing to fit


# ---- keyword groups deleted or added whole -----------------------------------------------------


@pytest.mark.parametrize("keyword_deleted", [True, False], ids=["keyword-deleted", "keyword-kept"])
def test_deleting_a_whole_keyword_group_is_one_sup(keyword_deleted: bool, tmp_path: Path) -> None:
    """The keyword "instructs the Council" with its items 1 to 3 deleted: one SUP of the group,
    which applies (an empty group would not validate). With the keyword line left as it was,
    the group still goes, and the import says so."""
    base = Resolution.load(RES140)
    d = docx.Document()
    d.add_paragraph("SUP\tXYZ/1/1")
    keyword(d, "instructs the Council", "del" if keyword_deleted else None)
    for n in (1, 2, 3):
        tracked(d.add_paragraph(), f"{n}\t" + base_words(base, f"instructsTheCouncil__para_{n}"), "del")
    d.add_paragraph("Reasons:\tOur test.")
    result = import_docx(d, tmp_path)
    assert changes(result) == [("XYZ/1/1", "SUP", "instructsTheCouncil", "Our test.")]
    said = [i for i in result.issues if i.code == "proposal-target"]
    assert [i.severity for i in said] == ([] if keyword_deleted else ["info"])
    got = applied(result)
    assert not [e for e in got if e.startswith("instructsTheCouncil")]


def test_a_deleted_keyword_line_with_provisions_left_is_kept(tmp_path: Path) -> None:
    base = Resolution.load(RES140)
    d = docx.Document()
    d.add_paragraph("SUP\tXYZ/1/1")
    keyword(d, "instructs the Council", "del")
    tracked(d.add_paragraph(), "1\t" + base_words(base, "instructsTheCouncil__para_1"), "del")
    d.add_paragraph("Reasons:\tOur test.")
    result = import_docx(d, tmp_path)
    assert changes(result) == [("XYZ/1/1", "SUP", "instructsTheCouncil__para_1", "Our test.")]
    warned = next(i for i in result.issues if i.code == "proposal-target")
    assert warned.severity == "warning" and "keyword is kept" in warned.message


def new_group(d: docx.document.Document) -> None:
    d.add_paragraph("ADD\tXYZ/1/1")
    keyword(d, "invites the Secretary-General", "ins")
    tracked(d.add_paragraph(), "1\tto try our first new idea;", "ins")
    tracked(d.add_paragraph(), "2\tto try our second new idea.", "ins")
    d.add_paragraph("Reasons:\tOur new group.")


def test_adding_a_whole_keyword_group(tmp_path: Path) -> None:
    """A new keyword group with its items: one ADD of the group. Alone in the document, it goes
    after the last group whose phrase opens with the same verb, and the import says so."""
    d = docx.Document()
    new_group(d)
    result = import_docx(d, tmp_path)
    assert changes(result) == [("XYZ/1/1", "ADD", "invitesMemberStates", "Our new group.")]
    add = ProposalDoc(result.tree, "<p>").changes[0]
    assert add.pos == "after" and [x.tag.rpartition("}")[2] for x in add.quoted] == ["hcontainer"]
    assert [i.severity for i in result.issues if i.code == "proposal-target"] == ["info"]
    got = applied(result)
    assert text_of(got["invitesTheSecretaryGeneral__para_2"]).endswith("our second new idea.")  # type: ignore[arg-type]


def test_a_new_keyword_group_goes_where_the_document_shows_it(tmp_path: Path) -> None:
    """Followed in the document by a change under "invites Member States": the new group goes
    before that group, and the other change is kept."""
    base = Resolution.load(RES140)
    d = docx.Document()
    new_group(d)
    d.add_paragraph("MOD\tXYZ/1/2")
    keyword(d, "invites Member States")
    insert_before(
        d, "3", base_words(base, "invitesMemberStates__para_3"), ".", " and in our test", "Our test."
    )
    result = import_docx(d, tmp_path)
    assert changes(result) == [
        ("XYZ/1/1", "ADD", "invitesMemberStatesAndSectorMembers", "Our new group."),
        ("XYZ/1/2", "MOD", "invitesMemberStates__para_3", "Our test."),
    ]
    assert not [i for i in result.issues if i.code == "proposal-target"]
    body = [e for e in applied(result) if "__" not in e and e not in ("preamble", "body")]
    at = body.index("invitesTheSecretaryGeneral")
    assert body[at - 1 : at + 2] == [
        "invitesMemberStatesAndSectorMembers",
        "invitesTheSecretaryGeneral",
        "invitesMemberStates",
    ]


# ---- Word's list numbers on deleted and inserted paragraphs ------------------------------------


def _numbered(base: Resolution, action: str, first: str, middle: str, mark: str, last: str) -> object:
    """A proposal whose resolves items Word numbers: ``first``, then ``middle`` (words) tracked
    as ``mark`` with its paragraph mark, then ``last``."""
    d = docx.Document()
    d.add_paragraph(f"{action}\tXYZ/1/1")
    keyword(d, "resolves")
    d.add_paragraph(base_words(base, first), style="List Number")
    p = d.add_paragraph(style="List Number")
    tracked(p, middle, mark)
    mark_paragraph(p, mark)
    d.add_paragraph(base_words(base, last), style="List Number")
    d.add_paragraph("Reasons:\tOur test.")
    return d


def test_word_numbers_of_a_deleted_paragraph_count_as_it_was(tmp_path: Path) -> None:
    """resolves 1 to 3 numbered by Word, 2 deleted with its paragraph mark: its number is in the
    text as it was only, so 3 reads 2 as proposed; one SUP, no MOD gaining a stray "2"."""
    base = Resolution.load(RES140)
    d = _numbered(
        base, "SUP", "resolves__para_1", base_words(base, "resolves__para_2"), "del", "resolves__para_3"
    )
    result = import_docx(d, tmp_path)
    assert changes(result) == [("XYZ/1/1", "SUP", "resolves__para_2", "Our test.")]
    assert result.mismatches == 0 and not [i for i in result.issues if i.code == "action"]


def test_word_numbers_of_an_inserted_paragraph_count_as_proposed(tmp_path: Path) -> None:
    """A new paragraph numbered by Word between resolves 1 and 2: its number is in the text as
    proposed only, so the unchanged text of 1 does not end with a stray "2"."""
    base = Resolution.load(RES140)
    d = _numbered(
        base, "ADD", "resolves__para_1", "that our test adds a paragraph;", "ins", "resolves__para_2"
    )
    result = import_docx(d, tmp_path)
    assert changes(result) == [("XYZ/1/1", "ADD", "resolves__para_1", "Our test.")]
    assert result.mismatches == 0
    got = applied(result)
    assert text_of(got["resolves__para_2"]).endswith("that our test adds a paragraph;")  # type: ignore[arg-type]
