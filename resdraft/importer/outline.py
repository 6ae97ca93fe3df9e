"""Numbered lines into a tree: which number continues which list, and which opens a new one.

ITU texts number with arabic figures (1, 2.3), letters (a), aa)), roman numerals (i), iv)) and
bullets, all with the same separator (a tab). A token such as ``i)`` may be the ninth letter or
the first roman numeral; the outline decides from the lists already open: it continues a list
when the number is the next one of it, and opens a list under the current item when the number
is a first one (preferred when the current item ends with a colon or reads as a heading).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .source import Line, Run, merge_runs

_BULLETS = "•·▪◦‣●○■□➢►–—\uf0b7\uf0a7\uf0d8\uf0fc"
# "3bis", "c ter)": a number inserted after 3 (or c) without renumbering the ones after it
_BIS = "bis|ter|quater|quinquies"
_BIS_NUM = re.compile(rf"^(?P<base>.*?[0-9A-Za-z])[ \u00a0]?(?:{_BIS})(?P<suffix>[.)]?)$")
_TOKEN = re.compile(
    r"""^[ \t\u00a0]*(?:
        (?P<dotted>[0-9]{1,3}(?:\.[0-9]{1,3})+)\.?
      | (?P<arabic>[0-9]{1,3})(?:[ \u00a0]?(?P<bis>"""
    + _BIS
    + r"""))?(?P<asuf>[.)])?
      | \((?P<paren>[A-Za-z]{1,4}|[0-9]{1,3})\)
      | (?P<alpha>[A-Za-z]{1,4}?)(?:[ \u00a0]?(?P<abis>"""
    + _BIS
    + r"""))?\)
      | (?P<abjad>[\u0621-\u064a])\u0640?[ ]?\)
      | (?P<bullet>["""
    + _BULLETS
    + r"""\-])
      | (?P<obullet>o)(?=\t)
    )(?P<sep>\t+[ \u00a0]*|[ \u00a0]+|$)""",
    re.X,
)
# Arabic texts letter their paragraphs in abjad order: أ) ب) ج) د) هـ) ...
_ABJAD = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
_ROMAN = re.compile(r"^(?=[ivxlc])(x{0,3}|xl|l?x{0,3}|xc|c{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_HEADING_END = ".;:,!?。；：，"


def roman_value(s: str) -> int | None:
    s = s.lower()
    if not _ROMAN.match(s):
        return None
    total, prev = 0, 0
    for ch in reversed(s):
        v = _ROMAN_VALUES[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def letter_value(s: str) -> int | None:
    """a -> 1, z -> 26, aa -> 27, bb -> 28 (ITU doubles the letter after z)."""
    s = s.lower()
    if not s.isalpha() or len(set(s)) != 1:
        return None
    return (len(s) - 1) * 26 + ord(s[0]) - ord("a") + 1


@dataclass(frozen=True, slots=True)
class Token:
    """A number at the start of a line: its printed form and what list it may belong to."""

    num: str  # as printed: "a)", "2.3", "•"
    length: int  # characters to drop from the line (number and separator)
    candidates: tuple[tuple[str, int], ...]  # (style, value), most likely first
    strong: bool  # separated by a tab, or unambiguous (a bracket, a dotted number)
    bis: bool = False  # "3bis": goes after 3, with the value of 3

    @property
    def bullet(self) -> bool:
        return self.candidates[0][0].startswith("bullet")


def number_token(text: str) -> Token | None:
    m = _TOKEN.match(text)
    if not m or (not m.group("sep") and m.end() < len(text)):
        return None
    tab = "\t" in m.group("sep") or len(m.group("sep")) >= 2  # a tab, or a gap of spaces (PDF text)
    rest = text[m.end() :]
    if m.group("dotted"):
        parts = m.group("dotted").split(".")
        style = "dotted:" + ".".join(parts[:-1])
        num = text[
            m.start("dotted") : m.end("dotted") + (1 if text[m.end("dotted") :].startswith(".") else 0)
        ]
        return Token(num, m.end(), ((style, int(parts[-1])),), True)
    if m.group("arabic"):
        suffix = m.group("asuf") or ""
        bis = bool(m.group("bis"))
        if not rest.strip() and not suffix and not bis:
            return None
        return Token(
            text[m.start("arabic") : m.end() - len(m.group("sep"))],
            m.end(),
            ((f"arabic{suffix}", int(m.group("arabic"))),),
            tab or bool(suffix) or bis,
            bis,
        )
    if m.group("abjad"):
        letter = m.group("abjad")
        value = _ABJAD.find(letter) + 1 or None
        if value is None:
            return None
        return Token(
            text[m.start("abjad") : m.end() - len(m.group("sep"))].strip(),
            m.end(),
            (("letter-abjad)", value),),
            True,
        )
    core, deco = (m.group("paren"), "()") if m.group("paren") else (m.group("alpha"), ")")
    if core:
        cands: list[tuple[str, int]] = []
        if core.isdigit():
            cands.append((f"arabic{deco}", int(core)))
        else:
            case = "upper" if core.isupper() else "lower"
            lv, rv = letter_value(core), roman_value(core)
            if lv is not None:
                cands.append((f"letter-{case}{deco}", lv))
            if rv is not None:
                cands.append((f"roman-{case}{deco}", rv))
        if not cands:
            return None
        printed = f"({core})" if deco == "()" else text[m.start("alpha") : m.end() - len(m.group("sep"))]
        return Token(printed, m.end(), tuple(cands), True, bool(m.group("abis")))
    glyph = m.group("bullet") or m.group("obullet")
    if not rest.strip() or (glyph == "-" and not tab and not rest.startswith(" ")):
        return None
    return Token(glyph, m.end(), ((f"bullet{glyph}", 0),), tab or glyph != "-")


def _follows(tok: Token, prev: Token | None) -> bool:
    return prev is not None and any(
        s == ps and v == pv + 1 for s, v in tok.candidates for ps, pv in prev.candidates
    )


@dataclass(frozen=True, slots=True)
class Settled:
    line: Line
    was: str
    now: str
    kept: str


def settle_number(line: Line, prev: Token | None = None) -> Settled | None:
    """A line whose number is a tracked change (a "3" deleted and a "2" inserted before its
    text) with one number, as plain text: the new one, or the old one where only that follows
    ``prev``, the number before (a deleted item before it is still there, numbered as it was).
    None when its number is not revised. Read as it stands, the line would be numbered "32":
    a deleted or inserted number counts in its own text only."""
    if not any(r.inserted or r.deleted for r in line.runs):
        return None
    old = "".join(r.text for r in line.runs if not r.inserted)
    new = "".join(r.text for r in line.runs if not r.deleted)
    was, now = number_token(old), number_token(new)
    if was is None or now is None:
        return None
    need_old, need_new, revised = was.length, now.length, False
    rest = list(line.runs)
    while rest and (need_old or need_new):
        r = rest[0]
        need = need_new if r.inserted else need_old if r.deleted else min(need_old, need_new)
        take = min(len(r.text), need)
        if not take:  # the two numbers end at different places: not a revised number
            return None
        need_old -= 0 if r.inserted else take
        need_new -= 0 if r.deleted else take
        revised = revised or r.inserted or r.deleted
        rest[0:1] = [replace(r, text=r.text[take:])] if take < len(r.text) else []
    if not revised:
        return None
    keep_old = _follows(was, prev) and not _follows(now, prev)
    label = old[: was.length] if keep_old else new[: now.length]
    settled = replace(line, runs=merge_runs([Run(label), *rest]))
    return Settled(settled, was.num, now.num, was.num if keep_old else now.num)


@dataclass(eq=False)
class Node:
    """An item of the outline: its number, its lines (the first is its own text), its children."""

    num: str | None = None
    style: str | None = None
    value: int = 0
    lines: list[Line] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None

    @property
    def text(self) -> str:
        return self.lines[0].text if self.lines else ""

    @property
    def is_bullet(self) -> bool:
        return bool(self.style and self.style.startswith("bullet"))

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child


def bis_base(num: str | None) -> str | None:
    """The number a "bis" number goes after: "3bis" -> "3", "c ter)" -> "c)"; None for others."""
    m = _BIS_NUM.match((num or "").strip())
    return m.group("base") + m.group("suffix") if m else None


def heading_like(text: str) -> bool:
    t = text.strip()
    return bool(t) and len(t) < 250 and not t.endswith(tuple(_HEADING_END))


class Outline:
    """Feeds numbered and plain lines into a tree under ``root``."""

    def __init__(self, root: Node | None = None) -> None:
        self.root = root or Node()
        self.current = self.root
        self.warnings: list[tuple[int, str]] = []

    def _path(self) -> list[Node]:
        path: list[Node] = []
        n: Node | None = self.current
        while n is not None:
            path.append(n)
            n = n.parent
        return path  # deepest first, root last

    def fits(self, tok: Token) -> bool:
        """Whether a weak token (a figure and a space) can be a number here."""
        for node in self._path()[:-1]:
            if any(s == node.style and v == node.value + 1 for s, v in tok.candidates):
                return True
        return any(v == 1 for _, v in tok.candidates)

    def number(self, tok: Token, line: Line) -> Node:
        path = self._path()
        if tok.bis:
            node = self._after(tok, path, line.no)
            node.lines.append(line)
            self.current = node
            return node
        cur = self.current
        wants_child = cur is not self.root and (
            cur.text.rstrip().endswith((":", "：")) or heading_like(cur.text)
        )
        cont = self._continue(tok, path)
        open_styles = {n.style for n in path[:-1]}  # a list never nests in a list of its own style
        child = next(
            (
                (s, v)
                for s, v in tok.candidates
                if (v == 1 or s.startswith("bullet")) and s not in open_styles
            ),
            None,
        )
        if tok.bullet and cont is not None:
            wants_child = False
        if child is not None and (wants_child or cont is None):
            parent = cur
            if cur.is_bullet and not tok.bullet and cur.parent is not None:
                parent = cur.parent
            node = parent.add(Node(tok.num, child[0], child[1]))
        elif cont is not None:
            sibling, (style, value) = cont
            assert sibling.parent is not None
            node = sibling.parent.add(Node(tok.num, style, value))
        else:
            node = self._fallback(tok, path, line.no)
        node.lines.append(line)
        self.current = node
        return node

    def _continue(self, tok: Token, path: list[Node]) -> tuple[Node, tuple[str, int]] | None:
        for node in path[:-1]:
            for style, value in tok.candidates:
                if style != node.style:
                    continue
                if style.startswith("bullet") or value == node.value + 1:
                    return node, (style, value if not style.startswith("bullet") else node.value + 1)
        return None

    def _after(self, tok: Token, path: list[Node], no: int) -> Node:
        """A "bis" number: a sibling of the open item it is numbered after, with its value, so
        that the number after 3bis is 4."""
        for node in path[:-1]:
            for s, v in tok.candidates:
                if s == node.style and v == node.value and node.parent is not None:
                    return node.parent.add(Node(tok.num, s, v))
        return self._fallback(tok, path, no)

    def _fallback(self, tok: Token, path: list[Node], no: int) -> Node:
        style, value = tok.candidates[0]
        for node in path[:-1]:
            for s, v in tok.candidates:
                if s == node.style and node.parent is not None:
                    self.warnings.append((no, f"'{tok.num}' is out of sequence after '{node.num}'"))
                    return node.parent.add(Node(tok.num, s, v))
        self.warnings.append((no, f"'{tok.num}' does not continue any list here; it opens a new one"))
        return self.current.add(Node(tok.num, style, value))

    def plain(self, line: Line) -> Node:
        """A line without a number continues the current item."""
        self.current.lines.append(line)
        return self.current

    def unnumbered(self, line: Line) -> Node:
        """A new item without a number directly under the root (an unlettered recital)."""
        node = self.root.add(Node(None, None, len(self.root.children) + 1))
        node.lines.append(line)
        self.current = node
        return node


def walk(node: Node) -> list[Node]:
    out: list[Node] = []
    for c in node.children:
        out.append(c)
        out.extend(walk(c))
    return out
