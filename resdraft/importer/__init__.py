"""Bring authentic texts in: resolutions and general documents from .txt, .docx and .html into
Akoma Ntoso, with every line that could not be placed reported (see ``import_file``)."""

from __future__ import annotations

from .api import ImportOptions, ImportResult, import_file, import_source, read_source

__all__ = ("ImportOptions", "ImportResult", "import_file", "import_source", "read_source")
