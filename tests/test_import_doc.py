"""resdraft import --kind doc: a general structured document (sections 1, 1.1, lettered a),
roman i), bullets) into an Akoma Ntoso <doc>.

The Spanish report of the Council Working Group on WSIS (../shared/seeds) is read at test time
when it is there; its text is not copied into this repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from resdraft.akn import AKN_NS, local, text_of
from resdraft.importer import ImportOptions, ImportResult, import_file
from resdraft.lint import lint_references, lint_structure
from resdraft.model import Document
from resdraft.validate import schema_issues

FIX = Path(__file__).resolve().parent / "fixtures" / "import"
SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds" / "000_ad3600d33c150473.txt"
NS = {"a": AKN_NS}
OPTS = ImportOptions(today="2026-01-01", date="2018-02-01", number="C18/48")


def assert_valid(result: ImportResult) -> None:
    doc = Document(result.tree, "<import>")
    issues = schema_issues(doc, "xmlschema") + list(lint_structure(doc)) + list(lint_references(doc))
    errors = [f"{i.location()} {i.message}" for i in issues if i.severity == "error"]
    assert not errors, errors


def el(result: ImportResult, eid: str) -> etree._Element:
    found = result.tree.getroot().xpath(f"//*[@eId='{eid}']")
    assert isinstance(found, list) and len(found) == 1, eid
    assert isinstance(found[0], etree._Element)
    return found[0]


def heading(result: ImportResult, eid: str) -> str:
    h = el(result, eid).find("a:heading", NS)
    return text_of(h) if h is not None else ""


def squeeze(text: str) -> str:
    return "".join(text.split())


# ---------------------------------------------------------------------------------------
# our own fixture
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> ImportResult:
    return import_file(FIX / "eng-doc.txt", ImportOptions(today="2026-01-01", date="2030-01-01"))


def test_report_is_a_valid_doc(report: ImportResult) -> None:
    assert report.kind == "doc" and report.unplaced == 0
    assert local(report.tree.getroot()[0]) == "doc"
    assert_valid(report)


def test_report_hierarchy(report: ImportResult) -> None:
    assert heading(report, "sec_1") == "Introduction"
    assert el(report, "sec_1__para_1-2").find("a:num", NS).text == "1.2"  # type: ignore[union-attr]
    assert heading(report, "sec_2__para_2-1__point_a") == "Meetings"
    intro = el(report, "sec_2__para_2-1__point_a__point_ii__intro")
    assert text_of(intro) == "The second meeting asked the secretariat to:"
    bullets = [text_of(e) for e in el(report, "sec_2__para_2-1__point_a__point_ii").iterfind("a:indent", NS)]
    assert [squeeze(b) for b in bullets] == ["•prepareasummary;", "•circulateit."]
    assert text_of(el(report, "sec_2__para_2-1__point_c")).endswith("the group will meet again.")
    # unnumbered text after a heading goes to the section's intro
    assert text_of(el(report, "sec_3__intro")) == "The chair thanked the participants."


def test_report_front_matter_is_the_preface(report: ImportResult) -> None:
    preface = report.tree.getroot().find(".//a:preface", NS)
    assert preface is not None
    assert [text_of(p) for p in preface] == [
        "Summary",
        "This report gives the results of two test meetings.",
        "Action required",
        "The reader is invited to note the report.",
        "____________",
    ]
    assert preface[-1].get("class") == "separator"


def test_report_references(report: ImportResult) -> None:
    refs = {text_of(r): r.get("href") for r in report.tree.getroot().iter(f"{{{AKN_NS}}}ref")}
    assert refs["TG-TEST-1/2"] == "/akn/un/doc/itu/tg-test-1-2"
    assert refs["Resolution 140 (Rev. Busan, 2014)"].endswith("/itu-pp/2006-11-24/res-140")  # type: ignore[union-attr]
    assert refs["Resolution 1332 (modified 2016)"].endswith("/itu-council/2011-10-14/res-1332")  # type: ignore[union-attr]


def test_report_metadata(report: ImportResult) -> None:
    doc = Document(report.tree)
    assert doc.work == "/akn/un/doc/itu/2030-01-01/eng-doc"
    assert doc.expression.endswith("/eng@2030-01-01")


def test_kind_doc_can_be_forced_on_a_resolution() -> None:
    r = import_file(
        FIX / "spa-resolution.txt", ImportOptions(kind="doc", today="2026-01-01", date="2014-11-07")
    )
    assert r.kind == "doc"
    assert_valid(r)


# ---------------------------------------------------------------------------------------
# the seed: a real ITU Council report in Spanish
# ---------------------------------------------------------------------------------------

needs_seed = pytest.mark.skipif(not SEED.is_file(), reason="shared/seeds is not beside the repository")


@pytest.fixture(scope="module")
def seed() -> ImportResult:
    return import_file(SEED, OPTS)


@needs_seed
def test_seed_imports_completely(seed: ImportResult) -> None:
    assert seed.kind == "doc" and seed.lang == "spa"
    assert seed.unplaced == 0 and seed.lines == seed.placed == 121
    assert not [i for i in seed.issues if i.severity == "error"]
    assert_valid(seed)


@needs_seed
def test_seed_keeps_every_character(seed: ImportResult) -> None:
    """All the text, in order, but the two "[bookmark: ...]" artefacts, which are reported."""
    source = SEED.read_text("utf-8")
    artefacts = re.findall(r"\[bookmark: ([^\]]*)\]", source)
    root = seed.tree.getroot()
    got = "".join(text_of(e) for e in root.iterfind(".//a:*", NS) if local(e) in ("preface", "mainBody"))
    assert squeeze(got) == squeeze(re.sub(r"\[bookmark: [^\]]*\]", "", source))
    reported = [i for i in seed.issues if i.code == "artefact"]
    assert [i.line for i in reported] == [9, 110]
    kept = [s.get("title") for s in root.iterfind(".//a:span[@class='bookmark']", NS)]
    assert kept == artefacts == ["lt_pId028", "_GoBack"]


@needs_seed
def test_seed_sections_and_lettered_recommendations(seed: ImportResult) -> None:
    sections = [e.get("eId") for e in seed.tree.getroot().iterfind(".//a:mainBody/a:section", NS)]
    assert sections == [f"sec_{n}" for n in range(1, 9)]
    assert heading(seed, "sec_1") == "Introducción"
    assert heading(seed, "sec_2").startswith("Actividades de la UIT relativas a la facilitación")
    letters = [e.find("a:num", NS).text for e in el(seed, "sec_2__para_2-3").iterfind("a:point", NS)]  # type: ignore[union-attr]
    assert letters == [f"{c})" for c in "abcdefghijk"]
    # "i)" after "h)" is the roman sub-item of h); the next "i)" is the letter i)
    assert el(seed, "sec_2__para_2-3__point_h__point_i") is not None
    assert heading(seed, "sec_2__para_2-3__point_i") == "Matriz CMSI-ODS"
    assert el(seed, "sec_2__para_2-3__point_i__point_ii") is not None
    recs = [e.find("a:num", NS).text for e in el(seed, "sec_4__para_4-1").iterfind("a:point", NS)]  # type: ignore[union-attr]
    assert recs == ["a)", "b)", "c)", "d)", "e)"]
    assert el(seed, "sec_8__para_8-1").find("a:num", NS).text == "8.1."  # type: ignore[union-attr]
    assert text_of(el(seed, "sec_5__intro")).startswith("El Sr. Ghislain de Salins")


@needs_seed
def test_seed_bullets_are_indents(seed: ImportResult) -> None:
    point = el(seed, "sec_2__para_2-3__point_b__point_iv")
    indents = point.findall("a:indent", NS)
    assert len(indents) == 6
    assert all(i.find("a:num", NS).text == "•" for i in indents)  # type: ignore[union-attr]
    assert text_of(point.find("a:intro", NS)) == "Se instó a la Secretaría a:"  # type: ignore[arg-type]
    total = len(seed.tree.getroot().findall(".//a:indent", NS))
    assert total == len([ln for ln in SEED.read_text("utf-8").splitlines() if ln.startswith("•")])


@needs_seed
def test_seed_references(seed: ImportResult) -> None:
    refs = [(text_of(r), r.get("href")) for r in seed.tree.getroot().iter(f"{{{AKN_NS}}}ref")]
    hrefs = {h for _, h in refs}
    assert "/akn/un/doc/itu/wg-wsis-32-13" in hrefs and "/akn/un/doc/itu/wg-wsis-32-14" in hrefs
    res140 = [t for t, h in refs if h == "/akn/un/statement/deliberation/itu-pp/2006-11-24/res-140"]
    assert "Resolución 140 (Rev. Busán, 2014)" in res140 and len(res140) >= 8
    assert (
        "Resolución 1332 (modificada en 2016)",
        "/akn/un/statement/deliberation/itu-council/2011-10-14/res-1332",
    ) in refs
    # resolutions of other ITU bodies and of the General Assembly are told apart
    assert ("Resolución 8 (Rev. Buenos Aires, 2017)", "/akn/un/statement/deliberation/itu-wtdc/res-8") in refs
    assert ("Resolución 75", "/akn/un/statement/deliberation/itu-wtsa/res-75") in refs
    assert ("70/125", "/akn/un/statement/deliberation/unga/res-70-125") in refs
    # a document number written with non-breaking hyphens is still one reference
    assert any(t == "WG\u2011WSIS\u201131/17" for t, _ in refs)
    assert len([h for h in hrefs if h and h.startswith("/akn/un/doc/itu/wg-wsis")]) >= 30
