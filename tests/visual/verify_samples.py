"""Check the samples of ``make docs-samples`` with the tools a reader would use; not part of pytest.

    make docs-samples && .venv/bin/python tests/visual/verify_samples.py

With LibreOffice (soffice, python3-uno, pdftoppm) installed:
  - the Word redline is converted to PDF and to one PNG per page (build/samples/check/docx-*.png);
  - LibreOffice's own Accept All / Reject All Tracked Changes are compared, paragraph by paragraph,
    with the merged draft (the consolidated text, conflicts in brackets) and the base text (and so
    is resdraft's reading of the OOXML).
With Chromium installed:
  - a screenshot of the HTML redline (check/html-screen.png) and its print layout as PDF and PNG
    pages (check/html-print-*.png), which shows the print stylesheet.
Missing tools are reported and skipped. Look at the pictures before calling a change done.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from resdraft.merge import merge_proposals  # noqa: E402
from resdraft.model import ProposalDoc, Resolution  # noqa: E402
from resdraft.render.docx import docx_bytes, resolution_docx  # noqa: E402
from tests.ooxml import accept_all, libreoffice_resolve, reject_all, uno_python  # noqa: E402

SAMPLES = ROOT / "build" / "samples"
CHECK = SAMPLES / "check"
RES = ROOT / "resolutions" / "res-140.xml"
PROPS = [ROOT / "proposals" / "rcc-140.xml", ROOT / "proposals" / "chn-140.xml"]


def run(*args: str) -> None:
    subprocess.run(list(args), check=True, capture_output=True, timeout=600)


def compare(name: str, got: list[str], want: list[str]) -> bool:
    same = sum(a == b for a, b in zip(got, want, strict=False))
    ok = got == want
    print(
        f"  {name}: {len(got)} paragraphs, {len(want)} expected, {same} equal -> {'OK' if ok else 'DIFFERENT'}"
    )
    for a, b in zip(got, want, strict=False):
        if a != b:
            print(f"    first difference:\n      got  {a[:100]!r}\n      want {b[:100]!r}")
            break
    return ok


def check_docx(docx: Path) -> bool:
    base = Resolution.load(RES)
    m = merge_proposals(base, [ProposalDoc.load(p) for p in PROPS])  # what `resdraft redline` shows
    new = [t for _, t in accept_all(docx_bytes(resolution_docx(m.draft)))]
    old = [t for _, t in accept_all(docx_bytes(resolution_docx(base)))]
    data = docx.read_bytes()
    print(f"{docx.relative_to(ROOT)} ({len(data):,} bytes)")
    ok = compare("resdraft OOXML accept all vs merged draft", [t for _, t in accept_all(data)], new)
    ok &= compare("resdraft OOXML reject all vs base", [t for _, t in reject_all(data)], old)
    python = uno_python()
    if python is None:
        print("  LibreOffice (soffice + python3-uno) not installed: skipped its Accept/Reject All and PDF")
        return ok
    with tempfile.TemporaryDirectory() as tmp:
        ok &= compare(
            "LibreOffice Accept All vs merged draft",
            libreoffice_resolve(python, data, "accept", Path(tmp)),
            new,
        )
        ok &= compare(
            "LibreOffice Reject All vs base", libreoffice_resolve(python, data, "reject", Path(tmp)), old
        )
    with tempfile.TemporaryDirectory() as profile:
        run(
            "soffice",
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(CHECK),
            str(docx),
        )
    pdf = CHECK / (docx.stem + ".pdf")
    if shutil.which("pdftoppm"):
        run("pdftoppm", "-png", "-r", "80", str(pdf), str(CHECK / "docx"))
        pages = sorted(CHECK.glob("docx-*.png"))
        print(
            f"  PDF {pdf.relative_to(ROOT)} -> {len(pages)} PNG pages: {CHECK.relative_to(ROOT)}/docx-*.png"
        )
    else:
        print(f"  PDF {pdf.relative_to(ROOT)}; pdftoppm (poppler-utils) not installed: no PNG pages")
    return ok


def check_html(page: Path) -> None:
    print(f"{page.relative_to(ROOT)} ({page.stat().st_size:,} bytes)")
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        print("  Chromium not installed: skipped the screenshot")
        return
    flags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-pdf-header-footer"]
    shot = CHECK / "html-screen.png"
    run(browser, *flags, "--window-size=1100,3000", f"--screenshot={shot}", page.as_uri())
    print(f"  screenshot {shot.relative_to(ROOT)}")
    pdf = CHECK / "html-print.pdf"
    run(browser, *flags, f"--print-to-pdf={pdf}", page.as_uri())
    if shutil.which("pdftoppm"):
        run("pdftoppm", "-png", "-r", "80", str(pdf), str(CHECK / "html-print"))
        pages = sorted(CHECK.glob("html-print-*.png"))
        print(f"  print layout {pdf.relative_to(ROOT)} -> {len(pages)} PNG pages")


def main() -> int:
    docx, page = SAMPLES / "res-140-redline.docx", SAMPLES / "res-140-redline.html"
    if not docx.exists() or not page.exists():
        print("run `make docs-samples` first", file=sys.stderr)
        return 2
    if CHECK.exists():
        shutil.rmtree(CHECK)
    CHECK.mkdir(parents=True)
    ok = check_docx(docx)
    check_html(page)
    for other in sorted(SAMPLES.glob("res-140-*")):
        if other.suffix not in (".docx", ".html"):
            print(f"{other.relative_to(ROOT)} ({other.stat().st_size:,} bytes)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
