"""Merge several proposals into one negotiation draft; what cannot be merged goes in brackets.

Changes to different provisions combine, and so do changes to one provision whose word-level
edits do not overlap (``apply`` merges those three-way against the base). Everything else is a
conflict, written into the draft as square-bracketed alternatives, each attributed to its
proposer:

- ``overlap``: two proposals edit the same words of a provision (inline brackets);
- ``mod-sup``: one proposal modifies a provision another deletes;
- ``deleted-ancestor``: a change inside a provision another proposal deletes;
- ``restructure``: a proposal restructures a provision (adds or removes its sub-provisions)
  inside which another changes words, inserts or deletes;
- ``add-add``: two proposals insert new provisions at the same place.

Proposals are taken in a canonical order (by document), so the draft does not depend on the
order they are given in; a single proposal merges to exactly what ``apply`` gives.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass

from lxml import etree

from .akn import q, rdp
from .alternatives import (
    declare_proposers,
    provision_alternatives,
    renumber_with_alternatives,
    topmost,
    within,
)
from .amend import (
    Consolidation,
    apply_proposals,
    change_key,
)
from .blocks import set_tokens
from .brackets import Bracket, inline_brackets, list_brackets
from .eids import drop_emptied_group
from .errors import AmendmentError, ConflictingAmendmentsError, TargetNotFoundError
from .marks import accept
from .model import Change, ProposalDoc, Resolution
from .owntext import RecordedEdits
from .quotes import _check_contradictions, check_quote, own_words, subtree, subtree_words
from .tokens import TAG, Edit, apply_edits, edits_between, merge_edits, tokens_of


@dataclass(frozen=True, slots=True)
class MergeNote:
    """A combination made without brackets, for the report."""

    kind: str  # "combined" | "same-provision" | "no-change"
    eid: str
    by: tuple[str, ...]
    detail: str


@dataclass(frozen=True, slots=True)
class Merge:
    """The draft, how it came about (``origin``: draft element -> base eId; ``by``: draft
    element -> who added or contests it), its open brackets and the notes for the report."""

    draft: Resolution
    base: Resolution
    proposals: tuple[ProposalDoc, ...]
    conflicts: tuple[Bracket, ...]
    notes: tuple[MergeNote, ...]
    origin: dict[etree._Element, str]
    by: dict[etree._Element, str]
    edits: Mapping[str, tuple[Edit, ...]]  # base eId -> edits, diffed when read
    removed: dict[str, str]


def canonical_order(proposals: Sequence[ProposalDoc]) -> list[ProposalDoc]:
    return sorted(proposals, key=lambda d: (d.label, d.document_number, d.expression or d.source))


def _scope(base: Resolution, ch: Change) -> etree._Element:
    el = base.by_eid.get(ch.target)
    if el is None or not ch.target:
        raise TargetNotFoundError(
            f"{ch.action} names '{ch.target}', which is not a provision of {base.name}",
            proposal=ch.proposal_id,
            source=ch.document.source,
            eid=ch.target or ch.mod_eid,
            hint="check the eId with `resdraft show RESOLUTION --ids`",
        )
    return el


def _structural(base_el: etree._Element, ch: Change) -> bool:
    quoted = ch.quoted
    if len(quoted) != 1:
        return True
    return [e.get("eId") for e in subtree(accept(quoted[0]))] != [e.get("eId") for e in subtree(base_el)]


def _changes_part(ch: Change, part: etree._Element) -> bool:
    """Whether a MOD rewords ``part``, one of its provision's sub-provisions (a MOD without it
    restructures the provision: see ``_link_kind``)."""
    eid = part.get("eId")
    quoted = ch.quoted
    mine = [e for e in subtree(accept(quoted[0])) if e.get("eId") == eid] if len(quoted) == 1 else []
    return bool(mine) and own_words(mine[0]) != own_words(part)


class _Groups:
    """Union-find over changes of different proposers that cannot simply combine."""

    def __init__(self, base: Resolution, changes: list[Change]) -> None:
        self.base = base
        self.changes = changes
        self.parent = list(range(len(changes)))
        self.kinds: dict[int, set[str]] = {}
        self.scope = [_scope(base, ch) for ch in changes]
        self.structural = [
            ch.action == "MOD" and _structural(self.scope[i], ch) for i, ch in enumerate(changes)
        ]
        for i, j in self._candidates():
            kind = self._link_kind(i, j)
            if kind:
                self._union(i, j, kind)

    def _candidates(self) -> list[tuple[int, int]]:
        """Pairs of changes whose scopes nest (one provision is the other or holds it): every
        kind of link needs that, and looking only there keeps 1,000 changes from being
        compared 500,000 times. In the order of a plain double loop, so unions happen alike."""
        by_scope: dict[etree._Element, list[int]] = {}
        for i, el in enumerate(self.scope):
            by_scope.setdefault(el, []).append(i)
        pairs: set[tuple[int, int]] = set()
        for i, el in enumerate(self.scope):
            for holder in (el, *el.iterancestors()):
                for j in by_scope.get(holder, ()):
                    if j != i:
                        pairs.add((i, j) if i < j else (j, i))
        return sorted(pairs)

    def _find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def _union(self, i: int, j: int, kind: str) -> None:
        ri, rj = self._find(i), self._find(j)
        if ri != rj:
            self.parent[rj] = ri
            self.kinds.setdefault(ri, set()).update(self.kinds.pop(rj, set()))
        self.kinds.setdefault(ri, set()).add(kind)

    def _link_kind(self, i: int, j: int) -> str | None:
        a, b = self.changes[i], self.changes[j]
        if a.document.label == b.document.label or "NOC" in (a.action, b.action):
            return None
        sa, sb = self.scope[i], self.scope[j]
        if a.action == "ADD" and b.action == "ADD":
            if (a.target, a.pos or "after") != (b.target, b.pos or "after"):
                return None
            same = [subtree_words(accept(x)) for x in a.quoted] == [
                subtree_words(accept(x)) for x in b.quoted
            ]
            return "same-add" if same else "add-add"
        for x, y, sx, sy in ((a, b, sa, sb), (b, a, sb, sa)):
            if x.action == "SUP" and y.action == "SUP" and sx is not sy and within(sy, sx):
                return "deleted-ancestor"  # one keeps the provision the other deletes, less a part
            if x.action == "SUP" and y.action != "SUP":
                if y.action == "ADD" and y.pos in ("before", "after", None) and sy is sx:
                    continue  # inserting next to a deleted provision is well defined
                if within(sy, sx):
                    return "mod-sup" if sx is sy and y.action == "MOD" else "deleted-ancestor"
                if y.action == "MOD" and within(sx, sy) and _changes_part(y, sx):
                    return "mod-sup"  # a MOD that rewords the part another deletes
        if a.action == "MOD" and b.action == "MOD" and (within(sa, sb) or within(sb, sa)):
            return "restructure" if self.structural[i] or self.structural[j] else "textual"
        if "MOD" in (a.action, b.action) and {a.action, b.action} & {"ADD", "SUP"}:
            mod, other = (i, j) if a.action == "MOD" else (j, i)
            sm, so = self.scope[mod], self.scope[other]
            # an insertion into, or a deletion inside, a provision another MOD replaces whole
            # (inserting next to it is well defined; deleting it is "mod-sup", above)
            into = so is not sm or self.changes[other].pos in ("start", "end")
            if self.structural[mod] and into and within(so, sm):
                return "restructure"
        return None

    def components(self) -> list[tuple[set[str], list[int]]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.changes)):
            out.setdefault(self._find(i), []).append(i)
        return [(self.kinds.get(r, set()), members) for r, members in out.items() if len(members) > 1]


def _side_edits(base: Resolution, changes: list[Change]) -> dict[str, list[tuple[str, str, tuple]]]:  # type: ignore[type-arg]
    """Base eId of each provision -> (proposer, attribution, edits) for every textual MOD over it."""
    out: dict[str, list[tuple[str, str, tuple]]] = {}  # type: ignore[type-arg]
    for ch in changes:
        new = accept(ch.quoted[0])
        for sub in subtree(new):
            eid = sub.get("eId") or ""
            edits = edits_between(tokens_of(base.by_eid[eid]), tokens_of(sub), by=ch.attribution)
            if not edits:
                continue
            sides = out.setdefault(eid, [])
            same = next((k for k, s in enumerate(sides) if s[0] == ch.document.label), None)
            if same is None:
                sides.append((ch.document.label, ch.attribution, edits))
            else:  # one proposer, two MODs over one provision (a paragraph and its point)
                merged, _ = merge_edits(sides[same][2], edits)
                sides[same] = (sides[same][0], f"{sides[same][1]}+{ch.attribution}", merged)
    return out


def _has_clash(sides: list[tuple[str, str, tuple]]) -> bool:  # type: ignore[type-arg]
    merged: tuple = ()  # type: ignore[type-arg]
    for _, _, edits in sides:
        merged, clashes = merge_edits(merged, edits)
        if clashes:
            return True
    return False


def merge_proposals(
    base: Resolution,
    proposals: Sequence[ProposalDoc],
    *,
    date: str | None = None,
    rejected: Collection[tuple[str, str]] = (),
) -> Merge:
    """One negotiation draft from several proposals, conflicts in attributed brackets.

    ``rejected`` names changes (:func:`resdraft.amend.change_key`) a meeting has turned down:
    they are left out as if never proposed.
    """
    docs = canonical_order(proposals)
    seen: set[str] = set()
    for d in docs:
        if (d.expression or d.source) in seen:
            raise AmendmentError(f"{d.document_number} is given twice", source=d.source)
        seen.add(d.expression or d.source)
        _check_contradictions(d)
    changes = [ch for d in docs for ch in d.changes if change_key(ch) not in rejected]
    groups = _Groups(base, changes)
    exclude: set[tuple[str, str]] = set(rejected)
    duplicates: set[tuple[str, str]] = set()
    textual: list[list[Change]] = []
    provision_level: list[tuple[str, list[Change]]] = []
    for kinds, members in groups.components():
        chs = [changes[i] for i in members]
        if kinds == {"same-add"}:  # the same insertion proposed twice: insert it once
            duplicates.update(change_key(c) for c in chs[1:])
            exclude.update(change_key(c) for c in chs[1:])
            continue
        if kinds == {"textual"}:
            if any(_has_clash(s) for s in _side_edits(base, chs).values()):
                textual.append(chs)
                exclude.update(change_key(c) for c in chs)
            continue
        kind: str = next(
            k for k in ("mod-sup", "deleted-ancestor", "restructure", "add-add", "same-add") if k in kinds
        )
        kind = "add-add" if kind == "same-add" else kind
        provision_level.append((kind, chs))
        exclude.update(change_key(c) for c in chs)
    for ch in changes:
        if change_key(ch) in exclude:
            check_quote(base, ch)  # apply checks the others
    try:
        cons = apply_proposals(base, docs, date=date, exclude=exclude)
    except ConflictingAmendmentsError as e:  # what merge does not bracket: one proposer's own
        e.hint = ("both changes are one proposer's (documents with one label are combined, "
                  "never bracketed against each other): ask which they mean, or leave one out")  # fmt: skip
        raise
    root = cons.result.root
    new_of = {b: n for n, b in cons.lineage.items()}
    by_eid = {e.get("eId"): e for e in root.iter() if e.get("eId")}
    origin = {by_eid[n]: b for n, b in cons.lineage.items() if n in by_eid}
    by = {by_eid[n]: who for n, who in cons.added.items() if n in by_eid}
    for b, who in cons.replaced.items():  # a MOD that restructures a provision replaces it whole
        if (rid := new_of.get(b, b)) in by_eid:
            by.setdefault(by_eid[rid], who)
    bracketed: dict[str, tuple[Edit, ...]] = {}  # base eId -> edits, each naming its proposal
    contested: set[str] = set()  # attributions with an alternative in some bracket
    for chs in textual:
        for eid, sides in sorted(_side_edits(base, chs).items()):
            el = by_eid[new_of.get(eid, eid)]
            old = tokens_of(base.by_eid[eid])
            edits, found = inline_brackets(old, sorted(sides), el.get("eId") or eid)
            set_tokens(el, apply_edits(old, edits))
            bracketed[eid] = edits
            contested.update(p for _, options in found for _, who, _ in options for p in who.split("+"))
    adds = {c.attribution: (c.target, c.pos or "after") for c in cons.changes if c.action == "ADD"}
    anchors = {el: adds[who] for el, who in by.items() if who in adds}  # where apply inserted
    touched: list[etree._Element] = []
    for n, (kind, chs) in enumerate(provision_level, start=1):
        touched.append(provision_alternatives(base, chs, kind, by_eid, new_of, f"brk_{n}", anchors))
        for el in touched[-1].iter():
            if el.get(rdp("bracket")) == f"brk_{n}":
                by[el] = el.get(rdp("by")) or ""
                if el.get("alternativeTo") is None and kind != "add-add":
                    top = topmost(base, chs).get("eId") or ""
                    origin[el] = top
                    # its parts are named after its eId in the draft, which a renumbering moves
                    head = (el.get("eId") or "") + "__"
                    for sub in el.iterdescendants():
                        sid = sub.get("eId") or ""
                        sid = f"{top}__{sid[len(head) :]}" if sid.startswith(head) else sid
                        if sid in base.by_eid:
                            origin[sub] = sid
    if touched:
        renumber_with_alternatives(root[0], touched)
    removed = dict(cons.removed)
    for group in list(root[0].iter(q("recitals"), q("hcontainer"))):
        if group in origin and drop_emptied_group(group, origin[group], base.by_eid, removed):
            origin.pop(group)  # proposals deleted every item between them
    if textual or provision_level:  # brackets name their proposers with refersTo
        declare_proposers(root, docs)
    draft = Resolution(etree.ElementTree(root), "<merged draft>")
    merged = {eid: tuple(x for x in edits if not _is_bracket(x)) for eid, edits in bracketed.items()}
    applied = {change_key(c) for chs in textual for c in chs if c.attribution not in contested}
    notes = _notes(cons, changes, exclude - applied, duplicates, merged)
    return Merge(
        draft,
        base,
        tuple(docs),
        list_brackets(draft),
        notes,
        origin,
        by,
        _Overlay(bracketed, cons.edits),  # the consolidation's are diffed when read
        removed,
    )


class _Overlay(Mapping[str, tuple[Edit, ...]]):
    """The edits of the provisions with inline brackets over those ``apply`` recorded."""

    def __init__(self, top: dict[str, tuple[Edit, ...]], under: Mapping[str, tuple[Edit, ...]]) -> None:
        self.top, self.under = top, under

    def __getitem__(self, eid: str) -> tuple[Edit, ...]:
        return self.top[eid] if eid in self.top else self.under[eid]

    def __iter__(self) -> Iterator[str]:
        return iter([*self.top, *(eid for eid in self.under if eid not in self.top)])

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, eid: object) -> bool:
        return eid in self.top or eid in self.under


def _is_bracket(edit: Edit) -> bool:
    return any(t.startswith(TAG + "<inline ") and ' name="brackets"' in t for t in edit.new)


def _notes(
    cons: Consolidation,
    changes: list[Change],
    exclude: set[tuple[str, str]],
    duplicates: set[tuple[str, str]],
    merged: dict[str, tuple[Edit, ...]],
) -> tuple[MergeNote, ...]:
    """What combined without brackets, for the report; ``merged``: the edits written beside
    inline brackets (their changes are in ``exclude`` only if they have an alternative)."""
    notes: list[MergeNote] = []
    recorded = cons.edits
    several = recorded.by_several() if isinstance(recorded, RecordedEdits) else recorded.items()
    for eid, edits in sorted([*several, *merged.items()], key=lambda kv: kv[0]):  # single MODs: no diff
        who = sorted({b for e in edits for b in (e.by or "").split("+") if b})
        if len({w.split("/")[0] for w in who}) > 1:
            notes.append(
                MergeNote("same-provision", eid, tuple(who), "word-level edits that do not overlap, merged")
            )
    for ch in changes:
        if ch.action == "NOC":
            notes.append(
                MergeNote("no-change", ch.target, (ch.attribution,), "the proposer asks for no change")
            )
        elif change_key(ch) in duplicates:
            notes.append(
                MergeNote("same-change", ch.target, (ch.attribution,), "the same insertion, made once")
            )
        elif change_key(ch) not in exclude:
            notes.append(MergeNote("combined", ch.target, (ch.attribution,), f"{ch.action} applied"))
    return tuple(notes)
