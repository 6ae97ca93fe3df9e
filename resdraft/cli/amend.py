"""``resdraft apply`` and ``resdraft redline``: proposals applied to a resolution."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._errors import translate_errors
from ._io import RedlineFormat, check_date

if TYPE_CHECKING:
    from ..amend import Consolidation

RES = typer.Argument(exists=True, dir_okay=False, help="The resolution (AKN statement).")
PROPS = typer.Argument(
    exists=True, dir_okay=False, help="Proposal documents (AKN amendment), applied in order."
)
DATE = typer.Option(
    "--date", help="Date of the new Expression (default: the latest proposal's date).", callback=check_date
)


def consolidate(resolution: Path, proposals: list[Path], date: str | None) -> Consolidation:
    """Validate the inputs, apply, and validate the result: nothing invalid leaves the core."""
    from ..amend import apply_proposals
    from ..validate import assert_valid
    from ._io import load_inputs

    base, docs = load_inputs(resolution, proposals)
    assert_valid(base, what=str(resolution))
    for d in docs:
        # targets are checked by apply itself, which names the proposal id (exit 5)
        assert_valid(d, what=d.source)
    result = apply_proposals(base, docs, date=date)
    assert_valid(result.result, what="the consolidated text")
    return result


def register(app: typer.Typer) -> None:
    @app.command()
    def apply(
        resolution: Annotated[Path, RES],
        proposals: Annotated[list[Path], PROPS],
        output: Annotated[
            Path,
            typer.Option("-o", "--output", help="Where to write the consolidated text ('-' for stdout)."),
        ],
        date: Annotated[str | None, DATE] = None,
    ) -> None:
        """Apply proposals (MOD, ADD, SUP, NOC) and write the consolidated text.

        The result is a new Expression of the same resolution, with renumbering (former eIds
        kept in wId), lifecycle events and passive modifications. Nothing is written if any
        proposal cannot be applied (exit code 5).

        Example: resdraft apply resolutions/res-140.xml proposals/rcc-140.xml proposals/chn-140.xml -o res-140-2018.xml
        """
        with translate_errors():
            from ..render.terminal import make_console
            from ..write import to_bytes
            from ._io import emit

            c = consolidate(resolution, proposals, date)
            emit(to_bytes(c.result.root), output)
            if str(output) != "-":
                counts: dict[str, int] = {}
                for ch in c.changes:
                    counts[ch.action] = counts.get(ch.action, 0) + 1
                summary = ", ".join(f"{n} {a}" for a, n in sorted(counts.items()))
                make_console(stderr=True).print(
                    f"applied {len(c.changes)} changes ({summary}) from {len(c.proposals)} proposal "
                    f"documents; wrote {output} ({c.result.expression})",
                    markup=False,
                    highlight=False,
                )

    @app.command()
    def redline(
        resolution: Annotated[Path, RES],
        proposals: Annotated[list[Path], PROPS],
        fmt: Annotated[
            RedlineFormat, typer.Option("--format", "-f", help="terminal, json or xml (AKN with ins/del).")
        ] = RedlineFormat.terminal,
        output: Annotated[
            Path | None, typer.Option("-o", "--output", help="Write to a file instead of stdout.")
        ] = None,
        changes_only: Annotated[
            bool, typer.Option("--changes-only", help="Only provisions that change.")
        ] = False,
        date: Annotated[str | None, DATE] = None,
    ) -> None:
        """Show the resolution with the proposals applied as word-level revision marks.

        Proposals are merged as `resdraft merge` does: where they conflict, the alternatives
        appear in square brackets, each with its proposer. Insertions are underlined, deletions struck through, each in its proposer's colour;
        without colour (NO_COLOR, or output not a terminal) marks are {+inserted+} and
        {-deleted-} followed by the proposer. The margin gives the ITU action and proposal.

        Example: resdraft redline resolutions/res-140.xml proposals/rcc-140.xml proposals/chn-140.xml
        """
        with translate_errors():
            from ..merge import merge_proposals
            from ..redline import redline_merge
            from ..validate import assert_valid
            from ._io import load_inputs

            base, docs = load_inputs(resolution, proposals)
            assert_valid(base, what=str(resolution))
            for d in docs:
                assert_valid(d, what=d.source)
            m = merge_proposals(base, docs, date=date)
            write_redline(redline_merge(m), fmt, output, changes_only, base, m.draft)


def write_redline(r, fmt, output, changes_only, old, new) -> None:  # type: ignore[no-untyped-def]
    """Shared by ``redline`` and ``diff``: one redline, three formats."""
    from ._io import emit, plain_output, render_to

    if fmt == RedlineFormat.json:
        from ..render.json import redline_dict, to_json

        emit(to_json(redline_dict(r, changes_only=changes_only)), output)
    elif fmt == RedlineFormat.xml:
        from lxml import etree

        from ..akn_redline import redline_document
        from ..errors import InvalidDocumentError
        from ..model import Document
        from ..validate import schema_issues
        from ..write import to_bytes

        root = redline_document(new, old, r)
        # a redline is a presentation of two texts at once: only the official schema applies
        issues = schema_issues(Document(etree.ElementTree(root), "<redline>"))
        if issues:
            raise InvalidDocumentError("the AKN redline is not valid", tuple(issues))
        emit(to_bytes(root), output)
    else:
        from ..render.terminal import RedlineView

        plain = output is not None or plain_output()
        render_to(RedlineView(r, plain=plain, changes_only=changes_only), output, plain=plain)
