"""resdraft import of Word documents. The .docx fixtures are built here with python-docx plus
OOXML elements python-docx has no API for: tracked changes (w:ins, w:del) and footnotes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree
from typer.testing import CliRunner

from resdraft.akn import AKN_NS, text_of
from resdraft.cli import app
from resdraft.errors import InputError
from resdraft.importer import ImportOptions, ImportResult, import_file
from resdraft.lint import lint_references, lint_structure
from resdraft.model import Document
from resdraft.validate import profile_issues, schema_issues

NS = {"a": AKN_NS}
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def tracked(paragraph: object, text: str, kind: str, author: str = "RUS") -> None:
    """Append a tracked insertion (kind "ins") or deletion ("del") to a python-docx paragraph."""
    el = OxmlElement(f"w:{kind}")
    el.set(qn("w:id"), str(id(text) % 10000))
    el.set(qn("w:author"), author)
    el.set(qn("w:date"), "2018-01-24T00:00:00Z")
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if kind == "del" else "w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    el.append(run)
    paragraph._p.append(el)  # type: ignore[attr-defined]


def footnote(document: object, paragraph: object, text: str) -> None:
    """A real Word footnote: a reference run in the paragraph and word/footnotes.xml."""
    xml = (
        f'<w:footnotes xmlns:w="{W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="7"><w:p><w:r><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    ).encode()
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, xml, document.part.package)  # type: ignore[attr-defined]
    document.part.relate_to(part, RT.FOOTNOTES)  # type: ignore[attr-defined]
    run = OxmlElement("w:r")
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), "7")
    run.append(ref)
    paragraph._p.append(run)  # type: ignore[attr-defined]


def build(tmp_path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("Cover note written for the tests")
    d.add_paragraph().add_run("RESOLUTION 904 (BUSAN, 2014)").bold = True
    d.add_paragraph("Word files for the importer")
    d.add_paragraph(
        "The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),"
    )
    d.add_paragraph().add_run("considering").italic = True
    p = d.add_paragraph("a)\tthat Word keeps ")
    p.add_run("inter alia").italic = True
    p.add_run(" formatting;")
    p = d.add_paragraph("b)\tthat footnotes exist")
    footnote(d, p, "A footnote of our own.")
    p.add_run(",")
    d.add_paragraph().add_run("resolves").italic = True
    d.add_paragraph("to number paragraphs automatically;", style="List Number")
    p = d.add_paragraph("to accept changes ", style="List Number")
    tracked(p, "without delay", "del")
    tracked(p, "once agreed", "ins")
    p.add_run(".")
    path = tmp_path / "res.docx"
    d.save(str(path))
    return path


@pytest.fixture
def result(tmp_path: Path) -> ImportResult:
    return import_file(build(tmp_path), ImportOptions(today="2026-01-01"))


def el(result: ImportResult, eid: str) -> etree._Element:
    found = result.tree.getroot().xpath(f"//*[@eId='{eid}']")
    assert isinstance(found, list) and len(found) == 1, eid
    assert isinstance(found[0], etree._Element)
    return found[0]


def test_docx_resolution_validates(result: ImportResult) -> None:
    assert result.fmt == "docx" and result.kind == "resolution"
    doc = Document(result.tree, "<docx>")
    issues = schema_issues(doc, "xmlschema") + profile_issues(doc) + list(lint_structure(doc))
    issues += list(lint_references(doc))
    assert not [i for i in issues if i.severity == "error"], issues


def test_docx_paragraph_numbers_locate_unplaced_lines(result: ImportResult) -> None:
    unplaced = [i for i in result.issues if i.code == "unplaced"]
    assert [(i.line, i.severity) for i in unplaced] == [(1, "error")]
    assert "Cover note" in unplaced[0].message


def test_docx_automatic_numbers_become_nums(result: ImportResult) -> None:
    assert el(result, "resolves__para_1").find("a:num", NS).text == "1."  # type: ignore[union-attr]
    assert el(result, "resolves__para_2").find("a:num", NS).text == "2."  # type: ignore[union-attr]


def test_docx_formatting_and_tracked_changes(result: ImportResult) -> None:
    rec = el(result, "preamble__considering__rec_a")
    i = rec.find(".//a:p/a:i", NS)
    assert i is not None and i.text == "inter alia"
    p = el(result, "resolves__para_2").find(".//a:p", NS)
    assert p is not None
    assert [x.text for x in p.iterfind("a:del", NS)] == ["without delay"]
    assert [x.text for x in p.iterfind("a:ins", NS)] == ["once agreed"]
    assert text_of(p) == "to accept changes without delayonce agreed."


def test_docx_footnotes(result: ImportResult) -> None:
    note = el(result, "fn_1")
    assert text_of(note) == "A footnote of our own."
    marker = el(result, "preamble__considering__rec_b").find(".//a:ref[@class='footnote']", NS)
    assert marker is not None and marker.get("href") == "#fn_1" and text_of(marker) == "1"


def test_docx_heading_and_keywords(result: ImportResult) -> None:
    assert text_of(el(result, "preface__longTitle_1")) == "RESOLUTION 904 (BUSAN, 2014)"
    assert Document(result.tree).expression.endswith("/res-904/eng@2014-11-07")


def test_not_a_docx(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 this is not a zip")
    with pytest.raises(InputError):
        import_file(bad)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "no document here")
    other = tmp_path / "other.docx"
    other.write_bytes(buf.getvalue())
    with pytest.raises(InputError, match=r"word/document\.xml"):
        import_file(other)
    res = CliRunner().invoke(app, ["import", str(other), "-o", str(tmp_path / "x.xml")])
    assert res.exit_code == 3 and not (tmp_path / "x.xml").exists()


def test_docx_entities_are_not_expanded(tmp_path: Path) -> None:
    """A DOCTYPE with an entity in word/footnotes.xml is not expanded."""
    path = build(tmp_path)
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/footnotes.xml":
                data = data.replace(b"<w:footnotes", b'<!DOCTYPE x [<!ENTITY e "EXPANDED">]><w:footnotes', 1)
                data = data.replace(b"A footnote of our own.", b"A footnote &e;.")
            dst.writestr(item, data)
    evil = tmp_path / "evil.docx"
    evil.write_bytes(buf.getvalue())
    r = import_file(evil, ImportOptions(today="2026-01-01"))
    assert "EXPANDED" not in etree.tostring(r.tree, encoding=str)


def _renumbered(d: Any, old: str, new: str, words: str) -> None:
    """A paragraph whose number is a tracked change: ``old`` deleted, ``new`` inserted."""
    p = d.add_paragraph()
    tracked(p, old, "del")
    tracked(p, new, "ins")
    p.add_run(f"\t{words}")


def test_docx_revised_numbers_count_in_their_own_text(tmp_path: Path) -> None:
    """A number typed as a tracked change ("3" deleted, "2" inserted) is one number, never "32":
    the new one, or the old one where an item deleted before it is still there and only the old
    one continues the list. Each choice is reported."""
    d = docx.Document()
    d.add_paragraph().add_run("RESOLUTION 905 (BUSAN, 2014)").bold = True
    d.add_paragraph("Numbers that change")
    d.add_paragraph(
        "The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),"
    )
    d.add_paragraph().add_run("considering").italic = True
    d.add_paragraph("a)\tthat our tests read Word;")
    tracked(d.add_paragraph(), "b)\tthat a deleted recital stays in the text;", "del")
    _renumbered(d, "c)", "b)", "that the next one is lettered again;")
    d.add_paragraph().add_run("resolves").italic = True
    d.add_paragraph("1\tthat numbers may be revised;")
    _renumbered(d, "3", "2", "that a revised number is one number;")
    tracked(d.add_paragraph(), "3\tthat an inserted paragraph has its own number;", "ins")
    _renumbered(d, "3", "4", "that the one after it is numbered again.")
    path = tmp_path / "revised.docx"
    d.save(str(path))
    result = import_file(path, ImportOptions(today="2026-01-01"))
    nums = {
        e: el(result, e).findtext("a:num", namespaces=NS)
        for e in ("preamble__considering__rec_c", *(f"resolves__para_{n}" for n in range(1, 5)))
    }
    assert nums == {
        "preamble__considering__rec_c": "c)",
        "resolves__para_1": "1",
        "resolves__para_2": "2",
        "resolves__para_3": "3",
        "resolves__para_4": "4",
    }
    p2 = el(result, "resolves__para_2").find(".//a:p", NS)
    assert p2 is not None and text_of(p2) == "that a revised number is one number;" and not len(p2)
    said = [i.message for i in result.issues if i.code == "numbering"]
    assert len(said) == 3 and "read as 'c)'" in said[0] and "read as '2'" in said[1]
    assert not [i for i in result.issues if i.severity == "warning" and i.code == "numbering"]
