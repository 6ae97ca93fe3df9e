"""The redline data model as JSON: what other tools consume."""

from __future__ import annotations

from typing import Any

from orjson import dumps

from ..errors import Issue
from ..redline import Redline

OPS = {0: "equal", -1: "delete", 1: "insert"}


def redline_dict(r: Redline, *, changes_only: bool = False) -> dict[str, Any]:
    entries = []
    for e in r.entries:
        if changes_only and not e.changed:
            continue
        entry = {
            "kind": e.kind,
            "element": e.tag,
            "eId": e.eid,
            "oldEId": e.old_eid,
            "label": e.label,
            "oldNum": e.old_num,
            "newNum": e.new_num,
            "renumbered": e.renumbered,
            "moved": e.moved,
            "by": list(e.by),
            "segments": _segs(e.segments),
        }
        if e.renumbered_by and e.renumbered:  # the proposal that renumbered it, when known
            entry["renumberedBy"] = e.renumbered_by
        entries.append(entry)
    return {
        "resolution": r.old_name,
        "from": r.old_expression,
        "to": r.new_expression,
        "counts": r.counts(),
        "proposers": [
            {
                "label": p.label,
                "document": p.document,
                "submitters": [{"code": c, "name": n} for c, n in p.submitters],
                "proposals": list(p.attributions),
            }
            for p in r.proposers
        ],
        "provisions": entries,
    }


def to_json(obj: dict[str, Any]) -> str:
    """``json_bytes`` as text."""
    return json_bytes(obj).decode("utf-8")


def json_bytes(obj: dict[str, Any]) -> bytes:
    """A key per line, and each item of a list (a provision, a file, a conflict) on a line of its
    own, written compactly: as easy to diff line by line as indented JSON, at a fraction of the
    size. Each line is encoded by orjson: the standard library's encoder took 60 % of the time
    of a folder's JSON redlines, orjson an eighth of that."""
    lines = [b"{"]
    last = len(obj) - 1
    for i, (key, value) in enumerate(obj.items()):
        comma = b"," if i < last else b""
        head = b"  " + dumps(key) + b": "
        if isinstance(value, list) and value:
            lines.append(head + b"[")
            lines.append(b",\n".join([b"    " + dumps(item) for item in value]))
            lines.append(b"  ]" + comma)
        else:
            lines.append(head + dumps(value) + comma)
    lines.append(b"}\n")
    return b"\n".join(lines)


def issues_dict(path: str, issues: tuple[Issue, ...] | list[Issue]) -> dict[str, Any]:
    return {
        "file": path,
        "valid": not any(i.severity == "error" for i in issues),
        "issues": [
            {"severity": i.severity, "code": i.code, "line": i.line, "eId": i.eid, "message": i.message}
            for i in issues
        ],
    }


def _segs(segments: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for s in segments:
        if s.block is not None:
            out.append({"block": s.block})
        else:
            seg: dict[str, Any] = {"op": OPS[s.op], "text": s.text}
            if s.by:
                seg["by"] = s.by
            out.append(seg)
    return out


def brackets_dict(brackets: Any) -> dict[str, Any]:
    return {
        "brackets": [
            {
                "eId": b.bracket,
                "kind": b.kind,
                "provision": b.eid,
                "label": b.label,
                "alternatives": [
                    {"proposer": a.key, "by": a.by, "text": a.text, "delete": a.delete}
                    for a in b.alternatives
                ],
            }
            for b in brackets
        ]
    }


def merge_dict(m: Any) -> dict[str, Any]:
    return {
        "resolution": m.base.name,
        "base": m.base.expression,
        "draft": m.draft.expression,
        "proposals": [p.document_number for p in m.proposals],
        "merged": [{"kind": n.kind, "eId": n.eid, "by": list(n.by), "detail": n.detail} for n in m.notes],
        "conflicts": brackets_dict(m.conflicts)["brackets"],
    }


def compilation_dict(c: Any) -> dict[str, Any]:
    return {
        "resolution": c.resolution,
        "expression": c.expression,
        "proposers": [
            {"label": p.label, "document": p.document, "proposals": list(p.attributions)} for p in c.proposers
        ],
        "provisions": [
            {
                "eId": e.eid,
                "label": e.label,
                "new": e.new,
                "base": _segs(e.base),
                "proposals": [
                    {
                        "id": t.proposal_id,
                        "by": t.attribution,
                        "action": t.action,
                        "segments": _segs(t.segments),
                        "reasons": t.reasons,
                    }
                    for t in e.treatments
                ],
            }
            for e in c.entries
        ],
    }
