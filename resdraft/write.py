"""Serialising trees: stable pretty-printing that never touches mixed content, atomic writes."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from lxml import etree

from .akn import local
from .errors import InputError

# Elements whose text is content: whitespace inside them is meaningful and is never changed.
MIXED = frozenset(
    {
        "p",
        "num",
        "heading",
        "subheading",
        "docTitle",
        "docNumber",
        "docType",
        "docStage",
        "docProponent",
        "affectedDocument",
        "i",
        "b",
        "u",
        "sup",
        "sub",
        "ref",
        "ins",
        "del",
        "inline",
        "span",
        "mod",
        "quotedText",
        "block",
        "term",
        "def",
        "date",
        "a",
    }
)


def pretty(root: etree._Element, indent: str = "  ") -> etree._Element:
    """Indent structural elements in place; text inside mixed elements stays byte-identical."""

    mixed: dict[object, bool] = {}  # tag -> in MIXED, asked once per tag, not per element

    def walk(el: etree._Element, level: int) -> None:
        tag = el.tag
        is_mixed = mixed.get(tag)
        if is_mixed is None:
            is_mixed = mixed[tag] = local(el) in MIXED
        if is_mixed or not len(el) or (el.text and el.text.strip()):
            return
        kids = list(el)
        if not any(isinstance(c.tag, str) for c in kids) or any(c.tail and c.tail.strip() for c in kids):
            return
        pad = "\n" + indent * (level + 1)
        el.text = pad
        for c in kids:
            c.tail = pad
            if isinstance(c.tag, str):
                walk(c, level + 1)
        kids[-1].tail = "\n" + indent * level

    walk(root, 0)
    return root


def to_bytes(root: etree._Element) -> bytes:
    """UTF-8 XML with a declaration, keeping comments that stand before the root."""
    pretty(root)
    body = etree.tostring(root.getroottree(), encoding="UTF-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write through a temporary file in the same folder, then rename: never a half file."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = resolved_output(path)
    if target.is_dir():
        raise InputError(f"{path} is a folder", source=path, hint="give a file name, e.g. -o out.xml")
    if not target.parent.is_dir():
        raise InputError(f"the folder {target.parent} does not exist", source=path, hint="create it first")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _unwritable(path, exc) from exc
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes 0600; outputs are shared documents
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _unwritable(path, exc) from exc
        raise


def resolved_output(path: Path) -> Path:
    """``path.resolve()``, a symlink loop said as an output that cannot be written (exit 3)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError) as exc:
        raise _unwritable(path, OSError(str(exc))) from exc


def write_files(folder: Path, files: Mapping[str, bytes | str]) -> None:
    """Write each of ``files`` (name -> content) into ``folder``, atomically, after checking
    that none of them can fail for a reason known in advance (a folder in the way): a folder of
    results is written whole or, barring a full disk, not at all."""
    for name in files:
        if (folder / name).is_dir():
            raise InputError(f"{folder / name} is a folder, where a result file goes", source=folder,
                             hint="move it away, or choose another -o folder")  # fmt: skip
    for name, data in files.items():
        write_atomic(folder / name, data)


def make_folder(folder: Path) -> None:
    """``mkdir`` for an output folder, its failure said as an unwritable output (exit 3)."""
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise _unwritable(folder, exc) from exc


def _unwritable(path: Path, exc: OSError) -> InputError:
    reason = exc.strerror or str(exc)
    return InputError(f"cannot write here: {reason}", source=path,
                      hint="choose an output in a folder you can write to")  # fmt: skip
