"""A redline as the bytes of a file, in any format: shared by one diff and a folder of them.

A folder diff renders each resolution's redline in the worker that computed it, so this
module must not need a terminal; :class:`RedlineFiles` is the picklable renderer it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Change, Document
from ..redline import Redline

SUFFIXES = {"docx": ".docx", "html": ".html", "md": ".md", "json": ".json", "xml": ".xml"}  # else .txt


def redline_product(
    r: Redline,
    fmt: str,
    old: Document,
    new: Document,
    changes: Sequence[Change] = (),
    *,
    changes_only: bool = False,
) -> bytes | str:
    """The redline in ``fmt`` (docx, html, md, json, xml; anything else: plain text with
    {+ +} and {- -} marks). ``changes`` (applied proposals) adds ITU actions and Reasons."""
    if fmt == "docx":
        from .docx import docx_bytes, redline_docx

        return docx_bytes(redline_docx(r, old, new, changes))
    if fmt == "html":
        from .html import html_bytes, redline_html

        return html_bytes(redline_html(r, old, new, changes, changes_only=changes_only))
    if fmt == "md":
        from .markdown import redline_markdown

        return redline_markdown(r, old, new, changes, changes_only=changes_only)
    if fmt == "json":
        from .json import json_bytes, redline_dict

        return json_bytes(redline_dict(r, changes_only=changes_only))
    if fmt == "xml":
        from lxml import etree

        from ..akn_redline import redline_document
        from ..errors import InvalidDocumentError
        from ..validate import schema_issues
        from ..write import to_bytes

        root = redline_document(new, old, r)
        # a redline is a presentation of two texts at once: only the official schema applies
        issues = schema_issues(Document(etree.ElementTree(root), "<redline>"))
        if issues:
            raise InvalidDocumentError("the AKN redline is not valid", tuple(issues))
        return to_bytes(root)
    from .terminal import RedlineView, plain_text

    return plain_text(RedlineView(r, plain=True, changes_only=changes_only))


@dataclass(frozen=True, slots=True)
class RedlineFiles:
    """Renders one resolution's redline for a folder of them (picklable: sent to workers)."""

    fmt: str
    changes_only: bool = False

    @property
    def suffix(self) -> str:
        return SUFFIXES.get(self.fmt, ".txt")

    @property
    def context(self) -> bool:
        """A JSON list of changes leaves out the keyword groups around them; the layouts show
        them as headings."""
        return not (self.changes_only and self.fmt == "json")

    def __call__(self, r: Redline, old: Document, new: Document) -> bytes:
        data = redline_product(r, self.fmt, old, new, changes_only=self.changes_only)
        return data.encode("utf-8") if isinstance(data, str) else data
