"""``resdraft show``: read a resolution in the terminal, with eIds for drafting proposals."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._errors import translate_errors


def register(app: typer.Typer) -> None:
    @app.command()
    def show(
        resolution: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A resolution file.")],
        ids: Annotated[bool, typer.Option("--ids", help="Show each provision's eId.")] = False,
    ) -> None:
        """Print a resolution as a drafter reads it, optionally with each provision's eId.

        Example: resdraft show resolutions/res-140.xml --ids
        """
        with translate_errors():
            from ..model import Resolution
            from ..render.terminal import show_resolution
            from ._io import plain_output, render_to

            render_to(show_resolution(Resolution.load(resolution), ids=ids), None, plain=plain_output())
