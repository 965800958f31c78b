"""The study's committed tables quote the theorem as the registry holds it, not as typed by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from boundcalc.study.theorem import THEOREM
from boundcalc.theory.notation import body_text
from boundcalc.theory.registry import REGISTRY

STUDY = Path(__file__).resolve().parents[2] / "tables" / "study"


@pytest.mark.skipif(not (STUDY / "steps.md").exists(), reason="no study tables in this checkout")
def test_the_steps_table_gives_theorem_1s_step_as_encoded():
    step = body_text(REGISTRY[THEOREM].quantity("step_size"))
    assert "d · δ" in step  # the factor d the hand-typed note once dropped
    assert f"Theorem 1's step η (∝ {step})" in (STUDY / "steps.md").read_text(encoding="utf-8")
