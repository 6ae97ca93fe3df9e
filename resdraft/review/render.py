"""Rich ``Text`` for the review screen. Document text is appended, never parsed as markup:
drafts are full of square brackets. With ``plain`` (NO_COLOR) revision marks are also written
as {+inserted+} and {-deleted-}, so they survive without colour and in copy and paste."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.text import Text

from ..redline import INSERT, Segment
from ..render.terminal import plain_mark
from ..session import ChangeState
from .controller import CONFLICT, Controller, Item

# One Dark colours: readable on the dark default theme, distinct from the state colours.
PALETTE = ("#61afef", "#c678dd", "#e5c07b", "#56b6c2", "#d19a66", "#98c379")
MARK = {"pending": "·", "accepted": "✓", "rejected": "✗", "bracketed": "[]", "edited": "✎"}
STATE_STYLE = {
    "pending": "bold",
    "accepted": "bold green",
    "rejected": "bold red",
    "bracketed": "bold yellow",
    "edited": "bold cyan",
}
WORD = {"pending": "pending", "accepted": "accepted", "rejected": "rejected",
        "bracketed": "in brackets", "edited": "edited"}  # fmt: skip


# a label's number at its end ("5", "d)", "1 bis"): what tells two provisions of a group apart
_NUMBER = re.compile(r" ((?:\d[\d.]*|\(?[a-z]{1,4}\))(?: (?:bis|ter|quater))?)$")


def fit_label(label: str, width: int) -> str:
    """``label`` in ``width`` columns (0: as it is), cut inside its words, not at its end, so
    that "instructs the Secretary-General 5" keeps its 5 on the line: "instructs the Secr… 5"."""
    if width <= 0 or len(label) <= width:
        return label
    m = _NUMBER.search(label)
    tail = m.group(1) if m and len(m.group(1)) + 4 <= width else ""
    room = width - (len(tail) + 2 if tail else 1)
    head = label[: m.start()] if tail and m else label
    return head[:room].rstrip() + ("… " + tail if tail else "…")


def _head(text: str, end: str = "") -> Text:
    t = Text()
    t.append(text, style="bold underline")
    t.append(end)
    return t


class Painter:
    def __init__(self, ctl: Controller, *, plain: bool) -> None:
        self.ctl = ctl
        self.plain = plain
        self.colour = {p.label: PALETTE[n % len(PALETTE)] for n, p in enumerate(ctl.proposers)}

    def style(self, state: str) -> str:
        """The state's colour; without colour every state is bold, red would fade to grey."""
        return "bold" if self.plain else STATE_STYLE[state]

    def who(self, label: str) -> str:
        return "bold" if self.plain else f"bold {self.colour.get(label, '')}"

    def segments(self, segs: Sequence[Segment], proposer: str = "") -> Text:
        """A provision as a hanging block: the num, then its words; a new line per sub-item."""
        t = Text()
        after_num = False
        gap: str | None = None  # before the next words; the first of blocks in a row sets it
        for s in segs:
            if s.block is not None:
                if gap is None:  # a block replaced by another (intro by content) is one gap
                    gap = " " if after_num and s.block != "num" else "\n" if t.plain else ""
                after_num = s.block == "num"
                continue
            if gap:
                t.append(gap)
            gap = None
            if s.op == 0:
                t.append(s.text)
            elif self.plain:
                t.append(plain_mark(s.text, s.op))
            else:
                style = "underline" if s.op == INSERT else "strike"
                t.append(
                    s.text, style=f"{style} {self.colour.get(proposer, 'green' if s.op == INSERT else 'red')}"
                )
        return t

    def badge(self, st: ChangeState) -> Text:
        return Text(f" {WORD[st.state].upper()} ", style=f"reverse {self.style(st.state)}")

    def row(self, item: Item) -> Text:
        st = self.ctl.state(item.cid)
        t = Text("  ")
        t.append(f"{MARK[st.state]:<2}", style=self.style(st.state))
        t.append(f" {item.cid:<10}", style=self.who(item.treatment.proposer))
        t.append(f" {item.treatment.action}", style="bold")
        if item.cid in self.ctl.affected:
            t.append(" !", style="bold red")
        if item.cid in self.ctl.conflicts:
            t.append(" ⇄", style="yellow")
        if st.notes:
            t.append(" ✉", style="dim")
        return t

    def heading(self, item: Item, width: int = 0) -> Text:
        return Text(fit_label(item.label, width), style="bold italic")

    def title(self, item: Item) -> Text:
        t = Text()
        t.append(item.label, style="bold")
        t.append("  ")
        t.append_text(self.badge(self.ctl.state(item.cid)))
        tr = item.treatment
        doc = next((p for p in self.ctl.proposers if p.label == tr.proposer), None)
        t.append(f"\n{tr.action} ", style="bold")
        t.append(tr.proposal_id, style=self.who(tr.proposer))
        if doc is not None:
            t.append(f"  {doc.document}: " + ", ".join(n for _, n in doc.submitters), style="dim")
        return t

    def warnings(self, item: Item) -> Text:
        t = Text()
        for other, kind in sorted(self.ctl.conflicts.get(item.cid, {}).items()):
            t.append("⇄ conflicts with ", style="yellow")
            t.append(other, style=self.who(self.ctl.item(other).treatment.proposer))
            t.append(f": {CONFLICT.get(kind, kind)}\n", style="yellow")
        why = self.ctl.affected.get(item.cid)
        if why:
            t.append(f"! decided before the texts changed: {why}; decide again\n", style="bold red")
        t.rstrip()
        return t

    def proposal(self, item: Item, *, heading: str = "Proposal") -> Text:
        """The proposal's redline and Reasons; as "Other proposal", also its state."""
        tr = item.treatment
        t = _head(f"{heading} ")
        t.append(tr.proposal_id, style=f"underline {self.who(tr.proposer)}")
        if heading != "Proposal":
            t.append(f" ({tr.action}, ", style="dim")
            st = self.ctl.state(item.cid)
            t.append(WORD[st.state], style=self.style(st.state))
            t.append(")", style="dim")
        t.append("\n")
        if tr.action == "NOC":
            t.append("No change asked for.\n", style="italic")
        elif tr.action == "SUP":
            t.append("Delete:\n", style="italic")
        t.append_text(self.segments(tr.segments, tr.proposer))
        if tr.reasons:
            t.append("\nReasons: ", style="bold")
            t.append(tr.reasons)
        return t

    def base(self, item: Item) -> Text:
        t = _head("Current text", "\n")
        if item.entry.new:
            t.append("None: the proposal inserts a new provision.", style="italic")
        else:
            t.append_text(self.segments(item.entry.base))
        return t

    def draft(self, item: Item) -> Text:
        t = _head("Draft as decided so far", "\n")
        lines = self.ctl.outcome.texts.get(item.cid, ())
        row = next(r for r in self.ctl.outcome.rows if r.change == item.cid)
        t.append(f"{row.outcome}\n", style="italic")
        body = Text("\n".join(lines) if lines else "(not in the draft)")
        for p in self.ctl.proposers:  # colour the proposer labels of the brackets, [RCC: ...]
            body.highlight_regex(r"\[" + re.escape(p.label) + r":", self.who(p.label))
        body.highlight_regex(r"\[base:", "bold")
        t.append_text(body)
        return t

    def record(self, item: Item) -> Text:
        st = self.ctl.state(item.cid)
        t = Text()
        if st.decision is not None:
            d = st.decision
            t.append("Decided: ", style="bold")
            t.append(WORD[st.state], style=self.style(st.state))
            t.append(f" by {d.who}, {d.when.replace('T', ' ')[:16]} UTC\n")
            if st.state == "edited":
                t.append("Agreed text: ", style="bold")
                t.append((d.text or "") + "\n")
        for n in st.notes:
            t.append(f"Note ({n.who}, {n.when[:10]}): ", style="bold")
            t.append((n.text or "") + "\n")
        return t

    def status(self) -> Text:
        c = self.ctl.counts()
        t = Text(" ")
        if self.ctl.affected:  # first: on a narrow screen the end of the line is cut off
            t.append(f"{len(self.ctl.affected)} to decide again", style="bold red")
            t.append(" · ")
        t.append(f"{len(self.ctl.items)} changes")
        for state in ("pending", "accepted", "rejected", "bracketed", "edited"):
            t.append(" · ")
            t.append(str(c[state]), style=self.style(state))
            t.append(" bracketed" if state == "bracketed" else f" {state}")
        return t

    def top(self) -> Text:
        t = Text()
        t.append("resdraft review", style="bold")
        if self.ctl.saved_at:  # before the names, which a narrow screen may cut off
            t.append(f" · saved {self.ctl.saved_at}")
        t.append(f" · {self.ctl.review.base.name} · {self.ctl.session.path.name} · {self.ctl.reviewer}")
        return t

    def filters(self) -> str:
        v = self.ctl.session.view
        parts = [p for p in (v.proposer, WORD[v.state] if v.state else None) if p]
        if v.search:
            parts.append(f"“{v.search}”")
        return "Changes" + (f" ({', '.join(parts)})" if parts else "")
