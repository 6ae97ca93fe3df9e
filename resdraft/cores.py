"""One function over many jobs, on every core: what the folder commands run on.

Where ``fork`` is safe (Linux and most Unixes; not macOS or Windows) this process works too,
beside forked children: every process claims its next job from one pipe, and a child writes
each result back as soon as it has it. A ``ProcessPoolExecutor`` instead forks every worker
before the first job, leaves this process idle, and hands results back a chunk at a time,
which the parent unpickles while the workers wait for their next chunk. On a 2-core machine
the folder diff of 200 resolutions with JSON redlines went from ~244 to ~230 ms, and the folder
apply from ~910 to ~680 ms (benchmarks/README.md). Elsewhere the executor does the work.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import struct
import sys
import traceback
from collections.abc import Callable, Generator, Iterator, Sequence
from functools import partial
from typing import Any, TypeVar

from .errors import ResdraftError

J = TypeVar("J")
R = TypeVar("R")

_FORK = hasattr(os, "fork") and sys.platform != "darwin"  # macOS frameworks break in a child
_MAX_CLAIMS = 1000  # 4-byte claims: all of them fit in the 4 KiB any pipe holds, so never block
_CLAIM = struct.Struct("<I")
_FRAME = struct.Struct("<IIB")  # job index, payload length, 1 if the payload is an exception
_PIPE_SIZE = 1 << 20  # room for a child's results while this process is busy with its own job


def on_every_core(
    fn: Callable[[J], R],
    jobs: Sequence[J],
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    weights: Sequence[int] | None = None,
) -> Generator[R, None, None]:
    """``map(fn, jobs)`` on every core, results in job order; ``progress(done, total)`` after
    each. A handful of jobs runs here alone: another process would cost more than it saves.

    ``fn`` and the jobs must be picklable where a process pool does the work. ``weights``, a
    rough cost per job (a file's size), starts the heaviest first, so that no core is left
    finishing a big one alone. A job's exception is raised when its turn in order comes.
    """
    n = workers or os.cpu_count() or 1
    total = len(jobs)
    if n <= 1 or total < 8:
        for i, job in enumerate(jobs, start=1):
            yield _without_gc(fn, job)
            if progress:
                progress(i, total)
    elif _FORK:
        yield from _forked(fn, jobs, min(n, total), progress, weights)
    else:
        yield from _pooled(fn, jobs, n, progress)


def _pooled(
    fn: Callable[[J], R], jobs: Sequence[J], n: int, progress: Callable[[int, int], None] | None
) -> Iterator[R]:
    from concurrent.futures import ProcessPoolExecutor  # its import costs a one-file command ~5 ms

    total = len(jobs)
    with ProcessPoolExecutor(max_workers=n) as pool:
        chunk = max(1, total // (n * 4))
        for i, result in enumerate(pool.map(partial(_without_gc, fn), jobs, chunksize=chunk), start=1):
            yield result
            if progress:
                progress(i, total)


def _forked(
    fn: Callable[[J], R],
    jobs: Sequence[J],
    n: int,
    progress: Callable[[int, int], None] | None,
    weights: Sequence[int] | None,
) -> Iterator[R]:
    total = len(jobs)
    order = sorted(range(total), key=lambda i: -weights[i]) if weights else list(range(total))
    size = -(-total // _MAX_CLAIMS)
    batches = [order[k : k + size] for k in range(0, total, size)]
    claims, feed = os.pipe()
    try:
        os.write(feed, b"".join(_CLAIM.pack(k) for k in range(len(batches))))
    finally:
        os.close(feed)  # once the claims are read, a read finds the end: no more jobs
    children: dict[int, int] = {}  # result pipe -> child pid
    buffers: dict[int, bytearray] = {}
    results: dict[int, tuple[bool, object]] = {}
    failed: list[str] = []
    try:
        gc.freeze()  # the children inherit the heap: their collections would copy every page read
        try:
            for _ in range(n - 1):
                read_end, write_end = os.pipe()
                with contextlib.suppress(AttributeError, OSError):  # F_SETPIPE_SZ is Linux's
                    import fcntl

                    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
                pid = os.fork()
                if pid == 0:
                    _child(fn, jobs, batches, claims, write_end, [read_end, *children])
                os.close(write_end)
                children[read_end] = pid
                buffers[read_end] = bytearray()
        finally:
            gc.unfreeze()
        done = nxt = 0
        mine = _claimed(claims, batches)
        while True:
            if (i := next(mine, None)) is not None:  # a job of our own while any is left
                results[i] = _attempt(fn, jobs[i])
                got = 1 + _drain(children, buffers, results, failed, wait=False)
            elif children:  # then the children's last results
                got = _drain(children, buffers, results, failed, wait=True)
            else:
                break
            done += got
            if got and progress:
                progress(done, total)
            while nxt in results:
                yield _unwrap(results.pop(nxt))
                nxt += 1
        if nxt < total:
            why = ", ".join(failed) or "ended early"
            raise ResdraftError(f"{total - nxt} of {total} jobs were lost: a worker process {why}",
                                hint="run the command again; if it recurs, free some memory first")  # fmt: skip
    finally:
        os.close(claims)
        for fd, pid in children.items():  # left early: an error, or the caller stopped reading
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            os.close(fd)


def _child(
    fn: Callable[[J], R],
    jobs: Sequence[J],
    batches: list[list[int]],
    claims: int,
    out: int,
    unused: list[int],
) -> None:
    """A forked worker's whole life: claim, run, send, until the claims run out; never
    returns, so that nothing of the parent's (atexit, buffered output) runs twice."""
    code = 1
    try:
        for fd in unused:
            os.close(fd)
        with open(out, "wb", closefd=True) as sink:
            for i in _claimed(claims, batches):
                ok, value = _attempt(fn, jobs[i])
                if not ok and isinstance(value, Exception) and not isinstance(value, ResdraftError):
                    value.add_note("".join(traceback.format_exception(value)))  # a bug: say where
                try:
                    payload = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
                except Exception as exc:  # an unpicklable result or exception
                    ok, payload = False, pickle.dumps(ResdraftError(f"a worker's answer was lost: {exc}"))
                sink.write(_FRAME.pack(i, len(payload), not ok))
                sink.write(payload)
                sink.flush()
        code = 0
    finally:
        os._exit(code)


def _claimed(claims: int, batches: list[list[int]]) -> Iterator[int]:
    """The jobs this process claims, batch by batch, until the pipe of claims is empty."""
    while claim := os.read(claims, _CLAIM.size):
        yield from batches[_CLAIM.unpack(claim)[0]]


def _attempt(fn: Callable[[J], R], job: J) -> tuple[bool, object]:
    """(True, result) or (False, the exception): an error is raised in its job's turn."""
    try:
        return True, _without_gc(fn, job)
    except Exception as exc:
        return False, exc


def _unwrap(result: tuple[bool, object]) -> Any:
    ok, value = result
    if not ok:
        assert isinstance(value, BaseException)
        raise value
    return value


def _drain(
    children: dict[int, int],
    buffers: dict[int, bytearray],
    results: dict[int, tuple[bool, object]],
    failed: list[str],
    wait: bool,
) -> int:
    """Read what the children have sent (waiting for something if ``wait``), store each whole
    result, and reap a child at the end of its pipe. Returns how many results arrived."""
    if not children:
        return 0
    ready, _, _ = select.select(list(children), [], [], None if wait else 0)
    got = 0
    for fd in ready:
        data = os.read(fd, _PIPE_SIZE)
        buf = buffers[fd]
        if data:
            buf += data
            start = 0
            while len(buf) - start >= _FRAME.size:
                i, length, is_error = _FRAME.unpack_from(buf, start)
                end = start + _FRAME.size + length
                if len(buf) < end:
                    break
                results[i] = (not is_error, pickle.loads(buf[start + _FRAME.size : end]))
                got += 1
                start = end
            del buf[:start]
            continue
        pid = children.pop(fd)
        os.close(fd)
        _, status = os.waitpid(pid, 0)
        if status or buf:
            failed.append(_ended(status))
    return got


def _ended(status: int) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        why = " (out of memory?)" if sig == signal.SIGKILL else ""
        return f"was killed by signal {signal.Signals(sig).name}{why}"
    return f"ended with exit code {os.waitstatus_to_exitcode(status)}"


def _without_gc(fn: Callable[[J], R], job: J) -> R:
    """``fn(job)`` with the cycle collector paused: a diff or a consolidation allocates many
    small objects and makes few cycles, and the collector's passes over them were 4 % of the
    time. Whatever cycles a job leaves are collected between jobs."""
    if not gc.isenabled():
        return fn(job)
    gc.disable()
    try:
        return fn(job)
    finally:
        gc.enable()
