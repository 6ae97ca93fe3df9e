"""The working copy of one application run (``amend.apply_proposals``): the text being built,
marked with who inserted, deleted or restructured what, and the checks that refuse a change
another proposal's change has made impossible, in whichever order the two come."""

from __future__ import annotations

from copy import deepcopy
from typing import NoReturn

from lxml import etree

from .errors import ConflictingAmendmentsError, TargetNotFoundError
from .model import Change, Resolution, with_eid
from .owntext import TextualMods

BASE = "{urn:resdraft:internal}base"
ADDED = "{urn:resdraft:internal}added"
REMOVED = "{urn:resdraft:internal}removed"
ANCHOR = "{urn:resdraft:internal}anchor"
RESTRUCTURED = "{urn:resdraft:internal}restructured"
INTERNAL = (BASE, ADDED, REMOVED, ANCHOR, RESTRUCTURED)


class Work:
    """Mutable state of one application run; never escapes ``apply_proposals``."""

    def __init__(self, base: Resolution) -> None:
        self.base = base
        self.root = deepcopy(base.root)
        self.doc = self.root[0]
        self.index: dict[str, etree._Element] = {}
        for el in with_eid(self.doc):  # filtered in C: most elements carry no eId
            eid = el.get("eId")
            if eid:
                el.set(BASE, eid)
                self.index[eid] = el
        self.replaced: dict[str, str] = {}
        self.text = TextualMods(base, self.replaced)
        self.removed: dict[str, str] = {}
        self.regroup: list[etree._Element] = []

    def target(self, ch: Change) -> etree._Element:
        el = self.index.get(ch.target)
        if el is None or not ch.target:
            where = f"'{ch.target}'" if ch.target else "no target (its <ref href> has no #eId)"
            raise TargetNotFoundError(
                f"{ch.action} names {where}, which is not a provision of {self.base.name}",
                proposal=ch.proposal_id,
                source=ch.document.source,
                eid=ch.target or ch.mod_eid,
                hint="check the eId with `resdraft show RESOLUTION --ids`, and that the proposal "
                "was written against this revision",
            )
        return el

    def claim(self, el: etree._Element, ch: Change, what: str) -> None:
        """Refuse a change to a provision another proposal deletes, or deletes it twice; and
        any change inside a provision a MOD restructured (replaced whole: the change would be
        written into the text it replaced, or over the restructuring proposal's own words)."""
        if not self.removed and not self.replaced:
            return  # nothing is deleted or restructured yet
        for node in [el, *el.iterancestors()]:
            by = node.get(REMOVED)
            if by and by != ch.attribution and not (what == "deletes" and node is el):
                conflict(ch, f"{what} '{ch.target}', which {by} deletes")
            by = node.get(RESTRUCTURED)
            if by:
                whole = node.get(BASE) or ""
                inside = "" if whole == ch.target else f"inside '{whole}', "
                conflict(ch, f"{what} '{ch.target}', {inside}which {by} restructures")

    def no_deleted_part_changed(self, ch: Change, el: etree._Element, eids: list[str | None]) -> None:
        """A MOD may restate a part of its provision another proposal deletes, but not change it:
        the deletion would take the change with it (``_sup`` refuses the other order)."""
        for eid in eids:
            if not any(c is ch for c in self.text.owners.get(eid or "", ())):
                continue  # this MOD leaves its words as they are
            node = self.index.get(eid or "")
            while node is not None and node is not el:
                by = node.get(REMOVED)
                if by and by != ch.attribution:
                    conflict(ch, f"MOD of '{ch.target}' changes '{eid}', which {by} deletes")
                node = node.getparent()


def conflict(ch: Change, message: str) -> NoReturn:
    """Refuse ``ch``, which cannot be combined with what another proposal did to its target."""
    raise ConflictingAmendmentsError(
        message,
        proposal=ch.proposal_id,
        source=ch.document.source,
        eid=ch.target,
        hint="`resdraft merge` puts both in square brackets for the meeting to settle",
    )


def restructures_changed(ch: Change, others: str) -> NoReturn:
    conflict(ch, f"MOD restructures '{ch.target}', inside which {others} also changes the text")
