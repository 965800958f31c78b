"""The escaping boundary: every string on its way into LaTeX, Markdown, HTML or a terminal passes one of these.

Text from outside boundcalc's own code (bound files, data-file names, store settings, options) is
hostile, and boundcalc's own text carries Unicode (δ, ≥, Ω̃, …) that a format must show faithfully. One
function per format, public and stable, so every writer (tables, the catalogue page, plots) shares it:

- ``latex_text`` — LaTeX text mode: every special escaped, every line break and control character
  a space, Unicode through one mapping (Greek and symbols as math, accents as accent commands,
  ``x^2`` as a superscript); a character pdflatex cannot typeset is an ``InputError``,
  never a placeholder.
- ``latex_comment`` — the rest of a ``%`` line: no character can end the comment.
- ``markdown_text`` — CommonMark/GFM inline text: HTML as entities, Markdown punctuation escaped
  (``|`` included, so a table row keeps its cells), links and autolinks inert, one line.
- ``html_text`` — HTML text: entities, control characters shown.
- ``terminal_text`` — plain text for a terminal or file: control characters (ESC, bidirectional
  overrides, ...) shown as ``\\x1b``, ``\\u202e``, never emitted.

>>> latex_text("n^24 · δ^-8 ≥ 50% of {x}")
'n$^{24}$ $\\\\cdot$ $\\\\delta^{-8}$ $\\\\geq$ 50\\\\% of \\\\{x\\\\}'
>>> markdown_text("<b>a | b</b>")
'&lt;b&gt;a \\\\| b&lt;/b&gt;'
>>> terminal_text("red\\x1b[31m")
'red\\\\x1b[31m'
"""

from __future__ import annotations

import html
import re
import unicodedata

from boundcalc.errors import InputError

__all__ = ["html_text", "latex_comment", "latex_text", "markdown_text", "terminal_text", "typesets"]

# ---------------------------------------------------------------------------------------------------
# LaTeX: one mapping from Unicode to LaTeX, text pieces and math pieces kept apart so adjacent math merges

_TEXT_SPECIALS = {
    "\\": r"\textbackslash{}",
    "_": r"\_",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\^{}",  # a lone caret; x^2 is a superscript (see _EXPONENT)
    '"': "''",  # OT1 has no straight double quote
}
# in text mode under OT1 these print as other glyphs (¡, ¿, —): math has them
_MATH_ASCII = {"<": "<", ">": ">", "|": "|"}
_LIGATURE_STARTS = set("-`',!?")  # -- --- `` '' ,, !` ?` would fuse into one glyph

_TEXT_UNICODE = {
    "\u00a0": "~",
    "–": "--",
    "—": "---",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
    "…": r"\dots{}",
    "ß": r"{\ss}",
    "ø": r"{\o}",
    "Ø": r"{\O}",
    "æ": r"{\ae}",
    "Æ": r"{\AE}",
    "œ": r"{\oe}",
    "Œ": r"{\OE}",
    "å": r"{\aa}",
    "Å": r"{\AA}",
    "ł": r"{\l}",
    "Ł": r"{\L}",
    "ı": r"{\i}",
    "¡": r"{!`}",
    "¿": r"{?`}",
    "§": r"{\S}",
    "¶": r"{\P}",
    "©": r"{\copyright}",
    "£": r"{\pounds}",
    "†": r"{\dag}",
    "‡": r"{\ddag}",
}
_MATH_UNICODE = {
    "≥": r"\geq",
    "≤": r"\leq",
    "≠": r"\neq",
    "≈": r"\approx",
    "≃": r"\simeq",
    "≍": r"\asymp",
    "≲": r"\lesssim",
    "≳": r"\gtrsim",
    "∼": r"\sim",
    "≪": r"\ll",
    "≫": r"\gg",
    "≡": r"\equiv",
    "∝": r"\propto",
    "×": r"\times",
    "·": r"\cdot",
    "⋅": r"\cdot",
    "∗": r"\ast",
    "−": "-",
    "±": r"\pm",
    "∓": r"\mp",
    "÷": r"\div",
    "‖": r"\|",
    "→": r"\to",
    "←": r"\leftarrow",
    "↦": r"\mapsto",
    "⇒": r"\Rightarrow",
    "⇔": r"\Leftrightarrow",
    "√": r"\surd",
    "∈": r"\in",
    "∉": r"\notin",
    "⊂": r"\subset",
    "⊆": r"\subseteq",
    "∪": r"\cup",
    "∩": r"\cap",
    "∀": r"\forall",
    "∃": r"\exists",
    "∂": r"\partial",
    "∇": r"\nabla",
    "∑": r"\sum",
    "∏": r"\prod",
    "∫": r"\int",
    "∞": r"\infty",
    "∘": r"\circ",
    "⊗": r"\otimes",
    "⊕": r"\oplus",
    "⌈": r"\lceil",
    "⌉": r"\rceil",
    "⌊": r"\lfloor",
    "⌋": r"\rfloor",
    "⟨": r"\langle",
    "⟩": r"\rangle",
    "°": r"^\circ",
    "•": r"\bullet",
    "′": "'",
    "″": "''",
    "ℓ": r"\ell",
    "µ": r"\mu",
    "½": r"\frac12",
    "¼": r"\frac14",
    "¾": r"\frac34",
    "¬": r"\neg",
    "∧": r"\wedge",
    "∨": r"\vee",
}
_GREEK_SMALL = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lamda mu nu xi pi rho sigma tau upsilon phi chi psi omega"
)
for _name in _GREEK_SMALL.split():
    _command = {"lamda": "lambda", "epsilon": "varepsilon", "phi": "varphi"}.get(_name, _name)
    _MATH_UNICODE[unicodedata.lookup(f"GREEK SMALL LETTER {_name.upper()}")] = "\\" + _command
_MATH_UNICODE.update({"ϵ": r"\epsilon", "ϕ": r"\phi", "ς": r"\varsigma", "ϑ": r"\vartheta"})
for _name in "Gamma Delta Theta Lamda Xi Pi Sigma Upsilon Phi Psi Omega".split():
    _MATH_UNICODE[unicodedata.lookup(f"GREEK CAPITAL LETTER {_name.upper()}")] = "\\" + _name.replace("Lamda", "Lambda")
# capital Greek letters that look Latin have no command of their own
_GREEK_LATIN = {"Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N"}
_GREEK_LATIN.update({"Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X", "Υ": r"\Upsilon"})
_MATH_UNICODE.update({k: r"\mathrm{" + v + "}" if len(v) == 1 else v for k, v in _GREEK_LATIN.items()})

_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵗᵀ", "0123456789+-=()nitT"))
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", "0123456789+-=()"))

_TEXT_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0327": "c",
    "\u0331": "b",
}
_MATH_ACCENTS = {
    "\u0300": r"\grave",
    "\u0301": r"\acute",
    "\u0302": r"\hat",
    "\u0303": r"\tilde",
    "\u0304": r"\bar",
    "\u0305": r"\bar",
    "\u0306": r"\breve",
    "\u0307": r"\dot",
    "\u0308": r"\ddot",
    "\u030c": r"\check",
    "\u20d7": r"\vec",
}
_ORDERS = {"O\u0303": r"\tilde{O}", "Õ": r"\tilde{O}"}  # Õ is an order of growth, not an accented letter

# x^24, δ^-8, m^(1/2), 2^{L}: a caret and its exponent become a superscript
_EXPONENT = re.compile(r"\^(\{[^{}^]{1,40}\}|\([^()^]{1,40}\)|[-+]?[0-9A-Za-z.?/]{1,40}|[-+]?[^\x00-\x7f])")
_EXPONENT_TEXT = re.compile(r"[-+0-9A-Za-z./?() ,·−]+")


class _Pieces:
    """LaTeX built as alternating text and math pieces; adjacent math pieces share one $…$."""

    def __init__(self) -> None:
        self.out: list[tuple[bool, str]] = []

    def text(self, latex: str) -> None:
        self.out.append((False, latex))

    def math(self, latex: str) -> None:
        self.out.append((True, latex))

    def join(self) -> str:
        parts: list[str] = []
        in_math = False
        for math, latex in self.out:
            if math != in_math:
                parts.append("$")
                in_math = math
            elif math and latex[:1].isalpha() and parts[-1][-1:].isalpha() and parts[-1][:1] == "\\":
                parts.append(" ")  # \delta followed by a letter would make \deltax
            elif math and latex[:1] in "^_" and parts[-1][:1] in "^_":
                parts.append("{}")  # x^2^3: a second script on an empty group, not a double superscript
            parts.append(latex)
        if in_math:
            parts.append("$")
        return "".join(parts)


def _math_of(character: str) -> str | None:
    """A character as math where it is math: a Greek letter, a relation, an operator, a digit or letter."""
    if character in _MATH_UNICODE:
        return _MATH_UNICODE[character]
    if character.isascii() and (character.isalnum() or character in "+-=/.,()[]<>|?!:;'*"):
        return character
    return None


def _exponent_latex(text: str) -> str | None:
    """The inside of a superscript in math, or None where it is not plain exponent text."""
    if text[:1] in "{(" and text[-1:] in "})":
        inner = text[1:-1]
        text = inner if text[0] == "{" else text
    out = []
    for character in text:
        math = _math_of(character)
        if math is None:
            if character == " ":
                out.append(r"\,")
                continue
            return None
        out.append(math + (" " if math.startswith("\\") and math[-1].isalpha() else ""))
    return "".join(out).strip()


def _untypesettable(character: str) -> InputError:
    codes = " ".join(f"U+{ord(c):04X}" for c in character)
    name = " + ".join(unicodedata.name(c, "no Unicode name") for c in character)
    return InputError(
        f"character {character!r} ({codes}, {name}) has no LaTeX form pdflatex can typeset; "
        "write it in ASCII or in LaTeX-free words"
    )


def _accented(base: str, marks: str, pieces: _Pieces) -> None:
    math = _math_of(base) if not base.isascii() or not base.isalpha() else None
    if math is not None and all(m in _MATH_ACCENTS for m in marks):
        for mark in marks:
            math = f"{_MATH_ACCENTS[mark]}{{{math}}}"
        pieces.math(math)
        return
    if base.isascii() and base.isalpha() and all(m in _TEXT_ACCENTS for m in marks):
        latex = r"{\i}" if base == "i" else base
        for mark in marks:
            latex = f"\\{_TEXT_ACCENTS[mark]}{{{latex}}}"
        pieces.text("{" + latex + "}")
        return
    raise _untypesettable(base + marks)


def _character(character: str, following: str, pieces: _Pieces) -> None:
    if character in _TEXT_SPECIALS:
        pieces.text(_TEXT_SPECIALS[character])
    elif character in _MATH_ASCII:
        pieces.math(_MATH_ASCII[character])
    elif character.isascii() and character.isprintable():
        pieces.text(character + ("{}" if character in _LIGATURE_STARTS and following in _LIGATURE_STARTS else ""))
    elif character in _TEXT_UNICODE:
        pieces.text(_TEXT_UNICODE[character])
    elif character in _MATH_UNICODE:
        pieces.math(_MATH_UNICODE[character])
    elif unicodedata.category(character)[0] in "CZ":  # controls, line breaks, format characters, spaces
        pieces.text(" ")
    else:
        decomposed = unicodedata.normalize("NFD", character)
        if len(decomposed) > 1:
            _accented(decomposed[0], decomposed[1:], pieces)
        else:
            raise _untypesettable(character)


def _script_run(source: str, index: int) -> tuple[str, int] | None:
    """A run of Unicode superscripts (or subscripts) from ``index`` as one LaTeX script, and its end."""
    for scripts, mark in ((_SUPERSCRIPTS, "^"), (_SUBSCRIPTS, "_")):
        end = index
        while end < len(source) and source[end] in scripts:
            end += 1
        if end > index:
            return mark + "{" + "".join(scripts[c] for c in source[index:end]) + "}", end
    return None


def latex_text(text: object) -> str:
    """Any text made inert and typesettable in LaTeX text mode (pdflatex, OT1 or T1, no package needed).

    Specials are escaped; a line break or control character is a space (the text stays in its
    paragraph, and a ``%`` comment cannot be ended by it); Greek, relations and operators are math;
    ``x^2`` is a superscript; accented Latin letters are accent commands. A character with no LaTeX
    form (CJK, emoji, ...) raises ``InputError``: no placeholder reaches a paper.

    Args:
        text: The text, or any object (its ``str``).

    Returns:
        LaTeX that typesets as the text and runs no command of its own.

    Raises:
        InputError: A character has no LaTeX form.

    Examples:
        >>> latex_text("Póczos & Ω̃(n^6) > 1024 -- 50%")
        "P{\\\\'{o}}czos \\\\& $\\\\tilde{\\\\Omega}$(n$^{6}$) $>$ 1024 -{}- 50\\\\%"
    """
    source = unicodedata.normalize("NFC", str(text))
    pieces = _Pieces()
    index = 0
    while index < len(source):
        character = source[index]
        for order, latex in _ORDERS.items():
            if source.startswith(order, index):
                pieces.math(latex)
                index += len(order)
                break
        else:
            script = _script_run(source, index)
            if script is not None:  # δ⁻¹ is one superscript, -1
                pieces.math(script[0])
                index = script[1]
                continue
            if character == "^":
                match = _EXPONENT.match(source, index)
                exponent = _exponent_latex(match.group(1)) if match else None
                if match and exponent is not None:
                    pieces.math("^{" + exponent + "}")
                    index = match.end()
                    continue
            marks = ""
            while index + 1 + len(marks) < len(source) and unicodedata.combining(source[index + 1 + len(marks)]):
                marks += source[index + 1 + len(marks)]
            if marks:
                _accented(character, marks, pieces)
                index += 1 + len(marks)
                continue
            following = source[index + 1] if index + 1 < len(source) else ""
            _character(character, following, pieces)
            index += 1
    return pieces.join()


def mathjax_text(text: str) -> str:
    r"""Text made safe inside ``\text{…}`` of MathJax (a notebook's LaTeX): letters, digits and plain
    punctuation only, since MathJax has no escapes to rely on.

    >>> mathjax_text(r"step_size {\input x} $y$")
    'step size input x y'
    """
    kept = "".join(c if c.isalnum() or c in " .,:;()/'+-" else " " for c in text)
    return " ".join(kept.split())


def typesets(text: str) -> bool:
    """Whether ``latex_text`` can write every character of ``text``."""
    try:
        latex_text(text)
    except InputError:
        return False
    return True


def latex_comment(text: object) -> str:
    """Text for the rest of a ``%`` comment line: every line break, control and format character a
    space, so nothing after it can become live TeX (TeX ends a line at LF, CR and, in some engines,
    at FF, VT, NEL, U+2028 and U+2029)."""
    return "".join(
        " " if unicodedata.category(c)[0] in "CZ" and c != " " else c for c in unicodedata.normalize("NFC", str(text))
    ).strip()


# ---------------------------------------------------------------------------------------------------
# Markdown, HTML, terminal


def _shown(character: str) -> str:
    """A control or format character written out, so it is seen and not acted on."""
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _visible(text: str, keep: str = "") -> str:
    return "".join(
        _shown(c) if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn") and c not in keep else c
        for c in text
    )


def terminal_text(text: object, multiline: bool = False) -> str:
    """Text safe to print: ESC, BEL, backspace, carriage return, bidirectional overrides and every other
    control or format character shown as an escape (``\\x1b``), never emitted; newlines too, unless
    ``multiline``.

    >>> terminal_text("a\\tb\\u202ec")
    'a\\\\x09b\\\\u202ec'
    """
    return _visible(str(text), "\n" if multiline else "")


# what can open emphasis, code, a link, a cell, strikethrough, math (GitHub) or an e-mail autolink; ( ) !
# and ^ act only after an escaped [ or ], # only at a line's start
_MARKDOWN_PUNCTUATION = set("\\`*_[]|~$@")


def markdown_text(text: object) -> str:
    """Text inert in CommonMark and GitHub Markdown, on one line (a table cell stays one cell).

    HTML becomes entities (no element, no comment, no entity of the input survives), every Markdown
    punctuation mark is backslash-escaped, ``|`` included, and ``://``, ``www.`` and ``@`` are escaped so
    neither a link nor an autolink (``[x](javascript:…)``, ``https://…``) becomes live; control characters are shown.

    >>> markdown_text("[x](javascript:alert(1)) | *y*")
    '\\\\[x\\\\](javascript:alert(1)) \\\\| \\\\*y\\\\*'
    """
    flat = " ".join(_visible(str(text).replace("\r", " ").replace("\n", " ")).split())
    out = []
    for index, character in enumerate(flat):
        if character == "&":
            out.append("&amp;")
        elif character == "<":
            out.append("&lt;")
        elif character == ">":
            out.append("&gt;")
        elif character in _MARKDOWN_PUNCTUATION or (character == ":" and flat[index + 1 : index + 2] == "/"):
            out.append("\\" + character)  # "https\\://" and "www\\." are no autolinks
        elif character == "." and flat[max(0, index - 3) : index].lower() == "www":
            out.append("\\.")
        else:
            out.append(character)
    return "".join(out)


def html_text(text: object) -> str:
    """Text inert in HTML (element content or a quoted attribute), control characters shown.

    >>> html_text('<img src=x onerror="a()">')
    '&lt;img src=x onerror=&quot;a()&quot;&gt;'
    """
    return html.escape(_visible(str(text)), quote=True)
