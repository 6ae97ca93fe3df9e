"""``import_file``: read a .txt, .docx or .html file and return an Akoma Ntoso tree and the issues.

The result always validates (official XSD, and the ITU profile for a resolution); a failure to
validate is a bug of the importer and raises :class:`InvalidDocumentError`. Every line that could
not be placed, every artefact and every character removed is reported as an :class:`Issue`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import InputError, InvalidDocumentError, Issue
from .build import StatementBuilder
from .doc import DocBuilder, parse_doc
from .inline import InlineContext
from .keywords import Lexicon, data_file, detect_language, lexicon
from .meta import WorkInfo
from .outline import number_token, settle_number
from .refs import actor_named
from .resolution import ParsedResolution, find_heading, parse_resolution
from .source import Source

KINDS = ("auto", "resolution", "doc")
BODIES = {"pp": "itu-pp", "council": "itu-council", "wtdc": "itu-wtdc", "wtsa": "itu-wtsa", "ra": "itu-ra"}
# the bodies whose resolutions a number cannot tell: named by the enacting formula, or --body
ASSEMBLIES = frozenset(("itu-wtdc", "itu-wtsa", "itu-ra"))


@dataclass(frozen=True, slots=True)
class ImportOptions:
    lang: str | None = None  # eng|spa|fra|rus|ara|zho; detected when None
    body: str | None = None  # a key of BODIES; from the heading and the formula when None
    number: str | None = None  # resolution or document number; from the heading when None
    revision: str | None = None  # "Rev. Busan, 2014"; from the heading when None
    kind: str = "auto"  # auto|resolution|doc
    date: str | None = None  # Expression date (YYYY-MM-DD)
    adopted: str | None = None  # first adoption date: the date of the Work
    today: str | None = None  # markup date; today when None


@dataclass(frozen=True, slots=True)
class ImportResult:
    tree: etree._ElementTree
    issues: tuple[Issue, ...]
    kind: str  # "resolution" | "doc"
    lang: str
    lines: int  # non-blank lines read
    unplaced: int
    fmt: str
    skipped: int = 0  # page numbers and separators, left out on purpose and reported

    @property
    def placed(self) -> int:
        return self.lines - self.unplaced - self.skipped

    def problems(self, strict: bool = True) -> tuple[Issue, ...]:
        """Errors (unplaced lines), and with ``strict`` warnings too."""
        keep = ("error", "warning") if strict else ("error",)
        return tuple(i for i in self.issues if i.severity in keep)


def read_source(path: Path) -> Source:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", source=path) from exc
    suffix = path.suffix.lower()
    kind = _binary_kind(suffix, data)
    if kind:  # read as text, it would import as garbage and say nothing
        raise InputError(f"this is {kind}, which resdraft does not read", source=path,
                         hint="open it in a word processor, save it as .docx (or as plain text, .txt), import that")  # fmt: skip
    if suffix == ".docx" or data[:2] == b"PK":
        from .docx import read_docx

        return read_docx(data, path.name)
    if suffix in (".html", ".htm", ".xhtml"):
        from .html import read_html

        return read_html(data, path.name)
    from .text import read_text

    return read_text(data, path.name)


def _binary_kind(suffix: str, data: bytes) -> str:
    """What a file is, when it is a format resdraft reads nothing of (RTF, old Word, PDF, ODT)."""
    if data[:5] == b"{\\rtf" or suffix == ".rtf":
        return "an RTF document"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or suffix == ".doc":
        return "a Word 97-2003 document (.doc)"
    if data[:5] == b"%PDF-" or suffix == ".pdf":
        return "a PDF"
    if suffix in (".odt", ".pages"):
        return f"a {suffix} document"
    return ""


def import_file(path: Path, options: ImportOptions | None = None) -> ImportResult:
    return import_source(read_source(path), options or ImportOptions())


def _year(text: str | None) -> int | None:
    m = re.search(r"(?<![0-9])(1[89][0-9]{2}|2[0-9]{3})(?![0-9])", text or "")
    return int(m.group(1)) if m else None


def _title_case(rev: str) -> str:
    """ "REV. BUSAN, 2014" -> "Rev. Busan, 2014" for metadata; the text keeps its capitals."""
    if rev != rev.upper():
        return rev
    return " ".join(w[:1] + w[1:].lower() for w in rev.split(" "))


class _Meta:
    def __init__(self, src: Source, opts: ImportOptions, today: str) -> None:
        self.src, self.opts, self.today = src, opts, today

    def expression_date(self, actor: str, revision: str | None) -> str:
        if self.opts.date:
            return self.opts.date
        year = _year(revision)
        for conf in data_file("conferences").get(actor, []):
            if year == conf["year"] or any(p in (revision or "") for p in conf["places"]):
                return str(conf["date"])
        if year is not None:
            self.src.issue(
                "metadata",
                f"no date known for {year}: the Expression is dated {year}-01-01; pass --date",
                None,
            )
            return f"{year}-01-01"
        self.src.issue("metadata", "no revision date found: the Expression is dated today; pass --date", None)
        return self.today

    def resolution(self, parsed: ParsedResolution, lex: Lexicon) -> WorkInfo:
        number = self.opts.number or (parsed.heading.number if parsed.heading else None)
        if not number or not number.isdigit():
            raise InputError(
                "no resolution heading (such as 'RESOLUTION 140 (REV. BUSAN, 2014)') was found",
                source=self.src.name,
                hint="pass --number N, or --kind doc to import it as a general document",
            )
        revision = self.opts.revision or (parsed.heading.revision if parsed.heading else None)
        named = actor_named(parsed.formula.text, lex) if parsed.formula is not None else None
        if self.opts.body:
            actor = BODIES[self.opts.body]
        elif named in ASSEMBLIES:  # "The World Telecommunication Development Conference (...),"
            actor = named
        elif revision and lex.is_council(revision):
            actor = "itu-council"
        else:
            actor = "itu-council" if int(number) >= 1000 else "itu-pp"
        if named and named != actor:
            self.src.issue(
                "metadata",
                f"the enacting formula names {named}, but the Work IRI says {actor}"
                + (" (--body)" if self.opts.body else ""),
                None,
            )
        expr = self.expression_date(actor, revision)
        work = self.opts.adopted or data_file("works").get(actor, {}).get(number)
        if work is None:
            work = expr
            if revision and lex.is_revised(revision):
                self.src.issue(
                    "metadata",
                    "first adoption date unknown: the Work IRI uses the revision date; pass --adopted",
                    None,
                )
        name = f"Resolution {number}" + (f" ({_title_case(revision)})" if revision else "")
        return WorkInfo(
            "statement",
            actor,
            f"res-{number}",
            f"Resolution {number}",
            name,
            str(work),
            expr,
            lex.lang,
            self.today,
        )

    def doc(self, lang: str) -> WorkInfo:
        shown = self.opts.number or Path(self.src.name).stem
        slug = re.sub(r"[^a-z0-9]+", "-", shown.lower()).strip("-") or "document"
        date = self.opts.date
        if date is None:
            date = self.today
            self.src.issue("metadata", "no --date given: the document is dated today", None, "info")
        return WorkInfo("doc", "itu", slug, shown, shown, date, date, lang, self.today, date_name="document")


@dataclass
class _Run:
    """One import under way: the source, the language, and what has been found so far."""

    src: Source
    lex: Lexicon
    ctx: InlineContext
    issues: list[Issue]
    unplaced: int = 0
    skipped: int = 0

    def warn(self, code: str, msg: str, line: int | None) -> None:
        self.issues.append(Issue(code, msg, self.src.name, line, None, "warning"))


def _resolution(run: _Run, meta: _Meta) -> etree._Element:
    src, lex = run.src, run.lex
    parsed = parse_resolution(src.lines, lex)
    info = meta.resolution(parsed, lex)
    if not parsed.operative:
        raise InputError(
            "no operative part (resolves, instructs ...) was recognised",
            source=src.name,
            hint=f"check the keyword lines against resdraft/data/keywords/{lex.lang}.json, or use --kind doc",
        )
    builder = StatementBuilder(run.ctx, src.name)
    root = builder.statement(parsed, info, src.notes, src.fmt)
    for line, why in parsed.unplaced:
        text = line.text.strip()[:90]
        run.issues.append(Issue("unplaced", f"line not placed ({why}): {text!r}", src.name, line.no))
    run.unplaced += len(parsed.unplaced)
    run.skipped += parsed.skipped
    for no, code, msg in parsed.notes:
        run.warn(code, msg, no)
    run.issues += builder.issues
    for group in [*parsed.preamble, *parsed.operative, *(g for a in parsed.annexes for g in a.groups)]:
        for no, msg in group.outline.warnings:
            run.warn("numbering", msg, no)
    return root


def _doc(run: _Run, meta: _Meta) -> etree._Element:
    front, outline = parse_doc(run.src.lines)
    builder = DocBuilder(run.ctx)
    root = builder.doc(front, outline, meta.doc(run.lex.lang), run.src.notes, run.src.name, run.src.fmt)
    for no, msg in [*builder.warnings, *outline.warnings]:
        run.warn("numbering", msg, no)
    return root


def _validated(tree: etree._ElementTree, kind: str, name: str) -> list[Issue]:
    """The schema (and for a resolution the profile) and the lint; an error is an importer bug."""
    from ..lint import lint_references, lint_structure
    from ..model import Document
    from ..validate import profile_issues, schema_issues

    doc = Document(tree, name)
    found = schema_issues(doc, "lxml") + list(lint_structure(doc)) + list(lint_references(doc))
    if kind == "resolution":
        found += profile_issues(doc)
    errors = tuple(i for i in found if i.severity == "error")
    if errors:
        raise InvalidDocumentError(
            "the imported document does not validate: this is a bug in resdraft's importer",
            errors,
            source=name,
            hint="please report it with the input file; --kind doc may work meanwhile",
        )
    return found


def import_source(src: Source, opts: ImportOptions) -> ImportResult:
    from ..akn import E

    prev = None
    for i, ln in enumerate(src.lines):
        if (got := settle_number(ln, prev)) is not None:
            src.lines[i] = got.line
            why = (
                "as the text reads with its changes accepted"
                if got.kept == got.now
                else "which continues the list (the item deleted before it is still there)"
            )
            src.issue(
                "numbering",
                f"the number is a tracked change ({got.was!r} to {got.now!r}): read as {got.kept!r}, {why}",
                ln.no,
                "info",
            )
        prev = number_token(src.lines[i].text) or prev
    texts = [ln.text for ln in src.lines if ln.text.strip()]
    if not texts:
        raise InputError("the file holds no text to import", source=src.name, hint="is it the right file?")
    lex = lexicon(opts.lang or detect_language(texts))
    if src.fmt == "txt":
        from .text import unwrap

        # a keyword line with a qualifier starts a paragraph, but a PDF may wrap its qualifier
        unwrap(src, lex.stands_alone, lambda t: bool(lex.is_formula(t) or lex.qualified(t)))
    kind = opts.kind
    if kind == "auto":
        heading_at = find_heading([ln for ln in src.lines if ln.text.strip()], lex)
        kind = "resolution" if heading_at is not None else "doc"
    note_ids = {key: f"fn_{i}" for i, key in enumerate(src.notes, start=1)}
    run = _Run(src, lex, InlineContext(lex, note_ids), [], skipped=src.skipped)
    meta = _Meta(src, opts, opts.today or dt.date.today().isoformat())
    root = _resolution(run, meta) if kind == "resolution" else _doc(run, meta)
    for key, note in src.notes.items():
        if key not in run.ctx.used_notes:
            run.warn("footnote", f"footnote {key} is not referred to from the text", note.no)
    tree = etree.ElementTree(E.akomaNtoso(root))
    found = _validated(tree, kind, src.name)
    issues = src.issues + run.issues + [i for i in found if i.severity != "error"]
    lines = sum(1 for ln in src.lines if ln.text.strip()) + len(src.notes) + src.skipped
    return ImportResult(tree, tuple(issues), kind, lex.lang, lines, run.unplaced, src.fmt, run.skipped)
