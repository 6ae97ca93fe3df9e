"""Whole collections (a conference's resolutions): pair documents by FRBR Work and diff them
on every core. Results are small summaries, so worker processes send back little."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .cores import on_every_core
from .errors import InputError

if TYPE_CHECKING:
    from lxml import etree

    from .model import Document
    from .redline import Redline


# Renders a changed resolution's redline as a file's bytes, in the worker that diffed it:
# must be picklable (a module-level class or function), and is called only for changed texts.
# An optional ``context`` attribute (default true) says whether the unchanged keyword groups
# around the changes are wanted, as headings (see ``RedlineFiles.context``).
Render = Callable[["Redline", "Document", "Document"], bytes]


_AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


@dataclass(frozen=True, slots=True)
class DocumentDiff:
    """One resolution's changes, summarised; ``changes`` lists (kind, eId, label); ``redline``
    is the rendered word-level redline when one was asked for and the texts differ."""

    work: str
    old: str
    new: str
    counts: dict[str, int]
    changes: tuple[tuple[str, str, str], ...]
    redline: bytes | None = None


@dataclass(frozen=True, slots=True)
class CollectionDiff:
    documents: tuple[DocumentDiff, ...]
    only_old: tuple[str, ...]  # files whose Work has no counterpart
    only_new: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.only_old or self.only_new or any(d.changes for d in self.documents))


def read_meta(path: Path) -> etree._Element | None:
    """The document's ``<meta>``, parsed incrementally: the parser stops at its end, before the
    body that is most of the file (None if there is none). Its parent is the document element."""
    from lxml import etree

    try:
        for _, el in etree.iterparse(str(path), events=("end",), tag=_AKN + "meta", resolve_entities=False,
                                     no_network=True, load_dtd=False):  # fmt: skip
            return el
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", source=path) from exc
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not well-formed XML: {exc.msg}", source=path, line=exc.lineno) from exc
    return None


def head_value(path: Path, tag: str, parent: str, attr: str) -> str | None:
    """``attr`` of the first ``tag`` under ``parent`` (Clark names) in the document's metadata,
    read without parsing the body (see ``read_meta``)."""
    meta = read_meta(path)
    for el in meta.iter(tag) if meta is not None else ():
        above = el.getparent()
        if above is not None and above.tag == parent:
            return el.get(attr) or ""
    return None


def work_of(path: Path) -> str:
    """The FRBR Work IRI (FRBRWork/FRBRuri), read incrementally."""
    work = head_value(path, _AKN + "FRBRuri", _AKN + "FRBRWork", "value")
    if work is None:
        root = _root_tag(path)
        if root != _AKN + "akomaNtoso":
            raise InputError(f"not an Akoma Ntoso document: its root element is <{root.rpartition('}')[2]}>",
                             source=path, hint="a folder of resolutions holds Akoma Ntoso files only; move it out")  # fmt: skip
        raise InputError("the document has no FRBRWork/FRBRuri", source=path, hint="every AKN file needs one")
    return work


def _root_tag(path: Path) -> str:
    from lxml import etree

    for _, el in etree.iterparse(str(path), events=("start",), resolve_entities=False, no_network=True,
                                 load_dtd=False):  # fmt: skip
        return str(el.tag)
    return ""


def xml_files(folder: Path) -> list[Path]:
    """The .xml files of a folder, in name order (a sub-folder called ``x.xml`` is no file)."""
    return [folder / n for n in xml_names(folder)]


def xml_names(folder: Path) -> list[str]:
    """The names of ``xml_files``, read with scandir, whose entries know their type: glob,
    a stat per file and Path objects took 2 % of a folder diff."""
    try:
        with os.scandir(folder) as found:
            return sorted(e.name for e in found if e.name.endswith(".xml") and e.is_file())
    except OSError as exc:
        raise InputError(f"cannot read the folder: {exc.strerror or exc}", source=folder) from exc


def index_works(paths: list[Path], folder: Path, known: dict[str, str] | None = None) -> dict[str, Path]:
    """Work -> file for ``paths``, reading the Work of those not in ``known`` (keyed by the path
    as text); a Work twice is an error."""
    out: dict[str, Path] = {}
    for path in sorted(paths):
        work = (known or {}).get(str(path)) or work_of(path)
        if work in out:
            raise InputError(f"{path.name} and {out[work].name} are the same Work ({work})", source=folder,
                             hint="keep one Expression per resolution in a folder")  # fmt: skip
        out[work] = path
    return out


@dataclass(frozen=True, slots=True)
class _Pair:
    """A worker's answer: both files' Works, and the diff when they are the same Work."""

    old_work: str
    new_work: str
    diff: DocumentDiff | None


def _diff_pair(job: tuple[str, str, Render | None, bool]) -> _Pair:
    from .load import read_file
    from .model import Resolution
    from .redline import COUNTED, diff_documents

    old, new, render, full = job
    old_bytes, new_bytes = read_file(old), read_file(new)
    a = Resolution.load(Path(old), old_bytes)
    work = a.work
    if old_bytes == new_bytes:  # untouched: most of a conference's texts, parsed once
        return _Pair(work, work, DocumentDiff(work, old, new, dict.fromkeys(COUNTED, 0), ()))
    b = Resolution.load(Path(new), new_bytes)
    if work != b.work:
        return _Pair(work, b.work, None)
    # a summary names provisions, not words: those are computed only for a redline
    r = diff_documents(
        a,
        b,
        full=full and render is not None,
        words=render is not None,
        context=render is not None and getattr(render, "context", True),
    )
    changes = tuple((e.kind if e.kind != "unchanged" else "renumbered", e.eid, e.label) for e in r.changes)
    product = render(r, a, b) if render and changes else None
    return _Pair(work, work, DocumentDiff(work, old, new, r.counts(), changes, product))


def diff_collections(
    old_dir: Path,
    new_dir: Path,
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    render: Render | None = None,
    full: bool = True,
) -> CollectionDiff:
    """Diff every resolution of ``old_dir`` against its Work's Expression in ``new_dir``.

    Without ``render`` only a summary is computed (which provisions changed, not their
    words). With it, each changed resolution gets a word-level redline (``full=False``: its
    changes only), rendered where it was computed so that only bytes come back.

    Files are paired by FRBR Work. Reading every file's Work up front cost as much as parsing
    the whole corpus, so files with the same name are diffed straight away and their Works
    checked as they load; only files left unpaired, or whose Works differ, are indexed.
    """
    old_names, new_names = xml_names(old_dir), xml_names(new_dir)
    for folder, found in ((old_dir, old_names), (new_dir, new_names)):
        if not found:
            raise InputError("this folder holds no .xml file", source=folder,
                             hint="give the folders of the resolutions to compare")  # fmt: skip
    shared = sorted(set(old_names) & set(new_names))
    guess = [(str(old_dir / n), str(new_dir / n), render, full) for n in shared]
    weights = [_size(new_dir / n) for n in shared]  # the heaviest first: no core finishes alone
    answers = list(on_every_core(_diff_pair, guess, workers, progress, weights))
    done = {a.diff.work: a.diff for a in answers if a.diff is not None}
    if len(done) == len(shared) == len(old_names) == len(new_names):  # every file paired by name
        return CollectionDiff(tuple(done[w] for w in sorted(done)), (), ())
    known_old = {o: a.old_work for (o, _, _, _), a in zip(guess, answers, strict=True)}
    known_new = {n: a.new_work for (_, n, _, _), a in zip(guess, answers, strict=True)}
    old = index_works([old_dir / n for n in old_names], old_dir, known_old)
    new = index_works([new_dir / n for n in new_names], new_dir, known_new)
    rest = [
        (str(old[w]), str(new[w]), render, full) for w in sorted(old.keys() & new.keys()) if w not in done
    ]
    for a in on_every_core(_diff_pair, rest, workers, None):
        assert a.diff is not None  # paired by Work, so the Works agree
        done[a.diff.work] = a.diff
    return CollectionDiff(
        tuple(done[w] for w in sorted(done)),
        tuple(str(old[w]) for w in sorted(old.keys() - new.keys())),
        tuple(str(new[w]) for w in sorted(new.keys() - old.keys())),
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # reported, with its file's name, where it is read
        return 0
