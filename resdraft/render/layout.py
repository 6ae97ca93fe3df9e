"""The printed layout of a resolution or a redline, shared by the DOCX, HTML and Markdown renderers.

A redline's provisions become paragraphs as an ITU text sets them: the title block, the enacting
formula, keyword lines, numbered items with hanging indents, annexes. A paragraph is a list of
runs, each with its revision op and proposer, and a paragraph mark that may itself be inserted or
deleted (a paragraph added or removed whole, or split or joined). Every renderer shows the same
thing, and DOCX writes it as native revisions whose "accept all" gives the new text exactly.
A clean text is the redline of a document against itself: one code path for both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from lxml import etree

from ..akn import NS, q, rdp
from ..brackets import removal_text
from ..model import Change, Document, Resolution
from ..redline import DELETE, EQUAL, INSERT, ProvisionChange, Redline, diff_documents
from ..tokens import BLOCK, TAG, edits_between, render_segments, split_words, tokens_of
from .page import KEYWORD_TAGS, Block, Layout, Note, Para, Run, attachment, proposer_of

_KIND_ACTION = {"added": "ADD", "removed": "SUP", "modified": "MOD"}
_ITEM_PARTS = ("rec_", "para_", "point_", "subpara_", "list_")


def _text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _diff_runs(old: str, new: str) -> list[Run]:
    a, b = split_words(old), split_words(new)
    return [
        Run(op, "".join(toks)) for op, toks, _ in render_segments(a, edits_between(a, b)) if "".join(toks)
    ]


def _title_block(old: Document, new: Document) -> Block:
    def parts(d: Document) -> tuple[str, str]:
        pre = d.doc.find(q("preface"))
        if pre is None:
            return d.name.upper(), ""
        long = pre.find(q("longTitle"))
        title = pre.find(f".//{q('docTitle')}")
        return (_text(long).upper() or d.name.upper()), _text(title)

    (h0, t0), (h1, t1) = parts(old), parts(new)
    paras = [Para("resno", runs=_diff_runs(h0, h1))]
    if t0 or t1:
        paras.append(Para("restitle", runs=[Run(r.op, r.text, bold=True) for r in _diff_runs(t0, t1)]))
    return Block("", "title", "preface", paras)


def _annex_block(att: str, old: Document, new: Document) -> Block:
    def lines(d: Document) -> list[str]:
        for el in d.doc.iter(q("attachment")):
            if el.get("eId") == att:
                found = el.xpath("./a:doc/a:preface/a:p", namespaces=NS)
                return [_text(p) for p in found] if isinstance(found, list) else []
        return []

    a, b = lines(old), lines(new)
    paras: list[Para] = []
    for i in range(max(len(a), len(b))):
        role = "annexno" if i == 0 else "annextitle"
        runs = _diff_runs(a[i] if i < len(a) else "", b[i] if i < len(b) else "")
        if role == "annexno":
            runs = [Run(r.op, r.text.upper()) for r in runs]
        else:
            runs = [Run(r.op, r.text, bold=True) for r in runs]
        paras.append(Para(role, runs=runs))
    return Block(att, "annex", "attachment", paras)


def _level(e: ProvisionChange) -> int:
    return max(1, sum(1 for part in e.eid.split("__") if part.startswith(_ITEM_PARTS)))


def _entry_paras(e: ProvisionChange) -> tuple[list[Para], list[Para]]:
    """The entry's paragraphs before its child provisions, and those after them (wrapUp)."""
    role = "call" if e.tag in KEYWORD_TAGS else "formula" if e.tag == "formula" else "item"
    level = _level(e) if role == "item" else 0
    paras: list[Para] = []
    paths: list[str] = []
    cur: Para | None = None
    stacks: dict[int, list[str]] = {DELETE: [], INSERT: []}

    def fmt(op: int) -> list[str]:
        return stacks[DELETE] if op == DELETE else stacks[INSERT]

    # Consecutive words with the same op, proposer and face make one run: their texts wait here
    # and are joined once (adding them to the last run one by one copied it each time).
    pending: list[str] = []
    face: tuple[int, str | None, bool, bool, bool] | None = None

    def flush() -> None:
        if pending:
            assert cur is not None and face is not None
            op, by, italic, bold, sup = face
            cur.runs.append(Run(op, "".join(pending), by, italic, bold, sup))
            pending.clear()

    for op, toks, by in render_segments(e.old_tokens, e.edits):
        for t in toks:
            if t.startswith(BLOCK):
                flush()
                face = None
                if cur is not None and not cur.runs and cur.start != EQUAL and cur.start == -op:
                    cur.start, cur.start_by = EQUAL, None  # one paragraph whose kind changed
                    if op == INSERT:
                        paths[-1] = t[1:]
                    continue
                cur = Para(role, level, start=op, start_by=by)
                paras.append(cur)
                paths.append(t[1:])
            elif t.startswith(TAG):
                closing = t.startswith(TAG + "</")
                name = t[2:-1].lstrip("/").split(" ", 1)[0]
                for side in (DELETE, INSERT) if op == EQUAL else (op,):
                    if closing and name in stacks[side]:
                        stacks[side].reverse()
                        stacks[side].remove(name)
                        stacks[side].reverse()
                    elif not closing:
                        stacks[side].append(name)
            else:
                if cur is None:
                    cur = Para(role, level)
                    paras.append(cur)
                    paths.append("p")
                text = " " if t.isspace() else t
                if text == " " and op == EQUAL and not cur.runs and not pending:
                    continue
                f = fmt(op)
                this = (op, by, "i" in f or role == "call", "b" in f, "sup" in f)
                if this != face:
                    flush()
                    face = this
                pending.append(text)
    flush()
    for p in paras:
        if p.runs and p.runs[-1].op == EQUAL and p.runs[-1].text.endswith(" "):
            last = p.runs[-1]
            p.runs[-1] = Run(last.op, last.text.rstrip(), last.by, last.italic, last.bold, last.sup)
    before = [p for p, path in zip(paras, paths, strict=True) if not path.startswith("wrapUp")]
    after = [p for p, path in zip(paras, paths, strict=True) if path.startswith("wrapUp")]
    if role == "item":
        for i, p in enumerate([*before, *after]):
            if i > 0 or p in after:
                p.role = "text"
    if before and before[0].role == "item":
        _number(e, before[0])
    _marks(before)
    _marks(after)
    return before, after


def _number(e: ProvisionChange, p: Para) -> None:
    by = e.by[0] if e.by else None
    if e.kind == "added":
        p.num, p.tab = [Run(INSERT, e.new_num or "", by)], INSERT
    elif e.kind == "removed":
        p.num, p.tab = [Run(DELETE, e.old_num or "", by)], DELETE
    elif e.old_num != e.new_num:  # the proposal that renumbered it, if another changed its words
        who = e.renumbered_by or by
        p.num = [Run(DELETE, e.old_num or "", who), Run(INSERT, e.new_num or "", who)]
    else:
        p.num = [Run(EQUAL, e.new_num or "")]
    p.num = [r for r in p.num if r.text]
    if not p.num:
        p.tab = EQUAL


def _marks(paras: list[Para]) -> None:
    """A paragraph break inserted or deleted: on the paragraph's own mark when the paragraph is
    added or removed whole, else on the mark of the paragraph before it (a split or a join)."""
    for i, p in enumerate(paras):
        if p.start == EQUAL:
            continue
        if p.ops() <= {p.start} or i == 0:
            p.mark, p.mark_by, p.whole = p.start, p.start_by, True
        else:
            paras[i - 1].mark, paras[i - 1].mark_by = p.start, p.start_by


def notes_of(changes: Sequence[Change]) -> dict[str, Note]:
    return {
        ch.attribution: Note(
            ch.action, ch.attribution, ch.document.date, ch.reasons, proposer_of(ch.proposal_id), ch.target
        )
        for ch in changes
    }


def _margin(b: Block, e: ProvisionChange, notes: dict[str, Note]) -> None:
    parts = [p for by in e.by for p in by.split("+")]
    bracket = "[" if getattr(e, "bracket", None) else ""
    if e.kind != "unchanged":
        b.tags = [(bracket + (notes[p].action if p in notes else _KIND_ACTION[e.kind]), p) for p in parts]
        if not parts:
            b.tags = [(_KIND_ACTION[e.kind], "")]
    elif e.renumbered or e.moved:
        b.tags = [("(R)" if e.renumbered else "MOV", p) for p in parts] or [("(R)", "")]


def layout_redline(
    r: Redline, old: Document, new: Document, changes: Sequence[Change] = (), *, redline: bool = True
) -> Layout:
    """The redline of ``old`` against ``new`` laid out; ``changes`` gives actions and Reasons."""
    notes = notes_of(changes)
    blocks = [_title_block(old, new)]
    deferred: list[tuple[int, Block]] = []
    seen_att: set[str] = set()
    group = ""

    def flush(level: int) -> None:
        while deferred and deferred[-1][0] >= level:
            blocks.append(deferred.pop()[1])

    brackets = {el.get("eId"): el for el in new.doc.iter() if el.get(rdp("bracket")) and el.get("eId")}
    for e in r.entries:
        e = _bracketed(e, brackets.get(e.eid), redline)
        att = attachment(e.eid)
        level = 0 if e.tag in KEYWORD_TAGS else _level(e)
        flush(level)
        if att and att not in seen_att:
            flush(0)
            seen_att.add(att)
            blocks.append(_annex_block(att, old, new))
        if e.tag in KEYWORD_TAGS:
            group = e.eid
        before, after = _entry_paras(e)
        b = Block(e.eid, e.kind, e.tag, before, e.old_eid, e.changed, group=group)
        _margin(b, e, notes)
        blocks.append(b)
        if after:
            deferred.append((level, Block("", e.kind, e.tag, after, e.old_eid, e.changed, group=group)))
    flush(0)
    _place_notes(blocks, notes, r)
    labels = list(dict.fromkeys(p.label for p in r.proposers))
    for e in r.entries:
        for by in e.by:
            for part in by.split("+"):
                if proposer_of(part) not in labels:
                    labels.append(proposer_of(part))
    return Layout(
        heading=(f"Redline of {r.old_name}" if redline else new.name) or "resolution",
        lang=new.language,
        date=new.expression_date,
        redline=redline,
        blocks=blocks,
        labels=tuple(labels),
        proposers=r.proposers,
        old_expression=r.old_expression,
        new_expression=r.new_expression,
        counts=r.counts(),
        notes=notes,
    )


def _bracketed(e: ProvisionChange, el: etree._Element | None, redline: bool) -> ProvisionChange:
    """A provision in a bracket of a merged draft reads "[CHN: text]", or "[RCC: delete]" for an
    alternative that deletes it. An alternative (``alternativeTo``) is not in the base: in a
    redline it is added whole, so that rejecting every change gives the base text."""
    if el is None:
        return e
    by = el.get(rdp("by")) or (e.by[0] if e.by else None)
    label = proposer_of(by or "")
    toks = tokens_of(el)
    head = toks[:1] if toks and toks[0].startswith(BLOCK) else ()
    if el.get("status") == "removed":
        toks = (*head, *split_words(removal_text(label)))
    else:
        toks = (*head, *split_words(f"[{label}: "), *toks[len(head) :], "]")
    num = el.find(q("num"))
    new_num = _text(num) if num is not None else None
    if not redline:
        return replace(e, old_tokens=toks, edits=(), old_num=new_num, new_num=new_num)
    if el.get("alternativeTo") or not e.old_eid:
        return replace(
            e,
            kind="added",
            old_eid=None,
            old_num=None,
            new_num=new_num,
            old_tokens=(),
            edits=edits_between((), toks, by),
        )
    base = e.old_tokens
    return replace(e, kind="modified", new_num=new_num, edits=edits_between(base, toks, by))


def _place_notes(blocks: list[Block], notes: dict[str, Note], r: Redline) -> None:
    """Each proposal's note starts at the first provision it changes and ends at the last."""
    for attribution, note in notes.items():
        hit = [
            b
            for b in blocks
            if b.kind in ("added", "removed", "modified") and any(t[1] == attribution for t in b.tags)
        ]
        if not hit and note.action == "NOC":
            target = next((e for e in r.entries if e.old_eid and e.old_eid == note.target), None)
            hit = [b for b in blocks if target is not None and b.eid == target.eid and b.paras]
            for b in hit:
                b.tags.append(("NOC", attribution))
        if hit:
            hit[0].starts.append(note)
            hit[-1].ends.append(note)


def layout_resolution(res: Resolution) -> Layout:
    """The clean text: the redline of the resolution against itself, laid out."""
    return layout_redline(diff_documents(res, res), res, res, redline=False)
