"""Keyword phrases, heading and formula patterns per language, read from package data.

The lists live in ``resdraft/data/keywords/{lang}.json``; code only matches them. Every phrase
maps to a language-neutral slug (``considerando`` -> ``considering``), so the Spanish and the
English Expressions of one resolution get the same eIds.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..errors import InputError

LANGUAGES = ("eng", "spa", "fra", "rus", "ara", "zho")
_TRAILING = " \t\u00a0,:;.，：；。"
_COMMA = re.compile("[,，،]")
_SENTENCE_END = (";", ".", "!", "?", "；", "。", "؛")


def fold(text: str) -> str:
    """Comparison key: case, accents, Arabic vowel marks, dashes and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    out = "".join(c for c in decomposed if not unicodedata.combining(c) and c != "\u0640")
    out = re.sub(r"[\u2010-\u2015\-]", "-", out).replace("’", "'")
    return " ".join(out.split())


def slugify(phrase: str) -> str:
    """lowerCamelCase ASCII slug of a phrase: "instructs the Secretary-General" ->
    "instructsTheSecretaryGeneral"; "" when the phrase has no Latin letters."""
    ascii_ = unicodedata.normalize("NFKD", phrase).encode("ascii", "ignore").decode()
    words = [w for w in re.split(r"[^A-Za-z0-9]+", ascii_) if w]
    if not words or not words[0][0].isalpha():
        return ""
    return words[0].lower() + "".join(w[:1].upper() + w[1:].lower() for w in words[1:])


@dataclass(frozen=True, slots=True)
class Keyword:
    phrase: str  # as printed in the source, without trailing punctuation
    slug: str
    part: str  # "preamble" | "operative"
    known: bool = True


@dataclass(frozen=True, slots=True)
class Heading:
    """A recognised resolution heading and where its parts sit in the line."""

    number: str
    revision: str | None
    spans: tuple[tuple[str, int, int], ...]  # ("type"|"number"|"revision", start, end)


class Lexicon:
    """The keyword data of one language."""

    def __init__(self, lang: str, data: dict[str, Any]) -> None:
        self.lang = lang
        self.name = str(data.get("name", lang))
        self._kw: dict[str, tuple[str, str]] = {}
        for part in ("preamble", "operative"):
            for phrase, slug in data.get(part, {}).items():
                self._kw[fold(phrase)] = (slug, part)
        self.headings = tuple(re.compile(p, re.I) for p in data.get("heading", ()))
        self.formulas = tuple(re.compile(p, re.I) for p in data.get("formula", ()))
        self.annexes = tuple(re.compile(p) for p in data.get("annex", ()))
        self.revised = tuple(fold(w) for w in data.get("revised", ()))
        self.council = tuple(re.compile(p, re.I) for p in data.get("council_revision", ()))
        self.verbs = frozenset(fold(v) for v in data.get("operative_verbs", ()))
        self.resolution_words = tuple(data.get("resolution_words", ()))
        self.list_words = tuple(data.get("list_words", ()))
        self.actor_cues: dict[str, tuple[str, ...]] = {
            k: tuple(v) for k, v in data.get("actor_cues", {}).items()
        }
        self.detect = frozenset(data.get("detect", ()))
        self.reasons = tuple(data.get("reasons", ()))

    def keyword(self, text: str, qualified: bool = True) -> Keyword | None:
        """The keyword phrase this whole line is, if it is one; with ``qualified``, also a known
        phrase followed by a comma-led qualifier ("instructs the Director of the Bureau, in
        collaboration with ..."), whose slug is the known phrase's and whose phrase the whole line."""
        phrase = text.strip().rstrip(_TRAILING).strip()
        hit = self._kw.get(fold(phrase)) if phrase and len(phrase) <= 120 else None
        if hit is not None:
            return Keyword(phrase, hit[0], hit[1])
        return self.qualified(text) if qualified else None

    def qualified(self, text: str) -> Keyword | None:
        """A known keyword, a comma and a short qualifier, on a line that does not end a sentence."""
        line = text.strip()
        m = _COMMA.search(line)
        if m is None or len(line) > 250 or line.endswith(_SENTENCE_END):
            return None
        hit = self._kw.get(fold(line[: m.start()]))
        rest = line[m.end() :].strip().rstrip(_TRAILING)
        if hit is None or not rest or len(rest.split()) > 30:
            return None
        return Keyword(line.rstrip(_TRAILING).strip(), hit[0], hit[1])

    def stands_alone(self, text: str) -> bool:
        """A paragraph of its own in hard-wrapped text: a heading, an annex title or a keyword
        line (with a qualifier, once it ends as a keyword line does, with a comma or colon)."""
        if self.keyword(text, qualified=False) or self.heading(text) or self.is_annex(text):
            return True
        return text.rstrip().endswith((",", ":", "，", "：", "،")) and self.qualified(text) is not None

    def starts_with_verb(self, text: str) -> bool:
        words = fold(text).split()
        return bool(words) and (words[0] in self.verbs or " ".join(words[:2]) in self.verbs)

    def heading(self, text: str) -> Heading | None:
        line = text.strip()
        for rx in self.headings:
            m = rx.match(line)
            if not m:
                continue
            lead = len(text) - len(text.lstrip())
            spans = tuple(
                (g, m.start(g) + lead, m.end(g) + lead)
                for g in ("type", "number", "revision")
                if m.group(g) is not None and m.start(g) >= 0
            )
            number = m.group("number").translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
            return Heading(number, m.group("revision"), tuple(sorted(spans, key=lambda s: s[1])))
        return None

    def is_formula(self, text: str) -> bool:
        return any(rx.match(text.strip()) for rx in self.formulas)

    def is_annex(self, text: str) -> bool:
        line = text.strip()
        return len(line) < 160 and any(rx.match(line) for rx in self.annexes)

    def is_revised(self, revision: str) -> bool:
        key = fold(revision)
        return any(key.startswith(w) or f" {w}" in key for w in self.revised)

    def is_council(self, revision: str) -> bool:
        return any(rx.search(revision.strip()) for rx in self.council)


@cache
def _raw(lang: str) -> dict[str, Any]:
    if lang not in LANGUAGES:
        raise InputError(f"unknown language '{lang}'", hint=f"use one of {', '.join(LANGUAGES)}")
    text = resources.files("resdraft.data").joinpath("keywords", f"{lang}.json").read_text("utf-8")
    data = json.loads(text)
    assert isinstance(data, dict)
    return data


@cache
def lexicon(lang: str) -> Lexicon:
    return Lexicon(lang, _raw(lang))


@cache
def data_file(name: str) -> dict[str, Any]:
    """One of resdraft's JSON data files (conferences, works, references)."""
    data = json.loads(resources.files("resdraft.data").joinpath(f"{name}.json").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def detect_language(texts: list[str]) -> str:
    """The language whose headings, keywords and common words best match the text."""
    best, best_score = "eng", -1
    sample = texts[:400]
    words = [w for t in sample for w in fold(t).split()]
    for lang in LANGUAGES:
        lex = lexicon(lang)
        score = 0
        for t in sample:
            if lex.heading(t) or lex.keyword(t):
                score += 20
        detect = {fold(w) for w in lex.detect}
        if lang == "zho":
            score += sum(1 for t in sample for c in t if "\u4e00" <= c <= "\u9fff") // 4
        else:
            score += sum(1 for w in words if w in detect)
        if score > best_score:
            best, best_score = lang, score
    return best
