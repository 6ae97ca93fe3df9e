"""``resdraft diff``: compare two Expressions of a resolution, structure-aware and word-level."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._errors import translate_errors
from ._io import RedlineFormat

DOC = typer.Argument(exists=True, dir_okay=False)


def register(app: typer.Typer) -> None:
    @app.command()
    def diff(
        old: Annotated[Path, DOC],
        new: Annotated[Path, DOC],
        fmt: Annotated[
            RedlineFormat | None,
            typer.Option(
                "--format",
                "-f",
                help="terminal (default), text, json, xml, docx (Word tracked changes), html or md; "
                "-o FILE.docx/.html/.md chooses it too.",
            ),
        ] = None,
        output: Annotated[
            Path | None, typer.Option("-o", "--output", help="Write to a file instead of stdout.")
        ] = None,
        check: Annotated[
            bool, typer.Option("--check", help="Exit 1 if the texts differ (like diff(1)).")
        ] = False,
        changes_only: Annotated[
            bool, typer.Option("--changes-only", help="Only provisions that change.")
        ] = False,
        force: Annotated[
            bool, typer.Option("--force", help="Compare even if they are different resolutions.")
        ] = False,
    ) -> None:
        """Redline OLD against NEW: provisions matched by eId, wId and text, then word-level edits.

        Renumbered and moved provisions are reported as such, not as edits.

        Example: resdraft diff resolutions/res-140.xml res-140-2018.xml --changes-only
        """
        from .amend import redline_format, write_redline

        chosen = redline_format(fmt, output, changes_only)
        with translate_errors():
            from ..model import Resolution
            from ..redline import diff_documents

            a, b = Resolution.load(old), Resolution.load(new)
            if a.work != b.work and not force:
                from ..errors import InputError

                raise InputError(
                    f"{old} is {a.name or a.work} but {new} is {b.name or b.work}",
                    hint="diff compares two versions of one resolution; add --force to compare anyway",
                )
            r = diff_documents(a, b, full=not changes_only)
            write_redline(r, chosen, output, changes_only, a, b)
            if check and r.changes:
                raise typer.Exit(1)
