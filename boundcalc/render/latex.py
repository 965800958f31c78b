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
_GREEK = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon phi chi psi omega"
for _name in _GREEK.split():
    _UNICODE_LATEX.setdefault(
        unicodedata.lookup(f"GREEK SMALL LETTER {_name.upper().replace('LAMBDA', 'LAMDA')}"), rf"$\{_name}$"
    )
for _name in "Gamma Delta Lambda Xi Pi Sigma Upsilon Phi Psi".split():
    _UNICODE_LATEX.setdefault(
        unicodedata.lookup(f"GREEK CAPITAL LETTER {_name.upper().replace('LAMBDA', 'LAMDA')}"), rf"$\{_name}$"
    )
_UNICODE_LATEX.update(
    {
        "∝": r"$\propto$",
        "≲": r"$\lesssim$",
        "≳": r"$\gtrsim$",
        "⌈": r"$\lceil$",
        "⌉": r"$\rceil$",
        "∇": r"$\nabla$",
        "∑": r"$\sum$",
        "ᵀ": r"$^T$",
        "⁴": r"$^4$",
        "⁵": r"$^5$",
        "⁶": r"$^6$",
        "⁸": r"$^8$",
        "ℓ": r"$\ell$",
        "̆": "",
    }
)
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
    """Line breaks and control characters become spaces: a caption stays one paragraph of text. A
    character pdflatex has no glyph for (beyond Latin) is written as its code point, so it compiles."""
    if unicodedata.category(character) in ("Cc", "Zl", "Zp", "Cf", "Co", "Cs", "Cn"):
        return " "
    if ord(character) > 0x17F:
        return f"[U+{ord(character):04X}]"
    return character
