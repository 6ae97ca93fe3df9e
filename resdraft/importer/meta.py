"""FRBR identification, references, footnotes and provenance for imported documents (docs/model.md)."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..akn import RDP, E

ACTORS = {
    "itu-pp": "ITU Plenipotentiary Conference",
    "itu-council": "ITU Council",
    "itu-wtdc": "World Telecommunication Development Conference",
    "itu-wtsa": "World Telecommunication Standardization Assembly",
    "itu-ra": "Radiocommunication Assembly",
    "itu": "International Telecommunication Union",
}


@dataclass(frozen=True, slots=True)
class WorkInfo:
    """Who, what and when: enough to write the three FRBR levels."""

    doctype: str  # "statement" | "doc"
    actor: str  # "itu-pp", "itu-council", "itu-wtdc", "itu-wtsa", "itu-ra" | "itu"
    number: str  # IRI component: "res-140", "c18-48"
    show_as: str  # "Resolution 140"
    name: str  # "Resolution 140 (Rev. Busan, 2014)"
    work_date: str
    expr_date: str
    lang: str
    markup_date: str
    date_name: str = "adoption"

    @property
    def work(self) -> str:
        sub = "/deliberation" if self.doctype == "statement" else ""
        return f"/akn/un/{self.doctype}{sub}/{self.actor}/{self.work_date}/{self.number}"

    @property
    def expression(self) -> str:
        return f"{self.work}/{self.lang}@{self.expr_date}"


def identification(info: WorkInfo, component: str = "main", full: bool = True) -> etree._Element:
    author = E.FRBRauthor(href=f"#{info.actor}", **{"as": "#author"})
    work_parts: list[etree._Element] = [
        E.FRBRthis(value=f"{info.work}/!{component}"),
        E.FRBRuri(value=info.work),
        E.FRBRdate(date=info.work_date, name=info.date_name),
        author,
        E.FRBRcountry(value="un"),
    ]
    if full:
        if info.doctype == "statement":
            work_parts.append(E.FRBRsubtype(value="deliberation"))
        work_parts += [E.FRBRnumber(value=info.number, showAs=info.show_as), E.FRBRname(value=info.name)]
    return E.identification(
        E.FRBRWork(*work_parts),
        E.FRBRExpression(
            E.FRBRthis(value=f"{info.expression}/!{component}"),
            E.FRBRuri(value=info.expression),
            E.FRBRdate(date=info.expr_date, name=info.date_name),
            E.FRBRauthor(href=f"#{info.actor}", **{"as": "#author"}),
            E.FRBRlanguage(language=info.lang),
        ),
        E.FRBRManifestation(
            E.FRBRthis(value=f"{info.expression}/!{component}.xml"),
            E.FRBRuri(value=f"{info.expression}/.akn"),
            E.FRBRdate(date=info.markup_date, name="markup"),
            E.FRBRauthor(href="#resdraft", **{"as": "#editor"}),
            E.FRBRformat(value="xml"),
        ),
        source="#resdraft",
    )


def meta(
    info: WorkInfo,
    *,
    source_name: str,
    fmt: str,
    notes: list[etree._Element],
    concepts: bool,
) -> etree._Element:
    refs = [
        E.TLCOrganization(
            eId=info.actor, href=f"/akn/ontology/organization/un/{info.actor}", showAs=ACTORS[info.actor]
        ),
        E.TLCOrganization(eId="resdraft", href="/akn/ontology/organization/un/resdraft", showAs="resdraft"),
        E.TLCRole(eId="author", href="/akn/ontology/role/un/author", showAs="Author"),
        E.TLCRole(eId="editor", href="/akn/ontology/role/un/editor", showAs="Editor"),
    ]
    if concepts:
        refs += [
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
        ]
    parts = [identification(info), E.references(*refs, source="#resdraft")]
    if notes:
        parts.append(E.notes(*notes, source="#resdraft"))
    provenance = (
        f"Imported by resdraft from the {fmt} file {source_name}. The wording is that of the "
        "source file; resdraft added the structure and the identifiers."
    )
    parts.append(E.proprietary(RDP.provenance(provenance, status="imported"), source="#resdraft"))
    return E.meta(*parts)


def annex_meta(info: WorkInfo, n: int) -> etree._Element:
    return E.meta(identification(info, component=f"annex_{n}", full=False))
