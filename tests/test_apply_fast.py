"""The undiffed path of apply: a provision's only MOD is written straight from its quote and
diffed when read. Everything it records must be what the token path (diff every MOD, merge,
rebuild from tokens) records, word for word and byte for byte."""

from __future__ import annotations

from copy import deepcopy

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from resdraft.akn import iter_provisions, local, q
from resdraft.amend import Consolidation, apply_proposals
from resdraft.blocks import set_tokens
from resdraft.eids import reassign_eids
from resdraft.eids_settled import eids_settled
from resdraft.errors import ConflictingAmendmentsError
from resdraft.marks import accept, reject
from resdraft.model import ProposalDoc, Resolution, _attr
from resdraft.owntext import own_texts, read_quote, write_own_text
from resdraft.propose import ProposalMeta, propose
from resdraft.quotes import own_words, shown_words, subtree, subtree_words
from resdraft.tokens import (
    BLOCK,
    TAG,
    Edit,
    apply_edits,
    edits_between,
    marked_edits,
    merge_edits,
    own_blocks,
    tokens_of,
    words,
)
from tests.conftest import CHN140_COMPAT, RCC140, RCC1332, RES140, RES1332
from tests.test_properties import BASES, VOCAB, make_edited

METAS = [ProposalMeta(f"P{i}/1", ((c, c),), "2026-11-28", f"P{i}/1") for i, c in enumerate(("RUS", "CHN"))]
WORD_OPS = st.tuples(
    st.sampled_from(["replace", "insert", "delete-words"]),
    st.integers(0, 400),
    st.integers(0, 40),
    st.lists(st.sampled_from(VOCAB), min_size=1, max_size=3),
)


def token_path(base: Resolution, docs: list[ProposalDoc]) -> dict[str, tuple[Edit, ...]]:
    """What apply records, the slow way: every textual MOD's edits as its marks make them (or
    diffed, where they do not read as the base), merged."""
    out: dict[str, tuple[Edit, ...]] = {}
    for doc in docs:
        for ch in doc.changes:
            if ch.action != "MOD":
                continue
            marked = subtree(ch.quoted[0])
            new = subtree(accept(ch.quoted[0]))
            if [e.get("eId") for e in new] != [e.get("eId") for e in subtree(base.by_eid[ch.target])]:
                continue  # a structural MOD replaces the provision whole: no word edits
            for sub, with_marks in zip(new, marked, strict=True):
                eid = sub.get("eId") or ""
                old, after = tokens_of(base.by_eid[eid]), tokens_of(sub)
                mine = marked_edits(old, tokens_of(with_marks), after, ch.attribution) or edits_between(
                    old, after, by=ch.attribution
                )
                if mine:
                    out[eid], clashes = merge_edits(out.get(eid, ()), mine)
                    assert not clashes
    return out


def assert_same_as_token_path(base: Resolution, docs: list[ProposalDoc], c: Consolidation) -> None:
    expected = token_path(base, docs)
    assert list(c.edits) == list(expected)
    assert dict(c.edits) == expected
    back = {b: n for n, b in c.lineage.items()}
    for eid, edits in expected.items():
        got = tokens_of(c.result.by_eid[back[eid]])
        assert got == apply_edits(tokens_of(base.by_eid[eid]), edits)


def word_edit(
    which: str, ops: list[tuple[str, int, int, list[str]]], meta: ProposalMeta
) -> ProposalDoc | None:
    base = BASES[which]
    n = len([p for p in iter_provisions(base.doc) if local(p) in ("recital", "paragraph", "point")])
    edited = make_edited(base, [(k, i % n, at, w) for k, i, at, w in ops])
    try:
        return ProposalDoc(etree.ElementTree(propose(base, edited, meta)), f"<{meta.proposal_id}>")
    except Exception:  # the edit changed nothing
        return None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(BASES)), st.lists(WORD_OPS, min_size=1, max_size=4))
def test_single_mods_record_what_the_token_path_records(
    which: str, ops: list[tuple[str, int, int, list[str]]]
) -> None:
    doc = word_edit(which, ops, METAS[0])
    assume(doc is not None)
    assert doc is not None
    c = apply_proposals(BASES[which], [doc])
    assert_same_as_token_path(BASES[which], [doc], c)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(BASES)),
    st.integers(0, 400),
    st.lists(WORD_OPS, min_size=1, max_size=2),
    st.lists(WORD_OPS, min_size=1, max_size=2),
)
def test_two_mods_of_one_provision_merge_as_the_token_path_does(
    which: str,
    at: int,
    first: list[tuple[str, int, int, list[str]]],
    second: list[tuple[str, int, int, list[str]]],
) -> None:
    a = word_edit(which, [(k, at, i, w) for k, _, i, w in first], METAS[0])
    b = word_edit(which, [(k, at, i, w) for k, _, i, w in second], METAS[1])
    assume(a is not None and b is not None)
    assert a is not None and b is not None
    try:
        c: Consolidation | None = apply_proposals(BASES[which], [a, b])
    except ConflictingAmendmentsError:  # the same words changed twice: refused as before
        c = None
    assume(c is not None)
    assert c is not None
    assert_same_as_token_path(BASES[which], [a, b], c)
    both = any(len({(e.by or "").split(" ")[0] for e in es}) > 1 for es in c.edits.values())
    event("both proposals edit one provision" if both else "different provisions")


def test_the_same_mod_twice_is_recorded_once_for_both() -> None:
    base = Resolution.load(RES140)
    doc = ProposalDoc.load(RCC140)
    twin = ProposalDoc(etree.ElementTree(deepcopy(doc.root)), "<twin>")
    for el in twin.root.iter(q("FRBRuri"), q("FRBRthis")):
        el.set("value", el.get("value", "") + "-twin")
    c = apply_proposals(base, [doc, twin])
    edits = [e for ch in doc.changes if ch.action == "MOD" for e in c.edits.get(ch.target, ())]
    assert edits
    assert all(e.by and e.by.count("+") == 1 and e.by.split("+")[0] == e.by.split("+")[1] for e in edits)
    assert dict(c.edits) == {
        eid: tuple(Edit(e.start, e.end, e.new, f"{e.by}+{e.by}") for e in es)
        for eid, es in apply_proposals(base, [doc]).edits.items()
    }


def test_bundled_proposals_record_what_the_token_path_records() -> None:
    for base, docs in (
        (Resolution.load(RES140), [ProposalDoc.load(RCC140), ProposalDoc.load(CHN140_COMPAT)]),
        (Resolution.load(RES140), [ProposalDoc.load(CHN140_COMPAT), ProposalDoc.load(RCC140)]),
        (Resolution.load(RES1332), [ProposalDoc.load(RCC1332)]),
    ):
        c = apply_proposals(base, docs)
        expected = token_path(base, docs)
        assert list(c.edits) == list(expected)
        assert dict(c.edits) == expected


def test_recorded_edits_do_not_follow_later_changes_to_the_result() -> None:
    base = Resolution.load(RES140)
    c = apply_proposals(base, [ProposalDoc.load(RCC140)])
    back = {b: n for n, b in c.lineage.items()}
    for eid in c.edits:  # spoil every changed provision before the edits are first read
        for p in c.result.by_eid[back[eid]].iter(q("p")):
            p.text = "spoilt"
    fresh = apply_proposals(base, [ProposalDoc.load(RCC140)])
    assert dict(c.edits) == dict(fresh.edits)


# --- the pieces, against the functions they stand in for --------------------------------------

INLINE = st.recursive(
    st.sampled_from(["", "word ", " the Union,", "2030 Agenda"]).map(lambda t: ("text", t)),
    lambda kids: st.tuples(
        st.sampled_from(["ins", "del", "i", "b", "ref", "comment", "entity"]),
        st.dictionaries(
            st.sampled_from(["zeta", "href", "eId", "class", "{urn:y}k"]),
            st.sampled_from(["1", 'a"&b']),
            max_size=2,
        ),
        st.lists(kids, max_size=3),
    ),
    max_leaves=8,
)


def build(into: etree._Element, parts: list[object]) -> None:
    """Fill ``into`` with generated inline content (text, tags, marks, comments)."""
    last: etree._Element | None = None
    for part in parts:
        assert isinstance(part, tuple)
        if part[0] == "text":
            if last is None:
                into.text = (into.text or "") + part[1]
            else:
                last.tail = (last.tail or "") + part[1]
            continue
        tag, attrs, kids = part
        if tag in ("comment", "entity"):
            last = etree.Comment("note") if tag == "comment" else etree.Entity("nbsp")
            into.append(last)
            continue
        last = etree.SubElement(into, q(tag), attrs)
        build(last, kids)


PROVISIONS = [
    (name, e.get("eId") or "")
    for name, res in BASES.items()
    for e in iter_provisions(res.doc)
    if local(e) in ("recital", "paragraph", "point", "hcontainer", "recitals", "formula")
]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(PROVISIONS), st.lists(st.lists(INLINE, max_size=4), min_size=1, max_size=3))
def test_quote_reading_and_writing_match_reject_accept_and_set_tokens(
    where: tuple[str, str], contents: list[list[object]]
) -> None:
    base = BASES[where[0]]
    quote = deepcopy(base.by_eid[where[1]])
    blocks = [b for sub in subtree(quote) for _, b in own_blocks(sub)]
    for block, parts in zip(blocks, contents, strict=False):
        block.text = None
        del block[:]
        build(block, parts)
    for sub in subtree(quote):
        texts = [t for _, t in own_texts(sub)]
        assert "".join(texts) == "".join(t for t in tokens_of(sub) if not t.startswith((BLOCK, TAG)))
        assert own_words(sub) == words(tokens_of(sub))
    got = read_quote(quote)
    if got is not None:  # inline marks: read in one pass, without copies
        subs, marked = got
        assert (
            " ".join(s.shown for s in subs if s.shown) == subtree_words(reject(quote)) == shown_words(quote)
        )
        accepted = accept(quote)
        assert [s.texts for s in subs] == [own_texts(e) for e in subtree(accepted)]
        assert marked == (next(quote.iterdescendants(q("ins"), q("del")), None) is not None)
        # the quote check: the text before the marks read as the base, spacing aside
        for s, before in zip(subs, subtree(reject(quote)), strict=True):
            assert s.reads_as(own_texts(before))
        for s, old in zip(subs, subtree(base.by_eid[where[1]]), strict=True):
            assert s.reads_as(own_texts(old)) == (s.shown == own_words(old))
            assert s.reads_as([(p, f"  {t}\n ") for p, t in own_texts(old)]) == (s.shown == own_words(old))
        for s, new in zip(subs, subtree(accepted), strict=True):
            one = deepcopy(base.root)
            two = deepcopy(base.root)
            eid = s.el.get("eId")
            write_own_text(next(e for e in one.iter() if e.get("eId") == eid), s)
            set_tokens(next(e for e in two.iter() if e.get("eId") == eid), tokens_of(new))
            assert etree.tostring(one) == etree.tostring(two)
    else:
        assert shown_words(quote) == subtree_words(reject(quote))


def test_marks_around_blocks_take_the_general_path() -> None:
    quote = deepcopy(BASES["140"].by_eid["resolves__para_2"])
    content = quote.find(q("content"))
    assert content is not None
    p = content[0]
    wrap = etree.SubElement(content, q("ins"))
    wrap.append(p)
    assert read_quote(quote) is None
    assert shown_words(quote) == subtree_words(reject(quote))


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(sorted(BASES)),
    st.lists(st.tuples(st.integers(0, 400), st.sampled_from(["bis", "drop", "eid"]))),
)
def test_settled_eids_are_exactly_those_reassign_keeps(which: str, spoil: list[tuple[int, str]]) -> None:
    root = deepcopy(BASES[which].root)
    items = [e for e in root[0].iter(q("recital"), q("paragraph"), q("point"))]
    for i, how in spoil:
        el = items[i % len(items)]
        num = el.find(q("num"))
        if how == "bis" and num is not None:
            num.text = (num.text or "") + " bis"
        elif how == "drop" and num is not None:
            el.remove(num)
        elif how == "eid":
            el.set("eId", (el.get("eId") or "") + "x")
    before = etree.tostring(root)
    settled = eids_settled(root[0])
    assert etree.tostring(root) == before
    reassign_eids(root[0])
    assert settled == (etree.tostring(root) == before)


def test_proposal_metadata_is_what_the_xpaths_read() -> None:
    doc = ProposalDoc.load(RCC140)
    for attr in ("document", "group", "date", "status", "missing"):
        assert doc._prop(attr) == (_attr(doc.tree, f"//a:proprietary/rdp:proposal/@{attr}") or "")
    assert (doc.document_number, doc.group, doc.date) == ("WG-WSIS-32/13", "RCC", "2018-01-24")
    assert doc.target_expression == "/akn/un/statement/deliberation/itu-pp/2006-11-24/res-140/eng@2014-11-07"
    assert doc.expression == _attr(
        doc.tree, "/a:akomaNtoso/*/a:meta/a:identification/a:FRBRExpression/a:FRBRuri/@value"
    )


def _consolidated(base: Resolution, doc: ProposalDoc) -> tuple[bytes, dict[str, tuple[Edit, ...]]]:
    c = apply_proposals(base, [doc])
    return etree.tostring(c.result.root), dict(c.edits)


def test_quotes_read_in_place_give_what_their_copies_give(monkeypatch: pytest.MonkeyPatch) -> None:
    """A MOD's quote is read where it stands, its eIds bearing the quotedStructure's prefix; an
    inline element with an eId sends it to the copy, which strips the prefix there too."""
    base = Resolution.load(RES140)
    doc = ProposalDoc.load(RCC140)
    mods = [ch for ch in doc.changes if ch.action == "MOD"]
    ((quoted, prefix),) = mods[0].quoted_in_place
    p = next(quoted.iter(q("p")))
    mark = etree.SubElement(p, q("ins"))
    mark.text = " "
    ref = etree.SubElement(mark, q("ref"), {"eId": prefix + "ref_1", "href": "#x"})
    ref.text = "seen"
    assert read_quote(quoted, prefix) is None
    assert read_quote(quoted) is not None
    fast = _consolidated(base, doc)
    assert b'eId="ref_1"' in fast[0] and prefix.encode() not in fast[0]
    monkeypatch.setattr(type(mods[0]), "quoted_in_place", property(lambda self: ()))
    assert _consolidated(Resolution.load(RES140), ProposalDoc(doc.tree, doc.source)) == fast
