"""End-to-end tests of the command line: every command, every exit code.

Exit codes (resdraft/cli/_errors.py): 0 ok; 1 differences (diff --check); 2 usage;
3 unreadable input; 4 invalid document; 5 amendment cannot be applied; 70 internal error.

Everything runs in-process through typer's CliRunner, which keeps stdout and stderr apart.
The environment is pinned (NO_COLOR, COLUMNS) so output does not depend on the terminal, and
the xmlschema pickle cache lives in a per-session temporary folder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from copy import deepcopy
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner, Result

from resdraft.akn import AKN_NS, iter_provisions, text_of
from resdraft.cli import app
from resdraft.model import Resolution
from tests.conftest import compatible_chn

ROOT = Path(__file__).resolve().parent.parent
RES_140 = ROOT / "resolutions" / "res-140.xml"
RES_1332 = ROOT / "resolutions" / "res-1332.xml"
RCC_140 = ROOT / "proposals" / "rcc-140.xml"
CHN_140_FULL = ROOT / "proposals" / "chn-140.xml"
CHN_140 = compatible_chn()  # without the two changes that conflict with RCC's: apply accepts it
RCC_1332 = ROOT / "proposals" / "rcc-1332.xml"
BUNDLED = (RES_140, RES_1332, RCC_140, CHN_140_FULL, RCC_1332)

A = f"{{{AKN_NS}}}"
NS = {"a": AKN_NS}
COMMANDS = ("validate", "show", "apply", "redline", "diff", "propose")

# Words the two bundled proposals insert into resolves 2 (RCC/13/5 and CHN/14/2).
RCC_WORDS = "2030 Agenda for Sustainable Development"
CHN_WORDS = "including the digital transformation of the economy"


# --------------------------------------------------------------------------------------
# fixtures and helpers
# --------------------------------------------------------------------------------------


pytestmark = pytest.mark.usefixtures("plain_terminal")  # tests/conftest.py


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: object) -> Result:
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def squash(text: str) -> str:
    """Fold whitespace, so rich's line wrapping does not matter."""
    return " ".join(text.split())


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def replace_once(data: bytes, old: bytes, new: bytes) -> bytes:
    assert data.count(old) == 1, f"{old!r} occurs {data.count(old)} times"
    return data.replace(old, new)


@pytest.fixture(scope="session")
def consolidated(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path) -> Path:
    """res-140 with RCC and CHN applied, written once by the CLI."""
    out = tmp_path_factory.mktemp("cons") / "res-140-2018.xml"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NO_COLOR", "1")
        mp.setenv("COLUMNS", "100")
        mp.setenv("RESDRAFT_CACHE_DIR", str(cache_dir))
        mp.delenv("RESDRAFT_DEBUG", raising=False)
        r = CliRunner().invoke(app, ["apply", str(RES_140), str(RCC_140), str(CHN_140), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    return out


def assert_untouched(folder: Path, expected: dict[str, bytes]) -> None:
    """The folder holds exactly the files given, byte for byte (no output, no temp files)."""
    found = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert set(found) == set(expected), sorted(found)
    for name, data in expected.items():
        assert found[name] == data, f"{name} was changed"


# --------------------------------------------------------------------------------------
# --help
# --------------------------------------------------------------------------------------


def test_app_help(runner: CliRunner) -> None:
    r = run(runner, "--help")
    assert r.exit_code == 0
    for cmd in COMMANDS:
        assert cmd in r.stdout
    assert "Exit codes" in r.stdout
    assert r.stderr == ""


def test_no_args_shows_help(runner: CliRunner) -> None:
    r = run(runner)
    # no_args_is_help: the help goes to stderr with the usage exit code
    assert r.exit_code == 2
    assert r.stdout == ""
    assert "Usage" in r.stderr and "validate" in r.stderr


@pytest.mark.parametrize("cmd", COMMANDS)
def test_command_help_has_example(runner: CliRunner, cmd: str) -> None:
    r = run(runner, cmd, "--help")
    assert r.exit_code == 0, r.output
    assert "Example" in r.stdout
    assert f"resdraft {cmd}" in squash(r.stdout)
    assert r.stderr == ""


# --------------------------------------------------------------------------------------
# validate
# --------------------------------------------------------------------------------------


def test_validate_bundled_files(runner: CliRunner) -> None:
    r = run(runner, "validate", *BUNDLED)
    assert r.exit_code == 0, r.output
    for f in BUNDLED:
        assert f"{f}: valid (0 errors" in squash(r.stdout)
    assert "invalid" not in r.stdout
    assert r.stderr == ""


def test_validate_fast(runner: CliRunner) -> None:
    r = run(runner, "validate", "--fast", RES_140, RCC_140)
    assert r.exit_code == 0, r.output
    assert r.stdout.count(": valid") == 2


def test_validate_json(runner: CliRunner) -> None:
    r = run(runner, "validate", "--json", *BUNDLED)
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert [f["file"] for f in report["files"]] == [str(f) for f in BUNDLED]
    assert all(f["valid"] for f in report["files"])
    assert all(not [i for i in f["issues"] if i["severity"] == "error"] for f in report["files"])


def _duplicate_eid(tmp_path: Path) -> tuple[Path, str]:
    data = replace_once(
        RES_140.read_bytes(), b'<paragraph eId="resolves__para_5">', b'<paragraph eId="resolves__para_4">'
    )
    return write(tmp_path / "dup.xml", data), "resolves__para_4"


def _recital_without_num(tmp_path: Path) -> tuple[Path, str]:
    tree = etree.parse(str(RES_140))
    rec = tree.find(f".//{A}recital[@eId='preamble__recognizing__rec_c']")
    assert rec is not None
    rec.remove(rec.find(f"{A}num"))
    path = tmp_path / "nonum.xml"
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return path, "preamble__recognizing__rec_c"


def _bad_action(tmp_path: Path) -> tuple[Path, str]:
    data = replace_once(
        RCC_140.read_bytes(),
        b'<mod eId="mod_4" rdp:id="RCC/13/4" rdp:action="NOC">',
        b'<mod eId="mod_4" rdp:id="RCC/13/4" rdp:action="FOO">',
    )
    return write(tmp_path / "foo.xml", data), "mod_4"


@pytest.mark.parametrize("make", [_duplicate_eid, _recital_without_num, _bad_action])
def test_validate_invalid_file(runner: CliRunner, tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    path, eid = make(tmp_path)
    r = run(runner, "validate", path)
    assert r.exit_code == 4, r.output
    assert f"{path}: invalid" in squash(r.stdout)
    # one issue line carries file:line and [eId]
    assert re.search(rf"{re.escape(str(path))}:\d+\s+\[{re.escape(eid)}\]", r.output), r.output
    assert "invalid" in r.stderr

    j = run(runner, "validate", "--json", path)
    assert j.exit_code == 4
    report = json.loads(j.stdout)["files"][0]
    assert report["file"] == str(path)
    assert report["valid"] is False
    hits = [i for i in report["issues"] if i["eId"] == eid and i["severity"] == "error"]
    assert hits, report["issues"]
    assert all(isinstance(i["line"], int) and i["line"] > 0 for i in hits)


def test_validate_mixed_valid_and_invalid(runner: CliRunner, tmp_path: Path) -> None:
    bad, _ = _duplicate_eid(tmp_path)
    r = run(runner, "validate", RES_140, bad)
    assert r.exit_code == 4
    assert f"{RES_140}: valid" in squash(r.stdout)
    assert f"{bad}: invalid" in squash(r.stdout)
    assert "1 of 2" in r.stderr


def test_validate_proposal_against_resolution(runner: CliRunner, tmp_path: Path) -> None:
    """Given the resolution in the same call, a proposal's targets must exist in it."""
    prop = write(
        tmp_path / "rcc.xml",
        replace_once(RCC_140.read_bytes(), b'!main#resolves__para_2">', b'!main#resolves__para_99">'),
    )
    alone = run(runner, "validate", prop)
    assert alone.exit_code == 0, alone.output
    r = run(runner, "validate", RES_140, prop)
    assert r.exit_code == 4
    assert "resolves__para_99" in r.stdout


# --------------------------------------------------------------------------------------
# show
# --------------------------------------------------------------------------------------


def test_show(runner: CliRunner) -> None:
    r = run(runner, "show", RES_140)
    assert r.exit_code == 0, r.output
    out = squash(r.stdout)
    assert "Resolution 140 (Rev. Busan, 2014)" in out
    assert "considering" in out and "instructs the Secretary-General" in out
    assert "resolves__para_2" not in r.stdout
    assert "preamble__considering__rec_a" not in r.stdout
    assert "\x1b[" not in r.stdout  # NO_COLOR: no escape sequences
    assert r.stderr == ""


def test_show_ids(runner: CliRunner) -> None:
    plain = run(runner, "show", RES_140)
    r = run(runner, "show", "--ids", RES_140)
    assert r.exit_code == 0, r.output
    for eid in ("resolves__para_2", "preamble__considering__rec_a", "resolves__para_3__point_ii"):
        assert eid in r.stdout
    # the same text, with a column of eIds
    assert "to continue adapting the work of the Union" in squash(r.stdout)
    assert "to continue adapting the work of the Union" in squash(plain.stdout)


def test_show_annex(runner: CliRunner) -> None:
    r = run(runner, "show", "--ids", RES_1332)
    assert r.exit_code == 0, r.output
    assert "att_1__" in r.stdout


# --------------------------------------------------------------------------------------
# apply
# --------------------------------------------------------------------------------------


def test_apply_writes_consolidation(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "cons.xml"
    r = run(runner, "apply", RES_140, RCC_140, CHN_140, "-o", out)
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    assert str(out) in squash(r.stderr) and "applied 12 changes" in r.stderr
    tree = etree.parse(str(out))
    doc = tree.getroot()[0]
    assert doc.tag == f"{A}statement"
    assert doc.get("contains") == "singleVersion"
    # RCC/13/6 inserts instructs the Secretary-General 3: the old 3 is now 4, and remembers it
    para = doc.find(f".//{A}paragraph[@eId='instructsTheSecretaryGeneral__para_4']")
    assert para is not None
    assert para.get("wId") == "instructsTheSecretaryGeneral__para_3"
    assert text_of(para.find(f"{A}num")) == "4"
    # both proposals' words in resolves 2 (a three-way merge)
    p2 = doc.find(f".//{A}paragraph[@eId='resolves__para_2']")
    assert p2 is not None
    words = text_of(p2)
    assert RCC_WORDS in words
    assert CHN_WORDS in words
    assert "post-2015 development agenda" not in words
    # RCC/13/3 deleted noting c)
    res = Resolution.load(out)
    assert "preamble__noting__rec_c" in res.by_eid  # the former d), renumbered
    assert res.by_eid["preamble__noting__rec_c"].get("wId") == "preamble__noting__rec_d"
    assert "preamble__noting__rec_d" not in res.by_eid
    # and the result validates
    v = run(runner, "validate", out)
    assert v.exit_code == 0, v.output


def test_apply_lifecycle_and_passive_modifications(consolidated: Path) -> None:
    tree = etree.parse(str(consolidated))
    events = tree.xpath("//a:lifecycle/a:eventRef/@type", namespaces=NS)
    assert events.count("generation") == 1
    assert events.count("amendment") == 2
    kinds = tree.xpath("//a:passiveModifications/a:textualMod/@type", namespaces=NS)
    applied = [k for k in kinds if k != "renumbering"]
    assert len(applied) == 11  # 12 changes, NOC has no textualMod
    assert sorted(set(applied)) == ["insertion", "repeal", "substitution"]
    # one renumbering record per renumbered provision (4 ADD/SUP shift 9 provisions)
    assert kinds.count("renumbering") == 9
    expr = tree.xpath("//a:FRBRExpression/a:FRBRuri/@value", namespaces=NS)[0]
    assert expr.endswith("/eng@2018-01-24")


def test_apply_to_stdout(runner: CliRunner, tmp_path: Path) -> None:
    r = run(runner, "apply", RES_140, RCC_140, "-o", "-")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("<?xml")
    root = etree.fromstring(r.stdout_bytes)
    assert root.tag == f"{A}akomaNtoso"
    assert RCC_WORDS in text_of(root.find(f".//{A}paragraph[@eId='resolves__para_2']"))
    assert "applied" not in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_apply_date_option(runner: CliRunner) -> None:
    r = run(runner, "apply", RES_140, RCC_140, "-o", "-", "--date", "2018-10-01")
    assert r.exit_code == 0, r.output
    root = etree.fromstring(r.stdout_bytes)
    assert root.xpath("//a:FRBRExpression/a:FRBRuri/@value", namespaces=NS)[0].endswith("eng@2018-10-01")


def test_apply_annex_resolution(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "res-1332.xml"
    r = run(runner, "apply", RES_1332, RCC_1332, "-o", out)
    assert r.exit_code == 0, r.output
    assert run(runner, "validate", out).exit_code == 0


def test_apply_chn_then_rcc_same_text(runner: CliRunner) -> None:
    """Non-overlapping edits merge whatever the order of the proposals."""
    a = run(runner, "apply", RES_140, RCC_140, CHN_140, "-o", "-")
    b = run(runner, "apply", RES_140, CHN_140, RCC_140, "-o", "-")
    assert a.exit_code == b.exit_code == 0
    ta = etree.fromstring(a.stdout_bytes)
    tb = etree.fromstring(b.stdout_bytes)
    xa = text_of(ta.find(f".//{A}paragraph[@eId='resolves__para_2']"))
    xb = text_of(tb.find(f".//{A}paragraph[@eId='resolves__para_2']"))
    assert xa == xb


# --------------------------------------------------------------------------------------
# apply / redline: proposals that cannot be applied (exit 5), nothing written
# --------------------------------------------------------------------------------------


def _unknown_target(tmp_path: Path) -> tuple[list[Path], list[str]]:
    prop = write(
        tmp_path / "rcc-bad-target.xml",
        replace_once(RCC_140.read_bytes(), b'!main#resolves__para_2">', b'!main#resolves__para_99">'),
    )
    return [prop], ["RCC/13/5", "resolves__para_99"]


def _twice(tmp_path: Path) -> tuple[list[Path], list[str]]:
    return [RCC_140, RCC_140], ["WG-WSIS-32/13", "twice"]


def _twice_copied(tmp_path: Path) -> tuple[list[Path], list[str]]:
    copy = write(tmp_path / "rcc-copy.xml", RCC_140.read_bytes())
    return [RCC_140, copy], ["WG-WSIS-32/13", "twice"]


def _quote_mismatch(tmp_path: Path) -> tuple[list[Path], list[str]]:
    # "to continue adapting" -> "to keep adapting", outside <ins>/<del>, in RCC/13/5's quote
    data = RCC_140.read_bytes()
    old = b"<p>to continue adapting the work of the Union on WSIS to the <del>post-2015"
    prop = write(
        tmp_path / "rcc-mismatch.xml",
        replace_once(data, old, old.replace(b"continue adapting", b"keep adapting")),
    )
    return [prop], ["RCC/13/5", "resolves__para_2"]


def _overlap(tmp_path: Path) -> tuple[list[Path], list[str]]:
    # a CHN copy whose MOD of resolves 2 edits the words RCC/13/5 deletes
    old = b"WSIS to the post-2015 development agenda, once it has been adopted"
    new = b"WSIS to the <del>post-2015</del><ins>new</ins> development agenda, once it has been adopted"
    prop = write(tmp_path / "chn-overlap.xml", replace_once(CHN_140.read_bytes(), old, new))
    return [RCC_140, prop], ["CHN/14/2", "resolves__para_2", "RCC/13/5"]


def _insertion_at_edge(tmp_path: Path) -> tuple[list[Path], list[str]]:
    # a CHN copy inserting a word exactly where RCC/13/5's replacement starts: order is ambiguous
    old = b"WSIS to the post-2015 development agenda"
    new = b"WSIS to the <ins>new </ins>post-2015 development agenda"
    prop = write(tmp_path / "chn-edge.xml", replace_once(CHN_140.read_bytes(), old, new))
    return [RCC_140, prop], ["CHN/14/2", "resolves__para_2", "RCC/13/5"]


def _sup_of_modified(tmp_path: Path) -> tuple[list[Path], list[str]]:
    # a CHN copy that deletes resolves 2, which RCC/13/5 modifies
    data = CHN_140.read_bytes()
    data = replace_once(
        data,
        b'<mod eId="mod_2" rdp:id="CHN/14/2" rdp:action="MOD">In',
        b'<mod eId="mod_2" rdp:id="CHN/14/2" rdp:action="SUP">Delete',
    )
    data = replace_once(data, b"<ins>, including the digital transformation of the economy</ins>", b"")
    data = replace_once(
        data,
        b'<textualMod type="substitution" eId="amod_2">',
        b'<textualMod type="repeal" eId="amod_2">',
    )
    prop = write(tmp_path / "chn-sup.xml", data)
    return [RCC_140, prop], ["CHN/14/2", "resolves__para_2", "RCC/13/5"]


def _mod_of_deleted(tmp_path: Path) -> tuple[list[Path], list[str]]:
    # the same deletion applied first: then RCC's MOD targets a deleted provision
    props, _ = _sup_of_modified(tmp_path)
    return [props[1], RCC_140], ["RCC/13/5", "resolves__para_2", "CHN/14/2"]


FAILURES = {
    "unknown-target": _unknown_target,
    "twice": _twice,
    "twice-copied": _twice_copied,
    "quote-mismatch": _quote_mismatch,
    "overlap": _overlap,
    "insertion-at-edge": _insertion_at_edge,
    "sup-of-modified": _sup_of_modified,
    "mod-of-deleted": _mod_of_deleted,
}


def _failure_params() -> Iterator[object]:
    for name, make in FAILURES.items():
        marks: list[pytest.MarkDecorator] = []
        yield pytest.param(make, id=name, marks=marks)


@pytest.mark.parametrize("make", list(_failure_params()))
def test_apply_refuses(runner: CliRunner, tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    props, names = make(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "cons.xml"
    r = run(runner, "apply", RES_140, *props, "-o", out)
    assert r.exit_code == 5, r.output
    assert r.stdout == ""
    err = squash(r.stderr)
    assert err.startswith("error:")
    for name in names:
        assert name in err, (name, err)
    assert_untouched(out_dir, {})


@pytest.mark.parametrize("make", list(_failure_params()))
def test_apply_failure_keeps_existing_output(runner: CliRunner, tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    props, _ = make(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = b"<previous consolidation, must survive/>\n"
    write(out_dir / "cons.xml", before)
    r = run(runner, "apply", RES_140, *props, "-o", out_dir / "cons.xml")
    assert r.exit_code == 5, r.output
    assert_untouched(out_dir, {"cons.xml": before})


REFUSED_BY_MERGE = ("unknown-target", "twice", "twice-copied", "quote-mismatch")


@pytest.mark.parametrize("fmt", ["terminal", "json", "xml"])
@pytest.mark.parametrize("make", [p for p in _failure_params() if p.id in REFUSED_BY_MERGE])  # type: ignore[attr-defined]
def test_redline_refuses(runner: CliRunner, tmp_path: Path, make, fmt: str) -> None:  # type: ignore[no-untyped-def]
    props, names = make(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    r = run(runner, "redline", RES_140, *props, "--format", fmt, "-o", out_dir / "redline.txt")
    assert r.exit_code == 5, r.output
    assert r.stdout == ""
    for name in names:
        assert name in squash(r.stderr)
    assert_untouched(out_dir, {})


@pytest.mark.parametrize("fmt", ["terminal", "json", "xml"])
@pytest.mark.parametrize("make", [p for p in _failure_params() if p.id not in REFUSED_BY_MERGE])  # type: ignore[attr-defined]
def test_redline_brackets_what_apply_refuses(runner: CliRunner, tmp_path: Path, make, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """A redline merges: conflicts that make apply fail appear as attributed square brackets."""
    props, _ = make(tmp_path)
    r = run(runner, "redline", RES_140, *props, "--format", fmt)
    assert r.exit_code == 0, r.output
    if fmt == "terminal":
        assert "[CHN" in r.stdout or "[MOD" in r.stdout  # inline brackets, or alternatives in the margin
    elif fmt == "json":
        data = json.loads(r.stdout)
        assert any(
            "[CHN:" in s.get("text", "") or e["kind"] == "removed"
            for e in data["provisions"]
            for s in e["segments"]
        )
    else:
        root = etree.fromstring(r.stdout_bytes)
        assert root.xpath("//*[@name='brackets'] | //*[@alternativeTo]")


def test_apply_failure_to_stdout_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    props, _ = _overlap(tmp_path)
    r = run(runner, "apply", RES_140, *props, "-o", "-")
    assert r.exit_code == 5
    assert r.stdout == ""
    assert "CHN/14/2" in r.stderr


def test_identical_edits_merge_and_are_attributed_to_both(runner: CliRunner, tmp_path: Path) -> None:
    """Two proposals making the very same edit do not conflict; the mark names both."""
    old = (
        b"WSIS to the post-2015 development agenda, once it has been adopted by the United Nations "
        b"General Assembly, and to the evolving telecommunication/ICT environment<ins>, including the "
        b"digital transformation of the economy</ins>"
    )
    new = (
        b"WSIS to the <del>post-2015 development agenda, once it has been adopted by the United Nations "
        b"General Assembly</del><ins>2030 Agenda for Sustainable Development</ins>, and to the evolving "
        b"telecommunication/ICT environment"
    )
    same = write(tmp_path / "chn-same.xml", replace_once(CHN_140.read_bytes(), old, new))
    a = run(runner, "apply", RES_140, RCC_140, same, "-o", "-")
    assert a.exit_code == 0, a.output
    p2 = etree.fromstring(a.stdout_bytes).find(f".//{A}paragraph[@eId='resolves__para_2']")
    assert text_of(p2).count(RCC_WORDS) == 1
    assert CHN_WORDS not in text_of(p2)
    j = run(runner, "redline", RES_140, RCC_140, same, "-f", "json", "--changes-only")
    assert j.exit_code == 0
    entry = next(p for p in json.loads(j.stdout)["provisions"] if p["eId"] == "resolves__para_2")
    marks = [s for s in entry["segments"] if s.get("op") in ("insert", "delete")]
    assert marks and all("RCC/13/5" in s["by"] and "CHN/14/2" in s["by"] for s in marks), marks


def test_apply_wrong_base(runner: CliRunner, tmp_path: Path) -> None:
    """A proposal written against res-140 does not apply to res-1332."""
    out = tmp_path / "x.xml"
    r = run(runner, "apply", RES_1332, RCC_140, "-o", out)
    assert r.exit_code in (4, 5), r.output
    assert "res-140" in r.stderr
    assert not out.exists()


def test_apply_to_consolidation_that_already_contains_it(
    runner: CliRunner, tmp_path: Path, consolidated: Path
) -> None:
    out = tmp_path / "again.xml"
    r = run(runner, "apply", consolidated, RCC_140, "-o", out)
    assert r.exit_code in (4, 5), r.output
    assert not out.exists()


# --------------------------------------------------------------------------------------
# redline
# --------------------------------------------------------------------------------------


def test_redline_terminal(runner: CliRunner) -> None:
    r = run(runner, "redline", RES_140, RCC_140, CHN_140)
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "{+" in out and "+}" in out
    assert "{-" in out and "-}" in out
    assert "RCC/13/" in out and "CHN/14/" in out
    assert "\x1b[" not in out
    assert "Redline of Resolution 140" in out
    assert r.stderr == ""
    # words of both proposers, marked as insertions
    flat = squash(out)
    assert "{+2030 Agenda for Sustainable Development+}" in flat
    assert CHN_WORDS in flat


def test_redline_terminal_to_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "redline.txt"
    r = run(runner, "redline", RES_140, RCC_140, CHN_140, "-o", out)
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "{+" in text and "{-" in text
    assert all(line == line.rstrip() for line in text.splitlines())


def test_redline_json(runner: CliRunner) -> None:
    r = run(runner, "redline", RES_140, RCC_140, CHN_140, "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert {p["label"] for p in data["proposers"]} == {"RCC", "CHN"}
    segs = [s for p in data["provisions"] for s in p["segments"] if "op" in s]
    changed = [s for s in segs if s["op"] != "equal"]
    assert changed
    assert all(s.get("by") for s in changed), [s for s in changed if not s.get("by")]
    assert {s["by"].split("/")[0] for s in changed} >= {"RCC", "CHN"}
    p2 = next(p for p in data["provisions"] if p["eId"] == "resolves__para_2")
    assert p2["kind"] == "modified"
    inserted = " ".join(s["text"] for s in p2["segments"] if s.get("op") == "insert")
    assert RCC_WORDS in inserted and CHN_WORDS in inserted


def test_redline_xml(runner: CliRunner) -> None:
    r = run(runner, "redline", RES_140, RCC_140, CHN_140, "--format", "xml")
    assert r.exit_code == 0, r.output
    root = etree.fromstring(r.stdout_bytes)
    assert root.tag == f"{A}akomaNtoso"
    ins = root.findall(f".//{A}ins")
    dels = root.findall(f".//{A}del")
    assert ins and dels
    refs = {e.get("refersTo") for e in ins + dels}
    assert {"#rcc", "#chn"} <= refs, refs
    assert root.xpath("//*[@status='removed']")


def test_redline_xml_word_edits(runner: CliRunner, tmp_path: Path) -> None:
    """The AKN redline of a proposal that only changes words (nothing renumbered)."""
    tree = etree.parse(str(RES_140))
    _edit_point_words(tree.getroot()[0])
    edited = tmp_path / "edited.xml"
    tree.write(str(edited), xml_declaration=True, encoding="UTF-8")
    prop = tmp_path / "prop.xml"
    assert run(runner, "propose", RES_140, edited, "--id", "TST/3", "--by", "RUS", "-o", prop).exit_code == 0
    r = run(runner, "redline", RES_140, prop, "--format", "xml")
    assert r.exit_code == 0, r.output
    root = etree.fromstring(r.stdout_bytes)
    ins, dels = root.findall(f".//{A}ins"), root.findall(f".//{A}del")
    assert ins and dels
    for mark in ins + dels:
        assert mark.get("eId", "").startswith("resolves__para_3__point_ii__")
        assert mark.get("{urn:resdraft:proposal:1}by", "").startswith("TST/3/1")
    assert [text_of(i) for i in ins] == ["every"]
    d = run(runner, "diff", RES_140, edited, "--format", "xml", "--check")
    assert d.exit_code == 1, d.output
    root = etree.fromstring(d.stdout_bytes)
    assert root.findall(f".//{A}ins") and root.findall(f".//{A}del")


def test_redline_changes_only_is_shorter(runner: CliRunner) -> None:
    full = run(runner, "redline", RES_140, RCC_140, CHN_140)
    short = run(runner, "redline", RES_140, RCC_140, CHN_140, "--changes-only")
    assert full.exit_code == short.exit_code == 0
    assert len(short.stdout) < len(full.stdout)
    assert "{+" in short.stdout
    fj = json.loads(run(runner, "redline", RES_140, RCC_140, CHN_140, "-f", "json").stdout)
    sj = json.loads(run(runner, "redline", RES_140, RCC_140, CHN_140, "-f", "json", "--changes-only").stdout)
    assert 0 < len(sj["provisions"]) < len(fj["provisions"])


def test_redline_bad_format_is_usage_error(runner: CliRunner) -> None:
    r = run(runner, "redline", RES_140, RCC_140, "--format", "pdf")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert "pdf" in r.stderr


# --------------------------------------------------------------------------------------
# diff
# --------------------------------------------------------------------------------------


def test_diff_same_file_check(runner: CliRunner) -> None:
    r = run(runner, "diff", RES_140, RES_140, "--check")
    assert r.exit_code == 0, r.output
    j = run(runner, "diff", RES_140, RES_140, "--check", "-f", "json")
    assert j.exit_code == 0
    counts = json.loads(j.stdout)["counts"]
    assert not any(counts.values()), counts


def test_diff_consolidation_check(runner: CliRunner, consolidated: Path) -> None:
    r = run(runner, "diff", RES_140, consolidated, "--check")
    assert r.exit_code == 1, r.output
    assert "{+" in r.stdout and "{-" in r.stdout
    assert "(R)" in r.stdout
    # without --check, differences are not an error
    assert run(runner, "diff", RES_140, consolidated).exit_code == 0


def test_diff_reports_renumbering_not_modification(runner: CliRunner, consolidated: Path) -> None:
    r = run(runner, "diff", RES_140, consolidated, "--check", "--format", "json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    by_eid = {p["eId"]: p for p in data["provisions"] if p["kind"] != "removed"}
    # resolves 5 became 6 when CHN/14/3 inserted a new 5; its words are unchanged
    p6 = by_eid["resolves__para_6"]
    assert p6["oldEId"] == "resolves__para_5"
    assert (p6["oldNum"], p6["newNum"]) == ("5", "6")
    assert p6["renumbered"] is True
    assert p6["kind"] != "modified"
    renumbered = [p for p in data["provisions"] if p["renumbered"]]
    assert len(renumbered) >= 5
    for p in renumbered:
        ops = {s["op"] for s in p["segments"] if "op" in s}
        if ops <= {"equal"}:
            assert p["kind"] == "unchanged", p
    assert data["counts"]["renumbered"] == len(renumbered)
    # the real modifications are reported as such
    assert by_eid["resolves__para_2"]["kind"] == "modified"
    assert by_eid["preamble__noting__rec_b"]["kind"] == "modified"


def test_redline_xml_annex(runner: CliRunner) -> None:
    r = run(runner, "redline", RES_1332, RCC_1332, "--format", "xml")
    assert r.exit_code == 0, r.output
    assert etree.fromstring(r.stdout_bytes).findall(f".//{A}ins")


def test_diff_xml(runner: CliRunner, consolidated: Path) -> None:
    r = run(runner, "diff", RES_140, consolidated, "-f", "xml")
    assert r.exit_code == 0, r.output
    root = etree.fromstring(r.stdout_bytes)
    assert root.findall(f".//{A}ins") and root.findall(f".//{A}del")


def test_diff_changes_only_to_file(runner: CliRunner, tmp_path: Path, consolidated: Path) -> None:
    out = tmp_path / "d.txt"
    r = run(runner, "diff", RES_140, consolidated, "--changes-only", "-o", out, "--check")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert "{+" in out.read_text(encoding="utf-8")


def test_diff_proposal_is_input_error(runner: CliRunner) -> None:
    r = run(runner, "diff", RES_140, RCC_140)
    assert r.exit_code == 3
    assert str(RCC_140) in r.stderr


# --------------------------------------------------------------------------------------
# propose
# --------------------------------------------------------------------------------------


def _edited_copy(path: Path) -> None:
    """A drafter's edit of res-140: words changed, a recital deleted, a paragraph added."""
    tree = etree.parse(str(RES_140))
    doc = tree.getroot()[0]

    def el(eid: str) -> etree._Element:
        found = doc.find(f".//*[@eId='{eid}']")
        assert found is not None, eid
        return found

    # 1. change words in resolves 4
    p = el("resolves__para_4").find(f"{A}content/{A}p")
    assert p is not None and p.text and len(p) == 0
    words = p.text.split(" ")
    p.text = " ".join([*words[:3], "energetically", *words[3:-1], "and in a timely manner;"])

    # 2. delete recognizing b) and renumber c) d) e) as b) c) d), as a clean text would read
    rec_b = el("preamble__recognizing__rec_b")
    group = rec_b.getparent()
    group.remove(rec_b)
    for old, new in (("c", "b"), ("d", "c"), ("e", "d")):
        rec = el(f"preamble__recognizing__rec_{old}")
        rec.set("eId", f"preamble__recognizing__rec_{new}")
        rec.find(f"{A}num").text = f"{new})"

    # 3. add a paragraph at the end of instructs the Council
    last = el("instructsTheCouncil__para_3")
    new = deepcopy(last)
    new.set("eId", "instructsTheCouncil__para_4")
    new.find(f"{A}num").text = "4"
    new_p = new.find(f"{A}content/{A}p")
    for c in list(new_p):
        new_p.remove(c)
    new_p.text = "to review every two years the progress made in carrying out this resolution."
    last.addnext(new)
    new.tail = last.tail
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def _provision_texts(path: Path) -> dict[str, str]:
    res = Resolution.load(path)
    return {e.get("eId") or "": text_of(e) for e in iter_provisions(res.doc)}


def test_propose_round_trip(runner: CliRunner, tmp_path: Path) -> None:
    edited = tmp_path / "edited.xml"
    _edited_copy(edited)
    assert run(runner, "validate", edited).exit_code == 0

    prop = tmp_path / "out.xml"
    r = run(
        runner,
        "propose",
        RES_140,
        edited,
        "--id",
        "TST/1",
        "--by",
        "RUS,ARM",
        "-o",
        prop,
        "--date",
        "2019-03-01",
        "--document",
        "TST-1",
        "--reasons",
        "Testing.",
    )
    assert r.exit_code == 0, r.output
    assert prop.is_file()

    v = run(runner, "validate", RES_140, prop)
    assert v.exit_code == 0, v.output

    tree = etree.parse(str(prop))
    mods = tree.xpath("//a:mod", namespaces=NS)
    actions = sorted(m.get("{urn:resdraft:proposal:1}action") for m in mods)
    assert actions.count("MOD") >= 1 and "SUP" in actions and "ADD" in actions
    ids = [m.get("{urn:resdraft:proposal:1}id") for m in mods]
    assert all(i.startswith("TST/1/") for i in ids), ids
    codes = tree.xpath("//rdp:submitter/@code", namespaces={"rdp": "urn:resdraft:proposal:1"})
    assert codes == ["RUS", "ARM"]

    cons = tmp_path / "cons.xml"
    a = run(runner, "apply", RES_140, prop, "-o", cons)
    assert a.exit_code == 0, a.output
    got, want = _provision_texts(cons), _provision_texts(edited)
    assert list(got) == list(want)
    for eid, text in want.items():
        assert got[eid] == text, eid


def _edit_point_words(doc: etree._Element) -> None:
    p = doc.find(f".//*[@eId='resolves__para_3__point_ii']/{A}content/{A}p")
    assert p is not None and p.text
    p.text = p.text.replace("the", "every", 1)


def _insert_paragraph_in_the_middle(doc: etree._Element) -> None:
    group = doc.find(".//*[@eId='resolves']")
    paras = group.findall(f"{A}paragraph")
    for para in reversed(paras[1:]):  # renumber 2.. as 3.., sub-items included
        n = int(para.find(f"{A}num").text)
        old, new = para.get("eId"), f"resolves__para_{n + 1}"
        for e in para.iter():
            if e.get("eId"):
                e.set("eId", e.get("eId").replace(old, new, 1))
        para.find(f"{A}num").text = str(n + 1)
    added = deepcopy(paras[0])
    added.set("eId", "resolves__para_2")
    added.find(f"{A}num").text = "2"
    p = added.find(f"{A}content/{A}p")
    for c in list(p):
        p.remove(c)
    p.text = "to do something entirely new;"
    paras[0].addnext(added)


def _insert_first_recital(doc: etree._Element) -> None:
    group = doc.find(".//*[@eId='preamble__bearingInMind']")
    recs = group.findall(f"{A}recital")
    for rec in reversed(recs):
        letter = chr(ord(rec.get("eId")[-1]) + 1)
        rec.set("eId", f"preamble__bearingInMind__rec_{letter}")
        rec.find(f"{A}num").text = f"{letter})"
    added = deepcopy(recs[0])
    added.set("eId", "preamble__bearingInMind__rec_a")
    added.find(f"{A}num").text = "a)"
    p = added.find(f"{A}p")
    for c in list(p):
        p.remove(c)
    p.text = "that something new matters;"
    group.find(f"{A}intro").addnext(added)


def _delete_keyword_group(doc: etree._Element) -> None:
    group = doc.find(".//*[@eId='preamble__notingWithSatisfaction']")
    group.getparent().remove(group)


def _delete_last_point(doc: etree._Element) -> None:
    point = doc.find(".//*[@eId='resolves__para_3__point_iii']")
    point.getparent().remove(point)


def _edit_inside_italics(doc: etree._Element) -> None:
    i = doc.find(f".//*[@eId='preamble__recalling__rec_a']/{A}p/{A}i")
    if i is None:
        i = doc.find(f".//*[@eId='preamble__considering__rec_a']/{A}p")
    i.text = (i.text or "") + " (amended)"


@pytest.mark.parametrize(
    ("edit", "action"),
    [
        pytest.param(_edit_point_words, "MOD", id="point-words"),
        pytest.param(_insert_paragraph_in_the_middle, "ADD", id="add-middle"),
        pytest.param(_insert_first_recital, "ADD", id="add-first"),
        pytest.param(_delete_keyword_group, "SUP", id="sup-group"),
        pytest.param(_delete_last_point, "SUP", id="sup-point"),
        pytest.param(_edit_inside_italics, "MOD", id="italics"),
    ],
)
def test_propose_round_trip_more(runner: CliRunner, tmp_path: Path, edit, action: str) -> None:  # type: ignore[no-untyped-def]
    tree = etree.parse(str(RES_140))
    edit(tree.getroot()[0])
    edited = tmp_path / "edited.xml"
    tree.write(str(edited), xml_declaration=True, encoding="UTF-8")
    prop, cons = tmp_path / "prop.xml", tmp_path / "cons.xml"
    r = run(runner, "propose", RES_140, edited, "--id", "TST/2", "--by", "CHN", "-o", prop)
    assert r.exit_code == 0, r.output
    actions = etree.parse(str(prop)).xpath(
        "//a:mod/@rdp:action", namespaces={**NS, "rdp": "urn:resdraft:proposal:1"}
    )
    assert actions == [action]
    a = run(runner, "apply", RES_140, prop, "-o", cons)
    assert a.exit_code == 0, a.output
    got, want = _provision_texts(cons), _provision_texts(edited)
    assert list(got) == list(want)
    assert got == want


def test_propose_to_stdout(runner: CliRunner, tmp_path: Path) -> None:
    edited = tmp_path / "edited.xml"
    _edited_copy(edited)
    r = run(runner, "propose", RES_140, edited, "--id", "TST/1", "--by", "RUS=Russian Federation", "-o", "-")
    assert r.exit_code == 0, r.output
    root = etree.fromstring(r.stdout_bytes)
    assert root[0].tag == f"{A}amendment"
    names = root.xpath("//rdp:submitter/text()", namespaces={"rdp": "urn:resdraft:proposal:1"})
    assert names == ["Russian Federation"]


@pytest.mark.parametrize("by", ["RUSSIA", "RU", "R1S", "RUS,GERMANY"])
def test_propose_bad_submitter(runner: CliRunner, tmp_path: Path, by: str) -> None:
    edited = tmp_path / "edited.xml"
    _edited_copy(edited)
    out = tmp_path / "out.xml"
    r = run(runner, "propose", RES_140, edited, "--id", "TST/1", "--by", by, "-o", out)
    assert r.exit_code == 2, r.output  # a usage error
    assert "three-letter ISO code" in r.stderr
    assert "hint:" in r.stderr
    assert not out.exists()


def test_propose_with_a_one_letter_country_symbol(runner: CliRunner, tmp_path: Path) -> None:
    """ITU numbers France's proposals F/35/1, F/35/2: one letter is a group symbol too."""
    edited = tmp_path / "edited.xml"
    _edited_copy(edited)
    out = tmp_path / "out.xml"
    r = run(runner, "propose", RES_140, edited, "--id", "F/35", "--by", "FRA", "-o", out)
    assert r.exit_code == 0, r.output
    assert 'rdp:id="F/35/1"' in out.read_text(encoding="utf-8")
    assert run(runner, "validate", out, RES_140).exit_code == 0


def test_propose_refuses_an_edited_copy_of_another_resolution(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    r = run(runner, "propose", RES_140, RES_1332, "--id", "TST/1", "--by", "RUS", "-o", out)
    assert r.exit_code == 3, r.output
    assert f"error: {RES_1332}: this is" in squash(r.stderr) and "but the base is" in squash(r.stderr)
    assert not out.exists()


def test_propose_refuses_an_invalid_edited_copy(runner: CliRunner, tmp_path: Path) -> None:
    """A number that no longer agrees with its eId would be dropped from the proposal unsaid."""
    edited = tmp_path / "edited.xml"
    _edited_copy(edited)
    tree = etree.parse(str(edited))
    num = tree.getroot().find(f".//*[@eId='resolves__para_2']/{A}num")
    assert num is not None
    num.text = "7"
    tree.write(str(edited))
    out = tmp_path / "out.xml"
    r = run(runner, "propose", RES_140, edited, "--id", "TST/1", "--by", "RUS", "-o", out)
    assert r.exit_code == 4, r.output
    assert "resolves__para_2" in r.stderr
    assert not out.exists()


def test_propose_no_changes(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    r = run(runner, "propose", RES_140, RES_140, "--id", "TST/1", "--by", "RUS", "-o", out)
    assert r.exit_code == 3, r.output
    assert "no changes" in r.stderr
    assert not out.exists()


def test_propose_missing_required_options(runner: CliRunner, tmp_path: Path) -> None:
    r = run(runner, "propose", RES_140, RES_140, "--by", "RUS", "-o", tmp_path / "x.xml")
    assert r.exit_code == 2
    assert "--id" in r.stderr


# --------------------------------------------------------------------------------------
# usage errors (exit 2)
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["validate", "--frobnicate", str(RES_140)], id="unknown-option"),
        pytest.param(["apply", str(RES_140), str(RCC_140)], id="apply-missing-o"),
        pytest.param(["apply", str(RES_140), "-o", "x.xml"], id="apply-no-proposals"),
        pytest.param(["validate", "does-not-exist.xml"], id="validate-missing-file"),
        pytest.param(["show", "does-not-exist.xml"], id="show-missing-file"),
        pytest.param(["apply", "does-not-exist.xml", str(RCC_140), "-o", "x.xml"], id="apply-missing-base"),
        pytest.param(["redline", str(RES_140), "nope.xml"], id="redline-missing-proposal"),
        pytest.param(["diff", str(RES_140)], id="diff-one-file"),
        pytest.param(["show", str(ROOT / "resolutions")], id="directory"),
        pytest.param(["frobnicate"], id="unknown-command"),
    ],
)
def test_usage_errors(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    assert r.stdout == ""
    assert "Usage" in r.stderr or "Error" in r.stderr
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------
# unreadable input (exit 3) and invalid documents (exit 4) through apply
# --------------------------------------------------------------------------------------


def test_apply_unreadable_proposal(runner: CliRunner, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.xml", b"<akomaNtoso")
    out = tmp_path / "out.xml"
    r = run(runner, "apply", RES_140, bad, "-o", out)
    assert r.exit_code == 3
    assert f"{bad}:1" in r.stderr
    assert not out.exists()


def test_apply_invalid_proposal(runner: CliRunner, tmp_path: Path) -> None:
    path, eid = _bad_action(tmp_path)
    out = tmp_path / "out.xml"
    r = run(runner, "apply", RES_140, path, "-o", out)
    assert r.exit_code == 4, r.output
    assert str(path) in r.stderr
    assert eid in r.stderr
    assert "not valid" in r.stderr
    assert not out.exists()


def test_apply_invalid_resolution(runner: CliRunner, tmp_path: Path) -> None:
    path, eid = _duplicate_eid(tmp_path)
    out = tmp_path / "out.xml"
    r = run(runner, "apply", path, RCC_140, "-o", out)
    assert r.exit_code == 4, r.output
    assert re.search(rf"{re.escape(str(path))}:\d+\s+\[{eid}\]", r.stderr), r.stderr
    assert not out.exists()


def test_apply_into_missing_folder(runner: CliRunner, tmp_path: Path) -> None:
    r = run(runner, "apply", RES_140, RCC_140, "-o", tmp_path / "no" / "such" / "out.xml")
    assert r.exit_code == 3
    assert "does not exist" in r.stderr


@pytest.mark.parametrize("cmd", ["apply", "redline"])
def test_output_is_a_directory(runner: CliRunner, tmp_path: Path, cmd: str) -> None:
    target = tmp_path / "outdir"
    target.mkdir()
    r = run(runner, cmd, RES_140, RCC_140, "-o", target)
    assert r.exit_code in (2, 3), r.output
    assert "internal error" not in r.stderr
    assert list(target.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outdir"]


def test_output_is_a_directory_leaves_no_temp_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "outdir"
    target.mkdir()
    r = run(runner, "apply", RES_140, RCC_140, "-o", target)
    assert r.exit_code != 0
    assert "Traceback" not in r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outdir"]
    assert list(target.iterdir()) == []


@pytest.mark.parametrize("date", ["yesterday", "2018-02-30", "24/01/2018"])
def test_apply_bad_date(runner: CliRunner, tmp_path: Path, date: str) -> None:
    out = tmp_path / "out.xml"
    r = run(runner, "apply", RES_140, RCC_140, "--date", date, "-o", out)
    assert r.exit_code in (2, 3), r.output
    assert "date" in r.stderr
    assert "consolidated text is not valid" not in r.stderr
    assert not out.exists()


@pytest.mark.parametrize("date", ["2014-11-07", "2000-01-01"])
def test_apply_date_not_after_the_base_is_refused(runner: CliRunner, tmp_path: Path, date: str) -> None:
    """The base is dated 2014-11-07: the same date would give the amended text the base's own
    Expression IRI, an earlier one a history that runs backwards."""
    out = tmp_path / "out.xml"
    r = run(runner, "apply", RES_140, RCC_140, "--date", date, "-o", out)
    assert r.exit_code == 2, r.output
    assert "not after the text it amends (2014-11-07)" in squash(r.stderr)
    assert not out.exists()


@pytest.mark.parametrize("date", ["yesterday", "2018-02-30"])
def test_apply_bad_date_writes_nothing(runner: CliRunner, tmp_path: Path, date: str) -> None:
    out = tmp_path / "out.xml"
    r = run(runner, "apply", RES_140, RCC_140, "--date", date, "-o", out)
    assert r.exit_code != 0
    assert date in r.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "opts",
    [
        pytest.param(["--id", "RCC"], id="id-without-number"),
        pytest.param(["--id", "rcc/13"], id="id-lower-case"),
        pytest.param(["--id", ""], id="id-empty"),
        pytest.param(["--by", ""], id="by-empty"),
        pytest.param(["--date", "tomorrow"], id="date"),
    ],
)
def test_propose_bad_options(runner: CliRunner, tmp_path: Path, opts: list[str]) -> None:
    edited = tmp_path / "edited.xml"
    _edited_copy(edited)
    args = {"--id": "TST/1", "--by": "RUS"}
    args.update({opts[0]: opts[1]})
    out = tmp_path / "out.xml"
    flat = [x for kv in args.items() for x in kv]
    if opts[0] == "--date":
        flat += opts
    r = run(runner, "propose", RES_140, edited, *flat, "-o", out)
    assert r.exit_code in (2, 3), r.output
    assert opts[0] in r.stderr
    assert not out.exists()


# --------------------------------------------------------------------------------------
# internal errors (exit 70)
# --------------------------------------------------------------------------------------


def test_internal_error(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import resdraft.amend

    def boom(*args: object, **kw: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.delenv("RESDRAFT_DEBUG", raising=False)
    monkeypatch.setattr(resdraft.amend, "apply_proposals", boom)
    out = tmp_path / "out.xml"
    r = run(runner, "apply", RES_140, RCC_140, "-o", out)
    assert r.exit_code == 70
    assert "internal error: RuntimeError: kaboom" in r.stderr
    assert "RESDRAFT_DEBUG" in r.stderr
    assert "Traceback" not in r.output
    assert not out.exists()


def test_internal_error_debug_reraises(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import resdraft.amend

    def boom(*args: object, **kw: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setenv("RESDRAFT_DEBUG", "1")
    monkeypatch.setattr(resdraft.amend, "apply_proposals", boom)
    r = runner.invoke(app, ["apply", str(RES_140), str(RCC_140), "-o", "-"])
    assert isinstance(r.exception, RuntimeError)
    assert r.exit_code == 1  # CliRunner's code for an uncaught exception


def test_keyboard_interrupt(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import resdraft.amend

    def stop(*args: object, **kw: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(resdraft.amend, "apply_proposals", stop)
    out = tmp_path / "out.xml"
    r = run(runner, "apply", RES_140, RCC_140, "-o", out)
    assert r.exit_code == 130
    assert not out.exists()


def test_internal_error_in_show(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import resdraft.render.terminal

    def boom(*args: object, **kw: object) -> None:
        raise KeyError("provision")

    monkeypatch.setattr(resdraft.render.terminal, "show_resolution", boom)
    r = run(runner, "show", RES_140)
    assert r.exit_code == 70
    assert "KeyError" in r.stderr and "RESDRAFT_DEBUG" in r.stderr
