"""resdraft's command line: one module per command group, all errors translated in _errors."""

from __future__ import annotations

import typer

from . import amend, compile, diff, importer, merge, propose, review, show, validate
from ._io import files_of_command

app = typer.Typer(
    name="resdraft",
    help=(
        "Draft, amend, consolidate and redline ITU resolutions held as Akoma Ntoso 3.0.\n\n"
        "Exit codes: 0 ok; 1 differences found (diff --check); 2 usage error; 3 unreadable "
        "input or unwritable output; 4 invalid document; 5 a proposal cannot be applied; 70 "
        "internal error."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
for module in (validate, show, amend, diff, propose, merge, compile, importer, review):
    module.register(app)
for command in app.registered_commands:  # each output is checked against the command's inputs
    if command.callback is not None:
        command.callback = files_of_command(command.callback)


def main() -> None:
    app()
