"""A proposal's text as it was and as proposed: each read as an extract of the resolution, its
provisions and keyword groups given the eIds of the base numbering and the source lines they
come from, so that the two readings can be paired line by line."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from lxml import etree

from ..akn import E, q
from .build import StatementBuilder
from .inline import InlineContext, para
from .keywords import Lexicon
from .outline import bis_base
from .resolution import parse_resolution
from .source import Line, merge_runs

KINDS = ("recital", "paragraph", "point", "formula")


def view(line: Line, keep: str, manual: bool) -> Line | None:
    """The line as it was (``keep="old"``) or as proposed (``"new"``), without revision marks."""
    runs = []
    for r in line.runs:
        ins = r.inserted or (manual and r.underline)
        dele = r.deleted or (manual and r.strike)
        if (keep == "old" and ins) or (keep == "new" and dele):
            continue
        runs.append(
            replace(
                r,
                inserted=False,
                deleted=False,
                underline=r.underline and not manual,
                strike=r.strike and not manual,
            )
        )
    merged = merge_runs(runs)
    if not "".join(r.text for r in merged).strip():
        return None
    return replace(line, runs=merged).strip()


@dataclass
class Parsed:
    provisions: dict[str, etree._Element] = field(default_factory=dict)
    origin: dict[str, int] = field(default_factory=dict)  # eId -> source line
    order: list[str] = field(default_factory=list)
    unplaced: list[tuple[Line, str]] = field(default_factory=list)
    bis: dict[str, str] = field(default_factory=dict)  # eId -> "3bis": a number kept in the text
    groups: dict[str, int] = field(default_factory=dict)  # keyword group eId -> its keyword line


def parse_view(lines: list[Line], lex: Lexicon, name: str) -> Parsed:
    """Provisions (with the eIds of the base numbering) of an extract of a resolution."""
    parsed = parse_resolution(lines, lex)
    ctx = InlineContext(lex, refs=False)
    b = StatementBuilder(ctx, name)
    built = [(b.recitals(g), g) for g in parsed.preamble] + [(b.hcontainer(g), g) for g in parsed.operative]
    for n, annex in enumerate(parsed.annexes, start=1):
        built += [(b.hcontainer(g, f"att_{n}__"), g) for g in annex.groups]
    bis = {eid: num for eid, num in b.kept.items() if bis_base(num) is not None}
    out = Parsed(origin=dict(b.origin), unplaced=list(parsed.unplaced), bis=bis)
    # an annex section without a heading has no keyword line of its own
    out.groups = {el.get("eId") or "": g.line.no for el, g in built if g.keyword.phrase}
    groups = [el for el, _ in built]
    if parsed.formula is not None:
        f = E.formula(para(parsed.formula, ctx), name="enactingFormula", eId="preamble__formula_1")
        groups.insert(0, f)
        out.origin["preamble__formula_1"] = parsed.formula.no
    for g in groups:
        for el in g.iter(*(q(k) for k in KINDS)):
            eid = el.get("eId") or ""
            if eid in out.origin:  # not a placeholder for a group with no text of its own
                out.provisions[eid] = el
                out.order.append(eid)
    return out
