"""The field's comparison tables, recorded row by row, are covered by the catalogue; the new rows evaluate
as their texts say."""

from __future__ import annotations

import json
import math

import pytest

from boundcalc import REGISTRY, width
from boundcalc.theory.coverage import coverage, published_tables


def test_every_recorded_row_has_an_entry():
    rows = coverage()
    missing = [(r.table.name, r.row.printed[0], r.row.entry) for r in rows if not r.encoded]
    assert missing == []
    assert {t.name for t in published_tables()} >= {"rolland22-table1", "song21-table1", "li25-table1"}
    assert len({r.row.entry for r in rows}) == 13  # the distinct results of the three tables


def test_a_row_naming_no_entry_is_reported(cli):
    """An entry taken out of the registry (a bound file cannot remove one, so coverage is asked directly)."""
    kept = type(REGISTRY)(t for key, t in REGISTRY.items() if key != "taheri25")
    missing = [r.row.entry for r in coverage(kept) if not r.encoded]
    assert missing == ["taheri25"]
    code, out, _ = cli("coverage", "--format", "json")
    assert code == 0 and all(record["encoded"] for record in json.loads(out))
    code, out, _ = cli("coverage")
    assert code == 0 and "0 without an entry" in out and "taheri25" in out


def test_taheri25_width_grows_with_the_depth_in_gammas_exponent(cli):
    """Ω̃(1/γ^{6L+4}) at L = 3, γ = 0.1, C = 1, logs as given: γ^−22 = 10^22."""
    assert width(theorem="taheri25", n=100, L=3, margin=0.1).log10 == pytest.approx(22.0, abs=1e-12)
    assert width(theorem="taheri25", n=100, L=8, margin=0.1).log10 == pytest.approx(52.0, abs=1e-12)
    code, out, _ = cli("explain", "taheri25", "--format", "json")
    quantity = json.loads(out)["quantities"][0]
    assert code == 0 and "6L" in quantity["formula"] and r"\gamma^{6L + 4}" in quantity["formula_latex"]


def test_rolland22_regimes_follow_from_the_batch_size():
    """d₀d₁ ≃ Ω̃(n²/√b): Ω̃(n^{3/2}) when b is of order n, Ω̃(n²) when b is a constant."""
    from boundcalc import evaluate

    n = 10**6
    assert evaluate("rolland22", "parameters", n=n, b=n).log10 == pytest.approx(9.0, abs=1e-12)
    assert evaluate("rolland22", "parameters", n=n, b=1).log10 == pytest.approx(12.0, abs=1e-12)
    assert width(theorem="rolland22", n=n, b=n, d_in=1000).log10 == pytest.approx(math.log10(1e9 / 1000), abs=1e-9)


def test_lei26_asks_for_the_log_power_its_tilde_hides(cli):
    code, _, err = cli("width", "--theorem", "lei26", "--margin", "0.1", "--n", "100")
    assert code == 2 and "--log-power" in err
