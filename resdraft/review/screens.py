"""Modal screens: help, agreed-text editor, note, search, and the warning about changed files."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

from ..session import Drift

KEYS = (
    ("Deciding", ""),
    ("a / r / b", "accept / reject (left out) / keep in square brackets"),
    ("e / E", "write the agreed text, here / in $VISUAL or $EDITOR"),
    ("n / u", "add a note / undo the last decision (the journal keeps it)"),
    ("Moving", ""),
    ("↓ ↑ j k", "next / previous change · space: next not yet decided"),
    ("PgDn PgUp", "scroll the details"),
    ("Finding", ""),
    ("/", "search the text, Reasons and notes"),
    ("p / s", "one proposer / one state (again: the next) · esc: all"),
    ("Marks", ""),
    ("· ✓ ✗ [] ✎", "pending, accepted, rejected, in brackets, edited"),
    ("⇄ ! ✉", "conflict; decided on a text changed since; note"),
    ("? / q", "this help / quit (every decision is already saved)"),
)


class _Modal(ModalScreen[str | None]):
    DEFAULT_CSS = """
    _Modal { align: center middle; }
    _Modal > Vertical { width: 90%; max-width: 100; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1; }
    _Modal .hint { color: $text-muted; }
    _Modal VerticalScroll { height: auto; max-height: 30; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", priority=True)]

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(_Modal):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,enter", "cancel", "Close", priority=True)
    ]

    def compose(self) -> ComposeResult:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column(ratio=1)
        for key, what in KEYS:
            if key and not what:
                grid.add_row(Text(key, style="bold italic"), "")
            else:
                grid.add_row(Text(key), Text(what))
        after = Text(
            "\nEach decision is written to the session file at once, with who and when. Afterwards: "
            "resdraft review --finish --session FILE -o draft.xml",
            style="dim",
        )
        with Vertical() as v:
            v.border_title = "Keys · esc closes"
            yield VerticalScroll(Static(grid), Static(after))


class EditScreen(_Modal):
    """The agreed text of a provision; ctrl+s keeps it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", priority=True),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]
    DEFAULT_CSS = "EditScreen TextArea { height: 12; }"

    def __init__(self, title: str, text: str, paragraphs: int) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.paragraphs = paragraphs

    def compose(self) -> ComposeResult:
        with Vertical() as v:
            v.border_title = "Agreed text"
            yield Static(Text(self.title_text, style="bold"))
            hint = "ctrl+s keeps this text · esc cancels · the number is kept"
            if self.paragraphs > 1:
                hint = f"{self.paragraphs} paragraphs (one per provision), blank lines between · " + hint
            yield Static(Text(hint), classes="hint")
            yield TextArea(self.text, soft_wrap=True, id="agreed")

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)


class LineScreen(_Modal):
    """One line of input: a note or a search."""

    def __init__(self, title: str, hint: str, value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.hint = hint
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical() as v:
            v.border_title = self.title_text
            yield Static(Text(self.hint), classes="hint")
            yield Input(self.value, id="line")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class DriftScreen(_Modal):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,space", "cancel", "Continue", priority=True)
    ]

    def __init__(self, drift: Drift) -> None:
        super().__init__()
        self.drift = drift

    def compose(self) -> ComposeResult:
        t = Text()
        t.append("These files changed since the session began:\n", style="bold")
        for f in self.drift.files:
            t.append(f"  {f}\n")
        if self.drift.affected:
            n = len(self.drift.affected)
            said = "1 decision was" if n == 1 else f"{n} decisions were"
            t.append(f"\n{said} taken on the earlier text:\n", style="bold")
            for d, why in self.drift.affected:
                t.append(f"  ! {d.change} {d.verb} ({d.who}): ", style="bold red")
                t.append(why + "\n")
            t.append("\nThey are marked ! in the list; decide them again. ")
        else:
            t.append("\nNo decision taken so far is affected. ")
        t.append("Press Enter to continue.", style="dim")
        with Vertical() as v:
            v.border_title = "The texts have changed"
            yield VerticalScroll(Static(t))
