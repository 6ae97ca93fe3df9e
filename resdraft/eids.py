"""ITU numbering and Akoma Ntoso eIds: letters a) b), arabic 1 2, roman i) ii).

eIds follow numbers (AKN naming convention); when a consolidation renumbers an element,
its former eId is kept in ``wId`` so that history can be followed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from .akn import first, local, parent_of, q, text_of

_NUM_TAG = q("num")

KIND_PREFIX = {"recital": "rec", "paragraph": "para", "point": "point"}
_PREFIX_BY_TAG = {q(kind): prefix for kind, prefix in KIND_PREFIX.items()}  # AKN tags, no local() needed
_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]
_NUM = re.compile(r"^(\(?)([0-9]+|[ivxlcdm]+|[a-z]+)((?:bis|ter|quater)?)(\)?\.?)$", re.I)


@dataclass(frozen=True, slots=True)
class NumStyle:
    """How a run of siblings is numbered: kind of counter plus the characters around it."""

    counter: str  # "letter" | "arabic" | "roman"
    prefix: str = ""
    suffix: str = ""

    def format(self, n: int) -> str:
        if self.counter == "arabic":
            core = str(n)
        elif self.counter == "roman":
            core = to_roman(n)
        else:
            core = to_letters(n)
        return f"{self.prefix}{core}{self.suffix}"


def to_roman(n: int) -> str:
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def to_letters(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa (spreadsheet style)."""
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(ord("a") + r) + s
    return s


@lru_cache(maxsize=4096)  # a resolution repeats a few dozen numbers; apply asks for each often
def clean_num(num: str) -> str:
    """The eId part of a printed number: "a)" -> "a", "3." -> "3", "3 bis" -> "3bis"."""
    return re.sub(r"[^0-9A-Za-z\-]", "", num.replace(".", "-").strip("-.() ")).strip("-")


def detect_style(nums: list[str], kind: str) -> NumStyle | None:
    """The numbering style of a sibling run, from its first number; None if unnumbered."""
    for raw in nums:
        m = _NUM.match(raw.strip())
        if not m:
            continue
        pre, core, _, suf = m.groups()
        if core.isdigit():
            return NumStyle("arabic", pre, suf)
        if kind == "point" and re.fullmatch(r"[ivxlcdm]+", core, re.I):
            return NumStyle("roman", pre, suf)
        return NumStyle("letter", pre, suf)
    return None


def own_part(el: etree._Element) -> str | None:
    """The eId part an element contributes: ``rec_a``, ``para_3``, ``point_ii``."""
    prefix = _PREFIX_BY_TAG.get(el.tag)  # type: ignore[arg-type]
    if prefix is None:
        prefix = KIND_PREFIX.get(local(el))  # the same kinds in another namespace
        if prefix is None:
            return None
    num = first(el, _NUM_TAG)
    printed = None if num is None else text_of(num)
    if printed:
        return f"{prefix}_{clean_num(printed)}"
    parent = el.getparent()
    kind = local(el)
    siblings = [c for c in parent if local(c) == kind] if parent is not None else [el]
    return f"{prefix}_{siblings.index(el) + 1}"


def renumber(parent: etree._Element) -> list[tuple[etree._Element, str, str]]:
    """Renumber the numbered provisions directly under ``parent`` in sequence.

    Returns (element, old num, new num) for each number that changed.
    """
    changed: list[tuple[etree._Element, str, str]] = []
    for kind in KIND_PREFIX:
        items = [c for c in parent if local(c) == kind and c.get("alternativeTo") is None]
        if not items:
            continue
        nums = [text_of(n) for c in items if (n := first(c, _NUM_TAG)) is not None]
        style = detect_style(nums, kind)
        if style is None:
            continue
        for i, item in enumerate(items, start=1):
            num = first(item, _NUM_TAG)
            new = style.format(i)
            old = text_of(num) if num is not None else ""
            if old == new:
                continue
            if num is None:
                num = etree.Element(q("num"))
                item.insert(0, num)
            for c in list(num):
                num.remove(c)
            num.text = new
            changed.append((item, old, new))
    return changed


def rewrite_prefix(el: etree._Element, old: str, new: str) -> None:
    """Give every descendant eId that starts with ``old__`` the prefix ``new__``."""
    head = old + "__"
    for d in el.iterdescendants():
        eid = d.get("eId")
        if eid and eid.startswith(head):
            d.set("eId", new + "__" + eid[len(head) :])


def reassign_eids(doc: etree._Element) -> None:
    """eId = parent eId + own part, top-down; mainBody is transparent."""
    for el in doc.iter("{*}recital", "{*}paragraph", "{*}point"):
        if el.get("alternativeTo") is not None:
            continue  # an alternative takes its eId from the provision it stands beside
        part = own_part(el)
        parent = parent_of(el)
        if part is None or parent is None:
            continue
        new = f"{parent.get('eId')}__{part}"
        old = el.get("eId") or ""
        if new != old:
            el.set("eId", new)
            if old:
                rewrite_prefix(el, old, new)


def snapshot_eids(doc: etree._Element) -> dict[etree._Element, str]:
    """Every element's current eId, to follow them through a renumbering (see retarget)."""
    return {el: el.get("eId") or "" for el in doc.iter() if el.get("eId")}


def retarget(root: etree._Element, before: dict[etree._Element, str]) -> None:
    """Point local ``#eId`` references at the new eIds; drop modification records whose
    destination no longer exists."""
    alive = {el for el in root.iter()}
    moved = {old: el.get("eId") or "" for el, old in before.items() if el in alive and el.get("eId") != old}
    gone = {old for el, old in before.items() if el not in alive} - {el.get("eId") for el in alive}
    for el in list(root.iter()):
        href = el.get("href")
        if not href or not href.startswith("#"):
            continue
        target = href[1:]
        if target in moved:
            el.set("href", "#" + moved[target])
        elif target in gone:
            record = next((a for a in el.iterancestors() if local(a) == "textualMod"), None)
            if record is not None and record.getparent() is not None:
                record.getparent().remove(record)  # type: ignore[union-attr]


def drop_emptied_group(
    group: etree._Element, gid: str, base: Mapping[str, etree._Element], removed: dict[str, str]
) -> bool:
    """``drop_if_emptied``; a group dropped is then recorded in ``removed`` (eId -> who removed
    it) under ``gid``, its eId in the base text ``base`` (by eId), as removed by those who
    removed its items."""
    if not drop_if_emptied(group):
        return False
    removed[gid] = "+".join(
        dict.fromkeys(removed[e] for c in base[gid] if (e := c.get("eId") or "") in removed)
    )
    return True


def drop_if_emptied(group: etree._Element) -> bool:
    """Remove a keyword group whose last item is gone: the schema wants at least one, and a
    keyword with nothing under it is no longer part of the text."""
    parent = group.getparent()
    if parent is None or local(group) not in ("recitals", "hcontainer"):
        return False
    if any(
        isinstance(c.tag, str) and local(c) not in ("num", "heading", "subheading", "intro") for c in group
    ):
        return False
    prev = group.getprevious()
    if group.tail and prev is not None and not prev.tail:
        prev.tail = group.tail
    parent.remove(group)
    return True
