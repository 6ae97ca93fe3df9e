"""The one place where exceptions become exit codes and messages on stderr."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from ..errors import InvalidDocumentError, ResdraftError


@contextmanager
def translate_errors() -> Iterator[None]:
    """0 ok, 1 differences (--check), 2 usage, 3 input, 4 invalid, 5 amendment, 70 internal."""
    from ..render.terminal import issues_table, make_console

    try:
        yield
    except (typer.Exit, typer.Abort):
        raise
    except ResdraftError as exc:
        err = make_console(stderr=True)
        err.print(f"error: {exc}", markup=False, highlight=False)
        if isinstance(exc, InvalidDocumentError) and exc.issues:
            err.print(issues_table(exc.issues[:50]))
            if len(exc.issues) > 50:
                err.print(f"... and {len(exc.issues) - 50} more", markup=False)
        if exc.hint:
            err.print(f"hint: {exc.hint}", markup=False, highlight=False)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    except Exception as exc:
        if os.environ.get("RESDRAFT_DEBUG"):
            raise
        err = make_console(stderr=True)
        err.print(f"internal error: {type(exc).__name__}: {exc}", markup=False, highlight=False)
        err.print(
            "hint: this is a bug in resdraft; rerun with RESDRAFT_DEBUG=1 for a traceback", markup=False
        )
        raise typer.Exit(70) from None
