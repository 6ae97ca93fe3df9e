"""Shared CLI plumbing: loading inputs, choosing output formats, writing files atomically."""

from __future__ import annotations

import enum
import functools
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from rich.console import RenderableType

F = TypeVar("F", bound=enum.StrEnum)
R = TypeVar("R")


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


# -o FILE.docx (and .html, .md, .json, .xml, .txt) chooses the format when --format is not given
SUFFIX_FORMATS = {
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".json": "json",
    ".xml": "xml",
    ".txt": "text",
}
_FILE_SUFFIXES = frozenset(SUFFIX_FORMATS)
# the layouts written to a file ask for -o FILE.docx etc.; the rest also go to stdout
FILE_FORMATS = frozenset({"docx", "html", "md"})


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
    """The format asked for, else the one the output file's suffix names (refused if this
    command cannot write it), else ``default``.

    Call it before ``translate_errors``: a binary format without -o FILE is a usage error (2).
    """
    import typer

    kind = type(default)
    if fmt is None:  # an explicit --format is taken whatever the file is called
        by_suffix = SUFFIX_FORMATS.get(output.suffix.lower(), "") if output is not None else ""
        if by_suffix and by_suffix not in kind.__members__:
            known = ", ".join(sorted({x for x, f in SUFFIX_FORMATS.items() if f in kind.__members__}))
            raise typer.BadParameter(f"this command does not write {by_suffix} files; name one of: {known}, "
                                     "or give --format", param_hint="'-o'")  # fmt: skip
        fmt = kind(by_suffix) if by_suffix else default
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


_OUTPUTS = frozenset({"output", "report", "export"})  # the commands' parameters that name outputs
# the running command's file parameters, as (name, path): recorded by ``files_of_command``
_FILES: ContextVar[tuple[tuple[str, Path], ...]] = ContextVar("resdraft_files", default=())


def writes(**formats: str) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Declare the one format each output option of a command writes (``output="xml"``): an
    ``-o`` name that asks for another (``draft.docx``) is refused before any work (exit 2).
    Commands that choose a format from the name instead call ``pick_format``."""

    def mark(command: Callable[..., R]) -> Callable[..., R]:
        command.__dict__["resdraft_writes"] = formats
        return command

    return mark


def files_of_command(command: Callable[..., R]) -> Callable[..., R]:
    """Wrap a command so that the paths it was given are known while it runs: ``check_output``
    compares every output with them. (Typer reads the signature through the wrapper.)"""

    @functools.wraps(command)
    def run(**params: object) -> R:
        files = tuple(
            (name, v)
            for name, value in params.items()
            for v in (value if isinstance(value, list | tuple) else (value,))
            if isinstance(v, Path) and str(v) != "-"
        )
        from ._errors import translate_errors

        token = _FILES.set(files)
        try:
            with translate_errors():  # every output checked before any is written
                for name, path in files:
                    if name in _OUTPUTS:
                        check_output(path)
                        _check_suffix(path, command.__dict__.get("resdraft_writes", {}).get(name))
            return command(**params)
        finally:
            _FILES.reset(token)

    return run


def _check_suffix(output: Path, fmt: str | None) -> None:
    from ..errors import UsageError

    named = SUFFIX_FORMATS.get(output.suffix.lower())
    if fmt and named and named != fmt:
        raise UsageError(f"the name asks for {named}, but this output is {fmt}", source=output,
                         hint=f"name it .{'txt' if fmt == 'text' else fmt}")  # fmt: skip


def check_output(output: Path) -> None:
    """Refuse an output that is one of the running command's input files, or that another of
    its outputs also names: writing it would destroy what was read, or what was just written.
    Every output option is checked before its command runs (``files_of_command``); folder
    commands check each file they are about to write."""
    from ..errors import UsageError
    from ..write import resolved_output as resolved

    if str(output) == "-":
        return
    here = resolved(output)
    named = 0
    for name, path in _FILES.get():
        if name in _OUTPUTS:
            named += resolved(path) == here
        elif path.is_file() and output.exists() and os.path.samefile(path, output):
            raise UsageError("the output is also an input of this command: writing it would destroy it",
                             source=output, hint="choose another output file")  # fmt: skip
        elif path.is_dir() and (here == resolved(path) or (here.parent == resolved(path) and here.exists())):
            raise UsageError("the output is, or would overwrite a file in, a folder this command reads",
                             source=output, hint="choose another output")  # fmt: skip
    if named > 1:
        raise UsageError("two outputs of this command name this same file", source=output,
                         hint="give each output its own file")  # fmt: skip


def write_results(folder: Path, files: Mapping[str, bytes | str], *, make: bool) -> None:
    """A folder command's results (name -> content) into ``folder``, made first if ``make``:
    every file is checked against the inputs before the first is written."""
    from ..write import make_folder, write_files

    for name in files:
        check_output(folder / name)
    if make:
        make_folder(folder)
    write_files(folder, files)


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
    write_atomic(output, data)  # checked against the inputs before the command ran


def render_to(renderable: RenderableType, output: Path | None, *, plain: bool) -> None:
    """Print a rich renderable to the terminal, or to a file as plain text."""
    from ..render.terminal import make_console

    if output is None or str(output) == "-":
        console = make_console()
        if plain:
            console.no_color = True
        if sys.stdout.isatty():
            console.print(renderable)
            return
        with console.capture() as captured:  # piped: the same lines, without the trailing blanks
            console.print(renderable)
        sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
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

    if not re.fullmatch(r"[A-Z]{1,6}/[0-9]+(\(Rev\.[0-9]+\))?(A[0-9]+)?(/[0-9]+)?", value):
        raise typer.BadParameter(
            f"'{value}' is not an ITU proposal number; use GROUP/DOC or GROUP/DOC/N, e.g. RCC/13 or CHN/14/1"
        )
    return value


def parse_submitters(by: str) -> tuple[tuple[str, str], ...]:
    """``--by RUS,ARM`` or ``--by 'RUS=Russian Federation'``: (code, name) pairs."""
    from ..errors import UsageError

    subs = []
    for part in filter(None, (p.strip() for p in by.split(","))):
        code, _, name = part.partition("=")
        if not code.isalpha() or len(code) != 3:
            raise UsageError(
                f"submitter '{code}' is not a three-letter ISO code",
                hint="use e.g. --by RUS,ARM or --by 'RUS=Russian Federation'",
            )
        subs.append((code.upper(), name or code.upper()))
    if not subs:
        raise UsageError("--by names no submitter", hint="use e.g. --by RUS,ARM")
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
