"""Jobs on every core: forked workers beside this process, or a process pool where fork is not safe."""

from __future__ import annotations

import os
import signal
import time

import pytest

from resdraft import cores
from resdraft.cores import on_every_core
from resdraft.errors import InputError, ResdraftError

PARENT = os.getpid()


def _square(job: int) -> tuple[int, int]:
    time.sleep(0.002 * (job % 3))  # uneven jobs, so that every process takes some
    return job * job, os.getpid()


def _fails_at_5(job: int) -> int:
    if job == 5:
        raise InputError("bad input", source=f"res-{job}.xml", hint="fix it")
    if job == 7:
        raise KeyError(job)
    return job


def _dies_in_a_child(job: int) -> int:
    time.sleep(0.005)
    if os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    return job


def _fails_in_a_child(job: int) -> int:
    time.sleep(0.005)
    if os.getpid() != PARENT:
        raise KeyError(job)
    return job


def _no_child_left() -> bool:
    """No child process of ours, running or unreaped."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "pool"])
def test_results_come_in_job_order_from_every_process(monkeypatch: pytest.MonkeyPatch, fork: bool) -> None:
    monkeypatch.setattr(cores, "_FORK", fork)
    jobs = list(range(40))
    ticks: list[tuple[int, int]] = []
    got = list(on_every_core(_square, jobs, 3, lambda done, total: ticks.append((done, total))))
    assert [r for r, _ in got] == [j * j for j in jobs]
    assert len({pid for _, pid in got}) > 1  # not all in one process
    assert ticks[-1] == (40, 40) and [d for d, _ in ticks] == sorted(d for d, _ in ticks)
    assert _no_child_left()


def test_weights_start_the_heaviest_first_and_keep_the_order() -> None:
    jobs = list(range(30))
    weights = [j % 7 for j in jobs]
    assert [r for r, _ in on_every_core(_square, jobs, 2, None, weights)] == [j * j for j in jobs]


def test_a_few_jobs_run_here() -> None:
    assert {pid for _, pid in on_every_core(_square, [1, 2, 3], 4)} == {os.getpid()}


def test_an_error_is_raised_in_its_jobs_turn_with_its_details() -> None:
    """The first failing job in order is the one reported, whichever process ran it."""
    with pytest.raises(InputError) as caught:
        list(on_every_core(_fails_at_5, list(range(20)), 2))
    err = caught.value
    assert (err.source, err.hint, str(err)) == ("res-5.xml", "fix it", "res-5.xml: bad input")
    assert _no_child_left()


def test_a_bug_in_a_worker_keeps_its_traceback() -> None:
    with pytest.raises(KeyError) as caught:
        list(on_every_core(_fails_in_a_child, list(range(40)), 2))
    assert "in _fails_in_a_child" in caught.value.__notes__[0]  # the child's traceback, as a note


def test_a_worker_that_dies_is_reported_not_waited_for() -> None:
    with pytest.raises(ResdraftError, match=r"jobs were lost: a worker process was killed by signal SIGKILL"):
        list(on_every_core(_dies_in_a_child, list(range(40)), 2))
    assert _no_child_left()


def test_a_caller_that_stops_reading_leaves_no_worker_behind() -> None:
    got = on_every_core(_square, list(range(60)), 3)
    assert next(got)[0] == 0
    got.close()
    assert _no_child_left()
