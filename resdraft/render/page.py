"""The laid-out page shared by the DOCX, HTML and Markdown renderers: runs, paragraphs,
provisions (blocks) and proposal notes. ``layout.py`` builds it from a redline."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..redline import EQUAL, Proposer

KEYWORD_TAGS = ("recitals", "hcontainer")
_RTL = {"ara", "heb", "fas", "per", "urd", "pus", "syr", "div", "yid"}
_LANG = {
    "eng": "en",
    "fra": "fr",
    "fre": "fr",
    "spa": "es",
    "ara": "ar",
    "rus": "ru",
    "zho": "zh",
    "chi": "zh",
}


def proposer_of(by: str) -> str:
    """ "RCC/13/1 (RUS, ARM)" -> "RCC": the proposal id's group prefix."""
    return by.split("/", 1)[0].split(" ", 1)[0]


def proposal_id(by: str) -> str:
    """ "RCC/13/1 (RUS, ARM)" -> "RCC/13/1"."""
    return by.split(" ", 1)[0]


def html_lang(code: str) -> str:
    """FRBR language (ISO 639-2, "eng") -> BCP 47 ("en")."""
    return _LANG.get(code, code[:2] if len(code) == 3 else code) or "en"


def is_rtl(code: str) -> bool:
    return code in _RTL or html_lang(code) in {"ar", "he", "fa", "ur", "ps", "yi"}


@dataclass(frozen=True, slots=True)
class Run:
    op: int
    text: str
    by: str | None = None
    italic: bool = False
    bold: bool = False
    sup: bool = False


@dataclass(slots=True)
class Para:
    """One printed paragraph. ``mark`` is the op of its paragraph mark; ``whole`` says the
    mark's op is the whole paragraph's (added or removed whole), not a split or a join."""

    role: str  # resno, restitle, formula, call, item, text, annexno, annextitle
    level: int = 0
    num: list[Run] = field(default_factory=list)
    tab: int = EQUAL
    runs: list[Run] = field(default_factory=list)
    mark: int = EQUAL
    mark_by: str | None = None
    whole: bool = False
    start: int = EQUAL
    start_by: str | None = None

    def ops(self) -> set[int]:
        return {r.op for r in (*self.num, *self.runs) if r.text}


@dataclass(frozen=True, slots=True)
class Note:
    """A proposal shown alongside the text: its action symbol and Reasons."""

    action: str
    attribution: str
    date: str
    reasons: str
    label: str
    target: str = ""


@dataclass(slots=True)
class Block:
    """A provision (or the title block, or an annex heading) and what the margin says of it."""

    eid: str
    kind: str  # unchanged, modified, added, removed, title, annex
    tag: str
    paras: list[Para]
    old_eid: str | None = None
    changed: bool = False
    tags: list[tuple[str, str]] = field(default_factory=list)  # (action, attribution)
    starts: list[Note] = field(default_factory=list)
    ends: list[Note] = field(default_factory=list)
    group: str = ""


@dataclass(slots=True)
class Layout:
    heading: str
    lang: str
    date: str
    redline: bool
    blocks: list[Block]
    labels: tuple[str, ...] = ()
    proposers: tuple[Proposer, ...] = ()
    old_expression: str = ""
    new_expression: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)

    def changes_only(self) -> Layout:
        """The changed provisions and the keyword groups and annex headings holding them."""
        groups = {b.group for b in self.blocks if b.changed or b.tags}
        annexes = {(attachment(g) or "") for g in groups}
        keep = [
            b
            for b in self.blocks
            if b.changed
            or b.tags
            or b.kind == "title"
            or (b.tag in KEYWORD_TAGS and b.eid in groups)
            or (b.kind == "annex" and b.eid in annexes)
        ]
        return replace(self, blocks=keep)


def attachment(eid: str) -> str | None:
    head = eid.split("__", 1)[0]
    return head if head.startswith("att_") and "__" in eid else None
