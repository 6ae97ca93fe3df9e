"""``resdraft review``: go through the proposals change by change and decide.

Left, the changes in the resolution's order under the provision they touch; right, the selected
change: the current text, the proposal's redline and Reasons, the other proposals on the same
provision side by side, and how the provision reads in the draft as decided so far.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ..errors import ResdraftError
from ..session import paragraphs
from .controller import Controller, Item
from .render import Painter
from .screens import DriftScreen, EditScreen, HelpScreen, LineScreen

CSS = """
Screen { layout: vertical; }
#top { height: 1; background: $primary; color: $text; padding: 0 1; }
#main { height: 1fr; }
#changes { width: 34; height: 1fr; border: round $primary; padding: 0; }
#changes:focus { border: round $accent; }
#detail { width: 1fr; height: 1fr; padding: 0 1; }
#detail > Static { height: auto; margin-bottom: 1; }
#d-warn { margin-bottom: 0; }
#compare { height: auto; layout: horizontal; margin-bottom: 1; }
#compare > Static { width: 1fr; height: auto; }
#compare > #d-others { border-left: vkey $primary; padding-left: 1; margin-left: 1; }
#compare.narrow { layout: vertical; }
#compare.narrow > Static { width: 100%; }
#compare.narrow > #d-others { border-left: none; padding-left: 0; margin-left: 0; margin-top: 1; }
#status { height: 1; background: $panel; }
"""


_LIST_MIN = 34
_LIST_FRAME = 4  # the list's border and scroll bar


class ReviewApp(App[None]):
    CSS = CSS
    TITLE = "resdraft review"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "decide('accept')", "Accept"),
        Binding("r", "decide('reject')", "Reject"),
        Binding("b", "decide('bracket')", "Bracket"),
        Binding("e", "edit", "Edit"),
        Binding("E", "external_edit", "$EDITOR", show=False),
        Binding("n", "note", "Note"),
        Binding("u", "undo", "Undo"),
        Binding("slash", "search", "Search"),
        Binding("p", "cycle('proposer')", "Proposer", show=False),
        Binding("s", "cycle('state')", "State", show=False),
        Binding("escape", "clear", "Clear filters", show=False),
        Binding("j", "step(1)", "Next", show=False),
        Binding("k", "step(-1)", "Previous", show=False),
        Binding("space", "next_pending", "Next pending", show=False),
        Binding("pagedown", "scroll(1)", "Scroll", show=False, priority=True),
        Binding("pageup", "scroll(-1)", "Scroll", show=False, priority=True),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, controller: Controller, *, plain: bool | None = None) -> None:
        plain = bool(os.environ.get("NO_COLOR")) if plain is None else plain  # read before Textual pops it
        super().__init__()
        self.ctl = controller
        self.paint = Painter(controller, plain=plain)
        self._building = False
        self._list_cols = 0  # the change list's width, set by _rebuild

    # --- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="top")
        with Horizontal(id="main"):
            yield OptionList(id="changes", markup=False)
            with VerticalScroll(id="detail"):
                yield Static(id="d-title")
                yield Static(id="d-warn")
                yield Static(id="d-base")
                with Horizontal(id="compare"):
                    yield Static(id="d-prop")
                    yield Static(id="d-others")
                yield Static(id="d-draft")
                yield Static(id="d-record")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._rebuild()
        self.query_one("#changes", OptionList).focus()
        if self.ctl.drift.files:
            self.push_screen(DriftScreen(self.ctl.drift))

    def on_resize(self) -> None:
        self.query_one("#compare").set_class(self.size.width < 120, "narrow")
        if self._list_width(self.ctl.visible()) != self._list_cols:  # it follows the screen's
            self._rebuild()

    def _rebuild(self) -> None:
        """Refill the list from the filters, keep the selection, redraw everything."""
        self._building = True
        lst = self.query_one("#changes", OptionList)
        lst.clear_options()
        options: list[Option] = []
        last = None
        visible = self.ctl.visible()
        self._list_cols = self._list_width(visible)
        lst.styles.width = self._list_cols
        inner = self._list_cols - _LIST_FRAME
        for item in visible:
            if (item.entry.eid, item.entry.new, item.label) != last:
                last = (item.entry.eid, item.entry.new, item.label)
                options.append(Option(self.paint.heading(item, inner), disabled=True))
            options.append(Option(self.paint.row(item), id=item.cid))
        if not options:
            options.append(
                Option(Text("No change matches: esc clears the filters.", style="italic"), disabled=True)
            )
        lst.add_options(options)
        lst.border_title = self.paint.filters()
        if visible and self.ctl.selected not in {i.cid for i in visible}:
            self.ctl.select(self.ctl.nearest_visible())
        if self.ctl.selected in {i.cid for i in visible}:
            lst.highlighted = lst.get_option_index(self.ctl.selected or "")
        self._building = False
        self._show()

    def _list_width(self, visible: list[Item]) -> int:
        """Wide enough for the longest provision label, within a third of the screen and
        never under 34 columns (labels longer are cut)."""
        longest = max((len(i.label) for i in visible), default=0) + _LIST_FRAME
        return max(_LIST_MIN, min(longest, self.size.width // 3))

    def _show(self) -> None:
        cid = self.ctl.selected
        shown = cid is not None and cid in {i.cid for i in self.ctl.visible()}
        for w in self.query("#detail > Static, #compare > Static"):
            w.display = shown
        self.query_one("#status", Static).update(self.paint.status())
        self.query_one("#top", Static).update(self.paint.top())
        if not shown or cid is None:
            return
        item = self.ctl.item(cid)
        self.query_one("#d-title", Static).update(self.paint.title(item))
        warn = self.paint.warnings(item)
        self.query_one("#d-warn", Static).update(warn)
        self.query_one("#d-warn").display = bool(warn.plain)
        self.query_one("#d-base", Static).update(self.paint.base(item))
        self.query_one("#d-prop", Static).update(self.paint.proposal(item))
        others = self.ctl.siblings(cid)
        o = Text()
        for k, other in enumerate(others):
            o.append("\n\n" if k else "")
            o.append_text(self.paint.proposal(other, heading="Other proposal"))
        self.query_one("#d-others", Static).update(o)
        self.query_one("#d-others").display = bool(others)
        self.query_one("#d-draft", Static).update(self.paint.draft(item))
        rec = self.paint.record(item)
        self.query_one("#d-record", Static).update(rec)
        self.query_one("#d-record").display = bool(rec.plain)

    def _select(self, cid: str | None) -> None:
        if cid is None:
            return
        self.ctl.select(cid)
        lst = self.query_one("#changes", OptionList)
        self._building = True
        try:
            lst.highlighted = lst.get_option_index(cid)
        finally:
            self._building = False
        self._show()
        self.query_one("#detail").scroll_home(animate=False)

    @on(OptionList.OptionHighlighted, "#changes")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if not self._building and event.option_id and event.option_id != self.ctl.selected:
            self.ctl.select(event.option_id)
            self._show()
            self.query_one("#detail").scroll_home(animate=False)

    # --- actions ---------------------------------------------------------------------------
    def _guard(self, fn: Callable[..., object], *args: object) -> bool:
        """Run an action; a refusal (e.g. an edit with too few paragraphs) becomes a message."""
        try:
            fn(*args)
        except ResdraftError as exc:
            self.notify(exc.message + (f"\n{exc.hint}" if exc.hint else ""), severity="error", markup=False)
            return False
        return True

    def action_decide(self, verb: str) -> None:
        if self.ctl.selected not in {i.cid for i in self.ctl.visible()}:
            return
        following = self.ctl.step(1)
        if self._guard(self.ctl.decide, verb):
            cid = self.ctl.session.decisions[-1].change
            self.notify(f"{cid}: {self.ctl.state(cid).state}", markup=False, timeout=2)
            self._rebuild()
            if following and following != cid and following in {i.cid for i in self.ctl.visible()}:
                self._select(following)

    def _record_text(self, verb: str, text: str | None) -> None:
        if text is not None and text.strip() and self._guard(self.ctl.decide, verb, text):
            self._rebuild()

    def action_edit(self) -> None:
        cid = self.ctl.selected
        if cid is None or cid not in {i.cid for i in self.ctl.visible()}:
            return
        st = self.ctl.state(cid)
        start = st.text if st.state == "edited" and st.text else self.ctl.review.prefill(cid)
        want = len(paragraphs(self.ctl.review.prefill(cid)))
        title = f"{self.ctl.item(cid).label} · {cid}"
        self.push_screen(EditScreen(title, start, want), lambda t: self._record_text("edit", t))

    def action_external_edit(self) -> None:
        cid = self.ctl.selected
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if cid is None:
            return
        if not editor:
            self.notify("Set $EDITOR (or $VISUAL) to edit outside; e edits here.", markup=False)
            return
        st = self.ctl.state(cid)
        start = st.text if st.state == "edited" and st.text else self.ctl.review.prefill(cid)
        fd, name = tempfile.mkstemp(prefix="resdraft-agreed-", suffix=".txt")
        path = Path(name)
        try:
            os.write(fd, start.encode("utf-8"))
            os.close(fd)
            with self.suspend():
                subprocess.run([*shlex.split(editor), str(path)], check=False)
            text = path.read_text(encoding="utf-8")
        except Exception as exc:  # SuspendNotSupported, a missing editor: say so, keep the session
            self.notify(f"cannot run the editor: {exc}", severity="error", markup=False)
            return
        finally:
            path.unlink(missing_ok=True)
        if " ".join(text.split()) != " ".join(start.split()):
            self._record_text("edit", text)

    def action_note(self) -> None:
        cid = self.ctl.selected
        if cid is not None:
            self.push_screen(LineScreen(f"Note on {cid}", "Enter keeps the note · esc cancels"),
                             lambda t: self._record_text("note", t))  # fmt: skip

    def action_undo(self) -> None:
        try:
            undone = self.ctl.undo()
        except ResdraftError as exc:
            self.notify(exc.message, severity="warning", markup=False)
            return
        self.notify(f"undone: {undone.change} {undone.verb} ({undone.who})", markup=False, timeout=2)
        self._rebuild()
        self._select(undone.change)

    def action_search(self) -> None:
        def done(value: str | None) -> None:
            if value is not None:
                self.ctl.set_view(search=value.strip())
                self._rebuild()

        self.push_screen(
            LineScreen(
                "Search",
                "Words of the text, the Reasons or the notes; empty clears",
                self.ctl.session.view.search,
            ),
            done,
        )

    def action_cycle(self, what: str) -> None:
        self.ctl.cycle(what)
        self._rebuild()

    def action_clear(self) -> None:
        self.ctl.set_view(proposer=None, state=None, search="")
        self._rebuild()

    def action_step(self, delta: int) -> None:
        self._select(self.ctl.step(delta))

    def action_next_pending(self) -> None:
        cid = self.ctl.step(1, pending_only=True)
        if cid is None:
            self.notify("Every change shown has a decision.", markup=False, timeout=2)
        self._select(cid)

    def action_scroll(self, pages: int) -> None:
        detail = self.query_one("#detail", VerticalScroll)
        (detail.scroll_page_down if pages > 0 else detail.scroll_page_up)(animate=False)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())
