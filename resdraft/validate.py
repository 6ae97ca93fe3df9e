"""Validation: the official AKN 3.0 XSD (with resdraft's proposal schema), the ITU profile,
and the lint. Every problem is returned at once as an :class:`Issue`; nothing is printed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from lxml import etree

from .akn import line_of
from .errors import InvalidDocumentError, Issue
from .lint import lint_proposal, lint_references, lint_structure
from .model import Document, ProposalDoc, Resolution
from .schemacache import DRIVER, PROFILE, lxml_schema, xmlschema_schema

Engine = Literal["lxml", "xmlschema"]


def _eid_near(el: etree._Element | None) -> str | None:
    while el is not None:
        if el.get("eId"):
            return el.get("eId")
        el = el.getparent()
    return None


def _by_line(doc: Document) -> dict[int, etree._Element]:
    out: dict[int, etree._Element] = {}
    for el in doc.root.iter():
        line = line_of(el)
        if line is not None and line not in out:
            out[line] = el
    return out


def _lxml_issues(doc: Document, name: str, code: str) -> list[Issue]:
    schema = lxml_schema(name)
    if schema.validate(doc.tree):
        return []
    lines = _by_line(doc)
    out = []
    for err in schema.error_log:
        line = err.line or None
        eid = _eid_near(lines.get(line)) if line else None
        msg = err.message.replace("{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}", "")
        out.append(Issue(code, msg, doc.source, line, eid))
    return out


def _xmlschema_issues(doc: Document, name: str, code: str) -> list[Issue]:
    schema = xmlschema_schema(name)
    out = []
    for err in schema.iter_errors(doc.tree):
        elem = getattr(err, "elem", None)
        line = line_of(elem) if isinstance(elem, etree._Element) else getattr(err, "sourceline", None)
        eid = _eid_near(elem) if isinstance(elem, etree._Element) else None
        reason = (err.reason or str(err)).replace("{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}", "")
        path = getattr(err, "path", None)
        msg = f"{reason} (at {path})" if path else reason
        out.append(
            Issue(
                code,
                msg.replace("{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}", ""),
                doc.source,
                line,
                eid,
            )
        )
    return out


def schema_issues(doc: Document, engine: Engine = "lxml") -> list[Issue]:
    """Official schema (through the driver, so rdp:* metadata is checked too)."""
    if engine == "lxml":
        found = _lxml_issues(doc, DRIVER, "xsd")
        # lxml is the fast path; xmlschema words the errors better once we know there are some
        return _xmlschema_issues(doc, DRIVER, "xsd") or found if found else []
    return _xmlschema_issues(doc, DRIVER, "xsd")


def profile_issues(doc: Document) -> list[Issue]:
    return _lxml_issues(doc, PROFILE, "profile")


def validate_document(
    doc: Document, *, base: Resolution | None = None, engine: Engine = "lxml"
) -> tuple[Issue, ...]:
    """All problems of one document: schema, profile, lint (and proposal targets if ``base``)."""
    issues = schema_issues(doc, engine)
    if doc.doctype in ("statement", "amendment"):  # the ITU profile covers resolutions and proposals
        issues += profile_issues(doc)
    issues += lint_structure(doc)
    issues += lint_references(doc)
    if isinstance(doc, ProposalDoc):
        issues += lint_proposal(doc, base)
    return tuple(issues)


def assert_valid(doc: Document, *, what: str, base: Resolution | None = None) -> None:
    """Raise :class:`InvalidDocumentError` listing every error-severity issue."""
    issues = tuple(i for i in validate_document(doc, base=base) if i.severity == "error")
    if issues:
        raise InvalidDocumentError(
            f"{what} is not valid ({len(issues)} problem{'s' if len(issues) > 1 else ''})",
            issues,
            source=doc.source,
            hint="run `resdraft validate` on it for the full list",
        )


UNREADABLE = "unreadable"  # the code of the one issue of a file that could not be parsed


def _validate_one(job: tuple[str, str | None, Engine]) -> tuple[str, tuple[Issue, ...]]:
    """One file's issues; a file that cannot be read is one issue (``UNREADABLE``), not an
    error that would stop the other files from being checked."""
    from .errors import InputError
    from .load import document_type, load_tree

    path, base_path, engine = job
    try:
        tree = load_tree(Path(path))
    except InputError as exc:
        said = f"{exc.message}; {exc.hint}" if exc.hint else exc.message
        return path, (Issue(UNREADABLE, said, path, exc.line),)
    doc = ProposalDoc(tree, path) if document_type(tree) == "amendment" else Resolution(tree, path)
    try:
        base = Resolution.load(Path(base_path)) if base_path and isinstance(doc, ProposalDoc) else None
    except InputError:
        base = None  # its own job reports it; the proposal is checked without its targets
    return path, validate_document(doc, base=base, engine=engine)


def validate_files(
    files: Sequence[Path],
    *,
    engine: Engine = "lxml",
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[tuple[str, tuple[Issue, ...]]]:
    """(file, issues) for every file, in order, spread over the cores: xmlschema takes ~50 ms a
    document, a conference's whole set several seconds on one. A proposal is checked against the
    resolution among ``files`` that it targets, if any."""
    from .cores import on_every_core

    bases: dict[str, str] = {}
    targets: list[str | None] = []
    for f in files:  # only the metadata is read here: each worker parses and checks its file
        amends, expression = _identity(f)
        targets.append(expression if amends else None)
        if not amends and expression:
            bases[expression] = str(f)
    jobs = [(str(f), bases.get(t) if t else None, engine) for f, t in zip(files, targets, strict=True)]
    return list(on_every_core(_validate_one, jobs, workers, progress))


def _identity(path: Path) -> tuple[bool, str]:
    """(whether the file is a proposal, the Expression it amends or is), read from the tree
    parsed up to the end of its metadata; a file that cannot be read so is left to its worker,
    whose full parse says what is wrong."""
    from .akn import local
    from .collection import read_meta
    from .errors import InputError

    try:
        meta = read_meta(path)
    except InputError:
        return False, ""
    doc = meta.getparent() if meta is not None else None
    root = doc.getparent() if doc is not None else None
    if doc is None or root is None:
        return False, ""
    head = etree.ElementTree(root)  # the body is not parsed: only metadata may be read from it
    if local(doc) == "amendment":
        return True, ProposalDoc(head, str(path)).target_expression
    return False, Document(head, str(path)).expression
