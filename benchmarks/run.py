"""resdraft benchmarks: load, validate, apply, diff and CLI start-up, against xmldiff, redlines,
difflib, ``git diff --word-diff`` and the lxml parse+serialise floor. Writes benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/run.py            # full: corpus sizes 1, 10, 50, 200 (~5-10 min)
    .venv/bin/python benchmarks/run.py --quick    # sizes 1 and 10, fewer runs (~1-2 min)

Every benchmark runs in a fresh worker subprocess (``--worker``) so that its peak memory is its
own: the worker loads its inputs, then times one warm-up run and N measured runs with
``time.perf_counter`` (N from 9 down to 0 as a run gets slower; the warm-up is the sample when
N is 0), and reports the median, the growth of ``ru_maxrss`` over the loaded-inputs baseline,
and, for runs under 3 s, the Python-heap peak of one extra run under ``tracemalloc``.
Cold-start cases (schema compilation, ``resdraft --help``) run each sample in a new process.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import math
import os
import platform
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
for p in (str(REPO), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

FULL_SIZES = (1, 10, 50, 200)
QUICK_SIZES = (1, 10)
XMLDIFF_LIMIT_S = 60.0  # skip an xmldiff size whose single run is predicted to take longer
WORKER_TIMEOUT_S = 400
TRACE_LIMIT_S = 3.0
RES140 = REPO / "resolutions" / "res-140.xml"
PROPS140 = [REPO / "proposals" / "rcc-140.xml", REPO / "proposals" / "chn-140.xml"]

Runner = Callable[[], object]
CASES: dict[str, Callable[[dict[str, Any], int], Runner]] = {}


def case(
    name: str,
) -> Callable[[Callable[[dict[str, Any], int], Runner]], Callable[[dict[str, Any], int], Runner]]:
    def deco(fn: Callable[[dict[str, Any], int], Runner]) -> Callable[[dict[str, Any], int], Runner]:
        CASES[name] = fn
        return fn

    return deco


def _pairs(m: dict[str, Any], size: int) -> list[dict[str, Any]]:
    return m["pairs"][:size]


def _xml_paths(m: dict[str, Any], size: int) -> list[Path]:
    return [Path(p[s]) for p in _pairs(m, size) for s in ("old", "new")]


def _parser():  # type: ignore[no-untyped-def]
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


# ---------------------------------------------------------------- the cases (run inside a worker)


@case("floor.parse")
def _floor_parse(m: dict[str, Any], size: int) -> Runner:
    from lxml import etree

    paths, parser = _xml_paths(m, size), _parser()
    return lambda: [etree.fromstring(p.read_bytes(), parser) for p in paths]


@case("floor.parse_serialise")
def _floor(m: dict[str, Any], size: int) -> Runner:
    from lxml import etree

    paths, parser = _xml_paths(m, size), _parser()
    return lambda: [etree.tostring(etree.fromstring(p.read_bytes(), parser)) for p in paths]


@case("floor.large")
def _floor_large(m: dict[str, Any], size: int) -> Runner:
    """size 0: the 1,085-provision resolution alone; 1: it and the 1,000-MOD proposal."""
    from lxml import etree

    lg, parser = m["large"], _parser()
    paths = [Path(lg["base"])] + ([Path(lg["proposal"])] if size else [])
    return lambda: [etree.tostring(etree.fromstring(p.read_bytes(), parser)) for p in paths]


@case("load.resdraft")
def _load(m: dict[str, Any], size: int) -> Runner:
    from resdraft.model import Resolution

    paths = _xml_paths(m, size)
    return lambda: [Resolution.load(p) for p in paths]


@case("load.large")
def _load_large(m: dict[str, Any], size: int) -> Runner:
    from resdraft.model import ProposalDoc, Resolution

    lg = m["large"]
    return lambda: (Resolution.load(Path(lg["base"])), ProposalDoc.load(Path(lg["proposal"])))


def _validate_case(which: str, engine: str, warm: bool = True) -> Callable[[dict[str, Any], int], Runner]:
    def make(m: dict[str, Any], size: int) -> Runner:
        from resdraft.model import ProposalDoc, Resolution
        from resdraft.validate import validate_document

        lg = m["large"]
        base = None
        if which == "res140":
            doc = Resolution.load(RES140)
        elif which == "large":
            doc = Resolution.load(Path(lg["base"]))
        else:
            base = Resolution.load(Path(lg["base"]))
            doc = ProposalDoc.load(Path(lg["proposal"]))

        def run() -> object:
            issues = validate_document(doc, base=base, engine=engine)  # type: ignore[arg-type]
            errors = [i for i in issues if i.severity == "error"]
            assert not errors, errors[:3]
            return issues

        if warm:  # compile the schemas before the memory baseline: measure validation alone
            run()
        return run

    return make


CASES["validate.lxml.res140"] = _validate_case("res140", "lxml")
CASES["validate.lxml.large"] = _validate_case("large", "lxml")
CASES["validate.lxml.proposal"] = _validate_case("proposal", "lxml")
CASES["validate.xmlschema.res140"] = _validate_case("res140", "xmlschema")
# the same, but meant to be run once per fresh process (cold caches): see FRESH below
CASES["validate.first.lxml"] = _validate_case("res140", "lxml", warm=False)
CASES["validate.first.xmlschema"] = _validate_case("res140", "xmlschema", warm=False)


@case("apply.res140")
def _apply140(m: dict[str, Any], size: int) -> Runner:
    """size 0: RCC then CHN; 1: RCC alone; 2: CHN alone."""
    from lxml import etree

    from resdraft.amend import apply_proposals
    from resdraft.model import ProposalDoc, Resolution

    paths = {0: PROPS140, 1: PROPS140[:1], 2: PROPS140[1:]}[size]
    base_tree = etree.parse(str(RES140), _parser())
    trees = [etree.parse(str(p), _parser()) for p in paths]
    # fresh Document objects each run: their cached properties (changes, by_eid) are rebuilt
    return lambda: apply_proposals(
        Resolution(base_tree, str(RES140)),
        [ProposalDoc(t, str(p)) for t, p in zip(trees, paths, strict=True)],
    )


@case("apply.mods")
def _apply_large(m: dict[str, Any], size: int) -> Runner:
    from lxml import etree

    from resdraft.amend import apply_proposals
    from resdraft.model import ProposalDoc, Resolution

    lg = m["large"]
    path = lg["proposals"][str(size)]
    base_tree = etree.parse(lg["base"], _parser())
    prop_tree = etree.parse(path, _parser())

    def run() -> object:
        c = apply_proposals(Resolution(base_tree, lg["base"]), [ProposalDoc(prop_tree, path)])
        assert len(c.edits) == size, len(c.edits)
        return c

    return run


@case("apply.mods1000.cli_pipeline")
def _consolidate_large(m: dict[str, Any], size: int) -> Runner:
    from resdraft.consolidate import consolidate

    lg = m["large"]

    def run() -> object:
        return consolidate(Path(lg["base"]), [Path(lg["proposal"])], None)

    run()  # compile the schemas before the memory baseline
    return run


@case("redline.mods1000")
def _redline_large(m: dict[str, Any], size: int) -> Runner:
    from resdraft.amend import apply_proposals
    from resdraft.attributed import redline_consolidation
    from resdraft.model import ProposalDoc, Resolution

    lg = m["large"]
    c = apply_proposals(Resolution.load(Path(lg["base"])), [ProposalDoc.load(Path(lg["proposal"]))])
    return lambda: redline_consolidation(c)


@case("propose.mods1000")
def _propose_large(m: dict[str, Any], size: int) -> Runner:
    from resdraft.model import Resolution
    from resdraft.propose import ProposalMeta, propose

    lg = m["large"]
    base, edited = Resolution.load(Path(lg["base"])), Resolution.load(Path(lg["edited"]))
    meta = ProposalMeta("BENCH/1", (("XBA", "Benchland"),), "2018-01-24", "BENCH-1", "Benchmark.")
    return lambda: propose(base, edited, meta)


@case("merge.res140")
def _merge140(m: dict[str, Any], size: int) -> Runner:
    """The bundled RCC and CHN proposals, which conflict on purpose: a draft with brackets."""
    from lxml import etree

    from resdraft.merge import merge_proposals
    from resdraft.model import ProposalDoc, Resolution

    base_tree = etree.parse(str(RES140), _parser())
    trees = [etree.parse(str(p), _parser()) for p in PROPS140]
    return lambda: merge_proposals(
        Resolution(base_tree, str(RES140)),
        [ProposalDoc(t, str(p)) for t, p in zip(trees, PROPS140, strict=True)],
    )


@case("merge.mods")
def _merge_large(m: dict[str, Any], size: int) -> Runner:
    """The 1,000 MODs split into two proposals (first 500 / the other 500): no conflicts."""
    from lxml import etree

    from resdraft.merge import merge_proposals
    from resdraft.model import ProposalDoc, Resolution

    lg = m["large"]
    base_tree = etree.parse(lg["base"], _parser())
    halves = _split_proposal(Path(lg["proposal"]))

    def run() -> object:
        docs = [ProposalDoc(t, f"half-{i}") for i, t in enumerate(halves)]
        merged = merge_proposals(Resolution(base_tree, lg["base"]), docs)
        assert not merged.conflicts, merged.conflicts[:1]
        return merged

    return run


def _split_proposal(path: Path) -> list[Any]:
    """Two proposal documents, each with half of the <mod>s of ``path`` (its own Expression)."""
    from copy import deepcopy

    from lxml import etree

    from resdraft.akn import q

    tree = etree.parse(str(path), _parser())
    mods = list(tree.getroot().iter(q("mod")))
    out = []
    for i, keep in enumerate((mods[: len(mods) // 2], mods[len(mods) // 2 :])):
        half = deepcopy(tree)
        kept = {m.get("eId") for m in keep}
        for mod in list(half.getroot().iter(q("mod"))):
            if mod.get("eId") not in kept:
                holder = mod.getparent()
                holder.getparent().remove(holder)
        for el in half.getroot().iter(q("FRBRthis"), q("FRBRuri")):
            v = el.get("value") or ""
            if "@" in v:  # a distinct Expression per half, or merge refuses the same proposal twice
                el.set("value", v.replace("@", f"-half{i}@", 1))
        out.append(half)
    return out


def _collection(m: dict[str, Any], size: int, fmt: str | None) -> Runner:
    """`resdraft diff OLD_DIR NEW_DIR` in-process: index by FRBR Work, load, diff, on all cores;
    with ``fmt``, also each changed resolution's word-level redline (changes only) in that format."""
    import atexit

    from resdraft.collection import diff_collections
    from resdraft.render.product import RedlineFiles

    render = RedlineFiles(fmt, changes_only=True) if fmt else None

    base = Path(tempfile.mkdtemp(prefix="resdraft-bench-folders-"))  # the first `size` pairs
    atexit.register(shutil.rmtree, base, True)
    for p in _pairs(m, size):
        for side in ("old", "new"):
            (base / side).mkdir(exist_ok=True)
            (base / side / Path(p[side]).name).symlink_to(p[side])

    def run() -> object:
        r = diff_collections(base / "old", base / "new", render=render, full=False)
        assert len(r.documents) == size and (render is None or all(d.redline for d in r.documents))
        return r

    return run


def _corpus_proposals(m: dict[str, Any], size: int) -> list[tuple[Path, Path]]:
    return [(Path(p["old"]), Path(m["proposals"][p["name"]])) for p in _pairs(m, size)]


@case("floor.apply_collection")
def _floor_apply_collection(m: dict[str, Any], size: int) -> Runner:
    """The inputs of consolidating the corpus: each old resolution and its proposal."""
    from lxml import etree

    paths, parser = [x for pair in _corpus_proposals(m, size) for x in pair], _parser()
    return lambda: [etree.tostring(etree.fromstring(p.read_bytes(), parser)) for p in paths]


@case("apply.collection")
def _apply_collection(m: dict[str, Any], size: int) -> Runner:
    """`resdraft apply OLD_DIR PROPOSALS... -o OUT` in-process, files not written: Works indexed,
    inputs loaded and validated, proposals applied, results validated and serialised, on all cores."""
    import atexit

    from resdraft.consolidate import consolidate_folder

    base = Path(tempfile.mkdtemp(prefix="resdraft-bench-apply-"))
    atexit.register(shutil.rmtree, base, True)
    props = []
    for old, prop in _corpus_proposals(m, size):
        (base / old.name).symlink_to(old)
        props.append(prop)

    def run() -> object:
        r = consolidate_folder(base, props)
        assert len(r) == size
        return r

    return run


@case("apply.collection.inprocess")
def _apply_collection_inprocess(m: dict[str, Any], size: int) -> Runner:
    """The same proposals applied in one process to parsed documents (no validation)."""
    from lxml import etree

    from resdraft.amend import apply_proposals
    from resdraft.model import ProposalDoc, Resolution

    parser = _parser()
    trees = [
        (etree.parse(str(o), parser), etree.parse(str(p), parser), str(o), str(p))
        for o, p in _corpus_proposals(m, size)
    ]
    return lambda: [apply_proposals(Resolution(a, o), [ProposalDoc(b, p)]) for a, b, o, p in trees]


@case("diff.collection")
def _diff_collection(m: dict[str, Any], size: int) -> Runner:
    return _collection(m, size, None)


@case("diff.collection.json")
def _diff_collection_json(m: dict[str, Any], size: int) -> Runner:
    return _collection(m, size, "json")


@case("diff.collection.html")
def _diff_collection_html(m: dict[str, Any], size: int) -> Runner:
    return _collection(m, size, "html")


@case("diff.resdraft")
def _diff(m: dict[str, Any], size: int) -> Runner:
    from resdraft.model import Resolution
    from resdraft.redline import diff_documents

    docs = [(Resolution.load(Path(p["old"])), Resolution.load(Path(p["new"]))) for p in _pairs(m, size)]
    return lambda: [diff_documents(a, b) for a, b in docs]


@case("diff.resdraft.changes")
def _diff_changes(m: dict[str, Any], size: int) -> Runner:
    from resdraft.model import Resolution
    from resdraft.redline import diff_documents

    docs = [(Resolution.load(Path(p["old"])), Resolution.load(Path(p["new"]))) for p in _pairs(m, size)]
    return lambda: [diff_documents(a, b, full=False) for a, b in docs]


@case("diff.resdraft.summary")
def _diff_summary(m: dict[str, Any], size: int) -> Runner:
    from resdraft.model import Resolution
    from resdraft.redline import diff_documents

    docs = [(Resolution.load(Path(p["old"])), Resolution.load(Path(p["new"]))) for p in _pairs(m, size)]
    return lambda: [diff_documents(a, b, full=False, words=False) for a, b in docs]


@case("diff.resdraft.e2e")
def _diff_e2e(m: dict[str, Any], size: int) -> Runner:
    from resdraft.model import Resolution
    from resdraft.redline import diff_documents

    pairs = [(Path(p["old"]), Path(p["new"])) for p in _pairs(m, size)]
    return lambda: [diff_documents(Resolution.load(a), Resolution.load(b)) for a, b in pairs]


def _diff_large(key: str) -> Callable[[dict[str, Any], int], Runner]:
    def make(m: dict[str, Any], size: int) -> Runner:
        from resdraft.model import Resolution
        from resdraft.redline import diff_documents

        lg = m["large"]
        a, b = Resolution.load(Path(lg["base"])), Resolution.load(Path(lg[key]))
        return lambda: diff_documents(a, b)

    return make


CASES["diff.resdraft.large_revised"] = _diff_large("revised")
CASES["diff.resdraft.large_edited"] = _diff_large("edited")


def _xmldiff_case(options: dict[str, Any]) -> Callable[[dict[str, Any], int], Runner]:
    def make(m: dict[str, Any], size: int) -> Runner:
        from lxml import etree
        from xmldiff import main

        trees = [
            (etree.parse(p["old"], _parser()), etree.parse(p["new"], _parser())) for p in _pairs(m, size)
        ]
        return lambda: [main.diff_trees(a, b, diff_options=dict(options)) for a, b in trees]

    return make


CASES["xmldiff.default"] = _xmldiff_case({})
CASES["xmldiff.fast_match"] = _xmldiff_case({"fast_match": True, "ratio_mode": "fast"})


def _texts(m: dict[str, Any], size: int) -> list[tuple[str, str]]:
    return [
        (Path(p["old_txt"]).read_text(encoding="utf-8"), Path(p["new_txt"]).read_text(encoding="utf-8"))
        for p in _pairs(m, size)
    ]


@case("redlines")
def _redlines(m: dict[str, Any], size: int) -> Runner:
    from redlines import Redlines

    texts = _texts(m, size)
    return lambda: [Redlines(a, b) for a, b in texts]  # the diff is computed in the constructor


@case("difflib")
def _difflib(m: dict[str, Any], size: int) -> Runner:
    from difflib import SequenceMatcher

    texts = _texts(m, size)
    return lambda: [SequenceMatcher(None, a.split(), b.split()).get_opcodes() for a, b in texts]


@case("git.word_diff")
def _git(m: dict[str, Any], size: int) -> Runner:
    git = shutil.which("git") or "git"
    sets = Path(m["root"]) / "sets" / str(size)
    cmd = [
        git,
        "-c",
        "core.quotePath=false",
        "diff",
        "--no-index",
        "--no-color",
        "--no-ext-diff",
        "--word-diff=porcelain",
        str(sets / "old"),
        str(sets / "new"),
    ]
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "LC_ALL": "C"}

    def run() -> object:
        out = subprocess.run(cmd, capture_output=True, env=env, check=False)
        assert out.returncode == 1, out.stderr  # 1: differences found
        return out.stdout

    run.cmd, run.env = cmd, env  # type: ignore[attr-defined]
    return run


def _status_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak_rss() -> int | None:
    """Reset this process's peak RSS (Linux >= 4.0: clear_refs 5); return the current RSS in kB."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return None
    return _status_kb("VmRSS")


def _child_peak_kb(cmd: list[str], env: dict[str, str] | None = None) -> int | None:
    """Peak RSS of a command, measured by GNU time (a child forked from a tiny process: ru_maxrss
    of a child forked from Python would include the Python parent's pages)."""
    gnu_time = Path("/usr/bin/time")
    if not gnu_time.exists():
        return None
    proc = subprocess.run(
        [str(gnu_time), "-f", "%M", *cmd], capture_output=True, text=True, check=False, cwd=REPO, env=env
    )
    last = proc.stderr.strip().splitlines()[-1:] or [""]
    return int(last[0]) if last[0].isdigit() else None


def worker(name: str, corpus: Path, size: int, fresh: bool, quick: bool) -> dict[str, Any]:
    m = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    m["root"] = str(corpus)
    t_import = time.perf_counter()
    run = CASES[name](m, size)
    setup_s = time.perf_counter() - t_import
    gc.collect()
    child = name.startswith("git.")
    hwm = _reset_peak_rss()  # current RSS in kB after resetting the peak, or None
    base_kb = hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    run()
    first = time.perf_counter() - t0
    samples: list[float] = []
    if not fresh:
        n = 9 if first < 0.5 else 5 if first < 3 else 3 if first < 10 else 0
        if quick:
            n = min(n, 3)
        for _ in range(n):
            gc.collect()
            t = time.perf_counter()
            run()
            samples.append(time.perf_counter() - t)
    peak_kb = _status_kb("VmHWM") if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_kb = (peak_kb or 0) - base_kb
    if child:
        rss_kb = _child_peak_kb(run.cmd, run.env) if hasattr(run, "cmd") else None  # type: ignore[attr-defined]
    out: dict[str, Any] = {
        "case": name,
        "size": size,
        "first": first,
        "samples": samples or [first],
        "setup_s": setup_s,
        "rss_kb": rss_kb,
        "rss_child": child,
        "py_peak_kb": None,
    }
    if not fresh and not child and first < TRACE_LIMIT_S:
        gc.collect()
        tracemalloc.start()
        run()
        out["py_peak_kb"] = tracemalloc.get_traced_memory()[1] / 1024
        tracemalloc.stop()
    return out


def pair_worker(spec: str, corpus: Path, quick: bool) -> dict[str, Any]:
    """Two cases timed in alternation in one process ("pair:A@size:B@size"), so that both see
    the same machine at the same moments: the targets are judged on the ratio of these medians,
    which drifts far less with other load than the ratio of two separate workers' medians."""
    m = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    m["root"] = str(corpus)
    (a, size_a), (b, size_b) = [(c, int(s)) for c, s in (x.split("@") for x in spec.split(":")[1:])]
    runs = [CASES[a](m, size_a), CASES[b](m, size_b)]
    for run in runs:
        run()  # warm-up
    samples: list[list[float]] = [[], []]
    for _ in range(5 if quick else 15):
        for run, out in zip(runs, samples, strict=True):
            gc.collect()
            t = time.perf_counter()
            run()
            out.append(time.perf_counter() - t)
    return {"case": spec, "size": 0, "a": samples[0], "b": samples[1]}


# ---------------------------------------------------------------- orchestration


class Bench:
    def __init__(self, args: argparse.Namespace, corpus: Path) -> None:
        self.args = args
        self.corpus = corpus
        self.results: list[dict[str, Any]] = []
        self.pairs: list[dict[str, Any]] = []
        self.notes: list[str] = []
        self.started = time.perf_counter()
        self.load_before = os.getloadavg() if hasattr(os, "getloadavg") else None

    def log(self, msg: str) -> None:
        print(f"[{time.perf_counter() - self.started:6.1f}s] {msg}", file=sys.stderr, flush=True)

    def spawn(
        self, name: str, size: int = 0, fresh: bool = False, env: dict[str, str] | None = None
    ) -> dict[str, Any] | None:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", name, "--corpus", str(self.corpus)]
        cmd += (
            ["--size", str(size)] + (["--fresh"] if fresh else []) + (["--quick"] if self.args.quick else [])
        )
        t = time.perf_counter()
        try:
            proc = subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                timeout=WORKER_TIMEOUT_S,
                env={**os.environ, **(env or {})},
                cwd=REPO,
                check=False,
            )
        except subprocess.TimeoutExpired:
            self.log(f"{name}[{size}] timed out after {WORKER_TIMEOUT_S} s")
            self.notes.append(
                f"{name} on size {size} timed out after {WORKER_TIMEOUT_S} s and is not reported."
            )
            return None
        wall = time.perf_counter() - t
        if proc.returncode != 0:
            self.log(f"{name}[{size}] failed:\n{proc.stderr[-2000:]}")
            self.notes.append(f"{name} on size {size} FAILED: {proc.stderr.strip().splitlines()[-1:]}")
            return None
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        res["wall"] = wall
        return res

    def measure(
        self, name: str, size: int = 0, label: str | None = None, group: str = ""
    ) -> dict[str, Any] | None:
        res = self.spawn(name, size)
        if res is None:
            return None
        res.update(label=label or name, group=group, median=statistics.median(res["samples"]))
        self.results.append(res)
        self.log(f"{name}[{size}]: median {res['median'] * 1000:.1f} ms over {len(res['samples'])} runs")
        return res

    def measure_pair(
        self, label: str, target: float | None, case: tuple[str, int], floor: tuple[str, int]
    ) -> None:
        """``case`` and its ``floor`` timed in alternation (see ``pair_worker``); ``target``
        None: a case shown for reference beside one that has a target."""
        res = self.spawn(f"pair:{case[0]}@{case[1]}:{floor[0]}@{floor[1]}")
        if res is None:
            return
        a, b = statistics.median(res["a"]), statistics.median(res["b"])
        rounds = sorted(x / y for x, y in zip(res["a"], res["b"], strict=True))
        self.pairs.append({"label": label, "target": target, "case": a, "floor": b, "rounds": rounds})
        self.log(f"{label}: {a * 1000:.1f} ms / {b * 1000:.1f} ms = {a / b:.2f}x (interleaved)")

    def measure_fresh(
        self, name: str, runs: int, label: str, group: str, env_for: Callable[[int], dict[str, str]]
    ) -> dict[str, Any] | None:
        """One sample per new process: first-call time inside it, and the process wall time."""
        got = [self.spawn(name, 0, fresh=True, env=env_for(i)) for i in range(runs)]
        ok = [g for g in got if g]
        if not ok:
            return None
        res = {
            "case": name,
            "size": 0,
            "label": label,
            "group": group,
            "samples": [g["first"] for g in ok],
            "median": statistics.median(g["first"] for g in ok),
            "wall_median": statistics.median(g["wall"] for g in ok),
            "rss_kb": max(g["rss_kb"] for g in ok),
            "rss_child": False,
            "py_peak_kb": None,
            "fresh": True,
        }
        self.results.append(res)
        self.log(f"{name}: median first call {res['median'] * 1000:.1f} ms over {len(ok)} processes")
        return res

    def measure_command(self, cmd: list[str], runs: int, label: str, group: str) -> dict[str, Any]:
        samples = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO, check=True)
            samples.append(time.perf_counter() - t)
        peak = _child_peak_kb(cmd)
        res = {
            "case": label,
            "size": 0,
            "label": label,
            "group": group,
            "samples": samples,
            "median": statistics.median(samples),
            "rss_kb": peak,
            "rss_child": True,
            "py_peak_kb": None,
        }
        self.results.append(res)
        self.log(f"{label}: median {res['median'] * 1000:.1f} ms over {runs} runs")
        return res

    def get(self, name: str, size: int = 0) -> dict[str, Any] | None:
        return next((r for r in self.results if r["case"] == name and r["size"] == size), None)


def _verdict(ratio: float, target: float | None) -> str:
    if target is None:
        return "for reference: one process"
    return f"{'met' if ratio <= target else 'not met'}: ≤ {target:g}×"


def run_all(b: Bench, sizes: tuple[int, ...]) -> None:
    quick = b.args.quick
    big = max(sizes)
    floor = ("floor.parse_serialise", big)
    b.measure_pair(f"folder diff of {big} pairs, summary", 3, ("diff.collection", big), floor)
    b.measure_pair(
        f"folder diff of {big} pairs, word-level JSON redlines", 3, ("diff.collection.json", big), floor
    )
    b.measure_pair(  # the target is for all cores (the folder diff above); this shows one core's share
        f"diff of {big} pairs in one process, word edits", None, ("diff.resdraft.changes", big), floor
    )
    b.measure_pair(
        "apply 1,000 MODs (floor: resolution + proposal)", 3, ("apply.mods", 1000), ("floor.large", 1)
    )
    for n in sizes:
        b.measure("floor.parse_serialise", n, group="floor")
        b.measure("floor.parse", n, group="floor")
        b.measure("load.resdraft", n, group="load")
    b.measure("load.large", 0, "load.large (1,085-provision resolution + 1,000-MOD proposal)", "load")
    b.measure("floor.large", 0, "floor.large: parse+serialise of the 1,085-provision resolution", "load")
    b.measure(
        "floor.large", 1, "floor.large: parse+serialise of the resolution and the 1,000-MOD proposal", "load"
    )

    # validation: warm in-process, then first call in fresh processes (cold / cached schemas)
    b.measure("validate.lxml.res140", 0, group="validate")
    b.measure("validate.lxml.large", 0, group="validate")
    b.measure("validate.lxml.proposal", 0, "validate.lxml.proposal (1,000 MODs, with base)", "validate")
    b.measure(
        "validate.xmlschema.res140", 0, "validate.xmlschema.res140 (warm, schema in memory)", "validate"
    )
    runs = 2 if quick else 3
    cache_root = Path(tempfile.mkdtemp(prefix="resdraft-bench-cache-"))
    try:
        b.measure_fresh(
            "validate.first.lxml",
            runs,
            "validate.lxml first call in a new process (compiles XSDs)",
            "validate",
            lambda i: {"RESDRAFT_CACHE_DIR": str(cache_root / "unused")},
        )
        b.measure_fresh(
            "validate.first.xmlschema",
            runs,
            "validate.xmlschema cold (no pickle: build + write)",
            "validate",
            lambda i: {"RESDRAFT_CACHE_DIR": str(cache_root / f"cold-{i}")},
        )
        b.measure_fresh(
            "validate.first.xmlschema",
            2 if quick else 5,
            "validate.xmlschema cached (pickle load)",
            "validate",
            lambda i: {"RESDRAFT_CACHE_DIR": str(cache_root / "cold-0")},
        )
        b.results[-1]["case"] = "validate.cached.xmlschema"
    finally:
        shutil.rmtree(cache_root, ignore_errors=True)

    from resdraft.model import ProposalDoc

    n_changes = [len(ProposalDoc.load(p).changes) for p in PROPS140]
    if b.measure("apply.res140", 0, f"apply res-140 + RCC + CHN ({sum(n_changes)} changes)", "apply") is None:
        b.notes.append(
            "The bundled RCC and CHN proposals could not be applied together (see the failure above: a "
            "conflict is an exit-5 error that `resdraft merge` is meant to settle); each is measured alone."
        )
    b.measure("apply.res140", 1, f"apply res-140 + RCC ({n_changes[0]} changes)", "apply")
    b.measure("apply.res140", 2, f"apply res-140 + CHN ({n_changes[1]} changes)", "apply")
    for k in (250, 500, 1000):
        b.measure("apply.mods", k, f"apply {k:,} MODs (one proposal, large resolution)", "apply")
    b.measure(
        "apply.mods1000.cli_pipeline",
        0,
        "apply.mods1000 CLI pipeline (load + validate + apply + validate result)",
        "apply",
    )
    big = max(sizes)
    corpus = json.loads((b.corpus / "manifest.json").read_text(encoding="utf-8"))
    n_corpus = sum(len(ProposalDoc.load(p).changes) for _, p in _corpus_proposals(corpus, big))
    b.measure(
        "floor.apply_collection",
        big,
        f"floor.apply_collection: parse+serialise of the {big} resolutions and their {big} proposals",
        "apply",
    )
    b.measure(
        "apply.collection",
        big,
        f"apply.collection: folder of {big} resolutions, {big} proposals ({n_corpus:,} changes), {os.cpu_count()} processes, validated",
        "apply",
    )
    b.measure(
        "apply.collection.inprocess",
        big,
        "apply.collection.inprocess: the same, one process, parsed documents, no validation",
        "apply",
    )
    b.measure("redline.mods1000", 0, "redline_consolidation of the 1,000-MOD consolidation", "apply")
    b.measure("merge.res140", 0, "merge res-140 + RCC + CHN (bracketed conflicts)", "apply")
    b.measure("merge.mods", 0, "merge 1,000 MODs as two proposals of 500 (large resolution)", "apply")
    b.measure("propose.mods1000", 0, "propose: derive the 1,000 MODs from an edited copy", "apply")

    for n in sizes:
        b.measure("diff.resdraft", n, "diff.resdraft (full redline)", group="diff")
        b.measure("diff.resdraft.changes", n, "diff.resdraft.changes (list of changes only)", group="diff")
        b.measure(
            "diff.resdraft.summary", n, "diff.resdraft.summary (changed provisions, no word edits)", "diff"
        )
        b.measure("diff.resdraft.e2e", n, "diff.resdraft.e2e (load both + diff)", "diff")
    big = max(sizes)
    b.measure(
        "diff.collection", big, f"diff.collection (folders, {os.cpu_count()} processes, e2e, summary)", "diff"
    )
    b.measure(
        "diff.collection.json", big, "diff.collection.json (same, + word-level JSON redline of each)", "diff"
    )
    b.measure("diff.collection.html", big, "diff.collection.html (same, + HTML redline of each)", "diff")
    b.measure("diff.resdraft.large_revised", 0, group="diff")
    b.measure("diff.resdraft.large_edited", 0, "diff.resdraft.large_edited (1,000 edited)", "diff")

    for name in ("xmldiff.default", "xmldiff.fast_match"):
        per_pair = None
        for n in sizes:
            if per_pair is not None and per_pair * n > XMLDIFF_LIMIT_S:
                b.notes.append(
                    f"{name} skipped on {n} pairs: one run would take ~{per_pair * n:.0f} s "
                    f"(> {XMLDIFF_LIMIT_S:.0f} s; {per_pair:.2f} s per pair measured on fewer pairs)."
                )
                b.log(f"{name}[{n}] skipped (predicted {per_pair * n:.0f} s)")
                continue
            r = b.measure(name, n, group="diff")
            if r:
                per_pair = r["median"] / n
    for name in ("redlines", "difflib", "git.word_diff"):
        for n in sizes:
            b.measure(name, n, group="diff")

    venv_bin = Path(sys.executable).parent
    resdraft_exe = venv_bin / "resdraft"
    reps = 3 if quick else 7
    b.measure_command([sys.executable, "-c", "pass"], reps, "python -c pass (interpreter floor)", "cli")
    if resdraft_exe.exists():
        b.measure_command([str(resdraft_exe), "--help"], reps, "resdraft --help (cold start)", "cli")
        pair = json.loads((b.corpus / "manifest.json").read_text())["pairs"][0]
        b.measure_command(
            [str(resdraft_exe), "diff", pair["old"], pair["new"]],
            reps,
            "resdraft diff OLD NEW, one resolution (cold start, terminal output)",
            "cli",
        )
    else:
        b.measure_command(
            [sys.executable, "-m", "resdraft", "--help"], reps, "python -m resdraft --help", "cli"
        )


# ---------------------------------------------------------------- profile and import time


Profile = tuple[str, str, list[tuple[str, float]], float]  # title, text, own time by module, total


def _profile(title: str, fn: Callable[[], object], top: int) -> Profile:
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    fn()
    prof.disable()
    total = time.perf_counter() - t
    buf = io.StringIO()
    st = pstats.Stats(prof, stream=buf)
    st.sort_stats("tottime").print_stats(top)
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top)
    by_module: dict[str, float] = {}
    for (filename, _, func), (_, _, tottime, _, _) in st.stats.items():  # type: ignore[attr-defined]
        key = _module_of(filename, func)
        by_module[key] = by_module.get(key, 0.0) + tottime
    text = re.sub(re.escape(str(REPO)) + "/", "", buf.getvalue())
    text = re.sub(r"/\S*/site-packages/", "", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return title, text, sorted(by_module.items(), key=lambda kv: -kv[1]), total


def profile_diff(m: dict[str, Any], size: int, top: int = 25) -> Profile:
    from resdraft.model import Resolution
    from resdraft.redline import diff_documents

    docs = [(Resolution.load(Path(p["old"])), Resolution.load(Path(p["new"]))) for p in _pairs(m, size)]
    for a, b in docs[:2]:
        diff_documents(a, b)  # warm imports and regex caches
    title = f"What dominated resdraft diff ({size} pairs, cProfile)"
    return _profile(title, lambda: [diff_documents(a, b) for a, b in docs], top)


def profile_apply(m: dict[str, Any], top: int = 15) -> Profile:
    from resdraft.amend import apply_proposals
    from resdraft.model import ProposalDoc, Resolution

    lg = m["large"]
    base_tree = Resolution.load(Path(lg["base"])).tree
    prop_tree = ProposalDoc.load(Path(lg["proposal"])).tree

    def run() -> object:
        return apply_proposals(Resolution(base_tree, "base"), [ProposalDoc(prop_tree, "proposal")])

    run()
    return _profile(f"What dominated apply ({lg['mods']:,} MODs, cProfile)", run, top)


def _module_of(filename: str, func: str) -> str:
    if filename == "~":  # a C function or method
        return "lxml (C methods)" if "lxml" in func else "builtins and C methods (str, re, dict, …)"
    path = Path(filename)
    parts = path.parts
    if "resdraft" in parts:
        i = len(parts) - 1 - parts[::-1].index("resdraft")
        return "resdraft." + ".".join(parts[i + 1 :]).removesuffix(".py")
    if "site-packages" in parts:
        i = parts.index("site-packages")
        return parts[i + 1].removesuffix(".py")
    return path.stem + " (stdlib)"


def import_times() -> list[tuple[str, int]]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "resdraft", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    top: dict[str, int] = {}
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m and len(m.group(3)) <= 3:  # imported by __main__ or one level below (cumulative)
            top[m.group(4)] = top.get(m.group(4), 0) + int(m.group(2))
    return sorted(top.items(), key=lambda kv: -kv[1])[:12]


# ---------------------------------------------------------------- report


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    from lxml import etree

    out = {
        "Python": platform.python_version() + f" ({platform.python_implementation()})",
        "lxml": ".".join(map(str, etree.LXML_VERSION)),
        "libxml2": ".".join(map(str, etree.LIBXML_VERSION)),
    }
    for dist in (
        "resdraft",
        "xmlschema",
        "elementpath",
        "diff-match-patch",
        "xmldiff",
        "redlines",
        "typer",
        "rich",
    ):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "not installed"
    git = shutil.which("git")
    out["git"] = (
        subprocess.run([git, "--version"], capture_output=True, text=True, check=False).stdout.strip()
        if git
        else "absent"
    )
    return out


def _git_state() -> str:
    def git(*a: str) -> str:
        out = subprocess.run(["git", *a], capture_output=True, text=True, check=False, cwd=REPO)
        return out.stdout.strip()

    if not shutil.which("git"):
        return "unknown"
    head = git("rev-parse", "--short", "HEAD") or "no commit"
    dirty = git("status", "--porcelain", "--", "resdraft", "schemas")
    n = len(dirty.splitlines())
    return f"commit {head}" + (
        f" with {n} uncommitted file(s) under resdraft/ and schemas/" if n else " (clean)"
    )


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ms(s: float | None) -> str:
    if s is None:
        return "—"
    if s >= 10:
        return f"{s:,.1f} s"
    if s >= 1:
        return f"{s * 1000:,.0f} ms"
    return f"{s * 1000:,.2f} ms" if s < 0.01 else f"{s * 1000:,.1f} ms"


def _mb(kb: float | None) -> str:
    return "—" if kb is None else f"{kb / 1024:,.1f}"


def _slope(points: list[tuple[int, float]]) -> float | None:
    pts = [(math.log(n), math.log(t)) for n, t in points if n > 0 and t > 0]
    if len(pts) < 2:
        return None
    mx = statistics.fmean(x for x, _ in pts)
    my = statistics.fmean(y for _, y in pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den if den else None


def report(
    b: Bench,
    m: dict[str, Any],
    sizes: tuple[int, ...],
    gen_s: float,
    profiles: list[Profile],
    imports: list[tuple[str, int]],
) -> str:
    pairs = m["pairs"]

    def size_desc(n: int) -> str:
        if n == 0:
            return ""
        ps = pairs[:n]
        kb = sum(p["stats"]["bytes_old"] + p["stats"]["bytes_new"] for p in ps) / 1024
        prov = sum(p["stats"]["provisions_old"] + p["stats"]["provisions_new"] for p in ps)
        return f"{n} pair{'s' if n > 1 else ''} ({2 * n} files, {kb:,.0f} KB, {prov:,} provisions)"

    floor = {n: b.get("floor.parse_serialise", n) for n in sizes}
    lines: list[str] = []
    w = lines.append
    v = _versions()
    w("# resdraft benchmark results\n")
    w(
        f"Generated by `benchmarks/run.py{' --quick' if b.args.quick else ''}` on "
        f"{datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}; total run time "
        f"{time.perf_counter() - b.started:,.0f} s (corpus generation and check {gen_s:,.1f} s).\n"
    )
    w("## Machine\n")
    w(f"- CPU: {_cpu()}; `nproc` = {os.cpu_count()}; {platform.system()} {platform.release()}")
    w("- " + "; ".join(f"{k} {val}" for k, val in v.items()))
    w(f"- resdraft source: {_git_state()}")
    if b.load_before is not None:
        after = os.getloadavg()
        w(
            f"- Load average (1 min) {b.load_before[0]:.2f} at the start, {after[0]:.2f} at the end: other "
            "processes share the machine; single-run timings carry their noise."
        )
    w("")
    w("## Corpus\n")
    lg = m["large"]
    st = [p["stats"] for p in pairs]
    w(
        f"- {len(pairs)} resolution pairs generated from `resolutions/res-140.xml` (seed {m['seed']}); "
        f"sizes {', '.join(map(str, sizes))} are prefixes of the same sequence. Per pair on average: "
        f"{statistics.fmean(s['provisions_old'] for s in st):.0f} provisions, "
        f"{statistics.fmean(s['bytes_old'] for s in st) / 1024:.0f} KB; the revision has "
        f"{statistics.fmean(s['word_edits'] for s in st):.1f} provisions with word edits, "
        f"{statistics.fmean(s['inserted'] for s in st):.1f} inserted, "
        f"{statistics.fmean(s['deleted'] for s in st):.1f} deleted, 1 moved to another keyword group, "
        f"{statistics.fmean(s['renumbered'] for s in st):.1f} renumbered (eIds follow numbers; no `wId`)."
    )
    w(
        f"- Large resolution: {lg['provisions']:,} provisions, {lg['bytes'] / 1024:,.0f} KB; proposal with "
        f"{lg['mods']:,} MOD changes ({lg['proposal_bytes'] / 1024:,.0f} KB) derived by `resdraft.propose` "
        f"from an edited copy; a revised copy ({lg['revised_stats']['word_edits']} provisions edited, "
        f"{lg['revised_stats']['inserted']} inserted, {lg['revised_stats']['deleted']} deleted, 1 moved, "
        f"{lg['revised_stats']['renumbered']} renumbered)."
    )
    acc = getattr(b, "accuracy", None)
    if acc:
        w(f"- {acc}")
    w("")
    w("## Results\n")
    w(
        "Median of the measured runs (warm-up excluded, except where the warm-up is the only run); "
        '"× floor" divides by the lxml parse+serialise of the same files. ΔRSS is the worker\'s peak RSS '
        "during the runs (VmHWM, reset after loading the inputs) minus its RSS at that point: it includes "
        "libxml2 memory; marked † it is the whole peak RSS of the child process (git, CLI), measured by "
        'GNU time. "Py heap" is the tracemalloc peak of one extra run (Python objects only; libxml2 '
        "allocations are invisible to it; only for runs < 3 s).\n"
    )
    w("| Benchmark | Input | Runs | Median | Min | × floor | ΔRSS MB | Py heap MB |")
    w("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    group_names = {
        "floor": "Floor (lxml)",
        "load": "Load",
        "validate": "Validate",
        "apply": "Apply / redline / propose",
        "diff": "Diff",
        "cli": "CLI start-up",
    }
    for g in group_names:
        rows = [r for r in b.results if r["group"] == g]
        if not rows:
            continue
        w(f"| **{group_names[g]}** | | | | | | | |")
        for r in rows:
            whole_corpus = not r["case"].startswith(("floor.large", "merge."))
            fl = (
                floor.get(r["size"])
                if r["size"] and whole_corpus and r["group"] in ("floor", "load", "diff")
                else None
            )
            if r["case"].startswith("apply.collection"):
                fl = b.get("floor.apply_collection", r["size"])
            ratio = (
                f"{r['median'] / fl['median']:,.1f}×" if fl and r["case"] != "floor.parse_serialise" else ""
            )
            inp = size_desc(r["size"])
            if r["case"].endswith("apply_collection") or r["case"].startswith("apply.collection"):
                inp = f"{r['size']} resolutions and their {r['size']} proposals"
            elif r.get("fresh"):
                inp = f"res-140; new process each run (process wall {_ms(r['wall_median'])})"
            elif r["case"] == "apply.mods":
                inp = f"large resolution; proposal {Path(lg['proposals'][str(r['size'])]).stat().st_size / 1024:,.0f} KB"
            elif r["case"].startswith(
                ("apply", "redline.", "propose", "load.large", "diff.resdraft.large", "floor.large", "merge.")
            ):
                inp = "res-140" if r["case"] in ("apply.res140", "merge.res140") else "large resolution"
            elif r["case"].startswith("validate"):
                inp = "res-140" if "res140" in r["case"] else "large resolution"
            elif r["group"] == "cli":
                inp = "subprocess wall time"
            rss = _mb(r["rss_kb"]) + (" †" if r.get("rss_child") else "")
            w(
                f"| {r['label']} | {inp} | {len(r['samples'])} | {_ms(r['median'])} | {_ms(min(r['samples']))} "
                f"| {ratio} | {rss} | {_mb(r['py_peak_kb'])} |"
            )
    w("")
    if b.pairs:
        w("## Targets, timed in alternation\n")
        w(
            "Each line is one worker that runs the case and its floor in turn, 15 times each (5 with "
            "`--quick`), after a warm-up of both: the ratio of the medians is not moved by load that "
            "comes and goes between separate workers. The last column gives the middle half of the "
            "per-round ratios.\n"
        )
        w("| Case | Median | Floor median | Ratio | Target | Per-round ratios (25–75 %) |")
        w("| --- | ---: | ---: | ---: | ---: | --- |")
        for pr in b.pairs:
            r = pr["rounds"]
            q1, q3 = r[len(r) // 4], r[(3 * len(r)) // 4]
            w(
                f"| {pr['label']} | {_ms(pr['case'])} | {_ms(pr['floor'])} | {pr['case'] / pr['floor']:.2f}× "
                f"| {_verdict(pr['case'] / pr['floor'], pr['target'])} "
                f"| {q1:.2f}–{q3:.2f}× |"
            )
        w("")
    w("## Key ratios\n")
    for n in sizes:
        d, e, f = b.get("diff.resdraft", n), b.get("diff.resdraft.e2e", n), floor.get(n)
        if not (d and f):
            continue
        parts = [f"resdraft diff {d['median'] / f['median']:.1f}× the floor"]
        if e:
            parts.append(f"load+diff {e['median'] / f['median']:.1f}×")
        for other in ("xmldiff.default", "xmldiff.fast_match", "redlines", "difflib", "git.word_diff"):
            o = b.get(other, n)
            if o:
                parts.append(
                    f"{other} {o['median'] / f['median']:.1f}× (resdraft diff is {o['median'] / d['median']:.2g}× faster)"
                    if o["median"] > d["median"]
                    else f"{other} {o['median'] / f['median']:.2f}× (resdraft diff is {d['median'] / o['median']:.2g}× slower)"
                )
        w(f"- **{n} pair{'s' if n > 1 else ''}**: " + "; ".join(parts) + ".")
    ld, fp = [b.get("load.resdraft", n) for n in sizes], [b.get("floor.parse", n) for n in sizes]
    if ld[-1] and fp[-1]:
        w(
            f"- resdraft load is {ld[-1]['median'] / fp[-1]['median']:.2f}× a bare lxml parse ({sizes[-1]} pairs)."
        )
    cold, cached, warm = (
        b.get("validate.first.xmlschema"),
        b.get("validate.cached.xmlschema"),
        b.get("validate.xmlschema.res140"),
    )
    lx, lxf = b.get("validate.lxml.res140"), b.get("validate.first.lxml")
    if cold and cached:
        w(
            f"- xmlschema first validation: cold {_ms(cold['median'])}, from the pickle {_ms(cached['median'])} "
            f"({cold['median'] / cached['median']:.1f}× faster); warm {_ms(warm['median']) if warm else '—'}; "
            f"lxml fast path warm {_ms(lx['median']) if lx else '—'}, first call {_ms(lxf['median']) if lxf else '—'}."
        )
    big, fl = sizes[-1], floor.get(sizes[-1])
    col = b.get("diff.collection", big)
    if col and fl:
        parts = [
            f"folders on {os.cpu_count()} processes, end to end, summary {col['median'] / fl['median']:.1f}×"
        ]
        if cj := b.get("diff.collection.json", big):
            parts.append(f"with a word-level JSON redline per resolution {cj['median'] / fl['median']:.1f}×")
        for name, what in (
            ("diff.resdraft.summary", "changed provisions without word edits"),
            ("diff.resdraft.changes", "changes with word edits"),
            ("diff.resdraft", "full redline"),
        ):
            if r := b.get(name, big):
                parts.append(f"{what} in one process {r['median'] / fl['median']:.1f}×")
        w(
            f"- **Target: the {big}-resolution diff within 3× the floor** (separate workers; see the table "
            "above for the same timed in alternation): " + "; ".join(parts) + "."
        )
    ap, fa, fr = b.get("apply.mods", 1000), b.get("floor.large", 1), b.get("floor.large", 0)
    if ap and fa and fr:
        w(
            f"- **Target: apply 1,000 MODs within 3× the parse floor**: {_ms(ap['median'])} is "
            f"{ap['median'] / fa['median']:.1f}× the parse+serialise of its inputs (resolution and proposal, "
            f"{_ms(fa['median'])}) and {ap['median'] / fr['median']:.0f}× that of the resolution alone "
            f"({_ms(fr['median'])}), in separate workers; the table above times the two in alternation, "
            "where each run follows one of the other instead of a run of itself."
        )
    ac, ai, af = (
        b.get(c, big) for c in ("apply.collection", "apply.collection.inprocess", "floor.apply_collection")
    )
    if ac and ai and af:
        w(
            f"- Consolidating the whole corpus ({big} resolutions, each with the proposal derived from its "
            f"revision): as `resdraft apply OLD_DIR PROPOSALS...` runs it ({os.cpu_count()} processes, every input "
            f"and result validated) {_ms(ac['median'])}, {ac['median'] / af['median']:.1f}× the parse+serialise of "
            f"its inputs ({_ms(af['median'])}); applying alone, in one process, {_ms(ai['median'])}, "
            f"{ai['median'] / af['median']:.1f}×."
        )
    pts = [(k, r["median"]) for k in (250, 500, 1000) if (r := b.get("apply.mods", k))]
    if pts:
        per = ", ".join(f"{t / k * 1e6:,.0f} µs per MOD at {k:,}" for k, t in pts)
        s = _slope(pts)
        w(
            f"- apply: {per}; log-log slope {'—' if s is None else f'{s:.2f}'} (1.0 = linear in the number of MODs)."
        )
    w("")
    w("### Slope of resdraft diff across corpus sizes\n")
    w("Least-squares slope of log(time) against log(pairs): 1.0 is linear.\n")
    w("| Benchmark | slope | per pair | per provision |")
    w("| --- | ---: | ---: | ---: |")
    for name in (
        "diff.resdraft",
        "diff.resdraft.e2e",
        "floor.parse_serialise",
        "xmldiff.default",
        "xmldiff.fast_match",
        "redlines",
        "difflib",
        "git.word_diff",
    ):
        pts = [(n, r["median"]) for n in sizes if (r := b.get(name, n))]
        s = _slope(pts)
        if not pts:
            continue
        n_last, t_last = pts[-1]
        prov = sum(p["stats"]["provisions_old"] + p["stats"]["provisions_new"] for p in pairs[:n_last])
        w(
            f"| {name} | {'—' if s is None else f'{s:.2f}'} | {_ms(t_last / n_last)} | {t_last / prov * 1e6:,.0f} µs |"
        )
    w("")
    for title, text, ranked, total in profiles:
        w(f"## {title}\n")
        w(f"Profiled run: {total:,.2f} s (profiler overhead included). Own time by module:\n")
        w("| module | own time | share |")
        w("| --- | ---: | ---: |")
        tot = sum(t for _, t in ranked) or 1
        for mod, t in ranked[:10]:
            w(f"| {mod} | {t:,.3f} s | {100 * t / tot:.0f} % |")
        w("")
        w("<details><summary>Top functions (by own time, then cumulative)</summary>\n")
        w("```")
        w(text.strip())
        w("```")
        w("</details>\n")
    if imports:
        w("## `resdraft --help` imports (python -X importtime -m resdraft --help; cumulative, two levels)\n")
        w("| module | cumulative |")
        w("| --- | ---: |")
        for mod, us in imports:
            w(f"| {mod} | {us / 1000:,.1f} ms |")
        w("")
    w("## Notes\n")
    for note in b.notes:
        w(f"- {note}")
    w(
        "- Times for in-process cases exclude interpreter start-up, imports and input loading "
        "(reported separately under Load and CLI start-up). `diff.resdraft` starts from parsed "
        "Documents; `diff.resdraft.e2e` includes `Resolution.load` of both files."
    )
    w(
        "- The plain-text tools (redlines, difflib, git) get the flattened text (one line per provision), "
        "prepared before timing: they neither parse XML nor see structure, so they cannot report "
        "renumbering or moves; their times are a lower bound for a text-only redline. `git` is a "
        "subprocess per corpus (directories), so its time includes process start-up."
    )
    if not any("xmldiff" in note and "skipped" in note for note in b.notes):
        w(
            f"- xmldiff ran on every size ({', '.join(map(str, sizes))} pairs): no single run was predicted over {XMLDIFF_LIMIT_S:.0f} s."
        )
    w(
        "- The 1,000 MODs of the large proposal avoid the intro of paragraphs with sub-items, as they did when "
        "`resdraft.tokens.set_tokens` dropped the intro's eId (fixed since; see README, Known problems), so that "
        "results stay comparable with earlier runs."
    )
    w(
        "- Pairing accuracy counts a deleted and an inserted provision that resdraft pairs as one rewritten "
        "provision (same eId after renumbering: the matcher's last stage) as a miss; the redline then shows the "
        "whole text struck and replaced in one provision instead of a deletion and an insertion."
    )
    w(
        '- xmldiff 3.0\'s default `ratio_mode` is already "fast"; the second configuration adds '
        "`fast_match=True`. Both diff the full documents (metadata included)."
    )
    return "\n".join(lines) + "\n"


def check_accuracy(m: dict[str, Any], n: int) -> str:
    """Does resdraft diff pair the provisions as the generator moved them? (not timed)"""
    from resdraft.match import Matcher, similarity
    from resdraft.match import _words as _own_words
    from resdraft.model import Resolution
    from resdraft.redline import diff_documents

    total = right = exact_pairs = exact_counts = 0
    rewrites: list[float] = []  # a deleted provision paired with an inserted one
    swaps: list[float] = []  # a provision paired with the wrong surviving one
    missed = 0
    for p in _pairs(m, n):
        truth: dict[str, str] = p["stats"]["truth"]
        old, new = Resolution.load(Path(p["old"])), Resolution.load(Path(p["new"]))
        pairs = Matcher(old.doc, new.doc).pairs
        got = {o.get("eId"): nn.get("eId") for o, nn in pairs.items()}
        new_from = set(truth.values())
        ok = True
        for o, nn in pairs.items():
            oe, ne = o.get("eId"), nn.get("eId")
            if truth.get(oe) == ne:
                continue
            ok = False
            sim = similarity(_own_words(o), _own_words(nn))
            (rewrites if oe not in truth and ne not in new_from else swaps).append(sim)
        missed += sum(1 for oe, ne in truth.items() if got.get(oe) is None)
        total += len(truth)
        right += sum(1 for oe, ne in truth.items() if got.get(oe) == ne)
        exact_pairs += ok and all(got.get(oe) == ne for oe, ne in truth.items())
        s = p["stats"]
        want = {"added": s["inserted"], "removed": s["deleted"], "modified": s["word_edits"],
                "renumbered": s["renumbered"], "moved": s["moved"]}  # fmt: skip
        exact_counts += diff_documents(old, new, full=False, words=False).counts() == want
    msg = (
        f"Pairing accuracy of resdraft diff (its Matcher) against the generator's record: "
        f"{right:,}/{total:,} surviving provisions paired with their true counterpart; "
        f"{exact_pairs}/{n} resolution pairs entirely right; in {exact_counts}/{n} the diff's "
        "counts of added, removed, modified, renumbered and moved provisions are the record's."
    )
    if rewrites:
        msg += (
            f" {len(rewrites)} deleted provision(s) were paired with an inserted one and shown as one "
            f"rewritten provision (word similarity {min(rewrites):.2f}–{max(rewrites):.2f})."
        )
    if swaps:
        msg += (
            f" {len(swaps)} other pairing(s) were wrong (word similarity {min(swaps):.2f}–{max(swaps):.2f}; "
            f"a renumbered and edited provision whose old eId now names a similar neighbour)."
        )
    if missed:
        msg += f" {missed} surviving provision(s) were left unpaired."
    return msg


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="resdraft benchmarks")
    ap.add_argument("--quick", action="store_true", help="corpus sizes 1 and 10, fewer runs")
    ap.add_argument("--corpus", type=Path, help="reuse (or create) the corpus here instead of a tmp dir")
    ap.add_argument("--keep", action="store_true", help="keep the tmp corpus")
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--fresh", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        assert args.corpus is not None
        if args.worker.startswith("pair:"):
            print(json.dumps(pair_worker(args.worker, args.corpus, args.quick)))
            return 0
        print(json.dumps(worker(args.worker, args.corpus, args.size, args.fresh, args.quick)))
        return 0

    import corpus as corpus_mod

    sizes = QUICK_SIZES if args.quick else FULL_SIZES
    tmp = None
    if args.corpus:
        root = args.corpus
    else:
        tmp = Path(tempfile.mkdtemp(prefix="resdraft-bench-"))
        root = tmp
    b = Bench(args, root)
    try:
        t = time.perf_counter()
        man_path = root / "manifest.json"
        m = json.loads(man_path.read_text()) if man_path.exists() else None
        if m is None or max(m["sizes"]) < max(sizes) or m["seed"] != corpus_mod.SEED or "proposals" not in m:
            b.log(f"generating the corpus in {root}")
            m = corpus_mod.generate(root, sizes)
            problems = corpus_mod.check(m)
            if problems:
                print("corpus is not valid:\n" + "\n".join(problems), file=sys.stderr)
                return 1
        gen_s = time.perf_counter() - t
        m["root"] = str(root)
        b.accuracy = check_accuracy(m, max(sizes))  # type: ignore[attr-defined]
        b.log(b.accuracy)  # type: ignore[attr-defined]
        run_all(b, sizes)
        profiles: list[Profile] = []
        if not args.no_profile:
            b.log(f"profiling resdraft diff on {max(sizes)} pairs, and apply")
            profiles = [profile_diff(m, max(sizes)), profile_apply(m)]
        imports = import_times()
        text = report(b, m, sizes, gen_s, profiles, imports)
        args.out.write_text(text, encoding="utf-8")
        b.log(f"wrote {args.out}")
    finally:
        if tmp is not None and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp is not None:
            b.log(f"corpus kept in {tmp}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
