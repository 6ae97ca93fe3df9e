"""Shared CLI plumbing: loading inputs, choosing output formats, writing files atomically."""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..model import ProposalDoc, Resolution


class RedlineFormat(enum.StrEnum):
    terminal = "terminal"
    json = "json"
    xml = "xml"


def load_inputs(resolution: Path, proposals: Sequence[Path]) -> tuple[Resolution, list[ProposalDoc]]:
    from ..model import ProposalDoc, Resolution

    return Resolution.load(resolution), [ProposalDoc.load(p) for p in proposals]


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
    import io

    buf = io.StringIO()
    console = make_console(width=100)
    console.file = buf
    console.no_color = True
    console.print(renderable)
    emit("\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n", output)
