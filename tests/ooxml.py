"""Reading a .docx back: "Accept all" and "Reject all" over WordprocessingML, as Word does them.

Written independently of resdraft/render/docx.py so that the tests check the file, not the
writer's intentions. A paragraph whose mark is removed (a deleted mark on accept, an inserted
one on reject) joins the next paragraph, which keeps its own properties, as in Word; on reject,
a paragraph's properties revert to those its w:pPrChange records.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
LO_SCRIPT = Path(__file__).parent / "visual" / "lo_revisions.py"


def document_xml(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read("word/document.xml")


def _inside(el: etree._Element, tag: str, stop: etree._Element) -> bool:
    for a in el.iterancestors():
        if a is stop:
            return False
        if a.tag == tag:
            return True
    return False


def resolve(docx: bytes, keep: str) -> list[tuple[str, str]]:
    """(style, text) of each body paragraph after accepting ("ins") or rejecting ("del") all."""
    drop = W + ("del" if keep == "ins" else "ins")
    body = etree.fromstring(document_xml(docx)).find(f"{W}body")
    assert body is not None
    out: list[tuple[str, str]] = []
    carry = ""
    for p in body.iterchildren(f"{W}p"):
        parts = []
        for el in p.iter(f"{W}t", f"{W}delText", f"{W}tab"):
            if _inside(el, f"{W}pPr", p) or _inside(el, drop, p):
                continue
            parts.append("\t" if el.tag == f"{W}tab" else el.text or "")
        text = carry + "".join(parts)
        if p.find(f"{W}pPr/{W}rPr/{drop}") is not None:
            carry = text
            continue
        carry = ""
        style = p.find(f"{W}pPr/{W}pStyle")
        if keep == "del" and p.find(f"{W}pPr/{W}pPrChange/{W}pPr/{W}pStyle") is not None:
            style = p.find(f"{W}pPr/{W}pPrChange/{W}pPr/{W}pStyle")  # a rejected property change
        out.append((style.get(f"{W}val") or "" if style is not None else "Normal", text))
    assert not carry, "the last paragraph mark of a document cannot be revised"
    return out


def accept_all(docx: bytes) -> list[tuple[str, str]]:
    return resolve(docx, "ins")


def reject_all(docx: bytes) -> list[tuple[str, str]]:
    return resolve(docx, "del")


def strip_comments(docx: bytes) -> bytes:
    """The same package with every comment anchor removed from the body (revisions untouched)."""
    src = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                for el in list(root.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd")):
                    el.getparent().remove(el)  # type: ignore[union-attr]
                for ref in list(root.iter(f"{W}commentReference")):
                    run = ref.getparent()
                    run.getparent().remove(run)  # type: ignore[union-attr]
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, data)
    return out.getvalue()


def uno_python() -> str | None:
    """A Python with LibreOffice's uno module, if LibreOffice is installed."""
    if shutil.which("soffice") is None:
        return None
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if Path(candidate).exists():
            ok = subprocess.run([candidate, "-c", "import uno"], capture_output=True, check=False)
            if ok.returncode == 0:
                return candidate
    return None


def libreoffice_resolve(python: str, docx: bytes, mode: str, work: Path) -> list[str]:
    """Paragraph texts after LibreOffice's own Accept All / Reject All Tracked Changes."""
    src = work / f"in-{mode}.docx"
    dst = work / f"out-{mode}.txt"
    src.write_bytes(strip_comments(docx))
    run = subprocess.run(
        [python, str(LO_SCRIPT), mode, str(src), str(dst)], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    return dst.read_text(encoding="utf-8").splitlines()
