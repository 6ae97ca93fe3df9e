"""``resdraft merge``, ``brackets`` and ``resolve``: one negotiation draft from several proposals."""

from __future__ import annotations

import datetime as dt
import getpass
import re
from pathlib import Path
from typing import Annotated

import typer

from ._errors import translate_errors
from ._io import check_date, writes

RES = typer.Argument(exists=True, dir_okay=False, help="The resolution (AKN statement).")
PROPS = typer.Argument(exists=True, dir_okay=False, help="Proposal documents (AKN amendment), any order.")


def _pairs(values: list[str], what: str) -> dict[str, str]:
    from ..errors import UsageError

    out = {}
    for v in values:
        key, sep, val = v.partition("=")
        if not sep or not key.strip():
            raise UsageError(
                f"{what} '{v}' is not EID=VALUE", hint=f"e.g. {what} resolves__para_2__brk_1=RCC"
            )
        out[key.strip()] = val.strip()
    return out


def _decisions_file(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Lines ``EID pick PROPOSER`` or ``EID text AGREED TEXT``.

    A line whose first non-blank character is ``#`` is a comment. On a ``pick`` line a ``#``
    after white space starts a comment too (a proposer's name has neither); a ``text`` line is
    agreed text to its end, ``#`` included, since the words may hold one.
    """
    from ..errors import InputError

    picks: dict[str, str] = {}
    texts: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split(None, 2)
        if len(parts) == 3 and parts[1] == "pick":
            parts[2] = re.split(r"\s#", parts[2], maxsplit=1)[0]
        if len(parts) < 3 or parts[1] not in ("pick", "text") or not parts[2].strip():
            raise InputError(
                f"line {n} is not 'EID pick PROPOSER' or 'EID text AGREED TEXT'", source=path, line=n
            )
        (picks if parts[1] == "pick" else texts)[parts[0]] = parts[2].strip()
    return picks, texts


def register(app: typer.Typer) -> None:
    @app.command()
    @writes(output="xml", report="json")
    def merge(
        resolution: Annotated[Path, RES],
        proposals: Annotated[list[Path], PROPS],
        output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the draft (AKN).")],
        report: Annotated[
            Path | None, typer.Option("--report", help="Also write the report as JSON.")
        ] = None,
        allow_conflicts: Annotated[
            bool, typer.Option("--allow-conflicts", help="Exit 0 even if brackets remain.")
        ] = False,
        date: Annotated[
            str | None, typer.Option("--date", help="Date of the draft.", callback=check_date)
        ] = None,
    ) -> None:
        """Merge proposals into one negotiation draft; conflicts go in attributed square brackets.

        Compatible changes combine (also word-level edits of one provision that do not overlap).
        Overlapping edits, MOD against SUP, two ADDs at one place, and changes inside a provision
        another proposal deletes or restructures (a MOD that adds or removes its sub-provisions)
        become bracketed alternatives: [RCC: ...] [CHN: ...]. The result does not depend
        on the order of the proposals. Exit code 1 if brackets remain (the draft is still written),
        unless --allow-conflicts.

        Example: resdraft merge resolutions/res-140.xml proposals/rcc-140.xml proposals/chn-140.xml -o draft.xml
        """
        with translate_errors():
            from lxml import etree

            from ..consolidate import load_inputs
            from ..errors import InvalidDocumentError
            from ..merge import merge_proposals
            from ..model import Document
            from ..render.json import merge_dict, to_json
            from ..render.negotiation import merge_report_view
            from ..render.terminal import make_console
            from ..validate import schema_issues
            from ..write import to_bytes
            from ._io import emit

            base, docs = load_inputs(resolution, proposals)
            m = merge_proposals(base, docs, date=date)
            issues = schema_issues(Document(etree.ElementTree(m.draft.root), "<draft>"))
            if issues:
                raise InvalidDocumentError("the merged draft is not valid", tuple(issues))
            emit(to_bytes(m.draft.root), output)
            if report is not None:
                emit(to_json(merge_dict(m)), report)
            make_console().print(merge_report_view(m))
            if m.conflicts and not allow_conflicts:
                raise typer.Exit(1)

    @app.command()
    def brackets(
        draft: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A merged draft.")],
        json_out: Annotated[bool, typer.Option("--json", help="As JSON.")] = False,
    ) -> None:
        """List the open square-bracketed alternatives of a draft, with the eIds to resolve them by.

        Example: resdraft brackets draft.xml
        """
        with translate_errors():
            from ..brackets import list_brackets
            from ..model import Resolution
            from ..render.json import brackets_dict, to_json
            from ..render.negotiation import brackets_view
            from ..render.terminal import make_console

            found = list_brackets(Resolution.load(draft))
            if json_out:
                typer.echo(to_json(brackets_dict(found)), nl=False)
            else:
                make_console().print(brackets_view(found))

    @app.command()
    @writes(output="xml")
    def resolve(
        draft: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A merged draft.")],
        output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the result.")],
        pick: Annotated[
            list[str], typer.Option("--pick", help="EID=PROPOSER (or base): keep that alternative.")
        ] = [],  # noqa: B006
        text: Annotated[
            list[str], typer.Option("--text", help="EID=AGREED TEXT: replace the brackets.")
        ] = [],  # noqa: B006
        decisions: Annotated[
            Path | None,
            typer.Option(
                "--decisions",
                exists=True,
                dir_okay=False,
                help="File of 'EID pick PROPOSER' / 'EID text ...' lines; '#' at the start of a line"
                " (or after a space on a pick line) starts a comment.",
            ),
        ] = None,
        by: Annotated[str | None, typer.Option("--by", help="Who decides (default: login name).")] = None,
        date: Annotated[
            str | None, typer.Option("--date", help="Date of the decision.", callback=check_date)
        ] = None,
    ) -> None:
        """Settle brackets: keep one alternative, the base text, or agreed text; record each decision.

        When no brackets remain the result is a clean resolution, validated like any other.

        Example: resdraft resolve draft.xml --pick preamble__noting__rec_b__brk_1=RCC -o draft-2.xml
        """
        with translate_errors():
            from ..brackets import is_clean, list_brackets
            from ..model import Resolution
            from ..render.terminal import make_console
            from ..settle import resolve_brackets
            from ..validate import assert_valid, schema_issues
            from ..write import to_bytes
            from ._io import emit

            picks, texts = _decisions_file(decisions) if decisions else ({}, {})
            picks.update(_pairs(pick, "--pick"))
            texts.update(_pairs(text, "--text"))
            if not picks and not texts:
                from ..errors import UsageError

                raise UsageError(
                    "no decision given", hint="use --pick EID=PROPOSER, --text EID=TEXT or --decisions FILE"
                )
            src = Resolution.load(draft)
            who = by or getpass.getuser()
            result, decided = resolve_brackets(
                src, picks, texts, date=date or dt.date.today().isoformat(), who=who
            )
            if is_clean(result):
                assert_valid(result, what="the resolved text")
            else:
                from ..errors import InvalidDocumentError
                from ..model import Document

                issues = schema_issues(Document(result.tree, "<draft>"))
                if issues:
                    raise InvalidDocumentError("the resolved draft is not valid", tuple(issues))
            emit(to_bytes(result.root), output)
            left = len(list_brackets(result))
            err = make_console(stderr=True)
            for bid, chosen in decided:
                err.print(f"{bid}: kept {chosen}", markup=False, highlight=False)
            err.print(
                f"{left} brackets remain" if left else "no brackets remain: the text is clean", markup=False
            )
