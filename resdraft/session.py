"""Review sessions: a decision on each proposal, kept in a JSON file, and the text they agree.

The session file names the resolution and the proposal files (with their sha256 when the session
began), where the reviewer was, and a journal of decisions: ``accept``, ``reject``, ``bracket``
(keep in square brackets), ``edit`` (agreed text), ``note`` and ``undo``. Nothing is ever taken
out of the journal: an undo deactivates the latest active entry. A change's state is what its
last active decision says (``pending`` if none). Each decision carries fingerprints of the change
and of its target's text, so a session reopened on changed files can name the decisions affected.

:func:`resdraft.agreed.finish` turns the decisions into the agreed text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from lxml import etree

from .errors import InputError
from .marks import accept
from .merge import canonical_order
from .model import Change, ProposalDoc, Resolution, label_of
from .quotes import subtree, subtree_words
from .tokens import (
    split_blocks,
    tokens_of,
    words,
)
from .write import write_atomic

FORMAT = "resdraft-review-session/1"
VERBS = {"accept": "accepted", "reject": "rejected", "bracket": "bracketed", "edit": "edited"}
STATES = ("pending", "accepted", "rejected", "bracketed", "edited")


class SessionError(InputError):
    """A session file that cannot be read, or a decision that cannot be taken."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str  # as stored: relative to the session file's folder where possible
    sha256: str


@dataclass(frozen=True, slots=True)
class Decision:
    seq: int
    change: str  # the proposal id, e.g. "RCC/13/5"
    verb: str  # accept | reject | bracket | edit | note | undo
    who: str
    when: str  # ISO 8601, UTC
    text: str | None = None  # agreed text (edit) or the note (note)
    undoes: int | None = None
    change_sha: str = ""
    target_sha: str = ""


@dataclass(frozen=True, slots=True)
class View:
    """Where the reviewer was: restored when the session is reopened."""

    selected: str | None = None
    proposer: str | None = None
    state: str | None = None
    search: str = ""


@dataclass(frozen=True, slots=True)
class ChangeState:
    state: str = "pending"
    decision: Decision | None = None
    text: str | None = None
    notes: tuple[Decision, ...] = ()


@dataclass(frozen=True, slots=True)
class Session:
    path: Path
    resolution: SourceFile
    proposals: tuple[SourceFile, ...]
    created: str
    decisions: tuple[Decision, ...] = ()
    view: View = field(default_factory=View)

    def file(self, src: SourceFile) -> Path:
        p = Path(src.path)
        return p if p.is_absolute() else (self.path.parent / p)

    def active(self) -> tuple[Decision, ...]:
        live: list[Decision] = []
        for d in self.decisions:
            if d.verb == "undo":
                live = [x for x in live if x.seq != d.undoes]
            else:
                live.append(d)
        return tuple(live)

    def states(self) -> dict[str, ChangeState]:
        out: dict[str, ChangeState] = {}
        for d in self.active():
            st = out.get(d.change, ChangeState())
            if d.verb == "note":
                out[d.change] = replace(st, notes=(*st.notes, d))
            else:
                out[d.change] = replace(st, state=VERBS[d.verb], decision=d, text=d.text)
        return out

    def state(self, change: str) -> ChangeState:
        return self.states().get(change, ChangeState())


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _stored(path: Path, folder: Path) -> str:
    try:
        return os.path.relpath(path.resolve(), folder.resolve())
    except ValueError:  # another drive
        return str(path.resolve())


def begin(path: Path, resolution: Path, proposals: Sequence[Path], *, when: str | None = None) -> Session:
    folder = path.resolve().parent
    return Session(
        path,
        SourceFile(_stored(resolution, folder), sha256_file(resolution)),
        tuple(SourceFile(_stored(p, folder), sha256_file(p)) for p in proposals),
        when or now(),
    )


def to_json(s: Session) -> str:
    data = {
        "format": FORMAT,
        "created": s.created,
        "resolution": asdict(s.resolution),
        "proposals": [asdict(p) for p in s.proposals],
        "view": asdict(s.view),
        "decisions": [{k: v for k, v in asdict(d).items() if v is not None} for d in s.decisions],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def save_session(s: Session) -> None:
    """Atomically: a crash mid-write leaves the previous session file whole."""
    write_atomic(s.path, to_json(s))


def load_session(path: Path) -> Session:
    hint = "a session file is written by `resdraft review --session FILE`"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SessionError(f"cannot read the session: {exc}", source=path, hint=hint) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SessionError(f"not a review session (expected format {FORMAT})", source=path, hint=hint)
    try:
        return Session(
            path,
            SourceFile(**data["resolution"]),
            tuple(SourceFile(**p) for p in data["proposals"]),
            str(data["created"]),
            tuple(Decision(**d) for d in data.get("decisions", [])),
            View(**data.get("view", {})),
        )
    except (KeyError, TypeError) as exc:
        raise SessionError(f"the session file is damaged ({exc})", source=path, hint=hint) from None


@dataclass(frozen=True, slots=True)
class Review:
    """The texts a session works on, loaded: the base, the proposals, their changes by id."""

    base: Resolution
    docs: tuple[ProposalDoc, ...]
    changes: dict[str, Change]

    @classmethod
    def load(cls, s: Session) -> Review:
        for src in (s.resolution, *s.proposals):
            if not s.file(src).is_file():
                raise SessionError(f"{s.file(src)} is missing", source=s.path,
                                   hint="the session names its files relative to its own folder")  # fmt: skip
        docs = tuple(canonical_order([ProposalDoc.load(s.file(p)) for p in s.proposals]))
        changes: dict[str, Change] = {}
        for ch in (c for d in docs for c in d.changes):
            if ch.proposal_id in changes:
                raise SessionError(f"two changes are numbered {ch.proposal_id}", source=ch.document.source,
                                   hint="proposal ids identify changes in a review; renumber one")  # fmt: skip
            changes[ch.proposal_id] = ch
        return cls(Resolution.load(s.file(s.resolution)), docs, changes)

    def change(self, cid: str) -> Change:
        ch = self.changes.get(cid)
        if ch is None:
            raise SessionError(f"no change is numbered '{cid}'",
                               hint="known: " + ", ".join(self.changes))  # fmt: skip
        return ch

    def fingerprint(self, cid: str) -> tuple[str, str]:
        ch = self.change(cid)
        h = hashlib.sha256("\n".join([ch.action, ch.target, ch.pos or "", ch.reasons]).encode())
        for x in ch.quoted:
            h.update(etree.tostring(x, method="c14n"))
        target = self.base.by_eid.get(ch.target)
        words_ = subtree_words(target) if target is not None else ""
        return h.hexdigest()[:16], hashlib.sha256(words_.encode()).hexdigest()[:16]

    def versions(self, cid: str) -> list[etree._Element]:
        """The provisions an edit of the change gives the words of."""
        ch = self.change(cid)
        if ch.action in ("MOD", "ADD") and ch.quoted:
            return [sub for x in ch.quoted for sub in subtree(accept(x))]
        return subtree(self.base.by_eid[ch.target])

    def prefill(self, cid: str) -> str:
        """The text an edit starts from: one paragraph per block, blank lines between."""
        return "\n\n".join(words(t) for el in self.versions(cid) for _, t in split_blocks(tokens_of(el)))


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def decide(s: Session, review: Review, cid: str, verb: str, who: str, text: str | None = None,
           *, when: str | None = None) -> Session:  # fmt: skip
    """Record one decision (``accept``, ``reject``, ``bracket``, ``edit`` or ``note``)."""
    review.change(cid)
    if verb not in (*VERBS, "note"):
        raise SessionError(f"unknown decision '{verb}'", hint="accept, reject, bracket, edit or note")
    if verb in ("edit", "note") and not (text or "").strip():
        raise SessionError(f"{verb} needs a text", eid=cid)
    if verb == "edit":
        want = len(paragraphs(review.prefill(cid)))
        if len(paragraphs(text or "")) != want:
            raise SessionError(f"the agreed text of {cid} needs {want} paragraphs separated by blank lines",
                               eid=cid, hint="one paragraph per provision (and per intro or wrap-up)")  # fmt: skip
        text = "\n\n".join(paragraphs(text or ""))
    elif verb == "note":
        text = " ".join((text or "").split())
    else:
        text = None
    csha, tsha = review.fingerprint(cid)
    d = Decision(len(s.decisions) + 1, cid, verb, who, when or now(), text, None, csha, tsha)
    return replace(s, decisions=(*s.decisions, d))


def undo(s: Session, who: str, *, when: str | None = None) -> tuple[Session, Decision]:
    """Deactivate the latest active decision (it stays in the journal); return it."""
    live = s.active()
    if not live:
        raise SessionError("nothing to undo")
    last = live[-1]
    d = Decision(len(s.decisions) + 1, last.change, "undo", who, when or now(), None, last.seq)
    return replace(s, decisions=(*s.decisions, d)), last


@dataclass(frozen=True, slots=True)
class Drift:
    """What changed in the files since the session began, and which decisions it touches."""

    files: tuple[str, ...]
    affected: tuple[tuple[Decision, str], ...]


def drift(s: Session, review: Review) -> Drift:
    files = tuple(
        str(s.file(src)) for src in (s.resolution, *s.proposals) if sha256_file(s.file(src)) != src.sha256
    )
    affected: list[tuple[Decision, str]] = []
    # what a change's text depends on is its latest decision: one taken again after the files
    # changed replaces the stale one (notes shape no text, so they never need taking again)
    latest = {d.change: d for d in s.active() if d.verb != "note"}
    for d in latest.values() if files else ():
        if d.change not in review.changes:
            affected.append((d, "the proposals no longer contain this change"))
            continue
        csha, tsha = review.fingerprint(d.change)
        ch = review.changes[d.change]
        if csha != d.change_sha:
            affected.append((d, f"{ch.document.document_number} changed this proposal"))
        elif tsha != d.target_sha:
            affected.append((d, f"the text of {label_of(review.base.by_eid[ch.target])} changed"))
    return Drift(files, tuple(affected))


def parse_decision_lines(text: str, source: str = "<decisions>") -> list[tuple[int, str, str, str | None]]:
    """``ID accept|reject|bracket``, ``ID edit TEXT``, ``ID note TEXT``; ``#`` starts a comment line.
    In TEXT, ``\\n`` is a line break (a blank line separates the paragraphs of an edit)."""
    out: list[tuple[int, str, str, str | None]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split(None, 2)
        verb = parts[1] if len(parts) > 1 else ""
        arg = parts[2].replace("\\n", "\n") if len(parts) > 2 else None
        if verb not in (*VERBS, "note") or (verb in ("edit", "note")) != (arg is not None):
            raise SessionError(f"line {n} is not 'ID accept|reject|bracket' or 'ID edit|note TEXT'",
                               source=source, line=n, hint="e.g. RCC/13/5 accept; CHN/14/6 note see Doc 21")  # fmt: skip
        out.append((n, parts[0], verb, arg))
    return out


def apply_lines(s: Session, review: Review, text: str, who: str, source: str = "<decisions>") -> Session:
    """Take the decisions of a decisions file, in order; an error names its line."""
    for n, cid, verb, arg in parse_decision_lines(text, source):
        try:
            s = decide(s, review, cid, verb, who, arg)
        except SessionError as exc:
            raise SessionError(exc.message, source=source, line=n, hint=exc.hint) from None
    return s


def decision_lines(s: Session) -> str:
    """The active decisions as a decisions file: replaying it gives the same states and notes."""
    out = [f"# {s.path.name}: {len(s.active())} decisions"]
    for d in s.active():
        arg = " " + (d.text or "").replace("\n", "\\n") if d.verb in ("edit", "note") else ""
        out += [f"# {d.who}, {d.when}", f"{d.change} {d.verb}{arg}"]
    return "\n".join(out) + "\n"
