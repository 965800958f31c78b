"""References written for a paper's bibliography: BibTeX, biblatex and CSL-JSON, from one record.

BibTeX and biblatex are written by pybtex (and so parse with it); names are ``Family, Given``,
titles keep their capitals in braces, and every character goes through the one LaTeX escaper, so a
name like Póczos reaches BibTeX as ``P{\\'{o}}czos``. CSL-JSON (for Zotero, pandoc and citeproc)
follows the CSL data schema.

>>> from boundcalc.theory.sources.bibliography import REFERENCES
>>> print(bibtex([REFERENCES["allenzhu2019convergence"]]).splitlines()[1])
    author = "Allen-Zhu, Zeyuan and Li, Yuanzhi and Song, Zhao",
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from boundcalc.errors import InputError
from boundcalc.render.escape import latex_text
from boundcalc.theory.sources.bibliography import Reference

FORMATS = ("bibtex", "biblatex", "csl-json")


def _names(people: Sequence[tuple[str, str]]) -> list[str]:
    return [f"{latex_text(family)}, {latex_text(given)}" for family, given in people]


def _braced(text: str) -> str:
    return "{" + latex_text(text) + "}"  # the braces keep the title's capitals in every style


def _fields(reference: Reference, biblatex: bool) -> tuple[str, dict[str, str], dict[str, list[str]]]:
    """The entry type, its fields and its people, for BibTeX or biblatex."""
    kind = reference.kind
    fields: dict[str, str] = {"title": _braced(reference.title)}
    if kind == "inproceedings":
        fields["booktitle"] = latex_text(reference.venue)
    elif kind == "article":
        fields["journaltitle" if biblatex else "journal"] = latex_text(reference.venue)
    for name in ("volume", "number", "pages", "series", "publisher"):
        if getattr(reference, name):
            fields[name] = latex_text(getattr(reference, name)).replace("-{}-", "--")
    fields["date" if biblatex else "year"] = str(reference.year)
    if reference.doi:
        fields["doi"] = reference.doi
    if reference.url:
        fields["url"] = reference.url
    if reference.eprint:
        fields["eprint"] = reference.eprint_id
        fields["eprinttype" if biblatex else "archivePrefix"] = "arxiv" if biblatex else "arXiv"
    if kind == "misc" and reference.eprint and not biblatex:
        fields["howpublished"] = latex_text(f"arXiv preprint arXiv:{reference.eprint_id}")
    if kind == "software":
        if biblatex:
            fields["version"] = latex_text(reference.version)
        else:
            kind = "misc"
            fields["howpublished"] = latex_text(f"software, version {reference.version}")
    if kind == "misc" and biblatex and reference.eprint:
        kind = "online"
    if reference.note:
        fields["note"] = latex_text(reference.note)
    people = {"author": _names(reference.authors)} if reference.authors else {}
    if reference.editors:
        people["editor"] = _names(reference.editors)
    if reference.entity:  # the boundcalc developers: one braced name, never split into given and family
        people["author"] = ["{" + latex_text(reference.entity) + "}"]
    return kind, fields, people


def _written(references: Sequence[Reference], biblatex: bool) -> str:
    from pybtex.database import BibliographyData, Entry, Person

    entries = {}
    for reference in references:
        kind, fields, people = _fields(reference, biblatex)
        persons = {role: [Person(name) for name in names] for role, names in people.items()}
        entries[reference.key] = Entry(kind, fields=fields, persons=persons)
    text: str = BibliographyData(entries=entries).to_string("bibtex")
    # pybtex writes _ as \_ everywhere; a URL is read verbatim (url, hyperref), so it keeps its _
    lines = [line.replace("\\_", "_") if line.lstrip().startswith("url = ") else line for line in text.splitlines()]
    return "\n".join(lines).strip() + "\n"


def bibtex(references: Sequence[Reference]) -> str:
    """The references as BibTeX (natbib, plainnat and the like)."""
    return _written(references, biblatex=False)


def biblatex(references: Sequence[Reference]) -> str:
    """The references as biblatex (``journaltitle``, ``date``, ``eprinttype``; ``@software``, ``@online``)."""
    return _written(references, biblatex=True)


_CSL_TYPES = {
    "inproceedings": "paper-conference",
    "article": "article-journal",
    "misc": "article",
    "unpublished": "manuscript",
}


def csl_item(reference: Reference) -> dict[str, object]:
    """One reference as a CSL-JSON item."""
    item: dict[str, object] = {
        "id": reference.key,
        "type": _CSL_TYPES.get(reference.kind, "software"),
        "title": reference.title,
        "issued": {"date-parts": [[reference.year]]},
    }
    if reference.authors:
        item["author"] = [{"family": family, "given": given} for family, given in reference.authors]
    if reference.entity:
        item["author"] = [{"literal": reference.entity}]
    if reference.editors:
        item["editor"] = [{"family": family, "given": given} for family, given in reference.editors]
    if reference.venue:
        item["container-title"] = reference.venue
    for name, csl in (("volume", "volume"), ("number", "issue"), ("series", "collection-title")):
        if getattr(reference, name):
            item[csl] = getattr(reference, name)
    if reference.pages:
        item["page"] = reference.pages.replace("--", "-")
    if reference.publisher:
        item["publisher"] = reference.publisher
    if reference.doi:
        item["DOI"] = reference.doi
    if reference.url:
        item["URL"] = reference.url
    if reference.kind == "software":
        item["version"] = reference.version
    if reference.eprint:
        item["number"] = f"arXiv:{reference.eprint_id}"
    if reference.note:
        item["note"] = reference.note
    return item


def csl_json(references: Sequence[Reference]) -> str:
    """The references as a CSL-JSON array."""
    return json.dumps([csl_item(r) for r in references], ensure_ascii=False, indent=2) + "\n"


def written(references: Sequence[Reference], fmt: str) -> str:
    """The references in ``fmt``, one of ``FORMATS``."""
    writers = {"bibtex": bibtex, "biblatex": biblatex, "csl-json": csl_json}
    if fmt not in writers:
        raise InputError(f"unknown citation format {fmt!r}; use one of {', '.join(FORMATS)}")
    return writers[fmt](references)
