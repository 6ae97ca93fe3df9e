"""Word documents in ITU layout; redlines as native Word revisions.

python-docx gives us the package, the styles and the comments part; it cannot write revision
marks, so the ``w:ins``/``w:del`` elements (and the paragraph-mark revisions of paragraphs added
or deleted whole) are built here with ``OxmlElement``, never from strings. Each revision's
``w:author`` is the proposal ("RCC/13/5 (RUS, ARM, KGZ, BLR)") and its ``w:date`` the proposal's
date, so Word's Review pane lists, colours and filters them by proposal. The action symbol and
Reasons of each proposal are Word comments in the margin: the body holds nothing but the text,
so "Accept all" gives exactly the new text and "Reject all" exactly the old one.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.shared import Cm, Pt, Twips
from lxml import etree

from ..model import Change, Document, Resolution
from ..redline import DELETE, EQUAL, INSERT, Redline
from .layout import layout_redline, layout_resolution
from .page import Layout, Note, Para, Run, is_rtl

INDENT = 794  # twips: ITU's hanging indent (1.4 cm)
ANONYMOUS = "resdraft diff"
LANG = {"eng": "en-GB", "fra": "fr-FR", "spa": "es-ES", "ara": "ar-SA", "rus": "ru-RU", "zho": "zh-CN"}

# style -> (size pt, bold, centred, space before pt, left indent twips, hanging twips, keep with next)
STYLES: dict[str, tuple[int, bool, bool, int, int, int, bool]] = {
    "ResNo": (14, False, True, 24, 0, 0, True),
    "Restitle": (14, True, True, 12, 0, 0, True),
    "Formula": (12, False, False, 18, 0, 0, False),
    "Call": (12, False, False, 12, INDENT, 0, True),
    "Item1": (12, False, False, 6, INDENT, INDENT, False),
    "Item2": (12, False, False, 6, 2 * INDENT, INDENT, False),
    "Item3": (12, False, False, 6, 3 * INDENT, INDENT, False),
    "Text1": (12, False, False, 6, INDENT, 0, False),
    "Text2": (12, False, False, 6, 2 * INDENT, 0, False),
    "Text3": (12, False, False, 6, 3 * INDENT, 0, False),
    "AnnexNo": (14, False, True, 0, 0, 0, True),
    "Annextitle": (14, True, True, 12, 0, 0, True),
    "EndLine": (12, False, True, 36, 0, 0, False),
}


def _style_of(p: Para) -> str:
    level = min(max(p.level, 1), 3)
    return {
        "resno": "ResNo",
        "restitle": "Restitle",
        "formula": "Formula",
        "call": "Call",
        "item": f"Item{level}",
        "text": f"Text{level}",
        "annexno": "AnnexNo",
        "annextitle": "Annextitle",
    }[p.role]


def _el(tag: str, **attrs: str) -> etree._Element:
    return OxmlElement(tag, attrs={qn(f"w:{k}"): v for k, v in attrs.items()})


class _Writer:
    """Writes laid-out paragraphs into the document body, numbering revisions as it goes."""

    def __init__(self, doc: DocxDocument, lay: Layout) -> None:
        self.doc = doc
        self.lay = lay
        self.next_id = 1
        self.dates = {n.attribution: n.date for n in lay.notes.values()}

    def author(self, by: str | None) -> str:
        return " + ".join(by.split("+")) if by else ANONYMOUS

    def date(self, by: str | None) -> str:
        first = (by or "").split("+")[0]
        day = self.dates.get(first) or self.lay.date or "1970-01-01"
        return f"{day}T00:00:00Z"

    def revision(self, op: int, by: str | None) -> etree._Element:
        el = _el("w:ins" if op == INSERT else "w:del", id=str(self.next_id))
        el.set(qn("w:author"), self.author(by))
        el.set(qn("w:date"), self.date(by))
        self.next_id += 1
        return el

    def run(self, r: Run, *, tab: bool = False) -> etree._Element:
        el = _el("w:r")
        props = []
        if r.italic:
            props.append(_el("w:i"))
        if r.bold:
            props.insert(0, _el("w:b"))
        if r.sup:
            props.append(_el("w:vertAlign", val="superscript"))
        if props:
            rpr = _el("w:rPr")
            for p in props:
                rpr.append(p)
            el.append(rpr)
        if tab:
            el.append(_el("w:tab"))
            return el
        t = _el("w:delText" if r.op == DELETE else "w:t")
        t.text = r.text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        el.append(t)
        return el

    def runs(self, p_el: etree._Element, runs: Sequence[tuple[Run, bool]]) -> None:
        """Append runs, grouping neighbours with one op and proposer into one revision."""
        holder: etree._Element | None = None
        key: tuple[int, str | None] | None = None
        for r, tab in runs:
            if r.op == EQUAL:
                holder, key = None, None
                p_el.append(self.run(r, tab=tab))
                continue
            if holder is None or key != (r.op, r.by):
                holder, key = self.revision(r.op, r.by), (r.op, r.by)
                p_el.append(holder)
            holder.append(self.run(r, tab=tab))

    def paragraph(self, p: Para, prev: Para | None) -> etree._Element:
        para = self.doc.add_paragraph(style=_style_of(p))
        p_el = para._p
        if prev is not None and prev.mark != EQUAL and not prev.whole:
            self.restyle(p_el, p, prev)
        seq: list[tuple[Run, bool]] = [(r, False) for r in p.num]
        if p.num:
            by = next((r.by for r in p.num if r.op == p.tab), None)
            seq.append((Run(p.tab, "\t", by), True))
        seq += [(r, False) for r in p.runs if r.text]
        self.runs(p_el, seq)
        if p.mark != EQUAL:
            ppr: etree._Element = p_el.get_or_add_pPr()
            rpr = _el("w:rPr")
            rpr.append(self.revision(p.mark, p.mark_by))
            ppr.insert(1, rpr)
        return p_el

    def restyle(self, p_el: CT_P, p: Para, prev: Para) -> None:
        """After a split or join, the paragraph that survives the merge carries the merged
        paragraph's style, its other style recorded as a property revision (w:pPrChange), so
        Accept All and Reject All give the right style whichever paragraph's Word keeps."""
        own, merged = _style_of(p), _style_of(prev)
        new, old = (own, merged) if prev.mark == INSERT else (merged, own)
        if new == old:
            return
        ppr: etree._Element = p_el.get_or_add_pPr()
        style = ppr.find(qn("w:pStyle"))
        assert style is not None
        style.set(qn("w:val"), new)
        change = _el("w:pPrChange", id=str(self.next_id))
        change.set(qn("w:author"), self.author(prev.mark_by))
        change.set(qn("w:date"), self.date(prev.mark_by))
        self.next_id += 1
        before = _el("w:pPr")
        before.append(_el("w:pStyle", val=old))
        change.append(before)
        ppr.append(change)


def _styles(doc: DocxDocument, lang: str) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(6), Pt(0)
    fmt.widow_control = True
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        for attr in ("w:eastAsia", "w:cs"):
            fonts.set(qn(attr), "Times New Roman")
    rpr.append(_el("w:lang", val=LANG.get(lang, "en-GB"), bidi="ar-SA"))
    if is_rtl(lang):
        rpr.append(_el("w:rtl"))
        normal.element.get_or_add_pPr().append(_el("w:bidi"))
    for name, (size, bold, centred, before, left, hanging, keep) in STYLES.items():
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        st.quick_style = True
        st.font.size = Pt(size)
        st.font.bold = bold or None
        pf = st.paragraph_format
        pf.space_before = Pt(before)
        pf.keep_with_next = keep or None
        if centred:
            pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if left:
            pf.left_indent = Twips(left)
        if hanging:
            pf.first_line_indent = Twips(-hanging)
        if name in ("ResNo", "AnnexNo"):
            st.element.get_or_add_pPr().append(_el("w:outlineLvl", val="0"))
        if name == "AnnexNo":
            pf.page_break_before = True


def _page(doc: DocxDocument, lay: Layout) -> None:
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2)
    sec.top_margin = sec.bottom_margin = Cm(2.5)
    sec.header_distance = sec.footer_distance = Cm(1.2)
    head = sec.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.style = doc.styles["Header"]
    if lay.redline:
        head.add_run(
            f"{lay.heading}: {lay.old_expression.rpartition('/')[2]} → {lay.new_expression.rpartition('/')[2]}"
        )
    foot = sec.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = _el("w:fldSimple", instr=" PAGE ")
    r = _el("w:r")
    t = _el("w:t")
    t.text = "1"
    r.append(t)
    field.append(r)
    foot._p.append(field)


def _comment(doc: DocxDocument, note: Note) -> int:
    c = doc.comments.add_comment(author=note.attribution, initials=note.label)
    when = dt.datetime.fromisoformat(note.date or "1970-01-01").replace(tzinfo=dt.UTC)
    c._comment_elm.date = when
    head = c.paragraphs[0]
    head.add_run(note.action).bold = True
    head.add_run(" " + note.attribution)
    if note.reasons:
        body = c.add_paragraph()
        body.add_run("Reasons:").bold = True
        body.add_run(" " + note.reasons)
    return int(c.comment_id)


def _anchor(start: etree._Element, end: etree._Element, cid: int) -> None:
    """Anchor a comment from the start of one paragraph to the end of another."""
    ppr = start.find(qn("w:pPr"))
    at = 0 if ppr is None else list(start).index(ppr) + 1
    start.insert(at, _el("w:commentRangeStart", id=str(cid)))
    end.append(_el("w:commentRangeEnd", id=str(cid)))
    ref = _el("w:r")
    rpr = _el("w:rPr")
    rpr.append(_el("w:rStyle", val="CommentReference"))
    ref.append(rpr)
    ref.append(_el("w:commentReference", id=str(cid)))
    end.append(ref)


def layout_docx(lay: Layout) -> DocxDocument:
    """A Word document of a laid-out text or redline."""
    doc = new_document()
    body = doc.element.body
    for el in list(body):
        if el.tag != qn("w:sectPr"):
            body.remove(el)
    _styles(doc, lay.lang)
    _page(doc, lay)
    w = _Writer(doc, lay)
    starts: dict[str, etree._Element] = {}
    prev: Para | None = None
    for block in lay.blocks:
        els = []
        for p in block.paras:
            els.append(w.paragraph(p, prev))
            prev = p
        if not els:
            continue
        for note in block.starts:
            starts[note.attribution] = els[0]
        for note in block.ends:
            first = starts.pop(note.attribution, els[0])
            _anchor(first, els[-1], _comment(doc, note))
    # ITU texts end with a rule; it also keeps the last paragraph mark free of revisions.
    doc.add_paragraph("______________", style="EndLine")
    props = doc.core_properties
    props.title = lay.heading
    props.author = "resdraft"
    props.last_modified_by = "resdraft"
    props.language = LANG.get(lay.lang, "en-GB")
    props.subject = lay.new_expression if not lay.redline else f"{lay.old_expression} → {lay.new_expression}"
    props.comments = "Generated by resdraft from Akoma Ntoso 3.0."
    stamp = dt.datetime.fromisoformat(lay.date or "1970-01-01").replace(tzinfo=dt.UTC)
    props.created = props.modified = stamp
    props.revision = 1
    return doc


def resolution_docx(res: Resolution) -> DocxDocument:
    """The clean text of a resolution in ITU layout."""
    return layout_docx(layout_resolution(res))


def redline_docx(r: Redline, old: Document, new: Document, changes: Sequence[Change] = ()) -> DocxDocument:
    """A redline as native Word revisions, authored by proposal, with actions and Reasons as comments."""
    return layout_docx(layout_redline(r, old, new, changes))


def docx_bytes(doc: DocxDocument) -> bytes:
    """The .docx package as bytes, the same for the same input (zip entries get a fixed date)."""
    buf = io.BytesIO()
    doc.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
