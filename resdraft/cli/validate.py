"""``resdraft validate``: official schema, ITU profile and lint, every problem at once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._errors import translate_errors

FILES = typer.Argument(exists=True, dir_okay=False, readable=True, help="Resolutions and proposals.")


def register(app: typer.Typer) -> None:
    @app.command()
    def validate(
        files: Annotated[list[Path], FILES],
        fast: Annotated[
            bool, typer.Option("--fast", help="lxml only (skip xmlschema, the validator of record).")
        ] = False,
        json_out: Annotated[bool, typer.Option("--json", help="Report as JSON on stdout.")] = False,
    ) -> None:
        """Check files against the official AKN 3.0 schema, the ITU profile and the lint.

        Proposals are also checked against any resolution given in the same call (their
        targets must exist). Many files are spread over the cores. Exit code 4 if any file has
        an error.

        Example: resdraft validate resolutions/res-140.xml proposals/rcc-140.xml
        """
        with translate_errors():
            from ..errors import InputError, InvalidDocumentError
            from ..render.json import issues_dict, to_json
            from ..render.terminal import issues_table, make_console
            from ..validate import UNREADABLE, validate_files
            from ._io import progress_bar

            with progress_bar("validating") as tick:
                results = validate_files(files, engine="lxml" if fast else "xmlschema", progress=tick)
            reports, failed, unreadable = [], 0, 0
            out, err = make_console(), make_console(stderr=True)
            for source, issues in results:
                errors = [i for i in issues if i.severity == "error"]
                failed += bool(errors)
                reports.append(issues_dict(source, issues))
                lost = [i for i in issues if i.code == UNREADABLE]
                unreadable += bool(lost)
                for i in lost:  # said as every command says an unreadable input, then the rest go on
                    err.print(f"error: {i.location()}: {i.message}", markup=False, highlight=False)
                if not (lost or json_out):
                    status = "invalid" if errors else "valid"
                    out.print(
                        f"{source}: {status} ({len(errors)} errors, {len(issues) - len(errors)} warnings)",
                        markup=False,
                        highlight=False,
                    )
                    if issues:
                        out.print(issues_table(issues))
            if json_out:
                typer.echo(to_json({"files": reports}), nl=False)
            if unreadable:  # exit 3 before 4: the unreadable files could not even be checked
                invalid = failed - unreadable
                also = (
                    f"; {invalid} of the others {'is' if invalid == 1 else 'are'} invalid" if invalid else ""
                )
                raise InputError(
                    f"{unreadable} of {len(results)} files could not be read; the others were checked{also}"
                )
            if failed:
                raise InvalidDocumentError(f"{failed} of {len(results)} files are invalid", ())
