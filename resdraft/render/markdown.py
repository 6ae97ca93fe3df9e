"""Markdown with CriticMarkup revision marks, for email and code review.

``{++inserted++}``, ``{--deleted--}``, and ``{~~old~>new~~}`` where a deletion is directly
replaced by one proposer's insertion. Each changed provision starts with a CriticMarkup comment
naming the ITU action and proposal (``{>>MOD RCC/13/5 (RUS, ARM, KGZ, BLR)<<}``); where two
proposers change one provision each mark is followed by its proposer (``{>>CHN<<}``). Reasons
follow the provisions they explain. Document text is escaped so that it never turns into
Markdown or CriticMarkup syntax.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Change, Document, Resolution
from ..redline import DELETE, EQUAL, INSERT, Redline
from .layout import layout_redline, layout_resolution
from .page import Block, Layout, Para, Run, proposal_id, proposer_of

# Markdown emphasis, code and HTML; CriticMarkup delimiters; a link's "](". Square brackets
# are left alone: drafts are full of them and "[CHN: text]" is not Markdown syntax.
_SPECIAL = re.compile(r"([\\`*_<]|\{(?=[-+~>=])|(?<=[-+~<=])\}|(?<=~)>|(?<=\])\()")
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")


def escape(text: str) -> str:
    """Backslash-escape what Markdown or CriticMarkup would read as syntax."""
    return _SPECIAL.sub(r"\\\1", text)


def _styled(r: Run) -> str:
    text = escape(r.text)
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    if r.sup:
        core = f"<sup>{core}</sup>"
    if r.bold:
        core = f"**{core}**"
    if r.italic:
        core = f"*{core}*"
    return lead + core + trail


def _group(runs: Sequence[Run]) -> list[tuple[int, str | None, str]]:
    out: list[tuple[int, str | None, str]] = []
    for r in runs:
        if not r.text:
            continue
        text = _styled(r)
        if out and out[-1][0] == r.op and out[-1][1] == r.by:
            out[-1] = (r.op, r.by, out[-1][2] + text)
        else:
            out.append((r.op, r.by, text))
    return out


def _who(by: str | None) -> str:
    return "+".join(dict.fromkeys(proposer_of(b) for b in by.split("+"))) if by else ""


def _marks(runs: Sequence[Run], tagged: bool) -> str:
    parts = _group(runs)
    out: list[str] = []
    i = 0
    while i < len(parts):
        op, by, text = parts[i]
        tag = f"{{>>{_who(by)}<<}}" if tagged and by else ""
        if op == EQUAL:
            out.append(text)
        elif op == DELETE and i + 1 < len(parts) and parts[i + 1][0] == INSERT and parts[i + 1][1] == by:
            out.append(f"{{~~{text}~>{parts[i + 1][2]}~~}}{tag}")
            i += 1
        elif op == DELETE:
            out.append(f"{{--{text}--}}{tag}")
        else:
            out.append(f"{{++{text}++}}{tag}")
        i += 1
    return "".join(out)


def _para(p: Para, tagged: bool) -> str:
    body = _marks(p.runs, tagged)
    if p.mark != EQUAL and not p.whole:
        body += "{++¶++}" if p.mark == INSERT else "{--¶--}"
    if p.num:
        body = _marks(p.num, False) + " " + body
    body = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), body)
    if p.role in ("resno", "annexno"):
        return "## " + body if p.role == "resno" else "### " + body
    if p.role in ("restitle", "annextitle"):
        return body  # already bold
    return body


def _block(b: Block, redline: bool) -> list[str]:
    tagged = len({proposer_of(p) for _, by in b.tags for p in by.split("+") if by}) > 1
    lines: list[str] = []
    for i, p in enumerate(b.paras):
        text = _para(p, tagged)
        if i == 0 and redline and b.tags:
            notes = "; ".join(f"{a} {by}".strip() for a, by in b.tags)
            text = "{>>" + notes.replace("<<}", "<<\\}") + "<<} " + text
        lines.append(text)
    for n in b.ends:
        if n.reasons:
            who = f" ({proposal_id(n.attribution)})" if len(b.ends) > 1 else ""
            lines.append(f"> **Reasons{who}:** {escape(n.reasons)}")
    return lines


def layout_markdown(lay: Layout) -> str:
    out: list[str] = []
    if lay.redline:
        c = lay.counts
        out.append(f"# {escape(lay.heading)}")
        out.append(
            f"From `{lay.old_expression}`  \nto `{lay.new_expression}`  \n"
            f"{c.get('modified', 0)} modified, {c.get('added', 0)} added, {c.get('removed', 0)} deleted, "
            f"{c.get('renumbered', 0)} renumbered, {c.get('moved', 0)} moved"
        )
        legend = [
            "Marks (CriticMarkup): {++inserted++}, {--deleted--}, {~~old~>new~~}; {>>comments<<} give "
            "the ITU action (MOD, ADD, SUP, NOC; (R) renumbered) and the proposal."
        ]
        legend += [
            f"- **{p.label}** {escape(p.document)}: {escape(', '.join(n for _, n in p.submitters))}"
            for p in lay.proposers
        ]
        out.append("\n".join(legend))
        out.append("---")
    for b in lay.blocks:
        out.extend(_block(b, lay.redline))
    return "\n\n".join(out) + "\n"


def resolution_markdown(res: Resolution) -> str:
    """The clean text of a resolution as Markdown."""
    return layout_markdown(layout_resolution(res))


def redline_markdown(
    r: Redline, old: Document, new: Document, changes: Sequence[Change] = (), *, changes_only: bool = False
) -> str:
    """A redline in CriticMarkup."""
    lay = layout_redline(r, old, new, changes)
    return layout_markdown(lay.changes_only() if changes_only else lay)
