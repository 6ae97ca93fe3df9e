"""A resolution as a Word document in ITU layout (the same paragraphs as the text export, keyword
lines in italics), built with python-docx. ``resdraft import`` reads it back."""

from __future__ import annotations

import io

from ..model import Document
from .itu_text import resolution_lines


def resolution_docx(doc: Document) -> bytes:
    import docx

    out = docx.Document()
    for text, italic in resolution_lines(doc):
        para = out.add_paragraph()
        run = para.add_run(text)
        if italic:
            run.italic = True
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()
