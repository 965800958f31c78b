"""The catalogue as data: one module per source or family of sources, each entry with its evidence.

Every exponent, status label and source follows ../shared/LITERATURE.md; change one only with a
source in hand. Symbols: λ0 of the kernel each entry names (they differ!), p the failure
probability (never the separation δ), γ a margin, κ an initialisation scale.
"""

from __future__ import annotations

from boundcalc.theory.sources import allen_zhu_li_song, classification, deep, limits, two_layer

ALL_THEOREMS = (
    *allen_zhu_li_song.THEOREMS,
    *two_layer.THEOREMS,
    *deep.THEOREMS,
    *classification.THEOREMS,
    *limits.THEOREMS,
)
