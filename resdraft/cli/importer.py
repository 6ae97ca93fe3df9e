"""``resdraft import`` and ``resdraft export``: authentic texts in and out of Akoma Ntoso."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from ._errors import translate_errors
from ._io import check_date


class Lang(enum.StrEnum):
    eng = "eng"
    spa = "spa"
    fra = "fra"
    rus = "rus"
    ara = "ara"
    zho = "zho"


class Body(enum.StrEnum):
    pp = "pp"
    council = "council"


class Kind(enum.StrEnum):
    auto = "auto"
    resolution = "resolution"
    doc = "doc"


def register(app: typer.Typer) -> None:
    @app.command("import")
    def import_(
        source: Annotated[
            Path, typer.Argument(exists=True, dir_okay=False, help="A .txt, .docx or .html file.")
        ],
        output: Annotated[
            Path, typer.Option("-o", "--output", help="Where to write the XML ('-' for stdout).")
        ],
        lang: Annotated[Lang | None, typer.Option("--lang", help="Language (default: detected).")] = None,
        body: Annotated[
            Body | None, typer.Option("--body", help="Adopted by (default: from the heading).")
        ] = None,
        number: Annotated[
            str | None, typer.Option("--number", help="Resolution number, or a document's number.")
        ] = None,
        revision: Annotated[
            str | None, typer.Option("--revision", help='Revision, e.g. "Rev. Busan, 2014".')
        ] = None,
        kind: Annotated[
            Kind, typer.Option("--kind", help="resolution, doc (a report with numbered sections) or auto.")
        ] = Kind.auto,
        date: Annotated[
            str | None, typer.Option("--date", help="Expression date, YYYY-MM-DD.", callback=check_date)
        ] = None,
        adopted: Annotated[
            str | None,
            typer.Option(
                "--adopted", help="First adoption date (of the Work), YYYY-MM-DD.", callback=check_date
            ),
        ] = None,
        strict: Annotated[
            bool,
            typer.Option("--strict", help="Fail (exit 4, nothing written) on any unplaced line or warning."),
        ] = False,
    ) -> None:
        """Import a resolution (or a general document) from text, Word or HTML into Akoma Ntoso.

        Every line that could not be placed is listed with its line number (paragraph number
        for Word); the output always validates.

        Example: resdraft import res-140.txt -o res-140.xml --lang eng
        """
        with translate_errors():
            from ..errors import InvalidDocumentError
            from ..importer import ImportOptions, import_file
            from ..render.terminal import issues_table, make_console
            from ..write import to_bytes
            from ._io import emit

            opts = ImportOptions(
                lang=lang.value if lang else None,
                body=body.value if body else None,
                number=number,
                revision=revision,
                kind=kind.value,
                date=date,
                adopted=adopted,
            )
            result = import_file(source, opts)
            problems = result.problems(strict=True)
            err = make_console(stderr=True)
            if strict and problems:
                raise InvalidDocumentError(
                    f"{len(problems)} problem(s) with --strict: nothing written",
                    problems,
                    source=source,
                    hint="fix the source, or drop --strict to write what could be placed",
                )
            emit(to_bytes(result.tree.getroot()), output)
            if result.issues:
                err.print(issues_table(result.issues))
            err.print(
                f"imported {result.kind} ({result.lang}, {result.fmt}): {result.lines} lines, "
                f"{result.placed} placed, {result.unplaced} unplaced; {len(result.issues)} issue(s)"
                + ("" if str(output) == "-" else f"; wrote {output}"),
                markup=False,
                highlight=False,
            )

    @app.command("export")
    def export(
        resolution: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A resolution file.")],
        output: Annotated[
            Path | None, typer.Option("-o", "--output", help="Where to write (default: stdout).")
        ] = None,
    ) -> None:
        """Write a resolution as plain text in ITU layout (what `resdraft import` reads back).

        Example: resdraft export resolutions/res-140.xml -o res-140.txt
        """
        with translate_errors():
            from ..model import Resolution
            from ..render.itu_text import resolution_text
            from ._io import emit

            emit(resolution_text(Resolution.load(resolution)), output)
