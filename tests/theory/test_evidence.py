"""Every label the catalogue shows follows from its evidence record, and the records follow LITERATURE.md.

EXPECTED is written from ../shared/LITERATURE.md (its second review, "Read against the texts themselves")
by hand, independently of the catalogue files: a label changed in a file without a source changes nothing
here, and this test fails.
"""

import json

import pytest

from boundcalc import REGISTRY
from boundcalc.render.results import theorem_dict
from boundcalc.theory.evidence import STATUS_OF, STATUSES, Evidence
from boundcalc.theory.sources.bibliography import CITATIONS

# (key, quantity or None for the main statement, factor or None) → label, as LITERATURE.md gives it
EXPECTED = {
    ("als19-gd", None, None): "restated",  # Basri et al. 2020, d = 1
    ("als19-gd", "width", "d"): "recalled",
    ("als19-gd", "step_size", "d"): "recalled",
    ("als19-gd", "rate", "d"): "recalled",  # "the rate's factor 1/d is as recalled as the width's d"
    ("als19-gd", "distance", "d"): "recalled",  # √d for d > 1
    ("als19-gd-v1", None, None): "restated",  # Du, Lee, Li, Wang, Zhai
    ("als19-sgd", None, None): "recalled",
    ("als19-sgd", "width", "n"): "restated",  # "a table entry ... Ω(n^24) with no batch size"
    ("als19-grad", None, None): "restated",
    ("als19-grad", "grad_lower", None): "recalled",
    ("als19-grad", "grad_upper", "d"): "recalled",  # Lemma 9 has τ², like the rate
    ("als19-grad", "grad_upper", "L"): "derived",  # Lemma 9 is per layer: summed over the L layers here
    ("als19-smooth", None, None): "recalled",
    ("du19-2layer", None, None): "stated",
    ("du19-2layer", "rate", None): "stated",  # Theorem 4.1: (1 − ηλ0/2)^k
    ("du19-2layer", "iterations", None): "derived",  # from the rate
    ("arora19", None, None): "stated",  # Theorem 4.1 of arXiv:1901.08584 v2
    ("oymak20", None, None): "stated",
    ("songyang19", None, None): "restated",
    ("song21", None, None): "stated",
    ("du19-deep", None, None): "stated",
    ("du19-resnet", None, None): "stated",
    ("zou19", None, None): "restated",
    ("caogu19", None, None): "stated",  # Theorem 3.3 of arXiv:1905.13210 v2
    ("kawaguchi19", None, None): "stated",  # the v3 abstract
    ("nguyen20", None, None): "stated",
    ("nguyen21", None, None): "stated",
    ("banerjee23", None, None): "stated",
    ("ji20", None, None): "restated",  # Li et al.'s Table 1; the introduction's logs are a sum, not a power
    ("chen21", None, None): "restated",
    ("li25", None, None): "stated",  # Theorem 3
    ("li25", "width", "log_nL"): "derived",  # (log T)^8 with ηT ≍ n
    ("floor-params", None, None): "derived",  # elementary, computed here
    ("baum88", None, None): "restated",  # by Bubeck et al. 2020
    ("bubeck20", None, None): "stated",
    ("yun19", None, None): "stated",
    ("vardi22", None, None): "stated",  # abstract: Õ(√N) suffice, Ω(√N) necessary
    ("lei26", None, None): "restated",  # Li et al.'s Table 1; their abstract says only "polylogarithmic width"
    ("taheri25", None, None): "restated",  # Li et al.'s Table 1: Ω̃(1/γ^{6L+4})
    ("rolland22", None, None): "stated",  # their submission's Section 3.1
    ("saratchandran24", None, None): "stated",  # Theorems 4.2, 4.4, 4.7, 4.9 (v1)
}


def _shown_labels(cli, key):
    """Every label the command line shows for an entry, read back from `explain --format json`."""
    code, out, _ = cli("explain", key, "--format", "json")
    assert code == 0
    shown = json.loads(out)
    labels = {(key, None, None): shown["status"]}
    for quantity in shown["quantities"]:
        labels[(key, quantity["name"], None)] = quantity["status"]
        for base, status in quantity["factor_status"].items():
            labels[(key, quantity["name"], base)] = status
    return shown, labels


@pytest.mark.parametrize("key", list(REGISTRY))
def test_every_label_follows_its_evidence_and_the_literature(cli, key):
    theorem = REGISTRY[key]
    shown, labels = _shown_labels(cli, key)
    assert shown["status"] == theorem.evidence.status == STATUS_OF[theorem.evidence.read_in]
    for (k, quantity, factor), label in labels.items():
        expected = EXPECTED.get((k, quantity, factor))
        if expected is None and factor is None and quantity is not None:
            expected = EXPECTED[(k, None, None)]  # a formula read where its theorem was
        assert label == expected, f"{k} {quantity or ''} {factor or ''}: shows {label}, literature says {expected}"
    # and every expectation for this entry is met by something it shows
    assert {e for e in EXPECTED if e[0] == key} <= set(labels)


def _records(theorem):
    yield theorem.evidence, None
    for quantity in theorem.quantities:
        if quantity.evidence:
            yield quantity.evidence, quantity
        for factor in quantity.factors:
            if factor.evidence:
                yield factor.evidence, quantity


@pytest.mark.parametrize("key", list(REGISTRY))
def test_evidence_records_obey_the_rules(key):
    theorem = REGISTRY[key]
    for evidence, _ in _records(theorem):
        assert isinstance(evidence, Evidence) and evidence.status in STATUSES and evidence.text.strip()
        if evidence.read_in == "restatement":  # a restating text is named, and it is not the paper itself
            assert not evidence.text.startswith(theorem.paper)
        if evidence.read_in == "derivation":  # computed from a statement that was read
            source = (
                REGISTRY[evidence.text].evidence
                if evidence.text in REGISTRY
                else theorem.quantity(evidence.text).evidence or theorem.evidence
            )
            assert source.status in ("stated", "restated"), f"{key}: derived from a {source.status} statement"
        if evidence.read_in in ("authors", "restatement"):  # what was read, where, in which named text
            assert evidence.quote.strip() and evidence.where.strip(), f"{key}: {evidence.text} without quote or place"
            assert evidence.text not in ("abstract", "their own text", "their text"), f"{key}: names no text"
            assert "notes" not in evidence.text, f"{key}: unnamed notes are not a text"
    assert theorem.version.strip()
    assert theorem.key in CITATIONS or theorem.kind == "floor"
    for quantity in theorem.quantities:
        for factor in quantity.factors:  # an exponent 0 is a placeholder unless flagged unknown
            assert factor.exponent != 0 or not factor.known, f"{key} {quantity.name}: placeholder {factor.base}^0"


def test_caveats_belong_to_the_entry_they_describe():
    caveats = REGISTRY["als19-gd"].caveats  # the paper's own caveats, shared by its five entries
    for theorem in REGISTRY.values():
        assert (caveats in theorem.caveats) == theorem.key.startswith("als19-")
    assert "1811.04918" in caveats
    assert all("existence" in t.caveats for t in REGISTRY.values() if t.kind == "existence")


def test_labels_are_derived_never_typed():
    with pytest.raises(TypeError):
        type(REGISTRY["als19-gd"])(**{**_fields(REGISTRY["als19-gd"]), "status": "stated"})


def _fields(theorem):
    import dataclasses

    return {f.name: getattr(theorem, f.name) for f in dataclasses.fields(theorem)}


def test_explain_json_carries_evidence_version_and_citation():
    data = theorem_dict(REGISTRY["du19-2layer"])
    assert data["version"] == "arXiv:1810.02054 v2 (ICLR 2019)" and data["citation"] == "du2019gradient"
    iterations = next(q for q in data["quantities"] if q["name"] == "iterations")
    assert iterations["evidence"]["read_in"] == "derivation" and iterations["evidence"]["text"] == "rate"
    width = next(q for q in data["quantities"] if q["name"] == "width")
    assert width["evidence"]["where"].startswith("Theorem 4.1") and "λ0^4 δ^3" in width["evidence"]["quote"]


@pytest.mark.parametrize("key", list(REGISTRY))
def test_explain_json_quotes_every_stated_or_restated_formula(cli, key):
    """Every stated or restated formula or factor shows its quote, its place and the text it was read in."""
    code, out, _ = cli("explain", key, "--format", "json")
    assert code == 0
    shown = json.loads(out)
    readings = [shown["evidence"]]
    for quantity in shown["quantities"]:
        readings += [quantity["evidence"], *quantity["factor_evidence"].values()]
    for reading in readings:
        if reading["status"] in ("stated", "restated"):
            assert reading["quote"] and reading["where"] and reading["text"], (key, reading)


def test_compare_prints_no_number_for_a_placeholder_and_names_what_it_needs(cli):
    code, out, _ = cli("compare", "--n", "1000", "--L", "10", "--format", "json")
    records = {r["theorem"]: r for r in json.loads(out)["results"]}
    assert code == 0
    for theorem in REGISTRY.values():
        for quantity in theorem.quantities:
            cell = records.get(theorem.key, {}).get(quantity.name)
            if cell is None:
                continue
            if quantity.missing:
                assert "log10" not in cell and ("--exp" in cell["incomplete"] or "--log-power" in cell["incomplete"])
            elif quantity.order_only:  # evaluated (where its inputs are given), with what it leaves out named
                assert "log10" in cell or "needs" in cell, (theorem.key, cell)
                assert "log10" not in cell or cell["leaves_out"] == quantity.order_only, (theorem.key, cell)
            if "log10" in cell:
                assert cell["order_symbol"] == quantity.order
    assert records["zou19"]["width"] == {"incomplete": "the δ exponent (--exp zou19.width.delta=…)"}
    code, text, _ = cli("compare", "--n", "1000", "--L", "10")
    zou = next(line for line in text.splitlines() if line.startswith("zou19"))
    assert "needs exponent" in zou and "×" not in zou and "zou19.width.delta" in text


def test_a_supplied_exponent_or_orders_gives_a_value_marked_as_such(cli):
    code, out, _ = cli(
        "compare", "--n", "1000", "--L", "10", "--theorem", "zou19,nguyen21", "--format", "json",
        "--exp", "zou19.width.delta=-2", "--orders",
    )  # fmt: skip
    records = {r["theorem"]: r for r in json.loads(out)["results"]}
    assert code == 0 and records["zou19"]["width"]["log10"] == pytest.approx(38.0)  # n^8 L^12 δ^-2, δ = 1/L
    assert records["nguyen21"]["width"]["leaves_out"] and records["nguyen21"]["width"]["log10"] == 3.0
    code, _, err = cli("compare", "--n", "10", "--exp", "nosuch.width.n=1")
    assert code == 2 and "start with the key of a theorem shown" in err


def test_each_row_says_which_inputs_it_read(cli):
    code, out, _ = cli("compare", "--n", "100", "--L", "3", "--lambda0", "0.1", "--eps-res", "0.1", "--format", "json")
    records = {r["theorem"]: r for r in json.loads(out)["results"]}
    assert records["arora19"]["reads"]["eps_res"] == "given" and "eps" not in records["arora19"]["reads"]
    assert "eps_res" not in records["als19-gd"]["reads"] and records["als19-gd"]["reads"]["eps"] == "default: 1e-3"
    assert "lambda0" not in records["du19-deep"]["reads"]  # H∞'s λ0 is not fed to K^(H)'s row


def test_the_generated_catalogue_page_is_current():
    from pathlib import Path

    from boundcalc.render.catalogue import CATALOGUE_PAGE, catalogue_markdown

    page = Path(__file__).resolve().parents[2] / CATALOGUE_PAGE
    assert page.read_text(encoding="utf-8") == catalogue_markdown(), "stale: run `make tables`"
    for key in REGISTRY:
        assert f"## `{key}`" in page.read_text(encoding="utf-8")


def test_a_bound_file_names_what_a_restated_or_derived_formula_was_read_in(cli, tmp_path):
    path = tmp_path / "mine.toml"
    body = '[[theorem]]\nkey = "mine"\npaper = "Me"\nstatus = "{}"\nsource = "arXiv"\n{}[theorem.quantities]\nwidth = "n^2"\n'
    path.write_text(body.format("restated", ""))
    code, _, err = cli("explain", "mine", "--bound-file", str(path))
    assert code == 2 and "read_in" in err
    path.write_text(body.format("restated", 'read_in = "Smith 2026, Table 2"\nversion = "v2"\n'))
    code, out, _ = cli("explain", "mine", "--bound-file", str(path), "--format", "json")
    shown = json.loads(out)
    assert code == 0 and shown["status"] == "restated" and shown["version"] == "v2"
    assert shown["evidence"] == {
        "read_in": "restatement",
        "text": "Smith 2026, Table 2",
        "where": "",
        "quote": "",
        "status": "restated",
    }
