"""Compiled schemas, built once: lxml in memory, xmlschema pickled in the user cache dir.

Building the official AKN XSD with xmlschema takes ~3 s; loading a pickle ~0.4 s. The pickle
is keyed by the library versions and the sha256 of every XSD file, written atomically, only
ever read back from a file this user owns and nobody else can write, and rebuilt on any error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree

DRIVER = "resdraft.xsd"
PROFILE = "itu-profile.xsd"


def schema_dir() -> Path:
    """Where the XSDs live: the installed package data, or the repository's schemas/."""
    repo = Path(__file__).resolve().parent.parent / "schemas"
    if (repo / DRIVER).is_file():
        return repo
    try:
        path = Path(str(resources.files("resdraft.schemas")))
    except (ImportError, OSError, TypeError) as exc:  # pragma: no cover - broken install
        raise RuntimeError("resdraft's schemas are missing from this installation") from exc
    return path


@cache
def lxml_schema(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(schema_dir() / name), parser))


def _key(name: str) -> str:
    import elementpath
    import xmlschema

    h = hashlib.sha256()
    for part in (xmlschema.__version__, elementpath.__version__, sys.version, name):
        h.update(part.encode())
    for xsd in sorted(schema_dir().glob("*.xsd")):
        h.update(xsd.name.encode())
        h.update(xsd.read_bytes())
    return h.hexdigest()[:24]


def cache_dir() -> Path:
    env = os.environ.get("RESDRAFT_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("resdraft"))


def _trusted(path: Path) -> bool:
    try:
        st = path.stat()
    except OSError:
        return False
    owner_ok = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return owner_ok and not (st.st_mode & 0o022)


@cache
def xmlschema_schema(name: str) -> Any:
    """The xmlschema validator of record for ``name``, from the pickle cache when possible."""
    import xmlschema

    cache = cache_dir() / f"{name.removesuffix('.xsd')}-{_key(name)}.pickle"
    if _trusted(cache):
        try:
            with cache.open("rb") as fh:
                return pickle.load(fh)
        except Exception:  # a stale or broken pickle is rebuilt, never trusted
            cache.unlink(missing_ok=True)
    schema = xmlschema.XMLSchema10(str(schema_dir() / name), allow="local")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(schema, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only cache dir costs speed, not correctness
    return schema
