"""Where the commands write: never over one of their inputs, never half a folder, the format a
file name asks for, and an unwritable place said as such (exit 3), not as a bug (70)."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner, Result

from resdraft.akn import AKN_NS
from resdraft.cli import app
from tests.conftest import CHN140, RCC140, RCC1332, RES140, RES1332

pytestmark = pytest.mark.usefixtures("plain_terminal")  # tests/conftest.py


def run(*args: object) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def said(r: Result) -> str:
    return " ".join(r.output.split())


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    res, prop = tmp_path / "res-140.xml", tmp_path / "rcc-140.xml"
    shutil.copy(RES140, res)
    shutil.copy(RCC140, prop)
    return res, prop


@pytest.mark.parametrize(
    "argv",
    [
        lambda res, prop: ["apply", res, prop, "-o", prop],
        lambda res, prop: ["apply", res, prop, "-o", res],
        lambda res, prop: ["show", res, "-o", res],
        lambda res, prop: ["redline", res, prop, "-o", prop],
        lambda res, prop: ["merge", res, prop, "-o", res],
        lambda res, prop: ["export", res, "-o", res],
    ],
    ids=["apply-proposal", "apply-resolution", "show", "redline", "merge", "export"],
)
def test_an_output_that_is_an_input_is_refused(copies: tuple[Path, Path], argv) -> None:  # type: ignore[no-untyped-def]
    res, prop = copies
    before = (res.read_bytes(), prop.read_bytes())
    r = run(*argv(res, prop))
    assert r.exit_code == 2, r.output
    assert "also an input" in said(r)
    assert (res.read_bytes(), prop.read_bytes()) == before


def test_an_input_reached_by_another_path_is_refused(copies: tuple[Path, Path]) -> None:
    res, prop = copies
    link = res.parent / "link.xml"
    link.symlink_to(prop)
    r = run("apply", res, prop, "-o", link)
    assert r.exit_code == 2 and "also an input" in said(r)
    assert prop.read_bytes() == RCC140.read_bytes()


def test_two_outputs_on_one_file_are_refused(copies: tuple[Path, Path], tmp_path: Path) -> None:
    res, prop = copies
    out = tmp_path / "draft.xml"
    r = run("merge", res, prop, "-o", out, "--report", out)
    assert r.exit_code == 2 and "two outputs" in said(r)
    assert not out.exists()


def test_an_unwritable_place_is_an_output_error_not_a_bug(
    copies: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests run as root here, which a read-only folder does not stop: the refusal is made by
    the operating system call itself."""
    res, prop = copies

    def refuse(*args: object, **kw: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "out.xml"
    r = run("apply", res, prop, "-o", out)
    assert r.exit_code == 3, r.output
    assert "cannot write here: Permission denied" in said(r) and "internal error" not in r.output
    assert not out.exists()


def test_a_folder_of_results_is_checked_before_any_file_is_written(tmp_path: Path) -> None:
    """A folder where one result goes: refused before the other result is written."""
    old = tmp_path / "old"
    old.mkdir()
    for f in (RES140, RES1332):
        shutil.copy(f, old / f.name)
    out = tmp_path / "out"
    (out / "res-140.xml").mkdir(parents=True)
    r = run("apply", old, RCC140, RCC1332, "-o", out)
    assert r.exit_code == 3, r.output
    assert "is a folder, where a result file goes" in said(r)
    assert sorted(p.name for p in out.iterdir()) == ["res-140.xml"]  # res-1332.xml not written
    new = tmp_path / "new"
    assert run("apply", old, RCC140, RCC1332, "-o", new).exit_code == 0
    redlines = tmp_path / "redlines"
    (redlines / "res-140.html").mkdir(parents=True)
    r = run("diff", old, new, "-o", redlines)
    assert r.exit_code == 3 and "is a folder" in said(r)
    assert sorted(p.name for p in redlines.iterdir()) == ["res-140.html"]


def test_the_file_name_chooses_the_format(copies: tuple[Path, Path], tmp_path: Path) -> None:
    res, prop = copies
    assert run("show", res, "-o", tmp_path / "s.xml").exit_code == 0
    assert etree.parse(str(tmp_path / "s.xml")).getroot().tag == f"{{{AKN_NS}}}akomaNtoso"
    assert run("apply", res, prop, "-o", tmp_path / "a.txt").exit_code == 0
    text = (tmp_path / "a.txt").read_text(encoding="utf-8")
    assert not text.startswith("<") and "considering" in text
    new = tmp_path / "a.xml"
    assert run("apply", res, prop, "-o", new).exit_code == 0
    r = run("diff", res, new, "-o", tmp_path / "d.json")
    assert r.exit_code == 0, r.output
    assert json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))["provisions"]
    assert run("compile", res, prop, "-o", tmp_path / "c.html").exit_code == 0
    assert (tmp_path / "c.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


@pytest.mark.parametrize(
    "argv",
    [
        lambda res, prop, out: ["show", res, "-o", out / "s.json"],
        lambda res, prop, out: ["compile", res, prop, "-o", out / "c.md"],
        lambda res, prop, out: ["compile", res, prop, "-f", "docx", "-o", out / "c.docx"],
    ],
    ids=["show-json", "compile-md", "compile-docx"],
)
def test_a_format_the_command_cannot_write_is_a_usage_error(
    copies: tuple[Path, Path], tmp_path: Path, argv
) -> None:  # type: ignore[no-untyped-def]
    res, prop = copies
    r = run(*argv(res, prop, tmp_path))
    assert r.exit_code == 2, r.output
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".json", ".md", ".docx")]


def test_validate_reports_every_file_when_one_cannot_be_read(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<akomaNtoso", encoding="utf-8")
    r = run("validate", "--fast", RES140, broken, RCC140)
    assert r.exit_code == 3, r.output
    assert f"{RES140}: valid" in r.stdout and f"{RCC140}: valid" in r.stdout
    assert f"error: {broken}:1: not well-formed XML" in " ".join(r.stderr.split())
    assert "1 of 3 files could not be read" in " ".join(r.stderr.split())
    invalid = tmp_path / "invalid.xml"
    invalid.write_text(RES140.read_text(encoding="utf-8").replace("<num>2</num>", "<num>7</num>", 1))
    r = run("validate", "--fast", invalid, broken)
    assert (
        r.exit_code == 3
        and "1 of 2 files could not be read; the others were checked; 1 of the others is invalid" in said(r)
    )
    r = run("validate", "--fast", "--json", RES140, broken)
    assert r.exit_code == 3
    files = {f["file"]: f for f in json.loads(r.stdout)["files"]}
    assert files[str(RES140)]["valid"] and not files[str(broken)]["valid"]
    assert [i["code"] for i in files[str(broken)]["issues"]] == ["unreadable"]


def test_folders_with_nothing_to_compare_or_a_stray_file_are_named(tmp_path: Path) -> None:
    empty, full = tmp_path / "empty", tmp_path / "full"
    empty.mkdir()
    full.mkdir()
    shutil.copy(RES140, full / RES140.name)
    r = run("diff", empty, full)
    assert r.exit_code == 3 and f"{empty}: this folder holds no .xml file" in said(r)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(RES140, other / RES140.name)
    (other / "notes.xml").write_text("<notes/>", encoding="utf-8")
    r = run("diff", full, other)
    assert r.exit_code == 3
    assert "notes.xml: not an Akoma Ntoso document: its root element is <notes>" in said(r)


def test_an_undeclared_entity_is_not_blamed_on_a_doctype(tmp_path: Path) -> None:
    bad = tmp_path / "entity.xml"
    bad.write_text(RES140.read_text(encoding="utf-8").replace("the Union took", "the Union &eacute; took", 1))
    r = run("show", bad)
    assert r.exit_code == 3 and "Entity 'eacute' not defined" in said(r)
    assert "DOCTYPE" not in r.output and "write the character itself" in said(r)


def test_text_sent_to_a_pipe_has_no_trailing_blanks() -> None:
    r = run("show", RES140)
    assert r.exit_code == 0 and "considering" in r.stdout
    assert all(line == line.rstrip() for line in r.stdout.splitlines())


def test_show_says_which_proposer_each_bracketed_provision_is(tmp_path: Path) -> None:
    """A MOD and a SUP of one paragraph become two alternatives of it: shown as plain text they
    read as the paragraph twice, so each says whose it is, as the Word, HTML and Markdown do."""
    draft = tmp_path / "draft.xml"
    assert run("merge", RES140, RCC140, CHN140, "-o", draft, "--allow-conflicts").exit_code == 0
    text = " ".join(run("show", draft).stdout.split())
    assert "[RCC: delete]" in text and "[CHN: to contribute, within the mandate of the Union" in text


def test_every_output_is_checked_before_the_first_is_written(
    copies: tuple[Path, Path], tmp_path: Path
) -> None:
    """The report names an input: refused before the draft is written, not after."""
    res, prop = copies
    draft = tmp_path / "draft.xml"
    r = run("merge", res, prop, "-o", draft, "--report", prop)
    assert r.exit_code == 2 and "also an input" in said(r)
    assert not draft.exists() and prop.read_bytes() == RCC140.read_bytes()


def test_an_output_in_a_symlink_loop_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    r = run("show", RES140, "-o", tmp_path / "a")
    assert r.exit_code == 3 and "cannot write here" in said(r) and "internal error" not in r.output


@pytest.mark.parametrize(
    "argv",
    [
        lambda res, prop, out: ["merge", res, prop, "-o", out / "draft.html"],
        lambda res, prop, out: ["merge", res, prop, "-o", out / "draft.xml", "--report", out / "report.md"],
        lambda res, prop, out: ["export", res, "-o", out / "res.xml"],
        lambda res, prop, out: ["propose", res, res, "--id", "TST/1", "--by", "FRA", "-o", out / "p.docx"],
    ],
    ids=["merge-html", "merge-report-md", "export-xml", "propose-docx"],
)
def test_a_command_with_one_format_refuses_a_name_asking_for_another(
    copies: tuple[Path, Path], tmp_path: Path, argv
) -> None:  # type: ignore[no-untyped-def]
    res, prop = copies
    out = tmp_path / "out"
    out.mkdir()
    r = run(*argv(res, prop, out))
    assert r.exit_code == 2 and "the name asks for" in said(r), r.output
    assert not list(out.iterdir())


def test_a_decisions_file_saved_with_a_byte_order_mark(tmp_path: Path) -> None:
    draft = tmp_path / "draft.xml"
    assert run("merge", RES140, RCC140, CHN140, "-o", draft, "--allow-conflicts").exit_code == 0
    decisions = tmp_path / "decisions.txt"
    decisions.write_bytes(
        "# settled in the meeting\npreamble__noting__rec_b__brk_1 pick RCC\n".encode("utf-8-sig")
    )
    r = run("resolve", draft, "--decisions", decisions, "-o", tmp_path / "settled.xml")
    assert r.exit_code == 0, r.output
