"""``resdraft import`` and ``resdraft export``: authentic texts in and out of Akoma Ntoso."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from ._errors import translate_errors
from ._io import check_date, check_proposal_id, parse_submitters, writes


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
    wtdc = "wtdc"
    wtsa = "wtsa"
    ra = "ra"


class Kind(enum.StrEnum):
    auto = "auto"
    resolution = "resolution"
    doc = "doc"


def register(app: typer.Typer) -> None:
    _register_import(app)
    register_proposal(app)


def _register_import(app: typer.Typer) -> None:
    @app.command("import")
    @writes(output="xml")
    def import_(
        source: Annotated[
            Path, typer.Argument(exists=True, dir_okay=False, help="A .txt, .docx or .html file.")
        ],
        output: Annotated[
            Path, typer.Option("-o", "--output", help="Where to write the XML ('-' for stdout).")
        ],
        lang: Annotated[Lang | None, typer.Option("--lang", help="Language (default: detected).")] = None,
        body: Annotated[
            Body | None,
            typer.Option(
                "--body",
                help="Adopted by: the Plenipotentiary Conference, the Council, WTDC, WTSA or the "
                "Radiocommunication Assembly (default: from the heading and the enacting formula).",
            ),
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
                f"{result.placed} placed, {result.unplaced} unplaced"
                + (f", {result.skipped} skipped" if result.skipped else "")
                + f"; {len(result.issues)} issue(s)"
                + ("" if str(output) == "-" else f"; wrote {output}"),
                markup=False,
                highlight=False,
            )

    @app.command("export")
    @writes(output="text")
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


def register_proposal(app: typer.Typer) -> None:
    @app.command("import-proposal")
    @writes(output="xml")
    def import_proposal(
        source: Annotated[
            Path, typer.Argument(exists=True, dir_okay=False, help="The proposal: .docx (or .html, .txt).")
        ],
        base: Annotated[
            Path, typer.Option("--base", exists=True, dir_okay=False, help="The resolution it amends.")
        ],
        proposal_id: Annotated[
            str,
            typer.Option(
                "--id",
                help="Proposal number, e.g. RCC/13; used where the document numbers no change.",
                callback=check_proposal_id,
            ),
        ],
        by: Annotated[str, typer.Option("--by", help="Submitters: ISO codes, comma-separated; CODE=Name.")],
        output: Annotated[
            Path, typer.Option("-o", "--output", help="Where to write the XML ('-' for stdout).")
        ],
        document: Annotated[
            str, typer.Option("--document", help="Source document, e.g. WG-WSIS-32/13.")
        ] = "",
        date: Annotated[
            str | None, typer.Option("--date", help="Submission date (default: today).", callback=check_date)
        ] = None,
        lang: Annotated[Lang | None, typer.Option("--lang", help="Language (default: detected).")] = None,
        strict: Annotated[
            bool,
            typer.Option(
                "--strict", help="Fail (exit 4, nothing written) on an unplaced line or a text mismatch."
            ),
        ] = False,
    ) -> None:
        """Turn a Word proposal (revision marks, MOD/ADD/SUP/NOC, Reasons) into an AKN amendment.

        Insertions are tracked insertions or underlined text, deletions tracked deletions or
        struck-through text. Text shown as unchanged that differs from the base is reported.

        Example: resdraft import-proposal rcc.docx --base resolutions/res-140.xml --id RCC/13 --by RUS,ARM -o rcc.xml
        """
        with translate_errors():
            import datetime as dt

            from ..errors import InvalidDocumentError
            from ..importer.proposal import import_proposal as run
            from ..model import Resolution
            from ..propose import ProposalMeta
            from ..render.terminal import issues_table, make_console
            from ..write import to_bytes
            from ._io import emit

            meta = ProposalMeta(
                proposal_id, parse_submitters(by), date or dt.date.today().isoformat(), document
            )
            result = run(source, Resolution.load(base), meta, lang.value if lang else None)
            problems = tuple(i for i in result.issues if i.severity in ("error", "warning"))
            if strict and problems:
                raise InvalidDocumentError(
                    f"{len(problems)} problem(s) with --strict: nothing written",
                    problems,
                    source=source,
                    hint="check the base revision and the lines listed, or drop --strict",
                )
            emit(to_bytes(result.tree.getroot()), output)
            err = make_console(stderr=True)
            if result.issues:
                err.print(issues_table(result.issues))
            err.print(
                f"imported {result.changes} change(s) from {source.name}; {result.mismatches} text "
                f"mismatch(es) with the base; {len(result.issues)} issue(s)"
                + ("" if str(output) == "-" else f"; wrote {output}"),
                markup=False,
                highlight=False,
            )
