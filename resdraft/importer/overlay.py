"""The words of a proposal laid over a provision of the base: which blocks they go into, and
which inline markup of the base they keep.

A proposal restates a provision in the words of the document, not in the blocks of the base: a
paragraph quoted by its opening words alone ("that the activities ... to:", without the points
it holds) reads as a paragraph of plain content, where the base holds those words in its intro.
"""

from __future__ import annotations

from lxml import etree

from ..akn import local
from ..tokens import BLOCK, edits_between, first_difference, is_balanced, is_markup, split_blocks


def _plain(tokens: list[str]) -> tuple[list[int], list[str]]:
    idx = [i for i, t in enumerate(tokens) if not is_markup(t)]
    return idx, [tokens[i] for i in idx]


def fit_blocks(base: tuple[str, ...], quoted: tuple[str, ...]) -> tuple[str, ...]:
    """``quoted`` in the blocks of ``base`` when the extract leaves out the sub-provisions the
    base has: its content blocks go into the base's intro (and wrap-up), in order, and the base
    blocks it does not restate follow unchanged. Content written beside points would not validate,
    and a wrap-up the extract does not show must not be lost. ``quoted`` itself otherwise."""
    b_blocks, q_blocks = split_blocks(base), split_blocks(quoted)
    b_paths, q_paths = [p for p, _ in b_blocks], [p for p, _ in q_blocks]
    if (
        q_paths == b_paths
        or not q_paths
        or not any(p.startswith("intro/") for p in b_paths)
        or not all(p.startswith("content/") for p in q_paths)
    ):
        return quoted
    out: list[str] = []
    for i, (_, toks) in enumerate(q_blocks):
        out += [BLOCK + b_paths[min(i, len(b_paths) - 1)], *toks]
    for path, toks in b_blocks[len(q_blocks) :]:
        out += [BLOCK + path, *toks]
    return tuple(out)


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


def difference(a: str, b: str, before: int = 4, after: int = 8) -> tuple[str, str]:
    """The words of ``a`` and ``b`` around their first difference: a fixed excerpt from the
    start would show two identical texts whenever they differ further on."""
    wa, wb = a.split(), b.split()
    i = first_difference(wa, wb)
    start = max(0, i - before)

    def excerpt(ws: list[str]) -> str:
        shown = " ".join(ws[start : i + after])
        return ("… " if start else "") + shown + (" …" if len(ws) > i + after else "")

    return excerpt(wa), excerpt(wb)


def fix_eids(el: etree._Element) -> None:
    """intro and wrapUp made by set_tokens get the eIds the profile asks for."""
    eid = el.get("eId") or ""
    for c in el:
        if local(c) in ("intro", "wrapUp") and not c.get("eId"):
            c.set("eId", f"{eid}__{'intro' if local(c) == 'intro' else 'wrapup'}")
