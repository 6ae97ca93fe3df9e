"""``resdraft review``: a terminal review session, a scripted one (--decisions), and --finish."""

from __future__ import annotations

import datetime as dt
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._errors import translate_errors
from ._io import check_date, emit, writes

if TYPE_CHECKING:
    from ..session import Review, Session

FILE = {"exists": True, "dir_okay": False}


def _open(session: Path | None, resolution: Path | None, proposals: list[Path]) -> Session:
    """Reopen the session file, or begin one on the texts given (validated first)."""
    from ..errors import InputError, UsageError
    from ..session import begin, load_session, save_session

    if session is None:
        if resolution is None:
            raise UsageError("give the resolution and proposals, or --session FILE")
        session = Path(f"{resolution.stem}.review.json")
    if session.exists():
        s = load_session(session)
        given = [p.resolve() for p in ([resolution] if resolution else []) + proposals]
        held = [s.file(f).resolve() for f in (s.resolution, *s.proposals)]
        if given and given != held:
            raise InputError(f"{session} reviews {', '.join(map(str, held))}", source=session,
                             hint="omit the files to resume it, or give another --session")  # fmt: skip
        return s
    if resolution is None or not proposals:
        raise UsageError(
            f"{session} does not exist yet", hint="give the resolution and the proposals to begin it"
        )
    from ..consolidate import load_inputs
    from ..validate import assert_valid

    base, docs = load_inputs(resolution, proposals)
    assert_valid(base, what=str(resolution))
    for d in docs:
        assert_valid(d, what=d.source, base=base)
    s = begin(session, resolution, proposals)
    save_session(s)
    return s


def register(app: typer.Typer) -> None:
    @app.command()
    @writes(output="xml", report="json", export="text")
    def review(
        resolution: Annotated[Path | None, typer.Argument(**FILE, help="The resolution (to begin).")] = None,
        proposals: Annotated[list[Path] | None, typer.Argument(**FILE, help="Proposal documents.")] = None,
        session: Annotated[
            Path | None, typer.Option("--session", help="Session file (default RESOLUTION.review.json).")
        ] = None,
        reviewer: Annotated[
            str | None, typer.Option("--reviewer", help="Who decides (default: login name).")
        ] = None,
        decisions: Annotated[
            Path | None, typer.Option("--decisions", **FILE, help="Take the decisions in FILE, no screen.")
        ] = None,
        finish: Annotated[
            bool, typer.Option("--finish", help="Write the text the decisions give (-o).")
        ] = False,
        output: Annotated[
            Path | None, typer.Option("-o", "--output", help="--finish: the draft (AKN).")
        ] = None,
        report: Annotated[Path | None, typer.Option("--report", help="--finish: the report as JSON.")] = None,
        export: Annotated[
            Path | None, typer.Option("--export-decisions", help="Write the decisions as a --decisions file.")
        ] = None,
        date: Annotated[
            str | None, typer.Option("--date", help="--finish: date of the draft.", callback=check_date)
        ] = None,
        force: Annotated[
            bool, typer.Option("--force", help="--finish even if the texts changed since.")
        ] = False,
        allow_conflicts: Annotated[
            bool, typer.Option("--allow-conflicts", help="Exit 0 even if brackets remain.")
        ] = False,
    ) -> None:
        """Review proposals change by change in a full-screen terminal, keeping every decision.

        Keys: a accept, r reject, b keep in brackets, e edit the agreed text, n note, u undo,
        / search, p and s filter by proposer and state, ? help. Each decision is written to the
        session file at once (who, when, note); reopening it resumes where you stopped. With
        --decisions FILE, lines such as 'RCC/13/5 accept', 'CHN/14/6 reject', 'CHN/14/5 bracket',
        'RCC/13/2 edit AGREED TEXT' and 'RCC/13/8 note TEXT' are taken without a screen.
        --finish writes the draft: rejected changes left out, accepted and edited ones in,
        conflicts and undecided changes in square brackets for `resdraft resolve`. Exit code 1 if
        brackets remain (the draft is still written), unless --allow-conflicts.

        Example: resdraft review resolutions/res-140.xml proposals/rcc-140.xml proposals/chn-140.xml --session wsis.json
        """
        with translate_errors():
            from ..errors import UsageError
            from ..render.terminal import make_console
            from ..session import Review, apply_lines, decision_lines, save_session

            interactive = not finish and decisions is None and export is None
            if interactive and not (sys.stdin.isatty() and sys.stdout.isatty()):
                raise UsageError("review needs a terminal", hint="use --decisions FILE to decide without one")
            s = _open(session, resolution, proposals or [])
            who = reviewer or getpass.getuser()
            rev = Review.load(s)
            err = make_console(stderr=True)
            if decisions is not None:
                s = apply_lines(s, rev, decisions.read_text(encoding="utf-8-sig"), who, str(decisions))
                save_session(s)
                err.print(f"{s.path}: {len(s.active())} decisions", markup=False, highlight=False)
            if export is not None:
                emit(decision_lines(s), export)
            if interactive:
                from ..review.app import ReviewApp
                from ..review.controller import Controller

                ReviewApp(Controller(s, rev, who)).run()
                err.print(f"session saved in {s.path}", markup=False, highlight=False)
                return
            if not finish:
                return
            if output is None:
                raise UsageError("--finish needs -o OUT", hint="e.g. -o draft.xml")
            if _finish(s, rev, output, report, date, force) and not allow_conflicts:
                raise typer.Exit(1)


def _finish(s: Session, rev: Review, output: Path, report: Path | None, date: str | None, force: bool) -> int:
    """Write the draft (and the JSON report), print the report; return how many brackets remain."""
    from ..agreed import finish, report_dict
    from ..brackets import is_clean
    from ..errors import InvalidDocumentError
    from ..model import Document
    from ..render.json import to_json
    from ..render.terminal import make_console
    from ..review.report import report_view
    from ..session import drift
    from ..validate import assert_valid, schema_issues
    from ..write import to_bytes

    out = finish(s, rev, date=date or dt.date.today().isoformat(), force=force)
    if is_clean(out.draft):
        assert_valid(out.draft, what="the agreed text")
    else:
        issues = schema_issues(Document(out.draft.tree, "<draft>"))
        if issues:
            raise InvalidDocumentError("the reviewed draft is not valid", tuple(issues))
    emit(to_bytes(out.draft.root), output)
    found = drift(s, rev)
    if report is not None:
        emit(to_json(report_dict(s, out, found)), report)
    make_console().print(report_view(s, out, found))
    return len(out.brackets)
