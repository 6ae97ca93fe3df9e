"""The review application driven through Textual's pilot: keys pressed, the screen read back,
the session file checked after each decision, and a killed session resumed."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("textual")

from conftest import CHN140, RCC140, RES140
from textual.pilot import Pilot
from textual.widgets import OptionList, TextArea

from resdraft.review.app import ReviewApp
from resdraft.review.controller import Controller
from resdraft.session import Review, begin, load_session, save_session

Script = Callable[[Pilot[None], ReviewApp], Awaitable[Any]]


@pytest.fixture
def session_file(tmp_path: Path) -> Path:
    for src in (RES140, RCC140, CHN140):
        shutil.copy(src, tmp_path / src.name)
    path = tmp_path / "wsis.review.json"
    save_session(begin(path, tmp_path / RES140.name, [tmp_path / RCC140.name, tmp_path / CHN140.name]))
    return path


def run(path: Path, script: Script, size: tuple[int, int] = (80, 24), reviewer: str = "chair") -> Any:
    """Open the session in a fresh application, run the script against it, return its result."""

    async def main() -> Any:
        s = load_session(path)
        app = ReviewApp(Controller(s, Review.load(s), reviewer))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            return await script(pilot, app)

    return asyncio.run(main())


def screen(app: ReviewApp) -> str:
    """What the terminal shows, as text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def journal(path: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["decisions"]
    return data


async def press(pilot: Pilot[None], *keys: str) -> None:
    for k in keys:
        await pilot.press(k)
        await pilot.pause()


async def type_text(pilot: Pilot[None], text: str) -> None:
    await press(pilot, *["space" if c == " " else c for c in text])


def selected(app: ReviewApp) -> str | None:
    lst = app.query_one("#changes", OptionList)
    opt = lst.highlighted_option
    return opt.id if opt is not None else None


def test_first_screen_at_80x24(session_file: Path) -> None:
    async def script(pilot: Pilot[None], app: ReviewApp) -> str:
        assert app.size == (80, 24)
        return screen(app)

    text = run(session_file, script)
    lines = text.splitlines()
    assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
    for wanted in ("Changes", "new, before considering d)", "CHN/14/1", "ADD", "PENDING", "Current text"):
        assert wanted in text
    assert "14 changes · 14 pending · 0 accepted" in text
    assert "Accept" in lines[-1] and "Quit" in lines[-1]  # the footer lists the keys


def test_every_decision_is_in_the_session_file_at_once(session_file: Path) -> None:
    seen: list[list[dict[str, Any]]] = []

    async def script(pilot: Pilot[None], app: ReviewApp) -> str:
        await press(pilot, "a")  # CHN/14/1
        seen.append(journal(session_file))
        assert selected(app) == "RCC/13/1"  # moved on to the next change
        await press(pilot, "r")  # RCC/13/1
        seen.append(journal(session_file))
        await press(pilot, "b")  # CHN/14/5
        seen.append(journal(session_file))
        return screen(app)

    text = run(session_file, script)
    assert [(d["change"], d["verb"], d["who"]) for d in seen[-1]] == [
        ("CHN/14/1", "accept", "chair"),
        ("RCC/13/1", "reject", "chair"),
        ("CHN/14/5", "bracket", "chair"),
    ]
    assert [len(j) for j in seen] == [1, 2, 3]
    assert all(d["when"].endswith("+00:00") and len(d["change_sha"]) == 16 for d in seen[-1])
    assert "1 accepted · 1 rejected · 1 bracketed" in text


def test_inline_edit_keeps_square_brackets_as_text(session_file: Path) -> None:
    agreed = (
        "that the United Nations General Assembly held, in December 2015, a [high-level] meeting, "
        "and [bold]that[/bold] the WSIS process was extended until 2025;"
    )

    async def script(pilot: Pilot[None], app: ReviewApp) -> str:
        await press(pilot, "down", "down", "down")  # noting b): RCC/13/2
        assert selected(app) == "RCC/13/2"
        await press(pilot, "e")
        assert "Agreed text" in screen(app)
        area = app.screen.query_one(TextArea)
        assert area.text.startswith("that the United Nations General Assembly held")  # RCC's wording
        area.text = agreed
        await press(pilot, "ctrl+s")
        return screen(app)

    text = run(session_file, script, size=(120, 40))
    d = journal(session_file)[-1]
    assert (d["change"], d["verb"], d["text"]) == ("RCC/13/2", "edit", agreed)
    assert "EDITED" in text
    assert "[high-level] meeting" in text and "[bold]that[/bold]" in text  # shown, never parsed
    assert "left out: the agreed text of RCC/13/2 replaces it" not in text  # RCC/13/2 itself


def test_note_and_undo_keep_the_journal(session_file: Path) -> None:
    async def script(pilot: Pilot[None], app: ReviewApp) -> str:
        await press(pilot, "a")  # CHN/14/1 accepted, now on RCC/13/1
        await press(pilot, "n")
        await type_text(pilot, "see Doc 21")
        await press(pilot, "enter")
        assert journal(session_file)[-1]["text"] == "see Doc 21"
        await press(pilot, "u")  # the note goes
        await press(pilot, "u")  # then the acceptance
        assert selected(app) == "CHN/14/1"
        return screen(app)

    text = run(session_file, script)
    verbs = [(d["seq"], d["verb"], d.get("undoes")) for d in journal(session_file)]
    assert verbs == [(1, "accept", None), (2, "note", None), (3, "undo", 2), (4, "undo", 1)]
    assert load_session(session_file).states() == {}
    assert "14 pending" in text


def test_killed_session_resumes_exactly(session_file: Path) -> None:
    async def first(pilot: Pilot[None], app: ReviewApp) -> None:
        await press(pilot, "a", "r", "down", "down", "b")  # CHN/14/1, RCC/13/1, then RCC/13/3
        await press(pilot, "p")  # only China's changes: from RCC/13/4 on to CHN/14/2 (resolves 2)
        await press(pilot, "down")
        # no quit: the process is killed here; the file must already hold everything

    run(session_file, first)
    before = load_session(session_file)
    assert before.view.proposer == "CHN" and before.view.selected == "CHN/14/3"

    async def second(pilot: Pilot[None], app: ReviewApp) -> tuple[str | None, str, dict[str, str]]:
        states = {k: v.state for k, v in app.ctl.states.items()}
        return selected(app), screen(app), states

    sel, text, states = run(session_file, second)
    assert sel == "CHN/14/3"
    assert states == {"CHN/14/1": "accepted", "RCC/13/1": "rejected", "RCC/13/3": "bracketed"}
    assert "Changes (CHN)" in text and "RCC/13/" not in text.split("Current text")[0].split("Changes")[1]
    assert (
        "new, after resolves 4" in text.split("Changes (CHN)")[1].split("\n")[0]
        or "new, after resolves 4" in text
    )
    assert load_session(session_file).decisions == before.decisions


def test_filters_and_search(session_file: Path) -> None:
    async def script(pilot: Pilot[None], app: ReviewApp) -> list[list[str]]:
        out = []
        await press(pilot, "p", "p")  # CHN, then RCC
        out.append([i.cid for i in app.ctl.visible()])
        await press(pilot, "a", "s", "s")  # accept RCC/13/1; then state: pending, accepted
        out.append([i.cid for i in app.ctl.visible()])
        assert "Changes (RCC, accepted)" in screen(app)
        await press(pilot, "escape", "slash")
        await type_text(pilot, "digital")
        await press(pilot, "enter")
        out.append([i.cid for i in app.ctl.visible()])
        return out

    rcc, accepted, digital = run(session_file, script)
    assert rcc == [f"RCC/13/{n}" for n in range(1, 9)]
    assert accepted == ["RCC/13/1"]
    assert digital == ["CHN/14/2", "CHN/14/3", "CHN/14/4"]
    assert load_session(session_file).view.search == "digital"


def test_search_finds_the_words_a_group_agreed(session_file: Path) -> None:
    s = load_session(session_file)
    ctl = Controller(s, Review.load(s), "chair")
    ctl.select("RCC/13/2")
    ctl.decide("edit", "that the General Assembly held a review of small island concerns;")
    ctl.set_view(search="small island")
    assert [i.cid for i in ctl.visible()] == ["RCC/13/2"]


def test_conflicting_proposals_side_by_side(session_file: Path) -> None:
    async def script(pilot: Pilot[None], app: ReviewApp) -> tuple[str, bool]:
        await press(pilot, "down", "down")  # noting b): CHN/14/5
        return screen(app), app.query_one("#compare").has_class("narrow")

    wide, narrow = run(session_file, script, size=(150, 45))
    assert not narrow
    row = next(line for line in wide.splitlines() if "Proposal CHN/14/5" in line)
    assert "Other proposal RCC/13/2" in row  # on the same line: side by side
    assert "conflicts with RCC/13/2: both change the same words" in wide
    assert "[CHN: has held] [RCC: held]" in wide  # the draft so far keeps both in brackets
    small, narrow = run(session_file, script)
    assert narrow and "Other proposal" not in small.split("Proposal CHN/14/5")[0]


def test_help_screen(session_file: Path) -> None:
    async def script(pilot: Pilot[None], app: ReviewApp) -> tuple[str, str]:
        await press(pilot, "question_mark")
        shown = screen(app)
        await press(pilot, "escape")
        return shown, screen(app)

    shown, after = run(session_file, script)
    assert "Keys" in shown and "keep in square brackets" in shown and "undo the last decision" in shown
    assert "Keys · esc closes" not in after


def test_no_color_keeps_marks_readable(session_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")

    async def script(pilot: Pilot[None], app: ReviewApp) -> tuple[str, bool]:
        await press(pilot, "down", "down")
        return screen(app), app.no_color

    text, no_color = run(session_file, script, size=(100, 40))
    assert no_color
    assert "{-is to" in text and "{+has held+}" in text and "{+held+}" in text


def test_changed_proposal_names_the_affected_decisions(session_file: Path) -> None:
    async def decide(pilot: Pilot[None], app: ReviewApp) -> None:
        await press(pilot, "down", "down", "a", "a")  # CHN/14/5 and RCC/13/2

    run(session_file, decide)
    chn = session_file.parent / CHN140.name
    chn.write_text(chn.read_text(encoding="utf-8").replace("has held", "held in New York"), encoding="utf-8")

    async def reopen(pilot: Pilot[None], app: ReviewApp) -> tuple[str, str]:
        warning = screen(app)
        await press(pilot, "enter")
        await press(pilot, "down", "down")
        return warning, screen(app)

    warning, after = run(session_file, reopen, size=(100, 30))
    assert "The texts have changed" in warning and "chn-140.xml" in warning
    assert "! CHN/14/5 accept (chair)" in warning and "! RCC/13/2" not in warning
    assert "CHN/14/5   MOD !" in after and "decide again" in after


def test_long_provision_labels_keep_their_number_in_sight(session_file: Path) -> None:
    """The list widens with the screen; where a label still does not fit, its words are cut and
    its number kept, so that two provisions of a group stay apart."""

    async def script(pilot: Pilot[None], app: ReviewApp) -> tuple[str, int]:
        await press(pilot, *["j"] * 12)
        return screen(app), app.query_one("#changes", OptionList).outer_size.width

    narrow, narrow_width = run(session_file, script)
    assert narrow_width == 34
    assert "│instructs the Secretary-Gen… 5" in narrow and "│instructs the Directors of… 1" in narrow
    assert "│5 " not in narrow and "│Bureaux 1" not in narrow  # no number left alone on a line
    middle, middle_width = run(session_file, script, size=(120, 40))
    assert middle_width == 40 and "│new, after instructs the Secretar… 2  │" in middle
    wide, wide_width = run(session_file, script, size=(160, 40))
    assert wide_width == 48 and "│new, after instructs the Secretary-General 2  │" in wide


def test_fit_label_cuts_words_not_the_number() -> None:
    from resdraft.review.render import fit_label

    assert fit_label("resolves 1 bis", 30) == "resolves 1 bis"
    assert fit_label("invites Member States and Sector Members 1 bis", 24) == "invites Member St… 1 bis"
    assert fit_label("instructs the Secretary-General d)", 20) == "instructs the Se… d)"
    assert fit_label("a heading with no number at all", 12) == "a heading w…"
    assert fit_label("instructs the Secretary-General (iii)", 24) == "instructs the Sec… (iii)"
    assert all(len(fit_label("instructs the Secretary-General 5", w)) <= w for w in range(1, 40))
