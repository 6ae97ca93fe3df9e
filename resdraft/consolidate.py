"""Consolidation from files: validate the inputs, apply, validate the result; for one
resolution, or for a folder of them with each proposal sent to the resolution whose Work it
amends, the resolutions spread over the cores."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .akn import rdp
from .collection import head_value, index_works, xml_files
from .cores import on_every_core
from .errors import InputError

if TYPE_CHECKING:
    from .amend import Consolidation
    from .model import ProposalDoc, Resolution

_TARGET, _PROPOSAL = rdp("target"), rdp("proposal")


def load_inputs(resolution: Path, proposals: Sequence[Path]) -> tuple[Resolution, list[ProposalDoc]]:
    """Load and validate a resolution and its proposals (targets are checked when applying)."""
    from .model import ProposalDoc, Resolution
    from .validate import assert_valid

    base = Resolution.load(resolution)
    assert_valid(base, what=str(resolution))
    docs = [ProposalDoc.load(p) for p in proposals]
    for d in docs:
        assert_valid(d, what=d.source)
    return base, docs


def consolidate(resolution: Path, proposals: Sequence[Path], date: str | None = None) -> Consolidation:
    """Validate the inputs, apply, and validate the result: nothing invalid leaves the core."""
    from .amend import apply_proposals
    from .validate import assert_valid

    base, docs = load_inputs(resolution, proposals)
    result = apply_proposals(base, docs, date=date)
    assert_valid(result.result, what=f"the consolidated text of {resolution.name}")
    return result


@dataclass(frozen=True, slots=True)
class Consolidated:
    """One resolution of a folder with its proposals applied, as the bytes of its file."""

    resolution: str  # the file the base text was read from
    proposals: tuple[str, ...]  # in the order they were applied
    changes: int
    xml: bytes


def _consolidate_one(job: tuple[str, tuple[str, ...], str | None]) -> Consolidated:
    from .write import to_bytes

    resolution, proposals, date = job
    c = consolidate(Path(resolution), [Path(p) for p in proposals], date)
    return Consolidated(resolution, proposals, len(c.changes), to_bytes(c.result.root))


def consolidate_folder(
    folder: Path,
    proposals: Sequence[Path],
    *,
    date: str | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Consolidated, ...]:
    """Apply each proposal to the resolution of ``folder`` whose FRBR Work it amends (a
    resolution's proposals in the order given) and return every consolidation, or raise the
    first problem: the caller writes nothing unless all succeeded."""
    wanted: dict[str, list[str]] = {}
    for p in proposals:
        target = head_value(p, _TARGET, _PROPOSAL, "expression")  # as ProposalDoc.target_expression
        if not target:
            raise InputError("the proposal names no resolution it amends (rdp:target)", source=p,
                             hint="check that it is a resdraft proposal: `resdraft validate` it")  # fmt: skip
        wanted.setdefault(target.rpartition("/")[0], []).append(str(p))
    by_work = index_works(xml_files(folder), folder)
    for work, props in wanted.items():
        if work not in by_work:
            raise InputError(f"it amends {work}, which is not a resolution in {folder}", source=Path(props[0]),
                             hint="put the resolution in the folder, or apply the proposal on its own")  # fmt: skip
    jobs = [
        (str(by_work[w]), tuple(ps), date) for w, ps in sorted(wanted.items(), key=lambda kv: by_work[kv[0]])
    ]
    return tuple(on_every_core(_consolidate_one, jobs, workers, progress))
