"""Folders of resolutions: diff and apply matched by FRBR Work."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from resdraft.cli import app
from resdraft.collection import diff_collections, work_of
from resdraft.consolidate import consolidate, consolidate_folder
from resdraft.write import to_bytes
from tests.conftest import RCC140, RCC1332, RES140, RES1332


def run(*args: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, [str(a) for a in args], env={"NO_COLOR": "1"})


def folders(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    for f in (RES140, RES1332):
        shutil.copy(f, old / f.name)
    return old, new


def test_apply_then_diff_a_folder(tmp_path: Path) -> None:
    old, new = folders(tmp_path)
    r = run("apply", old, RCC140, RCC1332, "-o", new)
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in new.iterdir()) == ["res-1332.xml", "res-140.xml"]
    assert work_of(new / "res-140.xml") == work_of(RES140)
    result = diff_collections(old, new, workers=1)
    assert [Path(d.old).name for d in result.documents] == ["res-1332.xml", "res-140.xml"]
    assert all(d.changes for d in result.documents) and not result.only_old
    r = run("diff", old, new, "--check", "-f", "json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    kinds = {c["kind"] for d in data["documents"] for c in d["changes"]}
    assert {"modified", "added", "removed", "renumbered"} <= kinds
    assert run("diff", old, old, "--check").exit_code == 0


def test_apply_to_a_folder_makes_the_output_folder(tmp_path: Path) -> None:
    """`resdraft apply resolutions/ proposals/*.xml -o consolidated/` on a fresh run; a refused
    proposal leaves no folder behind."""
    old, _ = folders(tmp_path)
    out = tmp_path / "consolidated"
    r = run("apply", old, RCC140, RCC1332, "-o", f"{out}/")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == ["res-1332.xml", "res-140.xml"]
    bad = tmp_path / "bad.xml"
    bad.write_text(
        RCC140.read_text(encoding="utf-8").replace("!main#preamble__recalling__rec_f", "!main#nowhere")
    )
    refused = tmp_path / "refused"
    r = run("apply", old, bad, "-o", refused)
    assert r.exit_code != 0 and not refused.exists()
    r = run("apply", old, RCC140, "-o", tmp_path / "no" / "such")
    assert r.exit_code != 0 and "parent folder does not exist" in r.output


def test_unmatched_documents_are_reported(tmp_path: Path) -> None:
    old, new = folders(tmp_path)
    shutil.copy(RES140, new / "res-140.xml")
    result = diff_collections(old, new, workers=1)
    assert [Path(p).name for p in result.only_old] == ["res-1332.xml"] and result.changed


def test_pool_gives_the_same_answer(tmp_path: Path) -> None:
    old, new = folders(tmp_path)
    for i in range(6):  # enough files for the process pool to start
        for src, dst in ((old / "res-140.xml", old), (RES140, new)):
            data = src.read_text().replace("res-140", f"res-9{i}")
            (dst / f"res-9{i}.xml").write_text(data)
    shutil.copy(RES1332, new / "res-1332.xml")
    shutil.copy(RES140, new / "res-140.xml")
    one = diff_collections(old, new, workers=1)
    two = diff_collections(old, new, workers=2)
    assert one == two and len(one.documents) == 8


def test_apply_folder_refuses_a_proposal_for_a_missing_resolution(tmp_path: Path) -> None:
    old, new = folders(tmp_path)
    (old / "res-1332.xml").unlink()
    r = run("apply", old, RCC1332, "-o", new)
    assert r.exit_code == 3 and not any(new.iterdir())


def test_files_are_paired_by_work_not_by_name(tmp_path: Path) -> None:
    """Same-named files are diffed straight away; names that lie are caught by their Works."""
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    shutil.copy(RES140, old / "a.xml")
    shutil.copy(RES1332, old / "b.xml")
    shutil.copy(RES1332, new / "a.xml")  # swapped names
    shutil.copy(RES140, new / "renamed-140.xml")
    result = diff_collections(old, new, workers=1)
    pairs = sorted((Path(d.old).name, Path(d.new).name) for d in result.documents)
    assert pairs == [("a.xml", "renamed-140.xml"), ("b.xml", "a.xml")]
    assert not result.only_old and not result.only_new and not result.changed


def test_a_work_twice_in_a_folder_is_an_error(tmp_path: Path) -> None:
    import pytest

    from resdraft.errors import InputError

    old, new = folders(tmp_path)
    shutil.copy(RES140, new / "res-140.xml")
    shutil.copy(RES140, new / "copy-of-140.xml")
    with pytest.raises(InputError, match="same Work"):
        diff_collections(old, new, workers=1)


def _applied(tmp_path: Path) -> tuple[Path, Path]:
    """res-140 and res-1332 with their bundled proposals applied, and one resolution untouched."""
    old, new = folders(tmp_path)
    assert run("apply", old, RCC140, RCC1332, "-o", new).exit_code == 0
    for f in (old, new):
        data = RES140.read_text(encoding="utf-8").replace("res-140", "res-900")
        (f / "res-900.xml").write_text(data, encoding="utf-8")
    return old, new


def test_a_folder_of_redlines_one_per_changed_resolution(tmp_path: Path) -> None:
    old, new = _applied(tmp_path)
    out = tmp_path / "redlines"
    out.mkdir()
    r = run("diff", old, new, "-o", out)
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == ["res-1332.html", "res-140.html"]  # not the untouched one
    assert "3 resolutions compared, 1 unchanged" in r.stdout
    page = (out / "res-140.html").read_text(encoding="utf-8")
    assert "<ins" in page and "<del" in page and "<script" not in page
    # each file is what `resdraft diff` gives for that pair alone
    r = run("diff", old, new, "-o", out, "-f", "json", "--changes-only")
    assert r.exit_code == 0, r.output
    alone = run("diff", old / "res-140.xml", new / "res-140.xml", "-f", "json", "--changes-only")
    assert json.loads((out / "res-140.json").read_text(encoding="utf-8")) == json.loads(alone.stdout)


def test_a_folder_of_redlines_is_made_when_it_does_not_exist(tmp_path: Path) -> None:
    """`resdraft diff OLD/ NEW/ -o redlines/`, as the --help example says, on a fresh run; a
    name with a suffix is a file for the summary; a folder whose parent is missing is refused
    before anything is computed or written."""
    old, new = _applied(tmp_path)
    out = tmp_path / "redlines"
    r = run("diff", old, new, "-o", f"{out}/", "-f", "md")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == ["res-1332.md", "res-140.md"]
    for summary, fmt in ((tmp_path / "summary.json", ["-f", "json"]), (tmp_path / "told.json", [])):
        r = run("diff", old, new, "-o", summary, *fmt)
        assert r.exit_code == 0, r.output
        assert len(json.loads(summary.read_text(encoding="utf-8"))["documents"]) == 3
    missing = tmp_path / "no" / "such" / "folder"
    r = run("diff", old, new, "-o", missing)
    assert r.exit_code != 0 and "parent folder does not exist" in r.output
    assert not (tmp_path / "no").exists()
    r = run("diff", old, new, "-o", "-")  # stdout, as everywhere else: not a folder named "-"
    assert r.exit_code == 0 and "3 resolutions compared" in r.stdout and not Path("-").exists()
    (tmp_path / "broken").symlink_to(tmp_path / "nowhere" / "x")
    r = run("apply", old, RCC140, "-o", tmp_path / "broken")
    assert r.exit_code == 3 and "is not a folder" in " ".join(r.output.split())


def test_a_renderer_may_be_a_plain_function(tmp_path: Path) -> None:
    old, new = _applied(tmp_path)
    from resdraft.model import Resolution
    from resdraft.redline import diff_documents

    got = diff_collections(old, new, workers=1, render=_count_entries, full=False)
    expected = [
        str(len(diff_documents(Resolution.load(old / n), Resolution.load(new / n), full=False).entries))
        for n in ("res-1332.xml", "res-140.xml")
    ]
    assert [d.redline.decode() for d in got.documents if d.redline] == expected


def _count_entries(r, old, new):  # type: ignore[no-untyped-def]
    """A Render without a ``context`` attribute: the keyword groups come as headings."""
    return str(len(r.entries)).encode()


def test_redlines_do_not_change_the_summary(tmp_path: Path) -> None:
    from resdraft.render.product import RedlineFiles

    old, new = _applied(tmp_path)
    plain = diff_collections(old, new, workers=1)
    rendered = diff_collections(old, new, workers=1, render=RedlineFiles("md"), full=False)
    assert [(d.counts, d.changes) for d in plain.documents] == [
        (d.counts, d.changes) for d in rendered.documents
    ]
    assert [d.redline is not None for d in rendered.documents] == [True, True, False]
    assert all(d.redline is None for d in plain.documents)


def test_folder_redlines_need_a_folder_and_never_overwrite_the_inputs(tmp_path: Path) -> None:
    old, new = _applied(tmp_path)
    before = {p.name: p.read_bytes() for p in new.iterdir()}
    r = run("diff", old, new, "-o", tmp_path / "redline.html")
    assert r.exit_code == 2 and "into a folder" in " ".join(r.output.split())
    assert not (tmp_path / "redline.html").exists()
    r = run("diff", old, new, "-o", new, "-f", "xml")
    assert r.exit_code == 2 and "a folder this command reads" in " ".join(r.output.split())
    assert {p.name: p.read_bytes() for p in new.iterdir()} == before
    r = run("diff", old, new, "-f", "docx")
    assert r.exit_code == 2 and "into a folder" in " ".join(r.output.split())
    (tmp_path / "out").mkdir()
    r = run("diff", old, new, "-f", "docx", "--changes-only", "-o", tmp_path / "out")
    assert r.exit_code == 2 and not any((tmp_path / "out").iterdir())  # Word holds the whole text
    r = run("diff", old, new, "-o", tmp_path / "summary.txt")  # a summary still goes to a file
    assert r.exit_code == 0 and "resolutions compared" in (tmp_path / "summary.txt").read_text(
        encoding="utf-8"
    )


def test_a_broken_file_writes_no_redline_at_all(tmp_path: Path) -> None:
    """Enough files for the process pool; one truncated: the error names it, nothing is written."""
    old, new = _applied(tmp_path)
    for i in range(8):
        for f in (old, new):
            data = (f / "res-140.xml").read_text(encoding="utf-8").replace("res-140", f"res-8{i}")
            (f / f"res-8{i}.xml").write_text(data, encoding="utf-8")
    broken = new / "res-85.xml"
    broken.write_bytes(broken.read_bytes()[:3000])
    out = tmp_path / "redlines"
    out.mkdir()
    r = run("diff", old, new, "-o", out)
    assert r.exit_code == 3 and "res-85.xml" in r.output and "not well-formed" in r.output
    assert not any(out.iterdir())


def _numbered_copies(tmp_path: Path, n: int) -> tuple[Path, list[Path]]:
    """``n`` resolutions (res-140 under other numbers) and the RCC proposal for each."""
    folder = tmp_path / "texts"
    folder.mkdir()
    props = []
    for i in range(n):
        (folder / f"res-9{i}.xml").write_text(
            RES140.read_text(encoding="utf-8").replace("res-140", f"res-9{i}")
        )
        prop = tmp_path / f"rcc-9{i}.xml"
        prop.write_text(RCC140.read_text(encoding="utf-8").replace("res-140", f"res-9{i}"))
        props.append(prop)
    return folder, props


def test_a_folder_is_consolidated_on_every_core_as_each_text_alone(tmp_path: Path) -> None:
    folder, props = _numbered_copies(tmp_path, 8)  # enough for the process pool
    one = consolidate_folder(folder, props[::-1], workers=1)
    two = consolidate_folder(folder, props, workers=2)
    assert one == two
    assert [Path(r.resolution).name for r in two] == [f"res-9{i}.xml" for i in range(8)]
    for r in two:
        alone = consolidate(Path(r.resolution), [Path(p) for p in r.proposals])
        assert r.xml == to_bytes(alone.result.root) and r.changes == len(alone.changes) == 8


def test_apply_folder_never_writes_over_its_inputs(tmp_path: Path) -> None:
    old, _ = folders(tmp_path)
    before = {p.name: p.read_bytes() for p in old.iterdir()}
    r = run("apply", old, RCC140, "-o", old)
    assert r.exit_code == 2 and "a folder this command reads" in " ".join(r.output.split())
    assert {p.name: p.read_bytes() for p in old.iterdir()} == before
    out = tmp_path / "out"  # nor through a link in the output folder to one of the inputs
    out.mkdir()
    (out / RES140.name).symlink_to(old / RES140.name)
    r = run("apply", old, RCC140, "-o", out)
    assert r.exit_code == 2 and "a folder this command reads" in " ".join(r.output.split())
    assert {p.name: p.read_bytes() for p in old.iterdir()} == before


def test_apply_folder_refuses_a_work_twice(tmp_path: Path) -> None:
    old, new = folders(tmp_path)
    shutil.copy(RES140, old / "copy-of-140.xml")
    r = run("apply", old, RCC140, "-o", new)
    assert r.exit_code == 3 and "res-140.xml and copy-of-140.xml are the same Work" in r.output
    assert not any(new.iterdir())


def test_apply_folder_writes_xml_only(tmp_path: Path) -> None:
    old, new = folders(tmp_path)
    r = run("apply", old, RCC140, "-o", new, "-f", "docx")
    assert r.exit_code == 2 and "resdraft show" in r.output and not any(new.iterdir())


def test_every_error_crosses_the_process_pool_whole() -> None:
    """Folder commands raise from worker processes: each error must unpickle as it was."""
    import pickle

    from resdraft import errors

    def subclasses(cls: type) -> list[type]:
        return [cls, *(s for c in cls.__subclasses__() for s in subclasses(c))]

    issue = errors.Issue("eid-num", "wrong", "a.xml", 3, "para_1")
    for cls in subclasses(errors.ResdraftError):
        extra = {"issues": (issue,)} if cls is errors.InvalidDocumentError else {}
        if issubclass(cls, errors.AmendmentError):
            extra["proposal"] = "RCC/13/2"
        err = cls("it broke", hint="do this", source="a.xml", eid="para_1", line=3, **extra)
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is cls and str(back) == str(err) and vars(back) == vars(err)


def test_an_invalid_text_in_a_folder_is_named_from_the_pool(tmp_path: Path) -> None:
    import pytest

    from resdraft.errors import InvalidDocumentError

    folder, props = _numbered_copies(tmp_path, 8)
    bad = folder / "res-93.xml"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace('eId="resolves__para_1"', 'eId="resolves__para_9"')
    )
    with pytest.raises(InvalidDocumentError, match=r"res-93\.xml is not valid"):
        consolidate_folder(folder, props, workers=2)
    out = tmp_path / "out"
    out.mkdir()
    r = run("apply", folder, *props, "-o", out)
    assert r.exit_code == 4 and "res-93.xml" in r.output and not any(out.iterdir())


def test_many_files_are_validated_on_every_core_as_one_by_one(tmp_path: Path) -> None:
    from resdraft.validate import validate_files

    folder, props = _numbered_copies(tmp_path, 5)
    bad = props[2]
    bad.write_text(bad.read_text(encoding="utf-8").replace("#resolves__para_2", "#resolves__para_99"))
    files = sorted(folder.iterdir()) + props
    one = validate_files(files, workers=1)
    two = validate_files(files, workers=2)
    assert one == two and [s for s, _ in two] == [str(f) for f in files]
    flagged = {s for s, issues in two if any(i.code == "proposal-target" for i in issues)}
    assert flagged == {str(bad)}  # checked against its resolution, found among the files


def test_a_folder_named_like_a_file_is_passed_over(tmp_path: Path) -> None:
    old, new = folders(tmp_path)
    for f in (RES140, RES1332):
        shutil.copy(f, new / f.name)
    (new / "drafts.xml").mkdir()
    r = run("diff", old, new)
    assert r.exit_code == 0, r.output
    assert "2 resolutions compared, 2 unchanged" in r.stdout
