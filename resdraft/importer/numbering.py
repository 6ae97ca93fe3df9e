"""Word's automatic list numbers: what a reader sees before a numbered paragraph ("a)", "2.1",
"•"), computed from numbering.xml the way Word counts (one counter per list and level; a level
restarts when a higher level moves on).

A paragraph whose mark is a tracked change is in one text only: inserted, it is not in the text
as it was; deleted, not in the text as proposed. Each text is counted on its own, so a list with
item 4 deleted reads 3, 4, 5 as it was and 3, 4 as proposed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ..eids import to_letters, to_roman

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_SYMBOL_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf0fc": "✓", "o": "o"}


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass(frozen=True, slots=True)
class Level:
    fmt: str  # decimal, lowerLetter, upperLetter, lowerRoman, upperRoman, bullet, none
    text: str  # "%1)", "%1.%2", "•"
    start: int


def _format(fmt: str, n: int) -> str:
    if fmt == "lowerLetter":
        return to_letters(n)
    if fmt == "upperLetter":
        return to_letters(n).upper()
    if fmt == "lowerRoman":
        return to_roman(n)
    if fmt == "upperRoman":
        return to_roman(n).upper()
    return str(n)


@dataclass
class Numbering:
    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId -> ilvl -> Level
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # paragraph style -> (numId, ilvl)
    counters: dict[str, dict[str, dict[int, int]]] = field(default_factory=dict)  # view -> numId -> ...

    @classmethod
    def from_document(cls, document: Any) -> Numbering:
        out = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return out
        abstract: dict[str, dict[int, Level]] = {}
        for a in root.iter(_w("abstractNum")):
            lv: dict[int, Level] = {}
            for lvl in a.iter(_w("lvl")):
                fmt = lvl.find(_w("numFmt"))
                text = lvl.find(_w("lvlText"))
                start = lvl.find(_w("start"))
                lv[int(lvl.get(_w("ilvl"), "0"))] = Level(
                    fmt.get(_w("val"), "decimal") if fmt is not None else "decimal",
                    text.get(_w("val"), "") if text is not None else "",
                    int(start.get(_w("val"), "1")) if start is not None else 1,
                )
            abstract[a.get(_w("abstractNumId"), "")] = lv
        for num in root.iter(_w("num")):
            ref = num.find(_w("abstractNumId"))
            levels = dict(abstract.get(ref.get(_w("val"), "") if ref is not None else "", {}))
            for ov in num.iter(_w("lvlOverride")):
                so = ov.find(_w("startOverride"))
                ilvl = int(ov.get(_w("ilvl"), "0"))
                if so is not None and ilvl in levels:
                    old = levels[ilvl]
                    levels[ilvl] = Level(old.fmt, old.text, int(so.get(_w("val"), "1")))
            out.levels[num.get(_w("numId"), "")] = levels
        for style in document.styles:
            npr = style.element.find(f"{_w('pPr')}/{_w('numPr')}")
            if npr is not None:
                num_id, ilvl = npr.find(_w("numId")), npr.find(_w("ilvl"))
                if num_id is not None:
                    out.style_num[style.style_id] = (
                        num_id.get(_w("val"), ""),
                        int(ilvl.get(_w("val"), "0")) if ilvl is not None else 0,
                    )
        return out

    def labels(self, p: etree._Element, old: bool = True, new: bool = True) -> tuple[str, str]:
        """The number Word shows before this paragraph in the text as it was and as proposed
        ("" where it shows none, or where the paragraph is not: ``old``/``new`` False)."""
        return (
            self._label(p, self.counters.setdefault("old", {})) if old else "",
            self._label(p, self.counters.setdefault("new", {})) if new else "",
        )

    def _label(self, p: etree._Element, view: dict[str, dict[int, int]]) -> str:
        ppr = p.find(_w("pPr"))
        npr = ppr.find(_w("numPr")) if ppr is not None else None
        num_id, ilvl = "", 0
        if npr is not None:
            n, lv = npr.find(_w("numId")), npr.find(_w("ilvl"))
            num_id = n.get(_w("val"), "") if n is not None else ""
            ilvl = int(lv.get(_w("val"), "0")) if lv is not None else 0
        elif ppr is not None and (ps := ppr.find(_w("pStyle"))) is not None:
            num_id, ilvl = self.style_num.get(ps.get(_w("val"), ""), ("", 0))
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or num_id == "0":
            return ""
        counters = view.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            return _SYMBOL_BULLETS.get(level.text, level.text or "•")
        if level.fmt == "none":
            return ""
        text = level.text
        for k in range(ilvl, -1, -1):
            if f"%{k + 1}" in text:
                lk = levels.get(k, level)
                value = counters.get(k, lk.start)
                text = text.replace(f"%{k + 1}", _format(lk.fmt, value))
        return text
