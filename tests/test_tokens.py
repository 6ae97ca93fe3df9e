"""Word tokens, word-level diffs and the three-way merge."""

from __future__ import annotations

import re
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resdraft.tokens import Edit, apply_edits, edits_between, is_balanced, merge_edits, split_words

WORDS = st.lists(
    st.sampled_from(["the", "Union", "ICT", "WSIS", ",", ";", "2030", "Member", "States"]), max_size=30
)


def toks(words: list[str]) -> tuple[str, ...]:
    return tuple(split_words(" ".join(words)))


@given(st.text(alphabet=st.sampled_from(list("ab1 \t\n-'’.,;éЖ中_")), max_size=60) | st.text(max_size=40))
def test_the_possessive_word_pattern_reads_as_the_plain_one(text: str) -> None:
    """The tokeniser's possessive quantifiers are only a speed-up: same tokens as without them."""
    plain = re.compile(r"\w+(?:[-'’]\w+)*|\s+|[^\w\s]")
    assert split_words(text) == plain.findall(text)
    assert "".join(split_words(text)) == text


def test_words_are_never_split() -> None:
    a = split_words("to support administrations on a voluntary basis;")
    b = split_words("to support all administrations on a voluntary-basis;")
    for e in edits_between(a, b):
        for t in e.new:
            assert t in b
        assert all(t in a for t in a[e.start : e.end])
    assert "voluntary-basis" in b


def test_hyphenated_and_numbers_are_single_tokens() -> None:
    assert split_words("Secretary-General, 2030") == ["Secretary-General", ",", " ", "2030"]


@given(WORDS, WORDS)
def test_edits_reproduce_target(a: list[str], b: list[str]) -> None:
    ta, tb = toks(a), toks(b)
    assert apply_edits(ta, edits_between(ta, tb)) == tb


def test_token_codes_are_renewed_when_they_run_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tokens keep their codes from one diff to the next until the codes would run out; then the
    table starts again, and diffs stay exact."""
    from resdraft import tokens

    monkeypatch.setattr(tokens, "_CAPACITY", 20)
    monkeypatch.setattr(tokens, "_THREAD", threading.local())
    pairs = [("a b c d", "a x c d"), ("e f g", "e f h g"), ("i j k l", "l k j i"), ("m n", "o p")]
    for old, new in pairs * 3:
        ta, tb = tuple(split_words(old)), tuple(split_words(new))
        assert apply_edits(ta, edits_between(ta, tb)) == tb
        assert len(tokens._THREAD.codes) <= 20


def test_a_diff_with_more_tokens_than_letter_codes() -> None:
    a = tuple(f"w{i}" for i in range(90_000))
    assert edits_between(a, (*a[:10], "x", *a[10:])) == (Edit(10, 10, ("x",)),)


@given(WORDS)
def test_no_edits_between_equal_texts(a: list[str]) -> None:
    assert edits_between(toks(a), toks(a)) == ()


def test_disjoint_edits_merge_and_overlapping_ones_clash() -> None:
    base = tuple(split_words("one two three four five six seven"))
    left = tuple(split_words("one TWO three four five six seven"))
    right = tuple(split_words("one two three four five SIX seven"))
    merged, clashes = merge_edits(edits_between(base, left, "L"), edits_between(base, right, "R"))
    assert not clashes
    assert apply_edits(base, merged) == tuple(split_words("one TWO three four five SIX seven"))
    assert {e.by for e in merged} == {"L", "R"}
    other = tuple(split_words("one deux three four five six seven"))
    _, clashes = merge_edits(edits_between(base, left, "L"), edits_between(base, other, "O"))
    assert clashes


def test_identical_edits_count_once_for_both() -> None:
    base = tuple(split_words("a b c"))
    new = tuple(split_words("a x c"))
    merged, clashes = merge_edits(edits_between(base, new, "L"), edits_between(base, new, "R"))
    assert not clashes and len(merged) == 1 and merged[0].by == "L+R"


def test_balance() -> None:
    assert is_balanced(["\x02p", "\x01<i>", "x", "\x01</i>"])
    assert not is_balanced(["\x02p", "\x01<i>", "x"])


def test_new_words_in_the_same_blocks_leave_comments_where_they_were() -> None:
    from lxml import etree

    from resdraft.akn import AKN_NS
    from resdraft.blocks import set_tokens
    from resdraft.tokens import tokens_of

    para = etree.fromstring(
        f'<paragraph xmlns="{AKN_NS}" eId="para_1"><num>1</num><!-- checked --><content eId="c">'
        "<p>old <i>words</i></p><!-- end --></content></paragraph>"
    )
    new = tuple(t.replace("old", "new") for t in tokens_of(para))
    set_tokens(para, new)
    assert tokens_of(para) == new
    assert (
        etree.tostring(para)
        .decode()
        .endswith(
            '<num>1</num><!-- checked --><content eId="c"><p>new <i>words</i></p><!-- end --></content></paragraph>'
        )
    )


def test_tokens_read_from_a_fingerprint_are_the_provisions_tokens() -> None:
    """The diff reads a markup-free provision's tokens from its fingerprint: they must be the
    same tokens, and a provision with markup must be left to ``tokens_of``."""
    from resdraft.akn import iter_provisions
    from resdraft.model import Resolution
    from resdraft.tokens import fingerprint, fingerprint_tokens, tokens_of
    from tests.conftest import RES140, RES1332

    read = with_markup = 0
    for path in (RES140, RES1332):
        for prov in iter_provisions(Resolution.load(path).doc):
            got = fingerprint_tokens(fingerprint(prov))
            if got is None:
                with_markup += 1
            else:
                assert got == tokens_of(prov), prov.get("eId")
                read += 1
    assert read > 50 and with_markup > 0
