"""Golden files for every output format, compared in canonical form.

Run ``pytest --update-golden`` to rewrite ``tests/golden/`` after an intended change, and review
the diff like code.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from resdraft.akn_redline import redline_document
from resdraft.amend import apply_proposals
from resdraft.attributed import redline_consolidation
from resdraft.model import ProposalDoc, Resolution
from resdraft.redline import Redline, diff_documents
from resdraft.render.json import redline_dict, to_json
from resdraft.render.terminal import RedlineView, make_console
from resdraft.schemacache import DRIVER, lxml_schema
from resdraft.write import to_bytes
from tests.conftest import CHN140, CHN140_COMPAT, RCC140, RCC1332, RES140, RES1332

GOLDEN = Path(__file__).parent / "golden"

CASES: dict[str, tuple[Path, tuple[Path, ...]]] = {
    "res140-rcc-chn": (RES140, (RCC140, CHN140_COMPAT)),
    "res140-chn": (RES140, (CHN140_COMPAT,)),
    "res1332-rcc": (RES1332, (RCC1332,)),
}


def c14n(data: bytes) -> str:
    return etree.canonicalize(data.decode("utf-8"))


def terminal(r: Redline) -> str:
    console = make_console(width=100)
    console.file = io.StringIO()
    console.no_color = True
    console.print(RedlineView(r, plain=True))
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines()) + "\n"


def check(name: str, actual: str, update: bool, normalise: Callable[[str], str] = lambda s: s) -> None:
    path = GOLDEN / name
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not update:
            pytest.fail(f"{name} did not exist; written now, review and commit it")
    assert normalise(actual) == normalise(path.read_text(encoding="utf-8")), f"{name} differs"


@pytest.mark.parametrize("case", sorted(CASES))
def test_apply_and_redline_outputs(case: str, update_golden: bool) -> None:
    res_path, prop_paths = CASES[case]
    base = Resolution.load(res_path)
    c = apply_proposals(base, [ProposalDoc.load(p) for p in prop_paths])
    consolidated = to_bytes(c.result.root).decode()
    check(f"{case}/expected.consolidated.xml", consolidated, update_golden, lambda s: c14n(s.encode()))
    r = redline_consolidation(c)
    check(
        f"{case}/expected.redline.json",
        to_json(redline_dict(r)),
        update_golden,
        lambda s: json.dumps(json.loads(s)),
    )
    check(f"{case}/expected.redline.txt", terminal(r), update_golden)
    xml = redline_document(c.result, base, r)
    assert lxml_schema(DRIVER).validate(etree.ElementTree(xml)), lxml_schema(DRIVER).error_log
    check(f"{case}/expected.redline.xml", to_bytes(xml).decode(), update_golden, lambda s: c14n(s.encode()))


@pytest.mark.parametrize("case", sorted(CASES))
def test_generic_diff_agrees_with_the_consolidation(case: str, update_golden: bool) -> None:
    """Diffing base and consolidated text (wIds stripped) finds the same provisions changed."""
    res_path, prop_paths = CASES[case]
    base = Resolution.load(res_path)
    c = apply_proposals(base, [ProposalDoc.load(p) for p in prop_paths])
    stripped = etree.ElementTree(etree.fromstring(to_bytes(c.result.root)))
    for el in stripped.iter():
        el.attrib.pop("wId", None)
    r = diff_documents(base, Resolution(stripped, "<consolidated>"))
    expected = redline_consolidation(c)
    summary = lambda red: sorted((e.kind, e.eid, e.old_num, e.new_num) for e in red.entries if e.changed)  # noqa: E731
    assert summary(r) == summary(expected)
    check(f"{case}/expected.diff.json", to_json(redline_dict(r, changes_only=True)), update_golden)


def test_outputs_are_deterministic() -> None:
    base = Resolution.load(RES140)
    props = [ProposalDoc.load(RCC140), ProposalDoc.load(CHN140_COMPAT)]
    one = to_bytes(apply_proposals(base, props).result.root)
    two = to_bytes(apply_proposals(base, props).result.root)
    assert one == two


def test_empty_proposal_list_is_identity_of_text() -> None:
    base = Resolution.load(RES140)
    c = apply_proposals(base, [])
    assert not redline_consolidation(c).changes


def test_merge_outputs(update_golden: bool) -> None:
    """The bundled RCC and China proposals: one conflict-free same-provision merge, brackets elsewhere."""
    from resdraft.attributed import redline_merge
    from resdraft.compilation import compilation_document, compile_proposals
    from resdraft.merge import merge_proposals
    from resdraft.render.json import compilation_dict, merge_dict

    base = Resolution.load(RES140)
    props = [ProposalDoc.load(RCC140), ProposalDoc.load(CHN140)]
    m = merge_proposals(base, props)
    assert lxml_schema(DRIVER).validate(m.draft.tree), lxml_schema(DRIVER).error_log
    check("merge-res140-rcc-chn/expected.draft.xml", to_bytes(m.draft.root).decode(), update_golden,
          lambda s: c14n(s.encode()))  # fmt: skip
    check("merge-res140-rcc-chn/expected.report.json", to_json(merge_dict(m)), update_golden)
    check("merge-res140-rcc-chn/expected.redline.txt", terminal(redline_merge(m)), update_golden)
    c = compile_proposals(base, props)
    check("merge-res140-rcc-chn/expected.compilation.json", to_json(compilation_dict(c)), update_golden)
    xml = compilation_document(c, "2026-01-01")
    assert lxml_schema(DRIVER).validate(etree.ElementTree(xml)), lxml_schema(DRIVER).error_log
    check("merge-res140-rcc-chn/expected.compilation.xml", to_bytes(xml).decode(), update_golden,
          lambda s: c14n(s.encode()))  # fmt: skip
