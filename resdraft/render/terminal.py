"""Terminal rendering with rich: ITU revision marks (insertions underlined, deletions struck
through), one colour per proposer with a legend, and plain markers when colour is off.

Document text is appended to ``Text`` objects, never parsed as markup: drafts are full of
square brackets.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from lxml import etree
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from ..akn import rdp
from ..brackets import removal_text
from ..errors import Issue
from ..model import Resolution
from ..redline import DELETE, INSERT, ProvisionChange, Redline

PALETTE = ("red", "blue", "magenta", "dark_orange3", "green4", "cyan", "purple")

THEME = Theme(
    {
        "redline.insert": "underline",
        "redline.delete": "strike",
        "redline.heading": "italic",
        "redline.action": "bold",
        "redline.dim": "dim",
        "issue.error": "bold red",
        "issue.warning": "yellow",
    }
)

ACTION = {"added": "ADD", "removed": "SUP", "modified": "MOD"}
_MARGIN = 16  # action (4) and proposers (10) columns, a space after each


def mark_styled(t: Text, text: str, op: int, colour: str) -> None:
    """Append a revision mark: the theme's insert/delete style plus the proposer's colour.

    Theme names cannot be combined with colours in one style string, so the colour is a
    second span over the same characters.
    """
    start = len(t)
    t.append(text, style="redline.insert" if op == INSERT else "redline.delete")
    t.stylize(colour, start, len(t))


def plain_mark(text: str, op: int) -> str:
    """A revision mark without colour: {+inserted+}, {-deleted-}."""
    return ("{+" if op == INSERT else "{-") + text + ("+}" if op == INSERT else "-}")


def hanging(num: Text, body: Text, indent: int) -> RenderableType:
    """A numbered paragraph with a hanging indent, as printed resolutions lay them out."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=max(len(num.plain), 3) if num.plain else 0, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(num, body)
    return Padding(grid, (0, 0, 0, indent)) if indent else grid


def counted(n: int, noun: str) -> str:
    """A count with its noun, as reports say them: "1 resolution", "2 resolutions"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def make_console(*, stderr: bool = False, width: int | None = None) -> Console:
    return Console(theme=THEME, stderr=stderr, width=width, highlight=False, soft_wrap=False)


def plain_text(renderable: RenderableType) -> str:
    """What a renderable prints without colour, 100 columns wide, trailing blanks trimmed:
    the text written to a file."""
    import io

    buf = io.StringIO()
    console = make_console(width=100)
    console.file = buf
    console.no_color = True
    console.print(renderable)
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"


def _proposer_of(by: str) -> str:
    """ "RCC/13/1 (RUS, ...)" -> "RCC": the proposal id's group prefix."""
    return by.split("/", 1)[0].split(" ", 1)[0]


class RedlineView:
    """A redline as a rich renderable; ``plain`` writes {+ +} / {- -} markers instead of styles."""

    def __init__(self, redline: Redline, *, plain: bool, changes_only: bool = False) -> None:
        self.r = redline
        self.plain = plain
        self.changes_only = changes_only
        labels = [p.label for p in redline.proposers]
        for e in redline.entries:
            for by in e.by:
                for part in by.split("+"):
                    lab = _proposer_of(part)
                    if lab not in labels:
                        labels.append(lab)
        self._tag_marks = False
        self.colour = {lab: PALETTE[i % len(PALETTE)] for i, lab in enumerate(labels)}

    def _colour(self, op: int, by: str | None) -> str:
        if by is None:
            return "green" if op == INSERT else "red"
        return self.colour.get(_proposer_of(by.split("+")[0]), "default")

    def legend(self) -> RenderableType:
        t = Text()
        if self.plain:
            t.append(
                "Marks: {+inserted+} {-deleted-}; the margin names the proposal; where two\n"
                "proposers change one provision, each mark is followed by its proposer: ‹RCC›.\n"
            )
        else:
            t.append("Marks: ")
            t.append("inserted", style="redline.insert")
            t.append("  ")
            t.append("deleted", style="redline.delete")
            t.append("; colours name the proposer.\n")
        for p in self.r.proposers:
            line = Text("  ")
            line.append(f"{p.label:<5}", style="" if self.plain else f"bold {self.colour[p.label]}")
            names = ", ".join(n for _, n in p.submitters)
            line.append(f" {p.document}: {names}")
            t.append_text(line)
            t.append("\n")
        return t

    def _num(self, e: ProvisionChange) -> Text:
        t = Text()
        by = e.by[0] if e.by else None
        if e.old_num != e.new_num and e.kind not in ("added", "removed"):
            self._mark(t, DELETE, e.old_num or "", by)
            self._mark(t, INSERT, e.new_num or "", by)
        elif e.kind in ("added", "removed"):
            self._mark(t, INSERT if e.kind == "added" else DELETE, e.new_num or e.old_num or "", by)
        else:
            t.append(e.new_num or "")
        return t

    def _body(self, e: ProvisionChange) -> Text:
        t = Text()
        self._tag_marks = len({_proposer_of(b) for by in e.by for b in by.split("+")}) > 1
        first = True
        for s in e.segments:
            if s.block is not None:
                if not first:
                    t.append("\n")
                first = False
                continue
            if s.op == 0:
                t.append(s.text, style="redline.heading" if e.tag in ("recitals", "hcontainer") else "")
            else:
                self._mark(t, s.op, s.text, s.by)
        return t

    def _mark(self, t: Text, op: int, text: str, by: str | None) -> None:
        if not text:
            return
        if self.plain:
            t.append(plain_mark(text, op))
            if by and self._tag_marks:
                t.append("‹" + "+".join(_proposer_of(b) for b in by.split("+")) + "›")
        else:
            mark_styled(t, text, op, self._colour(op, by))

    def _wanted(self) -> set[str]:
        """eIds to print: all, or the changes plus the keyword groups that hold them."""
        if not self.changes_only:
            return {e.eid for e in self.r.entries}
        out: set[str] = set()
        group = ""
        for e in self.r.entries:
            if e.tag in ("recitals", "hcontainer"):
                group = e.eid
            if e.changed:
                out.update((e.eid, group))
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        c = self.r.counts()
        head = Text(f"Redline of {self.r.old_name}\n", style="bold")
        head.append(f"  from {self.r.old_expression}\n  to   {self.r.new_expression}\n", style="redline.dim")
        head.append(
            f"  {c['modified']} modified, {c['added']} added, {c['removed']} deleted, "
            f"{c['renumbered']} renumbered, {c['moved']} moved\n"
        )
        yield head
        yield self.legend()
        wanted = self._wanted()
        for e in self.r.entries:
            if e.eid not in wanted:
                continue
            action = ACTION.get(e.kind, "") if e.kind != "unchanged" else ("(R)" if e.renumbered else "")
            if e.moved:
                action = action or "MOV"
            who = (
                list(dict.fromkeys(p.split(" ")[0] for b in e.by for p in b.split("+"))) if e.changed else []
            )
            if e.bracket:
                action = "[" + (action or "MOD")
            self._tag_marks = len({_proposer_of(b) for by in e.by for b in by.split("+")}) > 1
            if e.tag in ("recitals", "hcontainer"):
                yield Text()
            yield self._row(console, options.max_width, action, who, e)

    def _row(self, console: Console, width: int, action: str, who: list[str], e: ProvisionChange) -> Text:
        """One provision laid out by hand: action (4), proposers (10), then the numbered text with
        a hanging indent. rich tables measure every cell twice over; on a 1,000-provision
        redline that took most of the run, this takes a tenth of it."""
        num, body = self._num(e), self._body(e)
        indent = 2 * max(e.depth - 1, 0)
        numw = max(len(num.plain), 3) if num.plain else 0
        inner = max(width - _MARGIN - indent - numw - 1, 1)
        lines = body.wrap(console, inner, justify="left", overflow="ellipsis") or [Text()]
        out = Text(no_wrap=True, overflow="crop", end="")
        for i in range(max(len(lines), len(who), 1)):
            if i:
                out.append("\n")
            out.append(f"{action:<4}"[:4] if i == 0 else "    ", style="redline.action" if i == 0 else "")
            out.append(" ")
            name = Text(who[i] if i < len(who) else "", style="redline.dim")
            name.truncate(10, overflow="ellipsis", pad=True)
            out.append_text(name)
            out.append(" " + " " * indent)
            if i == 0 and num.plain:
                out.append_text(num)
                out.append(" " * (numw - len(num.plain)))
            else:
                out.append(" " * numw)
            out.append(" ")
            if i < len(lines):
                out.append_text(lines[i])
        out.append("\n")
        return out


_BRACKET, _BY = rdp("bracket"), rdp("by")


def show_resolution(res: Resolution, *, ids: bool) -> RenderableType:
    """The text as a drafter reads it; with ``ids`` each provision's eId follows it, dimmed."""
    table = Table.grid(padding=(0, 1))
    table.add_column(ratio=1)
    provisions = res.provisions()
    # an alternative of a bracketed provision in a merged draft reads "[CHN: ...]" from its own
    # words to its last sub-provision's, or "[RCC: delete]" with its sub-provisions left out
    gone = {d for p in provisions if p.el.get(_BRACKET) and p.el.get("status") == "removed"
            for d in p.el.iterdescendants()}  # fmt: skip
    held = {p.el for p in provisions}
    closes = {_last_within(p.el, held) for p in provisions if p.el.get(_BRACKET)} - {None}
    for p in provisions:
        if p.el in gone:
            continue
        depth = sum(1 for a in p.el.iterancestors() if a.get("eId") and a.get("eId") != "body")
        indent = 2 * max(depth - 1, 0)
        txt = Text()
        if p.kind in ("recitals", "hcontainer"):
            table.add_row("")
            txt.append(p.text, style="redline.heading")
        elif p.el.get(_BRACKET):
            who = _proposer_of(p.el.get(_BY) or "")
            txt.append(removal_text(who) if p.el.get("status") == "removed" else f"[{who}: {p.text}")
        else:
            txt.append(p.text)
        if p.el in closes:
            txt.append("]")
        if ids:
            txt.append(f"\n#{p.eid}", style="redline.dim")
        table.add_row(hanging(Text(p.num or ""), txt, indent))
    head = Text(f"{res.name}\n", style="bold")
    head.append(res.title + "\n", style="italic")
    head.append(res.expression + "\n", style="redline.dim")
    return Group(head, table)


def _last_within(el: etree._Element, provisions: AbstractSet[etree._Element]) -> etree._Element | None:
    """The last provision inside a kept alternative (itself if it holds none), where its bracket
    closes; None for a deleting alternative, which closes on its own line."""
    if el.get("status") == "removed":
        return None
    return next((d for d in reversed(list(el.iterdescendants())) if d in provisions), el)


def issues_table(issues: list[Issue] | tuple[Issue, ...]) -> RenderableType:
    t = Text()
    for i in issues:
        t.append(f"{i.severity.upper():<8}", style=f"issue.{i.severity}")
        t.append(f"{i.location()}  ")
        t.append(f"{i.code}: ", style="redline.dim")
        t.append(i.message + "\n")
    return t
