"""Round trips: every bundled resolution exported to text (and to Word) and imported back gives
the same structure, the same eIds, the same words and the same FRBR identity."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from resdraft.akn import local, text_of
from resdraft.importer import ImportOptions, import_file
from resdraft.model import Document, Resolution
from resdraft.render.itu_docx import resolution_docx
from resdraft.render.itu_text import resolution_text
from resdraft.write import to_bytes

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "resolutions").glob("*.xml"))


def shape(doc: Document) -> list[tuple[str, str, str]]:
    """(eId, element, words) of every element with an eId outside the metadata, in order."""
    return [
        (el.get("eId") or "", local(el), text_of(el))
        for el in doc.doc.iter()
        if el.get("eId") and not any(local(a) == "meta" for a in el.iterancestors())
    ]


def reimport(path: Path) -> Document:
    result = import_file(path, ImportOptions(today="2026-01-01"))
    assert result.unplaced == 0
    assert not [i for i in result.issues if i.severity == "error"]
    # serialise as `resdraft import` does, so whitespace between blocks matches the bundled files
    return Document(etree.ElementTree(etree.fromstring(to_bytes(result.tree.getroot()))))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_text_round_trip(path: Path, tmp_path: Path) -> None:
    base = Resolution.load(path)
    txt = tmp_path / f"{path.stem}.txt"
    txt.write_text(resolution_text(base), encoding="utf-8")
    again = reimport(txt)
    assert shape(again) == shape(base)
    assert resolution_text(again) == resolution_text(base)
    assert (again.work, again.expression, again.name) == (base.work, base.expression, base.name)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_docx_round_trip(path: Path, tmp_path: Path) -> None:
    base = Resolution.load(path)
    docx = tmp_path / f"{path.stem}.docx"
    docx.write_bytes(resolution_docx(base))
    again = reimport(docx)
    assert shape(again) == shape(base)
    assert resolution_text(again) == resolution_text(base)
    assert again.expression == base.expression


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_show_docx_round_trip(path: Path, tmp_path: Path) -> None:
    """The Word file `resdraft show -o X.docx` writes (title block, end line ____) reads back
    to the same words; it prints the heading in capitals, hence the folded case."""
    from resdraft.render.docx import docx_bytes
    from resdraft.render.docx import resolution_docx as show_docx

    base = Resolution.load(path)
    docx = tmp_path / f"{path.stem}.docx"
    docx.write_bytes(docx_bytes(show_docx(base)))
    again = reimport(docx)
    assert [(e, k, t.casefold()) for e, k, t in shape(again)] == [
        (e, k, t.casefold()) for e, k, t in shape(base)
    ]
    assert resolution_text(again).casefold() == resolution_text(base).casefold()


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_export_is_stable(path: Path, tmp_path: Path) -> None:
    """Text -> XML -> text gives the same text: the export is what the import reads."""
    first = resolution_text(Resolution.load(path))
    txt = tmp_path / "a.txt"
    txt.write_text(first, encoding="utf-8")
    assert resolution_text(reimport(txt)) == first


def test_bundled_resolutions_exist() -> None:
    assert len(BUNDLED) >= 2


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_hard_wrapped_text_round_trip(path: Path, tmp_path: Path) -> None:
    """Text as a PDF gives it: every paragraph wrapped at 80 columns, tabs expanded to spaces."""
    import textwrap

    base = Resolution.load(path)
    paras = resolution_text(base).split("\n\n")
    wrapped = "\n".join(textwrap.fill(p.expandtabs(), 80, break_on_hyphens=False) for p in paras)
    txt = tmp_path / "wrapped.txt"
    txt.write_text(wrapped, encoding="utf-8")
    result = import_file(txt, ImportOptions(today="2026-01-01"))
    assert any(i.code == "unwrap" for i in result.issues)
    assert shape(Document(etree.ElementTree(etree.fromstring(to_bytes(result.tree.getroot()))))) == shape(
        base
    )


@pytest.mark.parametrize("name", ["eng-resolution", "spa-resolution", "fra-resolution"])
def test_fixture_round_trip(name: str, tmp_path: Path) -> None:
    """Our English, Spanish and French fixtures: import, export, import gives the same tree."""
    fixture = ROOT / "tests" / "fixtures" / "import" / f"{name}.txt"
    first = reimport_any(fixture)
    txt = tmp_path / "again.txt"
    txt.write_text(resolution_text(first), encoding="utf-8")
    second = reimport_any(txt)
    assert shape(second) == shape(first)
    assert second.expression == first.expression


def reimport_any(path: Path) -> Document:
    result = import_file(path, ImportOptions(today="2026-01-01", adopted="2014-11-07", date="2030-11-01"))
    return Document(etree.ElementTree(etree.fromstring(to_bytes(result.tree.getroot()))))
