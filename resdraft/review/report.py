"""The decisions report for a terminal (rich, no Textual): what was decided and what became of it."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..agreed import Outcome
from ..session import STATES, Drift, Session
from .render import MARK, STATE_STYLE, WORD


def drift_view(found: Drift) -> RenderableType:
    t = Text()
    for f in found.files:
        t.append(f"changed since the session began: {f}\n", style="bold")
    for d, why in found.affected:
        t.append(f"  ! {d.change} {d.verb} by {d.who}: {why}\n")
    return t


def report_view(s: Session, outcome: Outcome, found: Drift) -> RenderableType:
    head = Text()
    head.append(f"Review of {outcome.draft.name} · {s.path.name}\n", style="bold")
    for st in STATES:
        n = sum(1 for r in outcome.rows if r.state == st)
        head.append(f"{MARK[st]} ", style=STATE_STYLE[st])
        head.append(f"{n} {WORD[st]}   ")
    left = len(outcome.brackets)
    head.append(f"\n{left} bracket{'s' if left != 1 else ''} remain" if left else "\nno brackets remain")
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    table.add_column("change", no_wrap=True)
    table.add_column("provision", ratio=2)
    table.add_column("decision", no_wrap=True)
    table.add_column("outcome", ratio=3)
    for r in outcome.rows:
        who = f"\n{r.decision.who} {r.decision.when[:10]}" if r.decision else ""
        outcome_text = Text(r.outcome)
        for note in r.notes:
            outcome_text.append(f"\nnote: {note}", style="italic")
        table.add_row(Text(f"{r.action} {r.change}"), Text(r.provision),
                      Text(WORD[r.state] + who, style=STATE_STYLE[r.state]), outcome_text)  # fmt: skip
    parts: list[RenderableType] = [head, table]
    if found.files:
        parts.insert(1, drift_view(found))
    return Group(*parts)
