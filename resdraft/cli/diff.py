"""``resdraft diff``: compare two Expressions of a resolution, structure-aware and word-level."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._errors import translate_errors
from ._io import RedlineFormat

DOC = typer.Argument(exists=True, help="A resolution file, or a folder of them (matched by FRBR Work).")


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
            Path | None,
            typer.Option(
                "-o",
                "--output",
                help="Write to a file instead of stdout. With two folders: a folder for the redlines "
                "(made if it does not exist), or a .json/.txt file for the summary.",
            ),
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

        With two folders, resolutions are paired by FRBR Work and diffed on every core; the
        summary says what changed in each. -o FOLDER also writes one word-level redline per
        changed resolution there (--format html by default; docx, md, json, xml or text).

        Examples:

        \b
          resdraft diff resolutions/res-140.xml res-140-2018.xml --changes-only
          resdraft diff final-acts-2014/ final-acts-2018/ -o redlines/
        """
        from .amend import redline_format, write_redline

        chosen = redline_format(fmt, output, changes_only, folders=old.is_dir() or new.is_dir())
        with translate_errors():
            from ..model import Resolution
            from ..redline import diff_documents

            if old.is_dir() or new.is_dir():
                _diff_folders(old, new, fmt, output, check, changes_only)
                return
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


def _diff_folders(
    old: Path, new: Path, fmt: RedlineFormat | None, output: Path | None, check: bool, changes_only: bool
) -> None:
    """Diff two folders of resolutions on every core, with a progress bar on long runs; with
    -o FOLDER, a redline per changed resolution, all written only once all are computed."""
    from ..collection import diff_collections
    from ..errors import UsageError
    from ..render.json import to_json
    from ..render.product import RedlineFiles
    from ..render.terminal import counted, make_console
    from ._io import FILE_FORMATS, SUFFIX_FORMATS, emit, folder_to_make, progress_bar, write_results

    if not (old.is_dir() and new.is_dir()):
        raise UsageError("give two folders, or two files", hint="resdraft diff OLD_DIR NEW_DIR")
    # -o redlines/ (a name with no suffix that does not exist yet) is a folder to make, after
    # the diff has succeeded; -o summary.json or -o summary.txt is a file for the summary
    make_dir = output is not None and folder_to_make(output)
    to_dir = output is not None and (output.is_dir() or make_dir)
    named = SUFFIX_FORMATS.get(output.suffix.lower()) if output is not None else None
    wants_files = fmt in (RedlineFormat.docx, RedlineFormat.html, RedlineFormat.md, RedlineFormat.xml) or (
        fmt is None and named in FILE_FORMATS
    )
    if wants_files and not to_dir:
        raise UsageError("a folder diff writes one redline per resolution, into a folder",
                         source=output, hint="name a folder: -o redlines (made if it does not exist)")  # fmt: skip
    if not to_dir and named == "xml":
        raise UsageError("the summary of a folder diff is text or JSON", source=output,
                         hint="-o summary.txt or -o summary.json; -o FOLDER for the redlines")  # fmt: skip
    render = RedlineFiles((fmt or RedlineFormat.html).value, changes_only) if to_dir else None
    with progress_bar("diffing") as tick:
        result = diff_collections(old, new, progress=tick, render=render, full=not changes_only)
    wrote = ""
    if render is not None and output is not None:
        redlines = {
            Path(d.new).stem + render.suffix: d.redline for d in result.documents if d.redline is not None
        }
        write_results(output, redlines, make=make_dir)
        wrote = f"wrote {counted(len(redlines), 'redline')} ({render.fmt}) to {output}"
        output = None  # the summary goes to stdout
    json_file = fmt is None and output is not None and named == "json"
    if fmt == RedlineFormat.json or json_file:  # -o summary.json is JSON without being told
        data = {
            "documents": [
                {"work": d.work, "old": d.old, "new": d.new, "counts": d.counts,
                 "changes": [{"kind": k, "eId": e, "label": lab} for k, e, lab in d.changes]}
                for d in result.documents
            ],
            "onlyOld": list(result.only_old),
            "onlyNew": list(result.only_new),
        }  # fmt: skip
        emit(to_json(data), output)
    else:
        lines = []
        for d in result.documents:
            c = d.counts
            if d.changes:
                lines.append(f"{Path(d.new).name}: {c['modified']} modified, {c['added']} added, "
                             f"{c['removed']} deleted, {c['renumbered']} renumbered, {c['moved']} moved")  # fmt: skip
        lines += [f"only in {old}: {p}" for p in result.only_old]
        lines += [f"only in {new}: {p}" for p in result.only_new]
        same = sum(1 for d in result.documents if not d.changes)
        lines.append(f"{counted(len(result.documents), 'resolution')} compared, {same} unchanged")
        emit("\n".join(lines) + "\n", output)
    if wrote:
        make_console(stderr=True).print(wrote, markup=False, highlight=False)
    if check and result.changed:
        raise typer.Exit(1)
