"""Text made inert for LaTeX: specials escaped, common Unicode symbols in math mode."""

from __future__ import annotations

import unicodedata

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
    "̃": "",
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


def latex_escape(text: str) -> str:
    """User or catalogue text made safe for LaTeX: specials escaped, common symbols in math mode."""
    return "".join(_LATEX_SPECIALS.get(c) or _UNICODE_LATEX.get(c) or _inert(c) for c in str(text))


def _inert(character: str) -> str:
    """Line breaks and control characters become spaces: a caption stays one paragraph of text."""
    return " " if unicodedata.category(character) in ("Cc", "Zl", "Zp") else character
