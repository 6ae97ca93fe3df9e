"""``resdraft apply`` and ``resdraft redline``: proposals applied to a resolution."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._errors import translate_errors
from ._io import RedlineFormat, TextFormat, check_date, pick_format

if TYPE_CHECKING:
    from ..model import Change, Document
    from ..redline import Redline

RES = typer.Argument(exists=True, help="The resolution (AKN statement), or a folder of resolutions.")
ONE_RES = typer.Argument(exists=True, dir_okay=False, help="The resolution (AKN statement).")
PROPS = typer.Argument(
    exists=True, dir_okay=False, help="Proposal documents (AKN amendment), applied in order."
)
FORMAT = typer.Option(
    "--format",
    "-f",
    help="terminal (default), text, json, xml (AKN with ins/del), docx (Word tracked changes), html "
    "or md (CriticMarkup); -o FILE.docx/.html/.md chooses it too.",
)
DATE = typer.Option(
    "--date", help="Date of the new Expression (default: the latest proposal's date).", callback=check_date
)


def register(app: typer.Typer) -> None:
    @app.command()
    def apply(
        resolution: Annotated[Path, RES],
        proposals: Annotated[list[Path], PROPS],
        output: Annotated[
            Path,
            typer.Option(
                "-o",
                "--output",
                help="Where to write the consolidated text ('-' for stdout); with a folder of "
                "resolutions, the folder for the results (made if it does not exist).",
            ),
        ],
        date: Annotated[str | None, DATE] = None,
        fmt: Annotated[
            TextFormat | None,
            typer.Option(
                "--format",
                "-f",
                help="xml (AKN, the default), docx (Word, ITU layout), html, md or text; "
                "-o FILE.docx/.html/.md chooses it too.",
            ),
        ] = None,
    ) -> None:
        """Apply proposals (MOD, ADD, SUP, NOC) and write the consolidated text.

        The result is a new Expression of the same resolution, with renumbering (former eIds
        kept in wId), lifecycle events and passive modifications. Nothing is written if any
        proposal cannot be applied (exit code 5). With --format docx, html, md or text the
        consolidated text is written for reading instead of as Akoma Ntoso.

        With a folder of resolutions, each proposal goes to the resolution whose FRBR Work it
        amends, the resolutions spread over the cores, and -o names the folder for the results
        (written only if all apply).

        \b
        Examples:
          resdraft apply resolutions/res-140.xml proposals/rcc-140.xml -o res-140-2018.xml
          resdraft apply resolutions/ proposals/rcc-*.xml -o consolidated/
        """
        chosen = pick_format(fmt, output, TextFormat.xml)
        if chosen == TextFormat.terminal:
            chosen = TextFormat.text
        if resolution.is_dir() and chosen != TextFormat.xml:
            raise typer.BadParameter(
                f"with a folder of resolutions apply writes Akoma Ntoso XML, not {(fmt or chosen).value}; "
                "render a result with `resdraft show FILE -f docx -o FILE.docx`",
                param_hint="--format",
            )
        with translate_errors():
            from ..consolidate import consolidate
            from ..render.terminal import counted, make_console
            from .show import write_text

            if resolution.is_dir():
                _apply_folder(resolution, proposals, output, date)
                return
            c = consolidate(resolution, proposals, date)
            write_text(c.result, chosen, output)
            if str(output) != "-":
                counts: dict[str, int] = {}
                for ch in c.changes:
                    counts[ch.action] = counts.get(ch.action, 0) + 1
                summary = ", ".join(f"{n} {a}" for a, n in sorted(counts.items()))
                make_console(stderr=True).print(
                    f"applied {counted(len(c.changes), 'change')} ({summary}) from "
                    f"{counted(len(c.proposals), 'proposal document')}; wrote {output} ({c.result.expression})",
                    markup=False,
                    highlight=False,
                )

    @app.command()
    def redline(
        resolution: Annotated[Path, ONE_RES],
        proposals: Annotated[list[Path], PROPS],
        fmt: Annotated[RedlineFormat | None, FORMAT] = None,
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
        appear in square brackets, each with its proposer. Insertions are underlined, deletions
        struck through, each in its proposer's colour; without colour (NO_COLOR, or output not a terminal) marks are {+inserted+} and
        {-deleted-} followed by the proposer. The margin gives the ITU action and proposal.
        -o FILE.docx writes Word tracked changes (one author per proposal, actions and Reasons
        as comments); .html a self-contained page; .md CriticMarkup.

        Example: resdraft redline resolutions/res-140.xml proposals/rcc-140.xml proposals/chn-140.xml -o redline.docx
        """
        chosen = redline_format(fmt, output, changes_only)
        with translate_errors():
            from ..attributed import redline_merge
            from ..consolidate import load_inputs
            from ..merge import merge_proposals

            base, docs = load_inputs(resolution, proposals)
            m = merge_proposals(base, docs, date=date)
            changes = tuple(ch for d in docs for ch in d.changes)
            write_redline(redline_merge(m), chosen, output, changes_only, base, m.draft, changes)


def redline_format(
    fmt: RedlineFormat | None, output: Path | None, changes_only: bool, *, folders: bool = False
) -> RedlineFormat:
    """The output format; usage errors (exit 2) before any work is done. With ``folders`` a
    redline per resolution goes into the folder -o names, so no file name is needed here."""
    chosen = (fmt or RedlineFormat.html) if folders else pick_format(fmt, output, RedlineFormat.terminal)
    if chosen == RedlineFormat.docx and changes_only:
        raise typer.BadParameter(
            "a Word redline holds the whole text, so that Accept All gives the new text; "
            "use --format html or md for the changes only",
            param_hint="'--changes-only'",
        )
    return chosen


def write_redline(
    r: Redline,
    fmt: RedlineFormat,
    output: Path | None,
    changes_only: bool,
    old: Document,
    new: Document,
    changes: Sequence[Change] = (),
) -> None:
    """Shared by ``redline`` and ``diff``: one redline, every format. ``changes`` (the applied
    proposals) gives the ITU action and Reasons of each change where the format shows them."""
    from ._io import emit, plain_output, render_to

    if fmt in (RedlineFormat.terminal, RedlineFormat.text) and (output is None or str(output) == "-"):
        from ..render.terminal import RedlineView

        plain = fmt == RedlineFormat.text or plain_output()
        render_to(RedlineView(r, plain=plain, changes_only=changes_only), output, plain=plain)
        return
    from ..render.product import redline_product

    emit(redline_product(r, fmt.value, old, new, changes, changes_only=changes_only), output)


def _apply_folder(folder: Path, proposals: list[Path], out_dir: Path, date: str | None) -> None:
    """Apply each proposal to the resolution of the folder it targets (by FRBR Work), on every
    core; all or nothing: every consolidation is computed and validated before any is written."""
    from ..consolidate import consolidate_folder
    from ..errors import InputError
    from ..render.terminal import counted, make_console
    from ._io import folder_to_make, progress_bar, write_results

    make_dir = folder_to_make(out_dir)  # -o consolidated/: made once every proposal applies
    if not (out_dir.is_dir() or make_dir):
        raise InputError(f"{out_dir} is not a folder", hint="with a folder of resolutions, -o names a folder")
    with progress_bar("applying") as tick:
        results = consolidate_folder(folder, proposals, date=date, progress=tick)
    files = {Path(r.resolution).name: r.xml for r in results}
    write_results(out_dir, files, make=make_dir)
    changes = sum(r.changes for r in results)
    make_console(stderr=True).print(
        f"applied {counted(changes, 'change')} from {counted(len(proposals), 'proposal document')} "
        f"to {counted(len(results), 'resolution')} of {folder}; wrote them to {out_dir}",
        markup=False,
        highlight=False,
    )
