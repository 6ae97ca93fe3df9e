"""Deterministic benchmark corpus for resdraft (seeded random, no network).

From ``resolutions/res-140.xml`` as template it writes, into a directory of your choice:

* ``xml/old/res-N.xml`` / ``xml/new/res-N.xml``: up to 200 resolutions, each paired with a revised
  Expression. A resolution varies the template's number, its wording (deterministic word
  substitution, resolution by resolution) and the number of recitals and paragraphs per keyword
  group (items dropped, or duplicated with varied words). The revision has word edits in ~10 % of
  the provisions, one or two paragraphs or recitals inserted, one or two deleted, one paragraph
  moved to another keyword group, with real ITU renumbering of the following siblings and eIds
  recomputed from the new numbers. The revised file carries **no** ``wId``: a diff must find the
  renumbering by itself. Corpus sizes are prefixes: the 10-resolution corpus is the first 10 of 200.
* ``txt/old|new/res-N.txt``: the same texts flattened (one line per provision: number and own
  words), the input of the plain-text tools; ``sets/{size}/old|new/`` hold links to the first
  ``size`` of them (for ``git diff --no-index`` on directories).
* ``large/``: one large resolution (the template's groups scaled up, ~1,100 numbered
  provisions), an edited copy with word edits in 1,000 of them, the proposal document with the
  1,000 MOD changes derived by ``resdraft.propose`` (ITU ins/del marks), and a revised copy of the
  large resolution made like the corpus revisions.
* ``manifest.json``: paths and, per pair, what was changed (the expected diff).

Run ``python benchmarks/corpus.py OUT_DIR [--sizes 1,10] [--check]``; ``--check`` validates every
generated document with resdraft (schema, ITU profile, eId lint) and checks the proposal applies.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
from copy import deepcopy
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(REPO))

from resdraft.akn import iter_provisions, local, q  # noqa: E402
from resdraft.eids import own_part, renumber, rewrite_prefix  # noqa: E402
from resdraft.tokens import own_blocks, tokens_of, words  # noqa: E402

TEMPLATE = REPO / "resolutions" / "res-140.xml"
SIZES = (1, 10, 50, 200)
SEED = 20140
FIRST_NUMBER = 300  # resolutions res-300 ... res-499
LARGE_NUMBER = 900
LARGE_SCALE = 20  # every keyword group of the template x20: ~1,100 numbered provisions
LARGE_MODS = 1000
LARGE_STEPS = (250, 500, LARGE_MODS)
OLD_DATE, NEW_DATE = "2014-11-07", "2018-11-16"

# Resolution-level wording variation: each key is replaced by one of its options, chosen once
# per resolution (so the old and new texts of one pair share their wording).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "Union": ("Union", "ITU", "Organization"),
    "Summit": ("Summit", "Conference", "Assembly"),
    "WSIS": ("WSIS", "IMT", "SDG", "ICT4D", "WTDC", "GSR"),
    "activities": ("activities", "work", "actions", "efforts"),
    "implementation": ("implementation", "application", "execution"),
    "stakeholders": ("stakeholders", "partners", "actors"),
    "developing": ("developing", "emerging"),
    "countries": ("countries", "nations", "economies"),
    "continue": ("continue", "keep"),
    "support": ("support", "assist", "help"),
    "outcomes": ("outcomes", "results", "conclusions"),
    "review": ("review", "assessment", "evaluation"),
    "cooperation": ("cooperation", "collaboration", "coordination"),
    "information": ("information", "knowledge"),
    "development": ("development", "progress", "growth"),
    "annual": ("annual", "yearly"),
    "national": ("national", "domestic"),
    "ICTs": ("ICTs", "digital technologies", "telecommunications/ICTs"),
    "broadband": ("broadband", "high-speed"),
    "organizations": ("organizations", "agencies", "bodies"),
    "practices": ("practices", "experiences", "approaches"),
    "promote": ("promote", "encourage", "foster"),
    "strategies": ("strategies", "plans", "policies"),
    "resources": ("resources", "means", "funds"),
}
_SYN_RE = re.compile(r"(?<![/\w-])(" + "|".join(map(re.escape, SYNONYMS)) + r")\b")
_WORD_RE = re.compile(r"\S+|\s+")
_GROUP_TAGS = ("recitals", "hcontainer")
TRUTH = "{urn:resdraft:bench}was"  # transient: a provision's eId in the old text, never written


@dataclass
class PairStats:
    """What the revision changed: the diff a tool should report."""

    provisions_old: int = 0
    provisions_new: int = 0
    word_edits: int = 0  # provisions whose own words were edited
    inserted: int = 0
    deleted: int = 0  # provisions removed, counting sub-items of a deleted paragraph
    moved: int = 0
    renumbered: int = 0  # surviving provisions whose number changed (moved one included)
    bytes_old: int = 0
    bytes_new: int = 0
    truth: dict[str, str] = field(default_factory=dict)  # old eId -> new eId of every kept provision


@dataclass
class Pair:
    name: str
    old: str
    new: str
    old_txt: str
    new_txt: str
    stats: PairStats = field(default_factory=PairStats)


# ---------------------------------------------------------------- helpers on the lxml tree


def _vocabulary(root: etree._Element) -> list[str]:
    found: set[str] = set()
    for el in iter_provisions(root[0]):
        found.update(w for w in re.findall(r"[A-Za-z][a-z]{3,}", words(tokens_of(el))))
    return sorted(found)


def _text_slots(prov: etree._Element) -> list[tuple[etree._Element, str]]:
    """(element, "text"|"tail") holding the provision's own words, outside inline markup."""
    slots: list[tuple[etree._Element, str]] = []
    for _, block in own_blocks(prov):
        if block.text and block.text.strip():
            slots.append((block, "text"))
        slots.extend((c, "tail") for c in block if c.tail and c.tail.strip())
    return slots


def _get(el: etree._Element, which: str) -> str:
    return (el.text if which == "text" else el.tail) or ""


def _set(el: etree._Element, which: str, value: str) -> None:
    if which == "text":
        el.text = value
    else:
        el.tail = value


def _map_text(root: etree._Element, fn) -> None:  # type: ignore[no-untyped-def]
    """Apply ``fn`` to every text node inside the document's preface, preamble and body."""
    doc = root[0]
    for part in ("preface", "preamble", "mainBody"):
        holder = doc.find(q(part))
        if holder is None:
            continue
        for el in holder.iter():
            if not isinstance(el.tag, str):
                continue
            if el.text and el.text.strip():
                el.text = fn(el.text)
            if el is not holder and el.tail and el.tail.strip():
                el.tail = fn(el.tail)


def _vary_words(text: str, rng: random.Random, vocab: list[str], share: float) -> str:
    parts = _WORD_RE.findall(text)
    for i, p in enumerate(parts):
        if not p.isspace() and p.isalpha() and len(p) > 3 and rng.random() < share:
            parts[i] = rng.choice(vocab)
    return "".join(parts)


def _set_own_text(prov: etree._Element, text: str) -> None:
    blocks = own_blocks(prov)
    for i, (_, block) in enumerate(blocks):
        tail = block.tail
        for c in list(block):
            block.remove(c)
        block.text = text if i == 0 else ""
        block.tail = tail


def _items(group: etree._Element) -> list[etree._Element]:
    kind = "recital" if local(group) == "recitals" else "paragraph"
    return [c for c in group if local(c) == kind]


def _groups(root: etree._Element) -> list[etree._Element]:
    return [g for g in root[0].iter(q("recitals"), q("hcontainer")) if g.get("eId")]


def reassign_eids(root: etree._Element) -> None:
    """eId = nearest eId-bearing ancestor's eId + own part (mainBody transparent), top-down."""
    for el in root[0].iter(q("recital"), q("paragraph"), q("point")):
        part = own_part(el)
        parent = next((a for a in el.iterancestors() if a.get("eId") and local(a) != "mainBody"), None)
        if part is None or parent is None:
            continue
        new, old = f"{parent.get('eId')}__{part}", el.get("eId") or ""
        if new != old:
            el.set("eId", new)
            if old:
                rewrite_prefix(el, old, new)


def _renumber_all(root: etree._Element) -> dict[etree._Element, tuple[str, str]]:
    changed: dict[etree._Element, tuple[str, str]] = {}
    for g in _groups(root):
        for el, old, new in renumber(g):
            changed[el] = (old, new)
        for para in _items(g):
            for el, old, new in renumber(para):
                changed[el] = (old, new)
    reassign_eids(root)
    return changed


def flatten(root: etree._Element) -> str:
    """One line per provision: its number and own words (the plain-text tools' input)."""
    lines = []
    for el in iter_provisions(root[0]):
        num = el.find(q("num"))
        head = "".join(num.itertext()).strip() + " " if num is not None else ""
        lines.append((head + words(tokens_of(el))).strip())
    return "\n".join(lines) + "\n"


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


# ---------------------------------------------------------------- one resolution and its revision


def make_resolution(number: int, rng: random.Random, scale: float | None = None) -> etree._Element:
    """A resolution from the template: number, wording and group sizes vary with ``rng``.

    ``scale`` fixes the size factor of every keyword group (the large resolution); otherwise
    each group gets a factor drawn from [0.6, 2.0].
    """
    raw = TEMPLATE.read_bytes()
    raw = raw.replace(b"res-140", f"res-{number}".encode())
    raw = raw.replace(b"Resolution 140", f"Resolution {number}".encode())
    raw = raw.replace(b"<docNumber>140</docNumber>", f"<docNumber>{number}</docNumber>".encode())
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(raw, parser)
    vocab = _vocabulary(root)
    choice = {k: rng.choice(v) for k, v in SYNONYMS.items()}
    _map_text(root, lambda s: _SYN_RE.sub(lambda m: choice[m.group(1)], s))
    for g in _groups(root):
        items = _items(g)
        factor = scale if scale is not None else rng.uniform(0.6, 2.0)
        target = max(1, round(len(items) * factor))
        while len(items) > target:
            victim = items.pop(rng.randrange(len(items)))
            g.remove(victim)
        while len(items) < target:
            src = rng.choice(items)
            dup = deepcopy(src)
            for el in dup.iter():
                for which in ("text", "tail"):
                    val = _get(el, which)
                    if val.strip() and el.tag != q("num") and not (which == "tail" and el is dup):
                        _set(el, which, _vary_words(val, rng, vocab, 0.3))
            # never an exact duplicate, at any level (a paragraph's points included)
            for d, o in zip(iter_provisions(dup), iter_provisions(src), strict=True):
                if words(tokens_of(d)) == words(tokens_of(o)):
                    slots = _text_slots(d)
                    if slots:
                        el, which = slots[0]
                        _set(el, which, rng.choice(vocab) + " " + _get(el, which).lstrip())
            last = items[-1]
            last.addnext(dup)
            dup.tail = last.tail
            items.append(dup)
    _renumber_all(root)
    return root


def _edit_words(prov: etree._Element, rng: random.Random, vocab: list[str]) -> bool:
    slots = _text_slots(prov)
    if not slots:
        return False
    el, which = max(slots, key=lambda s: len(_get(*s).split()))
    parts = _WORD_RE.findall(_get(el, which))
    idx = [i for i, p in enumerate(parts) if not p.isspace()]
    if len(idx) < 4:
        return False
    kind = rng.choice(("replace", "insert", "delete"))
    at = rng.randrange(1, len(idx) - 2)
    if kind == "replace":
        for i in idx[at : at + rng.randint(1, 3)]:
            parts[i] = rng.choice(vocab)
    elif kind == "insert":
        parts.insert(idx[at], " ".join(rng.choice(vocab) for _ in range(rng.randint(2, 6))) + " ")
    else:
        for i in reversed(idx[at : at + rng.randint(1, 4)]):
            parts[i] = ""
            if i + 1 < len(parts) and parts[i + 1].isspace():
                parts[i + 1] = ""
    new = "".join(parts)
    if new == _get(el, which):
        return False
    _set(el, which, new)
    return True


def _new_item(group: etree._Element, rng: random.Random, vocab: list[str]) -> etree._Element:
    kind_items = [i for i in _items(group) if i.find(q("point")) is None and i.find(q("intro")) is None]
    src = rng.choice(kind_items or _items(group))
    new = deepcopy(src)
    for el in new.iter():
        el.attrib.pop(TRUTH, None)
    for sub in [c for c in new if local(c) in ("point", "intro", "wrapUp")]:
        new.remove(sub)
    if new.find(q("content")) is None and local(new) == "paragraph":
        etree.SubElement(new, q("content")).append(etree.Element(q("p")))
    lead = "that the " if local(new) == "recital" else "to "
    body = " ".join(rng.choice(vocab) for _ in range(rng.randint(12, 30)))
    _set_own_text(new, lead + body + ";")
    # the copied sibling's num stays as a provisional number in the group's style: renumbering
    # gives the real one (a "0" at the head of a group would turn its lettering into arabic)
    return new


def revise(
    root: etree._Element, rng: random.Random, *, edit_share: float = 0.10
) -> tuple[etree._Element, PairStats]:
    """The next Expression: word edits, insertions, deletions, one move; renumbered, no wId."""
    new = deepcopy(root)
    vocab = _vocabulary(root)
    stats = PairStats(provisions_old=sum(1 for _ in iter_provisions(root[0])))
    for el in iter_provisions(new[0]):
        el.set(TRUTH, el.get("eId") or "")
    for ident in new[0].iterfind(f"{q('meta')}/{q('identification')}"):
        for el in ident.iter():
            for k, v in el.attrib.items():
                if f"eng@{OLD_DATE}" in v:
                    el.set(k, v.replace(f"eng@{OLD_DATE}", f"eng@{NEW_DATE}"))
        fe = ident.find(f"{q('FRBRExpression')}/{q('FRBRdate')}")
        if fe is not None:
            fe.set("date", NEW_DATE)
    for el in new[0].iter(q("inline")):
        if el.get("name") == "revision":
            el.text = "Rev. Dubai, 2018"
    formula = new[0].find(f"{q('preamble')}/{q('formula')}/{q('p')}")
    if formula is not None and formula.text:
        formula.text = formula.text.replace("(Busan, 2014)", "(Dubai, 2018)")
        stats.word_edits += 1

    groups = _groups(new)
    recital_groups = [g for g in groups if local(g) == "recitals"]
    op_groups = [g for g in groups if local(g) == "hcontainer"]
    # 1. the paragraph to move: from one operative group to another, at a random position
    movable = [(g, p) for g in op_groups if len(_items(g)) > 1 for p in _items(g)]
    moving = None
    if len(op_groups) > 1 and movable:
        src_group, moving = rng.choice(movable)
    # 2. deletions: one or two provisions from groups that keep at least one item
    deleted: set[etree._Element] = set()
    for _ in range(rng.randint(1, 2)):
        cands = [
            i
            for g in groups
            for i in _items(g)
            if i is not moving and len([x for x in _items(g) if x not in deleted]) > 1 and i not in deleted
        ]
        if cands:
            deleted.add(rng.choice(cands))
    # 3. word edits in ~edit_share of the remaining provisions with own words
    leaves = [
        p
        for p in iter_provisions(new[0])
        if local(p) in ("recital", "paragraph", "point")
        and p is not moving
        and not any(a in deleted for a in [p, *p.iterancestors()])
    ]
    for p in rng.sample(leaves, max(1, round(len(leaves) * edit_share))):
        stats.word_edits += _edit_words(p, rng, vocab)
    for d in sorted(deleted, key=lambda e: e.get("eId") or ""):
        stats.deleted += sum(1 for _ in iter_provisions(d))
        parent = d.getparent()
        assert parent is not None
        prev = d.getprevious()
        if prev is not None and d.getnext() is None:
            prev.tail = d.tail
        parent.remove(d)
    # 4. insertions: one or two new recitals or paragraphs
    inserted: list[etree._Element] = []
    for _ in range(rng.randint(1, 2)):
        g = rng.choice(recital_groups + op_groups)
        items = _items(g)
        item = _new_item(g, rng, vocab)
        at = rng.randrange(len(items) + 1)
        if at < len(items):
            items[at].addprevious(item)
            item.tail = items[at].tail
        else:
            items[-1].addnext(item)
            item.tail, items[-1].tail = items[-1].tail, item.tail
        inserted.append(item)
    stats.inserted = len(inserted)
    # 5. the move
    if moving is not None:
        targets = [g for g in op_groups if g is not src_group]
        dest = rng.choice(targets)
        tail = moving.tail
        prev = moving.getprevious()
        if moving.getnext() is None and prev is not None:
            prev.tail = tail
        items = _items(dest)
        at = rng.randrange(len(items) + 1)
        if at < len(items):
            items[at].addprevious(moving)
            moving.tail = items[at].tail
        else:
            items[-1].addnext(moving)
            moving.tail, items[-1].tail = items[-1].tail, tail
        stats.moved = 1
    changed = _renumber_all(new)
    stats.renumbered = sum(1 for el in changed if el not in inserted)
    stats.truth = {
        el.get(TRUTH) or "": el.get("eId") or "" for el in iter_provisions(new[0]) if el.get(TRUTH)
    }
    for el in new.iter():
        for attr in ("wId", TRUTH):
            if attr in el.attrib:
                del el.attrib[attr]
    etree.cleanup_namespaces(new)
    stats.provisions_new = sum(1 for _ in iter_provisions(new[0]))
    return new, stats


# ---------------------------------------------------------------- the large resolution and its proposal


def make_large(out: Path, seed: int = SEED) -> dict[str, str | int]:
    """A large resolution, an edited copy with ``LARGE_MODS`` word edits, the MOD proposal."""
    from resdraft.model import Resolution
    from resdraft.propose import ProposalMeta, propose
    from resdraft.write import to_bytes

    rng = random.Random(f"{seed}-large")
    base_root = make_resolution(LARGE_NUMBER, rng, scale=LARGE_SCALE)
    vocab = _vocabulary(base_root)
    edited = deepcopy(base_root)
    # Paragraphs with an intro or wrapUp are left alone, as when resdraft.tokens.set_tokens dropped
    # the eId of those containers (fixed since): the same edits keep results comparable across runs.
    targets = [
        p
        for p in iter_provisions(edited[0])
        if local(p) in ("recital", "paragraph", "point") and p.find(q("intro")) is None
    ]
    rng.shuffle(targets)
    out.mkdir(parents=True, exist_ok=True)
    base_path = out / f"res-{LARGE_NUMBER}.xml"
    base_path.write_bytes(_serialise(base_root))
    base = Resolution.load(base_path)
    meta = ProposalMeta(
        proposal_id="BENCH/1",
        submitters=(("XBA", "Benchland"), ("XBB", "Otherland")),
        date="2018-01-24",
        document="BENCH-1",
        reasons="Benchmark change.",
    )
    # Smaller proposals (the first 250 and 500 edits of the same sequence) measure how apply scales.
    proposals: dict[str, str] = {}
    n_edits = 0
    for p in targets:
        if n_edits >= LARGE_MODS:
            break
        n_edits += _edit_words(p, rng, vocab)
        if n_edits in LARGE_STEPS and str(n_edits) not in proposals:
            prop_root = propose(base, Resolution(etree.ElementTree(deepcopy(edited)), "<edited>"), meta)
            prop_path = out / f"bench-{n_edits}-mods.xml"
            prop_path.write_bytes(to_bytes(prop_root))
            proposals[str(n_edits)] = str(prop_path)
    edited_path = out / f"res-{LARGE_NUMBER}-edited.xml"
    edited_path.write_bytes(_serialise(edited))
    prop_path = Path(proposals[str(LARGE_MODS)])
    prop_root = etree.parse(str(prop_path)).getroot()
    revised, stats = revise(base_root, random.Random(f"{seed}-large-rev"))
    revised_path = out / f"res-{LARGE_NUMBER}-revised.xml"
    revised_path.write_bytes(_serialise(revised))
    stats.bytes_old, stats.bytes_new = base_path.stat().st_size, revised_path.stat().st_size
    n_mods = len(prop_root.findall(f".//{q('mod')}"))
    return {
        "base": str(base_path),
        "edited": str(edited_path),
        "proposal": str(prop_path),
        "proposals": proposals,  # type: ignore[dict-item]
        "revised": str(revised_path),
        "revised_stats": asdict(stats),  # type: ignore[dict-item]
        "provisions": sum(1 for _ in iter_provisions(base_root[0])),
        "numbered_provisions": len(targets),
        "mods": n_mods,
        "bytes": base_path.stat().st_size,
        "proposal_bytes": prop_path.stat().st_size,
    }


# ---------------------------------------------------------------- the whole corpus


def make_proposals(out: Path, pairs: list[Pair]) -> dict[str, str]:
    """A proposal per pair, derived by ``resdraft.propose`` from its revision (MOD, ADD, SUP),
    for consolidating the whole corpus: resolution name -> proposal file."""
    from resdraft.model import Resolution
    from resdraft.propose import ProposalMeta, propose
    from resdraft.write import to_bytes

    out.mkdir(parents=True, exist_ok=True)
    made: dict[str, str] = {}
    for k, p in enumerate(pairs, start=1):
        meta = ProposalMeta(
            proposal_id=f"BENCH/{k}",
            submitters=(("XBA", "Benchland"),),
            date="2018-01-24",
            document=f"BENCH-{k}",
            reasons="Benchmark change.",
        )
        root = propose(Resolution.load(Path(p.old)), Resolution.load(Path(p.new)), meta)
        path = out / f"{p.name}.xml"
        path.write_bytes(to_bytes(root))
        made[p.name] = str(path)
    return made


def _link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def generate(out: Path, sizes: tuple[int, ...] = SIZES, seed: int = SEED, large: bool = True) -> dict:  # type: ignore[type-arg]
    """Write the corpus under ``out`` and return (and write) its manifest."""
    out.mkdir(parents=True, exist_ok=True)
    for sub in ("xml/old", "xml/new", "txt/old", "txt/new"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    pairs: list[Pair] = []
    for k in range(max(sizes)):
        number = FIRST_NUMBER + k
        rng = random.Random(f"{seed}-{k}")
        old = make_resolution(number, rng)
        new, stats = revise(old, rng)
        name = f"res-{number}"
        p = Pair(
            name,
            str(out / "xml/old" / f"{name}.xml"),
            str(out / "xml/new" / f"{name}.xml"),
            str(out / "txt/old" / f"{name}.txt"),
            str(out / "txt/new" / f"{name}.txt"),
            stats,
        )
        Path(p.old).write_bytes(_serialise(old))
        Path(p.new).write_bytes(_serialise(new))
        Path(p.old_txt).write_text(flatten(old), encoding="utf-8")
        Path(p.new_txt).write_text(flatten(new), encoding="utf-8")
        stats.bytes_old, stats.bytes_new = Path(p.old).stat().st_size, Path(p.new).stat().st_size
        pairs.append(p)
    for size in sizes:
        for side in ("old", "new"):
            d = out / "sets" / str(size) / side
            if d.exists():
                shutil.rmtree(d)
            d.mkdir(parents=True)
            for p in pairs[:size]:
                src = Path(p.old_txt if side == "old" else p.new_txt)
                _link(src, d / src.name)
    manifest = {
        "seed": seed,
        "template": str(TEMPLATE),
        "sizes": list(sizes),
        "pairs": [asdict(p) for p in pairs],
        "proposals": make_proposals(out / "proposals", pairs),
        "large": make_large(out / "large", seed) if large else None,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def check(manifest: dict) -> list[str]:  # type: ignore[type-arg]
    """Validate every generated document with resdraft; return the problems found."""
    from resdraft.amend import apply_proposals, consolidated_words
    from resdraft.model import ProposalDoc, Resolution
    from resdraft.validate import validate_document

    problems: list[str] = []
    paths = [Path(p[s]) for p in manifest["pairs"] for s in ("old", "new")]
    large = manifest.get("large")
    if large:
        paths += [Path(large[k]) for k in ("base", "edited", "revised")]
    for path in paths:
        doc = Resolution.load(path)
        errors = [i for i in validate_document(doc) if i.severity == "error"]
        problems += [f"{path.name}: {i.code} {i.message} ({i.eid})" for i in errors[:3]]
        if any("wId" in el.attrib for el in doc.root.iter()) and "/new/" in str(path):
            problems.append(f"{path.name}: carries wId")
    for p in manifest["pairs"]:  # each pair's proposal turns the old text into the new one
        old = Resolution.load(Path(p["old"]))
        prop = ProposalDoc.load(Path(manifest["proposals"][p["name"]]))
        errors = [i for i in validate_document(prop, base=old) if i.severity == "error"]
        problems += [f"{p['name']} proposal: {i.code} {i.message}" for i in errors[:3]]
        new = Resolution.load(Path(p["new"]))
        if consolidated_words(apply_proposals(old, [prop])) != words(
            t for e in iter_provisions(new.doc) for t in tokens_of(e)
        ):
            problems.append(f"{p['name']}: applying its proposal does not give the revised text")
    if large:
        base = Resolution.load(Path(large["base"]))
        for path in large["proposals"].values():
            errors = [
                i for i in validate_document(ProposalDoc.load(Path(path)), base=base) if i.severity == "error"
            ]
            problems += [f"{Path(path).name}: {i.code} {i.message}" for i in errors[:3]]
        prop = ProposalDoc.load(Path(large["proposal"]))
        c = apply_proposals(base, [prop])
        want = Resolution.load(Path(large["edited"]))
        got_words = consolidated_words(c)
        want_words = words(t for e in iter_provisions(want.doc) for t in tokens_of(e))
        if got_words != want_words:
            problems.append("applying the large proposal does not give the edited text")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)))
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--no-large", action="store_true")
    ap.add_argument("--check", action="store_true", help="validate everything with resdraft")
    args = ap.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(","))
    m = generate(args.out, sizes, args.seed, large=not args.no_large)
    print(f"wrote {len(m['pairs'])} pairs to {args.out}")
    if m["large"]:
        lg = m["large"]
        print(f"large: {lg['provisions']} provisions, {lg['mods']} MODs, {lg['bytes']} bytes")
    if args.check:
        problems = check(m)
        print("\n".join(problems) or "all documents valid; the large proposal applies")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
