"""The LaTeX escaper under its first name; the boundary itself lives in ``boundcalc.render.escape``."""

from __future__ import annotations

from boundcalc.render.escape import latex_comment, latex_text

latex_escape = latex_text  # the name boundcalc.tables has exported since 0.1

__all__ = ["latex_comment", "latex_escape", "latex_text"]
