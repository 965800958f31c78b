"""Every entry can be cited: BibTeX records parse with a real BibTeX parser and name what they cite."""

from __future__ import annotations

import pytest

from boundcalc import REGISTRY
from boundcalc.theory.sources.bibliography import CITATIONS, REFERENCES, bibtex_text

pybtex = pytest.importorskip("pybtex.database")


def test_every_entry_with_a_publication_has_a_record():
    assert set(CITATIONS) == set(REGISTRY) - {"floor-params"}
    assert set(CITATIONS.values()) <= set(REFERENCES)


@pytest.mark.parametrize("key", sorted(REFERENCES))
def test_each_record_parses_and_keeps_its_fields(key):
    reference = REFERENCES[key]
    parsed = pybtex.parse_string(reference.bibtex(), "bibtex")
    entry = parsed.entries[key]
    assert entry.type == reference.kind
    assert [str(p) for p in entry.persons["author"]] == [bibtex_text(a) for a in reference.authors]
    assert entry.fields["year"] == str(reference.year)
    assert reference.title in entry.fields["title"].replace("{", "").replace("}", "")


def test_cite_prints_each_record_once_and_it_parses(cli):
    code, out, err = cli("cite", "als19-gd", "du19-2layer", "als19-sgd")
    assert code == 0 and err == ""
    parsed = pybtex.parse_string(out, "bibtex")
    assert list(parsed.entries) == ["allenzhu2019convergence", "du2019gradient"]
    assert "1811.03962" in parsed.entries["allenzhu2019convergence"].fields["eprint"]


@pytest.mark.parametrize("key, message", [("nope", "unknown theorem"), ("floor-params", "no publication")])
def test_cite_refuses_what_it_cannot_cite(cli, key, message):
    code, out, err = cli("cite", key)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1
