"""Shared CLI plumbing: loading inputs, choosing output formats, writing files atomically."""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from rich.console import RenderableType

F = TypeVar("F", bound=enum.StrEnum)


class RedlineFormat(enum.StrEnum):
    terminal = "terminal"
    text = "text"
    json = "json"
    xml = "xml"
    docx = "docx"
    html = "html"
    md = "md"


class TextFormat(enum.StrEnum):
    """Formats for one text (show, apply)."""

    terminal = "terminal"
    text = "text"
    xml = "xml"
    docx = "docx"
    html = "html"
    md = "md"


# -o FILE.docx (and .html, .md) chooses the format when --format is not given
SUFFIX_FORMATS = {".docx": "docx", ".html": "html", ".htm": "html", ".md": "md"}
_FILE_SUFFIXES = frozenset({*SUFFIX_FORMATS, ".json", ".txt", ".xml"})


def counted(n: int, noun: str) -> str:
    """A count with its noun, as folder commands report them: "1 resolution", "2 resolutions"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def folder_to_make(output: Path) -> bool:
    """Whether ``-o`` names a folder to be made (for a folder of results), once the work has
    succeeded: nothing is there yet, not even a broken link, it is not ``-`` (stdout), and its
    suffix is none of a file's that resdraft writes (``redlines``, ``final-acts.2018``; not
    ``summary.json``). One whose parent folder does not exist is refused now, before any work."""
    from ..errors import InputError

    if str(output) == "-" or os.path.lexists(output) or output.suffix.lower() in _FILE_SUFFIXES:
        return False
    if not output.parent.is_dir():
        raise InputError("cannot make this folder: its parent folder does not exist", source=output,
                         hint=f"mkdir -p {output}")  # fmt: skip
    return True


def pick_format(fmt: F | None, output: Path | None, default: F) -> F:
    """The format asked for, else the one the output file's suffix names, else ``default``.

    Call it before ``translate_errors``: a binary format without -o FILE is a usage error (2).
    """
    import typer

    kind = type(default)
    if fmt is None:
        by_suffix = SUFFIX_FORMATS.get(output.suffix.lower(), "") if output is not None else ""
        fmt = kind(by_suffix) if by_suffix in kind.__members__ else default
    if fmt == "docx" and (output is None or str(output) == "-"):
        raise typer.BadParameter(
            "a Word document is binary: give a file, e.g. -o redline.docx", param_hint="'-o'"
        )
    return fmt


def plain_output() -> bool:
    """Plain {+ +} markers when colour is off: NO_COLOR, TERM=dumb, or not a terminal."""
    if os.environ.get("NO_COLOR"):
        return True
    if os.environ.get("FORCE_COLOR"):
        return False
    return not sys.stdout.isatty() or os.environ.get("TERM") == "dumb"


def emit(data: bytes | str, output: Path | None) -> None:
    """Write the product to a file (atomically) or to stdout."""
    from ..write import write_atomic

    if output is None or str(output) == "-":
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            sys.stdout.write(data)
        return
    write_atomic(output, data)


def render_to(renderable: RenderableType, output: Path | None, *, plain: bool) -> None:
    """Print a rich renderable to the terminal, or to a file as plain text."""
    from ..render.terminal import make_console

    if output is None or str(output) == "-":
        console = make_console()
        if plain:
            console.no_color = True
        console.print(renderable)
        return
    from ..render.terminal import plain_text

    emit(plain_text(renderable), output)


def check_date(value: str | None) -> str | None:
    """Option callback: an ISO date (YYYY-MM-DD), as FRBR dates must be."""
    import datetime as dt

    import typer

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date in the form YYYY-MM-DD") from None


def check_proposal_id(value: str) -> str:
    """Option callback: an ITU proposal number such as RCC/13, RCC/13A1 or RCC/13/5."""
    import re

    import typer

    if not re.fullmatch(r"[A-Z]{2,6}/[0-9]+(\(Rev\.[0-9]+\))?(A[0-9]+)?(/[0-9]+)?", value):
        raise typer.BadParameter(
            f"'{value}' is not an ITU proposal number; use GROUP/DOC or GROUP/DOC/N, e.g. RCC/13 or CHN/14/1"
        )
    return value


def parse_submitters(by: str) -> tuple[tuple[str, str], ...]:
    """``--by RUS,ARM`` or ``--by 'RUS=Russian Federation'``: (code, name) pairs."""
    from ..errors import InputError

    subs = []
    for part in filter(None, (p.strip() for p in by.split(","))):
        code, _, name = part.partition("=")
        if not code.isalpha() or len(code) != 3:
            raise InputError(
                f"submitter '{code}' is not a three-letter ISO code",
                hint="use e.g. --by RUS,ARM or --by 'RUS=Russian Federation'",
            )
        subs.append((code.upper(), name or code.upper()))
    if not subs:
        raise InputError("--by names no submitter", hint="use e.g. --by RUS,ARM")
    return tuple(subs)


@contextmanager
def progress_bar(what: str) -> Iterator[Callable[[int, int], None]]:
    """A transient progress bar on stderr, shown only on a terminal, for the folder commands:
    yields the ``progress(done, total)`` callback the core calls after each file."""
    from rich.progress import Progress

    from ..render.terminal import make_console

    with Progress(console=make_console(stderr=True), transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task(what, total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield tick
