"""Word (.docx) input through python-docx: paragraphs with their run formatting, tracked changes
(w:ins, w:del), automatic list numbers (computed from numbering.xml) and footnotes.

The zip is checked before python-docx opens it (size, entries), and the footnotes part is parsed
with a parser that resolves no entities and fetches nothing.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ..errors import InputError
from .numbering import Numbering
from .source import Line, Run, Source, clean_text, italic_line, merge_runs, take_artefacts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAX_UNZIPPED = 200 * 1024 * 1024
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_CONTAINERS = {
    "hyperlink",
    "smartTag",
    "sdt",
    "sdtContent",
    "customXml",
    "fldSimple",
    "ins",
    "del",
    "moveFrom",
    "moveTo",
}
_INSERTED, _DELETED = ("ins", "moveTo"), ("del", "moveFrom")  # tracked changes, moves included


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def _on(el: etree._Element | None) -> bool | None:
    """A toggle property: <w:i/> is on, <w:i w:val="0"/> off, absent None."""
    if el is None:
        return None
    return el.get(w("val"), "true").lower() not in ("0", "false", "off", "none")


@dataclass
class _Fmt:
    italic: bool = False
    bold: bool = False
    inserted: bool = False
    deleted: bool = False


@dataclass
class _Reader:
    src: Source
    styles: dict[str, tuple[bool | None, bool | None]] = field(default_factory=dict)
    note_keys: dict[str, str] = field(default_factory=dict)  # w:id -> marker shown
    no: int = 0

    def run_props(self, r: etree._Element, base: _Fmt) -> dict[str, Any]:
        rpr = r.find(w("rPr"))
        italic, bold = base.italic, base.bold
        props: dict[str, Any] = {}
        if rpr is not None:
            style = rpr.find(w("rStyle"))
            if style is not None:
                si, sb = self.styles.get(style.get(w("val"), ""), (None, None))
                italic = si if si is not None else italic
                bold = sb if sb is not None else bold
            italic = v if (v := _on(rpr.find(w("i")))) is not None else italic
            bold = v if (v := _on(rpr.find(w("b")))) is not None else bold
            u = rpr.find(w("u"))
            props["underline"] = u is not None and u.get(w("val"), "single") != "none"
            props["strike"] = bool(_on(rpr.find(w("strike"))) or _on(rpr.find(w("dstrike"))))
            va = rpr.find(w("vertAlign"))
            if va is not None:
                props["sup"] = va.get(w("val")) == "superscript"
                props["sub"] = va.get(w("val")) == "subscript"
        props.update(italic=italic, bold=bold, inserted=base.inserted, deleted=base.deleted)
        return props

    def runs(self, el: etree._Element, fmt: _Fmt) -> Iterator[Run]:
        for c in el:
            if not isinstance(c.tag, str) or not c.tag.startswith(f"{{{W}}}"):
                continue
            name = c.tag.rpartition("}")[2]
            if name == "r":
                yield from self._run(c, fmt)
            elif name in _CONTAINERS:
                sub = _Fmt(
                    fmt.italic,
                    fmt.bold,
                    fmt.inserted or name in _INSERTED,
                    fmt.deleted or name in _DELETED,
                )
                yield from self.runs(c, sub)

    def _run(self, r: etree._Element, fmt: _Fmt) -> Iterator[Run]:
        props = self.run_props(r, fmt)
        for c in r:
            name = c.tag.rpartition("}")[2] if isinstance(c.tag, str) else ""
            if name in ("t", "delText"):
                yield Run(c.text or "", **props)
            elif name == "tab":
                yield Run("\t", **props)
            elif name in ("br", "cr"):
                yield Run(" ", **props)
            elif name == "noBreakHyphen":
                yield Run("\u2011", **props)
            elif name == "sym":
                yield Run(_symbol(c.get(w("char"), "")), **props)
            elif name == "footnoteReference":
                fid = c.get(w("id"), "")
                key = self.note_keys.setdefault(fid, str(len(self.note_keys) + 1))
                yield Run(key, sup=True, note=key)
            elif name in ("drawing", "pict", "object"):
                self.src.issue("image", "an image or object is not imported", self.no)

    def line(self, p: etree._Element, numbering: Numbering, para_italic: bool) -> Line:
        self.no += 1
        fmt = _Fmt(italic=para_italic)
        runs = list(self.runs(p, fmt))
        mark = _mark(p, runs)
        old, new = numbering.labels(p, old=mark != "ins", new=mark != "del")
        if old == new:
            lead = [Run(old + "\t")] if old else []
        else:  # a revised number counts in its own text only, as the words around it do
            lead = [Run(n + "\t", deleted=d, inserted=not d) for n, d in ((old, True), (new, False)) if n]
        runs[:0] = lead
        text_runs = [Run(clean_text(r.text, self.src, self.no), **_flags(r)) for r in runs]
        merged = merge_runs(text_runs)
        return take_artefacts(Line(self.no, merged, italic=italic_line(merged)), self.src)


def _mark(p: etree._Element, runs: list[Run]) -> str | None:
    """Whether the paragraph is in one text only: "ins" when its mark is a tracked insertion (a
    new paragraph) or all its words are inserted, "del" when its mark is a tracked deletion (it
    joins the next one) or all its words are deleted; else None. Its number is then in that text
    only: an empty item is no item."""
    rpr = p.find(f"{w('pPr')}/{w('rPr')}")
    if rpr is not None and any(rpr.find(w(t)) is not None for t in _INSERTED):
        return "ins"
    if rpr is not None and any(rpr.find(w(t)) is not None for t in _DELETED):
        return "del"
    words = [r for r in runs if r.text.strip()]
    if words and all(r.inserted for r in words):
        return "ins"
    if words and all(r.deleted for r in words):
        return "del"
    return None


def _symbol(code: str) -> str:
    """A w:sym character (Symbol or Wingdings font): bullets as "•", others as their code point."""
    if code.upper() in ("F0B7", "F0A7", "F06C"):
        return "•"
    try:
        return chr(int(code, 16))
    except ValueError:
        return ""


def _flags(r: Run) -> dict[str, Any]:
    return {
        k: getattr(r, k)
        for k in ("italic", "bold", "underline", "strike", "sup", "sub", "inserted", "deleted", "note")
    }


def _check_zip(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if len(infos) > 5000 or sum(i.file_size for i in infos) > MAX_UNZIPPED:
                raise InputError(
                    "the Word file unpacks to too much data", source=name, hint="is it a zip bomb?"
                )
            if "word/document.xml" not in z.namelist():
                raise InputError("not a Word document (no word/document.xml)", source=name)
    except zipfile.BadZipFile as exc:
        raise InputError(f"not a .docx file: {exc}", source=name, hint="save it from Word as .docx") from exc


def _safe_parse(blob: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(blob, parser)


def read_docx(data: bytes, name: str) -> Source:
    import docx

    _check_zip(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise InputError(f"python-docx cannot open this file: {exc}", source=name) from exc
    src = Source(name=name, fmt="docx", lines=[])
    reader = _Reader(src)
    para_italic: dict[str, bool] = {}
    for style in document.styles:
        font = getattr(style, "font", None)
        if font is None:
            continue
        reader.styles[style.style_id] = (font.italic, font.bold)
        para_italic[style.style_id] = bool(font.italic)
    numbering = Numbering.from_document(document)
    body = document.element.body
    for p in body.iter(w("p")):
        pstyle = p.find(f"{w('pPr')}/{w('pStyle')}")
        italic = para_italic.get(pstyle.get(w("val"), "") if pstyle is not None else "", False)
        src.lines.append(reader.line(p, numbering, italic))
    _footnotes(document, reader)
    return src


def _footnotes(document: Any, reader: _Reader) -> None:
    part = next((r.target_part for r in document.part.rels.values() if r.reltype == _FOOTNOTES), None)
    if part is None or not reader.note_keys:
        return
    root = _safe_parse(part.blob)
    for fn in root.iter(w("footnote")):
        key = reader.note_keys.get(fn.get(w("id"), ""))
        if key is None:
            continue
        texts = []
        for p in fn.iter(w("p")):
            runs = [r for r in reader.runs(p, _Fmt()) if r.note is None]
            texts.extend(runs)
            texts.append(Run(" "))
        line = Line(0, merge_runs(texts)).strip()
        reader.src.notes[key] = line
