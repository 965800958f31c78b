"""Text made inert for LaTeX: specials escaped, common Unicode symbols in math mode."""

from __future__ import annotations

import re
import unicodedata

_TILDE = "\u0303"  # a combining tilde: Ω̃ and Õ, the orders that hide a polylog
_UNICODE_LATEX = {
    "δ": r"$\delta$",
    "ε": r"$\varepsilon$",
    "η": r"$\eta$",
    "ω": r"$\omega$",
    "λ": r"$\lambda$",
    "γ": r"$\gamma$",
    "ρ": r"$\rho$",
    "φ": r"$\varphi$",
    "σ": r"$\sigma$",
    "κ": r"$\kappa$",
    "Ω": r"$\Omega$",
    "Θ": r"$\Theta$",
    "≥": r"$\geq$",
    "≤": r"$\leq$",
    "×": r"$\times$",
    "−": "-",
    "·": r"$\cdot$",
    "‖": r"$\|$",
    "→": r"$\to$",
    "←": r"$\leftarrow$",
    "√": r"$\surd$",
    "∈": r"$\in$",
    "∞": r"$\infty$",
    "≈": r"$\approx$",
    "²": r"$^2$",
    "³": r"$^3$",
    "⁻": r"$^-$",
    "¹": r"$^1$",
    "⁰": r"$^0$",
    "∘": r"$\circ$",
    "Σ": r"$\Sigma$",
    "½": r"$\frac12$",
    "–": "--",
    "—": "---",
    _TILDE: "",
    "⁽": "(",
    "⁾": ")",
    "ᵗ": "t",
}
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "_": r"\_",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


_COMBINED = {"Ω" + _TILDE: r"$\tilde{\Omega}$", "O" + _TILDE: r"$\tilde{O}$"}


def latex_escape(text: str) -> str:
    """User or catalogue text made safe for LaTeX: specials escaped, common symbols in math mode."""
    pieces = re.split("(" + "|".join(_COMBINED) + ")", str(text))
    return "".join(
        _COMBINED[piece]
        if piece in _COMBINED
        else "".join(_LATEX_SPECIALS.get(c, _UNICODE_LATEX.get(c, _inert(c))) for c in piece)
        for piece in pieces
    )


def _inert(character: str) -> str:
    """Line breaks and control characters become spaces: a caption stays one paragraph of text."""
    return " " if unicodedata.category(character) in ("Cc", "Zl", "Zp") else character
