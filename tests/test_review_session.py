"""Review sessions without a screen: the session file, decisions, changed files, the agreed text
(--finish), the scripted mode and the CLI contract."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CHN140, RCC140, RES140
from typer.testing import CliRunner

from resdraft.agreed import finish
from resdraft.amend import change_key
from resdraft.brackets import is_clean, list_brackets
from resdraft.cli import app
from resdraft.errors import InputError
from resdraft.merge import merge_proposals
from resdraft.model import Document, Resolution
from resdraft.session import (
    Review,
    Session,
    SessionError,
    apply_lines,
    begin,
    decision_lines,
    drift,
    load_session,
    save_session,
    undo,
)
from resdraft.settle import resolve_brackets
from resdraft.tokens import tokens_of, words
from resdraft.validate import validate_document

DATE = "2026-03-02"


@pytest.fixture
def texts(tmp_path: Path) -> Path:
    for src in (RES140, RCC140, CHN140):
        shutil.copy(src, tmp_path / src.name)
    return tmp_path


@pytest.fixture
def session(texts: Path) -> Session:
    s = begin(texts / "s.json", texts / RES140.name, [texts / RCC140.name, texts / CHN140.name])
    save_session(s)
    return s


def take(s: Session, lines: str) -> tuple[Session, Review]:
    rev = Review.load(s)
    return apply_lines(s, rev, lines, "chair"), rev


def text_of(res: Resolution, eid: str) -> str:
    return words(tokens_of(res.by_eid[eid]))


# --- the session file -----------------------------------------------------------------------
def test_session_file_round_trip_and_relative_paths(session: Session) -> None:
    s, _ = take(session, "RCC/13/5 accept\nCHN/14/6 note see Doc 21\nRCC/13/2 edit a [new] text;")
    save_session(s)
    data = json.loads(s.path.read_text(encoding="utf-8"))
    assert data["format"] == "resdraft-review-session/1"
    assert data["resolution"]["path"] == "res-140.xml" and len(data["resolution"]["sha256"]) == 64
    assert [p["path"] for p in data["proposals"]] == ["rcc-140.xml", "chn-140.xml"]
    assert load_session(s.path) == s


def test_undo_deactivates_but_never_deletes(session: Session) -> None:
    s, _ = take(session, "RCC/13/5 accept\nRCC/13/5 reject\nCHN/14/2 accept")
    s, undone = undo(s, "chair")
    assert undone.change == "CHN/14/2"
    s, undone = undo(s, "chair")
    assert undone.verb == "reject" and s.state("RCC/13/5").state == "accepted"
    assert [d.verb for d in s.decisions] == ["accept", "reject", "accept", "undo", "undo"]
    s, _ = undo(s, "chair")
    with pytest.raises(SessionError, match="nothing to undo"):
        undo(s, "chair")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("RCC/13/99 accept", "no change is numbered 'RCC/13/99'"),
        ("RCC/13/5 approve", "is not 'ID accept"),
        ("RCC/13/5 accept now", "is not 'ID accept"),
        ("RCC/13/5 note", "is not 'ID accept"),
        ("RCC/13/1 edit one paragraph only", "needs 4 paragraphs"),
    ],
)
def test_bad_decision_lines_name_their_line(session: Session, line: str, message: str) -> None:
    with pytest.raises(SessionError, match=message) as info:
        take(session, f"# meeting of 2 March\n\n{line}")
    assert info.value.line == 3


def test_damaged_session_file(tmp_path: Path) -> None:
    bad = tmp_path / "s.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(InputError, match="not a review session"):
        load_session(bad)
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read the session"):
        load_session(bad)


def test_changed_files_name_the_affected_decisions(session: Session, texts: Path) -> None:
    s, rev = take(session, "RCC/13/2 accept\nCHN/14/2 accept\nRCC/13/8 reject")
    assert drift(s, rev).files == ()
    res = texts / RES140.name
    res.write_text(
        res.read_text(encoding="utf-8").replace("is to hold, in December", "is to hold in December")
    )
    rcc = texts / RCC140.name
    rcc.write_text(
        rcc.read_text(encoding="utf-8").replace("makes the reporting cycle", "sets the reporting cycle")
    )
    found = drift(s, Review.load(s))
    assert sorted(Path(f).name for f in found.files) == ["rcc-140.xml", "res-140.xml"]
    assert [(d.change, why) for d, why in found.affected] == [
        ("RCC/13/2", "the text of noting b) changed"),
        ("RCC/13/8", "WG-WSIS-32/13 changed this proposal"),
    ]
    with pytest.raises(SessionError, match="2 decisions were taken on texts that have changed"):
        finish(s, Review.load(s), date=DATE)


def test_a_change_decided_again_after_its_files_changed_is_no_longer_stale(
    session: Session, texts: Path
) -> None:
    """The panel says "decide again": once that is done, the stale decision is replaced, and a
    note (which shapes no text) never needs taking again."""
    s, _ = take(session, "RCC/13/8 reject\nRCC/13/8 note see Doc 21")
    rcc = texts / RCC140.name
    rcc.write_text(
        rcc.read_text(encoding="utf-8").replace("makes the reporting cycle", "sets the reporting cycle")
    )
    assert [d.change for d, _ in drift(s, Review.load(s)).affected] == ["RCC/13/8"]
    s, rev = take(s, "RCC/13/8 reject")
    assert drift(s, rev).affected == ()


# --- the agreed text ------------------------------------------------------------------------
ALL_BUT_CONFLICTS = (
    "\n".join(f"{c} accept" for c in ("CHN/14/1", "CHN/14/2", "CHN/14/3", "CHN/14/4", "RCC/13/1", "RCC/13/2"))
    + "\n"
    + "\n".join(
        f"{c} accept" for c in ("RCC/13/3", "RCC/13/4", "RCC/13/5", "RCC/13/6", "RCC/13/7", "RCC/13/8")
    )
)


def test_rejections_are_left_out_and_the_rest_is_the_merge(session: Session) -> None:
    s, rev = take(session, ALL_BUT_CONFLICTS + "\nCHN/14/5 reject\nCHN/14/6 reject")
    out = finish(s, rev, date=DATE)
    assert out.brackets == () and is_clean(out.draft)
    rejected = {change_key(rev.changes[c]) for c in ("CHN/14/5", "CHN/14/6")}
    merged = merge_proposals(rev.base, rev.docs, date=DATE, rejected=rejected).draft
    assert [text_of(out.draft, e) for e in merged.by_eid if e.count("__") == 2] == [
        text_of(merged, e) for e in merged.by_eid if e.count("__") == 2
    ]
    assert [i for i in validate_document(Document(out.draft.tree, "x")) if i.severity == "error"] == []
    decisions = out.draft.root.findall(".//{urn:resdraft:proposal:1}decision")
    assert len(decisions) == 14 and {d.get("by") for d in decisions} == {"chair"}
    life = out.draft.root.findall(".//{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}eventRef")
    assert {d.get("event") for d in decisions} == {"#" + (life[-1].get("eId") or "")}


def test_accepted_conflicts_stay_in_brackets(session: Session) -> None:
    s, rev = take(session, ALL_BUT_CONFLICTS + "\nCHN/14/5 accept\nCHN/14/6 accept")
    out = finish(s, rev, date=DATE)
    assert [(b.bracket, b.kind) for b in out.brackets] == [
        ("preamble__noting__rec_b__brk_1", "overlap"),
        ("preamble__noting__rec_b__brk_2", "overlap"),
        ("instructsTheSecretaryGeneral__para_6", "mod-sup"),
    ]
    row = next(r for r in out.rows if r.change == "RCC/13/7")
    assert row.outcome == "in brackets: conflicts with CHN/14/6"


def test_undecided_and_bracketed_changes_are_bracketed_against_the_base(session: Session) -> None:
    s, rev = take(session, "RCC/13/6 bracket\nRCC/13/3 bracket")
    out = finish(s, rev, date=DATE)
    kinds = {b.bracket: (b.kind, [a.key for a in b.alternatives]) for b in out.brackets}
    assert kinds["instructsTheSecretaryGeneral__para_3"] == ("bracketed", ["RCC", "base"])  # an ADD
    assert kinds["preamble__noting__rec_c"] == ("bracketed", ["RCC", "base"])  # a SUP
    assert kinds["resolves__para_5"] == ("undecided", ["CHN", "base"])  # CHN/14/3 not decided
    assert "[RCC: annually on their results] [base: on them]" in " ".join(out.texts["RCC/13/8"])
    # `resolve` settles them: base keeps the resolution as it was
    inline = {b.bracket for b in out.brackets if "__brk_" in b.bracket}  # these keep the base words too
    picks = {
        b.bracket: "base" for b in out.brackets if b.bracket in inline or b.alternatives[-1].key == "base"
    }
    picks.update({b.bracket: b.alternatives[0].key for b in out.brackets if b.bracket not in picks})
    settled, _ = resolve_brackets(out.draft, picks, {}, date=DATE, who="chair")
    assert is_clean(settled)
    base = rev.base
    assert text_of(settled, "preamble__noting__rec_c") == text_of(base, "preamble__noting__rec_c")
    assert "instructsTheSecretaryGeneral__para_7" not in settled.by_eid  # nothing was inserted
    assert text_of(settled, "instructsTheDirectorsOfTheBureaux__para_1") == text_of(
        base, "instructsTheDirectorsOfTheBureaux__para_1"
    )


def test_edit_gives_the_words_and_replaces_the_other_proposals(session: Session) -> None:
    agreed = "that the General Assembly held its [high-level] review in December 2015;"
    s, rev = take(
        session,
        f"RCC/13/2 edit {agreed}\nRCC/13/1 edit " + "\\n\\n".join(["one;", "two;", "three;", "four,"]),
    )
    out = finish(s, rev, date=DATE)
    assert text_of(out.draft, "preamble__noting__rec_b") == agreed
    assert [text_of(out.draft, f"preamble__recalling__rec_{x}") for x in "ghij"] == [
        "one;",
        "two;",
        "three;",
        "four,",
    ]
    chn = next(r for r in out.rows if r.change == "CHN/14/5")
    assert chn.outcome == "left out: the agreed text of RCC/13/2 replaces it"
    dec = next(
        d for d in out.draft.root.iter("{urn:resdraft:proposal:1}decision") if d.get("proposal") == "RCC/13/2"
    )
    assert dec.get("decision") == "edited" and dec.text == agreed


def test_decision_lines_replay_the_session(session: Session, texts: Path) -> None:
    s, _ = take(
        session, "RCC/13/5 accept\nCHN/14/6 note see Doc 21\nRCC/13/2 edit a new text;\nCHN/14/5 reject"
    )
    s, _ = undo(s, "chair")
    fresh = begin(texts / "t.json", texts / RES140.name, [texts / RCC140.name, texts / CHN140.name])
    replayed, _ = take(fresh, decision_lines(s))
    assert {k: (v.state, v.text, [n.text for n in v.notes]) for k, v in replayed.states().items()} == {
        k: (v.state, v.text, [n.text for n in v.notes]) for k, v in s.states().items()
    }


# --- the command line -----------------------------------------------------------------------
def cli(*args: object) -> tuple[int, str, str]:
    r = CliRunner().invoke(app, [str(a) for a in args], env={"NO_COLOR": "1", "COLUMNS": "100"})
    return r.exit_code, r.stdout, " ".join(r.stderr.split())


def test_cli_scripted_review_and_finish(texts: Path) -> None:
    sess = texts / "wsis.json"
    decisions = texts / "d.txt"
    decisions.write_text(
        "# WG-WSIS-33\nRCC/13/5 accept\nCHN/14/5 reject\nCHN/14/6 bracket\n", encoding="utf-8"
    )
    files = [texts / RES140.name, texts / RCC140.name, texts / CHN140.name]
    code, _, err = cli(
        "review", *files, "--session", sess, "--decisions", decisions, "--reviewer", "Ms Chair"
    )
    assert code == 0 and "3 decisions" in err
    assert [d["who"] for d in json.loads(sess.read_text())["decisions"]] == ["Ms Chair"] * 3
    out, report = texts / "draft.xml", texts / "report.json"
    code, stdout, _ = cli(
        "review", "--finish", "--session", sess, "-o", out, "--report", report, "--date", DATE
    )
    assert code == 1 and out.exists()  # brackets remain, as with merge
    assert "1 accepted" in stdout and "CHN/14/6" in stdout
    data = json.loads(report.read_text())
    assert data["counts"] == {"pending": 11, "accepted": 1, "rejected": 1, "bracketed": 1, "edited": 0}
    assert data["brackets_remaining"] == len(list_brackets(Resolution.load(out)))
    code, _, _ = cli("review", "--finish", "--session", sess, "-o", out, "--allow-conflicts")
    assert code == 0
    everything = ALL_BUT_CONFLICTS + "\nCHN/14/5 reject\nCHN/14/6 reject\n"
    decisions.write_text(everything, encoding="utf-8")
    code, _, _ = cli("review", "--session", sess, "--decisions", decisions, "--finish", "-o", out)
    assert code == 0 and is_clean(Resolution.load(out))
    code, _, _ = cli("validate", out)
    assert code == 0


def test_cli_errors(texts: Path) -> None:
    sess = texts / "s.json"
    files = [texts / RES140.name, texts / RCC140.name, texts / CHN140.name]
    bad = texts / "bad.txt"
    bad.write_text("RCC/13/5 accept\nRCC/13/77 reject\n", encoding="utf-8")
    code, _, err = cli("review", *files, "--session", sess, "--decisions", bad)
    assert code == 3 and "bad.txt:2" in err and "no change is numbered 'RCC/13/77'" in err
    code, _, err = cli("review", "--session", sess)  # CliRunner has no terminal
    assert code == 2 and "review needs a terminal" in err and "--decisions" in err  # usage
    code, _, err = cli("review", "--session", sess, "--finish")
    assert code == 2 and "--finish needs -o" in err
    code, _, err = cli("review", files[0], files[1], "--session", sess, "--decisions", bad)
    assert code == 3 and "omit the files to resume it" in err
    code, _, err = cli("review", "--session", texts / "none.json", "--finish", "-o", texts / "x.xml")
    assert code == 2 and "does not exist yet" in err


def test_cli_finish_refuses_decisions_on_changed_texts(texts: Path) -> None:
    sess = texts / "s.json"
    ok = texts / "ok.txt"
    ok.write_text("CHN/14/5 accept\n", encoding="utf-8")
    cli(
        "review",
        texts / RES140.name,
        texts / RCC140.name,
        texts / CHN140.name,
        "--session",
        sess,
        "--decisions",
        ok,
    )
    chn = texts / CHN140.name
    chn.write_text(chn.read_text(encoding="utf-8").replace("has held", "held in New York"), encoding="utf-8")
    code, _, err = cli("review", "--session", sess, "--finish", "-o", texts / "d.xml")
    assert code == 3 and "1 decision was taken on texts that have changed" in err
    code, stdout, _ = cli("review", "--session", sess, "--finish", "-o", texts / "d.xml", "--force")
    assert code == 1 and "changed since the session began" in stdout and "! CHN/14/5 accept" in stdout


def test_help_does_not_import_textual() -> None:
    code = "import sys; from resdraft.cli import app; print('textual' in sys.modules, 'resdraft.review.app' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
    code_, stdout, _ = cli("review", "--help")
    assert code_ == 0 and "--decisions" in stdout and "--finish" in stdout


def test_an_undecided_insertion_reads_not_inserted_against_the_base(session: Session) -> None:
    """The base alternative of an ADD nobody has decided is its absence: "[base: delete]"
    read as if the base had a provision to delete."""
    from resdraft.render.terminal import plain_text, show_resolution

    s, rev = take(session, "CHN/14/2 accept")
    text = " ".join(plain_text(show_resolution(finish(s, rev, date=DATE).draft, ids=False)).split())
    assert "[base: not inserted]" in text and "[base: delete]" not in text


def test_brackets_of_undecided_word_changes_say_so(session: Session) -> None:
    """A finished draft holds the brackets the merge found ("overlap") and those of changes
    nobody decided: ``brackets`` tells them apart."""
    s, rev = take(session, "CHN/14/1 accept")
    inline = {b.kind for b in list_brackets(finish(s, rev, date=DATE).draft) if "__brk_" in b.bracket}
    assert inline == {"overlap", "undecided"}  # words in brackets: the merge's, and the undecided
