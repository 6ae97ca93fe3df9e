"""Shared fixtures: the bundled texts, a private schema cache, a clean terminal environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from resdraft.model import ProposalDoc, Resolution

ROOT = Path(__file__).resolve().parent.parent
RES140 = ROOT / "resolutions" / "res-140.xml"
RES1332 = ROOT / "resolutions" / "res-1332.xml"
RCC140 = ROOT / "proposals" / "rcc-140.xml"
CHN140 = ROOT / "proposals" / "chn-140.xml"
RCC1332 = ROOT / "proposals" / "rcc-1332.xml"


def compatible_chn() -> Path:
    """China's proposal without CHN/14/5 and CHN/14/6, the two changes that conflict with RCC's.

    ``apply`` refuses conflicting proposals; tests of apply use this variant, tests of merge the
    bundled file.
    """
    import tempfile

    from lxml import etree

    out = Path(tempfile.gettempdir()) / f"resdraft-tests-{os.getpid()}" / "chn-140-compatible.xml"
    if out.exists():
        return out
    tree = etree.parse(str(CHN140))
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0", "rdp": "urn:resdraft:proposal:1"}
    for n in (5, 6):
        for xp in (f"//a:amendmentContent/a:p[a:mod/@eId='mod_{n}']", f"//a:p[@rdp:for='#mod_{n}']",
                   f"//a:textualMod[a:source/@href='#mod_{n}']"):  # fmt: skip
            for el in tree.xpath(xp, namespaces=ns):
                el.getparent().remove(el)
    out.parent.mkdir(parents=True, exist_ok=True)
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    return out


CHN140_COMPAT = compatible_chn()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from actual output")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    for var in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "RESDRAFT_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("RESDRAFT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "schema-cache"))


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The schema cache of the CLI tests (built once for all of them)."""
    return tmp_path_factory.mktemp("resdraft-cache")


@pytest.fixture
def plain_terminal(monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> None:
    """What a CLI test sees: no colour, 100 columns, a dumb terminal, no debug tracebacks.
    Modules that want it say ``pytestmark = pytest.mark.usefixtures("plain_terminal")``."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("RESDRAFT_CACHE_DIR", str(cache_dir))
    for var in ("RESDRAFT_DEBUG", "FORCE_COLOR", "LINES"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def res140() -> Resolution:
    return Resolution.load(RES140)


@pytest.fixture
def rcc140() -> ProposalDoc:
    return ProposalDoc.load(RCC140)


@pytest.fixture
def chn140() -> ProposalDoc:
    """China's proposal without the two changes that conflict with RCC's (see compatible_chn)."""
    return ProposalDoc.load(CHN140_COMPAT)


@pytest.fixture
def chn140_full() -> ProposalDoc:
    return ProposalDoc.load(CHN140)


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
