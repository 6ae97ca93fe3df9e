"""``resdraft show``: read a resolution in the terminal, or write it as Word, HTML or Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._errors import translate_errors
from ._io import TextFormat, pick_format

if TYPE_CHECKING:
    from ..model import Resolution


def write_text(res: Resolution, fmt: TextFormat, output: Path | None, *, ids: bool = False) -> None:
    """Shared by ``show`` and ``apply``: one text in any format."""
    from ._io import emit, plain_output, render_to

    if fmt == TextFormat.xml:
        from ..write import to_bytes

        emit(to_bytes(res.root), output)
    elif fmt == TextFormat.docx:
        from ..render.docx import docx_bytes, resolution_docx

        emit(docx_bytes(resolution_docx(res)), output)
    elif fmt == TextFormat.html:
        from ..render.html import html_bytes, resolution_html

        emit(html_bytes(resolution_html(res)), output)
    elif fmt == TextFormat.md:
        from ..render.markdown import resolution_markdown

        emit(resolution_markdown(res), output)
    else:
        from ..render.terminal import show_resolution

        plain = fmt == TextFormat.text or output is not None or plain_output()
        render_to(show_resolution(res, ids=ids), output, plain=plain)


def register(app: typer.Typer) -> None:
    @app.command()
    def show(
        resolution: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A resolution file.")],
        ids: Annotated[bool, typer.Option("--ids", help="Show each provision's eId.")] = False,
        fmt: Annotated[
            TextFormat | None,
            typer.Option(
                "--format",
                "-f",
                help="terminal (default), text, xml, docx (Word, ITU layout), html or md; "
                "-o FILE.docx/.html/.md chooses it too.",
            ),
        ] = None,
        output: Annotated[
            Path | None, typer.Option("-o", "--output", help="Write to a file instead of stdout.")
        ] = None,
    ) -> None:
        """Print a resolution as a drafter reads it, optionally with each provision's eId.

        With -o FILE.docx, a Word document in ITU layout (title block, keyword lines in
        italics, numbered paragraphs with hanging indents, annexes); .html and .md likewise.

        Example: resdraft show resolutions/res-140.xml --ids
        """
        chosen = pick_format(fmt, output, TextFormat.terminal)
        with translate_errors():
            from ..model import Resolution

            write_text(Resolution.load(resolution), chosen, output, ids=ids)
