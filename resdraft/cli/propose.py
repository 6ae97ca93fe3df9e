"""``resdraft propose``: author a proposal by editing a copy of the resolution."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from ._errors import translate_errors
from ._io import check_date, check_proposal_id, parse_submitters, writes


def register(app: typer.Typer) -> None:
    @app.command()
    @writes(output="xml")
    def propose(
        base: Annotated[
            Path, typer.Argument(exists=True, dir_okay=False, help="The resolution as in force.")
        ],
        edited: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Your edited copy of it.")],
        proposal_id: Annotated[
            str,
            typer.Option(
                "--id",
                help="Proposal number, e.g. RCC/13 (changes become RCC/13/1, /2 ...).",
                callback=check_proposal_id,
            ),
        ],
        by: Annotated[
            str, typer.Option("--by", help="Submitters: ISO codes, comma-separated; CODE=Name to give names.")
        ],
        output: Annotated[
            Path, typer.Option("-o", "--output", help="Where to write the proposal ('-' for stdout).")
        ],
        document: Annotated[
            str, typer.Option("--document", help="Source document, e.g. WG-WSIS-32/13.")
        ] = "",
        date: Annotated[
            str | None, typer.Option("--date", help="Submission date (default: today).", callback=check_date)
        ] = None,
        reasons: Annotated[str, typer.Option("--reasons", help="Reasons text for every change.")] = "",
    ) -> None:
        """Derive the proposal (MOD/ADD/SUP with revision marks) that turns BASE into EDITED.

        Applying the result to BASE gives EDITED back.

        Example: resdraft propose resolutions/res-140.xml my-res-140.xml --id RCC/13 --by RUS,ARM,KGZ,BLR -o rcc.xml
        """
        with translate_errors():
            from lxml import etree

            from ..errors import InputError
            from ..model import ProposalDoc, Resolution
            from ..propose import ProposalMeta
            from ..propose import propose as derive
            from ..validate import assert_valid
            from ..write import to_bytes
            from ._io import emit

            subs = parse_submitters(by)
            a, b = Resolution.load(base), Resolution.load(edited)
            if a.work != b.work:
                raise InputError(f"this is {b.name}, but the base is {a.name} ({base})", source=edited,
                                 hint="give an edited copy of the base resolution")  # fmt: skip
            assert_valid(a, what=str(base))
            assert_valid(b, what=str(edited))  # a provision it misnumbers would be left out unsaid
            meta = ProposalMeta(
                proposal_id, tuple(subs), date or dt.date.today().isoformat(), document, reasons
            )
            root = derive(a, b, meta)
            assert_valid(
                ProposalDoc(etree.ElementTree(root), "<proposal>"), what="the derived proposal", base=a
            )
            emit(to_bytes(root), output)
