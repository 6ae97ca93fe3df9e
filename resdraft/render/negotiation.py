"""Terminal views of the multi-proposal outputs: the compilation, the merge report, brackets."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..brackets import Bracket
from ..compilation import Compilation
from ..merge import Merge
from ..redline import Segment
from .terminal import PALETTE, counted, hanging, mark_styled, plain_mark


class _Marks:
    def __init__(self, labels: list[str], plain: bool) -> None:
        self.plain = plain
        self.colour = {lab: PALETTE[i % len(PALETTE)] for i, lab in enumerate(labels)}

    def segments(self, segs: tuple[Segment, ...], who: str) -> Text:
        t = Text()
        for s in segs:
            if s.block is not None:  # a sub-provision (its num) on a line of its own, as in HTML
                gap = "\n" if s.block == "num" else " "
                if t.plain and not t.plain.endswith((gap, "\n")):  # one gap for a block replaced
                    t.append(gap)
                continue
            if s.op == 0:
                t.append(s.text)
            elif self.plain:
                t.append(plain_mark(s.text, s.op))
            else:
                mark_styled(t, s.text, s.op, self.colour.get(who, "default"))
        return t


def compilation_view(c: Compilation, *, plain: bool) -> RenderableType:
    marks = _Marks([p.label for p in c.proposers], plain)
    head = Text(f"Compilation of proposals on {c.resolution}\n", style="bold")
    head.append(f"  {c.expression}\n", style="redline.dim")
    for p in c.proposers:
        head.append(f"  {p.label:<5} {p.document}: {', '.join(n for _, n in p.submitters)}\n",
                    style="" if plain else f"{marks.colour[p.label]}")  # fmt: skip
    rows: list[RenderableType] = [head]
    for e in c.entries:
        rows.append(Text(("\n" if rows else "") + e.label, style="bold"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=14, no_wrap=True)
        grid.add_column(ratio=1)
        if e.base:
            grid.add_row(Text("base", style="redline.dim"), marks.segments(e.base, ""))
        for t in e.treatments:
            tag = Text(f"{t.action} ", style="redline.action")
            tag.append(t.proposal_id, style="" if plain else marks.colour.get(t.proposer, ""))
            body = marks.segments(t.segments, t.proposer)
            if t.reasons:
                body.append("\nReasons: ", style="italic")
                body.append(t.reasons)
            grid.add_row(tag, body)
        rows.append(grid)
    return Group(*rows)


def brackets_view(brackets: tuple[Bracket, ...]) -> RenderableType:
    if not brackets:
        return Text("No open brackets: the draft can be consolidated.")
    t = Table.grid(padding=(0, 2))
    t.add_column(no_wrap=True)
    t.add_column(ratio=1)
    for b in brackets:
        t.add_row(Text(b.bracket, style="bold"), Text(f"{b.label} ({b.kind})", style="redline.dim"))
        for a in b.alternatives:
            body = Text(f"[{a.key}: ")
            body.append("delete" if a.delete else a.text)
            body.append("]")
            t.add_row(Text(f"  {a.key}"), hanging(Text(""), body, 0))
    return t


def merge_report_view(m: Merge) -> RenderableType:
    head = Text(f"Merged {counted(len(m.proposals), 'proposal document')} on {m.base.name}: ", style="bold")
    same = [n for n in m.notes if n.kind == "same-provision"]
    combined = [n for n in m.notes if n.kind == "combined"]
    head.append(f"{counted(len(combined), 'change')} combined, {counted(len(same), 'provision')} merged word by "
                f"word, {counted(len(m.conflicts), 'conflict')} in brackets\n")  # fmt: skip
    for n in same:
        head.append(f"  merged   {n.eid}: {' + '.join(b.split(' ')[0] for b in n.by)} ({n.detail})\n")
    for n in m.notes:
        if n.kind == "no-change":
            head.append(f"  NOC      {n.eid}: {n.by[0].split(' ')[0]} asks for no change\n")
    parts: list[RenderableType] = [head]
    if m.conflicts:
        parts.append(Text("Conflicts (settle them with `resdraft resolve`):", style="bold"))
        parts.append(brackets_view(m.conflicts))
    return Group(*parts)
