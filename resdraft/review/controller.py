"""What the review screen shows and does, without any UI: the changes in reading order, filters,
decisions (each written to the session file at once), undo, and the draft as decided so far."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..agreed import Outcome, finish
from ..compilation import CompilationEntry, Treatment, compile_proposals
from ..merge import merge_proposals
from ..session import (
    STATES,
    ChangeState,
    Decision,
    Drift,
    Review,
    Session,
    SessionError,
    decide,
    drift,
    save_session,
    undo,
)

CONFLICT = {
    "overlap": "both change the same words",
    "mod-sup": "one modifies what the other deletes",
    "deleted-ancestor": "one changes a part of what the other deletes",
    "restructure": "one restructures what the other changes",
    "add-add": "both insert new text at the same place",
    "both-modify": "both modify what a third proposal deletes",
}


@dataclass(frozen=True, slots=True)
class Item:
    """One change in the list, with the provision it belongs to."""

    cid: str
    entry: CompilationEntry
    treatment: Treatment

    @property
    def label(self) -> str:
        return self.entry.label


class Controller:
    def __init__(self, session: Session, review: Review, reviewer: str) -> None:
        self.session = session
        self.review = review
        self.reviewer = reviewer
        comp = compile_proposals(review.base, review.docs)
        self.proposers = comp.proposers
        self.items = tuple(Item(t.proposal_id, e, t) for e in comp.entries for t in e.treatments)
        self.conflicts: dict[str, dict[str, str]] = {}
        for b in merge_proposals(review.base, review.docs).conflicts:
            ids = {p.split(" ")[0] for a in b.alternatives for p in a.by.split("+") if p}
            deletes = {p.split(" ")[0] for a in b.alternatives if a.delete for p in a.by.split("+") if p}
            for cid in ids:
                for o in ids - {cid}:
                    # in a bracket where a third proposal deletes, two that both modify meet as such
                    both_modify = b.kind in ("mod-sup", "deleted-ancestor") and not {cid, o} & deletes
                    self.conflicts.setdefault(cid, {})[o] = "both-modify" if both_modify else b.kind
        self.saved_at = ""
        self.outcome: Outcome
        self.drift: Drift
        self._refresh()
        if self.session.view.selected not in {i.cid for i in self.items}:
            first = self.items[0].cid if self.items else None
            self.session = replace(self.session, view=replace(self.session.view, selected=first))

    # --- reading -------------------------------------------------------------------------
    def _refresh(self) -> None:
        self.states = self.session.states()
        self.drift = drift(self.session, self.review)
        self.affected = {d.change: why for d, why in self.drift.affected}
        self.outcome = finish(self.session, self.review, date=dt.date.today().isoformat(), force=True)

    def state(self, cid: str) -> ChangeState:
        return self.states.get(cid, ChangeState())

    @property
    def selected(self) -> str | None:
        return self.session.view.selected

    def item(self, cid: str) -> Item:
        return next(i for i in self.items if i.cid == cid)

    def siblings(self, cid: str) -> list[Item]:
        """The other proposals on the same provision (or inserting at the same place)."""
        me = self.item(cid)
        fights = self.conflicts.get(cid, {})
        same = (me.entry.eid, me.entry.new)
        return [
            i for i in self.items if i.cid != cid and ((i.entry.eid, i.entry.new) == same or i.cid in fights)
        ]

    def visible(self) -> list[Item]:
        v = self.session.view
        needle = v.search.lower()
        out = []
        for i in self.items:
            if v.proposer and i.treatment.proposer != v.proposer:
                continue
            if v.state and self.state(i.cid).state != v.state:
                continue
            if needle and needle not in self._haystack(i):
                continue
            out.append(i)
        return out

    def _haystack(self, i: Item) -> str:
        t = i.treatment
        words = " ".join(s.text for s in (*i.entry.base, *t.segments))
        st = self.state(i.cid)
        notes = " ".join(n.text or "" for n in st.notes)
        agreed = st.text or ""  # the words a group agreed for it are searched too
        return " ".join((i.cid, t.action, t.proposer, i.label, words, t.reasons, notes, agreed)).lower()

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATES, 0)
        for i in self.items:
            out[self.state(i.cid).state] += 1
        return out

    # --- acting --------------------------------------------------------------------------
    def _save(self, session: Session) -> None:
        save_session(session)  # first: if this fails, nothing on screen claims otherwise
        self.session = session
        self.saved_at = dt.datetime.now().strftime("%H:%M:%S")

    def decide(self, verb: str, text: str | None = None) -> Decision:
        cid = self.selected
        if cid is None:
            raise SessionError("no change is selected")
        self._save(decide(self.session, self.review, cid, verb, self.reviewer, text))
        self._refresh()
        return self.session.decisions[-1]

    def undo(self) -> Decision:
        session, undone = undo(self.session, self.reviewer)
        view = replace(session.view, selected=undone.change)
        self._save(replace(session, view=view))
        self._refresh()
        return undone

    def select(self, cid: str | None) -> None:
        if cid != self.session.view.selected:
            self._save(replace(self.session, view=replace(self.session.view, selected=cid)))

    def set_view(self, **kw: str | None) -> None:
        self._save(replace(self.session, view=replace(self.session.view, **kw)))  # type: ignore[arg-type]

    def step(self, delta: int, *, pending_only: bool = False) -> str | None:
        """The change ``delta`` places from the selected one among the visible ones."""
        vis = [i.cid for i in self.visible()]
        if not vis:
            return None
        at = vis.index(self.selected) if self.selected in vis else -1
        for k in range(1, len(vis) + 1):
            cid = (
                vis[(at + delta * k) % len(vis)]
                if pending_only
                else vis[max(0, min(len(vis) - 1, at + delta))]
            )
            if not pending_only or self.state(cid).state == "pending":
                return cid
        return None

    def nearest_visible(self) -> str | None:
        """The selected change if shown, else the next one shown in reading order, else the last."""
        vis = {i.cid for i in self.visible()}
        order = [i.cid for i in self.items]
        at = order.index(self.selected) if self.selected in order else 0
        return next((c for c in order[at:] if c in vis), next((c for c in reversed(order) if c in vis), None))

    def cycle(self, what: str) -> None:
        """Next proposer (or state) filter; after the last, no filter."""
        options: list[str] = [p.label for p in self.proposers] if what == "proposer" else list(STATES)
        now = getattr(self.session.view, what)
        nxt = (
            options[options.index(now) + 1]
            if now in options and options.index(now) + 1 < len(options)
            else None
        )
        if now is None:
            nxt = options[0] if options else None
        self.set_view(**{what: nxt})
