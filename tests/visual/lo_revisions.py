"""Accept or reject every tracked change of a .docx in LibreOffice and save the text.

Run with a Python that has LibreOffice's ``uno`` module (on Debian: /usr/bin/python3 with
python3-uno), not the project's virtualenv:

    /usr/bin/python3 tests/visual/lo_revisions.py accept build/samples/res-140-redline.docx out.txt

It starts a private headless soffice (its own profile, its own pipe), opens the document,
dispatches .uno:AcceptAllTrackedChanges or .uno:RejectAllTrackedChanges, and writes the text
one paragraph per line. Used by tests/test_render_docx.py (skipped where LibreOffice is absent)
and by tests/visual/verify_samples.py. Open a copy without comments
(tests/ooxml.py strip_comments): soffice without its GUI files (Debian libreoffice-writer-nogui)
crashes when it opens a view of a document with comments.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]
from com.sun.star.lang import DisposedException  # type: ignore[import-not-found]


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def paragraphs(doc: object) -> list[str]:
    out = []
    en = doc.getText().createEnumeration()  # type: ignore[attr-defined]
    while en.hasMoreElements():
        par = en.nextElement()
        if par.supportsService("com.sun.star.text.Paragraph"):
            out.append(par.getString())
    return out


def connect(pipe: str) -> object | None:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            time.sleep(0.25)
    return None


def main(mode: str, src: str, dst: str) -> int:
    pipe = f"resdraft_{os.getpid()}"
    with tempfile.TemporaryDirectory() as profile:
        args = ["soffice", "--headless", "--invisible", "--norestore", "--nologo"]
        args.append(f"-env:UserInstallation={Path(profile).as_uri()}")
        # a new profile makes soffice restart once, dropping connections: make it first
        subprocess.run([*args, "--terminate_after_init"], capture_output=True, timeout=120, check=False)
        office = subprocess.Popen(
            [*args, f"--accept=pipe,name={pipe};urp;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: soffice.bin is a grandchild
        )
        try:
            doc = desktop = smgr = ctx = None
            copy = Path(profile) / ("input" + Path(src).suffix)  # its lock file stays in the temp dir
            shutil.copyfile(src, copy)
            url = copy.as_uri()
            for _ in range(5):  # a new profile makes soffice restart once: connect again
                ctx = connect(pipe)
                if ctx is None:
                    print("could not connect to soffice", file=sys.stderr)
                    return 2
                try:
                    smgr = ctx.ServiceManager
                    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
                    doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
                except DisposedException:
                    time.sleep(1)
                    continue
                if doc is not None:
                    break
                time.sleep(1)
            if doc is None or smgr is None or desktop is None:
                print(f"soffice could not open {src}", file=sys.stderr)
                return 2
            dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
            frame = doc.getCurrentController().getFrame()
            command = ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges"
            dispatcher.executeDispatch(frame, command, "", 0, ())
            Path(dst).write_text("\n".join(paragraphs(doc)) + "\n", encoding="utf-8")
            doc.close(True)
            with contextlib.suppress(Exception):  # the bridge drops as soffice exits
                desktop.terminate()
        finally:
            try:
                office.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(office.pid, signal.SIGKILL)
                office.wait()
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("accept", "reject"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
