"""resdraft import: resolutions from text (English, Spanish, French) and HTML into Akoma Ntoso.

The fixtures in tests/fixtures/import/ are short texts written for these tests.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from resdraft.akn import AKN_NS, local, text_of
from resdraft.cli import app
from resdraft.errors import InputError
from resdraft.importer import ImportOptions, ImportResult, import_file
from resdraft.importer.keywords import LANGUAGES, detect_language, fold, lexicon, slugify
from resdraft.importer.outline import number_token
from resdraft.lint import lint_references, lint_structure
from resdraft.model import Document, Resolution
from resdraft.validate import profile_issues, schema_issues

FIX = Path(__file__).resolve().parent / "fixtures" / "import"
NS = {"a": AKN_NS}
OPTS = ImportOptions(today="2026-01-01", adopted="2030-01-01", date="2030-11-01")


def eids(result: ImportResult) -> list[str]:
    return [e.get("eId") or "" for e in result.tree.getroot().iter() if e.get("eId")]


def by_eid(result: ImportResult, eid: str) -> etree._Element:
    found = result.tree.getroot().xpath(f"//*[@eId='{eid}']")
    assert isinstance(found, list) and len(found) == 1, eid
    el = found[0]
    assert isinstance(el, etree._Element)
    return el


def assert_valid(result: ImportResult, *, profile: bool = True) -> None:
    """The official XSD through xmlschema (the validator of record), the profile and the lint."""
    doc = Document(result.tree, "<import>")
    issues = schema_issues(doc, "xmlschema") + list(lint_structure(doc)) + list(lint_references(doc))
    if profile:
        issues += profile_issues(doc)
    errors = [str(i) + " " + i.message for i in issues if i.severity == "error"]
    assert not errors, errors


# ---------------------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def eng() -> ImportResult:
    return import_file(FIX / "eng-resolution.txt", OPTS)


def test_english_resolution_validates(eng: ImportResult) -> None:
    assert eng.kind == "resolution" and eng.lang == "eng"
    assert_valid(eng)


def test_english_eids_follow_the_model(eng: ImportResult) -> None:
    expected = [
        "preface__longTitle_1",
        "preface__longTitle_1__revision",
        "preface__p_1",
        "preamble",
        "preamble__formula_1",
        "preamble__considering",
        "preamble__considering__intro",
        "preamble__considering__rec_a",
        "preamble__considering__rec_b",
        "preamble__consideringFurther",
        "preamble__consideringFurther__intro",
        "preamble__consideringFurther__rec_1",
        "preamble__notingWithSatisfaction",
        "preamble__notingWithSatisfaction__intro",
        "preamble__notingWithSatisfaction__rec_a",
        "preamble__notingWithSatisfaction__rec_b",
        "body",
        "resolves",
        "resolves__para_1",
        "resolves__para_2",
        "resolves__para_2__intro",
        "resolves__para_2__point_i",
        "resolves__para_2__point_ii",
        "resolves__para_3",
        "instructsTheSecretaryGeneral",
        "instructsTheSecretaryGeneral__para_1",
        "invitesMemberStatesAndSectorMembers",
        "invitesMemberStatesAndSectorMembers__para_1",
        "invitesMemberStatesAndSectorMembers__para_2",
        "att_1",
        "att_1__preface__p_1",
        "att_1__preface__p_2",
        "att_1__tasks",
        "att_1__tasks__para_1",
        "att_1__tasks__para_2",
    ]
    got = [e for e in eids(eng) if not e.startswith(("itu-", "resdraft", "author", "editor", "fn_"))]
    got = [e for e in got if e not in ("preambularPhrase", "operativePhrase")]
    assert got == expected


def test_english_heading_title_and_formula(eng: ImportResult) -> None:
    lt = by_eid(eng, "preface__longTitle_1")
    assert text_of(lt) == "RESOLUTION 901 (REV. EXAMPLE CITY, 2030)"
    assert text_of(by_eid(eng, "preface__longTitle_1__revision")) == "REV. EXAMPLE CITY, 2030"
    assert lt.find(".//a:docNumber", NS) is not None
    assert text_of(by_eid(eng, "preface__p_1")) == "Shared practice for testing imported texts"
    assert text_of(by_eid(eng, "preamble__formula_1")).startswith("The Plenipotentiary Conference")
    doc = Document(eng.tree)
    assert doc.work == "/akn/un/statement/deliberation/itu-pp/2030-01-01/res-901"
    assert doc.expression.endswith("/eng@2030-11-01")
    assert doc.name == "Resolution 901 (Rev. Example City, 2030)"


def test_keyword_groups_are_italic_phrases(eng: ImportResult) -> None:
    intro = by_eid(eng, "preamble__notingWithSatisfaction__intro")
    assert etree.tostring(intro[0], encoding=str, with_tail=False).endswith(
        "<i>noting with satisfaction</i></p>"
    )
    heading = by_eid(eng, "instructsTheSecretaryGeneral").find("a:heading", NS)
    assert heading is not None and text_of(heading) == "instructs the Secretary-General"
    assert by_eid(eng, "resolves").get("refersTo") == "#operativePhrase"


def test_points_bullets_and_recital_sub_items(eng: ImportResult) -> None:
    para2 = by_eid(eng, "resolves__para_2")
    assert text_of(by_eid(eng, "resolves__para_2__intro")) == "that imported texts shall be checked for:"
    point = by_eid(eng, "resolves__para_2__point_ii")
    bullets = point.findall(".//a:p[@class='bullet']", NS)
    assert [text_of(b) for b in bullets] == ["• the eIds;", "• the numbers;"]
    assert para2.find("a:num", NS) is not None
    items = by_eid(eng, "preamble__notingWithSatisfaction__rec_a").findall("a:p[@class='item']", NS)
    assert [text_of(i) for i in items] == ["i) first sub-item;", "ii) second sub-item;"]


def test_unnumbered_paragraphs_use_their_ordinal(eng: ImportResult) -> None:
    para = by_eid(eng, "instructsTheSecretaryGeneral__para_1")
    assert para.find("a:num", NS) is None
    assert text_of(para) == "to publish the results,"


def test_references_are_marked_up(eng: ImportResult) -> None:
    refs = {text_of(r): r.get("href") for r in eng.tree.getroot().iter(f"{{{AKN_NS}}}ref")}
    assert (
        refs["Resolution 140 (Rev. Busan, 2014)"]
        == "/akn/un/statement/deliberation/itu-pp/2006-11-24/res-140"
    )
    assert refs["WG-WSIS-32/13"] == "/akn/un/doc/itu/wg-wsis-32-13"


def test_footnotes_go_to_notes_with_a_marker(eng: ImportResult) -> None:
    note = by_eid(eng, "fn_1")
    assert local(note) == "note"
    assert text_of(note) == "An illustrative footnote written for the tests."
    marker = by_eid(eng, "preamble__considering__rec_b").find(".//a:ref[@class='footnote']", NS)
    assert marker is not None and marker.get("href") == "#fn_1" and text_of(marker) == "1"


def test_annex_is_an_attachment(eng: ImportResult) -> None:
    att = by_eid(eng, "att_1")
    assert att.find("a:doc", NS) is not None and att.find("a:doc", NS).get("name") == "annex"  # type: ignore[union-attr]
    assert text_of(by_eid(eng, "att_1__tasks").find("a:heading", NS)) == "Tasks"  # type: ignore[arg-type]


def test_unplaced_lines_are_reported_with_their_line_number(eng: ImportResult) -> None:
    unplaced = [i for i in eng.issues if i.code == "unplaced"]
    assert len(unplaced) == 1 and eng.unplaced == 1
    assert unplaced[0].line == 1 and unplaced[0].severity == "error"
    assert "Document WG-TEST/1-E" in unplaced[0].message
    assert eng.lines == eng.placed + 1


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_no_character_is_lost(eng: ImportResult) -> None:
    """Every non-space character of the input is in the output, in order, but the reported line."""
    lines = (FIX / "eng-resolution.txt").read_text("utf-8").splitlines()
    body, note = lines[1:-1], lines[-1]  # line 1 is reported unplaced; the last line is the footnote
    root = eng.tree.getroot()
    blocks = [e for e in root.iterfind(".//a:*", NS) if local(e) in ("preface", "preamble", "mainBody")]
    assert squeeze("".join(text_of(b) for b in blocks)) == squeeze("\n".join(body).replace("[1]", "1"))
    assert squeeze(text_of(by_eid(eng, "fn_1"))) == squeeze(note.replace("[1]", ""))


# ---------------------------------------------------------------------------------------
# Spanish and French
# ---------------------------------------------------------------------------------------


def test_spanish_resolution() -> None:
    r = import_file(FIX / "spa-resolution.txt", ImportOptions(today="2026-01-01", adopted="2014-11-07"))
    assert r.lang == "spa" and r.unplaced == 0
    assert_valid(r)
    got = eids(r)
    for eid in (
        "preamble__considering__rec_b",
        "preamble__recallingAlso__rec_a",
        "preamble__bearingInMind__rec_1",
        "resolves__para_2__point_ii",
        "instructsTheSecretaryGeneral__para_2",
        "invitesMemberStatesAndSectorMembers__para_1",
    ):
        assert eid in got
    assert text_of(by_eid(r, "preface__longTitle_1__revision")) == "REV. BUSÁN, 2014"
    doc = Document(r.tree)
    assert doc.expression == "/akn/un/statement/deliberation/itu-pp/2014-11-07/res-902/spa@2014-11-07"
    heading = by_eid(r, "instructsTheSecretaryGeneral").find("a:heading", NS)
    assert heading is not None and text_of(heading) == "encarga al Secretario General"
    refs = [r.get("href") for r in r.tree.getroot().iter(f"{{{AKN_NS}}}ref")]
    assert "/akn/un/statement/deliberation/itu-council/2011-10-14/res-1332" in refs


def test_french_resolution() -> None:
    r = import_file(FIX / "fra-resolution.txt", ImportOptions(today="2026-01-01", adopted="2014-11-07"))
    assert r.lang == "fra" and r.unplaced == 0
    assert_valid(r)
    got = eids(r)
    for eid in (
        "preamble__considering__rec_b",
        "preamble__recalling__rec_1",
        "preamble__notingWithSatisfaction__rec_b",
        "resolves__para_2",
        "instructsTheSecretaryGeneral__para_1",
        "invitesMemberStates__para_2",
    ):
        assert eid in got
    assert text_of(by_eid(r, "preface__longTitle_1__revision")) == "RÉV. BUSAN, 2014"
    refs = {text_of(x): x.get("href") for x in r.tree.getroot().iter(f"{{{AKN_NS}}}ref")}
    assert refs["Résolution 140 (Rév. Busan, 2014)"].endswith("/itu-pp/2006-11-24/res-140")  # type: ignore[union-attr]


# ---------------------------------------------------------------------------------------
# Council resolutions, headings in every language, HTML
# ---------------------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_council_heading_gives_the_council_and_its_date(tmp_path: Path) -> None:
    p = _write(
        tmp_path,
        "c.txt",
        "Resolution 1332 (modified 2016)\n\nA short title\n\nThe Council,\n\nnoting\n\nthat it works,\n\n"
        "resolves\n\nto go on.\n",
    )
    r = import_file(p, ImportOptions(today="2026-01-01"))
    assert_valid(r)
    doc = Document(r.tree)
    assert doc.expression == "/akn/un/statement/deliberation/itu-council/2011-10-14/res-1332/eng@2016-06-02"
    assert text_of(by_eid(r, "preamble__formula_1")) == "The Council,"


@pytest.mark.parametrize(
    ("lang", "line", "number", "revision"),
    [
        ("eng", "RESOLUTION 140 (REV. BUSAN, 2014)", "140", "REV. BUSAN, 2014"),
        ("spa", "RESOLUCIÓN 140 (REV. BUSÁN, 2014)", "140", "REV. BUSÁN, 2014"),
        ("fra", "RÉSOLUTION 140 (RÉV. BUSAN, 2014)", "140", "RÉV. BUSAN, 2014"),
        ("rus", "РЕЗОЛЮЦИЯ 140 (ПЕРЕСМ. ПУСАН, 2014 г.)", "140", "ПЕРЕСМ. ПУСАН, 2014 г."),
        ("ara", "القرار 140 (المراجَع في بوسان، 2014)", "140", "المراجَع في بوسان، 2014"),
        ("zho", "第140号决议（2014年，釜山，修订版）", "140", "2014年，釜山，修订版"),
        ("eng", "Resolution 1332 (modified 2016)", "1332", "modified 2016"),
        ("eng", "RESOLUTION 200 (BUSAN, 2014)", "200", "BUSAN, 2014"),
    ],
)
def test_headings(lang: str, line: str, number: str, revision: str) -> None:
    h = lexicon(lang).heading(line)
    assert h is not None and h.number == number and h.revision == revision


@pytest.mark.parametrize(
    ("lang", "phrase", "slug"),
    [
        ("eng", "considering further", "consideringFurther"),
        ("eng", "instructs the Directors of the Bureaux", "instructsTheDirectorsOfTheBureaux"),
        ("eng", "invites Member States and Sector Members,", "invitesMemberStatesAndSectorMembers"),
        ("spa", "observando con satisfacción", "notingWithSatisfaction"),
        ("spa", "encarga al Consejo", "instructsTheCouncil"),
        ("fra", "ayant à l'esprit", "bearingInMind"),
        ("fra", "charge le Secrétaire général", "instructsTheSecretaryGeneral"),
        ("rus", "учитывая", "considering"),
        ("rus", "поручает Генеральному секретарю", "instructsTheSecretaryGeneral"),
        ("ara", "إذ يضع في اعتباره", "considering"),
        ("ara", "يقرر", "resolves"),
        ("zho", "考虑到", "considering"),
        ("zho", "责成秘书长", "instructsTheSecretaryGeneral"),
    ],
)
def test_keywords_from_data(lang: str, phrase: str, slug: str) -> None:
    kw = lexicon(lang).keyword(phrase)
    assert kw is not None and kw.slug == slug


def test_keyword_data_is_well_formed() -> None:
    """Every language file loads; every slug is a valid eId slug; phrases fold uniquely."""
    for lang in LANGUAGES:
        lex = lexicon(lang)
        assert lex.headings and lex.formulas and lex.annexes
    for path in sorted(
        (Path(__file__).resolve().parent.parent / "resdraft" / "data" / "keywords").glob("*.json")
    ):
        data = json.loads(path.read_text("utf-8"))
        for part in ("preamble", "operative"):
            for phrase, slug in data[part].items():
                assert re.fullmatch(r"[a-z][A-Za-z0-9]*", slug), (path.name, phrase, slug)
    eng = json.loads((path.parent / "eng.json").read_text("utf-8"))
    for part in ("preamble", "operative"):
        for phrase, slug in eng[part].items():
            assert slugify(phrase) == slug, phrase


def test_language_detection() -> None:
    assert detect_language(["considerando", "a)\tque las pruebas", "resuelve"]) == "spa"
    assert detect_language(["considérant", "décide", "de la"]) == "fra"
    assert detect_language(["considering", "resolves", "that the"]) == "eng"
    assert detect_language(["考虑到", "做出决议"]) == "zho"
    assert fold("RESOLUCIÓN") == fold("resolucion")


@pytest.mark.parametrize(
    ("text", "num", "styles"),
    [
        ("a)\tthat", "a)", ["letter-lower)"]),
        ("i)\tthat", "i)", ["letter-lower)", "roman-lower)"]),
        ("iv)\tthat", "iv)", ["roman-lower)"]),
        ("12\tthat", "12", ["arabic"]),
        ("2.3\tText", "2.3", ["dotted:2"]),
        ("8.1.\tText", "8.1.", ["dotted:8"]),
        ("•\tbullet", "•", ["bullet•"]),
        ("(b) that", "(b)", ["letter-lower()"]),
    ],
)
def test_number_tokens(text: str, num: str, styles: list[str]) -> None:
    tok = number_token(text)
    assert tok is not None and tok.num == num and [s for s, _ in tok.candidates] == styles


def test_not_numbers() -> None:
    for text in ("that 2030 Agenda", "etc) and so on", "2030", "Resolution 140"):
        tok = number_token(text)
        assert tok is None or not tok.strong, text


def test_html_resolution(tmp_path: Path) -> None:
    html = """<!DOCTYPE html><html><head><title>x</title><script>alert(1)</script></head><body>
<p><b>RESOLUTION 77 (BUSAN, 2014)</b></p>
<p>A test title</p>
<p>The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),</p>
<p><i>considering</i></p>
<ol type="a"><li>that <i>inter alia</i> lists work;</li><li>that HTML is read,</li></ol>
<p><i>resolves</i></p>
<ol><li>to read lists;</li><li>to keep <i>italics</i>.</li></ol>
</body></html>"""
    r = import_file(_write(tmp_path, "r.html", html), ImportOptions(today="2026-01-01"))
    assert r.fmt == "html" and r.unplaced == 0
    assert_valid(r)
    assert by_eid(r, "preamble__considering__rec_b").find("a:num", NS).text == "b)"  # type: ignore[union-attr]
    rec_a = by_eid(r, "preamble__considering__rec_a")
    assert rec_a.find(".//a:i", NS) is not None
    assert text_of(rec_a.find("a:p", NS)) == "that inter alia lists work;"  # type: ignore[arg-type]
    assert text_of(by_eid(r, "resolves__para_2").find(".//a:p", NS)) == "to keep italics."  # type: ignore[arg-type]
    assert "alert" not in etree.tostring(r.tree, encoding=str)


def test_control_characters_are_removed_and_reported(tmp_path: Path) -> None:
    p = tmp_path / "c.txt"
    p.write_bytes(b"RESOLUTION 5 (BUSAN, 2014)\nTitle\x07 here\nresolves\nto \x0cwork.\n")
    r = import_file(p, ImportOptions(today="2026-01-01"))
    codes = {(i.code, i.line) for i in r.issues}
    assert ("control-character", 2) in codes and ("page-break", 4) in codes
    assert text_of(by_eid(r, "preface__p_1")) == "Title here"


def test_windows_1252_is_read_and_reported(tmp_path: Path) -> None:
    p = tmp_path / "c.txt"
    p.write_bytes("RESOLUCIÓN 5 (BUSÁN, 2014)\nTítulo\nresuelve\nque sí.\n".encode("cp1252"))
    r = import_file(p, ImportOptions(today="2026-01-01"))
    assert any(i.code == "encoding" for i in r.issues)
    assert text_of(by_eid(r, "preface__p_1")) == "Título"


def test_no_operative_part_is_an_input_error(tmp_path: Path) -> None:
    p = _write(tmp_path, "c.txt", "RESOLUTION 5 (BUSAN, 2014)\nTitle\nconsidering\nthat nothing follows,\n")
    with pytest.raises(InputError, match="no operative part"):
        import_file(p, ImportOptions(kind="resolution"))


# ---------------------------------------------------------------------------------------
# the command line
# ---------------------------------------------------------------------------------------

runner = CliRunner()


def test_cli_import_writes_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    res = runner.invoke(
        app, ["import", str(FIX / "eng-resolution.txt"), "-o", str(out), "--date", "2030-11-01"]
    )
    assert res.exit_code == 0, res.output
    assert out.is_file()
    assert "eng-resolution.txt:1" in res.stderr and "unplaced" in res.stderr
    assert "33 lines, 32 placed, 1 unplaced" in " ".join(res.stderr.split())
    assert Document(etree.ElementTree(etree.parse(str(out)).getroot())).expression.endswith("eng@2030-11-01")


def test_cli_strict_fails_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    res = runner.invoke(app, ["import", str(FIX / "eng-resolution.txt"), "-o", str(out), "--strict"])
    assert res.exit_code == 4
    assert not out.exists()
    assert "eng-resolution.txt:1" in res.stderr


def test_cli_strict_passes_on_a_clean_text(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    args = ["import", str(FIX / "spa-resolution.txt"), "-o", str(out), "--strict", "--adopted", "2014-11-07"]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.stderr
    res = runner.invoke(app, ["validate", str(out)])
    assert res.exit_code == 0, res.output


def test_cli_options_override_the_heading(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    args = ["import", str(FIX / "fra-resolution.txt"), "-o", str(out), "--lang", "fra", "--body", "council"]
    args += [
        "--number",
        "1999",
        "--revision",
        "Rév. Busan, 2014",
        "--date",
        "2015-01-01",
        "--adopted",
        "2010-01-01",
    ]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.stderr
    doc = Document(etree.ElementTree(etree.parse(str(out)).getroot()))
    assert doc.expression == "/akn/un/statement/deliberation/itu-council/2010-01-01/res-1999/fra@2015-01-01"
    assert doc.name == "Resolution 1999 (Rév. Busan, 2014)"


def test_cli_bad_options(tmp_path: Path) -> None:
    res = runner.invoke(
        app, ["import", str(FIX / "eng-resolution.txt"), "-o", str(tmp_path / "x.xml"), "--lang", "deu"]
    )
    assert res.exit_code == 2
    res = runner.invoke(app, ["import", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "x.xml")])
    assert res.exit_code == 2


def test_cli_help_has_an_example() -> None:
    for cmd in ("import", "export"):
        res = runner.invoke(app, [cmd, "--help"])
        assert res.exit_code == 0 and "Example:" in res.output


def test_a_number_used_twice_stays_in_the_text(tmp_path: Path) -> None:
    text = "RESOLUTION 5 (BUSAN, 2014)\nT\nconsidering\na)\tx;\na)\ty;\nb)\tz,\nresolves\n1\tone;\n1\ttwo;\n"
    text += "2\tthree:\ni)\tp;\ni)\tq;\n3\tfour.\n"
    r = import_file(_write(tmp_path, "d.txt", text), ImportOptions(today="2026-01-01"))
    assert_valid(r)
    assert r.unplaced == 0
    nums = [i.line for i in r.issues if i.code == "numbering" and "used twice" in i.message]
    assert nums == [5, 9, 12]
    assert text_of(by_eid(r, "resolves__para_3")).startswith("3")
    dup = by_eid(r, "preamble__considering__rec_2")
    assert dup.find("a:num", NS) is None and text_of(dup) == "a) y;"


def test_a_doc_number_used_twice_stays_in_the_text(tmp_path: Path) -> None:
    text = "Intro text\n1\tOne\n1.1\tFirst.\n1.1\tAgain first.\n1.2\tSecond.\n2\tTwo\n"
    r = import_file(_write(tmp_path, "d.txt", text), ImportOptions(today="2026-01-01", date="2020-01-01"))
    assert r.kind == "doc"
    assert_valid(r, profile=False)
    assert text_of(by_eid(r, "sec_1__para_1-2")).startswith("1.2")
    assert any("1.1 Again first." in text_of(p) for p in r.tree.getroot().iter(f"{{{AKN_NS}}}p"))


# Short texts of our own in the other three languages: the commonest keywords and headings.
OTHER_LANGUAGES = {
    "rus": (
        "РЕЗОЛЮЦИЯ 905 (ПЕРЕСМ. ПУСАН, 2014 г.)\n\nТекст для проверки\n\n"
        "Полномочная конференция Международного союза электросвязи (Пусан, 2014 г.),\n\n"
        "учитывая\n\na)\tчто тексты бывают короткими;\n\nb)\tчто проверка нужна,\n\n"
        "решает\n\n1\tпроверять тексты;\n\n2\tсообщать о результатах,\n\n"
        "поручает Генеральному секретарю\n\nопубликовать результаты.\n",
        ["preamble__considering__rec_b", "resolves__para_2", "instructsTheSecretaryGeneral__para_1"],
    ),
    "zho": (
        "第905号决议（2014年，釜山，修订版）\n\n用于测试的文本\n\n"
        "国际电信联盟全权代表大会（2014年，釜山），\n\n"
        "考虑到\n\na)\t文本很短；\n\nb)\t需要测试，\n\n"
        "做出决议\n\n1\t测试文本；\n\n2\t报告结果，\n\n"
        "责成秘书长\n\n公布结果。\n",
        ["preamble__considering__rec_b", "resolves__para_2", "instructsTheSecretaryGeneral__para_1"],
    ),
    "ara": (
        "القرار 905 (المراجَع في بوسان، 2014)\n\nنص للاختبار\n\n"
        "إن مؤتمر المندوبين المفوضين للاتحاد الدولي للاتصالات (بوسان، 2014)،\n\n"
        "إذ يضع في اعتباره\n\nأ)\tأن النصوص قصيرة؛\n\nب)\tأن الاختبار ضروري،\n\n"
        "يقرر\n\n1\tاختبار النصوص؛\n\n2\tالإبلاغ عن النتائج،\n\n"
        "يكلف الأمين العام\n\nبنشر النتائج.\n",
        ["preamble__considering__rec_2", "resolves__para_2", "instructsTheSecretaryGeneral__para_1"],
    ),
}


@pytest.mark.parametrize("lang", sorted(OTHER_LANGUAGES))
def test_russian_chinese_arabic(lang: str, tmp_path: Path) -> None:
    text, expected = OTHER_LANGUAGES[lang]
    r = import_file(
        _write(tmp_path, f"{lang}.txt", text), ImportOptions(today="2026-01-01", adopted="2014-11-07")
    )
    assert r.lang == lang and r.kind == "resolution" and r.unplaced == 0
    assert_valid(r)
    got = eids(r)
    for eid in expected:
        assert eid in got, (eid, got)
    assert Document(r.tree).expression.endswith(f"/res-905/{lang}@2014-11-07")
    if lang == "ara":  # abjad letters are kept in the text; eIds use the ordinal
        rec = by_eid(r, "preamble__considering__rec_2")
        assert rec.find("a:p/a:inline[@name='num']", NS).text == "ب)"  # type: ignore[union-attr]
        assert [i.code for i in r.issues if i.severity == "warning"] == ["numbering"]


def test_an_empty_file_is_an_input_error(tmp_path: Path) -> None:
    for name, data in (("e.txt", b""), ("b.txt", b"\n \n\t\n"), ("e.html", b"<html><body></body></html>")):
        p = tmp_path / name
        p.write_bytes(data)
        with pytest.raises(InputError, match="no text"):
            import_file(p)


def test_page_numbers_and_separators_are_skipped_and_reported(tmp_path: Path) -> None:
    text = "RESOLUTION 5 (BUSAN, 2014)\nTitle\nresolves\n1\tto go on;\n- 2 -\n2\tto stop.\n____________\n"
    r = import_file(_write(tmp_path, "p.txt", text), ImportOptions(today="2026-01-01"))
    assert (r.lines, r.placed, r.unplaced, r.skipped) == (7, 5, 0, 2)
    assert {(i.code, i.line) for i in r.issues} >= {("page-number", 5), ("separator", 7)}
    assert text_of(by_eid(r, "resolves__para_1").find(".//a:p", NS)) == "to go on;"  # type: ignore[arg-type]
    assert text_of(by_eid(r, "resolves__para_2").find(".//a:p", NS)) == "to stop."  # type: ignore[arg-type]


def test_cli_export(tmp_path: Path) -> None:
    from resdraft.render.itu_text import resolution_text

    root = Path(__file__).resolve().parent.parent
    res = runner.invoke(app, ["export", str(root / "resolutions" / "res-140.xml")])
    assert res.exit_code == 0
    assert res.stdout == resolution_text(Resolution.load(root / "resolutions" / "res-140.xml"))
    assert res.stdout.startswith("RESOLUTION 140 (Rev. Busan, 2014)\n\n")
    out = tmp_path / "r.txt"
    assert (
        runner.invoke(app, ["export", str(root / "resolutions" / "res-1332.xml"), "-o", str(out)]).exit_code
        == 0
    )
    assert "ANNEX TO RESOLUTION 1332 (modified 2016)" in out.read_text("utf-8")


# ---------------------------------------------------------------------------------------
# keyword lines with a qualifier, "bis" numbers, separators in annexes, export of a <doc>
# ---------------------------------------------------------------------------------------


def words(el: etree._Element) -> str:
    """A provision's number and paragraphs, one space apart (text_of runs them together)."""
    return " ".join(text_of(c) for c in el.iter(f"{{{AKN_NS}}}num", f"{{{AKN_NS}}}p"))


QUALIFIED = (
    "RESOLUTION 5 (BUSAN, 2014)\nT\nresolves\n1\tto do one thing;\n2\tto do another;\n"
    "instructs the Director of the Telecommunication Development Bureau, in close collaboration "
    "with the Directors of the other Bureaux,\nto report on this;\n"
    "instructs the Secretary-General, as a matter of priority,\n1\tto act;\n2\tto say so.\n"
)


def test_a_keyword_with_a_qualifier_starts_a_group(tmp_path: Path) -> None:
    r = import_file(_write(tmp_path, "q.txt", QUALIFIED), ImportOptions(today="2026-01-01"))
    assert_valid(r)
    assert words(by_eid(r, "resolves__para_2")) == "2 to do another;"
    bdt = by_eid(r, "instructsTheDirectorOfTheTelecommunicationDevelopmentBureau")
    assert text_of(bdt.find("a:heading", NS)) == (  # type: ignore[arg-type]
        "instructs the Director of the Telecommunication Development Bureau, in close collaboration "
        "with the Directors of the other Bureaux,"
    )
    assert bdt.find("a:heading/a:i", NS) is not None
    assert text_of(by_eid(r, "instructsTheDirectorOfTheTelecommunicationDevelopmentBureau__para_1")) == (
        "to report on this;"
    )
    assert words(by_eid(r, "instructsTheSecretaryGeneral__para_2")) == "2 to say so."
    assert not [i for i in r.issues if i.code == "keyword"]
    lex = lexicon("eng")
    for sentence in ("resolves, for its part, to act;", "considering that it works, here."):
        assert lex.keyword(sentence) is None, sentence


def test_a_qualified_keyword_wrapped_by_a_pdf(tmp_path: Path) -> None:
    """Hard-wrapped text: the qualifier's second line is joined to the keyword line, and the
    keyword line is not joined to the paragraph before."""
    import textwrap

    paras = QUALIFIED.strip().split("\n")
    filler = [f"{n}\tto do thing number {n} of a list long enough to be wrapped by a PDF converter;"
              for n in range(3, 12)]  # fmt: skip
    paras[5:5] = filler
    text = "\n".join(textwrap.fill(p.expandtabs(), 80) for p in paras)
    r = import_file(_write(tmp_path, "w.txt", text), ImportOptions(today="2026-01-01"))
    assert any(i.code == "unwrap" for i in r.issues)
    assert words(by_eid(r, "resolves__para_11")).endswith("PDF converter;")
    heading = by_eid(r, "instructsTheDirectorOfTheTelecommunicationDevelopmentBureau").find("a:heading", NS)
    assert text_of(heading).endswith("of the other Bureaux,")  # type: ignore[arg-type]
    assert words(by_eid(r, "instructsTheDirectorOfTheTelecommunicationDevelopmentBureau__para_1")) == (
        "to report on this;"
    )


def test_an_unknown_keyword_line_with_a_comma_is_not_glued_silently(tmp_path: Path) -> None:
    text = (
        "RESOLUTION 5 (BUSAN, 2014)\nT\nresolves\n1\tto go on;\n"
        "invites the regional offices, with the Bureaux,\nto report on this;\n"
        "urges the regional offices,\n1\tto act;\n2\tto say so.\n"
    )
    r = import_file(_write(tmp_path, "u.txt", text), ImportOptions(today="2026-01-01"))
    assert_valid(r)
    glued = [i for i in r.issues if i.code == "keyword" and i.line == 5]
    assert len(glued) == 1 and glued[0].severity == "warning"
    assert words(by_eid(r, "urgesTheRegionalOffices__para_2")) == "2 to say so."


@pytest.mark.parametrize(
    ("text", "num", "value"),
    [("3bis\tthat", "3bis", 3), ("3 bis\tthat", "3 bis", 3), ("c bis)\tthat", "c bis)", 3)],
)
def test_bis_number_tokens(text: str, num: str, value: int) -> None:
    tok = number_token(text)
    assert tok is not None and tok.bis and tok.strong and tok.num == num and tok.candidates[0][1] == value
    assert not getattr(number_token("1 bisected text"), "bis", False)


def test_a_bis_number_is_a_provision_of_its_own(tmp_path: Path) -> None:
    text = "RESOLUTION 5 (BUSAN, 2014)\nT\nresolves\n1\tone;\n1bis\tthat one more;\n2\ttwo.\n"
    r = import_file(_write(tmp_path, "b.txt", text), ImportOptions(today="2026-01-01"))
    assert_valid(r)
    assert words(by_eid(r, "resolves__para_1")) == "1 one;"
    assert words(by_eid(r, "resolves__para_2")) == "2 two."
    bis = by_eid(r, "resolves__para_3")
    assert bis.find("a:num", NS) is None and text_of(bis) == "1bis that one more;"
    assert [i.line for i in r.issues if i.code == "numbering" and "'1bis'" in i.message] == [5]
    assert [i.code for i in r.issues if i.code == "numbering" and "sequence" in i.message] == []


def test_a_separator_after_an_annex_is_skipped(tmp_path: Path) -> None:
    text = (
        "RESOLUTION 5 (BUSAN, 2014)\nT\nresolves\n1\tto go on.\n"
        "ANNEX TO RESOLUTION 5 (BUSAN, 2014)\nTasks\n1\tto meet;\n2\tto report.\n______________\n"
    )
    r = import_file(_write(tmp_path, "a.txt", text), ImportOptions(today="2026-01-01"))
    assert_valid(r)
    assert words(by_eid(r, "att_1__tasks__para_2")) == "2 to report."
    assert (r.skipped, r.unplaced) == (1, 0)
    assert ("separator", 9) in {(i.code, i.line) for i in r.issues}


def test_cli_export_refuses_a_general_document(tmp_path: Path) -> None:
    src = _write(tmp_path, "d.txt", "A short report\n1\tFirst part\n1.1\tIt went well.\n2\tSecond part\n")
    xml = tmp_path / "d.xml"
    res = runner.invoke(app, ["import", str(src), "--date", "2020-01-01", "-o", str(xml)])
    assert res.exit_code == 0, res.stderr
    res = runner.invoke(app, ["export", str(xml)])
    assert res.exit_code == 3 and res.stdout == ""
    assert "expected a resolution" in " ".join(res.stderr.split())


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("r.rtf", b"{\\rtf1\\ansi RESOLUTION 1}", "an RTF document"),
        ("r.txt", b"{\\rtf1\\ansi RESOLUTION 1}", "an RTF document"),  # whatever it is called
        ("r.pdf", b"%PDF-1.4 ...", "a PDF"),
        ("r.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", "a Word 97-2003 document (.doc)"),
    ],
)
def test_a_format_resdraft_cannot_read_is_refused_not_imported_as_text(
    tmp_path: Path, name: str, data: bytes, kind: str
) -> None:
    src = tmp_path / name
    src.write_bytes(data)
    r = CliRunner().invoke(app, ["import", str(src), "-o", str(tmp_path / "out.xml")])
    assert r.exit_code == 3 and f"this is {kind}" in " ".join(r.output.split())
    assert not (tmp_path / "out.xml").exists()


def test_a_footnote_on_the_heading_keeps_it_a_resolution(tmp_path: Path) -> None:
    """ "RESOLUTION 212 (REV. DUBAI, 2018)[1]": the marker is the footnote's; the text was
    taken for a general document, its heading unrecognised."""
    text = (
        "RESOLUTION 212 (REV. DUBAI, 2018)[1]\n\nOur title\n\n"
        "The Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018),\n\n"
        "considering\na)\tthat our test has a recital;\n\nresolves\n1\tthat it has a paragraph;\n\n"
        "[1]\tA note on the whole resolution.\n"
    )
    r = import_file(_write(tmp_path, "fn.txt", text), OPTS)
    assert local(r.tree.getroot()[0]) == "statement"
    title = r.tree.getroot().find(f".//{{{AKN_NS}}}longTitle")
    assert title is not None and title.find(f".//{{{AKN_NS}}}ref").get("href") == "#fn_1"  # type: ignore[union-attr]
    assert not [i for i in r.issues if i.code == "footnote"]


def test_a_resolution_of_an_assembly_is_filed_under_the_body_its_formula_names(tmp_path: Path) -> None:
    text = (
        "RESOLUTION 37 (REV. BUENOS AIRES, 2017)\n\nOur title\n\n"
        "The World Telecommunication Development Conference (Buenos Aires, 2017),\n\n"
        "considering\na)\tthat our test has a recital;\n\nresolves\n1\tthat it has a paragraph;\n"
    )
    r = import_file(_write(tmp_path, "wtdc.txt", text), OPTS)
    root = r.tree.getroot()
    work = root.find(f".//{{{AKN_NS}}}FRBRWork/{{{AKN_NS}}}FRBRuri")
    assert (
        work is not None and work.get("value") == "/akn/un/statement/deliberation/itu-wtdc/2030-01-01/res-37"
    )
    org = root.find(f".//{{{AKN_NS}}}TLCOrganization[@eId='itu-wtdc']")
    assert org is not None and org.get("showAs") == "World Telecommunication Development Conference"
    assert not [i for i in r.issues if "enacting formula" in i.message]
    assert_valid(r)
    # --body overrides, and the importer says the formula disagrees
    said = import_file(_write(tmp_path, "wtsa.txt", text), replace(OPTS, body="wtsa")).issues
    assert any("names itu-wtdc, but the Work IRI says itu-wtsa (--body)" in i.message for i in said)
