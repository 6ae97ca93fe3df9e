"""Tests for the schemas in ``schemas/``.

* the vendored OASIS Akoma Ntoso 3.0 schema (and xml.xsd) are byte-identical to the pinned files;
* resdraft's own schemas (proposal metadata, driver, ITU profile) compile with xmlschema and lxml;
* the profile only restricts: whatever it accepts, the official schema (through the driver,
  which also checks the rdp: metadata) accepts too. Checked on the bundled resolutions and
  proposals, on hand-made documents, and on generated documents (hypothesis);
* known-bad documents are rejected.

Schemas are compiled once per session: xmlschema needs a few seconds for the official XSD.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import xmlschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.builder import ElementMaker

ROOT = Path(__file__).parent.parent
SCHEMAS = ROOT / "schemas"

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
RDP = "urn:resdraft:proposal:1"
NSMAP = {None: AKN, "rdp": RDP}

E = ElementMaker(namespace=AKN, nsmap=NSMAP)
R = ElementMaker(namespace=RDP, nsmap=NSMAP)

PINNED = {
    "akomantoso30.xsd": "6f61fe84cbb6f8cb0e8418cd67b74a63da9990e6573b5a3491f623184f45c4fd",
    "xml.xsd": "81aed1bb30c9d475f5b16b6bb92e6ede9879dcd7e146c0ed8df577b87b1d2815",
}

PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def rdp(name: str) -> str:
    return f"{{{RDP}}}{name}"


def akn(name: str) -> str:
    return f"{{{AKN}}}{name}"


# --------------------------------------------------------------------------------------
# compiled schemas (session scope)
# --------------------------------------------------------------------------------------


@dataclass
class Validator:
    """One schema compiled by both libraries."""

    name: str
    lxml: etree.XMLSchema
    xs: xmlschema.XMLSchema10

    def lxml_ok(self, doc: etree._ElementTree) -> bool:
        return bool(self.lxml.validate(doc))

    def xs_ok(self, doc: etree._ElementTree) -> bool:
        return bool(self.xs.is_valid(doc))

    def ok(self, doc: etree._ElementTree) -> bool:
        """Verdict of both libraries; they must agree."""
        a, b = self.lxml_ok(doc), self.xs_ok(doc)
        assert a == b, f"{self.name}: lxml says {a}, xmlschema says {b}: {self.explain(doc)}"
        return a

    def explain(self, doc: etree._ElementTree) -> str:
        self.lxml.validate(doc)
        lx = str(self.lxml.error_log).splitlines()[:3]
        xs = [f"{e.reason} at {e.path}" for e in list(self.xs.iter_errors(doc))[:3]]
        return f"lxml: {lx}; xmlschema: {xs}"


def _compile(filename: str) -> Validator:
    path = SCHEMAS / filename
    return Validator(
        name=filename,
        lxml=etree.XMLSchema(etree.parse(str(path), PARSER)),
        xs=xmlschema.XMLSchema10(str(path)),
    )


@pytest.fixture(scope="session")
def driver() -> Validator:
    """Official AKN 3.0 + resdraft-proposal.xsd (checks rdp: content of lax wildcards)."""
    return _compile("resdraft.xsd")


@pytest.fixture(scope="session")
def profile() -> Validator:
    return _compile("itu-profile.xsd")


@pytest.fixture(scope="session")
def proposal_xsd() -> Validator:
    return _compile("resdraft-proposal.xsd")


@pytest.fixture(scope="session")
def official_lxml() -> etree.XMLSchema:
    """The official schema alone (lxml only: cheap), to show what the driver adds."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "akomantoso30.xsd"), PARSER))


# --------------------------------------------------------------------------------------
# (a) vendored files are pinned
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("filename", sorted(PINNED))
def test_vendored_schema_is_pinned(filename: str) -> None:
    digest = hashlib.sha256((SCHEMAS / filename).read_bytes()).hexdigest()
    assert digest == PINNED[filename], f"{filename} differs from the vendored OASIS/W3C file"


def test_lenient_variant_not_vendored() -> None:
    assert not (SCHEMAS / "akomantoso30-lenient.xsd").exists()


def test_notice_present() -> None:
    notice = (SCHEMAS / "NOTICE").read_text(encoding="utf-8")
    assert "OASIS" in notice and "CC BY 4.0" in notice
    assert "xml.xsd" in notice


# --------------------------------------------------------------------------------------
# (b) our schemas compile with both libraries
# --------------------------------------------------------------------------------------


def test_proposal_xsd_compiles(proposal_xsd: Validator) -> None:
    assert proposal_xsd.xs.target_namespace == RDP
    assert proposal_xsd.xs.validity == "valid"
    for attr in ("action", "id", "pos", "for"):
        assert rdp(attr) in proposal_xsd.xs.maps.attributes
    for elem in ("proposal", "provenance"):
        assert rdp(elem) in proposal_xsd.xs.maps.elements


def test_driver_compiles(driver: Validator) -> None:
    assert driver.xs.validity == "valid"
    assert akn("akomaNtoso") in driver.xs.maps.elements
    assert rdp("proposal") in driver.xs.maps.elements
    assert rdp("action") in driver.xs.maps.attributes


def test_profile_compiles(profile: Validator) -> None:
    assert profile.xs.target_namespace == AKN
    assert profile.xs.validity == "valid"
    assert akn("akomaNtoso") in profile.xs.maps.elements


def test_lxml_objects_built(driver: Validator, profile: Validator, proposal_xsd: Validator) -> None:
    for v in (driver, profile, proposal_xsd):
        assert isinstance(v.lxml, etree.XMLSchema)


# --------------------------------------------------------------------------------------
# document builders (lxml.builder); conventions of docs/model.md
# --------------------------------------------------------------------------------------

BASE_WORK = "/akn/un/statement/deliberation/itu-pp/2030-10-20/res-999"
BASE_EXPR = f"{BASE_WORK}/eng@2030-10-20"


def frbr(work: str, expr: str, this_suffix: str, date: str, author: str, as_: str, extra: list[Any]) -> Any:
    return E.identification(
        E.FRBRWork(
            E.FRBRthis(value=f"{work}/{this_suffix}"),
            E.FRBRuri(value=work),
            E.FRBRdate(date=date, name="adoption"),
            E.FRBRauthor(href=author, **{"as": as_}),
            E.FRBRcountry(value="un"),
            *extra,
        ),
        E.FRBRExpression(
            E.FRBRthis(value=f"{expr}/{this_suffix}"),
            E.FRBRuri(value=expr),
            E.FRBRdate(date=date, name="adoption"),
            E.FRBRauthor(href=author, **{"as": as_}),
            E.FRBRlanguage(language="eng"),
        ),
        E.FRBRManifestation(
            E.FRBRthis(value=f"{expr}/{this_suffix}.xml"),
            E.FRBRuri(value=f"{expr}/{this_suffix}.xml"),
            E.FRBRdate(date=date, name="markup"),
            E.FRBRauthor(href="#resdraft", **{"as": "#editor"}),
            E.FRBRformat(value="xml"),
        ),
        source="#resdraft",
    )


def resolution_meta() -> Any:
    return E.meta(
        frbr(
            BASE_WORK,
            BASE_EXPR,
            "!main",
            "2030-10-20",
            "#itu-pp",
            "#author",
            [
                E.FRBRsubtype(value="deliberation"),
                E.FRBRnumber(value="res-999", showAs="Resolution 999"),
                E.FRBRname(value="Resolution 999 (Example City, 2030)"),
            ],
        ),
        E.references(
            E.TLCOrganization(eId="itu-pp", href="/akn/ontology/organization/un/itu-pp", showAs="ITU PP"),
            E.TLCOrganization(
                eId="resdraft", href="/akn/ontology/organization/un/resdraft", showAs="resdraft"
            ),
            E.TLCRole(eId="author", href="/akn/ontology/role/un/author", showAs="Author"),
            E.TLCRole(eId="editor", href="/akn/ontology/role/un/editor", showAs="Editor"),
            E.TLCConcept(
                eId="preambularPhrase",
                href="/akn/ontology/concept/un/preambularPhrase",
                showAs="preambular phrase",
            ),
            E.TLCConcept(
                eId="operativePhrase",
                href="/akn/ontology/concept/un/operativePhrase",
                showAs="operative phrase",
            ),
            source="#resdraft",
        ),
        E.proprietary(
            R.provenance("Fictional test text written for resdraft's tests.", status="illustrative"),
            source="#resdraft",
        ),
    )


def annex_meta(n: int) -> Any:
    return E.meta(frbr(BASE_WORK, BASE_EXPR, f"!annex_{n}", "2030-10-20", "#itu-pp", "#author", []))


def letter(i: int) -> str:
    """0 -> a) ... 25 -> z), then aa), bb), ... (model.md: after z) comes aa))."""
    return "abcdefghijklmnopqrstuvwxyz"[i % 26] * (i // 26 + 1)


def roman(i: int) -> str:
    return ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"][i]


def recitals(slug: str, n: int, prefix: str = "") -> Any:
    gid = f"{prefix}preamble__{slug}"
    items = []
    for k in range(n):
        if n == 1:  # a lone recital is unnumbered and uses its ordinal
            items.append(E.recital(E.p("that a lone recital has no number,"), eId=f"{gid}__rec_1"))
        else:
            items.append(
                E.recital(
                    E.num(f"{letter(k)})"),
                    E.p(f"that recital {letter(k)} says something;"),
                    eId=f"{gid}__rec_{letter(k)}",
                )
            )
    return E.recitals(
        E.intro(E.p(E.i(slug)), eId=f"{gid}__intro"), *items, eId=gid, refersTo="#preambularPhrase"
    )


def paragraph(pid: str, num: str | None, points: int = 0, wrap_up: bool = False) -> Any:
    children: list[Any] = [E.num(num)] if num is not None else []
    if points:
        children.append(E.intro(E.p("to give priority to:"), eId=f"{pid}__intro"))
        for k in range(points):
            children.append(
                E.point(
                    E.num(f"{roman(k)})"),
                    E.content(E.p(f"item {roman(k)};")),
                    eId=f"{pid}__point_{roman(k)}",
                )
            )
        if wrap_up:
            children.append(E.wrapUp(E.p("within existing resources."), eId=f"{pid}__wrapup"))
    else:
        children.append(E.content(E.p("to do something useful;")))
    return E.paragraph(*children, eId=pid)


def hcontainer(slug: str, heading: str, paras: tuple[tuple[int, bool], ...], prefix: str = "") -> Any:
    gid = f"{prefix}{slug}"
    out = []
    for k, (points, wrap_up) in enumerate(paras, start=1):
        num = None if len(paras) == 1 else str(k)  # a lone paragraph is unnumbered
        out.append(paragraph(f"{gid}__para_{k}", num, points, wrap_up))
    return E.hcontainer(E.heading(E.i(heading)), *out, name=slug, eId=gid, refersTo="#operativePhrase")


def resolution(
    *,
    name: str = "resolution",
    contains: str = "originalVersion",
    recital_groups: tuple[tuple[str, int], ...] = (("considering", 3), ("noting", 1)),
    formula: bool = True,
    groups: tuple[tuple[str, tuple[tuple[int, bool], ...]], ...] = (
        ("resolves", ((0, False), (0, False), (2, True))),
        ("instructsTheSecretaryGeneral", ((0, False), (0, False))),
    ),
    annexes: int = 0,
) -> etree._ElementTree:
    preamble_children: list[Any] = []
    if formula:
        preamble_children.append(
            E.formula(
                E.p("The Plenipotentiary Conference (Example City, 2030),"),
                name="enactingFormula",
                eId="preamble__formula_1",
            )
        )
    preamble_children += [recitals(slug, n) for slug, n in recital_groups]
    parts: list[Any] = [
        resolution_meta(),
        E.preface(
            E.longTitle(
                E.p(
                    E.docType("RESOLUTION"),
                    " ",
                    E.docNumber("999"),
                    " (",
                    E.inline(
                        "Rev. Example City, 2030",
                        name="revision",
                        eId="preface__longTitle_1__revision",
                    ),
                    ")",
                ),
                eId="preface__longTitle_1",
            ),
            E.p(E.docTitle("A fictional resolution"), eId="preface__p_1"),
        ),
    ]
    if preamble_children:
        parts.append(E.preamble(*preamble_children, eId="preamble"))
    parts.append(E.mainBody(*[hcontainer(slug, slug, paras) for slug, paras in groups], eId="body"))
    if annexes:
        atts = []
        for n in range(1, annexes + 1):
            pre = f"att_{n}__"
            atts.append(
                E.attachment(
                    E.doc(
                        annex_meta(n),
                        E.preface(E.p(f"ANNEX {n} TO RESOLUTION 999", eId=f"{pre}preface__p_1")),
                        E.mainBody(hcontainer("actions", "actions", ((0, False), (1, False)), prefix=pre)),
                        name="annex",
                    ),
                    eId=f"att_{n}",
                )
            )
        parts.append(E.attachments(*atts))
    return etree.ElementTree(E.akomaNtoso(E.statement(*parts, name=name, contains=contains)))


PROP_WORK = "/akn/un/amendment/modification/rcc/2034-08-01/rcc-13"
PROP_EXPR = f"{PROP_WORK}/eng@2034-08-01"


def ref(n: int, target: str, text: str) -> Any:
    return E.ref(text, eId=f"mod_{n}__ref_1", href=f"{BASE_EXPR}/!main#{target}")


def proposal(changes: tuple[str, ...] = ("MOD", "ADD", "SUP", "NOC")) -> etree._ElementTree:
    """One amendment document with one mod per change (model.md, 'A proposal document')."""
    mods, reasons, textual = [], [], []
    for n, action in enumerate(changes, start=1):
        qid = f"mod_{n}__qstr_1"
        attrs = {"eId": f"mod_{n}", rdp("id"): f"RCC/13/{n}", rdp("action"): action}
        if action == "MOD":
            body = [
                "In ",
                ref(n, "resolves__para_2", "resolves 2"),
                ", amend to read: ",
                E.quotedStructure(
                    E.paragraph(
                        E.num("2"),
                        E.content(
                            E.p(
                                "to support ",
                                E("del", "old", eId=f"{qid}__resolves__para_2__del_1"),
                                E.ins("new", eId=f"{qid}__resolves__para_2__ins_1"),
                                " words;",
                            )
                        ),
                        eId=f"{qid}__resolves__para_2",
                    ),
                    eId=qid,
                    startQuote="“",
                    endQuote="”",
                    **{"for": f"#mod_{n}__ref_1"},
                ),
            ]
            textual.append(
                E.textualMod(
                    E.source(href=f"#mod_{n}"),
                    E.destination(href=f"{BASE_EXPR}/!main#resolves__para_2"),
                    type="substitution",
                    eId=f"amod_{n}",
                )
            )
        elif action == "ADD":
            attrs[rdp("pos")] = "after"
            body = [
                "After ",
                ref(n, "preamble__considering__rec_b", "considering b)"),
                ", add: ",
                E.quotedStructure(
                    E.recital(
                        E.num("c)"),
                        E.p("that a new recital is proposed;"),
                        eId=f"{qid}__preamble__considering__rec_c",
                    ),
                    eId=qid,
                    startQuote="“",
                    endQuote="”",
                ),
            ]
            textual.append(
                E.textualMod(
                    E.source(href=f"#mod_{n}"),
                    E.destination(href=f"{BASE_EXPR}/!main#preamble__considering__rec_b", pos="after"),
                    type="insertion",
                    eId=f"amod_{n}",
                )
            )
        elif action == "SUP":
            body = ["Delete ", ref(n, "instructsTheSecretaryGeneral__para_2", "instructs 2"), "."]
            textual.append(
                E.textualMod(
                    E.source(href=f"#mod_{n}"),
                    E.destination(href=f"{BASE_EXPR}/!main#instructsTheSecretaryGeneral__para_2"),
                    type="repeal",
                    eId=f"amod_{n}",
                )
            )
        else:  # NOC, optionally quoting the unchanged words
            body = [
                "No change to ",
                ref(n, "resolves__para_1", "resolves 1"),
                ": ",
                E.quotedText("to do something useful;", eId=f"{qid}__qtext_1"),
            ]
        mods.append(E.p(E.mod(*body, **attrs), eId=f"body__content__p_{n}"))
        reasons.append(
            E.p(
                E.b("Reasons:"),
                f" reason {n}.",
                eId=f"body__justification__p_{n}",
                **{rdp("for"): f"#mod_{n}"},
            )
        )
    meta = E.meta(
        frbr(
            PROP_WORK,
            PROP_EXPR,
            "!main",
            "2034-08-01",
            "#rcc",
            "#proponent",
            [E.FRBRsubtype(value="modification"), E.FRBRnumber(value="rcc-13", showAs="RCC/13")],
        ),
        E.lifecycle(
            E.eventRef(eId="evt_1", date="2034-08-01", source="#original", type="generation"),
            source="#resdraft",
        ),
        *([E.analysis(E.activeModifications(*textual), source="#resdraft")] if textual else []),
        E.references(
            E.original(eId="original", href=PROP_EXPR, showAs="RCC/13"),
            E.activeRef(eId="res-999", href=BASE_EXPR, showAs="Resolution 999"),
            E.TLCOrganization(
                eId="rus", href="/akn/ontology/organization/un/rus", showAs="Russian Federation"
            ),
            E.TLCOrganization(eId="rcc", href="/akn/ontology/organization/un/rcc", showAs="RCC"),
            E.TLCOrganization(
                eId="resdraft", href="/akn/ontology/organization/un/resdraft", showAs="resdraft"
            ),
            E.TLCRole(eId="proponent", href="/akn/ontology/role/un/proponent", showAs="Proponent"),
            E.TLCRole(eId="editor", href="/akn/ontology/role/un/editor", showAs="Editor"),
            source="#resdraft",
        ),
        E.proprietary(
            R.proposal(
                R.target(work=BASE_WORK, expression=BASE_EXPR),
                R.submitter("Russian Federation", code="RUS"),
                R.provenance("Fictional test text.", status="illustrative"),
                document="RCC/13",
                date="2034-08-01",
                group="RCC",
                status="illustrative",
            ),
            source="#resdraft",
        ),
    )
    amendment = E.amendment(
        meta,
        E.preface(
            E.p(E.docNumber("RCC/13"), eId="preface__p_1"),
            E.p(E.affectedDocument("Resolution 999", href=BASE_EXPR), eId="preface__p_2"),
        ),
        E.amendmentBody(
            E.amendmentHeading(E.p("Proposals for Resolution 999"), eId="body__heading"),
            E.amendmentContent(*mods, eId="body__content"),
            E.amendmentJustification(*reasons, eId="body__justification"),
            eId="body",
        ),
        name="amendment",
    )
    return etree.ElementTree(E.akomaNtoso(amendment))


def first(doc: etree._ElementTree, local: str) -> Any:
    """First AKN descendant named local."""
    el = doc.getroot().find(f".//{akn(local)}")
    assert el is not None, local
    return el


def child(el: Any, local: str) -> Any:
    """First AKN child named local."""
    found = el.find(akn(local))
    assert found is not None, local
    return found


def redline() -> etree._ElementTree:
    """A redline: status="removed", wId on a renumbered paragraph, ins/del with refersTo."""
    doc = resolution(contains="singleVersion")
    rec_c = next(
        el for el in doc.getroot().iter(akn("recital")) if el.get("eId") == "preamble__considering__rec_c"
    )
    rec_c.set("status", "removed")
    p = child(rec_c, "p")
    text, p.text = p.text, None
    p.append(E("del", text, eId="preamble__considering__rec_c__del_1", refersTo="#rcc"))
    para = next(
        el
        for el in doc.getroot().iter(akn("paragraph"))
        if el.get("eId") == "instructsTheSecretaryGeneral__para_2"
    )
    para.set("eId", "instructsTheSecretaryGeneral__para_3")
    para.set("wId", "instructsTheSecretaryGeneral__para_2")
    num = child(para, "num")
    num.text = None
    num.append(E("del", "2", eId="instructsTheSecretaryGeneral__para_3__num__del_1"))
    num.append(E.ins("3", eId="instructsTheSecretaryGeneral__para_3__num__ins_1", refersTo="#rcc"))
    group = para.getparent()
    assert group is not None
    group.insert(
        group.index(para),
        E.paragraph(
            E.num(E.ins("2", eId="instructsTheSecretaryGeneral__para_2__num__ins_1")),
            E.content(
                E.p(
                    E.ins(
                        "a new paragraph;",
                        eId="instructsTheSecretaryGeneral__para_2__ins_1",
                        refersTo="#rcc",
                    )
                )
            ),
            eId="instructsTheSecretaryGeneral__para_2",
        ),
    )
    return doc


# --------------------------------------------------------------------------------------
# (c) bundled documents, hand-made documents, generated documents, negative cases
# --------------------------------------------------------------------------------------

BUNDLED = sorted([*ROOT.glob("resolutions/*.xml"), *ROOT.glob("proposals/*.xml")])


@pytest.mark.parametrize("path", BUNDLED, ids=[f"{p.parent.name}/{p.name}" for p in BUNDLED])
def test_bundled_document_valid(path: Path, profile: Validator, driver: Validator) -> None:
    doc = etree.parse(str(path), PARSER)
    assert profile.ok(doc), f"{path.name} fails the ITU profile: {profile.explain(doc)}"
    assert driver.ok(doc), f"{path.name} fails the official schema (driver): {driver.explain(doc)}"


HAND_MADE: dict[str, Callable[[], etree._ElementTree]] = {
    "resolution": lambda: resolution(),
    "decision-without-formula": lambda: resolution(name="decision", formula=False),
    "no-preamble": lambda: resolution(recital_groups=(), formula=False),
    "lone-paragraph-and-lone-recital": lambda: resolution(
        recital_groups=(("recalling", 1),), groups=(("resolves", ((0, False),)),)
    ),
    "repeated-keyword": lambda: resolution(
        recital_groups=(("considering", 2), ("consideringFurther", 2), ("considering_2", 1))
    ),
    "many-recitals-aa": lambda: resolution(recital_groups=(("considering", 28),)),
    "with-annexes": lambda: resolution(annexes=2),
    "redline": redline,
    "proposal-mod-add-sup-noc": lambda: proposal(),
    "proposal-single-sup": lambda: proposal(("SUP",)),
}


@pytest.mark.parametrize("name", sorted(HAND_MADE))
def test_hand_made_document_valid_under_profile_and_official(
    name: str, profile: Validator, driver: Validator
) -> None:
    doc = HAND_MADE[name]()
    assert profile.ok(doc), profile.explain(doc)
    assert driver.ok(doc), driver.explain(doc)


# ---- generated documents: profile-valid => official-valid ----------------------------

SLUGS = [
    "considering",
    "recalling",
    "noting",
    "notingWithSatisfaction",
    "consideringFurther",
    "recallingAlso",
]
OPS = ["resolves", "instructsTheSecretaryGeneral", "instructsTheCouncil", "invitesMemberStates"]


def _structural(doc: etree._ElementTree) -> list[Any]:
    return [
        el
        for el in doc.getroot().iter()
        if isinstance(el.tag, str)
        and el.get("eId")
        and not any(a.tag == akn("meta") for a in el.iterancestors())
    ]


def m_none(doc: etree._ElementTree, k: int) -> None:
    pass


def m_drop_eid(doc: etree._ElementTree, k: int) -> None:
    els = _structural(doc)
    del els[k % len(els)].attrib["eId"]


def m_duplicate_eid(doc: etree._ElementTree, k: int) -> None:
    els = _structural(doc)
    els[k % len(els)].set("eId", els[(k + 1) % len(els)].get("eId"))


def m_flat_eid(doc: etree._ElementTree, k: int) -> None:
    els = [el for el in _structural(doc) if el.tag == akn("paragraph")]
    els[k % len(els)].set("eId", f"para_{k}")


def m_drop_point_num(doc: etree._ElementTree, k: int) -> None:
    nums = [child(el, "num") for el in doc.getroot().iter(akn("point"))]
    if nums:
        nums[k % len(nums)].getparent().remove(nums[k % len(nums)])


def m_quoted_text_outside_mod(doc: etree._ElementTree, k: int) -> None:
    ps = list(doc.getroot().iter(akn("content")))
    ps[k % len(ps)][0].append(E.quotedText("quoted"))


def m_empty_preamble(doc: etree._ElementTree, k: int) -> None:
    pre = doc.getroot().find(f".//{akn('preamble')}")
    if pre is not None:
        for child in list(pre):
            pre.remove(child)


def m_status(doc: etree._ElementTree, k: int) -> None:
    els = _structural(doc)
    els[k % len(els)].set("status", ["removed", "editorial", "bogus"][k % 3])


def m_heading_in_paragraph(doc: etree._ElementTree, k: int) -> None:
    paras = list(doc.getroot().iter(akn("paragraph")))
    paras[k % len(paras)].insert(0, E.heading("a heading"))


def m_swap_preamble_body(doc: etree._ElementTree, k: int) -> None:
    st_ = doc.getroot()[0]
    pre = st_.find(akn("preamble"))
    if pre is not None:
        st_.remove(pre)
        st_.append(pre)


def m_name_on_recitals(doc: etree._ElementTree, k: int) -> None:
    for el in doc.getroot().iter(akn("recitals")):
        el.set("name", "considering")
        break


def m_rdp_attribute(doc: etree._ElementTree, k: int) -> None:
    paras = list(doc.getroot().iter(akn("paragraph")))
    paras[k % len(paras)].set(rdp("action"), ["MOD", "DELETE"][k % 2])


def m_drop_intro(doc: etree._ElementTree, k: int) -> None:
    intros = [child(el, "intro") for el in doc.getroot().iter(akn("recitals"))]
    if intros:
        intros[k % len(intros)].getparent().remove(intros[k % len(intros)])


def m_empty_content(doc: etree._ElementTree, k: int) -> None:
    contents = list(doc.getroot().iter(akn("content")))
    c = contents[k % len(contents)]
    for child in list(c):
        c.remove(child)


def m_wid(doc: etree._ElementTree, k: int) -> None:
    els = _structural(doc)
    els[k % len(els)].set("wId", ["x__para_1", "has space"][k % 2])


MUTATIONS = [
    m_none,
    m_drop_eid,
    m_duplicate_eid,
    m_flat_eid,
    m_drop_point_num,
    m_quoted_text_outside_mod,
    m_empty_preamble,
    m_status,
    m_heading_in_paragraph,
    m_swap_preamble_body,
    m_name_on_recitals,
    m_rdp_attribute,
    m_drop_intro,
    m_empty_content,
    m_wid,
]


@st.composite
def resolutions(draw: st.DrawFn) -> etree._ElementTree:
    rec_slugs = draw(st.lists(st.sampled_from(SLUGS), max_size=3, unique=True))
    op_slugs = draw(st.lists(st.sampled_from(OPS), min_size=1, max_size=3, unique=True))
    para = st.tuples(st.integers(0, 3), st.booleans()).map(lambda t: (t[0], t[1] and t[0] > 0))
    return resolution(
        name=draw(st.sampled_from(["resolution", "decision", "recommendation"])),
        contains=draw(st.sampled_from(["originalVersion", "singleVersion"])),
        formula=draw(st.booleans()),
        recital_groups=tuple((s, draw(st.integers(1, 4))) for s in rec_slugs),
        groups=tuple((s, tuple(draw(st.lists(para, min_size=1, max_size=4)))) for s in op_slugs),
        annexes=draw(st.integers(0, 2)),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=resolutions(), mutation=st.sampled_from(MUTATIONS), k=st.integers(0, 1000))
def test_profile_only_restricts(
    doc: etree._ElementTree,
    mutation: Callable[[etree._ElementTree, int], None],
    k: int,
    profile: Validator,
    driver: Validator,
) -> None:
    """Whatever the profile accepts, the official schema (through the driver) accepts."""
    if mutation is m_none:
        assert profile.ok(doc), profile.explain(doc)
    doc = copy.deepcopy(doc)
    mutation(doc, k)
    if profile.ok(doc):
        assert driver.ok(doc), (
            f"profile accepts, official rejects ({mutation.__name__}): {driver.explain(doc)}"
        )


# ---- negative cases ------------------------------------------------------------------


def neg_duplicate_eid() -> etree._ElementTree:
    doc = resolution()
    paras = list(doc.getroot().iter(akn("paragraph")))
    paras[1].set("eId", paras[0].get("eId", ""))
    return doc


def neg_missing_recital_eid() -> etree._ElementTree:
    doc = resolution()
    del first(doc, "recital").attrib["eId"]
    return doc


def neg_bad_rdp_action() -> etree._ElementTree:
    doc = proposal()
    first(doc, "mod").set(rdp("action"), "DELETE")
    return doc


def neg_bad_rdp_id() -> etree._ElementTree:
    doc = proposal()
    first(doc, "mod").set(rdp("id"), "RCC-13-1")
    return doc


def neg_bad_submitter_code() -> etree._ElementTree:
    doc = proposal()
    submitter = doc.getroot().find(f".//{rdp('submitter')}")
    assert submitter is not None
    submitter.set("code", "RU")
    return doc


def neg_wrong_namespace() -> etree._ElementTree:
    doc = resolution()
    for el in doc.getroot().iter():
        if isinstance(el.tag, str) and el.tag.startswith(f"{{{AKN}}}"):
            el.tag = "{http://www.akomantoso.org/2.0}" + etree.QName(el).localname
    return doc


def neg_quoted_text_outside_mod() -> etree._ElementTree:
    doc = resolution()
    first(doc, "content")[0].append(E.quotedText("quoted"))
    return doc


def neg_point_without_num() -> etree._ElementTree:
    doc = resolution()
    point = first(doc, "point")
    point.remove(child(point, "num"))
    return doc


def neg_statement_name() -> etree._ElementTree:
    doc = resolution()
    doc.getroot()[0].set("name", "act")
    return doc


def neg_mod_without_rdp_id() -> etree._ElementTree:
    doc = proposal()
    del first(doc, "mod").attrib[rdp("id")]
    return doc


# name -> (builder, rejected by profile, rejected by driver)
NEGATIVE: dict[str, tuple[Callable[[], etree._ElementTree], bool, bool]] = {
    "duplicate-eId": (neg_duplicate_eid, True, True),
    "missing-recital-eId": (neg_missing_recital_eid, True, False),
    "bad-rdp-action": (neg_bad_rdp_action, True, True),
    "bad-rdp-id": (neg_bad_rdp_id, True, True),
    "bad-submitter-code": (
        neg_bad_submitter_code,
        False,
        True,
    ),  # proprietary: skipped by the profile
    "wrong-namespace": (neg_wrong_namespace, True, True),
    "quotedText-outside-mod": (neg_quoted_text_outside_mod, True, True),
    "point-without-num": (neg_point_without_num, True, False),
    "statement-name": (neg_statement_name, True, False),
    "mod-without-rdp-id": (neg_mod_without_rdp_id, True, False),
}


@pytest.mark.parametrize("name", sorted(NEGATIVE))
def test_negative_case_rejected(name: str, profile: Validator, driver: Validator) -> None:
    build, by_profile, by_driver = NEGATIVE[name]
    doc = build()
    assert by_profile or by_driver
    assert profile.ok(doc) is not by_profile
    assert driver.ok(doc) is not by_driver


def test_official_alone_does_not_check_rdp(official_lxml: etree.XMLSchema, driver: Validator) -> None:
    """Why the driver exists: without resdraft-proposal.xsd the lax wildcards accept anything."""
    doc = neg_bad_rdp_action()
    assert official_lxml.validate(doc)
    assert not driver.ok(doc)


def test_proposal_xsd_alone(proposal_xsd: Validator) -> None:
    good = R.proposal(
        R.target(work=BASE_WORK, expression=BASE_EXPR),
        R.submitter("Russian Federation", code="RUS"),
        R.submitter("Kazakhstan", code="KAZ"),
        document="WG-WSIS-32/13",
        date="2018-01-24",
        group="RCC",
        status="illustrative",
    )
    assert proposal_xsd.ok(etree.ElementTree(good))
    assert proposal_xsd.ok(etree.ElementTree(R.provenance("Illustrative text.", status="illustrative")))
    no_submitter = copy.deepcopy(good)
    for s in no_submitter.findall(rdp("submitter")):
        no_submitter.remove(s)
    assert not proposal_xsd.ok(etree.ElementTree(no_submitter))
    bad_date = copy.deepcopy(good)
    bad_date.set("date", "24/01/2018")
    assert not proposal_xsd.ok(etree.ElementTree(bad_date))
