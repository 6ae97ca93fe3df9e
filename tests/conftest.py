"""Shared fixtures: the bundled texts, a private schema cache, a clean terminal environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from resdraft.model import ProposalDoc, Resolution

ROOT = Path(__file__).resolve().parent.parent
RES140 = ROOT / "resolutions" / "res-140.xml"
RES1332 = ROOT / "resolutions" / "res-1332.xml"
RCC140 = ROOT / "proposals" / "rcc-140.xml"
CHN140 = ROOT / "proposals" / "chn-140.xml"
RCC1332 = ROOT / "proposals" / "rcc-1332.xml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from actual output")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    for var in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "RESDRAFT_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("RESDRAFT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "schema-cache"))


@pytest.fixture
def res140() -> Resolution:
    return Resolution.load(RES140)


@pytest.fixture
def rcc140() -> ProposalDoc:
    return ProposalDoc.load(RCC140)


@pytest.fixture
def chn140() -> ProposalDoc:
    return ProposalDoc.load(CHN140)


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
