"""A Word proposal into an Akoma Ntoso amendment against its base resolution.

The document holds the proposed text with revision marks (tracked changes, or ITU manual marks:
underline inserted, strikethrough deleted), each change under an action line ("MOD RCC/13/5",
"ADD", "SUP", "NOC") and followed by a "Reasons:" paragraph. The text is read twice: as it was
(insertions dropped) and as proposed (deletions dropped). The first is checked against the base,
word for word; the second, laid over a copy of the base, gives the edited resolution from which
``resdraft.propose`` derives the changes with their marks. The proposal numbers and Reasons of
the document are then put on the changes they belong to.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from ..akn import E, local, q
from ..blocks import set_tokens
from ..errors import InputError, Issue
from ..model import ProposalDoc, Resolution, label_of
from ..propose import ProposalMeta, propose
from ..tokens import BLOCK, edits_between, is_balanced, is_markup, split_blocks, tokens_of, words
from .amendment import label_changes
from .api import read_source
from .build import StatementBuilder
from .inline import InlineContext, para
from .keywords import Lexicon, detect_language, lexicon
from .outline import bis_base
from .place import drop_kept_number, number_in_place, place_bis, place_by_number
from .resolution import parse_resolution
from .source import Line, merge_runs

_ACTION = re.compile(
    r"^\s*(?P<action>MOD|ADD|SUP|NOC)(?![A-Za-z])[\s:]*"
    r"(?P<id>[A-Z]{1,6}/[0-9]+(?:\(Rev\.[0-9]+\))?(?:A[0-9]+)?/[0-9]+)?[\s:]*"
)
_KINDS = ("recital", "paragraph", "point", "formula")


@dataclass(eq=False)
class Segment:
    """The text under one action line, up to the next one, with its Reasons."""

    action: str | None
    pid: str | None
    no: int
    lines: list[Line] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ProposalResult:
    tree: etree._ElementTree
    issues: tuple[Issue, ...]
    changes: int
    mismatches: int
    fmt: str


def _reasons_rx(lex: Lexicon) -> re.Pattern[str]:
    words_ = "|".join(re.escape(w) for w in sorted(lex.reasons, key=len, reverse=True)) or "Reasons"
    return re.compile(rf"^\s*(?:{words_})\s*[:：]\s*", re.I)


def segments(lines: list[Line], lex: Lexicon) -> tuple[list[Segment], list[Line]]:
    """Split at action lines; the lines before the first one are returned apart."""
    reasons = _reasons_rx(lex)
    out: list[Segment] = []
    before: list[Line] = []
    in_reasons = False  # the Reasons run on to the next action line or keyword line
    for line in lines:
        text = line.text
        if not text.strip():
            continue
        m = _ACTION.match(text)
        if m and (m.end() == len(text) or m.group("id") or text[m.end() - 1 : m.end()].isspace()):
            out.append(Segment(m.group("action"), m.group("id"), line.no))
            in_reasons = False
            rest = line.drop_prefix(m.end())
            if rest.text.strip():
                out[-1].lines.append(rest.strip())
            continue
        r = reasons.match(text)
        if r and out:
            out[-1].reasons.append(text[r.end() :].strip())
            in_reasons = True
            continue
        if in_reasons and out and not _opens(line, lex):
            out[-1].reasons.append(text.strip())
            continue
        in_reasons = False
        if out:
            out[-1].lines.append(line)
        else:
            before.append(line)
    if not out:  # no action lines: the whole text is one change
        return [Segment(None, None, before[0].no if before else 1, before)], []
    return out, before


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
class _Parsed:
    provisions: dict[str, etree._Element] = field(default_factory=dict)
    origin: dict[str, int] = field(default_factory=dict)  # eId -> source line
    order: list[str] = field(default_factory=list)
    unplaced: list[tuple[Line, str]] = field(default_factory=list)
    bis: dict[str, str] = field(default_factory=dict)  # eId -> "3bis": a number kept in the text


def parse_view(lines: list[Line], lex: Lexicon, name: str) -> _Parsed:
    """Provisions (with the eIds of the base numbering) of an extract of a resolution."""
    parsed = parse_resolution(lines, lex)
    ctx = InlineContext(lex, refs=False)
    b = StatementBuilder(ctx, name)
    groups = [b.recitals(g) for g in parsed.preamble] + [b.hcontainer(g) for g in parsed.operative]
    for n, annex in enumerate(parsed.annexes, start=1):
        groups += [b.hcontainer(g, f"att_{n}__") for g in annex.groups]
    bis = {eid: num for eid, num in b.kept.items() if bis_base(num) is not None}
    out = _Parsed(origin=dict(b.origin), unplaced=list(parsed.unplaced), bis=bis)
    if parsed.formula is not None:
        f = E.formula(para(parsed.formula, ctx), name="enactingFormula", eId="preamble__formula_1")
        groups.insert(0, f)
        out.origin["preamble__formula_1"] = parsed.formula.no
    for g in groups:
        for el in g.iter(*(q(k) for k in _KINDS)):
            eid = el.get("eId") or ""
            if eid in out.origin:  # not a placeholder for a group with no text of its own
                out.provisions[eid] = el
                out.order.append(eid)
    return out


def _plain(tokens: list[str]) -> tuple[list[int], list[str]]:
    idx = [i for i, t in enumerate(tokens) if not is_markup(t)]
    return idx, [tokens[i] for i in idx]


def merge_words(base: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    """``new``'s words laid over ``base``, keeping the base's inline markup (refs, italics)
    where the words around it are unchanged; ``new`` itself when the blocks differ."""
    b_blocks, n_blocks = split_blocks(base), split_blocks(new)
    if [p for p, _ in b_blocks] != [p for p, _ in n_blocks]:
        return new
    out: list[str] = []
    for (path, btoks), (_, ntoks) in zip(b_blocks, n_blocks, strict=True):
        idx, plain = _plain(btoks)
        merged = list(btoks)
        for e in sorted(edits_between(plain, _plain(ntoks)[1]), key=lambda e: e.start, reverse=True):
            start = idx[e.start] if e.start < len(idx) else len(btoks)
            end = idx[e.end - 1] + 1 if e.end > e.start else start
            merged[start:end] = e.new
        if not is_balanced(merged):
            return new
        out += [BLOCK + path, *merged]
    return tuple(out)


def _difference(a: str, b: str, before: int = 4, after: int = 8) -> tuple[str, str]:
    """The words of ``a`` and ``b`` around their first difference: a fixed excerpt from the
    start would show two identical texts whenever they differ further on."""
    wa, wb = a.split(), b.split()
    i = next((k for k, (x, y) in enumerate(zip(wa, wb, strict=False)) if x != y), min(len(wa), len(wb)))
    start = max(0, i - before)

    def excerpt(ws: list[str]) -> str:
        shown = " ".join(ws[start : i + after])
        return ("… " if start else "") + shown + (" …" if len(ws) > i + after else "")

    return excerpt(wa), excerpt(wb)


def _same(a: etree._Element, b: etree._Element) -> bool:
    return " ".join(words(tokens_of(a)).split()) == " ".join(words(tokens_of(b)).split())


def _fix_eids(el: etree._Element) -> None:
    """intro and wrapUp made by set_tokens get the eIds the profile asks for."""
    eid = el.get("eId") or ""
    for c in el:
        if local(c) in ("intro", "wrapUp") and not c.get("eId"):
            c.set("eId", f"{eid}__{'intro' if local(c) == 'intro' else 'wrapup'}")


class ProposalReader:
    def __init__(self, base: Resolution, lex: Lexicon, source: str) -> None:
        self.base = base
        self.lex = lex
        self.source = source
        self.issues: list[Issue] = []
        self.mismatches = 0
        self.edited = Resolution(deepcopy(base.tree), "<edited>")
        self.line_of_target: dict[str, int] = {}  # base eId or new eId -> source line
        self.inserted: dict[int, etree._Element] = {}  # source line -> element added to the copy

    def warn(
        self, code: str, msg: str, line: int | None, eid: str | None = None, sev: str = "warning"
    ) -> None:
        self.issues.append(Issue(code, msg, self.source, line, eid, sev))

    def segment(self, seg: Segment, old: _Parsed, new: _Parsed) -> None:
        old_by_line = {line: eid for eid, line in old.origin.items()}
        new_by_line = {line: eid for eid, line in new.origin.items()}
        for eid in old.order:
            line = old.origin.get(eid)
            base_el = self.base.by_eid.get(eid)
            if base_el is None:
                if line not in new_by_line or seg.action != "ADD":
                    self.warn("proposal-target", f"'{eid}' is not a provision of {self.base.name}", line, eid)
                continue
            if not _same(old.provisions[eid], base_el):
                self.mismatches += 1
                here, there = _difference(words(tokens_of(old.provisions[eid])), words(tokens_of(base_el)))
                self.warn(
                    "text-mismatch",
                    f"the unchanged text of {label_of(base_el)} differs from {self.base.name}: "
                    f"{here!r} against {there!r} (is the base the right revision?)",
                    line,
                    eid,
                )
            if line is not None:
                self.line_of_target[eid] = line
            target = self.edited.by_eid[eid]
            new_eid = new_by_line.get(line) if line is not None else None
            if new_eid is None:
                parent = target.getparent()
                if parent is not None:
                    parent.remove(target)
            elif not _same(new.provisions[new_eid], base_el):
                set_tokens(target, merge_words(tokens_of(base_el), tokens_of(new.provisions[new_eid])))
                _fix_eids(target)
        for eid in new.order:
            line = new.origin.get(eid)
            if line is None or line in old_by_line:
                continue
            self._add(eid, new, old_by_line)

    def _add(self, eid: str, new: _Parsed, old_by_line: dict[int, str]) -> None:
        """A provision only in the proposed text: insert it after its proposed predecessor."""
        el = new.provisions[eid]
        line = new.origin[eid]
        self.line_of_target[eid] = line
        copy = deepcopy(el)
        bis = new.bis.get(eid)
        if bis is not None:
            drop_kept_number(copy)
        prev = el.getprevious()
        while prev is not None and local(prev) != local(el):
            prev = prev.getprevious()
        anchor = self._mapped(prev, new, old_by_line) if prev is not None else None
        if anchor is not None:
            anchor.addnext(copy)
        else:
            parent = el.getparent()
            holder = self._mapped(parent, new, old_by_line) if parent is not None else None
            if holder is None and parent is not None:
                holder = self.edited.by_eid.get(parent.get("eId") or "")
            if holder is None:
                self.warn("proposal-target", f"no place in {self.base.name} for the new '{eid}'", line, eid)
                return
            if bis is None:
                place_by_number(holder, el, copy)
            elif not place_bis(holder, el, copy, bis, set(self.inserted.values())):
                self.warn("proposal-target", f"no provision for '{bis}' to follow: added last", line, eid)
        if bis is not None:
            number_in_place(copy)
            self.line_of_target.setdefault(copy.get("eId") or "", line)
        self.inserted[line] = copy

    def _mapped(self, el: etree._Element, new: _Parsed, old_by_line: dict[int, str]) -> etree._Element | None:
        """The element of the edited copy standing for ``el`` of the proposed text."""
        eid = el.get("eId") or ""
        line = new.origin.get(eid)
        if line is not None and line in self.inserted:
            return self.inserted[line]
        if line is not None and line in old_by_line:
            return self.edited.by_eid.get(old_by_line[line])
        if local(el) in ("recitals", "hcontainer"):
            return self.edited.by_eid.get(eid)
        return None

    def _add_group(self, group: etree._Element, new: _Parsed) -> etree._Element | None:
        """A keyword group the base does not have: copied whole, after its predecessor."""
        prev = group.getprevious()
        while prev is not None and local(prev) != local(group):
            prev = prev.getprevious()
        copy = deepcopy(group)
        anchor = self.edited.by_eid.get(prev.get("eId") or "") if prev is not None else None
        if anchor is not None:
            anchor.addnext(copy)
        else:
            where = "preamble" if local(group) == "recitals" else "mainBody"
            holder = self.edited.doc.find(q(where))
            if holder is None:
                return None
            holder.append(copy)
        for c in copy.iter(*(q(k) for k in _KINDS)):
            line = new.origin.get(c.get("eId") or "")
            if line is not None:
                self.inserted[line] = c
        return copy


def _opens(line: Line, lex: Lexicon) -> bool:
    t = line.text
    return bool(lex.keyword(t) or lex.heading(t) or lex.is_annex(t) or lex.is_formula(t))


def import_proposal(
    path: Path, base: Resolution, meta: ProposalMeta, lang: str | None = None
) -> ProposalResult:
    """Read a proposal document and return the amendment (validated against ``base``)."""
    from ..errors import InvalidDocumentError
    from ..validate import validate_document

    src = read_source(path)
    lex = lexicon(lang or detect_language([ln.text for ln in src.lines if ln.text.strip()]))
    segs, before = segments(src.lines, lex)
    imp = ProposalReader(base, lex, src.name)
    imp.issues += src.issues
    for ln in before:
        imp.warn(
            "unplaced",
            f"before the first MOD/ADD/SUP/NOC, not part of a change: {ln.text.strip()[:80]!r}",
            ln.no,
            sev="info",
        )
    manual = not any(r.inserted or r.deleted for ln in src.lines for r in ln.runs)
    seg_of_line: dict[int, Segment] = {}
    nocs: list[tuple[Segment, str]] = []
    context: Line | None = None
    for seg in segs:
        lines = list(seg.lines)
        if lines and context is not None and not _opens(lines[0], lex):
            lines.insert(0, context)
        old = parse_view([v for ln in lines if (v := view(ln, "old", manual)) is not None], lex, src.name)
        new = parse_view([v for ln in lines if (v := view(ln, "new", manual)) is not None], lex, src.name)
        for ln in seg.lines:
            seg_of_line[ln.no] = seg
        seen: set[int] = set()
        for ln, why in old.unplaced + new.unplaced:
            if ln.no not in seen:
                seen.add(ln.no)
                imp.warn("unplaced", f"line not placed ({why}): {ln.text.strip()[:80]!r}", ln.no, sev="error")
        imp.segment(seg, old, new)
        if seg.action == "NOC":
            nocs += [(seg, e) for e in old.order if not any(e.startswith(o + "__") for o in old.order)]
        context = next((ln for ln in reversed(lines) if lex.keyword(ln.text)), context)
    try:
        root = propose(base, imp.edited, meta)
    except InputError:
        if not nocs:
            raise
        raise InputError(
            "the proposal changes nothing: it only confirms provisions (NOC)",
            source=src.name,
            hint="resdraft writes a proposal document when at least one change is MOD, ADD or SUP",
        ) from None
    label_changes(root, imp, seg_of_line, nocs, base, meta)
    doc = ProposalDoc(etree.ElementTree(root), src.name)
    found = validate_document(doc, base=base)
    errors = tuple(i for i in found if i.severity == "error")
    if errors:
        raise InvalidDocumentError(
            "the imported proposal does not validate: this is a bug in resdraft's importer",
            errors,
            source=src.name,
            hint="please report it with the input file",
        )
    issues = imp.issues + [i for i in found if i.severity != "error" and i.code != "proposal-reasons"]
    return ProposalResult(doc.tree, tuple(issues), len(doc.changes), imp.mismatches, src.fmt)
