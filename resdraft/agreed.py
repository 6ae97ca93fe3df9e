"""The agreed text a review session's decisions give, and the report of what became of each change.

Rejected changes are left out; accepted and edited ones are merged (an edit gives the words of the
provision and replaces the other proposals on it); where accepted changes still conflict, the
brackets of ``merge`` remain. A change kept in brackets, or not decided yet, is bracketed against
the base text: ``[RCC: new words] [base: old words]`` inline, or the whole provision against its
absence (an insertion) or against the provision kept (a deletion). The result is a negotiation
draft that ``resdraft resolve`` settles further (``--pick EID=base`` keeps the base text); every
decision is recorded in ``rdp:decision`` metadata under one lifecycle event.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from dataclasses import asdict, dataclass
from typing import Any

from lxml import etree

from .akn import RDP, E, q, rdp
from .alternatives import declare_proposers
from .amend import change_key
from .blocks import set_tokens
from .brackets import (
    Bracket,
    alternative_tokens,
    alternatives_of,
    balanced_range,
    list_brackets,
    proposer_refs,
)
from .eids import rewrite_prefix
from .expression import meta_section
from .merge import Merge, merge_proposals
from .model import Resolution, label_of
from .quotes import subtree
from .session import STATES, ChangeState, Decision, Drift, Review, Session, SessionError, drift, paragraphs
from .tokens import (
    BLOCK,
    TAG,
    Edit,
    apply_edits,
    is_markup,
    split_blocks,
    split_words,
    tag_token,
    tokens_of,
    words,
)


@dataclass(frozen=True, slots=True)
class Row:
    """One change in the report: what was decided and what became of it."""

    change: str
    proposer: str
    action: str
    provision: str
    state: str
    outcome: str
    decision: Decision | None
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    draft: Resolution
    brackets: tuple[Bracket, ...]
    rows: tuple[Row, ...]
    texts: dict[str, tuple[str, ...]]  # change -> how its provisions read in the draft


def _trim(toks: Sequence[str]) -> tuple[bool, list[str], bool]:
    """Tokens without white space at either end, and whether there was some."""
    body = list(toks)
    lead = bool(body) and not body[0].strip()
    while body and not body[0].strip():
        body.pop(0)
    trail = bool(body) and not body[-1].strip()
    while body and not body[-1].strip():
        body.pop()
    return lead, body, trail


def _space(toks: Sequence[str], at: int) -> bool:
    return bool(toks) and not toks[at].strip()


def _bracket_words(el: etree._Element, base: tuple[str, ...], edits: Sequence[Edit], wrap: set[str]) -> None:
    """Write ``edits`` into ``el``, those by ``wrap`` as [proposer: new] [base: old] brackets."""
    out: list[Edit] = []
    taken = sum(1 for x in el.iter() if (x.get("eId") or "").rsplit("__", 1)[-1].startswith("brk_"))
    pending = sorted(edits, key=lambda e: (e.start, e.end))
    while pending:
        e = pending.pop(0)
        if not set((e.by or "").split("+")) <= wrap:
            out.append(e)
            continue
        s, end = balanced_range(base, e.start, e.end)
        floor = max((x.end for x in out), default=0)
        while True:  # widen by a word until the base and the proposal agree on their edge spaces,
            group = [e, *[x for x in pending if x.start < end]]  # so resolving either way spaces right
            end = max(end, *(x.end for x in group))
            new = apply_edits(base[s:end], [Edit(x.start - s, x.end - s, x.new, x.by) for x in group])
            if _space(base[s:end], 0) != _space(new, 0) and s > floor and not is_markup(base[s - 1]):
                s -= 1
            elif _space(base[s:end], -1) != _space(new, -1) and end < len(base) and not is_markup(base[end]):
                end += 1
            else:
                break
        pending = [x for x in pending if x not in group]
        by = "+".join(dict.fromkeys(x.by or "" for x in group))
        taken += 1
        bid = f"{el.get('eId')}__brk_{taken}"
        label = "+".join(dict.fromkeys(p.split("/")[0] for p in by.split("+")))
        old, mine = _trim(base[s:end]), _trim(new)
        attrs = {"name": "brackets", "eId": bid, rdp("base"): words(old[1]), rdp("conflict"): "undecided"}
        toks = [tag_token("inline", attrs),
                *alternative_tokens(bid, 1, by, label, mine[1])]  # fmt: skip
        if old[1]:  # a pure insertion has one alternative; resolving it to "base" drops it
            toks += [" ", *alternative_tokens(bid, 2, "base", "base", old[1])]
        lead = " " if old[0] or mine[0] else ""
        trail = " " if old[2] or mine[2] else ""
        out.append(Edit(s, end, (*lead, *toks, TAG + "</inline>", *trail), None))
    set_tokens(el, apply_edits(base, out))


def _bracket_whole(main: etree._Element, by: str, kind: str, n: int, *, removed: bool,
                   base: etree._Element | None = None) -> None:  # fmt: skip
    """[proposer: main] against [base: a copy, or ``base``]; ``removed``: main is a deletion."""
    alt = deepcopy(main if base is None else base)
    eid = main.get("eId") or ""
    num, alt_num = main.find(q("num")), alt.find(q("num"))
    if num is not None and alt_num is not None:
        alt_num.text = num.text
    rewrite_prefix(alt, alt.get("eId") or "", f"{eid}-alt2")
    alt.set("eId", f"{eid}-alt2")
    if base is None:  # an insertion against its absence, or a deletion against the text kept
        (main if removed else alt).set("status", "removed")
    for el, who, k in ((main, by, "1"), (alt, "base", "2")):
        el.set(rdp("bracket"), f"rev_{n}")
        el.set(rdp("by"), who)
        el.set(rdp("alt"), k)
    main.set("refersTo", proposer_refs(by))
    main.set(rdp("conflict"), kind)
    alt.set("alternativeTo", eid)
    main.addnext(alt)


def finish(s: Session, review: Review, *, date: str, force: bool = False) -> Outcome:
    """The negotiation draft the session's decisions give (see the module docstring)."""
    found = drift(s, review)
    if found.affected and not force:
        n = len(found.affected)
        raise SessionError(f"{n} decision{'s were' if n != 1 else ' was'} taken on texts that have changed since",
                           source=s.path, hint="review them again (resdraft review --session FILE), or --force")  # fmt: skip
    known = s.states()
    states = {cid: known.get(cid, ChangeState()) for cid in review.changes}
    chs = review.changes
    left_out = {cid for cid, st in states.items() if st.state == "rejected"}
    superseded: dict[str, str] = {}
    for cid, st in states.items():
        if st.state == "edited" and chs[cid].action != "ADD":
            if chs[cid].action == "SUP":
                left_out.add(cid)
            for other, och in chs.items():
                same = other != cid and och.action != "ADD" and och.target == chs[cid].target
                if same and states[other].state not in ("edited", "rejected"):
                    superseded[other] = cid
    open_ = {c for c, st in states.items() if st.state in ("pending", "bracketed") and c not in superseded}

    def run(out: set[str]) -> tuple[Merge, set[str]]:
        m = merge_proposals(review.base, review.docs, date=date, rejected={change_key(chs[c]) for c in out})
        fought = {i for b in m.conflicts for i in _ids(b)}
        return m, fought

    m, fought = run(left_out | set(superseded))
    sups = {c for c in open_ if chs[c].action == "SUP" and c not in fought}
    if sups:  # a deletion kept in brackets is bracketed against the provision kept as it is
        m, fought = run(left_out | set(superseded) | sups)
    root = m.draft.root
    at: dict[str, etree._Element] = {b: el for el, b in m.origin.items() if el.get("alternativeTo") is None}
    added: dict[str, list[etree._Element]] = {}
    for el in root.iter():
        who = m.by.get(el)
        parent = el.getparent()
        if who and (parent is None or m.by.get(parent) != who) and el.get(rdp("bracket")) is None:
            added.setdefault(who.split(" ")[0], []).append(el)

    def places(cid: str) -> list[etree._Element]:
        ch = chs[cid]
        if ch.action == "ADD":
            return added.get(cid, [])
        return [at[ch.target]] if ch.target in at else []

    for cid, st in states.items():
        if st.state == "edited" and cid not in fought:
            subs = [sub for el in places(cid) for sub in subtree(el)]
            paras = iter(paragraphs(st.text or ""))
            for sub in subs:
                set_tokens(sub, [t for path, _ in split_blocks(tokens_of(sub))
                                 for t in (BLOCK + path, *split_words(next(paras, "")))])  # fmt: skip
    wrap = {chs[c].attribution for c in open_ if chs[c].action == "MOD" and c not in fought}
    for eid, edits in m.edits.items():
        if eid in at and any(set((e.by or "").split("+")) <= wrap for e in edits):
            _bracket_words(at[eid], tokens_of(review.base.by_eid[eid]), edits, wrap)
    n = 0
    for cid in sorted(open_ - fought):
        ch, kind = chs[cid], "bracketed" if states[cid].state == "bracketed" else "undecided"
        old = review.base.by_eid[ch.target]
        structural = ch.action == "MOD" and not any(_eid(e) in m.edits for e in subtree(old))
        if ch.action in ("ADD", "SUP") or structural:
            for el in places(cid):
                n += 1
                _bracket_whole(el, ch.attribution, kind, n, removed=ch.action == "SUP",
                               base=old if structural else None)  # fmt: skip
    if wrap or n:
        declare_proposers(root, list(review.docs))
    _record(root, s, date)
    draft = Resolution(etree.ElementTree(root), "<reviewed draft>")
    rows, texts = [], {}
    for cid, ch in chs.items():
        st = states[cid]
        texts[cid] = tuple(_reads(x) for el in places(cid) for x in [el, *alternatives_of(el)])
        if cid in fought:
            others = {o for b in m.conflicts if cid in (ids := _ids(b)) for o in ids - {cid}}
            outcome = "in brackets: conflicts with " + ", ".join(sorted(others))
        elif cid in superseded:
            outcome = f"left out: the agreed text of {superseded[cid]} replaces it"
        else:
            outcome = {"accepted": "applied", "rejected": "left out", "edited": "agreed text",
                       "bracketed": "in brackets", "pending": "in brackets (not decided)"}[st.state]  # fmt: skip
            outcome = "no change" if ch.action == "NOC" and st.state != "rejected" else outcome
        where = label_of(review.base.by_eid[ch.target])
        if ch.action == "ADD":
            where = f"new, {_WHERE.get(ch.pos or 'after', 'after')} {where}"
        rows.append(Row(cid, ch.document.label, ch.action, where, st.state, outcome, st.decision,
                        tuple(x.text or "" for x in st.notes)))  # fmt: skip
    return Outcome(draft, list_brackets(draft), tuple(rows), texts)


_WHERE = {"before": "before", "after": "after", "start": "at the start of", "end": "at the end of"}


def _ids(b: Bracket) -> set[str]:
    return {p.split(" ")[0] for a in b.alternatives for p in a.by.split("+") if p}


def _eid(el: etree._Element) -> str:
    return el.get("eId") or ""


def _reads(el: etree._Element) -> str:
    num = el.find(q("num"))
    head = (num.text or "").strip() + " " if num is not None and num.text else ""
    text = " ".join(words(tokens_of(sub)) for sub in subtree(el))
    who = el.get(rdp("by"))
    if el.get("status") == "removed":
        text = "(not inserted)" if who == "base" else f"(deleted) {head}{text}"
    else:
        text = head + text
    return f"[{who.split('/')[0].split(' ')[0]}: {text}]" if who else text


def _record(root: etree._Element, s: Session, date: str) -> None:
    meta = root[0].find(q("meta"))
    assert meta is not None
    life = meta_section(meta, "lifecycle")
    evt = f"evt_{len(life.findall(q('eventRef'))) + 1}"
    life.append(E("eventRef", eId=evt, date=date, source="#original", type="amendment"))
    prop = meta_section(meta, "proprietary")
    for cid, st in s.states().items():
        if st.decision is None and not st.notes:
            continue
        d = st.decision or st.notes[-1]
        attrs = {"proposal": cid, "decision": st.state, "by": d.who, "date": d.when[:10], "time": d.when,
                 "event": "#" + evt}  # fmt: skip
        if st.notes:
            attrs["note"] = " / ".join(x.text or "" for x in st.notes)
        prop.append(
            RDP("decision", st.text or "", **attrs) if st.state == "edited" else RDP("decision", **attrs)
        )


def report_dict(s: Session, outcome: Outcome, found: Drift) -> dict[str, Any]:
    return {
        "session": str(s.path),
        "changed_files": list(found.files),
        "affected": [{"change": d.change, "reason": why} for d, why in found.affected],
        "counts": {st: sum(1 for r in outcome.rows if r.state == st) for st in STATES},
        "brackets_remaining": len(outcome.brackets),
        "changes": [
            {
                "change": r.change,
                "proposer": r.proposer,
                "action": r.action,
                "provision": r.provision,
                "state": r.state,
                "outcome": r.outcome,
                "who": r.decision.who if r.decision else None,
                "when": r.decision.when if r.decision else None,
                "text": r.decision.text if r.decision else None,
                "notes": list(r.notes),
            }
            for r in outcome.rows
        ],
        "journal": [{k: v for k, v in asdict(d).items() if v is not None} for d in s.decisions],
    }
