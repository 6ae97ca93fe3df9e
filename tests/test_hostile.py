"""Hostile and broken input: a clear error, the right exit code, nothing lost.

Every bad input is tried through the core (``resdraft.load.load_tree``, ``Resolution.load``,
``ProposalDoc.load``: :class:`resdraft.errors.InputError`) and through every command that reads
files (exit code 3, no output file written, a pre-existing output file left as it was).
The inputs are bytes literals written to ``tmp_path``.
"""

from __future__ import annotations

import json
import pickle
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import resdraft.load
from resdraft.amend import apply_proposals
from resdraft.errors import AmendmentError, InputError, TargetNotFoundError
from resdraft.load import load_tree, parse_bytes
from resdraft.model import ProposalDoc, Resolution

ROOT = Path(__file__).resolve().parent.parent
RES_140 = ROOT / "resolutions" / "res-140.xml"
RES_1332 = ROOT / "resolutions" / "res-1332.xml"
RCC_140 = ROOT / "proposals" / "rcc-140.xml"
CHN_140 = ROOT / "proposals" / "chn-140.xml"

SECRET = b"TOP-SECRET-b7f3c1e0-do-not-leak"


# --------------------------------------------------------------------------------------
# the hostile inputs
# --------------------------------------------------------------------------------------


def xxe(secret_uri: str) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b"<!DOCTYPE akomaNtoso [\n"
        b'  <!ENTITY xxe SYSTEM "' + secret_uri.encode() + b'">\n'
        b"]>\n"
        b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">\n'
        b'  <statement name="resolution"><preamble eId="preamble"><formula name="enactingFormula" '
        b'eId="preamble__formula_1"><p>&xxe;</p></formula></preamble></statement>\n'
        b"</akomaNtoso>\n"
    )


XXE_PARAMETER = (
    b'<?xml version="1.0"?>\n'
    b"<!DOCTYPE akomaNtoso [\n"
    b'  <!ENTITY % remote SYSTEM "file:///etc/passwd">\n'
    b"  %remote;\n"
    b"]>\n"
    b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement/></akomaNtoso>\n'
)

EXTERNAL_DTD = (
    b'<?xml version="1.0"?>\n'
    b'<!DOCTYPE akomaNtoso SYSTEM "http://127.0.0.1:9/evil.dtd">\n'
    b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement/></akomaNtoso>\n'
)

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n'
    b"<!DOCTYPE lolz [\n"
    b'  <!ENTITY lol "lol">\n'
    b'  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    b'  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">\n'
    b'  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n'
    b'  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">\n'
    b'  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">\n'
    b'  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">\n'
    b'  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">\n'
    b'  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">\n'
    b'  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">\n'
    b"]>\n"
    b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement><preamble>'
    b"<p>&lol9;</p></preamble></statement></akomaNtoso>\n"
)

# a small bomb that stays under libxml2's amplification limit: only the DTD check stops it
SMALL_LAUGHS = (
    b'<?xml version="1.0"?>\n'
    b"<!DOCTYPE akomaNtoso [\n"
    b'  <!ENTITY a "aaaaaaaaaa">\n'
    b'  <!ENTITY b "&a;&a;&a;&a;">\n'
    b"]>\n"
    b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement><p>&b;</p>'
    b"</statement></akomaNtoso>\n"
)

UNCLOSED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">\n'
    b'  <statement name="resolution">\n'
    b"    <preamble>\n"
    b"      <p>an unclosed paragraph\n"
    b"    </preamble>\n"
    b"  </statement>\n"
    b"</akomaNtoso>\n"
)

UNDECLARED_ENTITY = (
    b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">\n'
    b"<statement>\n"
    b"<p>a&nbsp;b</p></statement></akomaNtoso>\n"
)

BAD_ENCODING = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">\n'
    b"<statement><p>caf\xe9</p></statement></akomaNtoso>\n"
)

AKN_20 = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<akomaNtoso xmlns="http://www.akomantoso.org/2.0">\n'
    b'  <act contains="originalVersion"><meta/></act>\n'
    b"</akomaNtoso>\n"
)

NO_NAMESPACE = b'<?xml version="1.0"?>\n<akomaNtoso><statement name="resolution"/></akomaNtoso>\n'

NOT_AKN = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Resolution 140</p></body></html>\n'
)

EMPTY_AKN = b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"/>\n'

EMPTY = b""

WHITESPACE = b"  \n\n"

BINARY = bytes(range(256)) * 8

GZIP = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(1, 200))

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"

DEEP = (
    b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement><p>'
    + b"<b>" * 5000
    + b"deep"
    + b"</b>" * 5000
    + b"</p></statement></akomaNtoso>\n"
)

TRAILING_GARBAGE = (
    b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement/></akomaNtoso>\n'
    b"<akomaNtoso/>\n"
)


# name -> (bytes, words the error message must contain, expected line or None)
HOSTILE: dict[str, tuple[bytes, tuple[str, ...], int | None]] = {
    "xxe-parameter-entity": (XXE_PARAMETER, ("DTD",), None),
    "external-dtd": (EXTERNAL_DTD, ("DTD",), None),
    "billion-laughs": (BILLION_LAUGHS, ("entit",), None),
    "small-laughs": (SMALL_LAUGHS, ("DTD",), None),
    "unclosed-tag": (UNCLOSED, ("not well-formed",), 6),
    "undeclared-entity": (UNDECLARED_ENTITY, ("nbsp",), 3),
    "bad-encoding": (BAD_ENCODING, ("not well-formed",), 3),
    "akn-2.0": (AKN_20, ("http://www.akomantoso.org/2.0", "Akoma Ntoso 3.0"), 2),
    "no-namespace": (NO_NAMESPACE, ("akomaNtoso", "Akoma Ntoso 3.0"), 2),
    "not-akn": (NOT_AKN, ("html", "not akomaNtoso"), 2),
    "akn-without-document": (EMPTY_AKN, ("no document",), None),
    "empty": (EMPTY, ("not well-formed", "empty"), None),
    "whitespace": (WHITESPACE, ("not well-formed",), None),
    "binary": (BINARY, ("not well-formed",), None),
    "gzip": (GZIP, ("not well-formed",), None),
    "pdf": (PDF, ("not well-formed",), None),
    "too-deep": (DEEP, ("not well-formed",), None),
    "trailing-garbage": (TRAILING_GARBAGE, ("not well-formed",), None),
}


def hostile_params() -> list[object]:
    return [pytest.param(name, id=name) for name in HOSTILE]


# --------------------------------------------------------------------------------------
# fixtures
# --------------------------------------------------------------------------------------


pytestmark = pytest.mark.usefixtures("plain_terminal")  # tests/conftest.py


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_bytes(SECRET + b"\n")
    return path


def run(runner: CliRunner, *args: object) -> Result:
    return runner.invoke(app_(), [str(a) for a in args], catch_exceptions=False)


def app_():  # type: ignore[no-untyped-def]
    from resdraft.cli import app

    return app


def squash(text: str) -> str:
    return " ".join(text.split())


# Every way the CLI reads a file: (id, argv builder given the hostile path and an output path).
Argv = Callable[[Path, Path], list[object]]
READERS: dict[str, Argv] = {
    "validate": lambda bad, out: ["validate", bad],
    "validate-json": lambda bad, out: ["validate", "--json", bad],
    "show": lambda bad, out: ["show", bad],
    "apply-resolution": lambda bad, out: ["apply", bad, RCC_140, "-o", out],
    "apply-proposal": lambda bad, out: ["apply", RES_140, RCC_140, bad, "-o", out],
    "redline-proposal": lambda bad, out: ["redline", RES_140, bad, "-o", out],
    "redline-json": lambda bad, out: ["redline", bad, RCC_140, "-f", "json", "-o", out],
    "diff-old": lambda bad, out: ["diff", bad, RES_140, "-o", out],
    "diff-new": lambda bad, out: ["diff", RES_140, bad, "--check", "-o", out],
    "propose-base": lambda bad, out: ["propose", bad, RES_140, "--id", "TST/1", "--by", "RUS", "-o", out],
    "propose-edited": lambda bad, out: ["propose", RES_140, bad, "--id", "TST/1", "--by", "RUS", "-o", out],
}


def assert_folder(folder: Path, expected: dict[str, bytes]) -> None:
    found = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert set(found) == set(expected), sorted(found)
    for name, data in expected.items():
        assert found[name] == data, f"{name} changed"


# --------------------------------------------------------------------------------------
# core API
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", hostile_params())
def test_load_tree_refuses(tmp_path: Path, name: str) -> None:
    data, words, line = HOSTILE[name]
    path = tmp_path / f"{name}.xml"
    path.write_bytes(data)
    start = time.monotonic()
    with pytest.raises(InputError) as info:
        load_tree(path)
    assert time.monotonic() - start < 5
    err = info.value
    assert err.exit_code == 3
    assert err.source == str(path)
    text = str(err)
    assert text.startswith(str(path))
    for w in words:
        assert w.lower() in text.lower(), (w, text)
    if line is not None:
        assert err.line == line, text
        assert f"{path}:{line}" in text
    assert err.hint or name == "akn-without-document"
    # the model classes raise the same error
    with pytest.raises(InputError):
        Resolution.load(path)
    with pytest.raises(InputError):
        ProposalDoc.load(path)


@pytest.mark.parametrize("name", hostile_params())
def test_parse_bytes_refuses(name: str) -> None:
    data, _, _ = HOSTILE[name]
    if name in ("akn-2.0", "no-namespace", "not-akn", "akn-without-document"):
        parse_bytes(data)  # well-formed: the namespace is load_tree's business
        return
    with pytest.raises(InputError) as info:
        parse_bytes(data, "mem.xml")
    assert str(info.value).startswith("mem.xml")


@pytest.mark.parametrize("uri", ["secret", "file:///etc/passwd", "/etc/passwd"])
def test_xxe_is_not_resolved(tmp_path: Path, secret: Path, uri: str) -> None:
    target = secret.as_uri() if uri == "secret" else uri
    path = tmp_path / "xxe.xml"
    path.write_bytes(xxe(target))
    with pytest.raises(InputError) as info:
        load_tree(path)
    text = str(info.value) + (info.value.hint or "")
    assert "DTD" in text
    assert SECRET.decode() not in text
    assert "root:" not in text
    assert "DOCTYPE" in (info.value.hint or "")


def test_xxe_parser_never_reads_the_file(tmp_path: Path, secret: Path) -> None:
    """Even before the DTD check, the parser itself leaves the entity unexpanded."""
    tree = resdraft.load.etree.ElementTree(
        resdraft.load.etree.fromstring(xxe(secret.as_uri()), resdraft.load._parser())
    )
    assert SECRET not in resdraft.load.etree.tostring(tree)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_tree(tmp_path / "nope.xml")
    assert "cannot read" in str(info.value)
    assert str(tmp_path / "nope.xml") in str(info.value)
    with pytest.raises(InputError):
        Resolution.load(tmp_path / "nope.xml")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_tree(tmp_path)
    assert "cannot read" in str(info.value)


def test_file_over_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resdraft.load, "MAX_BYTES", 1000)
    size = RES_140.stat().st_size
    with pytest.raises(InputError) as info:
        load_tree(RES_140)
    assert f"{size} bytes" in str(info.value)
    assert "1000 byte limit" in str(info.value)
    with pytest.raises(InputError):
        Resolution.load(RES_140)
    with pytest.raises(InputError) as info2:
        parse_bytes(RES_140.read_bytes(), "x.xml")
    assert "1000 byte limit" in str(info2.value)
    assert info2.value.hint


def test_file_at_the_limit_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resdraft.load, "MAX_BYTES", RES_140.stat().st_size)
    assert Resolution.load(RES_140).name.startswith("Resolution 140")


def test_proposal_where_resolution_expected() -> None:
    with pytest.raises(InputError) as info:
        Resolution.load(RCC_140)
    assert "<amendment>" in str(info.value)
    assert "first" in (info.value.hint or "")


def test_resolution_where_proposal_expected() -> None:
    with pytest.raises(InputError) as info:
        ProposalDoc.load(RES_140)
    assert "<statement>" in str(info.value)


def _unknown_target(tmp_path: Path) -> Path:
    data = RCC_140.read_bytes()
    old = b'!main#resolves__para_2">'
    assert data.count(old) == 1
    path = tmp_path / "rcc-unknown.xml"
    path.write_bytes(data.replace(old, b'!main#resolves__para_42">'))
    return path


def test_unknown_target_core(tmp_path: Path) -> None:
    base = Resolution.load(RES_140)
    doc = ProposalDoc.load(_unknown_target(tmp_path))
    with pytest.raises(TargetNotFoundError) as info:
        apply_proposals(base, [doc])
    err = info.value
    assert err.exit_code == 5
    assert err.proposal == "RCC/13/5"
    assert err.eid == "resolves__para_42"
    assert "RCC/13/5" in str(err) and "resolves__para_42" in str(err)
    assert "--ids" in (err.hint or "")


def test_target_without_fragment_core(tmp_path: Path) -> None:
    data = RCC_140.read_bytes().replace(b'!main#resolves__para_2">', b'!main">')
    path = tmp_path / "rcc-nofragment.xml"
    path.write_bytes(data)
    with pytest.raises(TargetNotFoundError) as info:
        apply_proposals(Resolution.load(RES_140), [ProposalDoc.load(path)])
    assert "RCC/13/5" in str(info.value)
    assert "no target" in str(info.value)


def test_mod_quoting_wrong_element_core(tmp_path: Path) -> None:
    """A MOD of a paragraph that quotes a recital is refused, not applied half-way."""
    data = RCC_140.read_bytes()
    # RCC/13/2 targets noting b); point it at resolves 1 instead (its quote is still a recital)
    old = b'!main#preamble__noting__rec_b">noting b)</ref>'
    assert data.count(old) == 1
    path = tmp_path / "rcc-kind.xml"
    path.write_bytes(data.replace(old, b'!main#resolves__para_1">resolves 1</ref>'))
    base = Resolution.load(RES_140)
    before = resdraft.load.etree.tostring(base.root)
    with pytest.raises(AmendmentError) as info:
        apply_proposals(base, [ProposalDoc.load(path)])
    assert "RCC/13/2" in str(info.value)
    assert "resolves__para_1" in str(info.value)
    assert resdraft.load.etree.tostring(base.root) == before


# --------------------------------------------------------------------------------------
# CLI: exit 3, nothing written, pre-existing output untouched
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize("name", hostile_params())
def test_cli_refuses(runner: CliRunner, tmp_path: Path, name: str, reader: str) -> None:
    data, words, line = HOSTILE[name]
    bad = tmp_path / "in" / f"{name}.xml"
    bad.parent.mkdir()
    bad.write_bytes(data)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    previous = b"previous output, must survive\n"
    (out_dir / "result").write_bytes(previous)
    r = run(runner, *READERS[reader](bad, out_dir / "result"))
    assert r.exit_code == 3, r.output
    if reader == "validate-json":  # the report lists every file, this one as unreadable
        (report,) = json.loads(r.stdout)["files"]
        assert not report["valid"] and [i["code"] for i in report["issues"]] == ["unreadable"]
    else:
        assert r.stdout == ""
    err = squash(r.stderr)
    assert err.startswith(f"error: {bad}"), err
    for w in words:
        assert w.lower() in err.lower(), (w, err)
    if line is not None:
        assert f"{bad}:{line}" in err
    assert "Traceback" not in r.output
    assert_folder(out_dir, {"result": previous})
    assert bad.read_bytes() == data  # the input is never rewritten


@pytest.mark.parametrize("reader", ["validate", "apply-resolution", "apply-proposal", "diff-new"])
def test_cli_xxe(runner: CliRunner, tmp_path: Path, secret: Path, reader: str) -> None:
    bad = tmp_path / "xxe.xml"
    bad.write_bytes(xxe(secret.as_uri()))
    out = tmp_path / "out.xml"
    r = run(runner, *READERS[reader](bad, out))
    assert r.exit_code == 3, r.output
    assert "DTD" in r.stderr
    assert SECRET.decode() not in r.output
    assert not out.exists()


def test_cli_billion_laughs_is_fast(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "lol.xml"
    bad.write_bytes(BILLION_LAUGHS)
    start = time.monotonic()
    r = run(runner, "validate", bad)
    assert time.monotonic() - start < 5
    assert r.exit_code == 3
    assert len(r.output) < 2000  # the expansion is never printed


def test_cli_unclosed_tag_gives_line(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "unclosed.xml"
    bad.write_bytes(UNCLOSED)
    r = run(runner, "show", bad)
    assert r.exit_code == 3
    err = squash(r.stderr)
    assert f"{bad}:6" in err
    assert "hint:" in err


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(lambda m, o: ["validate", m], id="validate"),
        pytest.param(lambda m, o: ["show", m], id="show"),
        pytest.param(lambda m, o: ["apply", m, RCC_140, "-o", o], id="apply-resolution"),
        pytest.param(lambda m, o: ["apply", RES_140, m, "-o", o], id="apply-proposal"),
        pytest.param(lambda m, o: ["redline", RES_140, m], id="redline"),
        pytest.param(lambda m, o: ["diff", RES_140, m], id="diff"),
        pytest.param(
            lambda m, o: ["propose", RES_140, m, "--id", "TST/1", "--by", "RUS", "-o", o], id="propose"
        ),
    ],
)
def test_cli_missing_file_is_usage_error(runner: CliRunner, tmp_path: Path, argv: Argv) -> None:
    missing = tmp_path / "missing.xml"
    out = tmp_path / "out.xml"
    r = runner.invoke(app_(), [str(a) for a in argv(missing, out)])
    assert r.exit_code == 2, r.output
    assert "does not exist" in squash(r.stderr)
    assert "missing.xml" in r.stderr
    assert not out.exists()


@pytest.mark.parametrize("reader", ["validate", "show", "apply-resolution", "apply-proposal", "diff-new"])
def test_cli_file_over_the_limit(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader: str
) -> None:
    big = tmp_path / "big.xml"
    big.write_bytes(RES_140.read_bytes() if reader != "apply-proposal" else RCC_140.read_bytes())
    monkeypatch.setattr(resdraft.load, "MAX_BYTES", 2048)
    out = tmp_path / "out.xml"
    r = run(runner, *READERS[reader](big, out))
    assert r.exit_code == 3, r.output
    assert "byte limit" in squash(r.stderr)
    assert not out.exists()


# --------------------------------------------------------------------------------------
# proposals and resolutions in the wrong place
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("cmd", ["apply", "redline"])
def test_cli_proposal_given_as_resolution(runner: CliRunner, tmp_path: Path, cmd: str) -> None:
    out = tmp_path / "out.xml"
    r = run(runner, cmd, RCC_140, RES_140, "-o", out)
    assert r.exit_code == 3, r.output
    err = squash(r.stderr)
    assert str(RCC_140) in err
    assert "expected a resolution" in err
    assert "hint:" in err and "first" in err.partition("hint:")[2]
    assert not out.exists()


@pytest.mark.parametrize(
    "cmd",
    [c for c in ("apply", "redline")],
)
def test_cli_resolution_given_as_proposal(runner: CliRunner, tmp_path: Path, cmd: str) -> None:
    out = tmp_path / "out.xml"
    r = run(runner, cmd, RES_140, RES_1332, "-o", out)
    assert r.exit_code == 3, r.output
    err = squash(r.stderr)
    assert str(RES_1332) in err
    assert "expected a proposal" in err
    assert not out.exists()
    hint = err.partition("hint:")[2]
    assert "first" in hint or "order" in hint, hint


def test_cli_resolution_given_as_proposal_exit_code(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    r = run(runner, "apply", RES_140, RES_1332, "-o", out)
    assert r.exit_code == 3
    assert "expected a proposal" in squash(r.stderr)
    assert not out.exists()


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["show", RCC_140], id="show"),
        pytest.param(["diff", RES_140, RCC_140], id="diff-new"),
        pytest.param(["diff", CHN_140, RES_140], id="diff-old"),
        pytest.param(
            ["propose", RCC_140, RES_140, "--id", "TST/1", "--by", "RUS", "-o", "-"], id="propose-base"
        ),
        pytest.param(
            ["propose", RES_140, CHN_140, "--id", "TST/1", "--by", "RUS", "-o", "-"], id="propose-edited"
        ),
    ],
)
def test_cli_proposal_where_resolution_expected(runner: CliRunner, argv: list[object]) -> None:
    r = run(runner, *argv)
    assert r.exit_code == 3, r.output
    assert r.stdout == ""
    assert "expected a resolution" in squash(r.stderr)


# --------------------------------------------------------------------------------------
# proposals that are well-formed but cannot apply
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("cmd", ["apply", "redline"])
def test_cli_unknown_target(runner: CliRunner, tmp_path: Path, cmd: str) -> None:
    prop = _unknown_target(tmp_path)
    out = tmp_path / "out.xml"
    r = run(runner, cmd, RES_140, prop, "-o", out)
    assert r.exit_code == 5, r.output
    err = squash(r.stderr)
    assert "resolves__para_42" in err
    assert "RCC/13/5" in err
    assert not out.exists()


@pytest.mark.parametrize("cmd", ["apply", "redline"])
def test_cli_unknown_target_refused_and_named(runner: CliRunner, tmp_path: Path, cmd: str) -> None:
    """Whatever the exit code, the unknown eId is named and nothing is written."""
    prop = _unknown_target(tmp_path)
    out = tmp_path / "out.xml"
    r = run(runner, cmd, RES_140, prop, "-o", out)
    assert r.exit_code in (4, 5), r.output
    assert "resolves__para_42" in squash(r.stderr)
    assert str(prop) in squash(r.stderr)
    assert not out.exists()


def test_cli_xinclude_is_not_processed(runner: CliRunner, tmp_path: Path, secret: Path) -> None:
    """An XInclude pointing at a local file is never expanded into any output."""
    data = RES_140.read_bytes()
    old = b"<p>The Plenipotentiary Conference"
    assert data.count(old) == 1
    data = data.replace(
        old,
        b'<p><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="'
        + secret.as_uri().encode()
        + b'" parse="text"/>The Plenipotentiary Conference',
    )
    bad = tmp_path / "xinclude.xml"
    bad.write_bytes(data)
    for argv in (["validate", bad], ["show", bad], ["diff", RES_140, bad, "-f", "json"]):
        r = runner.invoke(app_(), [str(a) for a in argv])
        assert SECRET.decode() not in r.output, argv
        assert r.exit_code in (0, 1, 3, 4), (argv, r.output)
    r = run(runner, "validate", bad)
    assert r.exit_code == 4


def test_cli_schema_location_hint_is_ignored(runner: CliRunner, tmp_path: Path) -> None:
    """xsi:schemaLocation in a document never makes the validator fetch or read a schema."""
    data = RES_140.read_bytes()
    old = b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"'
    assert data.count(old) == 1
    evil = tmp_path / "evil.xsd"
    data = data.replace(
        old,
        old + b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="'
        b"http://docs.oasis-open.org/legaldocml/ns/akn/3.0 " + evil.as_uri().encode() + b'"',
    )
    doc = tmp_path / "hinted.xml"
    doc.write_bytes(data)
    evil.write_bytes(b"<this is not a schema")
    start = time.monotonic()
    r = run(runner, "validate", doc)
    assert time.monotonic() - start < 30
    assert r.exit_code == 0, r.output
    assert "evil.xsd" not in r.output


def test_untrusted_schema_pickle_is_never_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A schema cache file others can write is rebuilt, never unpickled."""
    from resdraft import schemacache

    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (open, (str(marker), "w"))

    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("RESDRAFT_CACHE_DIR", str(cache))
    name = schemacache.DRIVER
    pickled = cache / f"{name.removesuffix('.xsd')}-{schemacache._key(name)}.pickle"
    pickled.write_bytes(pickle.dumps(Payload()))
    pickled.chmod(0o666)
    schemacache.xmlschema_schema.cache_clear()
    try:
        schema = schemacache.xmlschema_schema(name)
    finally:
        schemacache.xmlschema_schema.cache_clear()
    assert not marker.exists()
    assert schema.is_valid(str(RES_140))
    assert (pickled.stat().st_mode & 0o022) == 0  # replaced by a private, trusted file
