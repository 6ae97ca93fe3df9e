"""What a proposal quotes: the provisions it restates, checked against the base text; the rule
that one proposal document changes each provision once; and that it was written for the base."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from .akn import NS, local
from .errors import AmendmentError, TextMismatchError
from .marks import has_marks, reject
from .model import Change, ProposalDoc, Resolution
from .owntext import SUBTREE_TAGS, own_texts, read_quote, texts_words
from .tokens import first_difference


def subtree(el: etree._Element) -> list[etree._Element]:
    """The provision and its sub-provisions with an eId, in document order."""
    return [e for e in el.iter(*SUBTREE_TAGS) if e.get("eId")]


def own_words(prov: etree._Element) -> str:
    """``words(tokens_of(prov))`` without tokenising: the own blocks' text, white space folded."""
    return texts_words(own_texts(prov))


def subtree_words(el: etree._Element) -> str:
    """The words of a provision and its sub-provisions, numbers left out (we renumber anyway)."""
    return " ".join(t for t in (own_words(e) for e in subtree(el)) if t)


def shown_words(quoted: etree._Element) -> str:
    """``subtree_words(reject(quoted))``, read without copying the quote when its marks allow."""
    got = read_quote(quoted)
    if got is None:
        return subtree_words(reject(quoted))
    return " ".join(s.shown for s in got[0] if s.shown)


def _mismatch(ch: Change, base_el: etree._Element, quoted_words: str) -> AmendmentError:
    a, b = subtree_words(base_el).split(), quoted_words.split()
    i = first_difference(a, b)
    return TextMismatchError(
        f"the text {ch.action} quotes as the current '{ch.target}' differs from the base from word "
        f"{i + 1}: base has '{' '.join(a[i : i + 8])}', proposal has '{' '.join(b[i : i + 8])}'",
        proposal=ch.proposal_id,
        source=ch.document.source,
        eid=ch.target,
        hint="the proposal may have been written against another revision of the resolution",
    )


def _quoted_one(
    ch: Change, el: etree._Element, quoted: Sequence[etree._Element] | None = None
) -> etree._Element:
    quoted = ch.quoted if quoted is None else quoted
    if len(quoted) != 1 or local(quoted[0]) != local(el):
        kinds = ", ".join(local(x) for x in quoted) or "nothing"
        raise AmendmentError(
            f"a MOD must quote exactly one <{local(el)}> restating '{ch.target}'; it quotes {kinds}",
            proposal=ch.proposal_id,
            source=ch.document.source,
            eid=ch.target,
        )
    return quoted[0]


def check_quote(base: Resolution, ch: Change, quoted: Sequence[etree._Element] | None = None) -> None:
    """The text a change quotes as the current one (del kept, ins dropped) must be the base's.

    ``quoted`` is ``ch.quoted`` when the caller already holds it (each call copies the quote)."""
    quoted = ch.quoted if quoted is None else quoted
    if not quoted or ch.action == "ADD" or (ch.action == "MOD" and not has_marks(quoted[0])):
        return
    shown = " ".join(shown_words(x) for x in quoted)
    base_el = base.by_eid[ch.target]
    if shown != subtree_words(base_el):
        raise _mismatch(ch, base_el, shown)


def _check_contradictions(doc: ProposalDoc) -> None:
    seen: dict[str, Change] = {}
    for ch in doc.changes:
        if ch.action not in ("MOD", "ADD", "SUP", "NOC"):
            raise AmendmentError(
                f"{ch.mod_eid} has action '{ch.action or '(none)'}'; expected MOD, ADD, SUP or NOC",
                proposal=ch.proposal_id,
                source=doc.source,
                eid=ch.mod_eid,
                hint="set rdp:action on the <mod>",
            )
        if ch.action == "ADD":
            continue
        first = seen.get(ch.target)
        if first is not None:
            raise AmendmentError(
                f"{first.proposal_id} ({first.action}) and {ch.proposal_id} ({ch.action}) both "
                f"change '{ch.target}' in the same proposal document",
                proposal=ch.proposal_id,
                source=doc.source,
                eid=ch.target,
                hint="a proposal document may change each provision once; merge the two changes",
            )
        seen[ch.target] = ch


def check_written_for(base: Resolution, proposals: Sequence[ProposalDoc]) -> None:
    """Refuse a proposal given twice, already applied to ``base``, or written against another
    revision: its eIds would name other provisions (apply, and the compilation, read them)."""
    seen_docs: set[str] = set()
    applied_before = {
        str(h).rpartition("#")[0].rpartition("/!")[0]
        for h in base.root.xpath(
            "/a:akomaNtoso/*/a:meta/a:analysis/a:passiveModifications/a:textualMod/a:source/@href",
            namespaces=NS,
        )
    }
    for doc in proposals:
        key = doc.expression or doc.source
        if key in seen_docs or doc.expression in applied_before:
            raise AmendmentError(
                f"{doc.document_number} is applied twice",
                source=doc.source,
                hint="pass each proposal once, and never to a text that already contains it",
            )
        seen_docs.add(key)
        if doc.target_expression and base.expression and doc.target_expression != base.expression:
            raise AmendmentError(
                f"{doc.document_number} amends {doc.target_expression}, not {base.expression}",
                source=doc.source,
                hint="apply it to the revision it was written against",
            )
