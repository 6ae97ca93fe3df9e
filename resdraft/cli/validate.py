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
        targets must exist). Exit code 4 if any file has an error.

        Example: resdraft validate resolutions/res-140.xml proposals/rcc-140.xml
        """
        with translate_errors():
            from ..errors import InvalidDocumentError
            from ..load import document_type, load_tree
            from ..model import ProposalDoc, Resolution
            from ..render.json import issues_dict, to_json
            from ..render.terminal import issues_table, make_console
            from ..validate import validate_document

            docs = []
            for f in files:
                tree = load_tree(f)
                cls = ProposalDoc if document_type(tree) == "amendment" else Resolution
                docs.append(cls(tree, str(f)))
            bases = {d.expression: d for d in docs if isinstance(d, Resolution)}
            reports, failed = [], 0
            out = make_console()
            for d in docs:
                base = bases.get(d.target_expression) if isinstance(d, ProposalDoc) else None
                issues = validate_document(d, base=base, engine="lxml" if fast else "xmlschema")
                errors = [i for i in issues if i.severity == "error"]
                failed += bool(errors)
                reports.append(issues_dict(d.source, issues))
                if not json_out:
                    status = "invalid" if errors else "valid"
                    out.print(
                        f"{d.source}: {status} ({len(errors)} errors, {len(issues) - len(errors)} warnings)",
                        markup=False,
                        highlight=False,
                    )
                    if issues:
                        out.print(issues_table(issues))
            if json_out:
                typer.echo(to_json({"files": reports}), nl=False)
            if failed:
                raise InvalidDocumentError(f"{failed} of {len(docs)} files are invalid", ())
