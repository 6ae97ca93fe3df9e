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
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..akn import local, q
from ..blocks import set_tokens
from ..errors import InputError, Issue
from ..model import ProposalDoc, Resolution, label_of
from ..propose import ProposalMeta, propose
from ..tokens import tokens_of, words
from .amendment import add_concepts, label_changes
from .api import read_source
from .keywords import Lexicon, detect_language, lexicon
from .overlay import difference, fit_blocks, fix_eids, merge_words
from .place import drop_kept_number, number_in_place, place_bis, place_by_number, place_group
from .source import Line
from .views import KINDS, Parsed, parse_view, view

_ACTION = re.compile(
    r"^\s*(?P<action>MOD|ADD|SUP|NOC)(?![A-Za-z])[\s:]*"
    r"(?P<id>[A-Z]{1,6}/[0-9]+(?:\(Rev\.[0-9]+\))?(?:A[0-9]+)?/[0-9]+)?[\s:]*"
)
_GROUPS = ("recitals", "hcontainer")


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
        self.keywords: list[tuple[int, str]] = []  # (line, group eId) of the document's keyword lines

    def warn(
        self, code: str, msg: str, line: int | None, eid: str | None = None, sev: str = "warning"
    ) -> None:
        self.issues.append(Issue(code, msg, self.source, line, eid, sev))

    def segment(self, seg: Segment, old: Parsed, new: Parsed) -> None:
        old_by_line = {line: eid for eid, line in old.origin.items()}
        new_by_line = {line: eid for eid, line in new.origin.items()}
        for eid in old.order:
            line = old.origin.get(eid)
            base_el = self.base.by_eid.get(eid)
            if base_el is None:
                if line not in new_by_line or seg.action != "ADD":
                    self.warn("proposal-target", f"'{eid}' is not a provision of {self.base.name}", line, eid)
                continue
            base_toks, as_quoted = tokens_of(base_el), tokens_of(old.provisions[eid])
            quoted = fit_blocks(base_toks, as_quoted)  # a paragraph quoted without its points
            base_words, quoted_words = words(base_toks), words(quoted)
            if quoted_words != base_words:
                self.mismatches += 1
                here, there = difference(quoted_words, base_words)
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
                continue
            proposed = tokens_of(new.provisions[new_eid])
            if quoted != as_quoted:  # its points are not quoted: they stay as they are
                proposed = fit_blocks(base_toks, proposed)
            if words(proposed) != base_words:
                set_tokens(target, merge_words(base_toks, proposed))
                fix_eids(target)
        self._drop_groups(seg, old, new)
        for eid in new.order:
            line = new.origin.get(eid)
            if line is None or line in old_by_line or line in self.inserted:
                continue
            self._add(eid, new, old_by_line)

    def _drop_groups(self, seg: Segment, old: Parsed, new: Parsed) -> None:
        """A keyword group whose provisions are all deleted goes whole (one SUP of the group):
        it cannot stand empty. A deleted keyword line whose provisions are not all deleted
        is kept, and said."""
        mine = {ln.no for ln in seg.lines}
        kept = set(new.groups.values())
        for gid, kw_line in old.groups.items():
            group = self.edited.by_eid.get(gid)
            if group is None or group.getparent() is None or gid not in self.base.by_eid:
                continue
            cut = kw_line in mine and kw_line not in kept
            left = sum(1 for c in group if local(c) in ("recital", "paragraph"))
            lines = [n for e, n in old.origin.items() if e.startswith(gid + "__") and n in mine]
            if left and cut:
                self.warn(
                    "proposal-target",
                    f"the keyword line of {label_of(group)!r} is deleted, but {left} of its "
                    "provision(s) are not: the keyword is kept",
                    kw_line,
                    gid,
                )
            if left or not (cut or lines):
                continue
            if not cut:
                self.warn(
                    "proposal-target",
                    f"every provision of {label_of(group)!r} is deleted: the group goes whole",
                    min(lines),
                    gid,
                    sev="info",
                )
            self.line_of_target[gid] = kw_line if cut else min(lines)
            parent = group.getparent()
            assert parent is not None
            parent.remove(group)

    def _add(self, eid: str, new: Parsed, old_by_line: dict[int, str]) -> None:
        """A provision only in the proposed text: insert it after its proposed predecessor."""
        el = new.provisions[eid]
        line = new.origin[eid]
        parent = el.getparent()
        if (
            parent is not None
            and local(parent) in _GROUPS
            and (parent.get("eId") or "") in new.groups
            and self._mapped(parent, new, old_by_line) is None
        ):  # in a keyword group the base does not have
            self._add_group(parent, new)
            return
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

    def _mapped(self, el: etree._Element, new: Parsed, old_by_line: dict[int, str]) -> etree._Element | None:
        """The element of the edited copy standing for ``el`` of the proposed text."""
        eid = el.get("eId") or ""
        line = new.origin.get(eid, new.groups.get(eid))
        if line is not None and line in self.inserted:
            return self.inserted[line]
        if line is not None and line in old_by_line:
            return self.edited.by_eid.get(old_by_line[line])
        if local(el) in _GROUPS:
            return self.edited.by_eid.get(eid)
        return None

    def _add_group(self, group: etree._Element, new: Parsed) -> None:
        """A keyword group the base does not have: copied whole (one ADD), next to the groups
        the document shows around its keyword line."""
        gid = group.get("eId") or ""
        kw_line = new.groups[gid]
        copy = deepcopy(group)
        before = [e for n, e in reversed(self.keywords) if n < kw_line and e != gid]
        after = [e for n, e in self.keywords if n > kw_line and e != gid]
        shown = place_group(self.edited.doc, copy, before, after)
        if shown is None:
            self.warn("proposal-target", f"no place in {self.base.name} for the new '{gid}'", kw_line, gid)
            return
        if not shown:
            self.warn(
                "proposal-target",
                f"the document shows no keyword group beside the new {label_of(copy)!r}: placed "
                "after the groups whose phrase opens with the same word, or last",
                kw_line,
                gid,
                sev="info",
            )
        self.inserted[kw_line] = copy
        self.line_of_target[gid] = kw_line
        for c in copy.iter(*(q(k) for k in KINDS)):
            eid = c.get("eId") or ""
            if (line := new.origin.get(eid)) is not None:
                self.inserted[line] = c
                self.line_of_target[eid] = line


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
    imp.keywords = [
        (ln.no, ("preamble__" if kw.part == "preamble" else "") + kw.slug)
        for ln in src.lines
        if (kw := lex.keyword(ln.text))
    ]
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
    add_concepts(root, base)
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
