"""``resdraft compile``: the synoptic compilation of proposals, provision by provision."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Annotated

import typer

from ._errors import translate_errors
from ._io import pick_format


class CompileFormat(enum.StrEnum):
    """What a compilation is written as (no Word or Markdown layout yet)."""

    terminal = "terminal"
    text = "text"
    json = "json"
    xml = "xml"
    html = "html"


def register(app: typer.Typer) -> None:
    @app.command(name="compile")
    def compile_(
        resolution: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The resolution.")],
        proposals: Annotated[
            list[Path], typer.Argument(exists=True, dir_okay=False, help="Proposal documents.")
        ],
        fmt: Annotated[
            CompileFormat | None,
            typer.Option(
                "--format",
                "-f",
                help="terminal, text, json, xml (AKN doc) or html (default: from -o, else terminal).",
            ),
        ] = None,
        output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to a file.")] = None,
        include_all: Annotated[
            bool, typer.Option("--all", help="Include provisions no proposal touches.")
        ] = False,
    ) -> None:
        """Compile all proposals per provision: base text, then each proposal's action, redline and Reasons.

        New provisions appear where they would be inserted. This is the document a secretariat
        circulates before a meeting.

        Example: resdraft compile resolutions/res-140.xml proposals/rcc-140.xml proposals/chn-140.xml
        """
        fmt = pick_format(fmt, output, CompileFormat.terminal)
        with translate_errors():
            from ..compilation import compilation_document, compile_proposals
            from ..consolidate import load_inputs
            from ._io import emit, plain_output, render_to

            base, docs = load_inputs(resolution, proposals)
            c = compile_proposals(base, docs, include_untouched=include_all)
            if fmt == CompileFormat.json:
                from ..render.json import compilation_dict, to_json

                emit(to_json(compilation_dict(c)), output)
            elif fmt == CompileFormat.xml:
                from lxml import etree

                from ..errors import InvalidDocumentError
                from ..model import Document
                from ..validate import schema_issues
                from ..write import to_bytes

                root = compilation_document(c, dt.date.today().isoformat())
                issues = schema_issues(Document(etree.ElementTree(root), "<compilation>"))
                if issues:
                    raise InvalidDocumentError("the compilation is not valid", tuple(issues))
                emit(to_bytes(root), output)
            elif fmt == CompileFormat.html:
                from ..render.compilation_html import compilation_html
                from ..render.html import html_bytes

                emit(html_bytes(compilation_html(c)), output)
            else:
                from ..render.negotiation import compilation_view

                plain = fmt == CompileFormat.text or output is not None or plain_output()
                render_to(compilation_view(c, plain=plain), output, plain=plain)
