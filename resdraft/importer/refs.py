"""References in running text: ITU resolutions ("Resolución 140 (Rev. Busán, 2014)", "Resolutions
70/1 and 70/125 of the General Assembly") and ITU documents ("WG-WSIS-32/13", "C18/31").

Each found reference becomes ``<ref href="...">``. A resolution's href is its Work IRI when
``data/works.json`` knows its first adoption date, otherwise the IRI without the date part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .keywords import Lexicon, data_file, fold

_REVISION = re.compile(r"\s*\([^()]{1,60}?[0-9]{4}[^()]{0,10}\)")
_NUMBER = r"[0-9]{1,4}(?:/[0-9]{1,4})?"


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    href: str


@cache
def _resolution_rx(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})[\s\u00a0]+(?:N[°º]\s*)?({_NUMBER})(?![\w/])")


@cache
def _next_rx(list_words: tuple[str, ...]) -> re.Pattern[str]:
    alt = "|".join(re.escape(w) for w in list_words) or "and"
    return re.compile(rf"\s*(?:,|(?:{alt})(?!\w))[\s\u00a0]*({_NUMBER})(?![\w/])")


@cache
def _document_rxs() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(d["pattern"]), d["href"]) for d in data_file("references")["documents"])


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(s)).strip("-")


def _cue(window: str, lex: Lexicon, nearest_last: bool) -> str | None:
    hits: list[tuple[int, str]] = []
    for actor, cues in lex.actor_cues.items():
        for cue in cues:
            hits.extend((m.start(), actor) for m in re.finditer(rf"(?<!\w){re.escape(cue)}(?!\w)", window))
    if not hits:
        return None
    return (max(hits) if nearest_last else min(hits))[1]


def actor_named(text: str, lex: Lexicon) -> str | None:
    """The body a text names first ("The World Telecommunication Development Conference ...")."""
    return _cue(text, lex, nearest_last=False)


def _actor(text: str, start: int, end: int, number: str, lex: Lexicon) -> str | None:
    """Whose resolution: the body named right after it ("of the Council", "de la CMDT-17") or
    right before it ("Council Resolution 1332"); by default the Council from 1000 on."""
    stop = re.compile("|".join([re.escape(w) for w in lex.resolution_words] + [r"[;.,]"]))
    after = text[end : end + 30]
    after = after[: m.start()] if (m := stop.search(after)) else after
    before = text[max(0, start - 25) : start]
    cut = [m.end() for m in stop.finditer(before)]
    before = before[cut[-1] :] if cut else before
    actor = _cue(after, lex, nearest_last=False) or _cue(before, lex, nearest_last=True)
    if "/" in number:
        return "unga" if actor == "unga" else None
    if actor is not None and actor != "unga":
        return actor
    return "itu-council" if int(number) >= 1000 else "itu-pp"


def resolution_href(actor: str, number: str) -> str:
    num = "res-" + number.replace("/", "-")
    date = data_file("works").get(actor, {}).get(number)
    if date:
        return f"/akn/un/statement/deliberation/{actor}/{date}/{num}"
    return f"/akn/un/statement/deliberation/{actor}/{num}"


def find_references(text: str, lex: Lexicon) -> list[Found]:
    found: list[Found] = []
    rx = _resolution_rx(lex.resolution_words)
    if rx is not None:
        for m in rx.finditer(text):
            start, number, end = m.start(), m.group(1), m.end()
            items = [(start, number, end)]
            nxt = _next_rx(lex.list_words)
            pos = end
            rev = _REVISION.match(text, pos)
            if rev:
                items[-1] = (start, number, rev.end())
                pos = rev.end()
            while (more := nxt.match(text, pos)) is not None:
                s = more.start(1)
                e = more.end(1)
                rev = _REVISION.match(text, e)
                if rev:
                    e = rev.end()
                items.append((s, more.group(1), e))
                pos = e
            tail = items[-1][2]
            for s, num, e in items:
                actor = _actor(text, start, tail, num, lex)
                if actor is not None:
                    found.append(Found(s, e, resolution_href(actor, num)))
    for drx, template in _document_rxs():
        for m in drx.finditer(text):
            found.append(Found(m.start(), m.end(), template.format(slug=_slug(m.group(0)))))
    found.sort(key=lambda f: (f.start, -f.end))
    out: list[Found] = []
    for f in found:
        if not out or f.start >= out[-1].end:
            out.append(f)
    return out
